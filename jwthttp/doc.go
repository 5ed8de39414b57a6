// Package jwthttp protects an HTTP API with bearer tokens ([RFC 6750]):
// a middleware for any [net/http.Handler] that reads the token of each
// request, verifies it with a [jwt.Verifier], and hands the verified
// claims to the handlers it wraps.
//
// # Authenticating
//
// Build a [Middleware] once, typed by the claims of your tokens, and wrap
// a router or single routes with it:
//
//	type Claims struct {
//		jwt.RegisteredClaims
//		Scope string   `json:"scope"`
//		Roles []string `json:"roles"`
//	}
//
//	m, err := jwthttp.New[Claims](verifier)
//	mux := http.NewServeMux()
//	mux.Handle("GET /profile", m.Handler(http.HandlerFunc(profile)))
//
//	func profile(w http.ResponseWriter, r *http.Request) {
//		claims, ok := jwthttp.ClaimsFrom[Claims](r.Context())
//		if !ok { // a route registered without the middleware
//			http.Error(w, "internal error", http.StatusInternalServerError)
//			return
//		}
//		fmt.Fprintln(w, "hello", claims.Subject)
//	}
//
// The token comes from the "Authorization: Bearer" header, and from
// nowhere else unless [AllowCookie] or [AllowQuery] says so. The
// middleware answers every failure itself, with the status and the
// WWW-Authenticate challenge of [RFC 6750] §3 (see [Middleware.Handler]),
// and [WithErrorHandler] chooses the body, for example problem details
// with [WriteProblem]. Descriptions sent to clients say what happened in a
// few words ("the token expired") and never echo the token or its claims;
// the [*Error] given to the handler carries the cause for logs. Put a CORS
// handler outside the middleware: browsers send preflight requests
// without the token.
//
// # Authorizing
//
// [Middleware.Require] adds conditions per route: scopes, roles or any
// rule on the claims. A token that does not meet them gets a 403 with
// "insufficient_scope":
//
//	mux.Handle("GET /orders", m.Require(jwthttp.Scopes("orders:read"))(orders))
//	mux.Handle("GET /admin", m.Require(jwthttp.Roles("admin"))(admin))
//	mux.Handle("GET /users/{id}", m.Require(jwthttp.Check(
//		func(r *http.Request, c Claims) bool { return c.Subject == r.PathValue("id") },
//	))(user))
//
// # Revoking
//
// A token stays valid until it expires, so keep access tokens short-lived
// and, to end one sooner (a logout, a stolen token), check revocations:
// [WithDenylist] with a [MemoryDenylist] for a single instance, or with
// a shared store that implements [Denylist] for several; [Revoke] adds a
// token to it. [WithRevoker] takes any other rule. A store that fails
// refuses the request: revocation fails closed.
//
// # HTTPS
//
// A bearer token is a credential that anyone who reads it can use, so
// serve the API over HTTPS only; [RequireTLS] refuses requests that did
// not come over it, directly or through trusted proxies.
//
// This package never logs, prints or stores a token.
//
// [RFC 6750]: https://www.rfc-editor.org/rfc/rfc6750
package jwthttp
