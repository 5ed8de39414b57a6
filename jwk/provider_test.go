package jwk_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/jwk"
)

// A provider is a JWKS endpoint on a loopback httptest server whose
// answers a test controls.
type provider struct {
	srv  *httptest.Server
	hits atomic.Int64
	// notModified counts the 304 answers.
	notModified atomic.Int64

	mu     sync.Mutex
	body   []byte
	header map[string]string
	status int
	// handle, when set, answers instead of the fields above.
	handle http.HandlerFunc
}

func newProvider(t testing.TB, keys ...*jwk.Key) *provider {
	t.Helper()
	p := &provider{status: http.StatusOK}
	p.publish(t, keys...)
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *provider) url() string { return p.srv.URL + "/jwks.json" }

// publish makes the provider serve the public set of keys.
func (p *provider) publish(t testing.TB, keys ...*jwk.Key) {
	t.Helper()
	set, err := jwk.NewSet(keys)
	require.NoError(t, err)
	body, err := json.Marshal(set)
	require.NoError(t, err)
	p.serveBody(http.StatusOK, body, nil)
}

// serveBody makes the provider answer with status, body and headers.
func (p *provider) serveBody(status int, body []byte, header map[string]string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.status, p.body, p.header, p.handle = status, body, header, nil
}

func (p *provider) serveWith(h http.HandlerFunc) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.handle = h
}

func (p *provider) serve(w http.ResponseWriter, r *http.Request) {
	p.hits.Add(1)
	p.mu.Lock()
	status, body, header, handle := p.status, p.body, p.header, p.handle
	p.mu.Unlock()
	if handle != nil {
		handle(w, r)
		return
	}
	etag := header["ETag"]
	if etag != "" && r.Header.Get("If-None-Match") == etag {
		p.notModified.Add(1)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	for k, v := range header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// A clock is a test clock that only moves when told to.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: testNow} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// remoteSet returns a remote set on p that reads the time from c, with a
// refresh time of 10 minutes and a cooldown of a minute unless opts say
// otherwise. It is closed when the test ends.
func remoteSet(t testing.TB, p *provider, c *clock, opts ...jwk.RemoteOption) *jwk.RemoteSet {
	t.Helper()
	opts = append([]jwk.RemoteOption{
		jwk.WithClockForTest(c.Now),
		jwk.WithRefreshBounds(10*time.Minute, 10*time.Minute),
		jwk.WithRefetchCooldown(time.Minute),
	}, opts...)
	rs, err := jwk.NewRemoteSet(p.url(), opts...)
	require.NoError(t, err)
	t.Cleanup(func() { rs.Close() })
	return rs
}

// lookup asks keys for the verifier of a token with kid and alg.
func lookup(t testing.TB, keys jwt.KeySource, kid, alg string) error {
	t.Helper()
	_, err := keys.VerifierFor(context.Background(),
		header(t, fmt.Sprintf(`{"alg":%q,"kid":%q}`, alg, kid)))
	return err
}

// eventually waits up to 10 seconds for cond, for the effects of
// background goroutines; it never asserts on elapsed time.
func eventually(t testing.TB, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
