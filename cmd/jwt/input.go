package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// maxInput bounds what is read from a file, a variable or standard input:
// keys, key sets, claims and tokens are all far smaller.
const maxInput = 1 << 20

// readInput reads the file called name, or standard input when name is
// "-". Standard input can be read only once per run.
func (a *app) readInput(name string) ([]byte, error) {
	r, closeFile, err := a.open(name)
	if err != nil {
		return nil, err
	}
	defer closeFile()
	data, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err != nil {
		return nil, inputError("read %s: %w", displayName(name), err)
	}
	if len(data) > maxInput {
		return nil, inputError("%s is larger than 1 MiB", displayName(name))
	}
	return data, nil
}

func (a *app) open(name string) (io.Reader, func(), error) {
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, nil, inputError("%w", err)
		}
		return f, func() { f.Close() }, nil
	}
	if a.stdinUsed {
		return nil, nil, usageError("standard input can be read only once: " +
			"give the token or the key as a file or an argument")
	}
	a.stdinUsed = true
	return a.stdin, func() {}, nil
}

func displayName(name string) string {
	if name == "-" {
		return "standard input"
	}
	return name
}

// readToken returns the token given as the only positional argument or,
// without one or when it is "-", read from standard input. Surrounding
// white space is removed.
func (a *app) readToken(pos []string) (string, error) {
	if len(pos) > 0 && pos[0] != "-" {
		if st, err := os.Stat(pos[0]); err == nil && st.Mode().IsRegular() {
			return "", usageError("%s is a file, and the argument is the token itself: "+
				"read the token from the file with < %s", pos[0], pos[0])
		}
		return pos[0], nil
	}
	if isTerminal(a.stdin) && !a.stdinUsed {
		fmt.Fprintln(a.stderr, "Paste the token, then press Enter and Ctrl-D:")
	}
	data, err := a.readInput("-")
	if err != nil {
		return "", err
	}
	token := strings.TrimSpace(string(data))
	if token == "" {
		return "", inputError("no token: give it as an argument or on standard input")
	}
	return token, nil
}

// isTerminal reports whether r is a terminal, where a user would paste.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// decodeObject decodes data, which must be a single JSON object without
// duplicate member names at any depth, into a map whose numbers are
// json.Number.
func decodeObject(data []byte) (map[string]any, error) {
	if err := checkDuplicates(json.NewDecoder(bytes.NewReader(data))); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errors.New("not a JSON object")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("data after the JSON object")
	}
	return m, nil
}

// checkDuplicates reads one JSON value from dec and returns an error if
// an object in it has two members of the same name, which encoding/json
// would silently merge.
func checkDuplicates(dec *json.Decoder) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('{'):
		seen := map[string]bool{}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return err
			}
			name, _ := tok.(string)
			if seen[name] {
				return fmt.Errorf("duplicate member %q", name)
			}
			seen[name] = true
			if err := checkDuplicates(dec); err != nil {
				return err
			}
		}
	case json.Delim('['):
		for dec.More() {
			if err := checkDuplicates(dec); err != nil {
				return err
			}
		}
	default:
		return nil
	}
	_, err = dec.Token()
	return err
}
