package main

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/jotgo/jwt"
)

// tokenResponse is the body of a successful /login or /refresh, as an
// OAuth 2.0 token endpoint writes it (RFC 6749 §5.1).
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
}

// maxBody bounds the JSON bodies read by /login and /refresh.
const maxBody = 4 << 10

// login checks a username and password and starts a session.
func (s *server) login(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	if !readJSON(w, r, &body) {
		return
	}
	u, ok := checkPassword(s.users, body.Username, body.Password)
	if !ok {
		writeOAuthError(w, http.StatusBadRequest, "invalid_grant",
			"invalid username or password")
		return
	}
	now := s.cfg.now()
	sid := rand.Text()
	resp, refresh, access, err := s.issue(body.Username, u.roles, sid, now)
	if err == nil {
		err = s.sessions.start(sid, body.Username, refresh, access, now)
	}
	if err != nil {
		s.cfg.log.Printf("login: %v", err)
		writeOAuthError(w, http.StatusServiceUnavailable, "temporarily_unavailable",
			"try again later")
		return
	}
	writeTokens(w, resp)
}

// refreshTokens exchanges a refresh token for a new pair of tokens. The
// refresh token used is spent: using it again ends its session.
func (s *server) refreshTokens(w http.ResponseWriter, r *http.Request) {
	var body struct {
		RefreshToken string `json:"refresh_token"`
	}
	if !readJSON(w, r, &body) {
		return
	}
	old, _, err := jwt.VerifyAs[refreshClaims](r.Context(), s.refresh, body.RefreshToken)
	if err != nil {
		s.cfg.log.Printf("refresh refused: %v", err)
		writeOAuthError(w, http.StatusBadRequest, "invalid_grant", "invalid refresh token")
		return
	}
	u, ok := s.users[old.Subject]
	if !ok {
		writeOAuthError(w, http.StatusBadRequest, "invalid_grant", "invalid refresh token")
		return
	}
	now := s.cfg.now()
	resp, refresh, access, err := s.issue(old.Subject, u.roles, old.Session, now)
	if err != nil {
		s.cfg.log.Printf("refresh: %v", err)
		writeOAuthError(w, http.StatusServiceUnavailable, "temporarily_unavailable",
			"try again later")
		return
	}
	revoke, err := s.sessions.rotate(old.Session, old.ID, refresh, access, now)
	if err != nil {
		s.refreshRefused(w, r, old, revoke, err)
		return
	}
	writeTokens(w, resp)
}

// refreshRefused answers a refresh with a token that is not the newest of
// a live session, and revokes the access tokens of a session that ended
// because one of its refresh tokens was reused.
func (s *server) refreshRefused(w http.ResponseWriter, r *http.Request, old refreshClaims,
	revoke []issued, err error) {
	s.cfg.log.Printf("refresh refused for %s: %v", old.Subject, err)
	if errors.Is(err, errReused) {
		if err := s.revokeAll(r, revoke); err != nil {
			s.cfg.log.Printf("refresh: revoking session: %v", err)
		}
	}
	writeOAuthError(w, http.StatusBadRequest, "invalid_grant", "invalid refresh token")
}

// issue signs a new access token and a new refresh token for the session
// sid, and returns them with their "jti" and "exp".
func (s *server) issue(sub string, roles []string, sid string,
	now time.Time) (tokenResponse, issued, issued, error) {
	access := issued{rand.Text(), now.Add(accessTTL)}
	refresh := issued{rand.Text(), now.Add(refreshTTL)}
	at, err := jwt.Sign(s.cfg.key, accessClaims{
		RegisteredClaims: s.registered(sub, audience, access, now),
		ClientID:         clientID,
		Scope:            "profile",
		Roles:            roles,
		Session:          sid,
	}, jwt.WithHeaderType(accessType))
	if err != nil {
		return tokenResponse{}, issued{}, issued{}, err
	}
	rt, err := jwt.Sign(s.cfg.key, refreshClaims{
		RegisteredClaims: s.registered(sub, refreshAudience, refresh, now),
		Session:          sid,
	}, jwt.WithHeaderType(refreshType))
	if err != nil {
		return tokenResponse{}, issued{}, issued{}, err
	}
	resp := tokenResponse{AccessToken: at, RefreshToken: rt, TokenType: "Bearer",
		ExpiresIn: int(accessTTL.Seconds())}
	return resp, refresh, access, nil
}

func (s *server) registered(sub, aud string, t issued, now time.Time) jwt.RegisteredClaims {
	return jwt.RegisteredClaims{
		Issuer:    issuer,
		Subject:   sub,
		Audience:  jwt.Audience{aud},
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(t.exp),
		ID:        t.id,
	}
}

// readJSON reads the JSON body of r into v, or answers with an
// invalid_request error and returns false.
func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request",
			"the body must be a JSON object with the documented members")
		return false
	}
	return true
}

// writeTokens writes a token response, which no cache may keep (RFC 6749
// §5.1).
func writeTokens(w http.ResponseWriter, resp tokenResponse) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	writeJSON(w, http.StatusOK, resp)
}

// writeOAuthError writes an error as an OAuth 2.0 token endpoint does
// (RFC 6749 §5.2).
func writeOAuthError(w http.ResponseWriter, status int, code, description string) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, map[string]string{"error": code, "error_description": description})
}
