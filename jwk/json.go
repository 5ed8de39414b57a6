package jwk

import (
	"bytes"
	"unicode/utf8"

	"github.com/jotgo/jwt/internal/strictjson"
)

// A JWK, a JWK Set and an OpenID provider configuration are read with
// internal/strictjson, the scanner behind JOSE headers and JWT claims, so
// that keys and tokens follow the same rules: one object, valid UTF-8 with
// no lone surrogate escapes, no two member names in one object that are
// equal or differ only by case, and at most strictjson.MaxDepth levels of
// nesting. Keys are read from the member list that parseObject returns, by
// exact name, never through encoding/json struct matching.

// A member is one member of a JSON object: its name, the name as it was
// written, and the raw JSON text of its value.
type member struct {
	name    string
	rawName []byte
	value   []byte
}

// parseObject reads data, which must be one JSON object, and returns its
// members in order. The members share data's memory.
func parseObject(data []byte) ([]member, error) {
	// Invalid UTF-8 anywhere, even where only a syntax error would be
	// found, is reported as such.
	if !utf8.Valid(data) {
		return nil, strictjson.ErrUTF8
	}
	s := strictjson.Scanner{Data: string(data)}
	if err := s.OpenObject(); err != nil {
		return nil, err
	}
	var ms []member
	var names strictjson.NameSet
	for first := true; ; first = false {
		name, ok, err := s.Member(first)
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if !names.Add(name) {
			return nil, strictjson.ErrDuplicate
		}
		// The mark moves on to the names of a nested object.
		mark, start := s.Mark(), s.Pos
		if err := s.Value(); err != nil {
			return nil, err
		}
		ms = append(ms, member{
			name:    name,
			rawName: nameToken(data[mark:start]),
			value:   data[start:s.Pos],
		})
	}
	if err := s.End(); err != nil {
		return nil, err
	}
	return ms, nil
}

// nameToken returns the quoted name at the start of text, which runs from
// a member's name to its value. Only whitespace and the colon follow the
// name's closing quote, so the last colon ends it.
func nameToken(text []byte) []byte {
	return bytes.TrimRight(text[:bytes.LastIndexByte(text, ':')], " \t\r\n")
}

// parseArray reads raw, the JSON text of one value, as an array and
// returns the raw text of its elements. raw has been checked by
// parseObject already.
func parseArray(raw []byte) ([][]byte, bool) {
	s := strictjson.Scanner{Data: string(raw)}
	if s.Peek() != '[' {
		return nil, false
	}
	var elems [][]byte
	err := s.Array(func() error {
		start := s.Pos
		if err := s.Value(); err != nil {
			return err
		}
		elems = append(elems, raw[start:s.Pos])
		return nil
	})
	return elems, err == nil
}

// decodeString returns the value of raw, the JSON text of a string that
// parseObject has checked.
func decodeString(raw []byte) (string, error) {
	s := strictjson.Scanner{Data: string(raw)}
	return s.StringValue()
}
