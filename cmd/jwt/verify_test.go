package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/algorithms"
	"github.com/jotgo/jwt/jwk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ed25519Setup returns the Ed25519 signer of sharedKeys and the path of a
// file holding its public key.
func ed25519Setup(t *testing.T) (algorithms.Signer, string) {
	t.Helper()
	s, err := algorithms.NewEdDSA(sharedKeys().ed)
	require.NoError(t, err)
	pub := pemBlock("PUBLIC KEY", spki(t, sharedKeys().ed.Public()))
	return s, writeFile(t, t.TempDir(), "ed.pem", pub)
}

func TestVerify(t *testing.T) {
	s, key := ed25519Setup(t)
	valid := claimsAt(time.Hour)
	withJTI := struct {
		jwt.RegisteredClaims
		Roles []string `json:"roles"`
	}{valid, []string{"admin"}}
	withJTI.ID = "j1"
	tests := []struct {
		name   string
		claims any
		opts   []jwt.SignOption
		flags  []string
		stdout string
	}{
		{"valid", valid, nil, nil, `"sub": "alice"`},
		{"custom claims", withJTI, nil, []string{"--require", "roles"}, `"roles": [`},
		{"issuer", valid, nil, []string{"--iss", "other", "--iss", "https://auth.example"}, ""},
		{"audience", valid, nil, []string{"--aud", "api", "--aud", "web"}, ""},
		{"subject", valid, nil, []string{"--sub", "alice"}, ""},
		{"type", valid, []jwt.SignOption{jwt.WithHeaderType("at+jwt")},
			[]string{"--typ", "at+jwt"}, ""},
		{"required claims", withJTI, nil, []string{"--require", "jti", "--require", "sub"}, ""},
		{"leeway covers expiry", claimsAt(-10 * time.Second), nil, []string{"--leeway", "30s"},
			""},
		{"no exp allowed", jwt.RegisteredClaims{Subject: "alice"}, nil,
			[]string{"--allow-missing-exp"}, ""},
		{"max age", valid, nil, []string{"--max-age", "5m"}, ""},
		{"iat check", valid, nil, []string{"--check-iat"}, ""},
		{"expired token at an earlier time", claimsAt(-time.Hour), nil,
			[]string{"--now", "2026-12-04T13:30:00Z"}, ""},
		{"alg pinned", valid, nil, []string{"--alg", "EdDSA"}, ""},
		{"kid pinned", valid, []jwt.SignOption{jwt.WithKeyID("k1")}, []string{"--kid", "k1"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			token := signWith(t, s, tc.claims, tc.opts...)
			args := append([]string{"verify", "--key", key}, tc.flags...)
			r := jwtRun(t, "", append(args, token)...)
			requireOK(t, r)
			assert.Contains(t, r.stdout, tc.stdout)
			assert.Empty(t, r.stderr)
		})
	}
}

// TestVerifyInvalid checks that every reason a token is refused exits
// with 1 and prints the library's error.
func TestVerifyInvalid(t *testing.T) {
	s, key := ed25519Setup(t)
	valid := signWith(t, s, claimsAt(time.Hour))
	es, err := algorithms.NewES256(sharedKeys().ec256)
	require.NoError(t, err)
	tampered := valid[:len(valid)-4] + "AAAA"
	tests := []struct {
		name  string
		token string
		flags []string
		err   string
	}{
		{"expired", signWith(t, s, claimsAt(-time.Second)), nil, "jwt: token expired"},
		{"not yet valid", signWith(t, s, jwt.RegisteredClaims{
			ExpiresAt: jwt.NewNumericDate(testNow.Add(time.Hour)),
			NotBefore: jwt.NewNumericDate(testNow.Add(time.Minute))}), nil,
			"jwt: token not yet valid"},
		{"bad signature", tampered, nil, "jwt: signature invalid"},
		{"another algorithm", signWith(t, es, claimsAt(time.Hour)), nil,
			"jwt: algorithm not allowed"},
		{"alg none", rawToken(`{"alg":"none"}`, `{"exp":1796403600}`, 0), nil,
			"jwt: algorithm not allowed: alg none"},
		{"malformed", "not.a.token", nil, "jwt: malformed token"},
		{"issuer", valid, []string{"--iss", "https://other.example"}, "jwt: issuer mismatch"},
		{"audience", valid, []string{"--aud", "web"}, "jwt: audience mismatch"},
		{"subject", valid, []string{"--sub", "bob"}, "jwt: subject mismatch"},
		{"type", valid, []string{"--typ", "at+jwt"}, "jwt: token type mismatch"},
		{"missing exp", signWith(t, s, jwt.RegisteredClaims{Subject: "a"}), nil,
			"jwt: missing claim"},
		{"required claim", valid, []string{"--require", "jti"}, "jwt: missing claim"},
		{"too old", valid, []string{"--max-age", "1m", "--now", "1796396520"},
			"jwt: token expired"},
		{"issued in the future", valid, []string{"--check-iat", "--now", "1796396340"},
			"jwt: token issued in the future"},
		{"kid not the pinned one", valid, []string{"--kid", "k1"}, "jwt: key not found"},
		{"too large", rawToken(`{"alg":"EdDSA"}`, strings.Repeat("a", 20000), 64), nil,
			"jwt: token too large"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"verify", "--key", key}, tc.flags...)
			r := jwtRun(t, "", append(args, tc.token)...)
			assert.Equal(t, exitInvalid, r.code)
			assert.True(t, strings.HasPrefix(r.stderr, "jwt verify: invalid token: "+tc.err),
				r.stderr)
			assert.Empty(t, r.stdout)
		})
	}
}

