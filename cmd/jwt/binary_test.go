package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/jwk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBinary builds the command and runs it as a user would, through
// os/exec: main, exit codes, standard input and the environment included.
func TestBinary(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the binary with")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "jwt")
	build := exec.Command(goTool, "build", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)

	exe := func(stdin string, env []string, args ...string) result {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Stdin = strings.NewReader(stdin)
		cmd.Env = append(os.Environ(), env...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			code = exitErr.ExitCode()
		} else {
			require.NoError(t, err)
		}
		return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
	}

	r := exe("", nil, "--help")
	requireOK(t, r)
	assert.Contains(t, r.stdout, "Exit codes:")

	priv := filepath.Join(dir, "ed.pem")
	r = exe("", nil, "keygen", "--alg", "EdDSA", "--out", priv)
	requireOK(t, r)
	pub := writeFile(t, dir, "ed.jwk", []byte(r.stdout))

	r = exe(`{"scope":"read"}`, nil, "sign", "--key", priv, "--claims", "@-", "--exp", "1h")
	requireOK(t, r)
	token := r.stdout

	r = exe(token, nil, "verify", "--key", pub)
	requireOK(t, r)
	assert.Contains(t, r.stdout, `"scope": "read"`)

	r = exe(token, nil, "decode")
	requireOK(t, r)
	assert.Contains(t, r.stdout, "NOT VERIFIED")
	assert.Contains(t, r.stdout, "expires in ")

	tampered := strings.TrimSpace(token)
	tampered = tampered[:len(tampered)-4] + "AAAA"
	r = exe(tampered, nil, "verify", "--key", pub)
	assert.Equal(t, exitInvalid, r.code)
	assert.Equal(t, "jwt verify: invalid token: jwt: signature invalid\n", r.stderr)
	assert.Empty(t, r.stdout)

	r = exe("", nil, "frobnicate")
	assert.Equal(t, exitUsage, r.code)

	r = exe(token, []string{"JWT_TEST_KEY="}, "verify", "--key-env", "JWT_TEST_KEY")
	assert.Equal(t, exitInput, r.code)
	assert.Contains(t, r.stderr, "environment variable JWT_TEST_KEY is not set")

	r = exe("", []string{"JWT_TEST_KEY=" + hs256Secret}, "sign", "--key-env", "JWT_TEST_KEY",
		"--alg", "HS256", "--exp", "1h")
	requireOK(t, r)
	assert.NotContains(t, r.stdout+r.stderr, hs256Secret)
}

// TestBinaryDeterministic checks that a token signed with the RFC 8037
// key at a fixed time is the one the library makes: Ed25519 signatures
// are deterministic.
func TestBinaryDeterministic(t *testing.T) {
	r := jwtRun(t, "", "sign", "--key", rfc8037Key, "--sub", "alice", "--exp", "1h",
		"--now", testNow.Format(time.RFC3339))
	requireOK(t, r)
	k, err := jwk.ParsePEM([]byte(readFile(t, rfc8037Key)))
	require.NoError(t, err)
	s, err := k.Signer("EdDSA")
	require.NoError(t, err)
	want := signWith(t, s, map[string]any{
		"sub": "alice", "iat": testNow.Unix(), "exp": testNow.Add(time.Hour).Unix(),
	})
	assert.Equal(t, want+"\n", r.stdout)
	_, err = jwt.ParseUnverified(want)
	require.NoError(t, err)
}
