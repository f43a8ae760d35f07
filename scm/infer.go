package scm

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/markovcat/causal/stochastic"
)

// PosteriorOptions configures PosteriorWith.
type PosteriorOptions struct {
	// Heuristic chooses the elimination order. The zero value is min-fill.
	Heuristic stochastic.Heuristic
	// SizeLimit is the largest number of entries of an intermediate tensor.
	// Zero means stochastic.DefaultSizeLimit.
	SizeLimit int
	// SingleHeuristic keeps the order of Heuristic even when another
	// heuristic finds a cheaper one (see stochastic.ContractOptions).
	SingleHeuristic bool
}

// Posterior returns the exact distribution of the target variables given the
// evidence, a map from variable index to state index, as a state over the
// targets' types in the order of targets. It computes it by variable
// elimination on the model's tables and never forms the joint distribution.
//
// Evidence of probability zero is a *stochastic.ZeroProbabilityError naming
// the evidence. A target that is also observed has its observed state with
// probability 1. An intermediate tensor or a result over
// stochastic.DefaultSizeLimit entries is a *stochastic.SizeLimitError naming
// its variables.
func (m *Model) Posterior(targets []int, evidence map[int]int) (*stochastic.Channel, error) {
	c, _, err := m.PosteriorWith(targets, evidence, PosteriorOptions{})
	return c, err
}

// PosteriorWith is Posterior with options. It also returns the statistics of
// the contraction that computed the result.
func (m *Model) PosteriorWith(targets []int, evidence map[int]int, opt PosteriorOptions) (*stochastic.Channel, stochastic.Stats, error) {
	p, stats, err := m.posterior(targets, evidence, opt)
	if err != nil {
		return nil, stats, err
	}
	c, err := stochastic.NewState(m.Types(targets), p)
	return c, stats, err
}

// posterior returns P(targets | evidence) in big-endian order over targets.
//
// It keeps only the ancestors of the targets and the observed variables,
// because the tables of the other variables sum to one. It treats a root whose
// table is a point state (a hard intervention) as observed in that state. It
// absorbs the evidence into the tables, so that the observed variables leave
// the network, and splits what remains into connected parts. Only the parts
// with a target are contracted in full. A part without one contributes a
// constant factor, its probability, which is computed only to check that it
// is not zero, and only when one of its tables has a zero entry.
func (m *Model) posterior(targets []int, evidence map[int]int, opt PosteriorOptions) ([]float64, stochastic.Stats, error) {
	var stats stochastic.Stats
	if err := m.checkPosteriorQuery(targets, evidence); err != nil {
		return nil, stats, err
	}

	if err := m.checkResultSize(targets, opt.SizeLimit); err != nil {
		return nil, stats, err
	}
	q := m.newQuery(targets, evidence)
	var keep []int
	for _, t := range targets {
		if _, ok := q.evidence[t]; !ok {
			keep = append(keep, t)
		}
	}
	main, rest := q.split(keep)
	for _, part := range rest {
		p, _, err := stochastic.Contract(part, m.contractOptions(nil, opt))
		if err != nil {
			return nil, stats, err
		}
		if !(p.Values[0] > 0) {
			return nil, stats, m.zeroEvidence(evidence)
		}
	}

	r, stats, err := stochastic.Contract(main, m.contractOptions(keep, opt))
	if err != nil {
		return nil, stats, err
	}
	sum := 0.0
	for _, x := range r.Values {
		sum += x
	}
	if !(sum > 0) {
		return nil, stats, m.zeroEvidence(evidence)
	}
	for i := range r.Values {
		r.Values[i] /= sum
	}
	if len(keep) == len(targets) {
		return r.Values, stats, nil
	}
	return m.embedObserved(r.Values, targets, keep, q.evidence), stats, nil
}

func (m *Model) varName(v int) string { return m.vars[v].Name }

// checkResultSize returns a *stochastic.SizeLimitError when the table over
// the targets has more entries than limit, or than
// stochastic.DefaultSizeLimit when limit is not positive. The contraction
// checks only the targets it keeps, while observed targets and roots with a
// point state are added to its result afterwards.
func (m *Model) checkResultSize(targets []int, limit int) error {
	if limit <= 0 {
		limit = stochastic.DefaultSizeLimit
	}
	size := 1
	for _, t := range targets {
		k := len(m.vars[t].States)
		if k > 0 && size > math.MaxInt/k {
			size = math.MaxInt
			break
		}
		size *= k
	}
	if size <= limit {
		return nil
	}
	names := make([]string, len(targets))
	for i, t := range targets {
		names[i] = m.vars[t].Name
	}
	return &stochastic.SizeLimitError{Vars: names, Size: size, Limit: limit}
}

