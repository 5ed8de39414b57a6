package jwthttp_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jotgo/jwt/jwthttp"
)

func TestMemoryDenylist(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	at := now
	d, err := jwthttp.NewMemoryDenylist(2,
		jwthttp.WithDenylistClock(func() time.Time { return at }))
	require.NoError(t, err)

	require.NoError(t, d.Add(ctx, "a", now.Add(time.Minute)))
	require.NoError(t, d.Add(ctx, "b", now.Add(2*time.Minute)))
	assert.True(t, contains(t, d, "a"))
	assert.True(t, contains(t, d, "b"))
	assert.False(t, contains(t, d, "c"))

	// Full of live entries: a new one is refused, none is dropped.
	assert.ErrorIs(t, d.Add(ctx, "c", now.Add(time.Hour)), jwthttp.ErrDenylistFull)
	assert.True(t, contains(t, d, "a"))
	assert.True(t, contains(t, d, "b"))

	// Adding an id again keeps the later time and takes no room.
	require.NoError(t, d.Add(ctx, "a", now.Add(3*time.Minute)))
	require.NoError(t, d.Add(ctx, "a", now.Add(time.Second)))
	assert.Equal(t, 2, d.Len())

	// An entry whose time has passed is not found, and its room is taken
	// back when needed: "b" goes, "a" (now until 3 minutes) stays.
	at = now.Add(2 * time.Minute)
	assert.False(t, contains(t, d, "b"))
	require.NoError(t, d.Add(ctx, "c", time.Time{}))
	assert.True(t, contains(t, d, "a"))
	assert.True(t, contains(t, d, "c"))
	assert.Equal(t, 2, d.Len())

	// An entry already expired is not recorded; one with no time never
	// expires.
	require.NoError(t, d.Add(ctx, "old", now))
	assert.False(t, contains(t, d, "old"))
	at = now.Add(time.Hour)
	assert.True(t, contains(t, d, "c"))
	require.NoError(t, d.Add(ctx, "d", now.Add(2*time.Hour)))
	assert.ErrorIs(t, d.Add(ctx, "e", now.Add(2*time.Hour)), jwthttp.ErrDenylistFull)
}

func TestMemoryDenylistInvalid(t *testing.T) {
	t.Parallel()
	_, err := jwthttp.NewMemoryDenylist(0)
	assert.ErrorIs(t, err, jwthttp.ErrInvalidArgument)
	_, err = jwthttp.NewMemoryDenylist(1, jwthttp.WithDenylistClock(nil))
	assert.ErrorIs(t, err, jwthttp.ErrInvalidArgument)
}

// TestMemoryDenylistConcurrent is meant for -race.
func TestMemoryDenylistConcurrent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d, err := jwthttp.NewMemoryDenylist(1000)
	require.NoError(t, err)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				id := fmt.Sprint(g, "-", i)
				assert.NoError(t, d.Add(ctx, id, time.Now().Add(time.Hour)))
				ok, err := d.Contains(ctx, id)
				assert.NoError(t, err)
				assert.True(t, ok)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 800, d.Len())
}
