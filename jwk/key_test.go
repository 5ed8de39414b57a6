package jwk_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt/algorithms"
	"github.com/jotgo/jwt/jwk"
)

// compact removes the insignificant whitespace of JSON text.
func compact(t testing.TB, data []byte) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, json.Compact(&b, data))
	return b.String()
}

// setElements returns the JSON text of each key of a JWK Set file.
func setElements(t testing.TB, path ...string) []json.RawMessage {
	t.Helper()
	var doc struct{ Keys []json.RawMessage }
	require.NoError(t, json.Unmarshal(readTestdata(t, path...), &doc))
	return doc.Keys
}

// TestParseKeyRFC7517 reads the example keys of RFC 7517 appendices A.1
// (public), A.2 (private) and A.3 (symmetric), copied into
// testdata/rfc7517, and checks that each marshals back to what was read.
func TestParseKeyRFC7517(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file          string
		kty, kid, alg []string
		private       bool
	}{
		{"a1-public-keys.json", []string{"EC", "RSA"}, []string{"1", "2011-04-29"},
			[]string{"", "RS256"}, false},
		{"a2-private-keys.json", []string{"EC", "RSA"}, []string{"1", "2011-04-29"},
			[]string{"", "RS256"}, true},
		{"a3-symmetric-keys.json", []string{"oct", "oct"},
			[]string{"", "HMAC key used in JWS spec Appendix A.1 example"},
			[]string{"A128KW", ""}, true},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			for i, raw := range setElements(t, "rfc7517", tc.file) {
				k, err := jwk.ParseKey(raw)
				require.NoError(t, err)
				assert.Equal(t, tc.kty[i], k.KeyType())
				assert.Equal(t, tc.kid[i], k.KeyID())
				assert.Equal(t, tc.alg[i], k.Algorithm())
				assert.Equal(t, tc.private, k.IsPrivate())
				out, err := k.MarshalJSON()
				require.NoError(t, err)
				assert.Equal(t, compact(t, raw), string(out))
			}
		})
	}
}

// TestParseKeyRFC7517AppendixB reads the RSA key with an "x5c" member of
// RFC 7517 appendix B: the certificate is kept as it is, and holds the
// same public key.
func TestParseKeyRFC7517AppendixB(t *testing.T) {
	t.Parallel()
	data := readTestdata(t, "rfc7517", "b-x5c-key.json")
	k, err := jwk.ParseKey(data)
	require.NoError(t, err)
	out, err := json.Marshal(k)
	require.NoError(t, err)
	assert.Equal(t, compact(t, data), string(out))
	assert.Equal(t, "sig", k.Use())

	x5c, ok := k.Member("x5c")
	require.True(t, ok)
	var chain [][]byte
	require.NoError(t, json.Unmarshal(x5c, &chain))
	require.Len(t, chain, 1)
	cert, err := x509.ParseCertificate(chain[0])
	require.NoError(t, err)
	assert.True(t, cert.PublicKey.(*rsa.PublicKey).Equal(k.PublicKey()))
}

// TestParseKeyCookbook reads the keys of RFC 7520 §3 as the JOSE cookbook
// gives them (testdata/jose-cookbook/jwk).
func TestParseKeyCookbook(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, kty, crv string
		private        bool
	}{
		{"3_1.ec_public_key.json", "EC", "P-521", false},
		{"3_2.ec_private_key.json", "EC", "P-521", true},
		{"3_3.rsa_public_key.json", "RSA", "", false},
		{"3_4.rsa_private_key.json", "RSA", "", true},
		{"3_5.symmetric_key_mac_computation.json", "oct", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			data := readTestdata(t, "jose-cookbook", "jwk", tc.file)
			k, err := jwk.ParseKey(data)
			require.NoError(t, err)
			assert.Equal(t, tc.kty, k.KeyType())
			assert.Equal(t, tc.crv, k.Curve())
			assert.Equal(t, tc.private, k.IsPrivate())
			assert.Equal(t, "sig", k.Use())
			out, err := k.MarshalJSON()
			require.NoError(t, err)
			assert.Equal(t, compact(t, data), string(out))
		})
	}
}

