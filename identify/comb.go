package identify

import (
	"fmt"
	"slices"
	"strings"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/intervention"
	"github.com/markovcat/causal/stochastic"
)

// Comb is a 2-comb over the tensor products A, B and C: a joint state on
// A⊗B⊗C with a hole for a channel A -> B. It has two teeth, the state
// Prior = P(A) and the channel Outcome = P(C | A, B), and as a channel from
// the hole's output B to A⊗C it is
//
//	f(a, c | b) = P(a)·P(c | a, b).
//
// Plugging a channel g : A -> B into the hole gives the joint state
// P(a)·g(b | a)·P(c | a, b). Comb disintegration (CombDisintegrate) is the
// inverse: it splits a joint state into a comb and the channel g = P(B | A)
// that, plugged in, rebuilds the joint.
//
// The methods of a Comb built by hand panic with a *diagram.TypeError unless
// the inputs of Outcome are the outputs of Prior followed by B.
type Comb struct {
	// Prior is the state P(A) on A.
	Prior *stochastic.Channel

	// Outcome is the channel P(C | A, B) from A⊗B to C.
	Outcome *stochastic.Channel
}

// HoleName is the name of the box that stands for the hole in the diagram
// returned by Comb.Diagram.
const HoleName = "hole"

// CombDisintegrate splits the joint state on the outputs at positions a, b
// and c of joint into a 2-comb and the channel g = P(B | A), so that
// plugging g into the comb rebuilds the marginal of joint on A⊗B⊗C. The
// split is unique when P(a, b) > 0 for every (a, b); otherwise
// CombDisintegrate returns a *PositivityError naming a zero cell. Outputs of
// joint at no position in a, b or c are marginalised out.
func CombDisintegrate(joint *stochastic.Channel, a, b, c []int) (*Comb, *stochastic.Channel, error) {
	abc, err := combMarginal(joint, a, b, c)
	if err != nil {
		return nil, nil, err
	}
	na, nb := len(a), len(b)
	ab := combRange(0, na+nb)
	if err := checkCombPositive(abc.Marginal(ab)); err != nil {
		return nil, nil, err
	}
	prior, g, err := stochastic.Disintegrate(abc.Marginal(ab), combRange(0, na))
	if err != nil {
		return nil, nil, fmt.Errorf("identify: comb disintegration: %w", err)
	}
	_, outcome, err := stochastic.Disintegrate(abc, ab)
	if err != nil {
		return nil, nil, fmt.Errorf("identify: comb disintegration: %w", err)
	}
	return &Comb{Prior: prior, Outcome: outcome}, g, nil
}

// combMarginal checks that joint is a state and that the position lists are
// non-empty, in range and disjoint, and returns the marginal of joint on
// A⊗B⊗C in that order.
func combMarginal(joint *stochastic.Channel, a, b, c []int) (*stochastic.Channel, error) {
	if joint == nil {
		return nil, fmt.Errorf("identify: comb disintegration of a nil joint state")
	}
	if in := joint.In(); len(in) != 0 {
		return nil, fmt.Errorf("identify: comb disintegration needs a joint state, not a channel from %s", combTypeNames(in))
	}
	out := joint.Out()
	seen := make(map[int]string)
	for _, part := range []struct {
		name string
		pos  []int
	}{{"A", a}, {"B", b}, {"C", c}} {
		if len(part.pos) == 0 {
			return nil, fmt.Errorf("identify: comb disintegration: %s lists no variables", part.name)
		}
		for _, p := range part.pos {
			if p < 0 || p >= len(out) {
				return nil, fmt.Errorf("identify: comb disintegration: position %d of %s out of range [0, %d)", p, part.name, len(out))
			}
			if old, ok := seen[p]; ok && old == part.name {
				return nil, fmt.Errorf("identify: comb disintegration: %s is listed twice in %s", out[p].Name, old)
			} else if ok {
				return nil, fmt.Errorf("identify: comb disintegration: %s is in both %s and %s", out[p].Name, old, part.name)
			}
			seen[p] = part.name
		}
	}
	keep := slices.Concat(a, b, c)
	return joint.Marginal(keep), nil
}

// A returns the types of A, the outputs of the comb's prior.
func (f *Comb) A() []diagram.Type { return f.Prior.Out() }

// B returns the types of B, the output of the hole.
func (f *Comb) B() []diagram.Type { return f.Outcome.In()[len(f.Prior.Out()):] }

