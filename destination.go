package jwt

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// A destination is where [Verifier.Verify] puts a token's claims. It is
// examined before the token, so that a programming error is reported
// without touching any key.
type destination struct {
	// claims is the destination's RegisteredClaims: the destination itself
	// or the field that claimsIndex finds. It is nil when there is none;
	// encoding/json then decodes every claim.
	claims *RegisteredClaims

	// value is what the destination points to, when encoding/json must
	// decode into it, and facts what this package knows of its type.
	value reflect.Value
	facts *typeFacts
}

// typeFacts is what Verify needs to know about a destination type, worked
// out the first time the type is seen.
type typeFacts struct {
	// claimsIndex leads to the RegisteredClaims to copy the registered
	// claims into (see claimsIndex).
	claimsIndex []int

	// fields, when not nil, fills the destination's other fields without
	// encoding/json (see planFields).
	fields *fieldPlan

	// fresh reports that encoding/json must decode into a new value each
	// time (see methodsOnAddress); values holds zero values to decode into
	// otherwise.
	fresh  bool
	values *sync.Pool
}

// destinationTypes caches the typeFacts of each destination type. Reading
// a sync.Map takes no lock.
var destinationTypes sync.Map

func factsOf(t reflect.Type) *typeFacts {
	if facts, ok := destinationTypes.Load(t); ok {
		return facts.(*typeFacts)
	}
	facts := &typeFacts{
		claimsIndex: claimsIndex(t),
		fresh:       holdsByValue(t, 0, methodsOnAddress),
		values:      scratchValues(t),
	}
	if facts.claimsIndex != nil {
		facts.fields = planFields(t, facts.claimsIndex)
	}
	found, _ := destinationTypes.LoadOrStore(t, facts)
	return found.(*typeFacts)
}

var (
	registeredClaimsType = reflect.TypeFor[RegisteredClaims]()
	numericDateType      = reflect.TypeFor[NumericDate]()
	audienceType         = reflect.TypeFor[Audience]()
)

func destinationOf(dst any) (destination, error) {
	if dst == nil {
		return destination{}, nil
	}
	if rc, ok := dst.(*RegisteredClaims); ok && rc != nil {
		return destination{claims: rc}, nil
	}
	p := reflect.ValueOf(dst)
	if p.Kind() != reflect.Pointer || p.IsNil() || !holdsObject(p.Type().Elem()) {
		return destination{}, fmt.Errorf(
			"%w: destination must be a non-nil pointer to a struct or a map", ErrInvalidArgument)
	}
	d := destination{value: p.Elem(), facts: factsOf(p.Type().Elem())}
	if index := d.facts.claimsIndex; index != nil {
		d.claims = d.value.FieldByIndex(index).Addr().Interface().(*RegisteredClaims)
	}
	return d, nil
}

// holdsObject reports whether encoding/json can decode a JSON object into a
// value of type t: a struct, a map, an interface, or a pointer to one.
func holdsObject(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map, reflect.Interface:
		return true
	}
	return false
}

// claimsIndex returns the index sequence, for reflect.Value.FieldByIndex,
// of the RegisteredClaims that t embeds by value and that encoding/json
// would fill from the registered claims. It returns nil when there is
// none, and whenever encoding/json might fill something else: when t
// embeds the claims twice, under an unexported alias, or through a pointer,
// or has another field that could be named like a registered claim (see
// claimsPaths), and when t has an UnmarshalJSON or UnmarshalText method of
// its own or promoted, which must see every member, as json.Unmarshal
// would give it. encoding/json then decodes the whole payload.
func claimsIndex(t reflect.Type) []int {
	if t.Kind() != reflect.Struct || unmarshals(t) {
		return nil
	}
	if paths, ok := claimsPaths(t, nil, nil, 0); ok && len(paths) == 1 {
		return paths[0]
	}
	return nil
}

