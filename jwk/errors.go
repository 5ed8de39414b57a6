package jwk

import (
	"errors"
	"fmt"
)

var (
	// ErrMalformed is returned for input that is not a well-formed JSON Web
	// Key or JWK Set: not a single JSON object, invalid UTF-8, duplicate
	// member names, a member of the wrong JSON type, a value that is not
	// strict unpadded base64url, a missing required member, or a member
	// that belongs to another key type. It is also returned for a JWK Set
	// that mixes public keys with private or secret ones or holds more
	// than 256 keys, and for PEM and DER input that cannot be decoded.
	ErrMalformed = errors.New("jwt/jwk: malformed key")

	// ErrUnsupported is returned for a well-formed key that this package
	// does not handle: an unknown "kty" or "crv", a multi-prime RSA key, an
	// RSA private key without its primes, or a PEM block of another kind.
	// [ParseSet] skips such keys rather than failing, as RFC 7517 §5 asks.
	ErrUnsupported = errors.New("jwt/jwk: unsupported key")

	// ErrFetch is returned by a [RemoteSet] that has no usable key set
	// because fetching one failed: a network error or timeout, an HTTP
	// status other than 200 or 304, a body over the size limit, or a body
	// that is not a JWK Set of public keys; or because its last good set
	// is older than the maximum staleness, or it is closed. The verifier
	// in package jwt reports it as a missing key, with this error as the
	// cause.
	ErrFetch = errors.New("jwt/jwk: cannot fetch key set")

	// ErrDiscovery is returned by [Discover] when the OpenID provider
	// configuration cannot be fetched or is not acceptable: its "issuer"
	// is not exactly the issuer asked for, or its "jwks_uri" is missing or
	// not an https URL.
	ErrDiscovery = errors.New("jwt/jwk: OpenID discovery failed")
)

// categoryError is an error of this package that belongs to a category
// defined in another package, such as jwt.ErrKeyNotFound or
// algorithms.ErrInvalidKey: its text starts with "jwt/jwk: " and it
// matches the category with errors.Is.
type categoryError struct {
	msg      string
	category error
}

// Error returns the message.
func (e *categoryError) Error() string { return e.msg }

// Unwrap returns the category, for errors.Is.
func (e *categoryError) Unwrap() error { return e.category }

// newError returns an error matching category whose text is "jwt/jwk: "
// followed by the formatted detail.
func newError(category error, format string, args ...any) error {
	return &categoryError{msg: "jwt/jwk: " + fmt.Sprintf(format, args...), category: category}
}

// malformed returns an error matching ErrMalformed with the formatted
// detail.
func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
}

// unsupported returns an error matching ErrUnsupported with the formatted
// detail.
func unsupported(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrUnsupported, fmt.Sprintf(format, args...))
}

// quote quotes a value read from a key for an error message, cut short so
// that a message stays readable whatever the input.
func quote(s string) string {
	const max = 24
	if len(s) > max {
		return fmt.Sprintf("%q...", s[:max])
	}
	return fmt.Sprintf("%q", s)
}
