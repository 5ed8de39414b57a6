package jwthttp_test

import (
	"crypto/ed25519"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/algorithms"
	"github.com/jotgo/jwt/jwthttp"
)

// now is the fixed time of the tests.
var now = time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)

func clock() time.Time { return now }

// testKey is an Ed25519 key from a fixed seed.
var testKey = ed25519.NewKeyFromSeed([]byte("jwthttp tests use this seed....."))

// Claims are the claims of the tests' access tokens.
type Claims struct {
	jwt.RegisteredClaims
	Scope string   `json:"scope,omitempty"`
	Roles []string `json:"roles,omitempty"`
}

func signer(t testing.TB) *algorithms.EdDSASigner {
	t.Helper()
	s, err := algorithms.NewEdDSA(testKey)
	require.NoError(t, err)
	return s
}

// verifier returns the tests' verifier: audience "api", type "at+jwt".
func verifier(t testing.TB) *jwt.Verifier {
	t.Helper()
	v, err := jwt.NewVerifier(jwt.Key(signer(t).Verifier()),
		jwt.WithAudience("api"),
		jwt.WithType("at+jwt"),
		jwt.WithClock(clock),
	)
	require.NoError(t, err)
	return v
}

// claims returns valid claims for alice, with the given changes.
func claims(change ...func(*Claims)) Claims {
	c := Claims{RegisteredClaims: jwt.RegisteredClaims{
		Subject:   "alice",
		Audience:  jwt.Audience{"api"},
		ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour)),
		ID:        "token-1",
	}}
	for _, f := range change {
		f(&c)
	}
	return c
}

// token signs claims (any JSON object) as an access token, or with opts
// when there are any.
func token(t testing.TB, claims any, opts ...jwt.SignOption) string {
	t.Helper()
	if len(opts) == 0 {
		opts = []jwt.SignOption{jwt.WithHeaderType("at+jwt")}
	}
	tok, err := jwt.Sign(signer(t), claims, opts...)
	require.NoError(t, err)
	return tok
}

// newMiddleware returns a middleware on the tests' verifier whose error
// handler records the last error in *last before writing it.
func newMiddleware(t testing.TB, last **jwthttp.Error,
	opts ...jwthttp.Option) *jwthttp.Middleware[Claims] {
	t.Helper()
	return newMiddlewareFor[Claims](t, last, opts...)
}

// newMiddlewareFor is newMiddleware for claims of type T.
func newMiddlewareFor[T any](t testing.TB, last **jwthttp.Error,
	opts ...jwthttp.Option) *jwthttp.Middleware[T] {
	t.Helper()
	record := jwthttp.WithErrorHandler(
		func(w http.ResponseWriter, r *http.Request, e *jwthttp.Error) {
			*last = e
			jwthttp.WriteText(w, r, e)
		})
	m, err := jwthttp.New[T](verifier(t), append([]jwthttp.Option{record}, opts...)...)
	require.NoError(t, err)
	return m
}

// hello answers "hello " and the subject of the verified token.
var hello = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	tok, ok := jwthttp.TokenFrom(r.Context())
	if !ok {
		http.Error(w, "no token", http.StatusInternalServerError)
		return
	}
	w.Write([]byte("hello " + tok.Claims().Subject))
})

// serve sends r through h and returns the response.
func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// get returns a GET request with the given Authorization headers.
func get(authorization ...string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	for _, a := range authorization {
		r.Header.Add("Authorization", a)
	}
	return r
}
