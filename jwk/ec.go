package jwk

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"math/big"

	"github.com/jotgo/jwt/algorithms"
)

// ecCurve describes one curve of RFC 7518 §6.2.1.1.
type ecCurve struct {
	name  string
	curve elliptic.Curve
	alg   string
	// size is the byte length of a coordinate and of the private scalar.
	size int
}

func ecCurveNamed(crv string) (ecCurve, bool) {
	switch crv {
	case "P-256":
		return ecCurve{crv, elliptic.P256(), algorithms.ES256, 32}, true
	case "P-384":
		return ecCurve{crv, elliptic.P384(), algorithms.ES384, 48}, true
	case "P-521":
		return ecCurve{crv, elliptic.P521(), algorithms.ES512, 66}, true
	}
	return ecCurve{}, false
}

func ecCurveOf(c elliptic.Curve) (ecCurve, bool) {
	if c == nil {
		return ecCurve{}, false
	}
	return ecCurveNamed(c.Params().Name)
}

// readEC reads the members of an EC key (RFC 7518 §6.2). Coordinates and
// the private scalar must have exactly the curve's length.
func (k *Key) readEC(f fields) error {
	crv, err := f.nonEmpty("crv")
	if err != nil {
		return err
	}
	if crv == "" {
		return malformed("member crv is missing")
	}
	c, ok := ecCurveNamed(crv)
	if !ok {
		return unsupported("EC curve %s", quote(crv))
	}
	k.crv = crv
	x, err := c.coordinate(f, "x")
	if err != nil {
		return err
	}
	y, err := c.coordinate(f, "y")
	if err != nil {
		return err
	}
	pub := &ecdsa.PublicKey{Curve: c.curve, X: x, Y: y}
	if _, err := newECDSAVerifier(c.alg, pub); err != nil {
		return keyError("EC", err)
	}
	k.pub = pub
	if !f.has("d") {
		return nil
	}
	d, err := c.coordinate(f, "d")
	if err != nil {
		return err
	}
	priv := &ecdsa.PrivateKey{PublicKey: *pub, D: d}
	if _, err := newECDSASigner(c.alg, priv); err != nil {
		return keyError("EC", err)
	}
	k.priv = priv
	return nil
}

// coordinate reads a member that must be exactly c.size bytes long.
func (c ecCurve) coordinate(f fields, name string) (*big.Int, error) {
	b, err := f.need(name)
	if err != nil {
		return nil, err
	}
	if len(b) != c.size {
		return nil, newError(algorithms.ErrInvalidKey,
			"invalid key: EC member %s is %d bytes long, %s needs %d", name, len(b), c.name, c.size)
	}
	return new(big.Int).SetBytes(b), nil
}

// ecMembers returns the key material members of pub and, when priv is
// not nil, of priv.
func ecMembers(pub *ecdsa.PublicKey, priv *ecdsa.PrivateKey) ([]member, error) {
	c, ok := ecCurveOf(pub.Curve)
	if !ok {
		return nil, unsupported("EC key on a curve other than P-256, P-384 and P-521")
	}
	if pub.X == nil || pub.Y == nil || !fitsSize(pub.X, c.size) ||
		!fitsSize(pub.Y, c.size) {
		return nil, newError(algorithms.ErrInvalidKey, "invalid key: EC point out of range")
	}
	ms := []member{
		stringMember("crv", c.name),
		fixedMember("x", pub.X, c.size),
		fixedMember("y", pub.Y, c.size),
	}
	if priv == nil {
		return ms, nil
	}
	if priv.D == nil || !fitsSize(priv.D, c.size) {
		return nil, newError(algorithms.ErrInvalidKey,
			"invalid key: EC private scalar out of range")
	}
	return append(ms, fixedMember("d", priv.D, c.size)), nil
}

func fitsSize(x *big.Int, size int) bool { return x.Sign() >= 0 && len(x.Bytes()) <= size }

// fixedMember returns a member holding x in exactly size bytes.
func fixedMember(name string, x *big.Int, size int) member {
	return stringMember(name, encodeBase64URL(x.FillBytes(make([]byte, size))))
}

func copyECPublic(pub *ecdsa.PublicKey) *ecdsa.PublicKey {
	return &ecdsa.PublicKey{
		Curve: pub.Curve,
		X:     new(big.Int).Set(pub.X),
		Y:     new(big.Int).Set(pub.Y),
	}
}

func newECDSAVerifier(alg string, pub *ecdsa.PublicKey) (algorithms.Verifier, error) {
	switch alg {
	case algorithms.ES256:
		return asVerifier(algorithms.NewES256Verifier(pub))
	case algorithms.ES384:
		return asVerifier(algorithms.NewES384Verifier(pub))
	}
	return asVerifier(algorithms.NewES512Verifier(pub))
}

func newECDSASigner(alg string, priv *ecdsa.PrivateKey) (algorithms.Signer, error) {
	switch alg {
	case algorithms.ES256:
		return asSigner(algorithms.NewES256(priv))
	case algorithms.ES384:
		return asSigner(algorithms.NewES384(priv))
	}
	return asSigner(algorithms.NewES512(priv))
}
