// Command jwks shows an API verifying the tokens of an identity provider
// through the provider's published key set, while the provider rotates
// its signing key.
//
// Both run on loopback. The identity provider publishes an OpenID
// configuration and a JWK Set whose RSA keys have no "alg" member, as
// Azure AD and many Auth0 and Keycloak sets do, and issues RS256 tokens.
// The API finds the keys by OpenID discovery and verifies every request's
// bearer token. Clients keep calling the API while the provider adds a
// new key, signs with it, and withdraws the old one; no request fails.
//
// Run it from the repository root:
//
//	go run ./examples/jwks
//
// It exits with status 1 if anything does not behave as described.
package main

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/jwk"
)

// apiCooldown is how long the API waits after a fetch of the keys before
// it fetches again for an unknown kid. The default is a minute.
const apiCooldown = 100 * time.Millisecond

func main() {
	log.SetFlags(0)
	if err := run(); err != nil {
		log.Print("jwks: ", err)
		os.Exit(1)
	}
}

func run() error {
	ctx := context.Background()
	idp, err := startProvider()
	if err != nil {
		return err
	}
	defer idp.close()
	fmt.Println("identity provider:", idp.issuer)

	api, err := startAPI(ctx, idp.issuer)
	if err != nil {
		return err
	}
	defer api.close()
	fmt.Println("API:              ", api.url)

	if err := call(api, idp, "alice", "before the rotation"); err != nil {
		return err
	}
	return rotate(ctx, api, idp)
}

// rotate rotates the provider's key while clients keep calling the API,
// then withdraws the old key and shows that a token it signed is refused.
func rotate(ctx context.Context, api *api, idp *provider) error {
	oldToken, err := idp.issue("mallory")
	if err != nil {
		return err
	}
	// The API fetched the keys at startup; let its cooldown pass so that
	// it may fetch again as soon as it sees the new key.
	time.Sleep(apiCooldown)
	clients := startTraffic(api, idp)
	waitFor(func() bool { return clients.succeeded("2026-01") >= 50 })
	if err := idp.addKey("2026-02"); err != nil {
		return err
	}
	fmt.Println("\nprovider: published key 2026-02 and signs with it from now on")
	if err := call(api, idp, "bob", "signed with the new key"); err != nil {
		return err
	}
	waitFor(func() bool { return clients.succeeded("2026-02") >= 50 })
	failed := clients.stop()
	fmt.Printf("clients calling the API meanwhile: %d calls with key 2026-01 "+
		"and %d with key 2026-02 succeeded, %d failed\n",
		clients.succeeded("2026-01"), clients.succeeded("2026-02"), failed)
	if failed > 0 {
		return fmt.Errorf("%d calls failed during the rotation", failed)
	}
	idp.withdraw("2026-01")
	fmt.Println("\nprovider: withdrew key 2026-01")
	if err := api.keys.Refresh(ctx); err != nil {
		return err
	}
	if err := call(api, idp, "carol", "after the API's next refresh"); err != nil {
		return err
	}
	return expectRefused(api, oldToken)
}

// expectRefused checks that a token signed with the withdrawn key no
// longer gets through.
func expectRefused(api *api, token string) error {
	status, body, err := api.get(token)
	if err != nil {
		return err
	}
	fmt.Printf("a token signed with the withdrawn key: %d %s\n", status, body)
	if status != http.StatusUnauthorized {
		return errors.New("a token signed with a withdrawn key was accepted")
	}
	return nil
}

// call gets a token for sub from the provider, calls the API with it and
// prints the answer.
func call(api *api, idp *provider, sub, when string) error {
	status, body, err := request(api, idp, sub)
	if err != nil {
		return err
	}
	fmt.Printf("%s: %d %s\n", when, status, body)
	if status != http.StatusOK {
		return fmt.Errorf("request for %s refused", sub)
	}
	return nil
}

func request(api *api, idp *provider, sub string) (int, string, error) {
	token, err := idp.issue(sub)
	if err != nil {
		return 0, "", err
	}
	return api.get(token)
}

// traffic is clients calling the API without pause.
type traffic struct {
	done   chan struct{}
	wg     sync.WaitGroup
	failed atomic.Int64
	// byKey counts the successful calls by the key that signed the token.
	mu    sync.Mutex
	byKey map[string]int
}

// startTraffic starts eight clients calling the API.
func startTraffic(api *api, idp *provider) *traffic {
	t := &traffic{done: make(chan struct{}), byKey: map[string]int{}}
	for range 8 {
		t.wg.Add(1)
		go t.client(api, idp)
	}
	return t
}

func (t *traffic) client(api *api, idp *provider) {
	defer t.wg.Done()
	for {
		select {
		case <-t.done:
			return
		default:
		}
		status, body, err := request(api, idp, "dave")
		if err != nil || status != http.StatusOK {
			t.failed.Add(1)
			continue
		}
		_, kid, _ := strings.Cut(body, "(key ")
		t.mu.Lock()
		t.byKey[strings.TrimSuffix(kid, ")")]++
		t.mu.Unlock()
	}
}

// succeeded returns the number of successful calls with tokens signed by
// kid.
func (t *traffic) succeeded(kid string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.byKey[kid]
}

