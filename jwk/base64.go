package jwk

import (
	"encoding/base64"
	"errors"
)

var errBase64 = errors.New("not strict unpadded base64url")

// decodeBase64URL decodes s, which must be unpadded base64url with zero
// unused trailing bits (RFC 7515 §2). The standard library's strict
// decoder still skips CR and LF, so the alphabet is checked first.
func decodeBase64URL(s string) ([]byte, error) {
	for i := 0; i < len(s); i++ {
		if !isBase64URL(s[i]) {
			return nil, errBase64
		}
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil {
		return nil, errBase64
	}
	return b, nil
}

func isBase64URL(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' ||
		c == '-' || c == '_'
}

func encodeBase64URL(b []byte) string {
	return base64.RawURLEncoding.EncodeToString(b)
}
