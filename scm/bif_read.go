package scm

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/markovcat/causal/stochastic"
)

// ReadBIF reads a model in the Bayesian Interchange Format (BIF), as used by
// the bnlearn repository and JavaBayes.
//
// The reader accepts a "network" block, "variable" blocks with
// "type discrete [ n ] { s1, s2, ... };" and "property" lines, and
// "probability ( X | P1, P2 )" blocks (the "|" may be left out, as in
// JavaBayes, and a comma may take its place). A probability block holds
// either "table v1, v2, ...;" or rows "(p1, p2) v1, v2;". There is one row
// per parent configuration, in any order, and each row names the parents'
// states in the order of the parents. An optional "default v1, v2;" covers
// the configurations without a row. In a "table" with parents the
// child's state varies slowest and the last parent fastest, as in JavaBayes.
// Separating commas are optional. Comments are // and /* */. A leading
// UTF-8 byte order mark is skipped, and UTF-16 text is an error. Names may
// be double-quoted, with backslash escapes. Probabilities are decimal
// numbers such as 0.25, .5 or 1.E-3.
//
// A property is the text from "property" to the next ';'. A property
// "latent = true" on a variable marks it latent, with any spacing and case;
// WriteBIF writes it so. Other properties are ignored.
//
// Rows whose sum differs from 1 by at most stochastic.Tolerance are
// renormalised; larger differences, and NaN, infinite or negative values,
// are errors. Every error locating a place in the input is a *PositionError
// and names the variable, state or row and what was expected.
func ReadBIF(r io.Reader) (*Model, error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("scm: reading BIF: %w", err)
	}
	if isUTF16(src) {
		return nil, errors.New("scm: BIF input is UTF-16 text; convert it to UTF-8")
	}
	p := &bifParser{lex: bifLexer{src: strings.TrimPrefix(string(src), byteOrderMark)}}
	if err := p.parseFile(); err != nil {
		return nil, err
	}
	if len(p.vars) == 0 {
		return nil, errors.New("scm: BIF input declares no variables")
	}
	return p.build()
}

// byteOrderMark is the UTF-8 encoding of U+FEFF, which some editors put at
// the start of a text file.
const byteOrderMark = "\ufeff"

// isUTF16 reports whether text starts with a UTF-16 byte order mark, as
// text saved as "Unicode" on Windows does.
func isUTF16(text []byte) bool {
	return bytes.HasPrefix(text, []byte{0xff, 0xfe}) || bytes.HasPrefix(text, []byte{0xfe, 0xff})
}

type bifVar struct {
	name   string
	off    int
	states []string
	latent bool
}

type bifRow struct {
	labels    []string
	labelOffs []int
	values    []float64
	off       int
}

type bifProb struct {
	child      string
	childOff   int
	parents    []string
	parentOffs []int
	off        int
	table      *bifRow // values of a "table" line
	dflt       *bifRow // values of a "default" line
	rows       []bifRow
}

type bifParser struct {
	lex     bifLexer
	network string
	vars    []bifVar
	probs   []bifProb
}

func (p *bifParser) errorf(off int, format string, args ...any) error {
	return p.lex.errorAt(off, format, args...)
}

// expect consumes the punctuation s or returns an error saying where.
func (p *bifParser) expect(s, context string) (bifToken, error) {
	t, err := p.lex.Next()
	if err != nil {
		return t, err
	}
	if t.kind != bifPunct || t.text != s {
		return t, p.errorf(t.off, "expected '%s' %s, found %s", s, context, t.describe())
	}
	return t, nil
}

// isPunct reports whether the next token is the punctuation s, and consumes
// it if so.
func (p *bifParser) acceptPunct(s string) (bool, error) {
	t, err := p.lex.Peek()
	if err != nil {
		return false, err
	}
	if t.kind == bifPunct && t.text == s {
		p.lex.Next()
		return true, nil
	}
	return false, nil
}

func (p *bifParser) name(what string) (bifToken, error) {
	t, err := p.lex.Next()
	if err != nil {
		return t, err
	}
	if t.kind != bifWord && t.kind != bifString {
		return t, p.errorf(t.off, "expected %s, found %s", what, t.describe())
	}
	return t, nil
}

func isKeyword(t bifToken, kw string) bool {
	return t.kind == bifWord && strings.EqualFold(t.text, kw)
}

