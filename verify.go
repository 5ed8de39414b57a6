package jwt

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jotgo/jwt/algorithms"
)

// A KeySource finds the key that verifies a token. [Key] wraps a single
// key; package [github.com/jotgo/jwt/jwk] provides key sets and remote
// key sets.
//
// VerifierFor receives the token's header before the signature has been
// checked, so it must treat every member as untrusted: it may use "kid" and
// "alg" to choose among keys it already trusts, and must never fetch a key
// named by the token ("jku", "x5u", "jwk", "x5c"). It returns an error that
// matches [ErrKeyNotFound] when it has no key for the header. The verifier
// checks that the algorithm of the returned key is the header's "alg".
type KeySource interface {
	VerifierFor(ctx context.Context, h *Header) (algorithms.Verifier, error)
}

// An IssuerKeySource is a [KeySource] whose keys belong to one issuer, such
// as a key set found by OpenID discovery. A [Verifier] built on one accepts
// only tokens whose "iss" is that issuer ([RFC 8725] §3.8), and needs
// [WithAudience] (or [AllowAnyAudience]). The binding is found by a type
// assertion on the KeySource given to [NewVerifier]: a KeySource that wraps
// an IssuerKeySource must implement Issuer too, or the Verifier must be given
// [WithIssuer].
//
// [RFC 8725]: https://www.rfc-editor.org/rfc/rfc8725
type IssuerKeySource interface {
	KeySource
	Issuer() string
}

// Key returns a [KeySource] that verifies every token with v, whatever its
// "kid". Tokens whose "alg" is not v's algorithm are refused with
// [ErrAlgorithm].
func Key(v algorithms.Verifier) KeySource { return singleKey{v} }

type singleKey struct{ v algorithms.Verifier }

func (k singleKey) VerifierFor(_ context.Context, h *Header) (algorithms.Verifier, error) {
	if h.Algorithm() != k.v.Algorithm() {
		return nil, fmt.Errorf("%w: alg is not the key's algorithm", ErrAlgorithm)
	}
	return k.v, nil
}

// A Verifier verifies tokens with one [KeySource] and one set of rules. It
// is immutable once built and safe for concurrent use by many goroutines.
type Verifier struct {
	keys      KeySource
	issuers   []string
	audiences []string
	subject   string
	typ       string
	critical  []string
	leeway    time.Duration
	maxAge    time.Duration
	checkIAT  bool
	maxSize   int
	now       func() time.Time

	// required has the bits of the registered claims that must be present,
	// and extra the names of other claims that must be.
	required uint8
	extra    []string

	// checksClaims records options about claims, which VerifyPayload
	// cannot honour.
	checksClaims bool
}

// NewVerifier returns a [Verifier] that finds keys with keys and applies
// opts. With no options it requires "exp", allows no leeway, refuses tokens
// longer than [DefaultMaxTokenSize] and uses [time.Now]. It returns an error
// matching [ErrInvalidArgument] that names the offending option when the
// options do not make sense together.
func NewVerifier(keys KeySource, opts ...VerifierOption) (*Verifier, error) {
	if isNil(keys) {
		return nil, fmt.Errorf("%w: NewVerifier needs a KeySource", ErrInvalidArgument)
	}
	if k, ok := keys.(singleKey); ok && isNil(k.v) {
		return nil, fmt.Errorf("%w: Key needs a verifier", ErrInvalidArgument)
	}
	c := verifierConfig{maxSize: DefaultMaxTokenSize, now: time.Now}
	for _, opt := range opts {
		if opt != nil {
			opt(&c)
		}
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	if err := c.bindIssuer(keys); err != nil {
		return nil, err
	}
	return c.verifier(keys), nil
}

// isNil reports whether v is nil or holds a nil pointer, such as the
// result of a constructor whose error was ignored.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	p := reflect.ValueOf(v)
	return p.Kind() == reflect.Pointer && p.IsNil()
}

