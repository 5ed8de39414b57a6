package algorithms

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha512"
	"fmt"
	"math/big"
	"sync"
)

// The RSA modulus sizes accepted. RFC 7518, section 3.3 requires 2048 bits
// at least; the upper bound keeps the cost of one verification bounded.
const (
	minRSABits = 2048
	maxRSABits = 8192
)

// An RSASigner signs with an RSA private key, using RSASSA-PKCS1-v1_5 (RS256,
// RS384, RS512) or RSASSA-PSS (PS256, PS384, PS512, see [NewPS256]).
type RSASigner struct {
	key      *rsa.PrivateKey
	verifier *RSAVerifier
}

var _ Signer = (*RSASigner)(nil)

// NewRS256 returns an RS256 [RSASigner]: RSASSA-PKCS1-v1_5 with SHA-256. It
// refuses a nil key, a modulus under 2048 or over 8192 bits, an exponent that
// is even, below 3 or at least 2^31, primes that do not multiply to the
// modulus, and a key that fails [rsa.PrivateKey.Validate]. The key is shared,
// not copied, and must not be modified afterwards.
func NewRS256(key *rsa.PrivateKey) (*RSASigner, error) {
	return newRSASigner(RS256, key)
}

// NewRS384 returns an RS384 [RSASigner]: RSASSA-PKCS1-v1_5 with SHA-384. Keys
// are checked as by [NewRS256].
func NewRS384(key *rsa.PrivateKey) (*RSASigner, error) {
	return newRSASigner(RS384, key)
}

// NewRS512 returns an RS512 [RSASigner]: RSASSA-PKCS1-v1_5 with SHA-512. Keys
// are checked as by [NewRS256].
func NewRS512(key *rsa.PrivateKey) (*RSASigner, error) {
	return newRSASigner(RS512, key)
}

func newRSASigner(alg string, key *rsa.PrivateKey) (*RSASigner, error) {
	if key == nil {
		return nil, fmt.Errorf("%w: nil RSA key", ErrInvalidKey)
	}
	v, err := newRSAVerifier(alg, &key.PublicKey)
	if err != nil {
		return nil, err
	}
	if err := checkRSAPrimes(key); err != nil {
		return nil, err
	}
	// The copy leaves out the caller's precomputed values: Validate trusts
	// them when present (Go 1.24 does so even when they no longer match the
	// primes), and Precompute would otherwise write to the caller's key.
	priv := rsa.PrivateKey{PublicKey: key.PublicKey, D: key.D, Primes: key.Primes}
	if err := priv.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidKey, err)
	}
	priv.Precompute()
	return &RSASigner{key: &priv, verifier: v}, nil
}

// checkRSAPrimes checks that key has at least two primes, each above 1,
// whose product is the modulus. It runs before [rsa.PrivateKey.Validate],
// which works modulo each prime before it compares the primes with the
// modulus: for a hand-made key with a prime of a few kilobytes that takes
// seconds to minutes. The sum of the primes' lengths is checked first, so
// that multiplying them costs no more than a product as long as the
// modulus.
func checkRSAPrimes(key *rsa.PrivateKey) error {
	if len(key.Primes) < 2 {
		return fmt.Errorf("%w: RSA private key has fewer than two primes", ErrInvalidKey)
	}
	bits := 0
	for _, p := range key.Primes {
		if p == nil || p.Cmp(big.NewInt(1)) <= 0 {
			return fmt.Errorf("%w: RSA prime missing or not above 1", ErrInvalidKey)
		}
		bits += p.BitLen()
	}
	// A product of k factors is at least their total length less k-1 bits.
	if bits-len(key.Primes)+1 > key.N.BitLen() {
		return fmt.Errorf("%w: RSA primes do not multiply to the modulus", ErrInvalidKey)
	}
	n := new(big.Int).Set(key.Primes[0])
	for _, p := range key.Primes[1:] {
		n.Mul(n, p)
	}
	if n.Cmp(key.N) != 0 {
		return fmt.Errorf("%w: RSA primes do not multiply to the modulus", ErrInvalidKey)
	}
	return nil
}

// Algorithm returns the JWS "alg" value, such as RS256 or PS256.
func (s *RSASigner) Algorithm() string {
	if s == nil {
		return ""
	}
	return s.verifier.Algorithm()
}

// Sign returns the signature of signingInput, as long as the modulus.
func (s *RSASigner) Sign(signingInput []byte) ([]byte, error) {
	if s == nil || s.key == nil {
		return nil, zeroValueError("RSASigner")
	}
	v := s.verifier
	var buf [sha512.Size]byte
	d := digest(v.hash, signingInput, &buf)
	var sig []byte
	var err error
	if v.pss != nil {
		sig, err = rsa.SignPSS(rand.Reader, s.key, v.hash, d, v.pss)
	} else {
		// PKCS #1 v1.5 signing is deterministic: it takes no randomness.
		sig, err = rsa.SignPKCS1v15(nil, s.key, v.hash, d)
	}
	if err != nil {
		return nil, fmt.Errorf("jwt/algorithms: %s sign: %w", v.alg, err)
	}
	return sig, nil
}

// Verifier returns the [RSAVerifier] for the signer's public key and
// algorithm.
func (s *RSASigner) Verifier() *RSAVerifier {
	if s == nil {
		return nil
	}
	return s.verifier
}

