package algorithms_test

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt/algorithms"
)

// TestPSSSaltLength pins RFC 7518, section 3.5: the salt is as long as the
// hash, and a verifier refuses any other salt length, even though such a
// signature is valid RSASSA-PSS.
func TestPSSSaltLength(t *testing.T) {
	t.Parallel()
	key := rsaKey(t, 2048)
	tests := []struct {
		alg         string
		hash        crypto.Hash
		newVerifier func(*rsa.PublicKey) (*algorithms.RSAVerifier, error)
		wantSalt    int
	}{
		{algorithms.PS256, crypto.SHA256, algorithms.NewPS256Verifier, 32},
		{algorithms.PS384, crypto.SHA384, algorithms.NewPS384Verifier, 48},
		{algorithms.PS512, crypto.SHA512, algorithms.NewPS512Verifier, 64},
	}
	for _, tc := range tests {
		t.Run(tc.alg, func(t *testing.T) {
			t.Parallel()
			v, err := tc.newVerifier(&key.PublicKey)
			require.NoError(t, err)
			digest := hashOf(tc.hash, signingInput)
			salts := map[string]int{
				"salt 0":       0,
				"salt 20":      20,
				"hash size+1":  tc.wantSalt + 1,
				"maximum salt": rsa.PSSSaltLengthAuto,
			}
			for name, salt := range salts {
				opts := &rsa.PSSOptions{SaltLength: salt, Hash: tc.hash}
				sig, err := rsa.SignPSS(rand.Reader, key, tc.hash, digest, opts)
				require.NoError(t, err, name)
				auto := &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthAuto}
				require.NoError(t, rsa.VerifyPSS(&key.PublicKey, tc.hash, digest, sig, auto),
					"%s: signature is valid PSS", name)
				err = v.Verify([]byte(signingInput), sig)
				assert.ErrorIs(t, err, algorithms.ErrSignature, name)
			}
		})
	}
}

func TestPSSSignsWithHashSizeSalt(t *testing.T) {
	t.Parallel()
	key := rsaKey(t, 2048)
	s, err := algorithms.NewPS384(key)
	require.NoError(t, err)
	sig, err := s.Sign([]byte(signingInput))
	require.NoError(t, err)
	opts := &rsa.PSSOptions{SaltLength: 48}
	digest := hashOf(crypto.SHA384, signingInput)
	assert.NoError(t, rsa.VerifyPSS(&key.PublicKey, crypto.SHA384, digest, sig, opts))
}

func TestPSSAndPKCS1DoNotMix(t *testing.T) {
	t.Parallel()
	key := rsaKey(t, 2048)
	rs, err := algorithms.NewRS256(key)
	require.NoError(t, err)
	ps, err := algorithms.NewPS256(key)
	require.NoError(t, err)
	rsSig, err := rs.Sign([]byte(signingInput))
	require.NoError(t, err)
	psSig, err := ps.Sign([]byte(signingInput))
	require.NoError(t, err)
	assert.ErrorIs(t, ps.Verifier().Verify([]byte(signingInput), rsSig), algorithms.ErrSignature)
	assert.ErrorIs(t, rs.Verifier().Verify([]byte(signingInput), psSig), algorithms.ErrSignature)
}

func hashOf(h crypto.Hash, s string) []byte {
	switch h {
	case crypto.SHA384:
		sum := sha512.Sum384([]byte(s))
		return sum[:]
	case crypto.SHA512:
		sum := sha512.Sum512([]byte(s))
		return sum[:]
	}
	sum := sha256.Sum256([]byte(s))
	return sum[:]
}
