package jwt_test

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
)

func TestVerifyPayloadJSON(t *testing.T) {
	t.Parallel()
	nested := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	tests := []struct {
		name    string
		payload string
		want    error
	}{
		{"plain", `{"exp":1700003600}`, nil},
		{"whitespace", " {\r\n\t\"exp\" : 1700003600 } \n", nil},
		{"unicode custom claim", `{"exp":1700003600,"name":"Zoë \u00e9 \ud83d\ude00"}`, nil},
		{"nested custom claims", `{"exp":1700003600,"a":{"b":[1,{"c":null}],"B2":true}}`, nil},
		{"depth 32", `{"exp":1700003600,"x":` + nested(31) + `}`, nil},
		{"depth 33", `{"exp":1700003600,"x":` + nested(32) + `}`, jwt.ErrMalformed},
		{"not an object", `"foo"`, jwt.ErrMalformed},
		{"not JSON", `foo`, jwt.ErrMalformed},
		{"empty", ``, jwt.ErrMalformed},
		{"trailing data", `{"exp":1700003600}x`, jwt.ErrMalformed},
		{"second object", `{"exp":1700003600}{}`, jwt.ErrMalformed},
		{"unterminated", `{"exp":1700003600`, jwt.ErrMalformed},
		{"duplicate exp", `{"exp":1600000000,"exp":1800000000}`, jwt.ErrMalformed},
		{"duplicate custom", `{"exp":1700003600,"r":1,"r":2}`, jwt.ErrMalformed},
		{"duplicate jti", `{"exp":1700003600,"jti":"a","jti":"b"}`, jwt.ErrMalformed},
		{"case variant exp", `{"exp":1600000000,"EXP":1800000000}`, jwt.ErrMalformed},
		{"case variant custom", `{"exp":1700003600,"role":"a","Role":"b"}`, jwt.ErrMalformed},
		{"long s variant", `{"exp":1700003600,"sub":"a","\u017fub":"b"}`, jwt.ErrMalformed},
		{"lone case variant of aud", `{"exp":1700003600,"Aud":"api"}`, jwt.ErrMalformed},
		{"lone case variant of exp", `{"exp":1700003600,"EXP":1800000000}`, jwt.ErrMalformed},
		{"lone folded variant of sub", `{"exp":1700003600,"\u017fub":"admin"}`, jwt.ErrMalformed},
		{"name like a claim", `{"exp":1700003600,"expiry":1,"sub2":"x","j":1}`, nil},
		{"duplicate in nested object", `{"exp":1700003600,"o":{"a":1,"a":2}}`, jwt.ErrMalformed},
		{"case variant in nested", `{"exp":1700003600,"o":{"a":1,"A":2}}`, jwt.ErrMalformed},
		{"invalid UTF-8 in name", "{\"exp\":1700003600,\"\xc3\":1}", jwt.ErrMalformed},
		{"invalid UTF-8 in value", "{\"exp\":1700003600,\"n\":\"\xed\xa0\x80\"}", jwt.ErrMalformed},
		{"lone low surrogate", `{"exp":1700003600,"n":"\udc00"}`, jwt.ErrMalformed},
		{"bad escape", `{"exp":1700003600,"n":"\x"}`, jwt.ErrMalformed},
		{"leading zero", `{"exp":1700003600,"n":01}`, jwt.ErrMalformed},
		{"bare minus", `{"exp":1700003600,"n":-}`, jwt.ErrMalformed},
		{"NaN", `{"exp":1700003600,"n":NaN}`, jwt.ErrMalformed},
		{"true misspelt", `{"exp":1700003600,"n":tru}`, jwt.ErrMalformed},
	}
	v := testVerifier(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var claims map[string]any
			tok, err := v.Verify(context.Background(), claimsToken(t, tc.payload), &claims)
			if tc.want == nil {
				require.NoError(t, err)
				assert.NotNil(t, claims)
				return
			}
			require.ErrorIs(t, err, tc.want)
			assert.Nil(t, tok)
			assert.Nil(t, claims)
		})
	}
}

