package jwk_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/jwk"
)

// An openIDProvider serves a provider configuration at path and its keys
// at /jwks.json, on loopback.
type openIDProvider struct {
	srv    *httptest.Server
	keys   *jwk.Key
	config func(base string) any
}

func newOpenIDProvider(t *testing.T, path string, config func(base string) any) *openIDProvider {
	t.Helper()
	p := &openIDProvider{keys: edKey(t, 1, jwk.WithKeyID("a")), config: config}
	set, err := jwk.NewSet([]*jwk.Key{p.keys.Public()})
	require.NoError(t, err)
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+path+"/.well-known/openid-configuration",
		func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(p.config(p.srv.URL))
		})
	mux.HandleFunc("GET /jwks.json", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(set)
	})
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	return p
}

// standardConfig returns a configuration for the issuer base+path.
func standardConfig(path string) func(string) any {
	return func(base string) any {
		return map[string]any{
			"issuer":                 base + path,
			"jwks_uri":               base + "/jwks.json",
			"authorization_endpoint": base + "/authorize",
		}
	}
}

func TestDiscover(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, path, issuerSuffix string }{
		{"host only", "", ""},
		{"trailing slash", "", "/"},
		{"realm path", "/realms/main", "/realms/main"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := newOpenIDProvider(t, tc.path, standardConfig(tc.issuerSuffix))
			issuer := p.srv.URL + tc.issuerSuffix
			keys, err := jwk.Discover(t.Context(), issuer)
			require.NoError(t, err)
			defer keys.Close()
			assert.Equal(t, issuer, keys.Issuer())

			s, err := p.keys.Signer("EdDSA")
			require.NoError(t, err)
			v := verifier(t, keys)
			for iss, want := range map[string]error{issuer: nil, issuer + "x": jwt.ErrIssuer} {
				token, err := jwt.Sign(s, jwt.RegisteredClaims{Issuer: iss,
					ExpiresAt: jwt.NewNumericDate(testNow.Add(time.Hour))})
				require.NoError(t, err)
				_, err = v.Verify(t.Context(), token, nil)
				if want == nil {
					assert.NoError(t, err)
				} else {
					assert.ErrorIs(t, err, want)
				}
			}
		})
	}
}

// TestDiscoverRefused checks the configurations Discover refuses. None
// of them makes a request anywhere but the test's loopback server.
func TestDiscoverRefused(t *testing.T) {
	t.Parallel()
	config := func(issuer, jwksURI any) func(string) any {
		return func(base string) any {
			m := map[string]any{"issuer": expand(issuer, base)}
			if jwksURI != nil {
				m["jwks_uri"] = expand(jwksURI, base)
			}
			return m
		}
	}
	tests := []struct {
		name   string
		config func(string) any
		err    error
		says   string
	}{
		{"another issuer", config("https://evil.example", "{base}/jwks.json"),
			jwk.ErrDiscovery, "another issuer"},
		{"issuer with a trailing slash", config("{base}/", "{base}/jwks.json"),
			jwk.ErrDiscovery, "another issuer"},
		{"issuer not a string", config(42, "{base}/jwks.json"), jwk.ErrDiscovery,
			"issuer is not a string"},
		{"no jwks_uri", config("{base}", nil), jwk.ErrDiscovery, "no jwks_uri"},
		{"jwks_uri over http", config("{base}", "http://example.com/jwks.json"),
			jwk.ErrDiscovery, "not an https URL"},
		{"jwks_uri relative", config("{base}", "/jwks.json"), jwk.ErrDiscovery,
			"not an absolute URL"},
		{"jwks_uri failing", config("{base}", "{base}/missing"), jwk.ErrFetch, "status 404"},
		{"not an object", func(string) any { return []string{"issuer"} }, jwk.ErrDiscovery,
			"not a JSON object"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := newOpenIDProvider(t, "", tc.config)
			keys, err := jwk.Discover(t.Context(), p.srv.URL)
			require.ErrorIs(t, err, tc.err)
			assert.ErrorContains(t, err, tc.says)
			assert.Nil(t, keys)
		})
	}
}

// expand replaces "{base}" in v, a string, with base; nil stays absent.
func expand(v any, base string) any {
	if s, ok := v.(string); ok && len(s) >= 6 && s[:6] == "{base}" {
		return base + s[6:]
	}
	return v
}

func TestDiscoverArguments(t *testing.T) {
	t.Parallel()
	p := newOpenIDProvider(t, "", standardConfig(""))
	tests := []struct {
		name, issuer string
		opts         []jwk.RemoteOption
		err          error
	}{
		{"http to another host", "http://example.com", nil, jwt.ErrInvalidArgument},
		{"query", p.srv.URL + "?tenant=1", nil, jwt.ErrInvalidArgument},
		{"fragment", p.srv.URL + "#x", nil, jwt.ErrInvalidArgument},
		{"another WithIssuer", p.srv.URL,
			[]jwk.RemoteOption{jwk.WithIssuer("https://other.example")}, jwt.ErrInvalidArgument},
		{"bad option", p.srv.URL, []jwk.RemoteOption{jwk.WithFetchTimeout(-1)},
			jwt.ErrInvalidArgument},
		{"no configuration", p.srv.URL + "/nowhere", nil, jwk.ErrDiscovery},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			keys, err := jwk.Discover(t.Context(), tc.issuer, tc.opts...)
			require.ErrorIs(t, err, tc.err)
			assert.Nil(t, keys)
		})
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := jwk.Discover(ctx, p.srv.URL)
	assert.ErrorIs(t, err, context.Canceled)

	keys, err := jwk.Discover(t.Context(), p.srv.URL, jwk.WithIssuer(p.srv.URL))
	require.NoError(t, err)
	keys.Close()
}