// Verify verifies token and decodes its claims into dst, and returns the
// verified [Token].
//
// dst is a non-nil pointer: to a struct, which should embed
// [RegisteredClaims] by value; to a [RegisteredClaims]; to a map[string]any
// or an any, which receive JSON numbers as [encoding/json.Number]; or to a
// pointer to one of those. It may also be nil, when only the registered
// claims are wanted. The registered claims of an embedded RegisteredClaims
// are copied from what was validated; everything else is decoded with the
// rules of encoding/json (numbers in struct fields of type any are
// float64). Fields that are strings, booleans, numbers or slices of them,
// with no decoding methods, are filled by this package itself, exactly as
// encoding/json would fill them; anything else goes to encoding/json.
// Where encoding/json might put the registered claims elsewhere
// (claims embedded twice or through a pointer, a field tagged "sub"), and
// for a type with its own UnmarshalJSON or UnmarshalText method,
// encoding/json decodes them too, from the same validated payload. On
// success *dst holds exactly the token's claims: a field the token does
// not set is zero, whatever it held before. On error *dst is untouched and
// the Token is nil. A panic in a method of dst's type that encoding/json
// calls is returned as an error matching [ErrInvalidArgument].
func (v *Verifier) Verify(ctx context.Context, token string, dst any) (*Token, error) {
	into, err := destinationOf(dst)
	if err != nil {
		return nil, err
	}
	t, err := v.verifySignature(ctx, token)
	if err != nil {
		return nil, err
	}
	cs, err := parseClaims(t, v.extra)
	if err != nil {
		return nil, err
	}
	if err := v.validate(&t.claims, &cs); err != nil {
		return nil, err
	}
	if err := into.fill(t, &cs); err != nil {
		return nil, err
	}
	return t, nil
}

// VerifyAs verifies token with v and returns its claims as a T, which is
// any type [Verifier.Verify] accepts a pointer to.
func VerifyAs[T any](ctx context.Context, v *Verifier, token string) (T, *Token, error) {
	var claims T
	t, err := v.Verify(ctx, token, &claims)
	if err != nil {
		var zero T
		return zero, nil, err
	}
	return claims, t, nil
}

// VerifyPayload verifies the signature of a compact JWS whose payload need
// not be a JWT, and returns the token and a copy of its payload. The header
// rules of [Verifier.Verify] apply; claims are neither read nor validated,
// so the token's Claims are zero, and no "exp" is required.
//
// A Verifier built with options about claims (issuer, audience, subject,
// required claims, maximum age, the iat check, or an [IssuerKeySource])
// refuses to verify payloads with [ErrInvalidArgument]: such a Verifier is
// meant for JWTs, and a payload it accepted would have skipped those
// checks. Build a separate Verifier for payloads.
func (v *Verifier) VerifyPayload(ctx context.Context, token string) (*Token, []byte, error) {
	if v.checksClaims {
		return nil, nil, fmt.Errorf("%w: VerifyPayload on a Verifier with claim options",
			ErrInvalidArgument)
	}
	t, err := v.verifySignature(ctx, token)
	if err != nil {
		return nil, nil, err
	}
	return t, []byte(t.payload), nil
}

// verifySignature runs the steps that come before the payload is read:
// size, segments, header, key and signature.
func (v *Verifier) verifySignature(ctx context.Context, token string) (*Token, error) {
	if len(token) > v.maxSize {
		return nil, ErrTooLarge
	}
	seg, err := split(token)
	if err != nil {
		return nil, err
	}
	t, sigErr, err := decodeSegments(seg)
	if err != nil {
		return nil, err
	}
	if err := v.checkHeader(&t.header); err != nil {
		return nil, err
	}
	if sigErr != nil {
		return nil, sigErr
	}
	key, err := v.keyFor(ctx, &t.header)
	if err != nil {
		return nil, err
	}
	// A Verifier takes byte slices: the signing input and the signature
	// are copied into a buffer that goes back to the pool afterwards.
	work := getWork()
	defer putWork(work)
	n := seg.signingInputLen()
	*work = append(append((*work)[:0], token[:n]...), t.sig...)
	if err := key.Verify((*work)[:n:n], (*work)[n:]); err != nil {
		return nil, ErrSignature
	}
	return t, nil
}

// workBuffers holds the buffers in which Verify copies the signing input and
// the signature for the Verifier, and Sign builds the token around the
// signing input it gives the Signer; neither may modify or keep them.
// sync.Pool keeps them per processor.
var workBuffers = sync.Pool{New: func() any { return new([]byte) }}

// maxWork is the capacity above which a work buffer is dropped rather than
// kept, so that one huge token does not pin its memory.
const maxWork = 64 << 10

func getWork() *[]byte { return workBuffers.Get().(*[]byte) }

func putWork(b *[]byte) {
	if cap(*b) > maxWork {
		return
	}
	*b = (*b)[:0]
	workBuffers.Put(b)
}

func (v *Verifier) checkHeader(h *Header) error {
	if strings.EqualFold(h.alg, "none") {
		return fmt.Errorf("%w: alg none", ErrAlgorithm)
	}
	if err := h.checkCritical(v.critical); err != nil {
		return err
	}
	if h.hasB64 {
		return fmt.Errorf("%w: header member b64 is not supported", ErrMalformed)
	}
	if h.hasZip {
		return fmt.Errorf("%w: header member zip is not allowed in a JWS", ErrMalformed)
	}
	if v.typ != "" && !typeMatches(h.typ, v.typ) {
		return fmt.Errorf("%w: typ is not the required type", ErrType)
	}
	return nil
}

