package jwt

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt/algorithms"
)

type tenantName string

// plainFields has a field of every kind that a fieldPlan decodes.
type plainFields struct {
	Scope string `json:"scope"`
	RegisteredClaims
	Roles    []string   `json:"roles,omitempty"`
	Level    int8       `json:"level"`
	Count    uint16     `json:"count,omitzero"`
	Size     uint       `json:"size"`
	Small    uint8      `json:"small"`
	Big      int64      `json:"big"`
	Ratio    float32    `json:"ratio"`
	Score    float64    `json:"score"`
	Admin    bool       `json:"admin"`
	Tenant   tenantName `json:"tenant"`
	Codes    []int      `json:"codes"`
	Flags    []bool     `json:"flags"`
	Weights  []float32  `json:"weights"`
	Tenants  []tenantName
	Untagged string
	Ignored  string `json:"-"`
	hidden   string
}

// fieldsSeeds are payloads for the plan of plainFields: values that it
// decodes, and values that it must hand to encoding/json.
var fieldsSeeds = []string{
	`{"exp":1,"scope":"a b","roles":["x","y"]}`,
	`{"roles":[]}`, `{"roles":null}`, `{"roles":["x",null,"y"]}`, `{"roles":"x"}`,
	`{"roles":[1]}`, `{"roles":[["x"]]}`, `{"roles":{}}`, `{"roles":[{"a":1}]}`,
	`{"scope":null}`, `{"scope":1}`, `{"scope":"\u00e9\n\"q\"\/"}`, `{"Scope":"x"}`,
	`{"SCOPE":"x"}`, "{\"\u017fcope\":\"x\"}", `{"sc\u006fpe":"x"}`, `{"scope":true}`,
	`{"level":127}`, `{"level":128}`, `{"level":-128}`, `{"level":-129}`, `{"level":1.0}`,
	`{"level":1e2}`, `{"level":-0}`, `{"level":"1"}`,
	`{"count":65535}`, `{"count":65536}`, `{"count":-1}`, `{"count":-0}`,
	`{"size":18446744073709551615}`, `{"size":18446744073709551616}`,
	`{"small":255}`, `{"small":256}`,
	`{"big":9223372036854775807}`, `{"big":9223372036854775808}`, `{"big":-9223372036854775808}`,
	`{"ratio":3.4e38}`, `{"ratio":3.5e38}`, `{"ratio":1e-50}`, `{"ratio":-0.0}`,
	`{"score":1e308}`, `{"score":1e309}`, `{"score":0.1e-400}`, `{"score":[1]}`,
	`{"admin":true}`, `{"admin":false}`, `{"admin":"true"}`, `{"admin":null}`, `{"admin":0}`,
	`{"tenant":"t1"}`, `{"Tenants":["a",null]}`, `{"tenants":["a"]}`,
	`{"codes":[1,2,-3]}`, `{"codes":[1.5]}`, `{"codes":[1,"2"]}`, `{"flags":[true,false,null]}`,
	`{"weights":[0.5,1e3,1e39]}`, `{"weights":[]}`, `{"codes":[ 1 , 2 ]}`,
	`{"Untagged":"u"}`, `{"untagged":"u"}`, `{"Ignored":"i"}`, `{"ignored":"i"}`,
	`{"hidden":"h"}`, `{"-":"x"}`, `{"other":{"a":[1,2,{"b":null}]},"scope":"s"}`,
	` { "iss" : "me" , "scope" : "a" , "aud" : ["x"] , "roles" : [ "r" ] } `,
	`{"iat":1,"nbf":2,"exp":3,"jti":"j","sub":"s","level":-1,"roles":["a"],"x":[]}`,
	manyMembers(15, `"roles":["a"]`), manyMembers(16, `"roles":["a"]`),
	manyMembers(17, `"roles":["a"]`), manyMembers(30, `"Scope":"x"`),
}

// manyMembers returns a payload with n members besides the registered
// claims: last, and n-1 that no field of plainFields takes before it.
func manyMembers(n int, last string) string {
	var b strings.Builder
	b.WriteString(`{"exp":1`)
	for i := range n - 1 {
		fmt.Fprintf(&b, `,"x%d":[%d]`, i, i)
	}
	return b.String() + "," + last + "}"
}

