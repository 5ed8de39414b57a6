package jwt_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
)

type accessClaims struct {
	jwt.RegisteredClaims
	Scope string   `json:"scope"`
	Roles []string `json:"roles"`
}

// plainClaims does not embed RegisteredClaims: encoding/json decodes all of
// it.
type plainClaims struct {
	Subject string   `json:"sub"`
	Expiry  float64  `json:"exp"`
	Scope   string   `json:"scope"`
	Roles   []string `json:"roles"`
}

// pointerClaims embeds RegisteredClaims by pointer.
type pointerClaims struct {
	*jwt.RegisteredClaims
	Scope string `json:"scope"`
}

// deepClaims embeds RegisteredClaims through another embedded struct.
type deepClaims struct {
	accessClaims
	Tenant string `json:"tenant"`
}

const accessPayload = `{"iss":"https://issuer.example","sub":"alice","aud":["api","web"],` +
	`"exp":1700003600,"scope":"read write","roles":["admin"],"tenant":"t1"}`

func TestVerifyInto(t *testing.T) {
	t.Parallel()
	v := testVerifier(t)
	token := claimsToken(t, accessPayload)
	ctx := context.Background()
	want := jwt.RegisteredClaims{
		Issuer:    "https://issuer.example",
		Subject:   "alice",
		Audience:  jwt.Audience{"api", "web"},
		ExpiresAt: jwt.NewNumericDate(testNow.Add(time.Hour)),
	}

	var embedded accessClaims
	tok, err := v.Verify(ctx, token, &embedded)
	require.NoError(t, err)
	assert.Equal(t, accessClaims{want, "read write", []string{"admin"}}, embedded)
	assert.Equal(t, want, tok.Claims())

	var deep deepClaims
	_, err = v.Verify(ctx, token, &deep)
	require.NoError(t, err)
	assert.Equal(t, deepClaims{accessClaims{want, "read write", []string{"admin"}}, "t1"}, deep)

	var registered jwt.RegisteredClaims
	_, err = v.Verify(ctx, token, &registered)
	require.NoError(t, err)
	assert.Equal(t, want, registered)

	var plain plainClaims
	_, err = v.Verify(ctx, token, &plain)
	require.NoError(t, err)
	assert.Equal(t, plainClaims{"alice", 1700003600, "read write", []string{"admin"}}, plain)

	var pointer pointerClaims
	_, err = v.Verify(ctx, token, &pointer)
	require.NoError(t, err)
	require.NotNil(t, pointer.RegisteredClaims)
	assert.Equal(t, want, *pointer.RegisteredClaims)
	assert.Equal(t, "read write", pointer.Scope)

	var m map[string]any
	_, err = v.Verify(ctx, token, &m)
	require.NoError(t, err)
	assert.Equal(t, json.Number("1700003600"), m["exp"])
	assert.Equal(t, []any{"admin"}, m["roles"])

	var anything any
	_, err = v.Verify(ctx, token, &anything)
	require.NoError(t, err)
	assert.Equal(t, json.Number("1700003600"), anything.(map[string]any)["exp"])
}

func TestVerifyAs(t *testing.T) {
	t.Parallel()
	v := testVerifier(t)
	claims, tok, err := jwt.VerifyAs[accessClaims](context.Background(), v,
		claimsToken(t, accessPayload))
	require.NoError(t, err)
	assert.Equal(t, "alice", claims.Subject)
	assert.Equal(t, []string{"admin"}, claims.Roles)
	assert.Equal(t, "HS256", tok.Header().Algorithm())

	claims, tok, err = jwt.VerifyAs[accessClaims](context.Background(), v,
		claimsToken(t, `{"exp":1,"scope":"x"}`))
	require.ErrorIs(t, err, jwt.ErrExpired)
	assert.Zero(t, claims)
	assert.Nil(t, tok)
}

