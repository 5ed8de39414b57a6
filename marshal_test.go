package jwt_test

import (
	"encoding/json"
	"math"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
)

// ptrMarshaler has a MarshalJSON method on its pointer, which
// encoding/json calls only for an addressable value.
type ptrMarshaler struct{ X int }

func (p *ptrMarshaler) MarshalJSON() ([]byte, error) { return []byte(`"by pointer"`), nil }

type withPtrMarshaler struct {
	jwt.RegisteredClaims
	P ptrMarshaler `json:"p"`
}

// ptrText has a MarshalText method on its pointer.
type ptrText struct{ X int }

func (p *ptrText) MarshalText() ([]byte, error) { return []byte("text"), nil }

// holdsPtrMethods holds values with pointer-receiver methods in every
// way encoding/json treats differently.
type holdsPtrMethods struct {
	jwt.RegisteredClaims
	N struct{ P ptrMarshaler } `json:"n"`
	A [2]ptrMarshaler          `json:"a"`
	S []ptrMarshaler           `json:"s"`
	M map[string]ptrMarshaler  `json:"m"`
	Q *ptrMarshaler            `json:"q"`
	T ptrText                  `json:"t"`
	K map[string]ptrText       `json:"k"`
	I any                      `json:"i"`
	W struct{ T [1]ptrText }   `json:"w"`
}

// shadowIssuer has its own "iss", which hides the embedded one.
type shadowIssuer struct {
	jwt.RegisteredClaims
	Iss string `json:"iss"`
}

// claimsLast embeds RegisteredClaims after another field.
type claimsLast struct {
	Scope string `json:"scope"`
	jwt.RegisteredClaims
}

type expiry struct {
	Exp int64 `json:"Exp"`
}

// caseVariant embeds a struct with an "Exp" member.
type caseVariant struct {
	jwt.RegisteredClaims
	expiry
}

// manyFields has a field of each kind that the flat rule (see
// jwt.flatFields) has to judge, with the options of encoding/json.
type manyFields struct {
	jwt.RegisteredClaims
	B       bool              `json:"b,omitempty"`
	I       int8              `json:"i"`
	U       uint64            `json:"u,string"`
	F       float32           `json:"f,omitzero"`
	S       string            `json:"s,string"`
	Bytes   []byte            `json:"bytes"`
	Arr     [2]uint16         `json:"arr"`
	Skipped string            `json:"-"`
	Dash    string            `json:"-,"`
	Untaged string            ``
	Bad     string            `json:"a b"`
	private string            //nolint:unused // encoding/json skips it.
	Ptr     *string           `json:"ptr,omitempty"`
	Map     map[string]string `json:"map,omitempty"`
	Any     any               `json:"any"`
	Time    time.Time         `json:"time,omitzero"`
	Raw     json.RawMessage   `json:"raw,omitempty"`
}

// foldedNames has two flat fields whose names differ only by case:
// json.Marshal writes both, and Verify would refuse the token.
type foldedNames struct {
	jwt.RegisteredClaims
	A string `json:"role"`
	B string `json:"Role"`
}

// foldedGoName has a field whose Go name folds to another's json name.
type foldedGoName struct {
	jwt.RegisteredClaims
	Role string
	R    string `json:"ROLE"`
}

// nestedFolds holds a map whose keys differ only by case.
type nestedFolds struct {
	jwt.RegisteredClaims
	M map[string]int `json:"m"`
}

// onlyUnexported has nothing for encoding/json besides its claims.
type onlyUnexported struct {
	jwt.RegisteredClaims
	n int
}

// quotedTag names a field the way encoding/json's experimental v2 reads
// as 'ROLE', and the current one as B.
type quotedTag struct {
	jwt.RegisteredClaims
	A string `json:"role"`
	B string `json:"'ROLE'"`
}

// quotedIssuer has a tag that encoding/json's experimental v2 reads as
// "iss".
type quotedIssuer struct {
	jwt.RegisteredClaims
	I string `json:"'iss'"`
}

// inlineMap and inlineStruct use tag options that encoding/json's
// experimental v2 reads as "write these members into the enclosing
// object", where they could be registered claims.
type inlineMap struct {
	jwt.RegisteredClaims
	M map[string]any `json:",inline"`
}

type inlineIssuer struct {
	Iss string `json:"iss"`
}

type inlineStruct struct {
	jwt.RegisteredClaims
	In inlineIssuer `json:",inline"`
}

