package jwthttp

import (
	"net/http"
	"strings"
	"testing"
)

// FuzzAuthorization checks the parser of the Authorization header: no
// panic, an error or a token but not both, and an accepted token that is
// one b64token taken as it is from the end of the header.
func FuzzAuthorization(f *testing.F) {
	for _, seed := range []string{"Bearer abc.def.ghi", "bearer  a", "Bearer", "Bearer a b",
		"Basic YTpi", "Bearer ===", "Bearer a==", "Bearer\ta", ""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, value string) {
		token, e := fromAuthorization(http.Header{"Authorization": {value}})
		if e != nil {
			if token != "" || e.Status != http.StatusBadRequest {
				t.Fatalf("token %q with error %v", token, e)
			}
			return
		}
		if token == "" {
			return
		}
		if !isB64Token(token) || !strings.HasSuffix(value, " "+token) {
			t.Fatalf("accepted %q from %q", token, value)
		}
		if !strings.EqualFold(value[:len("Bearer ")], "Bearer ") {
			t.Fatalf("accepted %q from %q", token, value)
		}
	})
}

// FuzzForwarded checks the reading of forwarded headers: no panic, never
// HTTPS unless "https" appears, and never when a bare "proto=http" element
// does.
func FuzzForwarded(f *testing.F) {
	for _, seed := range []string{"proto=https", `for="a,b";proto=https`, `proto="https"`,
		"proto=https, proto=http", `"`, `\`, ";,="} {
		f.Add(seed, "https")
	}
	f.Fuzz(func(t *testing.T, forwarded, xfp string) {
		h := http.Header{"Forwarded": {forwarded}, "X-Forwarded-Proto": {xfp}}
		if !forwardedHTTPS(h) {
			return
		}
		all := strings.ToLower(forwarded + " " + xfp)
		if !strings.Contains(all, "https") || strings.Contains(all, ";proto=http,") ||
			strings.HasPrefix(all, "proto=http,") {
			t.Fatalf("https from %q and %q", forwarded, xfp)
		}
	})
}