// TestVerifyReplaces checks that a successful Verify leaves exactly the
// token's claims in the destination, so that reusing a variable cannot
// carry a claim from one token to the next.
func TestVerifyReplaces(t *testing.T) {
	t.Parallel()
	v := testVerifier(t)
	ctx := context.Background()
	stale := accessClaims{
		RegisteredClaims: jwt.RegisteredClaims{Subject: "mallory", ID: "old"},
		Scope:            "admin",
		Roles:            []string{"root"},
	}
	claims := stale
	_, err := v.Verify(ctx, claimsToken(t, `{"sub":"alice","exp":1700003600}`), &claims)
	require.NoError(t, err)
	assert.Equal(t, accessClaims{RegisteredClaims: jwt.RegisteredClaims{
		Subject: "alice", ExpiresAt: jwt.NewNumericDate(testNow.Add(time.Hour)),
	}}, claims)

	claims = stale
	_, err = v.Verify(ctx, claimsToken(t, `{"sub":"alice","exp":1700003600,"scope":"read"}`),
		&claims)
	require.NoError(t, err)
	assert.Equal(t, "read", claims.Scope)
	assert.Nil(t, claims.Roles)
	assert.Empty(t, claims.ID)

	m := map[string]any{"stale": true}
	_, err = v.Verify(ctx, claimsToken(t, `{"exp":1700003600}`), &m)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"exp": json.Number("1700003600")}, m)
}

// TestVerifyUntouched checks that the destination is left as it was when
// verification fails at any step, including in encoding/json.
func TestVerifyUntouched(t *testing.T) {
	t.Parallel()
	v := testVerifier(t)
	tokens := map[string]string{
		"bad signature":      tamperToken(t, claimsToken(t, accessPayload)),
		"expired":            claimsToken(t, `{"sub":"x","exp":1,"scope":"s"}`),
		"role of wrong type": claimsToken(t, `{"sub":"x","exp":1700003600,"roles":5}`),
		"scope of wrong type": claimsToken(t, `{"sub":"x","exp":1700003600,"scope":[1],`+
			`"roles":["a"]}`),
	}
	for name, token := range tokens {
		t.Run(name, func(t *testing.T) {
			var zero accessClaims
			_, err := v.Verify(context.Background(), token, &zero)
			require.Error(t, err)
			assert.Zero(t, zero)

			prefilled := accessClaims{Scope: "kept", Roles: []string{"kept"}}
			_, err = v.Verify(context.Background(), token, &prefilled)
			require.Error(t, err)
			assert.Equal(t, accessClaims{Scope: "kept", Roles: []string{"kept"}}, prefilled)

			var plain plainClaims
			_, err = v.Verify(context.Background(), token, &plain)
			require.Error(t, err)
			assert.Zero(t, plain)
		})
	}
	_, err := v.Verify(context.Background(), tokens["role of wrong type"], &accessClaims{})
	require.ErrorIs(t, err, jwt.ErrInvalidClaim)
	var ve *jwt.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "roles", ve.Claim)
}

// TestVerifyRefusesCaseVariants checks that a member spelled like a
// registered claim in another case is refused: encoding/json would decode
// it into the claim's field of any destination that does not embed
// RegisteredClaims by value, unchecked.
func TestVerifyRefusesCaseVariants(t *testing.T) {
	t.Parallel()
	v := testVerifier(t, jwt.AllowMissingExpiration(), jwt.WithIssuedAtCheck())
	token := claimsToken(t, `{"sub":"alice","NBF":4102444800,"IAT":4102444800}`)
	for name, dst := range map[string]any{
		"embedded":         &accessClaims{},
		"pointer embedded": &pointerClaims{},
		"plain":            &plainClaims{},
		"map":              &map[string]any{},
		"pointer":          new(*accessClaims),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := v.Verify(context.Background(), token, dst)
			require.ErrorIs(t, err, jwt.ErrMalformed)
		})
	}
}

func TestVerifyBadDestination(t *testing.T) {
	t.Parallel()
	v := testVerifier(t)
	token := claimsToken(t, accessPayload)
	for name, dst := range map[string]any{
		"struct value":   accessClaims{},
		"nil pointer":    (*accessClaims)(nil),
		"nil registered": (*jwt.RegisteredClaims)(nil),
		"map value":      map[string]any{},
		"slice":          new([]string),
		"int":            new(int),
		"pointer to int": new(*int),
	} {
		t.Run(name, func(t *testing.T) {
			tok, err := v.Verify(context.Background(), token, dst)
			require.ErrorIs(t, err, jwt.ErrInvalidArgument)
			assert.Nil(t, tok)
		})
	}
}

// TestVerifyPointerDestination checks destinations that encoding/json
// allocates, such as VerifyAs with a pointer type.
func TestVerifyPointerDestination(t *testing.T) {
	t.Parallel()
	claims, _, err := jwt.VerifyAs[*accessClaims](context.Background(), testVerifier(t),
		claimsToken(t, accessPayload))
	require.NoError(t, err)
	require.NotNil(t, claims)
	assert.Equal(t, "alice", claims.Subject)
	assert.Equal(t, jwt.Audience{"api", "web"}, claims.Audience)
}