// keyFor asks the key source for the header's key and pins the algorithm.
func (v *Verifier) keyFor(ctx context.Context, h *Header) (algorithms.Verifier, error) {
	key, err := v.keys.VerifierFor(ctx, h)
	if err != nil {
		return nil, keySourceError(err)
	}
	if key == nil {
		return nil, ErrKeyNotFound
	}
	if key.Algorithm() != h.alg {
		return nil, fmt.Errorf("%w: alg is not the key's algorithm", ErrAlgorithm)
	}
	return key, nil
}

// keySourceError gives an error from a KeySource a category: its own when
// it has one, else ErrKeyNotFound, with the cause kept for errors.Is (a
// caller may want to tell a timeout from an unknown key).
func keySourceError(err error) error {
	for _, category := range categories {
		if errors.Is(err, category) {
			return err
		}
	}
	return fmt.Errorf("%w: %w", ErrKeyNotFound, err)
}

// typeMatches compares a "typ" header with the required type, which has
// no "application/" prefix. Media types are case-insensitive, and RFC 7515
// §4.1.9 lets the prefix be left out.
func typeMatches(typ, want string) bool {
	return strings.EqualFold(trimApplication(typ), want)
}

func trimApplication(typ string) string {
	const prefix = "application/"
	if len(typ) >= len(prefix) && strings.EqualFold(typ[:len(prefix)], prefix) {
		return typ[len(prefix):]
	}
	return typ
}

// validate applies the verifier's rules to the registered claims, with
// the time read once.
func (v *Verifier) validate(c *RegisteredClaims, cs *claimSet) error {
	if err := v.checkRequired(cs); err != nil {
		return err
	}
	if err := v.checkTimes(c, cs.present, v.now()); err != nil {
		return err
	}
	return v.checkValues(c, cs.present)
}

func (v *Verifier) checkRequired(cs *claimSet) error {
	if missing := v.required &^ cs.present; missing != 0 {
		for i, name := range registeredNames {
			if missing&(1<<i) != 0 {
				return claimError(ErrMissingClaim, name, "is missing")
			}
		}
	}
	for i, name := range v.extra {
		if cs.extra&(1<<i) == 0 {
			return claimError(ErrMissingClaim, name, "is missing")
		}
	}
	return nil
}

// checkTimes compares exp, nbf and iat with now. RFC 7519 §4.1.4 makes a
// token expired at exp itself, and §4.1.5 valid at nbf itself.
func (v *Verifier) checkTimes(c *RegisteredClaims, present uint8, now time.Time) error {
	if present&hasExpiresAt != 0 && !now.Before(c.ExpiresAt.Add(v.leeway)) {
		return claimError(ErrExpired, "exp", "is in the past")
	}
	if present&hasNotBefore != 0 && now.Add(v.leeway).Before(c.NotBefore.Time) {
		return claimError(ErrNotYetValid, "nbf", "is in the future")
	}
	if present&hasIssuedAt == 0 {
		return nil
	}
	if v.checkIAT && c.IssuedAt.After(now.Add(v.leeway)) {
		return claimError(ErrIssuedAt, "iat", "is in the future")
	}
	if v.maxAge > 0 && now.Sub(c.IssuedAt.Time)-v.leeway > v.maxAge {
		return claimError(ErrExpired, "iat", "is older than the maximum age")
	}
	return nil
}

func (v *Verifier) checkValues(c *RegisteredClaims, present uint8) error {
	if len(v.issuers) > 0 {
		if present&hasIssuer == 0 {
			return missingClaim(ErrIssuer, "iss")
		}
		if !slices.Contains(v.issuers, c.Issuer) {
			return claimError(ErrIssuer, "iss", "is not an expected issuer")
		}
	}
	if len(v.audiences) > 0 {
		if present&hasAudience == 0 {
			return missingClaim(ErrAudience, "aud")
		}
		if !slices.ContainsFunc(v.audiences, c.Audience.Contains) {
			return claimError(ErrAudience, "aud", "names no expected audience")
		}
	}
	if v.subject != "" {
		if present&hasSubject == 0 {
			return missingClaim(ErrSubject, "sub")
		}
		if c.Subject != v.subject {
			return claimError(ErrSubject, "sub", "is not the expected subject")
		}
	}
	return nil
}
