package jwk_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/jwk"
)

// wycheproofJWKSkipped lists the cases of json_web_key_test.json that this
// package does not pass, and why.
var wycheproofJWKSkipped = map[int]string{
	7: "rejectsKeyWithRocaVulnerability: the key is a 2048-bit RSA key " +
		"made by a generator with the ROCA flaw (CVE-2017-15361); detecting " +
		"ROCA fingerprints is not implemented, a known limitation. The " +
		"signature is valid, so the token is accepted.",
}

// TestWycheproofJWK runs Project Wycheproof's json_web_key_test.json
// (testdata/wycheproof): key sets and single keys that a JWS library must
// refuse or accept. Each group's key set, public and private alike, is
// read with ParseSet and used as the key source of a verifier; a set that
// ParseSet refuses verifies nothing. "valid" tokens must verify and
// "invalid" ones must not, for every key set of the group.
//
// The cases pin: mixed public and secret key sets refused (tcId 1),
// duplicate kids refused (4: the second key's base64url has non-zero
// trailing bits, so it is left out, and its kid then refuses the first),
// "use": "enc" (6, 21), 1024-bit RSA (8), e = 1 (9), HMAC keys shorter
// than the hash (10-12) or empty (16-18), long HMAC keys accepted
// (13-15), an "alg" that does not fit the curve (19, 20), a point off the
// curve (22), coordinates of another curve (23), the wrong kty (24) and
// AES keys used for HS256 (25, 26).
func TestWycheproofJWK(t *testing.T) {
	t.Parallel()
	var file struct {
		TestGroups []struct {
			Comment string
			Private json.RawMessage
			Public  json.RawMessage
			Tests   []struct {
				TcID    int
				Comment string
				JWS     string
				Result  string
			}
		}
	}
	data := readTestdata(t, "wycheproof", "json_web_key_test.json")
	require.NoError(t, json.Unmarshal(data, &file))
	ran := 0
	for _, g := range file.TestGroups {
		for _, tc := range g.Tests {
			if reason, ok := wycheproofJWKSkipped[tc.TcID]; ok {
				t.Logf("tcId %d skipped: %s", tc.TcID, reason)
				continue
			}
			for _, keys := range []json.RawMessage{g.Public, g.Private} {
				if keys == nil {
					continue
				}
				ok := wycheproofVerifies(t, keys, tc.JWS)
				assert.Equal(t, tc.Result == "valid", ok, "tcId %d (%s, %s)",
					tc.TcID, g.Comment, tc.Comment)
				ran++
			}
		}
	}
	assert.Equal(t, 35, ran)
}

// wycheproofVerifies reports whether the key set keys verifies token.
func wycheproofVerifies(t *testing.T, keys json.RawMessage, token string) bool {
	t.Helper()
	set, err := jwk.ParseSet(keys)
	if err != nil {
		require.ErrorIs(t, err, jwk.ErrMalformed)
		return false
	}
	v, err := jwt.NewVerifier(set)
	require.NoError(t, err)
	_, _, err = v.VerifyPayload(t.Context(), token)
	return err == nil
}
