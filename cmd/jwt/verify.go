package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/algorithms"
	"github.com/jotgo/jwt/jwk"
)

func verifyCommand() *command {
	return &command{
		name: "verify",
		args: "(--key FILE | --key-env NAME | --jwks URL|FILE) [flags] [TOKEN|-]",
		help: `Verify checks a token's signature and claims as a jotgo/jwt Verifier does,
and prints its claims. When the token is invalid it prints the library's
reason on standard error and exits with 1.

The key comes from one of:
  --key FILE       a public or private key: PEM (PKCS #1, PKCS #8, SEC 1,
                   SPKI, X.509 certificate), DER, JWK, JWK Set, OpenSSH
                   (private key or "ssh-ed25519 AAAA..." public key), or an
                   HMAC secret, read byte for byte, with --alg HS*
  --key-env NAME   the same, from an environment variable: for secrets
  --jwks URL|FILE  a JWK Set: a file, or an https URL (http only for
                   localhost), whose key is chosen by the token's kid

The algorithm comes from the key, never from the token: --alg, else the
key's "alg" member, else its type (ES256, ES384 or ES512 by curve, EdDSA
for Ed25519, RS256 for RSA). An HMAC secret needs --alg. In a key set,
keys are chosen as package jwk does, by kid and alg; RSA keys without
"alg" verify RS256, or the --alg given. A single key verifies tokens
whatever their kid; --kid makes it required.

As with the library's defaults, "exp" is required and there is no
leeway unless flags say otherwise.
`,
		examples: `  jwt verify --key public.pem eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOi...
  jwt verify --key-env JWT_SECRET --alg HS256 < token.txt
  jwt verify --jwks https://auth.example/.well-known/jwks.json \
      --iss https://auth.example/ --aud api --leeway 30s < token.txt
  jwt verify --key keys.json --kid 2026-01 --json < token.txt | jq .claims
`,
		run: (*app).verify,
	}
}

type verifyFlags struct {
	key      keyFlags
	jwks     string
	alg      string
	kid      string
	iss      stringList
	aud      stringList
	sub      string
	typ      string
	require  stringList
	leeway   time.Duration
	maxAge   time.Duration
	checkIat bool
	noExp    bool
	now      string
	timeout  time.Duration
	json     bool
}

func (f *verifyFlags) register(fs *flag.FlagSet) {
	f.key.register(fs)
	fs.StringVar(&f.jwks, "jwks", "", "verify with the key set at `URL|FILE`: an https "+
		"URL (http on localhost) or a file; the token's kid chooses the key")
	fs.StringVar(&f.alg, "alg", "", "require the algorithm `ALG`: "+algorithmList)
	fs.StringVar(&f.kid, "kid", "", "accept only tokens whose kid header is `KID`; "+
		"in a key set file, use the key with that kid")
	fs.Var(&f.iss, "iss", "require the iss claim to be `ISSUER` (repeat for any of several)")
	fs.Var(&f.aud, "aud", "require the aud claim to hold `AUDIENCE` (repeat for any of several)")
	fs.StringVar(&f.sub, "sub", "", "require the sub claim to be `SUBJECT`")
	fs.StringVar(&f.typ, "typ", "", "require the typ header to be `TYPE`, such as at+jwt")
	fs.Var(&f.require, "require", "require the claim `NAME` to be present (repeatable)")
	fs.DurationVar(&f.leeway, "leeway", 0, "allow `DURATION` of clock skew on exp, nbf "+
		"and iat, at most 1h")
	fs.DurationVar(&f.maxAge, "max-age", 0, "require iat and refuse tokens issued more than "+
		"`DURATION` ago")
	fs.BoolVar(&f.checkIat, "check-iat", false, "refuse tokens whose iat is in the future")
	fs.BoolVar(&f.noExp, "allow-missing-exp", false, "accept tokens without exp, which "+
		"never expire")
	fs.StringVar(&f.now, "now", "", "verify as if the time were `TIME` (RFC 3339 or Unix seconds)")
	fs.DurationVar(&f.timeout, "timeout", 10*time.Second, "give up fetching --jwks, and "+
		"verifying, after `DURATION`")
	fs.BoolVar(&f.json, "json", false, "print one JSON object: valid, header and claims, "+
		"or valid (false), error, reason and claim")
}

