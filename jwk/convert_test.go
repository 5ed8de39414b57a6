package jwk_test

import (
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/algorithms"
	"github.com/jotgo/jwt/jwk"
)

// goKeys returns private keys of every supported kind.
func goKeys(t testing.TB) map[string]crypto.Signer {
	t.Helper()
	keys := map[string]crypto.Signer{
		"RSA": parseKeyFile(t, "jose-cookbook", "jwk", "3_4.rsa_private_key.json").
			PrivateKey().(*rsa.PrivateKey),
		"Ed25519": ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)),
	}
	for _, c := range []elliptic.Curve{elliptic.P256(), elliptic.P384(), elliptic.P521()} {
		k, err := ecdsa.GenerateKey(c, rand.Reader)
		require.NoError(t, err)
		keys[c.Params().Name] = k
	}
	return keys
}

// TestFromGoKeys converts Go keys to JWKs and back.
func TestFromGoKeys(t *testing.T) {
	t.Parallel()
	for name, priv := range goKeys(t) {
		t.Run(name, func(t *testing.T) {
			k, err := jwk.FromPrivateKey(priv, jwk.WithKeyID("k1"), jwk.WithUse("sig"))
			require.NoError(t, err)
			assert.True(t, k.IsPrivate())
			assert.Equal(t, "k1", k.KeyID())
			assert.Equal(t, "sig", k.Use())
			again := roundTrip(t, k)
			equal := priv.(interface{ Equal(crypto.PrivateKey) bool }).Equal
			assert.True(t, equal(again.PrivateKey()))

			pub, err := jwk.FromPublicKey(priv.Public())
			require.NoError(t, err)
			assert.False(t, pub.IsPrivate())
			assert.Empty(t, pub.KeyID())
			assert.True(t, priv.Public().(interface{ Equal(crypto.PublicKey) bool }).
				Equal(roundTrip(t, pub).PublicKey()))
			assertSameThumbprint(t, k, pub)
		})
	}
}

// roundTrip marshals k and parses the result.
func roundTrip(t testing.TB, k *jwk.Key) *jwk.Key {
	t.Helper()
	out, err := k.MarshalJSON()
	require.NoError(t, err)
	again, err := jwk.ParseKey(out)
	require.NoError(t, err)
	return again
}

func TestFromSecret(t *testing.T) {
	t.Parallel()
	secret := []byte("a secret of at least 32 bytes...")
	k, err := jwk.FromSecret(secret, jwk.WithAlgorithm("HS256"), jwk.WithKeyID("mac"))
	require.NoError(t, err)
	secret[0] = 'A'
	assert.Equal(t, byte('a'), k.Secret()[0])
	out, err := k.MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, `{"kty":"oct","kid":"mac","alg":"HS256",`+
		`"k":"YSBzZWNyZXQgb2YgYXQgbGVhc3QgMzIgYnl0ZXMuLi4"}`, string(out))

	_, err = jwk.FromSecret(secret[:31], jwk.WithAlgorithm("HS256"))
	assert.ErrorIs(t, err, algorithms.ErrInvalidKey)
	short, err := jwk.FromSecret(secret[:31])
	require.NoError(t, err)
	_, err = short.Verifier("HS256")
	assert.ErrorIs(t, err, algorithms.ErrInvalidKey)
}

// TestFromGoKeysRefused checks the Go keys and options the constructors
// refuse.
func TestFromGoKeysRefused(t *testing.T) {
	t.Parallel()
	p256, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	p224, err := ecdsa.GenerateKey(elliptic.P224(), rand.Reader)
	require.NoError(t, err)
	x25519, err := ecdh.X25519().GenerateKey(rand.Reader)
	require.NoError(t, err)
	rsa1024, err := rsa.GenerateKey(rand.Reader, 1024)
	require.NoError(t, err)
	rsaKey := goKeys(t)["RSA"].(*rsa.PrivateKey)
	threePrimes := *rsaKey
	threePrimes.Primes = append(threePrimes.Primes, big.NewInt(3))
	tests := []struct {
		name    string
		private bool
		key     any
		opts    []jwk.KeyOption
		err     error
	}{
		{"nil", false, nil, nil, jwk.ErrUnsupported},
		{"nil RSA", false, (*rsa.PublicKey)(nil), nil, jwk.ErrUnsupported},
		{"nil ECDSA", true, (*ecdsa.PrivateKey)(nil), nil, jwk.ErrUnsupported},
		{"string", false, "key", nil, jwk.ErrUnsupported},
		{"P-224", true, p224, nil, jwk.ErrUnsupported},
		{"X25519", true, x25519, nil, jwk.ErrUnsupported},
		{"public key as private", true, &p256.PublicKey, nil, jwk.ErrUnsupported},
		{"three primes", true, &threePrimes, nil, jwk.ErrUnsupported},
		{"RSA 1024", true, rsa1024, nil, algorithms.ErrInvalidKey},
		{"short Ed25519", true, ed25519.PrivateKey{1}, nil, algorithms.ErrInvalidKey},
		{"alg of another curve", true, p256,
			[]jwk.KeyOption{jwk.WithAlgorithm("ES384")}, algorithms.ErrInvalidKey},
		{"empty alg", true, p256, []jwk.KeyOption{jwk.WithAlgorithm("")}, jwt.ErrInvalidArgument},
		{"empty use", true, p256, []jwk.KeyOption{jwk.WithUse("")}, jwt.ErrInvalidArgument},
		{"repeated key op", true, p256,
			[]jwk.KeyOption{jwk.WithKeyOps("sign", "sign")}, jwt.ErrInvalidArgument},
		{"two key IDs", true, p256,
			[]jwk.KeyOption{jwk.WithKeyID("a"), jwk.WithThumbprintKeyID()}, jwt.ErrInvalidArgument},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k, err := jwk.FromPublicKey(tc.key, tc.opts...)
			if tc.private {
				k, err = jwk.FromPrivateKey(tc.key, tc.opts...)
			}
			require.ErrorIs(t, err, tc.err)
			assert.Nil(t, k)
		})
	}
}

// TestFromPrivateKeyRecomputesCRT checks that the CRT values written are
// computed from the primes, not copied from the caller's key, which Go
// would trust without checking.
func TestFromPrivateKeyRecomputesCRT(t *testing.T) {
	t.Parallel()
	priv := goKeys(t)["RSA"].(*rsa.PrivateKey)
	priv.Precompute()
	priv.Precomputed.Dp = big.NewInt(12345)
	k, err := jwk.FromPrivateKey(priv)
	require.NoError(t, err)
	again := roundTrip(t, k)
	require.NotNil(t, again)
	assert.Equal(t, 0, priv.D.Cmp(again.PrivateKey().(*rsa.PrivateKey).D))
}