// TestVerifyCopiesAudience checks that the destination and the token do
// not share the audience, so that changing one leaves the other alone.
func TestVerifyCopiesAudience(t *testing.T) {
	t.Parallel()
	for _, aud := range []string{`"api"`, `["api","web"]`} {
		token := claimsToken(t, `{"exp":1700003600,"aud":`+aud+`}`)
		var claims jwt.RegisteredClaims
		tok, err := testVerifier(t).Verify(context.Background(), token, &claims)
		require.NoError(t, err)
		claims.Audience[0] = "changed"
		assert.Equal(t, "api", tok.Claims().Audience[0])
		tok.Claims().Audience[0] = "changed again"
		assert.Equal(t, "api", tok.Claims().Audience[0])
	}
}

// secretClaim fails to decode with an error that quotes its input, as
// many UnmarshalJSON methods do.
type secretClaim struct{}

func (*secretClaim) UnmarshalJSON(b []byte) error {
	return fmt.Errorf("cannot parse %s", b)
}

// TestVerifyDecodeErrorsQuoteNothing checks that errors from encoding/json
// and from UnmarshalJSON methods reach the caller without token values.
func TestVerifyDecodeErrorsQuoteNothing(t *testing.T) {
	t.Parallel()
	type claims struct {
		jwt.RegisteredClaims
		Secret   secretClaim `json:"secret"`
		AuthTime time.Time   `json:"auth_time"`
		Count    int         `json:"count,string"`
	}
	for _, member := range []string{
		`"secret":"s3cr3t-value"`, `"auth_time":"s3cr3t-value"`, `"count":"s3cr3t-value"`,
	} {
		token := claimsToken(t, `{"exp":1700003600,`+member+`}`)
		var c claims
		_, err := testVerifier(t).Verify(context.Background(), token, &c)
		require.ErrorIs(t, err, jwt.ErrInvalidClaim, member)
		var ve *jwt.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.NotContains(t, err.Error(), "s3cr3t", member)
	}
}

func tamperToken(t *testing.T, token string) string {
	t.Helper()
	h, p, s := segmentsOf(token)
	return h + "." + p + "." + tamper(s)
}

// keeper keeps the JSON it is given, which encoding/json's rules forbid.
type keeper struct{ data []byte }

func (k *keeper) UnmarshalJSON(b []byte) error {
	k.data = b
	return nil
}

// TestVerifyKeptJSONIsNotReused checks that a destination whose
// UnmarshalJSON keeps its input, against encoding/json's rules, still holds
// its own token's claims after other tokens are verified.
func TestVerifyKeptJSONIsNotReused(t *testing.T) {
	t.Parallel()
	type claims struct {
		jwt.RegisteredClaims
		K keeper `json:"k"`
	}
	v := testVerifier(t)
	var alice claims
	_, err := v.Verify(context.Background(),
		claimsToken(t, `{"sub":"alice","exp":1700003600,"k":"alice-secret"}`), &alice)
	require.NoError(t, err)
	for range 10 {
		var bob claims
		_, err := v.Verify(context.Background(),
			claimsToken(t, `{"sub":"bob","exp":1700003600,"k":"BBBBBBBBBBBB"}`), &bob)
		require.NoError(t, err)
	}
	assert.Equal(t, `"alice-secret"`, string(alice.K.data))
}

// TestVerifyAliasEmbedding checks a destination that embeds
// RegisteredClaims under an unexported alias, which reflect cannot set:
// encoding/json fills it.
func TestVerifyAliasEmbedding(t *testing.T) {
	t.Parallel()
	var got aliasEmbed
	_, err := testVerifier(t).Verify(context.Background(),
		claimsToken(t, `{"sub":"alice","exp":1700003600,"scope":"read"}`), &got)
	require.NoError(t, err)
	assert.Equal(t, "alice", got.Subject)
	assert.Equal(t, "read", got.Scope)
	assert.Equal(t, int64(1700003600), got.ExpiresAt.Unix())
}

