package jwk_test

import (
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/jwk"
)

func TestRemoteSetVerifies(t *testing.T) {
	t.Parallel()
	a := edKey(t, 1, jwk.WithKeyID("a"))
	p := newProvider(t, a)
	rs := remoteSet(t, p, newClock())
	c, _, err := jwt.VerifyAs[jwt.RegisteredClaims](t.Context(), verifier(t, rs),
		sign(t, a, "EdDSA", "alice"))
	require.NoError(t, err)
	assert.Equal(t, "alice", c.Subject)
	assert.Equal(t, int64(1), p.hits.Load())
	assert.Empty(t, rs.Issuer())
}

// TestRemoteSetUnknownKID checks that a token with an unknown kid makes
// the set fetch again, at most once per cooldown however many such
// tokens come, concurrently or not.
func TestRemoteSetUnknownKID(t *testing.T) {
	t.Parallel()
	p := newProvider(t, edKey(t, 1, jwk.WithKeyID("a")))
	c := newClock()
	rs := remoteSet(t, p, c)
	require.NoError(t, lookup(t, rs, "a", "EdDSA"))
	require.Equal(t, int64(1), p.hits.Load())

	c.advance(time.Minute)
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := lookup(t, rs, fmt.Sprintf("bogus-%d", i), "EdDSA")
			assert.ErrorIs(t, err, jwt.ErrKeyNotFound)
		}()
	}
	wg.Wait()
	assert.Equal(t, int64(2), p.hits.Load(), "one refetch for 200 unknown kids")

	c.advance(59 * time.Second)
	assert.ErrorIs(t, lookup(t, rs, "bogus", "EdDSA"), jwt.ErrKeyNotFound)
	assert.Equal(t, int64(2), p.hits.Load(), "within the cooldown")
	c.advance(time.Second)
	assert.ErrorIs(t, lookup(t, rs, "bogus", "EdDSA"), jwt.ErrKeyNotFound)
	assert.Equal(t, int64(3), p.hits.Load(), "after the cooldown")

	assert.ErrorIs(t, lookup(t, rs, "a", "ES256"), jwt.ErrAlgorithm)
	assert.Equal(t, int64(3), p.hits.Load(), "a known kid with another alg")
}

// TestRemoteSetRotation rotates the provider's keys: a new key is used
// from its first token, and a withdrawn key stops working once the set
// is fetched again.
func TestRemoteSetRotation(t *testing.T) {
	t.Parallel()
	a, b := edKey(t, 1, jwk.WithKeyID("a")), edKey(t, 2, jwk.WithKeyID("b"))
	p := newProvider(t, a)
	c := newClock()
	v := verifier(t, remoteSet(t, p, c))
	verify := func(k *jwk.Key) error {
		_, err := v.Verify(t.Context(), sign(t, k, "EdDSA", "alice"), nil)
		return err
	}
	require.NoError(t, verify(a))

	p.publish(t, a, b)
	c.advance(time.Minute)
	require.NoError(t, verify(b), "b is fetched at its first token")
	require.NoError(t, verify(a))
	assert.Equal(t, int64(2), p.hits.Load())

	p.publish(t, b)
	require.NoError(t, verify(a), "a is trusted until the set is refreshed")
	c.advance(10 * time.Minute)
	require.NoError(t, verify(a), "the expired set is used while it is refetched")
	eventually(t, func() bool { return p.hits.Load() == 3 }, "the refresh")
	eventually(t, func() bool { return verify(a) != nil }, "the refreshed set")
	require.ErrorIs(t, verify(a), jwt.ErrKeyNotFound)
	require.NoError(t, verify(b))
	assert.Equal(t, int64(3), p.hits.Load())
}

