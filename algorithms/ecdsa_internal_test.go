package algorithms

import (
	"bytes"
	"encoding/asn1"
	"encoding/hex"
	"math/big"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAppendDER(t *testing.T) {
	t.Parallel()
	r66 := "01" + strings.Repeat("ff", 65)
	tests := []struct {
		name string
		rs   string
		der  string
	}{
		{"small values", "0001" + "0002", "3006020101020102"},
		{"high bit gets a zero", "0080" + "00ff", "300802020080020200ff"},
		{"leading zeros dropped", "00000007" + "00000100", "30070201070202" + "0100"},
		{"full width", "7f00" + "8000", "30090202" + "7f00" + "0203008000"},
		{"P-521 width", r66 + r66, "308188" + "0242" + r66 + "0242" + r66},
		{"zero r", "0000" + "0001", ""},
		{"zero s", "0001" + "0000", ""},
		{"empty", "", ""},
		{"odd length", "000102", ""},
		{"longer than P-521", strings.Repeat("01", 2*67), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			der, ok := appendDER(nil, unhex(t, tc.rs))
			if tc.der == "" {
				assert.False(t, ok)
				return
			}
			require.True(t, ok)
			assert.Equal(t, tc.der, hex.EncodeToString(der))
			assert.LessOrEqual(t, len(der), maxDERSize)
		})
	}
}

func TestAppendRSRefusesMalformedDER(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"empty":                   "",
		"not a sequence":          "3106020101020102",
		"sequence too short":      "3005020101020102",
		"sequence too long":       "3007020101020102",
		"trailing data":           "300602010102010200",
		"trailing in sequence":    "30080201010201020500",
		"one integer":             "3003020101",
		"three integers":          "3009020101020102020103",
		"wrong integer tag":       "3006030101020102",
		"empty integer":           "30050200020102",
		"zero r":                  "3006020100020102",
		"zero s":                  "3006020101020100",
		"negative r":              "3006020181020102",
		"needless leading zero":   "300702020001020102",
		"indefinite length":       "3080020101020102" + "0000",
		"long form, short length": "308106020101020102",
		"two-byte length form":    "30820006020101020102",
		"integer long form":       "3007028101" + "01020102",
		"r longer than size":      "3027022201" + strings.Repeat("00", 33) + "020101",
	}
	for name, der := range tests {
		rs, ok := appendRS(nil, unhex(t, der), 32)
		assert.False(t, ok, name)
		assert.Empty(t, rs, name)
	}
}

func TestAppendRSPads(t *testing.T) {
	t.Parallel()
	rs, ok := appendRS([]byte{0xaa}, unhex(t, "30080202008002020100"), 4)
	require.True(t, ok)
	assert.Equal(t, "aa"+"00000080"+"00000100", hex.EncodeToString(rs))
}

// FuzzECDSASignatureConversion checks the R||S and DER conversions: they
// never panic, every DER accepted converts back to the same bytes (so each
// signature has one accepted encoding), encoding/asn1 reads the same
// integers, and every R||S with non-zero halves survives a round trip.
func FuzzECDSASignatureConversion(f *testing.F) {
	f.Add(unhex(f, "3006020101020102"))
	f.Add(unhex(f, "300802020080020200ff"))
	r66 := "01" + strings.Repeat("ff", 65)
	f.Add(unhex(f, "308188"+"0242"+r66+"0242"+r66))
	f.Add(unhex(f, "3080020101020102"+"0000"))
	f.Add(bytes.Repeat([]byte{0x01}, 64))
	f.Add(append(make([]byte, 95), 1))
	f.Add(bytes.Repeat([]byte{0xff}, 132))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, size := range []int{32, 48, maxECSize} {
			if rs, ok := appendRS(nil, data, size); ok {
				checkAcceptedDER(t, data, rs, size)
			}
			if len(data) == 2*size {
				checkRS(t, data)
			}
		}
	})
}

func checkAcceptedDER(t *testing.T, der, rs []byte, size int) {
	t.Helper()
	require.Len(t, rs, 2*size)
	again, ok := appendDER(nil, rs)
	require.True(t, ok)
	require.Equal(t, der, again)

	var sig struct{ R, S *big.Int }
	rest, err := asn1.Unmarshal(der, &sig)
	require.NoError(t, err)
	require.Empty(t, rest)
	require.Equal(t, sig.R.FillBytes(make([]byte, size)), rs[:size])
	require.Equal(t, sig.S.FillBytes(make([]byte, size)), rs[size:])
}

func checkRS(t *testing.T, rs []byte) {
	t.Helper()
	half := len(rs) / 2
	der, ok := appendDER(nil, rs)
	zero := isZero(rs[:half]) || isZero(rs[half:])
	require.Equal(t, !zero, ok)
	if !ok {
		return
	}
	require.LessOrEqual(t, len(der), maxDERSize)
	back, ok := appendRS(nil, der, half)
	require.True(t, ok)
	require.Equal(t, rs, back)
}

func isZero(b []byte) bool {
	return len(trimZeros(b)) == 0
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}
