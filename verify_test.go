package jwt_test

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/algorithms"
)

func TestVerifyStructure(t *testing.T) {
	t.Parallel()
	good := headerToken(t, `{"alg":"HS256"}`)
	h, p, s := segmentsOf(good)
	tests := []struct {
		name  string
		token string
		want  error
	}{
		{"empty", "", jwt.ErrMalformed},
		{"one segment", h, jwt.ErrMalformed},
		{"two segments", h + "." + p, jwt.ErrMalformed},
		{"four segments", good + ".", jwt.ErrMalformed},
		{"only dots", "..", jwt.ErrMalformed},
		{"many dots", strings.Repeat(".", 10000), jwt.ErrMalformed},
		{"header padding", h + "=." + p + "." + s, jwt.ErrMalformed},
		{"signature padding", h + "." + p + "." + s + "=", jwt.ErrMalformed},
		{"newline in header", h[:4] + "\n" + h[4:] + "." + p + "." + s, jwt.ErrMalformed},
		{"CR LF in signature", h + "." + p + "." + s[:8] + "\r\n" + s[8:], jwt.ErrMalformed},
		{"trailing newline", good + "\n", jwt.ErrMalformed},
		{"leading space", " " + good, jwt.ErrMalformed},
		{"standard alphabet", h + "." + p + "." + standardAlphabet(s) + "+", jwt.ErrMalformed},
		{"impossible length", h + "." + p + "." + s + "AA", jwt.ErrMalformed},
		{"non-canonical trailing bits", h + "." + p + "." + flipLastBit(s), jwt.ErrMalformed},
		{"empty signature", h + "." + p + ".", jwt.ErrSignature},
		{"payload tampered", h + "." + p[:len(p)-2] + "fQ." + s, jwt.ErrSignature},
		{"signature tampered", h + "." + p + "." + tamper(s), jwt.ErrSignature},
		{"signature truncated", h + "." + p + "." + s[:20], jwt.ErrSignature},
		{"JSON serialization", `{"payload":"` + p + `","signature":"` + s + `"}`, jwt.ErrMalformed},
	}
	v := testVerifier(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var claims jwt.RegisteredClaims
			tok, err := v.Verify(context.Background(), tc.token, &claims)
			require.ErrorIs(t, err, tc.want)
			assert.Nil(t, tok)
			assert.Zero(t, claims)
		})
	}
	_, err := v.Verify(context.Background(), good, nil)
	require.NoError(t, err)
}

func standardAlphabet(s string) string {
	return strings.NewReplacer("-", "+", "_", "/").Replace(s)
}

func segmentsOf(token string) (header, payload, signature string) {
	parts := strings.Split(token, ".")
	return parts[0], parts[1], parts[2]
}

// flipLastBit changes an unused trailing bit of a 43-character encoding
// of 32 bytes: the value decodes to the same bytes but is not canonical.
func flipLastBit(s string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	last := strings.IndexByte(alphabet, s[len(s)-1])
	return s[:len(s)-1] + string(alphabet[last^1])
}

func tamper(s string) string {
	if s[0] == 'A' {
		return "B" + s[1:]
	}
	return "A" + s[1:]
}

func TestVerifyTooLarge(t *testing.T) {
	t.Parallel()
	token := claimsToken(t, `{"exp":1700003600,"pad":"`+strings.Repeat("x", 2000)+`"}`)
	_, err := testVerifier(t, jwt.WithMaxTokenSize(len(token)-1)).Verify(
		context.Background(), token, nil)
	require.ErrorIs(t, err, jwt.ErrTooLarge)
	_, err = testVerifier(t, jwt.WithMaxTokenSize(len(token))).Verify(
		context.Background(), token, nil)
	require.NoError(t, err)

	huge := strings.Repeat("A", jwt.DefaultMaxTokenSize+1)
	_, err = testVerifier(t).Verify(context.Background(), huge, nil)
	require.ErrorIs(t, err, jwt.ErrTooLarge)
}

