package jwt

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt/internal/strictjson"
)

// FuzzClaims checks the payload scanner against encoding/json: whatever it
// accepts, encoding/json accepts too, and the members left for
// encoding/json when the destination embeds RegisteredClaims are exactly
// the members that are not registered claims.
func FuzzClaims(f *testing.F) {
	for _, seed := range []string{
		`{}`, `{"exp":1}`, `{"a":1}`, `{"iss":"a","scope":"s","exp":2}`,
		`{"a":1,"iss":"x","b":[1,{"c":null}]}`, `{"iss":"x"}`, " {\r\n\"exp\" : 1 ,\"x\":\"\\u00e9\" } ",
		`{"aud":["a","b"],"jti":"\ud83d\ude00","x":true}`, `{"exp":1,"exp":2}`, `{"a":1,"A":2}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, payload string) {
		tok := Token{payload: payload}
		cs, err := parseClaims(&tok, nil)
		if err != nil {
			return
		}
		var all map[string]json.RawMessage
		require.NoError(t, json.Unmarshal([]byte(payload), &all), "scanner accepted %q", payload)
		for _, name := range registeredNames {
			delete(all, name)
		}
		others := withoutRegistered(nil, payload, &cs)
		var rest map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(others, &rest), "filtered %q to %q", payload, others)
		assert.Equal(t, len(all), len(rest))
		for name, value := range all {
			assert.Equal(t, compact(t, value), compact(t, rest[name]), name)
		}
		assert.Equal(t, len(all) > 0, cs.others)
	})
}

// compact returns v without insignificant whitespace. Unlike JSONEq it
// does not decode numbers, which may be out of float64's range.
func compact(t *testing.T, v json.RawMessage) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, json.Compact(&b, v))
	return b.String()
}

// TestNumericDateFastPath checks that reading a date through the integer
// fast path gives what the general path gives, for numbers on both sides
// of its edges.
func TestNumericDateFastPath(t *testing.T) {
	t.Parallel()
	for _, num := range []string{
		"1700000000", "1", "9", "0", "-1", "-1700000000", "1700000000.5", "1.0",
		"17e8", "17E8", "1e+3", "253402300799", "253402300800", "999999999999999",
		"1000000000000000", "12345678901234567890", "1700000000,", "1700000000}",
	} {
		t.Run(num, func(t *testing.T) {
			s := strictjson.Scanner{Data: num}
			got, err := readNumericDate(&s)
			ref := strictjson.Scanner{Data: num}
			text, refErr := ref.Number()
			var want NumericDate
			if refErr == nil {
				want, refErr = parseNumericDate(text)
			}
			assert.Equal(t, refErr, err)
			assert.True(t, want.Equal(got.Time), "%v != %v", want, got)
			if err == nil {
				assert.Equal(t, ref.Pos, s.Pos)
			}
		})
	}
}

// receiverKeeper has an UnmarshalJSON method on its pointer.
type receiverKeeper struct{ s string }

func (k *receiverKeeper) UnmarshalJSON(b []byte) error { return json.Unmarshal(b, &k.s) }

// TestFreshDestinations checks which destination types encoding/json must
// decode into a new value each time: those that hold, by value, a type
// with an unmarshaling method on its pointer, other than this package's.
func TestFreshDestinations(t *testing.T) {
	type typical struct {
		RegisteredClaims
		Scope string           `json:"scope"`
		Roles []string         `json:"roles"`
		When  NumericDate      `json:"when"`
		Aud   Audience         `json:"to"`
		Ptr   *receiverKeeper  `json:"ptr"`
		List  []receiverKeeper `json:"list"`
	}
	type byValue struct {
		RegisteredClaims
		K receiverKeeper `json:"k"`
	}
	type inArray struct {
		RegisteredClaims
		K [1]receiverKeeper `json:"k"`
	}
	type withTime struct {
		RegisteredClaims
		At time.Time `json:"at"`
	}
	for typ, fresh := range map[reflect.Type]bool{
		reflect.TypeFor[typical]():          false,
		reflect.TypeFor[RegisteredClaims](): false,
		reflect.TypeFor[map[string]any]():   false,
		reflect.TypeFor[byValue]():          true,
		reflect.TypeFor[inArray]():          true,
		reflect.TypeFor[withTime]():         true,
	} {
		assert.Equal(t, fresh, factsOf(typ).fresh, "%v", typ)
	}
}
