package intervention_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/intervention"
	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

var (
	typeX = diagram.NewType("X", "0", "1")
	typeY = diagram.NewType("Y", "0", "1", "2")
)

// chain returns the diagram of boxes f : unit -> X and g : X -> Y, with X and
// Y as outputs, and an interpretation.
func chain(t *testing.T) (diagram.Diagram, stochastic.Map) {
	t.Helper()
	f := diagram.Box{Name: "f", Out: []diagram.Type{typeX}}
	g := diagram.Box{Name: "g", In: []diagram.Type{typeX}, Out: []diagram.Type{typeY}}
	d := diagram.Then(diagram.Gen(f), diagram.Copy(typeX, 2), diagram.Tensor(diagram.Id(typeX), diagram.Gen(g)))
	fc, err := stochastic.NewState([]diagram.Type{typeX}, []float64{0.9, 0.1})
	if err != nil {
		t.Fatal(err)
	}
	gc, err := stochastic.New([]diagram.Type{typeX}, []diagram.Type{typeY}, []float64{0.2, 0.3, 0.5, 0.6, 0.3, 0.1})
	if err != nil {
		t.Fatal(err)
	}
	return d, stochastic.Map{"f": fc, "g": gc}
}

func TestCutReplacesBox(t *testing.T) {
	d, interp := chain(t)
	cut, err := intervention.CutUniform(d, "f")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := cut.FindBox("f"); ok {
		t.Errorf("cut diagram still contains box f:\n%v", cut)
	}
	want := diagram.Then(diagram.Uniform(typeX), diagram.Copy(typeX, 2),
		diagram.Tensor(diagram.Id(typeX), diagram.Gen(diagram.Box{Name: "g", In: []diagram.Type{typeX}, Out: []diagram.Type{typeY}})))
	if !diagram.Equal(cut, want) {
		t.Errorf("cut diagram:\n%v\nwant:\n%v", cut, want)
	}

	// Reading the channel from X to Y gives back g, since f is cut.
	c, err := intervention.ReadChannel(cut, interp, []int{0}, []int{1})
	if err != nil {
		t.Fatal(err)
	}
	if !stochastic.EqualApprox(c, interp["g"], tol) {
		t.Errorf("ReadChannel = %v, want g = %v", c, interp["g"])
	}
}

func TestCutBoxWithInputs(t *testing.T) {
	d, interp := chain(t)
	point := stochastic.Point(typeY, 2)
	cut, in, err := intervention.CutState(d, interp, "g", point)
	if err != nil {
		t.Fatal(err)
	}
	joint, err := stochastic.Interpret(cut, in)
	if err != nil {
		t.Fatal(err)
	}
	// X keeps its distribution and Y is 2 whatever X is.
	want := []float64{0, 0, 0.9, 0, 0, 0.1}
	if !closeRows(joint, want, tol) {
		t.Errorf("joint after do(Y=2) = %v, want %v", joint, want)
	}
}

func TestCutErrors(t *testing.T) {
	d, _ := chain(t)
	tests := []struct {
		name  string
		box   string
		state diagram.Diagram
		want  string
	}{
		{"missing box", "h", diagram.Uniform(typeX), `no box named "h" (boxes: "f", "g")`},
		{"state with inputs", "f", diagram.Id(typeX), "the state has inputs (X), want none"},
		{"wrong output type", "f", diagram.Uniform(typeY), "the state has outputs (Y), want (X)"},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			_, err := intervention.Cut(d, test.box, test.state)
			if err == nil || !strings.Contains(err.Error(), test.want) {
				t.Errorf("Cut error = %v, want it to contain %q", err, test.want)
			}
		})
	}
}

func TestReadChannelZeroState(t *testing.T) {
	d, interp := chain(t)
	cut, in, err := intervention.CutState(d, interp, "f", stochastic.Point(typeX, 1))
	if err != nil {
		t.Fatal(err)
	}
	_, err = intervention.ReadChannel(cut, in, []int{0}, []int{1})
	if err == nil || !strings.Contains(err.Error(), "X=0 probability 0") {
		t.Errorf("ReadChannel with a point cut state: error %v, want one naming X=0", err)
	}
}

