package jwt_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/jwk"
)

// A guardTransport fails the test on any request except those for
// allowed, which it sends through a transport of its own.
type guardTransport struct {
	t       *testing.T
	allowed string
	next    http.RoundTripper
}

func (g *guardTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if g.allowed == "" || r.URL.String() != g.allowed {
		g.t.Errorf("unexpected HTTP request: %s %s", r.Method, r.URL.Redacted())
		return nil, errors.New("request refused by the test's transport")
	}
	return g.next.RoundTrip(r)
}

// countingServer starts a loopback server that serves body and counts the
// requests it gets.
func countingServer(t *testing.T, body []byte) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// TestUntrustedHeaderKeys checks that the "jwk", "jku", "x5u" and "x5c"
// header members never find a key (RFC 8725 §3.10, CVE-2018-0114). An
// attacker's loopback server publishes the attacker's key set; tokens
// name it in "jku" and "x5u", embed the attacker's key in "jwk" and a
// certificate for it in "x5c". Verified with a single key, a jwk.Set and a
// jwk.RemoteSet fetching from the issuer's own loopback server, tokens
// signed by the configured key verify and tokens signed by the attacker
// are refused. http.DefaultTransport is replaced, and the remote set
// given a client, by transports that fail the test on any request but the
// remote set's own URL; the attacker's server must see no request.
//
// Not parallel: it replaces http.DefaultTransport.
func TestUntrustedHeaderKeys(t *testing.T) {
	saved := http.DefaultTransport
	http.DefaultTransport = &guardTransport{t: t}
	t.Cleanup(func() { http.DefaultTransport = saved })

	trusted := edKey(t, 0x11, jwk.WithKeyID("trusted"))
	attacker := edKey(t, 0x22, jwk.WithKeyID("attacker"))
	attackerSet, err := jwk.NewSet([]*jwk.Key{attacker.Public()})
	require.NoError(t, err)
	attackerJWKS, err := json.Marshal(attackerSet)
	require.NoError(t, err)
	evil, evilRequests := countingServer(t, attackerJWKS)
	headers := untrustedHeaders(t, attacker, evil.URL)

	sources := untrustedKeySources(t, trusted)
	tests := []struct {
		name   string
		signer *jwk.Key
		kid    string
		want   map[string]error
	}{
		{"signed by the configured key", trusted, "trusted", nil},
		{"signed by the header's key under the trusted kid", attacker, "trusted",
			map[string]error{"key": jwt.ErrSignature, "set": jwt.ErrSignature,
				"remote set": jwt.ErrSignature}},
		{"signed by the header's key under its own kid", attacker, "attacker",
			map[string]error{"key": jwt.ErrSignature, "set": jwt.ErrKeyNotFound,
				"remote set": jwt.ErrKeyNotFound}},
	}
	for _, tc := range tests {
		token := untrustedToken(t, tc.signer, tc.kid, headers)
		for name, source := range sources {
			v, err := jwt.NewVerifier(source, jwt.WithClock(fixedClock))
			require.NoError(t, err)
			tok, err := v.Verify(context.Background(), token, nil)
			if want := tc.want[name]; want != nil {
				assert.ErrorIs(t, err, want, "%s, %s", tc.name, name)
				assert.Nil(t, tok)
				continue
			}
			if assert.NoError(t, err, "%s, %s", tc.name, name) {
				jku, ok := tok.Header().Member("jku")
				assert.True(t, ok, "the member is kept")
				assert.JSONEq(t, `"`+evil.URL+`/jwks.json"`, string(jku))
			}
		}
	}
	assert.Zero(t, evilRequests.Load(), "requests to the attacker's server")
}

// untrustedHeaders returns the header members that point at the
// attacker's key: its JWK, its key set and certificate URLs on the
// attacker's server, and a certificate for it.
func untrustedHeaders(t *testing.T, attacker *jwk.Key, evilURL string) []jwt.SignOption {
	t.Helper()
	public, err := json.Marshal(attacker.Public())
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "attacker"},
		NotBefore:    testNow.Add(-time.Hour),
		NotAfter:     testNow.Add(time.Hour),
	}
	priv := attacker.PrivateKey().(ed25519.PrivateKey)
	cert, err := x509.CreateCertificate(nil, tmpl, tmpl, priv.Public(), priv)
	require.NoError(t, err)
	x5c, err := json.Marshal([][]byte{cert})
	require.NoError(t, err)
	quote := func(s string) json.RawMessage { return json.RawMessage(`"` + s + `"`) }
	return []jwt.SignOption{
		jwt.WithHeader("jwk", public),
		jwt.WithHeader("jku", quote(evilURL+"/jwks.json")),
		jwt.WithHeader("x5u", quote(evilURL+"/cert.pem")),
		jwt.WithHeader("x5c", x5c),
	}
}

// untrustedKeySources returns the key sources that hold trusted: a single
// key, a Set, and a RemoteSet fetching from a loopback server of its own,
// through a client that refuses every other URL.
func untrustedKeySources(t *testing.T, trusted *jwk.Key) map[string]jwt.KeySource {
	t.Helper()
	v, err := trusted.Verifier("EdDSA")
	require.NoError(t, err)
	set, err := jwk.NewSet([]*jwk.Key{trusted.Public()})
	require.NoError(t, err)
	jwks, err := json.Marshal(set)
	require.NoError(t, err)
	idp, _ := countingServer(t, jwks)
	url := idp.URL + "/jwks.json"
	client := &http.Client{Transport: &guardTransport{t: t, allowed: url, next: &http.Transport{}}}
	remote, err := jwk.NewRemoteSet(url, jwk.WithHTTPClient(client))
	require.NoError(t, err)
	t.Cleanup(func() { _ = remote.Close() })
	require.NoError(t, remote.Refresh(context.Background()))
	return map[string]jwt.KeySource{"key": jwt.Key(v), "set": set, "remote set": remote}
}

// untrustedToken signs valid claims with key under kid, with extra header
// members.
func untrustedToken(t *testing.T, key *jwk.Key, kid string, headers []jwt.SignOption) string {
	t.Helper()
	s, err := key.Signer("EdDSA")
	require.NoError(t, err)
	opts := append([]jwt.SignOption{jwt.WithKeyID(kid)}, headers...)
	token, err := jwt.Sign(s, jwt.RegisteredClaims{
		Subject:   "alice",
		ExpiresAt: jwt.NewNumericDate(testNow.Add(time.Hour)),
	}, opts...)
	require.NoError(t, err)
	return token
}

// edKey returns an Ed25519 private key made from a seed of 32 copies of
// seed, with opts.
func edKey(t *testing.T, seed byte, opts ...jwk.KeyOption) *jwk.Key {
	t.Helper()
	k, err := jwk.FromPrivateKey(ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, 32)), opts...)
	require.NoError(t, err)
	return k
}
