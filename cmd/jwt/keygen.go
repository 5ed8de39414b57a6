package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"flag"

	"github.com/jotgo/jwt/algorithms"
	"github.com/jotgo/jwt/jwk"
)

func keygenCommand() *command {
	return &command{
		name: "keygen",
		args: "--alg ALG [--kid KID] [--format pem|jwk] [--out FILE] [flags]",
		help: `Keygen makes a new key for ALG from the system's secure random source:
an RSA key of --bits bits for RS* and PS*, a P-256, P-384 or P-521 key
for ES256, ES384 and ES512, an Ed25519 key for EdDSA, and for HS256,
HS384 and HS512 a secret as long as the hash output (32, 48 and 64
bytes), the shortest RFC 7518 §3.2 allows.

The private key goes to --out FILE, which is created readable by its
owner only and never overwritten, or else to standard output. It is a
PKCS #8 PEM block (--format pem, the default) or a JWK (--format jwk).
Then the public JWK is printed, with kid, alg and "use": "sig", ready
to publish in a JWK Set. An HMAC secret is a JWK of type oct, and has no
public part.

The kid is --kid, or else the key's RFC 7638 thumbprint; an HMAC secret
gets none unless --kid is given. --kid "" leaves it out.
`,
		examples: `  jwt keygen --alg ES256 --out private.pem > public.jwk
  jwt keygen --alg RS256 --bits 3072 --kid 2026-01 --format jwk --out private.jwk
  jwt keygen --alg HS256 --out secret.jwk
  jwt keygen --alg EdDSA --json | jq .public_jwk
`,
		run: (*app).keygen,
	}
}

// A keygenResult is what keygen prints with --json.
type keygenResult struct {
	Algorithm string `json:"alg"`
	KeyID     string `json:"kid,omitempty"`
	// Thumbprint is the base64url RFC 7638 thumbprint, with SHA-256.
	Thumbprint string `json:"thumbprint"`
	// PrivateKey is the PEM text as a string, or the JWK; it is left out
	// when the key was written to PrivateKeyFile.
	PrivateKey     json.RawMessage `json:"private_key,omitempty"`
	PrivateKeyFile string          `json:"private_key_file,omitempty"`
	PublicJWK      json.RawMessage `json:"public_jwk,omitempty"`
}

func (a *app) keygen(c *command, args []string) error {
	fs := newFlagSet(c)
	alg := fs.String("alg", "", "make a key for the algorithm `ALG`: "+algorithmList)
	kid := fs.String("kid", "", "the key ID `KID` (default: the RFC 7638 thumbprint)")
	format := fs.String("format", "", "write the private key as `pem` or jwk "+
		"(default pem; jwk for HS*)")
	out := fs.String("out", "", "write the private key to `FILE`, created with mode 0600")
	bits := fs.Int("bits", 2048, "the size of an RSA key, in `BITS`: 2048 to 8192")
	jsonOut := fs.Bool("json", false, "print one JSON object: alg, kid, thumbprint, "+
		"private_key (or private_key_file) and public_jwk")
	if _, err := a.parseFlags(fs, c, args, 0); err != nil {
		return err
	}
	if *alg == "" {
		return usageError("--alg is required: %s", algorithmList)
	}
	if err := checkAlgorithm(*alg); err != nil {
		return err
	}
	form, err := keygenFormat(*alg, *format)
	if err != nil {
		return err
	}
	if isSet(fs, "bits") && (!isRSA(*alg) || *bits < 2048 || *bits > 8192) {
		return usageError("--bits: RSA keys (RS*, PS*) only, of 2048 to 8192 bits")
	}
	k, err := generate(*alg, *bits, keygenOptions(fs, *alg, *kid)...)
	if err != nil {
		return err
	}
	return a.writeKeygen(k, form, *out, *jsonOut)
}

