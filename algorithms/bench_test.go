package algorithms_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// benchInput is about as long as the signing input of a typical access
// token.
func benchInput() []byte {
	return []byte(strings.Repeat("eyJzdWIiOiJhbGljZSJ9", 12))
}

func BenchmarkVerify(b *testing.B) {
	for _, tc := range allAlgorithms() {
		b.Run(tc.alg, func(b *testing.B) {
			s, _, v := tc.build(b)
			in := benchInput()
			sig, err := s.Sign(in)
			require.NoError(b, err)
			b.ReportAllocs()
			for b.Loop() {
				if err := v.Verify(in, sig); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSign(b *testing.B) {
	for _, tc := range allAlgorithms() {
		b.Run(tc.alg, func(b *testing.B) {
			s, _, _ := tc.build(b)
			in := benchInput()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Sign(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVerifyFloor measures the standard library primitive behind each
// family, called directly with everything prepared in advance, so that
// BenchmarkVerify shows the cost this package adds.
func BenchmarkVerifyFloor(b *testing.B) {
	b.Run("HS256", benchFloorHMAC)
	b.Run("RS256", func(b *testing.B) { benchFloorRSA(b, nil) })
	b.Run("PS256", func(b *testing.B) {
		benchFloorRSA(b, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
	})
	b.Run("ES256", benchFloorECDSA)
	b.Run("EdDSA", benchFloorEdDSA)
}

func benchFloorHMAC(b *testing.B) {
	in := benchInput()
	mac := hmac.New(sha256.New, secret(32))
	mac.Write(in)
	tag := mac.Sum(nil)
	var buf [sha256.Size]byte
	b.ReportAllocs()
	for b.Loop() {
		mac.Reset()
		mac.Write(in)
		if !hmac.Equal(mac.Sum(buf[:0]), tag) {
			b.Fatal("tag mismatch")
		}
	}
}

func benchFloorRSA(b *testing.B, pss *rsa.PSSOptions) {
	key := rsaKey(b, 2048)
	in := benchInput()
	digest := sha256.Sum256(in)
	var sig []byte
	var err error
	if pss != nil {
		sig, err = rsa.SignPSS(rand.Reader, key, crypto.SHA256, digest[:], pss)
	} else {
		sig, err = rsa.SignPKCS1v15(nil, key, crypto.SHA256, digest[:])
	}
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		digest := sha256.Sum256(in)
		if pss != nil {
			err = rsa.VerifyPSS(&key.PublicKey, crypto.SHA256, digest[:], sig, pss)
		} else {
			err = rsa.VerifyPKCS1v15(&key.PublicKey, crypto.SHA256, digest[:], sig)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}

func benchFloorECDSA(b *testing.B) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(b, err)
	in := benchInput()
	digest := sha256.Sum256(in)
	der, err := ecdsa.SignASN1(rand.Reader, key, digest[:])
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		digest := sha256.Sum256(in)
		if !ecdsa.VerifyASN1(&key.PublicKey, digest[:], der) {
			b.Fatal("signature invalid")
		}
	}
}

func benchFloorEdDSA(b *testing.B) {
	key := edKey()
	pub := key.Public().(ed25519.PublicKey)
	in := benchInput()
	sig := ed25519.Sign(key, in)
	b.ReportAllocs()
	for b.Loop() {
		if !ed25519.Verify(pub, in, sig) {
			b.Fatal("signature invalid")
		}
	}
}