func TestVerifyJSON(t *testing.T) {
	s, key := ed25519Setup(t)
	r := jwtRun(t, "", "verify", "--key", key, "--json", signWith(t, s, claimsAt(time.Hour)))
	requireOK(t, r)
	var ok verifyResult
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &ok))
	assert.True(t, ok.Valid)
	assert.JSONEq(t, `{"alg":"EdDSA","typ":"JWT"}`, string(ok.Header))
	var claims map[string]any
	require.NoError(t, json.Unmarshal(ok.Claims, &claims))
	assert.Equal(t, "alice", claims["sub"])
	assert.Empty(t, ok.Error)

	r = jwtRun(t, "", "verify", "--key", key, "--json", "--aud", "web",
		signWith(t, s, claimsAt(time.Hour)))
	assert.Equal(t, exitInvalid, r.code)
	var bad verifyResult
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &bad))
	assert.Equal(t, verifyResult{Error: strings.TrimPrefix(strings.TrimSpace(r.stderr),
		"jwt verify: invalid token: "), Reason: "audience", Claim: "aud"}, bad)
}

func TestVerifyUsage(t *testing.T) {
	_, key := ed25519Setup(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no key", []string{"verify", "t"}, "no key: give --key FILE"},
		{"two key sources", []string{"verify", "--key", key, "--jwks", key, "t"},
			"give one of --key, --key-env and --jwks"},
		{"leeway over an hour", []string{"verify", "--key", key, "--leeway", "2h", "t"},
			"jwt: invalid argument"},
		{"negative leeway", []string{"verify", "--key", key, "--leeway", "-1s", "t"},
			"jwt: invalid argument"},
		{"bad duration", []string{"verify", "--key", key, "--leeway", "soon", "t"},
			"invalid value \"soon\" for flag -leeway"},
		{"bad time", []string{"verify", "--key", key, "--now", "noon", "t"}, "--now"},
		{"no timeout", []string{"verify", "--key", key, "--timeout", "0s", "t"},
			"--timeout 0s: want a positive duration"},
		{"plain http to another host", []string{"verify", "--jwks",
			"http://jwks.example.invalid/keys", "t"}, "--jwks: "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := jwtRun(t, "", tc.args...)
			assert.Equal(t, exitUsage, r.code, r.stderr)
			assert.Contains(t, r.stderr, tc.want)
		})
	}
}

func TestVerifyTokenFromStdin(t *testing.T) {
	s, key := ed25519Setup(t)
	token := signWith(t, s, claimsAt(time.Hour))
	r := jwtRun(t, token+"\n", "verify", "--key", key)
	requireOK(t, r)
	r = jwtRun(t, token, "verify", "--key", key, "-")
	requireOK(t, r)
	r = jwtRun(t, "", "verify", "--key", key)
	assert.Equal(t, exitInput, r.code)
	assert.Contains(t, r.stderr, "no token")
}

