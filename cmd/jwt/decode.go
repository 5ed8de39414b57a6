package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jotgo/jwt"
)

const notVerified = "NOT VERIFIED: this shows what the token claims, not whether it is " +
	"genuine.\nAnyone can make a token that decodes like this one; " +
	"use 'jwt verify' to check it."

const refused = "REFUSED: this is not a valid token. What follows is decoded " +
	"leniently,\nto help find the fault. Nothing was verified."

func decodeCommand() *command {
	return &command{
		name: "decode",
		args: "[flags] [TOKEN|-]",
		help: `Decode shows the header and the claims of a token as indented JSON, and
its dates (iat, nbf, exp) as UTC times with how long ago or ahead they
are. It verifies nothing: anyone can make a token that decodes like this
one. Use 'jwt verify' to know whether to trust it.

The token is the argument or, without one or with "-", standard input.
A token the library refuses (not three base64url segments, invalid or
duplicate JSON, a claim of the wrong type, ...) is still shown as far as
it can be decoded, marked as refused, with the reason on standard error
and exit code 1.
`,
		examples: `  jwt decode eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSJ9.GrU...
  pbpaste | jwt decode
  jwt decode --json < token.txt | jq -r .claims.sub
`,
		run: (*app).decode,
	}
}

// A decodeResult is what decode shows.
type decodeResult struct {
	// Verified is always false: decode checks nothing.
	Verified bool `json:"verified"`
	// Warning says so in words.
	Warning string `json:"warning"`
	// Error is why the library refuses the token, or empty.
	Error string `json:"error,omitempty"`
	// Header is the header as JSON, or as a string when it is not JSON.
	Header json.RawMessage `json:"header"`
	// Claims is the payload as JSON, or as a string when it is not JSON.
	Claims json.RawMessage `json:"claims"`
	Dates  *dates          `json:"dates,omitempty"`
	// SignatureBytes is the length of the decoded signature.
	SignatureBytes *int `json:"signature_bytes"`
	// Notes say what is wrong with each part of a refused token.
	Notes map[string]string `json:"notes,omitempty"`
}

func (a *app) decode(c *command, args []string) error {
	fs := newFlagSet(c)
	jsonOut := fs.Bool("json", false, "print one JSON object: verified (false), warning, "+
		"header, claims, dates, signature_bytes, and error for a refused token")
	nowFlag := fs.String("now", "", "show the dates relative to `TIME` (RFC 3339 or Unix "+
		"seconds) instead of the current time")
	pos, err := a.parseFlags(fs, c, args, 1)
	if err != nil {
		return err
	}
	now, err := a.clock(*nowFlag)
	if err != nil {
		return err
	}
	token, err := a.readToken(pos)
	if err != nil {
		return err
	}
	tok, perr := jwt.ParseUnverified(token)
	var r *decodeResult
	if perr != nil {
		r = decodeLeniently(token, now)
		r.Error = perr.Error()
	} else {
		r = decodeParsed(tok, now)
	}
	if *jsonOut {
		err = writeJSON(a.stdout, r)
	} else {
		err = r.print(a.stdout, now)
	}
	if err != nil {
		return err
	}
	if perr != nil {
		return invalidError("token refused: %w", perr)
	}
	return nil
}

func decodeParsed(tok *jwt.Token, now time.Time) *decodeResult {
	header, _ := tok.Header().MarshalJSON()
	n := len(tok.Signature())
	return &decodeResult{
		Warning:        notVerified,
		Header:         header,
		Claims:         tok.Payload(),
		Dates:          datesOf(tok.Claims(), now),
		SignatureBytes: &n,
	}
}

// decodeLeniently decodes what it can of a token the library refuses:
// base64url that is not strict, JSON that is not strict, text that is not
// JSON. Each part that is not what a token needs gets a note.
func decodeLeniently(token string, now time.Time) *decodeResult {
	r := &decodeResult{Warning: refused, Notes: map[string]string{}}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		r.Notes["token"] = fmt.Sprintf("segments separated by dots: %d, want 3", len(parts))
	}
	var payload []byte
	r.Header, _, r.Notes["header"] = lenientPart(parts, 0)
	r.Claims, payload, r.Notes["claims"] = lenientPart(parts, 1)
	sig, note := lenientBase64(parts, 2)
	if sig != nil {
		n := len(sig)
		r.SignatureBytes = &n
	}
	r.Notes["signature"] = note
	for k, v := range r.Notes {
		if v == "" {
			delete(r.Notes, k)
		}
	}
	r.Dates = datesOfRaw(payload, now)
	return r
}

// lenientPart decodes part i of a token as JSON if it can, else as a JSON
// string of its text. It returns the JSON to show, the decoded bytes and
// a note on what is wrong, if anything.
func lenientPart(parts []string, i int) (json.RawMessage, []byte, string) {
	b, note := lenientBase64(parts, i)
	switch {
	case b == nil:
		return json.RawMessage("null"), nil, note
	case json.Valid(b):
		return b, b, note
	case utf8.Valid(b):
		s, _ := json.Marshal(string(b))
		return s, b, join(note, "not JSON; shown as a string")
	}
	return json.RawMessage("null"), b,
		join(note, fmt.Sprintf("%d bytes that are neither JSON nor text", len(b)))
}

// lenientBase64 decodes part i of a token, even with padding or the
// standard base64 alphabet, and says when it did not need to.
func lenientBase64(parts []string, i int) ([]byte, string) {
	if i >= len(parts) {
		return nil, "missing"
	}
	s := parts[i]
	if b, err := base64.RawURLEncoding.Strict().DecodeString(s); err == nil &&
		!strings.ContainsAny(s, "\r\n") {
		return b, ""
	}
	loose := strings.NewReplacer("+", "-", "/", "_", "=", "", "\r", "", "\n", "",
		" ", "").Replace(s)
	if b, err := base64.RawURLEncoding.DecodeString(loose); err == nil {
		return b, "not strict base64url"
	}
	return nil, "not base64url"
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func (r *decodeResult) print(w io.Writer, now time.Time) error {
	fmt.Fprintf(w, "%s\n", r.Warning)
	if r.Error != "" {
		fmt.Fprintf(w, "Reason: %s\n", r.Error)
	}
	fmt.Fprintln(w)
	for _, part := range []struct {
		title, note string
		json        json.RawMessage
	}{{"Header", r.Notes["header"], r.Header}, {"Claims", r.Notes["claims"], r.Claims}} {
		fmt.Fprintf(w, "%s", part.title)
		if part.note != "" {
			fmt.Fprintf(w, " (%s)", part.note)
		}
		text, err := indentJSON(part.json)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, ":\n%s\n", text)
	}
	r.Dates.print(w, now)
	if r.Dates != nil {
		fmt.Fprintln(w)
	}
	if note := r.Notes["token"]; note != "" {
		fmt.Fprintf(w, "Token: %s\n", note)
	}
	switch {
	case r.SignatureBytes == nil:
		fmt.Fprintf(w, "Signature: %s\n", r.Notes["signature"])
	case r.Notes["signature"] != "":
		fmt.Fprintf(w, "Signature: %d bytes (%s)\n", *r.SignatureBytes, r.Notes["signature"])
	default:
		fmt.Fprintf(w, "Signature: %d bytes\n", *r.SignatureBytes)
	}
	return nil
}
