package main

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rawToken builds a token from a header and a payload, base64url-encoded
// as they are, and a signature of sig bytes: for tokens no signer would
// make.
func rawToken(header, payload string, sig int) string {
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload)) +
		"." + enc.EncodeToString(make([]byte, sig))
}

func TestDecode(t *testing.T) {
	h := `{"alg":"ES256","typ":"JWT","kid":"k1"}`
	tests := []struct {
		name    string
		payload string
		want    []string
	}{
		{"expires in 2h", `{"sub":"alice","exp":1796403600}`,
			[]string{`"kid": "k1"`, `"sub": "alice"`, "exp  2026-12-04 17:00:00  expires in 2h"}},
		{"expired 3d ago", `{"exp":1796137200}`, []string{"expired 3d ago"}},
		{"expired just now", `{"exp":1796396400}`, []string{"expired just now"}},
		{"all dates", `{"iat":1796389200,"nbf":1796396700,"exp":1796400000}`, []string{
			"iat  2026-12-04 13:00:00  issued 2h ago",
			"nbf  2026-12-04 15:05:00  not valid yet: becomes valid in 5m",
			"exp  2026-12-04 16:00:00  expires in 1h",
		}},
		{"became valid", `{"nbf":1796306400}`, []string{"became valid 1d1h ago"}},
		{"issued in the future", `{"iat":1796396430}`, []string{"issued in the future, in 30s"}},
		{"no dates", `{"sub":"alice"}`, []string{"Claims:\n{\n  \"sub\": \"alice\"\n}"}},
		{"members in token order", `{"z":1,"a":2}`, []string{"\"z\": 1,\n  \"a\": 2"}},
		{"unicode kept", `{"name":"Zoë"}`, []string{`"name": "Zoë"`}},
		{"deceptive characters escaped", `{"name":"a\u202eb\u009bc"}`,
			[]string{`"name": "a\u202eb\u009bc"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := jwtRun(t, "", "decode", rawToken(h, tc.payload, 64))
			requireOK(t, r)
			assert.True(t, strings.HasPrefix(r.stdout, notVerified), r.stdout)
			assert.Contains(t, r.stdout, "Signature: 64 bytes")
			for _, w := range tc.want {
				assert.Contains(t, r.stdout, w)
			}
			assert.NotContains(t, r.stdout, "\u202e")
			assert.Empty(t, r.stderr)
		})
	}
}

func TestDecodeJSON(t *testing.T) {
	token := rawToken(`{"alg":"EdDSA"}`, `{"sub":"alice","exp":1796403600,"n":1.50}`, 64)
	r := jwtRun(t, "", "decode", "--json", token)
	requireOK(t, r)
	var out struct {
		Verified bool
		Warning  string
		Header   map[string]any
		Claims   json.RawMessage
		Dates    map[string]date
		// SignatureBytes is signature_bytes.
		SignatureBytes int `json:"signature_bytes"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out))
	assert.False(t, out.Verified)
	assert.Contains(t, out.Warning, "NOT VERIFIED")
	assert.Equal(t, "EdDSA", out.Header["alg"])
	assert.JSONEq(t, `{"sub":"alice","exp":1796403600,"n":1.50}`, string(out.Claims))
	assert.Contains(t, r.stdout, `"n": 1.50`, "numbers are shown as the token has them")
	assert.Equal(t, date{Unix: 1796403600, Time: "2026-12-04T17:00:00Z",
		Relative: "expires in 2h"}, out.Dates["exp"])
	assert.Equal(t, 64, out.SignatureBytes)
	assert.NotContains(t, r.stdout, `"error"`)
}

func TestDecodeNow(t *testing.T) {
	token := rawToken(`{"alg":"EdDSA"}`, `{"exp":1796403600}`, 64)
	r := jwtRun(t, "", "decode", "--now", "2026-12-01T17:00:00Z", token)
	requireOK(t, r)
	assert.Contains(t, r.stdout, "expires in 3d")
	r = jwtRun(t, "", "decode", "--now", "1796403600", token)
	assert.Contains(t, r.stdout, "expired just now")
	r = jwtRun(t, "", "decode", "--now", "yesterday", token)
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "--now")
}

func TestDecodeFileArgument(t *testing.T) {
	path := writeFile(t, t.TempDir(), "token.txt", []byte(rawToken(`{"alg":"EdDSA"}`, `{}`, 64)))
	r := jwtRun(t, "", "decode", path)
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "is a file, and the argument is the token itself")
	assert.Empty(t, r.stdout)
}