// drawDistinct draws k distinct variables of m, excluding those in skip.
func drawDistinct(t *rapid.T, m *scm.Model, k int, skip []int, label string) []int {
	var pool []int
	for v := 0; v < m.NumVars(); v++ {
		if !slices.Contains(skip, v) {
			pool = append(pool, v)
		}
	}
	perm := rapid.Permutation(pool).Draw(t, label)
	return perm[:min(k, len(perm))]
}

func TestChannelRoutesAgree(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := randomModel(t, rapid.IntRange(2, 5).Draw(t, "n"), false)
		do := drawDistinct(t, m, rapid.IntRange(1, 2).Draw(t, "ndo"), nil, "do")
		targets := drawDistinct(t, m, 2, do, "targets")
		if len(targets) == 0 {
			t.Skip("no variable left for a target")
		}

		bySurgery, err := intervention.Channel(m, do, targets)
		if err != nil {
			t.Fatal(err)
		}
		byDiagram, err := intervention.ChannelByDisintegration(m, do, targets)
		if err != nil {
			t.Fatal(err)
		}
		if !stochastic.EqualApprox(bySurgery, byDiagram, tol) {
			t.Fatalf("Channel = %v, ChannelByDisintegration = %v", bySurgery, byDiagram)
		}
		for row := 0; row < bySurgery.Rows(); row++ {
			assign := assignment(m, do, row)
			want, _ := truncated(m, assign, targets, nil)
			if !closeSlice(bySurgery.Row(row), want, tol) {
				t.Fatalf("row %d = %v, truncated factorisation gives %v", row, bySurgery.Row(row), want)
			}
		}
	})
}

// assignment maps the do variables to the states of big-endian row index
// row.
func assignment(m *scm.Model, do []int, row int) map[int]int {
	assign := make(map[int]int, len(do))
	for k := len(do) - 1; k >= 0; k-- {
		n := m.Type(do[k]).Size()
		assign[do[k]] = row % n
		row /= n
	}
	return assign
}

func closeSlice(got, want []float64, tol float64) bool {
	return slices.EqualFunc(got, want, func(a, b float64) bool { return math.Abs(a-b) <= tol })
}

// cutModelDiagram returns the network diagram of m with the box of x cut by
// state, and the positions of x and of y among its outputs.
func cutModelDiagram(t *rapid.T, m *scm.Model, x, y int, state *stochastic.Channel) (diagram.Diagram, stochastic.Interpretation, int, int) {
	d, interp := m.NetworkDiagram()
	cut, in, err := intervention.CutState(d, interp, m.Type(x).Name, state)
	if err != nil {
		t.Fatal(err)
	}
	out := cut.Out()
	px := slices.IndexFunc(out, func(u diagram.Type) bool { return u.Name == m.Type(x).Name })
	py := slices.IndexFunc(out, func(u diagram.Type) bool { return u.Name == m.Type(y).Name })
	return cut, in, px, py
}

func TestCutStateDoesNotMatter(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := randomModel(t, rapid.IntRange(2, 5).Draw(t, "n"), false)
		vs := drawDistinct(t, m, 2, nil, "xy")
		x, y := vs[0], vs[1]
		p := randomTable(t, "state", 1, m.Type(x).Size(), false)
		state, err := stochastic.NewState([]diagram.Type{m.Type(x)}, p)
		if err != nil {
			t.Fatal(err)
		}

		cut, in, px, py := cutModelDiagram(t, m, x, y, state)
		got, err := intervention.ReadChannel(cut, in, []int{px}, []int{py})
		if err != nil {
			t.Fatal(err)
		}
		want, err := intervention.ChannelByDisintegration(m, []int{x}, []int{y})
		if err != nil {
			t.Fatal(err)
		}
		if !stochastic.EqualApprox(got, want, tol) {
			t.Fatalf("cut with state %v gives %v, uniform cut gives %v", p, got, want)
		}
	})
}

