package jwk_test

import (
	"crypto"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/jwk"
)

// TestThumbprintRFC runs the thumbprint examples of RFC 7638 §3.1 (RSA)
// and RFC 8037 appendix A.3 (Ed25519) from testdata/rfc/rfc-examples.json.
func TestThumbprintRFC(t *testing.T) {
	t.Parallel()
	var file struct {
		Thumbprints []struct {
			ID            string
			JWK           json.RawMessage
			CanonicalJSON string `json:"canonical_json"`
			Thumbprint    string `json:"thumbprint_b64u"`
		} `json:"jwk_thumbprints"`
	}
	require.NoError(t, json.Unmarshal(readTestdata(t, "rfc", "rfc-examples.json"), &file))
	require.Len(t, file.Thumbprints, 2)
	for _, tc := range file.Thumbprints {
		t.Run(tc.ID, func(t *testing.T) {
			k, err := jwk.ParseKey(tc.JWK)
			require.NoError(t, err)
			sum, err := k.Thumbprint(crypto.SHA256)
			require.NoError(t, err)
			assert.Equal(t, tc.Thumbprint, base64.RawURLEncoding.EncodeToString(sum))
			want := sha256.Sum256([]byte(tc.CanonicalJSON))
			assert.Equal(t, want[:], sum)
			uri, err := k.ThumbprintURI(crypto.SHA256)
			require.NoError(t, err)
			assert.Equal(t, "urn:ietf:params:oauth:jwk-thumbprint:sha-256:"+tc.Thumbprint, uri)
		})
	}
}

// TestThumbprintCanonical checks the canonical form of each key type,
// that private keys have their public key's thumbprint, and that integers
// with leading zero octets are hashed in their minimal form.
func TestThumbprintCanonical(t *testing.T) {
	t.Parallel()
	a1 := setElements(t, "rfc7517", "a1-public-keys.json")
	a2 := setElements(t, "rfc7517", "a2-private-keys.json")
	ec := `{"crv":"P-256","kty":"EC","x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",` +
		`"y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM"}`
	tests := []struct {
		name string
		key  []byte
		want string
	}{
		{"EC public", a1[0], ec},
		{"EC private", a2[0], ec},
		{"oct", []byte(`{"kty":"oct","alg":"A128KW","k":"GawgguFyGrWKav7AX4VKUg"}`),
			`{"k":"GawgguFyGrWKav7AX4VKUg","kty":"oct"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k, err := jwk.ParseKey(tc.key)
			require.NoError(t, err)
			sum, err := k.Thumbprint(crypto.SHA256)
			require.NoError(t, err)
			want := sha256.Sum256([]byte(tc.want))
			assert.Equal(t, want[:], sum)
		})
	}
	rsaPublic, err := jwk.ParseKey(a1[1])
	require.NoError(t, err)
	for _, other := range []*jwk.Key{
		parseKeyFile(t, "jwk", "rsa-leading-zero.json"),
		mustParse(t, a2[1]),
	} {
		assertSameThumbprint(t, rsaPublic, other)
	}
}

func mustParse(t testing.TB, data []byte) *jwk.Key {
	t.Helper()
	k, err := jwk.ParseKey(data)
	require.NoError(t, err)
	return k
}

func assertSameThumbprint(t *testing.T, a, b *jwk.Key) {
	t.Helper()
	ta, err := a.Thumbprint(crypto.SHA256)
	require.NoError(t, err)
	tb, err := b.Thumbprint(crypto.SHA256)
	require.NoError(t, err)
	assert.Equal(t, ta, tb)
}

func TestThumbprintHashes(t *testing.T) {
	t.Parallel()
	k := edKey(t, 3)
	tests := []struct {
		hash crypto.Hash
		name string
		size int
	}{
		{crypto.SHA256, "sha-256", 32},
		{crypto.SHA384, "sha-384", 48},
		{crypto.SHA512, "sha-512", 64},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sum, err := k.Thumbprint(tc.hash)
			require.NoError(t, err)
			assert.Len(t, sum, tc.size)
			uri, err := k.ThumbprintURI(tc.hash)
			require.NoError(t, err)
			assert.Equal(t, "urn:ietf:params:oauth:jwk-thumbprint:"+tc.name+":"+
				base64.RawURLEncoding.EncodeToString(sum), uri)
		})
	}
	for _, h := range []crypto.Hash{crypto.SHA1, crypto.MD5, crypto.SHA3_256, 0} {
		_, err := k.Thumbprint(h)
		assert.ErrorIs(t, err, jwt.ErrInvalidArgument)
		_, err = k.ThumbprintURI(h)
		assert.ErrorIs(t, err, jwt.ErrInvalidArgument)
	}
}

func TestThumbprintKeyID(t *testing.T) {
	t.Parallel()
	k := edKey(t, 4, jwk.WithThumbprintKeyID())
	sum, err := k.Thumbprint(crypto.SHA256)
	require.NoError(t, err)
	assert.Equal(t, base64.RawURLEncoding.EncodeToString(sum), k.KeyID())
	assert.Equal(t, k.KeyID(), k.Public().KeyID())
}
