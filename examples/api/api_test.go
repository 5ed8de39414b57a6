package main

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
)

const (
	alicePassword = "wonderland"
	adminPassword = "correct horse battery staple"

	noTokenChallenge = `Bearer realm="jotgo-example-api"`
	invalidChallenge = `Bearer realm="jotgo-example-api", error="invalid_token", ` +
		`error_description="the token is invalid"`
	revokedChallenge = `Bearer realm="jotgo-example-api", error="invalid_token", ` +
		`error_description="the token was revoked"`
)

func TestHealth(t *testing.T) {
	t.Parallel()
	a := startAPI(t, plain)
	resp := a.do("GET", "/health", nil, "")
	assert.Equal(t, http.StatusOK, resp.status)
	assert.Equal(t, map[string]any{"status": "ok"}, resp.body)
	assert.Equal(t, http.StatusMethodNotAllowed, a.do("POST", "/health", nil, "").status)
}

func TestLogin(t *testing.T) {
	t.Parallel()
	a := startAPI(t, plain)
	tests := []struct {
		name   string
		body   any
		status int
		code   string
	}{
		{"alice", map[string]string{"username": "alice", "password": alicePassword}, 200, ""},
		{"admin", map[string]string{"username": "admin", "password": adminPassword}, 200, ""},
		{"wrong password", map[string]string{"username": "alice", "password": "x"}, 400,
			"invalid_grant"},
		{"unknown user", map[string]string{"username": "bob", "password": alicePassword}, 400,
			"invalid_grant"},
		{"another user's password",
			map[string]string{"username": "alice", "password": adminPassword}, 400, "invalid_grant"},
		{"not an object", []string{"alice"}, 400, "invalid_request"},
		{"unknown member", map[string]string{"user": "alice"}, 400, "invalid_request"},
		{"no body", nil, 400, "invalid_request"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := a.do("POST", "/login", tc.body, "")
			require.Equal(t, tc.status, resp.status, resp.body)
			assert.Equal(t, "no-store", resp.header.Get("Cache-Control"))
			if tc.code != "" {
				assert.Equal(t, tc.code, resp.body["error"])
				return
			}
			assert.Equal(t, "Bearer", resp.body["token_type"])
			assert.Equal(t, 900.0, resp.body["expires_in"])
			access, refresh := a.tokens(resp)
			assertType(t, access, "at+jwt")
			assertType(t, refresh, "rt+jwt")
		})
	}
}

func assertType(t *testing.T, token, typ string) {
	t.Helper()
	tok, err := jwt.ParseUnverified(token)
	require.NoError(t, err)
	assert.Equal(t, typ, tok.Header().Type())
}

func TestProfileAndAdmin(t *testing.T) {
	t.Parallel()
	a := startAPI(t, plain)
	alice, _ := a.login("alice", alicePassword)
	admin, _ := a.login("admin", adminPassword)

	resp := a.do("GET", "/profile", nil, alice)
	require.Equal(t, http.StatusOK, resp.status)
	assert.Equal(t, "alice", resp.body["sub"])
	assert.Equal(t, []any{"user"}, resp.body["roles"])
	assert.Equal(t, "2026-01-02T15:19:05Z", resp.body["expires_at"])

	resp = a.do("GET", "/admin", nil, alice)
	require.Equal(t, http.StatusForbidden, resp.status)
	assert.Equal(t, `Bearer realm="jotgo-example-api", error="insufficient_scope", `+
		`error_description="the token lacks a required role"`,
		resp.header.Get("WWW-Authenticate"))
	assert.Equal(t, "application/problem+json", resp.header.Get("Content-Type"))

	resp = a.do("GET", "/admin", nil, admin)
	require.Equal(t, http.StatusOK, resp.status)
	assert.Equal(t, "hello, admin: you are an admin", resp.body["message"])
}

