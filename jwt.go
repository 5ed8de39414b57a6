// Package jwt signs and verifies JSON Web Tokens: compact JWS tokens
// ([RFC 7515]) carrying JWT claims ([RFC 7519]), signed with the algorithms
// of [RFC 7518] and [RFC 8037].
//
// # Signing
//
// Build a signer once from a key, then sign claims in one call:
//
//	signer, err := algorithms.NewES256(privateKey)
//	token, err := jwt.Sign(signer, jwt.RegisteredClaims{
//		Issuer:    "https://issuer.example",
//		Subject:   "alice",
//		ExpiresAt: jwt.NewNumericDate(time.Now().Add(time.Hour)),
//	})
//
// # Verifying
//
// Build a [Verifier] once and use it from any number of goroutines. The key
// is a required argument, and it fixes the algorithm: the "alg" header of a
// token must name the algorithm of the key that verifies it, and "none" is
// never accepted.
//
//	v, err := jwt.NewVerifier(jwt.Key(signer.Verifier()),
//		jwt.WithIssuer("https://issuer.example"),
//		jwt.WithAudience("api"),
//	)
//	var claims MyClaims // embeds jwt.RegisteredClaims
//	tok, err := v.Verify(ctx, token, &claims)
//
// Verify checks, in order and stopping at the first failure: the size of
// the token, its three strict base64url segments, the header (a JSON object
// with an "alg" equal to the key's, a "crit" list of understood extensions
// only, the required "typ"), the signature, then the payload (strict JSON)
// and the registered claims. Only then is the destination filled. On any
// error the destination is untouched and no [Token] is returned.
//
// # Safe defaults
//
// A verifier with no options requires "exp", allows no clock leeway,
// refuses tokens longer than 16 KiB, and refuses JSON with duplicate member
// names, names that differ only by case, invalid UTF-8 or more than 32
// levels of nesting. The options that waive a check outright start with
// Allow ([AllowMissingExpiration], [AllowAnyAudience]), so that a search
// finds every one; the others that relax a default are bounded
// ([WithLeeway] to an hour) or name exactly what they accept
// ([WithCritical], [WithMaxTokenSize]).
//
// # Errors
//
// Every error matches one category error such as [ErrExpired] or
// [ErrSignature] with [errors.Is]; errors about claims are also a
// [*ValidationError] for [errors.As]. Messages never repeat values from the
// token.
//
// # Keys
//
// Package [github.com/jotgo/jwt/algorithms] builds signers and verifiers
// from Go keys; package [github.com/jotgo/jwt/jwk] reads JSON Web Keys and
// key sets, including remote sets published by identity providers; package
// [github.com/jotgo/jwt/jwthttp] protects an HTTP API with a [Verifier].
//
// JWE, the JWS JSON serializations, detached payloads and unencoded
// payloads ([RFC 7797]) are not supported.
//
// [RFC 7515]: https://www.rfc-editor.org/rfc/rfc7515
// [RFC 7518]: https://www.rfc-editor.org/rfc/rfc7518
// [RFC 7519]: https://www.rfc-editor.org/rfc/rfc7519
// [RFC 7797]: https://www.rfc-editor.org/rfc/rfc7797
// [RFC 8037]: https://www.rfc-editor.org/rfc/rfc8037
package jwt

import (
	"fmt"
	"slices"
	"strings"

	"github.com/jotgo/jwt/internal/base64url"
)

// DefaultMaxTokenSize is the longest token, in bytes, that a [Verifier]
// accepts unless [WithMaxTokenSize] says otherwise. Real access tokens are
// well under it, and HTTP servers commonly refuse longer header fields.
const DefaultMaxTokenSize = 16 << 10

// A Token is a verified token, or with [ParseUnverified] an unverified one.
// Its methods return copies or read-only views, so a Token can be shared.
type Token struct {
	header  Header
	claims  RegisteredClaims
	payload string
	sig     string

	// aud holds a single audience, the common case, so that reading it
	// needs no allocation of its own; dstAud holds the destination's copy.
	aud    [1]string
	dstAud [1]string
}

// Header returns the token's header.
func (t *Token) Header() *Header { return &t.header }

