package scm

import (
	"errors"
	"math"
	"testing"

	"pgregory.net/rapid"

	"github.com/markovcat/causal/stochastic"
)

// TestPosteriorEqualsDiagram checks the exact engine against
// the semantics it implements: interpret the network diagram as the joint
// state of the observed variables, condition it on the evidence and take
// the targets' marginal.
func TestPosteriorEqualsDiagram(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		// Entries are 0 or at least 0.01, so that an event of probability
		// zero is exactly zero in both computations, not an underflow.
		entry := rapid.OneOf(rapid.Just(0.0), rapid.Float64Range(0.01, 1))
		m := randomModelWith(t, entry)
		observed := m.Observed()
		if len(observed) == 0 {
			t.Skip("no observed variable")
		}
		// Output position of each observed variable in the diagram.
		position := make(map[int]int, len(observed))
		for k, v := range observed {
			position[v] = k
		}
		order := rapid.Permutation(observed).Draw(t, "order")
		nTargets := rapid.IntRange(1, len(order)).Draw(t, "targets")
		targets := order[:nTargets]
		evidence := make(map[int]int)
		var evPos, evStates []int
		for _, v := range order[nTargets:] {
			if rapid.Bool().Draw(t, "observe") {
				s := rapid.IntRange(0, m.Type(v).Size()-1).Draw(t, "state")
				evidence[v] = s
				evPos = append(evPos, position[v])
				evStates = append(evStates, s)
			}
		}

		d, interp := m.NetworkDiagram()
		joint, err := stochastic.Interpret(d, interp)
		if err != nil {
			t.Fatal(err)
		}
		conditioned, wantErr := joint.Condition(evPos, evStates)
		got, gotErr := m.Posterior(targets, evidence)

		var zero *stochastic.ZeroProbabilityError
		if wantErr != nil {
			if !errors.As(gotErr, &zero) {
				t.Fatalf("Posterior(%v | %v): got error %v, want a zero-probability error like %v", targets, evidence, gotErr, wantErr)
			}
			return
		}
		if gotErr != nil {
			t.Fatalf("Posterior(%v | %v): %v", targets, evidence, gotErr)
		}
		keep := make([]int, len(targets))
		for k, v := range targets {
			keep[k] = position[v]
		}
		want := conditioned.Marginal(keep)
		for j := range want.Cols() {
			if diff := math.Abs(got.At(0, j) - want.At(0, j)); diff > 1e-9 {
				t.Fatalf("Posterior(%v | %v) entry %d: got %v, want %v", targets, evidence, j, got.At(0, j), want.At(0, j))
			}
		}
	})
}
