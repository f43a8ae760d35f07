package stochastic

import (
	"gonum.org/v1/gonum/mat"

	"github.com/markovcat/causal/diagram"
)

// Identity returns the identity channel on the tensor product of ts. With no
// types it is the 1x1 identity on the unit.
func Identity(ts ...diagram.Type) *Channel {
	n := mustConfigs("stochastic.Identity", ts)
	mustEntries("stochastic.Identity", n, n)
	m := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		m.Set(i, i, 1)
	}
	return &Channel{in: cloneTypes(ts), out: cloneTypes(ts), m: m}
}

// Then returns f followed by g, the matrix product F·G. Then panics with a
// *diagram.TypeError when the output types of f are not the input types of
// g.
func Then(f, g *Channel) *Channel {
	mustMatch("stochastic.Then", "output types of f", f.out, "input types of g", g.in)
	mustEntries("stochastic.Then", f.Rows(), g.Cols())
	var m mat.Dense
	m.Mul(f.m, g.m)
	return &Channel{in: cloneTypes(f.in), out: cloneTypes(g.out), m: &m}
}

// Tensor returns the channels fs side by side, the Kronecker product of
// their matrices. Its inputs are the inputs of fs in order, and so are its
// outputs. Tensor() is the identity on the unit.
func Tensor(fs ...*Channel) *Channel {
	if len(fs) == 0 {
		return Identity()
	}
	c := fs[0]
	for _, f := range fs[1:] {
		rows := mustConfigs("stochastic.Tensor", append(cloneTypes(c.in), f.in...))
		cols := mustConfigs("stochastic.Tensor", append(cloneTypes(c.out), f.out...))
		mustEntries("stochastic.Tensor", rows, cols)
		var m mat.Dense
		m.Kronecker(c.m, f.m)
		c = &Channel{
			in:  append(cloneTypes(c.in), f.in...),
			out: append(cloneTypes(c.out), f.out...),
			m:   &m,
		}
	}
	return c
}

// Swap returns the channel a⊗b -> b⊗a that exchanges the two groups of
// wires.
func Swap(a, b []diagram.Type) *Channel {
	perm := make([]int, 0, len(a)+len(b))
	for k := range b {
		perm = append(perm, len(a)+k)
	}
	for k := range a {
		perm = append(perm, k)
	}
	return Permute(append(cloneTypes(a), b...), perm)
}

// Permute returns the channel that reorders the wires ts: output k is input
// perm[k]. Permute panics with a *diagram.TypeError when perm is not a
// permutation of 0..len(ts)-1.
func Permute(ts []diagram.Type, perm []int) *Channel {
	if len(perm) != len(ts) {
		invalid("stochastic.Permute", "permutation of length %d for %d types, want %d", len(perm), len(ts), len(ts))
	}
	if err := checkPositions("permutation", perm, ts, true); err != nil {
		invalidErr("stochastic.Permute", err)
	}
	return wiring("stochastic.Permute", ts, perm)
}

// Copy returns the channel t -> t^n that copies its input n times. Copy(t,
// 0) is Discard(t) and Copy(t, 1) is Identity(t). Copy panics when n is
// negative.
func Copy(t diagram.Type, n int) *Channel {
	if n < 0 {
		invalid("stochastic.Copy", "%d copies of %s, want at least 0", n, t)
	}
	return wiring("stochastic.Copy", []diagram.Type{t}, make([]int, n))
}

// Discard returns the channel from ts to the unit, a column of ones.
func Discard(ts ...diagram.Type) *Channel {
	return wiring("stochastic.Discard", ts, nil)
}

// Uniform returns the uniform state on t.
func Uniform(t diagram.Type) *Channel {
	n := mustConfigs("stochastic.Uniform", []diagram.Type{t})
	m := mat.NewDense(1, n, nil)
	for j := 0; j < n; j++ {
		m.Set(0, j, 1/float64(n))
	}
	return &Channel{out: []diagram.Type{t}, m: m}
}

// Select returns the deterministic channel from ts to ts[idx[0]],
// ts[idx[1]], ... whose output k is a copy of input idx[k]. An index may
// occur several times, which copies that input, or not at all, which
// discards it. Select panics with a *diagram.TypeError when an index is out
// of range.
func Select(ts []diagram.Type, idx []int) *Channel {
	if err := checkPositions("input", idx, ts, false); err != nil {
		invalidErr("stochastic.Select", err)
	}
	return wiring("stochastic.Select", ts, idx)
}

// wiring returns the deterministic channel from ts to ts[sel[0]],
// ts[sel[1]], ... whose output k is a copy of input sel[k]. An input that no
// output selects is discarded. The positions in sel must be valid.
func wiring(op string, ts []diagram.Type, sel []int) *Channel {
	out := pick(ts, sel)
	rows := mustConfigs(op, ts)
	cols := mustConfigs(op, out)
	mustEntries(op, rows, cols)
	m := mat.NewDense(rows, cols, nil)
	x := make([]int, len(ts))
	y := make([]int, len(sel))
	for i := 0; i < rows; i++ {
		JointStates(ts, i, x)
		for k, p := range sel {
			y[k] = x[p]
		}
		m.Set(i, JointIndex(out, y), 1)
	}
	return &Channel{in: cloneTypes(ts), out: out, m: m}
}

// Marginal returns c followed by the projection onto the output positions
// keep, in that order: the other outputs are summed out. A position listed
// twice is copied. Marginal panics with a *diagram.TypeError when a
// position is out of range.
func (c *Channel) Marginal(keep []int) *Channel {
	if err := checkPositions("output", keep, c.out, false); err != nil {
		invalidErr("stochastic.Marginal", err)
	}
	out := pick(c.out, keep)
	rows, cols := c.m.Dims()
	mcols := mustConfigs("stochastic.Marginal", out)
	mustEntries("stochastic.Marginal", rows, mcols)
	m := mat.NewDense(rows, mcols, nil)

	// target[j] is the column of the result that column j of c adds to.
	target := make([]int, cols)
	x := make([]int, len(c.out))
	y := make([]int, len(keep))
	for j := range target {
		JointStates(c.out, j, x)
		for k, p := range keep {
			y[k] = x[p]
		}
		target[j] = JointIndex(out, y)
	}
	for i := 0; i < rows; i++ {
		src, dst := c.m.RawRowView(i), m.RawRowView(i)
		for j, v := range src {
			dst[target[j]] += v
		}
	}
	return &Channel{in: cloneTypes(c.in), out: out, m: m}
}

// EqualApprox reports whether a and b have the same input and output types
// and entries that differ by at most tol, absolutely or relatively (as
// mat.EqualApprox).
func EqualApprox(a, b *Channel, tol float64) bool {
	if firstMismatch(a.in, b.in) >= 0 || firstMismatch(a.out, b.out) >= 0 {
		return false
	}
	return mat.EqualApprox(a.m, b.m, tol)
}
