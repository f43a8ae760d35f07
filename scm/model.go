package scm

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/topo"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/stochastic"
)

// Variable is a variable of a causal model: a name, its ordered state
// labels, and whether it is latent (unobserved).
type Variable struct {
	Name   string
	States []string
	Latent bool
}

// Model is a causal Bayesian network: variables with finite state sets, a
// causal DAG, and for each variable a mechanism, a channel from the tensor
// product of its parents' types to its own type.
//
// A Model is immutable. Variables are indexed 0..n-1 in declaration order.
// Methods that derive a new model (WithMechanism, WithMechanisms,
// WithLatent) share the tables they do not change.
type Model struct {
	name     string
	vars     []Variable
	types    []diagram.Type
	index    map[string]int
	parents  [][]int
	children [][]int
	cpts     []*stochastic.Channel
	order    []int
	graph    *lazyGraph
}

// lazyGraph is the gonum form of the DAG, built on first use.
type lazyGraph struct {
	once sync.Once
	g    *simple.DirectedGraph
}

// Name returns the network name (from the BIF "network" block), or "".
func (m *Model) Name() string { return m.name }

// NumVars returns the number of variables.
func (m *Model) NumVars() int { return len(m.vars) }

// Variable returns variable i. The returned States slice is a copy.
func (m *Model) Variable(i int) Variable {
	v := m.vars[i]
	v.States = slices.Clone(v.States)
	return v
}

// Index returns the index of the variable with the given name.
func (m *Model) Index(name string) (int, bool) {
	i, ok := m.index[name]
	return i, ok
}

// Names returns the variable names in index order.
func (m *Model) Names() []string {
	names := make([]string, len(m.vars))
	for i, v := range m.vars {
		names[i] = v.Name
	}
	return names
}

// Type returns the wire type of variable i: its name and states.
// The States slice of the result is shared and must not be modified.
func (m *Model) Type(i int) diagram.Type { return m.types[i] }

// Types returns the wire types of the variables vs, in that order.
func (m *Model) Types(vs []int) []diagram.Type {
	ts := make([]diagram.Type, len(vs))
	for k, v := range vs {
		ts[k] = m.types[v]
	}
	return ts
}

// Parents returns the parents of variable i in the order of its table.
func (m *Model) Parents(i int) []int { return slices.Clone(m.parents[i]) }

// Children returns the children of variable i in increasing index order.
func (m *Model) Children(i int) []int { return slices.Clone(m.children[i]) }

// CPT returns the mechanism of variable i: a channel from the tensor product
// of its parents' types, in Parents order, to its type.
func (m *Model) CPT(i int) *stochastic.Channel { return m.cpts[i] }

// Topological returns the variable indices in a topological order of the
// DAG, parents before children. The order depends only on how the model was
// built: a model from Build prefers smaller indices first, and a model from
// WithMechanism or WithMechanisms that only removes parents keeps the order of
// its source.
func (m *Model) Topological() []int { return slices.Clone(m.order) }

// Graph returns the causal DAG. Node IDs are variable indices.
// The graph is shared by the model and must not be modified.
func (m *Model) Graph() graph.Directed {
	m.graph.once.Do(func() { m.graph.g = buildGraph(m.parents) })
	return m.graph.g
}

func buildGraph(parents [][]int) *simple.DirectedGraph {
	g := simple.NewDirectedGraph()
	for i := range parents {
		g.AddNode(simple.Node(i))
	}
	for i, ps := range parents {
		for _, p := range ps {
			g.SetEdge(g.NewEdge(simple.Node(p), simple.Node(i)))
		}
	}
	return g
}

// IsLatent reports whether variable i is latent.
func (m *Model) IsLatent(i int) bool { return m.vars[i].Latent }

// Observed returns the indices of the observed (not latent) variables in
// increasing index order.
func (m *Model) Observed() []int {
	var obs []int
	for i, v := range m.vars {
		if !v.Latent {
			obs = append(obs, i)
		}
	}
	return obs
}

// Latent returns the indices of the latent variables in increasing index
// order.
func (m *Model) Latent() []int {
	var lat []int
	for i, v := range m.vars {
		if v.Latent {
			lat = append(lat, i)
		}
	}
	return lat
}

// WithMechanism returns a copy of m in which variable i has the given
// parents and mechanism. The channel must map the tensor product of the
// parents' types, in the given order, to variable i's type. The copy shares
// every other table with m. It is the model-level form of a soft
// intervention; with no parents and a point state it is do(X=x).
func (m *Model) WithMechanism(i int, parents []int, cpt *stochastic.Channel) (*Model, error) {
	return m.WithMechanisms(Mechanism{Var: i, Parents: parents, CPT: cpt})
}

