package jwk

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"
)

// The scanner below reads a JWK, a JWK Set or an OpenID provider
// configuration. It accepts JSON text as RFC 8259 defines it, and less:
// one object, valid UTF-8 with no lone surrogate escapes, no two member
// names in one object that are equal or differ only by case, and at most
// maxDepth levels of nesting. Keys are read from the member list it
// returns, by exact name, never through encoding/json struct matching.

// maxDepth bounds the nesting of objects and arrays.
const maxDepth = 32

var (
	errSyntax    = errors.New("invalid JSON")
	errUTF8      = errors.New("invalid UTF-8")
	errDuplicate = errors.New("duplicate member name")
	errDepth     = errors.New("JSON nested too deeply")
	errNotObject = errors.New("not a JSON object")
)

// A member is one member of a JSON object: its name, the name as it was
// written, and the raw JSON text of its value.
type member struct {
	name    string
	rawName []byte
	value   []byte
}

// parseObject reads data, which must be one JSON object, and returns its
// members in order. The members share data's memory.
func parseObject(data []byte) ([]member, error) {
	if !utf8.Valid(data) {
		return nil, errUTF8
	}
	s := scanner{data: data}
	s.space()
	if s.peek() != '{' {
		return nil, errNotObject
	}
	ms, err := s.object(true)
	if err != nil {
		return nil, err
	}
	s.space()
	if s.pos != len(data) {
		return nil, errSyntax
	}
	return ms, nil
}

// parseArray reads raw, the JSON text of one value, as an array and
// returns the raw text of its elements. raw has been checked by
// parseObject already.
func parseArray(raw []byte) ([][]byte, bool) {
	s := scanner{data: raw}
	if s.peek() != '[' {
		return nil, false
	}
	var elems [][]byte
	err := s.array(func(start int) { elems = append(elems, raw[start:s.pos]) })
	return elems, err == nil
}

// A scanner reads JSON text from data, starting at pos.
type scanner struct {
	data  []byte
	pos   int
	depth int
}

// object reads an object. With collect it returns the object's members.
func (s *scanner) object(collect bool) ([]member, error) {
	if err := s.open(); err != nil {
		return nil, err
	}
	var ms []member
	seen := map[string]bool{}
	s.space()
	if s.peek() == '}' {
		s.pos++
		s.depth--
		return ms, nil
	}
	for {
		m, err := s.member(seen)
		if err != nil {
			return nil, err
		}
		if collect {
			ms = append(ms, m)
		}
		s.space()
		switch s.next() {
		case ',':
		case '}':
			s.depth--
			return ms, nil
		default:
			return nil, errSyntax
		}
	}
}

// member reads one "name": value member and records its name in seen.
func (s *scanner) member(seen map[string]bool) (member, error) {
	s.space()
	if s.peek() != '"' {
		return member{}, errSyntax
	}
	start := s.pos
	name, err := s.str()
	if err != nil {
		return member{}, err
	}
	// encoding/json matches names to struct fields ignoring case, so a
	// name that differs only by case could reach the same field in
	// another program reading this key.
	folded := strings.ToLower(name)
	if seen[folded] {
		return member{}, errDuplicate
	}
	seen[folded] = true
	m := member{name: name, rawName: s.data[start:s.pos]}
	s.space()
	if s.next() != ':' {
		return member{}, errSyntax
	}
	s.space()
	start = s.pos
	if err := s.value(); err != nil {
		return member{}, err
	}
	m.value = s.data[start:s.pos]
	return m, nil
}

// array reads an array, calling elem after each element with the
// position where the element starts.
func (s *scanner) array(elem func(start int)) error {
	if err := s.open(); err != nil {
		return err
	}
	s.space()
	if s.peek() == ']' {
		s.pos++
		s.depth--
		return nil
	}
	for {
		s.space()
		start := s.pos
		if err := s.value(); err != nil {
			return err
		}
		if elem != nil {
			elem(start)
		}
		s.space()
		switch s.next() {
		case ',':
		case ']':
			s.depth--
			return nil
		default:
			return errSyntax
		}
	}
}