// claimsPaths appends to paths the index sequence of each RegisteredClaims
// that t, a struct, embeds by value under an exported name without a json
// tag, directly or through structs it embeds that way; index leads to t.
// It reports false when t has a field that could make encoding/json fill
// other fields from the registered claims: one whose name, Go or json,
// folds to a registered claim's, one with a tag that encoding/json might
// read otherwise (see plainTag), an embedded pointer, claims embedded
// under an unexported alias, or embedding deeper than 8 levels.
func claimsPaths(t reflect.Type, index []int, paths [][]int, depth int) ([][]int, bool) {
	if depth > 8 {
		return nil, false
	}
	for i := range t.NumField() {
		f := t.Field(i)
		_, tagged := f.Tag.Lookup("json")
		embedded := f.Anonymous && !tagged
		switch {
		case embedded && f.Type == registeredClaimsType:
			if !f.IsExported() {
				return nil, false
			}
			paths = append(paths, append(slices.Clip(index), i))
		case namedLikeRegistered(f), embedded && f.Type.Kind() == reflect.Pointer:
			return nil, false
		case embedded && f.Type.Kind() == reflect.Struct:
			var ok bool
			if paths, ok = claimsPaths(f.Type, append(slices.Clip(index), i), paths,
				depth+1); !ok {
				return nil, false
			}
		}
	}
	return paths, true
}

// fill puts the claims of t, which have been validated, in the destination.
// The registered claims are copied rather than decoded again, and the
// type's fieldPlan or else encoding/json decodes only the other members;
// the copy comes last, so that nothing encoding/json matched
// case-insensitively can override it.
//
// encoding/json takes a byte slice, which is made for each token and never
// reused: an UnmarshalJSON or UnmarshalText method that keeps what it is
// given, against encoding/json's rules, must not come to hold another
// token's claims. (decode sees to the methods' receivers.)
func (d destination) fill(t *Token, cs *claimSet) error {
	switch {
	case !d.value.IsValid():
		if d.claims != nil {
			*d.claims = t.claimsCopy()
		}
		return nil
	case d.claims == nil:
		if typ := d.value.Type(); typ == genericMapType || typ == anyType {
			m, err := decodeGeneric(t.payload, cs.nspans+cs.ncustom)
			if err != nil {
				return malformed("payload", err)
			}
			d.value.Set(reflect.ValueOf(m))
			return nil
		}
		return d.decode([]byte(t.payload))
	case cs.others:
		if d.facts.fields != nil && d.decodeFields(t.payload, cs) {
			break
		}
		others := withoutRegistered(make([]byte, 0, len(t.payload)+2), t.payload, cs)
		if err := d.decode(others); err != nil {
			return err
		}
	default:
		d.value.SetZero()
	}
	*d.claims = t.claimsCopy()
	return nil
}

// decode replaces the destination's value with the one encoding/json
// decodes from data, leaving it untouched on error. Maps and interfaces,
// and pointers to them, receive numbers as json.Number, which loses no
// precision.
//
// encoding/json decodes into a zero value of the destination's type, which
// is copied to the destination on success. The value is taken from a pool
// and zeroed again before it goes back, so that it holds nothing of the
// token: that costs less than testing whether the destination is zero,
// and saves allocating a value when it is not. A type whose own
// UnmarshalJSON or UnmarshalText methods are given pointers into the value
// gets a new one each time instead (see methodsOnAddress).
func (d destination) decode(data []byte) (err error) {
	// A method of the destination's type that panics, as a method promoted
	// from a nil embedded interface or pointer does whatever the token,
	// must not take the server down with it. The panic's value, which may
	// quote the token, is left out of the error.
	defer func() {
		if recover() != nil {
			err = fmt.Errorf("%w: decoding the claims into %v panicked", ErrInvalidArgument,
				d.value.Type())
		}
	}()
	var ptr any
	if d.facts.fresh {
		ptr = reflect.New(d.value.Type()).Interface()
	} else {
		pool := d.facts.values
		ptr = pool.Get()
		defer func() {
			reflect.ValueOf(ptr).Elem().SetZero()
			pool.Put(ptr)
		}()
	}
	target := reflect.ValueOf(ptr).Elem()
	k := target.Kind()
	if k == reflect.Pointer {
		k = target.Type().Elem().Kind()
	}
	if k == reflect.Map || k == reflect.Interface {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		err = dec.Decode(ptr)
	} else {
		err = json.Unmarshal(data, ptr)
	}
	if err != nil {
		return decodeError(err)
	}
	d.value.Set(target)
	return nil
}

