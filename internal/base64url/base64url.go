// Package base64url encodes and strictly decodes the unpadded URL-safe
// base64 of [RFC 4648] §5, which JOSE uses for every segment of a token and
// every binary member of a key ([RFC 7515] §2).
//
// [AppendDecode] accepts only the 64 characters of the URL alphabet. It
// refuses padding, whitespace, CR and LF (the last two of which
// encoding/base64 skips even in strict mode) and an encoding whose unused
// trailing bits are not zero, so that every accepted string has exactly
// one spelling: two spellings of one signature would let a token pass a
// replay cache twice, and a decoder more lenient than another's would read
// input that the other refuses. Packages jwt and jwk both decode with it,
// so that they accept exactly the same encodings.
//
// The package is internal: its API serves packages jwt and jwk and changes
// with them.
//
// [RFC 4648]: https://www.rfc-editor.org/rfc/rfc4648
// [RFC 7515]: https://www.rfc-editor.org/rfc/rfc7515
package base64url

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
)

// ErrInvalid reports a string that is not strict unpadded base64url. Its
// text has no package prefix: callers wrap it in errors of their own
// package.
var ErrInvalid = errors.New("invalid base64url")

// alphabet is the URL-safe alphabet of RFC 4648 §5: the character for
// each six-bit value.
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// invalid marks bytes outside the base64url alphabet in decodeTable.
const invalid = 0xff

// decodeTable maps each byte of the URL-safe alphabet of RFC 4648 §5 to its
// six-bit value and every other byte, padding, CR and LF included, to invalid,
// whose top bits no six-bit value has.
var decodeTable = func() (t [256]byte) {
	for i := range t {
		t[i] = invalid
	}
	for i := 0; i < len(alphabet); i++ {
		t[alphabet[i]] = byte(i)
	}
	return t
}()

// DecodedLen returns the number of bytes that n base64url characters decode
// to, or -1 when no unpadded encoding has that length.
func DecodedLen(n int) int {
	if n%4 == 1 {
		return -1
	}
	return n/4*3 + n%4*3/4
}

// AppendDecode appends the bytes encoded by src to dst. It accepts only the
// unpadded URL alphabet, with no whitespace, and rejects an encoding whose
// unused trailing bits are not zero, so that every accepted segment has
// exactly one spelling (RFC 7515 §2 and §C). On error it returns
// [ErrInvalid] and dst with part of src's bytes appended.
func AppendDecode(dst []byte, src string) ([]byte, error) {
	if DecodedLen(len(src)) < 0 {
		return dst, ErrInvalid
	}
	// Eight characters make six bytes, written as one eight-byte word of
	// which the last two bytes are overwritten by the next group. The loop
	// stops while four characters remain, so that those two bytes always
	// lie inside the decoded length: nothing is written past it, and a dst
	// with room for exactly the decoded bytes is never reallocated.
	for len(src) >= 12 {
		s := src[:8]
		c0, c1, c2, c3 := decodeTable[s[0]], decodeTable[s[1]], decodeTable[s[2]], decodeTable[s[3]]
		c4, c5, c6, c7 := decodeTable[s[4]], decodeTable[s[5]], decodeTable[s[6]], decodeTable[s[7]]
		if (c0|c1|c2|c3|c4|c5|c6|c7)&0xc0 != 0 {
			return dst, ErrInvalid
		}
		word := uint64(c0)<<58 | uint64(c1)<<52 | uint64(c2)<<46 | uint64(c3)<<40 |
			uint64(c4)<<34 | uint64(c5)<<28 | uint64(c6)<<22 | uint64(c7)<<16
		n := len(dst)
		dst = binary.BigEndian.AppendUint64(dst, word)[:n+6]
		src = src[8:]
	}
	for len(src) >= 4 {
		a, b := decodeTable[src[0]], decodeTable[src[1]]
		c, d := decodeTable[src[2]], decodeTable[src[3]]
		if (a|b|c|d)&0xc0 != 0 {
			return dst, ErrInvalid
		}
		dst = append(dst, a<<2|b>>4, b<<4|c>>2, c<<6|d)
		src = src[4:]
	}
	switch len(src) {
	case 2:
		a, b := decodeTable[src[0]], decodeTable[src[1]]
		if (a|b)&0xc0 != 0 || b&0x0f != 0 {
			return dst, ErrInvalid
		}
		dst = append(dst, a<<2|b>>4)
	case 3:
		a, b, c := decodeTable[src[0]], decodeTable[src[1]], decodeTable[src[2]]
		if (a|b|c)&0xc0 != 0 || c&0x03 != 0 {
			return dst, ErrInvalid
		}
		dst = append(dst, a<<2|b>>4, b<<4|c>>2)
	}
	return dst, nil
}

// AppendEncode appends the unpadded base64url encoding of src to dst.
func AppendEncode(dst, src []byte) []byte {
	// Six bytes make eight characters. Each group is read as an eight-byte
	// word, so the loop leaves the last bytes, fewer than eight, to
	// encoding/base64.
	for len(src) >= 8 {
		word := binary.BigEndian.Uint64(src)
		chars := uint64(alphabet[word>>58])<<56 | uint64(alphabet[word>>52&63])<<48 |
			uint64(alphabet[word>>46&63])<<40 | uint64(alphabet[word>>40&63])<<32 |
			uint64(alphabet[word>>34&63])<<24 | uint64(alphabet[word>>28&63])<<16 |
			uint64(alphabet[word>>22&63])<<8 | uint64(alphabet[word>>16&63])
		dst = binary.BigEndian.AppendUint64(dst, chars)
		src = src[6:]
	}
	return base64.RawURLEncoding.AppendEncode(dst, src)
}