func (s *scanner) open() error {
	s.pos++
	s.depth++
	if s.depth > maxDepth {
		return errDepth
	}
	return nil
}

func (s *scanner) value() error {
	switch c := s.peek(); {
	case c == '{':
		_, err := s.object(false)
		return err
	case c == '[':
		return s.array(nil)
	case c == '"':
		_, err := s.str()
		return err
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	case c == '-' || isDigit(c):
		return s.number()
	}
	return errSyntax
}

func (s *scanner) literal(lit string) error {
	if !bytes.HasPrefix(s.data[s.pos:], []byte(lit)) {
		return errSyntax
	}
	s.pos += len(lit)
	return nil
}

// number reads a number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *scanner) number() error {
	if s.peek() == '-' {
		s.pos++
	}
	switch {
	case s.peek() == '0':
		s.pos++
	case !s.digits():
		return errSyntax
	}
	if s.peek() == '.' {
		s.pos++
		if !s.digits() {
			return errSyntax
		}
	}
	if c := s.peek(); c == 'e' || c == 'E' {
		s.pos++
		if c := s.peek(); c == '+' || c == '-' {
			s.pos++
		}
		if !s.digits() {
			return errSyntax
		}
	}
	return nil
}

func (s *scanner) digits() bool {
	start := s.pos
	for isDigit(s.peek()) {
		s.pos++
	}
	return s.pos > start
}

// str reads a string and returns its value.
func (s *scanner) str() (string, error) {
	start := s.pos
	s.pos++
	escaped := false
	for {
		if s.pos >= len(s.data) {
			return "", errSyntax
		}
		switch c := s.data[s.pos]; {
		case c == '"':
			s.pos++
			return decodeString(s.data[start:s.pos], escaped)
		case c == '\\':
			escaped = true
			if err := s.escape(); err != nil {
				return "", err
			}
		case c < 0x20:
			return "", errSyntax
		default:
			s.pos++
		}
	}
}

// escape reads one escape sequence. A \u escape of a UTF-16 surrogate must
// be a high surrogate followed at once by a low one: encoding/json would
// silently turn a lone surrogate into U+FFFD.
func (s *scanner) escape() error {
	s.pos++
	switch s.next() {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return nil
	case 'u':
	default:
		return errSyntax
	}
	r, ok := s.hex4()
	switch {
	case !ok:
		return errSyntax
	case r >= 0xdc00 && r <= 0xdfff:
		return errUTF8
	case r < 0xd800 || r > 0xdbff:
		return nil
	}
	if s.next() != '\\' || s.next() != 'u' {
		return errUTF8
	}
	if r, ok = s.hex4(); !ok || r < 0xdc00 || r > 0xdfff {
		return errUTF8
	}
	return nil
}

func (s *scanner) hex4() (rune, bool) {
	if len(s.data)-s.pos < 4 {
		return 0, false
	}
	var r rune
	for _, c := range s.data[s.pos : s.pos+4] {
		var d byte
		switch {
		case isDigit(c):
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	s.pos += 4
	return r, true
}

func (s *scanner) space() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// peek returns the next byte, or 0 at the end of the data.
func (s *scanner) peek() byte {
	if s.pos < len(s.data) {
		return s.data[s.pos]
	}
	return 0
}

// next returns the next byte and moves past it.
func (s *scanner) next() byte {
	c := s.peek()
	s.pos++
	return c
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// decodeString returns the value of a string token that the scanner has
// checked. Tokens with escapes go through encoding/json, which now has
// nothing left to replace.
func decodeString(raw []byte, escaped bool) (string, error) {
	if !escaped {
		return string(raw[1 : len(raw)-1]), nil
	}
	var v string
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", errSyntax
	}
	return v, nil
}