func TestVerifyHeader(t *testing.T) {
	t.Parallel()
	deep := `{"alg":"HS256","x":` + strings.Repeat("[", 31) + strings.Repeat("]", 31) + "}"
	tooDeep := `{"alg":"HS256","x":` + strings.Repeat("[", 32) + strings.Repeat("]", 32) + "}"
	tests := []struct {
		name   string
		header string
		want   error
	}{
		{"plain", `{"alg":"HS256"}`, nil},
		{"whitespace and CR LF", "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}\r\n", nil},
		{"escaped name", `{"\u0061lg":"HS256"}`, nil},
		{"untrusted key members ignored", `{"alg":"HS256","jku":"https://attacker.example",` +
			`"jwk":{"kty":"oct","k":"AAAA"},"x5u":"http://169.254.169.254/"}`, nil},
		{"depth 32", deep, nil},
		{"depth 33", tooDeep, jwt.ErrMalformed},
		{"array", `["HS256"]`, jwt.ErrMalformed},
		{"null", `null`, jwt.ErrMalformed},
		{"empty", ``, jwt.ErrMalformed},
		{"byte order mark", "\ufeff{\"alg\":\"HS256\"}", jwt.ErrMalformed},
		{"trailing object", `{"alg":"HS256"}{"alg":"none"}`, jwt.ErrMalformed},
		{"trailing comma", `{"alg":"HS256",}`, jwt.ErrMalformed},
		{"single quotes", `{'alg':'HS256'}`, jwt.ErrMalformed},
		{"duplicate alg", `{"alg":"none","alg":"HS256"}`, jwt.ErrMalformed},
		{"duplicate through escape", `{"alg":"HS256","\u0061lg":"none"}`, jwt.ErrMalformed},
		{"case variant", `{"alg":"HS256","ALG":"none"}`, jwt.ErrMalformed},
		{"lone case variant", `{"alg":"HS256","Typ":"JWT"}`, jwt.ErrMalformed},
		{"duplicate kid", `{"alg":"HS256","kid":"a","kid":"b"}`, jwt.ErrMalformed},
		{"duplicate other", `{"alg":"HS256","x":1,"X":2}`, jwt.ErrMalformed},
		{"Kelvin sign variant", `{"alg":"HS256","kid":"a","\u212aid":"b"}`, jwt.ErrMalformed},
		{"invalid UTF-8", "{\"alg\":\"HS256\",\"kid\":\"\xff\"}", jwt.ErrMalformed},
		{"lone surrogate", `{"alg":"HS256","kid":"\ud800"}`, jwt.ErrMalformed},
		{"control character", "{\"alg\":\"HS256\",\"kid\":\"a\x01\"}", jwt.ErrMalformed},
		{"alg missing", `{"typ":"JWT"}`, jwt.ErrMalformed},
		{"alg number", `{"alg":256}`, jwt.ErrMalformed},
		{"alg array", `{"alg":["HS256"]}`, jwt.ErrMalformed},
		{"kid number", `{"alg":"HS256","kid":1}`, jwt.ErrMalformed},
		{"typ number", `{"alg":"HS256","typ":1}`, jwt.ErrMalformed},
		{"cty object", `{"alg":"HS256","cty":{}}`, jwt.ErrMalformed},
		{"alg none", `{"alg":"none"}`, jwt.ErrAlgorithm},
		{"alg None", `{"alg":"None"}`, jwt.ErrAlgorithm},
		{"alg lower case", `{"alg":"hs256"}`, jwt.ErrAlgorithm},
		{"alg with space", `{"alg":"HS256 "}`, jwt.ErrAlgorithm},
		{"alg empty", `{"alg":""}`, jwt.ErrAlgorithm},
		{"alg of another key", `{"alg":"RS256"}`, jwt.ErrAlgorithm},
		{"zip", `{"alg":"HS256","zip":"DEF"}`, jwt.ErrMalformed},
		{"b64 without crit", `{"alg":"HS256","b64":true}`, jwt.ErrMalformed},
		{"b64 in crit", `{"alg":"HS256","b64":false,"crit":["b64"]}`, jwt.ErrCritical},
		{"crit unknown", `{"alg":"HS256","crit":["urn:x"],"urn:x":1}`, jwt.ErrCritical},
		{"crit empty", `{"alg":"HS256","crit":[]}`, jwt.ErrMalformed},
		{"crit string", `{"alg":"HS256","crit":"exp"}`, jwt.ErrMalformed},
		{"crit number inside", `{"alg":"HS256","crit":[1]}`, jwt.ErrMalformed},
		{"crit registered name", `{"alg":"HS256","crit":["alg"]}`, jwt.ErrMalformed},
		{"crit absent member", `{"alg":"HS256","crit":["urn:absent"]}`, jwt.ErrCritical},
		{"crit too long", `{"alg":"HS256","crit":[` + strings.Repeat(`"a",`, 64) + `"a"]}`,
			jwt.ErrMalformed},
	}
	v := testVerifier(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := v.Verify(context.Background(), headerToken(t, tc.header), nil)
			if tc.want == nil {
				require.NoError(t, err)
				assert.Equal(t, "HS256", tok.Header().Algorithm())
				return
			}
			require.ErrorIs(t, err, tc.want)
			assert.Nil(t, tok)
		})
	}
}

