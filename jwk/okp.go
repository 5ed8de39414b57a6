package jwk

import (
	"bytes"
	"crypto/ed25519"

	"github.com/jotgo/jwt/algorithms"
)

// readOKP reads the members of an OKP key (RFC 8037 §2). Only Ed25519 is
// supported.
func (k *Key) readOKP(f fields) error {
	crv, err := f.nonEmpty("crv")
	if err != nil {
		return err
	}
	if crv == "" {
		return malformed("member crv is missing")
	}
	if crv != "Ed25519" {
		return unsupported("OKP curve %s", quote(crv))
	}
	k.crv = crv
	x, err := f.need("x")
	if err != nil {
		return err
	}
	if _, err := algorithms.NewEdDSAVerifier(x); err != nil {
		return keyError("OKP", err)
	}
	k.pub = ed25519.PublicKey(x)
	if !f.has("d") {
		return nil
	}
	d, err := f.need("d")
	if err != nil {
		return err
	}
	if len(d) != ed25519.SeedSize {
		return newError(algorithms.ErrInvalidKey,
			"invalid key: Ed25519 member d is %d bytes long, want %d", len(d), ed25519.SeedSize)
	}
	priv := ed25519.NewKeyFromSeed(d)
	if !bytes.Equal(priv[ed25519.SeedSize:], x) {
		return newError(algorithms.ErrInvalidKey,
			"invalid key: Ed25519 public key does not match private key")
	}
	k.priv = priv
	return nil
}

// readOct reads the member of a symmetric key (RFC 7518 §6.4). Its length
// is checked when it is used, against the algorithm it is used with.
func (k *Key) readOct(f fields) error {
	secret, err := f.need("k")
	if err != nil {
		return err
	}
	k.secret = secret
	return nil
}

// okpMembers returns the key material members of pub or, when priv is not
// nil, of priv and its public half.
func okpMembers(pub ed25519.PublicKey, priv ed25519.PrivateKey) ([]member, error) {
	if priv != nil {
		if len(priv) != ed25519.PrivateKeySize {
			return nil, newError(algorithms.ErrInvalidKey,
				"invalid key: Ed25519 private key is %d bytes long, want %d",
				len(priv), ed25519.PrivateKeySize)
		}
		pub = ed25519.PublicKey(priv[ed25519.SeedSize:])
	}
	if len(pub) != ed25519.PublicKeySize {
		return nil, newError(algorithms.ErrInvalidKey,
			"invalid key: Ed25519 public key is %d bytes long, want %d",
			len(pub), ed25519.PublicKeySize)
	}
	ms := []member{
		stringMember("crv", "Ed25519"),
		stringMember("x", encodeBase64URL(pub)),
	}
	if priv == nil {
		return ms, nil
	}
	return append(ms, stringMember("d", encodeBase64URL(priv.Seed()))), nil
}
