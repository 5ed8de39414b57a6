package jwt

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"

	"github.com/jotgo/jwt/internal/strictjson"
)

// Most claims types hold, besides RegisteredClaims, a few strings, numbers
// and lists of strings. For those, Verify fills the fields itself from the
// validated payload, at a tenth of what encoding/json spends, and with the
// same result: a fieldPlan covers only the types and values on which the
// two cannot differ, and hands anything else to encoding/json.

// A fieldPlan lists the fields that Verify fills without encoding/json in
// a destination type that embeds RegisteredClaims (see planFields).
type fieldPlan struct {
	fields []planField

	// names has the member name of each field, in the same order, for
	// the case-insensitive matching that encoding/json would do.
	names []string
}

// A planField is one field of a fieldPlan: the member called name goes
// into the field at index, of the given kind, or into a slice of elements
// of that kind when list is set.
type planField struct {
	name  string
	index int
	kind  reflect.Kind
	list  bool
}

var jsonNumberType = reflect.TypeFor[json.Number]()

// planFields returns the fieldPlan of t, or nil when encoding/json must
// decode its fields. t must be a struct that embeds RegisteredClaims at
// index claims, where claimsIndex found it. The plan covers a type whose
// other exported fields are all of a plain kind, a boolean, an integer, a
// floating-point number or a string, or slices of one, with no json tag
// option but omitempty and omitzero and no method that encoding/json would
// call to decode them; whose member names, tagged or not, are letters,
// digits and a little punctuation; and no two of which are equal after
// case folding. Those are the fields that encoding/json decodes by the
// plain rules that fieldPlan.decode follows.
func planFields(t reflect.Type, claims []int) *fieldPlan {
	if len(claims) != 1 || unmarshals(t) {
		return nil
	}
	p := &fieldPlan{}
	for i := range t.NumField() {
		f := t.Field(i)
		if i == claims[0] {
			continue
		}
		if f.Anonymous {
			return nil
		}
		tag := f.Tag.Get("json")
		if !f.IsExported() || tag == "-" {
			continue
		}
		name, options, _ := strings.Cut(tag, ",")
		if !onlyOmitOptions(options) {
			return nil
		}
		if name == "" {
			name = f.Name
		}
		if !simpleName(name) || strictjson.FoldsToOneOf(name, p.names) ||
			isRegisteredName(name) {
			return nil
		}
		kind, list, ok := plainKind(f.Type)
		if !ok {
			return nil
		}
		p.fields = append(p.fields, planField{name: name, index: i, kind: kind, list: list})
		p.names = append(p.names, name)
	}
	return p
}

// plainKind returns the kind of t, or of its elements when t is a slice,
// when encoding/json decodes a t by the plain rules: no method of t or of
// its elements, no json.Number, and no []byte, which encoding/json reads
// from base64.
func plainKind(t reflect.Type) (kind reflect.Kind, list bool, ok bool) {
	if t.Kind() == reflect.Slice {
		if unmarshals(t) {
			return 0, false, false
		}
		t, list = t.Elem(), true
	}
	if unmarshals(t) || t == jsonNumberType {
		return 0, false, false
	}
	switch kind = t.Kind(); kind {
	case reflect.Uint8:
		return kind, list, !list
	case reflect.Bool, reflect.String,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return kind, list, true
	}
	return 0, false, false
}

// unmarshals reports whether encoding/json would decode a t with a method:
// UnmarshalJSON or UnmarshalText, on t or on its pointer.
func unmarshals(t reflect.Type) bool {
	p := reflect.PointerTo(t)
	return t.Implements(unmarshalerType) || p.Implements(unmarshalerType) ||
		t.Implements(textUnmarshalerType) || p.Implements(textUnmarshalerType)
}

// onlyOmitOptions reports whether a json tag's options are omitempty and
// omitzero at most, which play no part in decoding.
func onlyOmitOptions(options string) bool {
	for options != "" {
		var opt string
		opt, options, _ = strings.Cut(options, ",")
		if opt != "omitempty" && opt != "omitzero" {
			return false
		}
	}
	return true
}

