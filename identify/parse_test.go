package identify_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/markovcat/causal/identify"
)

func TestParseGraph(t *testing.T) {
	for _, test := range []struct {
		name, src string
		want      string // the graph's String
		names     []string
	}{
		{"chain", "A -> B -> C", "A -> B\nB -> C\n", []string{"A", "B", "C"}},
		{"back arrow", "A <- B", "B -> A\n", []string{"A", "B"}},
		{"bidirected", "A <-> B", "A <-> B\n", []string{"A", "B"}},
		{"bare node", "A; B -> C", "B -> C\nA\n", []string{"A", "B", "C"}},
		{"mixed chain", "A -> B <-> C <- D", "A -> B\nD -> C\nB <-> C\n", []string{"A", "B", "C", "D"}},
		{"no spaces", "a->b<->c<-d", "a -> b\nd -> c\nb <-> c\n", []string{"a", "b", "c", "d"}},
		{"hyphen in name", "political-inequality -> x", "political-inequality -> x\n", []string{"political-inequality", "x"}},
		{"hyphen before arrow", "a-b->c-d", "a-b -> c-d\n", []string{"a-b", "c-d"}},
		{"dots and digits", "x.1 -> _y2", "x.1 -> _y2\n", []string{"x.1", "_y2"}},
		{"quoted names", `"smoker status" -> "lung \"C\""`, `"smoker status" -> "lung \"C\""` + "\n", []string{"smoker status", `lung "C"`}},
		{"comments and blank lines", "# front door\nX -> Z   # mediator\n\nZ -> Y\nX <-> Y # confounder\n", "X -> Z\nZ -> Y\nX <-> Y\n", []string{"X", "Z", "Y"}},
		{"semicolons", "X -> Z; Z -> Y;; X <-> Y;", "X -> Z\nZ -> Y\nX <-> Y\n", []string{"X", "Z", "Y"}},
		{"repeated edge", "X -> Y; X -> Y; Y <-> X; X <-> Y", "X -> Y\nX <-> Y\n", []string{"X", "Y"}},
		{"empty", "  # nothing\n", "", nil},
	} {
		t.Run(test.name, func(t *testing.T) {
			g, err := identify.ParseGraph(test.src)
			if err != nil {
				t.Fatal(err)
			}
			if got := g.String(); got != test.want {
				t.Errorf("got graph\n%s\nwant\n%s", got, test.want)
			}
			if diff := cmp.Diff(test.names, g.Names()); diff != "" {
				t.Errorf("names (-want +got):\n%s", diff)
			}
			// The String form parses back to the same graph.
			h, err := identify.ParseGraph(g.String())
			if err != nil {
				t.Fatalf("reparsing %q: %v", g.String(), err)
			}
			if h.String() != g.String() {
				t.Errorf("round trip: got\n%s\nwant\n%s", h, g)
			}
		})
	}
}

func TestParseGraphErrors(t *testing.T) {
	for _, test := range []struct {
		name, src string
		line, col int
		mention   string
	}{
		{"missing target", "A -> ", 1, 6, "expected a node name after '->'"},
		{"leading arrow", "-> B", 1, 1, "expected a node name, found '->'"},
		{"two names", "A B", 1, 3, "expected '->', '<-', '<->'"},
		{"bad character", "X -> Y\nY -> @", 2, 6, `unexpected character '@'`},
		{"bidirected self-loop", "A <-> A", 1, 3, "joins a node to itself"},
		{"self-loop", "A -> A", 1, 3, "directed cycle A -> A"},
		{"unclosed quote", `A -> "B`, 1, 6, "quoted name not closed"},
		{"bad escape", `A -> "B\q"`, 1, 6, "invalid quoted name"},
		{"cycle", "cong -> CX -> churn; comp -> cong; comp -> churn; cong -> brand -> comp; demo -> comp; demo -> churn",
			1, 65, "directed cycle cong -> brand -> comp -> cong"},
		{"cycle on a later line", "A -> B\nB -> C\nC -> A", 3, 3, "directed cycle A -> B -> C -> A"},
	} {
		t.Run(test.name, func(t *testing.T) {
			_, err := identify.ParseGraph(test.src)
			var se *identify.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("got %v, want a *SyntaxError", err)
			}
			if se.Line != test.line || se.Col != test.col {
				t.Errorf("position: got %d:%d, want %d:%d (%v)", se.Line, se.Col, test.line, test.col, err)
			}
			if !strings.Contains(err.Error(), test.mention) {
				t.Errorf("message %q does not mention %q", err, test.mention)
			}
		})
	}
}

func TestParseGraphCycleError(t *testing.T) {
	_, err := identify.ParseGraph("A -> B -> C; C -> B")
	var ce *identify.CycleError
	if !errors.As(err, &ce) {
		t.Fatalf("got %v, want a *CycleError", err)
	}
	if diff := cmp.Diff([]string{"B", "C", "B"}, ce.Cycle); diff != "" {
		t.Errorf("cycle (-want +got):\n%s", diff)
	}
}

// FuzzParseGraph checks that no input makes ParseGraph panic, and that every
// graph it accepts prints as text that parses back to the same graph, up to
// the numbering of the nodes.
func FuzzParseGraph(f *testing.F) {
	for _, seed := range []string{
		"X -> Z -> Y; X <-> Y",
		"a->b<->c<-d\n# comment\ne",
		`"q \" x" -> y`,
		"political-inequality -> x",
		"A -> B\nB -> A",
		"-> ->",
		"\"unterminated",
		"a <-",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		g, err := identify.ParseGraph(src)
		if err != nil {
			return
		}
		h, err := identify.ParseGraph(g.String())
		if err != nil {
			t.Fatalf("reparsing %q: %v", g.String(), err)
		}
		if diff := cmp.Diff(edgeNames(g), edgeNames(h)); diff != "" {
			t.Fatalf("round trip of %q (-want +got):\n%s", g.String(), diff)
		}
	})
}

// edgeNames returns the nodes and edges of g by name, sorted.
func edgeNames(g *identify.Graph) []string {
	out := g.Names()
	for _, e := range g.Edges() {
		out = append(out, g.Name(e[0])+" -> "+g.Name(e[1]))
	}
	for _, e := range g.BidirectedEdges() {
		a, b := g.Name(e[0]), g.Name(e[1])
		out = append(out, min(a, b)+" <-> "+max(a, b))
	}
	slices.Sort(out)
	return out
}
