package jwt_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
)

type rfcExample struct {
	ID            string   `json:"id"`
	Alg           string   `json:"alg"`
	Deterministic bool     `json:"deterministic"`
	Expected      string   `json:"expected_verification"`
	JWK           *testJWK `json:"jwk"`
	PublicJWK     *testJWK `json:"jwk_public"`
	Payload       string   `json:"payload"`
	SigningInput  string   `json:"signing_input"`
	Signature     string   `json:"signature_b64u"`
	Compact       string   `json:"compact"`
}

func loadRFCExamples(t *testing.T) []rfcExample {
	t.Helper()
	var file struct {
		JWS []rfcExample `json:"jws"`
	}
	readJSON(t, "testdata/rfc/rfc-examples.json", &file)
	require.Len(t, file.JWS, 12)
	return file.JWS
}

// TestRFCExamples runs the signed examples of RFC 7515 appendix A, RFC 8037
// appendix A.4, RFC 7520 §4.1-4.4 and RFC 7797 §4 with the keys those RFCs
// publish. Every valid example verifies; the deterministic ones (HMAC,
// RSASSA-PKCS1-v1_5, Ed25519) re-sign to the RFC's signature byte for byte;
// the ones whose payload is a JWT also verify as JWTs, expire at their exp
// and not a second before.
func TestRFCExamples(t *testing.T) {
	for _, ex := range loadRFCExamples(t) {
		if ex.Expected != "valid" {
			continue
		}
		t.Run(ex.ID, func(t *testing.T) {
			public := ex.PublicJWK
			if public == nil {
				public = ex.JWK
			}
			v, err := jwt.NewVerifier(jwt.Key(public.verifier(t, ex.Alg)))
			require.NoError(t, err)

			tok, payload, err := v.VerifyPayload(context.Background(), ex.Compact)
			require.NoError(t, err)
			assert.Equal(t, ex.Payload, string(payload))
			assert.Equal(t, ex.Alg, tok.Header().Algorithm())

			if ex.Deterministic {
				sig, err := ex.JWK.signer(t, ex.Alg).Sign([]byte(ex.SigningInput))
				require.NoError(t, err)
				assert.Equal(t, ex.Signature, base64.RawURLEncoding.EncodeToString(sig))
			}
			if json.Valid([]byte(ex.Payload)) {
				checkRFCExpiry(t, ex)
			}
		})
	}
}

// checkRFCExpiry verifies a JWT example one second before its exp, and
// checks that it is refused at exp itself (RFC 7519 §4.1.4).
func checkRFCExpiry(t *testing.T, ex rfcExample) {
	t.Helper()
	const exp = 1300819380
	for _, tc := range []struct {
		name string
		now  int64
		want error
	}{
		{"before exp", exp - 1, nil},
		{"at exp", exp, jwt.ErrExpired},
	} {
		v := rfcVerifierAt(t, ex, tc.now)
		var claims map[string]any
		tok, err := v.Verify(context.Background(), ex.Compact, &claims)
		if tc.want != nil {
			require.ErrorIs(t, err, tc.want, tc.name)
			assert.Nil(t, tok)
			assert.Nil(t, claims)
			continue
		}
		require.NoError(t, err, tc.name)
		assert.Equal(t, "joe", tok.Claims().Issuer)
		assert.Equal(t, json.Number("1300819380"), claims["exp"])
		assert.Equal(t, true, claims["http://example.com/is_root"])
	}
}

func rfcVerifierAt(t *testing.T, ex rfcExample, now int64) *jwt.Verifier {
	t.Helper()
	public := ex.PublicJWK
	if public == nil {
		public = ex.JWK
	}
	v, err := jwt.NewVerifier(jwt.Key(public.verifier(t, ex.Alg)),
		jwt.WithClock(func() time.Time { return time.Unix(now, 0) }))
	require.NoError(t, err)
	return v
}

// TestRFCExamplesRefused checks the two examples a JWT library must refuse:
// the unsecured JWS of RFC 7515 A.5 ("alg": "none"), whatever the key, and
// the unencoded, detached payload of RFC 7797 §4.2, whose "crit" names
// "b64".
func TestRFCExamplesRefused(t *testing.T) {
	examples := map[string]rfcExample{}
	for _, ex := range loadRFCExamples(t) {
		examples[ex.ID] = ex
	}
	hmacKey := examples["rfc7515-A.1"]
	rsaKey := examples["rfc7515-A.2"]
	tests := []struct {
		name  string
		token string
		keys  jwt.KeySource
		want  error
	}{
		{"none with an HMAC key", examples["rfc7515-A.5"].Compact,
			jwt.Key(hmacKey.JWK.verifier(t, "HS256")), jwt.ErrAlgorithm},
		{"none with an RSA key", examples["rfc7515-A.5"].Compact,
			jwt.Key(rsaKey.PublicJWK.verifier(t, "RS256")), jwt.ErrAlgorithm},
		{"unencoded payload", examples["rfc7797-4.2"].Compact,
			jwt.Key(examples["rfc7797-4.2"].JWK.verifier(t, "HS256")), jwt.ErrCritical},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := jwt.NewVerifier(tc.keys, jwt.AllowMissingExpiration())
			require.NoError(t, err)
			tok, payload, err := v.VerifyPayload(context.Background(), tc.token)
			require.ErrorIs(t, err, tc.want)
			assert.Nil(t, tok)
			assert.Nil(t, payload)
		})
	}
}
