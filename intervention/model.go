package intervention

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

// maxChannelEntries bounds the number of entries of a channel that Channel
// and Query build.
const maxChannelEntries = 1 << 24

// Do returns the model mutilated by the hard intervention do(X=x) for every
// variable X and state x in assign: each intervened variable loses its
// parents and its table becomes the point state at x. The result shares the
// other tables with m. Interventions on distinct variables commute, so the
// order of assign does not matter.
func Do(m *scm.Model, assign map[int]int) (*scm.Model, error) {
	return mutilate(m, assign, nil)
}

// mutilate returns m with each variable of assign set to its state, as Do
// does, and each variable of uniform cut with the uniform state, replacing
// every mechanism in one copy of the model. The two sets must be disjoint.
func mutilate(m *scm.Model, assign map[int]int, uniform []int) (*scm.Model, error) {
	if len(assign) == 0 && len(uniform) == 0 {
		return m, nil
	}
	vs := make([]int, 0, len(assign))
	for v := range assign {
		vs = append(vs, v)
	}
	slices.Sort(vs)
	ms := make([]scm.Mechanism, 0, len(vs)+len(uniform))
	for _, v := range vs {
		if err := checkVariable(m, v); err != nil {
			return nil, err
		}
		t := m.Type(v)
		x := assign[v]
		if x < 0 || x >= t.Size() {
			return nil, fmt.Errorf("intervention: do(%s): state index %d out of range; %s has states %s",
				t.Name, x, t.Name, strings.Join(t.States, ", "))
		}
		ms = append(ms, scm.Mechanism{Var: v, CPT: stochastic.Point(t, x)})
	}
	for _, v := range uniform {
		if err := checkVariable(m, v); err != nil {
			return nil, err
		}
		ms = append(ms, scm.Mechanism{Var: v, CPT: stochastic.Uniform(m.Type(v))})
	}
	cut, err := m.WithMechanisms(ms...)
	if err != nil {
		return nil, fmt.Errorf("intervention: do(%s): %w", joinText(assignmentOf(m, assign), namesOf(m, uniform)), err)
	}
	return cut, nil
}

// Soft returns the model in which variable v has the mechanism ch from the
// given parents, in place of its own table: a soft intervention. With no
// parents ch is a state on v; a point state makes it do(v=x). The parents
// may be any variables that keep the graph acyclic.
func Soft(m *scm.Model, v int, parents []int, ch *stochastic.Channel) (*scm.Model, error) {
	if err := checkVariable(m, v); err != nil {
		return nil, err
	}
	s, err := m.WithMechanism(v, parents, ch)
	if err != nil {
		return nil, fmt.Errorf("intervention: soft intervention on %s: %w", m.Type(v).Name, err)
	}
	return s, nil
}

// Channel returns the interventional channel P(targets | do(do)) of m, with
// one row per configuration of the do variables (big-endian, in the given
// order) and one column per configuration of the targets. It mutilates m
// so that each do variable is a root with the uniform state, computes the
// joint of the do variables and the targets by exact inference, and
// disintegrates it on the do variables. The joint of all variables of m is
// never formed.
func Channel(m *scm.Model, do, targets []int) (*stochastic.Channel, error) {
	if err := checkVariables(m, do, targets); err != nil {
		return nil, err
	}
	return interventional(m, &resolved{targets: targets, free: do})
}

// ChannelByDisintegration returns the interventional channel P(targets |
// do(do)) of m read from its network diagram: the box of each do variable is
// cut with the uniform state, the cut diagram is interpreted, and its state
// is disintegrated on the do variables. The do and target variables must be
// observed and distinct, because the network diagram has no outputs for
// latent variables. The result equals Channel.
func ChannelByDisintegration(m *scm.Model, do, targets []int) (*stochastic.Channel, error) {
	if err := checkVariables(m, do, targets); err != nil {
		return nil, err
	}
	d, interp := m.NetworkDiagram()
	for _, x := range do {
		box, err := producer(d, m.Type(x).Name)
		if err != nil {
			return nil, err
		}
		if d, err = CutUniform(d, box); err != nil {
			return nil, err
		}
	}
	doPos, err := outputPositions(d, m, do)
	if err != nil {
		return nil, err
	}
	targetPos, err := outputPositions(d, m, targets)
	if err != nil {
		return nil, err
	}
	return ReadChannel(d, interp, doPos, targetPos)
}

