package counterfactual_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/markovcat/causal/counterfactual"
	"github.com/markovcat/causal/intervention"
	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

// tol is the tolerance for comparing probabilities computed by different
// routes.
const tol = 1e-9

// genModel draws a small functional model: one to three exogenous
// variables, then one to four endogenous variables, each a random function
// of up to three earlier variables. Priors may contain zeros, so some
// evidence is impossible.
func genModel(t *rapid.T) *counterfactual.Model {
	b := counterfactual.NewBuilder()
	var names []string
	var sizes []int
	nu := rapid.IntRange(1, 3).Draw(t, "exogenous")
	nv := rapid.IntRange(1, 4).Draw(t, "endogenous")
	for i := range nu + nv {
		size := rapid.IntRange(2, 3).Draw(t, "size")
		states := make([]string, size)
		for s := range states {
			states[s] = fmt.Sprint(s)
		}
		name := fmt.Sprintf("V%d", i)
		if i < nu {
			name = fmt.Sprintf("U%d", i)
			w := rapid.SliceOfN(rapid.IntRange(0, 4), size, size).Draw(t, "weights")
			w[rapid.IntRange(0, size-1).Draw(t, "nonzero")]++
			sum := 0
			for _, x := range w {
				sum += x
			}
			prior := make([]float64, size)
			for s, x := range w {
				prior[s] = float64(x) / float64(sum)
			}
			if err := b.AddExogenous(name, states, prior); err != nil {
				t.Fatal(err)
			}
		} else {
			idx := rapid.SliceOfNDistinct(rapid.IntRange(0, i-1), 1, min(3, i), rapid.ID[int]).Draw(t, "parents")
			var parents []string
			configs := 1
			for _, p := range idx {
				parents = append(parents, names[p])
				configs *= sizes[p]
			}
			table := rapid.SliceOfN(rapid.IntRange(0, size-1), configs, configs).Draw(t, "table")
			psizes := make([]int, len(idx))
			for k, p := range idx {
				psizes[k] = sizes[p]
			}
			f := func(x []int) int {
				r := 0
				for k, s := range x {
					r = r*psizes[k] + s
				}
				return table[r]
			}
			if err := b.AddFunction(name, states, parents, f); err != nil {
				t.Fatal(err)
			}
		}
		names = append(names, name)
		sizes = append(sizes, size)
	}
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// genQuery draws a counterfactual query on m over up to three worlds.
func genQuery(t *rapid.T, m *counterfactual.Model) *scm.Query {
	state := func(v int, label string) string {
		ty := m.Type(v)
		return ty.States[rapid.IntRange(0, ty.Size()-1).Draw(t, label)]
	}
	worlds := [][]scm.Term{nil}
	for range rapid.IntRange(0, 2).Draw(t, "hypothetical worlds") {
		vs := rapid.SliceOfNDistinct(rapid.IntRange(0, m.NumVars()-1), 1, 2, rapid.ID[int]).Draw(t, "intervened")
		var do []scm.Term
		for _, v := range vs {
			do = append(do, scm.Term{Var: m.Type(v).Name, Value: state(v, "do state"), HasValue: true})
		}
		worlds = append(worlds, do)
	}
	term := func(withValue bool) scm.Term {
		v := rapid.IntRange(0, m.NumVars()-1).Draw(t, "variable")
		w := rapid.IntRange(0, len(worlds)-1).Draw(t, "world")
		tm := scm.Term{Var: m.Type(v).Name, Do: worlds[w]}
		if withValue {
			tm.Value, tm.HasValue = state(v, "value"), true
		}
		return tm
	}
	q := &scm.Query{}
	for range rapid.IntRange(1, 2).Draw(t, "targets") {
		q.Targets = append(q.Targets, term(rapid.Bool().Draw(t, "target has value")))
	}
	for range rapid.IntRange(0, 3).Draw(t, "evidence") {
		q.Evidence = append(q.Evidence, term(true))
	}
	return q
}

// bruteForce computes the joint distribution of the targets of q given its
// evidence by enumerating every configuration of the exogenous variables
// and evaluating each world's mechanisms directly. The result is keyed by
// the targets' states joined with commas; pe is the probability of the
// evidence.
func bruteForce(m *counterfactual.Model, q *scm.Query) (dist map[string]float64, pe float64) {
	us := m.Exogenous()
	u := make([]int, len(us))
	dist = make(map[string]float64)
	for {
		pu := 1.0
		for k, v := range us {
			pu *= m.Prior(v)[u[k]]
		}
		world := func(do []scm.Term) []int {
			x := make([]int, m.NumVars())
			forced := make(map[int]int)
			for _, d := range append(append([]scm.Term(nil), q.Do...), do...) {
				v, _ := m.Index(d.Var)
				forced[v], _ = m.Type(v).Index(d.Value)
			}
			k := 0
			for i := range m.NumVars() {
				switch s, ok := forced[i]; {
				case ok:
					x[i] = s
				case m.IsExogenous(i):
					x[i] = u[k]
				default:
					var ps []int
					for _, p := range m.Parents(i) {
						ps = append(ps, x[p])
					}
					x[i] = m.Mechanism(i, ps)
				}
				if m.IsExogenous(i) {
					k++
				}
			}
			return x
		}
		value := func(tm scm.Term) int {
			v, _ := m.Index(tm.Var)
			return world(tm.Do)[v]
		}
		ok := true
		for _, e := range q.Evidence {
			v, _ := m.Index(e.Var)
			s, _ := m.Type(v).Index(e.Value)
			ok = ok && value(e) == s
		}
		if ok && pu > 0 {
			pe += pu
			var key []string
			match := true
			for _, tm := range q.Targets {
				v, _ := m.Index(tm.Var)
				s := value(tm)
				key = append(key, m.Type(v).States[s])
				match = match && (!tm.HasValue || tm.Value == m.Type(v).States[s])
			}
			if match {
				dist[strings.Join(key, ",")] += pu
			}
		}
		// Next configuration, last exogenous variable fastest.
		k := len(us) - 1
		for ; k >= 0; k-- {
			u[k]++
			if u[k] < m.Type(us[k]).Size() {
				break
			}
			u[k] = 0
		}
		if k < 0 {
			break
		}
	}
	for key := range dist {
		dist[key] /= pe
	}
	return dist, pe
}

func rowKey(a *counterfactual.Answer, r counterfactual.Row) string {
	var key []string
	for k, s := range r.States {
		key = append(key, a.Targets[k].Type.States[s])
	}
	return strings.Join(key, ",")
}

// checkAgainst compares an exact answer with the brute-force distribution.
func checkAgainst(t *rapid.T, route string, a *counterfactual.Answer, want map[string]float64) {
	seen := 0
	for _, r := range a.Rows {
		key := rowKey(a, r)
		if math.Abs(r.Lower-want[key]) > tol || r.Lower != r.Upper {
			t.Fatalf("%s: row %s is %v, want %v", route, key, r.Estimate, want[key])
		}
		if want[key] > 0 {
			seen++
		}
	}
	if seen != len(want) {
		t.Fatalf("%s: %d rows with positive probability, want %d (%v)", route, seen, len(want), want)
	}
}

func TestTwinAbductionBruteForce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := genModel(t)
		q := genQuery(t, m)
		twin, errTwin := m.Query(q)
		aap, errAAP := m.AbductionActionPrediction(q)
		var zero *stochastic.ZeroProbabilityError
		if errTwin != nil && !errors.As(errTwin, &zero) {
			// An invalid query (a contradiction, a target listed twice) is
			// rejected the same way by both routes.
			if errAAP == nil || errAAP.Error() != errTwin.Error() {
				t.Fatalf("twin error %v, abduction error %v, want the same error", errTwin, errAAP)
			}
			return
		}
		want, pe := bruteForce(m, q)
		if pe == 0 {
			if !errors.As(errTwin, &zero) || !errors.As(errAAP, &zero) {
				t.Fatalf("evidence has probability 0: twin error %v, abduction error %v, want *stochastic.ZeroProbabilityError", errTwin, errAAP)
			}
			return
		}
		if errTwin != nil || errAAP != nil {
			t.Fatalf("query %s: twin error %v, abduction error %v", q, errTwin, errAAP)
		}
		checkAgainst(t, "twin", twin, want)
		checkAgainst(t, "abduction", aap, want)
	})
}