func (p *bifParser) parseFile() error {
	for {
		t, err := p.lex.Next()
		if err != nil {
			return err
		}
		switch {
		case t.kind == bifEOF:
			return nil
		case isKeyword(t, "network"):
			err = p.parseNetwork()
		case isKeyword(t, "variable"):
			err = p.parseVariable()
		case isKeyword(t, "probability"):
			err = p.parseProbability(t.off)
		default:
			err = p.errorf(t.off, "expected 'network', 'variable' or 'probability', found %s", t.describe())
		}
		if err != nil {
			return err
		}
	}
}

func (p *bifParser) parseNetwork() error {
	t, err := p.name("a network name")
	if err != nil {
		return err
	}
	p.network = t.text
	if _, err := p.expect("{", "after the network name"); err != nil {
		return err
	}
	for {
		t, err := p.lex.Next()
		if err != nil {
			return err
		}
		switch {
		case t.kind == bifPunct && t.text == "}":
			return nil
		case isKeyword(t, "property"):
			if _, err := p.lex.property(t.off); err != nil {
				return err
			}
		default:
			return p.errorf(t.off, "in network %q: expected 'property' or '}', found %s", p.network, t.describe())
		}
	}
}

// isLatentProperty reports whether the text of a property is
// "latent = true", ignoring spacing and case.
func isLatentProperty(text string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(text), ""), "latent=true")
}

func (p *bifParser) parseVariable() error {
	t, err := p.name("a variable name")
	if err != nil {
		return err
	}
	v := bifVar{name: t.text, off: t.off}
	if _, err := p.expect("{", fmt.Sprintf("after variable %q", v.name)); err != nil {
		return err
	}
	hasType := false
	for {
		t, err := p.lex.Next()
		if err != nil {
			return err
		}
		switch {
		case t.kind == bifPunct && t.text == "}":
			if !hasType {
				return p.errorf(t.off, "variable %q has no 'type discrete [ n ] { ... };' line", v.name)
			}
			p.vars = append(p.vars, v)
			return nil
		case isKeyword(t, "type"):
			if hasType {
				return p.errorf(t.off, "variable %q has a second 'type' line", v.name)
			}
			hasType = true
			if v.states, err = p.parseType(v.name); err != nil {
				return err
			}
		case isKeyword(t, "property"):
			text, err := p.lex.property(t.off)
			if err != nil {
				return err
			}
			if isLatentProperty(text) {
				v.latent = true
			}
		default:
			return p.errorf(t.off, "in variable %q: expected 'type', 'property' or '}', found %s", v.name, t.describe())
		}
	}
}

// parseType parses "discrete [ n ] { s1, s2, ... } ;" after "type".
func (p *bifParser) parseType(name string) ([]string, error) {
	t, err := p.lex.Next()
	if err != nil {
		return nil, err
	}
	if !isKeyword(t, "discrete") {
		return nil, p.errorf(t.off, "variable %q: expected 'discrete' after 'type', found %s; only discrete variables are supported", name, t.describe())
	}
	if _, err := p.expect("[", fmt.Sprintf("after 'discrete' in variable %q", name)); err != nil {
		return nil, err
	}
	nt, err := p.lex.Next()
	if err != nil {
		return nil, err
	}
	n, convErr := strconv.Atoi(nt.text)
	if nt.kind != bifWord || convErr != nil || n < 1 {
		return nil, p.errorf(nt.off, "variable %q: expected a positive number of states, found %s", name, nt.describe())
	}
	if _, err := p.expect("]", fmt.Sprintf("after the number of states of %q", name)); err != nil {
		return nil, err
	}
	open, err := p.expect("{", fmt.Sprintf("before the states of %q", name))
	if err != nil {
		return nil, err
	}
	var states []string
	seen := make(map[string]int)
	for {
		t, err := p.lex.Next()
		if err != nil {
			return nil, err
		}
		switch {
		case t.kind == bifPunct && t.text == "}":
			if len(states) != n {
				return nil, p.errorf(open.off, "variable %q declares %d states but lists %d", name, n, len(states))
			}
			if _, err := p.acceptPunct(";"); err != nil {
				return nil, err
			}
			return states, nil
		case t.kind == bifPunct && t.text == "," && len(states) > 0:
		case t.kind == bifWord || t.kind == bifString:
			if t.text == "" {
				return nil, p.errorf(t.off, "variable %q: empty state name", name)
			}
			if _, dup := seen[t.text]; dup {
				return nil, p.errorf(t.off, "variable %q: duplicate state %q", name, t.text)
			}
			seen[t.text] = len(states)
			states = append(states, t.text)
		default:
			return nil, p.errorf(t.off, "variable %q: expected a state name or '}', found %s", name, t.describe())
		}
	}
}

