package algorithms_test

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt/algorithms"
)

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	for _, tc := range allAlgorithms() {
		t.Run(tc.alg, func(t *testing.T) {
			t.Parallel()
			s, own, pub := tc.build(t)
			assert.Equal(t, tc.alg, s.Algorithm())
			assert.Equal(t, tc.alg, own.Algorithm())
			assert.Equal(t, tc.alg, pub.Algorithm())

			sig, err := s.Sign([]byte(signingInput))
			require.NoError(t, err)
			require.Len(t, sig, tc.sigLen)
			assert.NoError(t, own.Verify([]byte(signingInput), sig))
			assert.NoError(t, pub.Verify([]byte(signingInput), sig))
		})
	}
}

func TestVerifyRefusesTampering(t *testing.T) {
	t.Parallel()
	for _, tc := range allAlgorithms() {
		t.Run(tc.alg, func(t *testing.T) {
			t.Parallel()
			s, _, v := tc.build(t)
			sig, err := s.Sign([]byte(signingInput))
			require.NoError(t, err)
			for name, bad := range tampered([]byte(signingInput), sig) {
				err := v.Verify(bad.input, bad.sig)
				assert.ErrorIs(t, err, algorithms.ErrSignature, name)
			}
		})
	}
}

type input struct{ input, sig []byte }

// tampered returns altered copies of a signed input, each of which must fail.
func tampered(in, sig []byte) map[string]input {
	flip := func(b []byte, i int) []byte {
		b = bytes.Clone(b)
		b[i] ^= 0x01
		return b
	}
	return map[string]input{
		"first input byte":    {flip(in, 0), sig},
		"last input byte":     {flip(in, len(in)-1), sig},
		"empty input":         {nil, sig},
		"first sig byte":      {in, flip(sig, 0)},
		"last sig byte":       {in, flip(sig, len(sig)-1)},
		"nil signature":       {in, nil},
		"empty signature":     {in, []byte{}},
		"one byte short":      {in, sig[:len(sig)-1]},
		"one byte long":       {in, append(bytes.Clone(sig), 0)},
		"doubled signature":   {in, append(bytes.Clone(sig), sig...)},
		"huge signature":      {in, make([]byte, 1<<20)},
		"all zero signature":  {in, make([]byte, len(sig))},
		"all ones signature":  {in, bytes.Repeat([]byte{0xff}, len(sig))},
		"signature as input":  {sig, sig},
		"input and sig empty": {nil, nil},
	}
}