// rcAlias lets a struct embed RegisteredClaims under an unexported name.
type rcAlias = jwt.RegisteredClaims

type aliasEmbed struct {
	rcAlias
	Scope string `json:"scope"`
}

// selfMarshaler writes itself.
type selfMarshaler struct {
	jwt.RegisteredClaims
	Scope string `json:"scope"`
}

func (selfMarshaler) MarshalJSON() ([]byte, error) { return []byte(`{"custom":true}`), nil }

// TestSignMatchesJSON checks that the payload Sign writes for a struct is
// byte for byte what json.Marshal writes for it, or that both refuse it.
func TestSignMatchesJSON(t *testing.T) {
	t.Parallel()
	tricky := "<a&b> \b\f\x01\x7f\n\"\\ é \u2028\u2029 \ufffd"
	rc := jwt.RegisteredClaims{
		Issuer:    tricky + "\xff",
		Subject:   tricky,
		Audience:  jwt.Audience{tricky},
		ExpiresAt: jwt.NumericDate{Time: time.Unix(1700003600, 999_999_999)},
		NotBefore: jwt.NumericDate{Time: time.Unix(-1, -5)},
		IssuedAt:  jwt.NewNumericDate(testNow),
		ID:        "\xc3",
	}
	two := rc
	two.Audience = jwt.Audience{"a<b", "c\u2028"}
	badAud := rc
	badAud.Audience = jwt.Audience{"\xff"}
	tests := []struct {
		name   string
		claims any
	}{
		{"tricky strings", accessClaims{rc, tricky, []string{tricky, "x"}}},
		{"pointer", &accessClaims{rc, "s", nil}},
		{"two audiences", accessClaims{RegisteredClaims: two}},
		{"audience not UTF-8", accessClaims{RegisteredClaims: badAud}},
		{"zero", accessClaims{}},
		{"only registered", struct{ jwt.RegisteredClaims }{rc}},
		{"only others", accessClaims{Scope: "s", Roles: []string{"r"}}},
		{"pointer method by value", withPtrMarshaler{rc, ptrMarshaler{1}}},
		{"pointer method by pointer", &withPtrMarshaler{rc, ptrMarshaler{1}}},
		{"pointer methods held by value", holdsMethods(rc)},
		{"pointer methods held by pointer", ptrTo(holdsMethods(rc))},
		{"shadowed issuer", shadowIssuer{rc, "outer"}},
		{"claims last", claimsLast{"s", rc}},
		{"case variant", caseVariant{rc, expiry{1}}},
		{"own MarshalJSON", selfMarshaler{rc, "s"}},
		{"deep", deepClaims{accessClaims{rc, "s", nil}, "t"}},
		{"many fields, zero", manyFields{}},
		{"many fields", manyFields{
			RegisteredClaims: rc, B: true, I: -8, U: 1 << 63, F: 1.5, S: tricky,
			Bytes: []byte{0, 255}, Arr: [2]uint16{1, 2}, Skipped: "x", Dash: "d",
			Untaged: tricky, Bad: "b", private: "p", Ptr: ptrTo("p"),
			Map: map[string]string{"k": tricky}, Any: []any{1.5, "x", nil},
			Time: testNow, Raw: json.RawMessage(`{"a": [1, 2]}`),
		}},
		{"many fields by pointer", &manyFields{RegisteredClaims: rc, I: 1, Any: map[string]any{}}},
		{"names that fold together", foldedNames{rc, "a", "b"}},
		{"Go name that folds to a json name", foldedGoName{rc, "a", "b"}},
		{"Go name that folds, one empty", foldedGoName{RegisteredClaims: rc, Role: "a"}},
		{"map keys that fold together", nestedFolds{rc, map[string]int{"k": 1, "K": 2}}},
		{"map keys apart", nestedFolds{rc, map[string]int{"k": 1, "j": 2}}},
		{"only unexported", onlyUnexported{rc, 1}},
		{"only unexported, no claims", onlyUnexported{}},
		{"quoted tag", quotedTag{rc, "a", "b"}},
		{"quoted issuer", quotedIssuer{rc, "fake"}},
		{"inline map", inlineMap{rc, map[string]any{"iss": "evil"}}},
		{"inline struct", inlineStruct{rc, inlineIssuer{"evil"}}},
		{"embedded under an unexported alias", aliasEmbed{rc, "s"}},
		{"embedded under an unexported alias, by pointer", &aliasEmbed{rc, "s"}},
	}
	// Verify would refuse these, for names that differ only by case.
	wouldNotVerify := []string{"case variant", "names that fold together",
		"Go name that folds to a json name", "Go name that folds, one empty",
		"map keys that fold together"}
	hs := testHMAC(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want, wantErr := json.Marshal(tc.claims)
			token, err := jwt.Sign(hs, tc.claims)
			if wantErr != nil || slices.Contains(wouldNotVerify, tc.name) {
				require.ErrorIs(t, err, jwt.ErrInvalidArgument)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, string(want), decodeSegment(t, token, 1))
		})
	}
}

