package bench_test

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/asn1"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Every benchmark below works on the typical access token of libs_test.go
// with the keys of testdata/. BenchmarkVerify verifies one token, made by
// github.com/jotgo/jwt, with every library; BenchmarkSign signs the same
// claims with every library; BenchmarkFloor measures, in the same run, the
// floors as the performance issue defines them: for HS256, one hmac.New,
// the MAC and base64url (a library that keeps a keyed HMAC can go below
// it); for the others, the standard library's sign or verify call alone,
// without the base64url that every library must do. U is
// encoding/json decoding the custom claims alone. BenchmarkOverhead times
// each library and the floor in the same iterations, for the nanoseconds
// a library spends above the floor, and BenchmarkOverheadAlike does so for
// jotgo against floors made of the same parts for every algorithm. run.sh
// runs them and computes the ratios.

func benchSetup(b *testing.B, alg string) (keyPair, string) {
	b.Helper()
	keys, err := loadKeys()
	require.NoError(b, err)
	token, err := libraries[0].sign(alg, keys[alg])(time.Now())
	require.NoError(b, err)
	return keys[alg], token
}

func BenchmarkVerify(b *testing.B) {
	for _, alg := range algs {
		for _, lib := range libraries {
			b.Run(alg+"/"+lib.name, func(b *testing.B) {
				k, token := benchSetup(b, alg)
				verify := lib.verify(alg, k)
				b.ReportAllocs()
				for b.Loop() {
					if _, err := verify(token); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkSign(b *testing.B) {
	for _, alg := range algs {
		for _, lib := range libraries {
			b.Run(alg+"/"+lib.name, func(b *testing.B) {
				k, _ := benchSetup(b, alg)
				sign := lib.sign(alg, k)
				now := time.Now()
				b.ReportAllocs()
				for b.Loop() {
					if _, err := sign(now); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkOverhead measures each library's overhead, its time minus the
// floor's, on one algorithm and operation. Measured apart, a primitive of
// 25 µs drifts on a shared machine by more than the microsecond or so
// looked for; here each iteration runs the library and the floor, in
// turns first, times each with the monotonic clock and keeps the
// difference. The benchmark reports the median difference as
// overhead-ns/op (see runPaired), which the interrupts landing in one
// half or the other do not move; ns/op is the two together. A median
// also leaves out the occasional iteration in which a library pays for
// the garbage collection its own allocations cause, so it understates
// the cost of libraries that allocate much: the subtraction of medians
// in results/latest.md's per-operation tables counts them.
//
// RSA signing is left out. At 0.7 ms a signature, the same code gave
// differences from 0 to 43 µs depending only on how the benchmark set up
// its values before the loop (building the signer in the sub-benchmark or
// before it, one allocation more or less), an effect of where crypto/rsa's
// values land in memory that is far larger than any library's overhead
// and was not pinned down further.
func BenchmarkOverhead(b *testing.B) {
	for _, alg := range algs {
		for _, lib := range libraries {
			benchOverhead(b, lib, alg, floorVerify, floorSign)
		}
	}
}

// BenchmarkOverheadAlike is BenchmarkOverhead for jotgo against floors
// made of the same parts for every algorithm: base64url decoding of the
// payload and the signature and the primitive to verify; the primitive
// and base64url encoding of the three segments into a token to sign; for
// HS256 an HMAC keyed once and reset, as a library keeps it, instead of
// hmac.New; for ES256 the conversion between JOSE's R||S and the ASN.1 of
// crypto/ecdsa, written by hand into a buffer kept between calls.
// BenchmarkFloor's floors differ from one family to the other: the HS256
// floors do the base64url work and key a new HMAC each time, the others
// are the bare primitive.
func BenchmarkOverheadAlike(b *testing.B) {
	for _, alg := range algs {
		benchOverhead(b, libraries[0], alg, floorVerifyAlike, floorSignAlike)
	}
}

// benchOverhead runs lib's verification and, but for RSA (see
// BenchmarkOverhead), its signing of alg, each paired with the floor that
// verifyFloor or signFloor returns.
func benchOverhead(b *testing.B, lib library, alg string,
	verifyFloor, signFloor func(alg string, k keyPair, token string) func() error) {
	b.Run("Verify/"+alg+"/"+lib.name, func(b *testing.B) {
		k, token := benchSetup(b, alg)
		verify := lib.verify(alg, k)
		library := func() error {
			_, err := verify(token)
			return err
		}
		runPaired(b, library, verifyFloor(alg, k, token))
	})
	if alg == "RS256" || alg == "PS256" {
		return
	}
	b.Run("Sign/"+alg+"/"+lib.name, func(b *testing.B) {
		k, token := benchSetup(b, alg)
		sign := lib.sign(alg, k)
		now := time.Now()
		library := func() error {
			_, err := sign(now)
			return err
		}
		runPaired(b, library, signFloor(alg, k, token))
	})
}

// floorVerifyAlike decodes the payload and the signature of token and
// verifies the signature with the standard library: for HS256 with an
// HMAC keyed once, for ES256 after writing the R||S signature as the ASN.1
// that crypto/ecdsa takes.
func floorVerifyAlike(alg string, k keyPair, token string) func() error {
	dot := strings.LastIndexByte(token, '.')
	input := []byte(token[:dot])
	payload := token[strings.IndexByte(token, '.')+1 : dot]
	enc := base64.RawURLEncoding
	var verify func(sig []byte) bool
	switch alg {
	case "HS256":
		mac := hmac.New(sha256.New, k.private.([]byte))
		var sum [sha256.Size]byte
		verify = func(sig []byte) bool {
			mac.Reset()
			mac.Write(input)
			return hmac.Equal(mac.Sum(sum[:0]), sig)
		}
	case "RS256", "PS256":
		pub := k.public.(*rsa.PublicKey)
		opts := &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: crypto.SHA256}
		verify = func(sig []byte) bool {
			d := sha256.Sum256(input)
			if alg == "PS256" {
				return rsa.VerifyPSS(pub, crypto.SHA256, d[:], sig, opts) == nil
			}
			return rsa.VerifyPKCS1v15(pub, crypto.SHA256, d[:], sig) == nil
		}
	case "ES256":
		der := make([]byte, 0, 72)
		verify = func(sig []byte) bool {
			d := sha256.Sum256(input)
			der = appendDER(der[:0], sig)
			return ecdsa.VerifyASN1(k.public.(*ecdsa.PublicKey), d[:], der)
		}
	default:
		verify = func(sig []byte) bool {
			return ed25519.Verify(k.public.(ed25519.PublicKey), input, sig)
		}
	}
	return func() error {
		if _, err := enc.DecodeString(payload); err != nil {
			return err
		}
		sig, err := enc.DecodeString(token[dot+1:])
		if err != nil {
			return err
		}
		if !verify(sig) {
			return errFloor
		}
		return nil
	}
}

// floorSignAlike signs the signing input of token with the standard
// library and encodes the header, the payload (JSON already) and the
// signature into a token string: for HS256 with an HMAC keyed once, for
// ES256 after turning crypto/ecdsa's ASN.1 into R||S.
func floorSignAlike(alg string, k keyPair, token string) func() error {
	enc := base64.RawURLEncoding
	header, _ := enc.DecodeString(token[:strings.IndexByte(token, '.')])
	dot := strings.LastIndexByte(token, '.')
	payload, _ := enc.DecodeString(token[strings.IndexByte(token, '.')+1 : dot])
	var sign func(input []byte) ([]byte, error)
	switch alg {
	case "HS256":
		mac := hmac.New(sha256.New, k.private.([]byte))
		var sum [sha256.Size]byte
		sign = func(input []byte) ([]byte, error) {
			mac.Reset()
			mac.Write(input)
			return mac.Sum(sum[:0]), nil
		}
	case "ES256":
		var rs [64]byte
		sign = func(input []byte) ([]byte, error) {
			d := sha256.Sum256(input)
			der, err := ecdsa.SignASN1(rand.Reader, k.private.(*ecdsa.PrivateKey), d[:])
			if err != nil {
				return nil, err
			}
			if !rawSignature(&rs, der) {
				return nil, errFloor
			}
			return rs[:], nil
		}
	default:
		sign = func(input []byte) ([]byte, error) {
			return ed25519.Sign(k.private.(ed25519.PrivateKey), input), nil
		}
	}
	return func() error {
		buf := make([]byte, 0, len(token)+64)
		buf = enc.AppendEncode(buf, header)
		buf = append(buf, '.')
		buf = enc.AppendEncode(buf, payload)
		sig, err := sign(buf)
		if err != nil {
			return err
		}
		floorToken = string(enc.AppendEncode(append(buf, '.'), sig))
		return nil
	}
}

// appendDER writes a P-256 R||S signature as the ASN.1 SEQUENCE of two
// INTEGERs that crypto/ecdsa verifies.
func appendDER(b, rs []byte) []byte {
	integer := func(b, v []byte) []byte {
		for len(v) > 1 && v[0] == 0 {
			v = v[1:]
		}
		if v[0]&0x80 != 0 {
			return append(append(b, 0x02, byte(len(v)+1), 0), v...)
		}
		return append(append(b, 0x02, byte(len(v))), v...)
	}
	b = append(b, 0x30, 0)
	b = integer(integer(b, rs[:32]), rs[32:])
	b[1] = byte(len(b) - 2)
	return b
}

// rawSignature writes crypto/ecdsa's ASN.1 signature on P-256 as the
// fixed-width R||S of JWS into rs, and reports whether der had the
// expected form.
func rawSignature(rs *[64]byte, der []byte) bool {
	if len(der) < 2 || der[0] != 0x30 || int(der[1]) != len(der)-2 {
		return false
	}
	der = der[2:]
	for half := 0; half < 2; half++ {
		if len(der) < 2 || der[0] != 0x02 || int(der[1]) > len(der)-2 {
			return false
		}
		v := der[2 : 2+int(der[1])]
		der = der[2+len(v):]
		for len(v) > 32 && v[0] == 0 {
			v = v[1:]
		}
		if len(v) > 32 {
			return false
		}
		out := rs[32*half : 32*half+32]
		clear(out[:32-len(v)])
		copy(out[32-len(v):], v)
	}
	return len(der) == 0
}

// runPaired runs library and floor once each per iteration, taking turns
// at going first, and reports the library's time minus the floor's: the
// median of the differences in the iterations where the library went
// first and the median of those where it went second, averaged, so that
// an advantage of going first or second cancels out.
func runPaired(b *testing.B, library, floor func() error) {
	require.NoError(b, library())
	require.NoError(b, floor())
	var diffs [2]histogram // [0]: library first, [1]: floor first
	order := 0
	for b.Loop() {
		first, second := library, floor
		if order == 1 {
			first, second = floor, library
		}
		t0 := time.Now()
		err1 := first()
		t1 := time.Now()
		err2 := second()
		t2 := time.Now()
		if err1 != nil || err2 != nil {
			b.Fatal(err1, err2)
		}
		d := t1.Sub(t0) - t2.Sub(t1)
		if order == 1 {
			d = -d
		}
		diffs[order].add(d)
		order = 1 - order
	}
	b.ReportMetric((diffs[0].median()+diffs[1].median())/2, "overhead-ns/op")
}

// histogram counts durations in buckets of bucketWidth from -maxDiff to
// maxDiff, those beyond in the end buckets, to find their median without
// keeping each one.
type histogram struct {
	counts [2*maxDiff/bucketWidth + 1]uint32
	n      int
}

const (
	bucketWidth = 10 * time.Nanosecond
	maxDiff     = 100 * time.Microsecond
)

func (h *histogram) add(d time.Duration) {
	d = min(max(d, -maxDiff), maxDiff)
	h.counts[(d+maxDiff)/bucketWidth]++
	h.n++
}

// median returns the middle of the bucket that holds the median, in
// nanoseconds.
func (h *histogram) median() float64 {
	seen := 0
	for i, c := range h.counts {
		seen += int(c)
		if 2*seen >= h.n {
			mid := time.Duration(i)*bucketWidth - maxDiff + bucketWidth/2
			return float64(mid.Nanoseconds())
		}
	}
	return 0
}

func BenchmarkFloor(b *testing.B) {
	for _, alg := range algs {
		b.Run("Verify/"+alg, func(b *testing.B) {
			k, token := benchSetup(b, alg)
			runFloor(b, floorVerify(alg, k, token))
		})
		b.Run("Sign/"+alg, func(b *testing.B) {
			k, token := benchSetup(b, alg)
			runFloor(b, floorSign(alg, k, token))
		})
	}
	b.Run("U", func(b *testing.B) {
		runFloor(b, customDecoder(b))
	})
	// The verify floor and U one after the other, in each iteration: what
	// the two cost together when they do not each have the core's caches
	// and branch predictors to themselves, as they do when measured apart.
	for _, alg := range algs {
		b.Run("VerifyThenU/"+alg, func(b *testing.B) {
			k, token := benchSetup(b, alg)
			verify, u := floorVerify(alg, k, token), customDecoder(b)
			runFloor(b, func() error {
				if err := verify(); err != nil {
					return err
				}
				return u()
			})
		})
	}
}

// customDecoder returns U: encoding/json decoding the custom claims alone.
func customDecoder(b *testing.B) func() error {
	custom, err := json.Marshal(customClaims{scope, roles})
	require.NoError(b, err)
	return func() error {
		var c customClaims
		return json.Unmarshal(custom, &c)
	}
}

// customClaims are the claims of the typical token that no library reads
// for itself.
type customClaims struct {
	Scope string   `json:"scope"`
	Roles []string `json:"roles"`
}

func runFloor(b *testing.B, f func() error) {
	require.NoError(b, f())
	b.ReportAllocs()
	for b.Loop() {
		if err := f(); err != nil {
			b.Fatal(err)
		}
	}
}

var errFloor = errors.New("floor: signature invalid")

// floorVerify verifies token with the standard library alone.
func floorVerify(alg string, k keyPair, token string) func() error {
	dot := strings.LastIndexByte(token, '.')
	input := []byte(token[:dot])
	payload := token[strings.IndexByte(token, '.')+1 : dot]
	enc := base64.RawURLEncoding
	sig, _ := enc.DecodeString(token[dot+1:])
	switch alg {
	case "HS256":
		return func() error {
			if _, err := enc.DecodeString(payload); err != nil {
				return err
			}
			tag, err := enc.DecodeString(token[dot+1:])
			if err != nil {
				return err
			}
			mac := hmac.New(sha256.New, k.private.([]byte))
			mac.Write(input)
			if !hmac.Equal(mac.Sum(nil), tag) {
				return errFloor
			}
			return nil
		}
	case "RS256":
		return func() error {
			d := sha256.Sum256(input)
			return rsa.VerifyPKCS1v15(k.public.(*rsa.PublicKey), crypto.SHA256, d[:], sig)
		}
	case "PS256":
		opts := &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: crypto.SHA256}
		return func() error {
			d := sha256.Sum256(input)
			return rsa.VerifyPSS(k.public.(*rsa.PublicKey), crypto.SHA256, d[:], sig, opts)
		}
	case "ES256":
		der := appendDER(nil, sig)
		return func() error {
			d := sha256.Sum256(input)
			if !ecdsa.VerifyASN1(k.public.(*ecdsa.PublicKey), d[:], der) {
				return errFloor
			}
			return nil
		}
	}
	return func() error {
		if !ed25519.Verify(k.public.(ed25519.PublicKey), input, sig) {
			return errFloor
		}
		return nil
	}
}

// floorToken keeps the compiler from dropping the HS256 sign floor's
// result.
var floorToken string

// floorSign signs the signing input of token with the standard library
// alone; for HS256 it also encodes the header and the payload (JSON
// already) and the MAC, and makes the token string.
func floorSign(alg string, k keyPair, token string) func() error {
	dot := strings.LastIndexByte(token, '.')
	input := []byte(token[:dot])
	enc := base64.RawURLEncoding
	header, _ := enc.DecodeString(token[:strings.IndexByte(token, '.')])
	payload, _ := enc.DecodeString(token[strings.IndexByte(token, '.')+1 : dot])
	var err error
	switch alg {
	case "HS256":
		return func() error {
			buf := make([]byte, 0, len(token))
			buf = enc.AppendEncode(buf, header)
			buf = append(buf, '.')
			buf = enc.AppendEncode(buf, payload)
			mac := hmac.New(sha256.New, k.private.([]byte))
			mac.Write(buf)
			floorToken = string(enc.AppendEncode(append(buf, '.'), mac.Sum(nil)))
			return nil
		}
	case "RS256", "PS256":
		key := k.private.(*rsa.PrivateKey)
		return func() error {
			d := sha256.Sum256(input)
			if alg == "PS256" {
				opts := &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash}
				_, err = rsa.SignPSS(rand.Reader, key, crypto.SHA256, d[:], opts)
			} else {
				_, err = rsa.SignPKCS1v15(nil, key, crypto.SHA256, d[:])
			}
			return err
		}
	case "ES256":
		return func() error {
			d := sha256.Sum256(input)
			_, err = ecdsa.SignASN1(rand.Reader, k.private.(*ecdsa.PrivateKey), d[:])
			return err
		}
	}
	return func() error {
		ed25519.Sign(k.private.(ed25519.PrivateKey), input)
		return nil
	}
}

// TestHistogramMedian checks the median that BenchmarkOverhead reports,
// with durations past both ends.
func TestHistogramMedian(t *testing.T) {
	var h histogram
	for _, ns := range []time.Duration{-time.Second, 700, 703, 1400, 1401, 1402, time.Hour} {
		h.add(ns * time.Nanosecond)
	}
	require.Equal(t, 1405.0, h.median())
	h.add(-time.Hour)
	h.add(-time.Hour)
	require.Equal(t, 705.0, h.median())
	h = histogram{}
	h.add(-time.Hour)
	require.Equal(t, -99_995.0, h.median())
}

// TestFloorsAlike checks that the floors of BenchmarkOverheadAlike do the
// work they stand for: the verify floor accepts the token and refuses it
// with another signature, and the sign floor makes a token that jotgo
// verifies.
func TestFloorsAlike(t *testing.T) {
	keys, err := loadKeys()
	require.NoError(t, err)
	for _, alg := range algs {
		k := keys[alg]
		token, err := libraries[0].sign(alg, k)(time.Now())
		require.NoError(t, err)
		require.NoError(t, floorVerifyAlike(alg, k, token)(), alg)
		other, err := libraries[1].sign(alg, k)(time.Now().Add(time.Second))
		require.NoError(t, err)
		input := token[:strings.LastIndexByte(token, '.')]
		forged := input + other[strings.LastIndexByte(other, '.'):]
		require.Error(t, floorVerifyAlike(alg, k, forged)(), alg)
		if alg == "RS256" || alg == "PS256" {
			continue
		}
		require.NoError(t, floorSignAlike(alg, k, token)(), alg)
		_, err = libraries[0].verify(alg, k)(floorToken)
		require.NoError(t, err, alg)
	}
}

// TestDERConversions checks the floors' hand-written conversions between
// R||S and ASN.1 against encoding/asn1, on values with leading zeros and
// with the top bit set.
func TestDERConversions(t *testing.T) {
	for _, rs := range [][]byte{
		append(bytes.Repeat([]byte{0xff}, 32), bytes.Repeat([]byte{0x01}, 32)...),
		append(append(make([]byte, 31), 0x7f), append([]byte{0, 0x80}, make([]byte, 30)...)...),
		append(append(make([]byte, 20), bytes.Repeat([]byte{0x80}, 12)...),
			bytes.Repeat([]byte{0x42}, 32)...),
	} {
		want, err := asn1.Marshal(struct{ R, S *big.Int }{
			new(big.Int).SetBytes(rs[:32]), new(big.Int).SetBytes(rs[32:]),
		})
		require.NoError(t, err)
		der := appendDER(nil, rs)
		require.Equal(t, want, der)
		var back [64]byte
		require.True(t, rawSignature(&back, der))
		require.Equal(t, rs, back[:])
	}
	var rs [64]byte
	require.False(t, rawSignature(&rs, []byte{0x30, 0x03, 0x02, 0x01}))
}
