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
		"eyJhbGciOiJIUzI1NiJ9", "eyJhbGciOiJI\nzI1NiJ9", "eyJhbGciOiJIUzI1NiJ9+"} {
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
