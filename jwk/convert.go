package jwk

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"slices"

	"github.com/jotgo/jwt"
)

// A KeyOption sets a parameter of a key made by [FromPublicKey],
// [FromPrivateKey], [FromSecret], [ParsePEM] or [ParseDER]. Options only
// record values; the constructor checks them together.
type KeyOption func(*keyConfig)

type keyConfig struct {
	kid, alg, use string
	ops           []string
	hasOps        bool
	thumbprintKID bool
	// empty names an option given an empty value.
	empty string
}

// WithKeyID sets the "kid" member.
func WithKeyID(kid string) KeyOption {
	return func(c *keyConfig) { c.kid = kid }
}

// WithThumbprintKeyID sets the "kid" member to the base64url SHA-256
// thumbprint of the key ([Key.Thumbprint]), a key ID that anyone holding
// the public key can compute. It cannot be combined with [WithKeyID].
func WithThumbprintKeyID() KeyOption {
	return func(c *keyConfig) { c.thumbprintKID = true }
}

// WithAlgorithm sets the "alg" member, which binds the key to one
// algorithm: [Key.Verifier] and [Key.Signer] then refuse every other.
func WithAlgorithm(alg string) KeyOption {
	return func(c *keyConfig) {
		c.alg = alg
		if alg == "" {
			c.empty = "WithAlgorithm"
		}
	}
}

// WithUse sets the "use" member, "sig" for a signing key.
func WithUse(use string) KeyOption {
	return func(c *keyConfig) {
		c.use = use
		if use == "" {
			c.empty = "WithUse"
		}
	}
}

// WithKeyOps sets the "key_ops" member, such as "sign" and "verify".
func WithKeyOps(ops ...string) KeyOption {
	return func(c *keyConfig) { c.ops, c.hasOps = slices.Clone(ops), true }
}

// FromPublicKey returns the Key for pub, a *rsa.PublicKey, an
// *ecdsa.PublicKey on P-256, P-384 or P-521, or an ed25519.PublicKey,
// with the parameters that opts set. The key is checked as [ParseKey]
// checks a JWK.
func FromPublicKey(pub crypto.PublicKey, opts ...KeyOption) (*Key, error) {
	var ms []member
	var err error
	kty := ""
	switch pub := pub.(type) {
	case *rsa.PublicKey:
		if pub == nil {
			break
		}
		kty = "RSA"
		ms, err = rsaMembers(pub, nil)
	case *ecdsa.PublicKey:
		if pub == nil {
			break
		}
		kty = "EC"
		ms, err = ecMembers(pub, nil)
	case ed25519.PublicKey:
		kty = "OKP"
		ms, err = okpMembers(pub, nil)
	}
	return build(kty, ms, err, opts)
}

// FromPrivateKey returns the Key for priv, a *rsa.PrivateKey with two
// primes, an *ecdsa.PrivateKey on P-256, P-384 or P-521, or an
// ed25519.PrivateKey, with the parameters that opts set. The key is
// checked as [ParseKey] checks a JWK, the match between its private and
// public parts included.
func FromPrivateKey(priv crypto.PrivateKey, opts ...KeyOption) (*Key, error) {
	var ms []member
	var err error
	kty := ""
	switch priv := priv.(type) {
	case *rsa.PrivateKey:
		if priv == nil {
			break
		}
		kty = "RSA"
		ms, err = rsaMembers(&priv.PublicKey, priv)
	case *ecdsa.PrivateKey:
		if priv == nil {
			break
		}
		kty = "EC"
		ms, err = ecMembers(&priv.PublicKey, priv)
	case ed25519.PrivateKey:
		kty = "OKP"
		ms, err = okpMembers(nil, priv)
	}
	return build(kty, ms, err, opts)
}

// FromSecret returns the oct Key for an HMAC secret, with the parameters
// that opts set. The secret is copied. Its length is checked against the
// algorithm it is used with, or against [WithAlgorithm] when given.
func FromSecret(secret []byte, opts ...KeyOption) (*Key, error) {
	return build("oct", []member{stringMember("k", encodeBase64URL(secret))}, nil, opts)
}

// build makes a key of type kty from its key material members and opts.
func build(kty string, material []member, err error, opts []KeyOption) (*Key, error) {
	if err != nil {
		return nil, err
	}
	if kty == "" {
		return nil, unsupported("Go key of an unsupported type, or nil")
	}
	var c keyConfig
	for _, opt := range opts {
		opt(&c)
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	k, err := newKey(c.members(kty, material))
	if err != nil || !c.thumbprintKID {
		return k, err
	}
	sum, _ := k.Thumbprint(crypto.SHA256)
	c.kid = encodeBase64URL(sum)
	return newKey(c.members(kty, material))
}

func (c *keyConfig) check() error {
	switch {
	case c.empty != "":
		return newError(jwt.ErrInvalidArgument, "invalid argument: %s needs a value", c.empty)
	case c.thumbprintKID && c.kid != "":
		return newError(jwt.ErrInvalidArgument,
			"invalid argument: WithKeyID and WithThumbprintKeyID both set the key ID")
	}
	for i, op := range c.ops {
		if op == "" || slices.Contains(c.ops[:i], op) {
			return newError(jwt.ErrInvalidArgument,
				"invalid argument: WithKeyOps needs distinct, non-empty operations")
		}
	}
	return nil
}

// members returns the members of a key: the parameters first, then the
// key material.
func (c *keyConfig) members(kty string, material []member) []member {
	ms := []member{stringMember("kty", kty)}
	if c.kid != "" {
		ms = append(ms, stringMember("kid", c.kid))
	}
	if c.use != "" {
		ms = append(ms, stringMember("use", c.use))
	}
	if c.hasOps {
		ms = append(ms, listMember("key_ops", c.ops))
	}
	if c.alg != "" {
		ms = append(ms, stringMember("alg", c.alg))
	}
	return append(ms, material...)
}
