package main

import (
	"fmt"
	"math"
	"slices"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/identify"
	"github.com/markovcat/causal/internal/smokingdata"
	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

// identifiedAnswerer identifies each query from a graph with the ID and IDC
// algorithms and evaluates the estimand on an observational law, the only
// part of the model it has.
type identifiedAnswerer struct {
	g     *identify.Graph
	law   identify.Law
	types map[string]diagram.Type // the observed variables' types
	// latent maps each unobserved variable, which a query cannot mention, to
	// where it was declared unobserved.
	latent map[string]string
	method string
	// notes are printed with every answer, such as ignored data columns.
	notes []string
	// smoking enables the comb-disintegration cross-check of the embedded
	// smoking data.
	smoking bool
	// counterfactualHint is the reason, in the error message, why a
	// counterfactual query is rejected.
	counterfactualHint string
}

// newLatentAnswerer treats the named variables of m as unobserved.
func newLatentAnswerer(m *scm.Model, latent []string) (answerer, error) {
	if len(latent) == 0 {
		return nil, usagef("-latent lists no variables: give names such as -latent U,V")
	}
	for _, name := range latent {
		if _, ok := m.Index(name); !ok {
			return nil, fmt.Errorf("unknown -latent variable %q: valid variables are %s", name, nameList(m.Names()))
		}
	}
	hidden, err := m.WithLatent(latent...)
	if err != nil {
		return nil, err
	}
	if len(hidden.Observed()) == 0 {
		return nil, fmt.Errorf("-latent declares every variable of the model unobserved, so no variable is left to query: list only the unobserved ones")
	}
	a := &identifiedAnswerer{
		g:                  identify.Project(hidden),
		law:                identify.ModelLaw(hidden),
		types:              make(map[string]diagram.Type),
		latent:             make(map[string]string),
		method:             "identified by ID/IDC from the graph with latent variables projected out, evaluated on the observed marginal",
		counterfactualHint: "with -latent the model's mechanisms are treated as unknown, and a counterfactual needs them: drop -latent",
	}
	for i := range hidden.NumVars() {
		v := hidden.Variable(i)
		if v.Latent {
			a.latent[v.Name] = "with -latent"
			if !slices.Contains(latent, v.Name) {
				a.latent[v.Name] = "in the model file"
			}
			continue
		}
		a.types[v.Name] = hidden.Type(i)
	}
	return a, nil
}

// newDataAnswerer reads a graph and a CSV file of observations.
func newDataAnswerer(graphText, dataFile, weight string) (answerer, error) {
	g, err := parseGraph(graphText)
	if err != nil {
		return nil, err
	}
	if weight != "" {
		if _, ok := g.Index(weight); ok {
			return nil, usagef("-weight column %q is a variable of the graph: give the column of counts or probabilities", weight)
		}
	}
	data, unused, err := readData(dataFile, g.Names(), weight)
	if err != nil {
		return nil, err
	}
	a := &identifiedAnswerer{
		g:      g,
		law:    data,
		types:  make(map[string]diagram.Type),
		method: "identified by ID/IDC from the graph, evaluated on the data",
	}
	if len(unused) > 0 {
		note := fmt.Sprintf("columns of %s not in the graph are ignored: %s", dataFile, nameList(unused))
		if weight == "" {
			note += "; each row counts as one observation (give -weight COL if a column holds counts or probabilities)"
		}
		a.notes = append(a.notes, note)
	}
	for _, t := range data.Types {
		a.types[t.Name] = t
	}
	return a, nil
}

// newSmokingAnswerer uses the embedded smoking data and its front-door graph.
func newSmokingAnswerer() (answerer, error) {
	g, err := identify.ParseGraph(smokingdata.Graph)
	if err != nil {
		return nil, err
	}
	law, err := identify.NewJoint(smokingdata.Joint())
	if err != nil {
		return nil, err
	}
	a := &identifiedAnswerer{
		g:                  g,
		law:                law,
		types:              make(map[string]diagram.Type),
		method:             "identified by ID/IDC from the graph " + smokingdata.Graph + ", evaluated on the embedded smoking data",
		smoking:            true,
		counterfactualHint: "the embedded smoking data has no mechanisms, and a counterfactual needs them: give a functional model with -model",
	}
	for _, t := range smokingdata.Types() {
		a.types[t.Name] = t
	}
	return a, nil
}

// resolvedQuery is a query with names resolved to nodes of the graph.
type resolvedQuery struct {
	targets, do, given []int
	fixed              map[string]string // values of do and evidence variables
	targetValues       map[string]string
}

func (a *identifiedAnswerer) resolve(q *scm.Query) (*resolvedQuery, error) {
	if q.IsCounterfactual() {
		hint := a.counterfactualHint
		if hint == "" {
			hint = "a graph with data has no mechanisms, and a counterfactual needs them: give a functional model with -model"
		}
		return nil, fmt.Errorf("%s is a counterfactual query: %s", q, hint)
	}
	if err := checkRoles(q); err != nil {
		return nil, err
	}
	r := &resolvedQuery{fixed: make(map[string]string), targetValues: make(map[string]string)}
	add := func(terms []scm.Term, nodes *[]int, values map[string]string) error {
		for _, t := range terms {
			v, err := a.node(t)
			if err != nil {
				return err
			}
			*nodes = append(*nodes, v)
			if t.HasValue {
				values[t.Var] = t.Value
			}
		}
		return nil
	}
	if err := add(q.Targets, &r.targets, r.targetValues); err != nil {
		return nil, err
	}
	if err := add(q.Do, &r.do, r.fixed); err != nil {
		return nil, err
	}
	if err := add(q.Evidence, &r.given, r.fixed); err != nil {
		return nil, err
	}
	if len(r.targets) == 0 {
		return nil, fmt.Errorf("query %s has no target variable", q)
	}
	for _, s := range [][]int{r.targets, r.do, r.given} {
		slices.Sort(s)
	}
	return r, nil
}

// node returns the graph node of a term and checks its value.
func (a *identifiedAnswerer) node(t scm.Term) (int, error) {
	if where, ok := a.latent[t.Var]; ok {
		return 0, fmt.Errorf("variable %q is declared unobserved %s, so a query cannot mention it", t.Var, where)
	}
	v, ok := a.g.Index(t.Var)
	if !ok {
		return 0, fmt.Errorf("unknown variable %q: valid variables are %s", t.Var, nameList(a.g.Names()))
	}
	if t.HasValue && a.types != nil {
		typ := a.types[t.Var]
		if _, ok := typ.Index(t.Value); !ok {
			return 0, fmt.Errorf("unknown state %q of variable %q: valid states are %s", t.Value, t.Var, nameList(typ.States))
		}
	}
	return v, nil
}

func (a *identifiedAnswerer) answer(q *scm.Query) (*result, error) {
	r, err := a.resolve(q)
	if err != nil {
		return nil, err
	}
	est, err := identifyQuery(a.g, r)
	if err != nil {
		return nil, err
	}
	ch, err := identify.Evaluate(est, a.law, r.fixed)
	if err != nil {
		return nil, err
	}
	n := ch.Rows()
	for _, t := range ch.Out() {
		if _, ok := r.targetValues[t.Name]; !ok {
			n = mulRows(n, t.Size())
		}
	}
	if err := checkRowCount(q, n); err != nil {
		return nil, err
	}
	res := &result{Method: a.method, Estimand: est.String(), Notes: slices.Clone(a.notes)}
	var inputs []int
	for _, v := range append(slices.Clone(r.do), r.given...) {
		if _, ok := r.fixed[a.g.Name(v)]; !ok {
			inputs = append(inputs, v)
		}
	}
	res.Columns, res.Rows = a.rows(ch, inputs, r.targets, r.targetValues)
	if a.smoking && isSmokingEffect(a.g, r) {
		if err := a.crossCheckComb(ch, r); err != nil {
			return nil, err
		}
		res.Method = "front-door: comb disintegration of the embedded smoking data, checked against the ID estimand"
	}
	return res, nil
}

// rows lists the channel's entries with their assignments, keeping the
// targets' given values only.
func (a *identifiedAnswerer) rows(ch *stochastic.Channel, inputs, targets []int, values map[string]string) ([]string, []row) {
	var columns []string
	for _, v := range append(slices.Clone(inputs), targets...) {
		columns = append(columns, a.g.Name(v))
	}
	in, out := ch.In(), ch.Out()
	var rows []row
	for i := range ch.Rows() {
		inStates := unravel(in, i)
		for j := range ch.Cols() {
			outStates := unravel(out, j)
			states := make([]string, 0, len(columns))
			for k, s := range inStates {
				states = append(states, in[k].States[s])
			}
			keep := true
			for k, s := range outStates {
				label := out[k].States[s]
				if want, ok := values[out[k].Name]; ok && want != label {
					keep = false
				}
				states = append(states, label)
			}
			if keep {
				rows = append(rows, row{States: states, P: ch.At(i, j)})
			}
		}
	}
	return columns, rows
}

// isSmokingEffect reports whether r requests the effect of S on C alone,
// which comb disintegration computes.
func isSmokingEffect(g *identify.Graph, r *resolvedQuery) bool {
	s, _ := g.Index("S")
	c, _ := g.Index("C")
	return len(r.given) == 0 && slices.Equal(r.do, []int{s}) && slices.Equal(r.targets, []int{c})
}

// crossCheckComb recomputes P(C | do(S)) by comb disintegration and returns
// an error if any entry differs from ch, the channel that ID's estimand gave.
func (a *identifiedAnswerer) crossCheckComb(ch *stochastic.Channel, r *resolvedQuery) error {
	comb, err := identify.CombEffect(a.g, smokingdata.Joint(), []string{"S"}, []string{"T"}, []string{"C"})
	if err != nil {
		return err
	}
	value, fixed := r.fixed["S"]
	for s := range comb.Rows() {
		// With do(S=value), ch has the single row of that value.
		row := s
		if fixed {
			if comb.In()[0].States[s] != value {
				continue
			}
			row = 0
		}
		for c := range comb.Cols() {
			if got, want := ch.At(row, c), comb.At(s, c); math.Abs(got-want) > 1e-9 {
				return fmt.Errorf("internal error: ID gives %v and comb disintegration %v for P(C=%d | do(S=%d))", got, want, c, s)
			}
		}
	}
	return nil
}

// unravel returns the state of each type at big-endian joint index j.
func unravel(ts []diagram.Type, j int) []int {
	states := make([]int, len(ts))
	stochastic.JointStates(ts, j, states)
	return states
}