// An RSAVerifier verifies RS256, RS384, RS512, PS256, PS384 or PS512
// signatures with an RSA public key.
type RSAVerifier struct {
	alg  string
	hash crypto.Hash
	// pss is nil for PKCS #1 v1.5. It is built once, with the verifier, so
	// that Verify does not allocate options.
	pss  *rsa.PSSOptions
	size int
	key  *rsa.PublicKey
	// digests holds *[sha512.Size]byte buffers. A stack array would escape,
	// as crypto/rsa's digest parameter does, and cost an allocation per
	// call.
	digests sync.Pool
}

var _ Verifier = (*RSAVerifier)(nil)

// NewRS256Verifier returns an RS256 [RSAVerifier] for a copy of key. It
// refuses the public keys that [NewRS256] refuses.
func NewRS256Verifier(key *rsa.PublicKey) (*RSAVerifier, error) {
	return newRSAVerifier(RS256, key)
}

// NewRS384Verifier returns an RS384 [RSAVerifier] for a copy of key. It
// refuses the public keys that [NewRS256] refuses.
func NewRS384Verifier(key *rsa.PublicKey) (*RSAVerifier, error) {
	return newRSAVerifier(RS384, key)
}

// NewRS512Verifier returns an RS512 [RSAVerifier] for a copy of key. It
// refuses the public keys that [NewRS256] refuses.
func NewRS512Verifier(key *rsa.PublicKey) (*RSAVerifier, error) {
	return newRSAVerifier(RS512, key)
}

func newRSAVerifier(alg string, key *rsa.PublicKey) (*RSAVerifier, error) {
	h, pss := rsaScheme(alg)
	if h == 0 {
		return nil, fmt.Errorf("%w: %q is not an RSA algorithm", ErrInvalidKey, alg)
	}
	if err := checkRSAPublicKey(key); err != nil {
		return nil, err
	}
	pub := &rsa.PublicKey{N: new(big.Int).Set(key.N), E: key.E}
	v := &RSAVerifier{alg: alg, hash: h, pss: pss, size: pub.Size(), key: pub}
	v.digests.New = func() any { return new([sha512.Size]byte) }
	return v, nil
}

// Algorithm returns the JWS "alg" value, such as RS256 or PS256.
func (v *RSAVerifier) Algorithm() string {
	if v == nil {
		return ""
	}
	return v.alg
}

// Verify checks signature over signingInput. A signature that is not exactly
// as long as the modulus is refused before any arithmetic.
func (v *RSAVerifier) Verify(signingInput, signature []byte) error {
	if v == nil || v.key == nil {
		return zeroValueError("RSAVerifier")
	}
	if len(signature) != v.size {
		return lengthError(len(signature), v.size)
	}
	buf := v.digests.Get().(*[sha512.Size]byte)
	defer v.digests.Put(buf)
	d := digest(v.hash, signingInput, buf)
	var err error
	if v.pss != nil {
		err = rsa.VerifyPSS(v.key, v.hash, d, signature, v.pss)
	} else {
		err = rsa.VerifyPKCS1v15(v.key, v.hash, d, signature)
	}
	if err != nil {
		return ErrSignature
	}
	return nil
}

// rsaScheme returns the hash of an RS* or PS* algorithm and, for PS*, its
// PSS options. The hash is zero for any other algorithm.
func rsaScheme(alg string) (crypto.Hash, *rsa.PSSOptions) {
	switch alg {
	case RS256:
		return crypto.SHA256, nil
	case RS384:
		return crypto.SHA384, nil
	case RS512:
		return crypto.SHA512, nil
	case PS256:
		return crypto.SHA256, pssOptions(crypto.SHA256)
	case PS384:
		return crypto.SHA384, pssOptions(crypto.SHA384)
	case PS512:
		return crypto.SHA512, pssOptions(crypto.SHA512)
	}
	return 0, nil
}

func checkRSAPublicKey(key *rsa.PublicKey) error {
	if key == nil || key.N == nil || key.N.Sign() <= 0 {
		return fmt.Errorf("%w: missing RSA key or modulus", ErrInvalidKey)
	}
	bits := key.N.BitLen()
	switch {
	case bits < minRSABits:
		return fmt.Errorf("%w: RSA modulus is %d bits, want at least %d",
			ErrInvalidKey, bits, minRSABits)
	case bits > maxRSABits:
		return fmt.Errorf("%w: RSA modulus is %d bits, want at most %d",
			ErrInvalidKey, bits, maxRSABits)
	case key.N.Bit(0) == 0:
		return fmt.Errorf("%w: RSA modulus is even", ErrInvalidKey)
	}
	return checkRSAExponent(key.E)
}

// checkRSAExponent refuses the exponents that make RSA unsafe (1, which
// makes a signature equal to its padded message) or impossible (even
// values), and those too large for the standard library.
func checkRSAExponent(e int) error {
	switch {
	case e < 3:
		return fmt.Errorf("%w: RSA exponent %d is below 3", ErrInvalidKey, e)
	case e%2 == 0:
		return fmt.Errorf("%w: RSA exponent %d is even", ErrInvalidKey, e)
	case int64(e) >= 1<<31:
		return fmt.Errorf("%w: RSA exponent %d is at least 2^31", ErrInvalidKey, e)
	}
	return nil
}
