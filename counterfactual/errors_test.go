package counterfactual_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/markovcat/causal/counterfactual"
	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

func TestQueryErrors(t *testing.T) {
	m := firingSquad()
	tests := []struct {
		query   string
		kind    any // pointer to the error type expected, or nil for any error
		mention string
	}{
		{"P(D_{A=0}=1 | D_{A=0}=0)", new(*counterfactual.ContradictionError), "D_{A=0}"},
		{"P(D=1 | D=0)", new(*counterfactual.ContradictionError), "D"},
		{"P(D | A_{A=1}=0)", new(*stochastic.ZeroProbabilityError), "A_{A=1}=0"},
		{"P(D_{A=0}=0 | U=0, D=1)", new(*stochastic.ZeroProbabilityError), "U=0, D=1"},
		{"P(D_{A=0}=0 | D_{A=0}=1, U=0)", new(*counterfactual.ContradictionError), "D_{A=0}"},
		{"P(D_{A=1}=0 | U=1, B_{C=1}=0)", new(*stochastic.ZeroProbabilityError), "B_{C=1}=0"},
		{"P(D_{A=0}=0 | D)", nil, "no value"},
		{"P(D_{Q=0}=0)", nil, "Q"},
		{"P(D_{A=2}=0)", nil, "2"},
		{"P(D_{A=0}=0 | do(A=1))", nil, "A=1"},
		{"P(D, D)", nil, "twice"},
	}
	for _, test := range tests {
		t.Run(test.query, func(t *testing.T) {
			q, err := scm.ParseQuery(test.query)
			if err != nil {
				t.Fatal(err)
			}
			_, err = m.Query(q)
			if err == nil {
				t.Fatal("got no error")
			}
			if !strings.Contains(err.Error(), test.mention) {
				t.Errorf("error %q does not mention %q", err, test.mention)
			}
			switch kind := test.kind.(type) {
			case **counterfactual.ContradictionError:
				if !errors.As(err, kind) {
					t.Errorf("got %T %v, want *counterfactual.ContradictionError", err, err)
				}
			case **stochastic.ZeroProbabilityError:
				if !errors.As(err, kind) {
					t.Errorf("got %T %v, want *stochastic.ZeroProbabilityError", err, err)
				}
			}
			if _, err2 := m.AbductionActionPrediction(q); err2 == nil || err2.Error() != err.Error() {
				t.Errorf("abduction error %v, want %v", err2, err)
			}
		})
	}
}

func TestSubscriptWithoutValue(t *testing.T) {
	q := &scm.Query{Targets: []scm.Term{{Var: "D", Value: "0", HasValue: true, Do: []scm.Term{{Var: "A"}}}}}
	_, err := firingSquad().Query(q)
	if err == nil || !strings.Contains(err.Error(), "no value") {
		t.Errorf("got %v, want an error saying A has no value", err)
	}
}

func TestBuilderErrors(t *testing.T) {
	bin := []string{"0", "1"}
	tests := []struct {
		name    string
		build   func(b *counterfactual.Builder) error
		mention string
	}{
		{"unknown parent", func(b *counterfactual.Builder) error {
			return b.AddFunction("Y", bin, []string{"X"}, func([]int) int { return 0 })
		}, `"X"`},
		{"duplicate variable", func(b *counterfactual.Builder) error {
			if err := b.AddExogenous("U", bin, []float64{0.5, 0.5}); err != nil {
				return nil
			}
			return b.AddExogenous("U", bin, []float64{0.5, 0.5})
		}, "twice"},
		{"prior not a distribution", func(b *counterfactual.Builder) error {
			return b.AddExogenous("U", bin, []float64{0.5, 0.6})
		}, "sum"},
		{"prior entry negative", func(b *counterfactual.Builder) error {
			return b.AddExogenous("U", bin, []float64{1.5, -0.5})
		}, `prior of exogenous variable "U": entry 1 is negative (-0.5)`},
		{"prior entry NaN", func(b *counterfactual.Builder) error {
			return b.AddExogenous("U", bin, []float64{math.NaN(), 1})
		}, `prior of exogenous variable "U": entry 0 is NaN`},
		{"state out of range", func(b *counterfactual.Builder) error {
			if err := b.AddExogenous("U", bin, []float64{0.5, 0.5}); err != nil {
				return nil
			}
			return b.AddFunction("Y", bin, []string{"U"}, func(x []int) int { return 2 })
		}, "U=0"},
		{"stochastic table row", func(b *counterfactual.Builder) error {
			if err := b.AddExogenous("U", bin, []float64{0.5, 0.5}); err != nil {
				return nil
			}
			return b.AddTable("Y", bin, []string{"U"}, []float64{1, 0, 0.5, 0.5})
		}, "U=1"},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			err := test.build(counterfactual.NewBuilder())
			if err == nil {
				t.Fatal("got no error")
			}
			if !strings.Contains(err.Error(), test.mention) {
				t.Errorf("error %q does not mention %q", err, test.mention)
			}
		})
	}
}

