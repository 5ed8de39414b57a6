package jwk_test

import (
	"crypto/ed25519"
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/jwk"
)

// testNow is the fixed time of the tests, as in the security test data.
var testNow = time.Unix(1700000000, 0)

func fixedClock() time.Time { return testNow }

// readTestdata reads a file under the module's testdata directory; see
// testdata/README.md for the origin of each.
func readTestdata(t testing.TB, path ...string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(append([]string{"..", "testdata"}, path...)...))
	require.NoError(t, err)
	return data
}

func parseKeyFile(t testing.TB, path ...string) *jwk.Key {
	t.Helper()
	k, err := jwk.ParseKey(readTestdata(t, path...))
	require.NoError(t, err)
	return k
}

// edKey returns an Ed25519 private key made from a seed of 32 copies of
// seed, with opts.
func edKey(t testing.TB, seed byte, opts ...jwk.KeyOption) *jwk.Key {
	t.Helper()
	s := make([]byte, ed25519.SeedSize)
	for i := range s {
		s[i] = seed
	}
	k, err := jwk.FromPrivateKey(ed25519.NewKeyFromSeed(s), opts...)
	require.NoError(t, err)
	return k
}

// header returns the header of a token with the given header JSON.
func header(t testing.TB, headerJSON string) *jwt.Header {
	t.Helper()
	enc := base64.RawURLEncoding
	tok, err := jwt.ParseUnverified(enc.EncodeToString([]byte(headerJSON)) + ".e30.AA")
	require.NoError(t, err)
	return tok.Header()
}

// sign signs claims for subject sub, valid at testNow, with k and alg.
func sign(t testing.TB, k *jwk.Key, alg, sub string) string {
	t.Helper()
	s, err := k.Signer(alg)
	require.NoError(t, err)
	token, err := jwt.Sign(s, jwt.RegisteredClaims{
		Issuer:    "https://issuer.example",
		Subject:   sub,
		ExpiresAt: jwt.NewNumericDate(testNow.Add(time.Hour)),
	})
	require.NoError(t, err)
	return token
}

// verifier returns a verifier on keys at testNow. These tests are about
// keys, so it accepts any audience.
func verifier(t testing.TB, keys jwt.KeySource, opts ...jwt.VerifierOption) *jwt.Verifier {
	t.Helper()
	opts = append([]jwt.VerifierOption{jwt.WithClock(fixedClock), jwt.AllowAnyAudience()},
		opts...)
	v, err := jwt.NewVerifier(keys, opts...)
	require.NoError(t, err)
	return v
}
