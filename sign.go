package jwt

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/jotgo/jwt/algorithms"
	"github.com/jotgo/jwt/internal/base64url"
	"github.com/jotgo/jwt/internal/strictjson"
)

// A SignOption configures [Sign], [SignContext] and [SignPayload]. Options
// only record values; the signing call checks them together.
type SignOption func(*signConfig)

type signConfig struct {
	typ, cty, kid *string
	extra         []headerMember
	repeated      []string
}

type headerMember struct {
	name  string
	value json.RawMessage
}

// WithHeaderType sets the "typ" header, such as "at+jwt" for OAuth access
// tokens ([RFC 9068]). [Sign] writes "JWT" when it is not given;
// [SignPayload] writes no "typ" unless it is given.
func WithHeaderType(typ string) SignOption {
	return func(c *signConfig) {
		c.once("WithHeaderType", c.typ != nil)
		c.typ = &typ
	}
}

// WithContentType sets the "cty" header.
func WithContentType(cty string) SignOption {
	return func(c *signConfig) {
		c.once("WithContentType", c.cty != nil)
		c.cty = &cty
	}
}

// WithKeyID sets the "kid" header, overriding the key ID that the signer
// reports as an [algorithms.KeyedSigner].
func WithKeyID(kid string) SignOption {
	return func(c *signConfig) {
		c.once("WithKeyID", c.kid != nil)
		c.kid = &kid
	}
}

// WithHeader adds a member to the header, with a JSON value such as
// json.RawMessage(`"value"`). The members that have their own option
// ("alg", "typ", "cty", "kid") cannot be set this way, nor "b64" and "zip",
// which verifiers refuse.
func WithHeader(name string, value json.RawMessage) SignOption {
	return func(c *signConfig) {
		c.extra = append(c.extra, headerMember{name, value})
	}
}

func (c *signConfig) once(option string, given bool) {
	if given {
		c.repeated = append(c.repeated, option)
	}
}

// Sign encodes claims as the JSON payload of a new token, signs it with s
// and returns the compact token. claims is a [RegisteredClaims], a struct
// embedding one, a map, or any value that encoding/json encodes as an
// object. The header holds the signer's algorithm, "typ": "JWT" unless
// [WithHeaderType] says otherwise, and the key ID the signer reports, if
// any.
//
// Sign refuses claims that [Verifier.Verify] would refuse as malformed,
// such as member names that differ only by case, and dates out of range.
// Strings that are not valid UTF-8 are refused in an [Audience], and
// anywhere when claims is a [RegisteredClaims] or a pointer to one;
// elsewhere, in a struct that embeds one too, encoding/json writes them,
// with U+FFFD for each invalid byte.
// Sign sets no size limit: verifiers refuse tokens longer than theirs.
func Sign(s algorithms.Signer, claims any, opts ...SignOption) (string, error) {
	return SignContext(context.Background(), s, claims, opts...)
}

// SignContext is [Sign] with a context, which it passes to signers that
// implement [algorithms.ContextSigner], such as one backed by a KMS.
func SignContext(ctx context.Context, s algorithms.Signer, claims any,
	opts ...SignOption) (string, error) {
	var stack [512]byte
	payload, err := marshalClaims(stack[:0], claims)
	if err != nil {
		return "", err
	}
	return sign(ctx, s, payload, true, opts)
}

// SignPayload signs payload, any bytes, as a compact JWS and returns it.
// Use it for content that is not a JWT; [Verifier.VerifyPayload] verifies
// the result.
func SignPayload(s algorithms.Signer, payload []byte, opts ...SignOption) (string, error) {
	return sign(context.Background(), s, payload, false, opts)
}

