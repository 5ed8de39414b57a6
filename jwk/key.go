package jwk

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/json"
	"math/big"
	"slices"
)

// A Key is a JSON Web Key ([RFC 7517]): an RSA, EC (P-256, P-384, P-521),
// OKP (Ed25519) or oct (HMAC secret) key, public or private, with its
// parameters such as "kid", "alg", "use" and "key_ops".
//
// A Key is immutable and safe for concurrent use. It is checked when it is
// made, by [ParseKey] or a constructor such as [FromPublicKey]: EC points
// are on their curve with coordinates of the exact length, RSA moduli have
// 2048 to 8192 bits and a safe exponent, private parts match the public
// ones, and an "alg" member that names a JWS algorithm fits the key. A Key
// keeps every member it was read with, unknown ones included, and
// [Key.MarshalJSON] writes them back unchanged.
//
// The "x5c", "x5t", "x5t#S256" and "x5u" members are kept and checked for
// their JSON type only: the key is the one its own members give, and
// certificates are never used to find or trust a key.
//
// [RFC 7517]: https://www.rfc-editor.org/rfc/rfc7517
type Key struct {
	kty string
	kid string
	use string
	alg string
	crv string
	// ops is the "key_ops" member; hasOps tells an empty list from none.
	ops    []string
	hasOps bool
	// pub is a *rsa.PublicKey, *ecdsa.PublicKey or ed25519.PublicKey, nil
	// for an oct key; priv is the matching private key, or nil.
	pub    crypto.PublicKey
	priv   crypto.PrivateKey
	secret []byte
	// members are the members as read, for MarshalJSON.
	members []member
}

// ParseKey parses a JSON Web Key. It returns an error matching
// [ErrMalformed] for input that is not a well-formed JWK (duplicate member
// names and base64url with padding included), [ErrUnsupported] for a key
// type or curve this package does not handle, and
// [github.com/jotgo/jwt/algorithms.ErrInvalidKey] for a key that is
// well formed but unusable, such as an EC point off its curve, an RSA
// modulus under 2048 bits, or a private part that does not match the
// public one.
func ParseKey(data []byte) (*Key, error) {
	ms, err := parseObject(bytes.Clone(data))
	if err != nil {
		return nil, malformed("%v", err)
	}
	return newKey(ms)
}

// newKey makes a Key from the members of a JWK object.
func newKey(ms []member) (*Key, error) {
	f := newFields(ms)
	k := &Key{members: ms}
	if err := k.readParameters(f); err != nil {
		return nil, err
	}
	if err := k.readMaterial(f); err != nil {
		return nil, err
	}
	if err := k.checkAlgorithm(); err != nil {
		return nil, err
	}
	return k, nil
}

// readParameters reads the members that every key type shares (RFC 7517
// §4).
func (k *Key) readParameters(f fields) error {
	var err error
	if k.kty, err = f.nonEmpty("kty"); err != nil {
		return err
	}
	if k.kty == "" {
		return malformed("member kty is missing")
	}
	if k.kid, _, err = f.str("kid"); err != nil {
		return err
	}
	if k.use, err = f.nonEmpty("use"); err != nil {
		return err
	}
	if k.alg, err = f.nonEmpty("alg"); err != nil {
		return err
	}
	if err := k.readKeyOps(f); err != nil {
		return err
	}
	return readCertificateMembers(f)
}

func (k *Key) readKeyOps(f fields) error {
	ops, ok, err := f.strings("key_ops")
	if err != nil || !ok {
		return err
	}
	// A set, not a search of the operations before each one: a list of
	// many thousands would otherwise take quadratic time to check.
	seen := make(map[string]struct{}, len(ops))
	for _, op := range ops {
		if _, ok := seen[op]; ok {
			return malformed("member key_ops lists an operation twice")
		}
		seen[op] = struct{}{}
	}
	k.ops, k.hasOps = ops, true
	return nil
}

// readCertificateMembers checks the JSON types of the X.509 members.
func readCertificateMembers(f fields) error {
	if _, _, err := f.str("x5u"); err != nil {
		return err
	}
	if _, _, err := f.strings("x5c"); err != nil {
		return err
	}
	if _, _, err := f.bytes("x5t"); err != nil {
		return err
	}
	_, _, err := f.bytes("x5t#S256")
	return err
}

func (k *Key) readMaterial(f fields) error {
	if _, ok := membersOf[k.kty]; !ok {
		return unsupported("key type %s", quote(k.kty))
	}
	if err := f.checkMaterial(k.kty); err != nil {
		return err
	}
	switch k.kty {
	case "RSA":
		return k.readRSA(f)
	case "EC":
		return k.readEC(f)
	case "OKP":
		return k.readOKP(f)
	}
	return k.readOct(f)
}