// A verifyResult is what verify prints with --json.
type verifyResult struct {
	Valid  bool            `json:"valid"`
	Header json.RawMessage `json:"header,omitempty"`
	Claims json.RawMessage `json:"claims,omitempty"`
	// Error is the library's error.
	Error string `json:"error,omitempty"`
	// Reason names the error's category, such as "expired" or "signature".
	Reason string `json:"reason,omitempty"`
	// Claim is the claim that failed validation, if one did.
	Claim string `json:"claim,omitempty"`
}

func (a *app) verify(c *command, args []string) error {
	fs := newFlagSet(c)
	var f verifyFlags
	f.register(fs)
	pos, err := a.parseFlags(fs, c, args, 1)
	if err != nil {
		return err
	}
	if err := checkAlgorithm(f.alg); err != nil {
		return err
	}
	if f.timeout <= 0 {
		return usageError("--timeout %s: want a positive duration", f.timeout)
	}
	opts, err := a.verifierOptions(&f)
	if err != nil {
		return err
	}
	keys, closeKeys, err := a.keySource(&f)
	if err != nil {
		return err
	}
	defer closeKeys()
	v, err := jwt.NewVerifier(keys, opts...)
	if err != nil {
		return usageError("%w", err)
	}
	token, err := a.readToken(pos)
	if err != nil {
		return err
	}
	// The timeout starts once the token is read, which a user may take a
	// while to paste: a remote set may fetch again for a new kid.
	ctx, cancel := context.WithTimeout(context.Background(), f.timeout)
	defer cancel()
	tok, err := v.Verify(ctx, token, nil)
	if err != nil {
		return a.refuse(&f, err)
	}
	if f.json {
		header, _ := tok.Header().MarshalJSON()
		return writeJSON(a.stdout, verifyResult{Valid: true, Header: header, Claims: tok.Payload()})
	}
	claims, err := indentJSON(tok.Payload())
	if err != nil {
		return err
	}
	_, err = a.stdout.Write(claims)
	return err
}

// refuse reports the library's error err for an invalid token.
func (a *app) refuse(f *verifyFlags, err error) error {
	if f.json {
		r := verifyResult{Error: err.Error(), Reason: reasonOf(err)}
		var ve *jwt.ValidationError
		if errors.As(err, &ve) {
			r.Claim = ve.Claim
		}
		if werr := writeJSON(a.stdout, r); werr != nil {
			return werr
		}
	}
	return invalidError("invalid token: %w", err)
}

func (a *app) verifierOptions(f *verifyFlags) ([]jwt.VerifierOption, error) {
	clock := a.now
	if f.now != "" {
		t, err := parseTime(f.now)
		if err != nil {
			return nil, usageError("--now: %w", err)
		}
		clock = func() time.Time { return t }
	}
	opts := []jwt.VerifierOption{jwt.WithClock(clock)}
	add := func(ok bool, opt jwt.VerifierOption) {
		if ok {
			opts = append(opts, opt)
		}
	}
	add(len(f.iss) > 0, jwt.WithIssuer(f.iss...))
	add(len(f.aud) > 0, jwt.WithAudience(f.aud...))
	add(f.sub != "", jwt.WithSubject(f.sub))
	add(f.typ != "", jwt.WithType(f.typ))
	add(len(f.require) > 0, jwt.WithRequiredClaims(f.require...))
	add(f.leeway != 0, jwt.WithLeeway(f.leeway))
	add(f.maxAge != 0, jwt.WithMaxAge(f.maxAge))
	add(f.checkIat, jwt.WithIssuedAtCheck())
	add(f.noExp, jwt.AllowMissingExpiration())
	return opts, nil
}

// keySource returns where the verifier finds its key, and a function that
// releases it.
func (a *app) keySource(f *verifyFlags) (jwt.KeySource, func(), error) {
	hasKey := f.key.file != "" || f.key.env != ""
	switch {
	case hasKey && f.jwks != "":
		return nil, nil, usageError("give one of --key, --key-env and --jwks")
	case !hasKey && f.jwks == "":
		return nil, nil, usageError("no key: give --key FILE, --key-env NAME or --jwks URL|FILE")
	}
	if strings.HasPrefix(f.jwks, "https://") || strings.HasPrefix(f.jwks, "http://") {
		rs, err := remoteSet(f)
		if err != nil {
			return nil, nil, err
		}
		return pin(rs, f), func() { rs.Close() }, nil
	}
	src, err := a.fileKeySource(f)
	if err != nil {
		return nil, nil, err
	}
	return pin(src, f), func() {}, nil
}

