package main

import (
	"crypto"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jotgo/jwt/jwk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestKeygenJSON(t *testing.T) {
	tests := []struct {
		alg    string
		kty    string
		secret int
	}{
		{"HS256", "oct", 32}, {"HS384", "oct", 48}, {"HS512", "oct", 64},
		{"RS256", "RSA", 0}, {"PS512", "RSA", 0},
		{"ES256", "EC", 0}, {"ES384", "EC", 0}, {"ES512", "EC", 0},
		{"EdDSA", "OKP", 0},
	}
	for _, tc := range tests {
		t.Run(tc.alg, func(t *testing.T) {
			t.Parallel()
			r := jwtRun(t, "", "keygen", "--alg", tc.alg, "--json")
			requireOK(t, r)
			var out keygenResult
			require.NoError(t, json.Unmarshal([]byte(r.stdout), &out))
			assert.Equal(t, tc.alg, out.Algorithm)
			var priv *jwk.Key
			if tc.secret > 0 {
				var err error
				priv, err = jwk.ParseKey(out.PrivateKey)
				require.NoError(t, err)
				assert.Len(t, priv.Secret(), tc.secret)
				assert.Empty(t, out.PublicJWK)
				assert.Empty(t, out.KeyID, "an HMAC secret gets no kid by default")
			} else {
				var text string
				require.NoError(t, json.Unmarshal(out.PrivateKey, &text))
				var err error
				priv, err = jwk.ParsePEM([]byte(text))
				require.NoError(t, err)
				pub, err := jwk.ParseKey(out.PublicJWK)
				require.NoError(t, err)
				assert.False(t, pub.IsPrivate())
				assert.Equal(t, tc.alg, pub.Algorithm())
				assert.Equal(t, "sig", pub.Use())
				assert.Equal(t, out.Thumbprint, pub.KeyID(), "the kid is the thumbprint")
			}
			assert.Equal(t, tc.kty, priv.KeyType())
			sum, err := priv.Thumbprint(crypto.SHA256)
			require.NoError(t, err)
			assert.Equal(t, base64.RawURLEncoding.EncodeToString(sum), out.Thumbprint)
		})
	}
}

func TestKeygenText(t *testing.T) {
	// Without --out, the private key comes first, then the public JWK:
	// the output still reads as a PEM key.
	r := jwtRun(t, "", "keygen", "--alg", "ES256", "--kid", "2026-01")
	requireOK(t, r)
	assert.True(t, strings.HasPrefix(r.stdout, "-----BEGIN PRIVATE KEY-----\n"), r.stdout)
	_, jwkText, ok := strings.Cut(r.stdout, "-----END PRIVATE KEY-----\n")
	require.True(t, ok)
	pub, err := jwk.ParseKey([]byte(jwkText))
	require.NoError(t, err)
	assert.Equal(t, "2026-01", pub.KeyID())
	priv, err := jwk.ParsePEM([]byte(r.stdout))
	require.NoError(t, err)
	assert.True(t, priv.IsPrivate())
	assert.Empty(t, r.stderr)

	r = jwtRun(t, "", "keygen", "--alg", "EdDSA", "--kid", "")
	requireOK(t, r)
	assert.NotContains(t, r.stdout, `"kid"`)

	r = jwtRun(t, "", "keygen", "--alg", "HS384", "--kid", "s1")
	requireOK(t, r)
	secret, err := jwk.ParseKey([]byte(r.stdout))
	require.NoError(t, err)
	assert.Equal(t, "s1", secret.KeyID())
	assert.Equal(t, "HS384", secret.Algorithm())
}

func TestKeygenBits(t *testing.T) {
	r := jwtRun(t, "", "keygen", "--alg", "PS256", "--bits", "2048", "--format", "jwk")
	requireOK(t, r)
	jwkText, _, _ := strings.Cut(r.stdout, "}\n")
	k, err := jwk.ParseKey([]byte(jwkText + "}"))
	require.NoError(t, err)
	assert.Equal(t, 2048, k.PublicKey().(*rsa.PublicKey).N.BitLen())
	assert.True(t, k.IsPrivate())
}

func TestKeygenErrors(t *testing.T) {
	dir := t.TempDir()
	existing := writeFile(t, dir, "existing.pem", []byte("keep me"))
	tests := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"no alg", nil, exitUsage, "--alg is required"},
		{"unknown alg", []string{"--alg", "ES999"}, exitUsage, `--alg "ES999"`},
		{"pem secret", []string{"--alg", "HS256", "--format", "pem"}, exitUsage,
			"an HMAC secret has no PEM form"},
		{"unknown format", []string{"--alg", "ES256", "--format", "der"}, exitUsage,
			`--format "der"`},
		{"bits for ec", []string{"--alg", "ES256", "--bits", "4096"}, exitUsage, "--bits"},
		{"too few bits", []string{"--alg", "RS256", "--bits", "1024"}, exitUsage, "--bits"},
		{"too many bits", []string{"--alg", "RS256", "--bits", "16384"}, exitUsage, "--bits"},
		{"existing file", []string{"--alg", "ES256", "--out", existing}, exitInput,
			"already exists"},
		{"missing directory", []string{"--alg", "ES256", "--out", dir + "/no/key.pem"},
			exitInput, "no such file"},
		{"argument", []string{"--alg", "ES256", "key.pem"}, exitUsage, "too many arguments"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := jwtRun(t, "", append([]string{"keygen"}, tc.args...)...)
			assert.Equal(t, tc.code, r.code, r.stderr)
			assert.Contains(t, r.stderr, tc.err)
			assert.Empty(t, r.stdout)
		})
	}
	data, err := os.ReadFile(existing)
	require.NoError(t, err)
	assert.Equal(t, "keep me", string(data))
}

func TestKeygenOutJSON(t *testing.T) {
	out := filepath.Join(t.TempDir(), "secret.jwk")
	r := jwtRun(t, "", "keygen", "--alg", "HS512", "--out", out, "--json")
	requireOK(t, r)
	var res keygenResult
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &res))
	assert.Equal(t, out, res.PrivateKeyFile)
	assert.Empty(t, res.PrivateKey, "the secret went to the file only")
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	k, err := jwk.ParseKey(data)
	require.NoError(t, err)
	assert.Len(t, k.Secret(), 64)
	assert.NotContains(t, r.stdout, base64.RawURLEncoding.EncodeToString(k.Secret()))
}