// Destination types where encoding/json does not put the registered claims
// in the first RegisteredClaims that a depth-first search finds.
type (
	innerClaims struct {
		jwt.RegisteredClaims
		X string `json:"x"`
	}
	// claimsTwice embeds the claims at depth 1 and, through innerClaims,
	// at depth 2: encoding/json fills the shallower.
	claimsTwice struct {
		innerClaims
		jwt.RegisteredClaims
	}
	// aliasThenInner embeds them under an unexported alias first.
	aliasThenInner struct {
		rcAlias
		innerClaims
	}
	// subjectField takes "sub" from the embedded claims.
	subjectField struct {
		jwt.RegisteredClaims
		Subj string `json:"sub"`
	}
	// taggedClaims holds the claims as a member named "rc".
	taggedClaims struct {
		jwt.RegisteredClaims `json:"rc"`
		X                    string `json:"x"`
	}
	// selfChecking decodes itself, and needs "sub" to do so.
	selfChecking struct {
		jwt.RegisteredClaims
		X string `json:"x"`
	}
	// promotedMethod gets an UnmarshalJSON from the struct it embeds,
	// which decodes that struct alone.
	promotedMethod struct {
		jwt.RegisteredClaims
		countingClaims
	}
	countingClaims struct {
		Members int
	}
)

func (c *selfChecking) UnmarshalJSON(b []byte) error {
	type plain selfChecking
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	if p.Subject == "" {
		return fmt.Errorf("sub is required")
	}
	*c = selfChecking(p)
	return nil
}

func (c *countingClaims) UnmarshalJSON(b []byte) error {
	var all map[string]json.RawMessage
	err := json.Unmarshal(b, &all)
	c.Members = len(all)
	return err
}

// TestVerifyFillsAsJSON checks that Verify fills each destination as
// json.Unmarshal would fill it from the same payload.
func TestVerifyFillsAsJSON(t *testing.T) {
	t.Parallel()
	payload := `{"sub":"alice","exp":1700003600,"x":"X","y":"Y"}`
	token := claimsToken(t, payload)
	v := testVerifier(t)
	for name, dst := range map[string]func() any{
		"twice":                     func() any { return new(claimsTwice) },
		"alias then inner":          func() any { return new(aliasThenInner) },
		"subject field":             func() any { return new(subjectField) },
		"tagged claims":             func() any { return new(taggedClaims) },
		"pointer to claims":         func() any { return new(pointerClaims) },
		"deep, found once":          func() any { return new(deepClaims) },
		"embedded directly":         func() any { return new(innerClaims) },
		"under an unexported alias": func() any { return new(aliasEmbed) },
		"own UnmarshalJSON":         func() any { return new(selfChecking) },
		"promoted UnmarshalJSON":    func() any { return new(promotedMethod) },
	} {
		t.Run(name, func(t *testing.T) {
			want, got := dst(), dst()
			require.NoError(t, json.Unmarshal([]byte(payload), want))
			_, err := v.Verify(context.Background(), token, got)
			require.NoError(t, err)
			assert.Equal(t, want, got)
		})
	}
}

// addressKeeper keeps the receiver of its UnmarshalJSON.
type addressKeeper struct{ S string }

var keptAddresses = struct {
	sync.Mutex
	all []*addressKeeper
}{}

func (k *addressKeeper) UnmarshalJSON(b []byte) error {
	keptAddresses.Lock()
	keptAddresses.all = append(keptAddresses.all, k)
	keptAddresses.Unlock()
	return json.Unmarshal(b, &k.S)
}

// TestVerifyKeptReceiverIsNotReused checks that an UnmarshalJSON method
// that keeps its receiver does not see a later token's claims there.
func TestVerifyKeptReceiverIsNotReused(t *testing.T) {
	type claims struct {
		jwt.RegisteredClaims
		K addressKeeper `json:"k"`
	}
	v := testVerifier(t)
	var alice, bob claims
	_, err := v.Verify(context.Background(),
		claimsToken(t, `{"exp":1700003600,"k":"alice-secret"}`), &alice)
	require.NoError(t, err)
	keptAddresses.Lock()
	first := keptAddresses.all[len(keptAddresses.all)-1]
	keptAddresses.Unlock()
	_, err = v.Verify(context.Background(), claimsToken(t, `{"exp":1700003600,"k":"bob"}`), &bob)
	require.NoError(t, err)
	assert.Equal(t, "alice-secret", first.S)
	assert.Equal(t, "alice-secret", alice.K.S)
	assert.Equal(t, "bob", bob.K.S)
}

// simpleClaims has only fields that Verify fills without encoding/json.
type simpleClaims struct {
	jwt.RegisteredClaims
	Scope  string    `json:"scope"`
	Roles  []string  `json:"roles,omitempty"`
	Level  int8      `json:"level"`
	Quota  uint32    `json:"quota"`
	Ratio  float32   `json:"ratio"`
	Admin  bool      `json:"admin"`
	Codes  []int     `json:"codes"`
	Tenant string    // named Tenant
	Hidden string    `json:"-"`
	Stamps []float64 `json:"stamps,omitzero"`
}

