package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
)

// keyEnv is the environment variable that may hold the signing key.
const keyEnv = "API_SIGNING_KEY"

// loadKey returns the Ed25519 signing key: from the PEM file at path, from
// the PEM text in the environment variable keyEnv, or, when neither is
// given, a new random key, which warn is told about. Both is an error.
func loadKey(path string, warn func(string)) (ed25519.PrivateKey, error) {
	env := os.Getenv(keyEnv)
	switch {
	case path != "" && env != "":
		return nil, fmt.Errorf("give -key or %s, not both", keyEnv)
	case path != "":
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		return parseKey(data)
	case env != "":
		return parseKey([]byte(env))
	}
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	warn("warning: no signing key given (-key or " + keyEnv + "); using a random one. " +
		"Tokens will not survive a restart, and no other instance can verify them.")
	return key, nil
}

// parseKey reads a PEM "PRIVATE KEY" block holding a PKCS #8 Ed25519 key,
// as written by "openssl genpkey -algorithm ed25519".
func parseKey(data []byte) (ed25519.PrivateKey, error) {
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, errors.New("signing key: no PEM PRIVATE KEY block")
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	ed, ok := key.(ed25519.PrivateKey)
	if !ok {
		return nil, errors.New("signing key: not an Ed25519 key")
	}
	return ed, nil
}
