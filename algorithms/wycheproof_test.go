package algorithms_test

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/hex"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt/algorithms"
)

// TestWycheproof runs Project Wycheproof's primitive test vectors (HMAC,
// RSASSA-PKCS1-v1_5, RSASSA-PSS, ECDSA in P1363 form and Ed25519; copied
// unmodified into ../testdata/wycheproof, see the README there) through the
// public constructors and Verify, with each vector's message as the signing
// input. They pin that:
//
//   - every "valid" signature verifies, and HMAC's valid tags are also what
//     Sign produces;
//   - every "invalid" signature fails with ErrSignature and nothing panics,
//     whatever its length or encoding;
//   - every "acceptable" case has a reasoned decision in
//     [acceptableDecisions], which the result must follow;
//   - HMAC keys shorter than the hash output are refused by the constructor
//     and truncated tags by Verify, whatever Wycheproof's label for the
//     primitive, because JWS allows neither (RFC 7518, section 3.2);
//   - every group key is accepted by its constructor: all of them meet the
//     key rules.
//
// The counts per file are checked against the file's numberOfTests, so that
// no case is skipped silently.
func TestWycheproof(t *testing.T) {
	t.Parallel()
	for _, tc := range wycheproofFiles() {
		t.Run(strings.TrimSuffix(tc.file, "_test.json"), func(t *testing.T) {
			t.Parallel()
			f := loadWycheproof(t, tc.file)
			require.Equal(t, tc.algorithm, f.Algorithm)
			got := tally{file: tc.file}
			for _, g := range f.TestGroups {
				tc.run(t, &got, g)
			}
			// Every case is run: none is skipped, so none needs a reason.
			assert.Positive(t, got.run)
			assert.Equal(t, f.NumberOfTests, got.run, "cases run")
			assert.Equal(t, tc.acceptable, got.acceptable, "acceptable cases")
			assert.Equal(t, tc.refused, got.refused, "refused HMAC keys and tags")
			t.Logf("%s: %d run: %d valid, %d invalid (%d of them acceptable, "+
				"decided), %d refused by JWS rules, 0 skipped",
				tc.file, got.run, got.valid, got.invalid, got.acceptable, got.refused)
		})
	}
}

// wycheproofFile names one vector file, the Wycheproof algorithm it declares,
// how to run a group of it, and how many acceptable and refused cases it
// holds. No file has a case that is skipped.
type wycheproofFile struct {
	file       string
	algorithm  string
	run        func(t *testing.T, got *tally, g wycheGroup)
	acceptable int
	refused    int
}

func wycheproofFiles() []wycheproofFile {
	const pkcs1, pss = "RSASSA-PKCS1-v1_5", "RSASSA-PSS"
	return []wycheproofFile{
		{"hmac_sha256_test.json", "HMACSHA256", hmacGroup(algorithms.NewHS256, 256), 0, 90},
		{"hmac_sha384_test.json", "HMACSHA384", hmacGroup(algorithms.NewHS384, 384), 0, 90},
		{"hmac_sha512_test.json", "HMACSHA512", hmacGroup(algorithms.NewHS512, 512), 0, 90},
		{"rsa_signature_2048_sha256_test.json", pkcs1, rsaGroup(algorithms.RS256), 1, 0},
		{"rsa_signature_2048_sha384_test.json", pkcs1, rsaGroup(algorithms.RS384), 1, 0},
		{"rsa_signature_2048_sha512_test.json", pkcs1, rsaGroup(algorithms.RS512), 1, 0},
		{"rsa_signature_3072_sha384_test.json", pkcs1, rsaGroup(algorithms.RS384), 1, 0},
		{"rsa_signature_4096_sha512_test.json", pkcs1, rsaGroup(algorithms.RS512), 1, 0},
		{"rsa_pss_2048_sha256_mgf1_32_test.json", pss, rsaGroup(algorithms.PS256), 0, 0},
		{"rsa_pss_2048_sha384_mgf1_48_test.json", pss, rsaGroup(algorithms.PS384), 0, 0},
		{"rsa_pss_3072_sha256_mgf1_32_test.json", pss, rsaGroup(algorithms.PS256), 0, 0},
		{"rsa_pss_4096_sha384_mgf1_48_test.json", pss, rsaGroup(algorithms.PS384), 0, 0},
		{"rsa_pss_4096_sha512_mgf1_64_test.json", pss, rsaGroup(algorithms.PS512), 0, 0},
		{"ecdsa_secp256r1_sha256_p1363_test.json", "ECDSA", ecdsaGroup(algorithms.ES256), 0, 0},
		{"ecdsa_secp384r1_sha384_p1363_test.json", "ECDSA", ecdsaGroup(algorithms.ES384), 0, 0},
		{"ecdsa_secp521r1_sha512_p1363_test.json", "ECDSA", ecdsaGroup(algorithms.ES512), 0, 0},
		{"ed25519_test.json", "EDDSA", eddsaGroup, 0, 0},
	}
}

