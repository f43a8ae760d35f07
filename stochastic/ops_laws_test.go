package stochastic_test

import (
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/internal/diagramtest"
	"github.com/markovcat/causal/internal/stochastictest"
	"github.com/markovcat/causal/stochastic"
)

const tol = stochastictest.Tol

// wantEqual fails t unless got and want are equal channels within tol.
func wantEqual(t rapid.TB, law string, got, want *stochastic.Channel) {
	t.Helper()
	if !stochastic.EqualApprox(got, want, tol) {
		t.Fatalf("%s: channels differ by %g\ngot  %v\nwant %v", law, stochastictest.MaxDiff(got, want), got, want)
	}
}

// smallTypes draws a tensor product of up to two types from the pool.
func smallTypes(t *rapid.T, label string) []diagram.Type {
	return diagramtest.Types(2).Draw(t, label)
}

func channel(t *rapid.T, in, out []diagram.Type, label string) *stochastic.Channel {
	return stochastictest.Channel(in, out).Draw(t, label)
}

// copyAll returns the channel ts -> ts ⊗ ts that copies a whole tensor
// product.
func copyAll(ts []diagram.Type) *stochastic.Channel {
	idx := make([]int, 2*len(ts))
	for k := range idx {
		idx[k] = k % len(ts)
	}
	return stochastic.Select(ts, idx)
}

func concat(a, b []diagram.Type) []diagram.Type {
	return append(append([]diagram.Type(nil), a...), b...)
}

func TestCategoryLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := smallTypes(t, "a"), smallTypes(t, "b")
		c, d := smallTypes(t, "c"), smallTypes(t, "d")
		f, g, h := channel(t, a, b, "f"), channel(t, b, c, "g"), channel(t, c, d, "h")

		wantEqual(t, "Then associative",
			stochastic.Then(stochastic.Then(f, g), h), stochastic.Then(f, stochastic.Then(g, h)))
		wantEqual(t, "left unit", stochastic.Then(stochastic.Identity(a...), f), f)
		wantEqual(t, "right unit", stochastic.Then(f, stochastic.Identity(b...)), f)
	})
}

func TestMonoidalLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b, c := smallTypes(t, "a"), smallTypes(t, "b"), smallTypes(t, "c")
		d, e, k := smallTypes(t, "d"), smallTypes(t, "e"), smallTypes(t, "k")
		f, g, h := channel(t, a, b, "f"), channel(t, c, d, "g"), channel(t, e, k, "h")

		wantEqual(t, "Tensor associative",
			stochastic.Tensor(stochastic.Tensor(f, g), h), stochastic.Tensor(f, stochastic.Tensor(g, h)))
		wantEqual(t, "Tensor n-ary", stochastic.Tensor(f, g, h), stochastic.Tensor(f, stochastic.Tensor(g, h)))
		wantEqual(t, "left unit", stochastic.Tensor(stochastic.Identity(), f), f)
		wantEqual(t, "right unit", stochastic.Tensor(f, stochastic.Identity()), f)
		wantEqual(t, "Tensor of identities",
			stochastic.Tensor(stochastic.Identity(a...), stochastic.Identity(c...)),
			stochastic.Identity(concat(a, c)...))

		// Interchange: (f ⊗ g) ; (f2 ⊗ g2) = (f ; f2) ⊗ (g ; g2).
		x, y := smallTypes(t, "x"), smallTypes(t, "y")
		f2, g2 := channel(t, b, x, "f2"), channel(t, d, y, "g2")
		wantEqual(t, "interchange",
			stochastic.Then(stochastic.Tensor(f, g), stochastic.Tensor(f2, g2)),
			stochastic.Tensor(stochastic.Then(f, f2), stochastic.Then(g, g2)))
	})
}

func TestSymmetryLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b, c, d := smallTypes(t, "a"), smallTypes(t, "b"), smallTypes(t, "c"), smallTypes(t, "d")
		f, g := channel(t, a, b, "f"), channel(t, c, d, "g")

		wantEqual(t, "swap involution",
			stochastic.Then(stochastic.Swap(a, c), stochastic.Swap(c, a)), stochastic.Identity(concat(a, c)...))
		wantEqual(t, "swap naturality",
			stochastic.Then(stochastic.Tensor(f, g), stochastic.Swap(b, d)),
			stochastic.Then(stochastic.Swap(a, c), stochastic.Tensor(g, f)))
		wantEqual(t, "swap with unit", stochastic.Swap(a, nil), stochastic.Identity(a...))

		// Hexagon: swapping a past c ⊗ d is swapping past c, then past d.
		wantEqual(t, "hexagon",
			stochastic.Swap(a, concat(c, d)),
			stochastic.Then(
				stochastic.Tensor(stochastic.Swap(a, c), stochastic.Identity(d...)),
				stochastic.Tensor(stochastic.Identity(c...), stochastic.Swap(a, d))))

		// Permute composes like permutations: output k of p;q is input p[q[k]].
		ts := concat(a, c)
		p := rapid.Permutation(seq(len(ts))).Draw(t, "p")
		pt := make([]diagram.Type, len(ts))
		for k, i := range p {
			pt[k] = ts[i]
		}
		q := rapid.Permutation(seq(len(ts))).Draw(t, "q")
		pq := make([]int, len(ts))
		for k := range pq {
			pq[k] = p[q[k]]
		}
		wantEqual(t, "permutations compose",
			stochastic.Then(stochastic.Permute(ts, p), stochastic.Permute(pt, q)), stochastic.Permute(ts, pq))
	})
}