// Claims returns a copy of the registered claims of the token. They are
// zero for a token returned by [Verifier.VerifyPayload].
func (t *Token) Claims() RegisteredClaims {
	c := t.claims
	c.Audience = slices.Clone(c.Audience)
	return c
}

// claimsCopy returns the registered claims for the destination, with an
// audience that shares no memory with the token's.
func (t *Token) claimsCopy() RegisteredClaims {
	c := t.claims
	switch len(c.Audience) {
	case 0:
	case 1:
		t.dstAud[0] = c.Audience[0]
		c.Audience = t.dstAud[:]
	default:
		c.Audience = slices.Clone(c.Audience)
	}
	return c
}

// Payload returns a copy of the decoded payload.
func (t *Token) Payload() []byte { return []byte(t.payload) }

// Signature returns a copy of the decoded signature.
func (t *Token) Signature() []byte { return []byte(t.sig) }

// ParseUnverified decodes a token without checking its signature or its
// claims. Nothing it returns can be trusted: use it to look at a token, for
// example to print it or to route it by "kid", never to make a decision.
// Use a [Verifier] for that.
//
// The token must still be well formed, with the strictness of
// [Verifier.Verify]: three strict base64url segments, a JSON object for the
// header and the payload, and registered claims of the right JSON types.
// Tokens longer than [DefaultMaxTokenSize] are refused.
func ParseUnverified(token string) (*Token, error) {
	if len(token) > DefaultMaxTokenSize {
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
	if sigErr != nil {
		return nil, sigErr
	}
	if _, err := parseClaims(t, nil); err != nil {
		return nil, err
	}
	return t, nil
}

// segments holds the three parts of a compact token.
type segments struct {
	header, payload, signature string
}

// signingInputLen returns the length of the header and payload segments
// with the dot between them: the bytes the signature covers.
func (s segments) signingInputLen() int {
	return len(s.header) + 1 + len(s.payload)
}

// split cuts a compact token at its two dots. It looks for at most three,
// so a string of dots costs no more than a short one and allocates nothing.
func split(token string) (segments, error) {
	i := strings.IndexByte(token, '.')
	if i < 0 {
		return segments{}, fmt.Errorf("%w: token has fewer than three segments", ErrMalformed)
	}
	j := strings.IndexByte(token[i+1:], '.')
	if j < 0 {
		return segments{}, fmt.Errorf("%w: token has fewer than three segments", ErrMalformed)
	}
	j += i + 1
	if strings.IndexByte(token[j+1:], '.') >= 0 {
		return segments{}, fmt.Errorf("%w: token has more than three segments", ErrMalformed)
	}
	return segments{token[:i], token[i+1 : j], token[j+1:]}, nil
}

// decodeSegments decodes the three segments into one string, so that every
// string read from them is a substring and costs no allocation, and parses
// the header. It reports a signature segment that is not base64url in
// sigErr rather than err, for the caller to return only after its own
// checks of the header: a bad header is reported before a bad signature.
func decodeSegments(seg segments) (t *Token, sigErr, err error) {
	hlen, plen := base64url.DecodedLen(len(seg.header)), base64url.DecodedLen(len(seg.payload))
	if hlen < 0 {
		return nil, nil, malformed("header", base64url.ErrInvalid)
	}
	if plen < 0 {
		return nil, nil, malformed("payload", base64url.ErrInvalid)
	}
	slen := max(base64url.DecodedLen(len(seg.signature)), 0)
	var stack [1024]byte
	buf := stack[:0]
	if n := hlen + plen + slen; n > len(stack) {
		buf = make([]byte, 0, n)
	}
	buf, err = base64url.AppendDecode(buf, seg.header)
	if err != nil {
		return nil, nil, malformed("header", err)
	}
	if buf, err = base64url.AppendDecode(buf, seg.payload); err != nil {
		return nil, nil, malformed("payload", err)
	}
	if buf, sigErr = base64url.AppendDecode(buf, seg.signature); sigErr != nil {
		buf, sigErr = buf[:hlen+plen], malformed("signature", sigErr)
	}
	text := string(buf)
	t = &Token{payload: text[hlen : hlen+plen], sig: text[hlen+plen:]}
	if t.header, err = parseHeader(text[:hlen]); err != nil {
		return nil, nil, err
	}
	return t, sigErr, nil
}
