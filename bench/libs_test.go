package bench_test

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"sync"
	"time"

	josev4 "github.com/go-jose/go-jose/v4"
	josejwt "github.com/go-jose/go-jose/v4/jwt"
	golangjwt "github.com/golang-jwt/jwt/v5"
	"github.com/lestrrat-go/jwx/v3/jwa"
	jwxjwt "github.com/lestrrat-go/jwx/v3/jwt"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/algorithms"
)

// The claims of a typical access token, the same in every library: the
// seven registered claims, a scope string and a roles array.
const (
	issuer   = "https://auth.example.com"
	subject  = "user-1234567890"
	audience = "https://api.example.com"
	tokenID  = "b9f1c3a0-6e2f-4d8e-9a55-3c8e1f7a2b10"
	scope    = "orders:read orders:write profile"
)

var roles = []string{"admin", "editor", "viewer"}

// claims is what every library's verification is reduced to, for
// comparison.
type claims struct {
	Issuer, Subject, Audience, ID, Scope string
	Expiry, NotBefore, IssuedAt          int64
	Roles                                []string
}

// wantClaims returns the claims of a token issued at now.
func wantClaims(now time.Time) claims {
	return claims{
		Issuer: issuer, Subject: subject, Audience: audience, ID: tokenID, Scope: scope,
		Expiry: now.Add(time.Hour).Unix(), NotBefore: now.Unix(), IssuedAt: now.Unix(),
		Roles: roles,
	}
}

// The algorithms compared: one per family.
var algs = []string{"HS256", "RS256", "PS256", "ES256", "EdDSA"}

// keyPair is the key material of one algorithm, in the standard library's
// types that every library accepts.
type keyPair struct {
	private crypto.PrivateKey
	public  crypto.PublicKey
}

// hmacSecret is the HS256 key: 32 bytes, the least RFC 7518 allows.
var hmacSecret = []byte("bench secret for HS256, 32 bytes")

// loadKeys reads the throwaway keys in testdata once.
var loadKeys = sync.OnceValues(func() (map[string]keyPair, error) {
	keys := map[string]keyPair{"HS256": {hmacSecret, hmacSecret}}
	for alg, file := range map[string]string{
		"RS256": "rsa-2048.pem", "ES256": "ec-p256.pem", "EdDSA": "ed25519.pem",
	} {
		data, err := os.ReadFile("testdata/" + file)
		if err != nil {
			return nil, err
		}
		block, _ := pem.Decode(data)
		if block == nil {
			return nil, fmt.Errorf("%s: no PEM block", file)
		}
		key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, err
		}
		keys[alg] = keyPair{key, key.(crypto.Signer).Public()}
	}
	keys["PS256"] = keys["RS256"]
	return keys, nil
})

// A library signs and verifies tokens of the typical claims. Each of its
// functions sets up what the library lets a caller build once (a signer, a
// verifier, a parser) and returns the function that does the per-token
// work. verify checks the signature, exp, nbf, the issuer and the
// audience, and decodes the claims into the library's own types, which
// claimsOf reads.
type library struct {
	name   string
	sign   func(alg string, k keyPair) func(now time.Time) (string, error)
	verify func(alg string, k keyPair) func(token string) (any, error)
}

var libraries = []library{
	{"jotgo", jotgoSign, jotgoVerify},
	{"golang-jwt", golangSign, golangVerify},
	{"jwx", jwxSign, jwxVerify},
	{"go-jose", joseSign, joseVerify},
}

// jotgoClaims is the destination of github.com/jotgo/jwt.
type jotgoClaims struct {
	jwt.RegisteredClaims
	Scope string   `json:"scope"`
	Roles []string `json:"roles"`
}

func jotgoSigner(alg string, k keyPair) (algorithms.Signer, error) {
	switch alg {
	case "HS256":
		return algorithms.NewHS256(k.private.([]byte))
	case "RS256":
		return algorithms.NewRS256(k.private.(*rsa.PrivateKey))
	case "PS256":
		return algorithms.NewPS256(k.private.(*rsa.PrivateKey))
	case "ES256":
		return algorithms.NewES256(k.private.(*ecdsa.PrivateKey))
	}
	return algorithms.NewEdDSA(k.private.(ed25519.PrivateKey))
}

