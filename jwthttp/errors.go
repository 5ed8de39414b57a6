package jwthttp

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
)

// The error codes of RFC 6750 §3.1, as they appear in the "error"
// parameter of the WWW-Authenticate header.
const (
	CodeInvalidRequest    = "invalid_request"
	CodeInvalidToken      = "invalid_token"
	CodeInsufficientScope = "insufficient_scope"
)

// The causes of the failures that the middleware reports. An [*Error]
// unwraps to one of them, or to the error of package
// [github.com/jotgo/jwt] that refused the token, so that errors.Is tells
// them apart.
var (
	// ErrNoToken is the cause of a 401 response to a request that carries
	// no bearer token: no Authorization header, one with another scheme,
	// and no token in an allowed cookie or query parameter.
	ErrNoToken = errors.New("jwthttp: no bearer token")

	// ErrInvalidRequest is the cause of a 400 response to a malformed
	// request: two Authorization headers, a bearer credential that is not
	// exactly one token, a token sent by more than one method.
	ErrInvalidRequest = errors.New("jwthttp: invalid request")

	// ErrRevoked is the cause of a 401 response to a token that a
	// [Revoker] or a [Denylist] refused.
	ErrRevoked = errors.New("jwthttp: token revoked")

	// ErrRevocationCheck is the cause of a 503 response when a [Revoker]
	// or a [Denylist] could not answer. The store's error follows it in the
	// chain.
	ErrRevocationCheck = errors.New("jwthttp: revocation check failed")

	// ErrAccessDenied is the cause of a 403 response when a [Requirement]
	// is not met.
	ErrAccessDenied = errors.New("jwthttp: access denied")

	// ErrInsecure is the cause of a 403 response to a plain-HTTP request
	// when [RequireTLS] is given.
	ErrInsecure = errors.New("jwthttp: request not made over HTTPS")

	// ErrDenylistFull is returned by [MemoryDenylist.Add] when the list
	// holds as many live entries as it may.
	ErrDenylistFull = errors.New("jwthttp: denylist full")

	// ErrInvalidArgument is returned for a mistake in the calling code:
	// an invalid option given to [New], an invalid scope given to
	// [Scopes], a token without "jti" given to [Revoke].
	ErrInvalidArgument = errors.New("jwthttp: invalid argument")
)

// An Error is a refused request, as the middleware reports it to an
// [ErrorHandler]. Its fields say what the response must carry; none of them
// holds the token or a value taken from it.
type Error struct {
	// Status is the HTTP status of the response: 400, 401, 403, 500 or
	// 503 when the middleware chooses it, any status a [Requirement]
	// chooses.
	Status int

	// Code is the error code of RFC 6750 §3.1, such as "invalid_token",
	// or "" when the request had no token or the failure is not about
	// the token (plain HTTP, a store that failed).
	Code string

	// Description is a short sentence for the client, such as "the token
	// expired". It reveals nothing about the server. In the challenge,
	// characters that RFC 6750 §3 does not allow in it (a double quote, a
	// backslash, anything but printable ASCII) are sent as '?'.
	Description string

	// Scope lists, separated by spaces, the scopes that the resource
	// requires, when Code is "insufficient_scope".
	Scope string

	// Err is the cause, for logs: one of this package's errors or the
	// error of package jwt that refused the token. It is never sent.
	Err error
}

// Error returns the message of the cause, or the status text when there
// is none.
func (e *Error) Error() string {
	if e.Err == nil {
		return "jwthttp: " + strings.ToLower(http.StatusText(e.Status))
	}
	return "jwthttp: " + strings.TrimPrefix(e.Err.Error(), "jwthttp: ")
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// challenge returns the value of the WWW-Authenticate header for e, or ""
// when the response takes none: it is sent with every 401 (RFC 6750 §3)
// and with every response that names an error code.
func (e *Error) challenge(realm string) string {
	if e.Status != http.StatusUnauthorized && e.Code == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString("Bearer realm=")
	b.WriteString(quote(realm))
	param := func(name, value string) {
		if value != "" {
			b.WriteString(", " + name + "=" + quote(strings.Map(bearerChar, value)))
		}
	}
	param("error", e.Code)
	param("error_description", e.Description)
	param("scope", e.Scope)
	return b.String()
}

// An ErrorHandler writes the response to a refused request. The
// middleware has already set the WWW-Authenticate header that RFC 6750
// §3 requires; the handler writes the status e.Status and a body of its
// choice. It may log e: its cause never holds the token.
type ErrorHandler func(w http.ResponseWriter, r *http.Request, e *Error)

// WriteText is the default [ErrorHandler]. It writes e.Status and a plain
// text body: the description, or the status text when there is none.
func WriteText(w http.ResponseWriter, _ *http.Request, e *Error) {
	msg := e.Description
	if msg == "" {
		msg = http.StatusText(e.Status)
	}
	http.Error(w, msg, e.Status)
}

// WriteProblem is an [ErrorHandler] that writes a problem details
// document ([RFC 9457]) in JSON, with the status, its text as "title" and
// the description as "detail":
//
//	{"type":"about:blank","title":"Unauthorized","status":401,
//	 "detail":"the token expired"}
//
// [RFC 9457]: https://www.rfc-editor.org/rfc/rfc9457
func WriteProblem(w http.ResponseWriter, _ *http.Request, e *Error) {
	body, err := json.Marshal(problem{
		Type:   "about:blank",
		Title:  http.StatusText(e.Status),
		Status: e.Status,
		Detail: e.Description,
	})
	if err != nil {
		WriteText(w, nil, e)
		return
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(e.Status)
	w.Write(append(body, '\n'))
}

type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
}

// bearerChar returns c if RFC 6750 §3 allows it in the value of "error",
// "error_description" and "scope" (%x20-21 / %x23-5B / %x5D-7E), and '?'
// otherwise.
func bearerChar(c rune) rune {
	if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
		return '?'
	}
	return c
}

// quote returns s as an HTTP quoted-string ([RFC 9110] §5.6.4): a double
// quote and a backslash are escaped, and control characters, which no
// quoted-string may hold, become spaces so that nothing can end the header
// line.
//
// [RFC 9110]: https://www.rfc-editor.org/rfc/rfc9110
func quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 && c != '\t' || c == 0x7f:
			b.WriteByte(' ')
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
