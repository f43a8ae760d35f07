package counterfactual_test

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"pgregory.net/rapid"

	"github.com/markovcat/causal/counterfactual"
	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

func TestTianPearlHandComputed(t *testing.T) {
	// P(x,y) = 0.3, P(x,y') = 0.2, P(x',y) = 0.1, P(x',y') = 0.4, so
	// P(y) = 0.4; P(y | do(x)) = 0.5 and P(y | do(x')) = 0.2.
	//   PN:  [(0.4-0.2)/0.3, min(1, (0.8-0.4)/0.3)] = [2/3, 1]
	//   PS:  [(0.5-0.4)/0.4, (0.5-0.3)/0.4]          = [0.25, 0.5]
	//   PNS: [max(0.3, 0.2, 0.1), min(0.5, 0.8, 0.7, 0.3+0.2+0.1)] = [0.3, 0.5]
	d := counterfactual.CausationData{
		Joint:          [2][2]float64{{0.4, 0.1}, {0.2, 0.3}},
		Interventional: &[2]float64{0.2, 0.5},
	}
	// bounds_xy: P(x) = 0.6, P(y | x) = 0.8, P(y | x') = 0.3, no confounding.
	//   PN:  [(0.6-0.3)/0.48, (0.7-0.28)/0.48] = [0.625, 0.875]
	//   PNS: [0.8-0.3, min(0.8, 0.7)]          = [0.5, 0.7]
	xy := counterfactual.CausationData{
		Joint:          [2][2]float64{{0.28, 0.12}, {0.12, 0.48}},
		Interventional: &[2]float64{0.3, 0.8},
	}
	observational := counterfactual.CausationData{Joint: d.Joint}
	tests := []struct {
		name   string
		fn     func(counterfactual.CausationData) (counterfactual.Estimate, error)
		data   counterfactual.CausationData
		lo, hi float64
	}{
		{"PN", counterfactual.PNBounds, d, 2.0 / 3, 1},
		{"PS", counterfactual.PSBounds, d, 0.25, 0.5},
		{"PNS", counterfactual.PNSBounds, d, 0.3, 0.5},
		{"PN bounds_xy", counterfactual.PNBounds, xy, 0.625, 0.875},
		{"PNS bounds_xy", counterfactual.PNSBounds, xy, 0.5, 0.7},
		{"PN observational", counterfactual.PNBounds, observational, 0, 1},
		{"PNS observational", counterfactual.PNSBounds, observational, 0, 0.7},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			got, err := test.fn(test.data)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got.Lower-test.lo) > 1e-12 || math.Abs(got.Upper-test.hi) > 1e-12 {
				t.Errorf("got [%v, %v], want [%v, %v]", got.Lower, got.Upper, test.lo, test.hi)
			}
			if got.Exact {
				t.Errorf("bounds are marked exact")
			}
		})
	}
}

func TestTianPearlInvalidData(t *testing.T) {
	tests := []struct {
		name string
		data counterfactual.CausationData
	}{
		{"joint does not sum to 1", counterfactual.CausationData{Joint: [2][2]float64{{0.5, 0.5}, {0.5, 0.5}}}},
		{"negative entry", counterfactual.CausationData{Joint: [2][2]float64{{1.2, -0.2}, {0, 0}}}},
		{"experiment inconsistent with observation", counterfactual.CausationData{
			Joint:          [2][2]float64{{0.4, 0.1}, {0.2, 0.3}},
			Interventional: &[2]float64{0.2, 0.1}, // below P(x, y) = 0.3
		}},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			if _, err := counterfactual.PNSBounds(test.data); err == nil {
				t.Errorf("got no error")
			}
		})
	}
	_, err := counterfactual.PNBounds(counterfactual.CausationData{Joint: [2][2]float64{{0.5, 0.5}, {0, 0}}})
	var zero *stochastic.ZeroProbabilityError
	if !errors.As(err, &zero) {
		t.Errorf("PN with P(x, y) = 0: got %v, want *stochastic.ZeroProbabilityError", err)
	}
}

