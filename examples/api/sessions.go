package main

import (
	"errors"
	"sync"
	"time"
)

var (
	errNoSession     = errors.New("session ended or unknown")
	errReused        = errors.New("refresh token reused")
	errTooManyLogins = errors.New("too many sessions")
)

// A session is a login and the family of refresh tokens that descend from
// it. Only its newest refresh token may be used: presenting an older one
// means that a token was copied, so the whole family ends (refresh token
// rotation with reuse detection, RFC 9700 §4.14).
type session struct {
	user string

	// current is the "jti" of the one refresh token that may be used, and
	// expires its "exp": the session ends then.
	current string
	expires time.Time

	// access lists the access tokens issued in the session, to revoke them
	// when it ends.
	access []issued
}

// issued is a token's "jti" and "exp".
type issued struct {
	id  string
	exp time.Time
}

// sessions holds the live sessions by ID. It is safe for concurrent use
// and holds at most max sessions.
type sessions struct {
	mu   sync.Mutex
	max  int
	byID map[string]*session
}

func newSessions(max int) *sessions {
	return &sessions{max: max, byID: make(map[string]*session)}
}

// start records a new session with its first refresh and access tokens.
func (s *sessions) start(sid, user string, refresh, access issued, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.byID) >= s.max {
		s.dropExpired(now)
	}
	if len(s.byID) >= s.max {
		return errTooManyLogins
	}
	s.byID[sid] = &session{user: user, current: refresh.id, expires: refresh.exp,
		access: []issued{access}}
	return nil
}

// rotate replaces the refresh token used, whose "jti" is used, with a new
// one, and records a new access token. When used is not the session's
// newest refresh token, the session ends and rotate returns errReused
// with the access tokens to revoke.
func (s *sessions) rotate(sid, used string, refresh, access issued,
	now time.Time) ([]issued, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ses, ok := s.byID[sid]
	if !ok {
		return nil, errNoSession
	}
	if used != ses.current {
		delete(s.byID, sid)
		return ses.access, errReused
	}
	ses.current, ses.expires = refresh.id, refresh.exp
	ses.access = append(live(ses.access, now), access)
	return nil, nil
}

// end ends the session and returns the access tokens to revoke.
func (s *sessions) end(sid string) []issued {
	s.mu.Lock()
	defer s.mu.Unlock()
	ses, ok := s.byID[sid]
	if !ok {
		return nil
	}
	delete(s.byID, sid)
	return ses.access
}

func (s *sessions) dropExpired(now time.Time) {
	for sid, ses := range s.byID {
		if !ses.expires.After(now) {
			delete(s.byID, sid)
		}
	}
}

// live returns the tokens of list that have not expired.
func live(list []issued, now time.Time) []issued {
	kept := list[:0]
	for _, t := range list {
		if t.exp.After(now) {
			kept = append(kept, t)
		}
	}
	return kept
}

// count returns the number of sessions held.
func (s *sessions) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.byID)
}