// Mechanism is a replacement for the mechanism of one variable, for
// WithMechanisms: a channel from the tensor product of the parents' types, in
// the order of Parents, to the type of Var.
type Mechanism struct {
	Var     int
	Parents []int
	CPT     *stochastic.Channel
}

// WithMechanisms returns a copy of m in which each listed variable has the
// given parents and mechanism, as WithMechanism does for one variable, but
// copying the model once. A variable may be listed once. Only the resulting
// graph must be acyclic, so the replacements may reverse edges among
// themselves.
func (m *Model) WithMechanisms(ms ...Mechanism) (*Model, error) {
	for k, r := range ms {
		if err := m.checkMechanism(r); err != nil {
			return nil, err
		}
		for _, q := range ms[:k] {
			if q.Var == r.Var {
				return nil, fmt.Errorf("scm: two mechanisms for %q", m.vars[r.Var].Name)
			}
		}
	}

	parentSets := slices.Clone(m.parents)
	cpts := slices.Clone(m.cpts)
	added := false
	for _, r := range ms {
		parentSets[r.Var] = slices.Clone(r.Parents)
		cpts[r.Var] = r.CPT
		for _, p := range r.Parents {
			if !slices.Contains(m.parents[r.Var], p) {
				added = true
			}
		}
	}
	if added {
		// A new edge may close a cycle and change the order.
		return newModel(m.name, m.vars, m.types, m.index, parentSets, cpts)
	}

	// Removing edges keeps the graph acyclic and the order topological, so
	// only the children lists of the dropped parents change.
	children := slices.Clone(m.children)
	for _, r := range ms {
		for _, p := range m.parents[r.Var] {
			if !slices.Contains(r.Parents, p) {
				children[p] = slices.DeleteFunc(slices.Clone(children[p]), func(c int) bool { return c == r.Var })
			}
		}
	}
	c := *m
	c.parents = parentSets
	c.children = children
	c.cpts = cpts
	c.graph = &lazyGraph{}
	return &c, nil
}

// checkMechanism checks that r names a variable of m, distinct parents other
// than the variable, and a channel of the matching types.
func (m *Model) checkMechanism(r Mechanism) error {
	i, parents, cpt := r.Var, r.Parents, r.CPT
	if i < 0 || i >= len(m.vars) {
		return fmt.Errorf("scm: variable index %d out of range [0, %d)", i, len(m.vars))
	}
	name := m.vars[i].Name
	if cpt == nil {
		return fmt.Errorf("scm: nil mechanism for %q", name)
	}
	for k, p := range parents {
		switch {
		case p < 0 || p >= len(m.vars):
			return fmt.Errorf("scm: mechanism for %q: parent index %d out of range [0, %d)", name, p, len(m.vars))
		case p == i:
			return fmt.Errorf("scm: mechanism for %q lists %q as its own parent", name, name)
		case slices.Contains(parents[:k], p):
			return fmt.Errorf("scm: mechanism for %q lists parent %q twice", name, m.vars[p].Name)
		}
	}
	if want := m.Types(parents); !diagram.EqualTypes(cpt.In(), want) {
		return fmt.Errorf("scm: mechanism for %q has input %s, want %s", name, typeList(cpt.In()), typeList(want))
	}
	if want := []diagram.Type{m.types[i]}; !diagram.EqualTypes(cpt.Out(), want) {
		return fmt.Errorf("scm: mechanism for %q has output %s, want %s", name, typeList(cpt.Out()), typeList(want))
	}
	return nil
}

// WithLatent returns a copy of m in which the named variables are latent, in
// addition to those already latent.
func (m *Model) WithLatent(names ...string) (*Model, error) {
	vars := slices.Clone(m.vars)
	for _, name := range names {
		i, ok := m.index[name]
		if !ok {
			return nil, fmt.Errorf("scm: cannot make %q latent: %w", name, m.unknownVariable(name))
		}
		vars[i].Latent = true
	}
	c := *m
	c.vars = vars
	return &c, nil
}

// unknownVariable returns an error that lists the valid variable names.
func (m *Model) unknownVariable(name string) error {
	return &UnknownError{Kind: "variable", Name: name, Valid: m.Names()}
}

