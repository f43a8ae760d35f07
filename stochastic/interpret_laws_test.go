package stochastic_test

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/internal/diagramtest"
	"github.com/markovcat/causal/internal/stochastictest"
	"github.com/markovcat/causal/stochastic"
)

// interpret returns the channel of d under in, failing t on an error.
func interpret(t rapid.TB, d diagram.Diagram, in stochastic.Interpretation, opts ...stochastic.Option) *stochastic.Channel {
	t.Helper()
	c, err := stochastic.Interpret(d, in, opts...)
	if err != nil {
		t.Fatalf("Interpret: %v\ndiagram:\n%v", err, d)
	}
	return c
}

func TestInterpretMatchesNaive(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := diagramtest.AnyDiagram().Draw(t, "d")
		in := stochastictest.Interpretation(d).Draw(t, "in")
		want, err := stochastic.InterpretNaive(d, in)
		if err != nil {
			t.Fatalf("InterpretNaive: %v\ndiagram:\n%v", err, d)
		}
		for _, h := range stochastic.Heuristics {
			got := interpret(t, d, in, stochastic.WithHeuristic(h))
			if !stochastic.EqualApprox(got, want, tol) {
				t.Fatalf("%v differs from the naive evaluator by %g\ndiagram:\n%v\ngot  %v\nwant %v",
					h, stochastictest.MaxDiff(got, want), d, got, want)
			}
		}
	})
}

func TestInterpretFunctorial(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b, c := diagramtest.Types(2).Draw(t, "a"), diagramtest.Types(2).Draw(t, "b"), diagramtest.Types(2).Draw(t, "c")
		f := diagramtest.DiagramDepth(a, b, 2).Draw(t, "f")
		g := diagramtest.DiagramDepth(b, c, 2).Draw(t, "g")
		x, y := diagramtest.Types(2).Draw(t, "x"), diagramtest.Types(2).Draw(t, "y")
		h := diagramtest.DiagramDepth(x, y, 2).Draw(t, "h")
		in := stochastictest.Interpretation(f, g, h).Draw(t, "in")

		F, G, H := interpret(t, f, in), interpret(t, g, in), interpret(t, h, in)
		wantEqual(t, "Then is the product", interpret(t, diagram.Then(f, g), in), stochastic.Then(F, G))
		wantEqual(t, "Tensor is the Kronecker product", interpret(t, diagram.Tensor(f, h), in), stochastic.Tensor(F, H))
	})
}

func TestInterpretStructure(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ts := diagramtest.Types(3).Draw(t, "ts")
		x := diagramtest.Type().Draw(t, "x")
		n := rapid.IntRange(0, 3).Draw(t, "n")
		wantEqual(t, "identity", interpret(t, diagram.Id(ts...), nil), stochastic.Identity(ts...))
		wantEqual(t, "copy", interpret(t, diagram.Copy(x, n), nil), stochastic.Copy(x, n))
		wantEqual(t, "discard", interpret(t, diagram.Discard(ts...), nil), stochastic.Discard(ts...))
		wantEqual(t, "uniform", interpret(t, diagram.Uniform(x), nil), stochastic.Uniform(x))

		perm := rapid.Permutation(seq(len(ts))).Draw(t, "perm")
		wantEqual(t, "permute", interpret(t, diagram.Permute(ts, perm), nil), stochastic.Permute(ts, perm))
		i := rapid.IntRange(0, len(ts)).Draw(t, "split")
		wantEqual(t, "swap", interpret(t, diagram.Swap(ts[:i], ts[i:]), nil), stochastic.Swap(ts[:i], ts[i:]))
		var idx []int
		if len(ts) > 0 {
			idx = rapid.SliceOfN(rapid.IntRange(0, len(ts)-1), 0, 4).Draw(t, "idx")
		}
		wantEqual(t, "select", interpret(t, diagram.Select(ts, idx), nil), stochastic.Select(ts, idx))
		wantEqual(t, "wiring", interpret(t, diagramtest.Wiring(ts, idx), nil), stochastic.Select(ts, idx))
	})
}

func TestInterpretMonoidalLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b, c, d := diagramtest.Types(2).Draw(t, "a"), diagramtest.Types(2).Draw(t, "b"),
			diagramtest.Types(2).Draw(t, "c"), diagramtest.Types(2).Draw(t, "d")
		x, y := diagramtest.Types(2).Draw(t, "x"), diagramtest.Types(2).Draw(t, "y")
		f := diagramtest.DiagramDepth(a, b, 1).Draw(t, "f")
		g := diagramtest.DiagramDepth(c, d, 1).Draw(t, "g")
		f2 := diagramtest.DiagramDepth(b, x, 1).Draw(t, "f2")
		g2 := diagramtest.DiagramDepth(d, y, 1).Draw(t, "g2")
		in := stochastictest.Interpretation(f, g, f2, g2).Draw(t, "in")

		wantEqual(t, "interchange",
			interpret(t, diagram.Then(diagram.Tensor(f, g), diagram.Tensor(f2, g2)), in),
			interpret(t, diagram.Tensor(diagram.Then(f, f2), diagram.Then(g, g2)), in))
		wantEqual(t, "swap naturality",
			interpret(t, diagram.Then(diagram.Tensor(f, g), diagram.Swap(b, d)), in),
			interpret(t, diagram.Then(diagram.Swap(a, c), diagram.Tensor(g, f)), in))
		wantEqual(t, "swap involution",
			interpret(t, diagram.Then(diagram.Swap(a, c), diagram.Swap(c, a)), in),
			stochastic.Identity(concat(a, c)...))
		wantEqual(t, "units",
			interpret(t, diagram.Then(diagram.Id(a...), diagram.Tensor(f, diagram.Tensor()), diagram.Id(b...)), in),
			interpret(t, f, in))
		wantEqual(t, "discard after a diagram",
			interpret(t, diagram.Then(f, diagram.Discard(b...)), in),
			stochastic.Discard(a...))
	})
}

