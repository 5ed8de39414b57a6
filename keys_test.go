package jwt_test

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt/algorithms"
)

// A testJWK is the subset of RFC 7517 that the RFC examples use to publish
// their keys. The jwk package is the real reader; this one only turns the
// published example keys into Go keys for the core's tests.
type testJWK struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	K   string `json:"k"`
	N   string `json:"n"`
	E   string `json:"e"`
	D   string `json:"d"`
	P   string `json:"p"`
	Q   string `json:"q"`
	X   string `json:"x"`
	Y   string `json:"y"`
}

func b64(t testing.TB, s string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(s)
	require.NoError(t, err)
	return b
}

func bigInt(t testing.TB, s string) *big.Int {
	t.Helper()
	return new(big.Int).SetBytes(b64(t, s))
}

func (k testJWK) rsaPrivate(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	key := &rsa.PrivateKey{
		PublicKey: *k.rsaPublic(t),
		D:         bigInt(t, k.D),
		Primes:    []*big.Int{bigInt(t, k.P), bigInt(t, k.Q)},
	}
	key.Precompute()
	require.NoError(t, key.Validate())
	return key
}

func (k testJWK) ecPrivate(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	return &ecdsa.PrivateKey{PublicKey: *k.ecPublic(t), D: bigInt(t, k.D)}
}

// signer builds the signer for alg from a private or secret JWK.
func (k testJWK) signer(t testing.TB, alg string) algorithms.Signer {
	t.Helper()
	var s algorithms.Signer
	var err error
	switch alg {
	case algorithms.HS256:
		s, err = algorithms.NewHS256(b64(t, k.K))
	case algorithms.HS512:
		s, err = algorithms.NewHS512(b64(t, k.K))
	case algorithms.RS256:
		s, err = algorithms.NewRS256(k.rsaPrivate(t))
	case algorithms.PS384:
		s, err = algorithms.NewPS384(k.rsaPrivate(t))
	case algorithms.ES256:
		s, err = algorithms.NewES256(k.ecPrivate(t))
	case algorithms.ES512:
		s, err = algorithms.NewES512(k.ecPrivate(t))
	case algorithms.EdDSA:
		s, err = algorithms.NewEdDSA(ed25519.NewKeyFromSeed(b64(t, k.D)))
	default:
		t.Fatalf("no test signer for %s", alg)
	}
	require.NoError(t, err)
	return s
}

// verifier builds the verifier for alg from the public part of a JWK.
func (k testJWK) verifier(t testing.TB, alg string) algorithms.Verifier {
	t.Helper()
	var v algorithms.Verifier
	var err error
	switch alg {
	case algorithms.HS256, algorithms.HS512:
		return k.signer(t, alg).(algorithms.Verifier)
	case algorithms.RS256:
		v, err = algorithms.NewRS256Verifier(k.rsaPublic(t))
	case algorithms.PS384:
		v, err = algorithms.NewPS384Verifier(k.rsaPublic(t))
	case algorithms.ES256:
		v, err = algorithms.NewES256Verifier(k.ecPublic(t))
	case algorithms.ES512:
		v, err = algorithms.NewES512Verifier(k.ecPublic(t))
	case algorithms.EdDSA:
		v, err = algorithms.NewEdDSAVerifier(ed25519.PublicKey(b64(t, k.X)))
	default:
		t.Fatalf("no test verifier for %s", alg)
	}
	require.NoError(t, err)
	return v
}

func (k testJWK) rsaPublic(t testing.TB) *rsa.PublicKey {
	t.Helper()
	return &rsa.PublicKey{N: bigInt(t, k.N), E: int(bigInt(t, k.E).Int64())}
}

func (k testJWK) ecPublic(t testing.TB) *ecdsa.PublicKey {
	t.Helper()
	return &ecdsa.PublicKey{Curve: curveOf(t, k.Crv), X: bigInt(t, k.X), Y: bigInt(t, k.Y)}
}

func curveOf(t testing.TB, crv string) elliptic.Curve {
	t.Helper()
	curves := map[string]elliptic.Curve{
		"P-256": elliptic.P256(), "P-384": elliptic.P384(), "P-521": elliptic.P521(),
	}
	curve, ok := curves[crv]
	require.True(t, ok, "curve %s", crv)
	return curve
}

func readJSON(t testing.TB, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, v))
}