// FuzzFieldPlan checks that whatever a fieldPlan decodes, encoding/json
// decodes to the same value from the same members, so that Verify gives
// the same claims whichever of the two fills the destination.
func FuzzFieldPlan(f *testing.F) {
	plan := planFields(reflect.TypeFor[plainFields](), []int{1})
	require.NotNil(f, plan)
	for _, seed := range fieldsSeeds {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, payload string) {
		tok := Token{payload: payload}
		cs, err := parseClaims(&tok, nil)
		if err != nil {
			return
		}
		var got plainFields
		ok := plan.decode(reflect.ValueOf(&got).Elem(), payload, &cs)
		if cs.ncustom <= len(cs.custom) {
			// The two ways of finding the members agree.
			var scanned plainFields
			okScan := plan.decodeScan(reflect.ValueOf(&scanned).Elem(), payload,
				cs.spans[:cs.nspans])
			require.Equal(t, ok, okScan, "payload %s", payload)
			if ok {
				require.Equal(t, got, scanned, "payload %s", payload)
			}
		}
		if !ok {
			return
		}
		var want plainFields
		others := withoutRegistered(nil, payload, &cs)
		require.NoError(t, json.Unmarshal(others, &want), "plan decoded %s", payload)
		require.Equal(t, want, got, "payload %s", payload)
	})
}

// TestFieldPlanDecodes checks that the plan decodes the common payloads
// itself and hands the others to encoding/json.
func TestFieldPlanDecodes(t *testing.T) {
	plan := planFields(reflect.TypeFor[plainFields](), []int{1})
	require.NotNil(t, plan)
	for _, tc := range []struct {
		payload string
		decodes bool
	}{
		{`{"exp":1,"scope":"a b","roles":["x","y"]}`, true},
		{`{"roles":["x",null,"y"],"codes":[1,-2],"flags":[true],"weights":[0.5]}`, true},
		{`{"scope":"\u00e9\n","level":-128,"count":65535,"ratio":1.5,"admin":true}`, true},
		{`{"other":{"a":[1]},"tenant":"t","Untagged":"u","Ignored":"i","hidden":"h"}`, true},
		{`{"scope":null,"roles":null,"roles2":[]}`, true},
		{`{"Scope":"x"}`, false},
		{`{"untagged":"u"}`, false},
		{"{\"\u017fcope\":\"x\"}", false},
		{`{"scope":1}`, false},
		{`{"roles":"x"}`, false},
		{`{"roles":[1]}`, false},
		{`{"level":128}`, false},
		{`{"level":1.0}`, false},
		{`{"count":-1}`, false},
		{`{"ratio":3.5e38}`, false},
		{`{"admin":"true"}`, false},
		{manyMembers(16, `"roles":["a"]`), true},
		{manyMembers(17, `"roles":["a"]`), true},
		{manyMembers(17, `"Roles":["a"]`), false},
		{manyMembers(16, `"Roles":["a"]`), false},
	} {
		tok := Token{payload: tc.payload}
		cs, err := parseClaims(&tok, nil)
		require.NoError(t, err, tc.payload)
		var got plainFields
		ok := plan.decode(reflect.ValueOf(&got).Elem(), tc.payload, &cs)
		assert.Equal(t, tc.decodes, ok, tc.payload)
	}
}

