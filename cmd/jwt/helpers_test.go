package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/algorithms"
	"github.com/jotgo/jwt/jwk"
	"github.com/stretchr/testify/require"
)

// testNow is the clock of tests that need a fixed one.
var testNow = time.Date(2026, 12, 4, 15, 0, 0, 0, time.UTC)

// A result is what one run of the tool printed and returned.
type result struct {
	code   int
	stdout string
	stderr string
}

// An invocation is one run of the tool, in-process.
type invocation struct {
	args  []string
	stdin string
	env   map[string]string
	// now is the clock; zero means testNow.
	now time.Time
}

func (in invocation) run(t *testing.T) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	now := in.now
	if now.IsZero() {
		now = testNow
	}
	a := &app{
		stdin:  strings.NewReader(in.stdin),
		stdout: &stdout,
		stderr: &stderr,
		lookupEnv: func(name string) (string, bool) {
			v, ok := in.env[name]
			return v, ok
		},
		now: func() time.Time { return now },
	}
	code := a.run(in.args)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// jwtRun runs the tool with args and stdin, at testNow.
func jwtRun(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	return invocation{args: args, stdin: stdin}.run(t)
}

// requireOK fails the test unless r exited with 0.
func requireOK(t *testing.T, r result) {
	t.Helper()
	require.Equal(t, exitOK, r.code, "stderr: %s", r.stderr)
}

// testKeys are keys made once per test binary: RSA keys are slow to make.
type testKeys struct {
	rsa   *rsa.PrivateKey
	ec256 *ecdsa.PrivateKey
	ec384 *ecdsa.PrivateKey
	ec521 *ecdsa.PrivateKey
	ed    ed25519.PrivateKey
}

var sharedKeys = sync.OnceValue(func() *testKeys {
	k := &testKeys{}
	var err error
	if k.rsa, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		panic(err)
	}
	k.ec256, _ = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	k.ec384, _ = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	k.ec521, _ = ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	_, k.ed, _ = ed25519.GenerateKey(rand.Reader)
	return k
})

// writeFile writes data to a file called name in dir and returns its path.
func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, data, 0o600))
	return path
}

// signWith signs claims with s, for tests that need a token the tool did
// not make.
func signWith(t *testing.T, s algorithms.Signer, claims any, opts ...jwt.SignOption) string {
	t.Helper()
	token, err := jwt.Sign(s, claims, opts...)
	require.NoError(t, err)
	return token
}

// claimsAt returns registered claims issued at testNow, expiring after d.
func claimsAt(d time.Duration) jwt.RegisteredClaims {
	return jwt.RegisteredClaims{
		Issuer:    "https://auth.example",
		Subject:   "alice",
		Audience:  jwt.Audience{"api"},
		IssuedAt:  jwt.NewNumericDate(testNow),
		ExpiresAt: jwt.NewNumericDate(testNow.Add(d)),
	}
}

// mustJWK returns the JWK of a Go key, public or private.
func mustJWK(t *testing.T, key any, opts ...jwk.KeyOption) *jwk.Key {
	t.Helper()
	var k *jwk.Key
	var err error
	switch key := key.(type) {
	case *rsa.PrivateKey, *ecdsa.PrivateKey, ed25519.PrivateKey:
		k, err = jwk.FromPrivateKey(key, opts...)
	default:
		k, err = jwk.FromPublicKey(key, opts...)
	}
	require.NoError(t, err)
	return k
}

// marshal returns the JSON of v.
func marshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

// hs256Secret is an HMAC secret for tests: 40 bytes, more than HS256 needs.
const hs256Secret = "test secret of forty bytes, not a real 1"
