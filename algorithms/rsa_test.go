package algorithms_test

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt/algorithms"
)

type (
	newRSA         func(*rsa.PrivateKey) (*algorithms.RSASigner, error)
	newRSAVerifier func(*rsa.PublicKey) (*algorithms.RSAVerifier, error)
)

func rsaSigners() map[string]newRSA {
	return map[string]newRSA{
		algorithms.RS256: algorithms.NewRS256,
		algorithms.RS384: algorithms.NewRS384,
		algorithms.RS512: algorithms.NewRS512,
		algorithms.PS256: algorithms.NewPS256,
		algorithms.PS384: algorithms.NewPS384,
		algorithms.PS512: algorithms.NewPS512,
	}
}

func rsaVerifiers() map[string]newRSAVerifier {
	return map[string]newRSAVerifier{
		algorithms.RS256: algorithms.NewRS256Verifier,
		algorithms.RS384: algorithms.NewRS384Verifier,
		algorithms.RS512: algorithms.NewRS512Verifier,
		algorithms.PS256: algorithms.NewPS256Verifier,
		algorithms.PS384: algorithms.NewPS384Verifier,
		algorithms.PS512: algorithms.NewPS512Verifier,
	}
}

// badRSAPublicKeys returns public keys every RSA constructor must refuse.
func badRSAPublicKeys(t *testing.T) map[string]*rsa.PublicKey {
	good := rsaKey(t, 2048).PublicKey
	with := func(n *big.Int, e int) *rsa.PublicKey { return &rsa.PublicKey{N: n, E: e} }
	huge := new(big.Int).Lsh(big.NewInt(1), 8192)
	huge.Add(huge, big.NewInt(1))
	even := new(big.Int).Add(good.N, big.NewInt(1))
	// A variable, not a constant, so that 32-bit builds compile: there the
	// conversion wraps to a negative exponent, which is refused too.
	e31 := int64(1) << 31
	return map[string]*rsa.PublicKey{
		"nil key":      nil,
		"nil modulus":  with(nil, 65537),
		"zero modulus": with(new(big.Int), 65537),
		"negative":     with(new(big.Int).Neg(good.N), 65537),
		"1024-bit":     &rsaKey(t, 1024).PublicKey,
		"8193-bit":     with(huge, 65537),
		"even modulus": with(even, 65537),
		"e = 1":        with(good.N, 1),
		"e = 0":        with(good.N, 0),
		"e negative":   with(good.N, -65537),
		"e = 2":        with(good.N, 2),
		"e even":       with(good.N, 65536),
		"e = 2^31 + 1": with(good.N, int(e31+1)),
		"e = 2^32 + 1": with(good.N, int(e31*2+1)),
	}
}

func TestNewRSAVerifierRefusesKeys(t *testing.T) {
	t.Parallel()
	for name, key := range badRSAPublicKeys(t) {
		for alg, newVerifier := range rsaVerifiers() {
			v, err := newVerifier(key)
			assert.ErrorIs(t, err, algorithms.ErrInvalidKey, "%s: %s", alg, name)
			assert.Nil(t, v, "%s: %s", alg, name)
		}
	}
}

func TestNewRSASignerRefusesKeys(t *testing.T) {
	t.Parallel()
	keys := map[string]*rsa.PrivateKey{"nil key": nil, "1024-bit": rsaKey(t, 1024)}
	for name, pub := range badRSAPublicKeys(t) {
		if pub != nil {
			key := *rsaKey(t, 2048)
			key.PublicKey = *pub
			keys[name] = &key
		}
	}
	wrongPrime := *rsaKey(t, 2048)
	wrongPrime.Primes = []*big.Int{
		new(big.Int).Add(wrongPrime.Primes[0], big.NewInt(2)), wrongPrime.Primes[1],
	}
	keys["primes do not match modulus"] = &wrongPrime
	noPrimes := *rsaKey(t, 2048)
	noPrimes.Primes = nil
	keys["no primes"] = &noPrimes
	noD := *rsaKey(t, 2048)
	noD.D = nil
	keys["no private exponent"] = &noD
	nilPrime := *rsaKey(t, 2048)
	nilPrime.Primes = []*big.Int{nilPrime.Primes[0], nil}
	keys["nil prime"] = &nilPrime
	wrongD := *rsaKey(t, 2048)
	wrongD.D = new(big.Int).Add(wrongD.D, big.NewInt(2))
	keys["wrong private exponent"] = &wrongD

	for name, key := range keys {
		for alg, newSigner := range rsaSigners() {
			s, err := newSigner(key)
			assert.ErrorIs(t, err, algorithms.ErrInvalidKey, "%s: %s", alg, name)
			assert.Nil(t, s, "%s: %s", alg, name)
		}
	}
}