// simpleName reports whether a member name is ASCII letters, digits and
// some of the punctuation that encoding/json allows in a tag, so that it
// names the field whatever the version of encoding/json.
func simpleName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("_-.:/@+$#", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// decode fills v, a zero value of the plan's type, from payload, whose JSON
// parseClaims has checked. The registered members, at spans, are skipped.
// It reports false as soon as it meets a member that encoding/json might
// decode otherwise: a name that matches a field only when case is ignored,
// a value of another JSON type than the field's, a number out of the
// field's range. v then holds part of the claims, and the caller must
// zero it and hand the payload to encoding/json.
func (p *fieldPlan) decode(v reflect.Value, payload string, spans []span) bool {
	s := strictjson.Scanner{Data: payload}
	if s.OpenObject() != nil {
		return false
	}
	for first := true; ; first = false {
		name, more, err := s.Member(first)
		if err != nil {
			return false
		}
		if !more {
			return s.End() == nil
		}
		if len(spans) > 0 && s.Mark() == spans[0].start {
			s.Pos = spans[0].end
			spans = spans[1:]
			continue
		}
		f := p.field(name)
		if f == nil {
			if strictjson.FoldsToOneOf(name, p.names) || s.Value() != nil {
				return false
			}
			continue
		}
		if !f.decode(&s, v.Field(f.index)) {
			return false
		}
	}
}

func (p *fieldPlan) field(name string) *planField {
	for i := range p.fields {
		if p.fields[i].name == name {
			return &p.fields[i]
		}
	}
	return nil
}

// decode reads the value at s.Pos into v, the field, as encoding/json would
// into a zero field. null leaves the field zero.
func (f *planField) decode(s *strictjson.Scanner, v reflect.Value) bool {
	if s.Peek() == 'n' {
		return s.Value() == nil
	}
	if !f.list {
		return decodeScalar(s, v, f.kind)
	}
	if s.Peek() != '[' {
		return false
	}
	// The elements are counted first, so that the slice is made once.
	start, n := s.Pos, 0
	if s.Array(func() error { n++; return s.Value() }) != nil {
		return false
	}
	end := s.Pos
	v.Set(reflect.MakeSlice(v.Type(), n, n))
	if n == 0 {
		return true
	}
	s.Pos, n = start, 0
	ok := true
	if err := s.Array(func() error {
		if s.Peek() == 'n' {
			n++
			return s.Value()
		}
		if ok = decodeScalar(s, v.Index(n), f.kind); !ok {
			return strictjson.ErrWrongType
		}
		n++
		return nil
	}); err != nil || s.Pos != end {
		return false
	}
	return ok
}

// decodeScalar reads the value at s.Pos, which is not null, into v, of the
// given kind, as encoding/json does: a string only into a string, true and
// false only into a boolean, and a number only into a number that holds
// it, integers only as integers.
func decodeScalar(s *strictjson.Scanner, v reflect.Value, kind reflect.Kind) bool {
	c := s.Peek()
	switch kind {
	case reflect.String:
		if c != '"' {
			return false
		}
		str, err := s.StringValue()
		if err != nil {
			return false
		}
		v.SetString(str)
		return true
	case reflect.Bool:
		if c != 't' && c != 'f' || s.Value() != nil {
			return false
		}
		v.SetBool(c == 't')
		return true
	}
	if c != '-' && (c < '0' || c > '9') {
		return false
	}
	num, err := s.Number()
	if err != nil {
		return false
	}
	switch kind {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(num, 10, 64)
		if err != nil || v.OverflowInt(n) {
			return false
		}
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Uintptr:
		n, err := strconv.ParseUint(num, 10, 64)
		if err != nil || v.OverflowUint(n) {
			return false
		}
		v.SetUint(n)
	case reflect.Float32, reflect.Float64:
		n, err := strconv.ParseFloat(num, v.Type().Bits())
		if err != nil || v.OverflowFloat(n) {
			return false
		}
		v.SetFloat(n)
	default:
		return false
	}
	return true
}
