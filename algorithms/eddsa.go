package algorithms

import (
	"bytes"
	"crypto/ed25519"
	"fmt"
)

// An EdDSASigner signs EdDSA with an Ed25519 private key (RFC 8037). Ed25519
// signatures are deterministic.
type EdDSASigner struct {
	key      ed25519.PrivateKey
	verifier *EdDSAVerifier
}

var _ Signer = (*EdDSASigner)(nil)

// NewEdDSA returns an [EdDSASigner] for a copy of key. It refuses a key that
// is not 64 bytes long, or whose public half is not the one its seed
// derives.
func NewEdDSA(key ed25519.PrivateKey) (*EdDSASigner, error) {
	if len(key) != ed25519.PrivateKeySize {
		return nil, fmt.Errorf("%w: Ed25519 private key is %d bytes, want %d",
			ErrInvalidKey, len(key), ed25519.PrivateKeySize)
	}
	// Signing with a public half that does not match the seed would let two
	// signatures reveal the secret scalar, and crypto/ed25519 panics on it.
	priv := ed25519.NewKeyFromSeed(key.Seed())
	if !bytes.Equal(priv[ed25519.SeedSize:], key[ed25519.SeedSize:]) {
		return nil, fmt.Errorf("%w: Ed25519 public key does not match its seed",
			ErrInvalidKey)
	}
	v, err := NewEdDSAVerifier(ed25519.PublicKey(priv[ed25519.SeedSize:]))
	if err != nil {
		return nil, err
	}
	return &EdDSASigner{key: priv, verifier: v}, nil
}

// Algorithm returns EdDSA.
func (s *EdDSASigner) Algorithm() string { return EdDSA }

// Sign returns the 64-byte Ed25519 signature of signingInput.
func (s *EdDSASigner) Sign(signingInput []byte) ([]byte, error) {
	if s == nil || s.key == nil {
		return nil, zeroValueError("EdDSASigner")
	}
	return ed25519.Sign(s.key, signingInput), nil
}

// Verifier returns the [EdDSAVerifier] for the signer's public key.
func (s *EdDSASigner) Verifier() *EdDSAVerifier {
	if s == nil {
		return nil
	}
	return s.verifier
}

// An EdDSAVerifier verifies EdDSA signatures with an Ed25519 public key.
type EdDSAVerifier struct {
	key ed25519.PublicKey
}

var _ Verifier = (*EdDSAVerifier)(nil)

// NewEdDSAVerifier returns an [EdDSAVerifier] for a copy of key. It refuses a
// key that is not 32 bytes long.
func NewEdDSAVerifier(key ed25519.PublicKey) (*EdDSAVerifier, error) {
	if len(key) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("%w: Ed25519 public key is %d bytes, want %d",
			ErrInvalidKey, len(key), ed25519.PublicKeySize)
	}
	return &EdDSAVerifier{key: bytes.Clone(key)}, nil
}

// Algorithm returns EdDSA.
func (v *EdDSAVerifier) Algorithm() string { return EdDSA }

// Verify checks the Ed25519 signature over signingInput. It refuses an S that
// is not reduced modulo the group order (RFC 8032, section 5.1.7), so a
// signature cannot be altered into another valid one that way.
func (v *EdDSAVerifier) Verify(signingInput, signature []byte) error {
	if v == nil || v.key == nil {
		return zeroValueError("EdDSAVerifier")
	}
	if len(signature) != ed25519.SignatureSize {
		return lengthError(len(signature), ed25519.SignatureSize)
	}
	if !ed25519.Verify(v.key, signingInput, signature) {
		return ErrSignature
	}
	return nil
}
