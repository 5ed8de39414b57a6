// Package jwk reads and writes JSON Web Keys and JWK Sets ([RFC 7517],
// [RFC 7518] §6, [RFC 8037]), and finds the keys that verify tokens: in a
// set, in a set that an identity provider publishes at a URL, or through
// OpenID discovery.
//
// # Verifying tokens from an identity provider
//
// [Discover] reads the provider's configuration and returns a [RemoteSet]
// bound to its issuer, which a [github.com/jotgo/jwt.Verifier] uses to
// find the key of each token:
//
//	keys, err := jwk.Discover(ctx, "https://tenant.example.auth0.com/")
//	...
//	defer keys.Close()
//	v, err := jwt.NewVerifier(keys, jwt.WithAudience("https://api.example"))
//
// The remote set keeps its copy of the keys up to date in the background,
// fetches again when a token names a key it does not know (at most once
// per cooldown), and keeps using the last good copy for a while when the
// provider fails. [NewRemoteSet] makes one from the key set URL;
// [WithIssuer] then binds it to the issuer.
//
// # Keys and key sets
//
// [ParseKey] reads one JWK and [ParseSet] a JWK Set; [FromPublicKey],
// [FromPrivateKey] and [FromSecret] make a [Key] from a Go key, and
// [ParsePEM] and [ParseDER] from PKCS #1, PKCS #8, SEC 1, SPKI or X.509
// data. Keys are checked when they are made, with the rules of package
// [github.com/jotgo/jwt/algorithms]. [Key.Verifier] and [Key.Signer] bind
// a key to one algorithm; [Key.Thumbprint] computes its RFC 7638
// thumbprint.
//
// A [Set] chooses a key for each token from its "kid" and "alg", never by
// trying keys in turn. Keys without an "alg" member verify the algorithm
// their type gives (ES256 for a P-256 key, EdDSA for Ed25519), and RSA
// keys RS256 unless [WithRSAAlgorithms] says otherwise. Sets, keys and
// remote sets are safe for concurrent use.
//
// # Errors
//
// Errors about keys match one of [ErrMalformed], [ErrUnsupported] or
// [github.com/jotgo/jwt/algorithms.ErrInvalidKey]; lookups that find no
// key match [github.com/jotgo/jwt.ErrKeyNotFound] or
// [github.com/jotgo/jwt.ErrAlgorithm]; remote sets add [ErrFetch] and
// [ErrDiscovery]. Match them with [errors.Is].
//
// The package logs nothing: a remote set reports the failures of its
// background fetches to the function given to [WithErrorHandler].
//
// [RFC 7517]: https://www.rfc-editor.org/rfc/rfc7517
// [RFC 7518]: https://www.rfc-editor.org/rfc/rfc7518
// [RFC 8037]: https://www.rfc-editor.org/rfc/rfc8037
package jwk