// NOTE: on diabetes about a third of a query is the search for a cheaper
// elimination order, which starts when the min-fill order forms more than
// 2^15 entries. A whole-network order cached per model is no substitute: on
// the benchmark queries it formed 1.1 to 7 times more entries than the
// query's own min-fill order. A smaller search budget is the likelier saving.
func (m *Model) contractOptions(keep []int, opt PosteriorOptions) stochastic.ContractOptions {
	return stochastic.ContractOptions{
		Keep:            keep,
		Heuristic:       opt.Heuristic,
		SizeLimit:       opt.SizeLimit,
		Name:            m.varName,
		SingleHeuristic: opt.SingleHeuristic,
		// The result is normalised or only compared with zero, so a scale
		// factor does not matter, while an underflow would read as
		// impossible evidence.
		Rescale: true,
	}
}

// checkPosteriorQuery checks that the targets are distinct variables and that
// the evidence gives a valid state to valid variables.
func (m *Model) checkPosteriorQuery(targets []int, evidence map[int]int) error {
	n := len(m.vars)
	for i, t := range targets {
		if t < 0 || t >= n {
			return fmt.Errorf("scm: target variable index %d out of range [0, %d)", t, n)
		}
		if slices.Contains(targets[:i], t) {
			return fmt.Errorf("scm: target variable %q listed twice", m.vars[t].Name)
		}
	}
	for v, s := range evidence {
		if v < 0 || v >= n {
			return fmt.Errorf("scm: evidence variable index %d out of range [0, %d)", v, n)
		}
		if s < 0 || s >= len(m.vars[v].States) {
			return fmt.Errorf("scm: evidence state index %d of %q out of range [0, %d)", s, m.vars[v].Name, len(m.vars[v].States))
		}
	}
	return nil
}

// zeroEvidence returns the error for evidence of probability zero, listing the
// evidence in variable order: the first maxListed items, then how many more
// there are.
func (m *Model) zeroEvidence(evidence map[int]int) error {
	vs := make([]int, 0, len(evidence))
	for v := range evidence {
		vs = append(vs, v)
	}
	slices.Sort(vs)
	listed := vs[:min(len(vs), maxListed)]
	parts := make([]string, len(listed))
	for i, v := range listed {
		parts[i] = m.vars[v].Name + "=" + m.vars[v].States[evidence[v]]
	}
	event := strings.Join(parts, ", ")
	if more := len(vs) - len(listed); more > 0 {
		event += fmt.Sprintf(" and %d more", more)
	}
	return &stochastic.ZeroProbabilityError{Event: event}
}

// embedObserved returns the distribution over targets that puts p, a
// distribution over keep, on the observed states of the other targets.
func (m *Model) embedObserved(p []float64, targets, keep []int, evidence map[int]int) []float64 {
	card := make([]int, len(targets))
	size := 1
	for i, t := range targets {
		card[i] = len(m.vars[t].States)
		size *= card[i]
	}
	out := make([]float64, size)
	// The observed targets keep their states for every entry of p, and keep
	// holds the other targets.
	state := make(map[int]int, len(targets))
	for _, t := range targets {
		if s, ok := evidence[t]; ok {
			state[t] = s
		}
	}
	idx := make([]int, len(keep))
	for i := range p {
		for j, v := range keep {
			state[v] = idx[j]
		}
		off := 0
		for j, t := range targets {
			off = off*card[j] + state[t]
		}
		out[off] = p[i]
		for d := len(idx) - 1; d >= 0; d-- {
			idx[d]++
			if idx[d] < len(m.vars[keep[d]].States) {
				break
			}
			idx[d] = 0
		}
	}
	return out
}

// query holds the factors of one posterior query after pruning and evidence
// absorption.
type query struct {
	m        *Model
	evidence map[int]int // the given evidence and the point-state roots
	vars     []int       // the relevant variables: ancestors of targets and evidence
	factors  []stochastic.Factor
}