// TestConsistency checks the consistency rule: among units with X=x, Y_x
// equals Y; and that P(Y_x) is the interventional P(Y | do(X=x)).
func TestConsistency(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := genModel(t)
		x := rapid.IntRange(0, m.NumVars()-1).Draw(t, "X")
		y := rapid.IntRange(0, m.NumVars()-1).Filter(func(y int) bool { return y != x }).Draw(t, "Y")
		xs := rapid.IntRange(0, m.Type(x).Size()-1).Draw(t, "x")
		xt, yt := m.Type(x), m.Type(y)
		do := []scm.Term{{Var: xt.Name, Value: xt.States[xs], HasValue: true}}
		sm, err := m.SCM()
		if err != nil {
			t.Fatal(err)
		}
		sx, _ := sm.Index(xt.Name)
		sy, _ := sm.Index(yt.Name)

		// P(Y_x = y, Y = y' | X = x) is zero unless y = y'.
		q := &scm.Query{
			Targets:  []scm.Term{{Var: yt.Name, Do: do}, {Var: yt.Name}},
			Evidence: []scm.Term{do[0]},
		}
		a, err := m.Query(q)
		var zero *stochastic.ZeroProbabilityError
		switch {
		case errors.As(err, &zero):
		case err != nil:
			t.Fatal(err)
		default:
			for _, r := range a.Rows {
				if r.States[0] != r.States[1] && r.Lower > tol {
					t.Fatalf("P(%s=%d, %s=%d | %s) = %v, want 0", a.Targets[0].Name, r.States[0], yt.Name, r.States[1], do[0], r.Lower)
				}
			}
		}

		// P(Y_x) = P(Y | do(X=x)).
		a, err = m.Query(&scm.Query{Targets: []scm.Term{{Var: yt.Name, Do: do}}})
		if err != nil {
			t.Fatal(err)
		}
		ch, err := intervention.Channel(sm, []int{sx}, []int{sy})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range a.Rows {
			if want := ch.At(xs, r.States[0]); math.Abs(r.Lower-want) > tol {
				t.Fatalf("P(%s=%d) = %v, want P(%s | do(%s)) = %v", a.Targets[0].Name, r.States[0], r.Lower, yt.Name, do[0], want)
			}
		}
	})
}
