package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/algorithms"
)

func signCommand() *command {
	return &command{
		name: "sign",
		args: "(--key FILE | --key-env NAME) [--alg ALG] [flags]",
		help: `Sign makes a token of the claims given and prints it.

The claims are the JSON object of --claims, then the registered claims
of the flags, which replace members of the same name: --iss, --sub,
--aud, --jti, and --exp and --nbf as an offset from now (1h, 15m, 7d,
-1h) or a time (RFC 3339 or Unix seconds). "iat" is the current time
unless --claims has one or --no-iat is given. The header holds alg, typ
(JWT unless --typ says otherwise) and the key's kid, if it has one.

The key is a private key, or an HMAC secret, read from --key FILE or
--key-env NAME as 'jwt verify' reads it; a key set needs --kid to choose
its key. The algorithm is --alg, else the key's "alg" member, else its
type (ES256, ES384 or ES512 by curve, EdDSA for Ed25519, RS256 for RSA).
An HMAC secret needs --alg.
`,
		examples: `  jwt sign --key private.pem --sub alice --aud api --exp 15m
  jwt sign --key rsa.pem --alg PS256 --claims '{"scope":"orders:read"}' --exp 1h
  jwt sign --key-env JWT_SECRET --alg HS256 --claims @claims.json --exp 1h
  jwt sign --key keys.json --kid 2026-01 --typ at+jwt --exp 5m --json | jq -r .token
`,
		run: (*app).sign,
	}
}

type signFlags struct {
	key    keyFlags
	alg    string
	kid    string
	typ    string
	claims string
	iss    string
	sub    string
	aud    stringList
	jti    string
	exp    string
	nbf    string
	noIat  bool
	now    string
	json   bool
}

func (f *signFlags) register(fs *flag.FlagSet) {
	f.key.register(fs)
	fs.StringVar(&f.alg, "alg", "", "sign with the algorithm `ALG`: "+algorithmList)
	fs.StringVar(&f.kid, "kid", "", "the kid header `KID`; in a key set, sign with the key "+
		"that has it")
	fs.StringVar(&f.typ, "typ", "", "the typ header `TYPE`, such as at+jwt (default JWT)")
	fs.StringVar(&f.claims, "claims", "", "the claims `JSON|@FILE`: a JSON object, or @FILE "+
		"to read one from a file (@- for standard input)")
	fs.StringVar(&f.iss, "iss", "", "the iss claim `ISSUER`")
	fs.StringVar(&f.sub, "sub", "", "the sub claim `SUBJECT`")
	fs.Var(&f.aud, "aud", "the aud claim `AUDIENCE` (repeat for several)")
	fs.StringVar(&f.jti, "jti", "", "the jti claim `ID`")
	fs.StringVar(&f.exp, "exp", "", "the exp claim: `WHEN`, as an offset from now (1h, "+
		"7d) or a time")
	fs.StringVar(&f.nbf, "nbf", "", "the nbf claim: `WHEN`, as an offset from now or a time")
	fs.BoolVar(&f.noIat, "no-iat", false, "leave out the iat claim")
	fs.StringVar(&f.now, "now", "", "take `TIME` (RFC 3339 or Unix seconds) as the current time")
	fs.BoolVar(&f.json, "json", false, "print one JSON object: token, header and claims")
}

// A signResult is what sign prints with --json.
type signResult struct {
	Token  string          `json:"token"`
	Header json.RawMessage `json:"header"`
	Claims json.RawMessage `json:"claims"`
}

func (a *app) sign(c *command, args []string) error {
	fs := newFlagSet(c)
	var f signFlags
	f.register(fs)
	if _, err := a.parseFlags(fs, c, args, 0); err != nil {
		return err
	}
	if err := checkAlgorithm(f.alg); err != nil {
		return err
	}
	now, err := a.clock(f.now)
	if err != nil {
		return err
	}
	claims, err := a.claims(&f, now)
	if err != nil {
		return err
	}
	signer, err := a.signer(&f)
	if err != nil {
		return err
	}
	var opts []jwt.SignOption
	if f.typ != "" {
		opts = append(opts, jwt.WithHeaderType(f.typ))
	}
	if f.kid != "" {
		opts = append(opts, jwt.WithKeyID(f.kid))
	}
	token, err := jwt.Sign(signer, claims, opts...)
	if err != nil {
		return inputError("%w", err)
	}
	if _, ok := claims["exp"]; !ok {
		fmt.Fprintln(a.stderr, "jwt sign: warning: the token has no exp claim, so it never "+
			"expires, and verifiers refuse it by default; give --exp")
	}
	if !f.json {
		_, err := fmt.Fprintln(a.stdout, token)
		return err
	}
	tok, err := jwt.ParseUnverified(token)
	if err != nil {
		return inputError("%w", err)
	}
	header, _ := tok.Header().MarshalJSON()
	return writeJSON(a.stdout, signResult{Token: token, Header: header, Claims: tok.Payload()})
}

// claims returns the claims of the token: --claims, then the flags.
func (a *app) claims(f *signFlags, now time.Time) (map[string]any, error) {
	c := map[string]any{}
	if f.claims != "" {
		data := []byte(f.claims)
		if name, ok := strings.CutPrefix(f.claims, "@"); ok {
			var err error
			if data, err = a.readInput(name); err != nil {
				return nil, err
			}
		}
		var err error
		if c, err = decodeObject(data); err != nil {
			return nil, inputError("--claims: %w", err)
		}
	}
	if _, ok := c["iat"]; !ok && !f.noIat {
		c["iat"] = now.Unix()
	}
	for _, d := range []struct{ name, value string }{{"exp", f.exp}, {"nbf", f.nbf}} {
		if d.value == "" {
			continue
		}
		t, err := parseWhen(d.value, now)
		if err != nil {
			return nil, usageError("--%s: %w", d.name, err)
		}
		c[d.name] = t.Unix()
	}
	for _, s := range []struct{ name, value string }{
		{"iss", f.iss}, {"sub", f.sub}, {"jti", f.jti},
	} {
		if s.value != "" {
			c[s.name] = s.value
		}
	}
	switch len(f.aud) {
	case 0:
	case 1:
		c["aud"] = f.aud[0]
	default:
		c["aud"] = []string(f.aud)
	}
	return c, nil
}

// signer reads the signing key and binds it to its algorithm.
func (a *app) signer(f *signFlags) (algorithms.Signer, error) {
	data, name, err := a.readKey(f.key)
	if err != nil {
		return nil, err
	}
	in, err := a.parseKey(name, data, f.alg, keyOptions(f.kid, "")...)
	if err != nil {
		return nil, err
	}
	k, err := in.one(f.kid, f.alg)
	if err != nil {
		return nil, err
	}
	alg, err := algorithmFor(k, f.alg)
	if err != nil {
		return nil, err
	}
	s, err := k.Signer(alg)
	if err != nil {
		return nil, inputError("key in %s: %w", name, err)
	}
	return s, nil
}