// TestRefusals sends every kind of bad request to each protected route
// and checks the status and the challenge.
func TestRefusals(t *testing.T) {
	t.Parallel()
	a := startAPI(t, plain)
	expired, refresh := a.login("admin", adminPassword)
	a.advance(accessTTL)
	fresh, _ := a.login("admin", adminPassword)

	badRequest := `Bearer realm="jotgo-example-api", error="invalid_request", error_description=`
	tests := []struct {
		name      string
		header    []string
		status    int
		challenge string
	}{
		{"no token", nil, 401, noTokenChallenge},
		{"basic credentials", []string{"Basic YWRtaW46eA=="}, 401, noTokenChallenge},
		{"bearer without token", []string{"Bearer"}, 400, badRequest},
		{"two tokens", []string{"Bearer " + fresh + " " + fresh}, 400, badRequest},
		{"two headers", []string{"Bearer " + fresh, "Bearer " + fresh}, 400, badRequest},
		{"garbage", []string{"Bearer abc"}, 401, invalidChallenge},
		{"tampered", []string{"Bearer " + fresh[:len(fresh)-4] + "AAAA"}, 401, invalidChallenge},
		{"expired", []string{"Bearer " + expired}, 401, `Bearer realm="jotgo-example-api", ` +
			`error="invalid_token", error_description="the token expired"`},
		{"refresh token as access token", []string{"Bearer " + refresh}, 401, invalidChallenge},
	}
	for _, route := range []string{"GET /profile", "GET /admin", "POST /logout"} {
		method, path, _ := strings.Cut(route, " ")
		for _, tc := range tests {
			t.Run(route+"/"+tc.name, func(t *testing.T) {
				req, err := http.NewRequest(method, a.url+path, nil)
				require.NoError(t, err)
				for _, h := range tc.header {
					req.Header.Add("Authorization", h)
				}
				resp := a.send(req)
				require.Equal(t, tc.status, resp.status, resp.body)
				assert.True(t, strings.HasPrefix(resp.header.Get("WWW-Authenticate"),
					tc.challenge), resp.header.Get("WWW-Authenticate"))
			})
		}
	}
	assert.Equal(t, http.StatusOK, a.do("GET", "/profile", nil, fresh).status)
}

func TestRefreshRotation(t *testing.T) {
	t.Parallel()
	a := startAPI(t, plain)
	access1, refresh1 := a.login("alice", alicePassword)
	access2, refresh2 := a.refresh(refresh1)
	assert.NotEqual(t, refresh1, refresh2)
	assert.Equal(t, http.StatusOK, a.do("GET", "/profile", nil, access1).status)
	assert.Equal(t, http.StatusOK, a.do("GET", "/profile", nil, access2).status)
	access3, refresh3 := a.refresh(refresh2)

	// Using refresh1 again is a reuse: the whole session ends.
	resp := a.do("POST", "/refresh", map[string]string{"refresh_token": refresh1}, "")
	require.Equal(t, http.StatusBadRequest, resp.status)
	assert.Equal(t, "invalid_grant", resp.body["error"])
	for _, tok := range []string{access1, access2, access3} {
		resp := a.do("GET", "/profile", nil, tok)
		assert.Equal(t, http.StatusUnauthorized, resp.status)
		assert.Equal(t, revokedChallenge, resp.header.Get("WWW-Authenticate"))
	}
	resp = a.do("POST", "/refresh", map[string]string{"refresh_token": refresh3}, "")
	assert.Equal(t, http.StatusBadRequest, resp.status, "the newest refresh token died too")

	// Another session of the same user is not affected.
	other, otherRefresh := a.login("alice", alicePassword)
	assert.Equal(t, http.StatusOK, a.do("GET", "/profile", nil, other).status)
	a.refresh(otherRefresh)
}