func TestVerifyAcrossAlgorithms(t *testing.T) {
	t.Parallel()
	cases := allAlgorithms()
	sigs := make([][]byte, len(cases))
	verifiers := make([]algorithms.Verifier, len(cases))
	for i, tc := range cases {
		s, _, v := tc.build(t)
		sig, err := s.Sign([]byte(signingInput))
		require.NoError(t, err)
		sigs[i], verifiers[i] = sig, v
	}
	for i, v := range verifiers {
		for j, sig := range sigs {
			if i == j {
				continue
			}
			err := v.Verify([]byte(signingInput), sig)
			assert.ErrorIs(t, err, algorithms.ErrSignature, "%s signature, %s verifier",
				cases[j].alg, cases[i].alg)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	for _, tc := range allAlgorithms() {
		t.Run(tc.alg, func(t *testing.T) {
			t.Parallel()
			s, _, v := tc.build(t)
			var wg sync.WaitGroup
			errs := make(chan error, 8*4)
			for g := range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					in := []byte{byte(g)}
					for range 4 {
						errs <- signAndVerify(s, v, in)
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				assert.NoError(t, err)
			}
		})
	}
}

func signAndVerify(s algorithms.Signer, v algorithms.Verifier, in []byte) error {
	sig, err := s.Sign(in)
	if err != nil {
		return err
	}
	if err := v.Verify(in, sig); err != nil {
		return err
	}
	if v.Verify(append(in, 0), sig) == nil {
		return errors.New("verified a different input")
	}
	return nil
}

func TestZeroValues(t *testing.T) {
	t.Parallel()
	signers := map[string]algorithms.Signer{
		"HMAC":         &algorithms.HMAC{},
		"RSASigner":    &algorithms.RSASigner{},
		"ECDSASigner":  &algorithms.ECDSASigner{},
		"EdDSASigner":  &algorithms.EdDSASigner{},
		"CryptoSigner": &algorithms.CryptoSigner{},
		"nil HMAC":     (*algorithms.HMAC)(nil),
		"nil RSA":      (*algorithms.RSASigner)(nil),
		"nil ECDSA":    (*algorithms.ECDSASigner)(nil),
		"nil EdDSA":    (*algorithms.EdDSASigner)(nil),
		"nil crypto":   (*algorithms.CryptoSigner)(nil),
		"nil keyed":    algorithms.WithKeyID(nil, "k"),
	}
	for name, s := range signers {
		_, err := s.Sign([]byte(signingInput))
		assert.ErrorIs(t, err, algorithms.ErrInvalidKey, name)
	}
	verifiers := map[string]algorithms.Verifier{
		"HMAC":      &algorithms.HMAC{},
		"RSA":       &algorithms.RSAVerifier{},
		"ECDSA":     &algorithms.ECDSAVerifier{},
		"EdDSA":     &algorithms.EdDSAVerifier{},
		"nil HMAC":  (*algorithms.HMAC)(nil),
		"nil RSA":   (*algorithms.RSAVerifier)(nil),
		"nil ECDSA": (*algorithms.ECDSAVerifier)(nil),
		"nil EdDSA": (*algorithms.EdDSAVerifier)(nil),
	}
	for name, v := range verifiers {
		err := v.Verify([]byte(signingInput), make([]byte, 64))
		assert.ErrorIs(t, err, algorithms.ErrInvalidKey, name)
	}
}

func TestWithKeyID(t *testing.T) {
	t.Parallel()
	hs, err := algorithms.NewHS256(secret(32))
	require.NoError(t, err)
	ks := algorithms.WithKeyID(hs, "key-1")
	assert.Equal(t, "key-1", ks.KeyID())
	assert.Equal(t, algorithms.HS256, ks.Algorithm())

	sig, err := ks.Sign([]byte(signingInput))
	require.NoError(t, err)
	assert.NoError(t, hs.Verify([]byte(signingInput), sig))

	cs, ok := ks.(algorithms.ContextSigner)
	require.True(t, ok, "WithKeyID result is a ContextSigner")
	ctxSig, err := cs.SignContext(context.Background(), []byte(signingInput))
	require.NoError(t, err)
	assert.Equal(t, sig, ctxSig)
}

func TestWithKeyIDContext(t *testing.T) {
	t.Parallel()
	hs, err := algorithms.NewHS256(secret(32))
	require.NoError(t, err)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name    string
		signer  algorithms.Signer
		ctx     context.Context
		wantErr error
		calls   int
	}{
		{"plain signer, live", hs, context.Background(), nil, 0},
		{"plain signer, cancelled", hs, cancelled, context.Canceled, 0},
		{"context signer, live", &ctxSigner{}, context.Background(), nil, 1},
		{"context signer, cancelled", &ctxSigner{}, cancelled, context.Canceled, 1},
		{"plain signer, nil context", hs, nil, nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cs := algorithms.WithKeyID(tc.signer, "k").(algorithms.ContextSigner)
			_, err := cs.SignContext(tc.ctx, []byte(signingInput))
			switch {
			case tc.ctx == nil:
				assert.Error(t, err)
			case tc.wantErr != nil:
				assert.ErrorIs(t, err, tc.wantErr)
			default:
				assert.NoError(t, err)
			}
			if c, ok := tc.signer.(*ctxSigner); ok {
				assert.Equal(t, tc.calls, c.calls)
			}
		})
	}
}

// ctxSigner is a ContextSigner that counts the calls to SignContext.
type ctxSigner struct{ calls int }

func (c *ctxSigner) Algorithm() string { return "test" }

func (c *ctxSigner) Sign([]byte) ([]byte, error) { return []byte("sig"), nil }

func (c *ctxSigner) SignContext(ctx context.Context, in []byte) ([]byte, error) {
	c.calls++
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return c.Sign(in)
}
