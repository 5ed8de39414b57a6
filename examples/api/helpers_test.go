package main

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt/algorithms"
)

// start is the time at which every test's clock starts.
var start = time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)

// testAPI is the example API served on a loopback address.
type testAPI struct {
	t      *testing.T
	url    string
	client *http.Client
	logs   *lockedBuffer

	// elapsed is how far the API's clock is past start, in nanoseconds.
	elapsed atomic.Int64

	// issued has every token the API gave out, to check that none is
	// logged.
	mu     sync.Mutex
	issued []string
}

// A mode is how a test API is served.
type mode int

const (
	// plain is HTTP to an API that accepts it.
	plain mode = iota
	// https is HTTPS to an API that requires it.
	https
	// plainRequiringTLS is HTTP to an API that requires HTTPS.
	plainRequiringTLS
)

// startAPI serves a new API on 127.0.0.1 for the duration of the test.
func startAPI(t *testing.T, m mode) *testAPI {
	t.Helper()
	seed := []byte("examples/api test key seed......")
	signer, err := algorithms.NewEdDSA(ed25519.NewKeyFromSeed(seed))
	require.NoError(t, err)
	a := &testAPI{t: t, logs: &lockedBuffer{}}
	s, err := newServer(config{
		key:        signer,
		now:        func() time.Time { return start.Add(time.Duration(a.elapsed.Load())) },
		log:        log.New(a.logs, "", 0),
		requireTLS: m != plain,
	})
	require.NoError(t, err)
	ts := httptest.NewUnstartedServer(s.handler())
	if m == https {
		ts.StartTLS()
	} else {
		ts.Start()
	}
	a.url, a.client = ts.URL, ts.Client()
	t.Cleanup(func() {
		ts.Close()
		a.checkLogs()
	})
	return a
}

// advance moves the API's clock forward by d.
func (a *testAPI) advance(d time.Duration) { a.elapsed.Add(int64(d)) }

// response is what a request got back.
type response struct {
	status int
	header http.Header
	body   map[string]any
}

// do sends a request with body, if not nil, as JSON and the token, if not
// empty, as a bearer token.
func (a *testAPI) do(method, path string, body any, token string) response {
	a.t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(a.t, err)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, a.url+path, r)
	require.NoError(a.t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return a.send(req)
}

func (a *testAPI) send(req *http.Request) response {
	a.t.Helper()
	resp, err := a.client.Do(req)
	require.NoError(a.t, err)
	defer resp.Body.Close()
	out := response{status: resp.StatusCode, header: resp.Header}
	data, err := io.ReadAll(resp.Body)
	require.NoError(a.t, err)
	if len(data) > 0 && strings.Contains(resp.Header.Get("Content-Type"), "json") {
		require.NoError(a.t, json.Unmarshal(data, &out.body), string(data))
	}
	return out
}

// login logs user in and returns the access and refresh tokens.
func (a *testAPI) login(user, password string) (access, refresh string) {
	a.t.Helper()
	resp := a.do("POST", "/login", map[string]string{"username": user, "password": password}, "")
	require.Equal(a.t, http.StatusOK, resp.status, resp.body)
	return a.tokens(resp)
}

// refresh exchanges a refresh token and returns the new tokens.
func (a *testAPI) refresh(token string) (access, refresh string) {
	a.t.Helper()
	resp := a.do("POST", "/refresh", map[string]string{"refresh_token": token}, "")
	require.Equal(a.t, http.StatusOK, resp.status, resp.body)
	return a.tokens(resp)
}

func (a *testAPI) tokens(resp response) (access, refresh string) {
	a.t.Helper()
	access, _ = resp.body["access_token"].(string)
	refresh, _ = resp.body["refresh_token"].(string)
	require.NotEmpty(a.t, access)
	require.NotEmpty(a.t, refresh)
	a.mu.Lock()
	a.issued = append(a.issued, access, refresh)
	a.mu.Unlock()
	return access, refresh
}

// checkLogs fails the test if the API logged any token it issued, or any
// of its three parts.
func (a *testAPI) checkLogs() {
	logs := a.logs.String()
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, tok := range a.issued {
		for _, part := range strings.Split(tok, ".") {
			if strings.Contains(logs, part) {
				a.t.Errorf("a token was logged:\n%s", logs)
				return
			}
		}
	}
}

// lockedBuffer is a buffer that several goroutines may write to.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