func TestVerifyClaimTypes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		payload string
		claim   string
	}{
		{"exp string", `{"exp":"1700003600"}`, "exp"},
		{"exp null", `{"exp":null}`, "exp"},
		{"exp true", `{"exp":true}`, "exp"},
		{"exp array", `{"exp":[1700003600]}`, "exp"},
		{"exp object", `{"exp":{}}`, "exp"},
		{"exp 1e19", `{"exp":1e19}`, "exp"},
		{"exp 1e400", `{"exp":1e400}`, "exp"},
		{"exp after year 9999", `{"exp":253402300800}`, "exp"},
		{"exp before year 1", `{"exp":-62135596801}`, "exp"},
		{"nbf 1e19", `{"exp":1700003600,"nbf":1e19}`, "nbf"},
		{"nbf string", `{"exp":1700003600,"nbf":"0"}`, "nbf"},
		{"iat string", `{"exp":1700003600,"iat":"1699996400"}`, "iat"},
		{"iss array", `{"exp":1700003600,"iss":["a"]}`, "iss"},
		{"sub number", `{"exp":1700003600,"sub":1}`, "sub"},
		{"jti null", `{"exp":1700003600,"jti":null}`, "jti"},
		{"aud number", `{"exp":1700003600,"aud":1}`, "aud"},
		{"aud with number", `{"exp":1700003600,"aud":["api",1]}`, "aud"},
		{"aud nested array", `{"exp":1700003600,"aud":[["api"]]}`, "aud"},
		{"aud too long", `{"exp":1700003600,"aud":[` + strings.Repeat(`"a",`, 64) + `"a"]}`, "aud"},
	}
	v := testVerifier(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := v.Verify(context.Background(), claimsToken(t, tc.payload), nil)
			require.ErrorIs(t, err, jwt.ErrInvalidClaim)
			var ve *jwt.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.claim, ve.Claim)
			assert.NotContains(t, err.Error(), "1700003600")
		})
	}
}

func TestVerifyTimes(t *testing.T) {
	t.Parallel()
	now := testNow.Unix()
	at := func(format string, offsets ...int64) string {
		args := make([]any, len(offsets))
		for i, o := range offsets {
			args[i] = now + o
		}
		return sprintf(format, args...)
	}
	leeway := jwt.WithLeeway(30 * time.Second)
	tests := []struct {
		name    string
		payload string
		opts    []jwt.VerifierOption
		want    error
	}{
		{"exp one second ahead", at(`{"exp":%d}`, 1), nil, nil},
		{"exp now", at(`{"exp":%d}`, 0), nil, jwt.ErrExpired},
		{"exp one second ago", at(`{"exp":%d}`, -1), nil, jwt.ErrExpired},
		{"exp half a second ahead", at(`{"exp":%d.5}`, 0), nil, nil},
		{"exp in exponent form", `{"exp":1.7000036E9}`, nil, nil},
		{"exp zero", `{"exp":0}`, nil, jwt.ErrExpired},
		{"exp negative", `{"exp":-1}`, nil, jwt.ErrExpired},
		{"exp within leeway", at(`{"exp":%d}`, -29), []jwt.VerifierOption{leeway}, nil},
		{"exp at leeway", at(`{"exp":%d}`, -30), []jwt.VerifierOption{leeway}, jwt.ErrExpired},
		{"exp missing", `{"sub":"a"}`, nil, jwt.ErrMissingClaim},
		{"exp missing allowed", `{"sub":"a"}`,
			[]jwt.VerifierOption{jwt.AllowMissingExpiration()}, nil},
		{"exp checked when allowed missing", `{"exp":1}`,
			[]jwt.VerifierOption{jwt.AllowMissingExpiration()}, jwt.ErrExpired},
		{"nbf now", at(`{"exp":%d,"nbf":%d}`, 60, 0), nil, nil},
		{"nbf one second ahead", at(`{"exp":%d,"nbf":%d}`, 60, 1), nil, jwt.ErrNotYetValid},
		{"nbf within leeway", at(`{"exp":%d,"nbf":%d}`, 60, 30), []jwt.VerifierOption{leeway}, nil},
		{"nbf beyond leeway", at(`{"exp":%d,"nbf":%d}`, 60, 31), []jwt.VerifierOption{leeway},
			jwt.ErrNotYetValid},
		{"iat in the future by default", at(`{"exp":%d,"iat":%d}`, 7200, 3600), nil, nil},
		{"iat in the future checked", at(`{"exp":%d,"iat":%d}`, 7200, 3600),
			[]jwt.VerifierOption{jwt.WithIssuedAtCheck()}, jwt.ErrIssuedAt},
		{"iat now checked", at(`{"exp":%d,"iat":%d}`, 60, 0),
			[]jwt.VerifierOption{jwt.WithIssuedAtCheck()}, nil},
		{"max age reached", at(`{"exp":%d,"iat":%d}`, 60, -600),
			[]jwt.VerifierOption{jwt.WithMaxAge(10 * time.Minute)}, nil},
		{"max age exceeded", at(`{"exp":%d,"iat":%d}`, 60, -601),
			[]jwt.VerifierOption{jwt.WithMaxAge(10 * time.Minute)}, jwt.ErrExpired},
		{"max age without iat", at(`{"exp":%d}`, 60),
			[]jwt.VerifierOption{jwt.WithMaxAge(10 * time.Minute)}, jwt.ErrMissingClaim},
		{"max age and future iat", at(`{"exp":%d,"iat":%d}`, 60, 5),
			[]jwt.VerifierOption{jwt.WithMaxAge(10 * time.Minute)}, jwt.ErrIssuedAt},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := testVerifier(t, tc.opts...).Verify(context.Background(),
				claimsToken(t, tc.payload), nil)
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.want)
		})
	}
}

