package counterfactual

import (
	"fmt"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

// MaxAbductionEntries is the largest matrix, in entries, that
// AbductionActionPrediction forms: the joint configurations of the
// exogenous variables involved times the joint states of the targets.
const MaxAbductionEntries = 1 << 24

// AbductionActionPrediction evaluates the counterfactual query q in the three
// steps of Pearl's method, on the joint distribution of the exogenous
// variables that the query depends on:
//
//   - abduction: the posterior over those exogenous variables given the
//     evidence, by Bayesian inversion of the deterministic channel that tests
//     the evidence in every world;
//   - action: surgery in each world, which sets each intervened variable to
//     its value in place of its mechanism;
//   - prediction: the push-forward of the posterior through the
//     deterministic channel that computes the targets in their worlds.
//
// The result equals that of Query. It is the reference route: it forms the
// joint over the exogenous variables, so its cost grows with the product of
// their sizes, and it returns an error when a matrix would exceed
// MaxAbductionEntries.
func (m *Model) AbductionActionPrediction(q *scm.Query) (*Answer, error) {
	p, err := compile(m, q)
	if err != nil {
		return nil, err
	}
	return m.abduction(p)
}

func (m *Model) abduction(p *plan) (*Answer, error) {
	us := m.exogenousOf(p)
	uts := make([]diagram.Type, len(us))
	priors := make([]*stochastic.Channel, len(us))
	for k, u := range us {
		uts[k] = m.types[u]
		priors[k] = m.Channel(u)
	}
	vars := p.vars(m)
	tts := make([]diagram.Type, len(vars))
	for k, v := range vars {
		tts[k] = v.Type
	}
	if n, t := sizeOf(uts), sizeOf(tts); n > MaxAbductionEntries/max(t, 2) {
		return nil, fmt.Errorf("counterfactual: abduction needs a %d x %d matrix over the exogenous variables %s, more than %d entries",
			n, t, list(typeNames(uts)), MaxAbductionEntries)
	}

	eval := m.evaluator(us, p)
	posterior := stochastic.Tensor(priors...)
	if len(p.evidence) > 0 {
		test, err := stochastic.FromFunc(uts, []diagram.Type{EvidenceType}, func(u []int) []int {
			for _, e := range p.evidence {
				if eval(u, e.w)[e.v] != e.value {
					return []int{0}
				}
			}
			return []int{1}
		})
		if err != nil {
			return nil, err
		}
		if stochastic.Then(posterior, test).At(0, 1) <= 0 {
			return nil, p.zeroEvidence(m)
		}
		inverse, err := stochastic.BayesInvert(test, posterior)
		if err != nil {
			return nil, err
		}
		posterior = rowState(inverse, 1)
	}

	predict, err := stochastic.FromFunc(uts, tts, func(u []int) []int {
		out := make([]int, len(p.targets))
		for k, t := range p.targets {
			out[k] = eval(u, t.w)[t.v]
		}
		return out
	})
	if err != nil {
		return nil, err
	}
	return answerFromState(vars, p, stochastic.Then(posterior, predict), MethodAbduction), nil
}

// exogenousOf returns the exogenous ancestors of the variables of p.
func (m *Model) exogenousOf(p *plan) []int {
	an := m.ancestors()
	need := make([]bool, len(m.types))
	for _, ts := range [][]cfTerm{p.targets, p.evidence} {
		for _, t := range ts {
			for j, ok := range an[t.v] {
				need[j] = need[j] || ok
			}
		}
	}
	var us []int
	for i, ok := range need {
		if ok && m.IsExogenous(i) {
			us = append(us, i)
		}
	}
	return us
}

// evaluator returns a function that computes every variable in world w
// from the states u of the exogenous variables us. Exogenous variables not
// in us are taken at state 0, so only the ancestors of the plan's variables
// have meaningful values. The returned slice is reused between calls.
func (m *Model) evaluator(us []int, p *plan) func(u []int, w int) []int {
	values := make([]int, len(m.types))
	given := make([]int, len(m.types))
	for i := range given {
		given[i] = -1
	}
	return func(u []int, w int) []int {
		for k, v := range us {
			given[v] = u[k]
		}
		forced := make(map[int]int, len(p.worlds[w]))
		for _, s := range p.worlds[w] {
			forced[s.v] = s.s
		}
		x := make([]int, 0, 8)
		for i := range m.types {
			if s, ok := forced[i]; ok {
				values[i] = s
				continue
			}
			if m.IsExogenous(i) {
				values[i] = max(given[i], 0)
				continue
			}
			x = x[:0]
			for _, par := range m.parents[i] {
				x = append(x, values[par])
			}
			values[i] = m.table[i][stochastic.JointIndex(m.parentTypes(i), x)]
		}
		return values
	}
}

func sizeOf(ts []diagram.Type) int {
	n := 1
	for _, t := range ts {
		if n > 1<<40 {
			return n
		}
		n *= t.Size()
	}
	return n
}

func typeNames(ts []diagram.Type) []string {
	out := make([]string, len(ts))
	for k, t := range ts {
		out[k] = t.Name
	}
	return out
}