// decodeFields fills the destination's fields other than its registered
// claims from payload, with the type's fieldPlan, and reports whether it
// did. When the plan declines the payload, the destination is untouched
// and encoding/json must decode it. The fields are filled in a value from
// the pool, as decode does, which is copied to the destination at the end.
func (d destination) decodeFields(payload string, cs *claimSet) bool {
	pool := d.facts.values
	ptr := pool.Get()
	target := reflect.ValueOf(ptr).Elem()
	ok := d.facts.fields.decode(target, payload, cs)
	if ok {
		d.value.Set(target)
	}
	target.SetZero()
	pool.Put(ptr)
	return ok
}

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// methodsOnAddress reports whether the pointer to t has an UnmarshalJSON
// or UnmarshalText method that might keep its receiver: any but those of
// this package's NumericDate and Audience. When t or a type it holds by
// value has one (see holdsByValue), encoding/json would call it with a
// pointer into the value it decodes into, so that value must not be one
// that is reused.
func methodsOnAddress(t reflect.Type) bool {
	if t == numericDateType || t == audienceType {
		return false
	}
	p := reflect.PointerTo(t)
	return p.Implements(unmarshalerType) || p.Implements(textUnmarshalerType)
}

// scratchPools holds a *sync.Pool of zero values, as pointers, for each
// destination type. sync.Pool keeps values per processor, so verifications
// on different cores do not contend for them.
var scratchPools sync.Map

func scratchValues(t reflect.Type) *sync.Pool {
	if p, ok := scratchPools.Load(t); ok {
		return p.(*sync.Pool)
	}
	p, _ := scratchPools.LoadOrStore(t, &sync.Pool{
		New: func() any { return reflect.New(t).Interface() },
	})
	return p.(*sync.Pool)
}

// decodeError turns an error from encoding/json into a ValidationError. The
// JSON has been checked already, so what remains is a claim that does not
// fit the destination's type, or an error from an UnmarshalJSON method.
// Those errors may quote the token, so only the field's path, which comes
// from the destination's type, is kept.
func decodeError(err error) error {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		return claimError(ErrInvalidClaim, typeErr.Field, "does not fit the destination")
	}
	return claimError(ErrInvalidClaim, "", "a claim does not fit the destination")
}

// withoutRegistered appends to b a JSON object holding the members of
// payload other than the registered claims. The registered members cut the
// object into gaps, each a run of other members with commas and whitespace at its
// edges; trimmed and joined with commas, the gaps make the new object.
func withoutRegistered(b []byte, payload string, cs *claimSet) []byte {
	b = append(b, '{')
	from := strings.IndexByte(payload, '{') + 1
	for _, m := range cs.spans[:cs.nspans] {
		b = appendGap(b, payload[from:m.start])
		from = m.end
	}
	b = appendGap(b, payload[from:strings.LastIndexByte(payload, '}')])
	return append(b, '}')
}

// appendGap appends the members in gap, after a comma if b already holds a
// member. A member starts with a quote and ends with the last byte of a
// value, so trimming commas and whitespace cannot cut into one.
func appendGap(b []byte, gap string) []byte {
	for gap != "" && separator(gap[0]) {
		gap = gap[1:]
	}
	for gap != "" && separator(gap[len(gap)-1]) {
		gap = gap[:len(gap)-1]
	}
	if gap == "" {
		return b
	}
	if len(b) > 1 {
		b = append(b, ',')
	}
	return append(b, gap...)
}

// separator reports whether c may stand between two members: a comma or
// JSON whitespace. strings.Trim would build its set of bytes on every call.
func separator(c byte) bool {
	return c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r'
}
