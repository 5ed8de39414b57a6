package jwt_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
)

// fuzzSeeds returns tokens to start the token fuzzers from: well-formed
// ones signed with testHMAC and a few broken ones.
func fuzzSeeds(t testing.TB) []string {
	return []string{
		claimsToken(t, accessPayload),
		claimsToken(t, `{"exp":1700003600}`),
		rawToken(t, `{"alg":"HS256","crit":["urn:a"],"urn:a":1}`, `{"exp":1700003600}`),
		rawToken(t, `{"alg":"none"}`, `{}`),
		rawToken(t, `{"alg":"HS256","alg":"HS256"}`, `{"exp":1700003600}`),
		claimsToken(t, `{"exp":1700003600,"aud":["a","b"],"x":{"y":[1,2.5e3,null]}}`),
		"", "..", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.e30.",
	}
}

// FuzzParseUnverified checks that ParseUnverified never panics, returns no
// token with an error, and that what it accepts re-encodes to the input.
func FuzzParseUnverified(f *testing.F) {
	for _, seed := range fuzzSeeds(f) {
		f.Add(seed)
	}
	enc := base64.RawURLEncoding
	f.Fuzz(func(t *testing.T, token string) {
		tok, err := jwt.ParseUnverified(token)
		if err != nil {
			assert.Nil(t, tok)
			return
		}
		header, err := tok.Header().MarshalJSON()
		require.NoError(t, err)
		again := enc.EncodeToString(header) + "." + enc.EncodeToString(tok.Payload()) + "." +
			enc.EncodeToString(tok.Signature())
		assert.Equal(t, token, again)
		assert.True(t, utf8.Valid(tok.Payload()))
	})
}

// FuzzVerify checks that Verify never panics, returns nothing with an
// error and leaves the destination untouched, and accepts only tokens whose
// signature is the HMAC of the test key over their signing input.
func FuzzVerify(f *testing.F) {
	for _, seed := range fuzzSeeds(f) {
		f.Add(seed)
	}
	v := testVerifier(f, jwt.AllowMissingExpiration(), jwt.WithCritical("urn:a"))
	f.Fuzz(func(t *testing.T, token string) {
		claims := accessClaims{Scope: "before"}
		tok, err := v.Verify(context.Background(), token, &claims)
		if err != nil {
			assert.Nil(t, tok)
			assert.Equal(t, accessClaims{Scope: "before"}, claims)
			return
		}
		dot := strings.LastIndexByte(token, '.')
		mac := hmac.New(sha256.New, testSecret)
		mac.Write([]byte(token[:dot]))
		assert.Equal(t, base64.RawURLEncoding.EncodeToString(mac.Sum(nil)), token[dot+1:])
		assert.Equal(t, tok.Claims(), claims.RegisteredClaims)
	})
}

// FuzzSignVerify checks that arbitrary claims survive signing and
// verifying, or are refused when signing.
func FuzzSignVerify(f *testing.F) {
	f.Add("https://issuer.example", "alice", "api", "scope", "read write", int64(1700003600))
	f.Add("", "\u00e9\"\\\n", "", "Sub", "x", int64(-5))
	f.Add("a", "b", "c", "sub", "d", int64(253402300800))
	hs := testHMAC(f)
	v := testVerifier(f, jwt.AllowMissingExpiration())
	f.Fuzz(func(t *testing.T, iss, sub, aud, name, value string, exp int64) {
		claims := map[string]any{"iss": iss, "sub": sub, "aud": aud, "exp": exp, name: value}
		token, err := jwt.Sign(hs, claims)
		if err != nil {
			require.ErrorIs(t, err, jwt.ErrInvalidArgument)
			return
		}
		var got map[string]any
		_, err = v.Verify(context.Background(), token, &got)
		if exp <= testNow.Unix() && name != "exp" {
			require.ErrorIs(t, err, jwt.ErrExpired)
			return
		}
		if err != nil {
			require.ErrorIs(t, err, jwt.ErrExpired, "only the time may fail: %v", err)
			return
		}
		want, err := json.Marshal(claims)
		require.NoError(t, err)
		gotJSON, err := json.Marshal(got)
		require.NoError(t, err)
		assert.JSONEq(t, string(want), string(gotJSON))
	})
}

