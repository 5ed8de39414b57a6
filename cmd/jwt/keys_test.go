package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/algorithms"
	"github.com/jotgo/jwt/jwk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/ssh"
)

func pemBlock(typ string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}

func pkcs8(t *testing.T, priv crypto.PrivateKey) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	require.NoError(t, err)
	return der
}

func spki(t *testing.T, pub crypto.PublicKey) []byte {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(pub)
	require.NoError(t, err)
	return der
}

func sec1(t *testing.T, priv *ecdsa.PrivateKey) []byte {
	t.Helper()
	der, err := x509.MarshalECPrivateKey(priv)
	require.NoError(t, err)
	return der
}

// certificate returns a self-signed certificate for priv, in DER.
func certificate(t *testing.T, priv crypto.Signer) []byte {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "jwt test"},
		NotBefore:    testNow.Add(-time.Hour),
		NotAfter:     testNow.Add(time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, priv.Public(), priv)
	require.NoError(t, err)
	return der
}

// openSSH returns priv as an OpenSSH private key file.
func openSSH(t *testing.T, priv crypto.PrivateKey) []byte {
	t.Helper()
	b, err := ssh.MarshalPrivateKey(priv, "jwt test")
	require.NoError(t, err)
	return pem.EncodeToMemory(b)
}

// authorizedKey returns pub as a line of an OpenSSH authorized_keys file.
func authorizedKey(t *testing.T, pub crypto.PublicKey) []byte {
	t.Helper()
	p, err := ssh.NewPublicKey(pub)
	require.NoError(t, err)
	return ssh.MarshalAuthorizedKey(p)
}

// A keyFile is a key in one of the forms the tool reads, with the signer
// of the private key it belongs to.
type keyFile struct {
	name    string
	data    []byte
	alg     string
	private bool
	signer  algorithms.Signer
}

