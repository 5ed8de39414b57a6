package main

import (
	"crypto/x509"
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

const (
	// rfc8037Key is the Ed25519 key of RFC 8037 A.1 and rfc8037Thumbprint
	// its thumbprint (A.3).
	rfc8037Key        = "testdata/rfc8037-ed25519.pem"
	rfc8037Thumbprint = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
	// rfc7517Set holds the RSA key of RFC 7638 §3.1, whose thumbprint is
	// rfc7638Thumbprint.
	rfc7517Set        = "testdata/rfc7517-a1-public-keys.json"
	rfc7638Thumbprint = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
)

func TestJWK(t *testing.T) {
	dir := t.TempDir()
	k := sharedKeys()
	pkcs1 := writeFile(t, dir, "rsa1.pem", pemBlock("RSA PRIVATE KEY",
		x509.MarshalPKCS1PrivateKey(k.rsa)))
	sshKey := writeFile(t, dir, "id_ed25519", openSSH(t, k.ed))
	tests := []struct {
		name   string
		args   []string
		stdin  string
		prefix string
		thumb  string
		has    []string
		hasNot []string
	}{
		{"pem to public jwk", []string{rfc8037Key}, "", "{\n", rfc8037Thumbprint,
			[]string{`"kty": "OKP"`, `"x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"`},
			[]string{`"d"`}},
		{"pem to private jwk", []string{"--private", rfc8037Key}, "", "{\n", rfc8037Thumbprint,
			[]string{`"d": "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"`}, nil},
		{"kid and alg given", []string{"--kid", "k1", "--alg", "EdDSA", rfc8037Key}, "", "{\n",
			rfc8037Thumbprint, []string{`"kid": "k1"`, `"alg": "EdDSA"`}, nil},
		{"set to pem", []string{"--kid", "2011-04-29", rfc7517Set}, "",
			"-----BEGIN PUBLIC KEY-----\n", rfc7638Thumbprint, nil, nil},
		{"jwk to jwk", []string{"--to", "jwk", "--kid", "2011-04-29", rfc7517Set}, "", "{\n",
			rfc7638Thumbprint, []string{`"alg": "RS256"`}, nil},
		{"pkcs1 to spki", []string{"--to", "pem", pkcs1}, "", "-----BEGIN PUBLIC KEY-----\n", "",
			nil, []string{"PRIVATE"}},
		{"pkcs1 to pkcs8", []string{"--to", "pem", "--private", pkcs1}, "",
			"-----BEGIN PRIVATE KEY-----\n", "", nil, nil},
		{"openssh", []string{sshKey}, "", "{\n", "", []string{`"crv": "Ed25519"`}, []string{`"d"`}},
		{"stdin", nil, readFile(t, rfc8037Key), "{\n", rfc8037Thumbprint, nil, nil},
		{"stdin dash", []string{"-"}, readFile(t, rfc8037Key), "{\n", rfc8037Thumbprint, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := jwtRun(t, tc.stdin, append([]string{"jwk"}, tc.args...)...)
			requireOK(t, r)
			assert.True(t, strings.HasPrefix(r.stdout, tc.prefix), r.stdout)
			assert.Contains(t, r.stderr, "thumbprint (RFC 7638, SHA-256): "+tc.thumb)
			for _, s := range tc.has {
				assert.Contains(t, r.stdout, s)
			}
			for _, s := range tc.hasNot {
				assert.NotContains(t, r.stdout, s)
			}
			// The output reads back as the same key.
			in, err := parseKey("output", []byte(r.stdout), "")
			require.NoError(t, err)
			assert.Equal(t, strings.Contains(strings.Join(tc.args, " "), "--private"),
				in.key.IsPrivate())
		})
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	require.NoError(t, err)
	return string(data)
}

func TestJWKJSON(t *testing.T) {
	r := jwtRun(t, "", "jwk", "--json", rfc8037Key)
	requireOK(t, r)
	var out jwkResult
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out))
	assert.Equal(t, "OKP", out.KeyType)
	assert.False(t, out.Private)
	assert.Equal(t, rfc8037Thumbprint, out.Thumbprint)
	assert.Equal(t, "urn:ietf:params:oauth:jwk-thumbprint:sha-256:"+rfc8037Thumbprint,
		out.ThumbprintURI)
	k, err := jwk.ParseKey(out.JWK)
	require.NoError(t, err)
	assert.False(t, k.IsPrivate())
	assert.True(t, strings.HasPrefix(out.PEM, "-----BEGIN PUBLIC KEY-----\n"))
	assert.Empty(t, r.stderr)
}

func TestJWKOut(t *testing.T) {
	out := filepath.Join(t.TempDir(), "private.jwk")
	r := jwtRun(t, "", "jwk", "--private", "--out", out, rfc8037Key)
	requireOK(t, r)
	assert.Empty(t, r.stdout)
	assert.Contains(t, r.stderr, rfc8037Thumbprint)
	st, err := os.Stat(out)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	k, err := jwk.ParseKey([]byte(readFile(t, out)))
	require.NoError(t, err)
	assert.True(t, k.IsPrivate())
	r = jwtRun(t, "", "jwk", "--out", out, rfc8037Key)
	assert.Equal(t, exitInput, r.code)
	assert.Contains(t, r.stderr, "already exists")
}

func TestJWKErrors(t *testing.T) {
	dir := t.TempDir()
	secret := base64.RawURLEncoding.EncodeToString([]byte(hs256Secret))
	oct := writeFile(t, dir, "oct.jwk", marshal(t, map[string]string{"kty": "oct",
		"k": secret}))
	tests := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"secret without private", []string{oct}, exitInput,
			"HMAC secret, which has no public part"},
		{"secret as pem", []string{"--private", "--to", "pem", oct}, exitInput,
			"an HMAC secret has no PEM form"},
		{"private of a public key", []string{"--private", rfc7517Set, "--kid", "2011-04-29"},
			exitInput, "the key is a public key"},
		{"set without kid", []string{rfc7517Set}, exitInput, "choose one with --kid"},
		{"alg that does not fit", []string{"--alg", "ES256", rfc8037Key}, exitInput,
			"alg ES256 does not fit this key"},
		{"jwk alg that does not fit", []string{"--alg", "PS256", "--kid", "2011-04-29",
			rfc7517Set}, exitInput, "does not fit --alg PS256"},
		{"unknown form", []string{"--to", "der", rfc8037Key}, exitUsage, `--to "der"`},
		{"missing file", []string{dir + "/nope"}, exitInput, "no such file"},
		{"empty input", nil, exitInput, "not a key"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := jwtRun(t, "", append([]string{"jwk"}, tc.args...)...)
			assert.Equal(t, tc.code, r.code, r.stderr)
			assert.Contains(t, r.stderr, tc.err)
			assert.Empty(t, r.stdout)
			assert.NotContains(t, r.stderr, secret)
		})
	}
	r := jwtRun(t, "", "jwk", "--private", oct)
	requireOK(t, r)
	assert.Contains(t, r.stdout, secret, "--private prints the secret, as asked")
}
