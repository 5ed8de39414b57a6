//go:build !race

package jwt_test

// raceEnabled reports a build with the race detector, under which
// sync.Pool drops items at random and allocation counts vary.
const raceEnabled = false