func keygenFormat(alg, format string) (string, error) {
	switch {
	case format == "" && isHMAC(alg):
		return "jwk", nil
	case format == "":
		return "pem", nil
	case format == "pem" && isHMAC(alg):
		return "", usageError("--format pem: an HMAC secret has no PEM form; use jwk")
	case format == "pem", format == "jwk":
		return format, nil
	}
	return "", usageError("--format %q: want pem or jwk", format)
}

func keygenOptions(fs *flag.FlagSet, alg, kid string) []jwk.KeyOption {
	opts := []jwk.KeyOption{jwk.WithAlgorithm(alg), jwk.WithUse("sig")}
	switch {
	case kid != "":
		opts = append(opts, jwk.WithKeyID(kid))
	case !isSet(fs, "kid") && !isHMAC(alg):
		opts = append(opts, jwk.WithThumbprintKeyID())
	}
	return opts
}

// isSet reports whether the flag called name was given.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		set = set || f.Name == name
	})
	return set
}

// generate makes a new key for alg from crypto/rand.
func generate(alg string, bits int, opts ...jwk.KeyOption) (*jwk.Key, error) {
	var priv crypto.PrivateKey
	var err error
	switch alg {
	case algorithms.HS256, algorithms.HS384, algorithms.HS512:
		return generateSecret(alg, opts)
	case algorithms.ES256:
		priv, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case algorithms.ES384:
		priv, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	case algorithms.ES512:
		priv, err = ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	case algorithms.EdDSA:
		_, priv, err = ed25519.GenerateKey(rand.Reader)
	default:
		priv, err = rsa.GenerateKey(rand.Reader, bits)
	}
	if err != nil {
		return nil, err
	}
	return jwk.FromPrivateKey(priv, opts...)
}

// generateSecret makes an HMAC secret as long as the hash output of alg,
// the shortest RFC 7518 §3.2 allows.
func generateSecret(alg string, opts []jwk.KeyOption) (*jwk.Key, error) {
	size := 32
	switch alg {
	case algorithms.HS384:
		size = 48
	case algorithms.HS512:
		size = 64
	}
	secret := make([]byte, size)
	if _, err := rand.Read(secret); err != nil {
		return nil, err
	}
	return jwk.FromSecret(secret, opts...)
}

func (a *app) writeKeygen(k *jwk.Key, form, out string, jsonOut bool) error {
	priv, err := encodeKey(k, form)
	if err != nil {
		return err
	}
	var pub []byte
	if p := k.Public(); p != nil {
		if pub, err = p.MarshalJSON(); err != nil {
			return err
		}
	}
	if out != "" {
		if err := writeNewFile(out, priv); err != nil {
			return err
		}
	}
	if jsonOut {
		return writeJSON(a.stdout, keygenJSON(k, form, priv, pub, out))
	}
	if out == "" {
		if _, err := a.stdout.Write(priv); err != nil {
			return err
		}
	}
	if pub == nil {
		return nil
	}
	text, err := indentJSON(pub)
	if err != nil {
		return err
	}
	_, err = a.stdout.Write(text)
	return err
}

func keygenJSON(k *jwk.Key, form string, priv, pub []byte, out string) keygenResult {
	sum, _ := k.Thumbprint(crypto.SHA256)
	r := keygenResult{
		Algorithm:      k.Algorithm(),
		KeyID:          k.KeyID(),
		Thumbprint:     base64.RawURLEncoding.EncodeToString(sum),
		PrivateKeyFile: out,
		PublicJWK:      pub,
	}
	switch {
	case out != "":
	case form == "pem":
		r.PrivateKey, _ = json.Marshal(string(priv))
	default:
		r.PrivateKey = priv
	}
	return r
}

// encodeKey writes k, with its private part, as a PKCS #8 PEM block or as
// an indented JWK.
func encodeKey(k *jwk.Key, form string) ([]byte, error) {
	if form == "jwk" {
		raw, err := k.MarshalJSON()
		if err != nil {
			return nil, err
		}
		return indentJSON(raw)
	}
	der, err := x509.MarshalPKCS8PrivateKey(k.PrivateKey())
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}