// newModel builds the graph, checks it is acyclic and returns the model. The
// slices vars, types and index are shared, not copied.
func newModel(name string, vars []Variable, types []diagram.Type, index map[string]int, parents [][]int, cpts []*stochastic.Channel) (*Model, error) {
	g := buildGraph(parents)
	children := make([][]int, len(vars))
	for i, ps := range parents {
		for _, p := range ps {
			children[p] = append(children[p], i)
		}
	}
	for i := range children {
		slices.Sort(children[i])
	}
	sorted, err := topo.SortStabilized(g, byID)
	if err != nil {
		return nil, cycleError(g, err, vars)
	}
	order := make([]int, len(sorted))
	for k, n := range sorted {
		order[k] = int(n.ID())
	}
	return &Model{
		name:     name,
		vars:     vars,
		types:    types,
		index:    index,
		parents:  parents,
		children: children,
		cpts:     cpts,
		order:    order,
		graph:    built(g),
	}, nil
}

func built(g *simple.DirectedGraph) *lazyGraph {
	lg := &lazyGraph{}
	lg.once.Do(func() { lg.g = g })
	return lg
}

func byID(nodes []graph.Node) {
	slices.SortFunc(nodes, func(a, b graph.Node) int { return int(a.ID() - b.ID()) })
}

// CycleError reports a directed cycle among the variables. Cycle lists the
// variables along the cycle, starting and ending with the same variable.
type CycleError struct {
	Cycle []string
}

// Error returns a message listing the variables along the cycle.
func (e *CycleError) Error() string {
	return "scm: the graph has a directed cycle " + strings.Join(e.Cycle, " -> ")
}

// cycleError turns the strongly connected components reported by topo into
// one concrete cycle.
func cycleError(g *simple.DirectedGraph, err error, vars []Variable) error {
	sccs, ok := err.(topo.Unorderable)
	if !ok || len(sccs) == 0 {
		return fmt.Errorf("scm: the graph has a directed cycle: %v", err)
	}

	comp := sccs[0]
	in := make(map[int64]bool, len(comp))
	for _, n := range comp {
		in[n.ID()] = true
	}
	// Every node of a non-trivial strongly connected component has a
	// successor inside it, so walking successors must revisit a node.
	pos := make(map[int64]int)
	var path []int64
	v := comp[0].ID()
	for {
		if k, seen := pos[v]; seen {
			path = append(path[k:], v)
			break
		}
		pos[v] = len(path)
		path = append(path, v)
		succ := g.From(v)
		var next []int64
		for succ.Next() {
			if id := succ.Node().ID(); in[id] {
				next = append(next, id)
			}
		}
		slices.Sort(next)
		v = next[0]
	}

	cycle := make([]string, len(path))
	for k, id := range path {
		cycle[k] = vars[id].Name
	}
	return &CycleError{Cycle: cycle}
}

// UnknownError reports a name that is not a variable of the model, or not a
// state of a variable, and lists the valid names.
type UnknownError struct {
	Kind  string // "variable" or "state"
	Name  string
	Of    string // for a state: the variable's name
	Valid []string
}

// maxListed is the number of valid names an UnknownError lists.
const maxListed = 10

// Error returns a message naming the unknown name and up to ten valid ones.
func (e *UnknownError) Error() string {
	var b strings.Builder
	if e.Kind == "state" {
		fmt.Fprintf(&b, "unknown state %q of %q", e.Name, e.Of)
	} else {
		fmt.Fprintf(&b, "unknown %s %q", e.Kind, e.Name)
	}
	b.WriteString(" (valid: ")
	b.WriteString(quoteList(e.Valid, maxListed))
	b.WriteString(")")
	return b.String()
}

// quoteList formats up to max names, quoted and comma separated, saying how
// many were left off.
func quoteList(names []string, max int) string {
	var b strings.Builder
	for k, n := range names {
		if k == max {
			fmt.Fprintf(&b, ", ... %d more", len(names)-max)
			break
		}
		if k > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quoteName(n))
	}
	if len(names) == 0 {
		b.WriteString("none")
	}
	return b.String()
}

// quoteName returns name unchanged when it is an identifier of the query
// language, and double-quoted otherwise.
func quoteName(name string) string {
	if isIdentifier(name) {
		return name
	}
	return quoteString(name)
}

func typeList(ts []diagram.Type) string {
	names := make([]string, len(ts))
	for k, t := range ts {
		names[k] = t.Name
	}
	return "(" + strings.Join(names, ", ") + ")"
}