func (a *app) fileKeySource(f *verifyFlags) (jwt.KeySource, error) {
	var data []byte
	var name string
	var err error
	if f.jwks != "" {
		data, err = a.readInput(f.jwks)
		name = displayName(f.jwks)
	} else {
		data, name, err = a.readKey(f.key)
	}
	if err != nil {
		return nil, err
	}
	in, err := a.parseKey(name, data, f.alg, keyOptions(f.kid, "")...)
	if err != nil {
		return nil, err
	}
	if in.set != nil && f.kid == "" {
		return in.set, nil
	}
	k, err := in.one(f.kid, f.alg)
	if err != nil {
		return nil, err
	}
	v, err := verifierFor(k, f.alg, in.name)
	if err != nil {
		return nil, err
	}
	return jwt.Key(v), nil
}

// verifierFor returns the verifier of k for alg, or for the algorithm that
// keyAlgorithm gives, and RS256 for an RSA key without one.
func verifierFor(k *jwk.Key, alg, name string) (algorithms.Verifier, error) {
	alg, err := algorithmFor(k, alg)
	if err != nil {
		return nil, err
	}
	v, err := k.Verifier(alg)
	if err != nil {
		return nil, inputError("key in %s: %w", name, err)
	}
	return v, nil
}

// algorithmFor returns alg if it is given, else the algorithm of k.
func algorithmFor(k *jwk.Key, alg string) (string, error) {
	switch {
	case alg != "":
		return alg, nil
	case keyAlgorithm(k) != "":
		return keyAlgorithm(k), nil
	case k.KeyType() == "RSA":
		return algorithms.RS256, nil
	}
	return "", usageError("the key is an HMAC secret: give --alg HS256, HS384 or HS512")
}

func remoteSet(f *verifyFlags) (*jwk.RemoteSet, error) {
	opts := []jwk.RemoteOption{jwk.WithFetchTimeout(f.timeout)}
	if isRSA(f.alg) {
		opts = append(opts, jwk.WithSetOptions(jwk.WithRSAAlgorithms(f.alg)))
	}
	rs, err := jwk.NewRemoteSet(f.jwks, opts...)
	if err != nil {
		return nil, usageError("--jwks: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), f.timeout)
	defer cancel()
	if err := rs.Refresh(ctx); err != nil {
		rs.Close()
		return nil, inputError("--jwks: %w", err)
	}
	return rs, nil
}

// pin wraps src so that it refuses tokens whose alg is not --alg or whose
// kid is not --kid, when those flags are given.
func pin(src jwt.KeySource, f *verifyFlags) jwt.KeySource {
	if f.alg == "" && f.kid == "" {
		return src
	}
	return pinned{src: src, alg: f.alg, kid: f.kid}
}

// pinned is a KeySource that refuses headers other than the ones pinned
// before asking src. Its errors repeat nothing from the token.
type pinned struct {
	src      jwt.KeySource
	alg, kid string
}

func (p pinned) VerifierFor(ctx context.Context, h *jwt.Header) (algorithms.Verifier, error) {
	if p.alg != "" && h.Algorithm() != p.alg {
		return nil, fmt.Errorf("%w: alg is not the one given with --alg", jwt.ErrAlgorithm)
	}
	if p.kid != "" && h.KeyID() != p.kid {
		return nil, fmt.Errorf("%w: kid is not the one given with --kid", jwt.ErrKeyNotFound)
	}
	return p.src.VerifierFor(ctx, h)
}

// reasonOf names the category of a verification error, for --json.
func reasonOf(err error) string {
	// Issuer, audience and subject come before the missing claim that
	// they also match when the claim is absent.
	for _, c := range []struct {
		err  error
		name string
	}{
		{jwt.ErrTooLarge, "too_large"}, {jwt.ErrMalformed, "malformed"},
		{jwt.ErrAlgorithm, "algorithm"}, {jwt.ErrKeyNotFound, "key_not_found"},
		{jwt.ErrCritical, "critical"}, {jwt.ErrType, "type"},
		{jwt.ErrSignature, "signature"}, {jwt.ErrExpired, "expired"},
		{jwt.ErrNotYetValid, "not_yet_valid"}, {jwt.ErrIssuedAt, "issued_at"},
		{jwt.ErrIssuer, "issuer"}, {jwt.ErrAudience, "audience"},
		{jwt.ErrSubject, "subject"}, {jwt.ErrInvalidClaim, "invalid_claim"},
		{jwt.ErrMissingClaim, "missing_claim"},
	} {
		if errors.Is(err, c.err) {
			return c.name
		}
	}
	return "other"
}
