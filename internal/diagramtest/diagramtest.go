// Package diagramtest provides rapid generators of wire types, boxes and
// random well-typed diagrams for property tests of the diagram package and
// of packages that interpret diagrams.
//
// All types come from a small fixed pool, so that random diagrams often
// compose. Box names encode the box's types, so two boxes with the same name
// always have the same types, and an interpretation can assign one channel
// per name.
package diagramtest

import (
	"fmt"
	"strings"

	"github.com/markovcat/causal/diagram"
	"pgregory.net/rapid"
)

// Pool is the set of wire types that the generators draw from. The types
// have 1 to 3 states, and two of them have the same size but different
// names.
var Pool = []diagram.Type{
	diagram.NewType("A", "a0", "a1"),
	diagram.NewType("B", "b0", "b1", "b2"),
	diagram.NewType("C", "c0"),
	diagram.NewType("D", "d0", "d1"),
}

// MaxDepth is the default nesting depth of Then and Tensor in Diagram.
const MaxDepth = 3

// Type returns a generator of types from Pool.
func Type() *rapid.Generator[diagram.Type] {
	return rapid.SampledFrom(Pool)
}

// Types returns a generator of tensor products of 0 to maxLen types from
// Pool.
func Types(maxLen int) *rapid.Generator[[]diagram.Type] {
	return rapid.SliceOfN(Type(), 0, maxLen)
}

// BoxName returns the name that Box gives to the variant-th box from in to
// out, such as "f1.AB-C" for variant 1 from A ⊗ B to C, or "f0.I-A" from the
// unit to A.
func BoxName(variant int, in, out []diagram.Type) string {
	return fmt.Sprintf("f%d.%s-%s", variant, signature(in), signature(out))
}

func signature(ts []diagram.Type) string {
	if len(ts) == 0 {
		return "I"
	}
	var b strings.Builder
	for _, t := range ts {
		b.WriteString(t.Name)
	}
	return b.String()
}

// Box returns a generator of boxes from in to out. It draws one of two
// variants, so that a diagram may hold the same box twice or two different
// boxes of the same types.
func Box(in, out []diagram.Type) *rapid.Generator[diagram.Box] {
	return rapid.Custom(func(t *rapid.T) diagram.Box {
		v := rapid.IntRange(0, 1).Draw(t, "variant")
		return diagram.Box{Name: BoxName(v, in, out), In: in, Out: out}
	})
}

// AnyDiagram returns a generator of diagrams with random input and output
// types of up to three types each.
func AnyDiagram() *rapid.Generator[diagram.Diagram] {
	return rapid.Custom(func(t *rapid.T) diagram.Diagram {
		in := Types(3).Draw(t, "in")
		out := Types(3).Draw(t, "out")
		return Diagram(in, out).Draw(t, "diagram")
	})
}

// Diagram returns a generator of diagrams from in to out built with Then and
// Tensor nested up to MaxDepth deep, from boxes, identities, copies,
// discards, permutations and uniform states.
func Diagram(in, out []diagram.Type) *rapid.Generator[diagram.Diagram] {
	return DiagramDepth(in, out, MaxDepth)
}

// DiagramDepth is like Diagram with nesting depth at most depth.
func DiagramDepth(in, out []diagram.Type, depth int) *rapid.Generator[diagram.Diagram] {
	return rapid.Custom(func(t *rapid.T) diagram.Diagram {
		return draw(t, in, out, depth)
	})
}

func draw(t *rapid.T, in, out []diagram.Type, depth int) diagram.Diagram {
	kind := 0
	if depth > 0 {
		kind = rapid.IntRange(0, 3).Draw(t, "kind")
	}
	switch kind {
	case 1, 3:
		mid := Types(3).Draw(t, "mid")
		return diagram.Then(draw(t, in, mid, depth-1), draw(t, mid, out, depth-1))
	case 2:
		i := rapid.IntRange(0, len(in)).Draw(t, "split in")
		j := rapid.IntRange(0, len(out)).Draw(t, "split out")
		return diagram.Tensor(draw(t, in[:i], out[:j], depth-1), draw(t, in[i:], out[j:], depth-1))
	}
	return leaf(t, in, out)
}

// leaf draws a diagram from in to out without Then or Tensor at the top,
// except where a wiring is built from copies and a permutation.
func leaf(t *rapid.T, in, out []diagram.Type) diagram.Diagram {
	var options []func() diagram.Diagram
	options = append(options, func() diagram.Diagram {
		return diagram.Gen(Box(in, out).Draw(t, "box"))
	})
	if idx, ok := drawSelection(t, in, out); ok {
		options = append(options, func() diagram.Diagram { return Wiring(in, idx) })
		options = append(options, func() diagram.Diagram { return diagram.Select(in, idx) })
	}
	if len(in) == 0 && len(out) == 1 {
		options = append(options, func() diagram.Diagram { return diagram.Uniform(out[0]) })
	}
	k := rapid.IntRange(0, len(options)-1).Draw(t, "leaf")
	return options[k]()
}

// drawSelection draws, for each output type, the index of an input of the
// same type, and reports false when some output type is not among the
// inputs.
func drawSelection(t *rapid.T, in, out []diagram.Type) ([]int, bool) {
	idx := make([]int, len(out))
	for i, o := range out {
		var match []int
		for j, s := range in {
			if s.Equal(o) {
				match = append(match, j)
			}
		}
		if len(match) == 0 {
			return nil, false
		}
		idx[i] = rapid.SampledFrom(match).Draw(t, "source")
	}
	return idx, true
}

// Wiring returns the diagram on in whose output i is input idx[i]. It is
// built from Copy, Tensor, Then and Permute rather than with
// diagram.Select. Each input j is copied as many times as it occurs in idx,
// then a permutation puts the copies in place.
func Wiring(in []diagram.Type, idx []int) diagram.Diagram {
	count := make([]int, len(in))
	for _, j := range idx {
		count[j]++
	}
	copies := make([]diagram.Diagram, len(in))
	start := make([]int, len(in))
	var ts []diagram.Type
	for j, s := range in {
		copies[j] = diagram.Copy(s, count[j])
		start[j] = len(ts)
		for k := 0; k < count[j]; k++ {
			ts = append(ts, s)
		}
	}
	perm := make([]int, len(idx))
	for i, j := range idx {
		perm[i] = start[j]
		start[j]++
	}
	return diagram.Then(diagram.Tensor(copies...), diagram.Permute(ts, perm))
}
