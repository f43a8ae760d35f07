package scm

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Term is one item of a query: a variable, optionally with a value, and
// optionally a counterfactual subscript. In P(Y_{X=1}=1 | X=0), the target
// is the Term {Var: "Y", Value: "1", HasValue: true, Do: [{Var: "X",
// Value: "1", HasValue: true}]}: the value Y would have had if X had been 1.
type Term struct {
	Var      string
	Value    string
	HasValue bool
	Do       []Term
}

// Label returns the term's variable with its subscript and without its
// value, with no spaces: "Y_{X=1}" or "Y".
func (t Term) Label() string {
	var b strings.Builder
	b.WriteString(quoteName(t.Var))
	if len(t.Do) > 0 {
		b.WriteString("_{")
		for k, s := range t.Do {
			if k > 0 {
				b.WriteString(",")
			}
			b.WriteString(s.String())
		}
		b.WriteString("}")
	}
	return b.String()
}

// String returns the term as the query language writes it.
func (t Term) String() string {
	if !t.HasValue {
		return t.Label()
	}
	return t.Label() + "=" + quoteName(t.Value)
}

// Query is a parsed query P(Targets | do(Do), Evidence).
//
// Targets and Evidence terms without a value ask for the whole distribution
// over that variable; Do terms without a value ask for the interventional
// channel, one row per state of the intervened variable. A Term with a
// subscript is counterfactual.
type Query struct {
	Targets  []Term
	Do       []Term
	Evidence []Term
}

// IsCounterfactual reports whether a target or an evidence term has a
// counterfactual subscript.
func (q *Query) IsCounterfactual() bool {
	for _, t := range q.Targets {
		if len(t.Do) > 0 {
			return true
		}
	}
	for _, t := range q.Evidence {
		if len(t.Do) > 0 {
			return true
		}
	}
	return false
}

// String returns the query in canonical form: terms in their given order,
// "do(...)" before the evidence, single spaces around "|" and after commas,
// and names quoted only where needed. ParseQuery(q.String()) equals q.
func (q *Query) String() string {
	var b strings.Builder
	b.WriteString("P(")
	writeTerms(&b, q.Targets)
	if len(q.Do) > 0 || len(q.Evidence) > 0 {
		b.WriteString(" | ")
	}
	if len(q.Do) > 0 {
		b.WriteString("do(")
		writeTerms(&b, q.Do)
		b.WriteString(")")
		if len(q.Evidence) > 0 {
			b.WriteString(", ")
		}
	}
	writeTerms(&b, q.Evidence)
	b.WriteString(")")
	return b.String()
}

func writeTerms(b *strings.Builder, ts []Term) {
	for k, t := range ts {
		if k > 0 {
			b.WriteString(", ")
		}
		b.WriteString(t.String())
	}
}

// Check checks the query against a model. Every variable and state must
// exist, and there must be at least one target. A variable may appear at
// most once among the targets, once among the interventions, once in the
// evidence and once in each subscript. No variable may be both intervened on
// and observed.
// Errors for unknown names are *UnknownError values listing valid names.
func (q *Query) Check(m *Model) error {
	if len(q.Targets) == 0 {
		return errors.New("scm: query has no target variable")
	}
	for _, group := range []struct {
		name  string
		terms []Term
	}{{"target", q.Targets}, {"intervention", q.Do}, {"evidence", q.Evidence}} {
		seen := make(map[string]bool)
		for _, t := range group.terms {
			if err := checkTerm(m, t, group.name == "intervention"); err != nil {
				return err
			}
			if seen[t.Label()] {
				return fmt.Errorf("scm: query: %s %s appears twice", t.Label(), group.name)
			}
			seen[t.Label()] = true
		}
	}
	for _, d := range q.Do {
		for _, e := range q.Evidence {
			if len(e.Do) == 0 && e.Var == d.Var {
				return fmt.Errorf("scm: query: %s is both intervened on and observed; remove it from do(...) or from the evidence", quoteName(d.Var))
			}
		}
	}
	return nil
}

func checkTerm(m *Model, t Term, isDo bool) error {
	i, ok := m.Index(t.Var)
	if !ok {
		return fmt.Errorf("scm: query: %w", m.unknownVariable(t.Var))
	}
	if t.HasValue {
		if _, ok := m.types[i].Index(t.Value); !ok {
			return fmt.Errorf("scm: query: %w", &UnknownError{Kind: "state", Name: t.Value, Of: t.Var, Valid: m.vars[i].States})
		}
	}
	if isDo && len(t.Do) > 0 {
		return fmt.Errorf("scm: query: intervention %s has a subscript; do(...) takes plain variables", t.Label())
	}
	seen := make(map[string]bool)
	for _, s := range t.Do {
		if !s.HasValue {
			return fmt.Errorf("scm: query: subscript of %s: %s has no value", t.Label(), quoteName(s.Var))
		}
		if len(s.Do) > 0 {
			return fmt.Errorf("scm: query: subscript of %s: %s has a nested subscript", t.Label(), quoteName(s.Var))
		}
		if seen[s.Var] {
			return fmt.Errorf("scm: query: subscript of %s sets %s twice", t.Label(), quoteName(s.Var))
		}
		seen[s.Var] = true
		if err := checkTerm(m, s, false); err != nil {
			return err
		}
	}
	return nil
}

