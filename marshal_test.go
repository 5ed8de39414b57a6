package jwt_test

import (
	"encoding/json"
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
	}
	hs := testHMAC(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want, wantErr := json.Marshal(tc.claims)
			token, err := jwt.Sign(hs, tc.claims)
			if err != nil {
				require.ErrorIs(t, err, jwt.ErrInvalidArgument)
				refused := wantErr != nil || tc.name == "case variant"
				assert.True(t, refused, "Sign refused what json.Marshal accepts: %v", err)
				return
			}
			require.NoError(t, wantErr)
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
