package jwt_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/algorithms"
	"github.com/jotgo/jwt/jwk"
)

// A securityCase is what these tests read of a case of
// testdata/security/security-cases.json; jwk/security_test.go runs the
// cases whose token is given, with keys read by package jwk.
type securityCase struct {
	ID     string
	Verify struct {
		Key         string
		AllowedAlgs []string `json:"allowed_algs"`
		Now         int64
		ExpectedIss string `json:"expected_iss"`
		ExpectedAud string `json:"expected_aud"`
	}
	Token     string
	Generator struct {
		Count          int
		Repeat         string
		Depth          int
		HeaderTemplate string `json:"header_template"`
		Padding        int    `json:"claims_padding_bytes"`
		SignedWith     string `json:"signed_with"`
	} `json:"token_generator"`
	Expect    string
	ErrorKind string `json:"error_kind"`
}

type securityFile struct {
	Keys  map[string]json.RawMessage
	Cases []securityCase
}

func readSecurityCases(t *testing.T) securityFile {
	t.Helper()
	var file securityFile
	readJSON(t, "testdata/security/security-cases.json", &file)
	require.Len(t, file.Cases, 146)
	return file
}

// securityCaseByID returns the case id of file.
func securityCaseByID(t *testing.T, file securityFile, id string) securityCase {
	t.Helper()
	for _, tc := range file.Cases {
		if tc.ID == id {
			return tc
		}
	}
	t.Fatalf("no case %s", id)
	return securityCase{}
}

// securityHMAC returns the HS256 signer of the key name, which is also its
// verifier.
func securityHMAC(t *testing.T, file securityFile, name string) algorithms.Signer {
	t.Helper()
	k, err := jwk.ParseKey(file.Keys[name])
	require.NoError(t, err)
	s, err := k.Signer(algorithms.HS256)
	require.NoError(t, err)
	return s
}

// TestSecurityManyDots runs the many-dots-dos case of
// testdata/security/security-cases.json (CVE-2025-30204): a token of one
// million dots. With a size limit that lets it through to the parser it is
// malformed, and costs no more allocations, nor bytes, than three dots do:
// the split looks for three dots at most and allocates nothing per
// segment. With the default limit it is refused as too large before
// anything is read.
//
// Not parallel: testing.AllocsPerRun counts the allocations of the whole
// program.
func TestSecurityManyDots(t *testing.T) {
	file := readSecurityCases(t)
	tc := securityCaseByID(t, file, "many-dots-dos")
	require.Equal(t, "malformed", tc.ErrorKind)
	token := strings.Repeat(tc.Generator.Repeat, tc.Generator.Count)
	require.Len(t, token, 1_000_000)
	hs := securityHMAC(t, file, tc.Verify.Key)
	v, err := jwt.NewVerifier(jwt.Key(hs.(algorithms.Verifier)), jwt.WithMaxTokenSize(2<<20))
	require.NoError(t, err)
	ctx := context.Background()

	_, err = v.Verify(ctx, token, nil)
	require.ErrorIs(t, err, jwt.ErrMalformed)
	// The margins allow for the race detector, under which sync.Pool drops
	// items at random, so that fmt allocates its printer anew in some runs
	// and not in others: with a margin of one allocation, this test failed
	// now and then under -race. An allocation per dot would be a million;
	// one slice of a million strings would be one allocation, of 16 MB,
	// which the check of bytes catches.
	many := testing.AllocsPerRun(20, func() { _, _ = v.Verify(ctx, token, nil) })
	few := testing.AllocsPerRun(20, func() { _, _ = v.Verify(ctx, "...", nil) })
	assert.LessOrEqual(t, many, few+8, "allocations for a million dots and for three")
	manyBytes := bytesPerRun(20, func() { _, _ = v.Verify(ctx, token, nil) })
	fewBytes := bytesPerRun(20, func() { _, _ = v.Verify(ctx, "...", nil) })
	assert.LessOrEqual(t, manyBytes, fewBytes+1024, "bytes for a million dots and for three")

	_, err = jwt.ParseUnverified(token)
	require.ErrorIs(t, err, jwt.ErrTooLarge)
	dflt, err := jwt.NewVerifier(jwt.Key(hs.(algorithms.Verifier)))
	require.NoError(t, err)
	_, err = dflt.Verify(ctx, token, nil)
	require.ErrorIs(t, err, jwt.ErrTooLarge)
}