// interventional returns the channel of the resolved query r: from the do
// variables without value and the evidence variables without value to the
// targets, in m mutilated by the do variables with a value.
//
// It cuts each do variable without value with the uniform state. In the
// mutilated model such a variable is a root with full support, so
// conditioning on its value is the same as setting it. One exact inference
// of the joint of the inputs and the targets given the evidence,
// disintegrated on the inputs, then gives every row at once. A target that
// is also an input takes the input's state in each row, so it is left out
// of the inference and put back by copying.
func interventional(m *scm.Model, r *resolved) (*stochastic.Channel, error) {
	inputs := slices.Concat(r.free, r.given)
	inTypes, outTypes := m.Types(inputs), m.Types(r.targets)
	rows, cols := configurations(inTypes), configurations(outTypes)
	if rows > maxChannelEntries/cols {
		// The channel is the result of one contraction, so its size is
		// reported as that contraction's, with the uncapped count.
		all := slices.Concat(inTypes, outTypes)
		names := make([]string, len(all))
		for i, t := range all {
			names[i] = t.Name
		}
		return nil, &stochastic.SizeLimitError{Vars: names, Size: diagram.Size(all), Limit: maxChannelEntries}
	}
	var rest []int // the targets that are not inputs
	for _, v := range r.targets {
		if !slices.Contains(inputs, v) {
			rest = append(rest, v)
		}
	}

	cut, err := mutilate(m, r.fixed, r.free)
	if err != nil {
		return nil, err
	}
	joint, err := cut.Posterior(slices.Concat(inputs, rest), r.evidence)
	if err != nil {
		return nil, r.posteriorError(m, err, -1)
	}
	marginal, conditional, err := stochastic.Disintegrate(joint, seq(len(inputs)))
	if err != nil {
		return nil, fmt.Errorf("intervention: %w", err)
	}
	if row := zeroEntry(marginal); row >= 0 {
		_, evidence := r.at(m, row)
		zero := &stochastic.ZeroProbabilityError{Event: assignmentOf(m, evidence)}
		return nil, r.posteriorError(m, zero, row)
	}
	if len(rest) == len(r.targets) {
		return conditional, nil
	}
	c, err := stochastic.New(inTypes, outTypes, copyInputs(conditional, inputs, r.targets, rest, m))
	if err != nil {
		return nil, fmt.Errorf("intervention: %w", err)
	}
	return c, nil
}

// copyInputs expands c, a channel from inputs to the targets in rest, into
// the entries of the channel from inputs to all targets. A target that is
// also an input is in the input's state with probability 1.
func copyInputs(c *stochastic.Channel, inputs, targets, rest []int, m *scm.Model) []float64 {
	inTypes, restTypes := m.Types(inputs), m.Types(rest)
	// stride[k] is the step of target k in the big-endian column index.
	stride := make([]int, len(targets))
	cols := 1
	for k := len(targets) - 1; k >= 0; k-- {
		stride[k] = cols
		cols *= m.Type(targets[k]).Size()
	}
	data := make([]float64, c.Rows()*cols)
	inStates := make([]int, len(inputs))
	restStates := make([]int, len(rest))
	for i := 0; i < c.Rows(); i++ {
		stochastic.JointStates(inTypes, i, inStates)
		base := 0
		for k, v := range targets {
			if p := slices.Index(inputs, v); p >= 0 {
				base += inStates[p] * stride[k]
			}
		}
		for j := 0; j < c.Cols(); j++ {
			stochastic.JointStates(restTypes, j, restStates)
			col := base
			for k, v := range rest {
				col += restStates[k] * stride[slices.Index(targets, v)]
			}
			data[i*cols+col] = c.At(i, j)
		}
	}
	return data
}

// at returns the interventions and the evidence of row row of the channel of
// r: the fixed interventions and evidence, with the inputs of the channel in
// the states of the big-endian row index.
func (r *resolved) at(m *scm.Model, row int) (assign, evidence map[int]int) {
	assign = make(map[int]int, len(r.fixed)+len(r.free))
	maps.Copy(assign, r.fixed)
	evidence = make(map[int]int, len(r.evidence)+len(r.given))
	maps.Copy(evidence, r.evidence)
	states := unravel(m.Types(slices.Concat(r.free, r.given)), row)
	for k, v := range r.free {
		assign[v] = states[k]
	}
	for k, v := range r.given {
		evidence[v] = states[len(r.free)+k]
	}
	return assign, evidence
}

// posteriorError adds the interventions and the evidence of row row to an
// error of exact inference, or those of every row when row is negative. A
// zero-probability error becomes an *evidenceError, through which errors.As
// still finds it.
func (r *resolved) posteriorError(m *scm.Model, err error, row int) error {
	var zero *stochastic.ZeroProbabilityError
	if !errors.As(err, &zero) {
		return fmt.Errorf("intervention: %w", err)
	}
	var do, evidence string
	if row >= 0 {
		assign, ev := r.at(m, row)
		do, evidence = assignmentOf(m, assign), assignmentOf(m, ev)
	} else {
		do = joinText(assignmentOf(m, r.fixed), namesOf(m, r.free))
		evidence = joinText(assignmentOf(m, r.evidence), namesOf(m, r.given))
	}
	where := "in the model"
	if do != "" {
		where = "in the model mutilated by do(" + do + ")"
	}
	return &evidenceError{msg: fmt.Sprintf("intervention: evidence %s has probability 0 %s", evidence, where), err: err}
}

