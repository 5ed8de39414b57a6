package algorithms_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt/algorithms"
)

func TestNewHMACKeyLength(t *testing.T) {
	t.Parallel()
	tests := []struct {
		alg  string
		size int
		new  func([]byte) (*algorithms.HMAC, error)
	}{
		{algorithms.HS256, 32, algorithms.NewHS256},
		{algorithms.HS384, 48, algorithms.NewHS384},
		{algorithms.HS512, 64, algorithms.NewHS512},
	}
	for _, tc := range tests {
		for _, n := range []int{0, 1, 31, 32, tc.size - 1, tc.size, tc.size + 1, 200} {
			m, err := tc.new(secret(n))
			if n < tc.size {
				assert.ErrorIs(t, err, algorithms.ErrInvalidKey, "%s, %d bytes", tc.alg, n)
				assert.Nil(t, m)
				continue
			}
			require.NoError(t, err, "%s, %d bytes", tc.alg, n)
			assert.Equal(t, tc.alg, m.Algorithm())
		}
		m, err := tc.new(nil)
		assert.ErrorIs(t, err, algorithms.ErrInvalidKey, "%s, nil secret", tc.alg)
		assert.Nil(t, m)
	}
}

func TestHMACCopiesSecret(t *testing.T) {
	t.Parallel()
	key := secret(32)
	m, err := algorithms.NewHS256(key)
	require.NoError(t, err)
	sig, err := m.Sign([]byte(signingInput))
	require.NoError(t, err)

	key[0] ^= 0xff
	again, err := m.Sign([]byte(signingInput))
	require.NoError(t, err)
	assert.Equal(t, sig, again)
}

func TestHMACRefusesTruncatedTag(t *testing.T) {
	t.Parallel()
	m, err := algorithms.NewHS512(secret(64))
	require.NoError(t, err)
	sig, err := m.Sign([]byte(signingInput))
	require.NoError(t, err)
	for _, n := range []int{0, 16, 32, 48, 63} {
		err := m.Verify([]byte(signingInput), sig[:n])
		assert.ErrorIs(t, err, algorithms.ErrSignature, "%d-byte tag", n)
	}
}

func TestHMACVerifier(t *testing.T) {
	t.Parallel()
	h, err := algorithms.NewHS256(make([]byte, 32))
	require.NoError(t, err)
	sig, err := h.Sign([]byte("input"))
	require.NoError(t, err)
	require.NoError(t, h.Verifier().Verify([]byte("input"), sig))
}