// TestRemoteSetCacheControl checks how long a fetched set is used: the
// provider's max-age less Age, within the configured bounds.
func TestRemoteSetCacheControl(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		header map[string]string
		fresh  time.Duration
	}{
		{"max-age", map[string]string{"Cache-Control": "public, max-age=300"}, 5 * time.Minute},
		{"max-age less Age", map[string]string{"Cache-Control": "max-age=300", "Age": "100"},
			200 * time.Second},
		{"below the minimum", map[string]string{"Cache-Control": "max-age=15"}, time.Minute},
		{"above the maximum", map[string]string{"Cache-Control": "max-age=86400"}, time.Hour},
		{"no-cache", map[string]string{"Cache-Control": "no-cache, max-age=300"}, time.Minute},
		{"no-store", map[string]string{"Cache-Control": "no-store"}, time.Minute},
		{"quoted", map[string]string{"Cache-Control": `max-age="300"`}, 5 * time.Minute},
		{"none", nil, time.Hour},
		{"not a number", map[string]string{"Cache-Control": "max-age=soon"}, time.Hour},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := edKey(t, 1, jwk.WithKeyID("a"))
			p := newProvider(t, a)
			body, err := jwk.NewSet([]*jwk.Key{a.Public()})
			require.NoError(t, err)
			out, err := body.MarshalJSON()
			require.NoError(t, err)
			p.serveBody(200, out, tc.header)
			c := newClock()
			rs := remoteSet(t, p, c, jwk.WithRefreshBounds(time.Minute, time.Hour),
				jwk.WithMaxStaleness(0))
			require.NoError(t, lookup(t, rs, "a", "EdDSA"))
			c.advance(tc.fresh - time.Second)
			require.NoError(t, lookup(t, rs, "a", "EdDSA"))
			assert.Equal(t, int64(1), p.hits.Load(), "still fresh")
			c.advance(time.Second)
			require.NoError(t, lookup(t, rs, "a", "EdDSA"))
			assert.Equal(t, int64(2), p.hits.Load(), "expired")
		})
	}
}

// TestRemoteSetETag checks revalidation with If-None-Match: a 304 keeps
// the set and starts its lifetime again.
func TestRemoteSetETag(t *testing.T) {
	t.Parallel()
	a := edKey(t, 1, jwk.WithKeyID("a"))
	p := newProvider(t)
	set, err := jwk.NewSet([]*jwk.Key{a.Public()})
	require.NoError(t, err)
	body, err := set.MarshalJSON()
	require.NoError(t, err)
	p.serveBody(200, body, map[string]string{"ETag": `"v1"`, "Cache-Control": "max-age=600"})
	c := newClock()
	rs := remoteSet(t, p, c, jwk.WithMaxStaleness(0))
	require.NoError(t, lookup(t, rs, "a", "EdDSA"))
	c.advance(10 * time.Minute)
	require.NoError(t, lookup(t, rs, "a", "EdDSA"))
	assert.Equal(t, int64(2), p.hits.Load())
	assert.Equal(t, int64(1), p.notModified.Load())
	c.advance(10*time.Minute - time.Second)
	require.NoError(t, lookup(t, rs, "a", "EdDSA"))
	assert.Equal(t, int64(2), p.hits.Load(), "the 304 renewed the set")
}

// TestRemoteSetBackgroundRefresh lets the set refresh itself with real
// timers: the provider's new key is known before any token names it.
func TestRemoteSetBackgroundRefresh(t *testing.T) {
	t.Parallel()
	a, b := edKey(t, 1, jwk.WithKeyID("a")), edKey(t, 2, jwk.WithKeyID("b"))
	p := newProvider(t, a)
	rs, err := jwk.NewRemoteSet(p.url(), jwk.WithRefreshBounds(20*time.Millisecond,
		20*time.Millisecond), jwk.WithRefetchCooldown(time.Hour))
	require.NoError(t, err)
	defer rs.Close()
	eventually(t, func() bool { return p.hits.Load() >= 1 }, "the first fetch")
	p.publish(t, a, b)
	n := p.hits.Load()
	eventually(t, func() bool { return p.hits.Load() >= n+2 }, "background refreshes")
	require.NoError(t, lookup(t, rs, "b", "EdDSA"))
}

