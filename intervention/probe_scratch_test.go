package intervention_test

import (
	"fmt"
	"testing"

	"github.com/markovcat/causal/intervention"
	"github.com/markovcat/causal/scm"
)

func latentModel(t *testing.T) *scm.Model {
	b := scm.NewBuilder()
	for _, name := range []string{"U", "X", "Y"} {
		b.AddVariable(name, "0", "1")
	}
	b.SetLatent("U")
	b.SetCPT("U", nil, []float64{0.3, 0.7})
	b.SetCPT("X", []string{"U"}, []float64{0.9, 0.1, 0.2, 0.8})
	b.SetCPT("Y", []string{"U", "X"}, []float64{0.9, 0.1, 0.7, 0.3, 0.5, 0.5, 0.3, 0.7})
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestProbe(t *testing.T) {
	m := smallModel(t)
	lm := latentModel(t)
	for _, c := range []struct {
		m *scm.Model
		q string
	}{
		{m, "P(Y, Y)"}, {m, "P(Y | do(X=1, X=0))"}, {m, "P(Y | do(X, X))"},
		{m, "P(X | do(X=1))"}, {m, "P(X | do(X))"}, {m, "P(X=1 | do(X=0))"}, {m, "P(X, Y | do(X))"},
		{m, "P(Y | Y=1)"}, {m, "P(Y | Y)"}, {m, "P(Y=1 | Y=0)"}, {m, "P(Y | Z, Z=1)"}, {m, "P(Y | do(Z), Z)"},
		{m, "P(Z | do(X=1), Y=1)"}, {m, "P(Y | do(Z=0, X=1))"}, {m, "P(Z, X | do(Y=1))"},
		{m, "P(Y | X=3)"}, {m, "P(Q)"}, {m, "P(y)"},
		{lm, "P(Y | do(X))"}, {lm, "P(U | do(X=1), Y=1)"}, {lm, "P(Y | do(U))"}, {lm, "P(Y | U)"},
		{m, "P(Y | do(X=1), Z=1, Y=0)"},
	} {
		q, err := scm.ParseQuery(c.q)
		if err != nil {
			fmt.Println(c.q, "PARSE:", err)
			continue
		}
		a, err := intervention.Query(c.m, q)
		if err != nil {
			fmt.Println(c.q, "ERR:", err)
			continue
		}
		fmt.Println(c.q, "=>")
		for _, r := range a.Rows() {
			fmt.Println("   ", r.Names, r.States, r.P)
		}
	}
}
