package jwt

import "errors"

// Every error returned by [Verifier.Verify], [Verifier.VerifyPayload],
// [VerifyAs] and [ParseUnverified] matches one of the category errors below
// with [errors.Is], and only one, except that an expected "iss", "aud" or
// "sub" that is absent also matches [ErrMissingClaim]. Details follow the
// category in the message; they never repeat values taken from the token.
var (
	// ErrTooLarge is returned for a token longer than the verifier's size
	// limit (see [WithMaxTokenSize]). Nothing is decoded before this check.
	ErrTooLarge = errors.New("jwt: token too large")

	// ErrMalformed is returned for a token that is not a well-formed compact
	// JWS: not three segments, a segment that is not strict base64url, a
	// header or payload that is not a JSON object, invalid UTF-8, duplicate
	// member names or names that differ only by case, JSON nested too deep,
	// a header member of the wrong type, a malformed "crit" list, and the
	// "zip" and "b64" header parameters, which a JWT must not use.
	ErrMalformed = errors.New("jwt: malformed token")

	// ErrAlgorithm is returned when the "alg" header is not the algorithm of
	// the key chosen to verify the token. "none" is always refused this way.
	ErrAlgorithm = errors.New("jwt: algorithm not allowed")

	// ErrKeyNotFound is returned when the [KeySource] has no key for the
	// token's header, or could not get one.
	ErrKeyNotFound = errors.New("jwt: key not found")

	// ErrCritical is returned when the "crit" header names an extension the
	// verifier was not told it understands (see [WithCritical]).
	ErrCritical = errors.New("jwt: unsupported critical header")

	// ErrType is returned when the "typ" header differs from the type the
	// verifier requires (see [WithType]), or is absent.
	ErrType = errors.New("jwt: token type mismatch")

	// ErrSignature is returned when the signature does not verify. Nothing
	// in the payload has been read when it is returned.
	ErrSignature = errors.New("jwt: signature invalid")

	// ErrInvalidClaim is returned for a claim of the wrong JSON type or out
	// of range, such as "exp" given as a string, or a custom claim that does
	// not fit the destination's field.
	ErrInvalidClaim = errors.New("jwt: invalid claim")

	// ErrMissingClaim is returned when a claim the verifier requires is
	// absent. "exp" is required unless [AllowMissingExpiration] is given.
	ErrMissingClaim = errors.New("jwt: missing claim")

	// ErrExpired is returned when the current time is at or after "exp"
	// plus the leeway, or when the token is older than [WithMaxAge] allows.
	ErrExpired = errors.New("jwt: token expired")

	// ErrNotYetValid is returned when the current time is before "nbf"
	// minus the leeway.
	ErrNotYetValid = errors.New("jwt: token not yet valid")

	// ErrIssuedAt is returned when "iat" is later than the current time plus
	// the leeway and the verifier checks it ([WithIssuedAtCheck],
	// [WithMaxAge]).
	ErrIssuedAt = errors.New("jwt: token issued in the future")

	// ErrIssuer is returned when "iss" is not an expected issuer. When "iss"
	// is absent the error also matches [ErrMissingClaim].
	ErrIssuer = errors.New("jwt: issuer mismatch")

	// ErrAudience is returned when "aud" holds none of the expected
	// audiences. When "aud" is absent the error also matches
	// [ErrMissingClaim].
	ErrAudience = errors.New("jwt: audience mismatch")

	// ErrSubject is returned when "sub" is not the expected subject. When
	// "sub" is absent the error also matches [ErrMissingClaim].
	ErrSubject = errors.New("jwt: subject mismatch")

	// ErrInvalidArgument is returned for a mistake in the caller's code
	// rather than in a token: an invalid option given to [NewVerifier] or
	// [Sign], or a destination that is not a non-nil pointer.
	ErrInvalidArgument = errors.New("jwt: invalid argument")
)

// categories lists the category errors above.
var categories = []error{
	ErrTooLarge, ErrMalformed, ErrAlgorithm, ErrKeyNotFound, ErrCritical, ErrType,
	ErrSignature, ErrInvalidClaim, ErrMissingClaim, ErrExpired, ErrNotYetValid,
	ErrIssuedAt, ErrIssuer, ErrAudience, ErrSubject, ErrInvalidArgument,
}

// A ValidationError reports a claim that failed validation. It matches its
// category error (such as [ErrExpired]) with [errors.Is] and is reached with
// [errors.As]:
//
//	var ve *jwt.ValidationError
//	if errors.As(err, &ve) {
//		log.Printf("claim %s rejected: %s", ve.Claim, ve.Reason)
//	}
//
// Its fields never contain values taken from the token.
type ValidationError struct {
	// Claim is the name of the claim, such as "exp" or "aud", or the path
	// of a custom claim that did not fit the destination. It is empty when
	// the claim is not known.
	Claim string

	// Reason says what is wrong with the claim, in a few words.
	Reason string

	// category is the sentinel the error matches.
	category error

	// missing records that the claim is absent, so that the error matches
	// ErrMissingClaim as well as a value category such as ErrIssuer.
	missing bool
}

// Error returns the category's message followed by the claim and the reason.
func (e *ValidationError) Error() string {
	if e.Claim == "" {
		return e.category.Error() + ": " + e.Reason
	}
	return e.category.Error() + ": " + e.Claim + " " + e.Reason
}

// Unwrap returns the category error, such as [ErrExpired].
func (e *ValidationError) Unwrap() error { return e.category }

// Is reports whether target is [ErrMissingClaim] and the claim is absent.
// Matching the category itself goes through [ValidationError.Unwrap].
func (e *ValidationError) Is(target error) bool {
	return e.missing && target == ErrMissingClaim
}

func claimError(category error, claim, reason string) error {
	return &ValidationError{Claim: claim, Reason: reason, category: category}
}

// missingClaim reports an absent claim that a value check needed; the error
// matches both ErrMissingClaim and the value check's category.
func missingClaim(category error, claim string) error {
	return &ValidationError{
		Claim:    claim,
		Reason:   "is missing",
		category: category,
		missing:  true,
	}
}
