package diagramtest_test

import (
	"testing"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/internal/diagramtest"
	"pgregory.net/rapid"
)

func TestDiagramBoundary(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := diagramtest.Types(3).Draw(t, "in")
		out := diagramtest.Types(3).Draw(t, "out")
		d := diagramtest.Diagram(in, out).Draw(t, "d")
		if !diagram.EqualTypes(d.In(), in) {
			t.Fatalf("In() = %v, want %v", d.In(), in)
		}
		if !diagram.EqualTypes(d.Out(), out) {
			t.Fatalf("Out() = %v, want %v", d.Out(), out)
		}
	})
}

func TestBoxNamesDetermineTypes(t *testing.T) {
	seen := make(map[string]diagram.Box)
	rapid.Check(t, func(t *rapid.T) {
		d := diagramtest.AnyDiagram().Draw(t, "d")
		for _, b := range d.Boxes() {
			c, ok := seen[b.Name]
			if ok && (!diagram.EqualTypes(b.In, c.In) || !diagram.EqualTypes(b.Out, c.Out)) {
				t.Fatalf("box %s has types %v -> %v and %v -> %v", b.Name, b.In, b.Out, c.In, c.Out)
			}
			seen[b.Name] = b
		}
	})
}

func TestWiring(t *testing.T) {
	in := []diagram.Type{diagramtest.Pool[0], diagramtest.Pool[1], diagramtest.Pool[0]}
	idx := []int{2, 0, 2, 1}
	got := diagramtest.Wiring(in, idx)
	want := diagram.Select(in, idx)
	if !diagram.Equal(got, want) {
		t.Errorf("Wiring gave\n%v\nwant\n%v", got.Canonical(), want)
	}
}
