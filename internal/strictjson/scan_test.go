package strictjson_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt/internal/strictjson"
)

// TestNameSetLarge checks duplicate detection past the names the set keeps
// in arrays, where it switches to a map.
func TestNameSetLarge(t *testing.T) {
	t.Parallel()
	var members []string
	for i := range 40 {
		members = append(members, fmt.Sprintf(`"name%d":%d`, i, i))
	}
	for _, dup := range []string{`"name3":0`, `"NAME3":0`, `"name39":0`, `"Name25":0`} {
		obj := "{" + strings.Join(members, ",") + "," + dup + "}"
		s := strictjson.Scanner{Data: obj}
		require.ErrorIs(t, s.Value(), strictjson.ErrDuplicate, dup)
	}
	s := strictjson.Scanner{Data: "{" + strings.Join(members, ",") + "}"}
	require.NoError(t, s.Value())
}

// TestScannerRules checks the rules of the package doc on whole
// documents, read the way packages jwt and jwk read them.
func TestScannerRules(t *testing.T) {
	t.Parallel()
	deep := func(n int) string {
		return `{"a":` + strings.Repeat("[", n-1) + strings.Repeat("]", n-1) + "}"
	}
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"empty object", `{}`, nil},
		{"whitespace", " {\r\n\t\"a\" : [ 1 , 2 ] ,\"b\":{ } } ", nil},
		{"nesting", `{"a":[1,{"b":null,"c":[[]]}],"d":{"e":{}}}`, nil},
		{"escapes", `{"a":"\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"}`, nil},
		{"numbers", `{"a":-0,"b":0.5,"c":1e9,"d":-2.5E-3,"e":1E+2}`, nil},
		{"literals", `{"a":true,"b":false,"c":null}`, nil},
		{"dotted I and i", `{"\u0130":1,"i":2}`, nil},
		{"32 levels", deep(32), nil},
		{"33 levels", deep(33), strictjson.ErrDepth},
		{"no input", ``, strictjson.ErrNotObject},
		{"array", `[]`, strictjson.ErrNotObject},
		{"string", `"a"`, strictjson.ErrNotObject},
		{"trailing data", `{"a":1}x`, strictjson.ErrSyntax},
		{"two objects", `{}{}`, strictjson.ErrSyntax},
		{"trailing comma", `{"a":1,}`, strictjson.ErrSyntax},
		{"trailing comma in array", `{"a":[1,]}`, strictjson.ErrSyntax},
		{"no colon", `{"a" 1}`, strictjson.ErrSyntax},
		{"unterminated", `{"a":1`, strictjson.ErrSyntax},
		{"leading zero", `{"a":01}`, strictjson.ErrSyntax},
		{"bare fraction", `{"a":1.}`, strictjson.ErrSyntax},
		{"plus sign", `{"a":+1}`, strictjson.ErrSyntax},
		{"short literal", `{"a":tru}`, strictjson.ErrSyntax},
		{"control character", "{\"a\":\"\x01\"}", strictjson.ErrSyntax},
		{"bad escape", `{"a":"\x"}`, strictjson.ErrSyntax},
		{"short unicode escape", `{"a":"\u12"}`, strictjson.ErrSyntax},
		{"invalid UTF-8", "{\"a\":\"\xff\"}", strictjson.ErrUTF8},
		{"lone high surrogate", `{"a":"\ud800"}`, strictjson.ErrUTF8},
		{"lone low surrogate", `{"a":"\udc00"}`, strictjson.ErrUTF8},
		{"reversed surrogates", `{"a":"\udc00\ud800"}`, strictjson.ErrUTF8},
		{"duplicate", `{"a":1,"a":2}`, strictjson.ErrDuplicate},
		{"case variant", `{"kid":1,"KID":2}`, strictjson.ErrDuplicate},
		{"long s", `{"s":1,"\u017f":2}`, strictjson.ErrDuplicate},
		{"kelvin sign", "{\"k\":1,\"\u212a\":2}", strictjson.ErrDuplicate},
		{"escaped duplicate", `{"a":1,"\u0061":2}`, strictjson.ErrDuplicate},
		{"nested duplicate", `{"x":[{"k":1,"K":2}]}`, strictjson.ErrDuplicate},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			require.ErrorIs(t, readObject(tc.in), tc.want)
		})
	}
}

// readObject reads data as one object, checking its member names.
func readObject(data string) error {
	s := strictjson.Scanner{Data: data}
	if err := s.OpenObject(); err != nil {
		return err
	}
	var names strictjson.NameSet
	for first := true; ; first = false {
		name, ok, err := s.Member(first)
		if err != nil {
			return err
		}
		if !ok {
			return s.End()
		}
		if !names.Add(name) {
			return strictjson.ErrDuplicate
		}
		if err := s.Value(); err != nil {
			return err
		}
	}
}

// TestStringListWrongType checks that StringList leaves the scanner at the
// array when an element is not a string, as ErrWrongType promises, so that
// reading the whole value next tells a list of the wrong type from text
// that is not JSON.
func TestStringListWrongType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		then error
	}{
		{`["a",1]`, nil},
		{`[1,tru]`, strictjson.ErrSyntax},
		{`[1]]`, nil},
		{`[[[[1]]]]`, nil},
	}
	for _, tc := range tests {
		s := strictjson.Scanner{Data: tc.in}
		_, err := s.StringList()
		require.ErrorIs(t, err, strictjson.ErrWrongType, tc.in)
		require.Equal(t, 0, s.Pos, tc.in)
		require.ErrorIs(t, s.Value(), tc.then, tc.in)
	}
	s := strictjson.Scanner{Data: `[` + strings.Repeat(`"a",`, strictjson.MaxList) + `"a"]`}
	_, err := s.StringList()
	require.ErrorIs(t, err, strictjson.ErrTooLong)
}
