// Package strictjson reads JSON text strictly enough to base security
// decisions on it. Package jwt reads JOSE headers and JWT claims with it and
// package jwk reads keys, key sets and OpenID provider configurations, so
// that both apply exactly the same JSON rules. (Package jwt adds one of its
// own: a member whose name differs from a registered one only by case.)
//
// A [Scanner] accepts only what [RFC 8259] calls JSON text, and less:
//
//   - valid UTF-8, with no lone UTF-16 surrogate in a \u escape;
//   - no two member names in one object that are equal, or equal after
//     the case folding that encoding/json applies when it matches names to
//     struct fields (see [FoldEqual]);
//   - at most [MaxDepth] levels of nested objects and arrays;
//   - a single object at the top level, when read with
//     [Scanner.OpenObject] and [Scanner.End].
//
// The rules close the gaps through which two programs could read one token
// or key differently: encoding/json matches member names to struct fields
// ignoring case, keeps the last of two equal names and turns invalid UTF-8
// and lone surrogates into U+FFFD, a value the text never held. A Scanner
// reads in one pass over a string. It allocates for names and values that
// hold escapes, for the lists that [Scanner.StringList] returns and for
// the names of objects with more than a dozen members, where a round trip
// through encoding/json would cost a dozen allocations per token.
//
// The package is internal: its API serves packages jwt and jwk and changes
// with them.
//
// [RFC 8259]: https://www.rfc-editor.org/rfc/rfc8259
package strictjson

import (
	"errors"
	"unicode/utf16"
	"unicode/utf8"
)

const (
	// MaxDepth bounds the nesting of objects and arrays. Real claims
	// rarely go past three levels.
	MaxDepth = 32

	// MaxList bounds the arrays that [Scanner.StringList] reads, such as
	// the "aud" claim and the "crit" header.
	MaxList = 64
)

// The errors a Scanner returns. Their text has no package prefix: callers
// wrap them in errors of their own package.
var (
	// ErrSyntax reports text that is not JSON.
	ErrSyntax = errors.New("invalid JSON")

	// ErrUTF8 reports invalid UTF-8 in a string, or a \u escape of a
	// UTF-16 surrogate that is not half of a pair.
	ErrUTF8 = errors.New("invalid UTF-8")

	// ErrDuplicate reports a member name that is equal to another name of
	// the same object after case folding.
	ErrDuplicate = errors.New("duplicate member name")

	// ErrDepth reports objects and arrays nested deeper than MaxDepth.
	ErrDepth = errors.New("JSON nested too deeply")

	// ErrNotObject reports a top-level value that is not an object.
	ErrNotObject = errors.New("not a JSON object")

	// ErrWrongType reports a value of another type than the one asked
	// for. Pos is then still at the value.
	ErrWrongType = errors.New("wrong JSON type")

	// ErrTooLong reports an array of more than MaxList elements where a
	// list of strings was asked for.
	ErrTooLong = errors.New("too many values")
)

// A Scanner reads JSON text from Data, starting at Pos. Its methods that
// read a value expect Pos at the value's first byte, past any whitespace,
// and leave it just after the value. The zero Scanner with Data set reads
// Data from the start.
type Scanner struct {
	// Data is the JSON text.
	Data string

	// Pos is the offset in Data of the next byte to read. A caller that
	// reads a value by itself, as package jwt reads dates, moves Pos past
	// it.
	Pos int

	depth int

	// mark is where the name of the current member starts.
	mark int
}

// OpenObject reads the '{' that starts an object, the top-level one or one
// nested in it, after any whitespace, and returns ErrNotObject when there
// is none. [Scanner.Member] then reads the object's members.
func (s *Scanner) OpenObject() error {
	s.Space()
	if s.Peek() != '{' {
		return ErrNotObject
	}
	return s.open()
}

// End checks that nothing but whitespace follows the top-level value.
func (s *Scanner) End() error {
	s.Space()
	if s.Pos != len(s.Data) {
		return ErrSyntax
	}
	return nil
}