// A decision says what this package does with a case Wycheproof labels
// "acceptable", for a case carrying flag.
type decision struct {
	flag   string
	accept bool
	reason string
}

// acceptableDecisions returns the decision for each acceptable case, by file
// and tcId.
func acceptableDecisions() map[string]map[int]decision {
	missingNull := map[int]decision{8: {
		flag:   "MissingNull",
		accept: false,
		reason: "the DigestInfo omits the NULL hash parameters; crypto/rsa " +
			"compares the padded digest with the encoding that has them and " +
			"rejects it, and we keep that strict reading: JWS signers emit " +
			"the NULL form and a second accepted encoding adds malleability",
	}}
	return map[string]map[int]decision{
		"rsa_signature_2048_sha256_test.json": missingNull,
		"rsa_signature_2048_sha384_test.json": missingNull,
		"rsa_signature_2048_sha512_test.json": missingNull,
		"rsa_signature_3072_sha384_test.json": missingNull,
		"rsa_signature_4096_sha512_test.json": missingNull,
	}
}

// tally counts the cases of one file by outcome.
type tally struct {
	file                                     string
	run, valid, invalid, acceptable, refused int
}

// expect checks the error Verify returned for c against c's label, or for an
// acceptable case against its decision.
func (got *tally) expect(t *testing.T, c wycheTest, err error) {
	t.Helper()
	got.run++
	result := c.Result
	if result == "acceptable" {
		d, ok := acceptableDecisions()[got.file][c.TcID]
		require.True(t, ok, "tcId %d is acceptable and has no decision", c.TcID)
		require.Contains(t, c.Flags, d.flag, "tcId %d", c.TcID)
		got.acceptable++
		result = "invalid"
		if d.accept {
			result = "valid"
		}
	}
	switch result {
	case "valid":
		got.valid++
		assert.NoError(t, err, "tcId %d: %s", c.TcID, c.Comment)
	case "invalid":
		got.invalid++
		assert.ErrorIs(t, err, algorithms.ErrSignature, "tcId %d: %s", c.TcID, c.Comment)
	default:
		t.Errorf("tcId %d: unknown result %q", c.TcID, c.Result)
	}
}

// refuse counts a case whose outcome JWS fixes to a refusal, whatever
// Wycheproof's label for the primitive.
func (got *tally) refuse(t *testing.T, c wycheTest, err, want error) {
	t.Helper()
	got.run++
	got.refused++
	assert.ErrorIs(t, err, want, "tcId %d: %s", c.TcID, c.Comment)
}

func hmacGroup(newHMAC func([]byte) (*algorithms.HMAC, error), bits int) func(
	*testing.T, *tally, wycheGroup,
) {
	return func(t *testing.T, got *tally, g wycheGroup) {
		t.Helper()
		for _, c := range g.Tests {
			key := unhex(t, c.Key)
			require.Len(t, key, g.KeySize/8, "tcId %d", c.TcID)
			m, err := newHMAC(key)
			if g.KeySize < bits {
				got.refuse(t, c, err, algorithms.ErrInvalidKey)
				continue
			}
			require.NoError(t, err, "tcId %d", c.TcID)
			msg, tag := unhex(t, c.Msg), unhex(t, c.Tag)
			if g.TagSize < bits {
				got.refuse(t, c, m.Verify(msg, tag), algorithms.ErrSignature)
				continue
			}
			got.expect(t, c, m.Verify(msg, tag))
			if c.Result == "valid" {
				sig, err := m.Sign(msg)
				require.NoError(t, err)
				assert.Equal(t, tag, sig, "tcId %d", c.TcID)
			}
		}
	}
}

