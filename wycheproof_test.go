package jwt_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/algorithms"
	"github.com/jotgo/jwt/jwk"
)

// A wycheproofFile is what the tests read of Wycheproof's JsonWebSignature
// and JsonWebCrypto files.
type wycheproofFile struct {
	NumberOfTests int
	TestGroups    []wycheproofGroup
}

// A wycheproofGroup holds a key, or a key set, and the tokens to check
// with it.
type wycheproofGroup struct {
	Comment string
	Private json.RawMessage
	Public  json.RawMessage
	Tests   []wycheproofCase
}

type wycheproofCase struct {
	TcID    int
	Comment string
	// JWS is a compact token as a JSON string, or a JSON serialization as
	// an object (tcId 17 of both files). JWE is set instead in the JWE
	// groups of json_web_crypto_test.json.
	JWS    json.RawMessage
	JWE    json.RawMessage
	Result string
	Flags  []string
}

// token returns the case's input as a verifier would receive it: the
// compact token, or the text of a JSON serialization.
func (tc wycheproofCase) token(t *testing.T) string {
	t.Helper()
	raw := tc.JWS
	if raw == nil {
		raw = tc.JWE
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var b bytes.Buffer
	require.NoError(t, json.Compact(&b, raw))
	return b.String()
}

// wycheproofRelabelledKeys replaces the "alg" of a group's key where
// json_web_signature_test.json labels it wrongly (testdata/wycheproof/
// README.md). A key's "alg" binds it to one algorithm (RFC 7517 §4.4),
// so with the file's label the valid token would be refused.
var wycheproofRelabelledKeys = map[int]struct{ alg, reason string }{
	346: {algorithms.PS384, "RFC 7520 Figure 20 is a PS384 token, but the " +
		"group's key says PS256"},
	350: {algorithms.PS384, "RFC 7520 Figure 20 is a PS384 token, but the " +
		"group's key says PS256"},
	347: {algorithms.ES512, "the group's key says ES521, which is no JWA name; " +
		"the token is ES512, the P-521 algorithm"},
	351: {algorithms.ES512, "the group's key says ES521, which is no JWA name; " +
		"the token is ES512, the P-521 algorithm"},
}

// wycheproofRelabelledInvalid lists the cases that the file calls valid
// and a strict verifier must refuse.
var wycheproofRelabelledInvalid = map[int]string{
	372: "a '?' is inserted into the header segment and the MAC was computed " +
		"without it: strict base64url refuses the segment (ErrMalformed); a " +
		"decoder that skipped the byte would check the MAC over other bytes " +
		"than those received",
	373: "a '?' is inserted into the payload segment and the MAC was computed " +
		"without it: strict base64url refuses the segment (ErrMalformed)",
}

// wycheproofSkipped lists the cases that are not run, and why. tcId 367
// and 370 are checked to be tcId 357's token.
var wycheproofSkipped = map[string]map[int]string{
	"json_web_signature_test.json": {
		367: "labelled invalid (invalidBase64Padding), but byte for byte the " +
			"valid token of tcId 357: the mutation was lost upstream " +
			"(C2SP/wycheproof#236), and accepting it is right",
		370: "labelled invalid (invalidBase64PaddingInPayload), but byte for " +
			"byte the valid token of tcId 357 (C2SP/wycheproof#236)",
	},
	"json_web_crypto_test.json": {
		46: "rejectsKeyWithRocaVulnerability: the key comes from a generator " +
			"with the ROCA flaw (CVE-2017-15361); detecting ROCA is not " +
			"implemented, a known limitation (SECURITY.md), and the signature " +
			"is valid, so the token is accepted",
	},
}

// TestWycheproofJWS runs Project Wycheproof's json_web_signature_test.json
// (testdata/wycheproof) through the public API: each group's public key,
// or its secret for HMAC, is read with jwk.ParseKey into a jwk.Set, the
// key source of a Verifier, and each token goes through
// Verifier.VerifyPayload (the payloads are not all JWTs). Every valid
// token verifies to its payload; every invalid one is refused with the
// category wycheproofCategory gives. The cases pin: alg none and its case
// variants, modified or missing segments, extra segments, a modified kid,
// 213 PKCS #1 v1.5 padding and DigestInfo mutations, the PSS salt length
// fixed to the hash size, a PS512 key refusing RS* and PS256/384 tokens,
// ECDSA r and s of 0, 1, n-1 and n and over-long signatures, HS256 made
// with an EC key's bytes, an embedded attacker jwk, keys whose "use" or
// "key_ops" forbids verifying, strict base64url in each segment, the
// JSON serialization (tcId 17) refused, and RFC 7520 Figures 13, 20, 27
// and 35. The six anomalies of the file are overridden with their reasons
// (wycheproofRelabelledKeys, wycheproofRelabelledInvalid,
// wycheproofSkipped).
func TestWycheproofJWS(t *testing.T) {
	t.Parallel()
	const name = "json_web_signature_test.json"
	file := readWycheproof(t, name)
	require.Equal(t, 401, file.NumberOfTests)
	var n wycheproofCounts
	for _, g := range file.TestGroups {
		for _, tc := range g.Tests {
			if reason, ok := wycheproofSkipped[name][tc.TcID]; ok {
				assert.Equal(t, wycheproofToken(t, file, 357), tc.token(t), "tcId %d", tc.TcID)
				t.Logf("tcId %d skipped: %s", tc.TcID, reason)
				n.skipped++
				continue
			}
			keys := wycheproofKey(g)
			if relabel, ok := wycheproofRelabelledKeys[tc.TcID]; ok {
				t.Logf("tcId %d: key alg %s: %s", tc.TcID, relabel.alg, relabel.reason)
				keys = withMember(t, keys, "alg", relabel.alg)
			}
			if reason, ok := wycheproofRelabelledInvalid[tc.TcID]; ok {
				t.Logf("tcId %d expected invalid: %s", tc.TcID, reason)
				tc.Result = "invalid"
			}
			n.add(runWycheproofCase(t, keys, tc))
		}
	}
	assert.Equal(t, wycheproofCounts{valid: 44, invalid: 355, skipped: 2}, n)
}

// TestWycheproofJWCrypto runs the JWS groups of Project Wycheproof's
// json_web_crypto_test.json (testdata/wycheproof) as TestWycheproofJWS
// does, with key sets read by jwk.ParseSet where a group gives one: they
// pin the structural cases for HS256, ES256 and RS256 again, a key set
// mixing a secret key with a public one refused when it is read (tcId
// 47) and a kid chosen among two HMAC keys (48, 49). The JWE groups
// (jwe_aes and jwe_ec, tcId 50-83) do not apply: they check decryption,
// which this library does not implement. They are counted, and each JWE
// is checked to be refused by a JWS verifier as malformed.
func TestWycheproofJWCrypto(t *testing.T) {
	t.Parallel()
	const name = "json_web_crypto_test.json"
	file := readWycheproof(t, name)
	require.Equal(t, 83, file.NumberOfTests)
	var n, jwe wycheproofCounts
	for _, g := range file.TestGroups {
		if strings.HasPrefix(g.Comment, "jwe_") {
			for _, tc := range g.Tests {
				checkJWERefused(t, tc)
				jwe.add(tc.Result == "valid")
			}
			continue
		}
		require.True(t, strings.HasPrefix(g.Comment, "jws_"), g.Comment)
		for _, tc := range g.Tests {
			if reason, ok := wycheproofSkipped[name][tc.TcID]; ok {
				t.Logf("tcId %d skipped: %s", tc.TcID, reason)
				n.skipped++
				continue
			}
			n.add(runWycheproofCase(t, wycheproofKey(g), tc))
		}
	}
	assert.Equal(t, wycheproofCounts{valid: 4, invalid: 44, skipped: 1}, n)
	assert.Equal(t, wycheproofCounts{valid: 2, invalid: 32}, jwe, "JWE, not applicable")
}

type wycheproofCounts struct{ valid, invalid, skipped int }

func (c *wycheproofCounts) add(valid bool) {
	if valid {
		c.valid++
	} else {
		c.invalid++
	}
}

// runWycheproofCase verifies tc with the key or key set keys, checks the
// outcome and reports whether the case was a valid one.
func runWycheproofCase(t *testing.T, keys json.RawMessage, tc wycheproofCase) bool {
	t.Helper()
	token := tc.token(t)
	valid := tc.Result == "valid"
	require.True(t, valid || tc.Result == "invalid", "tcId %d: %s", tc.TcID, tc.Result)
	src, err := wycheproofKeySource(keys)
	if err != nil {
		// A key set refused when it is read verifies nothing.
		assert.False(t, valid, "tcId %d (%s): %v", tc.TcID, tc.Comment, err)
		assert.ErrorIs(t, err, jwk.ErrMalformed, "tcId %d", tc.TcID)
		return valid
	}
	v, err := jwt.NewVerifier(src)
	require.NoError(t, err)
	tok, payload, err := v.VerifyPayload(context.Background(), token)
	if valid {
		if assert.NoError(t, err, "tcId %d (%s)", tc.TcID, tc.Comment) {
			want, err := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[1])
			require.NoError(t, err)
			assert.Equal(t, want, payload, "tcId %d", tc.TcID)
		}
		return valid
	}
	assert.Nil(t, tok, "tcId %d", tc.TcID)
	assert.Nil(t, payload, "tcId %d", tc.TcID)
	assert.ErrorIs(t, err, wycheproofCategory(t, keys, tc, token), "tcId %d (%s)",
		tc.TcID, tc.Comment)
	return valid
}

