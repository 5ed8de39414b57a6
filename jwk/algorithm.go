package jwk

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"slices"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/algorithms"
)

// Verifier returns a verifier of alg signatures made with the key, such
// as k.Verifier("RS256"). For a private key it uses the public part.
//
// It refuses, with an error matching
// [github.com/jotgo/jwt/algorithms.ErrInvalidKey], a key with a "use"
// other than "sig" or a "key_ops" without "verify", and a key that the
// algorithms package refuses for alg, such as an HMAC secret shorter than
// the hash. It refuses, with an error matching
// [github.com/jotgo/jwt.ErrAlgorithm], an alg that does not fit the key's
// type or curve (HS256 for an RSA key, ES384 for a P-256 key), an alg this
// package does not implement, and an alg other than the key's own "alg"
// member when it has one.
func (k *Key) Verifier(alg string) (algorithms.Verifier, error) {
	if err := k.permits("verify"); err != nil {
		return nil, err
	}
	if err := k.fits(alg); err != nil {
		return nil, err
	}
	v, err := k.newVerifier(alg)
	if err != nil {
		return nil, err
	}
	if err := k.sameAlgorithm(alg); err != nil {
		return nil, err
	}
	return v, nil
}

// Signer returns a signer that makes alg signatures with the key's private
// part, or its secret for an oct key. When the key has a "kid", the signer
// reports it, so that [github.com/jotgo/jwt.Sign] writes it in the token
// header. It refuses the keys and algorithms that [Key.Verifier] refuses,
// with "sign" in place of "verify", and a public key.
func (k *Key) Signer(alg string) (algorithms.Signer, error) {
	if !k.IsPrivate() {
		return nil, newError(algorithms.ErrInvalidKey, "invalid key: a public key cannot sign")
	}
	if err := k.permits("sign"); err != nil {
		return nil, err
	}
	if err := k.fits(alg); err != nil {
		return nil, err
	}
	s, err := k.newSigner(alg)
	if err != nil {
		return nil, err
	}
	if err := k.sameAlgorithm(alg); err != nil {
		return nil, err
	}
	if k.kid != "" {
		return algorithms.WithKeyID(s, k.kid), nil
	}
	return s, nil
}

// permits checks that "use" and "key_ops" allow op (RFC 7517 §4.2 and
// §4.3).
func (k *Key) permits(op string) error {
	if k.use != "" && k.use != "sig" {
		return newError(algorithms.ErrInvalidKey, "invalid key: its use is not sig")
	}
	if k.hasOps && !slices.Contains(k.ops, op) {
		return newError(algorithms.ErrInvalidKey, "invalid key: its key_ops do not list %s", op)
	}
	return nil
}

// fits checks that alg is a JWS algorithm for the key's type and curve.
func (k *Key) fits(alg string) error {
	want := ""
	switch alg {
	case algorithms.HS256, algorithms.HS384, algorithms.HS512:
		want = "oct"
	case algorithms.RS256, algorithms.RS384, algorithms.RS512,
		algorithms.PS256, algorithms.PS384, algorithms.PS512:
		want = "RSA"
	case algorithms.ES256, algorithms.ES384, algorithms.ES512:
		if c, ok := ecCurveNamed(k.crv); !ok || c.alg != alg {
			return newError(jwt.ErrAlgorithm,
				"algorithm not allowed: %s does not fit this key", alg)
		}
		return nil
	case algorithms.EdDSA:
		want = "OKP"
	default:
		return newError(jwt.ErrAlgorithm, "algorithm not allowed: %s is not supported", quote(alg))
	}
	if k.kty != want {
		return newError(jwt.ErrAlgorithm, "algorithm not allowed: %s does not fit the key type %s",
			alg, k.kty)
	}
	return nil
}

// sameAlgorithm checks alg against the key's "alg" member (RFC 7517 §4.4).
func (k *Key) sameAlgorithm(alg string) error {
	if k.alg != "" && k.alg != alg {
		return newError(jwt.ErrAlgorithm,
			"algorithm not allowed: the key is for %s, not %s", quote(k.alg), alg)
	}
	return nil
}

