package identify_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/identify"
	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

// A variable summed inside the estimand that has the name of a query variable
// must be primed, even when the query variable does not occur outside the
// sum: in the front door, P(y | do(x), z) does not depend on x.
func TestEstimandPrimesSummedQueryVariable(t *testing.T) {
	g := mustGraph(t, "X -> Z -> Y; X <-> Y")
	e, err := identify.IDC(g, nodes(t, g, "Y"), nodes(t, g, "X"), nodes(t, g, "Z"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := e.String(), "Σ_{X'} P(X') P(Y | X', Z)"; got != want {
		t.Errorf("String: got %q, want %q", got, want)
	}
	if got, want := e.LaTeX(), `\sum_{X'} P(X') \, P(Y \mid X', Z)`; got != want {
		t.Errorf("LaTeX: got %q, want %q", got, want)
	}
}

// A node whose name ends in an apostrophe is quoted, so it cannot be read as
// a primed copy of another variable.
func TestEstimandNameWithApostrophe(t *testing.T) {
	g := mustGraph(t, `"Z'" -> X -> Y; "Z'" -> Y`)
	e, err := identify.ID(g, nodes(t, g, "Y"), nodes(t, g, "X"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := e.String(), `Σ_{"Z'"} P("Z'") P(Y | "Z'", X)`; got != want {
		t.Errorf("String: got %q, want %q", got, want)
	}
	if got := e.LaTeX(); strings.Contains(got, "Z'") {
		t.Errorf("LaTeX %q writes the apostrophe of Z' as a prime", got)
	}
}

// LaTeX names must stay valid in math mode: spaces kept, and text-mode
// accents wrapped in \text.
func TestEstimandLaTeXEscaping(t *testing.T) {
	g := mustGraph(t, `"air quality" -> "x^2" -> "a~b"; "air quality" -> "a~b"; "x^2" -> "n_1"`)
	e, err := identify.ID(g, nodes(t, g, "a~b"), nodes(t, g, "x^2"))
	if err != nil {
		t.Fatal(err)
	}
	got := e.LaTeX()
	for _, want := range []string{`\mathrm{air\ quality}`, `\mathrm{x\text{\textasciicircum}2}`, `\mathrm{a\text{\textasciitilde}b}`} {
		if !strings.Contains(got, want) {
			t.Errorf("LaTeX %q does not contain %q", got, want)
		}
	}
	e, err = identify.ID(g, nodes(t, g, "n_1"), nodes(t, g, "x^2"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := e.LaTeX(), `P(\mathrm{n\_1} \mid \mathrm{x\text{\textasciicircum}2})`; got != want {
		t.Errorf("LaTeX: got %q, want %q", got, want)
	}
}

// frontDoorChain returns X -> M1 -> ... -> Mn -> Y with X <-> Y and
// M(i-1) <-> Mi for even i: a front door at every step.
func frontDoorChain(t testing.TB, n int) *identify.Graph {
	var b strings.Builder
	b.WriteString("X -> M1\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "M%d -> M%d\n", i, i+1)
	}
	fmt.Fprintf(&b, "M%d -> Y\nX <-> Y\n", n)
	for i := 2; i <= n; i += 2 {
		fmt.Fprintf(&b, "M%d <-> M%d\n", i-1, i)
	}
	return mustGraph(t, b.String())
}

// ID on a graph of 1,000 nodes must not simplify a sum in time cubic in its
// number of factors, as it did by forming the union of the other factors for
// each factor. Allocations count that work without a clock: ID here makes
// about 580,000 of them (about n²/2), and the cubic simplification made 64
// million. BenchmarkIDFrontDoorChain measures the time.
func TestIDLargeChainAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("large graph")
	}
	const n = 1000
	g := frontDoorChain(t, n)
	y, x := nodes(t, g, "Y"), nodes(t, g, "X")
	e, err := identify.ID(g, y, x)
	if err != nil {
		t.Fatal(err)
	}
	if e.Size() > 4*n {
		t.Errorf("estimand has %d nodes, want at most %d", e.Size(), 4*n)
	}
	allocs := testing.AllocsPerRun(1, func() {
		if _, err := identify.ID(g, y, x); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > n*n {
		t.Errorf("ID on %d nodes made %.0f allocations, want at most %d", g.NumNodes(), allocs, n*n)
	}
}

// manyEvidenceGraph returns a random graph of 1,000 nodes with a target and
// the other 999 nodes as evidence.
func manyEvidenceGraph() (g *identify.Graph, y, z []int) {
	rnd := rand.New(rand.NewPCG(3, 4))
	g = randomADMG(rnd, 1000, 2, 0.002)
	perm := rnd.Perm(g.NumNodes())
	return g, perm[:1], perm[1:]
}

// IDC with many evidence variables must not test every variable again after
// each one moved into the intervention. Allocations count the separation
// tests without a clock: IDC here makes about 80 per evidence variable, and
// the version that started over after each move made about 2,100.
// BenchmarkIDCManyEvidence measures the time.
func TestIDCManyEvidenceAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("large graph")
	}
	g, y, z := manyEvidenceGraph()
	allocs := testing.AllocsPerRun(1, func() {
		if _, err := identify.IDC(g, y, nil, z); err != nil {
			t.Fatal(err)
		}
	})
	if limit := 200 * len(z); allocs > float64(limit) {
		t.Errorf("IDC with %d evidence variables made %.0f allocations, want at most %d", len(z), allocs, limit)
	}
}

// The estimand of a query whose ID run nests several line-7 recursions shares
// parts that, written out as a tree, made String 1.6 MB long. String must
// write shared parts once, as definitions.
func TestEstimandStringSharedParts(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "shared_parts.graph"))
	if err != nil {
		t.Fatal(err)
	}
	g := mustGraph(t, string(src))
	e, err := identify.ID(g, nodes(t, g, "V21"), nodes(t, g, "V0, V1, V3, V4, V5, V8, V12, V13, V15, V16"))
	if err != nil {
		t.Fatal(err)
	}
	if e.Size() < 10000 {
		t.Fatalf("estimand has %d tree nodes, want a large tree", e.Size())
	}
	for _, s := range []string{e.String(), e.LaTeX()} {
		if len(s) > 100000 {
			t.Errorf("estimand of %d tree nodes written in %d bytes", e.Size(), len(s))
		}
	}
	if s := e.String(); !strings.Contains(s, ", where Q1(") {
		t.Errorf("String does not define Q1: %.300s", s)
	}
}

// Size counts the tree nodes without walking the tree.
func TestEstimandSizeShared(t *testing.T) {
	g := mustGraph(t, "X -> Z -> Y; X <-> Y")
	e, err := identify.ID(g, nodes(t, g, "Y"), nodes(t, g, "X"))
	if err != nil {
		t.Fatal(err)
	}
	// Σ_Z [P(Z | X) Σ_X' [P(X') P(Y | X', Z)]]: 2 sums, 2 products, 3 terms.
	if got := e.Size(); got != 7 {
		t.Errorf("Size: got %d, want 7", got)
	}
}

// A divisor that is zero must be reported as the term and the assignment at
// which it is zero, not as an event of the form "... = 0 at ...".
func TestEvaluateZeroDivisor(t *testing.T) {
	g := mustGraph(t, "X -> Y -> Z")
	e, err := identify.IDC(g, nodes(t, g, "Y"), nodes(t, g, "X"), nodes(t, g, "Z"))
	if err != nil {
		t.Fatal(err)
	}
	// X=1 occurs only with Y=1, and Y=1 never with Z=1, so the divisor
	// P(Z=1 | do(X=1)) = Σ_y P(y | X=1) P(Z=1 | y) is 0 for this law.
	bit := func(name string) diagram.Type { return diagram.NewType(name, "0", "1") }
	joint, err := stochastic.NewState(
		[]diagram.Type{bit("X"), bit("Y"), bit("Z")},
		[]float64{0.1, 0.2, 0.3, 0, 0, 0, 0.4, 0},
	)
	if err != nil {
		t.Fatal(err)
	}
	law, err := identify.NewJoint(joint)
	if err != nil {
		t.Fatal(err)
	}
	_, err = identify.Evaluate(e, law, nil)
	var pe *identify.EstimandPositivityError
	if !errors.As(err, &pe) {
		t.Fatalf("got %v, want *EstimandPositivityError", err)
	}
	if !pe.Divisor {
		t.Errorf("Divisor is false for %v", err)
	}
	if want := "X=1, Z=1"; pe.Event != want {
		t.Errorf("Event: got %q, want %q", pe.Event, want)
	}
	// The summed Y is primed, as in the estimand, since Y is a target.
	if want := "Σ_{Y'} P(Y' | X) P(Z | Y')"; pe.Term != want {
		t.Errorf("Term: got %q, want %q", pe.Term, want)
	}
	if want := "X=1, Z=1"; pe.At != want {
		t.Errorf("At: got %q, want %q", pe.At, want)
	}
	if !strings.Contains(err.Error(), "divides by") {
		t.Errorf("message %q does not say that the estimand divides by zero", err)
	}
	var zp *stochastic.ZeroProbabilityError
	if !errors.As(err, &zp) {
		t.Errorf("errors.As does not find a *stochastic.ZeroProbabilityError in %v", err)
	}
}

// A positivity error names its term and event with the variable names of the
// estimand's String: in P(C | do(S)) with S -> T -> C and S <-> C, the term
// P(C | S', T) conditions on the summed copy S' of S, which is also free.
func TestEvaluatePositivityPrimedTerm(t *testing.T) {
	g := mustGraph(t, "S -> T -> C; S <-> C")
	e, err := identify.ID(g, nodes(t, g, "C"), nodes(t, g, "S"))
	if err != nil {
		t.Fatal(err)
	}
	// The rows (S, T, C) = (0,0,0) and (1,1,1), each 1/2, so S=1, T=0
	// never occurs.
	bit := func(name string) diagram.Type { return diagram.NewType(name, "0", "1") }
	joint, err := stochastic.NewState(
		[]diagram.Type{bit("S"), bit("T"), bit("C")},
		[]float64{0.5, 0, 0, 0, 0, 0, 0, 0.5},
	)
	if err != nil {
		t.Fatal(err)
	}
	law, err := identify.NewJoint(joint)
	if err != nil {
		t.Fatal(err)
	}

	const term = "P(C | S', T)"
	if s := e.String(); !strings.Contains(s, term) {
		t.Fatalf("estimand %q does not contain %q", s, term)
	}

	_, err = identify.Evaluate(e, law, nil)
	var pe *identify.EstimandPositivityError
	if !errors.As(err, &pe) {
		t.Fatalf("got %v, want *EstimandPositivityError", err)
	}
	if pe.Term != term {
		t.Errorf("Term: got %q, want %q", pe.Term, term)
	}
	if want := "S'=1, T=0"; pe.Event != want {
		t.Errorf("Event: got %q, want %q", pe.Event, want)
	}
	if want := "S=0"; pe.At != want {
		t.Errorf("At: got %q, want %q", pe.At, want)
	}
	if pe.Divisor {
		t.Error("Divisor is true, want false")
	}
	if pe.Evidence {
		t.Error("Evidence is true, want false")
	}

	want := "at S=0 the term P(C | S', T) conditions on S'=1, T=0,"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("message %q does not contain %q", err, want)
	}
}

// A positivity error names a cell that the requested row uses, not the first
// undefined cell of the term's table. Here X=1 occurs only with Z=1 and X=0
// only with Z=0, so Σ_Z P(Z) P(Y | X, Z) at X=1 needs P(Y | X=1, Z=0).
func TestEvaluatePositivityNamesRequestedCell(t *testing.T) {
	g := mustGraph(t, "X -> Y; Z -> X; Z -> Y")
	e, err := identify.ID(g, nodes(t, g, "Y"), nodes(t, g, "X"))
	if err != nil {
		t.Fatal(err)
	}
	bit := func(name string) diagram.Type { return diagram.NewType(name, "0", "1") }
	// The rows (X, Z, Y) = (0,0,0), (0,0,1), (1,1,0), (1,1,1), each 1/4.
	joint, err := stochastic.NewState(
		[]diagram.Type{bit("X"), bit("Z"), bit("Y")},
		[]float64{0.25, 0.25, 0, 0, 0, 0, 0.25, 0.25},
	)
	if err != nil {
		t.Fatal(err)
	}
	law, err := identify.NewJoint(joint)
	if err != nil {
		t.Fatal(err)
	}
	_, err = identify.Evaluate(e, law, map[string]string{"X": "1"})
	var pe *identify.EstimandPositivityError
	if !errors.As(err, &pe) {
		t.Fatalf("got %v, want *EstimandPositivityError", err)
	}
	if want := "P(Y | X, Z)"; pe.Term != want {
		t.Errorf("Term: got %q, want %q", pe.Term, want)
	}
	if want := "X=1, Z=0"; pe.Event != want {
		t.Errorf("Event: got %q, want %q", pe.Event, want)
	}
	if want := "X=1"; pe.At != want {
		t.Errorf("At: got %q, want %q", pe.At, want)
	}
}

// A positivity error in a product names a term whose undefined cell has
// positive weight in the requested row. In the insurance network with
// RuggedAuto, GoodStudent and Accident latent, P(DrivingSkill | Age,
// SeniorTrain) is undefined at Age=Adolescent, SeniorTrain=True, but that
// cell has weight 0. The row do(Antilock=True) is undefined because no older
// economy car has antilock brakes, which the OtherCarCost term conditions on.
func TestEvaluatePositivityNamesWeightedTerm(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "data", "networks", "insurance.bif")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("network %s not available: %v", path, err)
	}
	m, err := scm.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	hidden, err := m.WithLatent("RuggedAuto", "GoodStudent", "Accident")
	if err != nil {
		t.Fatal(err)
	}
	g := identify.Project(hidden)
	law := identify.ModelLaw(hidden)
	e, err := identify.ID(g, nodes(t, g, "OtherCarCost"), nodes(t, g, "Antilock"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = identify.Evaluate(e, law, map[string]string{"Antilock": "True"})
	var pe *identify.EstimandPositivityError
	if !errors.As(err, &pe) {
		t.Fatalf("got %v, want *EstimandPositivityError", err)
	}
	if want := "P(OtherCarCost | "; !strings.HasPrefix(pe.Term, want) {
		t.Errorf("Term: got %q, want a term starting with %q", pe.Term, want)
	}
	for _, want := range []string{"VehicleYear=Older", "MakeModel=Economy", "Antilock=True"} {
		if !strings.Contains(pe.Event, want) {
			t.Errorf("Event %q does not contain %s", pe.Event, want)
		}
	}
	if want := "Antilock=True"; pe.At != want {
		t.Errorf("At: got %q, want %q", pe.At, want)
	}

	p, err := eventProbability(law, pe.Event)
	if err != nil {
		t.Fatal(err)
	}
	if p != 0 {
		t.Errorf("P(%s) = %v, want 0", pe.Event, p)
	}
}

// eventProbability returns the probability under law of an event written as
// "A=a, B=b".
func eventProbability(law identify.Law, event string) (float64, error) {
	var names, states []string
	for _, a := range strings.Split(event, ", ") {
		name, state, ok := strings.Cut(a, "=")
		if !ok {
			return 0, fmt.Errorf("event %q: %q is not name=state", event, a)
		}
		// A primed name is a summed copy of the same variable.
		names = append(names, strings.TrimRight(name, "'"))
		states = append(states, state)
	}
	marg, err := law.Marginal(names)
	if err != nil {
		return 0, err
	}
	k := 0
	for i, o := range marg.Out() {
		s, ok := o.Index(states[i])
		if !ok {
			return 0, fmt.Errorf("event %q: %s has no state %s", event, names[i], states[i])
		}
		k = k*o.Size() + s
	}
	return marg.Row(0)[k], nil
}

// A positivity error for a term that conditions on an event names an event
// of probability 0 in the observational distribution, on random models with
// zero entries.
func TestEvaluatePositivityEventIsNull(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := drawSemiMarkovWithZeros(t, 6, 4, 0.15)
		law, err := identify.NewJoint(m.observedJoint())
		if err != nil {
			t.Fatal(err)
		}
		y, x, z := drawQuery(t, m.observed, true)
		e, err := identify.IDC(m.graph, y, x, z)
		if err != nil {
			return
		}
		_, err = identify.Evaluate(e, law, nil)
		var pe *identify.EstimandPositivityError
		if !errors.As(err, &pe) {
			return
		}
		if pe.Divisor || pe.Evidence {
			return
		}
		p, perr := eventProbability(law, pe.Event)
		if perr != nil {
			t.Fatal(perr)
		}
		if p != 0 {
			t.Fatalf("%s = %s in\n%s: %v, but P(%s) = %v", e.Query(), e, m.graph, err, pe.Event, p)
		}
	})
}