// TestPlanFields checks which types Verify fills without encoding/json.
func TestPlanFields(t *testing.T) {
	type (
		withMethod struct {
			RegisteredClaims
			A NumericDate `json:"a"`
		}
		withNumber struct {
			RegisteredClaims
			N json.Number `json:"n"`
		}
		withBytes struct {
			RegisteredClaims
			B []byte `json:"b"`
		}
		withStringOption struct {
			RegisteredClaims
			N int `json:"n,string"`
		}
		withAny struct {
			RegisteredClaims
			A any `json:"a"`
		}
		withPointer struct {
			RegisteredClaims
			P *string `json:"p"`
		}
		withArray struct {
			RegisteredClaims
			A [2]string `json:"a"`
		}
		withMap struct {
			RegisteredClaims
			M map[string]string `json:"m"`
		}
		withNested struct {
			RegisteredClaims
			L [][]string `json:"l"`
		}
		foldingNames struct {
			RegisteredClaims
			A string `json:"name"`
			B string `json:"NAME"`
		}
		oddName struct {
			RegisteredClaims
			A string `json:"a b"`
		}
		embedsOther struct {
			RegisteredClaims
			tenantHolder
		}
		onlyClaims struct {
			RegisteredClaims
		}
	)
	for typ, want := range map[reflect.Type]bool{
		reflect.TypeFor[plainFields]():      true,
		reflect.TypeFor[onlyClaims]():       true,
		reflect.TypeFor[withMethod]():       false,
		reflect.TypeFor[withNumber]():       false,
		reflect.TypeFor[withBytes]():        false,
		reflect.TypeFor[withStringOption](): false,
		reflect.TypeFor[withAny]():          false,
		reflect.TypeFor[withPointer]():      false,
		reflect.TypeFor[withArray]():        false,
		reflect.TypeFor[withMap]():          false,
		reflect.TypeFor[withNested]():       false,
		reflect.TypeFor[foldingNames]():     false,
		reflect.TypeFor[oddName]():          false,
		reflect.TypeFor[embedsOther]():      false,
	} {
		index := claimsIndex(typ)
		require.NotNil(t, index, typ)
		assert.Equal(t, want, planFields(typ, index) != nil, typ)
		assert.Equal(t, want, factsOf(typ).fields != nil, typ)
	}
}

type tenantHolder struct{ Tenant string }

// writtenFields has a field of every kind that a writePlan writes, with
// every tag option it follows.
type writtenFields struct {
	RegisteredClaims
	Scope    string     `json:"scope"`
	Roles    []string   `json:"roles,omitempty"`
	Names    []string   `json:"names,omitzero"`
	Empty    string     `json:"empty,omitempty"`
	Level    int8       `json:"level,omitempty"`
	Count    uint16     `json:"count,omitzero"`
	Big      int64      `json:"big"`
	Ratio    float32    `json:"ratio"`
	Score    float64    `json:"score,omitempty"`
	Zero     float64    `json:"zero,omitzero"`
	Admin    bool       `json:"admin,omitempty,omitzero"`
	Tenant   tenantName `json:"tenant"`
	Codes    []int      `json:"codes"`
	Weights  []float32  `json:"weights"`
	Untagged string
	Ignored  string `json:"-"`
	hidden   string
}

// FuzzSignFields checks that Sign writes the fields of a writePlan byte for
// byte as json.Marshal does, floats and escapes included, and refuses what
// json.Marshal refuses.
func FuzzSignFields(f *testing.F) {
	shape := claimsShapeOf(reflect.TypeFor[writtenFields]())
	require.NotNil(f, shape.write)
	require.Len(f, shape.write, 15)
	f.Add("read write", "admin", int64(-3), 1.5, true)
	f.Add("", "<&>\u2028\"\\\b\f\x01", int64(0), math.Copysign(0, -1), false)
	f.Add("\xff\xfe", "\u00e9", int64(math.MaxInt64), 1e21, true)
	f.Add("x", "y", int64(math.MinInt64), 1e-7, false)
	f.Add("x", "y", int64(255), 123456789e-15, false)
	f.Add("x", "y", int64(-128), math.Inf(1), false)
	f.Add("x", "y", int64(65536), math.NaN(), false)
	f.Add("x", "y", int64(1), 3.5e38, true)
	f.Add("x", "y", int64(1), math.SmallestNonzeroFloat64, true)
	f.Add("x", "y", int64(1), 1e20, true)
	hs, err := algorithms.NewHS256([]byte(strings.Repeat("k", 32)))
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, scope, role string, n int64, x float64, b bool) {
		claims := writtenFields{
			RegisteredClaims: RegisteredClaims{
				Subject:   role,
				ExpiresAt: NewNumericDate(time.Unix(1700000000, 0)),
			},
			Scope: scope, Empty: role, Tenant: tenantName(role), Untagged: scope,
			Ignored: scope, hidden: scope,
			Level: int8(n), Count: uint16(n), Big: n, Ratio: float32(x), Score: x,
			Zero: -x, Admin: b, Codes: []int{int(n), 0}, Weights: []float32{float32(x)},
		}
		if b {
			claims.Roles, claims.Names = []string{role, scope}, []string{}
		}
		want, wantErr := json.Marshal(claims)
		token, err := Sign(hs, claims)
		if wantErr != nil {
			require.ErrorIs(t, err, ErrInvalidArgument)
			return
		}
		require.NoError(t, err)
		_, payload, _ := strings.Cut(token, ".")
		payload, _, _ = strings.Cut(payload, ".")
		got, err := base64.RawURLEncoding.DecodeString(payload)
		require.NoError(t, err)
		require.Equal(t, string(want), string(got))
	})
}