// evidenceError reports evidence of probability zero. Its message names the
// evidence and the interventions once, and Unwrap returns the error of
// inference, a *stochastic.ZeroProbabilityError or one that wraps it.
type evidenceError struct {
	msg string
	err error
}

func (e *evidenceError) Error() string { return e.msg }
func (e *evidenceError) Unwrap() error { return e.err }

// joinText joins the non-empty texts with commas.
func joinText(texts ...string) string {
	var parts []string
	for _, t := range texts {
		if t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, ", ")
}

// namesOf returns the names of the variables vs, joined by commas, as
// shortList shortens them.
func namesOf(m *scm.Model, vs []int) string {
	names := make([]string, min(len(vs), maxListed))
	for k := range names {
		names[k] = m.Type(vs[k]).Name
	}
	return shortList(names, len(vs))
}

// maxListed is the number of items that a message lists before it gives the
// count of the others.
const maxListed = 10

// shortList joins the first items of a list of n by commas, adding how many
// were left off.
func shortList(items []string, n int) string {
	s := strings.Join(items, ", ")
	if n > len(items) {
		s += fmt.Sprintf(" and %d more", n-len(items))
	}
	return s
}

// seq returns 0, 1, ..., n-1.
func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// assignmentOf formats an assignment of states to variables as
// "X=x, Y=y" in variable order, as shortList shortens it.
func assignmentOf(m *scm.Model, assign map[int]int) string {
	vs := make([]int, 0, len(assign))
	for v := range assign {
		vs = append(vs, v)
	}
	slices.Sort(vs)
	parts := make([]string, min(len(vs), maxListed))
	for k := range parts {
		t := m.Type(vs[k])
		parts[k] = t.Name + "=" + t.States[assign[vs[k]]]
	}
	return shortList(parts, len(vs))
}

// configurations returns the number of joint states of ts, saturating at
// maxChannelEntries+1 so that the product cannot overflow.
func configurations(ts []diagram.Type) int {
	n := 1
	for _, t := range ts {
		n *= t.Size()
		if n > maxChannelEntries {
			return maxChannelEntries + 1
		}
	}
	return n
}

// producer returns the name of the box of d that produces the wire of the
// variable called name.
func producer(d diagram.Diagram, name string) (string, error) {
	for _, n := range d.Nodes() {
		if n.Kind != diagram.BoxNode {
			continue
		}
		for _, w := range n.Out {
			if d.WireType(w).Name == name {
				return n.Box.Name, nil
			}
		}
	}
	return "", fmt.Errorf("intervention: no box of the network diagram produces %s", name)
}

// outputPositions returns the output position of each variable of vs in the
// network diagram d of m.
func outputPositions(d diagram.Diagram, m *scm.Model, vs []int) ([]int, error) {
	out := d.Out()
	pos := make([]int, len(vs))
	for k, v := range vs {
		name := m.Type(v).Name
		pos[k] = slices.IndexFunc(out, func(t diagram.Type) bool { return t.Name == name })
		if pos[k] < 0 {
			if m.IsLatent(v) {
				return nil, fmt.Errorf("intervention: %s is latent, so the network diagram has no output for it", name)
			}
			return nil, fmt.Errorf("intervention: the network diagram has no output for %s", name)
		}
	}
	return pos, nil
}

// checkVariable reports a variable index outside m.
func checkVariable(m *scm.Model, v int) error {
	if v < 0 || v >= m.NumVars() {
		return fmt.Errorf("intervention: variable index %d out of range [0, %d)", v, m.NumVars())
	}
	return nil
}

// checkVariables reports indices outside m, repeated variables, a variable
// that is both intervened on and a target, and an empty target list.
func checkVariables(m *scm.Model, do, targets []int) error {
	if len(targets) == 0 {
		return errors.New("intervention: no target variables")
	}
	role := make(map[int]string)
	for _, list := range []struct {
		name string
		vs   []int
	}{{"intervened on", do}, {"a target", targets}} {
		for _, v := range list.vs {
			if err := checkVariable(m, v); err != nil {
				return err
			}
			if r, ok := role[v]; ok && r == list.name {
				return fmt.Errorf("intervention: %s is listed twice as %s", m.Type(v).Name, r)
			} else if ok {
				return fmt.Errorf("intervention: %s is both %s and %s", m.Type(v).Name, r, list.name)
			}
			role[v] = list.name
		}
	}
	return nil
}
