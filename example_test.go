package jwt_test

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/algorithms"
)

// exampleNow is the fixed time of the examples, so that their output does
// not depend on the day they run.
var exampleNow = time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)

// exampleKey is an Ed25519 key from a fixed seed. Real keys come from
// ed25519.GenerateKey or from a key file.
var exampleKey = ed25519.NewKeyFromSeed([]byte("an example seed of 32 bytes....."))

// MyClaims is an application's claims: the registered ones plus its own.
type MyClaims struct {
	jwt.RegisteredClaims
	Scope string   `json:"scope"`
	Roles []string `json:"roles,omitempty"`
}

func Example() {
	signer, err := algorithms.NewEdDSA(exampleKey)
	if err != nil {
		log.Fatal(err)
	}
	token, err := jwt.Sign(signer, MyClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    "https://auth.example",
			Subject:   "alice",
			Audience:  jwt.Audience{"api"},
			ExpiresAt: jwt.NewNumericDate(exampleNow.Add(time.Hour)),
		},
		Scope: "orders:read",
	})
	if err != nil {
		log.Fatal(err)
	}

	// The verifier is built once, with the public key and the rules.
	v, err := jwt.NewVerifier(jwt.Key(signer.Verifier()),
		jwt.WithIssuer("https://auth.example"),
		jwt.WithAudience("api"),
		jwt.WithClock(func() time.Time { return exampleNow }),
	)
	if err != nil {
		log.Fatal(err)
	}
	var claims MyClaims
	if _, err := v.Verify(context.Background(), token, &claims); err != nil {
		log.Fatal(err)
	}
	fmt.Println(claims.Subject, claims.Scope, claims.ExpiresAt.Format(time.RFC3339))
	// Output: alice orders:read 2026-01-02T16:04:05Z
}

func ExampleSign() {
	secret := []byte("a secret of at least 32 bytes...")
	signer, err := algorithms.NewHS256(secret)
	if err != nil {
		log.Fatal(err)
	}
	token, err := jwt.Sign(signer, jwt.RegisteredClaims{
		Subject:   "alice",
		ExpiresAt: jwt.NewNumericDate(exampleNow.Add(time.Hour)),
	}, jwt.WithKeyID("2026-01"))
	if err != nil {
		log.Fatal(err)
	}
	// The token is three base64url segments joined by dots: the header,
	// the claims and the signature.
	for _, segment := range strings.Split(token, ".") {
		fmt.Println(segment)
	}
	// Output:
	// eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IjIwMjYtMDEifQ
	// eyJzdWIiOiJhbGljZSIsImV4cCI6MTc2NzM2OTg0NX0
	// QoHgo4Fu1cQEdfBF9ZGJIqWMAbGDnMy_XqvVp6RQQSg
}

func ExampleNewVerifier() {
	signer, err := algorithms.NewEdDSA(exampleKey)
	if err != nil {
		log.Fatal(err)
	}
	// An OAuth access token for this API, from this issuer, with a minute
	// of leeway for clocks that disagree.
	v, err := jwt.NewVerifier(jwt.Key(signer.Verifier()),
		jwt.WithIssuer("https://auth.example"),
		jwt.WithAudience("https://api.example"),
		jwt.WithType("at+jwt"),
		jwt.WithLeeway(time.Minute),
	)
	fmt.Println(v != nil, err)
	// Output: true <nil>
}

func ExampleVerifier_Verify() {
	signer, err := algorithms.NewEdDSA(exampleKey)
	if err != nil {
		log.Fatal(err)
	}
	token, err := jwt.Sign(signer, MyClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   "alice",
			ExpiresAt: jwt.NewNumericDate(exampleNow.Add(time.Hour)),
		},
		Roles: []string{"admin", "editor"},
	})
	if err != nil {
		log.Fatal(err)
	}
	v, err := jwt.NewVerifier(jwt.Key(signer.Verifier()),
		jwt.WithClock(func() time.Time { return exampleNow }))
	if err != nil {
		log.Fatal(err)
	}
	var claims MyClaims
	tok, err := v.Verify(context.Background(), token, &claims)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tok.Header().Algorithm(), claims.Subject, claims.Roles)
	// Output: EdDSA alice [admin editor]
}

func ExampleVerifyAs() {
	signer, err := algorithms.NewEdDSA(exampleKey)
	if err != nil {
		log.Fatal(err)
	}
	token, err := jwt.Sign(signer, map[string]any{
		"sub": "alice", "exp": exampleNow.Add(time.Hour).Unix(), "tenant": "acme",
	})
	if err != nil {
		log.Fatal(err)
	}
	v, err := jwt.NewVerifier(jwt.Key(signer.Verifier()),
		jwt.WithClock(func() time.Time { return exampleNow }))
	if err != nil {
		log.Fatal(err)
	}
	claims, _, err := jwt.VerifyAs[map[string]any](context.Background(), v, token)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(claims["tenant"], claims["exp"])
	// Output: acme 1767369845
}

// Errors match a category with errors.Is; claim errors also tell which
// claim failed through errors.As.
func Example_errors() {
	signer, err := algorithms.NewEdDSA(exampleKey)
	if err != nil {
		log.Fatal(err)
	}
	expired, err := jwt.Sign(signer, jwt.RegisteredClaims{
		ExpiresAt: jwt.NewNumericDate(exampleNow.Add(-time.Minute)),
	})
	if err != nil {
		log.Fatal(err)
	}
	v, err := jwt.NewVerifier(jwt.Key(signer.Verifier()),
		jwt.WithClock(func() time.Time { return exampleNow }))
	if err != nil {
		log.Fatal(err)
	}

	_, err = v.Verify(context.Background(), expired, nil)
	var ve *jwt.ValidationError
	switch {
	case errors.Is(err, jwt.ErrExpired) && errors.As(err, &ve):
		fmt.Printf("expired (claim %s): %v\n", ve.Claim, err)
	case err != nil:
		fmt.Println("rejected:", err)
	}

	_, err = v.Verify(context.Background(), expired+"x", nil)
	fmt.Println(errors.Is(err, jwt.ErrSignature), errors.Is(err, jwt.ErrExpired))
	// Output:
	// expired (claim exp): jwt: token expired: exp is in the past
	// false false
}

func ExampleParseUnverified() {
	// The kid of an incoming token, to pick a key; nothing here is trusted.
	tok, err := jwt.ParseUnverified("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IjIwMjYtMDEifQ." +
		"eyJzdWIiOiJhbGljZSIsImV4cCI6MTc2NzM2OTg0NX0." +
		"QoHgo4Fu1cQEdfBF9ZGJIqWMAbGDnMy_XqvVp6RQQSg")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tok.Header().KeyID(), tok.Claims().Subject)
	// Output: 2026-01 alice
}

func ExampleVerifier_VerifyPayload() {
	signer, err := algorithms.NewEdDSA(exampleKey)
	if err != nil {
		log.Fatal(err)
	}
	signed, err := jwt.SignPayload(signer, []byte("any bytes, not only JSON"))
	if err != nil {
		log.Fatal(err)
	}
	v, err := jwt.NewVerifier(jwt.Key(signer.Verifier()))
	if err != nil {
		log.Fatal(err)
	}
	_, payload, err := v.VerifyPayload(context.Background(), signed)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(payload))
	// Output: any bytes, not only JSON
}
