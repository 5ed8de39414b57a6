package jwk

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"math/big"

	// The hashes a thumbprint may use are linked in so that
	// crypto.Hash.New works for each of them.
	_ "crypto/sha256"
	_ "crypto/sha512"

	"github.com/jotgo/jwt"
)

// thumbprintURIPrefix starts every JWK thumbprint URI (RFC 9278 §3).
const thumbprintURIPrefix = "urn:ietf:params:oauth:jwk-thumbprint:"

// Thumbprint returns the JWK thumbprint of the key ([RFC 7638]): the hash
// h of the key's required public members, or of "k" for an oct key, in
// the canonical JSON form. h is [crypto.SHA256], the usual choice,
// [crypto.SHA384] or [crypto.SHA512]. The thumbprint of a private key is
// that of its public key.
//
// [RFC 7638]: https://www.rfc-editor.org/rfc/rfc7638
func (k *Key) Thumbprint(h crypto.Hash) ([]byte, error) {
	if _, ok := hashName(h); !ok {
		return nil, newError(jwt.ErrInvalidArgument,
			"invalid argument: thumbprint hash must be SHA-256, SHA-384 or SHA-512")
	}
	d := h.New()
	d.Write(k.canonicalJSON())
	return d.Sum(nil), nil
}

// ThumbprintURI returns the JWK thumbprint URI of the key ([RFC 9278]),
// such as "urn:ietf:params:oauth:jwk-thumbprint:sha-256:NzbLsXh8...", for
// the hashes that [Key.Thumbprint] accepts.
//
// [RFC 9278]: https://www.rfc-editor.org/rfc/rfc9278
func (k *Key) ThumbprintURI(h crypto.Hash) (string, error) {
	sum, err := k.Thumbprint(h)
	if err != nil {
		return "", err
	}
	name, _ := hashName(h)
	return thumbprintURIPrefix + name + ":" + encodeBase64URL(sum), nil
}

// hashName returns the name of h in the IANA Named Information Hash
// Algorithm Registry, which RFC 9278 uses.
func hashName(h crypto.Hash) (string, bool) {
	switch h {
	case crypto.SHA256:
		return "sha-256", true
	case crypto.SHA384:
		return "sha-384", true
	case crypto.SHA512:
		return "sha-512", true
	}
	return "", false
}

// canonicalJSON returns the required members of the key in lexicographic
// order with no whitespace (RFC 7638 §3.2 and §3.3, RFC 8037 §2). The
// values are written afresh from the key, so that an integer read with
// leading zero octets has its minimal form.
func (k *Key) canonicalJSON() []byte {
	var ms []member
	switch pub := k.pub.(type) {
	case *rsa.PublicKey:
		ms = []member{
			intMember("e", big.NewInt(int64(pub.E))),
			stringMember("kty", "RSA"),
			intMember("n", pub.N),
		}
	case *ecdsa.PublicKey:
		c, _ := ecCurveNamed(k.crv)
		ms = []member{
			stringMember("crv", k.crv),
			stringMember("kty", "EC"),
			fixedMember("x", pub.X, c.size),
			fixedMember("y", pub.Y, c.size),
		}
	case ed25519.PublicKey:
		ms = []member{
			stringMember("crv", k.crv),
			stringMember("kty", "OKP"),
			stringMember("x", encodeBase64URL(pub)),
		}
	default:
		ms = []member{
			stringMember("k", encodeBase64URL(k.secret)),
			stringMember("kty", "oct"),
		}
	}
	return appendObject(nil, ms)
}
