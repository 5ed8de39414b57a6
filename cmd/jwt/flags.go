package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// newFlagSet returns a flag set that prints nothing itself: parseFlags
// reports its errors and prints its help.
func newFlagSet(c *command) *flag.FlagSet {
	fs := flag.NewFlagSet("jwt "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseFlags parses args and returns the positional arguments, at most
// maxArgs of them. Flags may come after positional arguments, as in
// "jwt verify TOKEN --key k.pem"; "--" ends the flags. On -h or --help it
// prints the command's help to stdout and returns errHelpShown.
func (a *app) parseFlags(fs *flag.FlagSet, c *command, args []string,
	maxArgs int) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				printHelp(a.stdout, fs, c)
				return nil, errHelpShown
			}
			return nil, usageError("%w", err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			pos = append(pos, rest...)
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	if len(pos) > maxArgs {
		return nil, usageError("too many arguments: %d, want at most %d", len(pos), maxArgs)
	}
	return pos, nil
}

// printHelp writes the help of c: usage, description, flags, examples and
// exit codes.
func printHelp(w io.Writer, fs *flag.FlagSet, c *command) {
	fmt.Fprintf(w, "Usage: jwt %s %s\n\n%s\nFlags:\n", c.name, c.args, c.help)
	type line struct{ left, right string }
	var lines []line
	width := 0
	fs.VisitAll(func(f *flag.Flag) {
		arg, text := flag.UnquoteUsage(f)
		left := "--" + f.Name
		if arg != "" {
			left += " " + arg
		}
		if d := f.DefValue; d != "" && d != "false" && d != "0" && d != "0s" && d != "[]" {
			text += fmt.Sprintf(" (default %s)", d)
		}
		width = max(width, len(left))
		lines = append(lines, line{left, text})
	})
	for _, l := range lines {
		fmt.Fprintf(w, "  %-*s  %s\n", width, l.left, wrap(l.right, width+4, 80))
	}
	fmt.Fprintf(w, "\nExamples:\n%s\n%s", c.examples, exitCodesHelp)
}

// wrap breaks text into lines of at most width columns, indenting every
// line but the first by indent, which the first is assumed to start at.
func wrap(text string, indent, width int) string {
	var b strings.Builder
	col := indent
	for i, word := range strings.Fields(text) {
		switch {
		case i > 0 && col+1+len(word) > width:
			b.WriteString("\n" + strings.Repeat(" ", indent))
			col = indent
		case i > 0:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += len(word)
	}
	return b.String()
}

// A stringList is a flag that may be given more than once.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }

func (l *stringList) Set(s string) error {
	*l = append(*l, s)
	return nil
}

// parseTime reads a time given as RFC 3339 ("2026-01-02T15:04:05Z") or as
// Unix seconds.
func parseTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if sec, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(sec, 0), nil
	}
	return time.Time{}, fmt.Errorf("time %q is neither RFC 3339 nor Unix seconds", s)
}

// parseDuration reads a duration as time.ParseDuration does, and also
// accepts days, as in "7d" or "1d12h".
func parseDuration(s string) (time.Duration, error) {
	rest, sign := s, time.Duration(1)
	if r, ok := strings.CutPrefix(rest, "-"); ok {
		rest, sign = r, -1
	}
	var days time.Duration
	if before, after, ok := strings.Cut(rest, "d"); ok {
		n, err := strconv.ParseUint(before, 10, 16)
		if err != nil {
			return 0, fmt.Errorf("invalid duration %q", s)
		}
		days, rest = time.Duration(n)*24*time.Hour, after
	}
	d := time.Duration(0)
	if rest != "" {
		var err error
		if d, err = time.ParseDuration(rest); err != nil || d < 0 {
			return 0, fmt.Errorf("invalid duration %q", s)
		}
	}
	return sign * (days + d), nil
}

// parseWhen reads a time given as an offset from now ("1h", "-5m", "7d")
// or as a time that parseTime reads.
func parseWhen(s string, now time.Time) (time.Time, error) {
	if d, err := parseDuration(s); err == nil {
		return now.Add(d), nil
	}
	if t, err := parseTime(s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is neither a duration such as 1h or 7d, "+
		"nor an RFC 3339 time, nor Unix seconds", s)
}

// clock returns the time given by --now, or the current time.
func (a *app) clock(now string) (time.Time, error) {
	if now == "" {
		return a.now(), nil
	}
	t, err := parseTime(now)
	if err != nil {
		return time.Time{}, usageError("--now: %w", err)
	}
	return t, nil
}