func TestDecodeStdin(t *testing.T) {
	token := rawToken(`{"alg":"EdDSA"}`, `{"sub":"from stdin"}`, 64)
	tests := []struct {
		name  string
		args  []string
		stdin string
		code  int
	}{
		{"no argument", []string{"decode"}, token, exitOK},
		{"dash", []string{"decode", "-"}, token, exitOK},
		{"surrounding white space", []string{"decode"}, "\n  " + token + "\r\n", exitOK},
		{"empty input", []string{"decode"}, "", exitInput},
		{"white space only", []string{"decode", "-"}, " \n", exitInput},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := jwtRun(t, tc.stdin, tc.args...)
			assert.Equal(t, tc.code, r.code, r.stderr)
			if tc.code == exitOK {
				assert.Contains(t, r.stdout, `"sub": "from stdin"`)
			} else {
				assert.Contains(t, r.stderr, "no token")
			}
		})
	}
}

// TestDecodeRefused checks that a token the library refuses is shown as
// far as it decodes, marked, with the library's reason and exit code 1.
func TestDecodeRefused(t *testing.T) {
	enc := base64.RawURLEncoding.EncodeToString
	tests := []struct {
		name   string
		token  string
		reason string
		shown  []string
	}{
		{"duplicate header member", rawToken(`{"alg":"HS256","alg":"none"}`, `{}`, 32),
			"malformed token", []string{`"alg": "HS256",` + "\n  \"alg\": \"none\""}},
		{"padded payload", enc([]byte(`{"alg":"HS256"}`)) + "." +
			base64.URLEncoding.EncodeToString([]byte(`{"sub":"a"}`)) + ".c2ln",
			"malformed token", []string{"Claims (not strict base64url):", `"sub": "a"`}},
		{"payload not JSON", rawToken(`{"alg":"HS256"}`, `hello`, 32), "malformed token",
			[]string{"Claims (not JSON; shown as a string):\n\"hello\""}},
		{"exp of the wrong type", rawToken(`{"alg":"HS256"}`, `{"exp":"soon","iat":1796389200}`,
			32), "invalid claim", []string{`"exp": "soon"`, "issued 2h ago"}},
		{"two segments", enc([]byte(`{"alg":"HS256"}`)) + "." + enc([]byte(`{}`)),
			"malformed token", []string{"Token: segments separated by dots: 2, want 3",
				"Signature: missing"}},
		{"not base64url", "!!!.???.***", "malformed token",
			[]string{"Header (not base64url):\nnull"}},
		{"binary header", enc([]byte{0xff, 0xfe, 0x00}) + ".e30.", "malformed token",
			[]string{"3 bytes that are neither JSON nor text"}},
		{"too large", rawToken(`{"alg":"HS256"}`, `{"x":"`+strings.Repeat("a", 17000)+`"}`, 32),
			"token too large", []string{`"alg": "HS256"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := jwtRun(t, "", "decode", tc.token)
			assert.Equal(t, exitInvalid, r.code)
			assert.True(t, strings.HasPrefix(r.stdout, "REFUSED: "), r.stdout)
			assert.Contains(t, r.stdout, "Reason: jwt: "+tc.reason)
			assert.Contains(t, r.stderr, "jwt decode: token refused: jwt: "+tc.reason)
			for _, s := range tc.shown {
				assert.Contains(t, r.stdout, s)
			}
		})
	}
}

func TestDecodeRefusedJSON(t *testing.T) {
	token := rawToken(`{"alg":"HS256"}`, `{"exp":"soon"}`, 32)
	r := jwtRun(t, "", "decode", "--json", token)
	assert.Equal(t, exitInvalid, r.code)
	var out map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out))
	assert.Equal(t, false, out["verified"])
	assert.Contains(t, out["warning"], "REFUSED")
	assert.Contains(t, out["error"], "jwt: invalid claim")
	assert.Equal(t, map[string]any{"exp": "soon"}, out["claims"])
	assert.Contains(t, r.stderr, "jwt: invalid claim")
}

func TestDecodeAlgNone(t *testing.T) {
	// An unsecured token is well formed: decode shows it, verify refuses it.
	token := rawToken(`{"alg":"none"}`, `{"sub":"mallory"}`, 0)
	r := jwtRun(t, "", "decode", token)
	requireOK(t, r)
	assert.Contains(t, r.stdout, `"alg": "none"`)
	assert.Contains(t, r.stdout, "Signature: 0 bytes")
}

func TestHuman(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0s"},
		{45 * time.Second, "45s"},
		{2 * time.Hour, "2h"},
		{90 * time.Minute, "1h30m"},
		{2*time.Hour + 5*time.Second, "2h"},
		{3 * 24 * time.Hour, "3d"},
		{3*24*time.Hour + 4*time.Hour + 29*time.Minute, "3d4h"},
		{3*24*time.Hour + 4*time.Hour + 31*time.Minute, "3d5h"},
		{2*time.Hour - time.Second, "2h"},
		{59*time.Minute + 59*time.Second, "59m59s"},
		{400 * 24 * time.Hour, "400d"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, human(tc.d), tc.d.String())
	}
}
