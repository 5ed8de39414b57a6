package algorithms_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt/algorithms"
)

type (
	newEC         func(*ecdsa.PrivateKey) (*algorithms.ECDSASigner, error)
	newECVerifier func(*ecdsa.PublicKey) (*algorithms.ECDSAVerifier, error)
)

type ecConstructors struct {
	curve       elliptic.Curve
	newSigner   newEC
	newVerifier newECVerifier
}

func ecdsaConstructors() map[string]ecConstructors {
	return map[string]ecConstructors{
		algorithms.ES256: {elliptic.P256(), algorithms.NewES256, algorithms.NewES256Verifier},
		algorithms.ES384: {elliptic.P384(), algorithms.NewES384, algorithms.NewES384Verifier},
		algorithms.ES512: {elliptic.P521(), algorithms.NewES512, algorithms.NewES512Verifier},
	}
}

// badECPublicKeys returns public keys that the constructors for curve must
// refuse.
func badECPublicKeys(t *testing.T, curve elliptic.Curve) map[string]*ecdsa.PublicKey {
	good := ecKey(t, curve).PublicKey
	p := curve.Params().P
	point := func(x, y *big.Int) *ecdsa.PublicKey {
		return &ecdsa.PublicKey{Curve: curve, X: x, Y: y}
	}
	keys := map[string]*ecdsa.PublicKey{
		"nil key":         nil,
		"nil curve":       {X: good.X, Y: good.Y},
		"generic params":  {Curve: curve.Params(), X: good.X, Y: good.Y},
		"nil X":           point(nil, good.Y),
		"nil Y":           point(good.X, nil),
		"nil X and Y":     point(nil, nil),
		"identity (0,0)":  point(new(big.Int), new(big.Int)),
		"off the curve":   point(good.X, new(big.Int).Add(good.Y, big.NewInt(1))),
		"negative Y":      point(good.X, new(big.Int).Neg(good.Y)),
		"Y + p":           point(good.X, new(big.Int).Add(good.Y, p)),
		"X = p":           point(new(big.Int).Set(p), good.Y),
		"oversized X":     point(new(big.Int).Lsh(good.X, 600), good.Y),
		"x of G, wrong y": point(curve.Params().Gx, new(big.Int).Sub(p, curve.Params().Gx)),
	}
	for _, other := range []elliptic.Curve{elliptic.P224(), elliptic.P256(), elliptic.P384(),
		elliptic.P521()} {
		if other != curve {
			keys["key on "+other.Params().Name] = &ecKey(t, other).PublicKey
		}
	}
	return keys
}

func TestNewECDSARefusesPublicKeys(t *testing.T) {
	t.Parallel()
	for alg, c := range ecdsaConstructors() {
		for name, pub := range badECPublicKeys(t, c.curve) {
			v, err := c.newVerifier(pub)
			assert.ErrorIs(t, err, algorithms.ErrInvalidKey, "%s verifier: %s", alg, name)
			assert.Nil(t, v)
			if pub == nil {
				continue
			}
			priv := &ecdsa.PrivateKey{PublicKey: *pub, D: ecKey(t, c.curve).D}
			s, err := c.newSigner(priv)
			assert.ErrorIs(t, err, algorithms.ErrInvalidKey, "%s signer: %s", alg, name)
			assert.Nil(t, s)
		}
	}
}

func TestNewECDSARefusesPrivateKeys(t *testing.T) {
	t.Parallel()
	for alg, c := range ecdsaConstructors() {
		good := ecKey(t, c.curve)
		n := c.curve.Params().N
		withD := func(d *big.Int) *ecdsa.PrivateKey {
			return &ecdsa.PrivateKey{PublicKey: good.PublicKey, D: d}
		}
		keys := map[string]*ecdsa.PrivateKey{
			"nil key":       nil,
			"nil D":         withD(nil),
			"zero D":        withD(new(big.Int)),
			"negative D":    withD(new(big.Int).Neg(good.D)),
			"D = n":         withD(new(big.Int).Set(n)),
			"D + n":         withD(new(big.Int).Add(good.D, n)),
			"oversized D":   withD(new(big.Int).Lsh(n, 8)),
			"other key's D": withD(ecKey(t, c.curve).D),
		}
		for name, key := range keys {
			s, err := c.newSigner(key)
			assert.ErrorIs(t, err, algorithms.ErrInvalidKey, "%s: %s", alg, name)
			assert.Nil(t, s)
		}
	}
}

// TestECDSAHighS pins that JWS accepts both S and n - S: one of the two is
// above n/2, so a low-S rule would refuse it.
func TestECDSAHighS(t *testing.T) {
	t.Parallel()
	for alg, c := range ecdsaConstructors() {
		s, err := c.newSigner(ecKey(t, c.curve))
		require.NoError(t, err)
		sig, err := s.Sign([]byte(signingInput))
		require.NoError(t, err)

		half := len(sig) / 2
		n := c.curve.Params().N
		other := new(big.Int).Sub(n, new(big.Int).SetBytes(sig[half:]))
		flipped := concat(sig[:half], other.FillBytes(make([]byte, half)))
		require.NotEqual(t, sig, flipped)
		assert.NoError(t, s.Verifier().Verify([]byte(signingInput), sig), alg)
		assert.NoError(t, s.Verifier().Verify([]byte(signingInput), flipped), alg)
	}
}

func TestECDSARefusesSpecialValues(t *testing.T) {
	t.Parallel()
	for alg, c := range ecdsaConstructors() {
		s, err := c.newSigner(ecKey(t, c.curve))
		require.NoError(t, err)
		sig, err := s.Sign([]byte(signingInput))
		require.NoError(t, err)
		half := len(sig) / 2
		n := c.curve.Params().N.FillBytes(make([]byte, half))
		zero := make([]byte, half)
		tests := map[string][]byte{
			"r = 0":           concat(zero, sig[half:]),
			"s = 0":           concat(sig[:half], zero),
			"r = s = 0":       concat(zero, zero),
			"r = n":           concat(n, sig[half:]),
			"s = n":           concat(sig[:half], n),
			"r and s swapped": concat(sig[half:], sig[:half]),
		}
		for name, bad := range tests {
			err := s.Verifier().Verify([]byte(signingInput), bad)
			assert.ErrorIs(t, err, algorithms.ErrSignature, "%s: %s", alg, name)
		}
	}
}

func TestECDSARefusesASN1Signature(t *testing.T) {
	t.Parallel()
	key := ecKey(t, elliptic.P256())
	v, err := algorithms.NewES256Verifier(&key.PublicKey)
	require.NoError(t, err)
	digest := sha256.Sum256([]byte(signingInput))
	der, err := ecdsa.SignASN1(rand.Reader, key, digest[:])
	require.NoError(t, err)
	require.True(t, ecdsa.VerifyASN1(&key.PublicKey, digest[:], der))
	assert.ErrorIs(t, v.Verify([]byte(signingInput), der), algorithms.ErrSignature)
}

func concat(a, b []byte) []byte {
	return append(append([]byte(nil), a...), b...)
}
