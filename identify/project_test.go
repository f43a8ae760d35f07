package identify_test

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/markovcat/causal/identify"
	"github.com/markovcat/causal/scm"
)

// drawLatentDAG draws a random DAG over up to 11 variables, marks some of them
// latent, and returns it with the observed variables numbered first and the
// graph set to the latent projection of the model.
func drawLatentDAG(t *rapid.T) *semiMarkov {
	n := rapid.IntRange(3, 11).Draw(t, "n")
	latent := make([]bool, n)
	parents := make([][]int, n)
	density := rapid.Float64Range(0.15, 0.5).Draw(t, "density")
	for j := 0; j < n; j++ {
		latent[j] = rapid.Float64Range(0, 1).Draw(t, "latent") < 0.35
		for i := 0; i < j; i++ {
			if rapid.Float64Range(0, 1).Draw(t, "edge") < density {
				parents[j] = append(parents[j], i)
			}
		}
	}
	// Keep at least two observed variables.
	latent[0], latent[n-1] = false, false
	var order []int
	for v := range n {
		if !latent[v] {
			order = append(order, v)
		}
	}
	observed := len(order)
	for v := range n {
		if latent[v] {
			order = append(order, v)
		}
	}
	pos := make([]int, n)
	for i, v := range order {
		pos[v] = i
	}
	m := &semiMarkov{observed: observed}
	for _, v := range order {
		ps := make([]int, len(parents[v]))
		for i, p := range parents[v] {
			ps[i] = pos[p]
		}
		m.parents = append(m.parents, ps)
		m.card = append(m.card, 2)
	}
	m.tables = drawTables(t, m.card, m.parents)
	model, err := m.model()
	if err != nil {
		t.Fatal(err)
	}
	m.graph = identify.Project(model)
	return m
}

// TestProjectSoundness checks ID on latent projections of random DAGs with
// latent chains, latent mediators and latent variables with latent parents:
// every identified effect must equal surgery on the full model.
func TestProjectSoundness(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		for range 10 {
			m := drawLatentDAG(t)
			law, err := identify.NewJoint(m.observedJoint())
			if err != nil {
				t.Fatal(err)
			}
			y, x, z := drawQuery(t, m.observed, true)
			checkSound(t, m, law, y, x, z)
		}
	})
}

func TestProjectSemiMarkov(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := drawSemiMarkov(t, 8, 6)
		model, err := m.model()
		if err != nil {
			t.Fatal(err)
		}
		got := identify.Project(model).String()
		want := m.graph.String()
		if got != want {
			t.Fatalf("projection:\n%s\nwant:\n%s", got, want)
		}
	})
}

func TestProjectExamples(t *testing.T) {
	for _, test := range []struct {
		name   string
		build  func(b *testBuilder)
		latent []string
		want   string
	}{
		{
			name: "latent mediator",
			build: func(b *testBuilder) {
				b.edge("X", "U")
				b.edge("U", "Y")
			},
			latent: []string{"U"},
			want:   "X -> Y\n",
		},
		{
			name: "latent chain confounder",
			build: func(b *testBuilder) {
				b.edge("U1", "U2")
				b.edge("U1", "A")
				b.edge("U2", "B")
				b.edge("A", "B")
			},
			latent: []string{"U1", "U2"},
			want:   "A -> B\nA <-> B\n",
		},
		{
			name: "observed variable blocks",
			build: func(b *testBuilder) {
				b.edge("U", "A")
				b.edge("A", "B")
				b.edge("C", "B")
			},
			latent: []string{"U"},
			want:   "A -> B\nC -> B\n",
		},
	} {
		t.Run(test.name, func(t *testing.T) {
			b := newTestBuilder()
			test.build(b)
			m := b.build(t, test.latent)
			got := identify.Project(m).String()
			if got != test.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, test.want)
			}
		})
	}
}

// testBuilder collects the edges of a model of binary variables.
type testBuilder struct {
	names   []string
	parents map[string][]string
}

func newTestBuilder() *testBuilder { return &testBuilder{parents: make(map[string][]string)} }

func (b *testBuilder) node(name string) {
	if _, ok := b.parents[name]; !ok {
		b.names = append(b.names, name)
		b.parents[name] = []string{}
	}
}

func (b *testBuilder) edge(from, to string) {
	b.node(from)
	b.node(to)
	b.parents[to] = append(b.parents[to], from)
}

// build returns the model with uniform tables and the given latent variables.
func (b *testBuilder) build(t *testing.T, latent []string) *scm.Model {
	t.Helper()
	sb := scm.NewBuilder()
	for _, name := range b.names {
		if err := sb.AddVariable(name, "0", "1"); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range b.names {
		ps := b.parents[name]
		table := make([]float64, 2<<len(ps))
		for i := range table {
			table[i] = 0.5
		}
		if err := sb.SetCPT(name, ps, table); err != nil {
			t.Fatal(err)
		}
	}
	if err := sb.SetLatent(latent...); err != nil {
		t.Fatal(err)
	}
	m, err := sb.Build()
	if err != nil {
		t.Fatal(err)
	}
	return m
}