func TestVerifyValues(t *testing.T) {
	t.Parallel()
	iss := jwt.WithIssuer("https://issuer.example", "https://other.example")
	aud := jwt.WithAudience("api://default")
	tests := []struct {
		name    string
		payload string
		opt     jwt.VerifierOption
		want    []error
	}{
		{"iss first", `{"iss":"https://issuer.example"}`, iss, nil},
		{"iss second", `{"iss":"https://other.example"}`, iss, nil},
		{"iss mismatch", `{"iss":"https://evil.example"}`, iss, []error{jwt.ErrIssuer}},
		{"iss trailing slash", `{"iss":"https://issuer.example/"}`, iss, []error{jwt.ErrIssuer}},
		{"iss missing", `{}`, iss, []error{jwt.ErrIssuer, jwt.ErrMissingClaim}},
		{"aud string", `{"aud":"api://default"}`, aud, nil},
		{"aud array", `{"aud":["other","api://default"]}`, aud, nil},
		{"aud empty array", `{"aud":[]}`, aud, []error{jwt.ErrAudience}},
		{"aud other", `{"aud":["other"]}`, aud, []error{jwt.ErrAudience}},
		{"aud case differs", `{"aud":"API://DEFAULT"}`, aud, []error{jwt.ErrAudience}},
		{"aud empty string", `{"aud":""}`, aud, []error{jwt.ErrAudience}},
		{"aud missing", `{}`, aud, []error{jwt.ErrAudience, jwt.ErrMissingClaim}},
		{"sub", `{"sub":"alice"}`, jwt.WithSubject("alice"), nil},
		{"sub mismatch", `{"sub":"bob"}`, jwt.WithSubject("alice"), []error{jwt.ErrSubject}},
		{"sub missing", `{}`, jwt.WithSubject("alice"), []error{jwt.ErrSubject, jwt.ErrMissingClaim}},
		{"required present", `{"jti":"1","tenant":"t"}`, jwt.WithRequiredClaims("jti", "tenant"), nil},
		{"required jti missing", `{"tenant":"t"}`, jwt.WithRequiredClaims("jti", "tenant"),
			[]error{jwt.ErrMissingClaim}},
		{"required custom missing", `{"jti":"1"}`, jwt.WithRequiredClaims("jti", "tenant"),
			[]error{jwt.ErrMissingClaim}},
		{"required custom case differs", `{"jti":"1","Tenant":"t"}`,
			jwt.WithRequiredClaims("jti", "tenant"), []error{jwt.ErrMissingClaim}},
		{"required custom null", `{"jti":"1","tenant":null}`,
			jwt.WithRequiredClaims("jti", "tenant"), []error{jwt.ErrMissingClaim}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			payload := `{"exp":1700003600,` + strings.TrimPrefix(tc.payload, "{")
			payload = strings.Replace(payload, ",}", "}", 1)
			_, err := testVerifier(t, tc.opt).Verify(context.Background(),
				claimsToken(t, payload), nil)
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			for _, want := range tc.want {
				require.ErrorIs(t, err, want)
			}
			if len(tc.want) == 1 {
				assert.False(t, errors.Is(err, jwt.ErrMissingClaim) && tc.want[0] != jwt.ErrMissingClaim)
			}
		})
	}
}