// Member reads up to the value of the next member of the current object
// and returns the member's name. It returns ok false, having read the
// closing brace, when the object has no more members. first says whether
// no member of this object has been read yet. The caller checks the name
// against the others of the object, with a [NameSet], and then reads the
// value.
func (s *Scanner) Member(first bool) (name string, ok bool, err error) {
	s.Space()
	c := s.Peek()
	if c == '}' {
		s.Pos++
		s.depth--
		return "", false, nil
	}
	if !first {
		if c != ',' {
			return "", false, ErrSyntax
		}
		s.Pos++
		s.Space()
		c = s.Peek()
	}
	if c != '"' {
		return "", false, ErrSyntax
	}
	s.mark = s.Pos
	if name, err = s.str(); err != nil {
		return "", false, err
	}
	s.Space()
	if s.Peek() != ':' {
		return "", false, ErrSyntax
	}
	s.Pos++
	s.Space()
	return name, true, nil
}

// Mark returns the offset in Data of the opening quote of the name that
// Member read last.
func (s *Scanner) Mark() int { return s.mark }

// Value skips over the value that starts at Pos, checking it.
func (s *Scanner) Value() error {
	switch c := s.Peek(); c {
	case '"':
		_, _, err := s.stringToken()
		return err
	case '{':
		return s.Object()
	case '[':
		return s.Array(func() error { return s.Value() })
	case 't':
		return s.literal("true")
	case 'f':
		return s.literal("false")
	case 'n':
		return s.literal("null")
	default:
		_, err := s.Number()
		return err
	}
}

// Object skips over the object that starts at Pos, checking it.
func (s *Scanner) Object() error {
	if err := s.open(); err != nil {
		return err
	}
	var names NameSet
	for first := true; ; first = false {
		name, ok, err := s.Member(first)
		if err != nil || !ok {
			return err
		}
		if !names.Add(name) {
			return ErrDuplicate
		}
		if err := s.Value(); err != nil {
			return err
		}
	}
}

// Array reads the array that starts at Pos, calling elem for each element
// with Pos at its first byte. elem must read the element.
func (s *Scanner) Array(elem func() error) error {
	if err := s.open(); err != nil {
		return err
	}
	s.Space()
	if s.Peek() == ']' {
		s.Pos++
		s.depth--
		return nil
	}
	for {
		s.Space()
		if err := elem(); err != nil {
			return err
		}
		s.Space()
		switch s.Peek() {
		case ',':
			s.Pos++
		case ']':
			s.Pos++
			s.depth--
			return nil
		default:
			return ErrSyntax
		}
	}
}

// StringValue reads a value that must be a string and returns the string.
func (s *Scanner) StringValue() (string, error) {
	if s.Peek() != '"' {
		return "", ErrWrongType
	}
	return s.str()
}

// StringList reads a value that must be an array of at most MaxList
// strings. An empty array gives an empty, non-nil slice.
func (s *Scanner) StringList() ([]string, error) {
	if s.Peek() != '[' {
		return nil, ErrWrongType
	}
	start, depth := s.Pos, s.depth
	list := []string{}
	err := s.Array(func() error {
		if len(list) == MaxList {
			return ErrTooLong
		}
		v, err := s.StringValue()
		list = append(list, v)
		return err
	})
	if err == ErrWrongType {
		// An element of another type: go back to the array, so that the
		// caller can tell a list of the wrong type from text that is not
		// JSON by reading the whole value.
		s.Pos, s.depth = start, depth
	}
	return list, err
}

// Number reads a number and returns its text.
func (s *Scanner) Number() (string, error) {
	start := s.Pos
	if s.Peek() == '-' {
		s.Pos++
	}
	switch c := s.Peek(); {
	case c == '0':
		s.Pos++
	case '1' <= c && c <= '9':
		s.digits()
	default:
		return "", ErrSyntax
	}
	if s.Peek() == '.' {
		s.Pos++
		if !s.digits() {
			return "", ErrSyntax
		}
	}
	if c := s.Peek(); c == 'e' || c == 'E' {
		s.Pos++
		if c := s.Peek(); c == '+' || c == '-' {
			s.Pos++
		}
		if !s.digits() {
			return "", ErrSyntax
		}
	}
	return s.Data[start:s.Pos], nil
}

// Space moves Pos past any whitespace.
func (s *Scanner) Space() {
	// Most JSON in tokens has no whitespace: one test settles that case.
	for s.Pos < len(s.Data) && s.Data[s.Pos] <= ' ' {
		switch s.Data[s.Pos] {
		case ' ', '\t', '\n', '\r':
			s.Pos++
		default:
			return
		}
	}
}

