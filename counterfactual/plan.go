package counterfactual

import (
	"fmt"
	"slices"
	"strings"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

// Var is a counterfactual variable: a model variable in one world, such as
// Y_{X=1}, the value Y would have had if X had been 1.
type Var struct {
	// Name is the variable as the query wrote it, without spaces: "Y_{X=1}",
	// or "Y" in the factual world.
	Name string
	// Type is the type of the model variable.
	Type diagram.Type
	// Do lists the interventions of the variable's world, "X=1", including
	// those of a top-level do(...), sorted by variable name.
	Do []string
}

// setting is an intervention v := s.
type setting struct{ v, s int }

// cfVar is model variable v in world w of a plan.
type cfVar struct{ v, w int }

// cfTerm is a counterfactual variable with an optional value (-1 for none).
type cfTerm struct {
	cfVar
	value int
	name  string
}

// plan is a counterfactual query resolved against a model: the worlds it
// mentions and its targets and evidence in those worlds. worlds[0] is the
// factual world; it carries the interventions of a top-level do(...), which
// every world carries.
type plan struct {
	worlds   [][]setting // sorted by variable
	targets  []cfTerm
	evidence []cfTerm
}

// variables is the part of a model that resolves names.
type variables interface {
	NumVars() int
	Index(name string) (int, bool)
	Type(i int) diagram.Type
	Names() []string
}

// ContradictionError reports a counterfactual query that requires one
// counterfactual variable to take two different values, such as Y_{X=1}=1
// and Y_{X=1}=0. Such a query has no meaning as a conditional probability,
// so it is an error rather than 0. A single term that contradicts its own
// world, such as X_{X=1}=0, is not a contradiction: it is an event of
// probability 0, so as a target its probability is 0 and as evidence it is a
// *stochastic.ZeroProbabilityError.
type ContradictionError struct {
	Var    string // the counterfactual variable, "Y_{X=1}"
	Values [2]string
}

// Error returns a message naming the variable and its two values.
func (e *ContradictionError) Error() string {
	return fmt.Sprintf("counterfactual: query requires %s to be both %s and %s; a counterfactual variable takes one value in its world",
		e.Var, e.Values[0], e.Values[1])
}

// compile resolves q against m.
func compile(m variables, q *scm.Query) (*plan, error) {
	if len(q.Targets) == 0 {
		return nil, fmt.Errorf("counterfactual: query %s has no target variable", q)
	}
	top, err := settings(m, q.Do, "do(...)")
	if err != nil {
		return nil, err
	}
	p := &plan{worlds: [][]setting{top}}
	seen := make(map[cfVar]int) // index into all of terms
	var all []cfTerm
	for _, group := range []struct {
		name  string
		terms []scm.Term
		dst   *[]cfTerm
	}{{"target", q.Targets, &p.targets}, {"evidence", q.Evidence, &p.evidence}} {
		for _, t := range group.terms {
			ct, err := p.term(m, t, top)
			if err != nil {
				return nil, err
			}
			if group.name == "evidence" && ct.value < 0 {
				return nil, fmt.Errorf("counterfactual: evidence %s has no value; write %s=<state>, one of %s",
					t.Label(), t.Label(), strings.Join(m.Type(ct.v).States, ", "))
			}
			if k, dup := seen[ct.cfVar]; dup {
				prev := all[k]
				if prev.value >= 0 && ct.value >= 0 && prev.value != ct.value {
					return nil, &ContradictionError{Var: ct.name, Values: [2]string{
						m.Type(ct.v).States[prev.value], m.Type(ct.v).States[ct.value]}}
				}
				if group.name == "target" && k < len(p.targets) {
					return nil, fmt.Errorf("counterfactual: target %s is listed twice", ct.name)
				}
			} else {
				seen[ct.cfVar] = len(all)
			}
			all = append(all, ct)
			*group.dst = append(*group.dst, ct)
		}
	}
	return p, nil
}

// term resolves one target or evidence term, adding its world to p.
func (p *plan) term(m variables, t scm.Term, top []setting) (cfTerm, error) {
	v, err := lookup(m, t.Var)
	if err != nil {
		return cfTerm{}, err
	}
	value := -1
	if t.HasValue {
		if value, err = lookupState(m, v, t.Value); err != nil {
			return cfTerm{}, err
		}
	}
	sub, err := settings(m, t.Do, "subscript of "+t.Label())
	if err != nil {
		return cfTerm{}, err
	}
	world := slices.Clone(top)
	for _, s := range sub {
		k := slices.IndexFunc(world, func(x setting) bool { return x.v == s.v })
		switch {
		case k < 0:
			world = append(world, s)
		case world[k].s != s.s:
			return cfTerm{}, fmt.Errorf("counterfactual: %s sets %s=%s but the query intervenes do(%s=%s); remove one of them",
				t.Label(), m.Type(s.v).Name, m.Type(s.v).States[s.s], m.Type(s.v).Name, m.Type(s.v).States[world[k].s])
		}
	}
	slices.SortFunc(world, func(a, b setting) int { return a.v - b.v })
	w := slices.IndexFunc(p.worlds, func(x []setting) bool { return slices.Equal(x, world) })
	if w < 0 {
		w = len(p.worlds)
		p.worlds = append(p.worlds, world)
	}
	return cfTerm{cfVar: cfVar{v, w}, value: value, name: t.Label()}, nil
}

// settings resolves a list of interventions X=x.
func settings(m variables, ts []scm.Term, where string) ([]setting, error) {
	var out []setting
	for _, t := range ts {
		if !t.HasValue {
			return nil, fmt.Errorf("counterfactual: %s: %s has no value; a counterfactual sets each intervened variable to a state", where, t.Label())
		}
		if len(t.Do) > 0 {
			return nil, fmt.Errorf("counterfactual: %s: %s has a subscript, want a plain variable", where, t.Label())
		}
		v, err := lookup(m, t.Var)
		if err != nil {
			return nil, err
		}
		s, err := lookupState(m, v, t.Value)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(out, func(x setting) bool { return x.v == v }) {
			return nil, fmt.Errorf("counterfactual: %s sets %s twice", where, t.Var)
		}
		out = append(out, setting{v, s})
	}
	slices.SortFunc(out, func(a, b setting) int { return a.v - b.v })
	return out, nil
}

const maxListed = 10

func lookup(m variables, name string) (int, error) {
	v, ok := m.Index(name)
	if !ok {
		return 0, fmt.Errorf("counterfactual: unknown variable %q, want one of %s", name, list(m.Names()))
	}
	return v, nil
}

func lookupState(m variables, v int, state string) (int, error) {
	s, ok := m.Type(v).Index(state)
	if !ok {
		return 0, fmt.Errorf("counterfactual: unknown state %q of %s, want one of %s", state, m.Type(v).Name, list(m.Type(v).States))
	}
	return s, nil
}

func list(names []string) string {
	if len(names) > maxListed {
		return strings.Join(names[:maxListed], ", ") + fmt.Sprintf(" and %d more", len(names)-maxListed)
	}
	return strings.Join(names, ", ")
}

// vars returns the counterfactual variables of the targets.
func (p *plan) vars(m variables) []Var {
	out := make([]Var, len(p.targets))
	for k, t := range p.targets {
		var do []string
		for _, s := range p.worlds[t.w] {
			do = append(do, m.Type(s.v).Name+"="+m.Type(s.v).States[s.s])
		}
		slices.Sort(do)
		out[k] = Var{Name: t.name, Type: m.Type(t.v), Do: do}
	}
	return out
}

// evidenceText writes the evidence as "X=0, Y_{X=1}=1".
func (p *plan) evidenceText(m variables) string {
	parts := make([]string, len(p.evidence))
	for k, e := range p.evidence {
		parts[k] = e.name + "=" + m.Type(e.v).States[e.value]
	}
	return strings.Join(parts, ", ")
}

// zeroEvidence returns the error for evidence of probability zero.
func (p *plan) zeroEvidence(m variables) error {
	return &stochastic.ZeroProbabilityError{Event: p.evidenceText(m)}
}