func (p *bifParser) parseProbability(off int) error {
	if _, err := p.expect("(", "after 'probability'"); err != nil {
		return err
	}
	t, err := p.name("the variable name")
	if err != nil {
		return err
	}
	pr := bifProb{child: t.text, childOff: t.off, off: off}
	if _, err := p.acceptPunct("|"); err != nil {
		return err
	}
	for {
		t, err := p.lex.Next()
		if err != nil {
			return err
		}
		if t.kind == bifPunct && t.text == ")" {
			break
		}
		if t.kind == bifPunct && t.text == "," {
			continue
		}
		if t.kind != bifWord && t.kind != bifString {
			return p.errorf(t.off, "in probability ( %s ...: expected a parent name or ')', found %s", pr.child, t.describe())
		}
		pr.parents = append(pr.parents, t.text)
		pr.parentOffs = append(pr.parentOffs, t.off)
	}
	if _, err := p.expect("{", fmt.Sprintf("to open the probability block of %q", pr.child)); err != nil {
		return err
	}
	if err := p.parseProbabilityBody(&pr); err != nil {
		return err
	}
	p.probs = append(p.probs, pr)
	return nil
}

func (p *bifParser) parseProbabilityBody(pr *bifProb) error {
	for {
		t, err := p.lex.Next()
		if err != nil {
			return err
		}
		switch {
		case t.kind == bifPunct && t.text == "}":
			return nil
		case isKeyword(t, "table"), isKeyword(t, "default"):
			row := &bifRow{off: t.off}
			if row.values, err = p.parseValues(pr.child); err != nil {
				return err
			}
			if isKeyword(t, "table") {
				if pr.table != nil {
					return p.errorf(t.off, "probability block of %q has a second 'table' line", pr.child)
				}
				pr.table = row
			} else {
				if pr.dflt != nil {
					return p.errorf(t.off, "probability block of %q has a second 'default' line", pr.child)
				}
				pr.dflt = row
			}
		case isKeyword(t, "property"):
			if _, err := p.lex.property(t.off); err != nil {
				return err
			}
		case t.kind == bifPunct && t.text == "(":
			row, err := p.parseRow(pr, t.off)
			if err != nil {
				return err
			}
			pr.rows = append(pr.rows, row)
		default:
			return p.errorf(t.off, "in the probability block of %q: expected 'table', '(' starting a row, 'default' or '}', found %s", pr.child, t.describe())
		}
	}
}

// parseRow parses "p1, p2) v1, v2;" after the opening parenthesis.
func (p *bifParser) parseRow(pr *bifProb, off int) (bifRow, error) {
	row := bifRow{off: off}
	for {
		t, err := p.lex.Next()
		if err != nil {
			return row, err
		}
		if t.kind == bifPunct && t.text == ")" {
			break
		}
		if t.kind == bifPunct && t.text == "," && len(row.labels) > 0 {
			continue
		}
		if t.kind != bifWord && t.kind != bifString {
			return row, p.errorf(t.off, "in a row of %q: expected a parent state label or ')', found %s", pr.child, t.describe())
		}
		row.labels = append(row.labels, t.text)
		row.labelOffs = append(row.labelOffs, t.off)
	}
	var err error
	row.values, err = p.parseValues(pr.child)
	return row, err
}

// parseValues parses numbers up to and including ';'.
func (p *bifParser) parseValues(child string) ([]float64, error) {
	var values []float64
	for {
		t, err := p.lex.Next()
		if err != nil {
			return nil, err
		}
		switch {
		case t.kind == bifPunct && t.text == ";":
			return values, nil
		case t.kind == bifPunct && t.text == "," && len(values) > 0:
		case t.kind == bifWord:
			x, ok := parseNumber(t.text)
			if !ok {
				return nil, p.errorf(t.off, "in the probability block of %q: expected a probability, found %s", child, t.describe())
			}
			values = append(values, x)
		default:
			return nil, p.errorf(t.off, "in the probability block of %q: expected a probability or ';', found %s", child, t.describe())
		}
	}
}