// C returns the types of C, the outputs of the comb's outcome.
func (f *Comb) C() []diagram.Type { return f.Outcome.Out() }

// Channel returns the comb as a channel from B to A⊗C, with entries
// f(a, c | b) = P(a)·P(c | a, b).
func (f *Comb) Channel() (*stochastic.Channel, error) {
	A, B := f.A(), f.B()
	names := f.boxNames()
	d := diagram.Then(
		diagram.Tensor(diagram.Gen(diagram.Box{Name: names.prior, Out: A}), diagram.Id(B...)),
		diagram.Tensor(combCopy(A), diagram.Id(B...)),
		diagram.Tensor(diagram.Id(A...), diagram.Gen(diagram.Box{Name: names.outcome, In: slices.Concat(A, B), Out: f.C()})),
	)
	c, err := stochastic.Interpret(d, f.interpretation(names))
	if err != nil {
		return nil, fmt.Errorf("identify: comb: %w", err)
	}
	return c, nil
}

// Diagram returns the comb as a string diagram from the unit to A⊗B⊗C in
// which a box named HoleName, from A to B, stands for the hole, and the
// interpretation of its other boxes.
//
// The prior's output plays the part of the hidden common cause of A and C.
// The outcome box reads it directly, while A's own mechanism, an identity
// box named after A (the names of A joined by commas), passes it on to the
// output A and to the hole. Cutting that box with the uniform state is
// intervening on A inside the comb.
func (f *Comb) Diagram() (diagram.Diagram, stochastic.Map) {
	A, B := f.A(), f.B()
	names := f.boxNames()
	d := diagram.Then(
		diagram.Gen(diagram.Box{Name: names.prior, Out: A}),
		combCopy(A),
		diagram.Tensor(diagram.Gen(diagram.Box{Name: names.a, In: A, Out: A}), diagram.Id(A...)),
		diagram.Tensor(combCopy(A), diagram.Id(A...)),
		diagram.Tensor(diagram.Id(A...), diagram.Gen(diagram.Box{Name: HoleName, In: A, Out: B}), diagram.Id(A...)),
		diagram.Tensor(diagram.Id(A...), combCopy(B), diagram.Id(A...)),
		diagram.Tensor(diagram.Id(slices.Concat(A, B)...), diagram.Swap(B, A)),
		diagram.Tensor(diagram.Id(slices.Concat(A, B)...),
			diagram.Gen(diagram.Box{Name: names.outcome, In: slices.Concat(A, B), Out: f.C()})),
	)
	return d, f.interpretation(names)
}

// Plug fills the hole of the comb with g : A -> B and returns the joint state
// on A⊗B⊗C, P(a)·g(b | a)·P(c | a, b).
func (f *Comb) Plug(g *stochastic.Channel) (*stochastic.Channel, error) {
	d, interp, err := f.plugged(g)
	if err != nil {
		return nil, err
	}
	joint, err := stochastic.Interpret(d, interp)
	if err != nil {
		return nil, fmt.Errorf("identify: plugging the comb: %w", err)
	}
	return joint, nil
}

// Effect returns P(C | do(A)) as a channel from A to C: A is cut with the
// uniform state inside the comb, g is plugged into the hole, and the
// resulting state is disintegrated on A. The result is the causal effect of
// A on C only when the graph has front-door shape; CombEffect checks that.
func (f *Comb) Effect(g *stochastic.Channel) (*stochastic.Channel, error) {
	d, interp, err := f.plugged(g)
	if err != nil {
		return nil, err
	}
	cut, err := intervention.CutUniform(d, f.boxNames().a)
	if err != nil {
		return nil, fmt.Errorf("identify: cutting A inside the comb: %w", err)
	}
	na, nb, nc := len(f.A()), len(f.B()), len(f.C())
	effect, err := intervention.ReadChannel(cut, interp, combRange(0, na), combRange(na+nb, na+nb+nc))
	if err != nil {
		return nil, fmt.Errorf("identify: comb effect: %w", err)
	}
	return effect, nil
}

