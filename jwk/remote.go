package jwk

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/algorithms"
)

// A RemoteSet is a JWK Set fetched from a URL, such as the jwks_uri of an
// identity provider, and kept up to date: the
// [github.com/jotgo/jwt.KeySource] of a verifier in production. It is
// safe for concurrent use, and must be closed with [RemoteSet.Close].
//
// It chooses keys as a [Set] does, from the set last fetched. It fetches
// the set in the background as soon as it is made, and again before each
// copy expires; lookups never wait for these refreshes. It honours
// Cache-Control max-age within bounds ([WithRefreshBounds]) and revalidates
// with If-None-Match when the provider sends an ETag.
//
// When a token names a kid that no key has, the set fetches again at once,
// so that a rotated key works from its first token, unless it has fetched
// within the cooldown ([WithRefetchCooldown]): a flood of tokens with
// made-up kids costs at most one request per cooldown. Callers that need
// a fetch at the same time share it.
//
// A fetch fails on a network error or timeout ([WithFetchTimeout]), an
// HTTP status other than 200 or 304, a body over the size limit
// ([WithMaxBodySize]), or a body that is not a JWK Set holding at least
// one usable public key (an HTML error page, a set of private keys). The
// set then keeps using the last good copy, for at most the maximum
// staleness ([WithMaxStaleness]), retries with growing delays, and reports
// the failure to the handler of [WithErrorHandler]. Without a usable copy,
// lookups fail with an error matching [ErrFetch], which a
// [github.com/jotgo/jwt.Verifier] reports as a missing key.
//
// With [WithIssuer], and when made by [Discover], the set is bound to an
// issuer through [github.com/jotgo/jwt.IssuerKeySource]: a verifier built
// on it accepts only tokens whose "iss" is that issuer.
//
// A RemoteSet is made by [NewRemoteSet] or [Discover]; its zero value is
// not usable.
type RemoteSet struct {
	url string
	cfg remoteConfig

	// state is read without locking by every lookup.
	state atomic.Pointer[remoteState]

	mu sync.Mutex
	// etag is the ETag of the set in state.
	etag string
	// lastTry is when the last fetch started, failures how many fetches
	// have failed in a row, and lastErr the error of the last one.
	lastTry  time.Time
	failures int
	lastErr  error
	// call is the fetch in flight, which callers share, or nil.
	call   *fetchCall
	closed bool

	// ctx bounds every fetch and the refresh loop; Close cancels it and
	// waits for wg.
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

var _ jwt.IssuerKeySource = (*RemoteSet)(nil)

// remoteState is a fetched set and the times that apply to it.
type remoteState struct {
	set *Set
	// refreshAt is when the background refresh is due, expires when the
	// set stops being fresh.
	refreshAt time.Time
	expires   time.Time
}

// A fetchCall is a fetch that callers wait for together.
type fetchCall struct {
	done chan struct{}
	err  error
}

// NewRemoteSet returns a RemoteSet for the JWK Set at rawURL, which must
// be an https URL; http is accepted only for a loopback host (127.0.0.1,
// ::1 or localhost), for development and tests. It starts fetching in the
// background and returns at once; use [RemoteSet.Refresh] to wait for the
// first copy. It returns an error matching
// [github.com/jotgo/jwt.ErrInvalidArgument] for a bad URL or option.
func NewRemoteSet(rawURL string, opts ...RemoteOption) (*RemoteSet, error) {
	c, err := newRemoteConfig(opts)
	if err != nil {
		return nil, err
	}
	if err := checkURL(rawURL); err != nil {
		return nil, invalidURL("NewRemoteSet", err)
	}
	return startRemoteSet(rawURL, c), nil
}

func startRemoteSet(rawURL string, c remoteConfig) *RemoteSet {
	ctx, cancel := context.WithCancel(context.Background())
	r := &RemoteSet{url: rawURL, cfg: c, ctx: ctx, cancel: cancel}
	r.wg.Add(1)
	go r.refreshLoop()
	return r
}

// Issuer returns the issuer the set belongs to, set by [WithIssuer] or
// [Discover], or "" for none.
func (r *RemoteSet) Issuer() string {
	if r.cfg.issuer == nil {
		return ""
	}
	return *r.cfg.issuer
}

// VerifierFor returns the verifier of the key that fits the token's "kid"
// and "alg" headers, as the [RemoteSet] documentation describes. It waits
// for a fetch only when it has no usable copy of the set, or when no key
// has the token's kid (or, without a kid, verifies its alg) and the
// cooldown has passed. It stops waiting when ctx is done.
func (r *RemoteSet) VerifierFor(ctx context.Context, h *jwt.Header) (algorithms.Verifier, error) {
	set, err := r.usableSet(ctx)
	if err != nil {
		return nil, err
	}
	v, m := set.lookup(h.KeyID(), h.Algorithm())
	if m.refetchable() {
		if newer := r.refetch(ctx, set); newer != nil {
			v, m = newer.lookup(h.KeyID(), h.Algorithm())
		}
	}
	if m != found {
		return nil, m.err()
	}
	return v, nil
}

// Refresh fetches the set now, or waits for the fetch in flight, and
// returns its error. It ignores the cooldown. Use it at startup to fail
// early when the provider cannot be reached.
func (r *RemoteSet) Refresh(ctx context.Context) error {
	return r.fetch(ctx, false)
}

// Close stops the background refresh and any fetch in flight, and waits
// for them to end. Afterwards the set keeps answering lookups from the
// copy it holds, for as long as that copy is usable, and never fetches
// again. Close always returns nil; calling it again does nothing.
func (r *RemoteSet) Close() error {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	r.cancel()
	r.wg.Wait()
	return nil
}

// usableSet returns the current set if it may still be used, and
// otherwise fetches one, within the cooldown. A set past its expiry is
// used while a fetch starts in the background: the refresh loop may be
// late, for example after the machine slept.
func (r *RemoteSet) usableSet(ctx context.Context) (*Set, error) {
	if st := r.state.Load(); st != nil {
		now := r.cfg.now()
		if now.Before(st.expires) {
			return st.set, nil
		}
		if now.Before(st.expires.Add(r.cfg.maxStale)) {
			r.kick()
			return st.set, nil
		}
	}
	err := r.fetch(ctx, true)
	if s := r.usable(); s != nil {
		return s, nil
	}
	if ctx.Err() != nil {
		return nil, err
	}
	return nil, r.lastError()
}

// kick starts a fetch without waiting for it, unless one is in flight,
// the set is closed or the cooldown has not passed.
func (r *RemoteSet) kick() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.call == nil && !r.closed && r.cfg.now().Sub(r.lastTry) >= r.cfg.cooldown {
		r.startLocked()
	}
}