// parseNumber parses a decimal number such as 0.25, .5, 1.E-3 or 5e-1, or
// "inf" or "nan" in any case, so that the caller can say why such a value is
// not a probability. It returns an infinity for a number out of range.
// Unlike strconv.ParseFloat it rejects '_' digit separators and hexadecimal
// numbers, which would read "0_5" as 5.
func parseNumber(s string) (float64, bool) {
	if strings.ContainsAny(s, "_xX") {
		return 0, false
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, false
	}
	return x, true
}

// build checks the parsed blocks against each other and builds the model.
func (p *bifParser) build() (*Model, error) {
	b := NewBuilder()
	b.SetName(p.network)
	declared := make(map[string]int, len(p.vars))
	for k, v := range p.vars {
		if first, dup := declared[v.name]; dup {
			line, col := p.lex.position(p.vars[first].off)
			return nil, p.errorf(v.off, "duplicate variable %q (first declared at line %d, column %d)", v.name, line, col)
		}
		declared[v.name] = k
		if err := b.AddVariable(v.name, v.states...); err != nil {
			return nil, p.lex.wrapAt(v.off, err)
		}
		if v.latent {
			b.SetLatent(v.name)
		}
	}
	seen := make(map[string]int, len(p.probs))
	for k := range p.probs {
		pr := &p.probs[k]
		if first, dup := seen[pr.child]; dup {
			line, col := p.lex.position(p.probs[first].off)
			return nil, p.errorf(pr.off, "second probability block for %q (the first is at line %d, column %d)", pr.child, line, col)
		}
		seen[pr.child] = k
		if err := p.buildTable(b, declared, pr); err != nil {
			return nil, err
		}
	}
	m, err := b.Build()
	if err != nil {
		var cycle *CycleError
		if errors.As(err, &cycle) {
			k := seen[cycle.Cycle[0]]
			line, col := p.lex.position(p.probs[k].off)
			return nil, &PositionError{Line: line, Col: col, Err: err}
		}
		for _, v := range p.vars {
			if _, ok := seen[v.name]; !ok {
				return nil, p.errorf(v.off, "variable %q has no probability block", v.name)
			}
		}
		return nil, err
	}
	return m, nil
}

func (p *bifParser) buildTable(b *Builder, declared map[string]int, pr *bifProb) error {
	ci, ok := declared[pr.child]
	if !ok {
		return p.errorf(pr.childOff, "probability block for %w", p.unknownVariable(pr.child))
	}
	child := p.vars[ci]
	parents := make([]bifVar, len(pr.parents))
	for k, name := range pr.parents {
		pi, ok := declared[name]
		if !ok {
			return p.errorf(pr.parentOffs[k], "probability block for %q: parent is an %w", pr.child, p.unknownVariable(name))
		}
		parents[k] = p.vars[pi]
	}
	cols := len(child.states)
	rows := 1
	for _, v := range parents {
		rows *= len(v.states)
		if rows*cols > maxTableEntries {
			return p.errorf(pr.off, "probability block for %q: the table has more than %d entries", pr.child, maxTableEntries)
		}
	}

	var table []float64
	var err error
	switch {
	case pr.table != nil && (len(pr.rows) > 0 || pr.dflt != nil):
		return p.errorf(pr.table.off, "probability block for %q has both a 'table' line and rows; use one of them", pr.child)
	case pr.table != nil:
		table, err = p.tableValues(pr, child.states, parents, rows, cols)
	default:
		table, err = p.rowValues(pr, child.states, parents, rows, cols)
	}
	if err != nil {
		return err
	}
	if err := b.SetCPT(pr.child, pr.parents, table); err != nil {
		return p.lex.wrapAt(pr.off, err)
	}
	return nil
}

// maxTableEntries bounds the size of one table, so that a malformed file
// cannot make the reader allocate without limit.
const maxTableEntries = 1 << 24

func (p *bifParser) unknownVariable(name string) error {
	names := make([]string, len(p.vars))
	for k, v := range p.vars {
		names[k] = v.name
	}
	return &UnknownError{Kind: "variable", Name: name, Valid: names}
}

// tableValues converts a "table" line, child state slowest, to row-major
// order, and checks each row.
func (p *bifParser) tableValues(pr *bifProb, states []string, parents []bifVar, rows, cols int) ([]float64, error) {
	vs := pr.table.values
	if len(vs) != rows*cols {
		return nil, p.errorf(pr.table.off, "table for %q has %d values, want %d (%d parent configurations x %d states)",
			pr.child, len(vs), rows*cols, rows, cols)
	}
	table := make([]float64, rows*cols)
	for r := range rows {
		for s := range cols {
			table[r*cols+s] = vs[s*rows+r]
		}
		if err := stochastic.NormalizeRow(table[r*cols : (r+1)*cols]); err != nil {
			return nil, p.lex.wrapAt(pr.table.off, newTableError(pr.child, states, configLabel(parents, r), err))
		}
	}
	return table, nil
}

