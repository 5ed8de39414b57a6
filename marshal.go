package jwt

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/jotgo/jwt/internal/strictjson"
)

// marshalClaims encodes claims as a JSON object, checked as Verify would.
func marshalClaims(b []byte, claims any) ([]byte, error) {
	switch c := claims.(type) {
	case RegisteredClaims:
		return appendRegistered(b, &c, false)
	case *RegisteredClaims:
		if c != nil {
			return appendRegistered(b, c, false)
		}
	}
	if payload, ok, err := marshalEmbedding(b, claims); ok {
		return payload, err
	}
	if m, ok := claims.(map[string]any); ok {
		// Not b: escape analysis gives up on the recursive appendGeneric,
		// and b, an array on SignContext's stack, would move to the heap
		// for every type of claims.
		if payload, ok := appendGenericMap(make([]byte, 0, 512), m, 0); ok {
			if err := checkClaims(payload); err != nil {
				return nil, err
			}
			return payload, nil
		}
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return nil, fmt.Errorf("%w: claims: %w", ErrInvalidArgument, err)
	}
	if err := checkClaims(payload); err != nil {
		return nil, err
	}
	return payload, nil
}

// checkClaims refuses a payload that Verify would refuse as malformed.
func checkClaims(payload []byte) error {
	t := Token{payload: string(payload)}
	if _, err := parseClaims(&t, nil); err != nil {
		return fmt.Errorf("%w: claims would not verify: %v", ErrInvalidArgument, err)
	}
	return nil
}

// marshalEmbedding appends to b the bytes json.Marshal gives for claims
// when claims is a struct, or a pointer to one, whose first field embeds
// RegisteredClaims: the usual shape of custom claims. It writes the
// registered claims itself, sparing encoding/json four MarshalJSON calls
// and the compaction of their results, and has encoding/json encode the
// other fields; the two objects are then joined. When the type has a rest
// type (see claimsShape), marshalRest does that. Otherwise encoding/json
// encodes a copy of claims whose registered claims are zero, which their
// omitempty and omitzero options leave out. It reports false, having done
// nothing, for any value of a type for which the join could differ from
// json.Marshal (see claimsShape).
func marshalEmbedding(b []byte, claims any) ([]byte, bool, error) {
	v := reflect.ValueOf(claims)
	byPointer := v.Kind() == reflect.Pointer && !v.IsNil()
	if byPointer {
		v = v.Elem()
	}
	if !v.IsValid() {
		return nil, false, nil
	}
	shape := claimsShapeOf(v.Type())
	if !shape.fast || byPointer && shape.addressSensitive {
		// Given the caller's pointer, encoding/json calls methods with
		// pointers into the caller's value, which a method may keep; a
		// copy from a pool would hand them pointers into reused memory.
		return nil, false, nil
	}
	if shape.rest != nil {
		b, err := marshalRest(b, claims, v, &shape)
		return b, true, err
	}
	pool := scratchValues(v.Type())
	ptr := pool.Get()
	rest := reflect.ValueOf(ptr).Elem()
	defer func() {
		rest.SetZero()
		pool.Put(ptr)
	}()
	rest.Set(v)
	rc := rest.Field(0).Addr().Interface().(*RegisteredClaims)
	start := len(b)
	b, err := appendRegistered(b, rc, true)
	if err != nil {
		return nil, true, err
	}
	*rc = RegisteredClaims{}
	// encoding/json is given a copy it cannot take the address of, as
	// json.Marshal(claims) could not when claims is a value. It writes
	// the same for a pointer unless the type is address-sensitive, but it
	// then boxes each of the registered claims that it tests for omitzero:
	// the copy is cheaper. (A rest type has no such claims to test.)
	encoded, err := json.Marshal(rest.Interface())
	if err != nil {
		return nil, true, marshalError(claims, err)
	}
	b, err = joinChecked(b, start, encoded, false)
	return b, true, err
}