func (r *RemoteSet) usable() *Set {
	st := r.state.Load()
	if st == nil || !r.cfg.now().Before(st.expires.Add(r.cfg.maxStale)) {
		return nil
	}
	return st.set
}

// refetch fetches the set again for a lookup in old that found no key, and
// returns the new set, or nil when nothing newer came.
func (r *RemoteSet) refetch(ctx context.Context, old *Set) *Set {
	if s := r.usable(); s != nil && s != old {
		return s
	}
	if r.fetch(ctx, true) != nil {
		return nil
	}
	if s := r.usable(); s != nil && s != old {
		return s
	}
	return nil
}

func (r *RemoteSet) lastError() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case r.lastErr != nil && r.state.Load() != nil:
		return fetchError(ErrFetch, "the last good key set is too old; last fetch: %s",
			detail(r.lastErr))
	case r.lastErr != nil:
		return r.lastErr
	case r.closed:
		return errClosed
	}
	return fetchError(ErrFetch, "no key set fetched yet")
}

var (
	errCooldown = fetchError(ErrFetch, "fetched too recently to fetch again")
	errClosed   = fetchError(ErrFetch, "remote set is closed")
)

// fetch waits for the fetch in flight or, if there is none, starts one,
// unless the set is closed or, when cooldown is true, the last fetch
// started less than the cooldown ago.
func (r *RemoteSet) fetch(ctx context.Context, cooldown bool) error {
	r.mu.Lock()
	c := r.call
	switch {
	case c != nil:
	case r.closed:
		r.mu.Unlock()
		return errClosed
	case cooldown && r.cfg.now().Sub(r.lastTry) < r.cfg.cooldown:
		r.mu.Unlock()
		return errCooldown
	default:
		c = r.startLocked()
	}
	r.mu.Unlock()
	select {
	case <-c.done:
		return c.err
	case <-ctx.Done():
		return fmt.Errorf("%w: %w", ErrFetch, ctx.Err())
	}
}