// rowValues places each row by its parent state labels, fills the rest from
// the default line, and checks that every configuration has exactly one row.
func (p *bifParser) rowValues(pr *bifProb, states []string, parents []bifVar, rows, cols int) ([]float64, error) {
	index := make([]int, len(pr.rows))
	first := make(map[int]int, len(pr.rows)) // configuration -> its row
	for k, row := range pr.rows {
		r, err := p.rowIndex(pr, parents, row)
		if err != nil {
			return nil, err
		}
		if j, dup := first[r]; dup {
			line, col := p.lex.position(pr.rows[j].off)
			return nil, p.errorf(row.off, "duplicate row %s of %q (first given at line %d, column %d)",
				configLabel(parents, r), pr.child, line, col)
		}
		first[r] = k
		index[k] = r
	}
	if pr.dflt == nil && len(pr.rows) == 0 && len(parents) == 0 {
		return nil, p.errorf(pr.off, "probability block for %q has no 'table' line", pr.child)
	}
	if pr.dflt == nil && len(pr.rows) < rows {
		r := 0
		for _, ok := first[r]; ok; _, ok = first[r] {
			r++
		}
		return nil, p.errorf(pr.off, "probability block for %q has no row for %s and no 'default' line", pr.child, configLabel(parents, r))
	}

	table := make([]float64, rows*cols)
	for k, row := range pr.rows {
		if err := p.setRow(table, index[k], row, pr.child, states, parents); err != nil {
			return nil, err
		}
	}
	for r := range rows {
		if _, ok := first[r]; ok {
			continue
		}
		if err := p.setRow(table, r, *pr.dflt, pr.child, states, parents); err != nil {
			return nil, err
		}
	}
	return table, nil
}

// rowIndex returns the parent configuration a row's labels name.
func (p *bifParser) rowIndex(pr *bifProb, parents []bifVar, row bifRow) (int, error) {
	if len(parents) == 0 && len(row.labels) > 0 {
		return 0, p.errorf(row.off, "row of %q names parent states, but %q has no parents; give its distribution as 'table p1, p2, ...;'",
			pr.child, pr.child)
	}
	if len(row.labels) != len(parents) {
		return 0, p.errorf(row.off, "row of %q has %d parent states, want %d (one for each of %s)",
			pr.child, len(row.labels), len(parents), quoteList(pr.parents, maxListed))
	}
	r := 0
	for j, label := range row.labels {
		s := slices.Index(parents[j].states, label)
		if s < 0 {
			return 0, p.errorf(row.labelOffs[j], "row of %q: %w", pr.child,
				&UnknownError{Kind: "state", Name: label, Of: parents[j].name, Valid: parents[j].states})
		}
		r = r*len(parents[j].states) + s
	}
	return r, nil
}

func (p *bifParser) setRow(table []float64, r int, row bifRow, child string, states []string, parents []bifVar) error {
	cols := len(states)
	if len(row.values) != cols {
		return p.errorf(row.off, "row %s of %q has %d values, want %d (one for each state of %q)",
			configLabel(parents, r), child, len(row.values), cols, child)
	}
	dst := table[r*cols : (r+1)*cols]
	copy(dst, row.values)
	if err := stochastic.NormalizeRow(dst); err != nil {
		return p.lex.wrapAt(row.off, newTableError(child, states, configLabel(parents, r), err))
	}
	return nil
}

// configLabel names parent configuration r as "(A=a, B=b)".
func configLabel(parents []bifVar, r int) string {
	if len(parents) == 0 {
		return ""
	}
	labels := make([]string, len(parents))
	for k := len(parents) - 1; k >= 0; k-- {
		states := parents[k].states
		labels[k] = quoteName(parents[k].name) + "=" + quoteName(states[r%len(states)])
		r /= len(states)
	}
	return "(" + strings.Join(labels, ", ") + ")"
}

// trimPackage returns the message of err without the "scm: " prefix, for
// wrapping in a *PositionError.
func trimPackage(err error) string {
	return strings.TrimPrefix(err.Error(), "scm: ")
}