func TestDoIsChannelAtPoint(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := randomModel(t, rapid.IntRange(2, 5).Draw(t, "n"), false)
		vs := drawDistinct(t, m, 2, nil, "xy")
		x, y := vs[0], vs[1]
		state := rapid.IntRange(0, m.Type(x).Size()-1).Draw(t, "x")
		channel, err := intervention.Channel(m, []int{x}, []int{y})
		if err != nil {
			t.Fatal(err)
		}
		want := channel.Row(state)

		// Surgery on the diagram with the point state.
		cut, in, _, py := cutModelDiagram(t, m, x, y, stochastic.Point(m.Type(x), state))
		joint, err := stochastic.Interpret(cut, in)
		if err != nil {
			t.Fatal(err)
		}
		if got := joint.Marginal([]int{py}).Row(0); !closeSlice(got, want, tol) {
			t.Fatalf("cut with point state %d gives %v, channel row gives %v", state, got, want)
		}

		// Surgery on the model.
		mutilated, err := intervention.Do(m, map[int]int{x: state})
		if err != nil {
			t.Fatal(err)
		}
		post, err := mutilated.Posterior([]int{y}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := post.Row(0); !closeSlice(got, want, tol) {
			t.Fatalf("Do then Posterior gives %v, channel row gives %v", got, want)
		}
	})
}

func TestCutsCommute(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := randomModel(t, rapid.IntRange(3, 5).Draw(t, "n"), false)
		vs := drawDistinct(t, m, 2, nil, "cut")
		a, b := m.Type(vs[0]), m.Type(vs[1])
		d, interp := m.NetworkDiagram()

		ab, err := intervention.CutUniform(d, a.Name, b.Name)
		if err != nil {
			t.Fatal(err)
		}
		ba, err := intervention.CutUniform(d, b.Name, a.Name)
		if err != nil {
			t.Fatal(err)
		}
		if !diagram.Equal(ab, ba) {
			t.Fatalf("cutting %s then %s:\n%v\ndiffers from cutting %s then %s:\n%v", a.Name, b.Name, ab, b.Name, a.Name, ba)
		}

		sa := stochastic.Point(a, rapid.IntRange(0, a.Size()-1).Draw(t, "a"))
		sb := stochastic.Point(b, rapid.IntRange(0, b.Size()-1).Draw(t, "b"))
		first, firstIn := cutTwice(t, d, interp, a.Name, sa, b.Name, sb)
		second, secondIn := cutTwice(t, d, interp, b.Name, sb, a.Name, sa)
		p, err := stochastic.Interpret(first, firstIn)
		if err != nil {
			t.Fatal(err)
		}
		q, err := stochastic.Interpret(second, secondIn)
		if err != nil {
			t.Fatal(err)
		}
		if !stochastic.EqualApprox(p, q, tol) {
			t.Fatalf("do(%s) then do(%s) gives %v, the other order %v", a.Name, b.Name, p, q)
		}
	})
}

func cutTwice(t *rapid.T, d diagram.Diagram, in stochastic.Interpretation, a string, sa *stochastic.Channel, b string, sb *stochastic.Channel) (diagram.Diagram, stochastic.Interpretation) {
	d, in, err := intervention.CutState(d, in, a, sa)
	if err != nil {
		t.Fatal(err)
	}
	d, in, err = intervention.CutState(d, in, b, sb)
	if err != nil {
		t.Fatal(err)
	}
	return d, in
}

