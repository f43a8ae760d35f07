package counterfactual_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
	"pgregory.net/rapid"

	"github.com/markovcat/causal/counterfactual"
	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

// treatmentModel returns the causal Bayesian network X -> Y on binary
// variables with P(X=1) = px, P(Y=1 | X=0) = py0 and P(Y=1 | X=1) = py1.
func treatmentModel(t testing.TB, px, py0, py1 float64) *scm.Model {
	t.Helper()
	b := scm.NewBuilder()
	for _, v := range []string{"X", "Y"} {
		if err := b.AddVariable(v, "0", "1"); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.SetCPT("X", nil, []float64{1 - px, px}); err != nil {
		t.Fatal(err)
	}
	if err := b.SetCPT("Y", []string{"X"}, []float64{1 - py0, py0, 1 - py1, py1}); err != nil {
		t.Fatal(err)
	}
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func mustQuery(t testing.TB, s string) *scm.Query {
	t.Helper()
	q, err := scm.ParseQuery(s)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// TestQueryHandComputedWorlds checks queries over several worlds, with
// evidence in hypothetical worlds and a top-level do(...), against values
// worked out by hand from the mechanisms.
func TestQueryHandComputedWorlds(t *testing.T) {
	tests := []struct {
		file, query string
		want        map[string]float64 // assignment of the targets -> probability
	}{
		// Dead implies U=1, so A and B both shot: removing one shot
		// keeps him dead, removing both saves him.
		{"firing_squad.bif", "P(D_{A=0}, D_{B=0}, D_{A=0,B=0} | D=1)", map[string]float64{"1 1 0": 1}},
		// Counterfactual evidence: dead had A not shot means U=1.
		{"firing_squad.bif", "P(U | D_{A=0}=1)", map[string]float64{"0": 0, "1": 1}},
		// do(C=1) in every world: D_{A=0} = B = 1.
		{"firing_squad.bif", "P(D_{A=0} | do(C=1), D=1)", map[string]float64{"0": 0, "1": 1}},
		// The prisoner's death does not change the court order.
		{"firing_squad.bif", "P(C_{D=0} | D=0)", map[string]float64{"0": 1, "1": 0}},
		// A = C or W, D = A or B, P(U=1) = 0.7, P(W=1) = 0.2. Given D=1,
		// D_{A=0} = U, and P(U=1 | D=1) = 0.7 / (1 - 0.3*0.8).
		{"firing_squad_nervous.bif", "P(D_{A=0}, D_{W=0} | D=1)", map[string]float64{
			"0 0": 0.3 * 0.2 / 0.76, "1 1": 0.7 / 0.76, "0 1": 0, "1 0": 0}},
		// Under do(W=1) the factual death carries no information about U.
		{"firing_squad_nervous.bif", "P(D_{A=0} | do(W=1), D=1)", map[string]float64{"0": 0.3, "1": 0.7}},
		// Y = X U2 or U1 U3 with X = U1. Given X=1: Y_{X=1} = U2 or U3,
		// Y_{X=0} = U3, P(U2=1) = 0.7, P(U3=1) = 0.25.
		{"cf_monotone.bif", "P(Y_{X=1}, Y_{X=0} | X=1)", map[string]float64{
			"0 0": 0.3 * 0.75, "1 0": 0.7 * 0.75, "0 1": 0, "1 1": 0.25}},
	}
	for _, test := range tests {
		t.Run(test.file+" "+test.query, func(t *testing.T) {
			m := readCase(t, test.file)
			a, err := counterfactual.Query(m, mustQuery(t, test.query))
			if err != nil {
				t.Fatal(err)
			}
			if !a.Exact {
				t.Fatalf("got bounds on a functional model")
			}
			for _, r := range a.Rows {
				var key []string
				for k := range a.Targets {
					key = append(key, a.Targets[k].Type.States[r.States[k]])
				}
				want, ok := test.want[strings.Join(key, " ")]
				if !ok {
					want = 0
				}
				if math.Abs(r.Lower-want) > 1e-12 {
					t.Errorf("row %v: got %v, want %v", key, r.Lower, want)
				}
			}
		})
	}

	m := readCase(t, "cf_monotone.bif")
	c := counterfactual.Causation{X: "X", XState: "1", Y: "Y", YState: "1"}
	ett, err := counterfactual.ETT(m, c)
	if err != nil {
		t.Fatal(err)
	}
	// P(U2 or U3) - P(U3) = 0.775 - 0.25.
	if math.Abs(ett.Lower-0.525) > 1e-12 {
		t.Errorf("ETT: got %v, want 0.525", ett.Lower)
	}
}

// TestFromSCMRareEventIsStochastic checks that a table row with a small
// but positive probability off its mode is not read as deterministic: the
// event has that probability, so evidence on it is possible and the
// counterfactuals it affects are not point values.
func TestFromSCMRareEventIsStochastic(t *testing.T) {
	m := treatmentModel(t, 0.5, 1e-7, 2e-7)
	_, err := counterfactual.FromSCM(m)
	var nf *counterfactual.NotFunctionalError
	if !errors.As(err, &nf) {
		t.Fatalf("FromSCM: got %v, want *counterfactual.NotFunctionalError", err)
	}

	// PN from Tian and Pearl without confounding:
	// [1 - p0/p1, min(1, (1-p0)/p1)] = [0.5, 1].
	a, err := counterfactual.Query(m, mustQuery(t, "P(Y_{X=0}=0 | X=1, Y=1)"))
	if err != nil {
		t.Fatalf("PN: %v", err)
	}
	got, _ := a.Probability()
	if a.Exact || got.Lower > 0.5 || got.Upper < 1 {
		t.Errorf("PN: got %v exact %v, want bounds containing [0.5, 1]", got, a.Exact)
	}

	// PNS: [p1 - p0, min(p1, 1 - p0)] = [1e-7, 2e-7], not an exact 0.
	a, err = counterfactual.Query(m, mustQuery(t, "P(Y_{X=1}=1, Y_{X=0}=0)"))
	if err != nil {
		t.Fatalf("PNS: %v", err)
	}
	got, _ = a.Probability()
	if a.Exact || got.Lower > 1e-7 || got.Upper < 2e-7 {
		t.Errorf("PNS: got %v exact %v, want bounds containing [1e-7, 2e-7]", got, a.Exact)
	}
}

// checkContains fails when e is a result that excludes part of [lo, hi].
// An error other than a zero probability is accepted: evidence this rare is
// allowed to be rejected, but not to give wrong bounds.
func checkContains(t *testing.T, name string, e counterfactual.Estimate, err error, lo, hi float64) {
	t.Helper()
	var zero *stochastic.ZeroProbabilityError
	switch {
	case errors.As(err, &zero):
		t.Errorf("%s: got %v, but the evidence has positive probability", name, err)
	case err != nil:
		if !strings.Contains(err.Error(), "probability") {
			t.Errorf("%s: error %q does not mention the probability", name, err)
		}
	case math.IsNaN(e.Lower) || math.IsNaN(e.Upper):
		t.Errorf("%s: got NaN bounds %v", name, e)
	case e.Lower > lo || e.Upper < hi:
		t.Errorf("%s: got %v, which excludes part of [%v, %v]", name, e, lo, hi)
	}
}

// TestBoundsRareEvidence checks the bounds when the evidence has a
// probability near the rounding error of the computation: they must still
// contain every value consistent with the model, or be an error.
func TestBoundsRareEvidence(t *testing.T) {
	pn := func(m *scm.Model) (counterfactual.Estimate, error) {
		return counterfactual.PN(m, counterfactual.Causation{X: "X", XState: "1", Y: "Y", YState: "1"})
	}
	ps := func(m *scm.Model) (counterfactual.Estimate, error) {
		return counterfactual.PS(m, counterfactual.Causation{X: "X", XState: "1", Y: "Y", YState: "1"})
	}
	query := func(s string) func(m *scm.Model) (counterfactual.Estimate, error) {
		return func(m *scm.Model) (counterfactual.Estimate, error) {
			a, err := counterfactual.Query(m, mustQuery(t, s))
			if err != nil {
				return counterfactual.Estimate{}, err
			}
			return a.Probability()
		}
	}
	linear := func(s string) func(m *scm.Model) (counterfactual.Estimate, error) {
		return func(m *scm.Model) (counterfactual.Estimate, error) {
			a, err := counterfactual.LinearBounds(m, mustQuery(t, s))
			if err != nil {
				return counterfactual.Estimate{}, err
			}
			return a.Probability()
		}
	}
	tests := []struct {
		name           string
		px, py0, py1   float64
		fn             func(*scm.Model) (counterfactual.Estimate, error)
		wantLo, wantHi float64
	}{
		// No confounding: PN in [1 - p0/p1, min(1, (1-p0)/p1)],
		// PS in [(p1-p0)/(1-p0), min(1, p1/(1-p0))].
		{"PN P(x)=1e-12", 1e-12, 0.3, 0.8, pn, 0.625, 0.875},
		{"PN P(x)=3e-12", 3e-12, 0.3, 0.8, pn, 0.625, 0.875},
		{"PN query P(x)=3e-12", 3e-12, 0.3, 0.8, query("P(Y_{X=0}=0 | X=1, Y=1)"), 0.625, 0.875},
		{"PN query P(x)=1e-11", 1e-11, 0.3, 0.8, query("P(Y_{X=0}=0 | X=1, Y=1)"), 0.625, 0.875},
		{"PS P(x')=1e-11", 1 - 1e-11, 0, 0.2, ps, 0.2, 0.2},
		{"PS query P(x')=1e-11", 1 - 1e-11, 0, 0.2, query("P(Y_{X=1}=1 | X=0, Y=0)"), 0.2, 0.2},
		{"PS query P(x')=1e-12", 1 - 1e-12, 0.3, 0.8, query("P(Y_{X=1}=1 | X=0, Y=0)"), 5.0 / 7, 1},
		// With X=1 so rare, Y=1 and Y_{X=1}=1 may hold only for units with
		// X=1, whose Y_{X=0} is 0: a model in which the target has
		// probability 1 is consistent with these tables, and so is one
		// with Y_{X=0} = Y_{X=1}, in which it has probability 0.
		{"hypothetical evidence P(x)=1e-12", 1e-12, 1.0 / 3, 1.0 / 3, linear("P(Y_{X=0}=0 | Y_{X=1}=1, Y=1)"), 0, 1},
		// P(Y_{X=1}=0, X=0) = P(y'_x) - P(x, y') = 3e-9 * 3e-9 in every
		// consistent model: a difference of constraint values far below
		// the tolerance of the simplex method, but not zero. Y=1 never
		// happens without the treatment, so Y_{X=0} is 0.
		{"evidence by cancellation", 1 - 3e-9, 0, 1 - 3e-9, linear("P(Y_{X=0}=1 | Y_{X=1}=0, X=0)"), 0, 0},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			m := treatmentModel(t, test.px, test.py0, test.py1)
			e, err := test.fn(m)
			checkContains(t, test.name, e, err, test.wantLo, test.wantHi)
		})
	}
}

// TestETTRareTreatment checks the effect of treatment on the treated when
// the treatment is rare: without confounding it is P(y | x) - P(y | x').
func TestETTRareTreatment(t *testing.T) {
	for _, px := range []float64{1e-12, 1e-10} {
		m := treatmentModel(t, px, 0.3, 0.8)
		e, err := counterfactual.ETT(m, counterfactual.Causation{X: "X", XState: "1", Y: "Y", YState: "1"})
		if err != nil {
			continue
		}
		if math.Abs(e.Lower-0.5) > 1e-9 || math.Abs(e.Upper-0.5) > 1e-9 {
			t.Errorf("P(x) = %v: got ETT %v, want 0.5", px, e)
		}
	}
}

// TestTianPearlJointNormalised checks that a joint distribution that sums
// to 1 only within the tolerance gives the bounds of the normalised joint.
func TestTianPearlJointNormalised(t *testing.T) {
	exact := counterfactual.CausationData{
		Joint:          [2][2]float64{{0.5, 0.2}, {0.299, 0.001}},
		Interventional: &[2]float64{0.4995, 0.5},
	}
	scaled := exact
	for i := range 2 {
		for j := range 2 {
			scaled.Joint[i][j] *= 1 - 9e-7
		}
	}
	for name, fn := range map[string]func(counterfactual.CausationData) (counterfactual.Estimate, error){
		"PN": counterfactual.PNBounds, "PS": counterfactual.PSBounds, "PNS": counterfactual.PNSBounds,
	} {
		want, err := fn(exact)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := fn(scaled)
		if err != nil {
			t.Fatalf("%s of the scaled joint: %v", name, err)
		}
		if math.Abs(got.Lower-want.Lower) > 1e-9 || math.Abs(got.Upper-want.Upper) > 1e-9 {
			t.Errorf("%s: scaled joint gives %v, normalised %v", name, got, want)
		}
	}
}

// TestSizeErrorNamesCount checks that a program over too many profiles
// reports how many it would need.
func TestSizeErrorNamesCount(t *testing.T) {
	// Y has three binary parents, 2^8 response functions, and each parent
	// two: 2^11 profiles, times the 2^4 of a second child Z of A: 2^15.
	b := scm.NewBuilder()
	for _, v := range []string{"A", "B", "C", "Y", "Z"} {
		if err := b.AddVariable(v, "0", "1"); err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range []string{"A", "B", "C"} {
		if err := b.SetCPT(v, nil, []float64{0.5, 0.5}); err != nil {
			t.Fatal(err)
		}
	}
	y := make([]float64, 16)
	for r := range 8 {
		y[2*r], y[2*r+1] = 0.3, 0.7
	}
	if err := b.SetCPT("Y", []string{"A", "B", "C"}, y); err != nil {
		t.Fatal(err)
	}
	if err := b.SetCPT("Z", []string{"A", "B"}, []float64{0.1, 0.9, 0.2, 0.8, 0.3, 0.7, 0.4, 0.6}); err != nil {
		t.Fatal(err)
	}
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	_, err = counterfactual.LinearBounds(m, mustQuery(t, "P(Y_{A=1}=1, Z_{A=0}=1)"))
	var size *counterfactual.SizeError
	if !errors.As(err, &size) {
		t.Fatalf("got %v, want *counterfactual.SizeError", err)
	}
	if size.Profiles != 1<<15 {
		t.Errorf("Profiles is %d, want %d", size.Profiles, 1<<15)
	}
	if !strings.Contains(err.Error(), fmt.Sprint(1<<15)) {
		t.Errorf("error %q does not name the %d profiles", err, 1<<15)
	}
}

// TestLinearBoundsContainTruthWithDo extends the containment property to
// queries with a top-level do(...) and targets without a value.
func TestLinearBoundsContainTruthWithDo(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fm, sm := genMarkovian(t)
		q := genEndogenousQuery(t, sm)
		if rapid.Bool().Draw(t, "top-level do") {
			v := rapid.IntRange(0, sm.NumVars()-1).Draw(t, "intervened everywhere")
			q.Do = []scm.Term{{Var: sm.Type(v).Name, Value: "0", HasValue: true}}
		}
		if rapid.Bool().Draw(t, "target without value") {
			q.Targets[0].HasValue, q.Targets[0].Value = false, ""
		}
		if err := q.Check(sm); err != nil {
			return
		}
		exact, err := fm.Query(q)
		if err != nil {
			return
		}
		b, err := counterfactual.LinearBounds(sm, q)
		var size *counterfactual.SizeError
		if errors.As(err, &size) {
			return
		}
		if err != nil {
			t.Fatalf("query %s: %v", q, err)
		}
		if len(b.Rows) != len(exact.Rows) {
			t.Fatalf("query %s: %d rows of bounds, %d exact rows", q, len(b.Rows), len(exact.Rows))
		}
		for k, r := range b.Rows {
			if fmt.Sprint(r.States) != fmt.Sprint(exact.Rows[k].States) {
				t.Fatalf("query %s: row %d is %v in the bounds, %v in the exact answer", q, k, r.States, exact.Rows[k].States)
			}
			if !within(r.Estimate, exact.Rows[k].Lower) {
				t.Fatalf("query %s: row %v: exact %v is outside the bounds %v", q, r.States, exact.Rows[k].Lower, r.Estimate)
			}
		}
	})
}

