package intervention_test

import (
	"strconv"
	"testing"

	"github.com/markovcat/causal/intervention"
	"github.com/markovcat/causal/scm"
)

// rootsModel returns a model with n binary roots X1..Xn and a binary child
// Y of all of them.
func rootsModel(t *testing.T, n int) *scm.Model {
	t.Helper()
	b := scm.NewBuilder()
	var parents []string
	for i := 1; i <= n; i++ {
		name := "X" + strconv.Itoa(i)
		parents = append(parents, name)
		if err := b.AddVariable(name, "0", "1"); err != nil {
			t.Fatal(err)
		}
		if err := b.SetCPT(name, nil, []float64{0.3, 0.7}); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.AddVariable("Y", "0", "1"); err != nil {
		t.Fatal(err)
	}
	table := make([]float64, 0, 2<<n)
	for r := 0; r < 1<<n; r++ {
		p := float64(r%7+1) / 9
		table = append(table, p, 1-p)
	}
	if err := b.SetCPT("Y", parents, table); err != nil {
		t.Fatal(err)
	}
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// A target that is also an input of the answer, as in P(Y, X1 | do(X1, ...)),
// costs about as much as the same query without it: one inference for all
// rows, not one per row.
func TestQueryTargetInInputsInfersOnce(t *testing.T) {
	m := rootsModel(t, 8)
	allocs := func(text string) float64 {
		q, err := scm.ParseQuery(text)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := intervention.Query(m, q); err != nil {
			t.Fatalf("Query(%s): %v", text, err)
		}
		return testing.AllocsPerRun(5, func() {
			if _, err := intervention.Query(m, q); err != nil {
				t.Fatal(err)
			}
		})
	}
	tests := []struct{ query, base string }{
		{"P(Y, X1 | do(X1, X2, X3, X4, X5, X6, X7, X8))", "P(Y | do(X1, X2, X3, X4, X5, X6, X7, X8))"},
		{"P(X1 | do(X1, X2, X3, X4, X5, X6, X7, X8))", "P(Y | do(X1, X2, X3, X4, X5, X6, X7, X8))"},
		{"P(Y, X8 | do(X1, X2, X3, X4, X5, X6, X7), X8)", "P(Y | do(X1, X2, X3, X4, X5, X6, X7), X8)"},
	}
	for _, test := range tests {
		if got, base := allocs(test.query), allocs(test.base); got > 2*base+50 {
			t.Errorf("Query(%s) makes %v allocations, more than twice the %v of Query(%s)", test.query, got, base, test.base)
		}
	}
}
