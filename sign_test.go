package jwt_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/algorithms"
)

func decodeSegment(t *testing.T, token string, i int) string {
	t.Helper()
	h, p, _ := segmentsOf(token)
	b, err := base64.RawURLEncoding.DecodeString([]string{h, p}[i])
	require.NoError(t, err)
	return string(b)
}

func TestSignHeader(t *testing.T) {
	t.Parallel()
	hs := testHMAC(t)
	claims := jwt.RegisteredClaims{Subject: "alice"}
	tests := []struct {
		name   string
		signer algorithms.Signer
		opts   []jwt.SignOption
		want   string
	}{
		{"default", hs, nil, `{"alg":"HS256","typ":"JWT"}`},
		{"type", hs, []jwt.SignOption{jwt.WithHeaderType("at+jwt")},
			`{"alg":"HS256","typ":"at+jwt"}`},
		{"content type", hs, []jwt.SignOption{jwt.WithContentType("x")},
			`{"alg":"HS256","typ":"JWT","cty":"x"}`},
		{"key ID", hs, []jwt.SignOption{jwt.WithKeyID("k1")},
			`{"alg":"HS256","typ":"JWT","kid":"k1"}`},
		{"signer's key ID", algorithms.WithKeyID(hs, "k2"), nil,
			`{"alg":"HS256","typ":"JWT","kid":"k2"}`},
		{"key ID overrides signer's", algorithms.WithKeyID(hs, "k2"),
			[]jwt.SignOption{jwt.WithKeyID("k3")}, `{"alg":"HS256","typ":"JWT","kid":"k3"}`},
		{"extra members", hs, []jwt.SignOption{
			jwt.WithHeader("x5t#S256", json.RawMessage(`"abc"`)),
			jwt.WithHeader("n", json.RawMessage(` {"a": [1]} `)),
		}, `{"alg":"HS256","typ":"JWT","x5t#S256":"abc","n": {"a": [1]} }`},
		{"escaped", hs, []jwt.SignOption{jwt.WithKeyID("a\"b\\c\n\x01é")},
			`{"alg":"HS256","typ":"JWT","kid":"a\"b\\c\n\u0001é"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			token, err := jwt.Sign(tc.signer, claims, tc.opts...)
			require.NoError(t, err)
			assert.Equal(t, tc.want, decodeSegment(t, token, 0))
			_, err = testVerifier(t, jwt.AllowMissingExpiration()).Verify(
				context.Background(), token, nil)
			require.NoError(t, err)
		})
	}
}

func TestSignRefuses(t *testing.T) {
	t.Parallel()
	hs := testHMAC(t)
	tests := []struct {
		name   string
		claims any
		opts   []jwt.SignOption
	}{
		{"header alg", jwt.RegisteredClaims{},
			[]jwt.SignOption{jwt.WithHeader("alg", json.RawMessage(`"none"`))}},
		{"header b64", jwt.RegisteredClaims{},
			[]jwt.SignOption{jwt.WithHeader("b64", json.RawMessage(`false`))}},
		{"header zip", jwt.RegisteredClaims{},
			[]jwt.SignOption{jwt.WithHeader("zip", json.RawMessage(`"DEF"`))}},
		{"header kid", jwt.RegisteredClaims{},
			[]jwt.SignOption{jwt.WithHeader("kid", json.RawMessage(`"k"`))}},
		{"header typ in capitals", jwt.RegisteredClaims{},
			[]jwt.SignOption{jwt.WithHeader("Typ", json.RawMessage(`"x"`))}},
		{"header crit without its member", jwt.RegisteredClaims{},
			[]jwt.SignOption{jwt.WithHeader("crit", json.RawMessage(`["urn:a"]`))}},
		{"header crit empty", jwt.RegisteredClaims{},
			[]jwt.SignOption{jwt.WithHeader("crit", json.RawMessage(`[]`))}},
		{"65 audiences", jwt.RegisteredClaims{Audience: make(jwt.Audience, 65)}, nil},
		{"header member twice", jwt.RegisteredClaims{}, []jwt.SignOption{
			jwt.WithHeader("x", json.RawMessage(`1`)), jwt.WithHeader("X", json.RawMessage(`2`)),
		}},
		{"header value not JSON", jwt.RegisteredClaims{},
			[]jwt.SignOption{jwt.WithHeader("x", json.RawMessage(`{`))}},
		{"header value two values", jwt.RegisteredClaims{},
			[]jwt.SignOption{jwt.WithHeader("x", json.RawMessage(`1 2`))}},
		{"type twice", jwt.RegisteredClaims{},
			[]jwt.SignOption{jwt.WithHeaderType("a"), jwt.WithHeaderType("b")}},
		{"kid not UTF-8", jwt.RegisteredClaims{}, []jwt.SignOption{jwt.WithKeyID("\xff")}},
		{"claims not an object", "a string", nil},
		{"claims nil", nil, nil},
		{"claims case variants", map[string]any{"role": 1, "Role": 2}, nil},
		{"claims not encodable", map[string]any{"c": make(chan int)}, nil},
		{"exp out of range", jwt.RegisteredClaims{
			ExpiresAt: jwt.NumericDate{Time: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
		}, nil},
		{"embedded exp out of range", accessClaims{RegisteredClaims: jwt.RegisteredClaims{
			ExpiresAt: jwt.NumericDate{Time: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
		}}, nil},
		{"issuer not UTF-8", jwt.RegisteredClaims{Issuer: "\xff"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			token, err := jwt.Sign(hs, tc.claims, tc.opts...)
			require.ErrorIs(t, err, jwt.ErrInvalidArgument)
			assert.False(t, errors.Is(err, jwt.ErrMalformed), "one category only")
			assert.Empty(t, token)
		})
	}
	_, err := jwt.Sign(nil, jwt.RegisteredClaims{})
	require.ErrorIs(t, err, jwt.ErrInvalidArgument)
}

func TestSignCritical(t *testing.T) {
	t.Parallel()
	token, err := jwt.Sign(testHMAC(t), jwt.RegisteredClaims{},
		jwt.WithHeader("crit", json.RawMessage(`["urn:a"]`)),
		jwt.WithHeader("urn:a", json.RawMessage(`true`)),
		nil)
	require.NoError(t, err)
	_, err = testVerifier(t, jwt.AllowMissingExpiration()).Verify(context.Background(), token, nil)
	require.ErrorIs(t, err, jwt.ErrCritical)
	_, err = testVerifier(t, jwt.AllowMissingExpiration(), jwt.WithCritical("urn:a")).Verify(
		context.Background(), token, nil)
	require.NoError(t, err)
}

func TestSignClaims(t *testing.T) {
	t.Parallel()
	hs := testHMAC(t)
	exp := time.Unix(1700003600, 999_000_000)
	rc := jwt.RegisteredClaims{
		Issuer:    "https://issuer.example",
		Subject:   "alice",
		Audience:  jwt.Audience{"api"},
		ExpiresAt: jwt.NumericDate{Time: exp},
		NotBefore: jwt.NewNumericDate(testNow),
		IssuedAt:  jwt.NewNumericDate(testNow),
		ID:        "id-1",
	}
	want := `{"iss":"https://issuer.example","sub":"alice","aud":"api","exp":1700003600,` +
		`"nbf":1700000000,"iat":1700000000,"jti":"id-1"}`
	tests := []struct {
		name   string
		claims any
		want   string
	}{
		{"registered", rc, want},
		{"pointer", &rc, want},
		{"embedded", accessClaims{RegisteredClaims: rc, Scope: "s", Roles: []string{"r"}},
			want[:len(want)-1] + `,"scope":"s","roles":["r"]}`},
		{"map", map[string]any{"sub": "bob", "exp": 1700003600}, `{"exp":1700003600,"sub":"bob"}`},
		{"two audiences", jwt.RegisteredClaims{Audience: jwt.Audience{"a", "b"}}, `{"aud":["a","b"]}`},
		{"empty", jwt.RegisteredClaims{}, `{}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			token, err := jwt.Sign(hs, tc.claims)
			require.NoError(t, err)
			assert.Equal(t, tc.want, decodeSegment(t, token, 1))
		})
	}
}

