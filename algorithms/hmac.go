package algorithms

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"fmt"
	"hash"
	"sync"
)

// An HMAC signs and verifies HS256, HS384 or HS512 tags with one secret. It
// is both a [Signer] and a [Verifier]. Verify compares tags in constant time
// with [hmac.Equal].
type HMAC struct {
	alg  string
	size int
	// states holds *hmacState values already keyed with the secret, so that
	// a verification neither allocates nor rekeys in steady state. A
	// sync.Pool is per-P, so goroutines do not contend for it.
	states sync.Pool
}

var (
	_ Signer   = (*HMAC)(nil)
	_ Verifier = (*HMAC)(nil)
)

// NewHS256 returns an HS256 [HMAC] keyed with a copy of secret. It refuses a
// secret shorter than 32 bytes, the SHA-256 output size, as RFC 7518,
// section 3.2 requires.
func NewHS256(secret []byte) (*HMAC, error) {
	return newHMAC(HS256, sha256.New, secret)
}

// NewHS384 returns an HS384 [HMAC] keyed with a copy of secret. It refuses a
// secret shorter than 48 bytes, the SHA-384 output size.
func NewHS384(secret []byte) (*HMAC, error) {
	return newHMAC(HS384, sha512.New384, secret)
}

// NewHS512 returns an HS512 [HMAC] keyed with a copy of secret. It refuses a
// secret shorter than 64 bytes, the SHA-512 output size.
func NewHS512(secret []byte) (*HMAC, error) {
	return newHMAC(HS512, sha512.New, secret)
}

func newHMAC(alg string, h func() hash.Hash, secret []byte) (*HMAC, error) {
	size := h().Size()
	if len(secret) < size {
		return nil, fmt.Errorf("%w: %s secret is %d bytes, want at least %d",
			ErrInvalidKey, alg, len(secret), size)
	}
	key := append([]byte(nil), secret...)
	m := &HMAC{alg: alg, size: size}
	m.states.New = func() any { return &hmacState{mac: hmac.New(h, key)} }
	return m, nil
}

// Algorithm returns HS256, HS384 or HS512.
func (m *HMAC) Algorithm() string {
	if m == nil {
		return ""
	}
	return m.alg
}

// Sign returns the HMAC tag of signingInput.
func (m *HMAC) Sign(signingInput []byte) ([]byte, error) {
	if m == nil || m.size == 0 {
		return nil, zeroValueError("HMAC")
	}
	st := m.states.Get().(*hmacState)
	sig := make([]byte, m.size)
	copy(sig, st.tag(signingInput))
	m.states.Put(st)
	return sig, nil
}

// Verify checks that signature is the full-length HMAC tag of signingInput.
// Truncated tags are refused: JWS never truncates them.
func (m *HMAC) Verify(signingInput, signature []byte) error {
	if m == nil || m.size == 0 {
		return zeroValueError("HMAC")
	}
	if len(signature) != m.size {
		return lengthError(len(signature), m.size)
	}
	st := m.states.Get().(*hmacState)
	ok := hmac.Equal(st.tag(signingInput), signature)
	m.states.Put(st)
	if !ok {
		return ErrSignature
	}
	return nil
}

// Verifier returns m itself: an HMAC key both signs and verifies. It is
// there so that code can get a verifier from any signer of this package in
// the same way.
func (m *HMAC) Verifier() *HMAC { return m }

// An hmacState is one keyed HMAC and room for its output.
type hmacState struct {
	mac hash.Hash
	buf [sha512.Size]byte
}

func (st *hmacState) tag(msg []byte) []byte {
	st.mac.Reset()
	st.mac.Write(msg)
	return st.mac.Sum(st.buf[:0])
}
