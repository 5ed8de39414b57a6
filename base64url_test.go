package jwt

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
			got, err := appendDecode(nil, tc.in)
			if !tc.ok {
				require.ErrorIs(t, err, errBase64)
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
	for _, seed := range []string{"", "YQ", "YR", "YWI", "YWJj", "-_8", "YQ==", "YW\nJj", "+/"} {
		f.Add(seed)
	}
	strict := base64.RawURLEncoding.Strict()
	f.Fuzz(func(t *testing.T, in string) {
		got, err := appendDecode(nil, in)
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
		assert.Equal(t, in, string(appendEncode(nil, got)))
		assert.Equal(t, len(got), decodedLen(len(in)))
	})
}