func TestInterpretCopyNaturality(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := diagramtest.Type().Draw(t, "a"), diagramtest.Type().Draw(t, "b")
		f := diagramtest.Box([]diagram.Type{a}, []diagram.Type{b}).Draw(t, "f")
		lhs := diagram.Then(diagram.Gen(f), diagram.Copy(b, 2))
		rhs := diagram.Then(diagram.Copy(a, 2), diagram.Tensor(diagram.Gen(f), diagram.Gen(f)))
		if diagram.Equal(lhs, rhs) {
			t.Fatalf("diagram.Equal moved copy through box %s", f.Name)
		}

		det := stochastictest.DeterministicInterpretation(lhs).Draw(t, "deterministic")
		wantEqual(t, "copy natural for a deterministic box", interpret(t, lhs, det), interpret(t, rhs, det))

		in := stochastictest.Interpretation(lhs).Draw(t, "in")
		natural := stochastic.EqualApprox(interpret(t, lhs, in), interpret(t, rhs, in), tol)
		if natural != in[f.Name].IsDeterministic() {
			t.Fatalf("copy natural = %v for channel\n%v", natural, in[f.Name])
		}
	})
}

func TestInterpretEqualDiagrams(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := diagramtest.AnyDiagram().Draw(t, "d")
		lhs, rhs := rewrite(t, d)
		pairs := [][2]diagram.Diagram{{d, d.Canonical()}, {d, d.Prune()}, {lhs, rhs}}
		in := stochastictest.Interpretation(d, rhs).Draw(t, "in")
		for k, p := range pairs {
			if !diagram.Equal(p[0], p[1]) {
				t.Fatalf("pair %d is not Equal\n%v\n%v", k, p[0], p[1])
			}
			wantEqual(t, "equal diagrams", interpret(t, p[1], in), interpret(t, p[0], in))
		}

		// Two independent diagrams of the same types that happen to be Equal.
		e := diagramtest.Diagram(d.In(), d.Out()).Draw(t, "e")
		if diagram.Equal(d, e) {
			both := stochastictest.Interpretation(d, e).Draw(t, "both")
			wantEqual(t, "equal random diagrams", interpret(t, e, both), interpret(t, d, both))
		}
	})
}

// rewrite returns two diagrams that are equal by a law of symmetric
// monoidal categories or of copy and discard, one side being built from d.
func rewrite(t *rapid.T, d diagram.Diagram) (lhs, rhs diagram.Diagram) {
	in, out := d.In(), d.Out()
	switch rapid.IntRange(0, 4).Draw(t, "law") {
	case 0: // units
		return d, diagram.Then(diagram.Id(in...), diagram.Tensor(diagram.Tensor(), d), diagram.Id(out...))
	case 1: // swap twice
		i := rapid.IntRange(0, len(out)).Draw(t, "split")
		return d, diagram.Then(d, diagram.Swap(out[:i], out[i:]), diagram.Swap(out[i:], out[:i]))
	case 2: // copy then discard one copy, on every output
		return d, diagram.Then(d, diagram.Tensor(counits(out)...))
	case 3: // an unused box beside d is discarded
		x := diagramtest.Types(2).Draw(t, "x")
		junk := diagram.Then(diagram.Gen(diagram.Box{Name: "unused", Out: x}), diagram.Discard(x...))
		return d, diagram.Tensor(d, junk)
	}
	// Swap naturality: d beside an identity, swapped around.
	x := diagramtest.Types(2).Draw(t, "x")
	return diagram.Tensor(d, diagram.Id(x...)),
		diagram.Then(diagram.Swap(in, x), diagram.Tensor(diagram.Id(x...), d), diagram.Swap(x, out))
}

// counits returns, for each type, copy followed by discarding the second
// copy, which equals the identity.
func counits(ts []diagram.Type) []diagram.Diagram {
	ds := make([]diagram.Diagram, len(ts))
	for k, x := range ts {
		ds[k] = diagram.Then(diagram.Copy(x, 2), diagram.Tensor(diagram.Id(x), diagram.Discard(x)))
	}
	return ds
}
