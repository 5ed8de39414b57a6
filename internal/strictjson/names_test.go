package strictjson

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFoldEqual(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want bool
	}{
		{"exp", "exp", true},
		{"exp", "EXP", true},
		{"exp", "Exp", true},
		{"kid", "\u212aid", true},
		{"sub", "\u017fub", true},
		{"exp", "ex", false},
		{"exp", "expp", false},
		{"straße", "STRASSE", false},
		{"é", "É", true},
		{"", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.a+"/"+tc.b, func(t *testing.T) {
			assert.Equal(t, tc.want, FoldEqual(tc.a, tc.b))
			assert.Equal(t, tc.want, string(appendFold(nil, tc.a)) == string(appendFold(nil, tc.b)))
			if tc.want {
				assert.Equal(t, foldHash(tc.a), foldHash(tc.b))
			}
		})
	}
}