// plugged returns the comb's diagram with the hole replaced by a box for g,
// and the interpretation of all its boxes.
func (f *Comb) plugged(g *stochastic.Channel) (diagram.Diagram, stochastic.Map, error) {
	if g == nil {
		return diagram.Diagram{}, nil, fmt.Errorf("identify: plugging a nil channel into the comb")
	}
	A, B := f.A(), f.B()
	if !diagram.EqualTypes(g.In(), A) || !diagram.EqualTypes(g.Out(), B) {
		return diagram.Diagram{}, nil, fmt.Errorf("identify: the comb's hole is a channel %s -> %s, not %s -> %s",
			combTypeNames(A), combTypeNames(B), combTypeNames(g.In()), combTypeNames(g.Out()))
	}
	d, interp := f.Diagram()
	name := "P(" + combJoinNames(B) + "|" + combJoinNames(A) + ")"
	// A variable may itself be called HoleName, so find the hole by its
	// types as well.
	hole := slices.IndexFunc(d.Nodes(), func(n diagram.Node) bool {
		return n.Box.Name == HoleName && diagram.EqualTypes(n.Box.Out, B)
	})
	d = d.Substitute(hole, diagram.Gen(diagram.Box{Name: name, In: A, Out: B}))
	interp[name] = g
	return d, interp, nil
}

// combBoxNames holds the box names of a comb's diagram.
type combBoxNames struct {
	prior, a, outcome string
}

func (f *Comb) boxNames() combBoxNames {
	a, b, c := combJoinNames(f.A()), combJoinNames(f.B()), combJoinNames(f.C())
	return combBoxNames{
		prior:   "P(" + a + ")",
		a:       a,
		outcome: "P(" + c + "|" + a + "," + b + ")",
	}
}

func (f *Comb) interpretation(names combBoxNames) stochastic.Map {
	return stochastic.Map{
		names.prior:   f.Prior,
		names.a:       stochastic.Identity(f.A()...),
		names.outcome: f.Outcome,
	}
}

// PositivityError reports a cell of zero probability where comb
// disintegration needs every cell of a marginal to be positive: P(a, b) > 0
// for every (a, b). Unwrap returns the *stochastic.ZeroProbabilityError for
// the cell.
type PositivityError struct {
	// Vars and States name the zero cell: Vars[k] is in state States[k].
	Vars, States []string
}

// Error returns a message naming the zero cell.
func (e *PositivityError) Error() string {
	return fmt.Sprintf("identify: positivity violated: P(%s) = 0, but every value of (%s) must have positive probability",
		e.cell(), strings.Join(e.Vars, ", "))
}

// Unwrap returns the zero cell as a *stochastic.ZeroProbabilityError.
func (e *PositivityError) Unwrap() error {
	return &stochastic.ZeroProbabilityError{Event: e.cell()}
}

func (e *PositivityError) cell() string {
	cell := make([]string, len(e.Vars))
	for k, v := range e.Vars {
		cell[k] = v + "=" + e.States[k]
	}
	return strings.Join(cell, ", ")
}

// checkCombPositive returns a *PositivityError for the first zero entry of
// the state s.
func checkCombPositive(s *stochastic.Channel) error {
	out := s.Out()
	for j := 0; j < s.Cols(); j++ {
		if s.At(0, j) > 0 {
			continue
		}
		e := &PositivityError{}
		states := make([]int, len(out))
		stochastic.JointStates(out, j, states)
		for k, x := range states {
			e.Vars = append(e.Vars, out[k].Name)
			e.States = append(e.States, out[k].States[x])
		}
		return e
	}
	return nil
}

// combCopy returns the diagram that copies the tensor product ts: from ts
// to ts⊗ts.
func combCopy(ts []diagram.Type) diagram.Diagram {
	copies := make([]diagram.Diagram, len(ts))
	grouped := make([]diagram.Type, 0, 2*len(ts))
	for k, t := range ts {
		copies[k] = diagram.Copy(t, 2)
		grouped = append(grouped, t, t)
	}
	perm := make([]int, 2*len(ts))
	for k := range ts {
		perm[k] = 2 * k
		perm[len(ts)+k] = 2*k + 1
	}
	return diagram.Then(diagram.Tensor(copies...), diagram.Permute(grouped, perm))
}

// combRange returns the integers from lo up to but not including hi.
func combRange(lo, hi int) []int {
	s := make([]int, 0, hi-lo)
	for i := lo; i < hi; i++ {
		s = append(s, i)
	}
	return s
}

func combJoinNames(ts []diagram.Type) string {
	names := make([]string, len(ts))
	for k, t := range ts {
		names[k] = t.Name
	}
	return strings.Join(names, ", ")
}

func combTypeNames(ts []diagram.Type) string { return "(" + combJoinNames(ts) + ")" }