// marshalRest is marshalEmbedding for a type with a rest type (see
// claimsShape): the registered claims and the other fields of v are copied
// into a value of the rest type, whose registered claims encoding/json
// does not see, so that it encodes the other fields and nothing else.
func marshalRest(b []byte, claims any, v reflect.Value, shape *claimsShape) ([]byte, error) {
	pool := scratchValues(shape.rest)
	ptr := pool.Get()
	rest := reflect.ValueOf(ptr).Elem()
	defer func() {
		rest.SetZero()
		pool.Put(ptr)
	}()
	rest.Field(0).Set(v.Field(0))
	for j, i := range shape.fields {
		rest.Field(j + 1).Set(v.Field(i))
	}
	start := len(b)
	b, err := appendRegistered(b, rest.Field(0).Addr().Interface().(*RegisteredClaims), true)
	if err != nil {
		return nil, err
	}
	if shape.write != nil {
		if b, ok := appendFields(b, rest, shape.write, len(b)-start == 2); ok {
			return b, nil
		}
	}
	// A pointer spares boxing a copy, and encoding/json writes the same
	// for it unless the type is address-sensitive. Then claims came by
	// value (marshalEmbedding sends the others the general way), and
	// encoding/json is given a copy it cannot take the address of, as
	// json.Marshal(claims) could not.
	restValue := ptr
	if shape.addressSensitive {
		restValue = rest.Interface()
	}
	encoded, err := json.Marshal(restValue)
	if err != nil {
		return nil, marshalError(claims, err)
	}
	return joinChecked(b, start, encoded, shape.flat)
}

// marshalError returns the error for claims, a copy of which encoding/json
// refused. Such an error may point into the copy, which goes back to a
// pool (an UnsupportedValueError holds a reflect.Value), so the error
// returned is the one encoding/json gives for claims itself, which runs the
// claims' marshaling methods once more. Should encoding/json accept claims
// this time, the first error is kept as text only.
func marshalError(claims any, err error) error {
	if _, again := json.Marshal(claims); again != nil {
		return fmt.Errorf("%w: claims: %w", ErrInvalidArgument, again)
	}
	return fmt.Errorf("%w: claims: %v", ErrInvalidArgument, err)
}

// joinChecked appends the members of the object encoded, which
// encoding/json wrote, to the object that starts at b[start], after
// checking them as parseClaims would unless they are known to pass.
func joinChecked(b []byte, start int, encoded []byte, known bool) ([]byte, error) {
	if !known {
		if err := checkObject(string(encoded)); err != nil {
			return nil, fmt.Errorf("%w: claims would not verify: %v", ErrInvalidArgument,
				malformed("payload", err))
		}
	}
	return joinObjects(b, start, encoded), nil
}

// checkObject checks a JSON object as parseClaims does, which is enough
// when none of its members can be a registered claim.
func checkObject(data string) error {
	s := strictjson.Scanner{Data: data}
	s.Space()
	if s.Peek() != '{' {
		return strictjson.ErrNotObject
	}
	if err := s.Object(); err != nil {
		return err
	}
	return s.End()
}

// joinObjects appends the members of the object other to the object that
// starts at b[start], which is the last thing in b. json.Marshal writes
// structs without whitespace, so an empty object is exactly "{}".
func joinObjects(b []byte, start int, other []byte) []byte {
	switch {
	case len(other) == 2:
		return b
	case len(b)-start == 2:
		return append(b[:start], other...)
	}
	b[len(b)-1] = ','
	return append(b, other[1:]...)
}

// claimsShapes caches the claimsShape of each type.
var claimsShapes sync.Map

// A claimsShape is what marshalEmbedding needs to know about a type.
type claimsShape struct {
	// fast reports whether marshalEmbedding may encode the type: a struct
	// whose first field embeds RegisteredClaims with no json tag, so that
	// encoding/json writes the registered claims first and in their order;
	// which has no MarshalJSON or MarshalText method of its own or
	// promoted; and none of whose other fields, or of the fields of
	// structs it embeds, has a Go name or a json name that is a registered
	// claim's, in any case, so that no member of the rest can hide, or be
	// hidden by, a registered claim. This errs on the side of json.Marshal.
	fast bool

	// addressSensitive reports whether encoding/json may write a value of
	// the type differently from the value a pointer points to (see
	// addressSensitive).
	addressSensitive bool

	// rest, for a fast type none of whose other fields is embedded, is a
	// struct type with a RegisteredClaims field that encoding/json skips,
	// then the exported fields of the type that follow its embedded
	// RegisteredClaims, with their names, types and tags; fields has their
	// indexes in the type. encoding/json writes a rest value as it writes
	// those fields of the type, and spends nothing on seven absent claims.
	rest   reflect.Type
	fields []int

	// flat reports that encoding/json writes a rest value as an object that
	// parseClaims accepts, whatever the value: see flatFields.
	flat bool

	// write, when not nil, lists the fields of a flat rest type that
	// appendFields writes without encoding/json (see writePlan).
	write []writeField
}