func TestSignRoundTrip(t *testing.T) {
	t.Parallel()
	in := accessClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    "https://issuer.example",
			Audience:  jwt.Audience{"a", "b"},
			ExpiresAt: jwt.NewNumericDate(testNow.Add(time.Hour)),
		},
		Scope: "read",
		Roles: []string{"x", "y"},
	}
	token, err := jwt.Sign(testHMAC(t), in)
	require.NoError(t, err)
	out, _, err := jwt.VerifyAs[accessClaims](context.Background(), testVerifier(t), token)
	require.NoError(t, err)
	assert.Equal(t, in, out)
}

// TestSignConcurrent signs claims of many sizes from several goroutines,
// which share the buffers that signing reuses, and checks that every token
// verifies and holds its own claims.
func TestSignConcurrent(t *testing.T) {
	t.Parallel()
	hs, v := testHMAC(t), testVerifier(t)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				in := accessClaims{
					RegisteredClaims: jwt.RegisteredClaims{
						Subject:   strings.Repeat("s", g*100+i),
						ExpiresAt: jwt.NewNumericDate(testNow.Add(time.Hour)),
					},
					Scope: strings.Repeat("r", (g*37+i*11)%500),
				}
				token, err := jwt.Sign(hs, in)
				if !assert.NoError(t, err) {
					return
				}
				out, _, err := jwt.VerifyAs[accessClaims](context.Background(), v, token)
				assert.NoError(t, err)
				assert.Equal(t, in, out)
			}
		}()
	}
	wg.Wait()
}

