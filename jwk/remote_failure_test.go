package jwk_test

import (
	"bytes"
	"context"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/jwk"
)

// hang is a handler that answers only when the request is cancelled.
func hang(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }

// fiftyMegabytes is a handler that sends 50 MB of JSON-looking bytes,
// declaring their length or not.
func fiftyMegabytes(declare bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		const total = 50 << 20
		if declare {
			w.Header().Set("Content-Length", strconv.Itoa(total))
		}
		chunk := bytes.Repeat([]byte(" "), 1<<20)
		chunk[0] = '{'
		for sent := 0; sent < total; sent += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
			chunk[0] = ' '
		}
	}
}

// TestRemoteSetBadResponses checks that each way a provider can fail is a
// clear error matching ErrFetch, reported to the error handler, and that
// a verifier on the set reports a missing key.
func TestRemoteSetBadResponses(t *testing.T) {
	t.Parallel()
	json := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(body))
		}
	}
	secret := readTestdata(t, "rfc7517", "a3-symmetric-keys.json")
	tests := []struct {
		name    string
		handler http.HandlerFunc
		says    string
	}{
		{"500", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) }, "status 500"},
		{"404", http.NotFound, "status 404"},
		{"HTML", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte("<html><body>Sign in</body></html>"))
		}, `"text/html"`},
		{"not JSON", json(`{"keys":[`), "invalid JSON"},
		{"not a key set", json(`{"issuer":"https://issuer.example"}`), "no keys member"},
		{"no keys", json(`{"keys":[]}`), "no usable key"},
		{"only unsupported keys", json(`{"keys":[{"kty":"PQC"}]}`), "no usable key"},
		{"secret keys", json(string(secret)), "private or secret keys"},
		{"50 MB", fiftyMegabytes(false), "body longer than 1048576 bytes"},
		{"50 MB declared", fiftyMegabytes(true), "body longer than 1048576 bytes"},
		{"hangs", hang, "deadline exceeded"},
		{"304 unasked", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(304) },
			"status 304"},
		{"redirect to ftp", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "ftp://127.0.0.1/jwks.json", http.StatusFound)
		}, "redirect refused"},
		{"redirect loop", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, r.URL.Path, http.StatusFound)
		}, "10 redirects"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := newProvider(t)
			p.serveWith(tc.handler)
			var reported atomic.Pointer[error]
			rs := remoteSet(t, p, newClock(), jwk.WithFetchTimeout(200*time.Millisecond),
				jwk.WithErrorHandler(func(err error) { reported.Store(&err) }))
			err := lookup(t, rs, "a", "EdDSA")
			require.ErrorIs(t, err, jwk.ErrFetch)
			assert.ErrorContains(t, err, tc.says)
			eventually(t, func() bool { return reported.Load() != nil }, "the report")
			assert.ErrorIs(t, *reported.Load(), jwk.ErrFetch)

			_, err = verifier(t, rs).Verify(t.Context(), sign(t, edKey(t, 1), "EdDSA", "a"), nil)
			assert.ErrorIs(t, err, jwt.ErrKeyNotFound)
			assert.ErrorIs(t, err, jwk.ErrFetch)
		})
	}
}

// TestRemoteSetServesStaleSet checks that the last good set is used for
// the maximum staleness while the provider fails, and not after.
func TestRemoteSetServesStaleSet(t *testing.T) {
	t.Parallel()
	a := edKey(t, 1, jwk.WithKeyID("a"))
	p := newProvider(t, a)
	c := newClock()
	var failures atomic.Int64
	rs := remoteSet(t, p, c, jwk.WithMaxStaleness(time.Hour),
		jwk.WithErrorHandler(func(error) { failures.Add(1) }))
	require.NoError(t, lookup(t, rs, "a", "EdDSA"))

	p.serveWith(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) })
	c.advance(10 * time.Minute)
	require.NoError(t, lookup(t, rs, "a", "EdDSA"), "expired, and used")
	eventually(t, func() bool { return failures.Load() == 1 }, "the failed refresh")
	c.advance(time.Hour - time.Second)
	require.NoError(t, lookup(t, rs, "a", "EdDSA"), "just within the staleness")

	c.advance(time.Second)
	err := lookup(t, rs, "a", "EdDSA")
	require.ErrorIs(t, err, jwk.ErrFetch)
	assert.ErrorContains(t, err, "too old")
	assert.ErrorContains(t, err, "status 503")

	p.publish(t, a)
	assert.ErrorIs(t, lookup(t, rs, "a", "EdDSA"), jwk.ErrFetch, "within the cooldown")
	c.advance(time.Minute)
	require.NoError(t, lookup(t, rs, "a", "EdDSA"), "the provider is back")
}