func TestValidationError(t *testing.T) {
	t.Parallel()
	v := testVerifier(t, jwt.WithIssuer("https://issuer.example"))
	_, err := v.Verify(context.Background(),
		claimsToken(t, `{"exp":1700003600,"iss":"https://evil.example/\u0000<script>"}`), nil)
	var ve *jwt.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "iss", ve.Claim)
	assert.NotEmpty(t, ve.Reason)
	assert.ErrorIs(t, ve, jwt.ErrIssuer)
	assert.True(t, strings.HasPrefix(err.Error(), "jwt: issuer mismatch: iss "), err.Error())
	assert.NotContains(t, err.Error(), "evil")
}

func TestNumericDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Time
		err  bool
	}{
		{in: `1700000000`, want: time.Unix(1700000000, 0)},
		{in: `0`, want: time.Unix(0, 0)},
		{in: `-1`, want: time.Unix(-1, 0)},
		{in: `1.5`, want: time.Unix(1, 5e8)},
		{in: `-1.5`, want: time.Unix(-2, 5e8)},
		{in: `1.7e9`, want: time.Unix(1700000000, 0)},
		{in: `253402300799`, want: time.Unix(253402300799, 0)},
		{in: `253402300800`, err: true},
		{in: `1e19`, err: true},
		{in: `"1700000000"`, err: true},
		{in: `true`, err: true},
		{in: `[1]`, err: true},
		{in: `01`, err: true},
		{in: `1 2`, err: true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			var d jwt.NumericDate
			err := d.UnmarshalJSON([]byte(tc.in))
			if tc.err {
				require.ErrorIs(t, err, jwt.ErrInvalidClaim)
				assert.True(t, d.IsZero())
				return
			}
			require.NoError(t, err)
			assert.True(t, tc.want.Equal(d.Time), "got %v", d.Time)
		})
	}

	var d jwt.NumericDate
	require.NoError(t, json.Unmarshal([]byte(`null`), &d))
	assert.True(t, d.IsZero(), "null leaves the date unchanged")
	out, err := json.Marshal(jwt.NewNumericDate(time.Unix(1700000000, 999999999)))
	require.NoError(t, err)
	assert.Equal(t, "1700000000", string(out))
	out, err = json.Marshal(jwt.NumericDate{})
	require.NoError(t, err)
	assert.Equal(t, "null", string(out))
}

func TestAudience(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want jwt.Audience
		out  string
	}{
		{`"api"`, jwt.Audience{"api"}, `"api"`},
		{`["api"]`, jwt.Audience{"api"}, `"api"`},
		{`["a","b"]`, jwt.Audience{"a", "b"}, `["a","b"]`},
		{`[]`, jwt.Audience{}, `[]`},
		{`"\u00e9\"\\"`, jwt.Audience{"é\"\\"}, `"é\"\\"`},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			var a jwt.Audience
			require.NoError(t, json.Unmarshal([]byte(tc.in), &a))
			assert.Equal(t, tc.want, a)
			out, err := json.Marshal(a)
			require.NoError(t, err)
			assert.Equal(t, tc.out, string(out))
		})
	}
	for _, bad := range []string{`1`, `[1]`, `{}`, `[["a"]]`, `true`} {
		var a jwt.Audience
		require.ErrorIs(t, json.Unmarshal([]byte(bad), &a), jwt.ErrInvalidClaim, bad)
	}
	assert.True(t, jwt.Audience{"a", "b"}.Contains("b"))
	assert.False(t, jwt.Audience{"a", "b"}.Contains("B"))
	_, err := json.Marshal(jwt.Audience{"\xff"})
	require.Error(t, err)
}
