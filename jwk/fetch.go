package jwk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jotgo/jwt"
)

// A document is the response to a fetch.
type document struct {
	body        []byte
	header      http.Header
	notModified bool
}

// get fetches rawURL, sending etag as If-None-Match when it is not empty.
// It accepts a 200 response with a body of at most maxBody bytes and,
// when etag is not empty, a 304. Its errors match category.
func (c *remoteConfig) get(ctx context.Context, rawURL, etag string,
	category error) (document, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return document{}, fetchError(category, "%v", err)
	}
	req.Header.Set("Accept", "application/jwk-set+json, application/json")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return document{}, fmt.Errorf("%w: %w", category, err)
	}
	defer discard(resp.Body)
	switch {
	case resp.StatusCode == http.StatusNotModified && etag != "":
		return document{header: resp.Header, notModified: true}, nil
	case resp.StatusCode != http.StatusOK:
		return document{}, fetchError(category, "GET %s: status %d", rawURL, resp.StatusCode)
	}
	body, err := c.readBody(resp)
	if err != nil {
		return document{}, fetchError(category, "GET %s: %v", rawURL, err)
	}
	return document{body: body, header: resp.Header}, nil
}

func (c *remoteConfig) readBody(resp *http.Response) ([]byte, error) {
	tooLong := fmt.Errorf("body longer than %d bytes", c.maxBody)
	if resp.ContentLength > c.maxBody {
		return nil, tooLong
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBody+1))
	switch {
	case err != nil:
		return nil, err
	case int64(len(body)) > c.maxBody:
		return nil, tooLong
	}
	return body, nil
}

// discard reads a little of what is left of body, so that the connection
// can be reused after a short response, and closes it.
func discard(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, 4<<10)
	_ = body.Close()
}

// parseRemoteSet reads a fetched key set. A remote set must hold at least
// one usable key, and only public keys: a provider that publishes a
// private or secret key has made a mistake that nobody should build on.
func parseRemoteSet(doc document, opts []SetOption) (*Set, error) {
	s, err := ParseSet(doc.body, opts...)
	if err != nil {
		if ct := mediaType(doc.header); ct != "" && !strings.Contains(ct, "json") {
			return nil, fetchError(ErrFetch, "response is %s, not a JWK Set", quote(ct))
		}
		return nil, fetchError(ErrFetch, "response: %s", detail(err))
	}
	switch {
	case len(s.keys) == 0:
		return nil, fetchError(ErrFetch, "key set has no usable key")
	case s.keys[0].IsPrivate():
		return nil, fetchError(ErrFetch, "key set holds private or secret keys")
	}
	return s, nil
}

func mediaType(h http.Header) string {
	ct, _, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		return ""
	}
	return ct
}

// maxAge returns the max-age of a response's Cache-Control header, or 0
// for no-cache and no-store (RFC 9111 §5.2.2).
func maxAge(h http.Header) (time.Duration, bool) {
	var d time.Duration
	found, noCache := false, false
	for _, v := range h.Values("Cache-Control") {
		for _, directive := range strings.Split(v, ",") {
			name, value, _ := strings.Cut(strings.TrimSpace(directive), "=")
			switch strings.ToLower(name) {
			case "no-cache", "no-store":
				noCache = true
			case "max-age":
				n, err := strconv.ParseUint(strings.Trim(value, `"`), 10, 32)
				if err == nil && !found {
					d, found = time.Duration(n)*time.Second, true
				}
			}
		}
	}
	if noCache {
		return 0, true
	}
	return d, found
}

// age returns the Age header of a response served from a cache (RFC 9111
// §5.1).
func age(h http.Header) time.Duration {
	n, err := strconv.ParseUint(h.Get("Age"), 10, 32)
	if err != nil {
		return 0
	}
	return time.Duration(n) * time.Second
}

// checkURL checks that raw is an absolute https URL, or an http URL whose
// host is a loopback address or "localhost": a key set fetched over plain
// http from another host could be replaced on the way.
func checkURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return errors.New("not a URL")
	case u.Host == "":
		return errors.New("not an absolute URL")
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && isLoopback(u.Hostname()):
		return nil
	}
	return errors.New("not an https URL")
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// checkRedirect is the redirect policy of the default client: at most 10
// redirects, each to a URL that checkURL accepts.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	if err := checkURL(req.URL.String()); err != nil {
		return fmt.Errorf("redirect refused: %v", err)
	}
	return nil
}

// fetchError returns an error matching category (ErrFetch or
// ErrDiscovery) with the formatted detail.
func fetchError(category error, format string, args ...any) error {
	return fmt.Errorf("%w: %s", category, fmt.Sprintf(format, args...))
}

// invalidURL reports a URL given by the caller that checkURL refuses.
func invalidURL(what string, err error) error {
	return newError(jwt.ErrInvalidArgument, "invalid argument: %s: %v", what, err)
}

// detail returns the text of an error of this package without its
// "jwt/jwk: " prefix, to follow another message.
func detail(err error) string {
	return strings.TrimPrefix(err.Error(), "jwt/jwk: ")
}
