package stochastic

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/markovcat/causal/diagram"
)

// Effect is a predicate on a tensor product of finite sets: a value in
// [0, 1] for each configuration, in big-endian order. An event is an effect
// whose values are 0 and 1.
type Effect struct {
	on    []diagram.Type
	v     []float64
	label string
}

// NewEffect returns the effect on the types on with the given values, one
// per configuration. It returns an error naming the column of a value that
// is NaN or outside [0, 1], or when values has the wrong length.
func NewEffect(on []diagram.Type, values []float64) (*Effect, error) {
	n, err := numConfigs(on)
	if err != nil {
		return nil, err
	}
	if len(values) != n {
		return nil, fmt.Errorf("stochastic: %d values for an effect on %s, want %d", len(values), formatTypes(on), n)
	}
	for j, v := range values {
		if !(v >= 0 && v <= 1) {
			return nil, fmt.Errorf("stochastic: effect value at column %d (%s) is %v, want a number in [0, 1]",
				j, configLabel(on, j), v)
		}
	}
	return &Effect{on: cloneTypes(on), v: append([]float64(nil), values...)}, nil
}

// Event returns the event on the types on that holds when the type at
// position pos[k] is in state states[k] for every k. It returns an error
// when a position or a state is out of range, or a position repeats.
func Event(on []diagram.Type, pos, states []int) (*Effect, error) {
	if len(pos) != len(states) {
		return nil, fmt.Errorf("stochastic: %d positions and %d states in an event, want as many states as positions",
			len(pos), len(states))
	}
	if err := checkPositions("event", pos, on, true); err != nil {
		return nil, err
	}
	for k, p := range pos {
		if s := states[k]; s < 0 || s >= on[p].Size() {
			return nil, fmt.Errorf("stochastic: state %d of %s in an event is out of range, want 0 to %d",
				s, on[p], on[p].Size()-1)
		}
	}
	n, err := numConfigs(on)
	if err != nil {
		return nil, err
	}

	e := &Effect{on: cloneTypes(on), v: make([]float64, n)}
	e.label = assignmentLabel(pick(on, pos), states)
	x := make([]int, len(on))
	for j := range e.v {
		JointStates(on, j, x)
		e.v[j] = 1
		for k, p := range pos {
			if x[p] != states[k] {
				e.v[j] = 0
				break
			}
		}
	}
	return e, nil
}

// On returns the types that e is a predicate on.
func (e *Effect) On() []diagram.Type { return cloneTypes(e.on) }

// Value returns the value of e at configuration j.
func (e *Effect) Value(j int) float64 { return e.v[j] }

// String returns the event as "X=x, Y=y", or "an effect on X ⊗ Y" for an
// effect that is not built by Event.
func (e *Effect) String() string {
	if e.label != "" {
		return e.label
	}
	return "an effect on " + formatTypes(e.on)
}

// ZeroProbabilityError reports conditioning on an event of probability zero.
type ZeroProbabilityError struct {
	// Event is the event, written as "X=x, Y=y".
	Event string

	// Input is the input configuration under which the event has
	// probability zero, written as "A=a", or empty for a state.
	Input string
}

// Error returns a message naming the event.
func (e *ZeroProbabilityError) Error() string {
	if e.Input == "" {
		return "stochastic: conditioning on " + e.Event + " of probability 0"
	}
	return "stochastic: conditioning on " + e.Event + " of probability 0 given " + e.Input
}

// Validity returns, for each input configuration of c, the probability of e
// under the distribution of the outputs: the expected value of e. It panics
// with a *diagram.TypeError when e is not an effect on the outputs of c.
func (c *Channel) Validity(e *Effect) []float64 {
	mustMatch("stochastic.Validity", "output types of the channel", c.out, "types of the effect", e.on)
	rows, _ := c.m.Dims()
	p := make([]float64, rows)
	for i := range p {
		p[i] = mat.Dot(c.m.RowView(i), mat.NewVecDense(len(e.v), e.v))
	}
	return p
}

// Update returns c conditioned on the effect e: each row scaled by e and
// renormalised. It returns a *ZeroProbabilityError when e has probability 0
// under some input configuration, and panics with a *diagram.TypeError when
// e is not an effect on the outputs of c.
func (c *Channel) Update(e *Effect) (*Channel, error) {
	p := c.Validity(e)
	rows, cols := c.m.Dims()
	m := mat.NewDense(rows, cols, nil)
	for i := 0; i < rows; i++ {
		if !(p[i] > 0) {
			zero := &ZeroProbabilityError{Event: e.String()}
			if len(c.in) > 0 {
				zero.Input = configLabel(c.in, i)
			}
			return nil, zero
		}
		src, dst := c.m.RawRowView(i), m.RawRowView(i)
		for j, v := range src {
			dst[j] = v * e.v[j] / p[i]
		}
	}
	return &Channel{in: cloneTypes(c.in), out: cloneTypes(c.out), m: m}, nil
}

