package algorithms

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha512"
	"errors"
	"fmt"
	"math/big"
	"sync"
)

const (
	// maxECSize is the byte length of a P-521 coordinate, the largest of R,
	// S and coordinates handled here.
	maxECSize = 66
	// maxDERSize bounds the DER form of a P-521 signature: a SEQUENCE header
	// of 3 bytes around two INTEGERs of at most 2+1+66 bytes each.
	maxDERSize = 3 + 2*(3+maxECSize)
)

// An ECDSASigner signs ES256, ES384 or ES512 with an ECDSA private key,
// producing the fixed-width R||S form of RFC 7518, section 3.4.
type ECDSASigner struct {
	key      *ecdsa.PrivateKey
	verifier *ECDSAVerifier
}

var _ Signer = (*ECDSASigner)(nil)

// NewES256 returns an ES256 [ECDSASigner] for a copy of key: ECDSA on P-256
// with SHA-256. It refuses a nil key, a key on another curve, a public point
// that is missing, off the curve or at infinity, a private scalar out of
// range, and a public point that does not match the scalar.
func NewES256(key *ecdsa.PrivateKey) (*ECDSASigner, error) {
	return newECDSASigner(ES256, key)
}

// NewES384 returns an ES384 [ECDSASigner] for a copy of key: ECDSA on P-384
// with SHA-384. Keys are checked as by [NewES256].
func NewES384(key *ecdsa.PrivateKey) (*ECDSASigner, error) {
	return newECDSASigner(ES384, key)
}

// NewES512 returns an ES512 [ECDSASigner] for a copy of key: ECDSA on P-521
// with SHA-512. Keys are checked as by [NewES256].
func NewES512(key *ecdsa.PrivateKey) (*ECDSASigner, error) {
	return newECDSASigner(ES512, key)
}

func newECDSASigner(alg string, key *ecdsa.PrivateKey) (*ECDSASigner, error) {
	if key == nil {
		return nil, fmt.Errorf("%w: nil ECDSA key", ErrInvalidKey)
	}
	v, err := newECDSAVerifier(alg, &key.PublicKey)
	if err != nil {
		return nil, err
	}
	if err := checkECDSAScalar(v.params, key); err != nil {
		return nil, err
	}
	priv := &ecdsa.PrivateKey{PublicKey: *v.key, D: new(big.Int).Set(key.D)}
	return &ECDSASigner{key: priv, verifier: v}, nil
}

// Algorithm returns ES256, ES384 or ES512.
func (s *ECDSASigner) Algorithm() string {
	if s == nil {
		return ""
	}
	return s.verifier.Algorithm()
}

// Sign returns the R||S signature of signingInput, each integer padded to
// the byte length of the curve order. Signatures are randomized.
func (s *ECDSASigner) Sign(signingInput []byte) ([]byte, error) {
	if s == nil || s.key == nil {
		return nil, zeroValueError("ECDSASigner")
	}
	p := s.verifier.params
	var buf [sha512.Size]byte
	der, err := ecdsa.SignASN1(rand.Reader, s.key, digest(p.hash, signingInput, &buf))
	if err != nil {
		return nil, fmt.Errorf("jwt/algorithms: %s sign: %w", p.alg, err)
	}
	return rsFromDER(der, p.size)
}

// Verifier returns the [ECDSAVerifier] for the signer's public key.
func (s *ECDSASigner) Verifier() *ECDSAVerifier {
	if s == nil {
		return nil
	}
	return s.verifier
}

// An ECDSAVerifier verifies ES256, ES384 or ES512 signatures in the
// fixed-width R||S form with an ECDSA public key.
type ECDSAVerifier struct {
	params ecParams
	key    *ecdsa.PublicKey
	// ders holds *[maxDERSize]byte buffers for the DER form of a signature.
	// A stack buffer would escape, as crypto/ecdsa's parameter does, and
	// cost an allocation per call.
	ders sync.Pool
}

var _ Verifier = (*ECDSAVerifier)(nil)

// NewES256Verifier returns an ES256 [ECDSAVerifier] for a copy of key. It
// refuses a nil key, a key on a curve other than P-256, and a point that is
// missing, off the curve or at infinity.
func NewES256Verifier(key *ecdsa.PublicKey) (*ECDSAVerifier, error) {
	return newECDSAVerifier(ES256, key)
}

// NewES384Verifier returns an ES384 [ECDSAVerifier] for a copy of key, which
// must be a valid P-384 point.
func NewES384Verifier(key *ecdsa.PublicKey) (*ECDSAVerifier, error) {
	return newECDSAVerifier(ES384, key)
}

