package main

import (
	"encoding/json"
	"errors"
	"log"
	"net/http"
	"time"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/algorithms"
	"github.com/jotgo/jwt/jwthttp"
)

const (
	// issuer is the "iss" of every token, and audience the "aud" of access
	// tokens. Refresh tokens have their own audience and type, so that
	// neither kind of token is accepted where the other is expected.
	issuer          = "jotgo-example-api"
	audience        = "jotgo-example-api"
	refreshAudience = "jotgo-example-api/refresh"
	accessType      = "at+jwt"
	refreshType     = "rt+jwt"
	clientID        = "jotgo-example"

	accessTTL  = 15 * time.Minute
	refreshTTL = 24 * time.Hour

	maxSessions    = 10_000
	maxRevocations = 100_000
)

// accessClaims are the claims of an access token (RFC 9068 §2.2) plus
// the roles and the session it belongs to.
type accessClaims struct {
	jwt.RegisteredClaims
	ClientID string   `json:"client_id"`
	Scope    string   `json:"scope"`
	Roles    []string `json:"roles"`
	Session  string   `json:"sid"`
}

// refreshClaims are the claims of a refresh token.
type refreshClaims struct {
	jwt.RegisteredClaims
	Session string `json:"sid"`
}

// config is what newServer needs.
type config struct {
	key *algorithms.EdDSASigner
	now func() time.Time
	log *log.Logger

	// requireTLS refuses requests that did not come over HTTPS.
	requireTLS bool
}

// server is the example API.
type server struct {
	cfg      config
	users    map[string]user
	auth     *jwthttp.Middleware[accessClaims]
	refresh  *jwt.Verifier
	denylist *jwthttp.MemoryDenylist
	sessions *sessions
}

// newServer builds the API around the signing key of cfg.
func newServer(cfg config) (*server, error) {
	s := &server{cfg: cfg, users: demoUsers(), sessions: newSessions(maxSessions)}
	public := jwt.Key(cfg.key.Verifier())
	access, err := jwt.NewVerifier(public, jwt.WithIssuer(issuer), jwt.WithAudience(audience),
		jwt.WithType(accessType), jwt.WithRequiredClaims("jti", "sub"), jwt.WithClock(cfg.now))
	if err != nil {
		return nil, err
	}
	s.refresh, err = jwt.NewVerifier(public, jwt.WithIssuer(issuer),
		jwt.WithAudience(refreshAudience), jwt.WithType(refreshType),
		jwt.WithRequiredClaims("jti", "sub", "sid"), jwt.WithClock(cfg.now))
	if err != nil {
		return nil, err
	}
	s.denylist, err = jwthttp.NewMemoryDenylist(maxRevocations,
		jwthttp.WithDenylistClock(cfg.now))
	if err != nil {
		return nil, err
	}
	opts := []jwthttp.Option{
		jwthttp.WithRealm(issuer),
		jwthttp.WithDenylist(s.denylist),
		jwthttp.WithErrorHandler(s.refused),
	}
	if cfg.requireTLS {
		opts = append(opts, jwthttp.RequireTLS())
	}
	s.auth, err = jwthttp.New[accessClaims](access, opts...)
	return s, err
}

// handler returns the API's routes.
func (s *server) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", s.health)
	mux.HandleFunc("POST /login", s.login)
	mux.HandleFunc("POST /refresh", s.refreshTokens)
	mux.Handle("POST /logout", s.auth.Handler(http.HandlerFunc(s.logout)))
	mux.Handle("GET /profile", s.auth.Handler(http.HandlerFunc(s.profile)))
	mux.Handle("GET /admin", s.auth.Require(jwthttp.Roles("admin"))(http.HandlerFunc(s.admin)))
	return mux
}

// refused logs a refused request, with the cause but never the token, and
// answers with problem details (RFC 9457).
func (s *server) refused(w http.ResponseWriter, r *http.Request, e *jwthttp.Error) {
	s.cfg.log.Printf("refused %s %s: %d: %v", r.Method, r.URL.Path, e.Status, e)
	jwthttp.WriteProblem(w, r, e)
}

func (s *server) health(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *server) profile(w http.ResponseWriter, r *http.Request) {
	c, ok := claimsOf(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"sub":        c.Subject,
		"roles":      c.Roles,
		"scope":      c.Scope,
		"expires_at": c.ExpiresAt.Format(time.RFC3339),
	})
}

func (s *server) admin(w http.ResponseWriter, r *http.Request) {
	c, ok := claimsOf(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"message":  "hello, " + c.Subject + ": you are an admin",
		"sessions": s.sessions.count(),
	})
}

// logout ends the session of the access token: that token, the session's
// other access tokens and its refresh token stop working.
func (s *server) logout(w http.ResponseWriter, r *http.Request) {
	c, ok := claimsOf(w, r)
	if !ok {
		return
	}
	revoke := append(s.sessions.end(c.Session), issued{c.ID, c.ExpiresAt.Time})
	if err := s.revokeAll(r, revoke); err != nil {
		s.cfg.log.Printf("logout: %v", err)
		writeOAuthError(w, http.StatusServiceUnavailable, "temporarily_unavailable",
			"the logout could not be recorded; try again")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// claimsOf returns the claims the middleware verified. Their absence means
// a route was registered without the middleware: a bug, answered with a
// 500 rather than served with empty claims.
func claimsOf(w http.ResponseWriter, r *http.Request) (accessClaims, bool) {
	c, ok := jwthttp.ClaimsFrom[accessClaims](r.Context())
	if !ok {
		http.Error(w, "internal error", http.StatusInternalServerError)
	}
	return c, ok
}

func (s *server) revokeAll(r *http.Request, tokens []issued) error {
	var errs []error
	for _, t := range tokens {
		// Kept until no verifier, whatever its leeway, accepts the token.
		errs = append(errs, s.denylist.Add(r.Context(), t.id, t.exp.Add(jwt.MaxLeeway)))
	}
	return errors.Join(errs...)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	// An error here means that the client went away: nothing to do.
	_ = json.NewEncoder(w).Encode(v)
}
