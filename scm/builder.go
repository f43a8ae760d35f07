package scm

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/stochastic"
)

// Builder assembles a Model. Add the variables first, then give each one a
// table with SetCPT, then call Build. Every method returns an error naming
// the offending item, and a Builder whose method failed may still be used.
type Builder struct {
	name    string
	vars    []Variable
	index   map[string]int
	parents [][]int
	tables  [][]float64
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder {
	return &Builder{index: make(map[string]int)}
}

// SetName sets the network name written by WriteBIF.
func (b *Builder) SetName(name string) { b.name = name }

// AddVariable declares an observed variable with the given states, in order.
// The name must be new and non-empty, and the states distinct and non-empty.
func (b *Builder) AddVariable(name string, states ...string) error {
	if name == "" {
		return errors.New("scm: empty variable name")
	}
	if _, dup := b.index[name]; dup {
		return fmt.Errorf("scm: duplicate variable %q", name)
	}
	if len(states) == 0 {
		return fmt.Errorf("scm: variable %q has no states", name)
	}
	seen := make(map[string]bool, len(states))
	for _, s := range states {
		if s == "" {
			return fmt.Errorf("scm: variable %q has an empty state name", name)
		}
		if seen[s] {
			return fmt.Errorf("scm: variable %q has duplicate state %q", name, s)
		}
		seen[s] = true
	}
	b.index[name] = len(b.vars)
	b.vars = append(b.vars, Variable{Name: name, States: slices.Clone(states)})
	b.parents = append(b.parents, nil)
	b.tables = append(b.tables, nil)
	return nil
}

// SetLatent marks the named variables as latent (unobserved).
func (b *Builder) SetLatent(names ...string) error {
	for _, name := range names {
		i, ok := b.index[name]
		if !ok {
			return fmt.Errorf("scm: cannot make %q latent: %w", name, b.unknown(name))
		}
		b.vars[i].Latent = true
	}
	return nil
}

// SetCPT sets the conditional probability table of child given parents.
// The parents must already be declared. The table is row-major: one row per
// parent configuration, enumerated big-endian in the order of parents (the
// last parent varies fastest), and one column per state of child. Each row
// must be a distribution: no NaN, infinite or negative entry, and a sum
// within stochastic.Tolerance of 1, in which case it is renormalised.
func (b *Builder) SetCPT(child string, parents []string, table []float64) error {
	c, ok := b.index[child]
	if !ok {
		return fmt.Errorf("scm: table for %q: %w", child, b.unknown(child))
	}
	if b.tables[c] != nil {
		return fmt.Errorf("scm: second table for %q", child)
	}
	ps := make([]int, len(parents))
	for k, name := range parents {
		p, ok := b.index[name]
		switch {
		case !ok:
			return fmt.Errorf("scm: table for %q: unknown parent %q (variables: %s)", child, name, quoteList(b.names(), maxListed))
		case p == c:
			return fmt.Errorf("scm: table for %q lists %q as its own parent", child, child)
		case slices.Contains(ps[:k], p):
			return fmt.Errorf("scm: table for %q lists parent %q twice", child, name)
		}
		ps[k] = p
	}

	cols := len(b.vars[c].States)
	rows := 1
	for _, p := range ps {
		n := len(b.vars[p].States)
		if rows > math.MaxInt/n/cols {
			return fmt.Errorf("scm: table for %q would have more than %d entries (%d parents)", child, math.MaxInt, len(ps))
		}
		rows *= n
	}
	if len(table) != rows*cols {
		return fmt.Errorf("scm: table for %q has %d entries, want %d (%d parent configurations x %d states)",
			child, len(table), rows*cols, rows, cols)
	}
	data := slices.Clone(table)
	for r := range rows {
		if err := stochastic.NormalizeRow(data[r*cols : (r+1)*cols]); err != nil {
			return newTableError(child, b.vars[c].States, b.rowLabel(ps, r), err)
		}
	}
	b.parents[c] = ps
	b.tables[c] = data
	return nil
}

// Build checks that every variable has a table and that the graph is
// acyclic, and returns the model. A cycle is reported as a *CycleError.
func (b *Builder) Build() (*Model, error) {
	var missing []string
	for i, t := range b.tables {
		if t == nil {
			missing = append(missing, b.vars[i].Name)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("scm: no table for %s", quoteList(missing, maxListed))
	}

	n := len(b.vars)
	vars := make([]Variable, n)
	types := make([]diagram.Type, n)
	index := make(map[string]int, n)
	for i, v := range b.vars {
		vars[i] = Variable{Name: v.Name, States: slices.Clone(v.States), Latent: v.Latent}
		types[i] = diagram.NewType(v.Name, v.States...)
		index[v.Name] = i
	}
	parents := make([][]int, n)
	cpts := make([]*stochastic.Channel, n)
	for i := range b.vars {
		parents[i] = slices.Clone(b.parents[i])
		in := make([]diagram.Type, len(parents[i]))
		for k, p := range parents[i] {
			in[k] = types[p]
		}
		ch, err := stochastic.New(in, []diagram.Type{types[i]}, b.tables[i])
		if err != nil {
			return nil, fmt.Errorf("scm: table for %q: %w", vars[i].Name, err)
		}
		cpts[i] = ch
	}
	return newModel(b.name, vars, types, index, parents, cpts)
}

func (b *Builder) names() []string {
	names := make([]string, len(b.vars))
	for i, v := range b.vars {
		names[i] = v.Name
	}
	return names
}

func (b *Builder) unknown(name string) error {
	return &UnknownError{Kind: "variable", Name: name, Valid: b.names()}
}

// rowLabel names row r of a table over parents ps, as "(A=a, B=b)".
func (b *Builder) rowLabel(ps []int, r int) string {
	if len(ps) == 0 {
		return ""
	}
	labels := make([]string, len(ps))
	for k := len(ps) - 1; k >= 0; k-- {
		states := b.vars[ps[k]].States
		labels[k] = quoteName(b.vars[ps[k]].Name) + "=" + quoteName(states[r%len(states)])
		r /= len(states)
	}
	return "(" + strings.Join(labels, ", ") + ")"
}

// TableError reports a row of a conditional probability table that is not a
// distribution. Row names the parent configuration, as "(A=a, B=b)"; it is
// empty for a variable without parents. Err is the
// *stochastic.DistributionError naming the entry, counted from 0, or the
// sum.
type TableError struct {
	Var string
	Row string
	// State is the state of Var whose entry is invalid, or "" when the
	// error concerns the whole row, such as its sum.
	State string
	Err   error
}

// newTableError returns the error for row of child's table that
// stochastic.NormalizeRow rejected with err, naming the state of the
// invalid entry when there is one.
func newTableError(child string, states []string, row string, err error) *TableError {
	e := &TableError{Var: child, Row: row, Err: err}
	var d *stochastic.DistributionError
	if errors.As(err, &d) && d.Entry >= 0 && d.Entry < len(states) {
		e.State = states[d.Entry]
	}
	return e
}

// Error returns the message of Err prefixed with the variable, the row and
// the state.
func (e *TableError) Error() string {
	where := fmt.Sprintf("scm: table for %q", e.Var)
	if e.Row != "" {
		where += ", row " + e.Row
	}
	if e.State != "" {
		where += fmt.Sprintf(", state %q", e.State)
	}
	return where + ": " + e.Err.Error()
}

// Unwrap returns Err.
func (e *TableError) Unwrap() error { return e.Err }
