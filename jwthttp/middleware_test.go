package jwthttp_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/algorithms"
	"github.com/jotgo/jwt/jwthttp"
)

func TestHandler(t *testing.T) {
	t.Parallel()
	valid := token(t, claims())
	expired := token(t, claims(func(c *Claims) {
		c.ExpiresAt = jwt.NewNumericDate(now.Add(-time.Second))
	}))
	early := token(t, claims(func(c *Claims) {
		c.NotBefore = jwt.NewNumericDate(now.Add(time.Minute))
	}))
	otherAudience := token(t, claims(func(c *Claims) { c.Audience = jwt.Audience{"other"} }))
	wrongType := token(t, claims(), jwt.WithHeaderType("rt+jwt"))
	tampered := valid[:len(valid)-2] + "AA"

	const (
		noToken    = `Bearer realm="api"`
		badRequest = `Bearer realm="api", error="invalid_request", error_description=`
		badToken   = `Bearer realm="api", error="invalid_token", ` +
			`error_description="the token is invalid"`
		expiredChal = `Bearer realm="api", error="invalid_token", error_description="the token expired"`
	)
	tests := []struct {
		name      string
		headers   []string
		status    int
		challenge string
		cause     error
	}{
		{"valid", []string{"Bearer " + valid}, 200, "", nil},
		{"scheme lower case", []string{"bearer " + valid}, 200, "", nil},
		{"scheme upper case", []string{"BEARER " + valid}, 200, "", nil},
		{"several spaces", []string{"Bearer   " + valid}, 200, "", nil},
		{"no header", nil, 401, noToken, jwthttp.ErrNoToken},
		{"basic scheme", []string{"Basic YWxpY2U6cGFzcw=="}, 401, noToken, jwthttp.ErrNoToken},
		{"scheme only", []string{"Bearer"}, 400, badRequest, jwthttp.ErrInvalidRequest},
		{"scheme and space", []string{"Bearer "}, 400, badRequest, jwthttp.ErrInvalidRequest},
		{"two tokens", []string{"Bearer " + valid + " " + valid}, 400, badRequest,
			jwthttp.ErrInvalidRequest},
		{"parameter after token", []string{"Bearer " + valid + ", realm=x"}, 400, badRequest,
			jwthttp.ErrInvalidRequest},
		{"not a b64token", []string{"Bearer a=b"}, 400, badRequest, jwthttp.ErrInvalidRequest},
		{"two headers", []string{"Bearer " + valid, "Bearer " + valid}, 400, badRequest,
			jwthttp.ErrInvalidRequest},
		{"expired", []string{"Bearer " + expired}, 401, expiredChal, jwt.ErrExpired},
		{"not yet valid", []string{"Bearer " + early}, 401,
			`Bearer realm="api", error="invalid_token", ` +
				`error_description="the token is not valid yet"`,
			jwt.ErrNotYetValid},
		{"bad signature", []string{"Bearer " + tampered}, 401, badToken, jwt.ErrSignature},
		{"not a JWT", []string{"Bearer abc"}, 401, badToken, jwt.ErrMalformed},
		{"b64token padding", []string{"Bearer abc=="}, 401, badToken, jwt.ErrMalformed},
		{"other audience", []string{"Bearer " + otherAudience}, 401, badToken, jwt.ErrAudience},
		{"wrong type", []string{"Bearer " + wrongType}, 401, badToken, jwt.ErrType},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var last *jwthttp.Error
			w := serve(newMiddleware(t, &last).Handler(hello), get(tc.headers...))
			require.Equal(t, tc.status, w.Code, w.Body.String())
			if tc.cause == nil {
				assert.Equal(t, "hello alice", w.Body.String())
				assert.Empty(t, w.Header().Values("WWW-Authenticate"))
				return
			}
			assert.True(t, strings.HasPrefix(w.Header().Get("WWW-Authenticate"), tc.challenge),
				w.Header().Get("WWW-Authenticate"))
			require.NotNil(t, last)
			assert.ErrorIs(t, last, tc.cause)
			assert.NotContains(t, w.Header().Get("WWW-Authenticate"), valid)
			assert.NotContains(t, w.Body.String(), valid)
		})
	}
}

// TestDescriptionsLeakNothing checks that no response to a refused token
// echoes the token, its claims or the verifier's internals.
func TestDescriptionsLeakNothing(t *testing.T) {
	t.Parallel()
	secretSubject := "subject-that-must-not-leak"
	tok := token(t, claims(func(c *Claims) {
		c.Subject = secretSubject
		c.Audience = jwt.Audience{"other"}
	}))
	var last *jwthttp.Error
	w := serve(newMiddleware(t, &last).Handler(hello), get("Bearer "+tok))
	require.Equal(t, http.StatusUnauthorized, w.Code)
	response := w.Header().Get("WWW-Authenticate") + w.Body.String()
	for _, secret := range []string{tok, secretSubject, "aud", "jwt:", "other"} {
		assert.NotContains(t, response, secret)
	}
	assert.NotContains(t, last.Error(), secretSubject)
}

func TestClaimsFrom(t *testing.T) {
	t.Parallel()
	var got struct {
		claims  Claims
		ok      bool
		wrongOK bool
		mapOK   bool
		tokenOK bool
		subject string
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.claims, got.ok = jwthttp.ClaimsFrom[Claims](r.Context())
		_, got.wrongOK = jwthttp.ClaimsFrom[*Claims](r.Context())
		_, got.mapOK = jwthttp.ClaimsFrom[map[string]any](r.Context())
		tok, ok := jwthttp.TokenFrom(r.Context())
		got.tokenOK = ok
		if ok {
			got.subject = tok.Claims().Subject
		}
	})
	var last *jwthttp.Error
	w := serve(newMiddleware(t, &last).Handler(h), get("Bearer "+token(t, claims())))
	require.Equal(t, http.StatusOK, w.Code)
	assert.True(t, got.ok)
	assert.Equal(t, "alice", got.claims.Subject)
	assert.False(t, got.wrongOK, "ClaimsFrom with another type")
	assert.False(t, got.mapOK, "ClaimsFrom with another type")
	assert.True(t, got.tokenOK)
	assert.Equal(t, "alice", got.subject)

	_, ok := jwthttp.ClaimsFrom[Claims](context.Background())
	assert.False(t, ok)
	_, ok = jwthttp.TokenFrom(context.Background())
	assert.False(t, ok)
}

func TestMapClaims(t *testing.T) {
	t.Parallel()
	m, err := jwthttp.New[map[string]any](verifier(t))
	require.NoError(t, err)
	var got map[string]any
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, _ = jwthttp.ClaimsFrom[map[string]any](r.Context())
	})
	w := serve(m.Handler(h), get("Bearer "+token(t, claims())))
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, "alice", got["sub"])
}

// countingKeys counts the tokens whose key it is asked for.
type countingKeys struct {
	jwt.KeySource
	n *int
}

func (k countingKeys) VerifierFor(ctx context.Context, h *jwt.Header) (
	algorithms.Verifier, error) {
	*k.n++
	return k.KeySource.VerifierFor(ctx, h)
}
