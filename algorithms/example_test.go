package algorithms_test

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/jotgo/jwt/algorithms"
)

func ExampleNewEdDSA() {
	// A fixed seed keeps the example repeatable; real keys come from
	// ed25519.GenerateKey or a key store.
	seed := make([]byte, ed25519.SeedSize)
	signer, err := algorithms.NewEdDSA(ed25519.NewKeyFromSeed(seed))
	if err != nil {
		fmt.Println(err)
		return
	}
	input := []byte("eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhbGljZSJ9")
	sig, err := signer.Sign(input)
	if err != nil {
		fmt.Println(err)
		return
	}
	err = signer.Verifier().Verify(input, sig)
	fmt.Println(signer.Algorithm(), len(sig), err)
	// Output: EdDSA 64 <nil>
}

func ExampleNewHS256() {
	_, err := algorithms.NewHS256([]byte("too short"))
	fmt.Println(errors.Is(err, algorithms.ErrInvalidKey))
	fmt.Println(err)
	// Output:
	// true
	// jwt/algorithms: invalid key: HS256 secret is 9 bytes, want at least 32
}

func ExampleHMAC_Verify() {
	secret := []byte("a secret of at least thirty-two bytes")
	hs, err := algorithms.NewHS256(secret)
	if err != nil {
		fmt.Println(err)
		return
	}
	input := []byte("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9")
	sig, err := hs.Sign(input)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(hs.Verify(input, sig))

	err = hs.Verify(input, sig[:16])
	fmt.Println(errors.Is(err, algorithms.ErrSignature), err)
	// Output:
	// <nil>
	// true jwt/algorithms: signature invalid: got 16 bytes, want 32
}

func ExampleNewCryptoSigner() {
	// Any crypto.Signer will do, such as a KMS or HSM client; a local
	// ECDSA key stands in for one here.
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		fmt.Println(err)
		return
	}
	signer, err := algorithms.NewCryptoSigner(algorithms.ES256, key)
	if err != nil {
		fmt.Println(err)
		return
	}
	input := []byte("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9")
	sig, err := signer.Sign(input)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(sig), signer.Verifier().Verify(input, sig))
	// Output: 64 <nil>
}

func ExampleWithKeyID() {
	hs, err := algorithms.NewHS256([]byte("a secret of at least thirty-two bytes"))
	if err != nil {
		fmt.Println(err)
		return
	}
	signer := algorithms.WithKeyID(hs, "2025-01")
	fmt.Println(signer.Algorithm(), signer.KeyID())
	// Output: HS256 2025-01
}
