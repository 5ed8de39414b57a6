package algorithms_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"errors"
	"io"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt/algorithms"
)

func TestCryptoSignerRoundTrip(t *testing.T) {
	t.Parallel()
	rsaPriv := rsaKey(t, 2048)
	tests := []struct {
		alg string
		key crypto.Signer
	}{
		{algorithms.RS256, rsaPriv},
		{algorithms.RS384, rsaPriv},
		{algorithms.RS512, rsaPriv},
		{algorithms.PS256, rsaPriv},
		{algorithms.PS384, rsaPriv},
		{algorithms.PS512, rsaPriv},
		{algorithms.ES256, ecKey(t, elliptic.P256())},
		{algorithms.ES384, ecKey(t, elliptic.P384())},
		{algorithms.ES512, ecKey(t, elliptic.P521())},
		{algorithms.EdDSA, edKey()},
	}
	for _, tc := range tests {
		t.Run(tc.alg, func(t *testing.T) {
			t.Parallel()
			cs, err := algorithms.NewCryptoSigner(tc.alg, tc.key)
			require.NoError(t, err)
			assert.Equal(t, tc.alg, cs.Algorithm())
			assert.Equal(t, tc.alg, cs.Verifier().Algorithm())

			sig, err := cs.Sign([]byte(signingInput))
			require.NoError(t, err)
			native := nativeVerifier(t, tc.alg, tc.key.Public())
			assert.NoError(t, native.Verify([]byte(signingInput), sig))
			assert.NoError(t, cs.Verifier().Verify([]byte(signingInput), sig))
		})
	}
}

// nativeVerifier builds the verifier for alg and pub with its constructor.
func nativeVerifier(t *testing.T, alg string, pub crypto.PublicKey) algorithms.Verifier {
	t.Helper()
	var v algorithms.Verifier
	var err error
	switch pub := pub.(type) {
	case *rsa.PublicKey:
		v, err = rsaVerifiers()[alg](pub)
	case *ecdsa.PublicKey:
		v, err = ecdsaConstructors()[alg].newVerifier(pub)
	case ed25519.PublicKey:
		v, err = algorithms.NewEdDSAVerifier(pub)
	}
	require.NoError(t, err)
	require.NotNil(t, v)
	return v
}

func TestNewCryptoSignerRefusesKeys(t *testing.T) {
	t.Parallel()
	rsaPriv := rsaKey(t, 2048)
	p256 := ecKey(t, elliptic.P256())
	offCurve := *p256
	offCurve.Y = new(big.Int).Add(p256.Y, big.NewInt(1))
	edPub := edKey().Public().(ed25519.PublicKey)
	tests := []struct {
		name string
		alg  string
		key  crypto.Signer
	}{
		{"nil signer", algorithms.RS256, nil},
		{"nil *rsa.PrivateKey", algorithms.RS256, (*rsa.PrivateKey)(nil)},
		{"nil *ecdsa.PrivateKey", algorithms.ES256, (*ecdsa.PrivateKey)(nil)},
		{"nil ed25519.PrivateKey", algorithms.EdDSA, ed25519.PrivateKey(nil)},
		{"short ed25519.PrivateKey", algorithms.EdDSA, edKey()[:32]},
		{"mismatched Ed25519 halves", algorithms.EdDSA, mismatchedEdKey()},
		{"HS256", algorithms.HS256, rsaPriv},
		{"HS384", algorithms.HS384, p256},
		{"HS512", algorithms.HS512, edKey()},
		{"empty alg", "", rsaPriv},
		{"alg none", "none", rsaPriv},
		{"unknown alg", "ES256K", p256},
		{"lower-case alg", "rs256", rsaPriv},
		{"RSA key for ES256", algorithms.ES256, rsaPriv},
		{"RSA key for EdDSA", algorithms.EdDSA, rsaPriv},
		{"P-256 key for ES384", algorithms.ES384, p256},
		{"P-256 key for ES512", algorithms.ES512, p256},
		{"P-256 key for RS256", algorithms.RS256, p256},
		{"P-384 key for ES256", algorithms.ES256, ecKey(t, elliptic.P384())},
		{"off-curve point", algorithms.ES256, &offCurve},
		{"Ed25519 key for ES256", algorithms.ES256, edKey()},
		{"Ed25519 key for PS256", algorithms.PS256, edKey()},
		{"1024-bit RSA key", algorithms.RS256, rsaKey(t, 1024)},
		{"1024-bit RSA key for PS512", algorithms.PS512, rsaKey(t, 1024)},
		{"nil public key", algorithms.RS256, &fakeSigner{}},
		{"pointer to Ed25519 key", algorithms.EdDSA, &fakeSigner{pub: &edPub}},
		{"short Ed25519 key", algorithms.EdDSA, &fakeSigner{pub: edPub[:31]}},
		{"nil RSA public key", algorithms.RS256, &fakeSigner{pub: (*rsa.PublicKey)(nil)}},
		{"nil ECDSA public key", algorithms.ES256, &fakeSigner{pub: (*ecdsa.PublicKey)(nil)}},
	}
	for _, tc := range tests {
		cs, err := algorithms.NewCryptoSigner(tc.alg, tc.key)
		assert.ErrorIs(t, err, algorithms.ErrInvalidKey, tc.name)
		assert.Nil(t, cs, tc.name)
	}
}

