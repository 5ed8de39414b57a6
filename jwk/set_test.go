package jwk_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/algorithms"
	"github.com/jotgo/jwt/jwk"
)

// ecKey returns a new private key on curve with opts.
func ecKey(t testing.TB, curve elliptic.Curve, opts ...jwk.KeyOption) *jwk.Key {
	t.Helper()
	priv, err := ecdsa.GenerateKey(curve, rand.Reader)
	require.NoError(t, err)
	k, err := jwk.FromPrivateKey(priv, opts...)
	require.NoError(t, err)
	return k
}

// withKID returns k with the given kid and options.
func withKID(t testing.TB, k *jwk.Key, kid string, opts ...jwk.KeyOption) *jwk.Key {
	t.Helper()
	opts = append([]jwk.KeyOption{jwk.WithKeyID(kid)}, opts...)
	out, err := jwk.FromPrivateKey(k.PrivateKey(), opts...)
	require.NoError(t, err)
	return out
}

func publicSet(t testing.TB, keys []*jwk.Key, opts ...jwk.SetOption) *jwk.Set {
	t.Helper()
	var pub []*jwk.Key
	for _, k := range keys {
		pub = append(pub, k.Public())
	}
	s, err := jwk.NewSet(pub, opts...)
	require.NoError(t, err)
	return s
}

// assertVerifierOf checks that v verifies alg signatures made by k.
func assertVerifierOf(t *testing.T, v algorithms.Verifier, k *jwk.Key, alg string) {
	t.Helper()
	s, err := k.Signer(alg)
	require.NoError(t, err)
	sig, err := s.Sign([]byte("input"))
	require.NoError(t, err)
	assert.NoError(t, v.Verify([]byte("input"), sig))
}

// TestSetLookup checks how a set chooses a key from kid and alg.
func TestSetLookup(t *testing.T) {
	t.Parallel()
	rsaKey := rfcKey(t, "rfc7515-A.2")
	keys := map[string]*jwk.Key{
		"a":      ecKey(t, elliptic.P256(), jwk.WithKeyID("a")),
		"b":      edKey(t, 1, jwk.WithKeyID("b"), jwk.WithAlgorithm("EdDSA")),
		"r":      withKID(t, rsaKey, "r"),
		"dup/EC": ecKey(t, elliptic.P256(), jwk.WithKeyID("dup")),
		"dup/Ed": edKey(t, 2, jwk.WithKeyID("dup")),
		"twin1":  ecKey(t, elliptic.P256(), jwk.WithKeyID("twin")),
		"twin2":  ecKey(t, elliptic.P256(), jwk.WithKeyID("twin")),
		"enc":    withKID(t, rfcKey(t, "rfc7520-4.1"), "enc", jwk.WithUse("enc")),
		"nokid":  ecKey(t, elliptic.P384()),
	}
	var list []*jwk.Key
	for _, k := range keys {
		list = append(list, k)
	}
	set := publicSet(t, list)
	tests := []struct {
		kid, alg, want string
		err            error
	}{
		{"a", "ES256", "a", nil},
		{"a", "ES384", "", jwt.ErrAlgorithm},
		{"a", "HS256", "", jwt.ErrAlgorithm},
		{"b", "EdDSA", "b", nil},
		{"r", "RS256", "r", nil},
		{"r", "PS256", "", jwt.ErrAlgorithm},
		{"missing", "ES256", "", jwt.ErrKeyNotFound},
		{"A", "ES256", "", jwt.ErrKeyNotFound},
		{"dup", "ES256", "dup/EC", nil},
		{"dup", "EdDSA", "dup/Ed", nil},
		{"twin", "ES256", "", jwt.ErrKeyNotFound},
		{"enc", "RS256", "", jwt.ErrAlgorithm},
		{"", "ES384", "nokid", nil},
		{"", "RS256", "r", nil},
		{"", "ES256", "", jwt.ErrKeyNotFound},
		{"", "HS256", "", jwt.ErrAlgorithm},
		{"", "none", "", jwt.ErrAlgorithm},
	}
	for _, tc := range tests {
		t.Run(tc.kid+" "+tc.alg, func(t *testing.T) {
			h := header(t, fmt.Sprintf(`{"alg":%q,"kid":%q}`, tc.alg, tc.kid))
			if tc.kid == "" {
				h = header(t, fmt.Sprintf(`{"alg":%q}`, tc.alg))
			}
			v, err := set.VerifierFor(t.Context(), h)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				assert.Nil(t, v)
				return
			}
			require.NoError(t, err)
			assertVerifierOf(t, v, keys[tc.want], tc.alg)
		})
	}
}

