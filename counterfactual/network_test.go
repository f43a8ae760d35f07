package counterfactual_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/markovcat/causal/counterfactual"
	"github.com/markovcat/causal/scm"
)

// networksDir is the folder of benchmark networks, relative to this package.
const networksDir = "../../shared/data/networks"

func readNetwork(t *testing.T, name string) *scm.Model {
	t.Helper()
	path := filepath.Join(networksDir, name)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("network %s not available: %v", path, err)
	}
	m, err := scm.ReadFile(path)
	if err != nil {
		t.Fatalf("reading %s: %v", path, err)
	}
	return m
}

func TestNetworkBoundsFallback(t *testing.T) {
	m := readNetwork(t, "asia.bif")

	// dysp depends on six ancestors, too many response functions for the
	// linear program, so Query falls back to the Tian-Pearl bounds on this
	// probability of sufficiency.
	q, err := scm.ParseQuery("P(dysp_{smoke=yes}=yes | smoke=no, dysp=no)")
	if err != nil {
		t.Fatal(err)
	}
	_, err = counterfactual.LinearBounds(m, q)
	var size *counterfactual.SizeError
	if !errors.As(err, &size) {
		t.Fatalf("linear program: got %v, want *counterfactual.SizeError", err)
	}
	a, err := counterfactual.Query(m, q)
	if err != nil {
		t.Fatal(err)
	}
	if a.Exact || a.Method != counterfactual.MethodTianPearl {
		t.Fatalf("got method %q exact %v, want Tian-Pearl bounds", a.Method, a.Exact)
	}
	if a.Reason == "" {
		t.Errorf("bounds carry no reason")
	}
	got, err := a.Probability()
	if err != nil {
		t.Fatal(err)
	}
	want, err := counterfactual.PS(m, counterfactual.Causation{X: "smoke", XState: "yes", Y: "dysp", YState: "yes"})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got.Lower-want.Lower) > tol || math.Abs(got.Upper-want.Upper) > tol {
		t.Errorf("query gives %v, PS gives %v", got, want)
	}
	if !(0 <= got.Lower && got.Lower <= got.Upper && got.Upper <= 1) {
		t.Errorf("bounds [%v, %v] are not an interval in [0, 1]", got.Lower, got.Upper)
	}

	// either is a deterministic OR of tub and lung, but the model is not
	// functional, so a counterfactual on it is still a bound.
	q, err = scm.ParseQuery("P(either_{lung=no}=no | either=yes, lung=yes)")
	if err != nil {
		t.Fatal(err)
	}
	a, err = counterfactual.Query(m, q)
	if err != nil {
		t.Fatal(err)
	}
	if a.Exact {
		t.Errorf("got an exact answer on a model that is not functional")
	}
}
