package algorithms

import (
	"crypto"
	"crypto/rsa"
)

// NewPS256 returns a PS256 [RSASigner]: RSASSA-PSS with SHA-256, MGF1 with
// SHA-256 and a 32-byte salt. Keys are checked as by [NewRS256].
func NewPS256(key *rsa.PrivateKey) (*RSASigner, error) {
	return newRSASigner(PS256, key)
}

// NewPS384 returns a PS384 [RSASigner]: RSASSA-PSS with SHA-384, MGF1 with
// SHA-384 and a 48-byte salt. Keys are checked as by [NewRS256].
func NewPS384(key *rsa.PrivateKey) (*RSASigner, error) {
	return newRSASigner(PS384, key)
}

// NewPS512 returns a PS512 [RSASigner]: RSASSA-PSS with SHA-512, MGF1 with
// SHA-512 and a 64-byte salt. Keys are checked as by [NewRS256].
func NewPS512(key *rsa.PrivateKey) (*RSASigner, error) {
	return newRSASigner(PS512, key)
}

// NewPS256Verifier returns a PS256 [RSAVerifier] for a copy of key. It
// accepts only signatures whose salt is 32 bytes long. It refuses the public
// keys that [NewRS256] refuses.
func NewPS256Verifier(key *rsa.PublicKey) (*RSAVerifier, error) {
	return newRSAVerifier(PS256, key)
}

// NewPS384Verifier returns a PS384 [RSAVerifier] for a copy of key. It
// accepts only signatures whose salt is 48 bytes long. It refuses the public
// keys that [NewRS256] refuses.
func NewPS384Verifier(key *rsa.PublicKey) (*RSAVerifier, error) {
	return newRSAVerifier(PS384, key)
}

// NewPS512Verifier returns a PS512 [RSAVerifier] for a copy of key. It
// accepts only signatures whose salt is 64 bytes long. It refuses the public
// keys that [NewRS256] refuses.
func NewPS512Verifier(key *rsa.PublicKey) (*RSAVerifier, error) {
	return newRSAVerifier(PS512, key)
}

// pssOptions returns the options RFC 7518, section 3.5 fixes: a salt exactly
// as long as the hash, on signing and on verifying. The standard library's
// automatic length would make a verifier accept a salt of any length.
func pssOptions(h crypto.Hash) *rsa.PSSOptions {
	return &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: h}
}