func TestSetRSAAlgorithms(t *testing.T) {
	t.Parallel()
	k := withKID(t, rfcKey(t, "rfc7515-A.2"), "r")
	set := publicSet(t, []*jwk.Key{k}, jwk.WithRSAAlgorithms("RS256", "PS256"))
	for _, alg := range []string{"RS256", "PS256"} {
		v, err := set.VerifierFor(t.Context(), header(t, `{"alg":"`+alg+`","kid":"r"}`))
		require.NoError(t, err)
		assertVerifierOf(t, v, k, alg)
	}
	_, err := set.VerifierFor(t.Context(), header(t, `{"alg":"RS512","kid":"r"}`))
	assert.ErrorIs(t, err, jwt.ErrAlgorithm)

	withAlg := withKID(t, k, "r2", jwk.WithAlgorithm("RS384"))
	set = publicSet(t, []*jwk.Key{withAlg}, jwk.WithRSAAlgorithms("PS256"))
	_, err = set.VerifierFor(t.Context(), header(t, `{"alg":"RS384","kid":"r2"}`))
	assert.NoError(t, err, "the alg member wins over the allow-list")

	for _, bad := range [][]string{{}, {"HS256"}, {"ES256"}, {"rs256"}, {"RS256", ""}} {
		_, err := jwk.NewSet(nil, jwk.WithRSAAlgorithms(bad...))
		assert.ErrorIs(t, err, jwt.ErrInvalidArgument, bad)
		_, err = jwk.ParseSet([]byte(`{"keys":[]}`), jwk.WithRSAAlgorithms(bad...))
		assert.ErrorIs(t, err, jwt.ErrInvalidArgument, bad)
	}
}

// TestParseSetSkipsKeys checks that keys ParseKey refuses are left out of
// a set (RFC 7517 §5) and reported by Skipped.
func TestParseSetSkipsKeys(t *testing.T) {
	t.Parallel()
	set, err := jwk.ParseSet(readTestdata(t, "jwk", "set-with-skipped-keys.json"))
	require.NoError(t, err)
	require.Len(t, set.Keys(), 1)
	assert.Equal(t, "good", set.Keys()[0].KeyID())
	want := []error{jwk.ErrUnsupported, algorithms.ErrInvalidKey, jwk.ErrMalformed,
		jwk.ErrMalformed, jwk.ErrUnsupported, algorithms.ErrInvalidKey}
	skipped := set.Skipped()
	require.Len(t, skipped, len(want))
	for i, err := range skipped {
		assert.ErrorIs(t, err, want[i])
		prefix := fmt.Sprintf("jwt/jwk: key %d skipped: ", i+1)
		assert.True(t, strings.HasPrefix(err.Error(), prefix), err.Error())
	}
	_, err = set.VerifierFor(t.Context(), header(t, `{"alg":"ES256","kid":"off-curve"}`))
	assert.ErrorIs(t, err, jwt.ErrKeyNotFound)
}

func TestParseSetRefused(t *testing.T) {
	t.Parallel()
	tooMany := `{"keys":[` + strings.Repeat(`{"kty":"oct","k":"AAAA"},`, 256) +
		`{"kty":"oct","k":"AAAA"}]}`
	tests := []struct{ name, in string }{
		{"not JSON", `keys`},
		{"array", `[]`},
		{"no keys", `{"key":[]}`},
		{"keys not an array", `{"keys":{}}`},
		{"keys twice", `{"keys":[],"keys":[]}`},
		{"trailing data", `{"keys":[]}]`},
		{"257 keys", tooMany},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := jwk.ParseSet([]byte(tc.in))
			require.ErrorIs(t, err, jwk.ErrMalformed)
			assert.Nil(t, s)
		})
	}
}