// startLocked starts a fetch in its own goroutine, so that a caller whose
// context ends does not cancel it for the others.
func (r *RemoteSet) startLocked() *fetchCall {
	c := &fetchCall{done: make(chan struct{})}
	r.call = c
	r.lastTry = r.cfg.now()
	etag := ""
	if r.state.Load() != nil {
		etag = r.etag
	}
	r.wg.Add(1)
	go r.run(c, etag)
	return c
}

func (r *RemoteSet) run(c *fetchCall, etag string) {
	defer r.wg.Done()
	st, newETag, err := r.download(etag)
	r.mu.Lock()
	r.record(st, newETag, err)
	r.call = nil
	r.mu.Unlock()
	c.err = err
	close(c.done)
	if err != nil && r.cfg.onError != nil && r.ctx.Err() == nil {
		r.cfg.onError(err)
	}
}

// download fetches and parses the set. A 304 response gives the current
// set new times.
func (r *RemoteSet) download(etag string) (*remoteState, string, error) {
	doc, err := r.cfg.get(r.ctx, r.url, etag, ErrFetch)
	if err != nil {
		return nil, "", err
	}
	now := r.cfg.now()
	d := r.cfg.refreshTime(doc.header)
	st := &remoteState{refreshAt: now.Add(d * 3 / 4), expires: now.Add(d)}
	if doc.notModified {
		st.set = r.state.Load().set
		return st, etag, nil
	}
	if st.set, err = parseRemoteSet(doc, r.cfg.setOpts); err != nil {
		return nil, "", err
	}
	return st, doc.header.Get("ETag"), nil
}

func (r *RemoteSet) record(st *remoteState, etag string, err error) {
	if err != nil {
		r.failures++
		r.lastErr = err
		return
	}
	r.failures, r.lastErr = 0, nil
	r.etag = etag
	r.state.Store(st)
}

// refreshLoop refreshes the set in the background until Close.
func (r *RemoteSet) refreshLoop() {
	defer r.wg.Done()
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-r.ctx.Done():
			return
		case <-t.C:
		}
		if d := r.untilRefresh(); d > 0 {
			t.Reset(d)
			continue
		}
		_ = r.fetch(r.ctx, false)
		t.Reset(max(r.untilRefresh(), time.Millisecond))
	}
}

// untilRefresh returns how long until the next background fetch: the
// refresh time of the current set or, after a failure, a retry delay that
// doubles from the cooldown up to the shortest refresh time.
func (r *RemoteSet) untilRefresh() time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.cfg.now()
	st := r.state.Load()
	if r.failures == 0 && st != nil {
		return st.refreshAt.Sub(now)
	}
	if r.failures == 0 {
		return r.lastTry.Sub(now)
	}
	delay := r.cfg.cooldown
	for i := 1; i < r.failures && delay < r.cfg.minRefresh; i++ {
		delay *= 2
	}
	return r.lastTry.Add(min(delay, max(r.cfg.minRefresh, r.cfg.cooldown))).Sub(now)
}