// keyFiles returns the keys of sharedKeys in every form the tool reads.
func keyFiles(t *testing.T) []keyFile {
	t.Helper()
	k := sharedKeys()
	rs256, err := algorithms.NewRS256(k.rsa)
	require.NoError(t, err)
	ps384, err := algorithms.NewPS384(k.rsa)
	require.NoError(t, err)
	es256, err := algorithms.NewES256(k.ec256)
	require.NoError(t, err)
	es384, err := algorithms.NewES384(k.ec384)
	require.NoError(t, err)
	es512, err := algorithms.NewES512(k.ec521)
	require.NoError(t, err)
	eddsa, err := algorithms.NewEdDSA(k.ed)
	require.NoError(t, err)
	hs256, err := algorithms.NewHS256([]byte(hs256Secret))
	require.NoError(t, err)
	rsaJWK, _ := mustJWK(t, k.rsa, jwk.WithKeyID("r1")).MarshalJSON()
	edJWK, _ := mustJWK(t, k.ed.Public()).MarshalJSON()
	return []keyFile{
		{"pkcs1 private", pemBlock("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(k.rsa)),
			"RS256", true, rs256},
		{"pkcs1 public", pemBlock("RSA PUBLIC KEY", x509.MarshalPKCS1PublicKey(&k.rsa.PublicKey)),
			"RS256", false, rs256},
		{"pkcs8 rsa private", pemBlock("PRIVATE KEY", pkcs8(t, k.rsa)), "PS384", true, ps384},
		{"spki rsa", pemBlock("PUBLIC KEY", spki(t, &k.rsa.PublicKey)), "PS384", false, ps384},
		{"rsa certificate", pemBlock("CERTIFICATE", certificate(t, k.rsa)), "RS256", false, rs256},
		{"rsa pkcs8 der", pkcs8(t, k.rsa), "RS256", true, rs256},
		{"rsa spki der", spki(t, &k.rsa.PublicKey), "PS384", false, ps384},
		{"rsa jwk private", rsaJWK, "RS256", true, rs256},
		{"rsa openssh private", openSSH(t, k.rsa), "RS256", true, rs256},
		{"rsa openssh public", authorizedKey(t, &k.rsa.PublicKey), "PS384", false, ps384},
		{"sec1 p-256", pemBlock("EC PRIVATE KEY", sec1(t, k.ec256)), "ES256", true, es256},
		{"sec1 der p-384", sec1(t, k.ec384), "ES384", true, es384},
		{"pkcs8 p-521", pemBlock("PRIVATE KEY", pkcs8(t, k.ec521)), "ES512", true, es512},
		{"spki p-384", pemBlock("PUBLIC KEY", spki(t, &k.ec384.PublicKey)), "ES384", false, es384},
		{"ec certificate", pemBlock("CERTIFICATE", certificate(t, k.ec256)), "ES256", false,
			es256},
		{"ecdsa openssh p-256", openSSH(t, k.ec256), "ES256", true, es256},
		{"ecdsa openssh p-521", openSSH(t, k.ec521), "ES512", true, es512},
		{"ecdsa openssh public", authorizedKey(t, &k.ec384.PublicKey), "ES384", false, es384},
		{"ed25519 pkcs8", pemBlock("PRIVATE KEY", pkcs8(t, k.ed)), "EdDSA", true, eddsa},
		{"ed25519 spki der", spki(t, k.ed.Public()), "EdDSA", false, eddsa},
		{"ed25519 jwk public", edJWK, "EdDSA", false, eddsa},
		{"ed25519 openssh private", openSSH(t, k.ed), "EdDSA", true, eddsa},
		{"ed25519 openssh public", authorizedKey(t, k.ed.Public()), "EdDSA", false, eddsa},
		{"raw hmac secret", []byte(hs256Secret), "HS256", true, hs256},
		{"oct jwk", marshal(t, map[string]string{"kty": "oct",
			"k": base64.RawURLEncoding.EncodeToString([]byte(hs256Secret))}), "HS256", true, hs256},
	}
}

// TestKeyForms checks that verify reads every key form, and that sign
// signs with every private one.
func TestKeyForms(t *testing.T) {
	dir := t.TempDir()
	for _, kf := range keyFiles(t) {
		t.Run(kf.name, func(t *testing.T) {
			t.Parallel()
			path := writeFile(t, dir, strings.ReplaceAll(kf.name, " ", "_"), kf.data)
			token := signWith(t, kf.signer, claimsAt(time.Hour))
			r := jwtRun(t, "", "verify", "--key", path, "--alg", kf.alg, token)
			requireOK(t, r)
			assert.Contains(t, r.stdout, `"sub": "alice"`)
			if !kf.private {
				r := jwtRun(t, "", "sign", "--key", path, "--alg", kf.alg)
				assert.Equal(t, exitInput, r.code)
				assert.Contains(t, r.stderr, "a public key cannot sign")
				return
			}
			r = jwtRun(t, "", "sign", "--key", path, "--alg", kf.alg, "--exp", "1h")
			requireOK(t, r)
			v, err := jwt.NewVerifier(jwt.Key(verifierOf(t, kf.signer)),
				jwt.WithClock(func() time.Time { return testNow }))
			require.NoError(t, err)
			_, err = v.Verify(t.Context(), strings.TrimSpace(r.stdout), nil)
			assert.NoError(t, err)
		})
	}
}

// verifierOf returns the verifier of a signer made by package algorithms.
func verifierOf(t *testing.T, s algorithms.Signer) algorithms.Verifier {
	t.Helper()
	switch s := s.(type) {
	case *algorithms.RSASigner:
		return s.Verifier()
	case *algorithms.ECDSASigner:
		return s.Verifier()
	case *algorithms.EdDSASigner:
		return s.Verifier()
	case *algorithms.HMAC:
		return s.Verifier()
	}
	t.Fatalf("no verifier for %T", s)
	return nil
}

// TestKeyFormsDefaultAlgorithm checks that without --alg the algorithm
// comes from the key, not from the token.
func TestKeyFormsDefaultAlgorithm(t *testing.T) {
	k := sharedKeys()
	dir := t.TempDir()
	ps256, err := algorithms.NewPS256(k.rsa)
	require.NoError(t, err)
	rs256, err := algorithms.NewRS256(k.rsa)
	require.NoError(t, err)
	es384, err := algorithms.NewES384(k.ec384)
	require.NoError(t, err)
	rsaPath := writeFile(t, dir, "rsa.pem", pemBlock("PUBLIC KEY", spki(t, &k.rsa.PublicKey)))
	ecPath := writeFile(t, dir, "ec.pem", pemBlock("PUBLIC KEY", spki(t, &k.ec384.PublicKey)))
	tests := []struct {
		name   string
		path   string
		signer algorithms.Signer
		code   int
	}{
		{"rsa key verifies RS256", rsaPath, rs256, exitOK},
		{"rsa key refuses PS256", rsaPath, ps256, exitInvalid},
		{"p-384 key verifies ES384", ecPath, es384, exitOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			token := signWith(t, tc.signer, claimsAt(time.Hour))
			r := jwtRun(t, "", "verify", "--key", tc.path, token)
			assert.Equal(t, tc.code, r.code, r.stderr)
		})
	}
	r := jwtRun(t, "", "verify", "--key", rsaPath, "--alg", "PS256",
		signWith(t, ps256, claimsAt(time.Hour)))
	requireOK(t, r)
	r = jwtRun(t, "", "verify", "--key", rsaPath, "--alg", "PS256",
		signWith(t, rs256, claimsAt(time.Hour)))
	assert.Equal(t, exitInvalid, r.code)
	assert.Contains(t, r.stderr, "jwt: algorithm not allowed")
}

