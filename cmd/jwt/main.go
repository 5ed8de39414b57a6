// Command jwt decodes, verifies and signs JSON Web Tokens, and makes and
// converts the keys that sign them. It applies the rules of the
// github.com/jotgo/jwt library: the key decides the algorithm, "none" is
// never accepted, and tokens and keys are parsed strictly.
//
// Usage:
//
//	jwt decode [TOKEN|-]
//	jwt verify (--key FILE | --key-env NAME | --jwks URL|FILE) [flags] [TOKEN|-]
//	jwt sign (--key FILE | --key-env NAME) [--alg ALG] [flags]
//	jwt keygen --alg ALG [--kid KID] [--out FILE]
//	jwt jwk [flags] [FILE|-]
//
// A token is read from the argument or, without one or with "-", from
// standard input, which keeps it out of shell history. Keys are read from
// PEM, DER, JWK, JWK Set and OpenSSH files; HMAC secrets from a file or an
// environment variable, never from a flag value. Every command takes
// --help, which shows its flags and examples, and --json, which makes its
// output machine-readable.
//
// Exit codes: 0 success; 1 the token is invalid (verify) or malformed
// (decode); 2 a usage error; 3 a key, file or other input that cannot be
// read or used.
//
// Install it with
//
//	go install github.com/jotgo/jwt/cmd/jwt@latest
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// The exit codes of every command.
const (
	exitOK      = 0
	exitInvalid = 1
	exitUsage   = 2
	exitInput   = 3
)

const exitCodesHelp = `Exit codes:
  0  success
  1  the token is invalid (verify) or malformed (decode)
  2  usage error: unknown command or flag, missing or conflicting flags
  3  a key, file or other input that cannot be read or used
`

const usage = `jwt decodes, verifies and signs JSON Web Tokens, and makes and converts keys.

Usage:
  jwt decode [TOKEN|-]                      show a token's header and claims, unverified
  jwt verify --key FILE [flags] [TOKEN|-]   verify a token (also --key-env, --jwks)
  jwt sign --key FILE [--alg ALG] [flags]   sign claims and print the token
  jwt keygen --alg ALG [--out FILE]         make a new private key and its public JWK
  jwt jwk [flags] [FILE|-]                  convert a key between PEM and JWK

Tokens are read from the argument or, without one or with "-", from
standard input. Every command takes --json for machine-readable output.
Run 'jwt COMMAND --help' for a command's flags and examples.

` + exitCodesHelp

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run runs the command line args, reading from stdin and writing to stdout
// and stderr, and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{
		stdin:     stdin,
		stdout:    stdout,
		stderr:    stderr,
		lookupEnv: os.LookupEnv,
		now:       time.Now,
	}
	return a.run(args)
}

// An app is one run of the tool, with its inputs and outputs.
type app struct {
	stdin     io.Reader
	stdout    io.Writer
	stderr    io.Writer
	lookupEnv func(string) (string, bool)
	now       func() time.Time

	// stdinUsed is set once something has been read from stdin.
	stdinUsed bool
}

// A command is one of the tool's subcommands.
type command struct {
	name string
	// args is what follows the name in the usage line.
	args string
	// help is the description shown by --help, before the flags.
	help string
	// examples are shown by --help after the flags.
	examples string
	run      func(a *app, c *command, args []string) error
}

func (a *app) run(args []string) int {
	if len(args) == 0 {
		fmt.Fprint(a.stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help":
		fmt.Fprint(a.stdout, usage)
		return exitOK
	case "help":
		if len(args) == 1 {
			fmt.Fprint(a.stdout, usage)
			return exitOK
		}
		args = []string{args[1], "--help"}
	}
	c := lookup(args[0])
	if c == nil {
		fmt.Fprintf(a.stderr, "jwt: unknown command %q\nRun 'jwt --help' for usage.\n", args[0])
		return exitUsage
	}
	return a.report(c, c.run(a, c, args[1:]))
}

// lookup returns the command called name, or nil.
func lookup(name string) *command {
	switch name {
	case "decode":
		return decodeCommand()
	case "verify":
		return verifyCommand()
	case "sign":
		return signCommand()
	case "keygen":
		return keygenCommand()
	case "jwk":
		return jwkCommand()
	}
	return nil
}

// report prints err, if any, and returns the exit code it stands for.
func (a *app) report(c *command, err error) int {
	if err == nil || errors.Is(err, errHelpShown) {
		return exitOK
	}
	code := exitInput
	var ce *exitError
	if errors.As(err, &ce) {
		code = ce.code
	}
	fmt.Fprintf(a.stderr, "jwt %s: %v\n", c.name, err)
	if code == exitUsage {
		fmt.Fprintf(a.stderr, "Run 'jwt %s --help' for usage.\n", c.name)
	}
	return code
}

// errHelpShown is returned by a command whose --help was printed.
var errHelpShown = errors.New("help shown")

// An exitError is an error with the exit code it causes.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }

func (e *exitError) Unwrap() error { return e.err }

// usageError returns an error that exits with exitUsage.
func usageError(format string, args ...any) error {
	return &exitError{exitUsage, fmt.Errorf(format, args...)}
}

// inputError returns an error that exits with exitInput.
func inputError(format string, args ...any) error {
	return &exitError{exitInput, fmt.Errorf(format, args...)}
}

// invalidError returns an error that exits with exitInvalid.
func invalidError(format string, args ...any) error {
	return &exitError{exitInvalid, fmt.Errorf(format, args...)}
}
