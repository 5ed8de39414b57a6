package jwthttp

import (
	"fmt"
	"net/netip"
	"strings"
)

// DefaultRealm is the realm of the WWW-Authenticate challenges unless
// [WithRealm] says otherwise.
const DefaultRealm = "api"

// An Option configures a [Middleware]. Options only record values; [New]
// checks them together.
type Option func(*config)

type config struct {
	realm    string
	cookie   string
	query    string
	tls      bool
	proxies  []netip.Prefix
	revokers []Revoker
	onError  ErrorHandler
	err      error
}

// WithRealm sets the realm of the WWW-Authenticate challenges (RFC 6750
// §3), which tells clients which protection space a token is for. The
// default is [DefaultRealm]. It may not be empty: every challenge needs a
// parameter, and a request without a token gets no other.
func WithRealm(realm string) Option {
	return func(c *config) { c.realm = realm }
}

// AllowCookie makes the middleware also look for the token in the cookie
// called name, for browser applications that keep it in a cookie. Set
// that cookie Secure, since RFC 6750 §5.3 forbids bearer tokens in cookies
// that can be sent in the clear, and HttpOnly, out of reach of scripts.
// It is off by default because a browser sends a cookie with every
// request to the site, including requests that another site triggers: an
// API that accepts one must protect its state-changing routes against
// cross-site request forgery (a SameSite=Strict or Lax cookie, a CSRF
// token, or checking the Origin header). A request with two cookies of
// that name, as a sibling subdomain can plant, is refused.
func AllowCookie(name string) Option {
	return func(c *config) {
		if !isToken(name) {
			c.err = fmt.Errorf("%w: AllowCookie: invalid cookie name", ErrInvalidArgument)
			return
		}
		c.cookie = name
	}
}

// AllowQuery makes the middleware also look for the token in the query
// parameter called name, "access_token" in RFC 6750 §2.3, for clients
// that cannot set a header (a link, an EventSource). It is off by default
// because a URL is not a secret: it lands in server and proxy logs, in
// browser history and in Referer headers, and a token in it should be
// assumed seen. Responses to such requests get "Cache-Control: private",
// as §2.3 asks. Prefer short-lived, narrowly scoped tokens for this.
func AllowQuery(name string) Option {
	return func(c *config) {
		if name == "" {
			c.err = fmt.Errorf("%w: AllowQuery needs a parameter name", ErrInvalidArgument)
			return
		}
		c.query = name
	}
}

// RequireTLS refuses requests that did not arrive over HTTPS with a 403
// and [ErrInsecure]. A bearer token is a credential: whoever reads it can
// use it until it expires, so RFC 6750 §5.3 requires TLS for every
// request that carries one, and a token that crossed the network in clear
// should be considered stolen.
//
// A request arrived over HTTPS when the server terminated TLS itself, or
// when it comes from one of trustedProxies (the address of the TCP peer)
// and every X-Forwarded-Proto value and every "proto" of a Forwarded header
// ([RFC 7239]) it carries is "https". Configure those proxies to replace
// these headers, not to append to them: a value sent by the client is
// otherwise taken as the proxy's. Without trustedProxies the headers are
// ignored.
//
// [RFC 7239]: https://www.rfc-editor.org/rfc/rfc7239
func RequireTLS(trustedProxies ...netip.Prefix) Option {
	return func(c *config) {
		c.tls = true
		c.proxies = append(c.proxies, trustedProxies...)
	}
}

// WithRevoker adds a check that runs on every verified token, after its
// signature and claims: r may refuse it by "jti", by subject and issue
// time, or by any other rule. Revokers run in the order given. When one
// fails, the request is refused with a 503 and [ErrRevocationCheck]: a
// token that cannot be checked is not let through.
func WithRevoker(r Revoker) Option {
	return func(c *config) {
		if r == nil {
			c.err = fmt.Errorf("%w: WithRevoker needs a Revoker", ErrInvalidArgument)
			return
		}
		c.revokers = append(c.revokers, r)
	}
}

// WithDenylist refuses tokens whose "jti" is in d, as [ErrRevoked], and
// tokens without a "jti", which could not be revoked, the same way. Have
// the verifier require "jti" too ([jwt.WithRequiredClaims]), so that such
// tokens are refused as invalid before d is asked. It is a [WithRevoker]:
// an error from d refuses the request with a 503.
func WithDenylist(d Denylist) Option {
	return func(c *config) {
		if d == nil {
			c.err = fmt.Errorf("%w: WithDenylist needs a Denylist", ErrInvalidArgument)
			return
		}
		c.revokers = append(c.revokers, denied{d})
	}
}

// WithErrorHandler makes h write the responses to refused requests, for
// example as JSON with [WriteProblem], or to log them. The default is
// [WriteText].
func WithErrorHandler(h ErrorHandler) Option {
	return func(c *config) { c.onError = h }
}

func (c *config) check() error {
	if c.err != nil {
		return c.err
	}
	if c.realm == "" || strings.ContainsFunc(c.realm, isControl) {
		return fmt.Errorf("%w: WithRealm: empty realm or control character", ErrInvalidArgument)
	}
	if c.onError == nil {
		return fmt.Errorf("%w: WithErrorHandler needs a handler", ErrInvalidArgument)
	}
	for _, p := range c.proxies {
		if !p.IsValid() {
			return fmt.Errorf("%w: RequireTLS: invalid proxy prefix", ErrInvalidArgument)
		}
	}
	return nil
}

func isControl(r rune) bool { return r < 0x20 && r != '\t' || r == 0x7f }

// isToken reports whether s is an HTTP token (RFC 9110 §5.6.2), the
// syntax of a cookie name.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}
