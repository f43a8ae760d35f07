package counterfactual_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/markovcat/causal/counterfactual"
	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

// casesDir is the folder of acceptance models, relative to this package.
const casesDir = "../../shared/cases/bif"

func readCase(t *testing.T, name string) *scm.Model {
	t.Helper()
	path := filepath.Join(casesDir, name)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("model %s not available: %v", path, err)
	}
	m, err := scm.ReadFile(path)
	if err != nil {
		t.Fatalf("reading %s: %v", path, err)
	}
	return m
}

func TestQueryPublishedCases(t *testing.T) {
	tests := []struct {
		file, query string
		want        float64
	}{
		{"salary.bif", "P(salary_{education=medium}=81 | experience=8, education=low, salary=86)", 1},
		{"firing_squad.bif", "P(D_{A=0}=0 | D=1)", 0},
		{"firing_squad_nervous.bif", "P(D_{A=0}=0 | D=1)", 0.078947368421},
		{"cf_monotone.bif", "P(Y_{X=0}=0 | X=1, Y=1)", 0.677419354839},
		{"cf_monotone.bif", "P(Y_{X=1}=1 | X=0, Y=0)", 0.7},
		{"cf_monotone.bif", "P(Y_{X=1}=1, Y_{X=0}=0)", 0.63},
	}
	for _, test := range tests {
		t.Run(test.query, func(t *testing.T) {
			m := readCase(t, test.file)
			q, err := scm.ParseQuery(test.query)
			if err != nil {
				t.Fatal(err)
			}
			a, err := counterfactual.Query(m, q)
			if err != nil {
				t.Fatal(err)
			}
			if !a.Exact {
				t.Fatalf("answer is bounds %v, want exact", a.Rows)
			}
			got, err := a.Probability()
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got.Value()-test.want) > 1e-6 {
				t.Errorf("got %v, want %v", got.Value(), test.want)
			}
		})
	}
}

func TestQueryBoundsCases(t *testing.T) {
	tests := []struct {
		query          string
		wantLo, wantHi float64
	}{
		{"P(Y_{X=1}=1, Y_{X=0}=0)", 0.5, 0.7},
		{"P(Y_{X=0}=0 | X=1, Y=1)", 0.625, 0.875},
	}
	m := readCase(t, "bounds_xy.bif")
	for _, test := range tests {
		t.Run(test.query, func(t *testing.T) {
			q, err := scm.ParseQuery(test.query)
			if err != nil {
				t.Fatal(err)
			}
			a, err := counterfactual.Query(m, q)
			if err != nil {
				t.Fatal(err)
			}
			if a.Exact {
				t.Fatalf("answer is exact, want bounds")
			}
			got, err := a.Probability()
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got.Lower-test.wantLo) > 1e-6 || math.Abs(got.Upper-test.wantHi) > 1e-6 {
				t.Errorf("got [%v, %v], want [%v, %v]", got.Lower, got.Upper, test.wantLo, test.wantHi)
			}
		})
	}
}

func TestQueryImpossibleEvidence(t *testing.T) {
	m := readCase(t, "firing_squad.bif")
	q, err := scm.ParseQuery("P(D_{A=0}=0 | D=1, U=0)")
	if err != nil {
		t.Fatal(err)
	}
	_, err = counterfactual.Query(m, q)
	var zero *stochastic.ZeroProbabilityError
	if !errors.As(err, &zero) {
		t.Fatalf("got error %v, want a *stochastic.ZeroProbabilityError", err)
	}
}
