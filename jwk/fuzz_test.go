package jwk_test

import (
	"bytes"
	"crypto"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/jotgo/jwt/jwk"
)

// keySeeds returns the JWKs and JWK Sets of testdata: every key of every
// set, each set itself, and each invalid key.
func keySeeds(f *testing.F) [][]byte {
	f.Helper()
	var seeds [][]byte
	for _, dir := range []string{"rfc7517", "jwk", filepath.Join("jose-cookbook", "jwk")} {
		names, err := filepath.Glob(filepath.Join("..", "testdata", dir, "*.json"))
		if err != nil || len(names) == 0 {
			f.Fatalf("no seeds in %s", dir)
		}
		for _, name := range names {
			data, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			seeds = append(seeds, data)
			seeds = append(seeds, subDocuments(data)...)
		}
	}
	return append(seeds, []byte(`{"keys":[{"kty":"oct","k":"AAAA","kid":"\u00e9"}]}`),
		[]byte(`{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}`))
}

// subDocuments returns the keys of a set and the keys of a file of cases.
func subDocuments(data []byte) [][]byte {
	var doc struct {
		Keys  []json.RawMessage
		Cases []struct{ JWK json.RawMessage }
	}
	if json.Unmarshal(data, &doc) != nil {
		return nil
	}
	out := [][]byte{}
	for _, k := range doc.Keys {
		out = append(out, k)
	}
	for _, c := range doc.Cases {
		out = append(out, c.JWK)
	}
	return out
}

// FuzzParseKey checks that ParseKey never panics, returns no key with an
// error, and that an accepted key marshals to JSON that parses to the
// same key and marshals to the same bytes.
func FuzzParseKey(f *testing.F) {
	for _, s := range keySeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := jwk.ParseKey(data)
		if err != nil {
			if k != nil {
				t.Fatalf("key returned with error %v", err)
			}
			return
		}
		out := marshalKey(t, k)
		again, err := jwk.ParseKey(out)
		if err != nil {
			t.Fatalf("marshaled key %s does not parse: %v", out, err)
		}
		if !bytes.Equal(out, marshalKey(t, again)) {
			t.Fatalf("round trip changed %s", out)
		}
		sameKey(t, k, again)
		if p := k.Public(); p != nil {
			if _, err := jwk.ParseKey(marshalKey(t, p)); err != nil {
				t.Fatalf("public form does not parse: %v", err)
			}
		}
	})
}

// FuzzParseSet checks that ParseSet never panics, returns no set with an
// error, and that an accepted set marshals to a set of the same public
// keys that marshals to the same bytes.
func FuzzParseSet(f *testing.F) {
	for _, s := range keySeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := jwk.ParseSet(data)
		if err != nil {
			if s != nil {
				t.Fatalf("set returned with error %v", err)
			}
			return
		}
		out, err := s.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		again, err := jwk.ParseSet(out)
		if err != nil {
			t.Fatalf("marshaled set %s does not parse: %v", out, err)
		}
		out2, err := again.MarshalJSON()
		if err != nil || !bytes.Equal(out, out2) {
			t.Fatalf("round trip changed %s into %s (%v)", out, out2, err)
		}
		if len(again.Skipped()) != 0 || len(again.Keys()) != len(s.Public().Keys()) {
			t.Fatalf("round trip changed the keys of %s", out)
		}
	})
}

func marshalKey(t *testing.T, k *jwk.Key) []byte {
	t.Helper()
	out, err := k.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameKey checks that a and b are the same key.
func sameKey(t *testing.T, a, b *jwk.Key) {
	t.Helper()
	if a.KeyType() != b.KeyType() || a.KeyID() != b.KeyID() || a.Algorithm() != b.Algorithm() ||
		a.IsPrivate() != b.IsPrivate() {
		t.Fatal("parameters differ after a round trip")
	}
	ta, errA := a.Thumbprint(crypto.SHA256)
	tb, errB := b.Thumbprint(crypto.SHA256)
	if errA != nil || errB != nil || !bytes.Equal(ta, tb) {
		t.Fatal("thumbprints differ after a round trip")
	}
}