// stop stops the clients and returns how many calls failed.
func (t *traffic) stop() int64 {
	close(t.done)
	t.wg.Wait()
	return t.failed.Load()
}

// A provider is a small identity provider: it signs tokens with its
// active key and publishes the public part of its keys.
type provider struct {
	issuer string
	srv    *http.Server

	mu     sync.Mutex
	keys   []*jwk.Key
	active *jwk.Key
}

func startProvider() (*provider, error) {
	p := &provider{}
	if err := p.addKey("2026-01"); err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", p.configuration)
	mux.HandleFunc("GET /jwks.json", p.jwks)
	url, srv, err := serve(mux)
	if err != nil {
		return nil, err
	}
	p.issuer, p.srv = url, srv
	return p, nil
}

func (p *provider) close() { p.srv.Close() }

// addKey generates a key, publishes it and makes it the signing key. The
// published key has no "alg" member.
func (p *provider) addKey(kid string) error {
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	k, err := jwk.FromPrivateKey(priv, jwk.WithKeyID(kid), jwk.WithUse("sig"))
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.keys = append(p.keys, k)
	p.active = k
	return nil
}

// withdraw stops publishing the key kid.
func (p *provider) withdraw(kid string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, k := range p.keys {
		if k.KeyID() == kid {
			p.keys = append(p.keys[:i], p.keys[i+1:]...)
			return
		}
	}
}

// issue returns an access token for sub, signed with the active key.
func (p *provider) issue(sub string) (string, error) {
	p.mu.Lock()
	active := p.active
	p.mu.Unlock()
	signer, err := active.Signer("RS256")
	if err != nil {
		return "", err
	}
	now := time.Now()
	return jwt.Sign(signer, jwt.RegisteredClaims{
		Issuer:    p.issuer,
		Subject:   sub,
		Audience:  jwt.Audience{"https://api.example"},
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(5 * time.Minute)),
	}, jwt.WithHeaderType("at+jwt"))
}

func (p *provider) configuration(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"issuer":%q,"jwks_uri":%q}`, p.issuer, p.issuer+"/jwks.json")
}

// jwks publishes the keys. Marshaling a Set writes public keys only.
func (p *provider) jwks(w http.ResponseWriter, _ *http.Request) {
	p.mu.Lock()
	set, err := jwk.NewSet(p.keys)
	var kids []string
	for _, k := range p.keys {
		kids = append(kids, k.KeyID())
	}
	p.mu.Unlock()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	fmt.Printf("provider: served its key set (%s)\n", strings.Join(kids, ", "))
	w.Header().Set("Content-Type", "application/jwk-set+json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_ = json.NewEncoder(w).Encode(set)
}

// An api verifies the bearer token of every request with keys found by
// OpenID discovery.
type api struct {
	url  string
	srv  *http.Server
	keys *jwk.RemoteSet
	v    *jwt.Verifier
}

func startAPI(ctx context.Context, issuer string) (*api, error) {
	// The defaults suit production; a short cooldown makes the demo fast.
	keys, err := jwk.Discover(ctx, issuer,
		jwk.WithRefetchCooldown(apiCooldown),
		jwk.WithErrorHandler(func(err error) { log.Print("API: key set: ", err) }),
	)
	if err != nil {
		return nil, err
	}
	v, err := jwt.NewVerifier(keys,
		jwt.WithAudience("https://api.example"),
		jwt.WithType("at+jwt"),
		jwt.WithLeeway(30*time.Second),
	)
	if err != nil {
		keys.Close()
		return nil, err
	}
	a := &api{keys: keys, v: v}
	url, srv, err := serve(http.HandlerFunc(a.orders))
	if err != nil {
		keys.Close()
		return nil, err
	}
	a.url, a.srv = url, srv
	return a, nil
}

func (a *api) close() {
	a.srv.Close()
	a.keys.Close()
}

func (a *api) orders(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		http.Error(w, "missing bearer token", http.StatusUnauthorized)
		return
	}
	tok, err := a.v.Verify(r.Context(), token, nil)
	if err != nil {
		http.Error(w, "invalid token: "+reason(err), http.StatusUnauthorized)
		return
	}
	fmt.Fprintf(w, "orders of %s (key %s)\n", tok.Claims().Subject, tok.Header().KeyID())
}

// reason names the category of a verification error.
func reason(err error) string {
	switch {
	case errors.Is(err, jwt.ErrKeyNotFound):
		return "unknown key"
	case errors.Is(err, jwt.ErrSignature):
		return "bad signature"
	case errors.Is(err, jwt.ErrExpired):
		return "expired"
	}
	return "refused"
}

// get calls the API with token.
func (a *api) get(token string) (int, string, error) {
	req, err := http.NewRequest(http.MethodGet, a.url+"/orders", nil)
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(body)), err
}

// waitFor waits until cond holds, for at most ten seconds.
func waitFor(cond func() bool) {
	for deadline := time.Now().Add(10 * time.Second); !cond() && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
}

// serve serves h on a loopback port and returns its URL.
func serve(h http.Handler) (string, *http.Server, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(l) }()
	return "http://" + l.Addr().String(), srv, nil
}