// TestVerifySimpleFieldsAsJSON checks that Verify fills a destination of
// simple fields, which it decodes itself, exactly as json.Unmarshal fills
// it from the same payload, and fails where json.Unmarshal fails, leaving
// the destination untouched.
func TestVerifySimpleFieldsAsJSON(t *testing.T) {
	t.Parallel()
	v := testVerifier(t)
	for _, members := range []string{
		`"scope":"a b","roles":["x","y"]`, `"roles":[]`, `"roles":null`, `"roles":["x",null]`,
		`"scope":"\u00e9\t\"\/"`, `"Scope":"any case"`, `"SCOPE":"x","Roles":["r"]`,
		`"level":-128`, `"level":128`, `"level":1.0`, `"level":"1"`, `"quota":4294967295`,
		`"quota":4294967296`, `"quota":-1`, `"ratio":1.5e38`, `"ratio":3.5e38`, `"admin":true`,
		`"admin":1`, `"codes":[1,-2]`, `"codes":[1.5]`, `"codes":{}`, `"Tenant":"t"`,
		`"tenant":"t"`, `"Hidden":"h"`, `"stamps":[1e308,0]`, `"stamps":[1e309]`,
		`"roles":"admin"`, `"roles":[["x"]]`, `"other":{"roles":[1]},"scope":"s"`,
	} {
		payload := `{"sub":"alice","exp":1700003600,` + members + `}`
		var want simpleClaims
		wantErr := json.Unmarshal([]byte(payload), &want)
		got := simpleClaims{Scope: "stale", Hidden: "kept"}
		_, err := v.Verify(context.Background(), claimsToken(t, payload), &got)
		if wantErr != nil {
			require.ErrorIs(t, err, jwt.ErrInvalidClaim, members)
			assert.Equal(t, simpleClaims{Scope: "stale", Hidden: "kept"}, got, members)
			continue
		}
		require.NoError(t, err, members)
		assert.Equal(t, want, got, members)
	}
}

// nilUnmarshaler gets an UnmarshalJSON from an embedded interface, which is
// nil in the zero value that Verify decodes into.
type nilUnmarshaler struct {
	jwt.RegisteredClaims
	json.Unmarshaler
}

// panicsOnMember panics in UnmarshalJSON, as a buggy method might.
type panicsOnMember struct{}

func (*panicsOnMember) UnmarshalJSON([]byte) error { panic("s3cr3t from the token") }

// TestVerifyDestinationPanics checks that a panic in a method of the
// destination's type becomes an error, quoting nothing of the token, with
// the destination untouched.
func TestVerifyDestinationPanics(t *testing.T) {
	t.Parallel()
	v := testVerifier(t)
	token := claimsToken(t, `{"sub":"alice","exp":1700003600,"x":{}}`)
	for name, dst := range map[string]any{
		"nil embedded interface": &nilUnmarshaler{},
		"field whose method panics": &struct {
			jwt.RegisteredClaims
			X panicsOnMember `json:"x"`
		}{},
	} {
		_, err := v.Verify(context.Background(), token, dst)
		require.ErrorIs(t, err, jwt.ErrInvalidArgument, name)
		assert.NotContains(t, err.Error(), "s3cr3t", name)
	}
	var kept nilUnmarshaler
	kept.Subject = "kept"
	_, err := v.Verify(context.Background(), token, &kept)
	require.ErrorIs(t, err, jwt.ErrInvalidArgument)
	assert.Equal(t, "kept", kept.Subject)
}

// TestVerifyPointerToMapUsesNumbers checks that a pointer to a map or to
// an any receives numbers as json.Number, as the map itself does.
func TestVerifyPointerToMapUsesNumbers(t *testing.T) {
	t.Parallel()
	v := testVerifier(t)
	token := claimsToken(t, `{"exp":1700003600,"n":12345678901234567891}`)
	var m map[string]any
	var pm *map[string]any
	var pa *any
	for _, dst := range []any{&m, &pm, &pa} {
		_, err := v.Verify(context.Background(), token, dst)
		require.NoError(t, err)
	}
	want := json.Number("12345678901234567891")
	assert.Equal(t, want, m["n"])
	assert.Equal(t, want, (*pm)["n"])
	assert.Equal(t, want, (*pa).(map[string]any)["n"])
}