func TestVerifyCritical(t *testing.T) {
	t.Parallel()
	v := testVerifier(t, jwt.WithCritical("urn:a", "urn:b"))
	tests := []struct {
		name   string
		header string
		want   error
	}{
		{"understood", `{"alg":"HS256","crit":["urn:a"],"urn:a":true}`, nil},
		{"both understood", `{"alg":"HS256","crit":["urn:b","urn:a"],"urn:a":1,"urn:b":2}`, nil},
		{"one not understood", `{"alg":"HS256","crit":["urn:a","urn:c"],"urn:a":1,"urn:c":2}`,
			jwt.ErrCritical},
		{"understood but absent", `{"alg":"HS256","crit":["urn:a"]}`, jwt.ErrMalformed},
		{"named twice", `{"alg":"HS256","crit":["urn:a","urn:a"],"urn:a":1}`, jwt.ErrMalformed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := v.Verify(context.Background(), headerToken(t, tc.header), nil)
			if tc.want != nil {
				require.ErrorIs(t, err, tc.want)
				return
			}
			require.NoError(t, err)
			raw, ok := tok.Header().Member("urn:a")
			assert.True(t, ok)
			assert.NotEmpty(t, raw)
		})
	}
}

func TestVerifyType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		typ  string
		want error
	}{
		{"same", `"JWT"`, nil},
		{"lower case", `"jwt"`, nil},
		{"application prefix", `"application/JWT"`, nil},
		{"prefix in capitals", `"APPLICATION/jwt"`, nil},
		{"other type", `"at+jwt"`, jwt.ErrType},
		{"other media type", `"text/jwt"`, jwt.ErrType},
		{"empty", `""`, jwt.ErrType},
	}
	v := testVerifier(t, jwt.WithType("JWT"))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := v.Verify(context.Background(),
				headerToken(t, `{"alg":"HS256","typ":`+tc.typ+`}`), nil)
			if tc.want == nil {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, tc.want)
			}
		})
	}
	_, err := v.Verify(context.Background(), headerToken(t, `{"alg":"HS256"}`), nil)
	require.ErrorIs(t, err, jwt.ErrType, "absent typ")
}

func TestHeaderAccessors(t *testing.T) {
	t.Parallel()
	header := `{"alg":"HS256","typ":"at+jwt","cty":"x","kid":"k1",` +
		`"crit":["urn:a"],"urn:a":{"n":[1,2]}}`
	v := testVerifier(t, jwt.WithCritical("urn:a"))
	tok, err := v.Verify(context.Background(), headerToken(t, header), nil)
	require.NoError(t, err)
	h := tok.Header()
	assert.Equal(t, "HS256", h.Algorithm())
	assert.Equal(t, "at+jwt", h.Type())
	assert.Equal(t, "x", h.ContentType())
	assert.Equal(t, "k1", h.KeyID())
	assert.Equal(t, []string{"urn:a"}, h.Critical())
	raw, ok := h.Member("urn:a")
	assert.True(t, ok)
	assert.JSONEq(t, `{"n":[1,2]}`, string(raw))
	_, ok = h.Member("urn:b")
	assert.False(t, ok)
	encoded, err := h.MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, header, string(encoded))

	h.Critical()[0] = "changed"
	assert.Equal(t, []string{"urn:a"}, h.Critical(), "Critical returns a copy")
}