func jotgoVerifierKey(alg string, k keyPair) (algorithms.Verifier, error) {
	switch alg {
	case "HS256":
		return algorithms.NewHS256(k.public.([]byte))
	case "RS256":
		return algorithms.NewRS256Verifier(k.public.(*rsa.PublicKey))
	case "PS256":
		return algorithms.NewPS256Verifier(k.public.(*rsa.PublicKey))
	case "ES256":
		return algorithms.NewES256Verifier(k.public.(*ecdsa.PublicKey))
	}
	return algorithms.NewEdDSAVerifier(k.public.(ed25519.PublicKey))
}

func jotgoSign(alg string, k keyPair) func(time.Time) (string, error) {
	s, err := jotgoSigner(alg, k)
	if err != nil {
		return failingSign(err)
	}
	return func(now time.Time) (string, error) {
		return jwt.Sign(s, jotgoClaims{
			RegisteredClaims: jwt.RegisteredClaims{
				Issuer: issuer, Subject: subject, Audience: jwt.Audience{audience},
				ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour)),
				NotBefore: jwt.NewNumericDate(now), IssuedAt: jwt.NewNumericDate(now),
				ID: tokenID,
			},
			Scope: scope, Roles: roles,
		})
	}
}

func jotgoVerify(alg string, k keyPair) func(string) (any, error) {
	key, err := jotgoVerifierKey(alg, k)
	if err != nil {
		return failing(err)
	}
	v, err := jwt.NewVerifier(jwt.Key(key), jwt.WithIssuer(issuer), jwt.WithAudience(audience))
	if err != nil {
		return failing(err)
	}
	ctx := context.Background()
	return func(token string) (any, error) {
		var c jotgoClaims
		_, err := v.Verify(ctx, token, &c)
		return &c, err
	}
}

// golangClaims is the destination of golang-jwt/jwt v5.
type golangClaims struct {
	golangjwt.RegisteredClaims
	Scope string   `json:"scope"`
	Roles []string `json:"roles"`
}

var golangMethods = map[string]golangjwt.SigningMethod{
	"HS256": golangjwt.SigningMethodHS256, "RS256": golangjwt.SigningMethodRS256,
	"PS256": golangjwt.SigningMethodPS256, "ES256": golangjwt.SigningMethodES256,
	"EdDSA": golangjwt.SigningMethodEdDSA,
}

func golangSign(alg string, k keyPair) func(time.Time) (string, error) {
	return func(now time.Time) (string, error) {
		c := golangClaims{
			RegisteredClaims: golangjwt.RegisteredClaims{
				Issuer: issuer, Subject: subject, Audience: golangjwt.ClaimStrings{audience},
				ExpiresAt: golangjwt.NewNumericDate(now.Add(time.Hour)),
				NotBefore: golangjwt.NewNumericDate(now), IssuedAt: golangjwt.NewNumericDate(now),
				ID: tokenID,
			},
			Scope: scope, Roles: roles,
		}
		return golangjwt.NewWithClaims(golangMethods[alg], c).SignedString(k.private)
	}
}

func golangVerify(alg string, k keyPair) func(string) (any, error) {
	p := golangjwt.NewParser(golangjwt.WithValidMethods([]string{alg}),
		golangjwt.WithIssuer(issuer), golangjwt.WithAudience(audience),
		golangjwt.WithExpirationRequired())
	keyFunc := func(*golangjwt.Token) (any, error) { return k.public, nil }
	return func(token string) (any, error) {
		var c golangClaims
		_, err := p.ParseWithClaims(token, &c, keyFunc)
		return &c, err
	}
}

// jwxClaims holds what jwx v3 decodes: its token, with the custom claims
// read out of it.
type jwxClaims struct {
	token jwxjwt.Token
	Scope string
	Roles []any
}

var jwxAlgorithms = map[string]jwa.SignatureAlgorithm{
	"HS256": jwa.HS256(), "RS256": jwa.RS256(), "PS256": jwa.PS256(),
	"ES256": jwa.ES256(), "EdDSA": jwa.EdDSA(),
}