// wycheproofCategories gives the error category of the invalid cases that
// are not refused by the signature check, by their Wycheproof comment.
var wycheproofCategories = map[string]error{
	"rejectsMissingSignatureAndSeparator":        jwt.ErrMalformed,
	"rejectsMissingPayloadAndSeparator":          jwt.ErrMalformed,
	"rejectsMissingHeader":                       jwt.ErrMalformed,
	"rejectsMissingHeaderAndSeparator":           jwt.ErrMalformed,
	"rejectsMissingHeaderAndSignature":           jwt.ErrMalformed,
	"rejectsMissingHeaderSignatureAndSeparator":  jwt.ErrMalformed,
	"rejectsMissingHeaderSignatureAndSeparators": jwt.ErrMalformed,
	"rejectsEmptyString":                         jwt.ErrMalformed,
	"rejectsExtraEmptyComponent":                 jwt.ErrMalformed,
	"rejectsExtraComponent":                      jwt.ErrMalformed,
	"rejectsValidJsonSerialization":              jwt.ErrMalformed,
	"rejectsSpacesInMac":                         jwt.ErrMalformed,
	"rejectsInvalidCharacterInsertedInMac":       jwt.ErrMalformed,
	"rejects0ReplacedbyInvalidCharacter":         jwt.ErrMalformed,
	"rejectsInvalidCharacters":                   jwt.ErrMalformed,
	"spacesInHeader":                             jwt.ErrMalformed,
	"invalidCharactersInHeader":                  jwt.ErrMalformed,
	"spacesInPayload":                            jwt.ErrMalformed,
	"invalidCharactersInPayload":                 jwt.ErrMalformed,
	"InvalidCharacterInPayload":                  jwt.ErrMalformed,
	"InvalidCharacterInsertedInHeader":           jwt.ErrMalformed,
	"InvalidCharacterInsertedInPayload":          jwt.ErrMalformed,
	"ModifiedUnusedBitsInPayload":                jwt.ErrMalformed,
	"MacOfIncorrectlyEncodedMessage":             jwt.ErrMalformed,
	"rejectsNoneAlgorithmAndMissingSignature":    jwt.ErrAlgorithm,
	"algIsNone":             jwt.ErrAlgorithm,
	"rejectWrongUse":        jwt.ErrAlgorithm,
	"rejectWrongKeyOps":     jwt.ErrAlgorithm,
	"rejectsModifiedHeader": jwt.ErrKeyNotFound,

	"rejectsSymmetryConfusionAttacks_aesKeyFromEcVerificationKeyBytes": jwt.ErrAlgorithm,
}

