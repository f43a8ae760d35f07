package intervention

import (
	"fmt"
	"slices"
	"strings"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/stochastic"
)

// Cut returns d with every box named box replaced by a diagram that discards
// the box's inputs and emits state. The state must be a diagram from the
// unit to the box's output types, and must not itself contain a box named
// box. Cut returns an error when d has no box of that name or when the types
// do not match.
func Cut(d diagram.Diagram, box string, state diagram.Diagram) (diagram.Diagram, error) {
	nodes := d.FindBoxes(box)
	if len(nodes) == 0 {
		return diagram.Diagram{}, missingBoxError(d, box)
	}
	if len(state.In()) != 0 {
		return diagram.Diagram{}, fmt.Errorf("intervention: cut of %q: the state has inputs %s, want none",
			box, typeList(state.In()))
	}
	if len(state.FindBoxes(box)) != 0 {
		return diagram.Diagram{}, fmt.Errorf("intervention: cut of %q: the state contains a box named %q", box, box)
	}
	b := d.Node(nodes[0]).Box
	if !slices.EqualFunc(state.Out(), b.Out, diagram.Type.Equal) {
		return diagram.Diagram{}, fmt.Errorf("intervention: cut of %q: the state has outputs %s, want %s",
			box, typeList(state.Out()), typeList(b.Out))
	}

	// Substitute renumbers nodes, so look the box up again after each cut.
	for {
		i, ok := d.FindBox(box)
		if !ok {
			return d, nil
		}
		in := d.Node(i).Box.In
		r := diagram.Tensor(diagram.Discard(in...), state)
		var next diagram.Diagram
		if err := diagram.Maybe(func() { next = d.Substitute(i, r) }); err != nil {
			return diagram.Diagram{}, fmt.Errorf("intervention: cut of %q: %w", box, err)
		}
		d = next
	}
}

// CutUniform cuts each named box with the uniform state on its outputs. The
// result does not depend on the order of the names. A name listed twice is
// an error.
func CutUniform(d diagram.Diagram, boxes ...string) (diagram.Diagram, error) {
	for k, box := range boxes {
		if slices.Contains(boxes[:k], box) {
			return diagram.Diagram{}, fmt.Errorf("intervention: box %q is listed twice, but each box can be cut only once", box)
		}
		i, ok := d.FindBox(box)
		if !ok {
			return diagram.Diagram{}, missingBoxError(d, box)
		}
		var err error
		d, err = Cut(d, box, UniformState(d.Node(i).Box.Out...))
		if err != nil {
			return diagram.Diagram{}, err
		}
	}
	return d, nil
}

// UniformState returns the uniform state on the tensor product ts, the
// tensor product of the uniform states on each type.
func UniformState(ts ...diagram.Type) diagram.Diagram {
	ds := make([]diagram.Diagram, len(ts))
	for k, t := range ts {
		ds[k] = diagram.Uniform(t)
	}
	return diagram.Tensor(ds...)
}

// CutState cuts the box named box with a state given as a channel, such as
// stochastic.Point(X, x) for do(X=x). The state becomes a new box in the
// returned diagram, and the returned interpretation extends in with its
// channel. The new box is called "do(box)", primed until no box of d has
// that name.
func CutState(d diagram.Diagram, in stochastic.Interpretation, box string, state *stochastic.Channel) (diagram.Diagram, stochastic.Interpretation, error) {
	if state == nil {
		return diagram.Diagram{}, nil, fmt.Errorf("intervention: cut of %q: nil state", box)
	}
	if in == nil {
		return diagram.Diagram{}, nil, fmt.Errorf("intervention: cut of %q: nil interpretation", box)
	}
	name := "do(" + box + ")"
	for len(d.FindBoxes(name)) != 0 {
		name += "'"
	}
	gen := diagram.Gen(diagram.Box{Name: name, In: state.In(), Out: state.Out()})
	cut, err := Cut(d, box, gen)
	if err != nil {
		return diagram.Diagram{}, nil, err
	}
	return cut, withStates{base: in, states: map[string]*stochastic.Channel{name: state}}, nil
}

// withStates is an interpretation that adds channels for the state boxes
// introduced by CutState to a base interpretation.
type withStates struct {
	base   stochastic.Interpretation
	states map[string]*stochastic.Channel
}

