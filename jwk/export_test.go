package jwk

import "time"

// WithClockForTest makes a remote set read the time from now, so that
// tests control expiry, cooldown and staleness. Background refreshes
// still wait on real timers.
func WithClockForTest(now func() time.Time) RemoteOption {
	return func(c *remoteConfig) { c.now = now }
}