// checkAlgorithm checks, when the key is read, that an "alg" member naming
// a JWS algorithm fits the key, so that a key that cannot be used as it
// says is refused at once.
func (k *Key) checkAlgorithm() error {
	if !isJWSAlgorithm(k.alg) {
		return nil
	}
	if err := k.fits(k.alg); err != nil {
		return newError(algorithms.ErrInvalidKey,
			"invalid key: alg %s does not fit this key", k.alg)
	}
	_, err := k.newVerifier(k.alg)
	return err
}

// newVerifier builds the verifier of alg, which fits the key.
func (k *Key) newVerifier(alg string) (algorithms.Verifier, error) {
	var v algorithms.Verifier
	var err error
	switch pub := k.pub.(type) {
	case *rsa.PublicKey:
		v, err = newRSAVerifier(alg, pub)
	case *ecdsa.PublicKey:
		v, err = newECDSAVerifier(alg, pub)
	case ed25519.PublicKey:
		v, err = asVerifier(algorithms.NewEdDSAVerifier(pub))
	default:
		v, err = asVerifier(newHMAC(alg, k.secret))
	}
	if err != nil {
		return nil, keyError(k.kty, err)
	}
	return v, nil
}

// newSigner builds the signer of alg, which fits the key.
func (k *Key) newSigner(alg string) (algorithms.Signer, error) {
	var s algorithms.Signer
	var err error
	switch priv := k.priv.(type) {
	case *rsa.PrivateKey:
		s, err = newRSASigner(alg, priv)
	case *ecdsa.PrivateKey:
		s, err = newECDSASigner(alg, priv)
	case ed25519.PrivateKey:
		s, err = asSigner(algorithms.NewEdDSA(priv))
	default:
		s, err = asSigner(newHMAC(alg, k.secret))
	}
	if err != nil {
		return nil, keyError(k.kty, err)
	}
	return s, nil
}

func newRSAVerifier(alg string, pub *rsa.PublicKey) (algorithms.Verifier, error) {
	switch alg {
	case algorithms.RS256:
		return asVerifier(algorithms.NewRS256Verifier(pub))
	case algorithms.RS384:
		return asVerifier(algorithms.NewRS384Verifier(pub))
	case algorithms.RS512:
		return asVerifier(algorithms.NewRS512Verifier(pub))
	case algorithms.PS256:
		return asVerifier(algorithms.NewPS256Verifier(pub))
	case algorithms.PS384:
		return asVerifier(algorithms.NewPS384Verifier(pub))
	}
	return asVerifier(algorithms.NewPS512Verifier(pub))
}

func newRSASigner(alg string, priv *rsa.PrivateKey) (algorithms.Signer, error) {
	switch alg {
	case algorithms.RS256:
		return asSigner(algorithms.NewRS256(priv))
	case algorithms.RS384:
		return asSigner(algorithms.NewRS384(priv))
	case algorithms.RS512:
		return asSigner(algorithms.NewRS512(priv))
	case algorithms.PS256:
		return asSigner(algorithms.NewPS256(priv))
	case algorithms.PS384:
		return asSigner(algorithms.NewPS384(priv))
	}
	return asSigner(algorithms.NewPS512(priv))
}

func newHMAC(alg string, secret []byte) (*algorithms.HMAC, error) {
	switch alg {
	case algorithms.HS256:
		return algorithms.NewHS256(secret)
	case algorithms.HS384:
		return algorithms.NewHS384(secret)
	}
	return algorithms.NewHS512(secret)
}

// asVerifier turns a constructor's typed result into an interface value
// that is nil on error, never an interface holding a nil pointer.
func asVerifier[V algorithms.Verifier](v V, err error) (algorithms.Verifier, error) {
	if err != nil {
		return nil, err
	}
	return v, nil
}

// asSigner is asVerifier for signers.
func asSigner[S algorithms.Signer](s S, err error) (algorithms.Signer, error) {
	if err != nil {
		return nil, err
	}
	return s, nil
}

func isJWSAlgorithm(alg string) bool {
	switch alg {
	case algorithms.HS256, algorithms.HS384, algorithms.HS512,
		algorithms.RS256, algorithms.RS384, algorithms.RS512,
		algorithms.PS256, algorithms.PS384, algorithms.PS512,
		algorithms.ES256, algorithms.ES384, algorithms.ES512, algorithms.EdDSA:
		return true
	}
	return false
}
