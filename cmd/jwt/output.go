package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"unicode/utf8"
)

// writeJSON writes v as indented JSON, without HTML escaping, and with the
// characters that could deceive a terminal escaped (see safeJSON).
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(safeJSON(buf.Bytes()))
	return err
}

// indentJSON returns the JSON document raw indented, its members in their
// order, with the characters that could deceive a terminal escaped.
func indentJSON(raw []byte) ([]byte, error) {
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return safeJSON(buf.Bytes()), nil
}

// safeJSON escapes, as \uXXXX, the characters of a JSON document that a
// terminal could act on or that could make it show something else than
// what is there: C1 controls, which some terminals read as escape
// sequences, line and paragraph separators, and the bidirectional
// formatting characters of "Trojan Source". Valid JSON holds them only
// inside strings, where the escape means the same character, so the
// document keeps its meaning. C0 controls, ESC included, cannot appear
// unescaped in valid JSON.
func safeJSON(doc []byte) []byte {
	var out []byte
	for i := 0; i < len(doc); {
		r, n := utf8.DecodeRune(doc[i:])
		if deceptive(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, doc[i:i+n]...)
		}
		i += n
	}
	return out
}

func deceptive(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r == 0x2028, r == 0x2029:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// writeNewFile writes data to a new file called name, readable by its owner
// only, and refuses to overwrite an existing file: a key file is never
// replaced by mistake.
func writeNewFile(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return inputError("%s already exists: the tool does not overwrite files", name)
	}
	if err != nil {
		return inputError("%w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return inputError("%w", err)
	}
	if err := f.Close(); err != nil {
		return inputError("%w", err)
	}
	return nil
}