// Condition returns c conditioned on the event that output pos[k] is in
// state states[k] for every k, renormalised. The result keeps the output
// types of c, so the conditioned outputs become point masses that Marginal
// can drop. Condition returns a *ZeroProbabilityError when the event has
// probability 0 under some input configuration, and an error when a
// position or state is out of range.
func (c *Channel) Condition(pos, states []int) (*Channel, error) {
	e, err := Event(c.out, pos, states)
	if err != nil {
		return nil, err
	}
	return c.Update(e)
}

// Disintegrate splits c : A -> O along the output positions on into its
// marginal A -> O[on] and a conditional A ⊗ O[on] -> O[rest], where rest
// lists the other output positions in increasing order. A is often the
// unit, when c is a joint state. Together they rebuild c: for every input a
// and output o,
//
//	c(o | a) = marginal(o[on] | a) · conditional(o[rest] | a, o[on]).
//
// Where the marginal is 0 the conditional is not determined by c, and its
// row is uniform. Disintegrate returns an error when a position of on is out
// of range or listed twice.
func Disintegrate(c *Channel, on []int) (marginal, conditional *Channel, err error) {
	if err := checkPositions("disintegration", on, c.out, true); err != nil {
		return nil, nil, err
	}
	rest := complement(len(c.out), on)
	marginal = c.Marginal(on)

	condIn := append(cloneTypes(c.in), pick(c.out, on)...)
	condOut := pick(c.out, rest)
	rows, cols := c.m.Dims()
	mcols := marginal.Cols()
	ccols := mustConfigs("stochastic.Disintegrate", condOut)
	if mcols > math.MaxInt/rows {
		invalid("stochastic.Disintegrate", "the conditional has more than %d rows", math.MaxInt)
	}
	m := mat.NewDense(rows*mcols, ccols, nil)

	x := make([]int, len(c.out))
	y := make([]int, len(on))
	z := make([]int, len(rest))
	for j := 0; j < cols; j++ {
		JointStates(c.out, j, x)
		for k, p := range on {
			y[k] = x[p]
		}
		for k, p := range rest {
			z[k] = x[p]
		}
		jm, jc := JointIndex(marginal.out, y), JointIndex(condOut, z)
		for i := 0; i < rows; i++ {
			if p := marginal.m.At(i, jm); p > 0 {
				m.Set(i*mcols+jm, jc, c.m.At(i, j)/p)
			}
		}
	}
	fillZeroRows(m)
	return marginal, &Channel{in: condIn, out: condOut, m: m}, nil
}

// fillZeroRows makes every row of m that sums to 0 uniform.
func fillZeroRows(m *mat.Dense) {
	rows, cols := m.Dims()
	for i := 0; i < rows; i++ {
		row := m.RawRowView(i)
		if mat.Sum(mat.NewVecDense(cols, row)) > 0 {
			continue
		}
		for j := range row {
			row[j] = 1 / float64(cols)
		}
	}
}

// BayesInvert returns the Bayesian inverse of c : A -> B against the prior
// state on A: the channel B -> A whose row b is the posterior P(A | B=b) of
// the joint prior(a)·c(b | a). Together with the predicted state
// Then(prior, c) it rebuilds that joint. Where the predicted state is 0 the
// posterior is not determined, and its row is uniform. BayesInvert returns
// an error when prior is not a state on the inputs of c.
func BayesInvert(c, prior *Channel) (*Channel, error) {
	if len(prior.in) != 0 || firstMismatch(prior.out, c.in) >= 0 {
		got, want := formatTypePair(prior.out, c.in)
		return nil, fmt.Errorf("stochastic: prior %s -> %s for Bayesian inversion, want a state I -> %s",
			formatTypes(prior.in), got, want)
	}

	// The joint state on A ⊗ B, disintegrated along B.
	rows, cols := c.m.Dims()
	joint := mat.NewDense(1, rows*cols, nil)
	for a := 0; a < rows; a++ {
		pa := prior.m.At(0, a)
		for b, v := range c.m.RawRowView(a) {
			joint.Set(0, a*cols+b, pa*v)
		}
	}
	jc := &Channel{out: append(cloneTypes(c.in), c.out...), m: joint}
	on := make([]int, len(c.out))
	for k := range on {
		on[k] = len(c.in) + k
	}
	_, inv, err := Disintegrate(jc, on)
	return inv, err
}
