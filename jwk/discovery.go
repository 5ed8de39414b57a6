package jwk

import (
	"context"
	"net/url"
	"strings"

	"github.com/jotgo/jwt"
)

// wellKnown is the path of the OpenID provider configuration (OpenID
// Connect Discovery 1.0, §4).
const wellKnown = "/.well-known/openid-configuration"

// Discover finds the key set of an OpenID provider from its issuer URL,
// such as "https://tenant.auth0.com/" or
// "https://keycloak.example/realms/main", and returns a [RemoteSet] bound
// to that issuer, with its first copy of the keys fetched.
//
// It reads the provider configuration at the issuer URL, without any
// trailing slash, followed by "/.well-known/openid-configuration". The
// configuration's "issuer" must be exactly issuer (OpenID Connect
// Discovery §4.3), and its "jwks_uri" an https URL; http is accepted only
// for loopback hosts, as [NewRemoteSet] does. A verifier built on the
// result accepts only tokens whose "iss" is issuer.
//
// The options are those of [NewRemoteSet]; the client, timeout and size
// limit also apply to the configuration. ctx bounds the discovery and the
// first fetch of the keys. Errors match [ErrDiscovery] for the
// configuration, [ErrFetch] for the key set and
// [github.com/jotgo/jwt.ErrInvalidArgument] for a bad issuer or option.
func Discover(ctx context.Context, issuer string, opts ...RemoteOption) (*RemoteSet, error) {
	c, err := newRemoteConfig(opts)
	if err != nil {
		return nil, err
	}
	if err := checkIssuer(issuer, c); err != nil {
		return nil, err
	}
	jwksURI, err := c.discover(ctx, issuer)
	if err != nil {
		return nil, err
	}
	c.issuer = &issuer
	r := startRemoteSet(jwksURI, c)
	if _, err := r.usableSet(ctx); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

func checkIssuer(issuer string, c remoteConfig) error {
	if err := checkURL(issuer); err != nil {
		return invalidURL("Discover", err)
	}
	if u, _ := url.Parse(issuer); u.RawQuery != "" || u.Fragment != "" {
		return newError(jwt.ErrInvalidArgument,
			"invalid argument: Discover: an issuer URL has no query or fragment")
	}
	if c.issuer != nil && *c.issuer != issuer {
		return newError(jwt.ErrInvalidArgument,
			"invalid argument: WithIssuer names an issuer other than the one discovered")
	}
	return nil
}

// discover fetches the provider configuration of issuer and returns its
// checked jwks_uri.
func (c *remoteConfig) discover(ctx context.Context, issuer string) (string, error) {
	doc, err := c.get(ctx, strings.TrimSuffix(issuer, "/")+wellKnown, "", ErrDiscovery)
	if err != nil {
		return "", err
	}
	ms, err := parseObject(doc.body)
	if err != nil {
		return "", fetchError(ErrDiscovery, "provider configuration: %v", err)
	}
	f := newFields(ms)
	got, _, err := f.str("issuer")
	if err != nil {
		return "", configError(err)
	}
	if got != issuer {
		return "", fetchError(ErrDiscovery, "provider configuration names another issuer")
	}
	jwksURI, ok, err := f.str("jwks_uri")
	switch {
	case err != nil:
		return "", configError(err)
	case !ok:
		return "", fetchError(ErrDiscovery, "provider configuration has no jwks_uri")
	}
	if err := checkURL(jwksURI); err != nil {
		return "", fetchError(ErrDiscovery, "jwks_uri: %v", err)
	}
	return jwksURI, nil
}

// configError reports a member of the provider configuration that has the
// wrong JSON type.
func configError(err error) error {
	msg := strings.TrimPrefix(err.Error(), ErrMalformed.Error()+": ")
	return fetchError(ErrDiscovery, "provider configuration: %s", msg)
}
