package intervention_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/markovcat/causal/intervention"
	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

// Do on several variables at once gives the truncated factorisation, and the
// same model as intervening on one variable at a time.
func TestDoSeveralVariables(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(2, 6).Draw(t, "n")
		m := randomModel(t, n, false)
		vs := rapid.SliceOfNDistinct(rapid.IntRange(0, n-1), 1, n-1, rapid.ID[int]).Draw(t, "do")
		assign := make(map[int]int)
		for _, v := range vs {
			assign[v] = rapid.IntRange(0, m.Type(v).Size()-1).Draw(t, fmt.Sprintf("x%d", v))
		}
		target := rapid.IntRange(0, n-1).Filter(func(v int) bool { return !slices.Contains(vs, v) }).Draw(t, "target")

		cut, err := intervention.Do(m, assign)
		if err != nil {
			t.Fatal(err)
		}
		step := m
		for _, v := range vs {
			if step, err = intervention.Do(step, map[int]int{v: assign[v]}); err != nil {
				t.Fatal(err)
			}
		}
		for v := range n {
			if !slices.Equal(cut.Parents(v), step.Parents(v)) || !slices.Equal(cut.Children(v), step.Children(v)) || cut.CPT(v) != step.CPT(v) && !slices.Contains(vs, v) {
				t.Fatalf("variable %d: Do at once and one at a time differ", v)
			}
		}
		got, err := cut.Posterior([]int{target}, nil)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := truncated(m, assign, []int{target}, nil)
		if !closeRows(got, want, tol) {
			t.Fatalf("P(V%d | do%v): got %v, want %v", target, assign, got.Row(0), want)
		}
	})
}

// The message for impossible evidence lists ten items of a long list.
func TestQueryZeroEvidenceListIsShort(t *testing.T) {
	const n = 30
	b := scm.NewBuilder()
	evidence := []scm.Term{{Var: "R", Value: "0", HasValue: true}}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(b.AddVariable("R", "0", "1"))
	must(b.SetCPT("R", nil, []float64{0.5, 0.5}))
	for k := range n {
		name := fmt.Sprintf("C%02d", k)
		must(b.AddVariable(name, "0", "1"))
		must(b.SetCPT(name, []string{"R"}, []float64{1, 0, 0.5, 0.5}))
		evidence = append(evidence, scm.Term{Var: name, Value: "1", HasValue: true})
	}
	must(b.AddVariable("Y", "0", "1"))
	must(b.SetCPT("Y", []string{"R"}, []float64{0.5, 0.5, 0.5, 0.5}))
	m, err := b.Build()
	must(err)

	_, err = intervention.Query(m, &scm.Query{Targets: []scm.Term{{Var: "Y"}}, Evidence: evidence})
	var zero *stochastic.ZeroProbabilityError
	if !errors.As(err, &zero) {
		t.Fatalf("got error %v, want a *stochastic.ZeroProbabilityError", err)
	}
	want := "intervention: evidence R=0, C00=1, C01=1, C02=1, C03=1, C04=1, C05=1, C06=1, C07=1, C08=1 and 21 more has probability 0 in the model"
	if msg := err.Error(); msg != want {
		t.Errorf("got message %q, want %q", msg, want)
	}
}