// TestLinearBoundsSingularBasis checks that a program on which gonum's
// simplex method panics with a numerically singular basis gives an error.
func TestLinearBoundsSingularBasis(t *testing.T) {
	// Y = f(X, U) with U of four states, two of them of weight 1e-9.
	weights := []float64{1e-9, 0.5, 1e-9, 0.25}
	table := []int{0, 1, 0, 1, 0, 1, 1, 1} // row X, column U
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	var py [2]float64
	for x := range 2 {
		for u, w := range weights {
			py[x] += w / sum * float64(table[4*x+u])
		}
	}
	m := treatmentModel(t, 0.5, py[0], py[1])
	a, err := counterfactual.LinearBounds(m, mustQuery(t, "P(X=1 | Y_{X=1}=1, Y_{X=0}=0)"))
	if err != nil {
		return
	}
	got, _ := a.Probability()
	if math.IsNaN(got.Lower) || math.IsNaN(got.Upper) || got.Lower > got.Upper {
		t.Errorf("got %v, want an interval or an error", got)
	}
}

// TestLinearBoundsSquareProgram checks programs whose independent
// constraints are as many as the profiles, with a unique solution that has
// a zero: a root with a state of probability 0.
func TestLinearBoundsSquareProgram(t *testing.T) {
	b := scm.NewBuilder()
	if err := b.AddVariable("X", "0", "1", "2"); err != nil {
		t.Fatal(err)
	}
	if err := b.AddVariable("Y", "0", "1"); err != nil {
		t.Fatal(err)
	}
	if err := b.SetCPT("X", nil, []float64{1 / 1.625, 0.625 / 1.625, 0}); err != nil {
		t.Fatal(err)
	}
	if err := b.SetCPT("Y", []string{"X"}, []float64{0.5, 0.5, 0.2, 0.8, 0.9, 0.1}); err != nil {
		t.Fatal(err)
	}
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	for _, test := range []struct {
		query string
		want  float64
	}{
		{"P(X_{Y=1}=0)", 1 / 1.625},
		{"P(X=1 | do(X=1))", 1},
	} {
		a, err := counterfactual.LinearBounds(m, mustQuery(t, test.query))
		if err != nil {
			t.Errorf("%s: %v", test.query, err)
			continue
		}
		got, _ := a.Probability()
		if math.Abs(got.Lower-test.want) > 1e-9 || math.Abs(got.Upper-test.want) > 1e-9 {
			t.Errorf("%s: got %v, want %v", test.query, got, test.want)
		}
	}
}