// genTreatment draws a functional model with binary treatment X and outcome
// Y, X -> Y, and exogenous variables that may confound them.
func genTreatment(t *rapid.T) *counterfactual.Model {
	b := counterfactual.NewBuilder()
	bin := []string{"0", "1"}
	nu := rapid.IntRange(1, 3).Draw(t, "exogenous")
	var us []string
	for i := range nu {
		w := rapid.Float64Range(0.05, 1).Draw(t, "weight")
		name := fmt.Sprintf("U%d", i)
		if err := b.AddExogenous(name, bin, []float64{1 - w/(1+w), w / (1 + w)}); err != nil {
			t.Fatal(err)
		}
		us = append(us, name)
	}
	add := func(name string, parents []string) {
		n := 1 << len(parents)
		table := rapid.SliceOfN(rapid.IntRange(0, 1), n, n).Draw(t, name+" table")
		f := func(x []int) int {
			r := 0
			for _, s := range x {
				r = 2*r + s
			}
			return table[r]
		}
		if err := b.AddFunction(name, bin, parents, f); err != nil {
			t.Fatal(err)
		}
	}
	pick := func(label string) []string {
		idx := rapid.SliceOfNDistinct(rapid.IntRange(0, nu-1), 1, nu, rapid.ID[int]).Draw(t, label)
		var out []string
		for _, i := range idx {
			out = append(out, us[i])
		}
		return out
	}
	add("X", pick("parents of X"))
	add("Y", append([]string{"X"}, pick("parents of Y")...))
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func within(e counterfactual.Estimate, p float64) bool {
	return e.Lower-1e-9 <= p && p <= e.Upper+1e-9
}

func TestTianPearlContainsTruth(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fm := genTreatment(t)
		sm, err := fm.SCM()
		if err != nil {
			t.Fatal(err)
		}
		c := counterfactual.Causation{X: "X", XState: "1", Y: "Y", YState: "1"}
		d, err := c.Data(sm)
		if err != nil {
			t.Fatal(err)
		}
		for _, test := range []struct {
			name  string
			exact func(*scm.Model, counterfactual.Causation) (counterfactual.Estimate, error)
			tp    func(counterfactual.CausationData) (counterfactual.Estimate, error)
		}{
			{"PN", counterfactual.PN, counterfactual.PNBounds},
			{"PS", counterfactual.PS, counterfactual.PSBounds},
			{"PNS", counterfactual.PNS, counterfactual.PNSBounds},
		} {
			truth, err := test.exact(sm, c)
			var zero *stochastic.ZeroProbabilityError
			if errors.As(err, &zero) {
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", test.name, err)
			}
			if !truth.Exact {
				t.Fatalf("%s on a functional model is %v, want exact", test.name, truth)
			}
			b, err := test.tp(d)
			if err != nil {
				t.Fatalf("%s bounds: %v", test.name, err)
			}
			if !within(b, truth.Lower) {
				t.Fatalf("%s = %v is outside the Tian-Pearl bounds %v", test.name, truth.Lower, b)
			}
		}
	})
}

// genMarkovian draws a functional model over two or three endogenous
// variables, each with its own exogenous variable and earlier endogenous
// parents. It returns that model and the causal model over the endogenous
// variables alone, whose tables average the mechanisms over the exogenous
// variables. The second model is not functional in general, and the first
// is one of the functional models consistent with it.
func genMarkovian(t *rapid.T) (*counterfactual.Model, *scm.Model) {
	b := counterfactual.NewBuilder()
	sb := scm.NewBuilder()
	n := rapid.IntRange(2, 3).Draw(t, "endogenous")
	var names []string
	var sizes []int
	for i := range n {
		size := rapid.IntRange(2, 2+boolInt(i == 0)).Draw(t, "size")
		states := make([]string, size)
		for s := range states {
			states[s] = fmt.Sprint(s)
		}
		us := rapid.IntRange(2, 4).Draw(t, "exogenous size")
		ustates := make([]string, us)
		prior := make([]float64, us)
		sum := 0.0
		for s := range ustates {
			ustates[s] = fmt.Sprint(s)
			prior[s] = rapid.Float64Range(0.05, 1).Draw(t, "weight")
			sum += prior[s]
		}
		for s := range prior {
			prior[s] /= sum
		}
		uname := fmt.Sprintf("U%d", i)
		if err := b.AddExogenous(uname, ustates, prior); err != nil {
			t.Fatal(err)
		}
		var idx []int
		if i > 0 {
			idx = rapid.SliceOfNDistinct(rapid.IntRange(0, i-1), 1, i, rapid.ID[int]).Draw(t, "parents")
		}
		var parents []string
		configs := 1
		for _, p := range idx {
			parents = append(parents, names[p])
			configs *= sizes[p]
		}
		table := rapid.SliceOfN(rapid.IntRange(0, size-1), configs*us, configs*us).Draw(t, "table")
		name := fmt.Sprintf("V%d", i)
		if err := b.AddTable(name, states, append(append([]string(nil), parents...), uname), oneHot(table, size)); err != nil {
			t.Fatal(err)
		}
		cpt := make([]float64, configs*size)
		for c := range configs {
			for u := range us {
				cpt[c*size+table[c*us+u]] += prior[u]
			}
		}
		if err := sb.AddVariable(name, states...); err != nil {
			t.Fatal(err)
		}
		if err := sb.SetCPT(name, parents, cpt); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
		sizes = append(sizes, size)
	}
	fm, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	sm, err := sb.Build()
	if err != nil {
		t.Fatal(err)
	}
	return fm, sm
}

