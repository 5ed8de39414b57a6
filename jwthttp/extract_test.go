package jwthttp_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt/jwthttp"
)

func TestCookieAndQuery(t *testing.T) {
	t.Parallel()
	valid := token(t, claims())
	tests := []struct {
		name    string
		cookies []string
		query   []string
		header  string
		status  int
		cause   error
	}{
		{"cookie", []string{valid}, nil, "", 200, nil},
		{"query", nil, []string{valid}, "", 200, nil},
		{"header", nil, nil, "Bearer " + valid, 200, nil},
		{"empty cookie", []string{""}, nil, "", 401, jwthttp.ErrNoToken},
		{"empty query", nil, []string{""}, "", 401, jwthttp.ErrNoToken},
		{"header and cookie", []string{valid}, nil, "Bearer " + valid, 400,
			jwthttp.ErrInvalidRequest},
		{"header and query", nil, []string{valid}, "Bearer " + valid, 400,
			jwthttp.ErrInvalidRequest},
		{"cookie and query", []string{valid}, []string{valid}, "", 400,
			jwthttp.ErrInvalidRequest},
		{"two cookies", []string{valid, valid}, nil, "", 400, jwthttp.ErrInvalidRequest},
		{"two parameters", nil, []string{valid, valid}, "", 400, jwthttp.ErrInvalidRequest},
		{"query not a b64token", nil, []string{"a b"}, "", 400, jwthttp.ErrInvalidRequest},
		{"basic header and cookie", []string{valid}, nil, "Basic YTpi", 200, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest(http.MethodGet,
				"/?"+url.Values{"access_token": tc.query}.Encode(), nil)
			for _, c := range tc.cookies {
				r.AddCookie(&http.Cookie{Name: "at", Value: c})
			}
			if tc.header != "" {
				r.Header.Set("Authorization", tc.header)
			}
			var last *jwthttp.Error
			m := newMiddleware(t, &last, jwthttp.AllowCookie("at"),
				jwthttp.AllowQuery("access_token"))
			w := serve(m.Handler(hello), r)
			require.Equal(t, tc.status, w.Code, w.Body.String())
			if tc.cause != nil {
				assert.ErrorIs(t, last, tc.cause)
			}
			if tc.status == 200 && len(tc.query) > 0 {
				assert.Equal(t, "private", w.Header().Get("Cache-Control"))
			}
		})
	}
}

// TestCookieAndQueryOffByDefault checks that a token anywhere but in the
// Authorization header is ignored unless an option allows it.
func TestCookieAndQueryOffByDefault(t *testing.T) {
	t.Parallel()
	valid := token(t, claims())
	r := httptest.NewRequest(http.MethodGet, "/?access_token="+valid, nil)
	r.AddCookie(&http.Cookie{Name: "access_token", Value: valid})
	var last *jwthttp.Error
	w := serve(newMiddleware(t, &last).Handler(hello), r)
	assert.Equal(t, http.StatusUnauthorized, w.Code)
	assert.ErrorIs(t, last, jwthttp.ErrNoToken)
	assert.Equal(t, `Bearer realm="api"`, w.Header().Get("WWW-Authenticate"))
}