// TestLinearBoundsImpossibleHypotheticalEvidence checks that evidence
// impossible in a hypothetical world is a zero probability, not a rare
// evidence error.
func TestLinearBoundsImpossibleHypotheticalEvidence(t *testing.T) {
	m := treatmentModel(t, 0.5, 0.3, 0) // Y never happens under do(X=1)
	for _, s := range []string{"P(Y | Y_{X=1}=1)", "P(Y_{X=0}=1 | Y_{X=1}=1, X=0)"} {
		_, err := counterfactual.LinearBounds(m, mustQuery(t, s))
		var zero *stochastic.ZeroProbabilityError
		if !errors.As(err, &zero) {
			t.Errorf("%s: got %v, want *stochastic.ZeroProbabilityError", s, err)
		}
	}
}

// TestQueryContradictoryTargets checks that two targets requiring one
// counterfactual variable to take two values are a *ContradictionError on
// a causal Bayesian network too, functional or not.
func TestQueryContradictoryTargets(t *testing.T) {
	for _, name := range []string{"firing_squad.bif", "bounds_xy.bif"} {
		m := readCase(t, name)
		q := mustQuery(t, "P(Y_{X=1}=1, Y_{X=1}=0)")
		if name == "firing_squad.bif" {
			q = mustQuery(t, "P(D_{A=0}=1, D_{A=0}=0)")
		}
		_, err := counterfactual.Query(m, q)
		var c *counterfactual.ContradictionError
		if !errors.As(err, &c) {
			t.Errorf("%s: Query: got %v, want *counterfactual.ContradictionError", name, err)
		}
		if name == "bounds_xy.bif" {
			_, err = counterfactual.LinearBounds(m, q)
			if !errors.As(err, &c) {
				t.Errorf("%s: LinearBounds: got %v, want *counterfactual.ContradictionError", name, err)
			}
		}
	}
}

