package algorithms

import "errors"

// ErrInvalidKey is returned when a constructor refuses a key: a nil key, an
// HMAC secret shorter than the hash output, an RSA modulus outside 2048 to
// 8192 bits, an unsafe RSA exponent, an EC point that is off its curve or on
// the wrong one, or an Ed25519 key of the wrong size. The returned error
// wraps ErrInvalidKey with a short reason; match it with [errors.Is]. The
// methods of a zero value, which holds no key, return it too.
var ErrInvalidKey = errors.New("jwt/algorithms: invalid key")

// ErrSignature is returned by every [Verifier] when a signature does not
// verify. It says nothing about why, so that a verifier is not an oracle; the
// only detail ever added is the length of a signature of the wrong size.
var ErrSignature = errors.New("jwt/algorithms: signature invalid")
