package jwthttp

import (
	"fmt"
	"net/http"
	"strings"
)

// A source is where a request carried its token.
type source int

const (
	fromNowhere source = iota
	fromHeader
	fromCookie
	fromQuery
)

// extract finds the bearer token of r in the places c allows (RFC 6750
// §2). A request that uses more than one of them is refused as
// invalid_request (§2: clients must not use more than one method).
func (c *config) extract(r *http.Request) (string, source, *Error) {
	header, err := fromAuthorization(r.Header)
	if err != nil {
		return "", fromNowhere, err
	}
	var cookie, query string
	if c.cookie != "" {
		if cookie, err = fromCookies(r, c.cookie); err != nil {
			return "", fromNowhere, err
		}
	}
	if c.query != "" {
		if query, err = fromQueryString(r, c.query); err != nil {
			return "", fromNowhere, err
		}
	}
	return pick(header, cookie, query)
}

// pick returns the one token that is not empty, with its source.
func pick(header, cookie, query string) (string, source, *Error) {
	token, src, n := "", fromNowhere, 0
	for s, t := range [...]string{fromHeader: header, fromCookie: cookie, fromQuery: query} {
		if t != "" {
			token, src, n = t, source(s), n+1
		}
	}
	switch n {
	case 0:
		return "", fromNowhere, &Error{Status: http.StatusUnauthorized, Err: ErrNoToken}
	case 1:
		return token, src, nil
	}
	return "", fromNowhere, badRequest("the token was sent by more than one method")
}

// fromAuthorization returns the token of the "Bearer" credentials in the
// Authorization header (RFC 6750 §2.1), or "" when there is no such
// header or it is for another scheme, which counts as no token (§3.1).
func fromAuthorization(h http.Header) (string, *Error) {
	values := h.Values("Authorization")
	switch {
	case len(values) == 0:
		return "", nil
	case len(values) > 1:
		return "", badRequest("more than one Authorization header")
	}
	scheme, credentials, _ := strings.Cut(values[0], " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return "", nil
	}
	// The grammar is "Bearer" 1*SP b64token: any number of spaces, then
	// exactly one token, with no space or parameter after it.
	token := strings.TrimLeft(credentials, " ")
	if token == "" {
		return "", badRequest("the bearer credentials hold no token")
	}
	if !isB64Token(token) {
		return "", badRequest("the bearer credentials are not one token")
	}
	return token, nil
}

// fromCookies returns the value of the cookie called name, or "" when the
// request has none or an empty one.
func fromCookies(r *http.Request, name string) (string, *Error) {
	token, n := "", 0
	for _, c := range r.Cookies() {
		if c.Name == name {
			token, n = c.Value, n+1
		}
	}
	if n > 1 {
		return "", badRequest("more than one token cookie")
	}
	if token != "" && !isB64Token(token) {
		return "", badRequest("the token cookie does not hold a token")
	}
	return token, nil
}

// fromQueryString returns the value of the query parameter called name,
// or "" when the request has none or an empty one.
func fromQueryString(r *http.Request, name string) (string, *Error) {
	values := r.URL.Query()[name]
	switch {
	case len(values) == 0:
		return "", nil
	case len(values) > 1:
		return "", badRequest("more than one token parameter")
	}
	if values[0] != "" && !isB64Token(values[0]) {
		return "", badRequest("the token parameter does not hold a token")
	}
	return values[0], nil
}

// isB64Token reports whether s has the syntax of a bearer token (RFC 6750
// §2.1): 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" )
// *"=". A compact JWT always does.
func isB64Token(s string) bool {
	end := len(strings.TrimRight(s, "="))
	if end == 0 {
		return false
	}
	for i := 0; i < end; i++ {
		c := s[i]
		ok := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte("-._~+/", c) >= 0
		if !ok {
			return false
		}
	}
	return true
}

// badRequest returns the invalid_request error that description explains.
func badRequest(description string) *Error {
	return &Error{
		Status:      http.StatusBadRequest,
		Code:        CodeInvalidRequest,
		Description: description,
		Err:         fmt.Errorf("%w: %s", ErrInvalidRequest, description),
	}
}