func seq(n int) []int {
	s := make([]int, n)
	for k := range s {
		s[k] = k
	}
	return s
}

func TestCopyDiscardLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		x := diagramtest.Type().Draw(t, "x")
		id := stochastic.Identity(x)
		cp := stochastic.Copy(x, 2)

		wantEqual(t, "coassociative left", stochastic.Then(cp, stochastic.Tensor(cp, id)), stochastic.Copy(x, 3))
		wantEqual(t, "coassociative right", stochastic.Then(cp, stochastic.Tensor(id, cp)), stochastic.Copy(x, 3))
		wantEqual(t, "cocommutative",
			stochastic.Then(cp, stochastic.Swap([]diagram.Type{x}, []diagram.Type{x})), cp)
		wantEqual(t, "left counit", stochastic.Then(cp, stochastic.Tensor(stochastic.Discard(x), id)), id)
		wantEqual(t, "right counit", stochastic.Then(cp, stochastic.Tensor(id, stochastic.Discard(x))), id)
		wantEqual(t, "Copy(x, 0) is discard", stochastic.Copy(x, 0), stochastic.Discard(x))
		wantEqual(t, "Uniform then discard", stochastic.Then(stochastic.Uniform(x), stochastic.Discard(x)),
			stochastic.Identity())

		// Discarding after any channel is discarding its input.
		a, b := smallTypes(t, "a"), smallTypes(t, "b")
		f := channel(t, a, b, "f")
		wantEqual(t, "discard natural", stochastic.Then(f, stochastic.Discard(b...)), stochastic.Discard(a...))

		// Copying a tensor product is copying each factor, then reordering.
		ab := concat(a, b)
		wantEqual(t, "copy of a tensor",
			copyAll(ab),
			stochastic.Then(stochastic.Tensor(copyAll(a), copyAll(b)),
				stochastic.Permute(concat(concat(a, a), concat(b, b)), interleave(len(a), len(b)))))
	})
}

// interleave returns the permutation that takes a ⊗ a ⊗ b ⊗ b to
// a ⊗ b ⊗ a ⊗ b for lists of na and nb types.
func interleave(na, nb int) []int {
	var perm []int
	for copyIdx := 0; copyIdx < 2; copyIdx++ {
		for k := 0; k < na; k++ {
			perm = append(perm, copyIdx*na+k)
		}
		for k := 0; k < nb; k++ {
			perm = append(perm, 2*na+copyIdx*nb+k)
		}
	}
	return perm
}

func TestCopyNaturalOnlyForDeterministic(t *testing.T) {
	naturality := func(f *stochastic.Channel) (lhs, rhs *stochastic.Channel) {
		in, out := f.In(), f.Out()
		return stochastic.Then(f, copyAll(out)), stochastic.Then(copyAll(in), stochastic.Tensor(f, f))
	}
	t.Run("deterministic", rapid.MakeCheck(func(t *rapid.T) {
		a, b := smallTypes(t, "a"), smallTypes(t, "b")
		f := stochastictest.Deterministic(a, b).Draw(t, "f")
		lhs, rhs := naturality(f)
		wantEqual(t, "copy natural", lhs, rhs)
	}))
	t.Run("stochastic", rapid.MakeCheck(func(t *rapid.T) {
		a, b := smallTypes(t, "a"), smallTypes(t, "b")
		f := channel(t, a, b, "f")
		lhs, rhs := naturality(f)
		if got, want := stochastic.EqualApprox(lhs, rhs, tol), f.IsDeterministic(); got != want {
			t.Fatalf("copy natural = %v, want %v (deterministic)\nf = %v", got, want, f)
		}
	}))
	t.Run("positive", rapid.MakeCheck(func(t *rapid.T) {
		// A channel with full support and at least two outputs is never
		// deterministic, so copy is never natural for it.
		a := smallTypes(t, "a")
		b := append(smallTypes(t, "b"), diagramtest.Pool[0])
		f := stochastictest.PositiveChannel(a, b).Draw(t, "f")
		lhs, rhs := naturality(f)
		if stochastic.EqualApprox(lhs, rhs, tol) {
			t.Fatalf("copy natural for the random channel\nf = %v", f)
		}
	}))
}

func TestMarginalEqualsSelect(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := smallTypes(t, "a")
		b := diagramtest.Types(3).Draw(t, "b")
		f := channel(t, a, b, "f")
		var keep []int
		if len(b) > 0 {
			keep = rapid.SliceOfN(rapid.IntRange(0, len(b)-1), 0, 3).Draw(t, "keep")
		}
		wantEqual(t, "marginal", f.Marginal(keep), stochastic.Then(f, stochastic.Select(b, keep)))
	})
}

