package counterfactual_test

import (
	"fmt"
	"pgregory.net/rapid"
	"testing"

	"github.com/markovcat/causal/counterfactual"
	"github.com/markovcat/causal/scm"
)

func probe(t *testing.T, m *scm.Model, query string) {
	t.Helper()
	q, err := scm.ParseQuery(query)
	if err != nil {
		t.Fatal(err)
	}
	a, err := counterfactual.Query(m, q)
	if err != nil {
		t.Logf("%s: error %T %v", query, err, err)
		return
	}
	for _, r := range a.Rows {
		t.Logf("%s: %v %v %s exact=%v", query, a.Assignment(r), r.Estimate, r.Method, a.Exact)
	}
}

func TestProbeCases(t *testing.T) {
	fs := readCase(t, "firing_squad.bif")
	for _, q := range []string{
		"P(D_{A=0}=0 | D=1)", "P(D_{A=1}=1 | D=0)", "P(D_{A=0}=1, D_{A=1}=1)",
		"P(D_{A=0} | do(C=1))", "P(D_{A=0} | do(C=1), D=1)", "P(D_{A=0}, D_{B=0}, D_{A=0,B=0} | D=1)",
		"P(D | D_{A=0}=1)", "P(U | D_{A=0}=1, D_{B=0}=1)", "P(D_{A=0}=0 | D=1, U=0)", "P(D_{A=0}=0, D_{A=0}=1)",
		"P(A_{A=1}=0)", "P(D_{A=0}=0 | D_{A=0}=1)", "P(D | do(A=0), A=1)", "P(D_{A=1} | do(A=0))",
		"P(D_{D=0}=1 | D=1)", "P(C_{D=0} | D=0)",
	} {
		probe(t, fs, q)
	}
	nv := readCase(t, "firing_squad_nervous.bif")
	for _, q := range []string{
		"P(D_{A=0}=1 | D=1)", "P(D_{A=0} | do(W=1), D=1)", "P(D_{A=0}, D_{W=0} | D=1)",
	} {
		probe(t, nv, q)
	}
	mono := readCase(t, "cf_monotone.bif")
	for _, q := range []string{
		"P(Y_{X=0}=0 | X=1, Y=1)", "P(Y_{X=1}=1 | X=0, Y=0)", "P(Y_{X=1}=1, Y_{X=0}=0)", "P(Y_{X=1}, Y_{X=0} | X=1)",
	} {
		probe(t, mono, q)
	}
	c := counterfactual.Causation{X: "X", XState: "1", Y: "Y", YState: "1"}
	for _, f := range []func(*scm.Model, counterfactual.Causation) (counterfactual.Estimate, error){counterfactual.PN, counterfactual.PS, counterfactual.PNS, counterfactual.ETT} {
		e, err := f(mono, c)
		t.Log(e, err)
	}
	bxy := readCase(t, "bounds_xy.bif")
	for _, q := range []string{
		"P(Y_{X=0}=0 | X=1, Y=1)", "P(Y_{X=1}=1 | X=0, Y=0)", "P(Y_{X=1}=1, Y_{X=0}=0)", "P(Y_{X=1}, Y_{X=0})",
		"P(Y_{X=1}=1)", "P(Y_{X=1} | X=0)", "P(Y_{X=0}=0 | Y_{X=1}=1)", "P(Y_{X=1}=1 | X=1)", "P(X_{Y=1})",
		"P(Y_{X=1}=1 | Y_{X=1}=0)", "P(Y | do(X=1))",
	} {
		probe(t, bxy, q)
	}
	for _, f := range []func(*scm.Model, counterfactual.Causation) (counterfactual.Estimate, error){counterfactual.PN, counterfactual.PS, counterfactual.PNS, counterfactual.ETT} {
		e, err := f(bxy, c)
		t.Log(e, err)
	}
}

