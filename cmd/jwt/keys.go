package main

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/jotgo/jwt/algorithms"
	"github.com/jotgo/jwt/jwk"
	"golang.org/x/crypto/ssh"
)

// The forms a key is read from.
const (
	formJWK     = "JWK"
	formJWKSet  = "JWK Set"
	formPEM     = "PEM"
	formDER     = "DER"
	formOpenSSH = "OpenSSH"
	formSecret  = "secret"
)

// A keyInput is what a key file or variable held: one key, or a set.
type keyInput struct {
	// name says where the key came from, for messages.
	name string
	// form is one of the form constants.
	form string
	key  *jwk.Key
	set  *jwk.Set
}

// keyFlags are the flags that say where a key comes from.
type keyFlags struct {
	file string
	env  string
}

func (f *keyFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.file, "key", "", "read the key from `FILE` (\"-\" for standard input): "+
		"PEM, DER, JWK, JWK Set, OpenSSH, or an HMAC secret with --alg HS*")
	fs.StringVar(&f.env, "key-env", "", "read the key, or the HMAC secret, from the "+
		"environment variable `NAME`")
}

// readKey returns the bytes of the key and where they came from.
func (a *app) readKey(f keyFlags) ([]byte, string, error) {
	switch {
	case f.file != "" && f.env != "":
		return nil, "", usageError("give --key or --key-env, not both")
	case f.env != "":
		v, ok := a.lookupEnv(f.env)
		if !ok || v == "" {
			return nil, "", inputError("environment variable %s is not set", f.env)
		}
		return []byte(v), "$" + f.env, nil
	case f.file != "":
		data, err := a.readInput(f.file)
		return data, displayName(f.file), err
	}
	return nil, "", usageError("no key: give --key FILE or --key-env NAME")
}

// parseKey reads a key in any form the tool knows, trying them from the
// most to the least recognizable. Bytes that are no key are taken as an
// HMAC secret only when alg is an HMAC algorithm: a public key file can
// then never become a secret, the key confusion RFC 8725 §2.1 warns of.
// opts apply to keys read from forms that carry no parameters (not JWKs).
func parseKey(name string, data []byte, alg string, opts ...jwk.KeyOption) (*keyInput, error) {
	in := &keyInput{name: name}
	var err error
	t := bytes.TrimSpace(data)
	switch {
	case bytes.HasPrefix(t, []byte("{")):
		err = in.parseJSON(t, alg)
	case bytes.Contains(t, []byte("-----BEGIN OPENSSH PRIVATE KEY-----")):
		in.form = formOpenSSH
		in.key, err = parseOpenSSH(t, opts)
	case bytes.HasPrefix(t, []byte("ssh-")) || bytes.HasPrefix(t, []byte("ecdsa-sha2-")):
		in.form = formOpenSSH
		in.key, err = parseAuthorizedKey(t, opts)
	case bytes.Contains(t, []byte("-----BEGIN ")):
		in.form = formPEM
		in.key, err = jwk.ParsePEM(data, opts...)
	default:
		in.form = formDER
		in.key, err = jwk.ParseDER(data, opts...)
		if err != nil && isHMAC(alg) {
			in.form = formSecret
			in.key, err = jwk.FromSecret(data, opts...)
		} else if err != nil {
			err = fmt.Errorf("not a key in PEM, DER, JWK, JWK Set or OpenSSH form; " +
				"an HMAC secret is read as it is only with --alg HS256, HS384 or HS512")
		}
	}
	if err != nil {
		return nil, inputError("key in %s: %w", name, err)
	}
	return in, nil
}

// parseJSON reads a JWK or a JWK Set. In a set, RSA keys without "alg"
// verify alg when it is an RSA algorithm, else RS256 as in package jwk.
// parseKey is parseKey, and warns on stderr when an HMAC secret ends with
// a line break: it is part of the secret, which other tools may not think.
func (a *app) parseKey(name string, data []byte, alg string,
	opts ...jwk.KeyOption) (*keyInput, error) {
	in, err := parseKey(name, data, alg, opts...)
	if err == nil && in.form == formSecret && bytes.HasSuffix(data, []byte("\n")) {
		fmt.Fprintf(a.stderr, "jwt: warning: the secret in %s ends with a line break, "+
			"which is part of the secret\n", name)
	}
	return in, err
}

func (in *keyInput) parseJSON(data []byte, alg string) error {
	var members map[string]json.RawMessage
	if json.Unmarshal(data, &members) == nil && members["keys"] != nil {
		in.form = formJWKSet
		var opts []jwk.SetOption
		if isRSA(alg) {
			opts = append(opts, jwk.WithRSAAlgorithms(alg))
		}
		var err error
		in.set, err = jwk.ParseSet(data, opts...)
		return err
	}
	in.form = formJWK
	var err error
	in.key, err = jwk.ParseKey(data)
	return err
}

