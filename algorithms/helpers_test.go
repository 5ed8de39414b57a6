package algorithms_test

import (
	"bytes"
)

// signingInput is the input most tests sign: a JWS header and payload.
const signingInput = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9"

// secret returns a fixed HMAC secret of n bytes.
func secret(n int) []byte {
	return bytes.Repeat([]byte{0xa5}, n)
}
