package jwthttp_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/jwthttp"
)

// brokenStore is a Denylist whose store is down.
type brokenStore struct{}

var errDown = errors.New("store down")

func (brokenStore) Add(context.Context, string, time.Time) error { return errDown }

func (brokenStore) Contains(context.Context, string) (bool, error) { return false, errDown }

func TestRevocation(t *testing.T) {
	t.Parallel()
	list, err := jwthttp.NewMemoryDenylist(10, jwthttp.WithDenylistClock(clock))
	require.NoError(t, err)
	require.NoError(t, list.Add(context.Background(), "revoked", now.Add(time.Hour)))
	bob := jwthttp.RevokerFunc(func(_ context.Context, t *jwt.Token) (bool, error) {
		return t.Claims().Subject == "bob", nil
	})
	const revokedChallenge = `Bearer realm="api", error="invalid_token", ` +
		`error_description="the token was revoked"`
	tests := []struct {
		name      string
		option    jwthttp.Option
		claims    Claims
		status    int
		challenge string
		cause     error
	}{
		{"not revoked", jwthttp.WithDenylist(list), claims(), 200, "", nil},
		{"revoked", jwthttp.WithDenylist(list), claims(func(c *Claims) { c.ID = "revoked" }),
			401, revokedChallenge, jwthttp.ErrRevoked},
		{"no jti", jwthttp.WithDenylist(list), claims(func(c *Claims) { c.ID = "" }),
			401, revokedChallenge, jwthttp.ErrRevoked},
		{"store down", jwthttp.WithDenylist(brokenStore{}), claims(), 503, "", errDown},
		{"rule", jwthttp.WithRevoker(bob), claims(func(c *Claims) { c.Subject = "bob" }),
			401, revokedChallenge, jwthttp.ErrRevoked},
		{"rule lets through", jwthttp.WithRevoker(bob), claims(), 200, "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var last *jwthttp.Error
			m := newMiddleware(t, &last, tc.option)
			w := serve(m.Handler(hello), get("Bearer "+token(t, tc.claims)))
			require.Equal(t, tc.status, w.Code, w.Body.String())
			assert.Equal(t, tc.challenge, w.Header().Get("WWW-Authenticate"))
			if tc.cause != nil {
				assert.ErrorIs(t, last, tc.cause)
			}
			if tc.status == http.StatusServiceUnavailable {
				assert.ErrorIs(t, last, jwthttp.ErrRevocationCheck)
			}
		})
	}
}

func TestRevoke(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tok, err := jwt.ParseUnverified(token(t, claims()))
	require.NoError(t, err)
	noID, err := jwt.ParseUnverified(token(t, claims(func(c *Claims) { c.ID = "" })))
	require.NoError(t, err)
	noExp, err := jwt.ParseUnverified(token(t, claims(func(c *Claims) {
		c.ExpiresAt = jwt.NumericDate{}
	})))
	require.NoError(t, err)

	at := now
	list, err := jwthttp.NewMemoryDenylist(10,
		jwthttp.WithDenylistClock(func() time.Time { return at }))
	require.NoError(t, err)
	require.NoError(t, jwthttp.Revoke(ctx, list, tok))
	assert.ErrorIs(t, jwthttp.Revoke(ctx, list, noID), jwthttp.ErrInvalidArgument)

	// The entry outlives "exp" by the largest leeway a verifier may have,
	// as long as any verifier accepts the token.
	at = now.Add(time.Hour + jwt.MaxLeeway - time.Second)
	assert.True(t, contains(t, list, "token-1"))
	at = now.Add(time.Hour + jwt.MaxLeeway)
	assert.False(t, contains(t, list, "token-1"))

	require.NoError(t, jwthttp.Revoke(ctx, list, noExp))
	at = now.Add(100 * 365 * 24 * time.Hour)
	assert.True(t, contains(t, list, "token-1"), "a token without exp is revoked forever")
}

func contains(t *testing.T, d jwthttp.Denylist, id string) bool {
	t.Helper()
	ok, err := d.Contains(context.Background(), id)
	require.NoError(t, err)
	return ok
}