// TestQueryTermAgainstItsOwnWorld checks that X_{X=1}=0, a term whose value
// differs from the intervention of its own world, is an event of probability
// 0: as a target its probability is 0, and as evidence it is a
// *stochastic.ZeroProbabilityError, not a *ContradictionError.
func TestQueryTermAgainstItsOwnWorld(t *testing.T) {
	fm := firingSquad()
	cbn := readCase(t, "firing_squad.bif")
	for _, s := range []string{"P(A_{A=1}=0)", "P(A_{A=1}=0, D=1)", "P(A_{A=1}=0 | D=1)"} {
		q := mustQuery(t, s)
		for name, query := range map[string]func() (*counterfactual.Answer, error){
			"Model.Query":               func() (*counterfactual.Answer, error) { return fm.Query(q) },
			"AbductionActionPrediction": func() (*counterfactual.Answer, error) { return fm.AbductionActionPrediction(q) },
			"Query":                     func() (*counterfactual.Answer, error) { return counterfactual.Query(cbn, q) },
		} {
			a, err := query()
			if err != nil {
				t.Errorf("%s %s: %v", name, s, err)
				continue
			}
			p, err := a.Probability()
			if err != nil {
				t.Errorf("%s %s: %v", name, s, err)
				continue
			}
			if !p.Exact || p.Lower != 0 {
				t.Errorf("%s %s: got %+v, want exactly 0", name, s, p)
			}
		}
	}

	for _, s := range []string{"P(D | A_{A=1}=0)", "P(D_{A=0}=1 | A_{A=1}=0, U=1)"} {
		q := mustQuery(t, s)
		for name, query := range map[string]func() (*counterfactual.Answer, error){
			"Model.Query":               func() (*counterfactual.Answer, error) { return fm.Query(q) },
			"AbductionActionPrediction": func() (*counterfactual.Answer, error) { return fm.AbductionActionPrediction(q) },
		} {
			_, err := query()
			var zero *stochastic.ZeroProbabilityError
			if !errors.As(err, &zero) {
				t.Errorf("%s %s: got %v, want *stochastic.ZeroProbabilityError", name, s, err)
			}
			var c *counterfactual.ContradictionError
			if errors.As(err, &c) {
				t.Errorf("%s %s: got *counterfactual.ContradictionError %v", name, s, err)
			}
			if err != nil && !strings.Contains(err.Error(), "A_{A=1}=0") {
				t.Errorf("%s %s: error %q does not name A_{A=1}=0", name, s, err)
			}
		}
	}

	// Giving A_{A=1} two values is still a contradiction.
	_, err := fm.Query(mustQuery(t, "P(A_{A=1}=1 | A_{A=1}=0)"))
	var c *counterfactual.ContradictionError
	if !errors.As(err, &c) {
		t.Errorf("P(A_{A=1}=1 | A_{A=1}=0): got %v, want *counterfactual.ContradictionError", err)
	}
}