// SyntaxError is a query that does not follow the grammar. Col is the
// 1-based column, in characters, where parsing failed.
type SyntaxError struct {
	Col int
	Msg string
}

// Error returns a message giving the column and what failed to parse.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("scm: query syntax error at column %d: %s", e.Col, e.Msg)
}

// ParseQuery parses a query of the form
//
//	P(targets)
//	P(targets | conditions)
//
// where targets is a comma-separated list of terms and conditions a
// comma-separated list of evidence terms and do(...) groups. A term is a
// name, an optional subscript _{X=x, ...} and an optional =value; inside
// do(...) terms have no subscript. Names and values are identifiers (letters,
// combining marks, digits, '_', '.', '-') or double-quoted strings in which
// \" \\ \n and \t are the escapes. Whitespace is free. Errors are
// *SyntaxError values.
func ParseQuery(s string) (*Query, error) {
	p := &queryParser{src: s}
	if err := p.lex(); err != nil {
		return nil, err
	}
	q, err := p.parse()
	if err != nil {
		return nil, err
	}
	return q, nil
}

type queryTokenKind int

const (
	qEOF queryTokenKind = iota
	qName
	qString
	qPunct // one of ( ) , | = { } and "_{" for a subscript
)

type queryToken struct {
	kind queryTokenKind
	text string
	col  int
}

func (t queryToken) describe() string {
	switch t.kind {
	case qEOF:
		return "end of query"
	case qString:
		return strconv.Quote(t.text)
	default:
		return "'" + t.text + "'"
	}
}

type queryParser struct {
	src  string
	toks []queryToken
	pos  int
}

// isIdentRune reports whether r may be part of an identifier. Combining
// marks are, so that a decomposed "é" (e and U+0301) is a letter as the
// precomposed one is.
func isIdentRune(r rune) bool {
	return r == '_' || r == '.' || r == '-' || unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r)
}

// isIdentifier reports whether s can be written unquoted in a query.
func isIdentifier(s string) bool {
	if s == "" || s == "do" || s == "P" {
		return false
	}
	for i, r := range s {
		if !isIdentRune(r) {
			return false
		}
		if r == '_' && strings.HasPrefix(s[i+1:], "{") {
			return false
		}
	}
	return !strings.HasSuffix(s, "_")
}

// quoteString returns s as a double-quoted string of the query language.
func quoteString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func (p *queryParser) lex() error {
	col := 0
	for i := 0; i < len(p.src); {
		r, size := utf8.DecodeRuneInString(p.src[i:])
		col++
		start := col
		switch {
		case r == utf8.RuneError && size == 1:
			return &SyntaxError{Col: col, Msg: "invalid UTF-8"}
		case unicode.IsSpace(r):
			i += size
		case r == '_' && strings.HasPrefix(p.src[i+1:], "{"):
			p.toks = append(p.toks, queryToken{qPunct, "_{", start})
			i += 2
			col++
		case strings.ContainsRune("(),|={}", r):
			p.toks = append(p.toks, queryToken{qPunct, string(r), start})
			i += size
		case r == '"':
			text, n, cols, err := scanQuoted(p.src[i:])
			if err != nil {
				return &SyntaxError{Col: start + cols, Msg: err.Error()}
			}
			p.toks = append(p.toks, queryToken{qString, text, start})
			i += n
			col += cols - 1
		case isIdentRune(r):
			j := i
			for j < len(p.src) {
				r, size := utf8.DecodeRuneInString(p.src[j:])
				if !isIdentRune(r) || r == '_' && strings.HasPrefix(p.src[j+1:], "{") {
					break
				}
				j += size
				col++
			}
			col--
			p.toks = append(p.toks, queryToken{qName, p.src[i:j], start})
			i = j
		default:
			return &SyntaxError{Col: col, Msg: fmt.Sprintf("unexpected character %q; names are letters, digits, '_', '.', '-' or a double-quoted string", r)}
		}
	}
	p.toks = append(p.toks, queryToken{kind: qEOF, col: col + 1})
	return nil
}

