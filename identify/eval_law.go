package identify

import (
	"fmt"
	"strings"

	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

// Joint is a Law given by the joint table of the observed variables, such as
// the empirical distribution of a data set.
type Joint struct {
	state *stochastic.Channel
	index map[string]int
}

// NewJoint returns the law whose joint distribution is state, a channel with
// no inputs over the observed variables. The names of its output types are
// the variable names.
func NewJoint(state *stochastic.Channel) (*Joint, error) {
	if state.Rows() != 1 || len(state.In()) != 0 {
		return nil, fmt.Errorf("identify: joint distribution must be a state with no inputs, got a channel with %d inputs", len(state.In()))
	}
	j := &Joint{state: state, index: make(map[string]int)}
	for i, t := range state.Out() {
		if _, ok := j.index[t.Name]; ok {
			return nil, fmt.Errorf("identify: joint distribution has two variables named %s", quoteName(t.Name))
		}
		j.index[t.Name] = i
	}
	return j, nil
}

// Marginal returns the marginal of the named variables.
func (j *Joint) Marginal(vars []string) (*stochastic.Channel, error) {
	keep := make([]int, len(vars))
	for i, name := range vars {
		p, ok := j.index[name]
		if !ok {
			return nil, fmt.Errorf("identify: the joint distribution has no variable %s: it has %s", quoteName(name), listNames(j.state))
		}
		keep[i] = p
	}
	return j.state.Marginal(keep), nil
}

func listNames(c *stochastic.Channel) string {
	var names []string
	for _, t := range c.Out() {
		names = append(names, quoteName(t.Name))
	}
	return strings.Join(names, ", ")
}

// ModelLaw returns the observational distribution of the observed variables of
// m as a Law. Its marginals are computed by exact inference on the model, so
// the joint table of all observed variables is never formed. Asking for the
// marginal of a latent variable is an error.
func ModelLaw(m *scm.Model) Law { return modelLaw{m} }

type modelLaw struct{ m *scm.Model }

func (l modelLaw) Marginal(vars []string) (*stochastic.Channel, error) {
	idx := make([]int, len(vars))
	for i, name := range vars {
		v, ok := l.m.Index(name)
		if !ok {
			return nil, fmt.Errorf("identify: the model has no variable %s", quoteName(name))
		}
		if l.m.Variable(v).Latent {
			return nil, fmt.Errorf("identify: variable %s is latent: the observational distribution does not include it", quoteName(name))
		}
		idx[i] = v
	}
	return l.m.Posterior(idx, nil)
}