func TestConditionBruteForce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := smallTypes(t, "a")
		b := diagramtest.Types(3).Draw(t, "b")
		f := channel(t, a, b, "f")
		pos := rapid.SliceOfNDistinct(rapid.IntRange(0, max(len(b)-1, 0)), 0, len(b), rapid.ID[int]).Draw(t, "pos")
		if len(b) == 0 {
			pos = nil
		}
		states := make([]int, len(pos))
		for k, p := range pos {
			states[k] = rapid.IntRange(0, b[p].Size()-1).Draw(t, "state")
		}

		// Brute force: zero the entries outside the event, divide by the row's
		// mass on the event.
		want := make([]float64, 0, f.Rows()*f.Cols())
		zero := false
		for i := 0; i < f.Rows(); i++ {
			row := f.Row(i)
			mass := 0.0
			for j := range row {
				if !inEvent(j, b, pos, states) {
					row[j] = 0
				}
				mass += row[j]
			}
			zero = zero || mass == 0
			for j := range row {
				row[j] /= mass
			}
			want = append(want, row...)
		}

		got, err := f.Condition(pos, states)
		if zero {
			if _, ok := err.(*stochastic.ZeroProbabilityError); !ok {
				t.Fatalf("got error %v, want a *ZeroProbabilityError", err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "condition", got, mustNewRapid(t, a, b, want))
	})
}

// inEvent reports whether configuration j of ts has state states[k] at
// position pos[k] for every k.
func inEvent(j int, ts []diagram.Type, pos, states []int) bool {
	x := make([]int, len(ts))
	for k := len(ts) - 1; k >= 0; k-- {
		x[k] = j % ts[k].Size()
		j /= ts[k].Size()
	}
	for k, p := range pos {
		if x[p] != states[k] {
			return false
		}
	}
	return true
}

func mustNewRapid(t rapid.TB, in, out []diagram.Type, data []float64) *stochastic.Channel {
	t.Helper()
	c, err := stochastic.New(in, out, data)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func TestDisintegrationLaw(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := smallTypes(t, "in")
		out := diagramtest.Types(3).Draw(t, "out")
		c := channel(t, in, out, "c")
		on := rapid.Permutation(seq(len(out))).Draw(t, "order")
		on = on[:rapid.IntRange(0, len(on)).Draw(t, "size")]
		marginal, conditional, err := stochastic.Disintegrate(c, on)
		if err != nil {
			t.Fatal(err)
		}

		// Rebuild c: copy the input, draw out[on] from the marginal, copy it,
		// draw the rest from the conditional, and put the outputs back in order.
		outOn := marginal.Out()
		rest := conditional.Out()
		step1 := stochastic.Then(copyAll(in), stochastic.Tensor(stochastic.Identity(in...), marginal))
		step2 := stochastic.Then(
			stochastic.Tensor(stochastic.Identity(in...), copyAll(outOn)),
			stochastic.Tensor(conditional, stochastic.Identity(outOn...)))
		joint := stochastic.Then(step1, step2) // in -> rest ⊗ out[on]

		// Output k of c is rest[...] or out[on][...] of joint.
		perm := make([]int, len(out))
		r := 0
		for k := range out {
			if p := slices.Index(on, k); p >= 0 {
				perm[k] = len(rest) + p
			} else {
				perm[k] = r
				r++
			}
		}
		rebuilt := stochastic.Then(joint, stochastic.Permute(concat(rest, outOn), perm))
		wantEqual(t, "marginal then conditional", rebuilt, c)
		wantEqual(t, "marginal", marginal, c.Marginal(on))
	})
}

func TestBayesInversionLaw(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := smallTypes(t, "a"), smallTypes(t, "b")
		prior := stochastictest.State(a).Draw(t, "prior")
		c := channel(t, a, b, "c")
		inv, err := stochastic.BayesInvert(c, prior)
		if err != nil {
			t.Fatal(err)
		}

		// prior ; copy ; (id ⊗ c) equals (prior ; c) ; copy ; (id ⊗ inv), swapped.
		joint := stochastic.Then(prior, stochastic.Then(copyAll(a), stochastic.Tensor(stochastic.Identity(a...), c)))
		predicted := stochastic.Then(prior, c)
		back := stochastic.Then(predicted, stochastic.Then(copyAll(b), stochastic.Tensor(stochastic.Identity(b...), inv)))
		wantEqual(t, "inversion", stochastic.Then(back, stochastic.Swap(b, a)), joint)

		// Inverting the inverse against the predicted state gives c back
		// wherever the prior has mass.
		twice, err := stochastic.BayesInvert(inv, predicted)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < prior.Cols(); i++ {
			if prior.At(0, i) == 0 {
				continue
			}
			for j := 0; j < c.Cols(); j++ {
				if d := twice.At(i, j) - c.At(i, j); d > tol || d < -tol {
					t.Fatalf("inverse of inverse at (%d, %d) = %v, want %v", i, j, twice.At(i, j), c.At(i, j))
				}
			}
		}
	})
}
