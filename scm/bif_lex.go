package scm

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// PositionError is an error in an input file, at a 1-based line and column
// (the column counts characters). File is empty unless the input was read
// with ReadFile.
type PositionError struct {
	File      string
	Line, Col int
	Err       error
}

// Error returns the message of Err prefixed with the file, line and column.
func (e *PositionError) Error() string {
	if e.File != "" {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, strings.TrimPrefix(e.Err.Error(), "scm: "))
	}
	return fmt.Sprintf("scm: line %d, column %d: %s", e.Line, e.Col, strings.TrimPrefix(e.Err.Error(), "scm: "))
}

// Unwrap returns Err.
func (e *PositionError) Unwrap() error { return e.Err }

type bifTokenKind int

const (
	bifEOF bifTokenKind = iota
	bifWord
	bifString
	bifPunct // one of { } [ ] ( ) | , ;
)

type bifToken struct {
	kind bifTokenKind
	text string
	off  int // byte offset in the source
}

func (t bifToken) describe() string {
	switch t.kind {
	case bifEOF:
		return "end of file"
	case bifString:
		return fmt.Sprintf("%q", t.text)
	default:
		return "'" + t.text + "'"
	}
}

// bifLexer splits BIF text into words, double-quoted strings and the
// punctuation { } [ ] ( ) | , ; and skips whitespace, // and /* */ comments.
// A word is any other run of characters, so state labels such as "<5",
// "0-3_days" or "Asy/Patch" are words.
type bifLexer struct {
	src  string
	off  int
	peek *bifToken
	err  error
}

const bifPunctChars = "{}[]()|,;"

// bifWordByte[c] reports whether byte c may be part of a word.
var bifWordByte = func() (table [256]bool) {
	for c := range table {
		table[c] = !isBIFSpace(byte(c)) && c != '"' && strings.IndexByte(bifPunctChars, byte(c)) < 0
	}
	return table
}()

func isBIFSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func isBIFWordByte(c byte) bool { return bifWordByte[c] }

// position returns the 1-based line and column of byte offset off.
func (l *bifLexer) position(off int) (line, col int) {
	off = min(off, len(l.src))
	prefix := l.src[:off]
	line = strings.Count(prefix, "\n") + 1
	start := strings.LastIndexByte(prefix, '\n') + 1
	return line, utf8.RuneCountInString(prefix[start:]) + 1
}

func (l *bifLexer) errorAt(off int, format string, args ...any) error {
	return l.wrapAt(off, fmt.Errorf(format, args...))
}

// wrapAt returns err as a *PositionError at byte offset off, so that
// errors.As still finds err, such as a *TableError, inside it.
func (l *bifLexer) wrapAt(off int, err error) error {
	line, col := l.position(off)
	return &PositionError{Line: line, Col: col, Err: err}
}

// Peek returns the next token without consuming it.
func (l *bifLexer) Peek() (bifToken, error) {
	if l.peek == nil {
		t, err := l.scan()
		if err != nil {
			return t, err
		}
		l.peek = &t
	}
	return *l.peek, nil
}

// Next consumes and returns the next token.
func (l *bifLexer) Next() (bifToken, error) {
	t, err := l.Peek()
	l.peek = nil
	return t, err
}

func (l *bifLexer) scan() (bifToken, error) {
	if err := l.skipSpace(); err != nil {
		return bifToken{}, err
	}
	src := l.src
	start := l.off
	if start >= len(src) {
		return bifToken{kind: bifEOF, off: start}, nil
	}
	c := src[start]
	switch {
	case strings.IndexByte(bifPunctChars, c) >= 0:
		l.off++
		return bifToken{kind: bifPunct, text: src[start : start+1], off: start}, nil
	case c == '"':
		return l.scanString()
	}
	i := start
	for i < len(src) && isBIFWordByte(src[i]) {
		if src[i] == '/' && i+1 < len(src) && (src[i+1] == '/' || src[i+1] == '*') {
			break
		}
		i++
	}
	l.off = i
	return bifToken{kind: bifWord, text: src[start:i], off: start}, nil
}

func (l *bifLexer) skipSpace() error {
	src := l.src
	for l.off < len(src) {
		c := src[l.off]
		switch {
		case isBIFSpace(c):
			l.off++
		case c == '/' && strings.HasPrefix(src[l.off:], "//"):
			end := strings.IndexByte(src[l.off:], '\n')
			if end < 0 {
				l.off = len(src)
			} else {
				l.off += end + 1
			}
		case c == '/' && strings.HasPrefix(src[l.off:], "/*"):
			end := strings.Index(src[l.off+2:], "*/")
			if end < 0 {
				return l.errorAt(l.off, "unterminated comment: expected '*/' before the end of the file")
			}
			l.off += end + 4
		default:
			return nil
		}
	}
	return nil
}

// property reads the text of a property after the keyword, which starts
// at byte off, up to the next ';' and consumes the ';'. The BIF 0.15
// grammar of JavaBayes defines a property as that raw text, so it may hold
// "//", "/*", braces or a lone '"'. A property whose text starts with a
// double-quoted string is read as that string, which may itself hold ';'.
// Call it right after Next returns the keyword, with no token peeked.
func (l *bifLexer) property(off int) (string, error) {
	text := ""
	rest := strings.TrimLeft(l.src[l.off:], " \t\n\r\f\v")
	if strings.HasPrefix(rest, "\"") {
		l.off = len(l.src) - len(rest)
		t, err := l.scanString()
		if err != nil {
			return "", err
		}
		text = t.text
	}
	end := strings.IndexByte(l.src[l.off:], ';')
	if end < 0 {
		return "", l.errorAt(off, "unterminated property: expected ';' before the end of the file")
	}
	text += l.src[l.off : l.off+end]
	l.off += end + 1
	return text, nil
}

// scanString reads a double-quoted string; a backslash escapes the next
// character.
func (l *bifLexer) scanString() (bifToken, error) {
	start := l.off
	var b strings.Builder
	for i := start + 1; i < len(l.src); i++ {
		switch c := l.src[i]; c {
		case '"':
			l.off = i + 1
			return bifToken{kind: bifString, text: b.String(), off: start}, nil
		case '\\':
			if i+1 < len(l.src) {
				i++
				b.WriteByte(l.src[i])
			}
		default:
			b.WriteByte(c)
		}
	}
	return bifToken{}, l.errorAt(start, "unterminated string: expected a closing '\"'")
}