// An errorSource is a KeySource that answers with fixed values.
type errorSource struct {
	key algorithms.Verifier
	err error
}

func (s errorSource) VerifierFor(context.Context, *jwt.Header) (algorithms.Verifier, error) {
	return s.key, s.err
}

func TestVerifyKeySource(t *testing.T) {
	t.Parallel()
	rs, err := algorithms.NewHS384(append(testSecret, testSecret[:16]...))
	require.NoError(t, err)
	tests := []struct {
		name   string
		source jwt.KeySource
		want   []error
	}{
		{"no key", errorSource{}, []error{jwt.ErrKeyNotFound}},
		{"not found", errorSource{err: jwt.ErrKeyNotFound}, []error{jwt.ErrKeyNotFound}},
		{"network failure", errorSource{err: context.DeadlineExceeded},
			[]error{jwt.ErrKeyNotFound, context.DeadlineExceeded}},
		{"categorized error", errorSource{err: jwt.ErrAlgorithm}, []error{jwt.ErrAlgorithm}},
		{"any category kept", errorSource{err: jwt.ErrSignature}, []error{jwt.ErrSignature}},
		{"key of another algorithm", errorSource{key: rs}, []error{jwt.ErrAlgorithm}},
	}
	token := headerToken(t, `{"alg":"HS256","kid":"k1"}`)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := jwt.NewVerifier(tc.source, jwt.WithClock(fixedClock))
			require.NoError(t, err)
			tok, err := v.Verify(context.Background(), token, nil)
			for _, want := range tc.want {
				require.ErrorIs(t, err, want)
			}
			assert.Nil(t, tok)
		})
	}
}

// issuerSource is a key source bound to one issuer.
type issuerSource struct {
	jwt.KeySource
	issuer string
}

func (s issuerSource) Issuer() string { return s.issuer }

func TestVerifyIssuerBinding(t *testing.T) {
	t.Parallel()
	keys := issuerSource{jwt.Key(testHMAC(t)), "https://idp.example"}
	_, err := jwt.NewVerifier(keys, jwt.WithClock(fixedClock))
	require.ErrorIs(t, err, jwt.ErrInvalidArgument, "no audience")
	v, err := jwt.NewVerifier(keys, jwt.WithClock(fixedClock), jwt.AllowAnyAudience())
	require.NoError(t, err)
	ctx := context.Background()

	_, err = v.Verify(ctx, claimsToken(t, `{"iss":"https://idp.example","exp":1700003600}`), nil)
	require.NoError(t, err)
	_, err = v.Verify(ctx, claimsToken(t, `{"iss":"https://other.example","exp":1700003600}`), nil)
	require.ErrorIs(t, err, jwt.ErrIssuer)
	_, err = v.Verify(ctx, claimsToken(t, `{"exp":1700003600}`), nil)
	require.ErrorIs(t, err, jwt.ErrIssuer)
	require.ErrorIs(t, err, jwt.ErrMissingClaim)

	_, err = jwt.NewVerifier(keys, jwt.WithIssuer("https://other.example"),
		jwt.WithAudience("api"))
	require.ErrorIs(t, err, jwt.ErrInvalidArgument)
	v, err = jwt.NewVerifier(keys, jwt.WithIssuer("https://idp.example"), jwt.WithAudience("api"),
		jwt.WithClock(fixedClock))
	require.NoError(t, err)
	_, err = v.Verify(ctx, claimsToken(t,
		`{"iss":"https://idp.example","aud":"web","exp":1700003600}`), nil)
	require.ErrorIs(t, err, jwt.ErrAudience)
}

