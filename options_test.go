package jwt_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt"
	"github.com/jotgo/jwt/algorithms"
)

func TestNewVerifierRefuses(t *testing.T) {
	t.Parallel()
	keys := jwt.Key(testHMAC(t))
	tests := []struct {
		name   string
		keys   jwt.KeySource
		opts   []jwt.VerifierOption
		option string
	}{
		{"no key source", nil, nil, "KeySource"},
		{"no key", jwt.Key(nil), nil, "Key"},
		{"no issuer", keys, []jwt.VerifierOption{jwt.WithIssuer()}, "WithIssuer"},
		{"empty issuer", keys, []jwt.VerifierOption{jwt.WithIssuer("a", "")}, "WithIssuer"},
		{"empty audience", keys, []jwt.VerifierOption{jwt.WithAudience("")}, "WithAudience"},
		{"empty subject", keys, []jwt.VerifierOption{jwt.WithSubject("")}, "WithSubject"},
		{"subject twice", keys, []jwt.VerifierOption{jwt.WithSubject("a"), jwt.WithSubject("b")},
			"WithSubject"},
		{"empty type", keys, []jwt.VerifierOption{jwt.WithType("application/")}, "WithType"},
		{"negative leeway", keys, []jwt.VerifierOption{jwt.WithLeeway(-time.Second)},
			"WithLeeway"},
		{"leeway over an hour", keys, []jwt.VerifierOption{jwt.WithLeeway(61 * time.Minute)},
			"WithLeeway"},
		{"nil verifier in Key", jwt.Key((*algorithms.EdDSAVerifier)(nil)), nil, "Key"},
		{"nil key source", (*errorSource)(nil), nil, "KeySource"},
		{"leeway twice", keys, []jwt.VerifierOption{jwt.WithLeeway(0), jwt.WithLeeway(time.Hour)},
			"WithLeeway"},
		{"nil clock", keys, []jwt.VerifierOption{jwt.WithClock(nil)}, "WithClock"},
		{"zero max age", keys, []jwt.VerifierOption{jwt.WithMaxAge(0)}, "WithMaxAge"},
		{"zero size", keys, []jwt.VerifierOption{jwt.WithMaxTokenSize(0)}, "WithMaxTokenSize"},
		{"empty required claim", keys, []jwt.VerifierOption{jwt.WithRequiredClaims("")},
			"WithRequiredClaims"},
		{"critical alg", keys, []jwt.VerifierOption{jwt.WithCritical("alg")}, "WithCritical"},
		{"critical b64", keys, []jwt.VerifierOption{jwt.WithCritical("b64")}, "WithCritical"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := jwt.NewVerifier(tc.keys, tc.opts...)
			require.ErrorIs(t, err, jwt.ErrInvalidArgument)
			assert.Contains(t, err.Error(), tc.option)
			assert.Nil(t, v)
		})
	}
}

// TestMaxAgeHuge checks that a maximum age near the largest duration
// neither overflows nor refuses a fresh token.
func TestMaxAgeHuge(t *testing.T) {
	t.Parallel()
	v := testVerifier(t, jwt.WithMaxAge(time.Duration(1<<63-1)), jwt.WithLeeway(time.Minute))
	_, err := v.Verify(context.Background(), claimsToken(t,
		`{"exp":1700003600,"iat":1699999990}`), nil)
	require.NoError(t, err)
}

func TestNewVerifierAccepts(t *testing.T) {
	t.Parallel()
	v, err := jwt.NewVerifier(jwt.Key(testHMAC(t)),
		jwt.WithIssuer("a"), jwt.WithIssuer("b"),
		jwt.WithAudience("c", "d"),
		jwt.WithSubject("e"),
		jwt.WithType("at+jwt"),
		jwt.WithLeeway(time.Minute),
		jwt.WithClock(time.Now),
		jwt.WithRequiredClaims("jti", "tenant"),
		jwt.AllowMissingExpiration(),
		jwt.WithMaxAge(time.Hour),
		jwt.WithIssuedAtCheck(),
		jwt.WithMaxTokenSize(1<<20),
		jwt.WithCritical("urn:example"),
		nil,
	)
	require.NoError(t, err)
	assert.NotNil(t, v)
}
