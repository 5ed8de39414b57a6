package jwk_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/algorithms"
	"github.com/jotgo/jwt/jwk"
)

// securityErrors maps the error kinds of security-cases.json to the
// errors that must match them.
var securityErrors = map[string]error{
	"malformed":         jwt.ErrMalformed,
	"alg_not_allowed":   jwt.ErrAlgorithm,
	"key_mismatch":      jwt.ErrAlgorithm,
	"key_invalid":       algorithms.ErrInvalidKey,
	"key_not_found":     jwt.ErrKeyNotFound,
	"signature_invalid": jwt.ErrSignature,
	"crit_unsupported":  jwt.ErrCritical,
	"type_mismatch":     jwt.ErrType,
	"claim_invalid":     jwt.ErrInvalidClaim,
	"claim_missing":     jwt.ErrMissingClaim,
	"expired":           jwt.ErrExpired,
	"not_yet_valid":     jwt.ErrNotYetValid,
	"issuer_mismatch":   jwt.ErrIssuer,
	"audience_mismatch": jwt.ErrAudience,
	"too_large":         jwt.ErrTooLarge,
}

// securityDecisions overrides the expected error of the cases where this
// library's answer differs from the file's, with the reason. Each is a
// refusal of a token the file also refuses; only the category differs.
var securityDecisions = map[string]struct {
	err    error
	reason string
}{
	"rs384-header-rs256-signature": {jwt.ErrAlgorithm, "the key's \"alg\" member is " +
		"RS256, so Key.Verifier refuses RS384 for it (RFC 7517 §4.4) before any " +
		"signature is checked; the file, which ignores the member, expects " +
		"signature_invalid. A verifier built with algorithms.NewRS384Verifier " +
		"on the same key gives ErrSignature, as the file says."},
	"signature-extra-char": {jwt.ErrSignature, "44 base64url characters are the " +
		"canonical unpadded encoding of 33 bytes (no spare bits, only URL " +
		"alphabet), so the segment is well formed; its length is wrong only " +
		"for the key, which the parser does not know. The HS256 verifier " +
		"refuses a 33-byte tag before computing any MAC, and the core reports " +
		"that as ErrSignature, the category the file itself gives to " +
		"signatures of the wrong length (hs256-signature-truncated-16, " +
		"es256-signature-truncated-63, es256-signature-trailing-byte-65)."},
}

// securityGenerated lists the cases whose token the file describes rather
// than gives. They attack the token parser, whatever the key, and run in
// the jwt package: TestSecurityManyDots, TestSecurityDeepHeader and
// TestSecurityOversized.
var securityGenerated = []string{"many-dots-dos", "deeply-nested-header-json", "oversized-token"}

type securityCase struct {
	ID     string
	Verify struct {
		Key         string
		Keyset      map[string]string
		AllowedAlgs []string `json:"allowed_algs"`
		Now         int64
		Leeway      int64  `json:"leeway_seconds"`
		ExpectedIss string `json:"expected_iss"`
		ExpectedAud string `json:"expected_aud"`
		ExpectedTyp string `json:"expected_typ"`
	}
	Token       string
	Generator   json.RawMessage `json:"token_generator"`
	Expect      string
	ErrorKind   string `json:"error_kind"`
	Alternative string `json:"acceptable_alternative"`
	// SignatureValid says that the signature verifies under the
	// configured key, so a refusal must come from another check.
	SignatureValid *bool `json:"signature_valid_under_configured_key"`
}