func claimsShapeOf(t reflect.Type) claimsShape {
	if shape, found := claimsShapes.Load(t); found {
		return shape.(claimsShape)
	}
	shape := claimsShape{
		fast: t.Kind() == reflect.Struct && t.NumField() > 0 && embedsClaimsFirst(t) &&
			!hasMarshaler(t) && !namesRegistered(t, 1, 0),
		addressSensitive: addressSensitive(t, 0),
	}
	if shape.fast {
		shape.rest, shape.fields = restOf(t)
		shape.flat = shape.rest != nil && flatFields(shape.rest)
		if shape.flat {
			shape.write = writePlan(shape.rest)
		}
	}
	claimsShapes.Store(t, shape)
	return shape
}

// addressSensitive reports whether t, or a type that a t holds by value,
// has a MarshalJSON or MarshalText method on its pointer only.
// encoding/json calls such a method only when it can take the address, so
// it may write a value and the value a pointer points to differently. The
// elements of slices, and what pointers point to, are addressable either
// way; map values and the contents of interfaces never are. Deep types
// count as sensitive.
func addressSensitive(t reflect.Type, depth int) bool {
	return holdsByValue(t, depth, func(t reflect.Type) bool {
		p := reflect.PointerTo(t)
		return p.Implements(marshalerType) && !t.Implements(marshalerType) ||
			p.Implements(textMarshalerType) && !t.Implements(textMarshalerType)
	})
}

// holdsByValue reports whether match is true of t or of a type that a t
// holds by value: the fields of a struct, the elements of an array, and
// theirs in turn. Types deeper than 16 levels count as a match. The
// package's own claim types are not looked into: what their fields'
// methods do is known (NumericDate holds a time.Time, whose methods are
// never called through it).
func holdsByValue(t reflect.Type, depth int, match func(reflect.Type) bool) bool {
	if depth > 16 || match(t) {
		return true
	}
	if t == registeredClaimsType || t == numericDateType || t == audienceType {
		return false
	}
	switch t.Kind() {
	case reflect.Struct:
		for i := range t.NumField() {
			if holdsByValue(t.Field(i).Type, depth+1, match) {
				return true
			}
		}
	case reflect.Array:
		return holdsByValue(t.Elem(), depth+1, match)
	}
	return false
}

// restOf returns the rest type of t, a fast type (see claimsShape), and
// the indexes of its fields, or nil when a field after the first is
// embedded. encoding/json ignores unexported fields that are not embedded,
// and reflect.StructOf refuses them, so they are left out.
func restOf(t reflect.Type) (rest reflect.Type, index []int) {
	// reflect.StructOf panics on fields that no struct type could have.
	// These come from one, but should it still refuse one, Sign takes the
	// general way rather than panic.
	defer func() {
		if recover() != nil {
			rest, index = nil, nil
		}
	}()
	fields := []reflect.StructField{{
		Name: "RegisteredClaims", Type: registeredClaimsType, Tag: `json:"-"`,
	}}
	for i := 1; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			return nil, nil
		}
		if f.IsExported() {
			fields = append(fields, reflect.StructField{Name: f.Name, Type: f.Type, Tag: f.Tag})
			index = append(index, i)
		}
	}
	return reflect.StructOf(fields), index
}

// flatFields reports whether every value of the rest type t is written by
// encoding/json as an object that parseClaims accepts: each field a
// boolean, a number, a string, or a slice or array of them ([]byte is
// written as a string), none written by a method, so that the object has
// no nested object and is two levels deep at most; and no two fields with
// names, Go or json, that are equal after folding, so that no two members
// can be. namesRegistered has already ruled out the registered names.
// encoding/json makes every string valid UTF-8.
func flatFields(t reflect.Type) bool {
	var names [][2]string
	for i := 1; i < t.NumField(); i++ {
		f := t.Field(i)
		if !scalar(f.Type) {
			k := f.Type.Kind()
			if k != reflect.Slice && k != reflect.Array || hasMarshaler(f.Type) ||
				!scalar(f.Type.Elem()) {
				return false
			}
		}
		tag := f.Tag.Get("json")
		if !plainTag(tag) {
			return false
		}
		tagName, _, _ := strings.Cut(tag, ",")
		for _, other := range names {
			for _, a := range [...]string{f.Name, tagName} {
				if a == "" {
					continue
				}
				if strictjson.FoldEqual(a, other[0]) || strictjson.FoldEqual(a, other[1]) {
					return false
				}
			}
		}
		names = append(names, [2]string{f.Name, tagName})
	}
	return true
}

