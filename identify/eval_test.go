package identify_test

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/identify"
	"github.com/markovcat/causal/stochastic"
)

// chainCPTs are the tables of a model X -> Z -> Y in which X=1 forces Z=0,
// so that P(Z=1 | do(X=1)) = P(Z=1 | X=1) = 0 while X=1 has probability 0.6.
var chainCPTs = struct {
	x     []float64   // P(X)
	zGivX [][]float64 // P(Z | X=x)
	yGivZ [][]float64 // P(Y | Z=z)
}{
	x:     []float64{0.4, 0.6},
	zGivX: [][]float64{{0.3, 0.7}, {1, 0}},
	yGivZ: [][]float64{{0.8, 0.2}, {0.1, 0.9}},
}

// chainLaw returns the observational joint of chainCPTs over X, Z, Y.
func chainLaw(t *testing.T) identify.Law {
	t.Helper()
	return chainLawWithX(t, chainCPTs.x)
}

// chainLawWithX returns the observational joint of chainCPTs over X, Z, Y
// with px in place of P(X).
func chainLawWithX(t *testing.T, px []float64) identify.Law {
	t.Helper()
	var p []float64
	for x := range 2 {
		for z := range 2 {
			for y := range 2 {
				p = append(p, px[x]*chainCPTs.zGivX[x][z]*chainCPTs.yGivZ[z][y])
			}
		}
	}
	bit := func(name string) diagram.Type { return diagram.NewType(name, "0", "1") }
	joint, err := stochastic.NewState([]diagram.Type{bit("X"), bit("Z"), bit("Y")}, p)
	if err != nil {
		t.Fatal(err)
	}
	law, err := identify.NewJoint(joint)
	if err != nil {
		t.Fatal(err)
	}
	return law
}

// checkEvidenceError checks that err is an evidence positivity error for the
// evidence event under the interventions do, and that it unwraps to a
// *stochastic.ZeroProbabilityError for the same event.
func checkEvidenceError(t *testing.T, err error, event, do string) {
	t.Helper()
	var pe *identify.EstimandPositivityError
	if !errors.As(err, &pe) {
		t.Fatalf("got %v, want *EstimandPositivityError", err)
	}
	if !pe.Evidence {
		t.Errorf("Evidence is false for %v", err)
	}
	if pe.Event != event {
		t.Errorf("Event: got %q, want %q", pe.Event, event)
	}
	if pe.Do != do {
		t.Errorf("Do: got %q, want %q", pe.Do, do)
	}
	if !strings.Contains(err.Error(), event) || !strings.Contains(err.Error(), "probability 0") {
		t.Errorf("message %q does not say that %s has probability 0", err, event)
	}
	var zp *stochastic.ZeroProbabilityError
	if !errors.As(err, &zp) {
		t.Fatalf("errors.As does not find a *stochastic.ZeroProbabilityError in %v", err)
	}
	if zp.Event != event || zp.Input != do {
		t.Errorf("ZeroProbabilityError: got event %q input %q, want %q and %q", zp.Event, zp.Input, event, do)
	}
}

