package identify

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SyntaxError is an error in graph text, at a line and column (both from 1,
// columns counted in characters).
type SyntaxError struct {
	Line, Col int
	Msg       string
	// Err is the underlying error, if any: a *CycleError when the statement
	// at Line:Col closes a directed cycle.
	Err error
}

// Error returns a message giving the line, the column and what is wrong there.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("identify: graph %d:%d: %s", e.Line, e.Col, e.Msg)
}

// Unwrap returns the underlying error.
func (e *SyntaxError) Unwrap() error { return e.Err }

// ParseGraph parses a graph written in the graph syntax:
//
//	# a comment runs to the end of the line
//	X -> Z -> Y      # a chain of directed edges
//	Y <- W           # the edge W -> Y
//	X <-> Y          # a bidirected edge: an unobserved common cause of X and Y
//	V                # an isolated node
//
// Statements are separated by newlines or semicolons. A node name is an
// identifier made of letters, digits, '_', '.' and '-' (a '-' directly followed
// by '>' starts an arrow, so "a->b" is an edge), or a double-quoted string with
// Go escapes. Nodes are numbered in the order they first appear.
//
// ParseGraph returns a *SyntaxError giving the line and column. A statement that
// closes a directed cycle is an error whose Err is a *CycleError listing it.
func ParseGraph(src string) (*Graph, error) {
	p := &graphParser{lex: graphLexer{src: src, line: 1, col: 1}, g: NewGraph()}
	if err := p.parse(); err != nil {
		return nil, err
	}
	return p.g, nil
}

type tokenKind int

const (
	tokEOF tokenKind = iota
	tokSep
	tokName
	tokArrow   // ->
	tokBack    // <-
	tokBiArrow // <->
)

func (k tokenKind) String() string {
	switch k {
	case tokEOF:
		return "end of input"
	case tokSep:
		return "end of statement"
	case tokName:
		return "node name"
	case tokArrow:
		return "'->'"
	case tokBack:
		return "'<-'"
	default:
		return "'<->'"
	}
}

type token struct {
	kind      tokenKind
	text      string // the name, unquoted, for tokName
	line, col int
}

func (t token) describe() string {
	switch t.kind {
	case tokName:
		return fmt.Sprintf("name %s", quoteName(t.text))
	case tokSep:
		if t.text == ";" {
			return "';'"
		}
		return "end of line"
	}
	return t.kind.String()
}

type graphLexer struct {
	src       string
	pos       int
	line, col int
}

func (l *graphLexer) peekRune(off int) rune {
	if l.pos+off >= len(l.src) {
		return -1
	}
	r, _ := utf8.DecodeRuneInString(l.src[l.pos+off:])
	return r
}

func (l *graphLexer) advance() rune {
	r, n := utf8.DecodeRuneInString(l.src[l.pos:])
	l.pos += n
	if r == '\n' {
		l.line++
		l.col = 1
	} else {
		l.col++
	}
	return r
}