func TestRefreshRefusals(t *testing.T) {
	t.Parallel()
	a := startAPI(t, plain)
	access, refresh := a.login("alice", alicePassword)
	tests := []struct {
		name  string
		body  any
		error string
	}{
		{"access token", map[string]string{"refresh_token": access}, "invalid_grant"},
		{"garbage", map[string]string{"refresh_token": "abc"}, "invalid_grant"},
		{"empty", map[string]string{"refresh_token": ""}, "invalid_grant"},
		{"no body", nil, "invalid_request"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := a.do("POST", "/refresh", tc.body, "")
			require.Equal(t, http.StatusBadRequest, resp.status)
			assert.Equal(t, tc.error, resp.body["error"])
		})
	}
	a.advance(refreshTTL)
	resp := a.do("POST", "/refresh", map[string]string{"refresh_token": refresh}, "")
	assert.Equal(t, http.StatusBadRequest, resp.status, "expired refresh token")
}

func TestLogout(t *testing.T) {
	t.Parallel()
	a := startAPI(t, plain)
	access1, refresh1 := a.login("alice", alicePassword)
	access2, refresh2 := a.refresh(refresh1)
	stays, _ := a.login("alice", alicePassword)

	resp := a.do("POST", "/logout", nil, access2)
	require.Equal(t, http.StatusNoContent, resp.status)
	for _, tok := range []string{access1, access2} {
		resp := a.do("GET", "/profile", nil, tok)
		assert.Equal(t, http.StatusUnauthorized, resp.status)
		assert.Equal(t, revokedChallenge, resp.header.Get("WWW-Authenticate"))
	}
	resp = a.do("POST", "/refresh", map[string]string{"refresh_token": refresh2}, "")
	assert.Equal(t, http.StatusBadRequest, resp.status)
	assert.Equal(t, http.StatusUnauthorized, a.do("POST", "/logout", nil, access2).status)
	assert.Equal(t, http.StatusOK, a.do("GET", "/profile", nil, stays).status)
}

// TestConcurrentSessions runs whole sessions in parallel, for -race.
func TestConcurrentSessions(t *testing.T) {
	t.Parallel()
	a := startAPI(t, plain)
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runSession(a)
		}()
	}
	wg.Wait()
}

// runSession logs in, uses and refreshes its tokens, and logs out, checking
// each answer without stopping the test from another goroutine.
func runSession(a *testAPI) {
	t := a.t
	resp := a.do("POST", "/login",
		map[string]string{"username": "admin", "password": adminPassword}, "")
	if !assert.Equal(t, http.StatusOK, resp.status) {
		return
	}
	access, refresh := resp.body["access_token"].(string), resp.body["refresh_token"].(string)
	assert.Equal(t, http.StatusOK, a.do("GET", "/admin", nil, access).status)
	resp = a.do("POST", "/refresh", map[string]string{"refresh_token": refresh}, "")
	if !assert.Equal(t, http.StatusOK, resp.status) {
		return
	}
	newAccess := resp.body["access_token"].(string)
	assert.Equal(t, http.StatusOK, a.do("GET", "/profile", nil, newAccess).status)
	assert.Equal(t, http.StatusNoContent, a.do("POST", "/logout", nil, newAccess).status)
	assert.Equal(t, http.StatusUnauthorized, a.do("GET", "/profile", nil, access).status)
}

// TestTLS serves the API over HTTPS with RequireTLS and checks that plain
// HTTP is refused.
func TestTLS(t *testing.T) {
	t.Parallel()
	a := startAPI(t, https)
	access, _ := a.login("alice", alicePassword)
	assert.Equal(t, http.StatusOK, a.do("GET", "/profile", nil, access).status)

	plain := startAPI(t, plainRequiringTLS)
	resp := plain.do("GET", "/profile", nil, access)
	assert.Equal(t, http.StatusForbidden, resp.status)
	assert.Empty(t, resp.header.Get("WWW-Authenticate"))
	assert.Equal(t, "HTTPS is required", resp.body["detail"])
}