// TestCryptoSignerOptions checks what a crypto.Signer is asked to sign: a
// digest with the algorithm's hash, PSS options with a salt as long as the
// hash, and the message itself for Ed25519.
func TestCryptoSignerOptions(t *testing.T) {
	t.Parallel()
	rsaPub := &rsaKey(t, 2048).PublicKey
	tests := []struct {
		alg      string
		pub      crypto.PublicKey
		out      []byte
		wantHash crypto.Hash
		wantMsg  []byte
		pss      bool
	}{
		{algorithms.RS256, rsaPub, make([]byte, 256), crypto.SHA256,
			hashOf(crypto.SHA256, signingInput), false},
		{algorithms.RS512, rsaPub, make([]byte, 256), crypto.SHA512,
			hashOf(crypto.SHA512, signingInput), false},
		{algorithms.PS384, rsaPub, make([]byte, 256), crypto.SHA384,
			hashOf(crypto.SHA384, signingInput), true},
		{algorithms.ES256, &ecKey(t, elliptic.P256()).PublicKey, []byte{0x30, 6, 2, 1, 1, 2, 1, 2},
			crypto.SHA256, hashOf(crypto.SHA256, signingInput), false},
		{algorithms.EdDSA, edKey().Public(), make([]byte, 64), 0, []byte(signingInput), false},
	}
	for _, tc := range tests {
		t.Run(tc.alg, func(t *testing.T) {
			t.Parallel()
			fake := &fakeSigner{pub: tc.pub, out: tc.out}
			cs, err := algorithms.NewCryptoSigner(tc.alg, fake)
			require.NoError(t, err)
			_, err = cs.Sign([]byte(signingInput))
			require.NoError(t, err)
			assert.Equal(t, tc.wantMsg, fake.msg)
			assert.Equal(t, tc.wantHash, fake.opts.HashFunc())
			pss, isPSS := fake.opts.(*rsa.PSSOptions)
			require.Equal(t, tc.pss, isPSS)
			if isPSS {
				assert.Equal(t, rsa.PSSSaltLengthEqualsHash, pss.SaltLength)
			}
		})
	}
}

func TestCryptoSignerConvertsASN1(t *testing.T) {
	t.Parallel()
	pub := &ecKey(t, elliptic.P256()).PublicKey
	fake := &fakeSigner{pub: pub, out: []byte{0x30, 7, 2, 1, 1, 2, 2, 0x00, 0x80}}
	cs, err := algorithms.NewCryptoSigner(algorithms.ES256, fake)
	require.NoError(t, err)
	sig, err := cs.Sign([]byte(signingInput))
	require.NoError(t, err)
	want := make([]byte, 64)
	want[31], want[63] = 1, 0x80
	assert.Equal(t, want, sig)
}

