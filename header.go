package jwt

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/jotgo/jwt/internal/strictjson"
)

// A Header is the JOSE header of a token ([RFC 7515] §4). It is read-only:
// its methods return the members that the token carried, and a [KeySource]
// may read it to choose a key but cannot change it.
//
// The "jwk", "jku", "x5u" and "x5c" members are kept like any other member
// but are never used to find a key: a key named by the token itself proves
// nothing about who signed it.
type Header struct {
	raw  string
	alg  string
	typ  string
	cty  string
	kid  string
	crit []string

	hasAlg bool
	hasB64 bool
	hasZip bool
}

// Algorithm returns the "alg" member, such as "ES256".
func (h *Header) Algorithm() string { return h.alg }

// Type returns the "typ" member, such as "JWT" or "at+jwt", or "" if absent.
func (h *Header) Type() string { return h.typ }

// ContentType returns the "cty" member, or "" if absent.
func (h *Header) ContentType() string { return h.cty }

// KeyID returns the "kid" member, or "" if absent.
func (h *Header) KeyID() string { return h.kid }

// Critical returns a copy of the "crit" member: the names of the extension
// members that a verifier must understand ([RFC 7515] §4.1.11).
func (h *Header) Critical() []string { return slices.Clone(h.crit) }

// Member returns a copy of the JSON value of the member called name, and
// whether the header has that member. It finds registered and extension
// members alike.
func (h *Header) Member(name string) (json.RawMessage, bool) {
	s := strictjson.Scanner{Data: h.raw}
	if s.OpenObject() != nil {
		return nil, false
	}
	for first := true; ; first = false {
		n, ok, err := s.Member(first)
		if err != nil || !ok {
			return nil, false
		}
		start := s.Pos
		if s.Value() != nil {
			return nil, false
		}
		if n == name {
			return json.RawMessage(h.raw[start:s.Pos]), true
		}
	}
}

// MarshalJSON returns the header as it was in the token.
func (h *Header) MarshalJSON() ([]byte, error) {
	if h.raw == "" {
		return []byte("{}"), nil
	}
	return []byte(h.raw), nil
}

// registeredHeader holds the names [RFC 7515] §4.1 defines, which a "crit"
// list must not name.
var registeredHeader = []string{
	"alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ",
	"cty", "crit",
}

// parseHeader reads the decoded header. Members of the wrong type are
// refused; members this package does not use are checked as JSON and
// skipped.
func parseHeader(raw string) (Header, error) {
	h := Header{raw: raw}
	s := strictjson.Scanner{Data: raw}
	if err := s.OpenObject(); err != nil {
		return Header{}, malformed("header", err)
	}
	// The members this package reads are told apart by their bits; the
	// other names, which cannot fold to one of them, go in names.
	var seen uint8
	var names strictjson.NameSet
	for first := true; ; first = false {
		name, ok, err := s.Member(first)
		if err != nil {
			return Header{}, malformed("header", err)
		}
		if !ok {
			break
		}
		bit, err := h.read(&s, name)
		switch {
		case err != nil:
			return Header{}, err
		case bit == 0 && !names.Add(name), seen&bit != 0:
			return Header{}, malformed("header", strictjson.ErrDuplicate)
		}
		seen |= bit
	}
	if err := s.End(); err != nil {
		return Header{}, malformed("header", err)
	}
	if !h.hasAlg {
		return Header{}, fmt.Errorf("%w: header has no alg", ErrMalformed)
	}
	return h, nil
}

// readHeaderNames lists the members read returns a bit for, in the order
// of their bits.
var readHeaderNames = []string{"alg", "typ", "cty", "kid", "crit", "b64", "zip"}

// read reads the value of the member called name, and returns its bit
// when it is one of readHeaderNames, or 0 for any other member.
func (h *Header) read(s *strictjson.Scanner, name string) (uint8, error) {
	var err error
	var bit uint8
	if i := slices.Index(readHeaderNames, name); i >= 0 {
		bit = 1 << i
	}
	switch name {
	case "alg":
		h.alg, err = s.StringValue()
		h.hasAlg = true
	case "typ":
		h.typ, err = s.StringValue()
	case "cty":
		h.cty, err = s.StringValue()
	case "kid":
		h.kid, err = s.StringValue()
	case "crit":
		h.crit, err = s.StringList()
	case "b64":
		h.hasB64 = true
		err = s.Value()
	case "zip":
		h.hasZip = true
		err = s.Value()
	default:
		// "ALG" next to "alg" would read one way here and another way
		// in a parser that folds case, such as encoding/json.
		if strictjson.FoldsToOneOf(name, readHeaderNames) {
			return 0, fmt.Errorf("%w: header: a member name differs from a registered "+
				"one only by case", ErrMalformed)
		}
		bit, err = 0, s.Value()
	}
	if errors.Is(err, strictjson.ErrWrongType) {
		return 0, fmt.Errorf("%w: header member %s has the wrong type", ErrMalformed, name)
	}
	if err != nil {
		return 0, malformed("header", err)
	}
	return bit, nil
}

// checkCritical applies [RFC 7515] §4.1.11 to the "crit" member: it must be
// a non-empty list of distinct names of extension members present in the
// header, and the verifier must understand every one of them.
func (h *Header) checkCritical(understood []string) error {
	if h.crit == nil {
		return nil
	}
	if len(h.crit) == 0 {
		return fmt.Errorf("%w: crit is empty", ErrMalformed)
	}
	for i, name := range h.crit {
		if slices.Contains(registeredHeader, name) {
			return fmt.Errorf("%w: crit names a registered header member", ErrMalformed)
		}
		if slices.Contains(h.crit[:i], name) {
			return fmt.Errorf("%w: crit names a member twice", ErrMalformed)
		}
	}
	for _, name := range h.crit {
		if !slices.Contains(understood, name) {
			return fmt.Errorf("%w: the verifier does not understand a crit member", ErrCritical)
		}
	}
	if h.present(h.crit) != 1<<len(h.crit)-1 {
		return fmt.Errorf("%w: crit names a member the header lacks", ErrMalformed)
	}
	return nil
}

// present returns a mask with bit i set when the header has a member called
// names[i], found in one pass over the header. names has at most 64 entries.
func (h *Header) present(names []string) uint64 {
	var mask uint64
	s := strictjson.Scanner{Data: h.raw}
	if s.OpenObject() != nil {
		return 0
	}
	for first := true; ; first = false {
		n, ok, err := s.Member(first)
		if err != nil || !ok || s.Value() != nil {
			return mask
		}
		if i := slices.Index(names, n); i >= 0 {
			mask |= 1 << i
		}
	}
}

func malformed(part string, err error) error {
	return fmt.Errorf("%w: %s: %v", ErrMalformed, part, err)
}
