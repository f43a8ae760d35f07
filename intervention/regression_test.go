package intervention_test

import (
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/intervention"
	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

// rootsModel returns a model with n binary roots X1..Xn and a binary child
// Y of all of them.
func rootsModel(t *testing.T, n int) *scm.Model {
	t.Helper()
	b := scm.NewBuilder()
	var parents []string
	for i := 1; i <= n; i++ {
		name := "X" + strconv.Itoa(i)
		parents = append(parents, name)
		if err := b.AddVariable(name, "0", "1"); err != nil {
			t.Fatal(err)
		}
		if err := b.SetCPT(name, nil, []float64{0.3, 0.7}); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.AddVariable("Y", "0", "1"); err != nil {
		t.Fatal(err)
	}
	table := make([]float64, 0, 2<<n)
	for r := 0; r < 1<<n; r++ {
		p := float64(r%7+1) / 9
		table = append(table, p, 1-p)
	}
	if err := b.SetCPT("Y", parents, table); err != nil {
		t.Fatal(err)
	}
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// A target that is also an input of the answer, as in P(Y, X1 | do(X1, ...)),
// costs about as much as the same query without it: one inference for all
// rows, not one per row.
func TestQueryTargetInInputsInfersOnce(t *testing.T) {
	m := rootsModel(t, 8)
	allocs := func(text string) float64 {
		q, err := scm.ParseQuery(text)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := intervention.Query(m, q); err != nil {
			t.Fatalf("Query(%s): %v", text, err)
		}
		return testing.AllocsPerRun(5, func() {
			if _, err := intervention.Query(m, q); err != nil {
				t.Fatal(err)
			}
		})
	}
	tests := []struct{ query, base string }{
		{"P(Y, X1 | do(X1, X2, X3, X4, X5, X6, X7, X8))", "P(Y | do(X1, X2, X3, X4, X5, X6, X7, X8))"},
		{"P(X1 | do(X1, X2, X3, X4, X5, X6, X7, X8))", "P(Y | do(X1, X2, X3, X4, X5, X6, X7, X8))"},
		{"P(Y, X8 | do(X1, X2, X3, X4, X5, X6, X7), X8)", "P(Y | do(X1, X2, X3, X4, X5, X6, X7), X8)"},
	}
	for _, test := range tests {
		if got, base := allocs(test.query), allocs(test.base); got > 2*base+50 {
			t.Errorf("Query(%s) makes %v allocations, more than twice the %v of Query(%s)", test.query, got, base, test.base)
		}
	}
}

// A box listed twice is reported as such, not as a box the diagram lacks.
func TestCutUniformRepeatedName(t *testing.T) {
	d, _ := chain(t)
	_, err := intervention.CutUniform(d, "f", "g", "f")
	if err == nil || !strings.Contains(err.Error(), `"f" is listed twice`) {
		t.Errorf("CutUniform(f, g, f) error = %v, want one saying f is listed twice", err)
	}
}

// A soft intervention may give a variable parents that come after it in the
// original order, as long as the graph stays acyclic. Queries on the result
// match brute-force enumeration of its tables.
func TestSoftNewParentsMatchesEnumeration(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := randomModel(t, rapid.IntRange(2, 5).Draw(t, "n"), false)
		v := rapid.IntRange(0, m.NumVars()-1).Draw(t, "v")
		descendant := descendants(m, v)
		var parents []int
		for u := 0; u < m.NumVars(); u++ {
			if !descendant[u] && rapid.Bool().Draw(t, "parent") {
				parents = append(parents, u)
			}
		}
		rows := 1
		for _, u := range parents {
			rows *= m.Type(u).Size()
		}
		ch, err := stochastic.New(m.Types(parents), []diagram.Type{m.Type(v)}, randomTable(t, "soft", rows, m.Type(v).Size(), true))
		if err != nil {
			t.Fatal(err)
		}
		soft, err := intervention.Soft(m, v, parents, ch)
		if err != nil {
			t.Fatalf("Soft(%s, parents %v): %v", m.Type(v).Name, parents, err)
		}
		if got := soft.Parents(v); !slices.Equal(got, parents) {
			t.Fatalf("parents of %s after Soft = %v, want %v", m.Type(v).Name, got, parents)
		}
		q, targets, free, given, fixed, evidence := randomQuery(t, soft)
		answer, err := intervention.Query(soft, q)
		want, ok := truncatedRows(soft, targets, free, given, fixed, evidence)
		if !ok {
			var zero *stochastic.ZeroProbabilityError
			if !errors.As(err, &zero) {
				t.Fatalf("Query(%v) error = %v, want a zero-probability error", q, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("Query(%v): %v", q, err)
		}
		if !closeRows(answer.Channel, want, tol) {
			t.Fatalf("Query(%v) after Soft = %v, enumeration gives %v", q, answer.Channel, want)
		}
	})
}

// descendants reports, for each variable of m, whether it is v or a
// descendant of v.
func descendants(m *scm.Model, v int) []bool {
	seen := make([]bool, m.NumVars())
	stack := []int{v}
	seen[v] = true
	for len(stack) > 0 {
		u := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, c := range m.Children(u) {
			if !seen[c] {
				seen[c] = true
				stack = append(stack, c)
			}
		}
	}
	return seen
}

// truncatedRows returns the rows of P(targets | do(fixed, free), evidence,
// given) by truncated factorisation, one per configuration of free and then
// given, and whether every row has evidence of positive probability.
func truncatedRows(m *scm.Model, targets, free, given []int, fixed, evidence map[int]int) ([]float64, bool) {
	inputs := slices.Concat(free, given)
	rows := 1
	for _, v := range inputs {
		rows *= m.Type(v).Size()
	}
	var want []float64
	for row := 0; row < rows; row++ {
		states := assignment(m, inputs, row)
		assign, rowEvidence := make(map[int]int), make(map[int]int)
		maps.Copy(assign, fixed)
		maps.Copy(rowEvidence, evidence)
		for _, v := range free {
			assign[v] = states[v]
		}
		for _, v := range given {
			rowEvidence[v] = states[v]
		}
		p, ok := truncated(m, assign, targets, rowEvidence)
		if !ok {
			return nil, false
		}
		want = append(want, p...)
	}
	return want, true
}

// chainModel returns the binary chain V0 -> V1 -> ... -> Vn-1.
func chainModel(t *testing.T, n int) *scm.Model {
	t.Helper()
	b := scm.NewBuilder()
	for i := 0; i < n; i++ {
		if err := b.AddVariable(varName(i), "0", "1"); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.SetCPT(varName(0), nil, []float64{0.4, 0.6}); err != nil {
		t.Fatal(err)
	}
	for i := 1; i < n; i++ {
		if err := b.SetCPT(varName(i), []string{varName(i - 1)}, []float64{0.9, 0.1, 0.25, 0.75}); err != nil {
			t.Fatal(err)
		}
	}
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Reading the cut network diagram keeps only the outputs it needs, so it
// works on models whose joint over all variables is far too large to form.
func TestChannelByDisintegrationLargeModel(t *testing.T) {
	m := chainModel(t, 60)
	do, targets := []int{10}, []int{59, 30}
	want, err := intervention.Channel(m, do, targets)
	if err != nil {
		t.Fatal(err)
	}
	got, err := intervention.ChannelByDisintegration(m, do, targets)
	if err != nil {
		t.Fatalf("ChannelByDisintegration on a chain of 60 variables: %v", err)
	}
	if !stochastic.EqualApprox(got, want, tol) {
		t.Errorf("ChannelByDisintegration = %v, Channel = %v", got, want)
	}
}

// Latent variables may be targets, interventions and evidence: the model
// specifies them fully.
func TestQueryLatentVariables(t *testing.T) {
	b := scm.NewBuilder()
	for _, name := range []string{"U", "X", "Y"} {
		if err := b.AddVariable(name, "0", "1"); err != nil {
			t.Fatal(err)
		}
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(b.SetLatent("U"))
	must(b.SetCPT("U", nil, []float64{0.3, 0.7}))
	must(b.SetCPT("X", []string{"U"}, []float64{0.9, 0.1, 0.2, 0.8}))
	must(b.SetCPT("Y", []string{"U", "X"}, []float64{0.9, 0.1, 0.7, 0.3, 0.5, 0.5, 0.3, 0.7}))
	m, err := b.Build()
	must(err)

	u, _ := m.Index("U")
	x, _ := m.Index("X")
	y, _ := m.Index("Y")
	tests := []struct {
		query           string
		targets, free   []int
		fixed, evidence map[int]int
		given           []int
	}{
		{"P(U | do(X=1), Y=1)", []int{u}, nil, map[int]int{x: 1}, map[int]int{y: 1}, nil},
		{"P(Y | do(U))", []int{y}, []int{u}, nil, nil, nil},
		{"P(Y, X | U=0)", []int{y, x}, nil, nil, map[int]int{u: 0}, nil},
		{"P(X | do(U=1), Y)", []int{x}, nil, map[int]int{u: 1}, nil, []int{y}},
	}

	for _, test := range tests {
		q, err := scm.ParseQuery(test.query)
		must(err)
		a, err := intervention.Query(m, q)
		if err != nil {
			t.Errorf("Query(%s): %v", test.query, err)
			continue
		}
		want, ok := truncatedRows(m, test.targets, test.free, test.given, test.fixed, test.evidence)
		if !ok || !closeRows(a.Channel, want, tol) {
			t.Errorf("Query(%s) = %v, truncated factorisation gives %v", test.query, a.Channel, want)
		}
	}
}

// Cut replaces every box of the given name. Each copy emits its own state,
// so a box used twice becomes two independent draws from the state.
func TestCutBoxUsedTwice(t *testing.T) {
	_, interp := chain(t)
	g := diagram.Box{Name: "g", In: []diagram.Type{typeX}, Out: []diagram.Type{typeY}}
	// f feeds two copies of g; the outputs are the two Y wires.
	twice := diagram.Then(diagram.Gen(diagram.Box{Name: "f", Out: []diagram.Type{typeX}}),
		diagram.Copy(typeX, 2), diagram.Tensor(diagram.Gen(g), diagram.Gen(g)))
	state, err := stochastic.NewState([]diagram.Type{typeY}, []float64{0.5, 0.2, 0.3})
	if err != nil {
		t.Fatal(err)
	}

	cut, in, err := intervention.CutState(twice, interp, "g", state)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(cut.FindBoxes("g")); n != 0 {
		t.Fatalf("%d boxes named g remain after the cut", n)
	}

	joint, err := stochastic.Interpret(cut, in)
	if err != nil {
		t.Fatal(err)
	}
	want, err := stochastic.NewState([]diagram.Type{typeY, typeY}, []float64{
		0.25, 0.10, 0.15,
		0.10, 0.04, 0.06,
		0.15, 0.06, 0.09,
	})
	if err != nil {
		t.Fatal(err)
	}
	if !stochastic.EqualApprox(joint, want, tol) {
		t.Errorf("cut diagram with g used twice gives %v, want the product state %v", joint, want)
	}
}

func TestQueryChannelSizeLimitIsTyped(t *testing.T) {
	// 25 independent binary roots: the joint of all of them has 2^25
	// entries, over the channel limit of 2^24.
	b := scm.NewBuilder()
	var names []string
	for i := range 25 {
		name := "V" + strconv.Itoa(i)
		names = append(names, name)
		if err := errors.Join(b.AddVariable(name, "0", "1"), b.SetCPT(name, nil, []float64{0.5, 0.5})); err != nil {
			t.Fatal(err)
		}
	}
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	q, err := scm.ParseQuery("P(" + strings.Join(names, ", ") + ")")
	if err != nil {
		t.Fatal(err)
	}
	_, err = intervention.Query(m, q)
	var size *stochastic.SizeLimitError
	if !errors.As(err, &size) {
		t.Fatalf("Query(%s): got error %v, want a *stochastic.SizeLimitError", q, err)
	}
	if size.Size != 1<<25 {
		t.Errorf("SizeLimitError.Size = %d, want %d", size.Size, 1<<25)
	}
	if len(size.Vars) != 25 {
		t.Errorf("SizeLimitError.Vars has %d names, want 25", len(size.Vars))
	}
}
