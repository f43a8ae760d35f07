package identify_test

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/identify"
	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

// casesDir holds the command-line acceptance cases, outside the repository.
const casesDir = "../../shared/cases"

type acceptanceCase struct {
	ID       string   `json:"id"`
	Suite    string   `json:"suite"`
	Args     []string `json:"args"`
	Exit     int      `json:"exit"`
	Expected []struct {
		Assignment map[string]string `json:"assignment"`
		P          float64           `json:"p"`
	} `json:"expected"`
	Tol float64 `json:"tol"`
}

// flags returns the value of each -flag in args and the final argument.
func (c acceptanceCase) flags() (map[string]string, string) {
	out := make(map[string]string)
	for i := 1; i < len(c.Args)-1; i++ {
		a := c.Args[i]
		if a == "-json" {
			continue
		}
		if strings.HasPrefix(a, "-") {
			out[a[1:]] = c.Args[i+1]
			i++
		}
	}
	return out, c.Args[len(c.Args)-1]
}

// TestAcceptanceCases runs the identification, latent-variable and data cases
// of the command-line acceptance examples through the library.
func TestAcceptanceCases(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(casesDir, "cases.json"))
	if err != nil {
		t.Skipf("acceptance cases not available: %v", err)
	}
	var cases []acceptanceCase
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	ran := 0
	for _, c := range cases {
		if c.Suite != "identify" && c.Suite != "latent" && c.Suite != "data" {
			continue
		}
		flags, query := c.flags()
		if flags["graph"] == "" && flags["model"] == "" {
			continue // the command's embedded default
		}
		ran++
		t.Run(c.ID, func(t *testing.T) { runCase(t, c, flags, query) })
	}
	if ran == 0 {
		t.Fatal("no identification cases found")
	}
}

func runCase(t *testing.T, c acceptanceCase, flags map[string]string, query string) {
	q, err := scm.ParseQuery(query)
	if err != nil {
		t.Fatal(err)
	}
	var g *identify.Graph
	var law identify.Law
	switch {
	case flags["model"] != "":
		m, err := scm.ReadFile(filepath.Join(casesDir, flags["model"]))
		if err != nil {
			t.Fatal(err)
		}
		if m, err = m.WithLatent(strings.Split(flags["latent"], ",")...); err != nil {
			t.Fatal(err)
		}
		g, law = identify.Project(m), identify.ModelLaw(m)
	default:
		if g, err = identify.ParseGraph(flags["graph"]); err != nil {
			t.Fatal(err)
		}
		if flags["data"] != "" {
			f, err := os.Open(filepath.Join(casesDir, flags["data"]))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			d, err := scm.ReadData(f, flags["weight"])
			if err != nil {
				t.Fatal(err)
			}
			if law, err = identify.NewJoint(d.Joint); err != nil {
				t.Fatal(err)
			}
		}
	}

	e, fixed, err := identify.IdentifyQuery(g, q)
	var ni *identify.NotIdentifiableError
	if c.Exit == 1 {
		if !errors.As(err, &ni) {
			t.Fatalf("got %v, want a *NotIdentifiableError", err)
		}
		if err := ni.Hedge.Check(ni.Hedge.Targets, ni.Hedge.Interventions); err != nil {
			t.Errorf("hedge %v: %v", ni.Hedge, err)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if law == nil {
		return
	}
	ch, err := identify.Evaluate(e, law, fixed)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range c.Expected {
		got := lookup(t, ch, row.Assignment)
		if math.Abs(got-row.P) > c.Tol {
			t.Errorf("P at %v: got %.9g, want %.9g", row.Assignment, got, row.P)
		}
	}
}

// lookup returns the entry of ch at the named states of its inputs and outputs.
func lookup(t *testing.T, ch *stochastic.Channel, assign map[string]string) float64 {
	t.Helper()
	pos := func(types []diagram.Type) int {
		k := 0
		for _, ty := range types {
			s, ok := assign[ty.Name]
			if !ok {
				t.Fatalf("assignment %v has no state for %s", assign, ty.Name)
			}
			i := slices.Index(ty.States, s)
			if i < 0 {
				t.Fatalf("variable %s has no state %s", ty.Name, s)
			}
			k = k*len(ty.States) + i
		}
		return k
	}
	return ch.At(pos(ch.In()), pos(ch.Out()))
}
