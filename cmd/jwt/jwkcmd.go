package main

import (
	"crypto"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"

	"github.com/jotgo/jwt/jwk"
)

func jwkCommand() *command {
	return &command{
		name: "jwk",
		args: "[flags] [FILE|-]",
		help: `Jwk converts a key between PEM and JWK, and prints its RFC 7638
thumbprint (SHA-256, base64url) on standard error.

A key read from PEM, DER or OpenSSH is printed as a JWK; a JWK, or the
key of a JWK Set chosen with --kid, as PEM: SPKI ("PUBLIC KEY") or, with
--private, PKCS #8 ("PRIVATE KEY"). --to chooses the output form. The key
is FILE or, without one or with "-", standard input.

Only the public key is printed unless --private is given, so that a
private key leaves its file only when asked to. An HMAC secret has no
public part and no PEM form: it is printed, as an oct JWK, only with
--private. --kid and --alg set those members of a JWK made from PEM,
DER or OpenSSH; in a JWK Set, --kid chooses the key.
`,
		examples: `  jwt jwk public.pem
  jwt jwk --kid 2026-01 --alg ES256 private.pem > public.jwk
  jwt jwk --private --out private.jwk private.pem
  jwt jwk --kid 2026-01 jwks.json > public.pem
  jwt jwk --json ~/.ssh/id_ed25519 | jq -r .thumbprint
`,
		run: (*app).jwk,
	}
}

// A jwkResult is what jwk prints with --json.
type jwkResult struct {
	KeyType   string `json:"kty"`
	KeyID     string `json:"kid,omitempty"`
	Algorithm string `json:"alg,omitempty"`
	// Private says whether JWK and PEM hold the private key.
	Private bool `json:"private"`
	// Thumbprint is the base64url RFC 7638 thumbprint, with SHA-256.
	Thumbprint string `json:"thumbprint"`
	// ThumbprintURI is the thumbprint as an RFC 9278 URI.
	ThumbprintURI string          `json:"thumbprint_uri"`
	JWK           json.RawMessage `json:"jwk"`
	// PEM is left out for an HMAC secret, which has no PEM form.
	PEM string `json:"pem,omitempty"`
}

func (a *app) jwk(c *command, args []string) error {
	fs := newFlagSet(c)
	to := fs.String("to", "", "print the key as `FORM`: jwk or pem "+
		"(default: pem for a JWK, jwk for anything else)")
	private := fs.Bool("private", false, "print the private key, not only its public part")
	kid := fs.String("kid", "", "choose the key with kid `KID` in a JWK Set; give it to a key "+
		"read from PEM, DER or OpenSSH")
	alg := fs.String("alg", "", "give the algorithm `ALG` to a key read from PEM, DER or "+
		"OpenSSH, or check that a JWK fits it")
	out := fs.String("out", "", "write the key to `FILE`, created with mode 0600, "+
		"instead of standard output")
	jsonOut := fs.Bool("json", false, "print one JSON object: kty, kid, alg, private, "+
		"thumbprint, thumbprint_uri, jwk and pem")
	pos, err := a.parseFlags(fs, c, args, 1)
	if err != nil {
		return err
	}
	if err := checkAlgorithm(*alg); err != nil {
		return err
	}
	if *to != "" && *to != "jwk" && *to != "pem" {
		return usageError("--to %q: want jwk or pem", *to)
	}
	name := "-"
	if len(pos) > 0 {
		name = pos[0]
	}
	data, err := a.readInput(name)
	if err != nil {
		return err
	}
	in, err := a.parseKey(displayName(name), data, *alg, keyOptions(*kid, *alg)...)
	if err != nil {
		return err
	}
	k, err := in.one(*kid, *alg)
	if err != nil {
		return err
	}
	if *alg != "" && !fits(k, *alg) {
		return inputError("key in %s does not fit --alg %s", in.name, *alg)
	}
	if k, err = visible(k, *private); err != nil {
		return err
	}
	form := *to
	if form == "" {
		form = "jwk"
		if (in.form == formJWK || in.form == formJWKSet) && k.KeyType() != "oct" {
			form = "pem"
		}
	}
	return a.writeJWK(k, form, *out, *jsonOut)
}

// visible returns the part of k to print: k itself when private is set,
// else its public key.
func visible(k *jwk.Key, private bool) (*jwk.Key, error) {
	switch {
	case private && !k.IsPrivate():
		return nil, inputError("--private: the key is a public key")
	case private:
		return k, nil
	case k.Public() == nil:
		return nil, inputError("the key is an HMAC secret, which has no public part: " +
			"--private prints it")
	}
	return k.Public(), nil
}

func (a *app) writeJWK(k *jwk.Key, form, out string, jsonOut bool) error {
	raw, err := k.MarshalJSON()
	if err != nil {
		return err
	}
	jwkText, err := indentJSON(raw)
	if err != nil {
		return err
	}
	pemText, pemErr := encodePEM(k)
	text := jwkText
	if form == "pem" {
		if pemErr != nil {
			return pemErr
		}
		text = pemText
	}
	if out != "" {
		if err := writeNewFile(out, text); err != nil {
			return err
		}
	}
	sum, err := k.Thumbprint(crypto.SHA256)
	if err != nil {
		return inputError("%w", err)
	}
	thumb := base64.RawURLEncoding.EncodeToString(sum)
	if jsonOut {
		uri, _ := k.ThumbprintURI(crypto.SHA256)
		return writeJSON(a.stdout, jwkResult{
			KeyType: k.KeyType(), KeyID: k.KeyID(), Algorithm: k.Algorithm(),
			Private: k.IsPrivate(), Thumbprint: thumb, ThumbprintURI: uri,
			JWK: raw, PEM: string(pemText),
		})
	}
	if out == "" {
		if _, err := a.stdout.Write(text); err != nil {
			return err
		}
	}
	fmt.Fprintf(a.stderr, "thumbprint (RFC 7638, SHA-256): %s\n", thumb)
	return nil
}

// encodePEM writes k as a PKCS #8 PEM block when it is private, else as
// an SPKI one.
func encodePEM(k *jwk.Key) ([]byte, error) {
	if k.KeyType() == "oct" {
		return nil, inputError("an HMAC secret has no PEM form: use --to jwk")
	}
	if k.IsPrivate() {
		return encodeKey(k, "pem")
	}
	der, err := x509.MarshalPKIXPublicKey(k.PublicKey())
	if err != nil {
		return nil, inputError("%w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), nil
}
