package jwk_test

import (
	"encoding/base64"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/jwk"
)

// TestRFCExamples verifies the signed examples of RFC 7515 appendix A,
// RFC 7520 §4 and RFC 8037 appendix A.4 (testdata/rfc/rfc-examples.json)
// with keys read by this package, through a Set of the public key where
// there is one, and re-signs the deterministic ones byte for byte.
func TestRFCExamples(t *testing.T) {
	t.Parallel()
	for _, e := range rfcExamples(t) {
		if e.Alg == "none" || e.ID == "rfc7797-4.2" {
			continue
		}
		t.Run(e.ID, func(t *testing.T) {
			priv := mustParse(t, e.JWK)
			keys := jwt.KeySource(nil)
			if e.JWKPublic != nil {
				set, err := jwk.NewSet([]*jwk.Key{mustParse(t, e.JWKPublic)},
					jwk.WithRSAAlgorithms("RS256", "PS384"))
				require.NoError(t, err)
				keys = set
			} else {
				v, err := priv.Verifier(e.Alg)
				require.NoError(t, err)
				keys = jwt.Key(v)
			}
			_, _, err := verifier(t, keys).VerifyPayload(t.Context(), e.Compact)
			require.NoError(t, err)
			if !e.Deterministic {
				return
			}
			s, err := priv.Signer(e.Alg)
			require.NoError(t, err)
			sig, err := s.Sign([]byte(e.SigningInput))
			require.NoError(t, err)
			assert.Equal(t, e.Signature, base64.RawURLEncoding.EncodeToString(sig))
		})
	}
}