// TestRemoteSetSharedFetch checks that callers that need a fetch at the
// same time share one request.
func TestRemoteSetSharedFetch(t *testing.T) {
	t.Parallel()
	a := edKey(t, 1, jwk.WithKeyID("a"))
	p := newProvider(t, a)
	release := make(chan struct{})
	p.serveWith(func(w http.ResponseWriter, r *http.Request) {
		<-release
		p.publish(t, a)
		p.serve(w, r)
	})
	rs := remoteSet(t, p, newClock())
	var wg sync.WaitGroup
	for range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.NoError(t, lookup(t, rs, "a", "EdDSA"))
		}()
	}
	eventually(t, func() bool { return p.hits.Load() == 1 }, "the first request")
	close(release)
	wg.Wait()
	assert.Equal(t, int64(2), p.hits.Load(), "one request, counted by both handlers")
}

// TestRemoteSetContext checks that a caller stops waiting when its
// context ends, and that the fetch goes on for the others.
func TestRemoteSetContext(t *testing.T) {
	t.Parallel()
	p := newProvider(t)
	p.serveWith(hang)
	rs := remoteSet(t, p, newClock(), jwk.WithFetchTimeout(time.Hour))
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	_, err := rs.VerifierFor(ctx, header(t, `{"alg":"EdDSA","kid":"a"}`))
	require.ErrorIs(t, err, jwk.ErrFetch)
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	cancelled, stop := context.WithCancel(t.Context())
	stop()
	assert.ErrorIs(t, rs.Refresh(cancelled), context.Canceled)
	require.NoError(t, rs.Close(), "Close ends the hanging fetch")
}

// TestRemoteSetClose checks what a closed set still does: it answers from
// the keys it holds and never fetches.
func TestRemoteSetClose(t *testing.T) {
	t.Parallel()
	p := newProvider(t, edKey(t, 1, jwk.WithKeyID("a")))
	c := newClock()
	rs := remoteSet(t, p, c)
	require.NoError(t, lookup(t, rs, "a", "EdDSA"))
	require.NoError(t, rs.Close())
	require.NoError(t, rs.Close())
	c.advance(time.Hour)
	require.NoError(t, lookup(t, rs, "a", "EdDSA"))
	assert.ErrorIs(t, lookup(t, rs, "b", "EdDSA"), jwt.ErrKeyNotFound)
	assert.ErrorIs(t, rs.Refresh(t.Context()), jwk.ErrFetch)
	assert.Equal(t, int64(1), p.hits.Load())
}

// TestRemoteSetNoGoroutineLeak runs a set with fast background refreshes,
// concurrent lookups and a fetch hanging at Close, and checks that Close
// leaves no goroutine behind. It does not run in parallel, so that the
// count is this test's alone.
func TestRemoteSetNoGoroutineLeak(t *testing.T) {
	p := newProvider(t, edKey(t, 1, jwk.WithKeyID("a")))
	client := &http.Client{Transport: &http.Transport{}}
	before := runtime.NumGoroutine()

	rs, err := jwk.NewRemoteSet(p.url(), jwk.WithHTTPClient(client),
		jwk.WithRefreshBounds(5*time.Millisecond, 5*time.Millisecond),
		jwk.WithRefetchCooldown(time.Millisecond))
	require.NoError(t, err)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = lookup(t, rs, strconv.Itoa(i%3), "EdDSA")
		}()
	}
	wg.Wait()
	eventually(t, func() bool { return p.hits.Load() >= 5 }, "background refreshes")
	p.serveWith(hang)
	n := p.hits.Load()
	eventually(t, func() bool { return p.hits.Load() > n }, "a hanging fetch")
	require.NoError(t, rs.Close())

	client.CloseIdleConnections()
	p.srv.CloseClientConnections()
	eventually(t, func() bool { return runtime.NumGoroutine() <= before },
		"goroutines to end after Close")
}