// TestBoundsTermAgainstItsOwnWorld checks the same events on a model that
// is not functional, where the answer comes from linear programming.
func TestBoundsTermAgainstItsOwnWorld(t *testing.T) {
	m := readCase(t, "bounds_xy.bif")
	a, err := counterfactual.Query(m, mustQuery(t, "P(X_{X=1}=0)"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := a.Probability()
	if err != nil {
		t.Fatal(err)
	}
	// NOTE: the simplex tolerances leave an upper bound of about 1e-11.
	if p.Lower != 0 || p.Upper > 1e-9 {
		t.Errorf("P(X_{X=1}=0): got [%g, %g], want [0, 0]", p.Lower, p.Upper)
	}
	_, err = counterfactual.Query(m, mustQuery(t, "P(Y | X_{X=1}=0)"))
	var zero *stochastic.ZeroProbabilityError
	if !errors.As(err, &zero) {
		t.Errorf("P(Y | X_{X=1}=0): got %v, want *stochastic.ZeroProbabilityError", err)
	}
}

// TestQueryTianPearlAfterSimplexFailure checks that a query of the form of
// PN, PS or PNS on a model that is not functional falls back to the
// Tian-Pearl bounds when the simplex method fails numerically. A query of
// another form returns the failure.
func TestQueryTianPearlAfterSimplexFailure(t *testing.T) {
	failures := []struct {
		name     string
		simplex  func(c []float64, a mat.Matrix, b []float64, tol float64, initialBasic []int) (float64, []float64, error)
		singular bool
	}{
		{"singular basis", func([]float64, mat.Matrix, []float64, float64, []int) (float64, []float64, error) {
			panic("lp: subcolumns of A for supplied initial basic singular")
		}, true},
		{"spurious infeasible", func([]float64, mat.Matrix, []float64, float64, []int) (float64, []float64, error) {
			return 0, nil, lp.ErrInfeasible
		}, false},
	}
	// X -> Y without confounding, P(Y=1 | X=0) = 0.3, P(Y=1 | X=1) = 0.8
	// and P(X=1) = 0.4: PN lies in [1 - p0/p1, min(1, (1-p0)/p1)] =
	// [0.625, 0.875] and PS in [(p1-p0)/(1-p0), min(1, p1/(1-p0))] =
	// [5/7, 1]. PNS lies in [max(0, p1 - p0), min(p1, 1 - p0)] = [0.5, 0.7].
	m := treatmentModel(t, 0.4, 0.3, 0.8)
	queries := []struct {
		query          string
		wantLo, wantHi float64
	}{
		{"P(Y_{X=0}=0 | X=1, Y=1)", 0.625, 0.875},
		{"P(Y_{X=1}=1 | X=0, Y=0)", 5.0 / 7, 1},
		{"P(Y_{X=1}=1, Y_{X=0}=0)", 0.5, 0.7},
	}
	for _, failure := range failures {
		t.Run(failure.name, func(t *testing.T) {
			restore := counterfactual.SetSimplex(failure.simplex)
			defer restore()
			_, err := counterfactual.LinearBounds(m, mustQuery(t, queries[0].query))
			var se *counterfactual.SimplexError
			if !errors.As(err, &se) {
				t.Fatalf("LinearBounds: got error %v, want *counterfactual.SimplexError", err)
			}
			if se.Singular != failure.singular {
				t.Errorf("LinearBounds: Singular is %v, want %v", se.Singular, failure.singular)
			}
			for _, test := range queries {
				a, err := counterfactual.Query(m, mustQuery(t, test.query))
				if err != nil {
					t.Errorf("%s: %v", test.query, err)
					continue
				}
				if a.Method != counterfactual.MethodTianPearl {
					t.Errorf("%s: Method is %q, want %q", test.query, a.Method, counterfactual.MethodTianPearl)
				}
				if !strings.Contains(a.Reason, "Tian-Pearl") || !strings.Contains(a.Reason, "failed numerically") {
					t.Errorf("%s: Reason %q does not say that the linear program failed", test.query, a.Reason)
				}
				if !strings.Contains(a.Reason, "not a deterministic function") {
					t.Errorf("%s: Reason %q does not say that the model is not functional", test.query, a.Reason)
				}
				got, err := a.Probability()
				if err != nil {
					t.Errorf("%s: %v", test.query, err)
					continue
				}
				if math.Abs(got.Lower-test.wantLo) > 1e-9 || math.Abs(got.Upper-test.wantHi) > 1e-9 {
					t.Errorf("%s: got %v, want [%v, %v]", test.query, got, test.wantLo, test.wantHi)
				}
			}

			// A query of another form has no Tian-Pearl bounds, so the
			// failure is its answer.
			_, err = counterfactual.Query(m, mustQuery(t, "P(Y_{X=1}=1 | Y_{X=0}=0)"))
			if !errors.As(err, &se) {
				t.Errorf("query of another form: got error %v, want *counterfactual.SimplexError", err)
			}
		})
	}
}

// TestQueryNoFallbackForEvidenceErrors checks that evidence of probability
// zero or below 1e-9 is reported as such, whether or not the simplex method
// fails, and not hidden by the Tian-Pearl fallback.
func TestQueryNoFallbackForEvidenceErrors(t *testing.T) {
	const pn = "P(Y_{X=0}=0 | X=1, Y=1)"
	// With P(Y=1 | X=1) = 0 the evidence X=1, Y=1 is impossible, and with
	// P(X=1) = 3e-12 its probability is 2.4e-12.
	impossible := treatmentModel(t, 0.4, 0.3, 0)
	rare := treatmentModel(t, 3e-12, 0.3, 0.8)
	singular := func([]float64, mat.Matrix, []float64, float64, []int) (float64, []float64, error) {
		panic("lp: subcolumns of A for supplied initial basic singular")
	}
	for _, failing := range []bool{false, true} {
		name := "simplex method working"
		if failing {
			name = "simplex method failing"
		}
		t.Run(name, func(t *testing.T) {
			if failing {
				defer counterfactual.SetSimplex(singular)()
			}
			_, err := counterfactual.Query(impossible, mustQuery(t, pn))
			var zero *stochastic.ZeroProbabilityError
			if !errors.As(err, &zero) {
				t.Errorf("impossible evidence: got error %v, want *stochastic.ZeroProbabilityError", err)
			}
			_, err = counterfactual.Query(rare, mustQuery(t, pn))
			var rareErr *counterfactual.RareEvidenceError
			if !errors.As(err, &rareErr) {
				t.Errorf("rare evidence: got error %v, want *counterfactual.RareEvidenceError", err)
			}
		})
	}
}
