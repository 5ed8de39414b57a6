package jwt

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/jotgo/jwt/algorithms"
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
// Strings that are not valid UTF-8 are refused in [RegisteredClaims]; in
// other types, encoding/json replaces their invalid bytes with U+FFFD.
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
	c := signConfig{}
	for _, opt := range opts {
		if opt != nil {
			opt(&c)
		}
	}
	var stack [256]byte
	header, err := c.appendHeader(stack[:0], s, isJWT)
	if err != nil {
		return "", err
	}
	enc := base64.RawURLEncoding
	n := enc.EncodedLen(len(header)) + 1 + enc.EncodedLen(len(payload))
	buf := make([]byte, 0, n+1+enc.EncodedLen(signatureSizeHint(s.Algorithm())))
	buf = appendEncode(buf, header)
	buf = append(buf, '.')
	buf = appendEncode(buf, payload)
	sig, err := signWith(ctx, s, buf)
	if err != nil {
		return "", fmt.Errorf("jwt: signing: %w", err)
	}
	buf = append(buf, '.')
	buf = appendEncode(buf, sig)
	return string(buf), nil
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
	w := objectWriter{b: b}
	w.stringMember("alg", s.Algorithm())
	for _, m := range []struct {
		name  string
		value *string
	}{{"typ", typ}, {"cty", c.cty}, {"kid", kid}} {
		if m.value != nil {
			w.stringMember(m.name, *m.value)
		}
	}
	for i, m := range c.extra {
		if err := checkExtraHeader(m, c.extra[:i]); err != nil {
			return nil, err
		}
		w.member(m.name)
		w.b = append(w.b, m.value...)
	}
	header, err := w.close()
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
		if foldEqual(m.name, reserved) {
			return fmt.Errorf("%w: WithHeader cannot set %s", ErrInvalidArgument, reserved)
		}
	}
	for _, other := range before {
		if foldEqual(other.name, m.name) {
			return fmt.Errorf("%w: WithHeader sets a member twice", ErrInvalidArgument)
		}
	}
	s := scanner{data: string(m.value)}
	s.space()
	if err := s.value(); err != nil || s.end() != nil {
		return fmt.Errorf("%w: WithHeader value is not valid JSON", ErrInvalidArgument)
	}
	return nil
}

// marshalClaims encodes claims as a JSON object, checked as Verify would.
func marshalClaims(b []byte, claims any) ([]byte, error) {
	switch c := claims.(type) {
	case RegisteredClaims:
		return appendRegistered(b, &c)
	case *RegisteredClaims:
		if c != nil {
			return appendRegistered(b, c)
		}
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return nil, fmt.Errorf("%w: claims: %w", ErrInvalidArgument, err)
	}
	var t Token
	t.payload = string(payload)
	if _, err := parseClaims(&t, nil); err != nil {
		return nil, fmt.Errorf("%w: claims would not verify: %v", ErrInvalidArgument, err)
	}
	return payload, nil
}

// appendRegistered writes c as encoding/json would, without reflection.
func appendRegistered(b []byte, c *RegisteredClaims) ([]byte, error) {
	if len(c.Audience) > maxList {
		return nil, fmt.Errorf("%w: more than %d audiences", ErrInvalidArgument, maxList)
	}
	w := objectWriter{b: b}
	if c.Issuer != "" {
		w.stringMember("iss", c.Issuer)
	}
	if c.Subject != "" {
		w.stringMember("sub", c.Subject)
	}
	switch len(c.Audience) {
	case 0:
	case 1:
		w.stringMember("aud", c.Audience[0])
	default:
		w.member("aud")
		w.b = append(w.b, '[')
		for i, aud := range c.Audience {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.string(aud)
		}
		w.b = append(w.b, ']')
	}
	w.date("exp", c.ExpiresAt)
	w.date("nbf", c.NotBefore)
	w.date("iat", c.IssuedAt)
	if c.ID != "" {
		w.stringMember("jti", c.ID)
	}
	return w.close()
}

// An objectWriter writes a JSON object member by member, and remembers the
// first problem, so that callers check once at the end.
type objectWriter struct {
	b   []byte
	n   int
	err error
}

func (w *objectWriter) member(name string) {
	if w.n == 0 {
		w.b = append(w.b, '{')
	} else {
		w.b = append(w.b, ',')
	}
	w.n++
	w.string(name)
	w.b = append(w.b, ':')
}

func (w *objectWriter) stringMember(name, value string) {
	w.member(name)
	w.string(value)
}

func (w *objectWriter) date(name string, d NumericDate) {
	if d.IsZero() {
		return
	}
	sec := d.Unix()
	if sec < minNumericDate || sec > maxNumericDate {
		w.err = fmt.Errorf("%w: %s is out of range", ErrInvalidArgument, name)
		return
	}
	w.member(name)
	w.b = strconv.AppendInt(w.b, sec, 10)
}

func (w *objectWriter) string(s string) {
	var err error
	if w.b, err = appendString(w.b, s); err != nil && w.err == nil {
		w.err = err
	}
}

func (w *objectWriter) close() ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	if w.n == 0 {
		w.b = append(w.b, '{')
	}
	return append(w.b, '}'), nil
}

// appendString writes s as a JSON string. It refuses invalid UTF-8, which
// encoding/json would silently replace.
func appendString(b []byte, s string) ([]byte, error) {
	if !utf8.ValidString(s) {
		return b, fmt.Errorf("%w: string is not valid UTF-8", ErrInvalidArgument)
	}
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"'), nil
}
