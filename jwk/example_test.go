package jwk_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/jwk"
)

// exampleNow is the fixed time of the examples.
var exampleNow = time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)

// exampleKey is the issuer's signing key, from a fixed seed so that the
// output does not change. Real keys come from ed25519.GenerateKey or a
// key file.
func exampleKey() *jwk.Key {
	seed := []byte("an example seed of 32 bytes.....")
	k, err := jwk.FromPrivateKey(ed25519.NewKeyFromSeed(seed), jwk.WithKeyID("2026-01"))
	if err != nil {
		log.Fatal(err)
	}
	return k
}

// exampleToken signs a token for alice from issuer with k.
func exampleToken(k *jwk.Key, issuer string) string {
	signer, err := k.Signer("EdDSA")
	if err != nil {
		log.Fatal(err)
	}
	token, err := jwt.Sign(signer, jwt.RegisteredClaims{
		Issuer:    issuer,
		Subject:   "alice",
		Audience:  jwt.Audience{"https://api.example"},
		ExpiresAt: jwt.NewNumericDate(exampleNow.Add(time.Hour)),
	})
	if err != nil {
		log.Fatal(err)
	}
	return token
}

func ExampleParseSet() {
	// The issuer publishes the public part of its keys as a JWK Set.
	issuerKey := exampleKey()
	published, err := jwk.NewSet([]*jwk.Key{issuerKey})
	if err != nil {
		log.Fatal(err)
	}
	jwks, err := json.Marshal(published)
	if err != nil {
		log.Fatal(err)
	}
	printIndented(jwks)

	// The API reads the set and verifies the issuer's tokens with it.
	keys, err := jwk.ParseSet(jwks)
	if err != nil {
		log.Fatal(err)
	}
	v, err := jwt.NewVerifier(keys,
		jwt.WithIssuer("https://auth.example"),
		jwt.WithClock(func() time.Time { return exampleNow }),
	)
	if err != nil {
		log.Fatal(err)
	}
	token := exampleToken(issuerKey, "https://auth.example")
	tok, err := v.Verify(context.Background(), token, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tok.Claims().Subject, "verified with key", tok.Header().KeyID())
	// Output:
	// {
	//   "keys": [
	//     {
	//       "kty": "OKP",
	//       "kid": "2026-01",
	//       "crv": "Ed25519",
	//       "x": "VkiBs-qkkQesTS2VwzUsoRLwjUi0iDAIYtx3WLEY_nU"
	//     }
	//   ]
	// }
	// alice verified with key 2026-01
}

func ExampleDiscover() {
	// A stand-in for an identity provider such as Auth0, Okta or
	// Keycloak: it publishes its configuration and its keys.
	issuerKey := exampleKey()
	idp := httptest.NewServer(nil)
	defer idp.Close()
	idp.Config.Handler = exampleProvider(idp.URL, issuerKey)

	ctx := context.Background()
	keys, err := jwk.Discover(ctx, idp.URL)
	if err != nil {
		log.Fatal(err)
	}
	defer keys.Close()
	// A provider issues tokens for all its applications: require this API's.
	v, err := jwt.NewVerifier(keys,
		jwt.WithAudience("https://api.example"),
		jwt.WithClock(func() time.Time { return exampleNow }),
	)
	if err != nil {
		log.Fatal(err)
	}

	// The verifier accepts only the provider's own tokens.
	_, err = v.Verify(ctx, exampleToken(issuerKey, idp.URL), nil)
	fmt.Println("token from the provider:", err)
	_, err = v.Verify(ctx, exampleToken(issuerKey, "https://elsewhere.example"), nil)
	fmt.Println("token naming another issuer:", errors.Is(err, jwt.ErrIssuer))
	// Output:
	// token from the provider: <nil>
	// token naming another issuer: true
}

// exampleProvider serves the OpenID configuration of issuer and its key
// set.
func exampleProvider(issuer string, k *jwk.Key) http.Handler {
	set, err := jwk.NewSet([]*jwk.Key{k})
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/.well-known/openid-configuration",
		func(w http.ResponseWriter, _ *http.Request) {
			_ = json.NewEncoder(w).Encode(map[string]string{
				"issuer":   issuer,
				"jwks_uri": issuer + "/jwks.json",
			})
		})
	mux.HandleFunc("/jwks.json", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		_ = json.NewEncoder(w).Encode(set)
	})
	return mux
}

func ExampleNewRemoteSet() {
	issuerKey := exampleKey()
	idp := httptest.NewServer(nil)
	defer idp.Close()
	idp.Config.Handler = exampleProvider(idp.URL, issuerKey)

	// When the key set URL is known, bind it to its issuer yourself.
	keys, err := jwk.NewRemoteSet(idp.URL+"/jwks.json",
		jwk.WithIssuer(idp.URL),
		jwk.WithErrorHandler(func(err error) { log.Print("jwks: ", err) }),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer keys.Close()
	// A provider issues tokens for all its applications: require this API's.
	v, err := jwt.NewVerifier(keys,
		jwt.WithAudience("https://api.example"),
		jwt.WithClock(func() time.Time { return exampleNow }),
	)
	if err != nil {
		log.Fatal(err)
	}
	tok, err := v.Verify(context.Background(), exampleToken(issuerKey, idp.URL), nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tok.Claims().Subject)
	// Output: alice
}

func ExampleKey_Thumbprint() {
	// The Ed25519 key of RFC 8037, appendix A.
	k, err := jwk.ParseKey([]byte(`{"kty":"OKP","crv":"Ed25519",` +
		`"x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}`))
	if err != nil {
		log.Fatal(err)
	}
	uri, err := k.ThumbprintURI(crypto.SHA256)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(uri)
	// Output: urn:ietf:params:oauth:jwk-thumbprint:sha-256:kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k
}

func ExampleParsePEM() {
	data, err := os.ReadFile("../testdata/jwk/rfc8037-ed25519.pem")
	if err != nil {
		log.Fatal(err)
	}
	k, err := jwk.ParsePEM(data, jwk.WithThumbprintKeyID(), jwk.WithAlgorithm("EdDSA"))
	if err != nil {
		log.Fatal(err)
	}
	public, err := json.Marshal(k.Public())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(k.KeyType(), k.Curve(), k.IsPrivate())
	printIndented(public)
	// Output:
	// OKP Ed25519 true
	// {
	//   "kty": "OKP",
	//   "kid": "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k",
	//   "alg": "EdDSA",
	//   "crv": "Ed25519",
	//   "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
	// }
}

// printIndented prints JSON with one member a line.
func printIndented(data []byte) {
	var b bytes.Buffer
	if err := json.Indent(&b, data, "", "  "); err != nil {
		log.Fatal(err)
	}
	fmt.Println(b.String())
}