// NewES512Verifier returns an ES512 [ECDSAVerifier] for a copy of key, which
// must be a valid P-521 point.
func NewES512Verifier(key *ecdsa.PublicKey) (*ECDSAVerifier, error) {
	return newECDSAVerifier(ES512, key)
}

func newECDSAVerifier(alg string, key *ecdsa.PublicKey) (*ECDSAVerifier, error) {
	p, ok := ecParamsFor(alg)
	if !ok {
		return nil, fmt.Errorf("%w: %q is not an ECDSA algorithm", ErrInvalidKey, alg)
	}
	if err := checkECDSAPoint(p, key); err != nil {
		return nil, err
	}
	pub := &ecdsa.PublicKey{
		Curve: key.Curve,
		X:     new(big.Int).Set(key.X),
		Y:     new(big.Int).Set(key.Y),
	}
	v := &ECDSAVerifier{params: p, key: pub}
	v.ders.New = func() any { return new([maxDERSize]byte) }
	return v, nil
}

// Algorithm returns ES256, ES384 or ES512.
func (v *ECDSAVerifier) Algorithm() string {
	if v == nil {
		return ""
	}
	return v.params.alg
}

// Verify checks the R||S signature over signingInput. A signature of the
// wrong length, or with R or S zero, is refused before any arithmetic. A high
// S is accepted.
func (v *ECDSAVerifier) Verify(signingInput, signature []byte) error {
	if v == nil || v.key == nil {
		return zeroValueError("ECDSAVerifier")
	}
	if want := 2 * v.params.size; len(signature) != want {
		return lengthError(len(signature), want)
	}
	derBuf := v.ders.Get().(*[maxDERSize]byte)
	defer v.ders.Put(derBuf)
	der, ok := appendDER(derBuf[:0], signature)
	if !ok {
		return ErrSignature
	}
	var buf [sha512.Size]byte
	if !ecdsa.VerifyASN1(v.key, digest(v.params.hash, signingInput, &buf), der) {
		return ErrSignature
	}
	return nil
}

// ecParams describes one ES* algorithm.
type ecParams struct {
	alg   string
	curve elliptic.Curve
	hash  crypto.Hash
	// size is the byte length of R, of S and of a coordinate.
	size int
}

func ecParamsFor(alg string) (ecParams, bool) {
	switch alg {
	case ES256:
		return ecParams{alg, elliptic.P256(), crypto.SHA256, 32}, true
	case ES384:
		return ecParams{alg, elliptic.P384(), crypto.SHA384, 48}, true
	case ES512:
		return ecParams{alg, elliptic.P521(), crypto.SHA512, maxECSize}, true
	}
	return ecParams{}, false
}

// checkECDSAPoint checks that key is a point of p's curve other than the
// point at infinity. The nil and range checks come first because the
// standard library panics on a nil coordinate.
func checkECDSAPoint(p ecParams, key *ecdsa.PublicKey) error {
	if key == nil {
		return fmt.Errorf("%w: nil ECDSA key", ErrInvalidKey)
	}
	name := p.curve.Params().Name
	if key.Curve != p.curve {
		return fmt.Errorf("%w: ECDSA key is not on %s, as %s requires",
			ErrInvalidKey, name, p.alg)
	}
	if key.X == nil || key.Y == nil {
		return fmt.Errorf("%w: ECDSA key has no point", ErrInvalidKey)
	}
	if !inRange(key.X, p) || !inRange(key.Y, p) {
		return fmt.Errorf("%w: ECDSA point coordinate out of range", ErrInvalidKey)
	}
	// crypto/ecdh refuses points off the curve, including (0, 0), the
	// affine stand-in for the point at infinity.
	if _, err := key.ECDH(); err != nil {
		return fmt.Errorf("%w: ECDSA point is not on %s", ErrInvalidKey, name)
	}
	return nil
}

// checkECDSAScalar checks that the private scalar of key is in range and
// matches its public point, whose checks have already passed.
func checkECDSAScalar(p ecParams, key *ecdsa.PrivateKey) error {
	if key.D == nil || key.D.Sign() <= 0 || !inRange(key.D, p) {
		return fmt.Errorf("%w: ECDSA private scalar out of range", ErrInvalidKey)
	}
	priv, err := key.ECDH()
	if err != nil {
		return fmt.Errorf("%w: ECDSA private scalar out of range", ErrInvalidKey)
	}
	pub, err := key.PublicKey.ECDH()
	if err != nil || !priv.PublicKey().Equal(pub) {
		return fmt.Errorf("%w: ECDSA public key does not match private key", ErrInvalidKey)
	}
	return nil
}