func TestCryptoSignerRefusesBadOutput(t *testing.T) {
	t.Parallel()
	rsaPub := &rsaKey(t, 2048).PublicKey
	p256 := &ecKey(t, elliptic.P256()).PublicKey
	edPub := edKey().Public()
	failure := errors.New("hsm unavailable")
	tests := []struct {
		name string
		alg  string
		fake *fakeSigner
	}{
		{"signer error", algorithms.RS256, &fakeSigner{pub: rsaPub, err: failure}},
		{"RSA nil", algorithms.RS256, &fakeSigner{pub: rsaPub}},
		{"RSA short", algorithms.PS256, &fakeSigner{pub: rsaPub, out: make([]byte, 255)}},
		{"RSA long", algorithms.RS256, &fakeSigner{pub: rsaPub, out: make([]byte, 257)}},
		{"Ed25519 short", algorithms.EdDSA, &fakeSigner{pub: edPub, out: make([]byte, 63)}},
		{"ECDSA nil", algorithms.ES256, &fakeSigner{pub: p256}},
		{"ECDSA raw R||S", algorithms.ES256, &fakeSigner{pub: p256, out: make([]byte, 64)}},
		{"ECDSA truncated DER", algorithms.ES256,
			&fakeSigner{pub: p256, out: []byte{0x30, 6, 2, 1, 1, 2, 1}}},
		{"ECDSA trailing data", algorithms.ES256,
			&fakeSigner{pub: p256, out: []byte{0x30, 6, 2, 1, 1, 2, 1, 2, 0}}},
		{"ECDSA negative r", algorithms.ES256,
			&fakeSigner{pub: p256, out: []byte{0x30, 6, 2, 1, 0x81, 2, 1, 2}}},
		{"ECDSA zero s", algorithms.ES256,
			&fakeSigner{pub: p256, out: []byte{0x30, 6, 2, 1, 1, 2, 1, 0}}},
		{"ECDSA r too long", algorithms.ES256,
			&fakeSigner{pub: p256, out: append([]byte{0x30, 38, 2, 33, 1}, make([]byte, 35)...)}},
		{"ECDSA huge length", algorithms.ES256,
			&fakeSigner{pub: p256, out: []byte{0x30, 0x84, 0xff, 0xff, 0xff, 0xff}}},
	}
	for _, tc := range tests {
		cs, err := algorithms.NewCryptoSigner(tc.alg, tc.fake)
		require.NoError(t, err, tc.name)
		sig, err := cs.Sign([]byte(signingInput))
		assert.Error(t, err, tc.name)
		assert.Nil(t, sig, tc.name)
	}
	cs, err := algorithms.NewCryptoSigner(algorithms.RS256, tests[0].fake)
	require.NoError(t, err)
	_, err = cs.Sign([]byte(signingInput))
	assert.ErrorIs(t, err, failure)
}

// fakeSigner is a crypto.Signer that returns out and err and records what it
// was asked to sign.
type fakeSigner struct {
	pub  crypto.PublicKey
	out  []byte
	err  error
	msg  []byte
	opts crypto.SignerOpts
}

func (f *fakeSigner) Public() crypto.PublicKey { return f.pub }

func (f *fakeSigner) Sign(_ io.Reader, msg []byte, opts crypto.SignerOpts) ([]byte, error) {
	f.msg, f.opts = append([]byte(nil), msg...), opts
	return f.out, f.err
}

// keepingSigner is an Ed25519 crypto.Signer that keeps every message it
// signs, as crypto.Signer allows.
type keepingSigner struct {
	key  ed25519.PrivateKey
	msgs [][]byte
}

func (k *keepingSigner) Public() crypto.PublicKey { return k.key.Public() }

func (k *keepingSigner) Sign(r io.Reader, msg []byte, opts crypto.SignerOpts) ([]byte, error) {
	k.msgs = append(k.msgs, msg)
	return k.key.Sign(r, msg, opts)
}

// TestCryptoSignerKeepsNoInput checks that a crypto.Signer that keeps its
// messages never holds the caller's signing input, which Signer callers
// may reuse.
func TestCryptoSignerKeepsNoInput(t *testing.T) {
	t.Parallel()
	k := &keepingSigner{key: edKey()}
	s, err := algorithms.NewCryptoSigner(algorithms.EdDSA, k)
	require.NoError(t, err)
	input := []byte("header.alice")
	_, err = s.Sign(input)
	require.NoError(t, err)
	copy(input, "header.bob!!")
	_, err = s.Sign(input)
	require.NoError(t, err)
	assert.Equal(t, "header.alice", string(k.msgs[0]))
	assert.Equal(t, "header.bob!!", string(k.msgs[1]))
}
