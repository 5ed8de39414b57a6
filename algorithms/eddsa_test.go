package algorithms_test

import (
	"crypto/ed25519"
	"encoding/base64"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt/algorithms"
)

func TestNewEdDSARefusesKeys(t *testing.T) {
	t.Parallel()
	good := edKey()
	tests := map[string]ed25519.PrivateKey{
		"nil":                nil,
		"empty":              {},
		"seed only":          good.Seed(),
		"63 bytes":           good[:63],
		"65 bytes":           append(append(ed25519.PrivateKey(nil), good...), 0),
		"wrong public half":  mismatchedEdKey(),
		"public key as priv": append(ed25519.PrivateKey(nil), good[32:]...),
	}
	for name, key := range tests {
		s, err := algorithms.NewEdDSA(key)
		assert.ErrorIs(t, err, algorithms.ErrInvalidKey, name)
		assert.Nil(t, s, name)
	}
}

func TestNewEdDSAVerifierRefusesKeys(t *testing.T) {
	t.Parallel()
	pub := edKey().Public().(ed25519.PublicKey)
	tests := map[string]ed25519.PublicKey{
		"nil":         nil,
		"empty":       {},
		"31 bytes":    pub[:31],
		"33 bytes":    append(append(ed25519.PublicKey(nil), pub...), 0),
		"private key": ed25519.PublicKey(edKey()),
	}
	for name, key := range tests {
		v, err := algorithms.NewEdDSAVerifier(key)
		assert.ErrorIs(t, err, algorithms.ErrInvalidKey, name)
		assert.Nil(t, v, name)
	}
}

// TestEdDSAVector pins Ed25519 signing to RFC 8037, appendix A.4, whose
// signature is deterministic.
func TestEdDSAVector(t *testing.T) {
	t.Parallel()
	decode := func(s string) []byte {
		b, err := base64.RawURLEncoding.DecodeString(s)
		require.NoError(t, err)
		return b
	}
	seed := decode("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A")
	pub := decode("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")
	in := []byte("eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc")
	want := decode("hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dW" +
		"bhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg")

	s, err := algorithms.NewEdDSA(ed25519.NewKeyFromSeed(seed))
	require.NoError(t, err)
	sig, err := s.Sign(in)
	require.NoError(t, err)
	assert.Equal(t, want, sig)

	v, err := algorithms.NewEdDSAVerifier(pub)
	require.NoError(t, err)
	assert.NoError(t, v.Verify(in, want))
}

func TestEdDSACopiesKeys(t *testing.T) {
	t.Parallel()
	key := edKey()
	pub := append(ed25519.PublicKey(nil), key[32:]...)
	s, err := algorithms.NewEdDSA(key)
	require.NoError(t, err)
	v, err := algorithms.NewEdDSAVerifier(pub)
	require.NoError(t, err)
	key[0] ^= 0xff
	pub[0] ^= 0xff

	sig, err := s.Sign([]byte(signingInput))
	require.NoError(t, err)
	assert.NoError(t, v.Verify([]byte(signingInput), sig))
}
