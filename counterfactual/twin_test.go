package counterfactual_test

import (
	"math"
	"testing"

	"github.com/markovcat/causal/counterfactual"
	"github.com/markovcat/causal/scm"
)

func TestTwinDiagramSharesUnaffectedBoxes(t *testing.T) {
	m := firingSquad()
	q, err := scm.ParseQuery("P(D_{A=0}, D_{A=1} | D=1)")
	if err != nil {
		t.Fatal(err)
	}
	d, in, err := m.TwinDiagram(q)
	if err != nil {
		t.Fatal(err)
	}
	counts := make(map[string]int)
	for _, n := range d.Nodes() {
		counts[n.Box.Name]++
	}
	// Three worlds: U, C and B are shared, A is the mechanism in the
	// factual world and a point state in each hypothetical one, and D has
	// one box per world.
	want := map[string]int{"U": 1, "C": 1, "B": 1, "A": 1, "do(A=0)": 1, "do(A=1)": 1, "D": 3, "[D=1]": 1}
	for name, n := range want {
		if counts[name] != n {
			t.Errorf("box %q occurs %d times, want %d", name, counts[name], n)
		}
	}
	if len(counts) != len(want) {
		t.Errorf("boxes %v, want %v", counts, want)
	}
	for name := range counts {
		if _, ok := in[name]; !ok {
			t.Errorf("box %q has no channel in the interpretation", name)
		}
	}
	if got := len(d.Out()); got != 3 {
		t.Errorf("diagram has %d outputs, want 3 (two targets and the evidence wire)", got)
	}
	if last := d.Out()[2]; !last.Equal(counterfactual.EvidenceType) {
		t.Errorf("last output has type %v, want %v", last, counterfactual.EvidenceType)
	}
}

func TestSalaryTwinMatchesAbduction(t *testing.T) {
	sm := readCase(t, "salary.bif")
	m, err := counterfactual.FromSCM(sm)
	if err != nil {
		t.Fatal(err)
	}
	q, err := scm.ParseQuery("P(salary_{education=medium}, salary_{education=high} | experience=8, education=low, salary=86)")
	if err != nil {
		t.Fatal(err)
	}
	twin, err := m.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	aap, err := m.AbductionActionPrediction(q)
	if err != nil {
		t.Fatal(err)
	}
	if len(twin.Rows) != len(aap.Rows) {
		t.Fatalf("twin has %d rows, abduction %d", len(twin.Rows), len(aap.Rows))
	}
	for i, r := range twin.Rows {
		if math.Abs(r.Lower-aap.Rows[i].Lower) > tol {
			t.Errorf("row %v: twin %v, abduction %v", twin.Assignment(r), r.Lower, aap.Rows[i].Lower)
		}
	}
}

func TestTwinDiagramSharesCutAncestors(t *testing.T) {
	// Setting C cuts U off from A, B and D, so the worlds do(C=1) and
	// do(C=1, U=0) compute D alike and share all of its boxes.
	m := firingSquad()
	q, err := scm.ParseQuery("P(D_{C=1}, D_{C=1,U=0})")
	if err != nil {
		t.Fatal(err)
	}
	d, _, err := m.TwinDiagram(q)
	if err != nil {
		t.Fatal(err)
	}
	counts := make(map[string]int)
	for _, n := range d.Nodes() {
		counts[n.Box.Name]++
	}
	want := map[string]int{"do(C=1)": 1, "A": 1, "B": 1, "D": 1}
	if len(counts) != len(want) {
		t.Errorf("boxes %v, want %v", counts, want)
	}
	for name, n := range want {
		if counts[name] != n {
			t.Errorf("box %q occurs %d times, want %d", name, counts[name], n)
		}
	}
	a, err := m.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range a.Rows {
		want := 0.0
		if r.States[0] == 1 && r.States[1] == 1 {
			want = 1
		}
		if math.Abs(r.Lower-want) > tol {
			t.Errorf("row %v is %v, want %v", a.Assignment(r), r.Lower, want)
		}
	}
}
