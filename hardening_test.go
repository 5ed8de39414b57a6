package jwt_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
)

// TestParseUnverifiedStrict checks that ParseUnverified, which checks no
// signature, is as strict about the form of a token as Verify: each input
// is refused by both, with the same category.
func TestParseUnverifiedStrict(t *testing.T) {
	t.Parallel()
	good := claimsToken(t, `{"exp":1700003600}`)
	h, p, s := segmentsOf(good)
	nested := strings.Repeat("[", 32) + strings.Repeat("]", 32)
	list := "[" + strings.Repeat(`"a",`, 64) + `"a"]`
	tests := []struct {
		name  string
		token string
		want  error
	}{
		{"empty", "", jwt.ErrMalformed},
		{"two segments", h + "." + p, jwt.ErrMalformed},
		{"four segments", good + ".", jwt.ErrMalformed},
		{"newline in header", h[:5] + "\n" + h[5:] + "." + p + "." + s, jwt.ErrMalformed},
		{"newline in payload", h + "." + p[:5] + "\n" + p[5:] + "." + s, jwt.ErrMalformed},
		{"CR in signature", h + "." + p + "." + s[:5] + "\r" + s[5:], jwt.ErrMalformed},
		{"padding", h + "." + p + "." + s + "=", jwt.ErrMalformed},
		{"standard alphabet", h + "." + p + "." + standardAlphabet(s) + "/", jwt.ErrMalformed},
		{"non-canonical bits", h + "." + p + "." + flipLastBit(s), jwt.ErrMalformed},
		{"duplicate alg", rawToken(t, `{"alg":"HS256","alg":"HS256"}`, `{"exp":1}`),
			jwt.ErrMalformed},
		{"case variant in header", rawToken(t, `{"alg":"HS256","Alg":"x"}`, `{"exp":1}`),
			jwt.ErrMalformed},
		{"header not UTF-8", rawToken(t, "{\"alg\":\"HS256\",\"k\":\"\xc0\"}", `{"exp":1}`),
			jwt.ErrMalformed},
		{"header trailing data", rawToken(t, `{"alg":"HS256"}x`, `{"exp":1}`), jwt.ErrMalformed},
		{"header too deep", rawToken(t, `{"alg":"HS256","x":`+nested+`}`, `{"exp":1}`),
			jwt.ErrMalformed},
		{"crit too long", rawToken(t, `{"alg":"HS256","crit":`+list+`}`, `{"exp":1}`),
			jwt.ErrMalformed},
		{"duplicate exp", claimsToken(t, `{"exp":1700003600,"exp":1}`), jwt.ErrMalformed},
		{"case variant of exp", claimsToken(t, `{"exp":1700003600,"Exp":1}`), jwt.ErrMalformed},
		{"payload not UTF-8", claimsToken(t, "{\"exp\":1700003600,\"n\":\"\xff\"}"),
			jwt.ErrMalformed},
		{"payload trailing data", claimsToken(t, `{"exp":1700003600} {}`), jwt.ErrMalformed},
		{"payload too deep", claimsToken(t, `{"exp":1700003600,"x":`+nested+`}`),
			jwt.ErrMalformed},
		{"exp as a string", claimsToken(t, `{"exp":"9999999999"}`), jwt.ErrInvalidClaim},
		{"aud too long", claimsToken(t, `{"exp":1700003600,"aud":`+list+`}`),
			jwt.ErrInvalidClaim},
		{"too large", strings.Repeat(".", jwt.DefaultMaxTokenSize+1), jwt.ErrTooLarge},
	}
	v := testVerifier(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := jwt.ParseUnverified(tc.token)
			require.ErrorIs(t, err, tc.want)
			assert.Nil(t, tok)
			_, err = v.Verify(context.Background(), tc.token, nil)
			require.ErrorIs(t, err, tc.want)
		})
	}
}

// TestDatesAreNumbers checks that exp, nbf and iat are read only from JSON
// numbers: a JSON value of any other type is an invalid claim, never a
// missing one and never a date, and a value that is not JSON at all makes
// the payload malformed.
func TestDatesAreNumbers(t *testing.T) {
	t.Parallel()
	v := testVerifier(t, jwt.WithIssuedAtCheck())
	values := map[string]error{
		`"9999999999"`: jwt.ErrInvalidClaim, `"1700003600"`: jwt.ErrInvalidClaim,
		`null`: jwt.ErrInvalidClaim, `true`: jwt.ErrInvalidClaim, `false`: jwt.ErrInvalidClaim,
		`[1700003600]`: jwt.ErrInvalidClaim, `{}`: jwt.ErrInvalidClaim,
		`1e400`: jwt.ErrInvalidClaim, `-1e400`: jwt.ErrInvalidClaim,
		`+1`: jwt.ErrMalformed, `0x10`: jwt.ErrMalformed, `Infinity`: jwt.ErrMalformed,
		`tru`: jwt.ErrMalformed, `"1`: jwt.ErrMalformed, `[1`: jwt.ErrMalformed,
	}
	for _, claim := range []string{"exp", "nbf", "iat"} {
		for value, want := range values {
			payload := fmt.Sprintf(`{"exp":1700003600,%q:%s}`, claim, value)
			if claim == "exp" {
				payload = fmt.Sprintf(`{"exp":%s}`, value)
			}
			_, err := v.Verify(context.Background(), claimsToken(t, payload), nil)
			if !assert.ErrorIs(t, err, want, payload) || want != jwt.ErrInvalidClaim {
				continue
			}
			var ve *jwt.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, claim, ve.Claim)
		}
	}
}

