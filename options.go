package jwt

import (
	"fmt"
	"slices"
	"time"
)

// A VerifierOption configures a [Verifier]. Options only record values;
// [NewVerifier] checks them together.
type VerifierOption func(*verifierConfig)

type verifierConfig struct {
	issuers     []string
	audiences   []string
	subject     *string
	typ         *string
	leeway      *time.Duration
	maxAge      *time.Duration
	maxSize     int
	now         func() time.Time
	required    []string
	critical    []string
	allowNoExp  bool
	anyAudience bool
	checkIAT    bool
	emptyLists  []string
	repeated    []string
	sizeGiven   bool
	clockGiven  bool
}

// WithIssuer requires the "iss" claim to be one of issuers. A token without
// "iss" is refused with an error matching both [ErrIssuer] and
// [ErrMissingClaim].
func WithIssuer(issuers ...string) VerifierOption {
	return func(c *verifierConfig) {
		c.list("WithIssuer", issuers)
		c.issuers = append(c.issuers, issuers...)
	}
}

// WithAudience requires the "aud" claim to contain at least one of
// audiences ([RFC 7519] §4.1.3). A token without "aud" is refused with an
// error matching both [ErrAudience] and [ErrMissingClaim].
func WithAudience(audiences ...string) VerifierOption {
	return func(c *verifierConfig) {
		c.list("WithAudience", audiences)
		c.audiences = append(c.audiences, audiences...)
	}
}

// WithSubject requires the "sub" claim to be sub.
func WithSubject(sub string) VerifierOption {
	return func(c *verifierConfig) {
		c.once("WithSubject", c.subject != nil)
		c.subject = &sub
	}
}

// WithType requires the "typ" header to be typ, such as "at+jwt" for OAuth
// access tokens ([RFC 9068]). The comparison ignores case and an
// "application/" prefix; a token without "typ" is refused with [ErrType].
//
// [RFC 9068]: https://www.rfc-editor.org/rfc/rfc9068
func WithType(typ string) VerifierOption {
	return func(c *verifierConfig) {
		c.once("WithType", c.typ != nil)
		c.typ = &typ
	}
}

// MaxLeeway is the largest leeway [WithLeeway] accepts: clocks that
// disagree by more than an hour need fixing, not a verifier that accepts
// tokens an hour after they expire. No verifier accepts a token later than
// MaxLeeway after its "exp", which bounds how long a revocation list must
// remember it.
const MaxLeeway = time.Hour

// WithLeeway allows for clock skew between the issuer and the verifier:
// "exp" and [WithMaxAge] are extended by d, and "nbf" and "iat" moved back
// by d. The default is no leeway; a minute or two is usual, and more than
// an hour is refused.
func WithLeeway(d time.Duration) VerifierOption {
	return func(c *verifierConfig) {
		c.once("WithLeeway", c.leeway != nil)
		c.leeway = &d
	}
}

// WithClock makes the verifier read the time from now instead of
// [time.Now]. It is meant for tests.
func WithClock(now func() time.Time) VerifierOption {
	return func(c *verifierConfig) {
		c.once("WithClock", c.clockGiven)
		c.clockGiven = true
		c.now = now
	}
}

// WithRequiredClaims requires the named claims to be present, registered
// ones such as "sub" or "jti" and custom ones alike.
func WithRequiredClaims(names ...string) VerifierOption {
	return func(c *verifierConfig) {
		c.list("WithRequiredClaims", names)
		c.required = append(c.required, names...)
	}
}

// AllowMissingExpiration lets tokens without an "exp" claim through. Such
// a token never expires: if it leaks, it stays usable until the key is
// rotated. An "exp" claim that is present is still checked.
func AllowMissingExpiration() VerifierOption {
	return func(c *verifierConfig) { c.allowNoExp = true }
}

// AllowAnyAudience lets a [Verifier] built on an [IssuerKeySource], such as
// an identity provider's key set, accept tokens whatever their "aud". Such
// a provider issues tokens for every application of the tenant: without an
// audience check, a token meant for another API, or an ID token, passes
// here too. [NewVerifier] refuses an issuer-bound key source without
// [WithAudience] unless this option is given.
func AllowAnyAudience() VerifierOption {
	return func(c *verifierConfig) { c.anyAudience = true }
}

// WithMaxAge requires the "iat" claim and refuses a token issued more than
// d ago with [ErrExpired], whatever its "exp" says, and one issued in the
// future with [ErrIssuedAt].
func WithMaxAge(d time.Duration) VerifierOption {
	return func(c *verifierConfig) {
		c.once("WithMaxAge", c.maxAge != nil)
		c.maxAge = &d
	}
}

// WithIssuedAtCheck refuses a token whose "iat" claim is in the future
// (beyond the leeway) with [ErrIssuedAt]. "iat" stays optional.
func WithIssuedAtCheck() VerifierOption {
	return func(c *verifierConfig) { c.checkIAT = true }
}

