package algorithms_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt/algorithms"
)

func TestNewHMACKeyLength(t *testing.T) {
	t.Parallel()
	constructors := map[string]func([]byte) (*algorithms.HMAC, error){
		algorithms.HS256: algorithms.NewHS256,
		algorithms.HS384: algorithms.NewHS384,
		algorithms.HS512: algorithms.NewHS512,
	}
	tests := []struct {
		alg    string
		length int
		ok     bool
	}{
		{algorithms.HS256, 0, false},
		{algorithms.HS256, 16, false},
		{algorithms.HS256, 31, false},
		{algorithms.HS256, 32, true},
		{algorithms.HS256, 65, true},
		{algorithms.HS384, 0, false},
		{algorithms.HS384, 32, false},
		{algorithms.HS384, 47, false},
		{algorithms.HS384, 48, true},
		{algorithms.HS512, 0, false},
		{algorithms.HS512, 32, false},
		{algorithms.HS512, 63, false},
		{algorithms.HS512, 64, true},
		{algorithms.HS512, 200, true},
	}
	for _, tc := range tests {
		m, err := constructors[tc.alg](secret(tc.length))
		if tc.ok {
			require.NoError(t, err, "%s with %d bytes", tc.alg, tc.length)
			assert.Equal(t, tc.alg, m.Algorithm())
			continue
		}
		assert.ErrorIs(t, err, algorithms.ErrInvalidKey, "%s with %d bytes", tc.alg, tc.length)
		assert.Nil(t, m)
	}
	_, err := algorithms.NewHS256(nil)
	assert.ErrorIs(t, err, algorithms.ErrInvalidKey, "nil secret")
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
