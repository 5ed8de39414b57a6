package jwthttp

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/jotgo/jwt"
)

// A Middleware authenticates HTTP requests with bearer tokens verified by
// a [jwt.Verifier], and hands the claims, decoded as a T, to the handlers
// it wraps. T is any type [jwt.Verifier.Verify] accepts a pointer to:
// usually a struct that embeds [jwt.RegisteredClaims], or map[string]any.
//
// A Middleware is immutable once built and safe for concurrent use.
type Middleware[T any] struct {
	v   *jwt.Verifier
	cfg config
}

// New returns a Middleware that verifies tokens with v and decodes their
// claims as a T. Without options it reads the token from the Authorization
// header only, uses the realm [DefaultRealm], checks no revocation, accepts
// plain HTTP and writes errors with [WriteText]. It returns an error
// matching [ErrInvalidArgument] when v is nil or an option is invalid.
func New[T any](v *jwt.Verifier, opts ...Option) (*Middleware[T], error) {
	if v == nil {
		return nil, fmt.Errorf("%w: New needs a Verifier", ErrInvalidArgument)
	}
	c := config{realm: DefaultRealm, onError: WriteText}
	for _, opt := range opts {
		if opt == nil {
			return nil, fmt.Errorf("%w: nil Option", ErrInvalidArgument)
		}
		opt(&c)
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return &Middleware[T]{v: v, cfg: c}, nil
}

// Handler returns a handler that authenticates each request and passes it
// to next, with the verified token and claims in its context (see
// [ClaimsFrom] and [TokenFrom]). A request that fails is answered with the
// status and WWW-Authenticate header of RFC 6750 §3, and never reaches
// next:
//
//   - no token (none in the places allowed, or credentials of another
//     scheme): 401 and a challenge with no error code;
//   - a malformed request (two Authorization headers, credentials that are
//     not exactly one token, a token sent by more than one method): 400
//     and "invalid_request";
//   - a token that does not verify, or is revoked: 401 and
//     "invalid_token", with a description such as "the token expired";
//   - a revocation check that fails: 503, no challenge;
//   - plain HTTP when [RequireTLS] is given: 403, no challenge.
func (m *Middleware[T]) Handler(next http.Handler) http.Handler {
	return m.Require()(next)
}

// Require returns a middleware that authenticates each request as
// [Middleware.Handler] does and then checks reqs in order: the first
// that fails refuses the request, with a 403 and "insufficient_scope"
// unless it says otherwise. Use it per route:
//
//	mux.Handle("GET /orders", m.Require(jwthttp.Scopes("orders:read"))(list))
//
// A request that this Middleware has already authenticated, because its
// [Middleware.Handler] wraps the whole router, is not verified again.
func (m *Middleware[T]) Require(reqs ...Requirement) func(http.Handler) http.Handler {
	reqs = append([]Requirement(nil), reqs...)
	for i, req := range reqs {
		if req == nil {
			reqs[i] = misuse("Require: nil Requirement")
		}
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r, e := m.authenticate(w, r)
			if e == nil {
				e = check(r, reqs)
			}
			if e != nil {
				m.fail(w, r, e)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// ClaimsFrom returns the claims that a [Middleware] of type
// Middleware[T] verified for the request whose context is ctx. It returns
// false when there are none, or when they are not a T.
func ClaimsFrom[T any](ctx context.Context) (T, bool) {
	a, ok := ctx.Value(authKey{}).(*auth)
	if !ok {
		var zero T
		return zero, false
	}
	claims, ok := a.claims.(T)
	return claims, ok
}

// TokenFrom returns the token that a [Middleware] verified for the request
// whose context is ctx, or false when there is none.
func TokenFrom(ctx context.Context) (*jwt.Token, bool) {
	a, ok := ctx.Value(authKey{}).(*auth)
	if !ok {
		return nil, false
	}
	return a.token, true
}

// authKey is the context key of the verified token.
type authKey struct{}

// auth is what a Middleware puts in a request's context.
type auth struct {
	// by is the Middleware that verified the token.
	by     any
	token  *jwt.Token
	claims any
}

// authenticate returns r with the verified token in its context, or the
// error that refuses it.
func (m *Middleware[T]) authenticate(w http.ResponseWriter,
	r *http.Request) (*http.Request, *Error) {
	if a, ok := r.Context().Value(authKey{}).(*auth); ok && a.by == any(m) {
		return r, nil
	}
	if m.cfg.tls && !m.cfg.secure(r) {
		return r, &Error{
			Status:      http.StatusForbidden,
			Description: "HTTPS is required",
			Err:         ErrInsecure,
		}
	}
	token, src, e := m.cfg.extract(r)
	if e != nil {
		return r, e
	}
	if src == fromQuery {
		// RFC 6750 §2.3: the response must not be stored by shared caches.
		w.Header().Set("Cache-Control", "private")
	}
	claims, tok, err := jwt.VerifyAs[T](r.Context(), m.v, token)
	if err != nil {
		return r, tokenError(err)
	}
	if e := m.checkRevoked(r.Context(), tok); e != nil {
		return r, e
	}
	a := &auth{by: m, token: tok, claims: claims}
	return r.WithContext(context.WithValue(r.Context(), authKey{}, a)), nil
}

// tokenError turns the error of the verifier into an invalid_token error
// whose description says no more than what a client can act on.
func tokenError(err error) *Error {
	description := "the token is invalid"
	switch {
	case errors.Is(err, jwt.ErrInvalidArgument):
		// The verifier refused T: a mistake in the code, not in the token.
		return internal(err)
	case errors.Is(err, jwt.ErrExpired):
		description = "the token expired"
	case errors.Is(err, jwt.ErrNotYetValid):
		description = "the token is not valid yet"
	}
	return &Error{
		Status:      http.StatusUnauthorized,
		Code:        CodeInvalidToken,
		Description: description,
		Err:         err,
	}
}

func (m *Middleware[T]) checkRevoked(ctx context.Context, tok *jwt.Token) *Error {
	for _, rv := range m.cfg.revokers {
		revoked, err := rv.Revoked(ctx, tok)
		if err != nil {
			return &Error{
				Status:      http.StatusServiceUnavailable,
				Description: "the token could not be checked",
				Err:         fmt.Errorf("%w: %w", ErrRevocationCheck, err),
			}
		}
		if revoked {
			return &Error{
				Status:      http.StatusUnauthorized,
				Code:        CodeInvalidToken,
				Description: "the token was revoked",
				Err:         ErrRevoked,
			}
		}
	}
	return nil
}

// check runs the requirements on the authenticated request r.
func check(r *http.Request, reqs []Requirement) *Error {
	if len(reqs) == 0 {
		return nil
	}
	tok, _ := TokenFrom(r.Context())
	for _, req := range reqs {
		if err := req(r, tok); err != nil {
			return denial(err)
		}
	}
	return nil
}

// fail sets the challenge that e calls for and lets the error handler
// write the response.
func (m *Middleware[T]) fail(w http.ResponseWriter, r *http.Request, e *Error) {
	if c := e.challenge(m.cfg.realm); c != "" {
		w.Header().Set("WWW-Authenticate", c)
	}
	m.cfg.onError(w, r, e)
}
