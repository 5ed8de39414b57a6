package jwthttp

import (
	"context"
	"fmt"
	"time"

	"github.com/jotgo/jwt"
)

// A Revoker decides whether a verified token has been revoked before it
// expired. [WithRevoker] runs one on every request.
//
// Revoked receives only tokens that passed verification. It returns true
// to refuse the token (a 401 with [ErrRevoked]), or an error when it
// cannot tell, for example when its store is down (a 503: the token is
// refused, not let through). It is called from many goroutines at once.
type Revoker interface {
	Revoked(ctx context.Context, t *jwt.Token) (bool, error)
}

// RevokerFunc adapts a function to a [Revoker], for rules such as
// "refuse every token of this user issued before this time".
type RevokerFunc func(ctx context.Context, t *jwt.Token) (bool, error)

var _ Revoker = RevokerFunc(nil)

// Revoked returns f(ctx, t).
func (f RevokerFunc) Revoked(ctx context.Context, t *jwt.Token) (bool, error) {
	return f(ctx, t)
}

// A Denylist holds the IDs ("jti") of revoked tokens, each until a time
// after which no verifier accepts the token anyway. [MemoryDenylist] is one
// for a single process; a store shared by several instances of a service,
// such as Redis (SET with EXAT and EXISTS) or a database table with an
// expiry column, implements it for all of them.
//
// Its methods are called from many goroutines at once. Their errors make
// the middleware refuse the request with a 503 (see [WithRevoker]).
type Denylist interface {
	// Add records id until the time until, after which the entry may be
	// dropped. A zero until means never.
	Add(ctx context.Context, id string, until time.Time) error

	// Contains reports whether id is recorded and its time has not
	// passed.
	Contains(ctx context.Context, id string) (bool, error)
}

// denied is the [Revoker] of [WithDenylist].
type denied struct{ list Denylist }

func (d denied) Revoked(ctx context.Context, t *jwt.Token) (bool, error) {
	id := t.Claims().ID
	if id == "" {
		return true, nil
	}
	return d.list.Contains(ctx, id)
}

// Revoke adds the "jti" of t to d until its "exp" plus [jwt.MaxLeeway]: no
// verifier accepts the token after that, whatever its leeway, so the entry
// lives as long as it matters. A token without "exp" stays in d forever.
// Revoke returns an error matching [ErrInvalidArgument] when t has no "jti".
func Revoke(ctx context.Context, d Denylist, t *jwt.Token) error {
	claims := t.Claims()
	if claims.ID == "" {
		return fmt.Errorf("%w: Revoke: token without jti", ErrInvalidArgument)
	}
	var until time.Time
	if !claims.ExpiresAt.IsZero() {
		until = claims.ExpiresAt.Add(jwt.MaxLeeway)
	}
	return d.Add(ctx, claims.ID, until)
}