// TestAppendFieldsLeavesBuffer checks that appendFields, when it gives up
// after the buffer has grown, leaves the caller's bytes as they were.
func TestAppendFieldsLeavesBuffer(t *testing.T) {
	type rest struct {
		RegisteredClaims `json:"-"`
		S                string  `json:"s"`
		X                float64 `json:"x"`
		Bad              string  `json:"bad"`
	}
	fields := writePlan(reflect.TypeFor[rest]())
	require.Len(t, fields, 3)
	for _, v := range []rest{
		{S: strings.Repeat("z", 20), X: math.NaN()},
		{S: strings.Repeat("z", 20), X: 1, Bad: "\xff"},
	} {
		b := append(make([]byte, 0, 8), `{"a":1}`...)
		got, ok := appendFields(b, reflect.ValueOf(v), fields, false)
		assert.False(t, ok)
		assert.Equal(t, `{"a":1}`, string(got))
		assert.Equal(t, `{"a":1}`, string(b))
	}
}

// FuzzDecodeGeneric checks that a payload parseClaims accepts decodes to
// the value encoding/json gives with UseNumber.
func FuzzDecodeGeneric(f *testing.F) {
	for _, seed := range append(fieldsSeeds,
		`{}`, `{"a":{}}`, `{"a":[]}`, `{"a":[1,"b",null,true,false,{"c":[[]]}]}`,
		`{"n":-0.5e-3,"m":1E+2,"z":0}`, ` { "a" : { "b" : [ 1 , 2 ] } } `,
		`{"e":"\u00e9\ud83d\ude00\n\"\\\/"}`, `{"a":null}`,
	) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, payload string) {
		tok := Token{payload: payload}
		if _, err := parseClaims(&tok, nil); err != nil {
			return
		}
		got, err := decodeGeneric(payload, 0)
		require.NoError(t, err, payload)
		var want any
		dec := json.NewDecoder(strings.NewReader(payload))
		dec.UseNumber()
		require.NoError(t, dec.Decode(&want), payload)
		require.Equal(t, want, any(got), payload)
	})
}

// FuzzAppendGenericMap checks that Sign writes a map[string]any byte for
// byte as json.Marshal does. The map is decoded from the fuzzer's JSON,
// with or without UseNumber, and given typed copies of some of its values
// (ints, float32s, []string) that JSON decoding never makes.
func FuzzAppendGenericMap(f *testing.F) {
	for _, seed := range []string{
		`{}`, `{"b":1,"a":"x","c":[1,"2",null,true,{"z":{}}]}`, `{"<&>":"\u2028<script>"}`,
		`{"n":-0,"f":1e21,"g":1e-7,"h":123456789012345678901234567890,"i":0.1}`,
		`{"roles":["a","b"],"e":[],"m":{"k":[[]]}}`, `{"exp":1,"aud":["x"],"sub":"s"}`,
		`{"a":[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]}`, `{"\u00e9":"\ud83d\ude00","":""}`,
		// 16 levels, the most appendGeneric writes, and 17.
		`{"a":` + strings.Repeat("[", 15) + `1` + strings.Repeat("]", 15) + `}`,
		`{"a":` + strings.Repeat("[", 16) + `1` + strings.Repeat("]", 16) + `}`,
	} {
		f.Add(seed, false)
		f.Add(seed, true)
	}
	f.Fuzz(func(t *testing.T, data string, useNumber bool) {
		dec := json.NewDecoder(strings.NewReader(data))
		if useNumber {
			dec.UseNumber()
		}
		var m map[string]any
		if dec.Decode(&m) != nil || m == nil {
			return
		}
		addTypedCopies(m)
		want, err := json.Marshal(m)
		got, ok := appendGenericMap([]byte("x"), m, 0)
		if !ok {
			require.True(t, err != nil || genericDepth(m) > maxGenericDepth,
				"appendGenericMap gave up on %s", want)
			return
		}
		require.NoError(t, err)
		require.Equal(t, "x"+string(want), string(got))
	})
}

