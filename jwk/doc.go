// Package jwk reads and writes JSON Web Keys and JWK Sets ([RFC 7517],
// [RFC 7518] §6, [RFC 8037]), and finds the keys that verify tokens.
//
// [ParseKey] reads one JWK and [ParseSet] a JWK Set; [FromPublicKey],
// [FromPrivateKey] and [FromSecret] make a [Key] from a Go key, and
// [ParsePEM] and [ParseDER] from PKCS #1, PKCS #8, SEC 1, SPKI or X.509
// data. Keys are checked when they are made, with the rules of package
// [github.com/jotgo/jwt/algorithms]. [Key.Verifier] and [Key.Signer] bind
// a key to one algorithm; [Key.Thumbprint] computes its RFC 7638 thumbprint.
//
// A [Set] chooses a key for each token from its "kid" and "alg", never by
// trying keys in turn. Keys without an "alg" member verify the algorithm
// their type gives (ES256 for a P-256 key, EdDSA for Ed25519), and RSA
// keys RS256 unless [WithRSAAlgorithms] says otherwise.
//
// Errors about keys match one of [ErrMalformed], [ErrUnsupported] or
// [github.com/jotgo/jwt/algorithms.ErrInvalidKey]; lookups that find no
// key match [github.com/jotgo/jwt.ErrKeyNotFound] or
// [github.com/jotgo/jwt.ErrAlgorithm]. Match them with [errors.Is].
//
// [RFC 7517]: https://www.rfc-editor.org/rfc/rfc7517
// [RFC 7518]: https://www.rfc-editor.org/rfc/rfc7518
// [RFC 8037]: https://www.rfc-editor.org/rfc/rfc8037
package jwk
