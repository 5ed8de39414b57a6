package algorithms_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// signingInput is the input most tests sign: a JWS header and payload.
const signingInput = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9"

// secret returns a fixed HMAC secret of n bytes.
func secret(n int) []byte {
	return bytes.Repeat([]byte{0xa5}, n)
}

// rsaKey loads a throwaway RSA key from testdata; see testdata/README.md.
func rsaKey(t testing.TB, bits int) *rsa.PrivateKey {
	t.Helper()
	name := filepath.Join("testdata", "rsa"+strconv.Itoa(bits)+".pem")
	data, err := os.ReadFile(name)
	require.NoError(t, err)
	block, _ := pem.Decode(data)
	require.NotNil(t, block, name)
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	require.NoError(t, err)
	return key.(*rsa.PrivateKey)
}

func ecKey(t testing.TB, curve elliptic.Curve) *ecdsa.PrivateKey {
	t.Helper()
	key, err := ecdsa.GenerateKey(curve, rand.Reader)
	require.NoError(t, err)
	return key
}

// edKey returns a fixed Ed25519 key, so that its signatures are repeatable.
func edKey() ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{0x5e}, ed25519.SeedSize))
}