// IDC moves both X and Z of P(Y | X, Z) into the intervention because Y is
// independent of X given Z, so the estimand does not divide by P(X, Z). The
// query is still undefined where P(X=x, Z=z) = 0.
func TestEvaluateZeroEvidenceMovedByIDC(t *testing.T) {
	g := mustGraph(t, "X -> Z -> Y")
	e, err := identify.IDC(g, nodes(t, g, "Y"), nil, nodes(t, g, "X, Z"))
	if err != nil {
		t.Fatal(err)
	}
	law := chainLaw(t)
	for x := range 2 {
		for z := range 2 {
			// By brute force: P(X=x, Z=z) = P(x) P(z | x), and where it is
			// positive, P(Y | X=x, Z=z) = P(Y | Z=z).
			pxz := chainCPTs.x[x] * chainCPTs.zGivX[x][z]
			fixed := map[string]string{"X": strconv.Itoa(x), "Z": strconv.Itoa(z)}
			ch, err := identify.Evaluate(e, law, fixed)
			if pxz == 0 {
				checkEvidenceError(t, err, "X=1, Z=1", "")
				continue
			}
			if err != nil {
				t.Errorf("X=%d, Z=%d: %v", x, z, err)
				continue
			}
			for y, want := range chainCPTs.yGivZ[z] {
				if got := ch.At(0, y); math.Abs(got-want) > 1e-12 {
					t.Errorf("P(Y=%d | X=%d, Z=%d): got %v, want %v", y, x, z, got, want)
				}
			}
		}
	}
	// The channel over every value of the evidence has an undefined row.
	_, err = identify.Evaluate(e, law, nil)
	checkEvidenceError(t, err, "X=1, Z=1", "")
}

// With X an intervention, the evidence Z=1 of P(Y | do(X=1), Z=1) has
// probability P(Z=1 | X=1) = 0 under do(X=1).
func TestEvaluateZeroEvidenceUnderIntervention(t *testing.T) {
	g := mustGraph(t, "X -> Z -> Y")
	e, err := identify.IDC(g, nodes(t, g, "Y"), nodes(t, g, "X"), nodes(t, g, "Z"))
	if err != nil {
		t.Fatal(err)
	}
	law := chainLaw(t)
	_, err = identify.Evaluate(e, law, map[string]string{"X": "1", "Z": "1"})
	checkEvidenceError(t, err, "Z=1", "X=1")
	var pe *identify.EstimandPositivityError
	if errors.As(err, &pe) {
		if want := "P(Z | do(X))"; pe.Term != want {
			t.Errorf("Term: got %q, want %q", pe.Term, want)
		}
		if want := "X=1, Z=1"; pe.At != want {
			t.Errorf("At: got %q, want %q", pe.At, want)
		}
	}
	// Pinning only the intervention leaves Z as the channel's input, and the
	// row Z=1 is undefined.
	_, err = identify.Evaluate(e, law, map[string]string{"X": "1"})
	checkEvidenceError(t, err, "Z=1", "X=1")
	// Under do(X=0) both values of Z have positive probability, and
	// P(Y | do(X=0), Z=z) = P(Y | Z=z).
	ch, err := identify.Evaluate(e, law, map[string]string{"X": "0"})
	if err != nil {
		t.Fatal(err)
	}
	for z := range 2 {
		for y, want := range chainCPTs.yGivZ[z] {
			if got := ch.At(z, y); math.Abs(got-want) > 1e-12 {
				t.Errorf("P(Y=%d | do(X=0), Z=%d): got %v, want %v", y, z, got, want)
			}
		}
	}
}

// When X=1 never occurs, the observational distribution does not give
// P(Z=1 | do(X=1)), so the query P(Y | do(X=1), Z=1) may be undefined
// although its estimand P(Y | Z) has a value. Evaluate must report the
// undefined term of the estimand of P(Z | do(X)).
func TestEvaluateUnknownEvidenceProbability(t *testing.T) {
	g := mustGraph(t, "X -> Z -> Y")
	e, err := identify.IDC(g, nodes(t, g, "Y"), nodes(t, g, "X"), nodes(t, g, "Z"))
	if err != nil {
		t.Fatal(err)
	}
	law := chainLawWithX(t, []float64{1, 0})
	_, err = identify.Evaluate(e, law, map[string]string{"X": "1", "Z": "1"})
	var pe *identify.EstimandPositivityError
	if !errors.As(err, &pe) {
		t.Fatalf("got %v, want *EstimandPositivityError", err)
	}
	if pe.Evidence {
		t.Errorf("Evidence is true for %v, but P(Z=1 | do(X=1)) is unknown, not 0", err)
	}
	if want := "P(Z | X)"; pe.Term != want {
		t.Errorf("Term: got %q, want %q", pe.Term, want)
	}
	if want := "X=1"; pe.Event != want {
		t.Errorf("Event: got %q, want %q", pe.Event, want)
	}
	if want := "X=1, Z=1"; pe.At != want {
		t.Errorf("At: got %q, want %q", pe.At, want)
	}
	// Under do(X=0), which occurs, the query has a value.
	ch, err := identify.Evaluate(e, law, map[string]string{"X": "0", "Z": "1"})
	if err != nil {
		t.Fatal(err)
	}
	for y, want := range chainCPTs.yGivZ[1] {
		if got := ch.At(0, y); math.Abs(got-want) > 1e-12 {
			t.Errorf("P(Y=%d | do(X=0), Z=1): got %v, want %v", y, got, want)
		}
	}
}