// TestSignatureBeforeClaims checks that a token failing its signature is
// never examined further: the error is ErrSignature alone.
func TestSignatureBeforeClaims(t *testing.T) {
	t.Parallel()
	token := claimsToken(t, `{"exp":1600000000,"iss":"wrong"}`)
	h, p, s := segmentsOf(token)
	v := testVerifier(t, jwt.WithIssuer("right"))
	_, err := v.Verify(context.Background(), h+"."+p+"."+tamper(s), nil)
	require.ErrorIs(t, err, jwt.ErrSignature)
	for _, other := range []error{jwt.ErrExpired, jwt.ErrIssuer, jwt.ErrMalformed} {
		assert.False(t, errors.Is(err, other), "also matches %v", other)
	}
}

func TestVerifyConcurrent(t *testing.T) {
	t.Parallel()
	v := testVerifier(t, jwt.WithAudience("api"))
	good := claimsToken(t, `{"aud":"api","exp":1700003600,"n":1}`)
	bad := claimsToken(t, `{"aud":"web","exp":1700003600,"n":2}`)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				var claims map[string]any
				_, err := v.Verify(context.Background(), good, &claims)
				assert.NoError(t, err)
				assert.Equal(t, "1", claims["n"].(interface{ String() string }).String())
				_, err = v.Verify(context.Background(), bad, &claims)
				assert.ErrorIs(t, err, jwt.ErrAudience)
			}
			_ = i
		}()
	}
	wg.Wait()
}

func TestVerifyPayload(t *testing.T) {
	t.Parallel()
	token, err := jwt.SignPayload(testHMAC(t), []byte("not a JWT \x00\xff"))
	require.NoError(t, err)
	_, _, err = testVerifier(t, jwt.WithIssuer("i")).VerifyPayload(context.Background(), token)
	require.ErrorIs(t, err, jwt.ErrInvalidArgument, "a verifier with claim options")
	v := testVerifier(t)
	tok, payload, err := v.VerifyPayload(context.Background(), token)
	require.NoError(t, err)
	assert.Equal(t, []byte("not a JWT \x00\xff"), payload)
	assert.Equal(t, payload, tok.Payload())
	assert.Zero(t, tok.Claims())
	assert.Len(t, tok.Signature(), 32)

	_, err = v.Verify(context.Background(), token, nil)
	require.ErrorIs(t, err, jwt.ErrMalformed, "a payload that is not JSON is no JWT")
}

// TestVerifyResultsOwnTheirMemory checks that what one verification returns
// shares no memory with the buffers that later verifications reuse: every
// token, claim and signature kept from the first round must be intact after
// many more rounds on other goroutines.
func TestVerifyResultsOwnTheirMemory(t *testing.T) {
	t.Parallel()
	type claims struct {
		jwt.RegisteredClaims
		Note string `json:"note"`
	}
	v := testVerifier(t)
	token := func(i int) string {
		return claimsToken(t, sprintf(`{"sub":"user-%d","exp":1700003600,"note":"%s"}`,
			i, strings.Repeat(string(rune('a'+i%26)), i*7)))
	}
	type kept struct {
		token string
		tok   *jwt.Token
		dst   claims
	}
	var first []kept
	for i := range 40 {
		k := kept{token: token(i)}
		var err error
		k.tok, err = v.Verify(context.Background(), k.token, &k.dst)
		require.NoError(t, err)
		first = append(first, k)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				var c claims
				_, err := v.Verify(context.Background(), token(40+(g*200+i)%60), &c)
				assert.NoError(t, err)
			}
		}()
	}
	wg.Wait()
	for i, k := range first {
		_, _, s := segmentsOf(k.token)
		sig, err := base64.RawURLEncoding.DecodeString(s)
		require.NoError(t, err)
		assert.Equal(t, decodeSegment(t, k.token, 1), string(k.tok.Payload()), "payload %d", i)
		assert.Equal(t, sig, k.tok.Signature(), "signature %d", i)
		assert.Equal(t, sprintf("user-%d", i), k.dst.Subject)
		assert.Equal(t, sprintf("user-%d", i), k.tok.Claims().Subject)
		assert.Equal(t, strings.Repeat(string(rune('a'+i%26)), i*7), k.dst.Note)
	}
}
