package jwthttp_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/jwthttp"
)

func TestRequire(t *testing.T) {
	t.Parallel()
	const (
		scopeChallenge = `Bearer realm="api", error="insufficient_scope", ` +
			`error_description="the token lacks a required scope", scope="orders:read orders:write"`
		roleChallenge = `Bearer realm="api", error="insufficient_scope", ` +
			`error_description="the token lacks a required role"`
	)
	bothScopes := jwthttp.Scopes("orders:read", "orders:write")
	tests := []struct {
		name      string
		claims    map[string]any
		req       jwthttp.Requirement
		status    int
		challenge string
	}{
		{"scope string", map[string]any{"scope": "orders:write orders:read"}, bothScopes, 200, ""},
		{"scope array", map[string]any{"scope": []string{"orders:read", "orders:write"}},
			bothScopes, 200, ""},
		{"scp string", map[string]any{"scp": "orders:read orders:write"}, bothScopes, 200, ""},
		{"scp array", map[string]any{"scp": []string{"orders:read", "orders:write"}},
			bothScopes, 200, ""},
		{"scope wins over scp", map[string]any{"scope": "orders:read",
			"scp": "orders:read orders:write"}, bothScopes, 403, scopeChallenge},
		{"one scope missing", map[string]any{"scope": "orders:read"}, bothScopes, 403,
			scopeChallenge},
		{"prefix is not a scope", map[string]any{"scope": "orders:readx orders:write"},
			bothScopes, 403, scopeChallenge},
		{"no scope", map[string]any{}, bothScopes, 403, scopeChallenge},
		{"scope of another type", map[string]any{"scope": 1}, bothScopes, 403, scopeChallenge},
		{"scope differs by case", map[string]any{"Scope": "orders:read orders:write"},
			bothScopes, 403, scopeChallenge},
		{"role", map[string]any{"roles": []string{"user", "admin"}}, jwthttp.Roles("admin"),
			200, ""},
		{"role missing", map[string]any{"roles": []string{"user"}}, jwthttp.Roles("admin"),
			403, roleChallenge},
		{"roles in another claim", map[string]any{"groups": []string{"admin"}},
			jwthttp.RolesIn("groups", "admin"), 200, ""},
		{"any of, second", map[string]any{"roles": []string{"editor"}},
			jwthttp.AnyOf(jwthttp.Roles("admin"), jwthttp.Roles("editor")), 200, ""},
		{"any of, none", map[string]any{"roles": []string{"user"}},
			jwthttp.AnyOf(jwthttp.Roles("admin"), jwthttp.Roles("editor")), 403, roleChallenge},
		{"check", map[string]any{"sub": "alice"}, subjectIsPath, 200, ""},
		{"check refuses", map[string]any{"sub": "bob"}, subjectIsPath, 403,
			`Bearer realm="api", error="insufficient_scope", ` +
				`error_description="the token does not grant access to this resource"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var last *jwthttp.Error
			m := newMiddlewareFor[jwt.RegisteredClaims](t, &last)
			w := serve(m.Require(tc.req)(hello), getAlice(t, tc.claims))
			require.Equal(t, tc.status, w.Code, w.Body.String())
			assert.Equal(t, tc.challenge, w.Header().Get("WWW-Authenticate"))
			if tc.status == http.StatusForbidden {
				assert.ErrorIs(t, last, jwthttp.ErrAccessDenied)
			}
		})
	}
}

// subjectIsPath grants access when the subject is the last path segment.
var subjectIsPath = jwthttp.Check(func(r *http.Request, c jwt.RegisteredClaims) bool {
	return c.Subject == r.PathValue("user")
})

// getAlice returns a request for /users/alice whose token has the
// registered claims of the tests and extra.
func getAlice(t *testing.T, extra map[string]any) *http.Request {
	t.Helper()
	c := map[string]any{"sub": "alice", "aud": "api", "exp": now.Unix() + 60}
	for k, v := range extra {
		c[k] = v
	}
	r := httptest.NewRequest(http.MethodGet, "/users/alice", nil)
	r.SetPathValue("user", "alice")
	r.Header.Set("Authorization", "Bearer "+token(t, c))
	return r
}

// TestRequireMisuse checks that requirements built wrong refuse every
// request with a 500 rather than granting access.
func TestRequireMisuse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		req  jwthttp.Requirement
	}{
		{"no scope", jwthttp.Scopes()},
		{"empty scope", jwthttp.Scopes("")},
		{"scope with a space", jwthttp.Scopes("a b")},
		{"scope with a quote", jwthttp.Scopes(`a"b`)},
		{"no role", jwthttp.Roles()},
		{"empty role", jwthttp.Roles("")},
		{"no roles claim", jwthttp.RolesIn("", "admin")},
		{"nil check", jwthttp.Check[Claims](nil)},
		{"check of another type", jwthttp.Check(func(*http.Request, *Claims) bool { return true })},
		{"empty any of", jwthttp.AnyOf()},
		{"nil in any of", jwthttp.AnyOf(nil)},
		{"nil requirement", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var last *jwthttp.Error
			m := newMiddleware(t, &last)
			claims := map[string]any{"scope": "a b", "roles": []string{"admin"}}
			w := serve(m.Require(tc.req)(hello), getAlice(t, claims))
			require.Equal(t, http.StatusInternalServerError, w.Code)
			assert.Empty(t, w.Header().Get("WWW-Authenticate"))
			assert.ErrorIs(t, last, jwthttp.ErrInvalidArgument)
		})
	}
}

func TestRequirementErrors(t *testing.T) {
	t.Parallel()
	errPlain := errors.New("not on weekends")
	tests := []struct {
		name   string
		err    error
		status int
		cause  error
	}{
		{"plain error", errPlain, 403, errPlain},
		{"error with a status", &jwthttp.Error{Status: 404, Err: errPlain}, 404, errPlain},
		{"error without a status", &jwthttp.Error{Err: errPlain}, 403, errPlain},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var last *jwthttp.Error
			req := func(*http.Request, *jwt.Token) error { return tc.err }
			w := serve(newMiddleware(t, &last).Require(req)(hello), getAlice(t, nil))
			assert.Equal(t, tc.status, w.Code)
			assert.ErrorIs(t, last, tc.cause)
		})
	}
}

// TestRequireInsideHandler checks that a route's requirements under the
// same middleware's Handler do not verify the token again, and that a
// different middleware does.
func TestRequireInsideHandler(t *testing.T) {
	t.Parallel()
	n := 0
	v, err := jwt.NewVerifier(countingKeys{jwt.Key(signer(t).Verifier()), &n},
		jwt.WithAudience("api"), jwt.WithClock(clock))
	require.NoError(t, err)
	outer, err := jwthttp.New[Claims](v)
	require.NoError(t, err)
	other, err := jwthttp.New[Claims](v)
	require.NoError(t, err)

	h := outer.Handler(outer.Require(jwthttp.Roles("admin"))(hello))
	r := getAlice(t, map[string]any{"roles": []string{"admin"}})
	assert.Equal(t, http.StatusOK, serve(h, r).Code)
	assert.Equal(t, 1, n)

	n = 0
	h = outer.Handler(other.Require(jwthttp.Roles("admin"))(hello))
	assert.Equal(t, http.StatusOK, serve(h, r).Code)
	assert.Equal(t, 2, n)
}
