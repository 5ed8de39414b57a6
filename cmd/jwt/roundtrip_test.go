package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// allAlgorithms are the algorithms of package algorithms.
func allAlgorithms() []string {
	return strings.Split(algorithmList, ", ")
}

// TestRoundTrip makes a key with keygen, signs with it, verifies the token
// with the public JWK keygen printed, and decodes it, for every algorithm
// and both forms of private key.
func TestRoundTrip(t *testing.T) {
	for _, alg := range allAlgorithms() {
		for _, form := range []string{"pem", "jwk"} {
			if form == "pem" && isHMAC(alg) {
				continue
			}
			t.Run(alg+" "+form, func(t *testing.T) {
				t.Parallel()
				roundTrip(t, alg, form)
			})
		}
	}
}

func roundTrip(t *testing.T, alg, form string) {
	dir := t.TempDir()
	priv := filepath.Join(dir, "private."+form)
	r := jwtRun(t, "", "keygen", "--alg", alg, "--format", form, "--out", priv)
	requireOK(t, r)
	st, err := os.Stat(priv)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	pub := priv
	if !isHMAC(alg) {
		assert.NotContains(t, r.stdout, `"d"`)
		pub = writeFile(t, dir, "public.jwk", []byte(r.stdout))
	}

	r = jwtRun(t, "", "sign", "--key", priv, "--alg", alg, "--sub", "alice", "--aud", "api",
		"--exp", "1h")
	requireOK(t, r)
	token := strings.TrimSpace(r.stdout)

	// The public JWK names its algorithm: verify needs no --alg.
	r = jwtRun(t, "", "verify", "--key", pub, "--aud", "api", token)
	requireOK(t, r)
	assert.Contains(t, r.stdout, `"sub": "alice"`)
	r = jwtRun(t, token, "verify", "--key", pub, "--alg", alg, "--aud", "web")
	assert.Equal(t, exitInvalid, r.code)
	assert.Contains(t, r.stderr, "jwt: audience mismatch")

	r = jwtRun(t, "", "decode", token)
	requireOK(t, r)
	assert.Contains(t, r.stdout, `"alg": "`+alg+`"`)
	assert.Contains(t, r.stdout, "expires in 1h")
}

func TestRoundTripStdin(t *testing.T) {
	dir := t.TempDir()
	priv := filepath.Join(dir, "ed.pem")
	r := jwtRun(t, "", "keygen", "--alg", "EdDSA", "--out", priv)
	requireOK(t, r)
	pub := writeFile(t, dir, "ed.jwk", []byte(r.stdout))
	r = jwtRun(t, `{"scope":"read"}`, "sign", "--key", priv, "--claims", "@-", "--exp", "5m")
	requireOK(t, r)
	token := r.stdout
	r = jwtRun(t, token, "verify", "--key", pub)
	requireOK(t, r)
	assert.Contains(t, r.stdout, `"scope": "read"`)
	r = jwtRun(t, token, "decode", "-")
	requireOK(t, r)
	assert.Contains(t, r.stdout, "expires in 5m")
}