// randomQuery draws a query on m with 1 or 2 targets, up to 2 interventions
// and up to 2 evidence variables, each with or without a value, and returns
// it with the resolved indices: the variables without a value in free and
// given.
func randomQuery(t *rapid.T, m *scm.Model) (q *scm.Query, targets, free, given []int, fixed, evidence map[int]int) {
	targets = drawDistinct(t, m, rapid.IntRange(1, 2).Draw(t, "ntargets"), nil, "targets")
	do := drawDistinct(t, m, rapid.IntRange(0, 2).Draw(t, "ndo"), nil, "do")
	observed := drawDistinct(t, m, rapid.IntRange(0, 2).Draw(t, "nevidence"), do, "evidence")
	q = &scm.Query{}
	fixed, evidence = make(map[int]int), make(map[int]int)
	for _, v := range targets {
		q.Targets = append(q.Targets, scm.Term{Var: m.Type(v).Name})
	}
	for _, v := range do {
		term := scm.Term{Var: m.Type(v).Name}
		if rapid.Bool().Draw(t, "hasValue") {
			s := rapid.IntRange(0, m.Type(v).Size()-1).Draw(t, "doState")
			term.Value, term.HasValue = m.Type(v).States[s], true
			fixed[v] = s
		} else {
			free = append(free, v)
		}
		q.Do = append(q.Do, term)
	}
	for _, v := range observed {
		if !rapid.Bool().Draw(t, "evidenceHasValue") {
			given = append(given, v)
			q.Evidence = append(q.Evidence, scm.Term{Var: m.Type(v).Name})
			continue
		}
		s := rapid.IntRange(0, m.Type(v).Size()-1).Draw(t, "evidenceState")
		evidence[v] = s
		q.Evidence = append(q.Evidence, scm.Term{Var: m.Type(v).Name, Value: m.Type(v).States[s], HasValue: true})
	}
	return q, targets, free, given, fixed, evidence
}

func TestQueryMatchesTruncatedFactorisation(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := randomModel(t, rapid.IntRange(2, 5).Draw(t, "n"), true)
		q, targets, free, given, fixed, evidence := randomQuery(t, m)

		answer, err := intervention.Query(m, q)

		// The brute force covers every row; a row with impossible evidence
		// must make Query fail.
		want, possible := truncatedRows(m, targets, free, given, fixed, evidence)
		if !possible {
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
			t.Fatalf("Query(%v) = %v, truncated factorisation gives %v", q, answer.Channel, want)
		}
	})
}

// smallModel returns the model Z -> X -> Y, Z -> Y with binary variables.
func smallModel(t *testing.T) *scm.Model {
	t.Helper()
	b := scm.NewBuilder()
	for _, name := range []string{"Z", "X", "Y"} {
		if err := b.AddVariable(name, "0", "1"); err != nil {
			t.Fatal(err)
		}
	}
	tables := []struct {
		child   string
		parents []string
		table   []float64
	}{
		{"Z", nil, []float64{0.6, 0.4}},
		{"X", []string{"Z"}, []float64{0.8, 0.2, 0.3, 0.7}},
		{"Y", []string{"Z", "X"}, []float64{0.9, 0.1, 0.6, 0.4, 0.5, 0.5, 0, 1}},
	}
	for _, tab := range tables {
		if err := b.SetCPT(tab.child, tab.parents, tab.table); err != nil {
			t.Fatal(err)
		}
	}
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestQueryErrors(t *testing.T) {
	m := smallModel(t)
	tests := []struct {
		name, query, want string
		zero              bool
	}{
		{"do and evidence", "P(Y | do(X=1), X=0)", "both intervened on and observed", false},
		{"counterfactual", "P(Y_{X=1}=1 | X=0)", "counterfactual", false},
		{"unknown variable", "P(W | do(X=1))", `"W"`, false},
		{"unknown state", "P(Y | do(X=2))", `"2"`, false},
		{"zero evidence", "P(Z | do(X=1), Z=1, Y=0)", "evidence Z=1, Y=0 has probability 0 in the model mutilated by do(X=1)", true},
		{"zero evidence in one row", "P(Y | do(X), Z=1, Y=0)", "evidence Z=1, Y=0 has probability 0 in the model mutilated by do(X=1)", true},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			q, err := scm.ParseQuery(test.query)
			if err != nil {
				t.Fatal(err)
			}
			_, err = intervention.Query(m, q)
			if err == nil || !strings.Contains(err.Error(), test.want) {
				t.Fatalf("Query(%s) error = %v, want it to contain %q", test.query, err, test.want)
			}
			var zero *stochastic.ZeroProbabilityError
			if got := errors.As(err, &zero); got != test.zero {
				t.Errorf("Query(%s): errors.As(ZeroProbabilityError) = %v, want %v", test.query, got, test.zero)
			}
		})
	}
}

