package jwt_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
)

// FuzzHeader checks the header parser, through ParseUnverified, against
// encoding/json: a header it accepts is a JSON object that encoding/json
// reads too, with no two member names equal or differing only by case;
// the registered members it reports are the values of exactly those
// names; Member finds every member with its value; and the header
// re-encodes to the same bytes. Seeds: testdata/fuzz/FuzzHeader.
func FuzzHeader(f *testing.F) {
	for _, seed := range []string{
		`{"alg":"HS256","typ":"JWT"}`, `{"alg":"none"}`, `{"alg":"HS256","ALG":"none"}`,
		`{"alg":"HS256","crit":["urn:a"],"urn:a":{"b":[1,2]}}`, `{"\u0061lg":"HS256"}`,
		"{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}", `{"alg":"HS256","kid":"\ud83d\ude00"}`,
	} {
		f.Add(seed)
	}
	enc := base64.RawURLEncoding
	f.Fuzz(func(t *testing.T, header string) {
		tok, err := jwt.ParseUnverified(enc.EncodeToString([]byte(header)) + ".e30.")
		if err != nil {
			assert.Nil(t, tok)
			return
		}
		h := tok.Header()
		raw, err := h.MarshalJSON()
		require.NoError(t, err)
		assert.Equal(t, header, string(raw))

		names, values := objectMembers(t, header)
		for i, name := range names {
			for _, before := range names[:i] {
				assert.False(t, strings.EqualFold(name, before), "%q and %q", before, name)
			}
			got, ok := h.Member(name)
			require.True(t, ok, name)
			assert.Equal(t, compactJSON(t, values[name]), compactJSON(t, got), name)
		}
		assert.Equal(t, stringValue(t, values, "alg"), h.Algorithm())
		assert.Equal(t, stringValue(t, values, "typ"), h.Type())
		assert.Equal(t, stringValue(t, values, "cty"), h.ContentType())
		assert.Equal(t, stringValue(t, values, "kid"), h.KeyID())
		var crit []string
		if v, ok := values["crit"]; ok {
			require.NoError(t, json.Unmarshal(v, &crit))
		}
		assert.Equal(t, crit, h.Critical())
	})
}

// FuzzVerifySigned checks Verify on tokens whose header and payload are
// arbitrary but whose signature is valid, so that the fuzzer reaches every
// step after the signature: an error never matches ErrSignature and
// matches exactly one category, with no token and an untouched
// destination; an accepted token's claims are what encoding/json reads
// from the payload, and its registered claims the values of exactly those
// names. Seeds: testdata/fuzz/FuzzVerifySigned.
func FuzzVerifySigned(f *testing.F) {
	f.Add(`{"alg":"HS256"}`, `{"exp":1700003600,"iss":"a","aud":["b"],"x":[1,{"y":null}]}`)
	f.Add(`{"alg":"HS256","crit":["urn:a"],"urn:a":1}`, `{"nbf":1699999999.5,"sub":"\u00e9"}`)
	f.Add(`{"alg":"HS256"}`, `{"exp":1700003600,"EXP":1}`)
	v := testVerifier(f, jwt.AllowMissingExpiration(), jwt.WithCritical("urn:a"))
	f.Fuzz(func(t *testing.T, header, payload string) {
		var claims map[string]any
		tok, err := v.Verify(context.Background(), rawToken(t, header, payload), &claims)
		if err != nil {
			assert.Nil(t, tok)
			assert.Nil(t, claims)
			assert.NotErrorIs(t, err, jwt.ErrSignature)
			assert.Len(t, categoriesOf(err), 1, "%v", err)
			return
		}
		dec := json.NewDecoder(strings.NewReader(payload))
		dec.UseNumber()
		var want map[string]any
		require.NoError(t, dec.Decode(&want))
		_, err = dec.Token()
		require.ErrorIs(t, err, io.EOF, "nothing after the payload's object")
		assert.Equal(t, want, claims)
		assert.Equal(t, payload, string(tok.Payload()))

		c := tok.Claims()
		for name, got := range map[string]string{"iss": c.Issuer, "sub": c.Subject, "jti": c.ID} {
			s, _ := want[name].(string)
			assert.Equal(t, s, got, name)
		}
		if _, ok := want["exp"]; ok {
			assert.True(t, c.ExpiresAt.After(testNow), "accepted at or after exp")
		}
		if _, ok := want["nbf"]; ok {
			assert.False(t, c.NotBefore.After(testNow), "accepted before nbf")
		}
	})
}

// categories lists the category errors of package jwt.
var categories = []error{
	jwt.ErrTooLarge, jwt.ErrMalformed, jwt.ErrAlgorithm, jwt.ErrKeyNotFound,
	jwt.ErrCritical, jwt.ErrType, jwt.ErrSignature, jwt.ErrInvalidClaim,
	jwt.ErrMissingClaim, jwt.ErrExpired, jwt.ErrNotYetValid, jwt.ErrIssuedAt,
	jwt.ErrIssuer, jwt.ErrAudience, jwt.ErrSubject, jwt.ErrInvalidArgument,
}

// categoriesOf returns the category errors err matches.
func categoriesOf(err error) []error {
	var matched []error
	for _, c := range categories {
		if errors.Is(err, c) {
			matched = append(matched, c)
		}
	}
	return matched
}

// objectMembers reads a JSON object with encoding/json and returns its
// member names in order and their values.
func objectMembers(t *testing.T, obj string) ([]string, map[string]json.RawMessage) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(obj))
	tok, err := dec.Token()
	require.NoError(t, err)
	require.Equal(t, json.Delim('{'), tok)
	var names []string
	values := map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		require.NoError(t, err)
		name := tok.(string)
		var v json.RawMessage
		require.NoError(t, dec.Decode(&v))
		names = append(names, name)
		values[name] = v
	}
	tok, err = dec.Token()
	require.NoError(t, err)
	require.Equal(t, json.Delim('}'), tok)
	_, err = dec.Token()
	require.ErrorIs(t, err, io.EOF, "nothing after the object")
	return names, values
}

// stringValue returns the JSON string values[name], or "" when absent.
func stringValue(t *testing.T, values map[string]json.RawMessage, name string) string {
	t.Helper()
	var s string
	if v, ok := values[name]; ok {
		require.NoError(t, json.Unmarshal(v, &s), name)
	}
	return s
}

func compactJSON(t *testing.T, v json.RawMessage) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, json.Compact(&b, v))
	return b.String()
}