// ctxSigner records the context it signs with.
type ctxSigner struct {
	algorithms.Signer
	got context.Context
}

func (s *ctxSigner) SignContext(ctx context.Context, input []byte) ([]byte, error) {
	s.got = ctx
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return s.Sign(input)
}

func TestSignContext(t *testing.T) {
	t.Parallel()
	type key struct{}
	s := &ctxSigner{Signer: testHMAC(t)}
	ctx := context.WithValue(context.Background(), key{}, "v")
	_, err := jwt.SignContext(ctx, s, jwt.RegisteredClaims{})
	require.NoError(t, err)
	assert.Equal(t, "v", s.got.Value(key{}))

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = jwt.SignContext(cancelled, s, jwt.RegisteredClaims{})
	require.ErrorIs(t, err, context.Canceled)
}

// failingSigner fails to sign.
type failingSigner struct{ algorithms.Signer }

var errKMS = errors.New("kms unavailable")

func (failingSigner) Sign([]byte) ([]byte, error) { return nil, errKMS }

func TestSignerFailure(t *testing.T) {
	t.Parallel()
	token, err := jwt.Sign(failingSigner{testHMAC(t)}, jwt.RegisteredClaims{})
	require.ErrorIs(t, err, errKMS)
	assert.Empty(t, token)
}

func TestSignPayload(t *testing.T) {
	t.Parallel()
	token, err := jwt.SignPayload(testHMAC(t), []byte("hello"))
	require.NoError(t, err)
	assert.Equal(t, `{"alg":"HS256"}`, decodeSegment(t, token, 0))
	token, err = jwt.SignPayload(testHMAC(t), nil, jwt.WithHeaderType("example"))
	require.NoError(t, err)
	assert.Equal(t, `{"alg":"HS256","typ":"example"}`, decodeSegment(t, token, 0))
	_, payload, err := testVerifier(t).VerifyPayload(context.Background(), token)
	require.NoError(t, err)
	assert.Empty(t, payload)
}

// appendingSigner writes its MAC after the signing input, in the spare
// capacity of the slice it is given.
type appendingSigner struct{ *algorithms.HMAC }

func (s appendingSigner) Sign(input []byte) ([]byte, error) {
	m := hmac.New(sha256.New, testSecret)
	m.Write(input)
	return m.Sum(input[len(input):]), nil
}

// TestSignerAppendingToInput checks that a Signer that appends to the
// signing input cannot write over the token being built.
func TestSignerAppendingToInput(t *testing.T) {
	t.Parallel()
	token, err := jwt.Sign(appendingSigner{testHMAC(t)}, jwt.RegisteredClaims{
		Subject: "alice", ExpiresAt: jwt.NewNumericDate(testNow.Add(time.Hour)),
	})
	require.NoError(t, err)
	_, err = testVerifier(t).Verify(context.Background(), token, nil)
	require.NoError(t, err)
}