// alternative returns the other outcome that acceptable_alternative
// allows: "accept", an error kind, or "" for none. The file writes it as
// "malformed", "accept (...)", "reject expired (...)" or "reject with
// not_yet_valid; ...".
func (tc securityCase) alternative() string {
	f := strings.FieldsFunc(tc.Alternative, func(r rune) bool { return r == ' ' || r == ';' })
	if len(f) > 0 && f[0] == "reject" {
		f = f[1:]
	}
	if len(f) > 0 && f[0] == "with" {
		f = f[1:]
	}
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// TestSecurityCases runs testdata/security/security-cases.json with key
// sources built by this package: a case's "key" is read with ParseKey and
// turned into a verifier with Key.Verifier for its allowed algorithms (or
// put in a Set when it has none), and a "keyset" becomes a Set with the
// kids it names. Cases whose key must be refused (key_invalid) must fail
// there with algorithms.ErrInvalidKey; the others are verified, and must
// be accepted or fail with the error their kind maps to (DESIGN.md's
// table), or with their acceptable alternative where the file gives one.
// A case whose signature is valid under its key must not be refused as a
// bad signature. securityDecisions records, with reasons, the two cases
// where this library's category differs from the file's. The three cases
// whose token is generated (securityGenerated) are run by the jwt
// package, and the two claim-policy cases with their options flipped by
// TestSecurityClaimPolicy there.
func TestSecurityCases(t *testing.T) {
	t.Parallel()
	var file struct {
		Keys  map[string]json.RawMessage
		Cases []securityCase
	}
	require.NoError(t, json.Unmarshal(readTestdata(t, "security", "security-cases.json"), &file))
	require.Len(t, file.Cases, 146)
	var ran int
	var generated []string
	for _, tc := range file.Cases {
		if tc.Generator != nil {
			generated = append(generated, tc.ID)
			continue
		}
		ran++
		t.Run(tc.ID, func(t *testing.T) {
			runSecurityCase(t, file.Keys, tc)
		})
	}
	assert.Equal(t, 143, ran)
	assert.Equal(t, securityGenerated, generated)
}

// runSecurityCase builds the key source of tc, verifies its token and
// checks the outcome.
func runSecurityCase(t *testing.T, keys map[string]json.RawMessage, tc securityCase) {
	t.Helper()
	want, ok := securityErrors[tc.ErrorKind]
	require.True(t, ok || tc.Expect == "accept", "error kind %q", tc.ErrorKind)
	if d, ok := securityDecisions[tc.ID]; ok {
		t.Log(d.reason)
		want = d.err
	}
	alt := tc.alternative()
	_, known := securityErrors[alt]
	require.True(t, alt == "" || alt == "accept" || known, "alternative %q", alt)

	source, err := securityKeys(t, keys, tc)
	if tc.ErrorKind == "key_invalid" {
		require.ErrorIs(t, err, algorithms.ErrInvalidKey)
		return
	}
	require.NoError(t, err)
	_, err = securityVerifier(t, source, tc).Verify(t.Context(), tc.Token, nil)
	switch {
	case err == nil:
		assert.True(t, tc.Expect == "accept" || alt == "accept", "accepted")
	case alt != "" && alt != "accept" && errors.Is(err, securityErrors[alt]):
		t.Logf("refused as %s, the acceptable alternative", alt)
	case tc.Expect == "accept":
		assert.NoError(t, err)
	default:
		assert.ErrorIs(t, err, want)
	}
	if err != nil && tc.SignatureValid != nil && *tc.SignatureValid {
		assert.NotErrorIs(t, err, jwt.ErrSignature, "the signature is valid")
	}
}

// securityKeys builds the key source of a case.
func securityKeys(t *testing.T, keys map[string]json.RawMessage,
	tc securityCase) (jwt.KeySource, error) {
	t.Helper()
	if tc.Verify.Keyset != nil {
		var list []*jwk.Key
		for kid, name := range tc.Verify.Keyset {
			k, err := jwk.ParseKey(withKeyID(t, keys[name], kid))
			if err != nil {
				return nil, err
			}
			list = append(list, k)
		}
		return jwk.NewSet(list)
	}
	k, err := jwk.ParseKey(keys[tc.Verify.Key])
	if err != nil {
		return nil, err
	}
	if len(tc.Verify.AllowedAlgs) == 0 {
		return jwk.NewSet([]*jwk.Key{k})
	}
	algs := allowList{}
	for _, alg := range tc.Verify.AllowedAlgs {
		v, err := k.Verifier(alg)
		if errors.Is(err, algorithms.ErrInvalidKey) {
			return nil, err
		}
		algs[alg] = keyOrError{v, err}
	}
	return algs, nil
}

// withKeyID returns a JWK with its kid set to kid.
func withKeyID(t *testing.T, key json.RawMessage, kid string) []byte {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(key, &m))
	m["kid"] = kid
	out, err := json.Marshal(m)
	require.NoError(t, err)
	return out
}

// An allowList is a caller's allow-list of algorithms for one key: the
// verifier Key.Verifier built for each, or why it could not.
type allowList map[string]keyOrError

type keyOrError struct {
	v   algorithms.Verifier
	err error
}

func (a allowList) VerifierFor(_ context.Context, h *jwt.Header) (algorithms.Verifier, error) {
	k, ok := a[h.Algorithm()]
	if !ok {
		return nil, jwt.ErrAlgorithm
	}
	return k.v, k.err
}

func securityVerifier(t *testing.T, keys jwt.KeySource, tc securityCase) *jwt.Verifier {
	t.Helper()
	now := time.Unix(tc.Verify.Now, 0)
	opts := []jwt.VerifierOption{
		jwt.WithClock(func() time.Time { return now }),
		jwt.WithLeeway(time.Duration(tc.Verify.Leeway) * time.Second),
	}
	if tc.Verify.ExpectedIss != "" {
		opts = append(opts, jwt.WithIssuer(tc.Verify.ExpectedIss))
	}
	if tc.Verify.ExpectedAud != "" {
		opts = append(opts, jwt.WithAudience(tc.Verify.ExpectedAud))
	}
	if tc.Verify.ExpectedTyp != "" {
		opts = append(opts, jwt.WithType(tc.Verify.ExpectedTyp))
	}
	v, err := jwt.NewVerifier(keys, opts...)
	require.NoError(t, err)
	return v
}