// wycheproofCategory returns the error an invalid case must match. Cases
// flagged WrongPrimitive are refused with ErrAlgorithm when their header
// names another algorithm than the key's, and by the signature check when
// it names the key's; every case not in wycheproofCategories is refused by
// the signature check.
func wycheproofCategory(t *testing.T, keys json.RawMessage, tc wycheproofCase,
	token string) error {
	t.Helper()
	if err, ok := wycheproofCategories[tc.Comment]; ok {
		return err
	}
	if slices.Contains(tc.Flags, "WrongPrimitive") {
		// ParseUnverified would refuse these payloads, which are not JWTs.
		var header struct{ Alg string }
		h, err := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[0])
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(h, &header))
		k, err := jwk.ParseKey(keys)
		require.NoError(t, err)
		if header.Alg != k.Algorithm() {
			return jwt.ErrAlgorithm
		}
	}
	return jwt.ErrSignature
}

// wycheproofKey returns the key of a group: the public key when there is
// one, the private key or secret otherwise.
func wycheproofKey(g wycheproofGroup) json.RawMessage {
	if g.Public != nil {
		return g.Public
	}
	return g.Private
}

// wycheproofKeySource reads a JWK into a one-key Set, or a JWK Set.
func wycheproofKeySource(keys json.RawMessage) (jwt.KeySource, error) {
	var probe struct{ Keys json.RawMessage }
	if json.Unmarshal(keys, &probe) == nil && probe.Keys != nil {
		return jwk.ParseSet(keys)
	}
	k, err := jwk.ParseKey(keys)
	if err != nil {
		return nil, err
	}
	return jwk.NewSet([]*jwk.Key{k})
}

// checkJWERefused checks that a JWE, which a JWS verifier cannot read, is
// refused as malformed: it has five segments, or is a JSON serialization.
func checkJWERefused(t *testing.T, tc wycheproofCase) {
	t.Helper()
	hs, err := algorithms.NewHS256(testSecret)
	require.NoError(t, err)
	v, err := jwt.NewVerifier(jwt.Key(hs))
	require.NoError(t, err)
	_, _, err = v.VerifyPayload(context.Background(), tc.token(t))
	assert.ErrorIs(t, err, jwt.ErrMalformed, "tcId %d", tc.TcID)
}

func readWycheproof(t *testing.T, name string) wycheproofFile {
	t.Helper()
	var file wycheproofFile
	readJSON(t, "testdata/wycheproof/"+name, &file)
	return file
}

// wycheproofToken returns the token of the case tcId.
func wycheproofToken(t *testing.T, file wycheproofFile, tcID int) string {
	t.Helper()
	for _, g := range file.TestGroups {
		for _, tc := range g.Tests {
			if tc.TcID == tcID {
				return tc.token(t)
			}
		}
	}
	t.Fatalf("no tcId %d", tcID)
	return ""
}

// withMember returns the JSON object obj with its member name set to the
// string value.
func withMember(t *testing.T, obj json.RawMessage, name, value string) json.RawMessage {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(obj, &m))
	m[name] = value
	out, err := json.Marshal(m)
	require.NoError(t, err)
	return out
}