// TestSecurityDeepHeader runs the deeply-nested-header-json case of
// testdata/security/security-cases.json (CVE-2025-53864, CVE-2023-1370):
// a header holding 100,000 nested arrays, with a valid HMAC. With a size
// limit that lets it through, the header scanner stops at its depth limit
// and refuses it as malformed, before the signature is checked; the
// default size limit refuses it first, as too large.
func TestSecurityDeepHeader(t *testing.T) {
	t.Parallel()
	file := readSecurityCases(t)
	tc := securityCaseByID(t, file, "deeply-nested-header-json")
	require.Equal(t, "malformed", tc.ErrorKind)
	g := tc.Generator
	nest := strings.Repeat("[", g.Depth) + strings.Repeat("]", g.Depth)
	header := strings.Replace(g.HeaderTemplate, "<'[' x depth><']' x depth>", nest, 1)
	require.Len(t, header, len(`{"alg":"HS256","x":}`)+2*g.Depth)
	hs := securityHMAC(t, file, g.SignedWith)
	token := signRaw(t, hs, header, `{"exp":1700003600}`)

	v, err := jwt.NewVerifier(jwt.Key(hs.(algorithms.Verifier)), jwt.WithMaxTokenSize(1<<20),
		jwt.WithClock(fixedClock))
	require.NoError(t, err)
	tok, err := v.Verify(context.Background(), token, nil)
	require.ErrorIs(t, err, jwt.ErrMalformed)
	assert.ErrorContains(t, err, "nested too deeply")
	assert.Nil(t, tok)

	dflt, err := jwt.NewVerifier(jwt.Key(hs.(algorithms.Verifier)))
	require.NoError(t, err)
	_, err = dflt.Verify(context.Background(), token, nil)
	require.ErrorIs(t, err, jwt.ErrTooLarge)
}

// TestSecurityOversized runs the oversized-token case of
// testdata/security/security-cases.json: a validly signed token carrying
// 16 MiB of claims. The default limit refuses it as too large before any
// decoding: without allocating, and with the same answer for the same
// length of bytes that are not a token at all, so its content was never
// looked at.
//
// Not parallel: testing.AllocsPerRun counts the allocations of the whole
// program.
func TestSecurityOversized(t *testing.T) {
	file := readSecurityCases(t)
	tc := securityCaseByID(t, file, "oversized-token")
	require.Equal(t, "too_large", tc.ErrorKind)
	hs := securityHMAC(t, file, tc.Generator.SignedWith)
	token, err := jwt.Sign(hs, map[string]any{
		"exp": 1700003600,
		"pad": strings.Repeat("x", tc.Generator.Padding),
	})
	require.NoError(t, err)
	require.Greater(t, len(token), 16<<20)
	garbage := strings.Repeat("\xff", len(token))
	v, err := jwt.NewVerifier(jwt.Key(hs.(algorithms.Verifier)), jwt.WithClock(fixedClock))
	require.NoError(t, err)
	ctx := context.Background()

	for _, in := range []string{token, garbage} {
		var claims map[string]any
		tok, err := v.Verify(ctx, in, &claims)
		require.ErrorIs(t, err, jwt.ErrTooLarge)
		assert.Nil(t, tok)
		assert.Nil(t, claims)
	}
	allocs := testing.AllocsPerRun(20, func() { _, _ = v.Verify(ctx, token, nil) })
	assert.Zero(t, allocs)

	big, err := jwt.NewVerifier(jwt.Key(hs.(algorithms.Verifier)), jwt.WithClock(fixedClock),
		jwt.WithMaxTokenSize(len(token)))
	require.NoError(t, err)
	_, err = big.Verify(ctx, token, nil)
	require.NoError(t, err, "the token itself is valid")
}

