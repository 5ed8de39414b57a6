package jwt_test

import (
	"encoding/base64"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/algorithms"
)

// testSecret is the HMAC key of most tests: 32 bytes, the least HS256
// accepts.
var testSecret = []byte("jotgo/jwt test secret, 32 bytes!")

// testNow is the fixed time of the tests, as in the security test data.
var testNow = time.Unix(1700000000, 0)

func fixedClock() time.Time { return testNow }

func testHMAC(t testing.TB) *algorithms.HMAC {
	t.Helper()
	h, err := algorithms.NewHS256(testSecret)
	require.NoError(t, err)
	return h
}

// testVerifier returns a verifier for testHMAC at testNow, with opts.
func testVerifier(t testing.TB, opts ...jwt.VerifierOption) *jwt.Verifier {
	t.Helper()
	opts = append([]jwt.VerifierOption{jwt.WithClock(fixedClock)}, opts...)
	v, err := jwt.NewVerifier(jwt.Key(testHMAC(t)), opts...)
	require.NoError(t, err)
	return v
}

// rawToken signs header and payload, taken as they are, with testHMAC, so
// that a test can give any JSON, valid or not, a good signature.
func rawToken(t testing.TB, header, payload string) string {
	t.Helper()
	enc := base64.RawURLEncoding
	input := enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload))
	sig, err := testHMAC(t).Sign([]byte(input))
	require.NoError(t, err)
	return input + "." + enc.EncodeToString(sig)
}

// claimsToken signs payload under a plain HS256 header.
func claimsToken(t testing.TB, payload string) string {
	t.Helper()
	return rawToken(t, `{"alg":"HS256","typ":"JWT"}`, payload)
}

// headerToken signs a header over a payload that passes every default check.
func headerToken(t testing.TB, header string) string {
	t.Helper()
	return rawToken(t, header, `{"sub":"alice","exp":1700003600}`)
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
