// Command firingsquad computes counterfactual probabilities in Pearl's firing
// squad, and bounds on them in a model that does not determine them.
//
// The firing squad is a functional causal model: a court order U (the only
// source of uncertainty) makes the captain C signal, the signal makes both
// riflemen A and B shoot, and either shot kills the prisoner D. Because every
// mechanism is deterministic, counterfactuals have exact values, computed by
// contracting the twin-world diagram.
//
// The second part uses a drug trial in which recovery depends on the
// treatment only through a probability table. Such a model fixes the
// observational and interventional distributions but not the individual
// responses, so the probabilities of causation only have bounds.
//
// Run it with
//
//	go run ./examples/firingsquad
package main

import (
	"fmt"
	"io"
	"log"
	"os"

	"github.com/markovcat/causal/counterfactual"
	"github.com/markovcat/causal/scm"
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.SetFlags(0)
		log.Print(err)
		os.Exit(1)
	}
}

// run writes the report to w.
func run(w io.Writer) error {
	squad, err := firingSquad()
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "Firing squad: court order U -> captain C -> riflemen A and B -> prisoner D (1 = dead).")
	fmt.Fprintln(w, "P(U=1) = 0.5; C = U; A = C; B = C; D = A or B. Every mechanism is deterministic.")
	fmt.Fprintln(w)
	for _, item := range []struct{ query, meaning string }{
		{"P(D=1)", "the prisoner dies"},
		{"P(D_{A=0}=0 | D=1)", "given he is dead, he would be alive had rifleman A not shot"},
		{"P(D_{A=1}=1 | D=0)", "given he is alive, he would be dead had rifleman A shot anyway"},
		{"P(D_{A=0}=1, D_{A=1}=1)", "he dies whether or not A shoots"},
	} {
		q, err := scm.ParseQuery(item.query)
		if err != nil {
			return err
		}
		a, err := squad.Query(q)
		if err != nil {
			return err
		}
		p, err := a.Probability()
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %-26s = %-6s %s\n", item.query, p, item.meaning)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Given that the prisoner is dead, the court gave the order, so B shot as well;")
	fmt.Fprintln(w, "in the world where A holds fire, B's shot still kills him. Hence probability 0.")
	fmt.Fprintln(w)
	return trial(w)
}

func firingSquad() (*counterfactual.Model, error) {
	bin := []string{"0", "1"}
	b := counterfactual.NewBuilder()
	if err := b.AddExogenous("U", bin, []float64{0.5, 0.5}); err != nil {
		return nil, err
	}
	same := func(x []int) int { return x[0] }
	for _, v := range []struct{ name, parent string }{{"C", "U"}, {"A", "C"}, {"B", "C"}} {
		if err := b.AddFunction(v.name, bin, []string{v.parent}, same); err != nil {
			return nil, err
		}
	}
	either := func(x []int) int { return max(x[0], x[1]) }
	if err := b.AddFunction("D", bin, []string{"A", "B"}, either); err != nil {
		return nil, err
	}
	return b.Build()
}

// trial prints the bounds on the probabilities of causation in a drug trial
// whose model gives only probabilities.
func trial(w io.Writer) error {
	b := scm.NewBuilder()
	for _, v := range []string{"X", "Y"} {
		if err := b.AddVariable(v, "0", "1"); err != nil {
			return err
		}
	}
	if err := b.SetCPT("X", nil, []float64{0.4, 0.6}); err != nil {
		return err
	}
	if err := b.SetCPT("Y", []string{"X"}, []float64{0.7, 0.3, 0.2, 0.8}); err != nil {
		return err
	}
	m, err := b.Build()
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "Drug trial: treatment X -> recovery Y, with P(X=1) = 0.6,")
	fmt.Fprintln(w, "P(Y=1 | X=1) = 0.8 and P(Y=1 | X=0) = 0.3, and no confounding, so")
	fmt.Fprintln(w, "P(Y=1 | do(X=1)) = 0.8 and P(Y=1 | do(X=0)) = 0.3.")
	fmt.Fprintln(w, "The model gives probabilities, not each patient's response, so a")
	fmt.Fprintln(w, "counterfactual has no single value; every value between the bounds")
	fmt.Fprintln(w, "is that of some functional model with exactly these distributions.")
	fmt.Fprintln(w)
	c := counterfactual.Causation{X: "X", XState: "1", Y: "Y", YState: "1"}
	for _, item := range []struct {
		name, meaning string
		fn            func(*scm.Model, counterfactual.Causation) (counterfactual.Estimate, error)
	}{
		{"PN ", "a treated patient who recovered would not have recovered untreated", counterfactual.PN},
		{"PS ", "an untreated patient who did not recover would have recovered if treated", counterfactual.PS},
		{"PNS", "a patient recovers if and only if treated", counterfactual.PNS},
	} {
		e, err := item.fn(m, c)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %s lower %.4f  upper %.4f  %s\n", item.name, e.Lower, e.Upper, item.meaning)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "For example, at least 62.5% and at most 87.5% of treated patients who")
	fmt.Fprintln(w, "recovered owe their recovery to the drug (Tian-Pearl bounds).")
	return nil
}
