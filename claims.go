package jwt

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/jotgo/jwt/internal/strictjson"
)

// RegisteredClaims holds the claims registered by [RFC 7519] §4.1. Embed it
// by value in a struct to add custom claims:
//
//	type Claims struct {
//		jwt.RegisteredClaims
//		Scope string   `json:"scope"`
//		Roles []string `json:"roles"`
//	}
//
// When verifying into such a struct, the registered claims are read and
// validated by this package, with exact member names, and only the other
// members are decoded, with the rules of encoding/json (see
// [Verifier.Verify]).
type RegisteredClaims struct {
	// Issuer is the "iss" claim: who issued the token.
	Issuer string `json:"iss,omitempty"`

	// Subject is the "sub" claim: whom the token is about.
	Subject string `json:"sub,omitempty"`

	// Audience is the "aud" claim: who the token is meant for.
	Audience Audience `json:"aud,omitempty"`

	// ExpiresAt is the "exp" claim: the time at and after which the token
	// must be refused.
	ExpiresAt NumericDate `json:"exp,omitzero"`

	// NotBefore is the "nbf" claim: the time before which the token must be
	// refused.
	NotBefore NumericDate `json:"nbf,omitzero"`

	// IssuedAt is the "iat" claim: when the token was issued.
	IssuedAt NumericDate `json:"iat,omitzero"`

	// ID is the "jti" claim: a unique identifier for the token.
	ID string `json:"jti,omitempty"`
}

// The range of a NumericDate: the years 1 to 9999, which every date format
// can print and time.Time can hold without overflow. The first instant of
// year 1 is left out: it is the zero time.Time, which stands for an absent
// claim.
const (
	minNumericDate = -62135596799
	maxNumericDate = 253402300799
)

// A NumericDate is a JSON number of seconds since 1970-01-01T00:00:00Z, as
// [RFC 7519] §2 defines it. Reading accepts fractions, negative values and
// exponents within the years 1 to 9999 and refuses anything else, strings
// and null included, with [ErrInvalidClaim]. Writing uses whole seconds.
//
// The zero NumericDate stands for an absent claim.
type NumericDate struct {
	time.Time
}

// NewNumericDate returns t, in UTC and truncated to whole seconds, as a
// NumericDate.
func NewNumericDate(t time.Time) NumericDate {
	return NumericDate{t.Truncate(time.Second).UTC()}
}

// MarshalJSON writes d as whole seconds, or null if d is zero.
func (d NumericDate) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return strconv.AppendInt(nil, d.Unix(), 10), nil
}

// UnmarshalJSON reads a JSON number as [NumericDate] does. A null leaves d
// unchanged, as encoding/json does for other types.
func (d *NumericDate) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	s := strictjson.Scanner{Data: string(b)}
	s.Space()
	num, err := s.Number()
	if err == nil {
		err = s.End()
	}
	if err != nil {
		return fmt.Errorf("%w: a NumericDate must be a JSON number", ErrInvalidClaim)
	}
	v, err := parseNumericDate(num)
	if err != nil {
		return fmt.Errorf("%w: NumericDate out of range", ErrInvalidClaim)
	}
	*d = v
	return nil
}

var errRange = errors.New("out of range")