// TestSetMixedKeys checks that a set cannot mix public keys with private
// or secret ones (Wycheproof MixedKeySet).
func TestSetMixedKeys(t *testing.T) {
	t.Parallel()
	ec := ecKey(t, elliptic.P256())
	secret, err := jwk.FromSecret(make([]byte, 32), jwk.WithAlgorithm("HS256"))
	require.NoError(t, err)
	for _, keys := range [][]*jwk.Key{{ec.Public(), secret}, {ec.Public(), edKey(t, 1)}} {
		_, err := jwk.NewSet(keys)
		assert.ErrorIs(t, err, jwt.ErrInvalidArgument)
		doc, err := json.Marshal(map[string][]*jwk.Key{"keys": keys})
		require.NoError(t, err)
		_, err = jwk.ParseSet(doc)
		assert.ErrorIs(t, err, jwk.ErrMalformed)
	}
	_, err = jwk.NewSet([]*jwk.Key{ec, nil})
	assert.ErrorIs(t, err, jwt.ErrInvalidArgument)
}

// TestSetMarshal checks that a set marshals as public keys only, and that
// a public set survives the round trip unchanged.
func TestSetMarshal(t *testing.T) {
	t.Parallel()
	public := readTestdata(t, "rfc7517", "a1-public-keys.json")
	set, err := jwk.ParseSet(public)
	require.NoError(t, err)
	out, err := json.Marshal(set)
	require.NoError(t, err)
	assert.Equal(t, compact(t, public), string(out))

	private, err := jwk.ParseSet(readTestdata(t, "rfc7517", "a2-private-keys.json"))
	require.NoError(t, err)
	out, err = json.Marshal(private)
	require.NoError(t, err)
	assert.Equal(t, compact(t, public), string(out))

	secret, err := jwk.ParseSet(readTestdata(t, "rfc7517", "a3-symmetric-keys.json"))
	require.NoError(t, err)
	require.Len(t, secret.Keys(), 2)
	out, err = json.Marshal(secret)
	require.NoError(t, err)
	assert.Equal(t, `{"keys":[]}`, string(out))
}

// TestSetVerify verifies tokens through a set with a jwt.Verifier.
func TestSetVerify(t *testing.T) {
	t.Parallel()
	a, b := ecKey(t, elliptic.P256(), jwk.WithKeyID("a")), edKey(t, 9, jwk.WithKeyID("b"))
	other := edKey(t, 10, jwk.WithKeyID("a"))
	v := verifier(t, publicSet(t, []*jwk.Key{a, b}))
	tests := []struct {
		name  string
		token string
		err   error
	}{
		{"key a", sign(t, a, "ES256", "alice"), nil},
		{"key b", sign(t, b, "EdDSA", "bob"), nil},
		{"unknown kid", sign(t, edKey(t, 11, jwk.WithKeyID("c")), "EdDSA", "eve"),
			jwt.ErrKeyNotFound},
		{"kid of another key type", sign(t, other, "EdDSA", "eve"), jwt.ErrAlgorithm},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := v.Verify(t.Context(), tc.token, nil)
			if tc.err == nil {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, tc.err)
		})
	}
}

// TestPrivateSet uses a set of private keys, such as an issuer's own, to
// verify: the public parts verify, an oct key needs an alg.
func TestPrivateSet(t *testing.T) {
	t.Parallel()
	set, err := jwk.ParseSet(readTestdata(t, "rfc7517", "a2-private-keys.json"))
	require.NoError(t, err)
	rsaKey := set.Keys()[1]
	_, err = verifier(t, set).Verify(t.Context(), sign(t, rsaKey, "RS256", "alice"), nil)
	assert.NoError(t, err)

	noAlg, err := jwk.FromSecret(make([]byte, 32), jwk.WithKeyID("s"))
	require.NoError(t, err)
	hs256, err := jwk.FromSecret(make([]byte, 32), jwk.WithKeyID("t"), jwk.WithAlgorithm("HS256"))
	require.NoError(t, err)
	secrets, err := jwk.NewSet([]*jwk.Key{noAlg, hs256})
	require.NoError(t, err)
	v := verifier(t, secrets)
	_, err = v.Verify(t.Context(), sign(t, noAlg, "HS256", "alice"), nil)
	assert.ErrorIs(t, err, jwt.ErrAlgorithm)
	_, err = v.Verify(t.Context(), sign(t, hs256, "HS256", "alice"), nil)
	assert.NoError(t, err)
}

func TestSetKeysIsACopy(t *testing.T) {
	t.Parallel()
	set := publicSet(t, []*jwk.Key{edKey(t, 1, jwk.WithKeyID("a"))})
	set.Keys()[0] = nil
	assert.NotNil(t, set.Keys()[0])
	assert.Empty(t, set.Skipped())
}