// TestKeyErrors checks keys that cannot be read or used: exit code 3 (2
// for a mistake on the command line), and no secret in the output.
func TestKeyErrors(t *testing.T) {
	k := sharedKeys()
	dir := t.TempDir()
	encrypted, err := ssh.MarshalPrivateKeyWithPassphrase(k.ed, "", []byte("passphrase"))
	require.NoError(t, err)
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	require.NoError(t, err)
	twoKeys := marshal(t, map[string]any{"keys": []any{
		mustJWK(t, k.ec256, jwk.WithKeyID("a")), mustJWK(t, k.ed, jwk.WithKeyID("b")),
	}})
	rsaPub := writeFile(t, dir, "rsa.pub.pem", pemBlock("PUBLIC KEY", spki(t, &k.rsa.PublicKey)))
	files := map[string][]byte{
		"encrypted_openssh": pem.EncodeToMemory(encrypted),
		"encrypted_pkcs8":   pemBlock("ENCRYPTED PRIVATE KEY", []byte{0x30, 0x00}),
		"garbage":           []byte("not a key at all"),
		"short_secret":      []byte("0123456789"),
		"rsa_1024":          pemBlock("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(small)),
		"two_keys":          twoKeys,
		"jwk_kid_a":         marshal(t, mustJWK(t, k.ec256, jwk.WithKeyID("a"))),
		"oct_no_alg": marshal(t, map[string]string{"kty": "oct",
			"k": base64.RawURLEncoding.EncodeToString([]byte(hs256Secret))}),
	}
	path := func(name string) string { return writeFile(t, dir, name, files[name]) }
	tests := []struct {
		name string
		args []string
		env  map[string]string
		code int
		want string
	}{
		{"missing file", []string{"sign", "--key", dir + "/nope"}, nil, exitInput,
			"no such file"},
		{"encrypted openssh key", []string{"sign", "--key", path("encrypted_openssh")}, nil,
			exitInput, "the OpenSSH key is encrypted"},
		{"encrypted pkcs8", []string{"sign", "--key", path("encrypted_pkcs8")}, nil, exitInput,
			"encrypted PKCS #8 key"},
		{"garbage without hmac alg", []string{"sign", "--key", path("garbage")}, nil, exitInput,
			"not a key in PEM, DER, JWK, JWK Set or OpenSSH form"},
		{"public key as hmac secret", []string{"verify", "--key", rsaPub, "--alg", "HS256"}, nil,
			exitInput, "jwt/jwk: algorithm not allowed: HS256 does not fit"},
		{"short secret", []string{"sign", "--key", path("short_secret"), "--alg", "HS256"}, nil,
			exitInput, "jwt/algorithms: invalid key"},
		{"short secret in env", []string{"sign", "--key-env", "S", "--alg", "HS512"},
			map[string]string{"S": hs256Secret}, exitInput, "jwt/algorithms: invalid key"},
		{"unset variable", []string{"sign", "--key-env", "NOPE", "--alg", "HS256"}, nil,
			exitInput, "environment variable NOPE is not set"},
		{"small rsa key", []string{"sign", "--key", path("rsa_1024")}, nil, exitInput,
			"invalid key"},
		{"set without kid", []string{"sign", "--key", path("two_keys")}, nil, exitInput,
			`holds 2 keys: choose one with --kid (kids: "a", "b")`},
		{"set without that kid", []string{"sign", "--key", path("two_keys"), "--kid", "c"}, nil,
			exitInput, `has no key with kid "c"`},
		{"jwk of another kid", []string{"sign", "--key", path("jwk_kid_a"), "--kid", "b"}, nil,
			exitInput, `has kid "a", not "b"`},
		{"key unfit for alg", []string{"sign", "--key", path("jwk_kid_a"), "--alg", "ES384"},
			nil, exitInput, "ES384 does not fit this key"},
		{"hmac secret without alg", []string{"sign", "--key", path("oct_no_alg")}, nil,
			exitUsage, "give --alg HS256, HS384 or HS512"},
		{"key and key-env", []string{"sign", "--key", "a", "--key-env", "B"}, nil, exitUsage,
			"give --key or --key-env, not both"},
		{"no key", []string{"sign"}, nil, exitUsage, "no key"},
		{"unknown alg", []string{"sign", "--key", rsaPub, "--alg", "RS1"}, nil, exitUsage,
			`--alg "RS1": want one of`},
		{"alg none", []string{"sign", "--key", rsaPub, "--alg", "none"}, nil, exitUsage,
			`--alg "none"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := invocation{args: tc.args, env: tc.env}.run(t)
			assert.Equal(t, tc.code, r.code, r.stderr)
			assert.Contains(t, r.stderr, tc.want)
			assert.Empty(t, r.stdout)
			for _, secret := range []string{hs256Secret, "0123456789",
				base64.RawURLEncoding.EncodeToString([]byte(hs256Secret))} {
				assert.NotContains(t, r.stderr, secret)
			}
		})
	}
}

// TestKeyConfusion checks the attack of RFC 8725 §2.1: a token MACed with
// the bytes of a public key file must not verify with that file, whatever
// its alg header says.
func TestKeyConfusion(t *testing.T) {
	k := sharedKeys()
	pubPEM := pemBlock("PUBLIC KEY", spki(t, &k.rsa.PublicKey))
	path := writeFile(t, t.TempDir(), "rsa.pem", pubPEM)
	mac, err := algorithms.NewHS256(pubPEM)
	require.NoError(t, err)
	token := signWith(t, mac, claimsAt(time.Hour))
	r := jwtRun(t, "", "verify", "--key", path, token)
	assert.Equal(t, exitInvalid, r.code)
	assert.Contains(t, r.stderr, "jwt: algorithm not allowed")
	r = jwtRun(t, "", "verify", "--key", path, "--alg", "HS256", token)
	assert.Equal(t, exitInput, r.code)
}

func TestKeyFromStdin(t *testing.T) {
	k := sharedKeys()
	keyPEM := string(pemBlock("PRIVATE KEY", pkcs8(t, k.ed)))
	r := jwtRun(t, keyPEM, "sign", "--key", "-", "--exp", "1h", "--sub", "bob")
	requireOK(t, r)
	token := strings.TrimSpace(r.stdout)
	r = jwtRun(t, keyPEM, "verify", "--key", "-", token)
	requireOK(t, r)
	assert.Contains(t, r.stdout, `"sub": "bob"`)
	r = jwtRun(t, keyPEM, "verify", "--key", "-")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "standard input can be read only once")
}

func TestKeyFromEnv(t *testing.T) {
	env := map[string]string{"JWT_SECRET": hs256Secret}
	r := invocation{args: []string{"sign", "--key-env", "JWT_SECRET", "--alg", "HS256",
		"--exp", "1h"}, env: env}.run(t)
	requireOK(t, r)
	token := strings.TrimSpace(r.stdout)
	r = invocation{args: []string{"verify", "--key-env", "JWT_SECRET", "--alg", "HS256", token},
		env: env}.run(t)
	requireOK(t, r)
	r = invocation{args: []string{"verify", "--key-env", "JWT_SECRET", token}, env: env}.run(t)
	assert.Equal(t, exitInput, r.code, "a raw secret needs --alg")
	r = invocation{args: []string{"verify", "--key-env", "JWT_SECRET", "--alg", "HS256", token},
		env: map[string]string{"JWT_SECRET": hs256Secret + "\n"}}.run(t)
	assert.Equal(t, exitInvalid, r.code)
	assert.Contains(t, r.stderr, "jwt: warning: the secret in $JWT_SECRET ends with a line "+
		"break, which is part of the secret\n")
	assert.Contains(t, r.stderr, "jwt: signature invalid")
	// A PEM key in a variable, as CI systems hold them.
	pemKey := string(pemBlock("PRIVATE KEY", pkcs8(t, sharedKeys().ec256)))
	r = invocation{args: []string{"sign", "--key-env", "K", "--exp", "1h"},
		env: map[string]string{"K": pemKey}}.run(t)
	requireOK(t, r)
	assert.True(t, strings.HasPrefix(r.stdout, "eyJhbGciOiJFUzI1NiIs"), r.stdout)
}