// parseNumericDate converts the text of a JSON number.
func parseNumericDate(num string) (NumericDate, error) {
	if n, ok := parseInt(num); ok {
		if n < minNumericDate || n > maxNumericDate {
			return NumericDate{}, errRange
		}
		return NumericDate{time.Unix(n, 0).UTC()}, nil
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || !(f >= minNumericDate && f <= maxNumericDate) {
		return NumericDate{}, errRange
	}
	sec := math.Floor(f)
	nsec := math.Round((f - sec) * 1e9)
	return NumericDate{time.Unix(int64(sec), int64(nsec)).UTC()}, nil
}

// parseInt converts a JSON number that is a plain integer of at most 15
// digits, the common case, without going through floating point.
func parseInt(num string) (int64, bool) {
	digits := num
	if digits != "" && digits[0] == '-' {
		digits = digits[1:]
	}
	if digits == "" || len(digits) > 15 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if num[0] == '-' {
		n = -n
	}
	return n, true
}

// Audience is the "aud" claim. It reads a JSON string or an array of
// strings, and writes a single audience as a string ([RFC 7519] §4.1.3).
type Audience []string

// Contains reports whether aud is one of the audiences. The comparison is
// exact: audiences are case-sensitive strings.
func (a Audience) Contains(aud string) bool {
	return slices.Contains(a, aud)
}

// MarshalJSON writes a single audience as a string and any other number of
// audiences as an array.
func (a Audience) MarshalJSON() ([]byte, error) {
	if len(a) == 1 {
		return appendString(nil, a[0])
	}
	b := []byte{'['}
	for i, v := range a {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = appendString(b, v); err != nil {
			return nil, err
		}
	}
	return append(b, ']'), nil
}

// UnmarshalJSON reads a string or an array of strings. Any other JSON value
// is refused with [ErrInvalidClaim]; null leaves a unchanged.
func (a *Audience) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	s := strictjson.Scanner{Data: string(b)}
	s.Space()
	v, err := readAudience(&s, nil)
	if err == nil {
		err = s.End()
	}
	if err != nil {
		return fmt.Errorf("%w: an Audience must be a string or an array of strings",
			ErrInvalidClaim)
	}
	*a = v
	return nil
}

// readAudience reads an "aud" value. A single string goes in one, when
// given, so that the common case needs no allocation of its own.
func readAudience(s *strictjson.Scanner, one *[1]string) (Audience, error) {
	if s.Peek() != '[' {
		v, err := s.StringValue()
		if err != nil {
			return nil, err
		}
		if one == nil {
			return Audience{v}, nil
		}
		one[0] = v
		return one[:], nil
	}
	list, err := s.StringList()
	return Audience(list), err
}

// The registered claims, as bits of claimSet.present.
const (
	hasIssuer = 1 << iota
	hasSubject
	hasAudience
	hasExpiresAt
	hasNotBefore
	hasIssuedAt
	hasID
)

// registeredNames lists the registered claims in the order of their bits.
var registeredNames = [...]string{"iss", "sub", "aud", "exp", "nbf", "iat", "jti"}

// A claimSet records what one scan of a payload found besides the values
// of the registered claims.
type claimSet struct {
	// present has a bit for each registered claim in the payload.
	present uint8

	// others reports members other than the registered claims.
	others bool

	// extra has bit i set when the payload has a member named by the i-th
	// extra name the verifier requires.
	extra uint64

	// spans locates the registered members, in payload order, so that the
	// others can be decoded without them.
	spans  [len(registeredNames)]span
	nspans int

	// custom has the first members other than the registered claims, in
	// payload order, for Verify to fill fields without reading the names
	// again. ncustom counts all those members: when it is larger than
	// len(custom), some are not listed.
	custom  [16]customMember
	ncustom int
}

// A span is the byte range of one member: its name, colon and value.
type span struct{ start, end int }

// A customMember is a member other than the registered claims: its name,
// and the offset in the payload at which its value starts.
type customMember struct {
	name  string
	value int
}

// parseClaims reads the payload of t into t.claims, checking its JSON as it
// goes. extra lists the names of non-registered claims that the verifier
// requires.
func parseClaims(t *Token, extra []string) (claimSet, error) {
	var cs claimSet
	s := strictjson.Scanner{Data: t.payload}
	if err := s.OpenObject(); err != nil {
		return cs, malformed("payload", err)
	}
	// Registered claims are told apart by their bits; the other names, which
	// cannot fold to a registered one, go in names.
	var names strictjson.NameSet
	for first := true; ; first = false {
		name, ok, err := s.Member(first)
		if err != nil {
			return cs, malformed("payload", err)
		}
		if !ok {
			break
		}
		start, value, null := s.Mark(), s.Pos, s.Peek() == 'n'
		bit, err := t.readClaim(&s, name)
		if err != nil {
			// A payload that is not JSON is malformed, even when a claim
			// of the wrong type comes first or the claim's value itself,
			// such as +1 or tru, is no JSON at all.
			if errors.Is(err, ErrInvalidClaim) {
				if err := checkObject(t.payload); err != nil {
					return cs, malformed("payload", err)
				}
			}
			return cs, err
		}
		if bit == 0 {
			if !names.Add(name) {
				return cs, malformed("payload", strictjson.ErrDuplicate)
			}
			cs.others = true
			if i := slices.Index(extra, name); i >= 0 && !null {
				cs.extra |= 1 << i
			}
			if cs.ncustom < len(cs.custom) {
				cs.custom[cs.ncustom] = customMember{name, value}
			}
			cs.ncustom++
			continue
		}
		if cs.present&bit != 0 {
			return cs, malformed("payload", strictjson.ErrDuplicate)
		}
		cs.present |= bit
		cs.spans[cs.nspans] = span{start, s.Pos}
		cs.nspans++
	}
	if err := s.End(); err != nil {
		return cs, malformed("payload", err)
	}
	return cs, nil
}

