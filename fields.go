package jwt

import (
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jotgo/jwt/internal/strictjson"
)

// Most claims types hold, besides RegisteredClaims, a few strings, numbers
// and lists of strings. For those, Verify fills the fields itself from the
// validated payload, for a small part of what encoding/json spends, with the
// same result: a fieldPlan covers only the types and values on which the
// two cannot differ, and hands anything else to encoding/json. Sign writes
// such fields itself too, with a writePlan, byte for byte as json.Marshal
// would.

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
// index claims, where claimsIndex found it (so t has no UnmarshalJSON or
// UnmarshalText method of its own). The plan covers a type whose
// other exported fields are all of a plain kind, a boolean, an integer, a
// floating-point number or a string, or slices of one, with no json tag
// option but omitempty and omitzero and no method that encoding/json would
// call to decode them; whose member names, tagged or not, are letters,
// digits and a little punctuation; and no two of which are equal after
// case folding. Those are the fields that encoding/json decodes by the
// plain rules that fieldPlan.decode follows.
func planFields(t reflect.Type, claims []int) *fieldPlan {
	if len(claims) != 1 {
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
		if !f.IsExported() {
			continue
		}
		name, _, skip, ok := plainMember(f)
		if skip {
			continue
		}
		if !ok || strictjson.FoldsToOneOf(name, p.names) || isRegisteredName(name) {
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

// plainMember returns the name of the member that encoding/json reads and
// writes for f, an exported field, and the options of its json tag. skip
// reports a field that encoding/json ignores, and ok a simple name (see
// simpleName) and no option but omitempty and omitzero.
func plainMember(f reflect.StructField) (name, options string, skip, ok bool) {
	tag := f.Tag.Get("json")
	if tag == "-" {
		return "", "", true, false
	}
	name, options, _ = strings.Cut(tag, ",")
	if name == "" {
		name = f.Name
	}
	return name, options, false, simpleName(name) && onlyOmitOptions(options)
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
// parseClaims has checked into cs. It reports false as soon as it meets a
// member that encoding/json might decode otherwise: a name that matches a
// field only when case is ignored, a value of another JSON type than the
// field's, a number out of the field's range. v then holds part of the
// claims, and the caller must zero it and hand the payload to
// encoding/json.
func (p *fieldPlan) decode(v reflect.Value, payload string, cs *claimSet) bool {
	if cs.ncustom > len(cs.custom) {
		return p.decodeScan(v, payload, cs.spans[:cs.nspans])
	}
	return p.decodeMembers(v, payload, cs.custom[:cs.ncustom])
}

// decodeMembers fills v from the members that parseClaims listed, going
// straight to each value.
func (p *fieldPlan) decodeMembers(v reflect.Value, payload string, members []customMember) bool {
	s := strictjson.Scanner{Data: payload}
	for _, m := range members {
		f := p.field(m.name)
		if f == nil {
			if strictjson.FoldsToOneOf(m.name, p.names) {
				return false
			}
			continue
		}
		s.Pos = m.value
		if !f.decode(&s, v.Field(f.index)) {
			return false
		}
	}
	return true
}

// decodeScan fills v as decodeMembers does, reading the payload again to
// find the members, for a payload with more than parseClaims lists. The
// registered members, at spans, are skipped.
func (p *fieldPlan) decodeScan(v reflect.Value, payload string, spans []span) bool {
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
	if n == 0 {
		// [] is an empty slice, not nil.
		v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		return true
	}
	// v is a field of a value that can be addressed: growing it in place
	// allocates only the elements, where MakeSlice and Set would also
	// allocate the slice header that the reflect.Value holds. Zeroing it
	// first makes the elements new, so that a null element is zero.
	v.SetZero()
	v.Grow(n)
	v.SetLen(n)
	s.Pos = start
	i := 0
	err := s.Array(func() error {
		elem := v.Index(i)
		i++
		if s.Peek() == 'n' {
			return s.Value()
		}
		if !decodeScalar(s, elem, f.kind) {
			return strictjson.ErrWrongType
		}
		return nil
	})
	return err == nil && s.Pos == end
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

// A destination of type map[string]any or any receives the whole payload
// as encoding/json decodes it with UseNumber: objects as map[string]any,
// arrays as []any, numbers as json.Number, strings, booleans and nil.
// Those rules leave nothing to choose, so decodeGeneric builds the value
// itself from the payload that parseClaims has checked.

var (
	genericMapType = reflect.TypeFor[map[string]any]()
	anyType        = reflect.TypeFor[any]()
)

// decodeGeneric returns the value of the JSON object in payload, which
// parseClaims has checked, as encoding/json would decode it into an any with
// UseNumber. members is the number of members of the object, which
// parseClaims has counted, so that the map is made at its size.
func decodeGeneric(payload string, members int) (map[string]any, error) {
	s := strictjson.Scanner{Data: payload}
	m, err := decodeObject(&s, members)
	if err != nil {
		return nil, err
	}
	return m, s.End()
}

// decodeObject decodes the object at s.Pos, into a map made for size
// members.
func decodeObject(s *strictjson.Scanner, size int) (map[string]any, error) {
	if err := s.OpenObject(); err != nil {
		return nil, err
	}
	m := make(map[string]any, size)
	for first := true; ; first = false {
		name, more, err := s.Member(first)
		if err != nil || !more {
			return m, err
		}
		if m[name], err = decodeValue(s); err != nil {
			return nil, err
		}
	}
}

func decodeValue(s *strictjson.Scanner) (any, error) {
	switch c := s.Peek(); c {
	case '{':
		return decodeObject(s, 0)
	case '[':
		// The elements are gathered on the stack, so that the list is
		// made once, at its length: most lists in claims are short.
		var stack [8]any
		elems := stack[:0]
		err := s.Array(func() error {
			v, err := decodeValue(s)
			elems = append(elems, v)
			return err
		})
		if err != nil {
			return nil, err
		}
		return append([]any{}, elems...), nil
	case '"':
		return s.StringValue()
	case 't', 'f', 'n':
		if err := s.Value(); err != nil {
			return nil, err
		}
		switch c {
		case 't':
			return true, nil
		case 'f':
			return false, nil
		}
		return nil, nil
	}
	num, err := s.Number()
	return json.Number(num), err
}

// Sign writes a map[string]any of the usual JSON values itself, byte for
// byte as json.Marshal would: members sorted by name, strings escaped as
// appendJSONString escapes them, numbers as appendFloat and strconv write
// them. A value of any other type, a NaN or an infinity, a string that is
// not valid UTF-8, a json.Number that encoding/json would rewrite or
// refuse, or nesting deeper than maxGenericDepth sends the whole map to
// json.Marshal, which also finds cycles.

// maxGenericDepth is the nesting of maps and slices that appendGeneric
// writes. Claims are seldom nested more than two or three levels; a map
// that contains itself must reach json.Marshal, which reports the cycle,
// before it overflows the stack here.
const maxGenericDepth = 16

// appendGenericMap writes m as json.Marshal would, after b, and reports
// whether it could. On false the bytes after len(b) are unspecified.
func appendGenericMap(b []byte, m map[string]any, depth int) ([]byte, bool) {
	if m == nil {
		return append(b, "null"...), true
	}
	if depth >= maxGenericDepth {
		return b, false
	}
	var stack [16]string
	names := stack[:0]
	for name := range m {
		if !utf8.ValidString(name) {
			return b, false
		}
		names = append(names, name)
	}
	slices.Sort(names)
	b = append(b, '{')
	for i, name := range names {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(appendJSONString(b, name, true), ':')
		var ok bool
		if b, ok = appendGeneric(b, m[name], depth+1); !ok {
			return b, false
		}
	}
	return append(b, '}'), true
}

// appendGeneric writes v, a value of a map[string]any, as json.Marshal
// would, and reports whether it could.
func appendGeneric(b []byte, v any, depth int) ([]byte, bool) {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...), true
	case string:
		if !utf8.ValidString(v) {
			return b, false
		}
		return appendJSONString(b, v, true), true
	case bool:
		return strconv.AppendBool(b, v), true
	case float64:
		return appendFloat(b, v, 64)
	case float32:
		return appendFloat(b, float64(v), 32)
	case int:
		return strconv.AppendInt(b, int64(v), 10), true
	case int64:
		return strconv.AppendInt(b, v, 10), true
	case int32:
		return strconv.AppendInt(b, int64(v), 10), true
	case uint:
		return strconv.AppendUint(b, uint64(v), 10), true
	case uint64:
		return strconv.AppendUint(b, v, 10), true
	case uint32:
		return strconv.AppendUint(b, uint64(v), 10), true
	case json.Number:
		// encoding/json writes "" as 0 and refuses what is not a number.
		if !isJSONNumber(string(v)) {
			return b, false
		}
		return append(b, v...), true
	case map[string]any:
		return appendGenericMap(b, v, depth)
	case []any:
		return appendList(b, v, depth)
	case []string:
		return appendList(b, v, depth)
	}
	return b, false
}

// appendList writes list as a JSON array of its elements as appendGeneric
// writes them, and reports whether it could.
func appendList[E any](b []byte, list []E, depth int) ([]byte, bool) {
	if list == nil {
		return append(b, "null"...), true
	}
	if depth >= maxGenericDepth {
		return b, false
	}
	b = append(b, '[')
	for i, elem := range list {
		if i > 0 {
			b = append(b, ',')
		}
		var ok bool
		if b, ok = appendGeneric(b, elem, depth+1); !ok {
			return b, false
		}
	}
	return append(b, ']'), true
}

// isJSONNumber reports whether n is a number by the grammar of RFC 8259,
// which is what encoding/json writes a json.Number as, unchanged.
func isJSONNumber(n string) bool {
	s := strictjson.Scanner{Data: n}
	_, err := s.Number()
	return err == nil && s.Pos == len(n)
}

// A writeField is one field of a rest type (see claimsShape) that Sign
// writes without encoding/json: member is its name as it is written, with
// quotes and colon, and kind the kind of the field or of its elements.
type writeField struct {
	member    string
	index     int
	kind      reflect.Kind
	list      bool
	omitEmpty bool
	omitZero  bool
}

// writePlan returns the fields of rest, a flat rest type, that
// appendFields writes, or nil when encoding/json must write them: unless
// every field is a boolean, an integer, a floating-point number or a
// string, or a slice of one, but not []byte, of types with no methods at
// all (so no MarshalJSON, MarshalText or IsZero), under a simple name
// (see simpleName) with no tag option but omitempty and omitzero.
func writePlan(rest reflect.Type) []writeField {
	var fields []writeField
	for i := 1; i < rest.NumField(); i++ {
		f := rest.Field(i)
		name, options, skip, ok := plainMember(f)
		if skip {
			continue
		}
		kind, list, plain := plainKind(f.Type)
		if !ok || !plain || hasMethods(f.Type) || list && hasMethods(f.Type.Elem()) {
			return nil
		}
		fields = append(fields, writeField{
			member:    `"` + name + `":`,
			index:     i,
			kind:      kind,
			list:      list,
			omitEmpty: strings.Contains(","+options+",", ",omitempty,"),
			omitZero:  strings.Contains(","+options+",", ",omitzero,"),
		})
	}
	if fields == nil {
		fields = []writeField{}
	}
	return fields
}

func hasMethods(t reflect.Type) bool {
	return t.NumMethod() > 0 || reflect.PointerTo(t).NumMethod() > 0
}

// appendFields writes the fields of v, a value of a rest type, as members
// of the object that ends b, as json.Marshal writes them. empty says that
// the object has no member yet. It reports false, leaving b as it was, for
// a value that encoding/json refuses, a NaN or an infinity, and for a
// string that is not valid UTF-8, which versions of encoding/json write
// differently.
func appendFields(b []byte, v reflect.Value, fields []writeField, empty bool) ([]byte, bool) {
	caller, n := b, len(b)-1 // the closing brace
	b = b[:n]
	for i := range fields {
		f := &fields[i]
		fv := v.Field(f.index)
		if f.omitZero && fv.IsZero() || f.omitEmpty && isEmpty(fv) {
			continue
		}
		if !empty {
			b = append(b, ',')
		}
		empty = false
		b = append(b, f.member...)
		var ok bool
		if b, ok = f.appendValue(b, fv); !ok {
			// A comma may have replaced the brace in the caller's array.
			caller[n] = '}'
			return caller, false
		}
	}
	return append(b, '}'), true
}

// isEmpty is omitempty's test: a string or slice of length 0, or a
// boolean or number that reflect.Value.IsZero calls zero.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String, reflect.Slice:
		return v.Len() == 0
	}
	return v.IsZero()
}

func (f *writeField) appendValue(b []byte, v reflect.Value) ([]byte, bool) {
	if !f.list {
		return appendScalar(b, v, f.kind)
	}
	if v.IsNil() {
		return append(b, "null"...), true
	}
	b = append(b, '[')
	for i := range v.Len() {
		if i > 0 {
			b = append(b, ',')
		}
		var ok bool
		if b, ok = appendScalar(b, v.Index(i), f.kind); !ok {
			return b, false
		}
	}
	return append(b, ']'), true
}

func appendScalar(b []byte, v reflect.Value, kind reflect.Kind) ([]byte, bool) {
	switch kind {
	case reflect.String:
		s := v.String()
		if !utf8.ValidString(s) {
			return b, false
		}
		return appendJSONString(b, s, true), true
	case reflect.Bool:
		return strconv.AppendBool(b, v.Bool()), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(b, v.Int(), 10), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Uintptr:
		return strconv.AppendUint(b, v.Uint(), 10), true
	case reflect.Float32:
		return appendFloat(b, v.Float(), 32)
	case reflect.Float64:
		return appendFloat(b, v.Float(), 64)
	}
	return b, false
}

// appendFloat writes f as encoding/json does, which follows ECMAScript's
// Number.prototype.toString: the shortest decimal that reads back as f,
// without an exponent from 1e-6 up to 1e21, and with one outside that
// range, written with no leading zero (1e-7, not 1e-07). bits is 32 for a
// float32, whose range is then tested in float32. It reports false for a
// NaN or an infinity, which JSON cannot hold.
func appendFloat(b []byte, f float64, bits int) ([]byte, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return b, false
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 {
		small, large := abs < 1e-6, abs >= 1e21
		if bits == 32 {
			small, large = float32(abs) < 1e-6, float32(abs) >= 1e21
		}
		if small || large {
			format = 'e'
		}
	}
	b = strconv.AppendFloat(b, f, format, -1, bits)
	if format == 'e' {
		// strconv writes at least two digits of exponent: e-07 becomes e-7.
		if n := len(b); b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, true
}
