// Package jwk reads and writes JSON Web Keys ([RFC 7517], [RFC 7518] §6,
// [RFC 8037]).
//
// [ParseKey] reads one JWK; [FromPublicKey], [FromPrivateKey] and
// [FromSecret] make a [Key] from a Go key. Keys are checked when they are
// made, with the rules of package [github.com/jotgo/jwt/algorithms].
// [Key.Verifier] and [Key.Signer] bind a key to one algorithm;
// [Key.Thumbprint] computes its RFC 7638 thumbprint.
//
// Errors about keys match one of [ErrMalformed], [ErrUnsupported] or
// [github.com/jotgo/jwt/algorithms.ErrInvalidKey]; match them with
// [errors.Is].
//
// [RFC 7517]: https://www.rfc-editor.org/rfc/rfc7517
// [RFC 7518]: https://www.rfc-editor.org/rfc/rfc7518
// [RFC 8037]: https://www.rfc-editor.org/rfc/rfc8037
package jwk