// TestSignRefusesLongAudience checks that Sign refuses an "aud" list longer
// than Verify reads.
func TestSignRefusesLongAudience(t *testing.T) {
	t.Parallel()
	aud := make(jwt.Audience, 65)
	for i := range aud {
		aud[i] = sprintf("a%d", i)
	}
	for _, claims := range []any{
		jwt.RegisteredClaims{Audience: aud},
		accessClaims{RegisteredClaims: jwt.RegisteredClaims{Audience: aud}},
		map[string]any{"aud": aud},
	} {
		_, err := jwt.Sign(testHMAC(t), claims)
		require.ErrorIs(t, err, jwt.ErrInvalidArgument)
	}
	_, err := jwt.Sign(testHMAC(t), jwt.RegisteredClaims{Audience: aud[:64]})
	require.NoError(t, err)
}

func holdsMethods(rc jwt.RegisteredClaims) holdsPtrMethods {
	h := holdsPtrMethods{
		RegisteredClaims: rc,
		A:                [2]ptrMarshaler{{1}, {2}},
		S:                []ptrMarshaler{{3}},
		M:                map[string]ptrMarshaler{"m": {4}},
		Q:                &ptrMarshaler{5},
		T:                ptrText{6},
		K:                map[string]ptrText{"k": {7}},
		I:                ptrMarshaler{8},
	}
	h.N.P = ptrMarshaler{9}
	h.W.T[0] = ptrText{10}
	return h
}

func ptrTo[T any](v T) *T { return &v }

// TestSignErrorOwnsItsValue checks that the error for claims encoding/json
// refuses points to the caller's claims, not to a copy that later calls
// reuse.
func TestSignErrorOwnsItsValue(t *testing.T) {
	t.Parallel()
	type claims struct {
		jwt.RegisteredClaims
		X float64 `json:"x"`
	}
	hs := testHMAC(t)
	for _, c := range []any{claims{X: math.NaN()}, &claims{X: math.Inf(1)}} {
		_, err := jwt.Sign(hs, c)
		require.ErrorIs(t, err, jwt.ErrInvalidArgument)
		var unsupported *json.UnsupportedValueError
		require.ErrorAs(t, err, &unsupported)
		_, err = jwt.Sign(hs, claims{X: 42})
		require.NoError(t, err)
		if !unsupported.Value.IsValid() {
			continue // GOEXPERIMENT=jsonv2 leaves the value out
		}
		x := unsupported.Value.Float()
		assert.True(t, math.IsNaN(x) || math.IsInf(x, 1), "the error now holds %v", x)
	}
}

// receiverKeeper keeps the receiver of its MarshalJSON.
type receiverKeeper struct{ S string }

var keptReceivers struct {
	sync.Mutex
	all []*receiverKeeper
}

func (k *receiverKeeper) MarshalJSON() ([]byte, error) {
	keptReceivers.Lock()
	keptReceivers.all = append(keptReceivers.all, k)
	keptReceivers.Unlock()
	return json.Marshal(k.S)
}

// TestSignGivesMethodsTheCallersValue checks that a MarshalJSON method
// on a pointer is given a pointer into the caller's claims, as with
// json.Marshal, not into a copy that later calls reuse.
func TestSignGivesMethodsTheCallersValue(t *testing.T) {
	type claims struct {
		jwt.RegisteredClaims
		K receiverKeeper `json:"k"`
	}
	hs := testHMAC(t)
	alice := &claims{K: receiverKeeper{"alice-secret"}}
	_, err := jwt.Sign(hs, alice)
	require.NoError(t, err)
	keptReceivers.Lock()
	first := keptReceivers.all[len(keptReceivers.all)-1]
	keptReceivers.Unlock()
	_, err = jwt.Sign(hs, &claims{K: receiverKeeper{"bob"}})
	require.NoError(t, err)
	assert.Same(t, &alice.K, first)
	assert.Equal(t, "alice-secret", first.S)
}