func jwxSign(alg string, k keyPair) func(time.Time) (string, error) {
	return func(now time.Time) (string, error) {
		t, err := jwxjwt.NewBuilder().Issuer(issuer).Subject(subject).Audience([]string{audience}).
			Expiration(now.Add(time.Hour)).NotBefore(now).IssuedAt(now).JwtID(tokenID).
			Claim("scope", scope).Claim("roles", roles).Build()
		if err != nil {
			return "", err
		}
		token, err := jwxjwt.Sign(t, jwxjwt.WithKey(jwxAlgorithms[alg], k.private))
		return string(token), err
	}
}

func jwxVerify(alg string, k keyPair) func(string) (any, error) {
	return func(token string) (any, error) {
		t, err := jwxjwt.ParseString(token, jwxjwt.WithKey(jwxAlgorithms[alg], k.public),
			jwxjwt.WithIssuer(issuer), jwxjwt.WithAudience(audience))
		if err != nil {
			return nil, err
		}
		c := &jwxClaims{token: t}
		if err := t.Get("scope", &c.Scope); err != nil {
			return nil, err
		}
		return c, t.Get("roles", &c.Roles)
	}
}

// joseClaims is the destination of go-jose v4 for the custom claims; the
// registered ones go to a jwt.Claims.
type joseClaims struct {
	josejwt.Claims
	Scope string   `json:"scope"`
	Roles []string `json:"roles"`
}

func joseSign(alg string, k keyPair) func(time.Time) (string, error) {
	sig, err := josev4.NewSigner(
		josev4.SigningKey{Algorithm: josev4.SignatureAlgorithm(alg), Key: k.private},
		(&josev4.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return failingSign(err)
	}
	return func(now time.Time) (string, error) {
		c := joseClaims{
			Claims: josejwt.Claims{
				Issuer: issuer, Subject: subject, Audience: josejwt.Audience{audience},
				Expiry:    josejwt.NewNumericDate(now.Add(time.Hour)),
				NotBefore: josejwt.NewNumericDate(now), IssuedAt: josejwt.NewNumericDate(now),
				ID: tokenID,
			},
			Scope: scope, Roles: roles,
		}
		return josejwt.Signed(sig).Claims(c).Serialize()
	}
}

func joseVerify(alg string, k keyPair) func(string) (any, error) {
	algs := []josev4.SignatureAlgorithm{josev4.SignatureAlgorithm(alg)}
	return func(token string) (any, error) {
		t, err := josejwt.ParseSigned(token, algs)
		if err != nil {
			return nil, err
		}
		var c joseClaims
		if err := t.Claims(k.public, &c); err != nil {
			return nil, err
		}
		expected := josejwt.Expected{
			Issuer: issuer, AnyAudience: josejwt.Audience{audience}, Time: time.Now(),
		}
		return &c, c.Claims.ValidateWithLeeway(expected, 0)
	}
}

func failing(err error) func(string) (any, error) {
	return func(string) (any, error) { return nil, err }
}

func failingSign(err error) func(time.Time) (string, error) {
	return func(time.Time) (string, error) { return "", err }
}

// claimsOf reduces what a library's verify returned to claims.
func claimsOf(v any) claims {
	switch c := v.(type) {
	case *jotgoClaims:
		return claims{c.Issuer, c.Subject, c.Audience[0], c.ID, c.Scope,
			c.ExpiresAt.Unix(), c.NotBefore.Unix(), c.IssuedAt.Unix(), c.Roles}
	case *golangClaims:
		return claims{c.Issuer, c.Subject, c.Audience[0], c.ID, c.Scope,
			c.ExpiresAt.Unix(), c.NotBefore.Unix(), c.IssuedAt.Unix(), c.Roles}
	case *jwxClaims:
		iss, _ := c.token.Issuer()
		sub, _ := c.token.Subject()
		aud, _ := c.token.Audience()
		id, _ := c.token.JwtID()
		exp, _ := c.token.Expiration()
		nbf, _ := c.token.NotBefore()
		iat, _ := c.token.IssuedAt()
		roles := make([]string, len(c.Roles))
		for i, r := range c.Roles {
			roles[i], _ = r.(string)
		}
		return claims{iss, sub, aud[0], id, c.Scope, exp.Unix(), nbf.Unix(), iat.Unix(), roles}
	case *joseClaims:
		return claims{c.Issuer, c.Subject, c.Audience[0], c.ID, c.Scope,
			c.Expiry.Time().Unix(), c.NotBefore.Time().Unix(), c.IssuedAt.Time().Unix(), c.Roles}
	}
	return claims{}
}
