package jwthttp_test

import (
	"crypto/tls"
	"net/http"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt/jwthttp"
)

func TestRequireTLS(t *testing.T) {
	t.Parallel()
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"),
		netip.MustParsePrefix("::1/128")}
	tests := []struct {
		name    string
		tls     bool
		remote  string
		headers map[string][]string
		ok      bool
	}{
		{"direct TLS", true, "192.0.2.1:1234", nil, true},
		{"plain HTTP", false, "192.0.2.1:1234", nil, false},
		{"proxy, X-Forwarded-Proto https", false, "10.1.2.3:1234",
			map[string][]string{"X-Forwarded-Proto": {"https"}}, true},
		{"proxy, X-Forwarded-Proto HTTPS", false, "10.1.2.3:1234",
			map[string][]string{"X-Forwarded-Proto": {"HTTPS"}}, true},
		{"proxy over IPv6", false, "[::1]:1234",
			map[string][]string{"X-Forwarded-Proto": {"https"}}, true},
		{"proxy over IPv4-mapped IPv6", false, "[::ffff:10.1.2.3]:1234",
			map[string][]string{"X-Forwarded-Proto": {"https"}}, true},
		{"proxy, X-Forwarded-Proto http", false, "10.1.2.3:1234",
			map[string][]string{"X-Forwarded-Proto": {"http"}}, false},
		{"proxy appended http", false, "10.1.2.3:1234",
			map[string][]string{"X-Forwarded-Proto": {"https, http"}}, false},
		{"proxy, two headers", false, "10.1.2.3:1234",
			map[string][]string{"X-Forwarded-Proto": {"https", "http"}}, false},
		{"proxy, no header", false, "10.1.2.3:1234", nil, false},
		{"proxy, Forwarded", false, "10.1.2.3:1234",
			map[string][]string{"Forwarded": {"for=192.0.2.1;proto=https"}}, true},
		{"proxy, Forwarded quoted", false, "10.1.2.3:1234",
			map[string][]string{"Forwarded": {`for="[2001:db8::1]:80";Proto="https"`}}, true},
		{"proxy, Forwarded chain", false, "10.1.2.3:1234",
			map[string][]string{"Forwarded": {"proto=https, for=192.0.2.1;proto=http"}}, false},
		{"proxy, Forwarded quoted comma", false, "10.1.2.3:1234",
			map[string][]string{"Forwarded": {`for="a,proto=https";proto=http`}}, false},
		{"proxy, Forwarded without proto", false, "10.1.2.3:1234",
			map[string][]string{"Forwarded": {"for=192.0.2.1"}}, false},
		{"proxy, both headers disagree", false, "10.1.2.3:1234", map[string][]string{
			"Forwarded": {"proto=https"}, "X-Forwarded-Proto": {"http"}}, false},
		{"untrusted peer, X-Forwarded-Proto", false, "192.0.2.1:1234",
			map[string][]string{"X-Forwarded-Proto": {"https"}}, false},
		{"unparsable peer", false, "@",
			map[string][]string{"X-Forwarded-Proto": {"https"}}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := get("Bearer " + token(t, claims()))
			r.RemoteAddr = tc.remote
			if tc.tls {
				r.TLS = &tls.ConnectionState{}
			}
			for k, v := range tc.headers {
				r.Header[k] = v
			}
			var last *jwthttp.Error
			m := newMiddleware(t, &last, jwthttp.RequireTLS(proxies...))
			w := serve(m.Handler(hello), r)
			if tc.ok {
				require.Equal(t, http.StatusOK, w.Code, w.Body.String())
				return
			}
			require.Equal(t, http.StatusForbidden, w.Code)
			assert.Empty(t, w.Header().Get("WWW-Authenticate"))
			assert.ErrorIs(t, last, jwthttp.ErrInsecure)
		})
	}
}

// TestRequireTLSWithoutProxies checks that forwarded headers count for
// nothing when no proxy is trusted.
func TestRequireTLSWithoutProxies(t *testing.T) {
	t.Parallel()
	r := get("Bearer " + token(t, claims()))
	r.RemoteAddr = "127.0.0.1:1234"
	r.Header.Set("X-Forwarded-Proto", "https")
	r.Header.Set("Forwarded", "proto=https")
	var last *jwthttp.Error
	w := serve(newMiddleware(t, &last, jwthttp.RequireTLS()).Handler(hello), r)
	assert.Equal(t, http.StatusForbidden, w.Code)
}
