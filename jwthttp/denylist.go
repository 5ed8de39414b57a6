package jwthttp

import (
	"container/heap"
	"context"
	"fmt"
	"sync"
	"time"
)

// A MemoryDenylist is a [Denylist] kept in the memory of one process, for
// a service that runs as a single instance (several instances need a
// shared store). It is safe for concurrent use.
//
// Its memory is bounded: it holds at most the number of entries given to
// [NewMemoryDenylist]. An entry is dropped once its time has passed, when
// the token it revokes has expired. When the list is full of live entries,
// [MemoryDenylist.Add] refuses the new one with [ErrDenylistFull] rather
// than dropping a live entry, which would silently make a revoked token
// valid again: the caller learns that the revocation failed. Size it for
// the revocations expected within one token lifetime.
type MemoryDenylist struct {
	mu      sync.RWMutex
	max     int
	now     func() time.Time
	entries map[string]*entry
	expiry  expiryHeap
}

var _ Denylist = (*MemoryDenylist)(nil)

// A DenylistOption configures a [MemoryDenylist].
type DenylistOption func(*MemoryDenylist)

// WithDenylistClock makes the list read the time from now instead of
// [time.Now]. It is meant for tests; give it the verifier's clock.
func WithDenylistClock(now func() time.Time) DenylistOption {
	return func(d *MemoryDenylist) { d.now = now }
}

// NewMemoryDenylist returns an empty list that holds at most maxEntries
// entries. It returns an error matching [ErrInvalidArgument] when
// maxEntries is not positive or an option is nil.
func NewMemoryDenylist(maxEntries int, opts ...DenylistOption) (*MemoryDenylist, error) {
	if maxEntries < 1 {
		return nil, fmt.Errorf("%w: NewMemoryDenylist: maxEntries must be positive",
			ErrInvalidArgument)
	}
	d := &MemoryDenylist{max: maxEntries, now: time.Now, entries: make(map[string]*entry)}
	for _, opt := range opts {
		opt(d)
	}
	if d.now == nil {
		return nil, fmt.Errorf("%w: WithDenylistClock needs a clock", ErrInvalidArgument)
	}
	return d, nil
}

// Add records id until the time until, or forever if until is zero. An
// entry whose time has already passed is not recorded; adding an id again
// keeps the later time. Add returns [ErrDenylistFull] when the list holds
// its maximum of live entries.
func (d *MemoryDenylist) Add(_ context.Context, id string, until time.Time) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.now()
	if !until.IsZero() && !until.After(now) {
		return nil
	}
	if e, ok := d.entries[id]; ok {
		if later(until, e.until) {
			e.until = until
			heap.Fix(&d.expiry, e.index)
		}
		return nil
	}
	d.dropExpired(now)
	if len(d.entries) >= d.max {
		return ErrDenylistFull
	}
	e := &entry{id: id, until: until}
	d.entries[id] = e
	heap.Push(&d.expiry, e)
	return nil
}

// Contains reports whether id is recorded and its time has not passed.
func (d *MemoryDenylist) Contains(_ context.Context, id string) (bool, error) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	e, ok := d.entries[id]
	return ok && (e.until.IsZero() || e.until.After(d.now())), nil
}

// Len returns the number of entries held, including those whose time has
// passed but that have not been dropped yet.
func (d *MemoryDenylist) Len() int {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return len(d.entries)
}

// dropExpired drops the entries whose time has passed, earliest first.
func (d *MemoryDenylist) dropExpired(now time.Time) {
	for len(d.expiry) > 0 {
		e := d.expiry[0]
		if e.until.IsZero() || e.until.After(now) {
			return
		}
		heap.Pop(&d.expiry)
		delete(d.entries, e.id)
	}
}

type entry struct {
	id    string
	until time.Time
	index int
}

// later reports whether a is later than b, a zero time being the latest.
func later(a, b time.Time) bool {
	switch {
	case b.IsZero():
		return false
	case a.IsZero():
		return true
	}
	return a.After(b)
}

// expiryHeap orders entries by time, earliest first, for container/heap.
type expiryHeap []*entry

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return later(h[j].until, h[i].until) }

func (h expiryHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}

func (h *expiryHeap) Push(x any) {
	e := x.(*entry)
	e.index = len(*h)
	*h = append(*h, e)
}

func (h *expiryHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return e
}
