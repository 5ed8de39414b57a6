package jwt

import (
	"errors"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// The scanner below reads a JOSE header or a JWT payload in one pass. It
// accepts only what RFC 8259 calls JSON text, and less: a single object,
// valid UTF-8 with no lone surrogate escapes, no two member names in one
// object that are equal or differ only by case, and at most maxDepth levels
// of nesting. Names are compared after the same case folding that
// encoding/json applies when it matches names to struct fields, so that no
// member can reach a field that a differently spelled member also reaches.

const (
	// maxDepth bounds the nesting of objects and arrays. Real claims
	// rarely go past three levels.
	maxDepth = 32

	// maxList bounds the "aud" and "crit" arrays.
	maxList = 64
)

var (
	errSyntax    = errors.New("invalid JSON")
	errUTF8      = errors.New("invalid UTF-8")
	errDuplicate = errors.New("duplicate member name")
	errDepth     = errors.New("JSON nested too deeply")
	errNotObject = errors.New("not a JSON object")
	errWrongType = errors.New("wrong JSON type")
	errTooLong   = errors.New("too many values")
)

// A scanner reads JSON text from data, starting at pos.
type scanner struct {
	data  string
	pos   int
	depth int

	// mark is where the name of the current member starts.
	mark int
}

// plain marks the bytes a JSON string may hold without further checks:
// printable ASCII other than the quote and the backslash.
var plain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// openObject reads the '{' that starts the top-level object.
func (s *scanner) openObject() error {
	s.space()
	if s.peek() != '{' {
		return errNotObject
	}
	return s.open()
}

// end checks that nothing but whitespace follows the top-level value.
func (s *scanner) end() error {
	s.space()
	if s.pos != len(s.data) {
		return errSyntax
	}
	return nil
}

// member reads up to the value of the next member of the current object
// and returns the member's name. It returns ok false, having read the
// closing brace, when the object has no more members. first says whether
// no member of this object has been read yet. The caller checks the name
// against the others of the object.
func (s *scanner) member(first bool) (name string, ok bool, err error) {
	s.space()
	c := s.peek()
	if c == '}' {
		s.pos++
		s.depth--
		return "", false, nil
	}
	if !first {
		if c != ',' {
			return "", false, errSyntax
		}
		s.pos++
		s.space()
		c = s.peek()
	}
	if c != '"' {
		return "", false, errSyntax
	}
	s.mark = s.pos
	if name, err = s.str(); err != nil {
		return "", false, err
	}
	s.space()
	if s.peek() != ':' {
		return "", false, errSyntax
	}
	s.pos++
	s.space()
	return name, true, nil
}

// value skips over the value that starts at pos, checking it.
func (s *scanner) value() error {
	switch c := s.peek(); c {
	case '"':
		_, _, err := s.stringToken()
		return err
	case '{':
		return s.object()
	case '[':
		return s.array(func() error { return s.value() })
	case 't':
		return s.literal("true")
	case 'f':
		return s.literal("false")
	case 'n':
		return s.literal("null")
	default:
		_, err := s.number()
		return err
	}
}

func (s *scanner) object() error {
	if err := s.open(); err != nil {
		return err
	}
	var names nameSet
	for first := true; ; first = false {
		name, ok, err := s.member(first)
		if err != nil || !ok {
			return err
		}
		if !names.add(name) {
			return errDuplicate
		}
		if err := s.value(); err != nil {
			return err
		}
	}
}

// array reads an array, calling elem for each element with pos at its
// first byte.
func (s *scanner) array(elem func() error) error {
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
		if err := elem(); err != nil {
			return err
		}
		s.space()
		switch s.peek() {
		case ',':
			s.pos++
		case ']':
			s.pos++
			s.depth--
			return nil
		default:
			return errSyntax
		}
	}
}

// stringMember reads a value that must be a string.
func (s *scanner) stringMember() (string, error) {
	if s.peek() != '"' {
		return "", errWrongType
	}
	return s.str()
}

// stringList reads a value that must be an array of at most maxList
// strings. An empty array gives an empty, non-nil slice.
func (s *scanner) stringList() ([]string, error) {
	if s.peek() != '[' {
		return nil, errWrongType
	}
	list := []string{}
	err := s.array(func() error {
		if len(list) == maxList {
			return errTooLong
		}
		v, err := s.stringMember()
		list = append(list, v)
		return err
	})
	return list, err
}

// open consumes the '{' or '[' at pos.
func (s *scanner) open() error {
	if s.depth == maxDepth {
		return errDepth
	}
	s.depth++
	s.pos++
	return nil
}

func (s *scanner) literal(lit string) error {
	if len(s.data)-s.pos < len(lit) || s.data[s.pos:s.pos+len(lit)] != lit {
		return errSyntax
	}
	s.pos += len(lit)
	return nil
}

// number reads a number and returns its text.
func (s *scanner) number() (string, error) {
	start := s.pos
	if s.peek() == '-' {
		s.pos++
	}
	switch c := s.peek(); {
	case c == '0':
		s.pos++
	case '1' <= c && c <= '9':
		s.digits()
	default:
		return "", errSyntax
	}
	if s.peek() == '.' {
		s.pos++
		if !s.digits() {
			return "", errSyntax
		}
	}
	if c := s.peek(); c == 'e' || c == 'E' {
		s.pos++
		if c := s.peek(); c == '+' || c == '-' {
			s.pos++
		}
		if !s.digits() {
			return "", errSyntax
		}
	}
	return s.data[start:s.pos], nil
}