// WithMaxTokenSize sets the longest token, in bytes, that the verifier
// reads; longer ones are refused with [ErrTooLarge] before any decoding.
// The default is [DefaultMaxTokenSize].
func WithMaxTokenSize(n int) VerifierOption {
	return func(c *verifierConfig) {
		c.once("WithMaxTokenSize", c.sizeGiven)
		c.sizeGiven = true
		c.maxSize = n
	}
}

// WithCritical names header extensions that the caller understands and
// checks itself, so that tokens listing them in "crit" are accepted
// ([RFC 7515] §4.1.11). Tokens listing any other name are refused with
// [ErrCritical]. "b64" cannot be named: unencoded payloads are not
// supported.
func WithCritical(names ...string) VerifierOption {
	return func(c *verifierConfig) {
		c.list("WithCritical", names)
		c.critical = append(c.critical, names...)
	}
}

// list records a misuse of a list option: no values, or an empty one.
func (c *verifierConfig) list(option string, values []string) {
	if len(values) == 0 || slices.Contains(values, "") {
		c.emptyLists = append(c.emptyLists, option)
	}
}

// once records an option given twice, which would leave the reader of
// the code guessing which value wins.
func (c *verifierConfig) once(option string, given bool) {
	if given {
		c.repeated = append(c.repeated, option)
	}
}

// check returns an error naming the first option that makes no sense.
func (c *verifierConfig) check() error {
	switch {
	case len(c.emptyLists) > 0:
		return optionError(c.emptyLists[0], "needs non-empty values")
	case len(c.repeated) > 0:
		return optionError(c.repeated[0], "is given twice")
	case c.subject != nil && *c.subject == "":
		return optionError("WithSubject", "needs a subject")
	case c.typ != nil && trimApplication(*c.typ) == "":
		return optionError("WithType", "needs a type")
	case c.leeway != nil && (*c.leeway < 0 || *c.leeway > MaxLeeway):
		return optionError("WithLeeway", "needs a duration from zero to an hour")
	case c.maxAge != nil && *c.maxAge <= 0:
		return optionError("WithMaxAge", "needs a positive duration")
	case c.maxSize <= 0:
		return optionError("WithMaxTokenSize", "needs a positive size")
	case c.now == nil:
		return optionError("WithClock", "needs a function")
	}
	for _, name := range c.critical {
		if name == "b64" || slices.Contains(registeredHeader, name) {
			return optionError("WithCritical", "names a member this package handles itself")
		}
	}
	custom := 0
	for _, name := range c.required {
		if !slices.Contains(registeredNames[:], name) {
			custom++
		}
	}
	if custom > 64 {
		return optionError("WithRequiredClaims", "names more than 64 custom claims")
	}
	return nil
}

// bindIssuer restricts the issuers to the one the key source belongs to.
func (c *verifierConfig) bindIssuer(keys KeySource) error {
	ks, ok := keys.(IssuerKeySource)
	if !ok || ks.Issuer() == "" {
		return nil
	}
	iss := ks.Issuer()
	for _, other := range c.issuers {
		if other != iss {
			return optionError("WithIssuer", "names an issuer other than the key source's")
		}
	}
	if len(c.audiences) == 0 && !c.anyAudience {
		return optionError("WithAudience",
			"is needed with an identity provider's keys (or AllowAnyAudience)")
	}
	c.issuers = []string{iss}
	return nil
}

// verifier builds the Verifier from a checked configuration.
func (c *verifierConfig) verifier(keys KeySource) *Verifier {
	v := &Verifier{
		keys:      keys,
		issuers:   slices.Clone(c.issuers),
		audiences: slices.Clone(c.audiences),
		critical:  slices.Clone(c.critical),
		checkIAT:  c.checkIAT,
		maxSize:   c.maxSize,
		now:       c.now,
	}
	if c.subject != nil {
		v.subject = *c.subject
	}
	if c.typ != nil {
		v.typ = trimApplication(*c.typ)
	}
	if c.leeway != nil {
		v.leeway = *c.leeway
	}
	if c.maxAge != nil {
		v.maxAge = *c.maxAge
		v.checkIAT = true
		v.required |= hasIssuedAt
	}
	if !c.allowNoExp {
		v.required |= hasExpiresAt
	}
	for _, name := range c.required {
		if i := slices.Index(registeredNames[:], name); i >= 0 {
			v.required |= 1 << i
		} else if !slices.Contains(v.extra, name) {
			v.extra = append(v.extra, name)
		}
	}
	v.checksClaims = len(v.issuers) > 0 || len(v.audiences) > 0 || v.subject != "" ||
		v.required&^hasExpiresAt != 0 || len(v.extra) > 0 || v.checkIAT
	return v
}

func optionError(option, problem string) error {
	return fmt.Errorf("%w: %s %s", ErrInvalidArgument, option, problem)
}