// flatClaims has custom claims that encoding/json writes without nested
// objects, which Sign does not check again after encoding/json.
type flatClaims struct {
	jwt.RegisteredClaims
	Scope string   `json:"scope"`
	Roles []string `json:"roles,omitempty"`
	N     int64    `json:"n,string"`
	X     float64  `json:"x"`
	B     bool     `json:"b,omitempty"`
	Raw   []byte   `json:"raw"`
}

// FuzzSignStruct checks that Sign writes for a struct with custom claims
// what json.Marshal writes, and that Verify accepts every token that Sign
// makes from one and gives back what encoding/json would.
func FuzzSignStruct(f *testing.F) {
	f.Add("alice", "read write", "admin", int64(-3), 1.5, true)
	f.Add("", "<&>\u2028\"\\", "\xff\xfe", int64(1)<<62, -0.0, false)
	f.Add("\u00e9", "Scope", "ROLES", int64(0), 1e300, true)
	hs := testHMAC(f)
	v := testVerifier(f)
	f.Fuzz(func(t *testing.T, sub, scope, role string, n int64, x float64, b bool) {
		claims := flatClaims{
			RegisteredClaims: jwt.RegisteredClaims{
				Subject:   sub,
				ExpiresAt: jwt.NewNumericDate(testNow.Add(time.Hour)),
			},
			Scope: scope, Roles: []string{role, scope}, N: n, X: x, B: b, Raw: []byte(role),
		}
		want, wantErr := json.Marshal(claims)
		token, err := jwt.Sign(hs, claims)
		if wantErr != nil || err != nil {
			require.ErrorIs(t, err, jwt.ErrInvalidArgument)
			return
		}
		require.Equal(t, string(want), decodeSegment(t, token, 1))
		if len(token) > jwt.DefaultMaxTokenSize {
			return // U+FFFD for each invalid byte can make it too long
		}
		got, _, err := jwt.VerifyAs[flatClaims](context.Background(), v, token)
		require.NoError(t, err)
		var expected flatClaims
		require.NoError(t, json.Unmarshal(want, &expected))
		assert.Equal(t, expected, got)
	})
}

// FuzzNumericDate checks that NumericDate.UnmarshalJSON never panics,
// leaves the date alone on error, and reads back what it writes.
func FuzzNumericDate(f *testing.F) {
	for _, seed := range []string{"0", "-1", "1.5", "1e19", "1700000000", "null", `"1"`, "01"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var d jwt.NumericDate
		if err := d.UnmarshalJSON([]byte(in)); err != nil {
			require.ErrorIs(t, err, jwt.ErrInvalidClaim)
			assert.True(t, d.IsZero())
			return
		}
		out, err := d.MarshalJSON()
		require.NoError(t, err)
		var again jwt.NumericDate
		require.NoError(t, again.UnmarshalJSON(out))
		assert.Equal(t, d.Unix(), again.Unix())
		if in = strings.Trim(in, " \t\r\n"); !strings.ContainsAny(in, ".eE") && in != "-0" {
			assert.Equal(t, in, string(out), "integers re-encode as they were")
		}
	})
}

// FuzzAudience checks that Audience.UnmarshalJSON never panics, leaves the
// value alone on error, and reads back what it writes.
func FuzzAudience(f *testing.F) {
	for _, seed := range []string{`"a"`, `["a","b"]`, `[]`, `1`, `[1]`, `null`, `["\u00e9"]`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var a jwt.Audience
		if err := a.UnmarshalJSON([]byte(in)); err != nil {
			require.ErrorIs(t, err, jwt.ErrInvalidClaim)
			assert.Nil(t, a)
			return
		}
		out, err := a.MarshalJSON()
		require.NoError(t, err)
		var again jwt.Audience
		require.NoError(t, again.UnmarshalJSON(out))
		assert.Equal(t, len(a), len(again))
		for i := range a {
			assert.Equal(t, a[i], again[i])
		}
	})
}