// TestRemoteSetIssuer checks that a remote set with an issuer binds the
// verifiers built on it to that issuer.
func TestRemoteSetIssuer(t *testing.T) {
	t.Parallel()
	a := edKey(t, 1, jwk.WithKeyID("a"))
	p := newProvider(t, a)
	rs := remoteSet(t, p, newClock(), jwk.WithIssuer("https://issuer.example"))
	assert.Equal(t, "https://issuer.example", rs.Issuer())
	var _ jwt.IssuerKeySource = rs
	_, err := verifier(t, rs).Verify(t.Context(), sign(t, a, "EdDSA", "alice"), nil)
	require.NoError(t, err)

	s, err := a.Signer("EdDSA")
	require.NoError(t, err)
	other, err := jwt.Sign(s, jwt.RegisteredClaims{Issuer: "https://other.example",
		ExpiresAt: jwt.NewNumericDate(testNow.Add(time.Hour))})
	require.NoError(t, err)
	_, err = verifier(t, rs).Verify(t.Context(), other, nil)
	assert.ErrorIs(t, err, jwt.ErrIssuer)

	_, err = jwt.NewVerifier(rs, jwt.WithIssuer("https://other.example"),
		jwt.AllowAnyAudience())
	assert.ErrorIs(t, err, jwt.ErrInvalidArgument)
	_, err = jwt.NewVerifier(rs)
	assert.ErrorIs(t, err, jwt.ErrInvalidArgument, "an identity provider's keys need an audience")
}

// TestRemoteSetRSAAlgorithms checks that set options reach fetched sets.
func TestRemoteSetRSAAlgorithms(t *testing.T) {
	t.Parallel()
	r := withKID(t, rfcKey(t, "rfc7515-A.2"), "r")
	p := newProvider(t, r)
	rs := remoteSet(t, p, newClock(), jwk.WithSetOptions(jwk.WithRSAAlgorithms("PS256")))
	require.NoError(t, lookup(t, rs, "r", "PS256"))
	assert.ErrorIs(t, lookup(t, rs, "r", "RS256"), jwt.ErrAlgorithm)
}

func TestNewRemoteSetRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		url  string
		opt  jwk.RemoteOption
	}{
		{"relative URL", "/jwks.json", nil},
		{"http to another host", "http://example.com/jwks.json", nil},
		{"ftp", "ftp://127.0.0.1/jwks.json", nil},
		{"not a URL", "https://[::1", nil},
		{"nil client", "https://127.0.0.1/", jwk.WithHTTPClient(nil)},
		{"zero timeout", "https://127.0.0.1/", jwk.WithFetchTimeout(0)},
		{"zero body size", "https://127.0.0.1/", jwk.WithMaxBodySize(0)},
		{"min above max", "https://127.0.0.1/", jwk.WithRefreshBounds(time.Hour, time.Minute)},
		{"zero min", "https://127.0.0.1/", jwk.WithRefreshBounds(0, time.Minute)},
		{"zero cooldown", "https://127.0.0.1/", jwk.WithRefetchCooldown(0)},
		{"negative staleness", "https://127.0.0.1/", jwk.WithMaxStaleness(-1)},
		{"empty issuer", "https://127.0.0.1/", jwk.WithIssuer("")},
		{"bad set option", "https://127.0.0.1/",
			jwk.WithSetOptions(jwk.WithRSAAlgorithms("ES256"))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var opts []jwk.RemoteOption
			if tc.opt != nil {
				opts = append(opts, tc.opt)
			}
			rs, err := jwk.NewRemoteSet(tc.url, opts...)
			require.ErrorIs(t, err, jwt.ErrInvalidArgument)
			assert.Nil(t, rs)
		})
	}
	// No request leaves the test: the client fails every request itself.
	offline := &http.Client{Transport: failingTransport{}}
	for _, ok := range []string{"https://example.com/jwks", "http://localhost:8080/jwks",
		"http://[::1]:8080/", "http://127.0.0.2/jwks"} {
		rs, err := jwk.NewRemoteSet(ok, jwk.WithHTTPClient(offline))
		require.NoError(t, err, ok)
		assert.ErrorIs(t, rs.Refresh(t.Context()), jwk.ErrFetch)
		rs.Close()
	}
}

// A failingTransport fails every request without sending it.
type failingTransport struct{}

func (failingTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("offline")
}
