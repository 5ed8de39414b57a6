package jwthttp_test

import (
	"encoding/json"
	"net/http"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/jwthttp"
)

func TestNewInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		option jwthttp.Option
	}{
		{"nil option", nil},
		{"realm with a newline", jwthttp.WithRealm("a\r\nSet-Cookie: x=y")},
		{"empty realm", jwthttp.WithRealm("")},
		{"empty cookie name", jwthttp.AllowCookie("")},
		{"cookie name with a space", jwthttp.AllowCookie("a b")},
		{"empty query name", jwthttp.AllowQuery("")},
		{"nil revoker", jwthttp.WithRevoker(nil)},
		{"nil denylist", jwthttp.WithDenylist(nil)},
		{"nil error handler", jwthttp.WithErrorHandler(nil)},
		{"invalid proxy", jwthttp.RequireTLS(netip.Prefix{})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m, err := jwthttp.New[Claims](verifier(t), tc.option)
			assert.ErrorIs(t, err, jwthttp.ErrInvalidArgument)
			assert.Nil(t, m)
		})
	}
	_, err := jwthttp.New[Claims](nil)
	assert.ErrorIs(t, err, jwthttp.ErrInvalidArgument)
}

func TestChallengeQuoting(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		realm       string
		description string
		want        string
	}{
		{"plain", "api", "no", `Bearer realm="api", error="invalid_token", error_description="no"`},
		{"quote and backslash", `a "b" \c`, `x"y\z`,
			`Bearer realm="a \"b\" \\c", error="invalid_token", error_description="x?y?z"`},
		{"control characters", "tab\there", "line\r\nSet-Cookie: a=b\x7f",
			`Bearer realm="tab` + "\t" + `here", error="invalid_token", ` +
				`error_description="line??Set-Cookie: a=b?"`},
		{"not ASCII", "café", "déjà vu\xff",
			`Bearer realm="café", error="invalid_token", error_description="d?j? vu?"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var last *jwthttp.Error
			m := newMiddleware(t, &last, jwthttp.WithRealm(tc.realm))
			refuse := func(*http.Request, *jwt.Token) error {
				return &jwthttp.Error{Status: 401, Code: jwthttp.CodeInvalidToken,
					Description: tc.description}
			}
			w := serve(m.Require(refuse)(hello), get("Bearer "+token(t, claims())))
			assert.Equal(t, tc.want, w.Header().Get("WWW-Authenticate"))
		})
	}
}

func TestWriteProblem(t *testing.T) {
	t.Parallel()
	m, err := jwthttp.New[Claims](verifier(t), jwthttp.WithErrorHandler(jwthttp.WriteProblem))
	require.NoError(t, err)
	w := serve(m.Handler(hello), get("Bearer abc"))
	require.Equal(t, http.StatusUnauthorized, w.Code)
	assert.Equal(t, "application/problem+json", w.Header().Get("Content-Type"))
	assert.Equal(t, `Bearer realm="api", error="invalid_token", `+
		`error_description="the token is invalid"`, w.Header().Get("WWW-Authenticate"))
	var body map[string]any
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &body))
	assert.Equal(t, map[string]any{"type": "about:blank", "title": "Unauthorized",
		"status": 401.0, "detail": "the token is invalid"}, body)
}

func TestErrorText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  *jwthttp.Error
		want string
	}{
		{&jwthttp.Error{Status: 401, Err: jwthttp.ErrNoToken}, "jwthttp: no bearer token"},
		{&jwthttp.Error{Status: 401, Err: jwt.ErrExpired}, "jwthttp: jwt: token expired"},
		{&jwthttp.Error{Status: 503}, "jwthttp: service unavailable"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, tc.err.Error())
	}
}