func parseOpenSSH(data []byte, opts []jwk.KeyOption) (*jwk.Key, error) {
	raw, err := ssh.ParseRawPrivateKey(data)
	var missing *ssh.PassphraseMissingError
	if errors.As(err, &missing) {
		return nil, errors.New("the OpenSSH key is encrypted: remove its passphrase " +
			"from a copy with ssh-keygen -p -f COPY")
	}
	if err != nil {
		return nil, fmt.Errorf("OpenSSH private key: %w", err)
	}
	if k, ok := raw.(*ed25519.PrivateKey); ok {
		raw = *k
	}
	return jwk.FromPrivateKey(raw, opts...)
}

func parseAuthorizedKey(data []byte, opts []jwk.KeyOption) (*jwk.Key, error) {
	pub, _, _, _, err := ssh.ParseAuthorizedKey(data)
	if err != nil {
		return nil, fmt.Errorf("OpenSSH public key: %w", err)
	}
	cpk, ok := pub.(ssh.CryptoPublicKey)
	if !ok {
		return nil, fmt.Errorf("OpenSSH public key of type %s is not supported", pub.Type())
	}
	return jwk.FromPublicKey(cpk.CryptoPublicKey(), opts...)
}

// one returns the key of in: its only key, or the key of a set whose "kid"
// is kid, and among several, the one key that fits alg.
func (in *keyInput) one(kid, alg string) (*jwk.Key, error) {
	if in.set == nil {
		if kid != "" && in.key.KeyID() != "" && in.key.KeyID() != kid {
			return nil, inputError("key in %s has kid %q, not %q", in.name, in.key.KeyID(), kid)
		}
		return in.key, nil
	}
	keys := in.set.Keys()
	if kid != "" {
		keys = slices.DeleteFunc(keys, func(k *jwk.Key) bool { return k.KeyID() != kid })
	}
	if len(keys) > 1 && alg != "" {
		keys = slices.DeleteFunc(keys, func(k *jwk.Key) bool { return !fits(k, alg) })
	}
	switch {
	case len(keys) == 1:
		return keys[0], nil
	case len(keys) == 0 && kid != "":
		return nil, inputError("key set in %s has no key with kid %q%s", in.name, kid, in.skipped())
	case len(keys) == 0:
		return nil, inputError("key set in %s holds no usable key%s", in.name, in.skipped())
	}
	return nil, inputError("key set in %s holds %d keys: choose one with --kid (kids: %s)",
		in.name, len(keys), kids(keys))
}

// skipped says why keys were left out of the set, if any were.
func (in *keyInput) skipped() string {
	s := in.set.Skipped()
	if len(s) == 0 {
		return ""
	}
	return fmt.Sprintf(" (%d left out, the first because %v)", len(s), s[0])
}

// fits reports whether k can verify alg.
func fits(k *jwk.Key, alg string) bool {
	_, err := k.Verifier(alg)
	return err == nil
}

func kids(keys []*jwk.Key) string {
	var s []string
	for _, k := range keys {
		s = append(s, fmt.Sprintf("%q", k.KeyID()))
	}
	return strings.Join(s, ", ")
}

// keyAlgorithm returns the algorithm k is for when that follows from the
// key alone: its "alg" member, or its curve. It returns "" for an RSA key
// or an HMAC secret without "alg", which fit several algorithms.
func keyAlgorithm(k *jwk.Key) string {
	if alg := k.Algorithm(); alg != "" {
		return alg
	}
	switch k.Curve() {
	case "P-256":
		return algorithms.ES256
	case "P-384":
		return algorithms.ES384
	case "P-521":
		return algorithms.ES512
	case "Ed25519":
		return algorithms.EdDSA
	}
	return ""
}

// keyOptions returns the parameters given to a key read from a form that
// has none: PEM, DER, OpenSSH or a raw secret.
func keyOptions(kid, alg string) []jwk.KeyOption {
	var opts []jwk.KeyOption
	if kid != "" {
		opts = append(opts, jwk.WithKeyID(kid))
	}
	if alg != "" {
		opts = append(opts, jwk.WithAlgorithm(alg))
	}
	return opts
}

func isHMAC(alg string) bool {
	return alg == algorithms.HS256 || alg == algorithms.HS384 || alg == algorithms.HS512
}

func isRSA(alg string) bool {
	switch alg {
	case algorithms.RS256, algorithms.RS384, algorithms.RS512,
		algorithms.PS256, algorithms.PS384, algorithms.PS512:
		return true
	}
	return false
}

// checkAlgorithm refuses an --alg value that is no JWS algorithm.
func checkAlgorithm(alg string) error {
	switch alg {
	case "", algorithms.HS256, algorithms.HS384, algorithms.HS512,
		algorithms.RS256, algorithms.RS384, algorithms.RS512,
		algorithms.PS256, algorithms.PS384, algorithms.PS512,
		algorithms.ES256, algorithms.ES384, algorithms.ES512, algorithms.EdDSA:
		return nil
	}
	return usageError("--alg %q: want one of %s", alg, algorithmList)
}

const algorithmList = "HS256, HS384, HS512, RS256, RS384, RS512, " +
	"PS256, PS384, PS512, ES256, ES384, ES512, EdDSA"
