package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/jotgo/jwt"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parsed returns the header and the claims of token, unverified.
func parsed(t *testing.T, token string) (map[string]any, map[string]any) {
	t.Helper()
	tok, err := jwt.ParseUnverified(strings.TrimSpace(token))
	require.NoError(t, err)
	hdr, err := tok.Header().MarshalJSON()
	require.NoError(t, err)
	var header, claims map[string]any
	require.NoError(t, json.Unmarshal(hdr, &header))
	dec := json.NewDecoder(strings.NewReader(string(tok.Payload())))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&claims))
	return header, claims
}

func TestSign(t *testing.T) {
	dir := t.TempDir()
	key := writeFile(t, dir, "ed.pem", pemBlock("PRIVATE KEY", pkcs8(t, sharedKeys().ed)))
	claimsFile := writeFile(t, dir, "claims.json", []byte(`{"scope":"read","n":1.5}`))
	now := json.Number("1796396400")
	tests := []struct {
		name   string
		flags  []string
		stdin  string
		header map[string]any
		claims map[string]any
	}{
		{"iat by default", nil, "", nil, map[string]any{"iat": now}},
		{"no iat", []string{"--no-iat"}, "", nil, map[string]any{}},
		{"registered claims", []string{"--iss", "https://auth.example", "--sub", "alice",
			"--aud", "api", "--jti", "j1", "--exp", "2h", "--nbf", "-5m"}, "", nil,
			map[string]any{"iss": "https://auth.example", "sub": "alice", "aud": "api",
				"jti": "j1", "iat": now, "exp": json.Number("1796403600"),
				"nbf": json.Number("1796396100")}},
		{"audiences", []string{"--aud", "api", "--aud", "web"}, "", nil,
			map[string]any{"iat": now, "aud": []any{"api", "web"}}},
		{"exp in days", []string{"--exp", "7d", "--no-iat"}, "", nil,
			map[string]any{"exp": json.Number("1797001200")}},
		{"exp as a time", []string{"--exp", "2027-01-01T00:00:00Z", "--no-iat"}, "", nil,
			map[string]any{"exp": json.Number("1798761600")}},
		{"exp in unix seconds", []string{"--exp", "1798761600", "--no-iat"}, "", nil,
			map[string]any{"exp": json.Number("1798761600")}},
		{"claims json", []string{"--claims", `{"scope":"read","roles":["a"]}`}, "", nil,
			map[string]any{"iat": now, "scope": "read", "roles": []any{"a"}}},
		{"claims file", []string{"--claims", "@" + claimsFile}, "", nil,
			map[string]any{"iat": now, "scope": "read", "n": json.Number("1.5")}},
		{"claims from stdin", []string{"--claims", "@-"}, `{"scope":"write"}`, nil,
			map[string]any{"iat": now, "scope": "write"}},
		{"flags replace claims", []string{"--claims", `{"sub":"bob","iat":5}`, "--sub", "alice"},
			"", nil, map[string]any{"iat": json.Number("5"), "sub": "alice"}},
		{"typ and kid", []string{"--typ", "at+jwt", "--kid", "k1", "--no-iat"}, "",
			map[string]any{"alg": "EdDSA", "typ": "at+jwt", "kid": "k1"}, map[string]any{}},
		{"now", []string{"--now", "2027-01-01T00:00:00Z", "--exp", "1h"}, "", nil,
			map[string]any{"iat": json.Number("1798761600"), "exp": json.Number("1798765200")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"sign", "--key", key}, tc.flags...)
			r := jwtRun(t, tc.stdin, args...)
			requireOK(t, r)
			assert.Equal(t, 1, strings.Count(r.stdout, "\n"))
			header, claims := parsed(t, r.stdout)
			if tc.header == nil {
				tc.header = map[string]any{"alg": "EdDSA", "typ": "JWT"}
			}
			assert.Equal(t, tc.header, header)
			assert.Equal(t, tc.claims, claims)
			if _, ok := tc.claims["exp"]; ok {
				assert.Empty(t, r.stderr)
			} else {
				assert.Contains(t, r.stderr, "warning: the token has no exp claim")
			}
		})
	}
}

func TestSignJSON(t *testing.T) {
	ec := pemBlock("EC PRIVATE KEY", sec1(t, sharedKeys().ec384))
	key := writeFile(t, t.TempDir(), "ec.pem", ec)
	r := jwtRun(t, "", "sign", "--key", key, "--exp", "1h", "--sub", "alice", "--json")
	requireOK(t, r)
	var out signResult
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out))
	header, claims := parsed(t, out.Token)
	assert.Equal(t, "ES384", header["alg"])
	assert.JSONEq(t, string(marshal(t, header)), string(out.Header))
	assert.JSONEq(t, string(marshal(t, claims)), string(out.Claims))
}

func TestSignErrors(t *testing.T) {
	key := writeFile(t, t.TempDir(), "ed.pem", pemBlock("PRIVATE KEY", pkcs8(t, sharedKeys().ed)))
	tests := []struct {
		name  string
		flags []string
		code  int
		err   string
	}{
		{"claims not json", []string{"--claims", "{sub: alice}"}, exitInput, "--claims: "},
		{"claims not an object", []string{"--claims", `["a"]`}, exitInput, "--claims: "},
		{"claims null", []string{"--claims", `null`}, exitInput, "not a JSON object"},
		{"data after claims", []string{"--claims", `{} {}`}, exitInput,
			"data after the JSON object"},
		{"duplicate claim", []string{"--claims", `{"sub":"a","sub":"b"}`}, exitInput,
			`duplicate member "sub"`},
		{"nested duplicate", []string{"--claims", `{"x":[{"a":1,"a":2}]}`}, exitInput,
			`duplicate member "a"`},
		{"claims differing by case", []string{"--claims", `{"sub":"a","Sub":"b"}`}, exitInput,
			"jwt: invalid argument"},
		{"claims file missing", []string{"--claims", "@/nonexistent/claims.json"}, exitInput,
			"no such file"},
		{"bad exp", []string{"--exp", "tomorrow"}, exitUsage, "--exp: "},
		{"bad nbf", []string{"--nbf", "1x"}, exitUsage, "--nbf: "},
		{"exp past year 9999", []string{"--exp", "300000000000"}, exitInput,
			"jwt: invalid argument"},
		{"bad now", []string{"--now", "later"}, exitUsage, "--now: "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := jwtRun(t, "", append([]string{"sign", "--key", key}, tc.flags...)...)
			assert.Equal(t, tc.code, r.code, r.stderr)
			assert.Contains(t, r.stderr, tc.err)
			assert.Empty(t, r.stdout)
		})
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"1h", "1h0m0s", true},
		{"90s", "1m30s", true},
		{"7d", "168h0m0s", true},
		{"1d12h", "36h0m0s", true},
		{"-1h", "-1h0m0s", true},
		{"-2d", "-48h0m0s", true},
		{"0", "0s", true},
		{"d", "", false},
		{"1.5d", "", false},
		{"1d-1h", "", false},
		{"--1h", "", false},
		{"soon", "", false},
	}
	for _, tc := range tests {
		d, err := parseDuration(tc.in)
		if !tc.ok {
			assert.Error(t, err, tc.in)
			continue
		}
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, d.String(), tc.in)
	}
}