// Peek returns the byte at Pos, or 0 at the end of Data.
func (s *Scanner) Peek() byte {
	if s.Pos < len(s.Data) {
		return s.Data[s.Pos]
	}
	return 0
}

// open consumes the '{' or '[' at Pos.
func (s *Scanner) open() error {
	if s.depth == MaxDepth {
		return ErrDepth
	}
	s.depth++
	s.Pos++
	return nil
}

func (s *Scanner) literal(lit string) error {
	if len(s.Data)-s.Pos < len(lit) || s.Data[s.Pos:s.Pos+len(lit)] != lit {
		return ErrSyntax
	}
	s.Pos += len(lit)
	return nil
}

// digits consumes a run of decimal digits and reports whether it was
// not empty.
func (s *Scanner) digits() bool {
	data, i := s.Data, s.Pos
	for i < len(data) && '0' <= data[i] && data[i] <= '9' {
		i++
	}
	start := s.Pos
	s.Pos = i
	return i > start
}

// str reads a string and returns its value.
func (s *Scanner) str() (string, error) {
	raw, escaped, err := s.stringToken()
	if err != nil || !escaped {
		return raw, err
	}
	return unescape(raw), nil
}

// stringToken reads the string that starts at Pos and returns the text
// between its quotes, checked, and whether that text holds escapes.
func (s *Scanner) stringToken() (raw string, escaped bool, err error) {
	// The position is kept in a local, which stays in a register through
	// the loop over the plain bytes; s.Pos would be stored on every byte.
	data, i := s.Data, s.Pos+1
	start := i
	for i < len(data) {
		for i < len(data) && plain[data[i]] {
			i++
		}
		if i == len(data) {
			break
		}
		switch c := data[i]; {
		case c == '"':
			s.Pos = i + 1
			return data[start:i], escaped, nil
		case c == '\\':
			escaped = true
			s.Pos = i
			if err := s.escape(); err != nil {
				return "", false, err
			}
			i = s.Pos
		case c < 0x20:
			return "", false, ErrSyntax
		default:
			r, n := utf8.DecodeRuneInString(data[i:])
			if r == utf8.RuneError && n == 1 {
				return "", false, ErrUTF8
			}
			i += n
		}
	}
	return "", false, ErrSyntax
}

// escape checks the escape sequence at Pos and moves past it. A \u escape
// of a UTF-16 surrogate must be half of a pair: encoding/json would turn a
// lone one into U+FFFD, a value the token never held.
func (s *Scanner) escape() error {
	if s.Pos+1 >= len(s.Data) {
		return ErrSyntax
	}
	switch s.Data[s.Pos+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		s.Pos += 2
		return nil
	case 'u':
	default:
		return ErrSyntax
	}
	r, ok := hex4(s.Data[s.Pos+2:])
	if !ok {
		return ErrSyntax
	}
	s.Pos += 6
	if !utf16.IsSurrogate(r) {
		return nil
	}
	if r >= 0xdc00 || len(s.Data)-s.Pos < 6 || s.Data[s.Pos:s.Pos+2] != `\u` {
		return ErrUTF8
	}
	r2, ok := hex4(s.Data[s.Pos+2:])
	if !ok || r2 < 0xdc00 || r2 > 0xdfff {
		return ErrUTF8
	}
	s.Pos += 6
	return nil
}

// IsPlain reports whether a JSON string may hold the byte c as it is,
// with no check beyond the byte itself: printable ASCII other than the
// quote and the backslash.
func IsPlain(c byte) bool { return plain[c] }

// plain marks the bytes a JSON string may hold without further checks.
var plain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// hex4 decodes the four hexadecimal digits at the start of s.
func hex4(s string) (rune, bool) {
	if len(s) < 4 {
		return 0, false
	}
	var r rune
	for i := 0; i < 4; i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// unescape returns the value of a string whose raw text stringToken has
// already checked.
func unescape(raw string) string {
	b := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); {
		if raw[i] != '\\' {
			b = append(b, raw[i])
			i++
			continue
		}
		c := raw[i+1]
		i += 2
		switch c {
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, _ := hex4(raw[i:])
			i += 4
			if utf16.IsSurrogate(r) {
				r2, _ := hex4(raw[i+2:])
				r = utf16.DecodeRune(r, r2)
				i += 6
			}
			b = utf8.AppendRune(b, r)
		default:
			b = append(b, c)
		}
	}
	return string(b)
}
