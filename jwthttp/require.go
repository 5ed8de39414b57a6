package jwthttp

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/jotgo/jwt"
)

// DefaultRolesClaim is the claim that [Roles] reads: "roles", an array of
// strings, as [RFC 9068] §2.2.3.1 borrows it from SCIM.
//
// [RFC 9068]: https://www.rfc-editor.org/rfc/rfc9068
const DefaultRolesClaim = "roles"

// A Requirement is a condition that a route demands of a verified token,
// given to [Middleware.Require]. It returns nil to grant access. An error
// refuses the request: an [*Error] is sent as it is (with a 403 if its
// Status is zero), and any other error
// becomes a 403 with the error code "insufficient_scope" and
// [ErrAccessDenied] (RFC 6750 §3.1).
//
// The request's context holds the verified token and claims, for
// [ClaimsFrom] and [TokenFrom]. A Requirement is called from many
// goroutines at once.
type Requirement func(r *http.Request, t *jwt.Token) error

// Scopes requires the token to grant every one of scopes. The scopes of a
// token are read from its "scope" claim, a string of scopes separated by
// spaces ([RFC 8693] §4.2, [RFC 9068] §2.2.3), or, when it has none, from
// "scp", as some identity providers write it; either may also be an array
// of strings. A refusal names the missing scopes in the "scope" parameter
// of the challenge.
//
// A scope that is empty or not a scope-token ([RFC 6749] §3.3), or no
// scope at all, is a mistake in the calling code: the requirement then
// refuses every request with a 500 and [ErrInvalidArgument].
//
// [RFC 6749]: https://www.rfc-editor.org/rfc/rfc6749
// [RFC 8693]: https://www.rfc-editor.org/rfc/rfc8693
// [RFC 9068]: https://www.rfc-editor.org/rfc/rfc9068
func Scopes(scopes ...string) Requirement {
	if len(scopes) == 0 || slices.ContainsFunc(scopes, invalidScope) {
		return misuse("Scopes needs scope-tokens")
	}
	want := strings.Join(scopes, " ")
	return func(_ *http.Request, t *jwt.Token) error {
		granted, _ := stringsClaim(t, "scope", "scp")
		if containsAll(granted, scopes) {
			return nil
		}
		return &Error{
			Status:      http.StatusForbidden,
			Code:        CodeInsufficientScope,
			Description: "the token lacks a required scope",
			Scope:       want,
			Err:         fmt.Errorf("%w: missing scope", ErrAccessDenied),
		}
	}
}

// Roles requires the token's [DefaultRolesClaim] to hold every one of
// roles. It is RolesIn(DefaultRolesClaim, roles...).
func Roles(roles ...string) Requirement {
	return RolesIn(DefaultRolesClaim, roles...)
}

// RolesIn requires the claim called claim, an array of strings (or a
// string of roles separated by spaces), to hold every one of roles. A
// refusal is a 403 with the error code "insufficient_scope" and no "scope" parameter,
// which only names scopes. No role, or an empty one, refuses every request
// with a 500 and [ErrInvalidArgument].
func RolesIn(claim string, roles ...string) Requirement {
	if claim == "" || len(roles) == 0 || slices.Contains(roles, "") {
		return misuse("RolesIn needs a claim and roles")
	}
	return func(_ *http.Request, t *jwt.Token) error {
		held, _ := stringsClaim(t, claim)
		if containsAll(held, roles) {
			return nil
		}
		return denied403("the token lacks a required role", "missing role")
	}
}

// Check requires allow to return true for the verified claims, which must
// be a T: the type of the [Middleware] that verified them. Any rule fits,
// such as comparing the subject with a path value. A refusal is a 403
// with the error code "insufficient_scope". When the claims are not a T,
// Check refuses every request with a 500 and [ErrInvalidArgument].
func Check[T any](allow func(r *http.Request, claims T) bool) Requirement {
	if allow == nil {
		return misuse("Check needs a function")
	}
	return func(r *http.Request, _ *jwt.Token) error {
		claims, ok := ClaimsFrom[T](r.Context())
		if !ok {
			return internal(fmt.Errorf("%w: Check: claims of another type", ErrInvalidArgument))
		}
		if allow(r, claims) {
			return nil
		}
		return denied403("the token does not grant access to this resource", "check failed")
	}
}

// AnyOf requires at least one of reqs to grant access. When none does, it
// returns the error of the first.
func AnyOf(reqs ...Requirement) Requirement {
	if len(reqs) == 0 || slices.ContainsFunc(reqs, func(r Requirement) bool { return r == nil }) {
		return misuse("AnyOf needs requirements")
	}
	return func(r *http.Request, t *jwt.Token) error {
		var first error
		for _, req := range reqs {
			err := req(r, t)
			if err == nil {
				return nil
			}
			if first == nil {
				first = err
			}
		}
		return first
	}
}

// denial turns the error of a requirement into the response it causes.
func denial(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		if e.Status == 0 {
			withStatus := *e
			withStatus.Status = http.StatusForbidden
			return &withStatus
		}
		return e
	}
	return &Error{
		Status:      http.StatusForbidden,
		Code:        CodeInsufficientScope,
		Description: "the token does not grant access to this resource",
		Err:         fmt.Errorf("%w: %w", ErrAccessDenied, err),
	}
}

func denied403(description, detail string) *Error {
	return &Error{
		Status:      http.StatusForbidden,
		Code:        CodeInsufficientScope,
		Description: description,
		Err:         fmt.Errorf("%w: %s", ErrAccessDenied, detail),
	}
}

func internal(err error) *Error {
	return &Error{Status: http.StatusInternalServerError, Err: err}
}

// misuse returns a requirement that refuses every request because it was
// built wrong: failing closed, and loudly, rather than granting access.
func misuse(what string) Requirement {
	err := internal(fmt.Errorf("%w: %s", ErrInvalidArgument, what))
	return func(*http.Request, *jwt.Token) error { return err }
}

// stringsClaim returns the value of the first of names that t has, read
// as an array of strings or as a string of words separated by spaces.
// Member names are matched exactly. A claim of another type holds nothing.
func stringsClaim(t *jwt.Token, names ...string) ([]string, bool) {
	var members map[string]json.RawMessage
	if json.Unmarshal(t.Payload(), &members) != nil {
		return nil, false
	}
	for _, name := range names {
		raw, ok := members[name]
		if !ok {
			continue
		}
		var list []string
		if json.Unmarshal(raw, &list) == nil {
			return list, true
		}
		var words string
		if json.Unmarshal(raw, &words) == nil {
			return strings.Fields(words), true
		}
		return nil, true
	}
	return nil, false
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

// invalidScope reports whether s is not a scope-token: 1*NQCHAR, where
// NQCHAR is %x21 / %x23-5B / %x5D-7E (RFC 6749 §3.3).
func invalidScope(s string) bool {
	if s == "" {
		return true
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x21 || c > 0x7e || c == '"' || c == '\\' {
			return true
		}
	}
	return false
}
