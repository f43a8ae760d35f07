package intervention

import (
	"errors"
	"fmt"
	"slices"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

// Answer is the result of an interventional query P(targets | do(...),
// evidence): a channel to the targets from the do-variables and the
// evidence variables that the query gives without a value. When every
// do-variable and evidence variable has a value, the channel is a state on
// the targets.
type Answer struct {
	// Do lists the types of the do-variables without a value, the first
	// inputs of Channel.
	Do []diagram.Type

	// Given lists the types of the evidence variables without a value, the
	// inputs of Channel after Do.
	Given []diagram.Type

	// Targets lists the types of the target variables, the outputs of
	// Channel.
	Targets []diagram.Type

	// TargetStates contains, for each target, the state index that the
	// query fixes, or -1 when the query gives the target no value.
	TargetStates []int

	// Channel is P(targets | do(...), evidence) computed on the mutilated
	// model, one row per configuration of Do and Given.
	Channel *stochastic.Channel
}

// Row is one probability of an answer: an assignment of states to the
// inputs and the targets of the answer's channel, and its probability.
type Row struct {
	// Names lists the variables of the assignment: the answer's Do, then
	// Given, then Targets.
	Names []string

	// States contains the state label of each variable in Names.
	States []string

	// P is the probability of the targets' states given the inputs' states
	// and the evidence.
	P float64
}

// Rows returns the probabilities of the answer, one per configuration of
// the inputs and of the targets, in big-endian order, keeping only the
// target states that the query fixes.
func (a *Answer) Rows() []Row {
	inputs := slices.Concat(a.Do, a.Given)
	names := make([]string, 0, len(inputs)+len(a.Targets))
	for _, t := range slices.Concat(inputs, a.Targets) {
		names = append(names, t.Name)
	}
	var rows []Row
	for i := 0; i < a.Channel.Rows(); i++ {
		inputStates := unravel(inputs, i)
		for j := 0; j < a.Channel.Cols(); j++ {
			targetStates := unravel(a.Targets, j)
			if !a.matches(targetStates) {
				continue
			}
			states := make([]string, 0, len(names))
			for k, t := range inputs {
				states = append(states, t.States[inputStates[k]])
			}
			for k, t := range a.Targets {
				states = append(states, t.States[targetStates[k]])
			}
			rows = append(rows, Row{Names: names, States: states, P: a.Channel.At(i, j)})
		}
	}
	return rows
}

// matches reports whether the target states agree with every state the
// query fixes.
func (a *Answer) matches(states []int) bool {
	for k, s := range a.TargetStates {
		if s >= 0 && states[k] != s {
			return false
		}
	}
	return true
}

// Query computes P(targets | do(...), evidence) for q on the model m
// mutilated by the interventions of q: do-variables with a value are set by
// Do, and the answer has one row per configuration of the do-variables and
// evidence variables without a value. Evidence may be on any variable that
// is not intervened on, including ancestors of the do-variables and
// descendants of the targets. A target may also be a do-variable or an
// evidence variable, and any variable may be latent in m.
//
// Query returns an error for a counterfactual query, for unknown variables
// or states (listing the valid ones), for a variable repeated within the
// targets, the interventions or the evidence, for a variable that is both
// intervened on and observed, and, wrapping a
// *stochastic.ZeroProbabilityError, for evidence of probability zero in the
// mutilated model, in any row of the answer.
func Query(m *scm.Model, q *scm.Query) (*Answer, error) {
	if q == nil {
		return nil, errors.New("intervention: nil query")
	}
	if q.IsCounterfactual() {
		return nil, fmt.Errorf("intervention: %s is a counterfactual query; package counterfactual computes it", q)
	}
	if err := q.Check(m); err != nil {
		return nil, err
	}
	r, err := resolve(m, q)
	if err != nil {
		return nil, err
	}

	c, err := interventional(m, r)
	if err != nil {
		return nil, err
	}
	return &Answer{
		Do:           m.Types(r.free),
		Given:        m.Types(r.given),
		Targets:      m.Types(r.targets),
		TargetStates: r.targetStates,
		Channel:      c,
	}, nil
}

// resolved is a query with its names resolved to variable and state
// indices of a model.
type resolved struct {
	targets      []int
	targetStates []int
	fixed        map[int]int // do-variables with a value
	free         []int       // do-variables without a value, in query order
	given        []int       // evidence variables without a value, in query order
	evidence     map[int]int // evidence variables with a value
}

// resolve looks up the variables and states of q in m. It rejects a
// variable repeated within the targets, the interventions or the evidence,
// and a variable that is both intervened on and observed. A target may also
// be intervened on or observed.
func resolve(m *scm.Model, q *scm.Query) (*resolved, error) {
	r := &resolved{fixed: make(map[int]int), evidence: make(map[int]int)}
	if len(q.Targets) == 0 {
		return nil, errors.New("intervention: the query has no target variable")
	}
	isTarget, isDo, isEvidence := make(map[int]bool), make(map[int]bool), make(map[int]bool)
	for _, t := range q.Targets {
		v, s, err := lookup(m, t)
		if err != nil {
			return nil, err
		}
		if isTarget[v] {
			return nil, fmt.Errorf("intervention: %s appears twice among the targets", t.Var)
		}
		isTarget[v] = true
		r.targets = append(r.targets, v)
		r.targetStates = append(r.targetStates, s)
	}
	for _, t := range q.Do {
		v, s, err := lookup(m, t)
		if err != nil {
			return nil, err
		}
		if isDo[v] {
			return nil, fmt.Errorf("intervention: %s appears twice in do(...)", t.Var)
		}
		isDo[v] = true
		if s < 0 {
			r.free = append(r.free, v)
		} else {
			r.fixed[v] = s
		}
	}
	for _, t := range q.Evidence {
		v, s, err := lookup(m, t)
		if err != nil {
			return nil, err
		}
		switch {
		case isDo[v]:
			return nil, fmt.Errorf("intervention: %s is both intervened on and observed; remove it from do(...) or from the evidence", t.Var)
		case isEvidence[v]:
			return nil, fmt.Errorf("intervention: %s appears twice in the evidence", t.Var)
		}
		isEvidence[v] = true
		if s < 0 {
			r.given = append(r.given, v)
		} else {
			r.evidence[v] = s
		}
	}
	return r, nil
}

// lookup returns the variable of t and the index of its state, or -1 when
// t has no value.
func lookup(m *scm.Model, t scm.Term) (v, state int, err error) {
	v, ok := m.Index(t.Var)
	if !ok {
		return 0, 0, fmt.Errorf("intervention: unknown variable %q", t.Var)
	}
	if !t.HasValue {
		return v, -1, nil
	}
	state, ok = m.Type(v).Index(t.Value)
	if !ok {
		return 0, 0, fmt.Errorf("intervention: unknown state %q of %s (valid: %v)", t.Value, t.Var, m.Type(v).States)
	}
	return v, state, nil
}