func oneHot(table []int, size int) []float64 {
	out := make([]float64, len(table)*size)
	for r, s := range table {
		out[r*size+s] = 1
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// genEndogenousQuery draws a counterfactual query over the endogenous
// variables V0, V1, ... of a model from genMarkovian.
func genEndogenousQuery(t *rapid.T, sm *scm.Model) *scm.Query {
	state := func(v int, label string) string {
		ty := sm.Type(v)
		return ty.States[rapid.IntRange(0, ty.Size()-1).Draw(t, label)]
	}
	n := sm.NumVars()
	worlds := [][]scm.Term{nil}
	for range rapid.IntRange(1, 2).Draw(t, "hypothetical worlds") {
		v := rapid.IntRange(0, n-1).Draw(t, "intervened")
		worlds = append(worlds, []scm.Term{{Var: sm.Type(v).Name, Value: state(v, "do state"), HasValue: true}})
	}
	term := func() scm.Term {
		v := rapid.IntRange(0, n-1).Draw(t, "variable")
		w := rapid.IntRange(0, len(worlds)-1).Draw(t, "world")
		return scm.Term{Var: sm.Type(v).Name, Do: worlds[w], Value: state(v, "value"), HasValue: true}
	}
	q := &scm.Query{Targets: []scm.Term{term()}}
	for range rapid.IntRange(0, 2).Draw(t, "evidence") {
		q.Evidence = append(q.Evidence, term())
	}
	return q
}

func TestLinearBoundsContainTruth(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fm, sm := genMarkovian(t)
		q := genEndogenousQuery(t, sm)
		if err := q.Check(sm); err != nil {
			return
		}
		exact, err := fm.Query(q)
		if err != nil {
			// Contradictions and impossible evidence are covered elsewhere.
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
		truth, _ := exact.Probability()
		got, err := b.Probability()
		if err != nil {
			t.Fatal(err)
		}
		if !within(got, truth.Lower) {
			t.Fatalf("query %s: exact %v is outside the bounds %v", q, truth.Lower, got)
		}
	})
}

// TestLinearBoundsMatchTianPearl checks that on X -> Y, where the
// Tian-Pearl bounds are sharp, the linear program finds the same bounds.
func TestLinearBoundsMatchTianPearl(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		px := rapid.Float64Range(0.05, 0.95).Draw(t, "P(X=1)")
		py0 := rapid.Float64Range(0.01, 0.99).Draw(t, "P(Y=1 | X=0)")
		py1 := rapid.Float64Range(0.01, 0.99).Draw(t, "P(Y=1 | X=1)")
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
		sm, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		c := counterfactual.Causation{X: "X", XState: "1", Y: "Y", YState: "1"}
		for _, test := range []struct {
			query string
			fn    func(*scm.Model, counterfactual.Causation) (counterfactual.Estimate, error)
		}{
			{"P(Y_{X=0}=0 | X=1, Y=1)", counterfactual.PN},
			{"P(Y_{X=1}=1 | X=0, Y=0)", counterfactual.PS},
			{"P(Y_{X=1}=1, Y_{X=0}=0)", counterfactual.PNS},
		} {
			want, err := test.fn(sm, c)
			var zero *stochastic.ZeroProbabilityError
			if errors.As(err, &zero) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			q, err := scm.ParseQuery(test.query)
			if err != nil {
				t.Fatal(err)
			}
			a, err := counterfactual.LinearBounds(sm, q)
			if err != nil {
				t.Fatalf("%s: %v", test.query, err)
			}
			got, _ := a.Probability()
			if math.Abs(got.Lower-want.Lower) > 1e-7 || math.Abs(got.Upper-want.Upper) > 1e-7 {
				t.Fatalf("%s: linear program %v, Tian-Pearl %v", test.query, got, want)
			}
		}
	})
}

// TestETTFormulaMatchesTwin checks that the effect of treatment on the
// treated computed from a non-functional model by the consistency formula
// equals the twin-network value in a functional model with the same
// distributions.
func TestETTFormulaMatchesTwin(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fm, sm := genMarkovian(t)
		if sm.Type(0).Size() != 2 {
			return
		}
		fsm, err := fm.SCM()
		if err != nil {
			t.Fatal(err)
		}
		c := counterfactual.Causation{X: "V0", XState: "1", Y: "V1", YState: "1"}
		want, err := counterfactual.ETT(fsm, c)
		var zero *stochastic.ZeroProbabilityError
		if errors.As(err, &zero) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		got, err := counterfactual.ETT(sm, c)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Exact || !want.Exact {
			t.Fatalf("ETT estimates %v and %v, want exact values", got, want)
		}
		if math.Abs(got.Lower-want.Lower) > 1e-9 {
			t.Fatalf("ETT by formula %v, by twin network %v", got.Lower, want.Lower)
		}
	})
}
