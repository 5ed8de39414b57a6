package algorithms

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha512"
	"fmt"
	"slices"
)

// A CryptoSigner signs through a [crypto.Signer], such as a key held by a KMS
// or an HSM. It hashes the signing input itself and asks the crypto.Signer
// for a signature of the digest (the message itself for EdDSA), then
// converts ECDSA's ASN.1 output to R||S. It is safe for concurrent use when
// the crypto.Signer is.
type CryptoSigner struct {
	alg    string
	signer crypto.Signer
	// hash is zero for EdDSA, which signs the message itself.
	hash crypto.Hash
	opts crypto.SignerOpts
	// size is the signature length for RS*, PS* and EdDSA, and the length
	// of R and of S for ES*.
	size     int
	ecdsa    bool
	verifier Verifier
}

var _ Signer = (*CryptoSigner)(nil)

// NewCryptoSigner returns a [CryptoSigner] that signs alg with s. The
// algorithm is explicit because a key does not name one: an RSA key can sign
// RS256 or PS256. It refuses HS256, HS384, HS512 and unknown algorithms, a
// nil s, and a public key that does not fit alg or that the matching
// constructor, such as [NewRS256Verifier], would refuse.
func NewCryptoSigner(alg string, s crypto.Signer) (*CryptoSigner, error) {
	pub, err := signerPublicKey(s)
	if err != nil {
		return nil, err
	}
	v, err := verifierFor(alg, pub)
	if err != nil {
		return nil, err
	}
	c := &CryptoSigner{alg: alg, signer: s, verifier: v}
	switch v := v.(type) {
	case *RSAVerifier:
		c.hash, c.opts, c.size = v.hash, v.hash, v.size
		if v.pss != nil {
			// Options of its own: s could keep and modify what it is given.
			c.opts = pssOptions(v.hash)
		}
	case *ECDSAVerifier:
		c.hash, c.opts, c.size = v.params.hash, v.params.hash, v.params.size
		c.ecdsa = true
	case *EdDSAVerifier:
		c.opts, c.size = crypto.Hash(0), ed25519.SignatureSize
	}
	return c, nil
}

// Algorithm returns the algorithm given to [NewCryptoSigner].
func (c *CryptoSigner) Algorithm() string {
	if c == nil {
		return ""
	}
	return c.alg
}

// Sign returns the JWS signature of signingInput made by the crypto.Signer.
// It returns an error if the crypto.Signer fails or returns a signature of
// the wrong length or, for ES*, malformed ASN.1.
func (c *CryptoSigner) Sign(signingInput []byte) ([]byte, error) {
	if c == nil || c.signer == nil {
		return nil, zeroValueError("CryptoSigner")
	}
	msg := signingInput
	if c.hash != 0 {
		var buf [sha512.Size]byte
		msg = digest(c.hash, signingInput, &buf)
	} else if _, std := c.signer.(ed25519.PrivateKey); !std {
		// crypto.Signer lets s keep the message, but a Signer may not keep
		// signingInput, whose memory package jwt reuses.
		msg = slices.Clone(signingInput)
	}
	sig, err := c.signer.Sign(rand.Reader, msg, c.opts)
	if err != nil {
		return nil, fmt.Errorf("jwt/algorithms: %s sign: %w", c.alg, err)
	}
	if c.ecdsa {
		return rsFromDER(sig, c.size)
	}
	if len(sig) != c.size {
		return nil, fmt.Errorf("jwt/algorithms: %s crypto.Signer returned %d bytes, want %d",
			c.alg, len(sig), c.size)
	}
	return sig, nil
}

// Verifier returns the [Verifier] for the crypto.Signer's public key and the
// signer's algorithm: an [*RSAVerifier], [*ECDSAVerifier] or
// [*EdDSAVerifier].
func (c *CryptoSigner) Verifier() Verifier {
	if c == nil {
		return nil
	}
	return c.verifier
}

// signerPublicKey returns s.Public(), after refusing the standard library's
// own keys in the forms whose Public or Sign methods panic: nil pointers, and
// Ed25519 keys of the wrong size or whose public half does not match the
// seed.
func signerPublicKey(s crypto.Signer) (crypto.PublicKey, error) {
	switch k := s.(type) {
	case nil:
		return nil, fmt.Errorf("%w: nil crypto.Signer", ErrInvalidKey)
	case *rsa.PrivateKey:
		if k == nil {
			return nil, fmt.Errorf("%w: nil RSA key", ErrInvalidKey)
		}
	case *ecdsa.PrivateKey:
		if k == nil {
			return nil, fmt.Errorf("%w: nil ECDSA key", ErrInvalidKey)
		}
	case ed25519.PrivateKey:
		if _, err := NewEdDSA(k); err != nil {
			return nil, err
		}
	}
	return s.Public(), nil
}

// verifierFor returns the verifier of alg for pub, refusing the keys its
// constructor refuses.
func verifierFor(alg string, pub crypto.PublicKey) (Verifier, error) {
	switch alg {
	case RS256, RS384, RS512, PS256, PS384, PS512:
		key, ok := pub.(*rsa.PublicKey)
		if !ok {
			return nil, keyTypeError(alg, "RSA", pub)
		}
		return asVerifier(newRSAVerifier(alg, key))
	case ES256, ES384, ES512:
		key, ok := pub.(*ecdsa.PublicKey)
		if !ok {
			return nil, keyTypeError(alg, "ECDSA", pub)
		}
		return asVerifier(newECDSAVerifier(alg, key))
	case EdDSA:
		key, ok := pub.(ed25519.PublicKey)
		if !ok {
			return nil, keyTypeError(alg, "Ed25519", pub)
		}
		return asVerifier(NewEdDSAVerifier(key))
	case HS256, HS384, HS512:
		return nil, fmt.Errorf("%w: %s takes a secret, not a crypto.Signer", ErrInvalidKey, alg)
	}
	return nil, fmt.Errorf("%w: unknown algorithm %q", ErrInvalidKey, alg)
}

// asVerifier returns v as a Verifier, or a nil one on error rather than an
// interface holding a nil pointer.
func asVerifier[V Verifier](v V, err error) (Verifier, error) {
	if err != nil {
		return nil, err
	}
	return v, nil
}

func keyTypeError(alg, want string, got crypto.PublicKey) error {
	return fmt.Errorf("%w: %s needs an %s public key, got %T", ErrInvalidKey, alg, want, got)
}
