package bench_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCrossVerify signs the typical claims with every library and verifies
// each token with every library, for one algorithm of each family: every
// library must accept every other's token and read the same claims. The
// benchmarks compare like with like only if this holds.
func TestCrossVerify(t *testing.T) {
	keys, err := loadKeys()
	require.NoError(t, err)
	now := time.Now().Truncate(time.Second)
	for _, alg := range algs {
		for _, signer := range libraries {
			token, err := signer.sign(alg, keys[alg])(now)
			require.NoError(t, err, "%s signs %s", signer.name, alg)
			for _, verifier := range libraries {
				t.Run(alg+"/"+signer.name+"/"+verifier.name, func(t *testing.T) {
					t.Parallel()
					got, err := verifier.verify(alg, keys[alg])(token)
					require.NoError(t, err)
					assert.Equal(t, wantClaims(now), claimsOf(got))
				})
			}
		}
	}
}

// TestCrossRefuse checks that every library refuses a token whose
// signature was made with another key, so that a verify function that
// accepted anything could not pass TestCrossVerify.
func TestCrossRefuse(t *testing.T) {
	keys, err := loadKeys()
	require.NoError(t, err)
	now := time.Now()
	token, err := libraries[0].sign("ES256", keys["ES256"])(now)
	require.NoError(t, err)
	tampered := token[:len(token)-4] + "AAAA"
	for _, verifier := range libraries {
		_, err := verifier.verify("ES256", keys["ES256"])(tampered)
		assert.Error(t, err, verifier.name)
	}
}