// plainTag reports whether a json tag has a name with no quote or
// backslash and no option but omitempty, omitzero and string. The rules
// that read member names from tags (namesRegistered, flatFields and
// claimsIndex) leave other fields to the general way: encoding/json as of
// Go 1.26 names a field with a quote in its tag by its Go name, but with
// GOEXPERIMENT=jsonv2 it reads 'name' as a quoted name, and its inline and
// unknown options spill a field's members into the enclosing object.
func plainTag(tag string) bool {
	name, opts, _ := strings.Cut(tag, ",")
	if strings.ContainsAny(name, "'\"\\") {
		return false
	}
	for opts != "" {
		var opt string
		opt, opts, _ = strings.Cut(opts, ",")
		switch opt {
		case "omitempty", "omitzero", "string":
		default:
			return false
		}
	}
	return true
}

// namedLikeRegistered reports whether the member encoding/json writes or
// reads for f could be a registered claim's, in any case.
func namedLikeRegistered(f reflect.StructField) bool {
	tag := f.Tag.Get("json")
	name, _, _ := strings.Cut(tag, ",")
	return isRegisteredName(f.Name) || isRegisteredName(name) || !plainTag(tag)
}

// scalar reports whether encoding/json writes a value of type t as a
// boolean, a number or a string, with no method of t's.
func scalar(t reflect.Type) bool {
	if hasMarshaler(t) {
		return false
	}
	switch t.Kind() {
	case reflect.Bool, reflect.String,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Uintptr, reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// embedsClaimsFirst reports whether the first field of t embeds
// RegisteredClaims, untagged, under an exported name. Embedded under an
// unexported alias, the field cannot be read through reflect.
func embedsClaimsFirst(t reflect.Type) bool {
	f := t.Field(0)
	_, tagged := f.Tag.Lookup("json")
	return f.Anonymous && f.IsExported() && f.Type == registeredClaimsType && !tagged
}

var (
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

func hasMarshaler(t reflect.Type) bool {
	p := reflect.PointerTo(t)
	return t.Implements(marshalerType) || p.Implements(marshalerType) ||
		t.Implements(textMarshalerType) || p.Implements(textMarshalerType)
}

// namesRegistered reports whether a field of t from index from on, or a
// field of a struct embedded there, may be named like a registered claim.
// Deep or recursive embedding counts as a yes.
func namesRegistered(t reflect.Type, from, depth int) bool {
	if depth > 8 {
		return true
	}
	for i := from; i < t.NumField(); i++ {
		f := t.Field(i)
		if namedLikeRegistered(f) {
			return true
		}
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if f.Anonymous && ft.Kind() == reflect.Struct && namesRegistered(ft, 0, depth+1) {
			return true
		}
	}
	return false
}

func isRegisteredName(name string) bool {
	for _, r := range registeredNames {
		if strictjson.FoldEqual(name, r) {
			return true
		}
	}
	return false
}

// appendRegistered writes c without reflection. With asJSON false it
// refuses strings that are not valid UTF-8; with asJSON true it writes
// exactly what json.Marshal writes for these fields of a struct that
// embeds c (see appendJSONString).
func appendRegistered(b []byte, c *RegisteredClaims, asJSON bool) ([]byte, error) {
	w := objectWriter{asJSON: asJSON}
	if c.Issuer != "" {
		b = w.stringMember(b, "iss", c.Issuer)
	}
	if c.Subject != "" {
		b = w.stringMember(b, "sub", c.Subject)
	}
	b = w.audience(b, c.Audience)
	b = w.date(b, "exp", c.ExpiresAt)
	b = w.date(b, "nbf", c.NotBefore)
	b = w.date(b, "iat", c.IssuedAt)
	if c.ID != "" {
		b = w.stringMember(b, "jti", c.ID)
	}
	return w.close(b)
}

// An objectWriter writes a JSON object member by member, and remembers the
// first problem, so that callers check once at the end. It is handed the
// slice to append to rather than holding it: a slice stored through a
// pointer escapes, and the callers' buffers are on their stacks.
type objectWriter struct {
	n   int
	err error

	// asJSON makes strings come out as json.Marshal writes them.
	asJSON bool
}

// member starts a member whose name is one of this package's own, which
// need no escaping.
func (w *objectWriter) member(b []byte, name string) []byte {
	b = append(w.next(b), '"')
	return append(append(b, name...), '"', ':')
}

// next starts the object or writes the comma before a member.
func (w *objectWriter) next(b []byte) []byte {
	w.n++
	if w.n == 1 {
		return append(b, '{')
	}
	return append(b, ',')
}

func (w *objectWriter) stringMember(b []byte, name, value string) []byte {
	return w.string(w.member(b, name), value)
}

// audience writes "aud" as Audience.MarshalJSON does: one audience as a
// string, more as an array. A list longer than Verify reads is refused.
func (w *objectWriter) audience(b []byte, aud Audience) []byte {
	switch len(aud) {
	case 0:
		return b
	case 1:
		return w.audienceString(w.member(b, "aud"), aud[0])
	}
	if len(aud) > strictjson.MaxList {
		w.err = fmt.Errorf("%w: aud has more than %d values", ErrInvalidArgument,
			strictjson.MaxList)
		return b
	}
	b = append(w.member(b, "aud"), '[')
	for i, v := range aud {
		if i > 0 {
			b = append(b, ',')
		}
		b = w.audienceString(b, v)
	}
	return append(b, ']')
}

// audienceString writes one audience. json.Marshal keeps the escapes of
// Audience.MarshalJSON, which refuses invalid UTF-8, and adds its HTML
// escaping.
func (w *objectWriter) audienceString(b []byte, s string) []byte {
	if !w.asJSON {
		return w.string(b, s)
	}
	if !utf8.ValidString(s) && w.err == nil {
		w.err = fmt.Errorf("%w: string is not valid UTF-8", ErrInvalidArgument)
	}
	return appendJSONString(b, s, false)
}

func (w *objectWriter) date(b []byte, name string, d NumericDate) []byte {
	if d.IsZero() {
		return b
	}
	sec := d.Unix()
	if sec < minNumericDate || sec > maxNumericDate {
		w.err = fmt.Errorf("%w: %s is out of range", ErrInvalidArgument, name)
		return b
	}
	return strconv.AppendInt(w.member(b, name), sec, 10)
}

func (w *objectWriter) string(b []byte, s string) []byte {
	if w.asJSON {
		return appendJSONString(b, s, true)
	}
	b, err := appendString(b, s)
	if err != nil && w.err == nil {
		w.err = err
	}
	return b
}

func (w *objectWriter) close(b []byte) ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	if w.n == 0 {
		b = append(b, '{')
	}
	return append(b, '}'), nil
}

const hexDigits = "0123456789abcdef"

// htmlSafe marks the bytes that json.Marshal copies into a string as they
// are: the plain ones (see strictjson.IsPlain) but <, > and &.
var htmlSafe = func() (t [256]bool) {
	for c := range t {
		t[c] = strictjson.IsPlain(byte(c)) && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendString writes s as a JSON string. It refuses invalid UTF-8, which
// encoding/json would silently replace.
func appendString(b []byte, s string) ([]byte, error) {
	if !utf8.ValidString(s) {
		return b, fmt.Errorf("%w: string is not valid UTF-8", ErrInvalidArgument)
	}
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; !strictjson.IsPlain(c) && c < utf8.RuneSelf {
			b = appendEscape(append(b, s[start:i]...), c, false)
			start = i + 1
		}
	}
	b = append(b, s[start:]...)
	return append(b, '"'), nil
}

// appendJSONString writes s as json.Marshal writes a string field: with
// invalid UTF-8 replaced by U+FFFD and with <, >, &, U+2028 and U+2029
// escaped. With short false, \b and \f are written as \u0008 and \u000c,
// as appendString writes them.
func appendJSONString(b []byte, s string, short bool) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		for i < len(s) && htmlSafe[s[i]] {
			i++
		}
		if i == len(s) {
			break
		}
		if c := s[i]; c < utf8.RuneSelf {
			b = appendEscape(append(b, s[start:i]...), c, short)
			i++
			start = i
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b = append(append(b, s[start:i]...), `\ufffd`...)
			start = i + n
		case r == '\u2028' || r == '\u2029':
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			start = i + n
		}
		i += n
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendEscape writes the escape of the ASCII byte c.
func appendEscape(b []byte, c byte, short bool) []byte {
	switch {
	case c == '"' || c == '\\':
		return append(b, '\\', c)
	case c == '\n':
		return append(b, '\\', 'n')
	case c == '\r':
		return append(b, '\\', 'r')
	case c == '\t':
		return append(b, '\\', 't')
	case short && c == '\b':
		return append(b, '\\', 'b')
	case short && c == '\f':
		return append(b, '\\', 'f')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
}
