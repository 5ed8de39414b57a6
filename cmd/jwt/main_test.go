package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"--help"}, strings.NewReader(""), &stdout, &stderr)
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout.String(), "jwt decode [TOKEN|-]")
	assert.Contains(t, stdout.String(), "Exit codes:")
	assert.Empty(t, stderr.String())
}

func TestUsage(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"no arguments", nil, exitUsage, "", "Usage:"},
		{"help", []string{"help"}, exitOK, "Usage:", ""},
		{"-h", []string{"-h"}, exitOK, "Usage:", ""},
		{"help of a command", []string{"help", "sign"}, exitOK, "Usage: jwt sign", ""},
		{"unknown command", []string{"encode"}, exitUsage, "", `unknown command "encode"`},
		{"help of an unknown command", []string{"help", "x"}, exitUsage, "", "unknown command"},
		{"unknown flag", []string{"decode", "--nope"}, exitUsage, "",
			"flag provided but not defined: -nope"},
		{"too many arguments", []string{"decode", "a", "b"}, exitUsage, "", "too many arguments"},
		{"argument to sign", []string{"sign", "x"}, exitUsage, "", "too many arguments"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := jwtRun(t, "", tc.args...)
			assert.Equal(t, tc.code, r.code)
			assert.Contains(t, r.stdout, tc.stdout)
			assert.Contains(t, r.stderr, tc.stderr)
			if tc.code == exitUsage && len(tc.args) > 0 {
				assert.Contains(t, r.stderr, "--help")
			}
		})
	}
}

// TestHelp checks that every command's --help lists its flags, has
// examples and the exit codes, and exits with 0.
func TestHelp(t *testing.T) {
	tests := []struct {
		command string
		flags   []string
	}{
		{"decode", []string{"json", "now"}},
		{"verify", []string{"key", "key-env", "jwks", "alg", "kid", "iss", "aud", "sub", "typ",
			"require", "leeway", "max-age", "check-iat", "allow-missing-exp", "now", "timeout",
			"json"}},
		{"sign", []string{"key", "key-env", "alg", "kid", "typ", "claims", "iss", "sub", "aud",
			"jti", "exp", "nbf", "no-iat", "now", "json"}},
		{"keygen", []string{"alg", "kid", "format", "out", "bits", "json"}},
		{"jwk", []string{"to", "private", "kid", "alg", "out", "json"}},
	}
	for _, tc := range tests {
		t.Run(tc.command, func(t *testing.T) {
			t.Parallel()
			for _, h := range []string{"--help", "-h", "-help"} {
				r := jwtRun(t, "", tc.command, h)
				requireOK(t, r)
				assert.Contains(t, r.stdout, "Usage: jwt "+tc.command)
				assert.Contains(t, r.stdout, "Examples:\n  jwt "+tc.command)
				assert.Contains(t, r.stdout, "Exit codes:")
				assert.Empty(t, r.stderr)
				_, flags, _ := strings.Cut(r.stdout, "\nFlags:\n")
				flags, _, _ = strings.Cut(flags, "\nExamples:")
				for _, f := range tc.flags {
					assert.Contains(t, flags, "  --"+f+" ")
				}
				assert.Equal(t, len(tc.flags), strings.Count(flags, "  --"))
			}
		})
	}
}

func TestFlagsAfterArguments(t *testing.T) {
	k := mustJWK(t, sharedKeys().ed)
	s, err := k.Signer("EdDSA")
	require.NoError(t, err)
	token := signWith(t, s, claimsAt(0))
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"flag after the token", []string{"decode", token, "--json"}, exitOK},
		{"flag before the token", []string{"decode", "--json", token}, exitOK},
		{"double dash ends the flags", []string{"decode", "--json", "--", token}, exitOK},
		{"flag after double dash is an argument", []string{"decode", "--", token, "--json"},
			exitUsage},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := jwtRun(t, "", tc.args...)
			assert.Equal(t, tc.code, r.code, r.stderr)
			if tc.code == exitOK {
				assert.Contains(t, r.stdout, `"verified": false`)
			}
		})
	}
}