// TestParseKeyInvalid runs testdata/jwk/invalid-keys.json: keys with one
// fault each, and the error each must match.
func TestParseKeyInvalid(t *testing.T) {
	t.Parallel()
	var doc struct {
		Cases []struct {
			Name, Expect string
			JWK          json.RawMessage
		}
	}
	require.NoError(t, json.Unmarshal(readTestdata(t, "jwk", "invalid-keys.json"), &doc))
	require.NotEmpty(t, doc.Cases)
	want := map[string]error{
		"malformed":   jwk.ErrMalformed,
		"unsupported": jwk.ErrUnsupported,
		"invalid":     algorithms.ErrInvalidKey,
	}
	for _, tc := range doc.Cases {
		t.Run(tc.Name, func(t *testing.T) {
			k, err := jwk.ParseKey(tc.JWK)
			require.ErrorIs(t, err, want[tc.Expect])
			assert.Nil(t, k)
			assert.True(t, strings.HasPrefix(err.Error(), "jwt/jwk: "), err.Error())
		})
	}
}

// TestParseKeyStrictJSON checks the JSON rules that hold whatever the key.
func TestParseKeyStrictJSON(t *testing.T) {
	t.Parallel()
	deep := `{"kty":"oct","k":"AAAA","x":` + strings.Repeat("[", 40) +
		strings.Repeat("]", 40) + `}`
	tests := []struct{ name, in string }{
		{"empty", ``},
		{"not JSON", `kty=oct`},
		{"array", `[{"kty":"oct","k":"AAAA"}]`},
		{"string", `"oct"`},
		{"trailing value", `{"kty":"oct","k":"AAAA"} {}`},
		{"trailing comma", `{"kty":"oct","k":"AAAA",}`},
		{"duplicate member", `{"kty":"oct","k":"AAAA","k":"BBBB"}`},
		{"duplicate after escape", `{"kty":"oct","k":"AAAA","\u006b":"BBBB"}`},
		{"names differing by case", `{"kty":"oct","k":"AAAA","K":"BBBB"}`},
		{"names equal after folding", `{"kty":"oct","k":"AAAA","use":"sig","u\u017fe":"enc"}`},
		{"invalid UTF-8", "{\"kty\":\"oct\",\"k\":\"AAAA\",\"kid\":\"\xff\"}"},
		{"lone high surrogate", `{"kty":"oct","k":"AAAA","kid":"\ud800"}`},
		{"lone low surrogate", `{"kty":"oct","k":"AAAA","kid":"\udc00x"}`},
		{"bad escape", `{"kty":"oct","k":"AAAA","kid":"\x41"}`},
		{"control character", "{\"kty\":\"oct\",\"k\":\"AAAA\",\"kid\":\"\t\"}"},
		{"bad number", `{"kty":"oct","k":"AAAA","n2":01}`},
		{"nested too deep", deep},
		{"unterminated", `{"kty":"oct","k":"AAAA"`},
		{"newline in base64url", `{"kty":"oct","k":"AAAA\nAAAA"}`},
		{"base64 padding", `{"kty":"oct","k":"AAA="}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k, err := jwk.ParseKey([]byte(tc.in))
			require.ErrorIs(t, err, jwk.ErrMalformed)
			assert.Nil(t, k)
		})
	}
}

// TestParseKeyLongKeyOps checks a key_ops list of many distinct
// operations, which is accepted, and the same list with its first
// operation repeated at the end, which is refused.
func TestParseKeyLongKeyOps(t *testing.T) {
	t.Parallel()
	ops := make([]string, 20000)
	for i := range ops {
		ops[i] = fmt.Sprintf("op%d", i)
	}
	key := func(ops []string) []byte {
		return []byte(`{"kty":"oct","k":"AAAA","key_ops":["` + strings.Join(ops, `","`) + `"]}`)
	}
	k, err := jwk.ParseKey(key(ops))
	require.NoError(t, err)
	assert.Len(t, k.KeyOps(), len(ops))
	_, err = jwk.ParseKey(key(append(ops, "op0")))
	require.ErrorIs(t, err, jwk.ErrMalformed)
}

// TestParseKeyKeepsMembers checks the round trip of a key with unknown
// members, escapes and whitespace inside values.
func TestParseKeyKeepsMembers(t *testing.T) {
	t.Parallel()
	data := readTestdata(t, "jwk", "extra-members.json")
	k, err := jwk.ParseKey(data)
	require.NoError(t, err)
	out, err := k.MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, compact(t, data), compact(t, out))
	assert.Equal(t, "k\u00e9y/1", k.KeyID())
	ext, ok := k.Member("ext")
	require.True(t, ok)
	assert.JSONEq(t, `{"a": [1, 2.5e3, true, null], "b": "\u263a"}`, string(ext))
	_, ok = k.Member("missing")
	assert.False(t, ok)
}

func TestKeyAccessorsReturnCopies(t *testing.T) {
	t.Parallel()
	k := parseKeyFile(t, "jose-cookbook", "jwk", "3_2.ec_private_key.json")
	pub := k.PublicKey().(*ecdsa.PublicKey)
	pub.X.SetInt64(1)
	assert.NotEqual(t, int64(1), k.PublicKey().(*ecdsa.PublicKey).X.Int64())
	priv := k.PrivateKey().(*ecdsa.PrivateKey)
	priv.D.SetInt64(1)
	assert.NotEqual(t, int64(1), k.PrivateKey().(*ecdsa.PrivateKey).D.Int64())

	ed := edKey(t, 7, jwk.WithKeyOps("sign"))
	ed.PrivateKey().(ed25519.PrivateKey)[0] ^= 1
	ed.KeyOps()[0] = "encrypt"
	_, err := ed.Signer(algorithms.EdDSA)
	assert.NoError(t, err)

	oct := parseKeyFile(t, "jose-cookbook", "jwk", "3_5.symmetric_key_mac_computation.json")
	oct.Secret()[0] ^= 1
	assert.Equal(t, byte(0x84), oct.Secret()[0])
	assert.Nil(t, oct.PublicKey())
	assert.Nil(t, oct.PrivateKey())
	assert.Nil(t, k.Secret())
}

func TestKeyPublic(t *testing.T) {
	t.Parallel()
	for _, raw := range setElements(t, "rfc7517", "a2-private-keys.json") {
		k, err := jwk.ParseKey(raw)
		require.NoError(t, err)
		p := k.Public()
		require.NotNil(t, p)
		assert.False(t, p.IsPrivate())
		assert.Nil(t, p.PrivateKey())
		assert.Same(t, p, p.Public())
		out, err := p.MarshalJSON()
		require.NoError(t, err)
		for _, name := range []string{`"d"`, `"p"`, `"q"`, `"dp"`, `"dq"`, `"qi"`} {
			assert.NotContains(t, string(out), name)
		}
		again, err := jwk.ParseKey(out)
		require.NoError(t, err)
		assert.Equal(t, k.KeyID(), again.KeyID())
	}
	oct := parseKeyFile(t, "jose-cookbook", "jwk", "3_5.symmetric_key_mac_computation.json")
	assert.Nil(t, oct.Public())
}

// TestKeyPublicDropsUnknownMembers checks that the public form of a private
// key keeps only registered public members, and maps key_ops.
func TestKeyPublicDropsUnknownMembers(t *testing.T) {
	t.Parallel()
	k := edKey(t, 1, jwk.WithKeyOps("sign", "verify", "deriveKey"), jwk.WithKeyID("k"))
	p := k.Public()
	assert.Equal(t, []string{"verify"}, p.KeyOps())
	_, err := p.Verifier(algorithms.EdDSA)
	assert.NoError(t, err)

	priv := readTestdata(t, "jwk", "extra-members.json")
	pk, err := jwk.ParseKey(priv)
	require.NoError(t, err)
	require.True(t, pk.IsPrivate())
	_, ok := pk.Public().Member("ext")
	assert.False(t, ok)
}

func TestMarshalNilKey(t *testing.T) {
	t.Parallel()
	var k *jwk.Key
	out, err := k.MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, "null", string(out))
}

// TestRSAHugePrime checks that a private key with a prime of several
// kilobytes is refused by the cheap check that p·q = n, before crypto/rsa
// spends minutes working modulo p.
func TestRSAHugePrime(t *testing.T) {
	t.Parallel()
	var key map[string]any
	require.NoError(t, json.Unmarshal(setElements(t, "rfc7517", "a2-private-keys.json")[1], &key))
	huge := bytes.Repeat([]byte{0xff}, 8192)
	key["p"] = base64.RawURLEncoding.EncodeToString(huge)
	data, err := json.Marshal(key)
	require.NoError(t, err)
	_, err = jwk.ParseKey(data)
	require.ErrorIs(t, err, algorithms.ErrInvalidKey)
	assert.ErrorContains(t, err, "do not multiply")

	priv := parseKeyFile(t, "jose-cookbook", "jwk", "3_4.rsa_private_key.json").
		PrivateKey().(*rsa.PrivateKey)
	priv.Primes[0] = new(big.Int).SetBytes(huge)
	_, err = jwk.FromPrivateKey(priv)
	require.ErrorIs(t, err, algorithms.ErrInvalidKey)
	assert.ErrorContains(t, err, "do not multiply")
}
