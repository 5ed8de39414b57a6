package jwk_test

import (
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt/algorithms"
	"github.com/jotgo/jwt/jwk"
)

func pemBlock(typ string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}

// derOf returns a function that returns the DER a marshaling function
// gives, and fails t on error.
func derOf(t testing.TB) func([]byte, error) []byte {
	return func(der []byte, err error) []byte {
		t.Helper()
		require.NoError(t, err)
		return der
	}
}

// selfSigned returns a self-signed certificate for key.
func selfSigned(t testing.TB, key crypto.Signer) []byte {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "jwk test"},
		NotBefore:    testNow,
		NotAfter:     testNow.Add(time.Hour),
	}
	return derOf(t)(x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key))
}

// TestParsePEM reads every supported PEM form, and the same DER with
// ParseDER.
func TestParsePEM(t *testing.T) {
	t.Parallel()
	der := derOf(t)
	keys := goKeys(t)
	rsaKey, ecKey := keys["RSA"].(*rsa.PrivateKey), keys["P-256"].(*ecdsa.PrivateKey)
	edKey := keys["Ed25519"]
	pkcs8 := func(k any) []byte { return der(x509.MarshalPKCS8PrivateKey(k)) }
	spki := func(k any) []byte { return der(x509.MarshalPKIXPublicKey(k)) }
	tests := []struct {
		name, typ string
		der       []byte
		key       crypto.Signer
		private   bool
	}{
		{"PKCS #8 RSA", "PRIVATE KEY", pkcs8(rsaKey), rsaKey, true},
		{"PKCS #8 EC", "PRIVATE KEY", pkcs8(ecKey), ecKey, true},
		{"PKCS #8 Ed25519", "PRIVATE KEY", pkcs8(edKey), edKey, true},
		{"PKCS #1 private", "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rsaKey), rsaKey, true},
		{"SEC 1", "EC PRIVATE KEY", der(x509.MarshalECPrivateKey(ecKey)), ecKey, true},
		{"SPKI RSA", "PUBLIC KEY", spki(&rsaKey.PublicKey), rsaKey, false},
		{"SPKI EC", "PUBLIC KEY", spki(&ecKey.PublicKey), ecKey, false},
		{"SPKI Ed25519", "PUBLIC KEY", spki(edKey.Public()), edKey, false},
		{"PKCS #1 public", "RSA PUBLIC KEY", x509.MarshalPKCS1PublicKey(&rsaKey.PublicKey),
			rsaKey, false},
		{"certificate", "CERTIFICATE", selfSigned(t, ecKey), ecKey, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := append([]byte("a comment before the block\n"), pemBlock(tc.typ, tc.der)...)
			k, err := jwk.ParsePEM(data, jwk.WithKeyID("k1"))
			require.NoError(t, err)
			assert.Equal(t, "k1", k.KeyID())
			assert.Equal(t, tc.private, k.IsPrivate())
			pub := tc.key.Public().(interface{ Equal(crypto.PublicKey) bool })
			assert.True(t, pub.Equal(k.PublicKey()))

			k, err = jwk.ParseDER(tc.der)
			require.NoError(t, err)
			assert.Equal(t, tc.private, k.IsPrivate())
			assert.True(t, pub.Equal(k.PublicKey()))
		})
	}
}

// TestParsePEMFiles checks files of several blocks: openssl's EC
// PARAMETERS block and certificate chains are accepted, and a file with
// two keys is refused.
func TestParsePEMFiles(t *testing.T) {
	t.Parallel()
	der := derOf(t)
	keys := goKeys(t)
	ecKey, edKey := keys["P-256"].(*ecdsa.PrivateKey), keys["Ed25519"]
	sec1 := pemBlock("EC PRIVATE KEY", der(x509.MarshalECPrivateKey(ecKey)))
	params := pemBlock("EC PARAMETERS", []byte{0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 3, 1, 7})
	leaf := pemBlock("CERTIFICATE", selfSigned(t, ecKey))
	other := pemBlock("CERTIFICATE", selfSigned(t, edKey))
	edPKCS8 := pemBlock("PRIVATE KEY", der(x509.MarshalPKCS8PrivateKey(edKey)))

	k, err := jwk.ParsePEM(append(params, sec1...))
	require.NoError(t, err)
	assert.True(t, ecKey.Equal(k.PrivateKey()))

	k, err = jwk.ParsePEM(append(append([]byte{}, leaf...), other...))
	require.NoError(t, err)
	assert.True(t, ecKey.PublicKey.Equal(k.PublicKey()), "the leaf comes first")

	for _, data := range [][]byte{
		append(append([]byte{}, sec1...), edPKCS8...),
		append(append([]byte{}, leaf...), edPKCS8...),
		append(append([]byte{}, edPKCS8...), leaf...),
	} {
		_, err := jwk.ParsePEM(data)
		assert.ErrorIs(t, err, jwk.ErrMalformed)
		assert.ErrorContains(t, err, "more than one key")
	}
}

