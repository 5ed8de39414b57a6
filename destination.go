package jwt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// A destination is where [Verifier.Verify] puts a token's claims. It is
// examined before the token, so that a programming error is reported
// without touching any key.
type destination struct {
	// claims is the destination's RegisteredClaims: the destination itself
	// or a field that it embeds by value. It is nil when there is none.
	claims *RegisteredClaims

	// value is what the destination points to, when encoding/json must
	// decode into it.
	value reflect.Value
}

var registeredClaimsType = reflect.TypeFor[RegisteredClaims]()

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
	d := destination{value: p.Elem()}
	if index := claimsIndex(d.value.Type()); index != nil {
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

// claimsIndexes caches, for each destination type, what claimsIndex
// returns, so that the fields are walked once per type rather than on
// every call. Reading a sync.Map takes no lock.
var claimsIndexes sync.Map

// claimsIndex returns the index sequence of the RegisteredClaims that t
// embeds by value, for reflect.Value.FieldByIndex, or nil if there is none.
func claimsIndex(t reflect.Type) []int {
	if cached, ok := claimsIndexes.Load(t); ok {
		return cached.([]int)
	}
	index, _ := embeddedClaims(t, nil)
	claimsIndexes.Store(t, index)
	return index
}

// embeddedClaims appends to index the path to the RegisteredClaims that t,
// a struct, embeds by value, directly or through other structs it embeds
// by value.
func embeddedClaims(t reflect.Type, index []int) ([]int, bool) {
	if t.Kind() != reflect.Struct {
		return nil, false
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.Anonymous || f.Type.Kind() != reflect.Struct {
			continue
		}
		if f.Type == registeredClaimsType {
			// Embedded under an unexported alias, the claims cannot be
			// set through reflect: encoding/json decodes them instead.
			if !f.IsExported() {
				continue
			}
			return append(index, i), true
		}
		if found, ok := embeddedClaims(f.Type, append(index, i)); ok {
			return found, true
		}
	}
	return nil, false
}

// fill puts the claims of t, which have been validated, in the destination.
// The registered claims are copied rather than decoded again, and
// encoding/json sees only the other members; the copy comes last, so that
// nothing encoding/json matched case-insensitively can override it.
//
// encoding/json takes a byte slice, which is made for each token and never
// reused: an UnmarshalJSON or UnmarshalText method that keeps what it is
// given, against encoding/json's rules, must not come to hold another
// token's claims.
func (d destination) fill(t *Token, cs *claimSet) error {
	switch {
	case !d.value.IsValid():
		if d.claims != nil {
			*d.claims = t.claimsCopy()
		}
		return nil
	case d.claims == nil:
		return d.decode([]byte(t.payload))
	case cs.others:
		if err := d.decode(withoutRegistered(make([]byte, 0, len(t.payload)+2), t.payload, cs)); err != nil {
			return err
		}
	default:
		d.value.SetZero()
	}
	*d.claims = t.claimsCopy()
	return nil
}

// decode replaces the destination's value with the one encoding/json
// decodes from data, leaving it untouched on error. Maps and interfaces
// receive numbers as json.Number, which loses no precision.
//
// encoding/json decodes into a zero value of the destination's type taken
// from a pool, which is copied to the destination on success and zeroed
// again before it goes back, so that it holds nothing of the token. That
// costs less than testing whether the destination is zero, and saves
// allocating a value when it is not.
func (d destination) decode(data []byte) error {
	pool := scratchValues(d.value.Type())
	ptr := pool.Get()
	target := reflect.ValueOf(ptr).Elem()
	defer func() {
		target.SetZero()
		pool.Put(ptr)
	}()
	var err error
	if k := target.Kind(); k == reflect.Map || k == reflect.Interface {
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
