package counterfactual

import (
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

// Model is a functional causal model over finite variables. Each variable is
// either exogenous, with a prior distribution over its states and no parents,
// or endogenous, with a deterministic mechanism that maps each configuration
// of its parents (exogenous or endogenous) to one of its states.
//
// Variables are indexed 0..n-1 in the order they were added, and every
// parent precedes its children, so index order is a topological order.
// A Model is immutable.
type Model struct {
	types   []diagram.Type
	index   map[string]int
	parents [][]int
	prior   [][]float64 // nil for an endogenous variable
	table   [][]int     // nil for an exogenous variable
	latent  []bool
}

// Builder builds a functional Model one variable at a time. A variable's
// parents must be added before it, which rules out cycles.
type Builder struct {
	m   Model
	err error
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder {
	return &Builder{m: Model{index: make(map[string]int)}}
}

// AddExogenous adds an exogenous variable with the given states and prior
// distribution. The prior must be non-negative and sum to 1 within
// stochastic.Tolerance; it is renormalised.
func (b *Builder) AddExogenous(name string, states []string, prior []float64) error {
	t, err := b.newType(name, states)
	if err != nil {
		return err
	}
	if len(prior) != len(states) {
		return fmt.Errorf("counterfactual: exogenous variable %q has %d states but %d prior probabilities", name, len(states), len(prior))
	}
	p := slices.Clone(prior)
	if err := stochastic.NormalizeRow(p); err != nil {
		return fmt.Errorf("counterfactual: prior of exogenous variable %q: %w", name, err)
	}
	b.add(t, nil, p, nil)
	return nil
}

// AddFunction adds an endogenous variable whose mechanism is f. The function
// receives the state indices of the parents, in the order of parents, and
// returns the state index of the variable. AddFunction calls f once for each
// parent configuration and returns an error when f returns a state out of
// range.
func (b *Builder) AddFunction(name string, states, parents []string, f func(parents []int) int) error {
	t, err := b.newType(name, states)
	if err != nil {
		return err
	}
	ps, err := b.parentIndices(name, parents)
	if err != nil {
		return err
	}
	pts := b.types(ps)
	n := diagram.Size(pts)
	table := make([]int, n)
	x := make([]int, len(ps))
	for r := range n {
		stochastic.JointStates(pts, r, x)
		s := f(slices.Clone(x))
		if s < 0 || s >= t.Size() {
			return fmt.Errorf("counterfactual: mechanism of %q returned state %d for parents %s, want 0 to %d",
				name, s, assignment(pts, x), t.Size()-1)
		}
		table[r] = s
	}
	b.add(t, ps, nil, table)
	return nil
}

// AddTable adds an endogenous variable whose mechanism is a 0/1 table in the
// layout of scm.Builder.SetCPT: one row per parent configuration (big-endian
// in the order of parents), one column per state, each row holding a single 1
// (within stochastic.Tolerance) and zeros elsewhere.
func (b *Builder) AddTable(name string, states, parents []string, table []float64) error {
	t, err := b.newType(name, states)
	if err != nil {
		return err
	}
	ps, err := b.parentIndices(name, parents)
	if err != nil {
		return err
	}
	pts := b.types(ps)
	n := diagram.Size(pts)
	if len(table) != n*t.Size() {
		return fmt.Errorf("counterfactual: table of %q has %d entries, want %d (%d parent configurations x %d states)",
			name, len(table), n*t.Size(), n, t.Size())
	}
	fn := make([]int, n)
	x := make([]int, len(ps))
	for r := range n {
		s, ok := deterministicRow(table[r*t.Size() : (r+1)*t.Size()])
		if !ok {
			stochastic.JointStates(pts, r, x)
			return fmt.Errorf("counterfactual: table of %q, row %s is %v, want a single 1 and zeros elsewhere",
				name, assignment(pts, x), table[r*t.Size():(r+1)*t.Size()])
		}
		fn[r] = s
	}
	b.add(t, ps, nil, fn)
	return nil
}

// SetLatent marks variables as latent (unobserved). Queries treat latent
// variables like any other, and SCM keeps the mark.
func (b *Builder) SetLatent(names ...string) error {
	for _, name := range names {
		i, ok := b.m.index[name]
		if !ok {
			return fmt.Errorf("counterfactual: unknown variable %q in SetLatent", name)
		}
		b.m.latent[i] = true
	}
	return nil
}

// Build returns the model. Variables added to b afterwards do not change it.
func (b *Builder) Build() (*Model, error) {
	if len(b.m.types) == 0 {
		return nil, fmt.Errorf("counterfactual: model has no variables")
	}
	m := Model{
		types:   slices.Clone(b.m.types),
		index:   maps.Clone(b.m.index),
		parents: slices.Clone(b.m.parents),
		prior:   slices.Clone(b.m.prior),
		table:   slices.Clone(b.m.table),
		latent:  slices.Clone(b.m.latent),
	}
	return &m, nil
}

func (b *Builder) newType(name string, states []string) (diagram.Type, error) {
	if _, dup := b.m.index[name]; dup {
		return diagram.Type{}, fmt.Errorf("counterfactual: variable %q is added twice", name)
	}
	if err := diagram.CheckType(name, states...); err != nil {
		return diagram.Type{}, fmt.Errorf("counterfactual: %w", err)
	}
	return diagram.NewType(name, states...), nil
}

func (b *Builder) parentIndices(child string, parents []string) ([]int, error) {
	ps := make([]int, len(parents))
	for k, p := range parents {
		i, ok := b.m.index[p]
		if !ok {
			return nil, fmt.Errorf("counterfactual: parent %q of %q is not defined yet, want one of the variables added before it: %v",
				p, child, b.names())
		}
		if slices.Contains(ps[:k], i) {
			return nil, fmt.Errorf("counterfactual: parent %q of %q is listed twice", p, child)
		}
		ps[k] = i
	}
	return ps, nil
}

func (b *Builder) add(t diagram.Type, parents []int, prior []float64, table []int) {
	b.m.index[t.Name] = len(b.m.types)
	b.m.types = append(b.m.types, t)
	b.m.parents = append(b.m.parents, parents)
	b.m.prior = append(b.m.prior, prior)
	b.m.table = append(b.m.table, table)
	b.m.latent = append(b.m.latent, false)
}

func (b *Builder) types(vs []int) []diagram.Type {
	ts := make([]diagram.Type, len(vs))
	for k, v := range vs {
		ts[k] = b.m.types[v]
	}
	return ts
}

func (b *Builder) names() []string {
	names := make([]string, len(b.m.types))
	for i, t := range b.m.types {
		names[i] = t.Name
	}
	return names
}

// NotFunctionalError reports a causal model that is not functional: a
// variable with parents whose mechanism is not deterministic.
type NotFunctionalError struct {
	Variable string    // the variable
	Row      string    // the parent configuration, e.g. "X=0, Z=1"
	P        []float64 // the row: the variable's distribution given Row
}

// Error returns a message naming the variable and its stochastic row.
func (e *NotFunctionalError) Error() string {
	return fmt.Sprintf("counterfactual: model is not functional: %s given %s has distribution %v, want a single 1 (a deterministic mechanism)",
		e.Variable, e.Row, e.P)
}

// FromSCM returns the functional model of m. The model is functional when
// every variable with parents is deterministic given its parents, that is,
// each row of its table has one entry equal to 1 within
// stochastic.Tolerance and all others exactly 0. Its root variables are then
// the exogenous variables, with their tables as priors. Otherwise FromSCM
// returns a *NotFunctionalError naming the first stochastic row.
//
// Variables keep their names. The index of a variable in the result may
// differ from its index in m, because the result lists them in topological
// order.
func FromSCM(m *scm.Model) (*Model, error) {
	b := NewBuilder()
	for _, i := range m.Topological() {
		v := m.Variable(i)
		cpt := m.CPT(i)
		ps := m.Parents(i)
		if len(ps) == 0 {
			if err := b.AddExogenous(v.Name, v.States, cpt.Row(0)); err != nil {
				return nil, err
			}
		} else {
			pts := m.Types(ps)
			table := make([]int, cpt.Rows())
			x := make([]int, len(ps))
			for r := range table {
				row := cpt.Row(r)
				s, ok := deterministicRow(row)
				if !ok {
					stochastic.JointStates(pts, r, x)
					return nil, &NotFunctionalError{Variable: v.Name, Row: assignment(pts, x), P: row}
				}
				table[r] = s
			}
			b.add(m.Type(i), nil, nil, table)
			top := len(b.m.types) - 1
			b.m.parents[top] = make([]int, len(ps))
			for k, p := range ps {
				b.m.parents[top][k] = b.m.index[m.Type(p).Name]
			}
		}
		if v.Latent {
			b.m.latent[len(b.m.types)-1] = true
		}
	}
	return b.Build()
}

// NumVars returns the number of variables.
func (m *Model) NumVars() int { return len(m.types) }

// Index returns the index of the variable called name.
func (m *Model) Index(name string) (int, bool) {
	i, ok := m.index[name]
	return i, ok
}

// Type returns the type (name and states) of variable i.
func (m *Model) Type(i int) diagram.Type { return m.types[i] }

// Names returns the variable names in index order.
func (m *Model) Names() []string {
	names := make([]string, len(m.types))
	for i, t := range m.types {
		names[i] = t.Name
	}
	return names
}

// Parents returns the parents of variable i, in the order its mechanism
// takes them.
func (m *Model) Parents(i int) []int { return slices.Clone(m.parents[i]) }

// IsExogenous reports whether variable i is exogenous.
func (m *Model) IsExogenous(i int) bool { return m.table[i] == nil }

// IsLatent reports whether variable i was marked latent.
func (m *Model) IsLatent(i int) bool { return m.latent[i] }

// Exogenous returns the indices of the exogenous variables.
func (m *Model) Exogenous() []int {
	var us []int
	for i := range m.types {
		if m.IsExogenous(i) {
			us = append(us, i)
		}
	}
	return us
}

// Prior returns the prior distribution of exogenous variable i, or nil when i
// is endogenous.
func (m *Model) Prior(i int) []float64 { return slices.Clone(m.prior[i]) }

// Mechanism returns the state of endogenous variable i for the parent states
// x, given in the order of Parents(i). It panics when i is exogenous.
func (m *Model) Mechanism(i int, x []int) int {
	if m.table[i] == nil {
		panic(fmt.Sprintf("counterfactual: variable %q is exogenous and has no mechanism", m.types[i].Name))
	}
	return m.table[i][stochastic.JointIndex(m.parentTypes(i), x)]
}

// Channel returns the mechanism of variable i as a channel: a state (the
// prior) for an exogenous variable, a deterministic channel from the
// parents' types for an endogenous one.
func (m *Model) Channel(i int) *stochastic.Channel {
	if m.IsExogenous(i) {
		c, err := stochastic.NewState([]diagram.Type{m.types[i]}, m.prior[i])
		if err != nil {
			panic(fmt.Sprintf("counterfactual: prior of %q: %v", m.types[i].Name, err))
		}
		return c
	}
	pts := m.parentTypes(i)
	c, err := stochastic.FromFunc(pts, []diagram.Type{m.types[i]}, func(x []int) []int {
		return []int{m.table[i][stochastic.JointIndex(pts, x)]}
	})
	if err != nil {
		panic(fmt.Sprintf("counterfactual: mechanism of %q: %v", m.types[i].Name, err))
	}
	return c
}

// SCM returns m as a causal Bayesian network: exogenous variables become
// root variables with their priors as tables, and every mechanism becomes a
// 0/1 table.
func (m *Model) SCM() (*scm.Model, error) {
	b := scm.NewBuilder()
	for i, t := range m.types {
		if err := b.AddVariable(t.Name, t.States...); err != nil {
			return nil, err
		}
		if m.latent[i] {
			if err := b.SetLatent(t.Name); err != nil {
				return nil, err
			}
		}
	}
	for i, t := range m.types {
		var parents []string
		for _, p := range m.parents[i] {
			parents = append(parents, m.types[p].Name)
		}
		c := m.Channel(i)
		data := make([]float64, 0, c.Rows()*c.Cols())
		for r := range c.Rows() {
			data = append(data, c.Row(r)...)
		}
		if err := b.SetCPT(t.Name, parents, data); err != nil {
			return nil, err
		}
	}
	return b.Build()
}

func (m *Model) parentTypes(i int) []diagram.Type {
	ts := make([]diagram.Type, len(m.parents[i]))
	for k, p := range m.parents[i] {
		ts[k] = m.types[p]
	}
	return ts
}

// ancestors returns, for each variable, the set of its ancestors including
// itself.
func (m *Model) ancestors() [][]bool {
	an := make([][]bool, len(m.types))
	for i := range m.types {
		an[i] = make([]bool, len(m.types))
		an[i][i] = true
		for _, p := range m.parents[i] {
			for j, ok := range an[p] {
				if ok {
					an[i][j] = true
				}
			}
		}
	}
	return an
}

// deterministicRow returns the state that row puts probability 1 on, within
// stochastic.Tolerance. Every other entry must be exactly 0: a small
// positive entry such as 1e-7 is the probability of a rare event, not
// rounding error, and reading it as 0 would make evidence on that event
// impossible.
func deterministicRow(row []float64) (int, bool) {
	s := -1
	for k, p := range row {
		switch {
		case p == 0:
		case s < 0 && math.Abs(p-1) <= stochastic.Tolerance:
			s = k
		default:
			return 0, false
		}
	}
	return s, s >= 0
}

// assignment formats configuration x over ts as "X=0, Y=1".
func assignment(ts []diagram.Type, x []int) string {
	if len(ts) == 0 {
		return "(no parents)"
	}
	s := ""
	for k, t := range ts {
		if k > 0 {
			s += ", "
		}
		s += t.Name + "=" + t.States[x[k]]
	}
	return s
}