// TestSecurityClaimPolicy runs the two claim-policy cases of
// testdata/security/security-cases.json under both settings of the
// option that flips them: an "iat" in the future is accepted by default
// (RFC 7519 §4.1.6 makes it informational) and refused with
// WithIssuedAtCheck; a token without "exp" is refused by default with
// ErrMissingClaim and accepted with AllowMissingExpiration.
func TestSecurityClaimPolicy(t *testing.T) {
	t.Parallel()
	file := readSecurityCases(t)
	tests := []struct {
		name string
		id   string
		opts []jwt.VerifierOption
		want error
	}{
		{"iat future by default", "iat-future", nil, nil},
		{"iat future checked", "iat-future",
			[]jwt.VerifierOption{jwt.WithIssuedAtCheck()}, jwt.ErrIssuedAt},
		{"no exp by default", "exp-missing-default", nil, jwt.ErrMissingClaim},
		{"no exp allowed", "exp-missing-default",
			[]jwt.VerifierOption{jwt.AllowMissingExpiration()}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc := securityCaseByID(t, file, tc.id)
			if tc.opts == nil {
				require.Equal(t, sc.Expect == "accept", tc.want == nil, "the file's default")
			}
			hs := securityHMAC(t, file, sc.Verify.Key)
			now := time.Unix(sc.Verify.Now, 0)
			opts := append([]jwt.VerifierOption{
				jwt.WithClock(func() time.Time { return now }),
				jwt.WithIssuer(sc.Verify.ExpectedIss),
				jwt.WithAudience(sc.Verify.ExpectedAud),
			}, tc.opts...)
			v, err := jwt.NewVerifier(jwt.Key(hs.(algorithms.Verifier)), opts...)
			require.NoError(t, err)
			var claims jwt.RegisteredClaims
			tok, err := v.Verify(context.Background(), sc.Token, &claims)
			if tc.want != nil {
				require.ErrorIs(t, err, tc.want)
				assert.Nil(t, tok)
				assert.Zero(t, claims)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, sc.Verify.ExpectedIss, claims.Issuer)
		})
	}
}

// TestSecurityDecisionsInCore runs the two cases where jwk's security test
// records a category other than the file's with verifiers built by package
// algorithms, without jwk's key policy: rs384-header-rs256-signature then
// fails its signature check, as the file says (through jwk, the key's
// "alg": "RS256" refuses RS384 first), and signature-extra-char is still
// refused by the signature check, for its 33-byte HMAC.
func TestSecurityDecisionsInCore(t *testing.T) {
	t.Parallel()
	file := readSecurityCases(t)
	rs := securityCaseByID(t, file, "rs384-header-rs256-signature")
	var key testJWK
	require.NoError(t, json.Unmarshal(file.Keys[rs.Verify.Key], &key))
	rs384, err := algorithms.NewRS384Verifier(key.rsaPublic(t))
	require.NoError(t, err)
	extra := securityCaseByID(t, file, "signature-extra-char")
	hs := securityHMAC(t, file, extra.Verify.Key)

	for _, tc := range []struct {
		c   securityCase
		key algorithms.Verifier
	}{
		{rs, rs384},
		{extra, hs.(algorithms.Verifier)},
	} {
		v, err := jwt.NewVerifier(jwt.Key(tc.key),
			jwt.WithClock(func() time.Time { return time.Unix(tc.c.Verify.Now, 0) }))
		require.NoError(t, err)
		_, err = v.Verify(context.Background(), tc.c.Token, nil)
		assert.ErrorIs(t, err, jwt.ErrSignature, tc.c.ID)
	}
	_, _, s := segmentsOf(extra.Token)
	assert.Len(t, s, 44)
	assert.Len(t, b64(t, s), 33, "canonical base64url of 33 bytes")
}

// signRaw signs header and payload, taken as they are, with s.
func signRaw(t *testing.T, s algorithms.Signer, header, payload string) string {
	t.Helper()
	enc := base64.RawURLEncoding
	input := enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload))
	sig, err := s.Sign([]byte(input))
	require.NoError(t, err)
	return input + "." + enc.EncodeToString(sig)
}

// bytesPerRun returns the bytes f allocates, on average over runs calls.
// Like testing.AllocsPerRun, it counts the whole program's allocations,
// so tests that use it must not run in parallel.
func bytesPerRun(runs int, f func()) uint64 {
	f()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / uint64(runs)
}
