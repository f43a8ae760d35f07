package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// usageError is invalid usage of the command line: a bad flag combination
// or a missing argument. It exits with status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// parseFlags parses the flags of the subcommand fs and returns its
// positional arguments. Flags may come before or after them. On -h it prints
// the subcommand's help to stdout and returns exitOK with done set. On an
// invalid flag it prints the error to stderr and returns exitInvalid with
// done set.
func parseFlags(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (positional []string, status int, done bool) {
	// The flag package prints help and errors to one writer, so collect
	// them and decide afterwards which stream they belong to.
	var buf bytes.Buffer
	fs.SetOutput(&buf)
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			stdout.Write(buf.Bytes())
			return nil, exitOK, true
		}
		if err != nil {
			fmt.Fprintf(stderr, "%s: %s\n", fs.Name(), printable(err.Error()))
			fmt.Fprintf(stderr, "Run '%s -h' for its flags.\n", fs.Name())
			return nil, exitInvalid, true
		}
		if fs.NArg() == 0 {
			return positional, exitOK, false
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// queryArgument returns the single QUERY argument of a subcommand.
func queryArgument(positional []string) (string, error) {
	switch len(positional) {
	case 0:
		return "", usagef("missing QUERY argument, e.g. 'P(C | do(S))', or - to read queries from standard input")
	case 1:
		if strings.TrimSpace(positional[0]) == "" {
			return "", usagef("empty QUERY argument: write a query such as 'P(C | do(S))'")
		}
		return positional[0], nil
	default:
		return "", usagef("expected one QUERY argument, got %d: %q (quote the query as one argument)", len(positional), positional)
	}
}

// fail prints err to stderr and returns its exit status. A usage error is
// followed by a pointer to the help of command, such as "causal query".
func fail(stderr io.Writer, command string, err error) int {
	fmt.Fprintf(stderr, "causal: %s\n", printable(err.Error()))
	var u *usageError
	if errors.As(err, &u) {
		fmt.Fprintf(stderr, "Run '%s -h' for usage.\n", command)
	}
	return exitCode(err)
}

// printable escapes control characters and invalid UTF-8 in s, such as the
// bytes of a binary file quoted in an error, so that they cannot garble a
// terminal. Tabs and newlines are kept.
func printable(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || (unicode.IsControl(r) && r != '\t' && r != '\n') {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\t' || r == '\n':
			b.WriteRune(r)
		case unicode.IsControl(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// quoteName returns name as the query language writes it: unchanged when it
// is an identifier (letters, digits, '_', '.', '-'), double-quoted otherwise.
func quoteName(name string) string {
	if isIdentifier(name) {
		return name
	}
	return strconv.Quote(name)
}

func isIdentifier(s string) bool {
	if s == "" || s == "do" || s == "P" || strings.Contains(s, "_{") {
		return false
	}
	for _, r := range s {
		if r != '_' && r != '.' && r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// nameList formats up to 20 names for an error message, quoting those that
// are not identifiers.
func nameList(names []string) string {
	const limit = 20
	if len(names) == 0 {
		return "none"
	}
	quoted := make([]string, 0, min(len(names), limit))
	for _, n := range names[:min(len(names), limit)] {
		quoted = append(quoted, quoteName(n))
	}
	list := strings.Join(quoted, ", ")
	if len(names) > limit {
		list += fmt.Sprintf(" and %d more", len(names)-limit)
	}
	return list
}