// scanQuoted reads a double-quoted string at the start of s and returns its
// value, its length in bytes and in characters. On an error, cols is the
// offset in characters of the fault from the opening quote.
func scanQuoted(s string) (text string, n, cols int, err error) {
	var b strings.Builder
	cols = 1
	for i := 1; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return "", 0, cols, errors.New("invalid UTF-8 in a quoted string")
		}
		i += size
		cols++
		switch r {
		case '"':
			return b.String(), i, cols, nil
		case '\\':
			if i >= len(s) {
				return "", 0, 0, errors.New("unterminated string: expected '\"'")
			}
			e, size := utf8.DecodeRuneInString(s[i:])
			switch e {
			case '"', '\\':
				b.WriteRune(e)
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default:
				return "", 0, cols - 1, fmt.Errorf("invalid escape \\%c in a quoted string; the escapes are \\\" \\\\ \\n and \\t", e)
			}
			i += size
			cols++
		default:
			b.WriteRune(r)
		}
	}
	return "", 0, 0, errors.New("unterminated string: expected '\"'")
}

func (p *queryParser) peek() queryToken { return p.toks[p.pos] }

func (p *queryParser) next() queryToken {
	t := p.toks[p.pos]
	if t.kind != qEOF {
		p.pos++
	}
	return t
}

func (p *queryParser) isPunct(s string) bool {
	t := p.peek()
	return t.kind == qPunct && t.text == s
}

func (p *queryParser) expect(s, context string) error {
	if p.isPunct(s) {
		p.next()
		return nil
	}
	return p.errorf("expected '%s' %s, found %s", s, context, p.peek().describe())
}

func (p *queryParser) errorf(format string, args ...any) error {
	return &SyntaxError{Col: p.peek().col, Msg: fmt.Sprintf(format, args...)}
}

func (p *queryParser) parse() (*Query, error) {
	if t := p.peek(); t.kind != qName || t.text != "P" {
		return nil, p.errorf("expected 'P(' at the start of the query, found %s", t.describe())
	}
	p.next()
	if err := p.expect("(", "after 'P'"); err != nil {
		return nil, err
	}
	q := &Query{}
	for {
		t, err := p.term(true)
		if err != nil {
			return nil, err
		}
		q.Targets = append(q.Targets, t)
		if !p.isPunct(",") {
			break
		}
		p.next()
	}
	if p.isPunct("|") {
		p.next()
		if err := p.conditions(q); err != nil {
			return nil, err
		}
	}
	if err := p.expect(")", "to close 'P('"); err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != qEOF {
		return nil, p.errorf("expected end of query after ')', found %s", t.describe())
	}
	return q, nil
}

func (p *queryParser) conditions(q *Query) error {
	for {
		t := p.peek()
		if t.kind == qName && t.text == "do" && p.toks[p.pos+1].kind == qPunct && p.toks[p.pos+1].text == "(" {
			p.next()
			p.next()
			for {
				d, err := p.term(false)
				if err != nil {
					return err
				}
				q.Do = append(q.Do, d)
				if !p.isPunct(",") {
					break
				}
				p.next()
			}
			if err := p.expect(")", "to close 'do('"); err != nil {
				return err
			}
		} else {
			e, err := p.term(true)
			if err != nil {
				return err
			}
			q.Evidence = append(q.Evidence, e)
		}
		if !p.isPunct(",") {
			return nil
		}
		p.next()
	}
}

func (p *queryParser) name(what string) (string, error) {
	t := p.peek()
	if t.kind != qName && t.kind != qString {
		return "", p.errorf("expected %s, found %s", what, t.describe())
	}
	p.next()
	return t.text, nil
}

// term parses name [_{assignments}] [=value]. A subscript is an error
// unless subscript is true.
func (p *queryParser) term(subscript bool) (Term, error) {
	var t Term
	var err error
	if t.Var, err = p.name("a variable name"); err != nil {
		return t, err
	}
	if p.isPunct("_{") {
		if !subscript {
			return t, p.errorf("unexpected subscript in do(...): expected ',' or ')'")
		}
		p.next()
		for {
			var s Term
			if s.Var, err = p.name("a variable name in the subscript"); err != nil {
				return t, err
			}
			if err := p.expect("=", "after "+quoteName(s.Var)+" in the subscript"); err != nil {
				return t, err
			}
			if s.Value, err = p.name("a value for " + quoteName(s.Var)); err != nil {
				return t, err
			}
			s.HasValue = true
			t.Do = append(t.Do, s)
			if !p.isPunct(",") {
				break
			}
			p.next()
		}
		if err := p.expect("}", "to close the subscript"); err != nil {
			return t, err
		}
	}
	if p.isPunct("=") {
		p.next()
		if t.Value, err = p.name("a value for " + quoteName(t.Var)); err != nil {
			return t, err
		}
		t.HasValue = true
	}
	return t, nil
}
