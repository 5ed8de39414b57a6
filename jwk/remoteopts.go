package jwk

import (
	"net/http"
	"slices"
	"time"

	"github.com/jotgo/jwt"
)

// The defaults of a RemoteSet, documented on the options that change them.
const (
	defaultFetchTimeout = 10 * time.Second
	defaultMaxBodySize  = 1 << 20
	defaultMinRefresh   = 5 * time.Minute
	defaultMaxRefresh   = time.Hour
	defaultCooldown     = time.Minute
	defaultMaxStaleness = 12 * time.Hour
)

// A RemoteOption configures [NewRemoteSet] and [Discover]. Options only
// record values; the constructor checks them together.
type RemoteOption func(*remoteConfig)

type remoteConfig struct {
	client     *http.Client
	timeout    time.Duration
	maxBody    int64
	minRefresh time.Duration
	maxRefresh time.Duration
	cooldown   time.Duration
	maxStale   time.Duration
	issuer     *string
	onError    func(error)
	setOpts    []SetOption
	now        func() time.Time
}

// WithHTTPClient makes the set fetch with client, for a proxy, custom TLS
// roots or instrumentation. The default client follows redirects only to
// https URLs (or loopback http ones). Each fetch is bounded by
// [WithFetchTimeout] whatever the client's own timeout.
func WithHTTPClient(client *http.Client) RemoteOption {
	return func(c *remoteConfig) { c.client = client }
}

// WithFetchTimeout bounds each fetch, from the request to the end of the
// body. The default is 10 seconds.
func WithFetchTimeout(d time.Duration) RemoteOption {
	return func(c *remoteConfig) { c.timeout = d }
}

// WithMaxBodySize bounds the size of a fetched document, in bytes; a
// longer one is refused without being read to its end. The default is
// 1 MiB, far more than any real key set.
func WithMaxBodySize(n int64) RemoteOption {
	return func(c *remoteConfig) { c.maxBody = n }
}

// WithRefreshBounds bounds how long a fetched set is used before it is
// fetched again. The provider's Cache-Control max-age (less the response's
// Age) sets that time within [min, max]; no-cache and no-store give min,
// and a response without max-age an hour. The defaults are 5 minutes and
// an hour. Refreshes happen in the background when three quarters of that
// time have passed, so that lookups do not wait for them.
func WithRefreshBounds(min, max time.Duration) RemoteOption {
	return func(c *remoteConfig) { c.minRefresh, c.maxRefresh = min, max }
}

// WithRefetchCooldown sets how long the set waits after a fetch before it
// fetches again for a token whose kid (or, without kid, whose alg) no key
// has, which is how it picks up a rotated key at once. It bounds the
// requests that a flood of tokens with made-up kids can cause to one per
// cooldown; such tokens wait for no fetch meanwhile. It also spaces the
// retries of failed fetches. The default is a minute.
func WithRefetchCooldown(d time.Duration) RemoteOption {
	return func(c *remoteConfig) { c.cooldown = d }
}

// WithMaxStaleness sets how long after it expires (see
// [WithRefreshBounds]) the set keeps using the last good copy of the keys
// while every fetch fails, so that an outage of the provider does not stop
// verification at once. After that, lookups fail with [ErrFetch] until a
// fetch succeeds. Keys that the provider has withdrawn stay trusted during
// that time. The default is 12 hours; 0 stops using a copy as soon as it
// expires.
func WithMaxStaleness(d time.Duration) RemoteOption {
	return func(c *remoteConfig) { c.maxStale = d }
}

// WithIssuer binds the set to the issuer that publishes it: the set
// reports it through Issuer, so that a [github.com/jotgo/jwt.Verifier]
// built on the set accepts only tokens whose "iss" is exactly issuer (RFC
// 8725 §3.8). [Discover] sets it from the provider's configuration.
func WithIssuer(issuer string) RemoteOption {
	return func(c *remoteConfig) { c.issuer = &issuer }
}

// WithErrorHandler makes the set call f with the error of each failed
// fetch, from the goroutine that fetched, for logging: the package logs
// nothing itself. f must not block, and must not call Close. Lookups that
// fail because of such an error return it too.
func WithErrorHandler(f func(error)) RemoteOption {
	return func(c *remoteConfig) { c.onError = f }
}

// WithSetOptions applies opts, such as [WithRSAAlgorithms], to every set
// fetched.
func WithSetOptions(opts ...SetOption) RemoteOption {
	return func(c *remoteConfig) { c.setOpts = append(c.setOpts, opts...) }
}

func newRemoteConfig(opts []RemoteOption) (remoteConfig, error) {
	c := remoteConfig{
		client:     &http.Client{CheckRedirect: checkRedirect},
		timeout:    defaultFetchTimeout,
		maxBody:    defaultMaxBodySize,
		minRefresh: defaultMinRefresh,
		maxRefresh: defaultMaxRefresh,
		cooldown:   defaultCooldown,
		maxStale:   defaultMaxStaleness,
		now:        time.Now,
	}
	for _, opt := range opts {
		opt(&c)
	}
	c.setOpts = slices.Clone(c.setOpts)
	return c, c.check()
}

func (c *remoteConfig) check() error {
	bad := ""
	switch {
	case c.client == nil:
		bad = "WithHTTPClient needs a client"
	case c.timeout <= 0:
		bad = "WithFetchTimeout needs a positive duration"
	case c.maxBody <= 0:
		bad = "WithMaxBodySize needs a positive size"
	case c.minRefresh <= 0 || c.maxRefresh < c.minRefresh:
		bad = "WithRefreshBounds needs 0 < min <= max"
	case c.cooldown <= 0:
		bad = "WithRefetchCooldown needs a positive duration"
	case c.maxStale < 0:
		bad = "WithMaxStaleness needs a duration of 0 or more"
	case c.issuer != nil && *c.issuer == "":
		bad = "WithIssuer needs an issuer"
	}
	if bad != "" {
		return newError(jwt.ErrInvalidArgument, "invalid argument: %s", bad)
	}
	_, err := newSetConfig(c.setOpts)
	return err
}

// refreshTime returns how long a response may be used, from its
// Cache-Control and Age headers, within the configured bounds.
func (c *remoteConfig) refreshTime(h http.Header) time.Duration {
	d, ok := maxAge(h)
	if !ok {
		d = time.Hour
	}
	d -= age(h)
	return min(max(d, c.minRefresh), c.maxRefresh)
}