func TestNewRSAAcceptsExponent3(t *testing.T) {
	t.Parallel()
	key := rsaKey(t, 2048).PublicKey
	key.E = 3
	for alg, newVerifier := range rsaVerifiers() {
		_, err := newVerifier(&key)
		assert.NoError(t, err, alg)
	}
}

func TestNewRSALeavesCallerKeyAlone(t *testing.T) {
	t.Parallel()
	parsed := rsaKey(t, 2048)
	key := &rsa.PrivateKey{PublicKey: parsed.PublicKey, D: parsed.D, Primes: parsed.Primes}
	s, err := algorithms.NewRS256(key)
	require.NoError(t, err)
	assert.Nil(t, key.Precomputed.Dp, "constructor precomputed the caller's key")

	sig, err := s.Sign([]byte(signingInput))
	require.NoError(t, err)
	v, err := algorithms.NewRS256Verifier(&key.PublicKey)
	require.NoError(t, err)
	key.PublicKey.N = new(big.Int).Add(key.PublicKey.N, big.NewInt(2))
	assert.NoError(t, v.Verify([]byte(signingInput), sig), "verifier shares the caller's key")
}

// TestRS256Deterministic pins PKCS #1 v1.5 signing: the same input and key
// give the same signature, as RFC 7515, appendix A.2 relies on.
func TestRS256Deterministic(t *testing.T) {
	t.Parallel()
	s, err := algorithms.NewRS256(rsaKey(t, 2048))
	require.NoError(t, err)
	a, err := s.Sign([]byte(signingInput))
	require.NoError(t, err)
	b, err := s.Sign([]byte(signingInput))
	require.NoError(t, err)
	assert.Equal(t, a, b)
}

// TestNewRSASignerHugePrime checks that a hand-made private key whose prime
// is far longer than the modulus is refused by the cheap check that the
// primes multiply to the modulus, before crypto/rsa's Validate, which
// works modulo that prime and would take minutes for an 8 KiB one.
func TestNewRSASignerHugePrime(t *testing.T) {
	t.Parallel()
	huge := new(big.Int).SetBytes(bytes.Repeat([]byte{0xff}, 8192))
	good := rsaKey(t, 2048)
	tests := []struct {
		name   string
		primes []*big.Int
		reason string
	}{
		{"8 KiB prime", []*big.Int{huge, good.Primes[1]}, "do not multiply"},
		{"8 KiB second prime", []*big.Int{good.Primes[0], huge}, "do not multiply"},
		{"modulus and 3", []*big.Int{good.N, big.NewInt(3)}, "do not multiply"},
		{"modulus and 1", []*big.Int{good.N, big.NewInt(1)}, "not above 1"},
		{"zero prime", []*big.Int{good.Primes[0], new(big.Int)}, "not above 1"},
		{"one prime", []*big.Int{good.N}, "fewer than two"},
		{"three primes", append([]*big.Int{huge}, good.Primes...), "do not multiply"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			key := *good
			key.Precomputed = rsa.PrecomputedValues{}
			key.Primes = tc.primes
			_, err := algorithms.NewRS256(&key)
			require.ErrorIs(t, err, algorithms.ErrInvalidKey)
			assert.ErrorContains(t, err, tc.reason)
		})
	}
}

// TestNewRSAMultiPrime checks that the check of the primes leaves keys of
// more than two primes, which crypto/rsa still signs with, usable.
func TestNewRSAMultiPrime(t *testing.T) {
	t.Parallel()
	// GenerateMultiPrimeKey is deprecated, not gone: such keys still exist.
	key, err := rsa.GenerateMultiPrimeKey(rand.Reader, 3, 2048)
	require.NoError(t, err)
	s, err := algorithms.NewRS256(key)
	require.NoError(t, err)
	sig, err := s.Sign([]byte(signingInput))
	require.NoError(t, err)
	assert.NoError(t, s.Verifier().Verify([]byte(signingInput), sig))
}