// TestClaimValuesNotJSON checks that a registered claim whose value is not
// JSON at all makes the payload malformed, as does text that is not JSON
// anywhere in a payload with a claim of the wrong type, while a JSON value
// of the wrong type in valid JSON is an invalid claim.
func TestClaimValuesNotJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		payload string
		want    error
	}{
		{`{"exp":1700003600,"iss":nul}`, jwt.ErrMalformed},
		{`{"exp":1700003600,"iss":1}`, jwt.ErrInvalidClaim},
		{`{"exp":1700003600,"sub":'a'}`, jwt.ErrMalformed},
		{`{"exp":1700003600,"jti":[}`, jwt.ErrMalformed},
		{`{"exp":1700003600,"aud":["a",tru]}`, jwt.ErrMalformed},
		{`{"exp":1700003600,"aud":["a",true]}`, jwt.ErrInvalidClaim},
		{`{"exp":1700003600,"aud":{"a":1,"a":2}}`, jwt.ErrMalformed},
		{`{"exp":1700003600,"aud":{"a":1}}`, jwt.ErrInvalidClaim},
		// A claim of the wrong type does not hide text that is not JSON
		// further on, inside or after its own value.
		{`{"exp":1700003600,"aud":[1,tru]}`, jwt.ErrMalformed},
		{`{"exp":1700003600,"aud":[1]]]}`, jwt.ErrMalformed},
		{`{"exp":1700003600,"aud":[1]`, jwt.ErrMalformed},
		{`{"exp":1700003600,"iss":1]}`, jwt.ErrMalformed},
		{`{"iss":1,"exp":1700003600,"x":tru}`, jwt.ErrMalformed},
		{`{"iss":1,"x":1,"x":2,"exp":1700003600}`, jwt.ErrMalformed},
		{`{"exp":"1","x":[}`, jwt.ErrMalformed},
		{`{"exp":1700003600,"aud":[1]}`, jwt.ErrInvalidClaim},
		{`{"iss":1,"exp":1700003600,"x":true}`, jwt.ErrInvalidClaim},
	}
	v := testVerifier(t)
	for _, tc := range tests {
		t.Run(tc.payload, func(t *testing.T) {
			_, err := v.Verify(context.Background(), claimsToken(t, tc.payload), nil)
			require.ErrorIs(t, err, tc.want)
			_, err = jwt.ParseUnverified(claimsToken(t, tc.payload))
			require.ErrorIs(t, err, tc.want)
		})
	}
}

// TestCriticalListBound checks the edges of the "crit" bound: 64 names,
// the most a verifier reads, are accepted when each is understood and
// present, and refused when one is absent; a 65th name makes the list
// malformed.
func TestCriticalListBound(t *testing.T) {
	t.Parallel()
	var names, members []string
	for i := range 65 {
		names = append(names, fmt.Sprintf("urn:x%d", i))
		members = append(members, fmt.Sprintf(`"urn:x%d":%d`, i, i))
	}
	header := func(crit, present []string) string {
		return `{"alg":"HS256","crit":["` + strings.Join(crit, `","`) + `"],` +
			strings.Join(present, ",") + `}`
	}
	tests := []struct {
		name   string
		header string
		want   error
	}{
		{"64 names", header(names[:64], members[:64]), nil},
		{"64 names, first absent", header(names[:64], members[1:64]), jwt.ErrMalformed},
		{"64 names, last absent", header(names[:64], members[:63]), jwt.ErrMalformed},
		{"65 names", header(names, members), jwt.ErrMalformed},
	}
	v := testVerifier(t, jwt.WithCritical(names...))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := v.Verify(context.Background(), headerToken(t, tc.header), nil)
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.want)
		})
	}
}

// TestNumericDateNotZero checks the low end of the NumericDate range:
// 0001-01-01T00:00:00Z, -62135596800, is the zero time.Time, which stands
// for an absent date, so reading it would turn a date into no date (a
// token's claims would show none, and signing them again would drop it).
// It is refused, and the next second is the first date.
func TestNumericDateNotZero(t *testing.T) {
	t.Parallel()
	var d jwt.NumericDate
	require.ErrorIs(t, d.UnmarshalJSON([]byte(`-62135596800`)), jwt.ErrInvalidClaim)
	require.ErrorIs(t, d.UnmarshalJSON([]byte(`-62135596799.5`)), jwt.ErrInvalidClaim)
	require.NoError(t, d.UnmarshalJSON([]byte(`-62135596799`)))
	assert.False(t, d.IsZero())
	out, err := d.MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, "-62135596799", string(out))

	v := testVerifier(t)
	for _, payload := range []string{
		`{"exp":1700003600,"nbf":-62135596800}`,
		`{"exp":1700003600,"iat":-62135596800}`,
	} {
		tok, err := v.Verify(context.Background(), claimsToken(t, payload), nil)
		require.ErrorIs(t, err, jwt.ErrInvalidClaim, payload)
		assert.Nil(t, tok)
	}
	tok, err := v.Verify(context.Background(),
		claimsToken(t, `{"exp":1700003600,"nbf":-62135596799}`), nil)
	require.NoError(t, err)
	assert.False(t, tok.Claims().NotBefore.IsZero())
}
