package strictjson_test

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt/internal/strictjson"
)

// FuzzObject checks the scanner against encoding/json and bytes.EqualFold:
// it accepts exactly the objects that encoding/json reads, that are valid
// UTF-8, nest at most MaxDepth deep and have no two names in one object
// that bytes.EqualFold finds equal. Text with an escaped UTF-16 surrogate
// is only checked one way, as encoding/json reads a lone one as U+FFFD.
func FuzzObject(f *testing.F) {
	for _, seed := range []string{
		`{}`, ` {"a" : [1, 2.5e-3, true, null, {"b":"c"}] } `, `{"a":1,"A":2}`,
		`{"kid":1,"\u212aid":2}`, `{"s":1,"\u017f":2}`, `{"\u0130":1,"i":2}`,
		`{"a":"\ud83d\ude00"}`, `{"a":"\ud800"}`, `{"a":{"b":1,"b":2}}`, `[]`, `{"a":01}`,
		`{"a":` + strings.Repeat("[", 31) + strings.Repeat("]", 31) + `}`,
		`{"a":` + strings.Repeat("[", 32) + strings.Repeat("]", 32) + `}`,
		"{\"a\":\"\xff\"}", `{"a":1}x`, `{"a":"\u0000\n\"\\"}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data string) {
		got := readObject(data) == nil
		if got {
			require.True(t, reference(data), "scanner accepted %q", data)
			return
		}
		if !strings.Contains(strings.ToLower(data), `\ud`) {
			require.False(t, reference(data), "scanner refused %q", data)
		}
	})
}

// reference reports whether encoding/json reads data as one object with
// valid UTF-8, at most MaxDepth levels deep, and no two names in one object
// that bytes.EqualFold finds equal.
func reference(data string) bool {
	s := strings.TrimLeft(data, " \t\r\n")
	if !utf8.ValidString(data) || !json.Valid([]byte(data)) || s == "" || s[0] != '{' {
		return false
	}
	type frame struct {
		object, name bool
		names        []string
	}
	var stack []frame
	dec := json.NewDecoder(strings.NewReader(data))
	dec.UseNumber()
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return true
		}
		if err != nil {
			return false
		}
		top := len(stack) - 1
		if name, ok := tok.(string); ok && top >= 0 && stack[top].object && stack[top].name {
			for _, other := range stack[top].names {
				if bytes.EqualFold([]byte(other), []byte(name)) {
					return false
				}
			}
			stack[top].names = append(stack[top].names, name)
			stack[top].name = false
			continue
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			if len(stack) == strictjson.MaxDepth {
				return false
			}
			stack = append(stack, frame{object: tok == json.Delim('{'), name: true})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:top]
		}
		// A value has ended: in an object, a name comes next.
		if n := len(stack); n > 0 {
			stack[n-1].name = true
		}
	}
}