// Channel returns the state of a box added by CutState, and the base
// interpretation of any other box.
func (w withStates) Channel(b diagram.Box) (*stochastic.Channel, error) {
	if c, ok := w.states[b.Name]; ok {
		return c, nil
	}
	return w.base.Channel(b)
}

// ReadChannel interprets a closed diagram in which the variables at the
// output positions do were cut with full-support states. It returns the
// channel from those outputs to the outputs at positions targets, which is
// the conditional of the disintegration of the diagram's state on the do
// outputs. This is the interventional channel P(targets | do(do)), whatever
// full-support states were used. A cut state that gives some value of the
// do outputs probability 0 is an error.
func ReadChannel(d diagram.Diagram, in stochastic.Interpretation, do, targets []int) (*stochastic.Channel, error) {
	if len(d.In()) != 0 {
		return nil, fmt.Errorf("intervention: the diagram has inputs %s; ReadChannel needs a state (no inputs)",
			typeList(d.In()))
	}
	out := d.Out()
	if err := checkPositions(out, do, targets); err != nil {
		return nil, err
	}
	// Discarding the other outputs inside the diagram lets interpretation
	// sum them out early instead of forming the joint of every output.
	keep := slices.Concat(do, targets)
	joint, err := stochastic.Interpret(diagram.Then(d, diagram.Select(out, keep)), in)
	if err != nil {
		return nil, fmt.Errorf("intervention: %w", err)
	}
	marginal, conditional, err := stochastic.Disintegrate(joint, seq(len(do)))
	if err != nil {
		return nil, fmt.Errorf("intervention: %w", err)
	}
	if row := zeroEntry(marginal); row >= 0 {
		return nil, fmt.Errorf("intervention: the cut state gives %s probability 0; cut with a full-support state",
			assignmentText(marginal.Out(), row))
	}
	return conditional, nil
}

// checkPositions reports output positions that are out of range, repeated,
// or in both do and targets.
func checkPositions(out []diagram.Type, do, targets []int) error {
	seen := make(map[int]string)
	for _, list := range []struct {
		role string
		pos  []int
	}{{"do", do}, {"target", targets}} {
		for _, p := range list.pos {
			if p < 0 || p >= len(out) {
				return fmt.Errorf("intervention: %s output position %d out of range [0, %d)", list.role, p, len(out))
			}
			if role, ok := seen[p]; ok {
				return fmt.Errorf("intervention: output %d (%s) is both a %s and a %s position", p, out[p].Name, role, list.role)
			}
			seen[p] = list.role
		}
	}
	return nil
}

// zeroEntry returns the first column of the state s with probability 0, or
// -1 when every entry is positive.
func zeroEntry(s *stochastic.Channel) int {
	for j := 0; j < s.Cols(); j++ {
		if s.At(0, j) <= 0 {
			return j
		}
	}
	return -1
}

// missingBoxError lists the boxes of d in an error about a missing box.
func missingBoxError(d diagram.Diagram, box string) error {
	var names []string
	seen := make(map[string]bool)
	for _, b := range d.Boxes() {
		if !seen[b.Name] {
			seen[b.Name] = true
			names = append(names, fmt.Sprintf("%q", b.Name))
		}
	}
	if len(names) == 0 {
		return fmt.Errorf("intervention: no box named %q: the diagram has no boxes", box)
	}
	return fmt.Errorf("intervention: no box named %q (boxes: %s)", box, strings.Join(names, ", "))
}

// typeList formats the names of ts as a tuple.
func typeList(ts []diagram.Type) string {
	names := make([]string, len(ts))
	for k, t := range ts {
		names[k] = t.Name
	}
	return "(" + strings.Join(names, ", ") + ")"
}

// assignmentText formats the joint index j over ts as "X=x, Y=y".
func assignmentText(ts []diagram.Type, j int) string {
	states := unravel(ts, j)
	parts := make([]string, len(ts))
	for k, t := range ts {
		parts[k] = t.Name + "=" + t.States[states[k]]
	}
	return strings.Join(parts, ", ")
}

// unravel returns the state of each type at big-endian joint index j.
func unravel(ts []diagram.Type, j int) []int {
	states := make([]int, len(ts))
	stochastic.JointStates(ts, j, states)
	return states
}