// addTypedCopies adds to m, for each of its members, copies of the value
// as the other types appendGeneric writes, under new names.
func addTypedCopies(m map[string]any) {
	for name, v := range m {
		switch v := v.(type) {
		case float64:
			m[name+"/f32"] = float32(v)
			if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
				m[name+"/int"], m[name+"/i64"], m[name+"/i32"] = int(v), int64(v), int32(v)
				if v >= 0 {
					m[name+"/uint"], m[name+"/u64"], m[name+"/u32"] = uint(v), uint64(v), uint32(v)
				}
			}
		case []any:
			strs := []string{}
			for _, elem := range v {
				if s, ok := elem.(string); ok {
					strs = append(strs, s)
				}
			}
			m[name+"/strings"] = strs
		case map[string]any:
			addTypedCopies(v)
		}
	}
	m["/nil strings"], m["/nil list"] = []string(nil), []any(nil)
	m["/nil map"] = map[string]any(nil)
}

// genericDepth returns the nesting of maps and slices in v.
func genericDepth(v any) int {
	depth := 0
	switch v := v.(type) {
	case map[string]any:
		for _, elem := range v {
			depth = max(depth, genericDepth(elem))
		}
	case []any:
		for _, elem := range v {
			depth = max(depth, genericDepth(elem))
		}
	case []string:
	default:
		return 0
	}
	return depth + 1
}

// TestSignMapFallsBack checks the maps that Sign hands to json.Marshal:
// one that contains itself gives json.Marshal's error instead of
// overflowing the stack, and values of other types are written as
// json.Marshal writes them.
func TestSignMapFallsBack(t *testing.T) {
	signer, err := algorithms.NewHS256([]byte("0123456789abcdef0123456789abcdef"))
	require.NoError(t, err)
	cyclic := map[string]any{"exp": 1}
	cyclic["self"] = cyclic
	_, err = Sign(signer, cyclic)
	require.ErrorIs(t, err, ErrInvalidArgument)

	deep := map[string]any{"exp": 1}
	inner := deep
	for range maxGenericDepth + 2 { // deeper than appendGeneric goes, not than Verify reads
		next := map[string]any{}
		inner["in"] = next
		inner = next
	}
	for _, m := range []map[string]any{
		deep,
		{"exp": 1, "at": time.Unix(1, 0).UTC()},
		{"exp": 1, "n": int8(-3)},
		{"exp": 1, "raw": json.RawMessage(`{"a":1}`)},
		{"exp": 1, "bad": "\xff"},
		{"exp": 1, "bad\xff": "x"},
		{"exp": 1, "list": []string{"\xff"}},
		{"exp": 1, "num": json.Number("")},
		{"exp": 1, "bytes": []byte("hi")},
		{"exp": 1, "ints": []int{1, 2}},
	} {
		want, err := json.Marshal(m)
		require.NoError(t, err)
		token, err := Sign(signer, m)
		require.NoError(t, err)
		payload := strings.Split(token, ".")[1]
		got, err := base64.RawURLEncoding.DecodeString(payload)
		require.NoError(t, err)
		require.Equal(t, string(want), string(got))
	}
}
