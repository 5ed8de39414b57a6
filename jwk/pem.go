package jwk

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/pem"
)

// A derKind is one of the DER structures that hold a key.
type derKind struct {
	// name says what the structure is, pemType how PEM labels it.
	name    string
	pemType string
	parse   func([]byte) (any, error)
	private bool
}

// derKinds are tried in this order by ParseDER and to name what a PEM
// block holds when its label is wrong.
var derKinds = []derKind{
	{"a PKCS #8 private key", "PRIVATE KEY", x509.ParsePKCS8PrivateKey, true},
	{"a PKCS #1 RSA private key", "RSA PRIVATE KEY", parsePKCS1Private, true},
	{"a SEC 1 EC private key", "EC PRIVATE KEY", parseSEC1, true},
	{"an SPKI public key", "PUBLIC KEY", x509.ParsePKIXPublicKey, false},
	{"a PKCS #1 RSA public key", "RSA PUBLIC KEY", parsePKCS1Public, false},
	{"an X.509 certificate", "CERTIFICATE", parseCertificateKey, false},
}

// ParsePEM parses a key in PEM form: a PKCS #8 ("PRIVATE KEY"), PKCS #1
// ("RSA PRIVATE KEY", "RSA PUBLIC KEY") or SEC 1 ("EC PRIVATE KEY") key,
// an SPKI public key ("PUBLIC KEY"), or the public key of an X.509
// certificate ("CERTIFICATE", the first of a chain). The key gets the
// parameters that opts set, and is checked as [FromPublicKey] and
// [FromPrivateKey] check keys.
//
// Text around the PEM block is ignored, and so is an "EC PARAMETERS"
// block. Input holding two keys, or a key and a certificate, is refused as
// ambiguous. Errors say what the input is and what was expected: they
// match [ErrMalformed] for input that cannot be decoded, [ErrUnsupported]
// for encrypted and OpenSSH keys and other PEM types, and
// [github.com/jotgo/jwt/algorithms.ErrInvalidKey] for an unusable key.
func ParsePEM(data []byte, opts ...KeyOption) (*Key, error) {
	block, err := keyBlock(data)
	if err != nil {
		return nil, err
	}
	kind, err := kindOf(block)
	if err != nil {
		return nil, err
	}
	key, err := kind.parse(block.Bytes)
	if err != nil {
		if other := identify(block.Bytes); other != "" {
			return nil, malformed("PEM block %s does not hold %s: it holds %s",
				quote(block.Type), kind.name, other)
		}
		return nil, malformed("PEM block %s does not hold %s: %v",
			quote(block.Type), kind.name, err)
	}
	return fromParsed(key, kind.private, opts)
}

// keyBlock returns the one PEM block of data that holds a key.
func keyBlock(data []byte) (*pem.Block, error) {
	var key *pem.Block
	rest := data
	for {
		b, r := pem.Decode(rest)
		if b == nil {
			break
		}
		rest = r
		switch {
		case b.Type == "EC PARAMETERS":
		case key == nil:
			key = b
		case key.Type != "CERTIFICATE" || b.Type != "CERTIFICATE":
			return nil, malformed("PEM input holds more than one key (%s and %s)",
				quote(key.Type), quote(b.Type))
		}
	}
	if bytes.Contains(rest, []byte("-----BEGIN")) {
		return nil, malformed("PEM input holds a truncated or damaged block")
	}
	if key == nil {
		return nil, notPEM(data)
	}
	return key, nil
}

func kindOf(b *pem.Block) (derKind, error) {
	if _, ok := b.Headers["Proc-Type"]; ok {
		return derKind{}, unsupported("encrypted PEM block %s: decrypt it first", quote(b.Type))
	}
	for _, k := range derKinds {
		if k.pemType == b.Type {
			return k, nil
		}
	}
	switch b.Type {
	case "ENCRYPTED PRIVATE KEY":
		return derKind{}, unsupported("encrypted PKCS #8 key: decrypt it first, " +
			"for example with openssl pkcs8")
	case "OPENSSH PRIVATE KEY":
		return derKind{}, unsupported("OpenSSH private key: convert it to PKCS #8 " +
			"with ssh-keygen -p -m PKCS8, or use the jwt command, which reads it")
	}
	return derKind{}, unsupported("PEM block %s; want PRIVATE KEY, RSA PRIVATE KEY, "+
		"EC PRIVATE KEY, PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE", quote(b.Type))
}

// notPEM says what data is, when it holds no PEM block.
func notPEM(data []byte) error {
	t := bytes.TrimSpace(data)
	switch {
	case len(t) == 0:
		return malformed("input is empty, not PEM")
	case t[0] == '{':
		return malformed("input is JSON, not PEM: use ParseKey or ParseSet")
	case t[0] == 0x30:
		return malformed("input is binary, not PEM: use ParseDER")
	case bytes.HasPrefix(t, []byte("ssh-")) || bytes.HasPrefix(t, []byte("ecdsa-sha2-")):
		return unsupported("input is an OpenSSH public key, not PEM")
	}
	return malformed("input holds no PEM block")
}

// ParseDER parses a key in DER form, of any kind that [ParsePEM] reads:
// PKCS #8, PKCS #1 or SEC 1 private keys, SPKI or PKCS #1 public keys,
// or an X.509 certificate, whose public key it returns.
func ParseDER(der []byte, opts ...KeyOption) (*Key, error) {
	for _, k := range derKinds {
		if key, err := k.parse(der); err == nil {
			return fromParsed(key, k.private, opts)
		}
	}
	if bytes.HasPrefix(bytes.TrimSpace(der), []byte("-----BEGIN")) {
		return nil, malformed("input is PEM, not DER: use ParsePEM")
	}
	return nil, malformed("DER input is not a PKCS #8, PKCS #1 or SEC 1 private key, " +
		"an SPKI or PKCS #1 public key, or an X.509 certificate")
}

// identify names the structure der holds, for an error about a PEM block
// whose label says otherwise.
func identify(der []byte) string {
	for _, k := range derKinds {
		if _, err := k.parse(der); err == nil {
			return k.name
		}
	}
	return ""
}

func fromParsed(key any, private bool, opts []KeyOption) (*Key, error) {
	if private {
		return FromPrivateKey(key, opts...)
	}
	return FromPublicKey(key, opts...)
}

func parsePKCS1Private(der []byte) (any, error) { return x509.ParsePKCS1PrivateKey(der) }

func parseSEC1(der []byte) (any, error) { return x509.ParseECPrivateKey(der) }

func parsePKCS1Public(der []byte) (any, error) { return x509.ParsePKCS1PublicKey(der) }

func parseCertificateKey(der []byte) (any, error) {
	c, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	var pub crypto.PublicKey = c.PublicKey
	return pub, nil
}