// digits consumes a run of decimal digits and reports whether it was
// not empty.
func (s *scanner) digits() bool {
	data, i := s.data, s.pos
	for i < len(data) && '0' <= data[i] && data[i] <= '9' {
		i++
	}
	start := s.pos
	s.pos = i
	return i > start
}

// str reads a string and returns its value.
func (s *scanner) str() (string, error) {
	raw, escaped, err := s.stringToken()
	if err != nil || !escaped {
		return raw, err
	}
	return unescape(raw), nil
}

// stringToken reads the string that starts at pos and returns the text
// between its quotes, checked, and whether that text holds escapes.
func (s *scanner) stringToken() (raw string, escaped bool, err error) {
	// The position is kept in a local, which stays in a register through
	// the loop over the plain bytes; s.pos would be stored on every byte.
	data, i := s.data, s.pos+1
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
			s.pos = i + 1
			return data[start:i], escaped, nil
		case c == '\\':
			escaped = true
			s.pos = i
			if err := s.escape(); err != nil {
				return "", false, err
			}
			i = s.pos
		case c < 0x20:
			return "", false, errSyntax
		default:
			r, n := utf8.DecodeRuneInString(data[i:])
			if r == utf8.RuneError && n == 1 {
				return "", false, errUTF8
			}
			i += n
		}
	}
	return "", false, errSyntax
}

// escape checks the escape sequence at pos and moves past it. A \u escape
// of a UTF-16 surrogate must be half of a pair: encoding/json would turn a
// lone one into U+FFFD, a value the token never held.
func (s *scanner) escape() error {
	if s.pos+1 >= len(s.data) {
		return errSyntax
	}
	switch s.data[s.pos+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		s.pos += 2
		return nil
	case 'u':
	default:
		return errSyntax
	}
	r, ok := hex4(s.data[s.pos+2:])
	if !ok {
		return errSyntax
	}
	s.pos += 6
	if !utf16.IsSurrogate(r) {
		return nil
	}
	if r >= 0xdc00 || len(s.data)-s.pos < 6 || s.data[s.pos:s.pos+2] != `\u` {
		return errUTF8
	}
	r2, ok := hex4(s.data[s.pos+2:])
	if !ok || r2 < 0xdc00 || r2 > 0xdfff {
		return errUTF8
	}
	s.pos += 6
	return nil
}

func (s *scanner) space() {
	// Most JSON in tokens has no whitespace: one test settles that case.
	for s.pos < len(s.data) && s.data[s.pos] <= ' ' {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

func (s *scanner) peek() byte {
	if s.pos < len(s.data) {
		return s.data[s.pos]
	}
	return 0
}

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

// A nameSet holds the member names of one object and detects a name that
// folds to one already seen. The first names are kept in arrays, compared
// by hash first; past that a map of folded names keeps the cost linear.
type nameSet struct {
	count  int
	names  [12]string
	hashes [12]uint64
	folded map[string]struct{}
}

func (ns *nameSet) add(name string) bool {
	if ns.folded == nil {
		h := foldHash(name)
		for i := 0; i < ns.count; i++ {
			if ns.hashes[i] == h && foldEqual(ns.names[i], name) {
				return false
			}
		}
		if ns.count < len(ns.names) {
			ns.names[ns.count] = name
			ns.hashes[ns.count] = h
			ns.count++
			return true
		}
		ns.folded = make(map[string]struct{}, 2*len(ns.names))
		for _, n := range ns.names {
			ns.folded[string(appendFold(nil, n))] = struct{}{}
		}
	}
	key := string(appendFold(nil, name))
	if _, ok := ns.folded[key]; ok {
		return false
	}
	ns.folded[key] = struct{}{}
	ns.count++
	return true
}

// foldsToOneOf reports whether name, which is none of names, is equal to
// one of them after case folding. names are ASCII, so an ASCII name can
// only fold to one of its own length.
func foldsToOneOf(name string, names []string) bool {
	ascii := isASCII(name)
	for _, n := range names {
		if (!ascii || len(n) == len(name)) && foldEqual(name, n) {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldRune maps r to the smallest rune of its case-folding orbit, as
// encoding/json does before it compares a member name with a field name.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' {
			r -= 'a' - 'A'
		}
		return r
	}
	for {
		next := unicode.SimpleFold(r)
		if next <= r {
			return next
		}
		r = next
	}
}

// foldHash returns the FNV-1a hash of name after case folding, so that
// names that fold alike hash alike.
func foldHash(name string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for i := 0; i < len(name); {
		if c := name[i]; c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			h = (h ^ uint64(c)) * prime
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(name[i:])
		var buf [utf8.UTFMax]byte
		for _, c := range utf8.AppendRune(buf[:0], foldRune(r)) {
			h = (h ^ uint64(c)) * prime
		}
		i += n
	}
	return h
}

// foldEqual reports whether a and b are equal after case folding.
func foldEqual(a, b string) bool {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb && foldRune(ra) != foldRune(rb) {
			return false
		}
		a, b = a[na:], b[nb:]
	}
	return a == b
}

func appendFold(dst []byte, name string) []byte {
	for _, r := range name {
		dst = utf8.AppendRune(dst, foldRune(r))
	}
	return dst
}