func rsaGroup(alg string) func(*testing.T, *tally, wycheGroup) {
	return func(t *testing.T, got *tally, g wycheGroup) {
		t.Helper()
		hash := "SHA-" + alg[2:]
		require.Equal(t, hash, g.SHA)
		if strings.HasPrefix(alg, "PS") {
			// RFC 7518, section 3.5: MGF1 with the same hash, salt as
			// long as the hash.
			require.Equal(t, hash, g.MGFSHA)
			require.Equal(t, hashSize(alg), g.SLen)
		}
		e, ok := new(big.Int).SetString(g.PublicKey.PublicExponent, 16)
		require.True(t, ok)
		n, ok := new(big.Int).SetString(g.PublicKey.Modulus, 16)
		require.True(t, ok)
		v, err := rsaVerifiers()[alg](&rsa.PublicKey{N: n, E: int(e.Int64())})
		require.NoError(t, err)
		for _, c := range g.Tests {
			got.expect(t, c, v.Verify(unhex(t, c.Msg), unhex(t, c.Sig)))
		}
	}
}

func ecdsaGroup(alg string) func(*testing.T, *tally, wycheGroup) {
	return func(t *testing.T, got *tally, g wycheGroup) {
		t.Helper()
		c := ecdsaConstructors()[alg]
		require.Equal(t, "SHA-"+alg[2:], g.SHA)
		v, err := c.newVerifier(uncompressedPoint(t, c.curve, g.PublicKey.Uncompressed))
		require.NoError(t, err)
		for _, c := range g.Tests {
			got.expect(t, c, v.Verify(unhex(t, c.Msg), unhex(t, c.Sig)))
		}
	}
}

func eddsaGroup(t *testing.T, got *tally, g wycheGroup) {
	t.Helper()
	v, err := algorithms.NewEdDSAVerifier(ed25519.PublicKey(unhex(t, g.PublicKey.PK)))
	require.NoError(t, err)
	for _, c := range g.Tests {
		got.expect(t, c, v.Verify(unhex(t, c.Msg), unhex(t, c.Sig)))
	}
}

// uncompressedPoint splits an SEC 1 uncompressed point into coordinates
// without checking them: that is the constructor's job under test.
func uncompressedPoint(t *testing.T, curve elliptic.Curve, s string) *ecdsa.PublicKey {
	t.Helper()
	b := unhex(t, s)
	size := (curve.Params().BitSize + 7) / 8
	require.Len(t, b, 1+2*size)
	require.Equal(t, byte(4), b[0])
	return &ecdsa.PublicKey{
		Curve: curve,
		X:     new(big.Int).SetBytes(b[1 : 1+size]),
		Y:     new(big.Int).SetBytes(b[1+size:]),
	}
}

func hashSize(alg string) int {
	switch alg[2:] {
	case "384":
		return 48
	case "512":
		return 64
	}
	return 32
}

// The parts of Wycheproof's file format (schemas mac_test, rsassa_pkcs1_verify,
// rsassa_pss_verify, ecdsa_p1363_verify and eddsa_verify) read here.
type (
	wycheFile struct {
		Algorithm     string       `json:"algorithm"`
		NumberOfTests int          `json:"numberOfTests"`
		TestGroups    []wycheGroup `json:"testGroups"`
	}
	wycheGroup struct {
		KeySize   int         `json:"keySize"`
		TagSize   int         `json:"tagSize"`
		SHA       string      `json:"sha"`
		MGFSHA    string      `json:"mgfSha"`
		SLen      int         `json:"sLen"`
		PublicKey wycheKey    `json:"publicKey"`
		Tests     []wycheTest `json:"tests"`
	}
	wycheKey struct {
		Modulus        string `json:"modulus"`
		PublicExponent string `json:"publicExponent"`
		Uncompressed   string `json:"uncompressed"`
		PK             string `json:"pk"`
	}
	wycheTest struct {
		TcID    int      `json:"tcId"`
		Comment string   `json:"comment"`
		Flags   []string `json:"flags"`
		Key     string   `json:"key"`
		Msg     string   `json:"msg"`
		Sig     string   `json:"sig"`
		Tag     string   `json:"tag"`
		Result  string   `json:"result"`
	}
)

func loadWycheproof(t *testing.T, name string) *wycheFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "wycheproof", name))
	require.NoError(t, err)
	var f wycheFile
	require.NoError(t, json.Unmarshal(data, &f))
	return &f
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}