// TestParsePEMRefused checks that errors say what the input is.
func TestParsePEMRefused(t *testing.T) {
	t.Parallel()
	der := derOf(t)
	keys := goKeys(t)
	pkcs8 := der(x509.MarshalPKCS8PrivateKey(keys["P-256"]))
	x25519, err := ecdh.X25519().GenerateKey(rand.Reader)
	require.NoError(t, err)
	rsa1024, err := rsa.GenerateKey(rand.Reader, 1024)
	require.NoError(t, err)
	truncated := pemBlock("PRIVATE KEY", pkcs8)
	truncated = truncated[:len(truncated)-30]
	encrypted := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY",
		Headers: map[string]string{"Proc-Type": "4,ENCRYPTED"}, Bytes: []byte{1}})
	tests := []struct {
		name string
		in   []byte
		err  error
		says string
	}{
		{"empty", nil, jwk.ErrMalformed, "empty"},
		{"JWK", []byte(`{"kty":"oct","k":"AAAA"}`), jwk.ErrMalformed, "ParseKey"},
		{"DER", pkcs8, jwk.ErrMalformed, "ParseDER"},
		{"text", []byte("hello"), jwk.ErrMalformed, "no PEM block"},
		{"OpenSSH public key", []byte("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA user@host"),
			jwk.ErrUnsupported, "OpenSSH"},
		{"OpenSSH private key", pemBlock("OPENSSH PRIVATE KEY", []byte{1}),
			jwk.ErrUnsupported, "ssh-keygen"},
		{"encrypted PKCS #8", pemBlock("ENCRYPTED PRIVATE KEY", []byte{1}),
			jwk.ErrUnsupported, "decrypt"},
		{"legacy encrypted PEM", encrypted, jwk.ErrUnsupported, "decrypt"},
		{"DSA", pemBlock("DSA PRIVATE KEY", []byte{1}), jwk.ErrUnsupported, "want PRIVATE KEY"},
		{"PKCS #8 labelled PKCS #1", pemBlock("RSA PRIVATE KEY", pkcs8),
			jwk.ErrMalformed, "RSA private key: it holds a PKCS #8 private key"},
		{"garbage in a block", pemBlock("PUBLIC KEY", []byte("garbage")),
			jwk.ErrMalformed, "does not hold an SPKI public key"},
		{"truncated block", truncated, jwk.ErrMalformed, "truncated"},
		{"X25519", pemBlock("PRIVATE KEY", der(x509.MarshalPKCS8PrivateKey(x25519))),
			jwk.ErrUnsupported, "unsupported"},
		{"RSA 1024", pemBlock("PRIVATE KEY", der(x509.MarshalPKCS8PrivateKey(rsa1024))),
			algorithms.ErrInvalidKey, "1024"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k, err := jwk.ParsePEM(tc.in)
			require.ErrorIs(t, err, tc.err)
			assert.ErrorContains(t, err, tc.says)
			assert.Nil(t, k)
		})
	}
}

func TestParseDERRefused(t *testing.T) {
	t.Parallel()
	der := derOf(t)
	pub := der(x509.MarshalPKIXPublicKey(ed25519.PublicKey(make([]byte, 32))))
	tests := []struct {
		name string
		in   []byte
		says string
	}{
		{"empty", nil, "not a PKCS #8"},
		{"garbage", []byte{0x30, 0x03, 0x02, 0x01, 0x01}, "not a PKCS #8"},
		{"PEM", pemBlock("PUBLIC KEY", pub), "ParsePEM"},
		{"truncated", pub[:len(pub)-1], "not a PKCS #8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k, err := jwk.ParseDER(tc.in)
			require.ErrorIs(t, err, jwk.ErrMalformed)
			assert.ErrorContains(t, err, tc.says)
			assert.Nil(t, k)
		})
	}
}
