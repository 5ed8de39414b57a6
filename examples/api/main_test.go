package main

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func pemKey(t *testing.T, key any) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	require.NoError(t, err)
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

// TestLoadKey is not parallel: it sets the environment.
func TestLoadKey(t *testing.T) {
	_, want, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, data, 0o600))
		return path
	}
	good := write("good.pem", pemKey(t, want))
	tests := []struct {
		name   string
		path   string
		env    string
		ok     bool
		warned bool
	}{
		{"file", good, "", true, false},
		{"environment", "", string(pemKey(t, want)), true, false},
		{"generated", "", "", true, true},
		{"both", good, string(pemKey(t, want)), false, false},
		{"missing file", filepath.Join(dir, "none.pem"), "", false, false},
		{"not PEM", write("text.pem", []byte("hello")), "", false, false},
		{"not Ed25519", write("ec.pem", pemKey(t, ec)), "", false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(keyEnv, tc.env)
			warned := false
			key, err := loadKey(tc.path, func(string) { warned = true })
			assert.Equal(t, tc.warned, warned)
			if !tc.ok {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			if !tc.warned {
				assert.True(t, want.Equal(key))
			}
		})
	}
}

func TestRunFlags(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"-tls-cert", "cert.pem"},
		{"-tls-key", "key.pem"},
		{"-unknown"},
	} {
		assert.Error(t, run(args), args)
	}
}