func TestAnswerRows(t *testing.T) {
	m := smallModel(t)
	q, err := scm.ParseQuery("P(Y=1 | do(X))")
	if err != nil {
		t.Fatal(err)
	}
	a, err := intervention.Query(m, q)
	if err != nil {
		t.Fatal(err)
	}
	// P(Y=1 | do(X=x)) = Σ_z P(z) P(Y=1 | z, x).
	want := []intervention.Row{
		{Names: []string{"X", "Y"}, States: []string{"0", "1"}, P: 0.6*0.1 + 0.4*0.5},
		{Names: []string{"X", "Y"}, States: []string{"1", "1"}, P: 0.6*0.4 + 0.4*1},
	}
	got := a.Rows()
	if len(got) != len(want) {
		t.Fatalf("Rows() = %v, want %v", got, want)
	}
	for k := range want {
		if !slices.Equal(got[k].Names, want[k].Names) || !slices.Equal(got[k].States, want[k].States) || math.Abs(got[k].P-want[k].P) > tol {
			t.Errorf("row %d = %v, want %v", k, got[k], want[k])
		}
	}
}

func TestSoftIntervention(t *testing.T) {
	m := smallModel(t)
	z, _ := m.Index("Z")
	x, _ := m.Index("X")
	y, _ := m.Index("Y")

	// A point state without parents is do(X=1).
	soft, err := intervention.Soft(m, x, nil, stochastic.Point(m.Type(x), 1))
	if err != nil {
		t.Fatal(err)
	}
	hard, err := intervention.Do(m, map[int]int{x: 1})
	if err != nil {
		t.Fatal(err)
	}
	p, err := soft.Posterior([]int{y}, nil)
	if err != nil {
		t.Fatal(err)
	}
	q, err := hard.Posterior([]int{y}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !stochastic.EqualApprox(p, q, tol) {
		t.Errorf("soft point intervention gives %v, do(X=1) gives %v", p, q)
	}

	// X copies Z: P(Y=1) = Σ_z P(z) P(Y=1 | z, x=z).
	copyZ, err := stochastic.New([]diagram.Type{m.Type(z)}, []diagram.Type{m.Type(x)}, []float64{1, 0, 0, 1})
	if err != nil {
		t.Fatal(err)
	}
	soft, err = intervention.Soft(m, x, []int{z}, copyZ)
	if err != nil {
		t.Fatal(err)
	}
	p, err = soft.Posterior([]int{y}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := 0.6*0.1 + 0.4*1; math.Abs(p.At(0, 1)-want) > tol {
		t.Errorf("P(Y=1) with X := Z is %v, want %v", p.At(0, 1), want)
	}

	// A mechanism for Z from Y closes the cycle Z -> X -> Y -> Z.
	fromY, err := stochastic.New([]diagram.Type{m.Type(y)}, []diagram.Type{m.Type(z)}, []float64{1, 0, 0, 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := intervention.Soft(m, z, []int{y}, fromY); err == nil {
		t.Error("Soft closing a cycle returned no error")
	}
}

// networkPath is the folder of the benchmark networks, relative to this
// package's directory.
const networkPath = "../../shared/data/networks"

func TestQueryAsia(t *testing.T) {
	path := filepath.Join(networkPath, "asia.bif")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("asia network not available: %v", err)
	}
	m, err := scm.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	q, err := scm.ParseQuery("P(dysp, xray | do(smoke=yes), asia=no)")
	if err != nil {
		t.Fatal(err)
	}
	a, err := intervention.Query(m, q)
	if err != nil {
		t.Fatal(err)
	}

	dysp, _ := m.Index("dysp")
	xray, _ := m.Index("xray")
	smoke, _ := m.Index("smoke")
	asia, _ := m.Index("asia")
	yes, _ := m.Type(smoke).Index("yes")
	no, _ := m.Type(asia).Index("no")
	want, ok := truncated(m, map[int]int{smoke: yes}, []int{dysp, xray}, map[int]int{asia: no})
	if !ok {
		t.Fatal("truncated factorisation: evidence asia=no has probability 0")
	}
	if !closeRows(a.Channel, want, tol) {
		t.Errorf("Query(%v) = %v, truncated factorisation gives %v", q, a.Channel, want)
	}
}