// TestEvaluateEvidencePositivityMatchesEnumeration draws models with zero
// entries and conditional queries, and evaluates each row (x, z) of
// P(y | do(x), z) alone. Where P(z | do(x)), computed by enumeration, is zero,
// Evaluate must return a positivity error; where it is positive, the error
// must not blame the evidence. A query whose P(z | do(x)) is not
// identifiable, and an x at which its estimand is undefined for some z, are
// skipped, because the observational distribution does not give
// P(z | do(x)) there.
func TestEvaluateEvidencePositivityMatchesEnumeration(t *testing.T) {
	zeroRows, evidenceErrors := 0, 0
	rapid.Check(t, func(t *rapid.T) {
		m := drawSemiMarkovWithZeros(t, 5, 3, 0.2)
		law, err := identify.NewJoint(m.observedJoint())
		if err != nil {
			t.Fatal(err)
		}
		n := m.observed
		perm := rapid.Permutation(seq(n)).Draw(t, "perm")
		nz := rapid.IntRange(1, n-1).Draw(t, "nz")
		nx := rapid.IntRange(0, n-1-nz).Draw(t, "nx")
		y := perm[:1]
		z := slices.Sorted(slices.Values(perm[1 : 1+nz]))
		x := slices.Sorted(slices.Values(perm[1+nz : 1+nz+nx]))
		e, err := identify.IDC(m.graph, y, x, z)
		if err != nil {
			return
		}
		pz, err := identify.ID(m.graph, z, x)
		if err != nil {
			return
		}
		// truth(z, x, nil) is P(z | do(x)) by enumeration, over x then z.
		want := m.truth(z, x, nil)
		xz := slices.Concat(x, z)
		for i, cfg := range configs(m.card, xz) {
			fixed := make(map[string]string)
			for k, v := range xz {
				fixed[obsName(v)] = strconv.Itoa(cfg[k])
			}
			fixedX := make(map[string]string)
			for _, v := range x {
				fixedX[obsName(v)] = fixed[obsName(v)]
			}
			if _, err := identify.Evaluate(pz, law, fixedX); err != nil {
				continue
			}
			_, err := identify.Evaluate(e, law, fixed)
			var pe *identify.EstimandPositivityError
			if err != nil && !errors.As(err, &pe) {
				t.Fatalf("evaluating %s at %v: %v", e.Query(), fixed, err)
			}
			if want[i] == 0 {
				zeroRows++
				if err == nil {
					t.Fatalf("%s = %s in\n%s\nat %v: got a value, want a positivity error because P(z | do(x)) = 0", e.Query(), e, m.graph, fixed)
				}
				if pe.Evidence {
					evidenceErrors++
				}
				continue
			}
			if err != nil && pe.Evidence {
				t.Fatalf("%s in\n%s\nat %v: got %v, but P(z | do(x)) = %v by enumeration", e.Query(), m.graph, fixed, err, want[i])
			}
		}
	})
	t.Logf("%d rows with zero evidence, %d reported as evidence errors", zeroRows, evidenceErrors)
}
