package diagram_test

import (
	"bytes"
	"errors"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"os/exec"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/internal/diagramtest"
	"pgregory.net/rapid"
)

// oddNames are box and type names that need escaping in text, DOT and SVG.
// Names read from a Latin-1 file can be invalid UTF-8.
var oddNames = []string{
	`a"b`, `end\`, "uni é ∂", "sp ace", "new\nline", "ctl\x01x", "nul\x00x",
	"tab\tx", "{rec|ord<x>}", "bad\xffutf", "", `\N`, "a&b<c>",
}

// oddDiagram returns a diagram whose box and wires are all called name: a
// copied input, a box with one discarded output, and a uniform state.
func oddDiagram(name string) diagram.Diagram {
	ty := diagram.Type{Name: name, States: []string{"0", "1"}}
	b := diagram.Box{Name: name, In: types(ty), Out: types(ty, ty)}
	return diagram.Tensor(diagram.Then(diagram.Copy(ty, 2), diagram.Tensor(diagram.Gen(b), diagram.Id(ty)),
		diagram.Tensor(diagram.Id(ty), diagram.Discard(ty), diagram.Id(ty))), diagram.Uniform(ty))
}

func TestWriteSVGOddNames(t *testing.T) {
	for _, name := range oddNames {
		var buf bytes.Buffer
		if err := oddDiagram(name).WriteSVG(&buf); err != nil {
			t.Fatal(err)
		}
		_, _, _, texts, err := parseSVG(buf.Bytes())
		if err != nil {
			t.Errorf("name %q: drawing is not well-formed XML: %v", name, err)
			continue
		}
		if !utf8.ValidString(name) || strings.ContainsAny(name, "\x00\x01") {
			continue
		}
		if !strings.Contains(strings.Join(texts, "|"), name) {
			t.Errorf("name %q: drawing texts %q lack the name", name, texts)
		}
	}
}

func TestDOTOddNames(t *testing.T) {
	dot, err := exec.LookPath("dot")
	for _, name := range oddNames {
		src := oddDiagram(name).DOT()
		if !utf8.ValidString(src) {
			t.Errorf("name %q: DOT output is not valid UTF-8", name)
		}
		if strings.ContainsAny(src, "\x00\x01") {
			t.Errorf("name %q: DOT output contains a control character", name)
		}
		for _, line := range strings.Split(strings.TrimSuffix(src, "\n"), "\n") {
			if !strings.HasSuffix(line, ";") && !strings.HasSuffix(line, "{") && !strings.HasSuffix(line, "}") {
				t.Errorf("name %q: DOT statement broken across lines at %q", name, line)
			}
		}
		if err != nil {
			continue
		}
		cmd := exec.Command(dot, "-Tsvg")
		cmd.Stdin = strings.NewReader(src)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil || stderr.Len() > 0 {
			t.Errorf("name %q: dot: %v %s", name, err, stderr.String())
		}
	}
}

func TestStringOddNames(t *testing.T) {
	for _, name := range oddNames {
		s := oddDiagram(name).String()
		if strings.Count(s, "\n") != 4 {
			t.Errorf("name %q: String has %d lines, want 5:\n%s", name, strings.Count(s, "\n")+1, s)
		}
		if !utf8.ValidString(s) {
			t.Errorf("name %q: String is not valid UTF-8: %q", name, s)
		}
	}
}

func TestNewUniformWithName(t *testing.T) {
	u := diagram.Node{Kind: diagram.UniformNode, Box: diagram.Box{Name: "p", Out: types(typeA)}, Out: []int{0}}
	d, err := diagram.New(types(typeA), nil, []int{0}, []diagram.Node{u})
	var e *diagram.TypeError
	if !errors.As(err, &e) {
		t.Fatalf("New of a uniform node with box name p: got %v, %v, want a *TypeError", d, err)
	}
	want := `diagram: New: uniform node 0 has box name "p", want an empty name`
	if got := err.Error(); got != want {
		t.Errorf("message\n%s\nwant\n%s", got, want)
	}
}

func TestNewNoWiresMessage(t *testing.T) {
	tests := []struct {
		name            string
		inputs, outputs []int
		nodes           []diagram.Node
		want            string
	}{
		{"input", []int{0}, nil, nil, "diagram: New: input 0 names wire 0, but the diagram has no wires"},
		{"output", nil, []int{0}, nil, "diagram: New: output 0 names wire 0, but the diagram has no wires"},
		{"node", nil, nil, []diagram.Node{{Box: diagram.Box{Name: "e", In: types(typeA)}, In: []int{0}}},
			"diagram: New: node 0 names wire 0, but the diagram has no wires"},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			_, err := diagram.New(nil, test.inputs, test.outputs, test.nodes)
			if err == nil || err.Error() != test.want {
				t.Errorf("New error = %v, want %s", err, test.want)
			}
		})
	}
}

func TestEqualCornerCases(t *testing.T) {
	f, h := diagram.Gen(boxF), diagram.Gen(boxH)
	a, b := types(typeA), types(typeB)
	single := diagram.NewType("U", "only")
	k := diagram.Gen(diagram.Box{Name: "k", In: b, Out: types(typeA, typeC)})
	hh := diagram.Gen(diagram.Box{Name: "hh", In: types(typeB, typeB), Out: types(typeC)})
	twoF := diagram.Then(diagram.Copy(typeA, 2), diagram.Tensor(f, f))
	tests := []struct {
		name string
		x, y diagram.Diagram
		want bool
	}{
		{"copy 0 is discard", diagram.Copy(typeA, 0), diagram.Discard(typeA), true},
		{"copy 1 is identity", diagram.Copy(typeA, 1), diagram.Id(typeA), true},
		{"copy 1 of one state", diagram.Copy(single, 1), diagram.Id(single), true},
		{"uniform on one state is not a box", diagram.Uniform(single), diagram.Gen(diagram.Box{Name: "p", Out: types(single)}), false},
		{"empty tensor and zero value", diagram.Tensor(), diagram.Diagram{}, true},
		{"empty then and empty identity", diagram.Then(), diagram.Id(), true},
		{"select with repeats", diagram.Select(types(typeA, typeB), []int{1, 0, 1}),
			diagramtest.Wiring(types(typeA, typeB), []int{1, 0, 1}), true},
		{"select order matters", diagram.Select(types(typeA, typeA), []int{0, 0}),
			diagram.Select(types(typeA, typeA), []int{1, 1}), false},
		{"box names differ", f, diagram.Gen(diagram.Box{Name: "f ", In: a, Out: b}), false},
		{"wiring differs", diagram.Then(diagram.Copy(typeA, 2), diagram.Tensor(diagram.Id(typeA), f), h),
			diagram.Then(diagram.Tensor(diagram.Id(typeA), diagram.Gen(boxP)), diagram.Tensor(diagram.Discard(typeA), diagram.Id(typeA)),
				diagram.Copy(typeA, 2), diagram.Tensor(diagram.Id(typeA), f), h), false},
		// Two samples of f from one input are exchangeable, so feeding them
		// to hh in either order is the same diagram.
		{"twin boxes feed one box", diagram.Then(twoF, hh), diagram.Then(twoF, diagram.Swap(b, b), hh), true},
		{"twin boxes, one discarded", diagram.Then(twoF, diagram.Tensor(diagram.Discard(typeB), diagram.Id(typeB))), f, true},
		{"twin boxes and copied box", diagram.Then(twoF, hh), diagram.Then(f, diagram.Copy(typeB, 2), hh), false},
		{"other output discarded", diagram.Then(k, diagram.Tensor(diagram.Id(typeA), diagram.Discard(typeC))),
			diagram.Then(k, diagram.Tensor(diagram.Discard(typeA), diagram.Id(typeC)), diagram.Gen(diagram.Box{Name: "c", In: types(typeC), Out: a})), false},
		{"partly discarded box stays", diagram.Then(k, diagram.Tensor(diagram.Id(typeA), diagram.Discard(typeC))),
			diagram.Then(diagram.Discard(typeB), diagram.Uniform(typeA)), false},
		{"two uniform states swapped", diagram.Tensor(diagram.Uniform(typeA), diagram.Uniform(typeA)),
			diagram.Then(diagram.Tensor(diagram.Uniform(typeA), diagram.Uniform(typeA)), diagram.Swap(a, a)), true},
		{"symmetric chains swapped", diagram.Tensor(diagram.Then(f, diagram.Gen(boxG)), diagram.Then(f, diagram.Gen(boxG))),
			diagram.Then(diagram.Swap(a, a), diagram.Tensor(diagram.Then(f, diagram.Gen(boxG)), diagram.Then(f, diagram.Gen(boxG))),
				diagram.Swap(types(typeC), types(typeC))), true},
		{"symmetric chains crossed", diagram.Tensor(diagram.Then(f, diagram.Gen(boxG)), diagram.Then(f, diagram.Gen(boxG))),
			diagram.Then(diagram.Tensor(diagram.Then(f, diagram.Gen(boxG)), diagram.Then(f, diagram.Gen(boxG))),
				diagram.Swap(types(typeC), types(typeC))), false},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			if got := diagram.Equal(test.x, test.y); got != test.want {
				t.Errorf("Equal = %v, want %v\nx:\n%v\ny:\n%v", got, test.want, test.x.Canonical(), test.y.Canonical())
			}
			if got := diagram.Equal(test.y, test.x); got != test.want {
				t.Errorf("Equal with arguments swapped = %v, want %v", got, test.want)
			}
		})
	}
}

func TestNestedSubstitute(t *testing.T) {
	f, g := diagram.Gen(boxF), diagram.Gen(boxG)
	q := diagram.Gen(diagram.Box{Name: "q", In: types(typeA), Out: types(typeA)})
	d := diagram.Then(diagram.Gen(boxP), diagram.Copy(typeA, 2), diagram.Tensor(f, diagram.Id(typeA)), diagram.Tensor(g, diagram.Id(typeA)))

	// Replace f by q then f, then replace q by a copy-and-discard identity,
	// then the p state by the uniform state.
	i, _ := d.FindBox("f")
	d = d.Substitute(i, diagram.Then(q, f))
	i, _ = d.FindBox("q")
	d = d.Substitute(i, diagram.Then(diagram.Copy(typeA, 2), diagram.Tensor(diagram.Id(typeA), diagram.Discard(typeA))))
	i, _ = d.FindBox("p")
	d = d.Substitute(i, diagram.Uniform(typeA))

	want := diagram.Then(diagram.Uniform(typeA), diagram.Copy(typeA, 2), diagram.Tensor(f, diagram.Id(typeA)), diagram.Tensor(g, diagram.Id(typeA)))
	if !diagram.Equal(d, want) {
		t.Errorf("nested Substitute gave\n%v\nwant\n%v", d.Canonical(), want.Canonical())
	}
	if got := d.Canonical().String(); got != lines("in ()", "uniform -> w0:A", "f(w0) -> w1:B", "g(w1) -> w2:C", "out w2, w0") {
		t.Errorf("nested Substitute text:\n%s", got)
	}
}

// semantics computes the channel of d by brute force: it enumerates every
// assignment of states to the wires of d and multiplies the probabilities
// of the nodes. Box b with input configuration x gives output configuration
// y the probability table(b)[x][y]. The result has one row per input
// configuration and one column per output configuration, big-endian. It
// reports false when there are more than limit wire assignments.
func semantics(d diagram.Diagram, table func(diagram.Box) [][]float64, limit int) ([][]float64, bool) {
	n := d.NumWires()
	sizes := make([]int, n)
	for w := range sizes {
		sizes[w] = d.WireType(w).Size()
	}

	total := 1
	for _, s := range sizes {
		total *= s
		if total > limit {
			return nil, false
		}
	}
	index := func(ws []int, state []int) int {
		k := 0
		for _, w := range ws {
			k = k*sizes[w] + state[w]
		}
		return k
	}

	rows, cols := diagram.Size(d.In()), diagram.Size(d.Out())
	m := make([][]float64, rows)
	for i := range m {
		m[i] = make([]float64, cols)
	}

	state := make([]int, n)
	nodes := d.Nodes()
	for range total {
		p := 1.0
		for _, nd := range nodes {
			if nd.Kind == diagram.UniformNode {
				p /= float64(sizes[nd.Out[0]])
				continue
			}
			p *= table(nd.Box)[index(nd.In, state)][index(nd.Out, state)]
		}
		m[index(d.Inputs(), state)][index(d.Outputs(), state)] += p

		// Advance state to the next assignment, the last wire fastest.
		for w := n - 1; w >= 0; w-- {
			state[w]++
			if state[w] < sizes[w] {
				break
			}
			state[w] = 0
		}
	}
	return m, true
}

// randomTable returns a stochastic matrix for b with positive entries drawn
// from a source seeded by the name of b, so the same box always gets the
// same table.
func randomTable(b diagram.Box) [][]float64 {
	h := fnv.New64a()
	h.Write([]byte(b.Name))
	rnd := rand.New(rand.NewPCG(h.Sum64(), 1))
	m := make([][]float64, diagram.Size(b.In))
	for i := range m {
		m[i] = make([]float64, diagram.Size(b.Out))
		sum := 0.0
		for j := range m[i] {
			m[i][j] = 0.1 + rnd.Float64()
			sum += m[i][j]
		}
		for j := range m[i] {
			m[i][j] /= sum
		}
	}
	return m
}

// TestEqualImpliesSameChannel checks Equal against the meaning of diagrams:
// equal diagrams must denote the same channel for every interpretation of
// their boxes, here a random one.
func TestEqualImpliesSameChannel(t *testing.T) {
	nontrivial := 0
	rapid.Check(t, func(t *rapid.T) {
		in := diagramtest.Types(2).Draw(t, "in")
		out := diagramtest.Types(2).Draw(t, "out")
		a := diagramtest.DiagramDepth(in, out, 2).Draw(t, "a")
		b := diagramtest.DiagramDepth(in, out, 2).Draw(t, "b")
		if !diagram.Equal(a, b) {
			return
		}
		ma, okA := semantics(a, randomTable, 1<<14)
		mb, okB := semantics(b, randomTable, 1<<14)
		if !okA || !okB {
			t.Skip("too many wire assignments")
		}
		if a.String() != b.String() {
			nontrivial++
		}
		for i := range ma {
			for j := range ma[i] {
				if math.Abs(ma[i][j]-mb[i][j]) > 1e-12 {
					t.Fatalf("Equal diagrams differ at row %d, column %d: %g and %g\na:\n%v\nb:\n%v", i, j, ma[i][j], mb[i][j], a, b)
				}
			}
		}
	})
	if nontrivial == 0 {
		t.Errorf("no pair of equal diagrams with different text was generated")
	}
}

// TestSubstituteMeaning checks Substitute against the meaning of diagrams:
// replacing a node by r denotes the same channel as keeping a box there
// whose table is the channel of r.
func TestSubstituteMeaning(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := diagramtest.DiagramDepth(diagramtest.Types(2).Draw(t, "in"), diagramtest.Types(2).Draw(t, "out"), 2).Draw(t, "d")
		if d.NumNodes() == 0 {
			t.Skip("no nodes")
		}
		i := rapid.IntRange(0, d.NumNodes()-1).Draw(t, "node")
		n := d.Node(i)
		r := diagramtest.DiagramDepth(n.Box.In, n.Box.Out, 2).Draw(t, "replacement")
		hole := diagram.Box{Name: "hole", In: n.Box.In, Out: n.Box.Out}
		holeTable, ok := semantics(r, randomTable, 1<<12)
		if !ok {
			t.Skip("too many wire assignments")
		}
		table := func(b diagram.Box) [][]float64 {
			if b.Name == hole.Name {
				return holeTable
			}
			return randomTable(b)
		}
		got, okGot := semantics(d.Substitute(i, r), table, 1<<14)
		want, okWant := semantics(d.Substitute(i, diagram.Gen(hole)), table, 1<<14)
		if !okGot || !okWant {
			t.Skip("too many wire assignments")
		}
		for x := range want {
			for y := range want[x] {
				if math.Abs(got[x][y]-want[x][y]) > 1e-12 {
					t.Fatalf("row %d, column %d: got %g, want %g\nd:\n%v\nnode %d replaced by\n%v", x, y, got[x][y], want[x][y], d, i, r)
				}
			}
		}
	})
}
