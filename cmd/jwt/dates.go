package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/jotgo/jwt"
)

// A date is a registered date claim, for decode to show.
type date struct {
	// Unix is the claim's value in whole seconds.
	Unix int64 `json:"unix"`
	// Time is the claim in RFC 3339, in UTC.
	Time string `json:"time"`
	// Relative says how the date relates to now, as "expires in 2h".
	Relative string `json:"relative"`
}

// dates are the registered date claims of a token, in the order of a
// token's life.
type dates struct {
	IssuedAt  *date `json:"iat,omitempty"`
	NotBefore *date `json:"nbf,omitempty"`
	ExpiresAt *date `json:"exp,omitempty"`
}

// datesOf returns the dates of claims that the library has read.
func datesOf(c jwt.RegisteredClaims, now time.Time) *dates {
	d := &dates{
		IssuedAt:  newDate("iat", c.IssuedAt.Time, now),
		NotBefore: newDate("nbf", c.NotBefore.Time, now),
		ExpiresAt: newDate("exp", c.ExpiresAt.Time, now),
	}
	return d.orNil()
}

// datesOfRaw reads the date claims of a payload the library refused, as
// far as they are JSON numbers in range.
func datesOfRaw(payload []byte, now time.Time) *dates {
	var members map[string]json.RawMessage
	if json.Unmarshal(payload, &members) != nil {
		return nil
	}
	at := func(name string) time.Time {
		var n json.Number
		if json.Unmarshal(members[name], &n) != nil {
			return time.Time{}
		}
		f, err := n.Float64()
		// Years 1 to 9999, as NumericDate reads them.
		if err != nil || f < -62135596800 || f > 253402300799 {
			return time.Time{}
		}
		sec, frac := math.Modf(f)
		return time.Unix(int64(sec), int64(frac*1e9))
	}
	d := &dates{
		IssuedAt:  newDate("iat", at("iat"), now),
		NotBefore: newDate("nbf", at("nbf"), now),
		ExpiresAt: newDate("exp", at("exp"), now),
	}
	return d.orNil()
}

func (d *dates) orNil() *dates {
	if d.IssuedAt == nil && d.NotBefore == nil && d.ExpiresAt == nil {
		return nil
	}
	return d
}

func newDate(claim string, t, now time.Time) *date {
	if t.IsZero() {
		return nil
	}
	return &date{
		Unix:     t.Unix(),
		Time:     t.UTC().Format(time.RFC3339),
		Relative: relative(claim, t, now),
	}
}

// print writes the dates as lines of a table.
func (d *dates) print(w io.Writer, now time.Time) {
	if d == nil {
		return
	}
	fmt.Fprintf(w, "Dates (UTC; now is %s):\n", now.UTC().Format(time.DateTime))
	for _, l := range []struct {
		name string
		d    *date
	}{{"iat", d.IssuedAt}, {"nbf", d.NotBefore}, {"exp", d.ExpiresAt}} {
		if l.d == nil {
			continue
		}
		t := time.Unix(l.d.Unix, 0).UTC().Format(time.DateTime)
		fmt.Fprintf(w, "  %s  %s  %s\n", l.name, t, l.d.Relative)
	}
}

// relative says how the date of claim relates to now: "expires in 2h",
// "expired 3d ago", "issued 5m ago". A token is expired at "exp" itself
// and valid at "nbf" itself (RFC 7519 §4.1.4, §4.1.5).
func relative(claim string, t, now time.Time) string {
	d := t.Sub(now).Round(time.Second)
	switch {
	case claim == "exp" && d > 0:
		return "expires in " + human(d)
	case claim == "exp":
		return "expired " + ago(-d)
	case claim == "nbf" && d > 0:
		return "not valid yet: becomes valid in " + human(d)
	case claim == "nbf":
		return "became valid " + ago(-d)
	case d > 0:
		return "issued in the future, in " + human(d)
	}
	return "issued " + ago(-d)
}

func ago(d time.Duration) string {
	if d == 0 {
		return "just now"
	}
	return human(d) + " ago"
}

// human writes a positive duration with its two largest units, rounded
// to the smaller one: "2h", "1h30m", "3d4h", "45s". A token made to expire
// in 2h shows "expires in 2h" a moment later, not "1h59m".
func human(d time.Duration) string {
	switch {
	case d >= 24*time.Hour:
		d = d.Round(time.Hour)
	case d >= time.Hour:
		d = d.Round(time.Minute)
	}
	units := []struct {
		size time.Duration
		name string
	}{{24 * time.Hour, "d"}, {time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}}
	var parts []string
	for _, u := range units {
		n := d / u.size
		d -= n * u.size
		switch {
		case n > 0:
			parts = append(parts, fmt.Sprintf("%d%s", n, u.name))
		case len(parts) > 0:
			// A zero unit after the first ends the duration: "2h", not "2h0m5s".
			return strings.Join(parts, "")
		}
		if len(parts) == 2 {
			break
		}
	}
	if len(parts) == 0 {
		return "0s"
	}
	return strings.Join(parts, "")
}
