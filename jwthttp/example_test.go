package jwthttp_test

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/algorithms"
	"github.com/jotgo/jwt/jwthttp"
)

// exampleNow is the fixed time of the examples.
var exampleNow = time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)

// exampleSigner signs the examples' tokens with an Ed25519 key from a fixed
// seed. Real keys come from ed25519.GenerateKey or a key file.
func exampleSigner() *algorithms.EdDSASigner {
	s, err := algorithms.NewEdDSA(ed25519.NewKeyFromSeed([]byte("an example seed of 32 bytes.....")))
	if err != nil {
		log.Fatal(err)
	}
	return s
}

// AccessClaims are an API's access token claims.
type AccessClaims struct {
	jwt.RegisteredClaims
	Scope string `json:"scope"`
}

func exampleToken(s algorithms.Signer, scope string) string {
	tok, err := jwt.Sign(s, AccessClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   "alice",
			Audience:  jwt.Audience{"https://api.example"},
			ExpiresAt: jwt.NewNumericDate(exampleNow.Add(15 * time.Minute)),
		},
		Scope: scope,
	}, jwt.WithHeaderType("at+jwt"))
	if err != nil {
		log.Fatal(err)
	}
	return tok
}

// exampleGet sends a GET request for path with the token, if any, to h and
// prints the status, the body and the challenge, one parameter a line.
func exampleGet(h http.Handler, path, token string) {
	r := httptest.NewRequest(http.MethodGet, path, nil)
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	fmt.Println(w.Code, strings.TrimSpace(w.Body.String()))
	if c := w.Header().Get("WWW-Authenticate"); c != "" {
		fmt.Println("  WWW-Authenticate:", strings.ReplaceAll(c, ", ", ",\n    "))
	}
}

func Example() {
	signer := exampleSigner()
	v, err := jwt.NewVerifier(jwt.Key(signer.Verifier()),
		jwt.WithAudience("https://api.example"),
		jwt.WithType("at+jwt"),
		jwt.WithClock(func() time.Time { return exampleNow }),
	)
	if err != nil {
		log.Fatal(err)
	}
	m, err := jwthttp.New[AccessClaims](v, jwthttp.WithRealm("orders"))
	if err != nil {
		log.Fatal(err)
	}

	mux := http.NewServeMux()
	mux.Handle("GET /me", m.Handler(http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			claims, ok := jwthttp.ClaimsFrom[AccessClaims](r.Context())
			if !ok {
				http.Error(w, "internal error", http.StatusInternalServerError)
				return
			}
			fmt.Fprintf(w, "hello %s", claims.Subject)
		})))
	mux.Handle("GET /orders", m.Require(jwthttp.Scopes("orders:read"))(http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "no orders yet")
		})))

	exampleGet(mux, "/me", exampleToken(signer, ""))
	exampleGet(mux, "/me", "")
	exampleGet(mux, "/me", "not-a-jwt")
	exampleGet(mux, "/orders", exampleToken(signer, "profile"))
	exampleGet(mux, "/orders", exampleToken(signer, "profile orders:read"))
	// Output:
	// 200 hello alice
	// 401 Unauthorized
	//   WWW-Authenticate: Bearer realm="orders"
	// 401 the token is invalid
	//   WWW-Authenticate: Bearer realm="orders",
	//     error="invalid_token",
	//     error_description="the token is invalid"
	// 403 the token lacks a required scope
	//   WWW-Authenticate: Bearer realm="orders",
	//     error="insufficient_scope",
	//     error_description="the token lacks a required scope",
	//     scope="orders:read"
	// 200 no orders yet
}

func ExampleWithDenylist() {
	signer := exampleSigner()
	clock := func() time.Time { return exampleNow }
	v, err := jwt.NewVerifier(jwt.Key(signer.Verifier()),
		jwt.WithAudience("https://api.example"),
		jwt.WithRequiredClaims("jti"),
		jwt.WithClock(clock),
	)
	if err != nil {
		log.Fatal(err)
	}
	denylist, err := jwthttp.NewMemoryDenylist(10_000, jwthttp.WithDenylistClock(clock))
	if err != nil {
		log.Fatal(err)
	}
	m, err := jwthttp.New[jwt.RegisteredClaims](v, jwthttp.WithDenylist(denylist))
	if err != nil {
		log.Fatal(err)
	}

	// POST /logout revokes the token that authenticated it.
	mux := http.NewServeMux()
	mux.Handle("POST /logout", m.Handler(http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			tok, _ := jwthttp.TokenFrom(r.Context())
			if err := jwthttp.Revoke(r.Context(), denylist, tok); err != nil {
				http.Error(w, "try again later", http.StatusServiceUnavailable)
				return
			}
			w.WriteHeader(http.StatusNoContent)
		})))

	token, err := jwt.Sign(signer, jwt.RegisteredClaims{
		Subject:   "alice",
		Audience:  jwt.Audience{"https://api.example"},
		ExpiresAt: jwt.NewNumericDate(exampleNow.Add(15 * time.Minute)),
		ID:        "c0ffee",
	})
	if err != nil {
		log.Fatal(err)
	}
	for range 2 {
		r := httptest.NewRequest(http.MethodPost, "/logout", nil)
		r.Header.Set("Authorization", "Bearer "+token)
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		fmt.Println(w.Code, w.Header().Values("WWW-Authenticate"))
	}
	revoked, _ := denylist.Contains(context.Background(), "c0ffee")
	fmt.Println("revoked:", revoked)
	// Output:
	// 204 []
	// 401 [Bearer realm="api", error="invalid_token", error_description="the token was revoked"]
	// revoked: true
}

func ExampleWriteProblem() {
	signer := exampleSigner()
	v, err := jwt.NewVerifier(jwt.Key(signer.Verifier()),
		jwt.WithClock(func() time.Time { return exampleNow.Add(time.Hour) }))
	if err != nil {
		log.Fatal(err)
	}
	m, err := jwthttp.New[jwt.RegisteredClaims](v,
		jwthttp.WithErrorHandler(func(w http.ResponseWriter, r *http.Request, e *jwthttp.Error) {
			// The cause is for the logs; it never holds the token.
			fmt.Println("refused:", e)
			jwthttp.WriteProblem(w, r, e)
		}))
	if err != nil {
		log.Fatal(err)
	}
	exampleGet(m.Handler(http.NotFoundHandler()), "/", exampleToken(signer, ""))
	// Output:
	// refused: jwthttp: jwt: token expired: exp is in the past
	// 401 {"type":"about:blank","title":"Unauthorized","status":401,"detail":"the token expired"}
	//   WWW-Authenticate: Bearer realm="api",
	//     error="invalid_token",
	//     error_description="the token expired"
}
