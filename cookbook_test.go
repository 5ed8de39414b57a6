package jwt_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/jwk"
)

// A cookbookExample is what the tests read of an example of the JOSE
// cookbook (testdata/jose-cookbook).
type cookbookExample struct {
	Reproducible bool
	Input        struct {
		Payload string
		Key     json.RawMessage
		// Alg is a string, or a list for the multiple signatures of 4.8.
		Alg json.RawMessage
	}
	// Signing is an object, or a list for 4.8.
	Signing json.RawMessage
	Output  struct {
		Compact  string
		JSON     json.RawMessage
		JSONFlat json.RawMessage `json:"json_flat"`
	}
}

func readCookbook(t *testing.T, path string) cookbookExample {
	t.Helper()
	var ex cookbookExample
	readJSON(t, filepath.Join("testdata", "jose-cookbook", path), &ex)
	return ex
}

// TestJOSECookbook runs the compact examples of the JOSE cookbook, the
// RFC 7520 authors' machine-readable copy of RFC 7520 §4.1-4.4, and its
// RFC 8037 appendix A.4 example (testdata/jose-cookbook). Each key is read
// with jwk.ParseKey and verifies through its public part (the secret for
// HS256) with the example's algorithm: the token verifies to the payload,
// and the deterministic examples (RS256, HS256, EdDSA) re-sign the signing
// input to the same signature. The JSON serializations the examples also
// give are refused as malformed.
func TestJOSECookbook(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		path string
	}{
		{"RFC 7520 4.1 RS256", "jws/4_1.rsa_v15_signature.json"},
		{"RFC 7520 4.2 PS384", "jws/4_2.rsa-pss_signature.json"},
		{"RFC 7520 4.3 ES512", "jws/4_3.ecdsa_signature.json"},
		{"RFC 7520 4.4 HS256", "jws/4_4.hmac-sha2_integrity_protection.json"},
		{"RFC 8037 A.4 EdDSA", "curve25519/jws.json"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ex := readCookbook(t, tc.path)
			var alg string
			require.NoError(t, json.Unmarshal(ex.Input.Alg, &alg))
			key, err := jwk.ParseKey(ex.Input.Key)
			require.NoError(t, err)
			v := cookbookVerifier(t, key, alg)

			tok, payload, err := v.VerifyPayload(context.Background(), ex.Output.Compact)
			require.NoError(t, err)
			assert.Equal(t, ex.Input.Payload, string(payload))
			assert.Equal(t, alg, tok.Header().Algorithm())
			assert.Equal(t, key.KeyID(), tok.Header().KeyID())
			if ex.Reproducible {
				checkCookbookSignature(t, key, alg, ex.Signing)
			}
			for _, serialized := range []json.RawMessage{ex.Output.JSON, ex.Output.JSONFlat} {
				_, _, err := v.VerifyPayload(context.Background(), string(serialized))
				assert.ErrorIs(t, err, jwt.ErrMalformed)
			}
		})
	}
}

// TestJOSECookbookDetached checks that the compact form of RFC 7520 §4.5,
// whose payload segment is empty because the content travels separately,
// is refused. Its signature is that of §4.4, over the content it leaves
// out; detached content is not supported, so the signature is checked
// over an empty payload and fails, with ErrSignature, as a JWT and as a
// JWS alike.
func TestJOSECookbookDetached(t *testing.T) {
	t.Parallel()
	detached := readCookbook(t, "jws/4_5.signature_with_detached_content.json")
	attached := readCookbook(t, "jws/4_4.hmac-sha2_integrity_protection.json")
	h, p, s := segmentsOf(detached.Output.Compact)
	require.Empty(t, p)
	ah, _, as := segmentsOf(attached.Output.Compact)
	require.Equal(t, ah+"."+as, h+"."+s, "the signature is §4.4's")

	key, err := jwk.ParseKey(detached.Input.Key)
	require.NoError(t, err)
	v := cookbookVerifier(t, key, "HS256")
	tok, payload, err := v.VerifyPayload(context.Background(), detached.Output.Compact)
	require.ErrorIs(t, err, jwt.ErrSignature)
	assert.Nil(t, tok)
	assert.Nil(t, payload)
	_, err = v.Verify(context.Background(), detached.Output.Compact, nil)
	require.ErrorIs(t, err, jwt.ErrSignature)
}

// TestJOSECookbookJSONOnly checks RFC 7520 §4.6-4.8, which exist only in
// the JWS JSON serializations: they do not apply to a compact-only
// library, and each of their serializations is refused as malformed by a
// verifier holding their key.
func TestJOSECookbookJSONOnly(t *testing.T) {
	t.Parallel()
	hs := readCookbook(t, "jws/4_4.hmac-sha2_integrity_protection.json")
	key, err := jwk.ParseKey(hs.Input.Key)
	require.NoError(t, err)
	v := cookbookVerifier(t, key, "HS256")
	for _, path := range []string{
		"jws/4_6.protecting_specific_header_fields.json",
		"jws/4_7.protecting_content_only.json",
		"jws/4_8.multiple_signatures.json",
	} {
		ex := readCookbook(t, path)
		assert.Empty(t, ex.Output.Compact, path)
		for _, serialized := range []json.RawMessage{ex.Output.JSON, ex.Output.JSONFlat} {
			if serialized == nil {
				continue
			}
			_, _, err := v.VerifyPayload(context.Background(), string(serialized))
			assert.ErrorIs(t, err, jwt.ErrMalformed, path)
		}
	}
}

// cookbookVerifier returns a verifier of alg with the public part of key,
// or with key itself when it is a secret.
func cookbookVerifier(t *testing.T, key *jwk.Key, alg string) *jwt.Verifier {
	t.Helper()
	if pub := key.Public(); pub != nil {
		key = pub
	}
	kv, err := key.Verifier(alg)
	require.NoError(t, err)
	v, err := jwt.NewVerifier(jwt.Key(kv))
	require.NoError(t, err)
	return v
}

// checkCookbookSignature signs the example's signing input with key and
// compares the result with the example's signature.
func checkCookbookSignature(t *testing.T, key *jwk.Key, alg string, signing json.RawMessage) {
	t.Helper()
	var sg struct {
		SigningInput string `json:"sig-input"`
		Sig          string
	}
	require.NoError(t, json.Unmarshal(signing, &sg))
	require.Equal(t, 1, strings.Count(sg.SigningInput, "."))
	s, err := key.Signer(alg)
	require.NoError(t, err)
	sig, err := s.Sign([]byte(sg.SigningInput))
	require.NoError(t, err)
	assert.Equal(t, sg.Sig, base64.RawURLEncoding.EncodeToString(sig))
}
