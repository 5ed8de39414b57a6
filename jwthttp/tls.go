package jwthttp

import (
	"net/http"
	"net/netip"
	"strings"
)

// secure reports whether r arrived over HTTPS, as [RequireTLS] describes.
func (c *config) secure(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	if len(c.proxies) == 0 {
		return false
	}
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil || !c.trusted(peer.Addr().Unmap()) {
		return false
	}
	return forwardedHTTPS(r.Header)
}

func (c *config) trusted(addr netip.Addr) bool {
	for _, p := range c.proxies {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// forwardedHTTPS reports whether h names a protocol in X-Forwarded-Proto
// or in the "proto" parameters of Forwarded, and every one it names is
// "https". Requiring all of them means that a value a client sent cannot
// outvote the one its proxy added.
func forwardedHTTPS(h http.Header) bool {
	protos := forwardedProtos(h)
	for _, p := range protos {
		if !strings.EqualFold(p, "https") {
			return false
		}
	}
	return len(protos) > 0
}

// forwardedProtos returns every protocol named by the X-Forwarded-Proto
// and Forwarded headers of h.
func forwardedProtos(h http.Header) []string {
	var protos []string
	for _, line := range h.Values("X-Forwarded-Proto") {
		for _, p := range strings.Split(line, ",") {
			protos = append(protos, strings.TrimSpace(p))
		}
	}
	for _, line := range h.Values("Forwarded") {
		for _, element := range splitUnquoted(line, ',') {
			for _, pair := range splitUnquoted(element, ';') {
				name, value, _ := strings.Cut(pair, "=")
				if strings.EqualFold(strings.TrimSpace(name), "proto") {
					protos = append(protos, unquote(strings.TrimSpace(value)))
				}
			}
		}
	}
	return protos
}

// splitUnquoted splits s at every sep that is not inside a quoted-string.
func splitUnquoted(s string, sep byte) []string {
	var parts []string
	start, quoted, escaped := 0, false, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case escaped:
			escaped = false
		case quoted && c == '\\':
			escaped = true
		case c == '"':
			quoted = !quoted
		case !quoted && c == sep:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

// unquote removes the quotes around a quoted-string. An escaped character
// stays escaped: "https" needs none, so a value with one is never taken for
// it.
func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}
