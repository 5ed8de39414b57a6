package jwk

import (
	"encoding/json"
	"slices"

	"github.com/jotgo/jwt/internal/base64url"
)

// The members that RFC 7517 §4 defines for every key type, and those that
// RFC 7518 §6 and RFC 8037 §2 define for the key material of one type.
var (
	materialMembers = []string{
		"crv", "x", "y", "d", "n", "e", "p", "q", "dp", "dq", "qi", "oth", "k",
	}
	membersOf = map[string][]string{
		"RSA": {"n", "e", "d", "p", "q", "dp", "dq", "qi", "oth"},
		"EC":  {"crv", "x", "y", "d"},
		"OKP": {"crv", "x", "d"},
		"oct": {"k"},
	}
	// publicMembers are the registered members a public key keeps; see
	// [Key.Public].
	publicMembers = []string{
		"kty", "kid", "use", "key_ops", "alg", "x5u", "x5c", "x5t", "x5t#S256",
		"crv", "x", "y", "n", "e",
	}
)

// fields gives access to the members of a key by exact name.
type fields map[string][]byte

func newFields(ms []member) fields {
	f := make(fields, len(ms))
	for _, m := range ms {
		f[m.name] = m.value
	}
	return f
}

// str returns the member called name, which must be a JSON string, and
// whether it is present.
func (f fields) str(name string) (string, bool, error) {
	raw, ok := f[name]
	if !ok {
		return "", false, nil
	}
	if raw[0] != '"' {
		return "", true, malformed("member %s is not a string", name)
	}
	v, err := decodeString(raw)
	if err != nil {
		return "", true, malformed("member %s: %v", name, err)
	}
	return v, true, nil
}

// nonEmpty is str for members that, when present, may not be empty.
func (f fields) nonEmpty(name string) (string, error) {
	v, ok, err := f.str(name)
	if err == nil && ok && v == "" {
		err = malformed("member %s is empty", name)
	}
	return v, err
}

// bytes returns the member called name decoded from base64url. It must be
// unpadded with zero unused trailing bits (RFC 7515 §2), as the segments of
// a token must.
func (f fields) bytes(name string) ([]byte, bool, error) {
	v, ok, err := f.str(name)
	if err != nil || !ok {
		return nil, ok, err
	}
	n := max(base64url.DecodedLen(len(v)), 0)
	b, err := base64url.AppendDecode(make([]byte, 0, n), v)
	if err != nil {
		return nil, true, malformed("member %s: not strict unpadded base64url", name)
	}
	return b, true, nil
}

// need is bytes for a member that must be present.
func (f fields) need(name string) ([]byte, error) {
	b, ok, err := f.bytes(name)
	if err == nil && !ok {
		err = malformed("member %s is missing", name)
	}
	return b, err
}

// strings returns the member called name, which must be an array of
// strings.
func (f fields) strings(name string) ([]string, bool, error) {
	raw, ok := f[name]
	if !ok {
		return nil, false, nil
	}
	elems, ok := parseArray(raw)
	if !ok {
		return nil, true, malformed("member %s is not an array", name)
	}
	list := make([]string, 0, len(elems))
	for _, e := range elems {
		if e[0] != '"' {
			return nil, true, malformed("member %s holds a value that is not a string", name)
		}
		v, err := decodeString(e)
		if err != nil {
			return nil, true, malformed("member %s: %v", name, err)
		}
		list = append(list, v)
	}
	return list, true, nil
}

// has reports whether any of names is present.
func (f fields) has(names ...string) bool {
	for _, n := range names {
		if _, ok := f[n]; ok {
			return true
		}
	}
	return false
}

// checkMaterial refuses key material members that belong to another key
// type, such as "n" in an EC key: another program could read the key
// differently.
func (f fields) checkMaterial(kty string) error {
	own := membersOf[kty]
	for _, name := range materialMembers {
		if _, ok := f[name]; ok && !slices.Contains(own, name) {
			return malformed("member %s does not belong to a key of type %s", name, kty)
		}
	}
	return nil
}

// stringMember returns a member whose value is the JSON string v.
func stringMember(name, v string) member {
	return member{name: name, rawName: jsonString(name), value: jsonString(v)}
}

// listMember returns a member whose value is the JSON array of list.
func listMember(name string, list []string) member {
	b := []byte{'['}
	for i, v := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, jsonString(v)...)
	}
	return member{name: name, rawName: jsonString(name), value: append(b, ']')}
}

func jsonString(s string) []byte {
	// Marshaling a string cannot fail.
	b, _ := json.Marshal(s)
	return b
}

// encodeBase64URL returns the unpadded base64url encoding of b, the form
// of every binary member of a JWK.
func encodeBase64URL(b []byte) string {
	return string(base64url.AppendEncode(nil, b))
}

// appendObject appends the JSON object made of ms to b.
func appendObject(b []byte, ms []member) []byte {
	b = append(b, '{')
	for i, m := range ms {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, m.rawName...)
		b = append(b, ':')
		b = append(b, m.value...)
	}
	return append(b, '}')
}