func sign(ctx context.Context, s algorithms.Signer, payload []byte, isJWT bool,
	opts []SignOption) (string, error) {
	if s == nil {
		return "", fmt.Errorf("%w: no signer", ErrInvalidArgument)
	}
	var c signConfig
	if len(opts) > 0 {
		c = configure(opts)
	}
	var stack [256]byte
	header, err := c.appendHeader(stack[:0], s, isJWT)
	if err != nil {
		return "", err
	}
	work := getWork()
	defer putWork(work)
	enc := base64.RawURLEncoding
	n := enc.EncodedLen(len(header)) + 1 + enc.EncodedLen(len(payload))
	buf := slices.Grow((*work)[:0], n+1+enc.EncodedLen(signatureSizeHint(s.Algorithm())))
	buf = base64url.AppendEncode(buf, header)
	buf = append(buf, '.')
	buf = base64url.AppendEncode(buf, payload)
	// The full slice expression keeps a Signer that appends to the signing
	// input from writing where the rest of the token goes.
	sig, err := signWith(ctx, s, buf[:len(buf):len(buf)])
	if err != nil {
		return "", fmt.Errorf("jwt: signing: %w", err)
	}
	buf = append(buf, '.')
	buf = base64url.AppendEncode(buf, sig)
	*work = buf
	return string(buf), nil
}

// configure applies opts. The compiler cannot see what an option does
// with the config it is given, so that config lives on the heap: it is
// made only when there are options.
func configure(opts []SignOption) signConfig {
	c := new(signConfig)
	for _, opt := range opts {
		if opt != nil {
			opt(c)
		}
	}
	return *c
}

func signWith(ctx context.Context, s algorithms.Signer, input []byte) ([]byte, error) {
	if cs, ok := s.(algorithms.ContextSigner); ok {
		return cs.SignContext(ctx, input)
	}
	return s.Sign(input)
}

// signatureSizeHint returns the usual signature size for alg, so that the
// token is built in one buffer; RSA signatures are as long as the modulus.
func signatureSizeHint(alg string) int {
	switch alg {
	case algorithms.RS256, algorithms.RS384, algorithms.RS512,
		algorithms.PS256, algorithms.PS384, algorithms.PS512:
		return 512
	case algorithms.ES512:
		return 132
	}
	return 96
}

// appendHeader writes the header: "alg" first, then "typ", "cty", "kid"
// and the extra members in the order given.
func (c *signConfig) appendHeader(b []byte, s algorithms.Signer, isJWT bool) ([]byte, error) {
	if len(c.repeated) > 0 {
		return nil, fmt.Errorf("%w: %s is given twice", ErrInvalidArgument, c.repeated[0])
	}
	typ, kid := c.typ, c.kid
	if typ == nil && isJWT {
		jwtType := "JWT"
		typ = &jwtType
	}
	if ks, ok := s.(algorithms.KeyedSigner); ok && kid == nil && ks.KeyID() != "" {
		id := ks.KeyID()
		kid = &id
	}
	var w objectWriter
	b = w.stringMember(b, "alg", s.Algorithm())
	for _, m := range []struct {
		name  string
		value *string
	}{{"typ", typ}, {"cty", c.cty}, {"kid", kid}} {
		if m.value != nil {
			b = w.stringMember(b, m.name, *m.value)
		}
	}
	for i, m := range c.extra {
		if err := checkExtraHeader(m, c.extra[:i]); err != nil {
			return nil, err
		}
		b = append(append(w.string(w.next(b), m.name), ':'), m.value...)
	}
	header, err := w.close(b)
	if err != nil || len(c.extra) == 0 {
		return header, err
	}
	// Extra members may hold a "crit" list: check it as a verifier that
	// understands every name in it would.
	h, err := parseHeader(string(header))
	if err == nil {
		err = h.checkCritical(h.crit)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: header would not verify: %v", ErrInvalidArgument, err)
	}
	return header, nil
}

// checkExtraHeader checks a member given to WithHeader.
func checkExtraHeader(m headerMember, before []headerMember) error {
	for _, reserved := range []string{"alg", "typ", "cty", "kid", "b64", "zip"} {
		if strictjson.FoldEqual(m.name, reserved) {
			return fmt.Errorf("%w: WithHeader cannot set %s", ErrInvalidArgument, reserved)
		}
	}
	for _, other := range before {
		if strictjson.FoldEqual(other.name, m.name) {
			return fmt.Errorf("%w: WithHeader sets a member twice", ErrInvalidArgument)
		}
	}
	s := strictjson.Scanner{Data: string(m.value)}
	s.Space()
	if err := s.Value(); err != nil || s.End() != nil {
		return fmt.Errorf("%w: WithHeader value is not valid JSON", ErrInvalidArgument)
	}
	return nil
}