// readClaim reads the value of the member called name into t.claims when
// name is a registered claim, and returns the claim's bit, or 0 after
// checking and skipping the value of any other member.
func (t *Token) readClaim(s *strictjson.Scanner, name string) (uint8, error) {
	c := &t.claims
	var err error
	var bit uint8
	switch name {
	case "iss":
		bit = hasIssuer
		c.Issuer, err = s.StringValue()
	case "sub":
		bit = hasSubject
		c.Subject, err = s.StringValue()
	case "aud":
		bit = hasAudience
		c.Audience, err = readAudience(s, &t.aud)
	case "exp":
		bit = hasExpiresAt
		c.ExpiresAt, err = readNumericDate(s)
	case "nbf":
		bit = hasNotBefore
		c.NotBefore, err = readNumericDate(s)
	case "iat":
		bit = hasIssuedAt
		c.IssuedAt, err = readNumericDate(s)
	case "jti":
		bit = hasID
		c.ID, err = s.StringValue()
	default:
		// encoding/json would decode such a member into the claim's field
		// of a destination that does not embed RegisteredClaims by value,
		// where it would pass for a claim this package never checked.
		if strictjson.FoldsToOneOf(name, registeredNames[:]) {
			return 0, fmt.Errorf("%w: payload: a member name differs from a registered "+
				"claim only by case", ErrMalformed)
		}
		if err := s.Value(); err != nil {
			return 0, malformed("payload", err)
		}
		return 0, nil
	}
	if err != nil {
		return 0, claimTypeError(name, err)
	}
	return bit, nil
}

// readNumericDate reads a value that must be a NumericDate.
func readNumericDate(s *strictjson.Scanner) (NumericDate, error) {
	if c := s.Peek(); c != '-' && (c < '0' || c > '9') {
		return NumericDate{}, strictjson.ErrWrongType
	}
	if n, ok := readSeconds(s); ok {
		if n > maxNumericDate {
			return NumericDate{}, errRange
		}
		return NumericDate{time.Unix(n, 0).UTC()}, nil
	}
	num, err := s.Number()
	if err != nil {
		return NumericDate{}, err
	}
	return parseNumericDate(num)
}

// readSeconds reads the common form of a date, a positive integer of at most
// 15 digits with no fraction or exponent, converting it as it goes. It
// reports false, having read nothing, for any other number.
func readSeconds(s *strictjson.Scanner) (int64, bool) {
	data, i := s.Data, s.Pos
	end := min(len(data), i+16)
	if i == end || data[i] < '1' || data[i] > '9' {
		return 0, false
	}
	var n int64
	for ; i < end; i++ {
		c := data[i]
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int64(c-'0')
	}
	if i-s.Pos > 15 {
		return 0, false
	}
	if i < len(data) {
		if c := data[i]; c == '.' || c == 'e' || c == 'E' {
			return 0, false
		}
	}
	s.Pos = i
	return n, true
}

// claimTypeError turns an error met while reading a registered claim into
// the error Verify returns.
func claimTypeError(name string, err error) error {
	switch err {
	case strictjson.ErrWrongType:
		reason := "is not a string"
		switch name {
		case "exp", "nbf", "iat":
			reason = "is not a number"
		case "aud":
			reason = "is not a string or an array of strings"
		}
		return claimError(ErrInvalidClaim, name, reason)
	case errRange:
		return claimError(ErrInvalidClaim, name, "is out of range")
	case strictjson.ErrTooLong:
		return claimError(ErrInvalidClaim, name, "has too many values")
	}
	return malformed("payload", err)
}