// KeyType returns the "kty" member: "RSA", "EC", "OKP" or "oct".
func (k *Key) KeyType() string { return k.kty }

// KeyID returns the "kid" member, or "" if absent.
func (k *Key) KeyID() string { return k.kid }

// Algorithm returns the "alg" member, such as "RS256", or "" if absent.
// It may name an algorithm this package does not implement, such as a
// JWE algorithm; such a key is never used to verify a JWS.
func (k *Key) Algorithm() string { return k.alg }

// Use returns the "use" member, such as "sig" or "enc", or "" if absent.
func (k *Key) Use() string { return k.use }

// KeyOps returns a copy of the "key_ops" member, or nil if absent. An
// empty, non-nil list means the key may be used for nothing.
func (k *Key) KeyOps() []string {
	if !k.hasOps {
		return nil
	}
	return append([]string{}, k.ops...)
}

// Curve returns the "crv" member of an EC or OKP key, such as "P-256" or
// "Ed25519", or "" for other key types.
func (k *Key) Curve() string { return k.crv }

// IsPrivate reports whether the key holds secret material: the private
// part of an asymmetric key, or an oct key, which is all secret.
func (k *Key) IsPrivate() bool { return k.priv != nil || k.kty == "oct" }

// Member returns a copy of the JSON value of the member called name and
// whether the key has it. It reads registered and unknown members alike.
func (k *Key) Member(name string) (json.RawMessage, bool) {
	for _, m := range k.members {
		if m.name == name {
			return bytes.Clone(m.value), true
		}
	}
	return nil, false
}

// PublicKey returns a copy of the public key: a *rsa.PublicKey, an
// *ecdsa.PublicKey or an ed25519.PublicKey. It returns nil for an oct key.
func (k *Key) PublicKey() crypto.PublicKey {
	switch pub := k.pub.(type) {
	case *rsa.PublicKey:
		return &rsa.PublicKey{N: new(big.Int).Set(pub.N), E: pub.E}
	case *ecdsa.PublicKey:
		return copyECPublic(pub)
	case ed25519.PublicKey:
		return slices.Clone(pub)
	}
	return nil
}

// PrivateKey returns a copy of the private key: a *rsa.PrivateKey, an
// *ecdsa.PrivateKey or an ed25519.PrivateKey. It returns nil for a public
// key and for an oct key, whose secret [Key.Secret] returns.
func (k *Key) PrivateKey() crypto.PrivateKey {
	switch priv := k.priv.(type) {
	case *rsa.PrivateKey:
		return copyRSAPrivate(priv)
	case *ecdsa.PrivateKey:
		return &ecdsa.PrivateKey{
			PublicKey: *copyECPublic(&priv.PublicKey),
			D:         new(big.Int).Set(priv.D),
		}
	case ed25519.PrivateKey:
		return slices.Clone(priv)
	}
	return nil
}

// Secret returns a copy of the secret of an oct key, or nil for other key
// types.
func (k *Key) Secret() []byte {
	if k.kty != "oct" {
		return nil
	}
	return append([]byte{}, k.secret...)
}

// MarshalJSON returns the key as it was read: every member, in the same
// order, with the same values, private and unknown members included. Use
// [Key.Public] first to leave out private parts.
func (k *Key) MarshalJSON() ([]byte, error) {
	if k == nil {
		return []byte("null"), nil
	}
	return appendObject(nil, k.members), nil
}

// Public returns the key without its private parts. It returns k itself
// when k is public, and nil for an oct key, which has no public part.
//
// The public key keeps the registered public members ("kty", "kid", "use",
// "alg", "crv", "x", "y", "n", "e" and the X.509 members) and leaves out
// unknown members, which might hold secrets. Its "key_ops", if any, lists
// the public counterparts of the private key's operations: "verify" for
// "sign", "encrypt" for "decrypt" and "wrapKey" for "unwrapKey".
func (k *Key) Public() *Key {
	switch {
	case k.kty == "oct":
		return nil
	case k.priv == nil:
		return k
	}
	p := *k
	p.priv = nil
	p.members = nil
	for _, m := range k.members {
		switch {
		case m.name == "key_ops":
			p.ops = publicOps(k.ops)
			p.members = append(p.members, listMember("key_ops", p.ops))
		case slices.Contains(publicMembers, m.name):
			p.members = append(p.members, m)
		}
	}
	return &p
}

// publicOps maps the operations of a private key to those its public key
// may perform (RFC 7517 §4.3).
func publicOps(ops []string) []string {
	out := []string{}
	for _, op := range ops {
		switch op {
		case "sign":
			op = "verify"
		case "decrypt":
			op = "encrypt"
		case "unwrapKey":
			op = "wrapKey"
		case "verify", "encrypt", "wrapKey":
		default:
			continue
		}
		if !slices.Contains(out, op) {
			out = append(out, op)
		}
	}
	return out
}