func TestFromSCMNotFunctional(t *testing.T) {
	m := readCase(t, "bounds_xy.bif")
	_, err := counterfactual.FromSCM(m)
	var nf *counterfactual.NotFunctionalError
	if !errors.As(err, &nf) {
		t.Fatalf("got %v, want *counterfactual.NotFunctionalError", err)
	}
	if nf.Variable != "Y" || nf.Row != "X=0" {
		t.Errorf("got variable %q row %q, want Y at X=0", nf.Variable, nf.Row)
	}
}

func TestLinearBoundsSizeLimit(t *testing.T) {
	// Y has four binary parents: 2^16 response functions.
	b := scm.NewBuilder()
	parents := []string{"A", "B", "C", "D"}
	for _, v := range append(parents, "Y") {
		if err := b.AddVariable(v, "0", "1"); err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range parents {
		if err := b.SetCPT(v, nil, []float64{0.5, 0.5}); err != nil {
			t.Fatal(err)
		}
	}
	table := make([]float64, 32)
	for r := range 16 {
		table[2*r], table[2*r+1] = 0.3, 0.7
	}
	if err := b.SetCPT("Y", parents, table); err != nil {
		t.Fatal(err)
	}
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	q, err := scm.ParseQuery("P(Y_{A=1}=1 | A=0, Y=0)")
	if err != nil {
		t.Fatal(err)
	}
	_, err = counterfactual.LinearBounds(m, q)
	var size *counterfactual.SizeError
	if !errors.As(err, &size) {
		t.Fatalf("got %v, want *counterfactual.SizeError", err)
	}
	if !strings.Contains(err.Error(), "Y") || !strings.Contains(err.Error(), fmt.Sprint(counterfactual.MaxProfiles)) {
		t.Errorf("error %q does not name the variables and the limit", err)
	}

	// Query falls back to the Tian-Pearl bounds for this PS-shaped query.
	a, err := counterfactual.Query(m, q)
	if err != nil {
		t.Fatal(err)
	}
	if a.Exact || a.Method != counterfactual.MethodTianPearl {
		t.Errorf("got method %q exact %v, want Tian-Pearl bounds", a.Method, a.Exact)
	}
}

func TestBoundsImpossibleEvidence(t *testing.T) {
	b := scm.NewBuilder()
	for _, v := range []string{"X", "Y"} {
		if err := b.AddVariable(v, "0", "1"); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.SetCPT("X", nil, []float64{1, 0}); err != nil {
		t.Fatal(err)
	}
	if err := b.SetCPT("Y", []string{"X"}, []float64{0.5, 0.5, 0.5, 0.5}); err != nil {
		t.Fatal(err)
	}
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	q, err := scm.ParseQuery("P(Y_{X=0}=0 | X=1, Y=1)")
	if err != nil {
		t.Fatal(err)
	}
	_, err = counterfactual.Query(m, q)
	var zero *stochastic.ZeroProbabilityError
	if !errors.As(err, &zero) {
		t.Fatalf("got %v, want *stochastic.ZeroProbabilityError", err)
	}
}

func TestLinearBoundsConstraintLimit(t *testing.T) {
	// Twelve binary root causes of nothing but the query: 4096 profiles and
	// a joint of 4096 configurations per world.
	b := scm.NewBuilder()
	var targets []scm.Term
	for i := range 12 {
		name := fmt.Sprintf("R%d", i)
		if err := b.AddVariable(name, "0", "1"); err != nil {
			t.Fatal(err)
		}
		if err := b.SetCPT(name, nil, []float64{0.5, 0.5}); err != nil {
			t.Fatal(err)
		}
		targets = append(targets, scm.Term{Var: name, Value: "1", HasValue: true})
	}
	if err := b.AddVariable("Y", "0", "1"); err != nil {
		t.Fatal(err)
	}
	if err := b.SetCPT("Y", []string{"R0"}, []float64{0.5, 0.5, 0.2, 0.8}); err != nil {
		t.Fatal(err)
	}
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	targets[0].Do = []scm.Term{{Var: "Y", Value: "1", HasValue: true}}
	_, err = counterfactual.LinearBounds(m, &scm.Query{Targets: targets})
	var size *counterfactual.SizeError
	if !errors.As(err, &size) {
		t.Fatalf("got %v, want *counterfactual.SizeError", err)
	}
	if size.Constraints == 0 {
		t.Errorf("error %v does not report the constraint count", err)
	}
}
