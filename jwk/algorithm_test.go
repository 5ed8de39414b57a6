package jwk_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/algorithms"
	"github.com/jotgo/jwt/jwk"
)

// rfcKey returns the private key of an entry of testdata/rfc/rfc-examples.json.
func rfcKey(t testing.TB, id string) *jwk.Key {
	t.Helper()
	for _, e := range rfcExamples(t) {
		if e.ID == id {
			return mustParse(t, e.JWK)
		}
	}
	t.Fatalf("no RFC example %s", id)
	return nil
}

type rfcExample struct {
	ID, Alg       string
	Deterministic bool
	JWK           json.RawMessage
	JWKPublic     json.RawMessage `json:"jwk_public"`
	SigningInput  string          `json:"signing_input"`
	Signature     string          `json:"signature_b64u"`
	Compact       string
}

func rfcExamples(t testing.TB) []rfcExample {
	t.Helper()
	var file struct{ JWS []rfcExample }
	require.NoError(t, json.Unmarshal(readTestdata(t, "rfc", "rfc-examples.json"), &file))
	return file.JWS
}

// TestKeyVerifierFit checks which algorithms a key accepts, and with which
// error it refuses the others.
func TestKeyVerifierFit(t *testing.T) {
	t.Parallel()
	rsaNoAlg := rfcKey(t, "rfc7515-A.2")
	rsaRS256 := mustParse(t, setElements(t, "rfc7517", "a1-public-keys.json")[1])
	ecEnc := mustParse(t, setElements(t, "rfc7517", "a1-public-keys.json")[0])
	p256, p521 := rfcKey(t, "rfc7515-A.3"), rfcKey(t, "rfc7515-A.4")
	ed, oct64 := rfcKey(t, "rfc8037-A.4"), rfcKey(t, "rfc7515-A.1")
	oct32 := rfcKey(t, "rfc7520-4.4")
	tests := []struct {
		name string
		key  *jwk.Key
		alg  string
		err  error
	}{
		{"RSA RS256", rsaNoAlg, "RS256", nil},
		{"RSA PS512", rsaNoAlg, "PS512", nil},
		{"RSA HS256", rsaNoAlg, "HS256", jwt.ErrAlgorithm},
		{"RSA ES256", rsaNoAlg, "ES256", jwt.ErrAlgorithm},
		{"RSA none", rsaNoAlg, "none", jwt.ErrAlgorithm},
		{"RSA RSA-OAEP", rsaNoAlg, "RSA-OAEP", jwt.ErrAlgorithm},
		{"RSA lower case rs256", rsaNoAlg, "rs256", jwt.ErrAlgorithm},
		{"RSA with alg RS256 asked PS256", rsaRS256, "PS256", jwt.ErrAlgorithm},
		{"RSA with alg RS256 asked RS256", rsaRS256, "RS256", nil},
		{"P-256 ES256", p256, "ES256", nil},
		{"P-256 ES384", p256, "ES384", jwt.ErrAlgorithm},
		{"P-256 EdDSA", p256, "EdDSA", jwt.ErrAlgorithm},
		{"P-521 ES512", p521, "ES512", nil},
		{"P-521 ES256", p521, "ES256", jwt.ErrAlgorithm},
		{"EC use enc", ecEnc, "ES256", algorithms.ErrInvalidKey},
		{"Ed25519 EdDSA", ed, "EdDSA", nil},
		{"Ed25519 ES256", ed, "ES256", jwt.ErrAlgorithm},
		{"oct of 64 bytes HS512", oct64, "HS512", nil},
		{"oct of 64 bytes RS256", oct64, "RS256", jwt.ErrAlgorithm},
		{"oct of 32 bytes HS256", oct32, "HS256", nil},
		{"oct of 32 bytes HS384", oct32, "HS384", algorithms.ErrInvalidKey},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := tc.key.Verifier(tc.alg)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				assert.Nil(t, v)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.alg, v.Algorithm())
		})
	}
}

// TestKeyOperations checks "use" and "key_ops" for signing and verifying.
func TestKeyOperations(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name               string
		opts               []jwk.KeyOption
		signErr, verifyErr error
	}{
		{"no restriction", nil, nil, nil},
		{"use sig", []jwk.KeyOption{jwk.WithUse("sig")}, nil, nil},
		{"use enc", []jwk.KeyOption{jwk.WithUse("enc")},
			algorithms.ErrInvalidKey, algorithms.ErrInvalidKey},
		{"key_ops sign", []jwk.KeyOption{jwk.WithKeyOps("sign")},
			nil, algorithms.ErrInvalidKey},
		{"key_ops verify", []jwk.KeyOption{jwk.WithKeyOps("verify")},
			algorithms.ErrInvalidKey, nil},
		{"key_ops encrypt", []jwk.KeyOption{jwk.WithKeyOps("encrypt")},
			algorithms.ErrInvalidKey, algorithms.ErrInvalidKey},
		{"key_ops empty", []jwk.KeyOption{jwk.WithKeyOps()},
			algorithms.ErrInvalidKey, algorithms.ErrInvalidKey},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k := edKey(t, 5, tc.opts...)
			_, err := k.Signer(algorithms.EdDSA)
			assert.ErrorIs(t, err, tc.signErr)
			if tc.signErr == nil {
				assert.NoError(t, err)
			}
			_, err = k.Verifier(algorithms.EdDSA)
			assert.ErrorIs(t, err, tc.verifyErr)
			if tc.verifyErr == nil {
				assert.NoError(t, err)
			}
		})
	}
}

func TestPublicKeyCannotSign(t *testing.T) {
	t.Parallel()
	s, err := edKey(t, 6).Public().Signer(algorithms.EdDSA)
	require.ErrorIs(t, err, algorithms.ErrInvalidKey)
	assert.Nil(t, s)
}

// TestSignAndVerify signs with every algorithm and verifies the token
// through the key's public part.
func TestSignAndVerify(t *testing.T) {
	t.Parallel()
	p384, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	require.NoError(t, err)
	es384, err := jwk.FromPrivateKey(p384, jwk.WithKeyID("p384"))
	require.NoError(t, err)
	rsa := parseKeyFile(t, "jose-cookbook", "jwk", "3_4.rsa_private_key.json")
	keys := map[string]*jwk.Key{
		"HS256": rfcKey(t, "rfc7515-A.1"), "HS384": rfcKey(t, "rfc7515-A.1"),
		"HS512": rfcKey(t, "rfc7515-A.1"),
		"RS256": rsa, "RS384": rsa, "RS512": rsa, "PS256": rsa, "PS384": rsa, "PS512": rsa,
		"ES256": rfcKey(t, "rfc7515-A.3"), "ES384": es384, "ES512": rfcKey(t, "rfc7515-A.4"),
		"EdDSA": rfcKey(t, "rfc8037-A.4"),
	}
	for alg, k := range keys {
		t.Run(alg, func(t *testing.T) {
			token := sign(t, k, alg, "alice")
			tok, err := jwt.ParseUnverified(token)
			require.NoError(t, err)
			assert.Equal(t, k.KeyID(), tok.Header().KeyID())
			verifyKey := k
			if p := k.Public(); p != nil {
				verifyKey = p
			}
			v, err := verifyKey.Verifier(alg)
			require.NoError(t, err)
			v2 := verifier(t, jwt.Key(v))
			c, _, err := jwt.VerifyAs[jwt.RegisteredClaims](t.Context(), v2, token)
			require.NoError(t, err)
			assert.Equal(t, "alice", c.Subject)
		})
	}
}