func xyModel(t *testing.T, px, py0, py1 float64) *scm.Model {
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

func TestProbeTiny(t *testing.T) {
	c := counterfactual.Causation{X: "X", XState: "1", Y: "Y", YState: "1"}
	for _, px := range []float64{1e-12, 3e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-6, 0.5, 1 - 1e-9, 1 - 1e-12} {
		m := xyModel(t, px, 0.3, 0.8)
		t.Logf("px=%g", px)
		probe(t, m, "P(Y_{X=0}=0 | X=1, Y=1)")
		probe(t, m, "P(Y_{X=1}=1 | X=0, Y=0)")
		probe(t, m, "P(Y_{X=1}=1, Y_{X=0}=0)")
		probe(t, m, "P(Y_{X=0}=0 | Y_{X=1}=1, X=1)")
		e, err := counterfactual.PN(m, c)
		t.Log("PN", e, err)
	}
	for _, py := range []float64{1e-12, 3e-12, 1e-10, 1e-7} {
		m := xyModel(t, 0.5, py, 2*py)
		t.Logf("py=%g", py)
		probe(t, m, "P(Y_{X=0}=0 | X=1, Y=1)")
		probe(t, m, "P(Y_{X=1}=1 | X=0, Y=0)")
		probe(t, m, "P(Y_{X=1}=1, Y_{X=0}=0)")
		probe(t, m, "P(Y_{X=0}=0 | Y_{X=1}=1)")
		e, err := counterfactual.PN(m, c)
		t.Log("PN", e, err)
	}
}

func TestProbeSizeLimit(t *testing.T) {
	b := scm.NewBuilder()
	for _, v := range []string{"W", "Z", "X", "Y"} {
		if err := b.AddVariable(v, "0", "1"); err != nil {
			t.Fatal(err)
		}
	}
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(b.SetCPT("W", nil, []float64{0.3, 0.7}))
	must(b.SetCPT("Z", nil, []float64{0.6, 0.4}))
	must(b.SetCPT("X", []string{"W"}, []float64{0.8, 0.2, 0.3, 0.7}))
	must(b.SetCPT("Y", []string{"X", "W", "Z"}, []float64{0.9, 0.1, 0.8, 0.2, 0.7, 0.3, 0.6, 0.4, 0.5, 0.5, 0.4, 0.6, 0.2, 0.8, 0.1, 0.9}))
	m, err := b.Build()
	must(err)
	probe(t, m, "P(Y_{X=0}=0 | X=1, Y=1)")
	probe(t, m, "P(Y_{X=1}=1, Y_{X=0}=0)")
	probe(t, m, "P(Y_{X=1}, Y_{X=0} | Y_{Z=1}=1)")
	c := counterfactual.Causation{X: "X", XState: "1", Y: "Y", YState: "1"}
	e, err := counterfactual.PN(m, c)
	t.Log("PN TP", e, err)
	e, err = counterfactual.PNS(m, c)
	t.Log("PNS TP", e, err)
}

func TestProbeLPRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fm, sm := genMarkovian(t)
		q := genEndogenousQuery(t, sm)
		if rapid.Bool().Draw(t, "top do") {
			v := rapid.IntRange(0, sm.NumVars()-1).Draw(t, "top var")
			q.Do = []scm.Term{{Var: sm.Type(v).Name, Value: "0", HasValue: true}}
		}
		if rapid.Bool().Draw(t, "drop value") {
			q.Targets[0].HasValue = false
			q.Targets[0].Value = ""
		}
		if err := q.Check(sm); err != nil {
			return
		}
		exact, err := fm.Query(q)
		if err != nil {
			return
		}
		b, err := counterfactual.LinearBounds(sm, q)
		if err != nil {
			t.Logf("query %s: %v", q, err)
			return
		}
		if len(b.Rows) != len(exact.Rows) {
			t.Fatalf("query %s: %d rows, want %d", q, len(b.Rows), len(exact.Rows))
		}
		for k := range b.Rows {
			if fmt.Sprint(b.Rows[k].States) != fmt.Sprint(exact.Rows[k].States) {
				t.Fatalf("row order")
			}
			if !within(b.Rows[k].Estimate, exact.Rows[k].Lower) {
				t.Fatalf("query %s: row %v exact %v outside bounds %v", q, b.Rows[k].States, exact.Rows[k].Lower, b.Rows[k].Estimate)
			}
		}
	})
}

func TestProbeLPTinyRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tiny := rapid.SampledFrom([]float64{1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-6}).Draw(t, "tiny")
		b := counterfactual.NewBuilder()
		sb := scm.NewBuilder()
		bin := []string{"0", "1"}
		// X = Ux, Y = f(X, Uy) with 4-state Uy.
		px := rapid.SampledFrom([]float64{tiny, 0.5, 1 - tiny}).Draw(t, "px")
		pu := []float64{tiny, rapid.Float64Range(0.05, 1).Draw(t, "w1"), rapid.Float64Range(0.05, 1).Draw(t, "w2"), rapid.Float64Range(0.05, 1).Draw(t, "w3")}
		rapid.Permutation(pu).Draw(t, "perm")
		s := 0.0
		for _, x := range pu {
			s += x
		}
		for i := range pu {
			pu[i] /= s
		}
		if err := b.AddExogenous("X", bin, []float64{1 - px, px}); err != nil {
			t.Fatal(err)
		}
		if err := b.AddExogenous("U", []string{"0", "1", "2", "3"}, pu); err != nil {
			t.Fatal(err)
		}
		table := rapid.SliceOfN(rapid.IntRange(0, 1), 8, 8).Draw(t, "table")
		if err := b.AddFunction("Y", bin, []string{"X", "U"}, func(x []int) int { return table[x[0]*4+x[1]] }); err != nil {
			t.Fatal(err)
		}
		fm, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		cpt := make([]float64, 4)
		for x := range 2 {
			for u := range 4 {
				cpt[x*2+table[x*4+u]] += pu[u]
			}
		}
		for _, err := range []error{sb.AddVariable("X", bin...), sb.AddVariable("Y", bin...), sb.SetCPT("X", nil, []float64{1 - px, px}), sb.SetCPT("Y", []string{"X"}, cpt)} {
			if err != nil {
				t.Fatal(err)
			}
		}
		sm, err := sb.Build()
		if err != nil {
			t.Fatal(err)
		}
		for _, query := range []string{"P(Y_{X=0}=0 | X=1, Y=1)", "P(Y_{X=1}=1 | X=0, Y=0)", "P(Y_{X=1}=1, Y_{X=0}=0)", "P(Y_{X=0}=0 | Y_{X=1}=1)", "P(Y_{X=0}=1 | Y_{X=1}=0, X=0)", "P(X=1 | Y_{X=1}=1, Y_{X=0}=0)", "P(Y_{X=0}=0 | Y_{X=1}=1, Y=1)", "P(X=0 | Y_{X=1}=0, Y_{X=0}=1)"} {
			q, _ := scm.ParseQuery(query)
			exact, err := fm.Query(q)
			if err != nil {
				continue
			}
			truth := exact.Rows[0].Lower
			a, err := counterfactual.Query(sm, q)
			if err != nil {
				t.Logf("%s: %v", query, err)
				continue
			}
			if !within(a.Rows[0].Estimate, truth) {
				t.Fatalf("%s: truth %v outside %v (%s)", query, truth, a.Rows[0].Estimate, a.Method)
			}
		}
		c := counterfactual.Causation{X: "X", XState: "1", Y: "Y", YState: "1"}
		for k, f := range []func(*scm.Model, counterfactual.Causation) (counterfactual.Estimate, error){counterfactual.PN, counterfactual.PS, counterfactual.PNS} {
			tv, err := f(fm2scm(t, fm), c)
			if err != nil {
				continue
			}
			e, err := f(sm, c)
			if err != nil {
				continue
			}
			if !within(e, tv.Lower) {
				t.Fatalf("%d: truth %v outside %v", k, tv.Lower, e)
			}
		}
	})
}

func fm2scm(t *rapid.T, fm *counterfactual.Model) *scm.Model {
	m, err := fm.SCM()
	if err != nil {
		t.Fatal(err)
	}
	return m
}
