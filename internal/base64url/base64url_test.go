package base64url_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt/internal/base64url"
)

func TestAppendDecode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want string
		ok   bool
	}{
		{"empty", "", "", true},
		{"two chars", "YQ", "a", true},
		{"three chars", "YWI", "ab", true},
		{"four chars", "YWJj", "abc", true},
		{"URL alphabet", "-_-_", "\xfb\xff\xbf", true},
		{"twenty-two chars", "YWJjZGVmZ2hpamtsbW5vcA", "abcdefghijklmnop", true},
		{"newline after a group", "YWJjZ\nVmZ2hp", "", false},
		{"plus in the last group", "YWJjZGVmZ2h+", "", false},
		{"padding after groups", "YWJjZGVmZ2hpag==", "", false},
		{"one char", "Y", "", false},
		{"five chars", "YWJjZ", "", false},
		{"padding", "YQ==", "", false},
		{"padding one", "YWI=", "", false},
		{"plus", "+/+/", "", false},
		{"newline", "YW\nJj", "", false},
		{"carriage return", "YWJj\r", "", false},
		{"space", "YW Jj", "", false},
		{"tab", "\tYWJj", "", false},
		{"dot", "YW.j", "", false},
		{"non-ASCII", "YWJ\xc3", "", false},
		{"NUL", "YWJ\x00", "", false},
		{"trailing bits after two", "YR", "", false},
		{"trailing bits after three", "YWJ", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := base64url.AppendDecode(nil, tc.in)
			if !tc.ok {
				require.ErrorIs(t, err, base64url.ErrInvalid)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(got))
		})
	}
}

// FuzzBase64URL checks the strict decoder against encoding/base64: both
// accept the same inputs, except that encoding/base64 skips CR and LF and
// this decoder does not, and every accepted input re-encodes to itself, so
// that a segment has exactly one spelling.
func FuzzBase64URL(f *testing.F) {
	for _, seed := range []string{"", "YQ", "YR", "YWI", "YWJj", "-_8", "YQ==", "YW\nJj", "+/",
		"eyJhbGciOiJIUzI1NiJ9", "eyJhbGciOiJI\nzI1NiJ9", "eyJhbGciOiJIUzI1NiJ9+",
		"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", "eyJhbGciOiJIUzI1NiIsInR5cC=6IkpXVCJ9"} {
		f.Add(seed)
	}
	strict := base64.RawURLEncoding.Strict()
	f.Fuzz(func(t *testing.T, in string) {
		got, err := base64url.AppendDecode(nil, in)
		if strings.ContainsAny(in, "\r\n") {
			require.Error(t, err)
			return
		}
		want, stdErr := strict.DecodeString(in)
		if stdErr != nil {
			require.Error(t, err)
			return
		}
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got))
		assert.Equal(t, in, string(base64url.AppendEncode(nil, got)))
		assert.Equal(t, len(got), base64url.DecodedLen(len(in)))
	})
}

// TestAppendDecodeEveryPosition puts each kind of refused byte at each
// position of encodings long enough for the eight-character loop, and
// checks that every one is refused.
func TestAppendDecodeEveryPosition(t *testing.T) {
	t.Parallel()
	for _, n := range []int{9, 12, 16, 47} {
		valid := base64.RawURLEncoding.EncodeToString([]byte(strings.Repeat("\xfbjot", n)[:n]))
		got, err := base64url.AppendDecode(nil, valid)
		require.NoError(t, err)
		require.Equal(t, strings.Repeat("\xfbjot", n)[:n], string(got))
		for i := range valid {
			for _, bad := range []byte{'=', '+', '/', '\n', '\r', ' ', '.', 0, 0x80, 0xff} {
				in := valid[:i] + string(bad) + valid[i+1:]
				_, err := base64url.AppendDecode(nil, in)
				require.ErrorIs(t, err, base64url.ErrInvalid, "%q", in)
			}
		}
	}
}

// TestAppendDecodeStaysInside checks that decoding writes nothing past
// the decoded bytes, whatever room dst has, and does not reallocate a dst
// with room for exactly those bytes: Verify decodes a token into a buffer
// on its stack sized that way.
func TestAppendDecodeStaysInside(t *testing.T) {
	t.Parallel()
	for n := range 70 {
		raw := make([]byte, n)
		for i := range raw {
			raw[i] = byte(i*37 + 11)
		}
		src := base64.RawURLEncoding.EncodeToString(raw)
		exact := make([]byte, 2, 2+n)
		got, err := base64url.AppendDecode(exact, src)
		require.NoError(t, err)
		require.Equal(t, raw, got[2:])
		require.Equal(t, cap(exact), cap(got), "reallocated at %d bytes", n)

		roomy := make([]byte, 2, 2+n+16)
		tail := roomy[2+n : cap(roomy)]
		for i := range tail {
			tail[i] = 0xa5
		}
		got, err = base64url.AppendDecode(roomy, src)
		require.NoError(t, err)
		require.Equal(t, raw, got[2:])
		require.Equal(t, strings.Repeat("\xa5", 16), string(tail), "wrote past %d bytes", n)
	}
}

// FuzzAppendEncode checks the encoder against encoding/base64, after
// bytes already in dst.
func FuzzAppendEncode(f *testing.F) {
	for _, seed := range []string{"", "a", "abcdef", "abcdefg", "abcdefgh",
		"\xff\xfe\xfd\xfc\xfb\xfa\xf9",
		strings.Repeat("\x00\xff", 40)} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		got := base64url.AppendEncode([]byte("x."), src)
		assert.Equal(t, "x."+base64.RawURLEncoding.EncodeToString(src), string(got))
	})
}

// BenchmarkAppendDecode decodes a segment as long as the payload of a
// typical access token.
func BenchmarkAppendDecode(b *testing.B) {
	src := base64.RawURLEncoding.EncodeToString([]byte(strings.Repeat(`{"abc":1234},`, 25)))
	buf := make([]byte, 0, len(src))
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := base64url.AppendDecode(buf[:0], src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppendEncode encodes an RSA-2048 signature.
func BenchmarkAppendEncode(b *testing.B) {
	src := []byte(strings.Repeat("\x9c\x01\xe7\x42", 64))
	buf := make([]byte, 0, base64.RawURLEncoding.EncodedLen(len(src)))
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		base64url.AppendEncode(buf[:0], src)
	}
}
