package jwk

import (
	"crypto/rsa"
	"fmt"
	"math/big"
	"slices"

	"github.com/jotgo/jwt/algorithms"
)

// rsaPrivateMembers are the private members of an RSA key other than "d"
// and "oth" (RFC 7518 §6.3.2): all present or all absent.
var rsaPrivateMembers = []string{"p", "q", "dp", "dq", "qi"}

// readRSA reads the members of an RSA key (RFC 7518 §6.3). Leading zero
// octets in the integers are accepted, as some providers write them; the
// thumbprint uses the minimal form.
func (k *Key) readRSA(f fields) error {
	if f.has("oth") {
		return unsupported("multi-prime RSA key")
	}
	n, err := f.need("n")
	if err != nil {
		return err
	}
	e, err := f.need("e")
	if err != nil {
		return err
	}
	pub, err := rsaPublicKey(n, e)
	if err != nil {
		return err
	}
	k.pub = pub
	if !f.has("d", "p", "q", "dp", "dq", "qi") {
		return nil
	}
	return k.readRSAPrivate(f, pub)
}

// rsaPublicKey builds and checks an RSA public key with the rules of
// algorithms.NewRS256Verifier.
func rsaPublicKey(n, e []byte) (*rsa.PublicKey, error) {
	exp := new(big.Int).SetBytes(e)
	if !exp.IsInt64() || exp.Int64() >= 1<<31 {
		return nil, newError(algorithms.ErrInvalidKey, "invalid key: RSA exponent is too large")
	}
	pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(exp.Int64())}
	if _, err := algorithms.NewRS256Verifier(pub); err != nil {
		return nil, keyError("RSA", err)
	}
	return pub, nil
}

func (k *Key) readRSAPrivate(f fields, pub *rsa.PublicKey) error {
	d, err := f.need("d")
	if err != nil {
		return err
	}
	if !f.has(rsaPrivateMembers...) {
		return unsupported("RSA private key without its primes")
	}
	var v [5]*big.Int
	for i, name := range rsaPrivateMembers {
		b, ok, err := f.bytes(name)
		if err != nil {
			return err
		}
		if !ok {
			return malformed("RSA private key has some of p, q, dp, dq and qi but not %s", name)
		}
		v[i] = new(big.Int).SetBytes(b)
	}
	priv := &rsa.PrivateKey{
		PublicKey: *pub,
		D:         new(big.Int).SetBytes(d),
		Primes:    []*big.Int{v[0], v[1]},
	}
	if err := checkFactors(priv); err != nil {
		return err
	}
	if err := checkRSAPrivate(priv, v[2], v[3], v[4]); err != nil {
		return err
	}
	k.priv = priv
	return nil
}

// checkFactors checks that the primes of priv multiply to its modulus.
// It comes before any other check of the private key: crypto/rsa works
// modulo p before it compares p with n, which takes minutes for a p of a
// few kilobytes.
func checkFactors(priv *rsa.PrivateKey) error {
	if new(big.Int).Mul(priv.Primes[0], priv.Primes[1]).Cmp(priv.N) != 0 {
		return newError(algorithms.ErrInvalidKey,
			"invalid key: RSA primes p and q do not multiply to the modulus")
	}
	return nil
}

// checkRSAPrivate validates priv as algorithms.NewRS256 does, then checks
// that the CRT values given with it are the ones its primes give: Go
// trusts precomputed values without checking them.
func checkRSAPrivate(priv *rsa.PrivateKey, dp, dq, qi *big.Int) error {
	if _, err := algorithms.NewRS256(priv); err != nil {
		return keyError("RSA", err)
	}
	priv.Precompute()
	c := priv.Precomputed
	if c.Dp == nil || c.Dp.Cmp(dp) != 0 || c.Dq.Cmp(dq) != 0 || c.Qinv.Cmp(qi) != 0 {
		return newError(algorithms.ErrInvalidKey,
			"invalid key: RSA private key has dp, dq or qi that do not match its primes")
	}
	return nil
}

// rsaMembers returns the key material members of pub and, when priv is
// not nil, of priv.
func rsaMembers(pub *rsa.PublicKey, priv *rsa.PrivateKey) ([]member, error) {
	if pub.N == nil {
		return nil, newError(algorithms.ErrInvalidKey, "invalid key: RSA key has no modulus")
	}
	ms := []member{
		intMember("n", pub.N),
		intMember("e", big.NewInt(int64(pub.E))),
	}
	if priv == nil {
		return ms, nil
	}
	if len(priv.Primes) > 2 {
		return nil, unsupported("multi-prime RSA key")
	}
	if priv.D == nil || len(priv.Primes) < 2 || slices.Contains(priv.Primes, nil) {
		return nil, unsupported("RSA private key without its primes")
	}
	if err := checkFactors(priv); err != nil {
		return nil, err
	}
	c := copyRSAPrivate(priv)
	if c.Precomputed.Dp == nil {
		return nil, newError(algorithms.ErrInvalidKey,
			"invalid key: RSA private key is inconsistent")
	}
	return append(ms,
		intMember("d", c.D),
		intMember("p", c.Primes[0]),
		intMember("q", c.Primes[1]),
		intMember("dp", c.Precomputed.Dp),
		intMember("dq", c.Precomputed.Dq),
		intMember("qi", c.Precomputed.Qinv),
	), nil
}

// copyRSAPrivate returns a deep copy of priv with its CRT values computed
// afresh rather than copied.
func copyRSAPrivate(priv *rsa.PrivateKey) *rsa.PrivateKey {
	c := &rsa.PrivateKey{
		PublicKey: rsa.PublicKey{N: new(big.Int).Set(priv.N), E: priv.E},
		D:         new(big.Int).Set(priv.D),
	}
	for _, p := range priv.Primes {
		c.Primes = append(c.Primes, new(big.Int).Set(p))
	}
	c.Precompute()
	return c
}

// intMember returns a member holding x as a base64urlUInt (RFC 7518 §2):
// big-endian, in the fewest octets, and one zero octet for zero.
func intMember(name string, x *big.Int) member {
	b := x.Bytes()
	if len(b) == 0 {
		b = []byte{0}
	}
	return stringMember(name, encodeBase64URL(b))
}

// keyError reports a key that the algorithms package refused.
func keyError(kty string, err error) error {
	return fmt.Errorf("jwt/jwk: %s key: %w", kty, err)
}
