package identify_test

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"testing"

	"pgregory.net/rapid"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/identify"
	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

// soundTol is the largest difference allowed between an evaluated estimand and
// the interventional distribution computed by enumeration.
const soundTol = 1e-9

// maxJoint bounds the number of joint configurations of all variables of a
// random model, so that enumeration stays fast.
const maxJoint = 1 << 12

// semiMarkov is a causal model with one explicit latent parent per bidirected
// edge of its graph, held as plain tables so that tests can enumerate it.
type semiMarkov struct {
	observed int     // variables 0..observed-1 are observed, the rest latent
	card     []int   // number of states of each variable
	parents  [][]int // parents of each variable
	tables   [][]float64
	graph    *identify.Graph
}

// drawSemiMarkov draws a random graph with up to maxObserved observed nodes,
// directed edges along the node order and bidirected edges, each bidirected
// edge made by a latent common parent, and random positive tables.
func drawSemiMarkov(t *rapid.T, maxObserved, maxBidirected int) *semiMarkov {
	n := rapid.IntRange(2, maxObserved).Draw(t, "observed")
	m := &semiMarkov{observed: n, graph: identify.NewGraph()}
	for i := 0; i < n; i++ {
		m.graph.AddNode(obsName(i))
		c := 2
		if product(m.card) <= maxJoint/16 {
			c = rapid.IntRange(2, 3).Draw(t, "card")
		}
		m.card = append(m.card, c)
		m.parents = append(m.parents, nil)
	}
	density := rapid.Float64Range(0.2, 0.7).Draw(t, "density")
	for j := 0; j < n; j++ {
		for i := 0; i < j; i++ {
			if rapid.Float64Range(0, 1).Draw(t, "edge") < density {
				m.parents[j] = append(m.parents[j], i)
				if err := m.graph.AddEdge(obsName(i), obsName(j)); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	nb := rapid.IntRange(0, maxBidirected).Draw(t, "bidirected")
	for k := 0; k < nb; k++ {
		a := rapid.IntRange(0, n-1).Draw(t, "a")
		b := rapid.IntRange(0, n-1).Draw(t, "b")
		if a == b || m.graph.HasBidirected(a, b) || product(m.card) > maxJoint/2 {
			continue
		}
		u := len(m.card)
		m.card = append(m.card, 2)
		m.parents = append(m.parents, nil)
		m.parents[a] = append(m.parents[a], u)
		m.parents[b] = append(m.parents[b], u)
		if err := m.graph.AddBidirected(obsName(a), obsName(b)); err != nil {
			t.Fatal(err)
		}
	}
	m.tables = drawTables(t, m.card, m.parents)
	return m
}

func obsName(i int) string { return "V" + strconv.Itoa(i) }

// enumerate calls fn with every configuration of all variables of m in which
// the variables of fix have the given states, and the product of the tables of
// the variables outside fix: the truncated factorisation of do(fix).
func (m *semiMarkov) enumerate(fix map[int]int, fn func(state []int, p float64)) {
	n := len(m.card)
	state := make([]int, n)
	for v, s := range fix {
		state[v] = s
	}
	var rec func(v int)
	rec = func(v int) {
		if v == n {
			p := 1.0
			for u := range n {
				if _, ok := fix[u]; ok {
					continue
				}
				row := 0
				for _, q := range m.parents[u] {
					row = row*m.card[q] + state[q]
				}
				p *= m.tables[u][row*m.card[u]+state[u]]
			}
			fn(state, p)
			return
		}
		if _, ok := fix[v]; ok {
			rec(v + 1)
			return
		}
		for s := 0; s < m.card[v]; s++ {
			state[v] = s
			rec(v + 1)
		}
	}
	rec(0)
}

// observedJoint returns the marginal distribution of the observed variables.
func (m *semiMarkov) observedJoint() *stochastic.Channel {
	types := m.observedTypes()
	card := m.card[:m.observed]
	p := make([]float64, product(card))
	m.enumerate(nil, func(state []int, q float64) {
		p[index(state[:m.observed], card)] += q
	})
	c, err := stochastic.NewState(types, p)
	if err != nil {
		panic(err)
	}
	return c
}

func (m *semiMarkov) observedTypes() []diagram.Type {
	types := make([]diagram.Type, m.observed)
	for i := range types {
		states := make([]string, m.card[i])
		for s := range states {
			states[s] = strconv.Itoa(s)
		}
		types[i] = diagram.NewType(obsName(i), states...)
	}
	return types
}

// truth returns P(y | do(x), z) by enumeration, as a table over x, then z,
// then y, each in the given order, big-endian.
func (m *semiMarkov) truth(y, x, z []int) []float64 {
	xc := configs(m.card, x)
	zc := configs(m.card, z)
	yc := configs(m.card, y)
	out := make([]float64, 0, len(xc)*len(zc)*len(yc))
	for _, xs := range xc {
		fix := make(map[int]int)
		for i, v := range x {
			fix[v] = xs[i]
		}
		zy := slices.Concat(z, y)
		joint := make([]float64, len(zc)*len(yc))
		m.enumerate(fix, func(state []int, p float64) {
			k := 0
			for _, v := range zy {
				k = k*m.card[v] + state[v]
			}
			joint[k] += p
		})
		for zi := range zc {
			row := joint[zi*len(yc) : (zi+1)*len(yc)]
			mass := 0.0
			for _, p := range row {
				mass += p
			}
			for _, p := range row {
				out = append(out, p/mass)
			}
		}
	}
	return out
}

// model returns m as an scm.Model with latent variables U0, U1, ...
func (m *semiMarkov) model() (*scm.Model, error) {
	b := scm.NewBuilder()
	name := func(v int) string {
		if v < m.observed {
			return obsName(v)
		}
		return "U" + strconv.Itoa(v-m.observed)
	}
	for v := range m.card {
		states := make([]string, m.card[v])
		for s := range states {
			states[s] = strconv.Itoa(s)
		}
		if err := b.AddVariable(name(v), states...); err != nil {
			return nil, err
		}
		if v >= m.observed {
			if err := b.SetLatent(name(v)); err != nil {
				return nil, err
			}
		}
	}
	for v := range m.card {
		ps := make([]string, len(m.parents[v]))
		for i, p := range m.parents[v] {
			ps[i] = name(p)
		}
		if err := b.SetCPT(name(v), ps, m.tables[v]); err != nil {
			return nil, err
		}
	}
	return b.Build()
}

func pick(state, vs []int) []int {
	out := make([]int, len(vs))
	for i, v := range vs {
		out[i] = state[v]
	}
	return out
}

// configs returns every configuration of the variables vs, big-endian.
func configs(card, vs []int) [][]int {
	out := [][]int{{}}
	for _, v := range vs {
		var next [][]int
		for _, c := range out {
			for s := 0; s < card[v]; s++ {
				next = append(next, append(slices.Clone(c), s))
			}
		}
		out = next
	}
	return out
}

func product(card []int) int {
	n := 1
	for _, c := range card {
		n *= c
	}
	return n
}

func index(state, card []int) int {
	k := 0
	for i, s := range state {
		k = k*card[i] + s
	}
	return k
}

// drawQuery draws disjoint targets, interventions and evidence among the
// observed nodes, in increasing order; evidence only when withEvidence.
func drawQuery(t *rapid.T, n int, withEvidence bool) (y, x, z []int) {
	perm := rapid.Permutation(seq(n)).Draw(t, "perm")
	ny := rapid.IntRange(1, min(2, n-1)).Draw(t, "ny")
	nx := rapid.IntRange(1, min(2, n-ny)).Draw(t, "nx")
	nz := 0
	if withEvidence && n-ny-nx > 0 {
		nz = rapid.IntRange(0, 1).Draw(t, "nz")
	}
	y = slices.Sorted(slices.Values(perm[:ny]))
	x = slices.Sorted(slices.Values(perm[ny : ny+nx]))
	z = slices.Sorted(slices.Values(perm[ny+nx : ny+nx+nz]))
	return y, x, z
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// checkSound identifies P(y | do(x), z) in the graph of m and compares the
// estimand's value on the observed marginal with enumeration, or checks the
// hedge when it is not identifiable. It reports whether it was identified.
func checkSound(t *rapid.T, m *semiMarkov, law identify.Law, y, x, z []int) bool {
	e, err := identify.IDC(m.graph, y, x, z)
	var ni *identify.NotIdentifiableError
	if errors.As(err, &ni) {
		h := ni.Hedge
		if err := h.Check(h.Targets, h.Interventions); err != nil {
			t.Fatalf("invalid hedge %v for %s in\n%s: %v", h, ni.Query, m.graph, err)
		}
		for _, v := range x {
			if !slices.Contains(h.Interventions, v) {
				t.Fatalf("hedge interventions %v do not contain x = %v", h.Interventions, x)
			}
		}
		for _, v := range h.Targets {
			if !slices.Contains(y, v) && !slices.Contains(z, v) {
				t.Fatalf("hedge targets %v are not among y = %v and z = %v", h.Targets, y, z)
			}
		}
		return false
	}
	if err != nil {
		t.Fatalf("IDC(%v, %v, %v) in\n%s: %v", y, x, z, m.graph, err)
	}
	got, err := identify.Evaluate(e, law, nil)
	if err != nil {
		t.Fatalf("evaluating %s = %s in\n%s: %v", e.Query(), e, m.graph, err)
	}
	want := m.truth(y, x, z)
	cols := got.Cols()
	for i, w := range want {
		g := got.At(i/cols, i%cols)
		if math.Abs(g-w) > soundTol {
			t.Fatalf("%s = %s in\n%s\nentry %d: got %v, want %v", e.Query(), e, m.graph, i, g, w)
		}
	}
	return true
}

func TestIDSoundness(t *testing.T) {
	identified, hedges := 0, 0
	rapid.Check(t, func(t *rapid.T) {
		for range 25 {
			m := drawSemiMarkov(t, 8, 6)
			law, err := identify.NewJoint(m.observedJoint())
			if err != nil {
				t.Fatal(err)
			}
			y, x, z := drawQuery(t, m.observed, true)
			if checkSound(t, m, law, y, x, z) {
				identified++
			} else {
				hedges++
			}
		}
	})
	t.Logf("%d identified, %d not identifiable", identified, hedges)
}

// drawTables draws a random positive table for each variable.
func drawTables(t *rapid.T, card []int, parents [][]int) [][]float64 {
	var tables [][]float64
	for v := range card {
		rows := 1
		for _, p := range parents[v] {
			rows *= card[p]
		}
		table := make([]float64, rows*card[v])
		for r := 0; r < rows; r++ {
			row := table[r*card[v] : (r+1)*card[v]]
			sum := 0.0
			for k := range row {
				row[k] = rapid.Float64Range(0.05, 1).Draw(t, "p")
				sum += row[k]
			}
			for k := range row {
				row[k] /= sum
			}
		}
		tables = append(tables, table)
	}
	return tables
}

// TestIDSoundnessWithZeros draws tables with zero entries, so that the

// drawSemiMarkovWithZeros draws a model as drawSemiMarkov does, then sets
// each table entry to zero with probability zeros and renormalises the rows.
func drawSemiMarkovWithZeros(t *rapid.T, maxObserved, maxBidirected int, zeros float64) *semiMarkov {
	m := drawSemiMarkov(t, maxObserved, maxBidirected)
	for v, table := range m.tables {
		for k := range table {
			if rapid.Float64Range(0, 1).Draw(t, "zero") < zeros {
				table[k] = 0
			}
		}
		normaliseRows(table, m.card[v])
	}
	return m
}

// observational distribution is not positive. Whenever Evaluate returns a
// value rather than a positivity error, it must equal the interventional
// distribution wherever that is defined.
func TestIDSoundnessWithZeros(t *testing.T) {
	values, refused := 0, 0
	rapid.Check(t, func(t *rapid.T) {
		for range 10 {
			m := drawSemiMarkovWithZeros(t, 6, 4, 0.15)
			law, err := identify.NewJoint(m.observedJoint())
			if err != nil {
				t.Fatal(err)
			}
			y, x, z := drawQuery(t, m.observed, true)
			e, err := identify.IDC(m.graph, y, x, z)
			if err != nil {
				continue
			}
			got, err := identify.Evaluate(e, law, nil)
			var pe *identify.EstimandPositivityError
			if errors.As(err, &pe) {
				refused++
				continue
			}
			if err != nil {
				t.Fatalf("evaluating %s = %s: %v", e.Query(), e, err)
			}
			values++
			want := m.truth(y, x, z)
			cols := got.Cols()
			for i, w := range want {
				if math.IsNaN(w) {
					continue // P(z | do(x)) = 0: the query is undefined there
				}
				if g := got.At(i/cols, i%cols); math.Abs(g-w) > soundTol {
					t.Fatalf("%s = %s in\n%s\nentry %d: got %v, want %v", e.Query(), e, m.graph, i, g, w)
				}
			}
		}
	})
	t.Logf("%d evaluated, %d positivity errors", values, refused)
}

// normaliseRows rescales each row of table to sum to one, and makes a row of
// zeros uniform.
func normaliseRows(table []float64, card int) {
	for r := 0; r < len(table); r += card {
		row := table[r : r+card]
		sum := 0.0
		for _, p := range row {
			sum += p
		}
		for k := range row {
			if sum == 0 {
				row[k] = 1 / float64(card)
			} else {
				row[k] /= sum
			}
		}
	}
}