func (l *graphLexer) errorf(line, col int, format string, args ...any) *SyntaxError {
	return &SyntaxError{Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// next returns the next token.
func (l *graphLexer) next() (token, error) {
	for l.pos < len(l.src) {
		r := l.peekRune(0)
		if r == '#' {
			for l.pos < len(l.src) && l.peekRune(0) != '\n' {
				l.advance()
			}
			continue
		}
		if r != '\n' && unicode.IsSpace(r) {
			l.advance()
			continue
		}
		break
	}
	t := token{line: l.line, col: l.col}
	if l.pos >= len(l.src) {
		t.kind = tokEOF
		return t, nil
	}
	r := l.peekRune(0)
	switch {
	case r == '\n' || r == ';':
		l.advance()
		t.kind, t.text = tokSep, string(r)
	case r == '-' && l.peekRune(1) == '>':
		l.advance()
		l.advance()
		t.kind = tokArrow
	case r == '<' && l.peekRune(1) == '-' && l.peekRune(2) == '>':
		l.advance()
		l.advance()
		l.advance()
		t.kind = tokBiArrow
	case r == '<' && l.peekRune(1) == '-':
		l.advance()
		l.advance()
		t.kind = tokBack
	case r == '"':
		s, err := l.quoted()
		if err != nil {
			return t, err
		}
		t.kind, t.text = tokName, s
	case isNameRune(r):
		start := l.pos
		for l.pos < len(l.src) {
			r := l.peekRune(0)
			if !isNameRune(r) || (r == '-' && l.peekRune(1) == '>') {
				break
			}
			l.advance()
		}
		t.kind, t.text = tokName, l.src[start:l.pos]
	case r == utf8.RuneError:
		return t, l.errorf(t.line, t.col, "invalid UTF-8 encoding")
	default:
		return t, l.errorf(t.line, t.col, "unexpected character %q: expected a node name, '->', '<-', '<->', ';' or '#'", r)
	}
	return t, nil
}

// quoted scans a double-quoted name starting at the current position.
func (l *graphLexer) quoted() (string, error) {
	line, col := l.line, l.col
	start := l.pos
	l.advance()
	for l.pos < len(l.src) {
		r := l.advance()
		switch r {
		case '\\':
			if l.pos < len(l.src) {
				l.advance()
			}
		case '\n':
			return "", l.errorf(line, col, "quoted name not closed before the end of the line")
		case '"':
			s, err := strconv.Unquote(l.src[start:l.pos])
			if err != nil {
				return "", l.errorf(line, col, "invalid quoted name %s: use Go string escapes", l.src[start:l.pos])
			}
			return s, nil
		}
	}
	return "", l.errorf(line, col, "quoted name not closed before the end of the input")
}

type graphParser struct {
	lex graphLexer
	g   *Graph
}

func (p *graphParser) parse() error {
	for {
		t, err := p.lex.next()
		if err != nil {
			return err
		}
		switch t.kind {
		case tokEOF:
			return nil
		case tokSep:
			continue
		case tokName:
			if err := p.statement(t); err != nil {
				return err
			}
		default:
			return p.lex.errorf(t.line, t.col, "expected a node name, found %s", t.describe())
		}
	}
}

// statement parses the rest of a statement that starts with the name first.
func (p *graphParser) statement(first token) error {
	prev := first.text
	p.g.AddNode(prev)
	for {
		op, err := p.lex.next()
		if err != nil {
			return err
		}
		switch op.kind {
		case tokEOF, tokSep:
			return nil
		case tokArrow, tokBack, tokBiArrow:
		default:
			return p.lex.errorf(op.line, op.col, "expected '->', '<-', '<->', ';' or a new line after %s, found %s", quoteName(prev), op.describe())
		}
		t, err := p.lex.next()
		if err != nil {
			return err
		}
		if t.kind != tokName {
			return p.lex.errorf(t.line, t.col, "expected a node name after %s, found %s", op.kind, t.describe())
		}
		if err := p.addEdge(prev, t.text, op); err != nil {
			return err
		}
		prev = t.text
	}
}

func (p *graphParser) addEdge(a, b string, op token) error {
	var err error
	switch op.kind {
	case tokArrow:
		err = p.g.AddEdge(a, b)
	case tokBack:
		err = p.g.AddEdge(b, a)
	default:
		if a == b {
			return p.lex.errorf(op.line, op.col, "bidirected edge %s <-> %s joins a node to itself", quoteName(a), quoteName(b))
		}
		err = p.g.AddBidirected(a, b)
	}
	if err != nil {
		msg := err.Error()
		if c, ok := err.(*CycleError); ok {
			msg = strings.TrimPrefix(c.Error(), "identify: ")
		}
		return &SyntaxError{Line: op.line, Col: op.col, Msg: msg, Err: err}
	}
	return nil
}

// isNameRune reports whether r may appear in an unquoted name.
func isNameRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.' || r == '-'
}

// quoteName returns name as the graph syntax writes it: unchanged when it is an
// identifier, double-quoted otherwise.
func quoteName(name string) string {
	if name == "" || strings.Contains(name, "->") {
		return strconv.Quote(name)
	}
	for _, r := range name {
		if !isNameRune(r) {
			return strconv.Quote(name)
		}
	}
	return name
}
