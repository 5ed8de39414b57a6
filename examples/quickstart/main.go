// Command quickstart shows the library end to end: it signs a token with
// custom claims, verifies it, prints its header and claims, shows a
// tampered token, an expired token and an algorithm swap being rejected,
// and verifies the example token of RFC 7515 appendix A.1 with the RFC's
// key.
//
// Run it from the repository root:
//
//	go run ./examples/quickstart
//
// It exits with status 1 if anything does not behave as described.
package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/algorithms"
)

// Claims are the claims of this application's access tokens.
type Claims struct {
	jwt.RegisteredClaims
	Scope string   `json:"scope"`
	Roles []string `json:"roles"`
}

func main() {
	log.SetFlags(0)
	if err := run(); err != nil {
		log.Print("quickstart: ", err)
		os.Exit(1)
	}
}

func run() error {
	ctx := context.Background()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	signer, err := algorithms.NewEdDSA(priv)
	if err != nil {
		return err
	}
	v, err := jwt.NewVerifier(jwt.Key(signer.Verifier()),
		jwt.WithIssuer("https://auth.example"),
		jwt.WithAudience("https://api.example"),
	)
	if err != nil {
		return err
	}

	token, err := signAccessToken(signer, time.Now().Add(15*time.Minute))
	if err != nil {
		return err
	}
	fmt.Println("1. signed token:\n  ", token)

	var claims Claims
	tok, err := v.Verify(ctx, token, &claims)
	if err != nil {
		return fmt.Errorf("verifying our own token: %w", err)
	}
	header, _ := tok.Header().MarshalJSON()
	fmt.Println("2. verified; header:", string(header))
	fmt.Printf("   subject %s, scope %q, roles %v, expires %s\n", claims.Subject,
		claims.Scope, claims.Roles, claims.ExpiresAt.Format(time.RFC3339))

	if err := rejections(ctx, v, signer, pub, token); err != nil {
		return err
	}
	return verifyRFCExample(ctx)
}

func signAccessToken(s algorithms.Signer, exp time.Time) (string, error) {
	return jwt.Sign(s, Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    "https://auth.example",
			Subject:   "alice",
			Audience:  jwt.Audience{"https://api.example"},
			IssuedAt:  jwt.NewNumericDate(time.Now()),
			ExpiresAt: jwt.NewNumericDate(exp),
		},
		Scope: "orders:read orders:write",
		Roles: []string{"admin"},
	})
}

// rejections shows three tokens that must fail, each with its own error.
func rejections(ctx context.Context, v *jwt.Verifier, s algorithms.Signer,
	public ed25519.PublicKey, token string) error {
	// A tampered payload: one claim changed, the signature kept.
	parts := strings.Split(token, ".")
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	payload = []byte(strings.Replace(string(payload), `"alice"`, `"admin"`, 1))
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString(payload) + "." + parts[2]

	expired, err := signAccessToken(s, time.Now().Add(-time.Minute))
	if err != nil {
		return err
	}

	// An algorithm swap: the attacker signs with HMAC, using the public key
	// as the secret, and hopes the verifier follows the token's "alg".
	hmacWithPublicKey, err := algorithms.NewHS256(public)
	if err != nil {
		return err
	}
	swapped, err := jwt.Sign(hmacWithPublicKey, json.RawMessage(payload))
	if err != nil {
		return err
	}

	for i, c := range []struct {
		name, token string
		want        error
	}{
		{"tampered token", tampered, jwt.ErrSignature},
		{"expired token", expired, jwt.ErrExpired},
		{"alg swap (HS256 with the public key)", swapped, jwt.ErrAlgorithm},
	} {
		_, err := v.Verify(ctx, c.token, nil)
		if !errors.Is(err, c.want) {
			return fmt.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
		fmt.Printf("%d. %s rejected: %v\n", i+3, c.name, err)
	}
	return nil
}

// The example of RFC 7515 appendix A.1: an HS256 token and its key.
const (
	rfcToken = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9." +
		"eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxl" +
		"LmNvbS9pc19yb290Ijp0cnVlfQ." +
		"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
	rfcKey = "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"
)

// verifyRFCExample verifies the RFC's token at a time before its "exp"
// (2011-03-22T18:43:00Z).
func verifyRFCExample(ctx context.Context) error {
	key, err := base64.RawURLEncoding.DecodeString(rfcKey)
	if err != nil {
		return err
	}
	hs, err := algorithms.NewHS256(key)
	if err != nil {
		return err
	}
	v, err := jwt.NewVerifier(jwt.Key(hs), jwt.WithIssuer("joe"),
		jwt.WithClock(func() time.Time { return time.Unix(1300819000, 0) }))
	if err != nil {
		return err
	}
	var claims map[string]any
	if _, err := v.Verify(ctx, rfcToken, &claims); err != nil {
		return fmt.Errorf("RFC 7515 A.1: %w", err)
	}
	fmt.Printf("6. RFC 7515 A.1 example verified: iss %v, exp %v, is_root %v\n",
		claims["iss"], claims["exp"], claims["http://example.com/is_root"])
	return nil
}
