// Package algorithms implements the JSON Web Signature algorithms of
// [RFC 7518] and [RFC 8037] behind two small interfaces, [Signer] and
// [Verifier], which package jwt uses to sign and verify tokens.
//
// # Algorithms
//
//	HS256 HS384 HS512   HMAC with SHA-2                  [NewHS256]
//	RS256 RS384 RS512   RSASSA-PKCS1-v1_5                [NewRS256]
//	PS256 PS384 PS512   RSASSA-PSS, salt as long as hash [NewPS256]
//	ES256 ES384 ES512   ECDSA on P-256, P-384, P-521     [NewES256]
//	EdDSA               Ed25519                          [NewEdDSA]
//
// Keys held by a KMS or an HSM sign through [NewCryptoSigner], which adapts
// any [crypto.Signer]. [WithKeyID] attaches a key ID for the "kid" header.
//
// # Keys
//
// Each constructor takes one typed key and binds it to one algorithm, so the
// algorithm a [Verifier] checks comes from how it was built, never from a
// token. Constructors refuse unsafe keys with an error matching
// [ErrInvalidKey]: HMAC secrets shorter than the hash output (RFC 7518,
// section 3.2), RSA moduli under 2048 or over 8192 bits, RSA exponents that
// are even, below 3 or at least 2^31, private keys that fail their own
// consistency checks, EC points off their curve, on another curve or at
// infinity, and Ed25519 keys of the wrong size. Public keys are copied; RSA
// private keys are shared and must not be modified after the call.
//
// # Verification
//
// [Verifier.Verify] returns nil or an error matching [ErrSignature], with no
// detail beyond a wrong signature length. HMAC tags are compared in constant
// time. ES256, ES384 and ES512 take the fixed-width R||S form of RFC 7518,
// section 3.4, never ASN.1; a high S is accepted, as JWS does not require a
// low one, so signature bytes must not be used as a token identifier. PS256,
// PS384 and PS512 sign and verify with a salt exactly as long as the hash
// (RFC 7518, section 3.5).
//
// # Concurrency
//
// Every value built by this package is immutable and safe for concurrent use
// by multiple goroutines; a [CryptoSigner] and the result of [WithKeyID] are
// as safe as the signer they wrap. Zero values are not usable: their methods
// return an error matching [ErrInvalidKey] rather than panic.
//
// [RFC 7518]: https://www.rfc-editor.org/rfc/rfc7518
// [RFC 8037]: https://www.rfc-editor.org/rfc/rfc8037
package algorithms

import (
	"context"
	"crypto"
	"crypto/sha256"
	"crypto/sha512"
	"errors"
	"fmt"
)

// The JWS "alg" values implemented by this package (RFC 7518, section 3.1,
// and RFC 8037, section 3.1).
const (
	HS256 = "HS256"
	HS384 = "HS384"
	HS512 = "HS512"
	RS256 = "RS256"
	RS384 = "RS384"
	RS512 = "RS512"
	PS256 = "PS256"
	PS384 = "PS384"
	PS512 = "PS512"
	ES256 = "ES256"
	ES384 = "ES384"
	ES512 = "ES512"
	EdDSA = "EdDSA"
)

// A Signer produces JWS signatures with one key and one algorithm.
type Signer interface {
	// Algorithm returns the JWS "alg" value the signer produces.
	Algorithm() string
	// Sign returns the signature of signingInput, the ASCII bytes of
	// BASE64URL(header) '.' BASE64URL(payload). It must not modify
	// signingInput, nor keep it after it returns: package jwt reuses its
	// memory for later tokens.
	Sign(signingInput []byte) ([]byte, error)
}

// A Verifier checks JWS signatures with one key and one algorithm.
type Verifier interface {
	// Algorithm returns the JWS "alg" value the verifier accepts.
	Algorithm() string
	// Verify returns nil if signature is a valid signature of signingInput
	// and otherwise an error matching ErrSignature. It must not modify the
	// slices, nor keep them after it returns: package jwt reuses their
	// memory for later tokens.
	Verify(signingInput, signature []byte) error
}

// A ContextSigner is a [Signer] whose signing may be cancelled, such as one
// that calls a KMS or an HSM. jwt.SignContext passes its context through
// SignContext.
type ContextSigner interface {
	Signer
	// SignContext is Sign bounded by ctx. Like Sign, it must not modify
	// signingInput or keep it after it returns, even when ctx is done
	// first: a request still in flight must work on a copy.
	SignContext(ctx context.Context, signingInput []byte) ([]byte, error)
}

// A KeyedSigner is a [Signer] that names its key. jwt.Sign writes a
// non-empty KeyID as the "kid" header parameter.
type KeyedSigner interface {
	Signer
	// KeyID returns the key ID, or "" for none.
	KeyID() string
}

// WithKeyID returns a [KeyedSigner] that signs with s and reports kid as its
// key ID. The result also implements [ContextSigner]: its SignContext calls
// s.SignContext when s has one; otherwise it calls s.Sign unless ctx is
// already done, in which case it returns an error wrapping ctx.Err().
func WithKeyID(s Signer, kid string) KeyedSigner {
	return &keyedSigner{signer: s, kid: kid}
}

type keyedSigner struct {
	signer Signer
	kid    string
}

var (
	_ KeyedSigner   = (*keyedSigner)(nil)
	_ ContextSigner = (*keyedSigner)(nil)
)

func (k *keyedSigner) Algorithm() string {
	if k.signer == nil {
		return ""
	}
	return k.signer.Algorithm()
}

func (k *keyedSigner) KeyID() string { return k.kid }

func (k *keyedSigner) Sign(signingInput []byte) ([]byte, error) {
	if k.signer == nil {
		return nil, fmt.Errorf("%w: nil Signer", ErrInvalidKey)
	}
	return k.signer.Sign(signingInput)
}

func (k *keyedSigner) SignContext(ctx context.Context, signingInput []byte) ([]byte, error) {
	if k.signer == nil {
		return nil, fmt.Errorf("%w: nil Signer", ErrInvalidKey)
	}
	if cs, ok := k.signer.(ContextSigner); ok {
		return cs.SignContext(ctx, signingInput)
	}
	if ctx == nil {
		return nil, errors.New("jwt/algorithms: nil context")
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("jwt/algorithms: sign: %w", err)
	}
	return k.signer.Sign(signingInput)
}

// zeroValueError is returned by the methods of a value that was not built by
// a constructor, where using it would otherwise panic.
func zeroValueError(typ string) error {
	return fmt.Errorf("%w: zero %s, use a constructor", ErrInvalidKey, typ)
}

// digest hashes msg with h into out. Taking the array from the caller lets
// the verify paths keep the digest on the stack.
func digest(h crypto.Hash, msg []byte, out *[sha512.Size]byte) []byte {
	switch h {
	case crypto.SHA256:
		sum := sha256.Sum256(msg)
		return out[:copy(out[:], sum[:])]
	case crypto.SHA384:
		sum := sha512.Sum384(msg)
		return out[:copy(out[:], sum[:])]
	case crypto.SHA512:
		sum := sha512.Sum512(msg)
		return out[:copy(out[:], sum[:])]
	}
	return nil
}

// lengthError reports a signature of the wrong size. The lengths are the only
// detail a verifier reveals: the caller already knows both.
func lengthError(got, want int) error {
	return fmt.Errorf("%w: got %d bytes, want %d", ErrSignature, got, want)
}