// inRange reports whether x is non-negative and no longer than p's field.
func inRange(x *big.Int, p ecParams) bool {
	return x.Sign() >= 0 && x.BitLen() <= p.curve.Params().BitSize
}

// rsFromDER converts an ASN.1 DER signature to R||S with each integer padded
// to size bytes.
func rsFromDER(der []byte, size int) ([]byte, error) {
	rs, ok := appendRS(make([]byte, 0, 2*size), der, size)
	if !ok {
		return nil, errors.New("jwt/algorithms: malformed ASN.1 ECDSA signature")
	}
	return rs, nil
}

// appendDER appends to dst the ASN.1 DER form of the fixed-width signature
// rs, the form crypto/ecdsa verifies. It reports false when rs has an odd
// length, is longer than a P-521 signature, or has a zero R or S, which no
// valid signature has.
func appendDER(dst, rs []byte) ([]byte, bool) {
	half := len(rs) / 2
	if len(rs)%2 != 0 || half > maxECSize {
		return dst, false
	}
	r, s := trimZeros(rs[:half]), trimZeros(rs[half:])
	if len(r) == 0 || len(s) == 0 {
		return dst, false
	}
	n := derIntLen(r) + derIntLen(s)
	dst = append(dst, 0x30)
	if n >= 0x80 {
		dst = append(dst, 0x81)
	}
	dst = append(dst, byte(n))
	return appendDERInt(appendDERInt(dst, r), s), true
}

func trimZeros(b []byte) []byte {
	for len(b) > 0 && b[0] == 0 {
		b = b[1:]
	}
	return b
}

// derIntLen returns the encoded length of the positive INTEGER whose
// big-endian magnitude is b, with no leading zero byte.
func derIntLen(b []byte) int {
	return 2 + len(b) + int(b[0]>>7)
}

func appendDERInt(dst, b []byte) []byte {
	dst = append(dst, 0x02, byte(len(b)+int(b[0]>>7)))
	if b[0]&0x80 != 0 {
		// Without a leading zero the INTEGER would read as negative.
		dst = append(dst, 0)
	}
	return append(dst, b...)
}

// appendRS appends to dst the fixed-width form of the DER signature der,
// each integer left-padded to size bytes. It accepts only what appendDER
// produces: minimal lengths, minimal positive non-zero integers of at most
// size bytes, and nothing after the SEQUENCE.
func appendRS(dst, der []byte, size int) ([]byte, bool) {
	seq, rest, ok := readDER(der, 0x30)
	if !ok || len(rest) != 0 {
		return dst, false
	}
	r, seq, ok := readDERInt(seq)
	if !ok {
		return dst, false
	}
	s, seq, ok := readDERInt(seq)
	if !ok || len(seq) != 0 || len(r) > size || len(s) > size {
		return dst, false
	}
	dst = append(dst, make([]byte, size-len(r))...)
	dst = append(dst, r...)
	dst = append(dst, make([]byte, size-len(s))...)
	return append(dst, s...), true
}

// readDER splits b into the contents of its first element, which must carry
// tag, and the bytes after it. It reads only lengths below 256 in their
// minimal form, which covers every signature handled here.
func readDER(b []byte, tag byte) (contents, rest []byte, ok bool) {
	if len(b) < 2 || b[0] != tag {
		return nil, nil, false
	}
	n, hdr := int(b[1]), 2
	switch {
	case n == 0x81:
		if len(b) < 3 || b[2] < 0x80 {
			return nil, nil, false
		}
		n, hdr = int(b[2]), 3
	case n >= 0x80:
		return nil, nil, false
	}
	if len(b)-hdr < n {
		return nil, nil, false
	}
	return b[hdr : hdr+n], b[hdr+n:], true
}

// readDERInt reads a positive, minimally encoded INTEGER from the start of b
// and returns its magnitude without the sign byte.
func readDERInt(b []byte) (magnitude, rest []byte, ok bool) {
	c, rest, ok := readDER(b, 0x02)
	switch {
	case !ok || len(c) == 0 || c[0]&0x80 != 0:
		return nil, nil, false
	case c[0] == 0 && (len(c) == 1 || c[1]&0x80 == 0):
		// Zero, or a leading zero that DER does not allow.
		return nil, nil, false
	case c[0] == 0:
		c = c[1:]
	}
	return c, rest, true
}
