package jwk_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/jwk"
)

// benchKeys returns five keys of the same kind, with kids k0 to k4, for
// alg: Ed25519 for EdDSA and 32-byte secrets for HS256.
func benchKeys(b *testing.B, alg string) []*jwk.Key {
	b.Helper()
	var keys []*jwk.Key
	for i := range 5 {
		kid := jwk.WithKeyID(fmt.Sprintf("k%d", i))
		if alg == "EdDSA" {
			keys = append(keys, edKey(b, byte(i), kid))
			continue
		}
		secret := make([]byte, 32)
		secret[0] = byte(i)
		k, err := jwk.FromSecret(secret, kid, jwk.WithAlgorithm(alg))
		require.NoError(b, err)
		keys = append(keys, k)
	}
	return keys
}

// BenchmarkVerify compares verifying a token with jwt.Key, with a Set of
// five keys (found by kid) and with a RemoteSet holding the same five.
func BenchmarkVerify(b *testing.B) {
	for _, alg := range []string{"HS256", "EdDSA"} {
		keys := benchKeys(b, alg)
		token := sign(b, keys[3], alg, "alice")
		v, err := keys[3].Verifier(alg)
		require.NoError(b, err)
		set := publicOrSecretSet(b, keys)
		p := newProvider(b, keys...)
		remote, err := jwk.NewRemoteSet(p.url())
		require.NoError(b, err)
		b.Cleanup(func() { remote.Close() })
		sources := []struct {
			name string
			keys jwt.KeySource
		}{{"key", jwt.Key(v)}, {"set", set}}
		if alg == "EdDSA" {
			sources = append(sources, struct {
				name string
				keys jwt.KeySource
			}{"remote", remote})
		}
		for _, src := range sources {
			b.Run(src.name+"/"+alg, func(b *testing.B) {
				verify := verifier(b, src.keys)
				b.ReportAllocs()
				for b.Loop() {
					if _, err := verify.Verify(b.Context(), token, nil); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkVerifierFor measures the lookup alone.
func BenchmarkVerifierFor(b *testing.B) {
	keys := benchKeys(b, "EdDSA")
	p := newProvider(b, keys...)
	remote, err := jwk.NewRemoteSet(p.url())
	require.NoError(b, err)
	b.Cleanup(func() { remote.Close() })
	h := header(b, `{"alg":"EdDSA","kid":"k3"}`)
	for _, src := range []struct {
		name string
		keys jwt.KeySource
	}{{"set", publicOrSecretSet(b, keys)}, {"remote", remote}} {
		b.Run(src.name, func(b *testing.B) {
			_, err := src.keys.VerifierFor(b.Context(), h)
			require.NoError(b, err)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := src.keys.VerifierFor(b.Context(), h); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// publicOrSecretSet returns the set of the public keys, or of the secrets.
func publicOrSecretSet(b *testing.B, keys []*jwk.Key) *jwk.Set {
	b.Helper()
	if keys[0].Public() != nil {
		return publicSet(b, keys)
	}
	set, err := jwk.NewSet(keys)
	require.NoError(b, err)
	return set
}