// newQuery collects the relevant variables and their tables, reduced by the
// evidence.
func (m *Model) newQuery(targets []int, evidence map[int]int) *query {
	q := &query{m: m, evidence: evidence}
	n := len(m.vars)
	seen := make([]bool, n)
	stack := make([]int, 0, len(targets)+len(evidence))
	push := func(v int) {
		if !seen[v] {
			seen[v] = true
			stack = append(stack, v)
		}
	}
	for _, t := range targets {
		push(t)
	}
	for v := range evidence {
		push(v)
	}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		q.vars = append(q.vars, v)
		for _, p := range m.parents[v] {
			push(p)
		}
	}
	slices.Sort(q.vars)

	// A root with a point state is observed in that state with probability one.
	var implied []int
	for _, v := range q.vars {
		if len(m.parents[v]) > 0 {
			continue
		}
		if _, ok := evidence[v]; ok {
			continue
		}
		if s, ok := pointState(m.cpts[v]); ok {
			if len(implied) == 0 {
				q.evidence = make(map[int]int, len(evidence)+1)
				for u, t := range evidence {
					q.evidence[u] = t
				}
			}
			q.evidence[v] = s
			implied = append(implied, v)
		}
	}

	q.factors = make([]stochastic.Factor, 0, len(q.vars))
	size := 0
	for _, v := range q.vars {
		size += 2 * (len(m.parents[v]) + 1)
	}
	block := make([]int, size)
	for _, v := range q.vars {
		if slices.Contains(implied, v) {
			continue // its reduced table is the scalar 1
		}
		k := len(m.parents[v]) + 1
		f := m.factorInto(v, block[:k:k], block[k:2*k:2*k])
		block = block[2*k:]
		if len(q.evidence) > 0 {
			f = f.Reduce(q.evidence)
		}
		q.factors = append(q.factors, f)
	}
	return q
}

// factor returns the table of v as a factor over its parents and v. The values
// are shared with the model.
func (m *Model) factor(v int) stochastic.Factor {
	k := len(m.parents[v]) + 1
	return m.factorInto(v, make([]int, k), make([]int, k))
}

// factorInto is factor with the variables and cardinalities written to vars
// and card, which have room for the parents and v.
func (m *Model) factorInto(v int, vars, card []int) stochastic.Factor {
	ps := m.parents[v]
	for i, p := range ps {
		vars[i] = p
		card[i] = len(m.vars[p].States)
	}
	vars[len(ps)] = v
	card[len(ps)] = len(m.vars[v].States)
	return stochastic.Factor{Vars: vars, Card: card, Values: channelData(m.cpts[v])}
}

// channelData returns the row-major entries of c, sharing its storage when it
// can.
func channelData(c *stochastic.Channel) []float64 {
	if d, ok := c.Matrix().(*mat.Dense); ok {
		raw := d.RawMatrix()
		if raw.Stride == raw.Cols {
			return raw.Data[:raw.Rows*raw.Cols]
		}
	}
	rows, cols := c.Rows(), c.Cols()
	data := make([]float64, 0, rows*cols)
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			data = append(data, c.At(i, j))
		}
	}
	return data
}

// pointState reports whether c, a state, puts probability 1 on one state.
func pointState(c *stochastic.Channel) (int, bool) {
	if c.Rows() != 1 {
		return 0, false
	}
	state := -1
	for j, x := range channelData(c) {
		switch {
		case x == 0:
		case x == 1 && state < 0:
			state = j
		default:
			return 0, false
		}
	}
	return state, state >= 0
}

// split returns the factors connected to the kept variables, and the other
// factors grouped into connected parts. Parts that cannot have probability
// zero, because none of their tables has a zero, are left out.
func (q *query) split(keep []int) (main []stochastic.Factor, rest [][]stochastic.Factor) {
	n := len(q.m.vars)
	parent := make([]int32, n)
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(v int) int {
		for int(parent[v]) != v {
			parent[v] = parent[parent[v]]
			v = int(parent[v])
		}
		return v
	}
	for _, f := range q.factors {
		if len(f.Vars) < 2 {
			continue
		}
		r := find(f.Vars[0])
		for _, u := range f.Vars[1:] {
			if s := find(u); s != r {
				parent[s] = int32(r)
			}
		}
	}

	mainRoot := make(map[int]bool, len(keep))
	for _, v := range keep {
		mainRoot[find(v)] = true
	}
	var parts map[int][]stochastic.Factor
	var zeroRoots map[int]bool
	for _, f := range q.factors {
		if len(f.Vars) > 0 && mainRoot[find(f.Vars[0])] {
			main = append(main, f)
			continue
		}
		root := -1
		if len(f.Vars) > 0 {
			root = find(f.Vars[0])
		}
		if parts == nil {
			parts = make(map[int][]stochastic.Factor)
			zeroRoots = make(map[int]bool)
		}
		parts[root] = append(parts[root], f)
		if slices.Contains(f.Values, 0) {
			zeroRoots[root] = true
		}
	}

	roots := make([]int, 0, len(zeroRoots))
	for r := range zeroRoots {
		roots = append(roots, r)
	}
	slices.Sort(roots)
	for _, r := range roots {
		rest = append(rest, parts[r])
	}
	return main, rest
}