// keySet returns a JWK Set of two public keys, "ec" (ES256) and "ed"
// (EdDSA), and signers for them that write their kid.
func keySet(t *testing.T) ([]byte, algorithms.Signer, algorithms.Signer) {
	t.Helper()
	ec := mustJWK(t, sharedKeys().ec256, jwk.WithKeyID("ec"))
	ed := mustJWK(t, sharedKeys().ed, jwk.WithKeyID("ed"))
	set, err := jwk.NewSet([]*jwk.Key{ec, ed})
	require.NoError(t, err)
	ecSigner, err := ec.Signer("ES256")
	require.NoError(t, err)
	edSigner, err := ed.Signer("EdDSA")
	require.NoError(t, err)
	return marshal(t, set), ecSigner, edSigner
}

func TestVerifyKeySetFile(t *testing.T) {
	set, ecSigner, edSigner := keySet(t)
	path := writeFile(t, t.TempDir(), "jwks.json", set)
	ecToken := signWith(t, ecSigner, claimsAt(time.Hour))
	edToken := signWith(t, edSigner, claimsAt(time.Hour))
	unknown := signWith(t, edSigner, claimsAt(time.Hour), jwt.WithKeyID("gone"))
	noKID := signWith(t, algorithms.WithKeyID(edSigner, ""), claimsAt(time.Hour))
	tests := []struct {
		name  string
		flags []string
		token string
		code  int
		err   string
	}{
		{"jwks chooses by kid", []string{"--jwks", path}, ecToken, exitOK, ""},
		{"key with a set chooses by kid", []string{"--key", path}, edToken, exitOK, ""},
		{"unknown kid", []string{"--jwks", path}, unknown, exitInvalid, "key not found"},
		{"no kid, one key for the alg", []string{"--jwks", path}, noKID, exitOK, ""},
		{"kid picks the key", []string{"--key", path, "--kid", "ed"}, edToken, exitOK, ""},
		{"kid refuses other kids", []string{"--key", path, "--kid", "ed"}, ecToken, exitInvalid,
			"jwt: key not found"},
		{"kid refuses tokens without kid", []string{"--jwks", path, "--kid", "ed"}, noKID,
			exitInvalid, "jwt: key not found"},
		{"kid not in the set", []string{"--key", path, "--kid", "x"}, edToken, exitInput,
			`no key with kid "x"`},
		{"alg pinned", []string{"--jwks", path, "--alg", "ES256"}, edToken, exitInvalid,
			"jwt: algorithm not allowed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := jwtRun(t, "", append(append([]string{"verify"}, tc.flags...), tc.token)...)
			assert.Equal(t, tc.code, r.code, r.stderr)
			assert.Contains(t, r.stderr, tc.err)
		})
	}
}

// TestVerifyRemoteKeySet verifies against a key set served on loopback,
// as an identity provider publishes one.
func TestVerifyRemoteKeySet(t *testing.T) {
	set, ecSigner, edSigner := keySet(t)
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.URL.Path != "/jwks.json" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(set)
	}))
	t.Cleanup(srv.Close)
	url := srv.URL + "/jwks.json"
	ecToken := signWith(t, ecSigner, claimsAt(time.Hour))
	edToken := signWith(t, edSigner, claimsAt(time.Hour))
	tests := []struct {
		name  string
		flags []string
		token string
		code  int
		err   string
	}{
		{"ec key", []string{"--jwks", url}, ecToken, exitOK, ""},
		{"ed key", []string{"--jwks", url, "--aud", "api"}, edToken, exitOK, ""},
		{"kid pinned", []string{"--jwks", url, "--kid", "ed"}, ecToken, exitInvalid,
			"jwt: key not found"},
		{"alg pinned", []string{"--jwks", url, "--alg", "EdDSA"}, ecToken, exitInvalid,
			"jwt: algorithm not allowed"},
		{"not found", []string{"--jwks", srv.URL + "/nope"}, ecToken, exitInput,
			"--jwks: jwt/jwk: cannot fetch key set"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := jwtRun(t, "", append(append([]string{"verify"}, tc.flags...), tc.token)...)
			assert.Equal(t, tc.code, r.code, r.stderr)
			assert.Contains(t, r.stderr, tc.err)
		})
	}
	assert.Positive(t, requests.Load())
}

func TestVerifyRemoteKeySetTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() {
		close(release)
		srv.Close()
	})
	r := jwtRun(t, "", "verify", "--jwks", srv.URL, "--timeout", "200ms", "t")
	assert.Equal(t, exitInput, r.code)
	assert.Contains(t, r.stderr, "--jwks: ")
}
