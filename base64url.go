package jwt

import (
	"encoding/base64"
	"errors"
)

// errBase64 reports a segment that is not strict unpadded base64url.
var errBase64 = errors.New("invalid base64url")

// invalid marks bytes outside the base64url alphabet in decodeTable.
const invalid = 0xff

// decodeTable maps each byte of the URL-safe alphabet of RFC 4648 §5 to its
// six-bit value and every other byte, padding, CR and LF included, to invalid,
// whose top bits no six-bit value has.
var decodeTable = func() (t [256]byte) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	for i := range t {
		t[i] = invalid
	}
	for i := 0; i < len(alphabet); i++ {
		t[alphabet[i]] = byte(i)
	}
	return t
}()

// decodedLen returns the number of bytes that n base64url characters decode
// to, or -1 when no unpadded encoding has that length.
func decodedLen(n int) int {
	if n%4 == 1 {
		return -1
	}
	return n/4*3 + n%4*3/4
}

// appendDecode appends the bytes encoded by src to dst. It accepts only the
// unpadded URL alphabet, with no whitespace, and rejects an encoding whose
// unused trailing bits are not zero, so that every accepted segment has
// exactly one spelling (RFC 7515 §2 and §C).
func appendDecode(dst []byte, src string) ([]byte, error) {
	if decodedLen(len(src)) < 0 {
		return dst, errBase64
	}
	for len(src) >= 4 {
		a, b := decodeTable[src[0]], decodeTable[src[1]]
		c, d := decodeTable[src[2]], decodeTable[src[3]]
		if (a|b|c|d)&0xc0 != 0 {
			return dst, errBase64
		}
		dst = append(dst, a<<2|b>>4, b<<4|c>>2, c<<6|d)
		src = src[4:]
	}
	switch len(src) {
	case 2:
		a, b := decodeTable[src[0]], decodeTable[src[1]]
		if (a|b)&0xc0 != 0 || b&0x0f != 0 {
			return dst, errBase64
		}
		dst = append(dst, a<<2|b>>4)
	case 3:
		a, b, c := decodeTable[src[0]], decodeTable[src[1]], decodeTable[src[2]]
		if (a|b|c)&0xc0 != 0 || c&0x03 != 0 {
			return dst, errBase64
		}
		dst = append(dst, a<<2|b>>4, b<<4|c>>2)
	}
	return dst, nil
}

// appendEncode appends the unpadded base64url encoding of src to dst.
func appendEncode(dst, src []byte) []byte {
	return base64.RawURLEncoding.AppendEncode(dst, src)
}
