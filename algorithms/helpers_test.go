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

	"github.com/jotgo/jwt/algorithms"
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

// mismatchedEdKey returns an Ed25519 key whose public half is not the one its
// seed derives; crypto/ed25519 panics when signing with it.
func mismatchedEdKey() ed25519.PrivateKey {
	key := append(ed25519.PrivateKey(nil), edKey()...)
	key[ed25519.PrivateKeySize-1] ^= 0x01
	return key
}

// algCase builds a signer and two verifiers for one algorithm: the one the
// signer reports and one built from the public key alone.
type algCase struct {
	alg    string
	sigLen int
	build  func(t testing.TB) (algorithms.Signer, algorithms.Verifier, algorithms.Verifier)
}

// allAlgorithms returns one case for each of the 13 algorithms.
func allAlgorithms() []algCase {
	return []algCase{
		hmacCase(algorithms.HS256, 32, algorithms.NewHS256),
		hmacCase(algorithms.HS384, 48, algorithms.NewHS384),
		hmacCase(algorithms.HS512, 64, algorithms.NewHS512),
		rsaCase(algorithms.RS256, algorithms.NewRS256, algorithms.NewRS256Verifier),
		rsaCase(algorithms.RS384, algorithms.NewRS384, algorithms.NewRS384Verifier),
		rsaCase(algorithms.RS512, algorithms.NewRS512, algorithms.NewRS512Verifier),
		rsaCase(algorithms.PS256, algorithms.NewPS256, algorithms.NewPS256Verifier),
		rsaCase(algorithms.PS384, algorithms.NewPS384, algorithms.NewPS384Verifier),
		rsaCase(algorithms.PS512, algorithms.NewPS512, algorithms.NewPS512Verifier),
		ecCase(algorithms.ES256, elliptic.P256(), algorithms.NewES256, algorithms.NewES256Verifier),
		ecCase(algorithms.ES384, elliptic.P384(), algorithms.NewES384, algorithms.NewES384Verifier),
		ecCase(algorithms.ES512, elliptic.P521(), algorithms.NewES512, algorithms.NewES512Verifier),
		{alg: algorithms.EdDSA, sigLen: 64, build: edCase},
	}
}

func hmacCase(alg string, size int, newHMAC func([]byte) (*algorithms.HMAC, error)) algCase {
	return algCase{alg: alg, sigLen: size, build: func(t testing.TB) (
		algorithms.Signer, algorithms.Verifier, algorithms.Verifier,
	) {
		t.Helper()
		s, err := newHMAC(secret(size))
		require.NoError(t, err)
		v, err := newHMAC(secret(size))
		require.NoError(t, err)
		return s, s, v
	}}
}

func rsaCase(alg string, newSigner newRSA, newVerifier newRSAVerifier) algCase {
	return algCase{alg: alg, sigLen: 256, build: func(t testing.TB) (
		algorithms.Signer, algorithms.Verifier, algorithms.Verifier,
	) {
		t.Helper()
		key := rsaKey(t, 2048)
		s, err := newSigner(key)
		require.NoError(t, err)
		v, err := newVerifier(&key.PublicKey)
		require.NoError(t, err)
		return s, s.Verifier(), v
	}}
}

func ecCase(alg string, curve elliptic.Curve, newSigner newEC, newVerifier newECVerifier) algCase {
	size := (curve.Params().BitSize + 7) / 8
	return algCase{alg: alg, sigLen: 2 * size, build: func(t testing.TB) (
		algorithms.Signer, algorithms.Verifier, algorithms.Verifier,
	) {
		t.Helper()
		key := ecKey(t, curve)
		s, err := newSigner(key)
		require.NoError(t, err)
		v, err := newVerifier(&key.PublicKey)
		require.NoError(t, err)
		return s, s.Verifier(), v
	}}
}

func edCase(t testing.TB) (algorithms.Signer, algorithms.Verifier, algorithms.Verifier) {
	t.Helper()
	key := edKey()
	s, err := algorithms.NewEdDSA(key)
	require.NoError(t, err)
	v, err := algorithms.NewEdDSAVerifier(key.Public().(ed25519.PublicKey))
	require.NoError(t, err)
	return s, s.Verifier(), v
}
