package stochastic

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/markovcat/causal/diagram"
)

// Tolerance is the largest difference between a row sum and 1 that New,
// NewState and NormalizeRow accept. A row within Tolerance is renormalised
// to sum to 1. New and NewState reject a row beyond it with a *RowError, and
// NormalizeRow with a *DistributionError.
const Tolerance = 1e-6

// Channel is a stochastic matrix from a tensor product of finite sets (its
// input types) to another (its output types). Row i is the distribution of
// the outputs given the input configuration with big-endian index i. A
// Channel is immutable.
type Channel struct {
	in, out []diagram.Type
	m       *mat.Dense
}

// New returns the channel from in to out whose row-major matrix is data:
// one row for each configuration of in, one column for each configuration
// of out, both in big-endian order. New copies data.
//
// New returns a *RowError for an entry that is negative, NaN or infinite,
// or for a row whose sum differs from 1 by more than Tolerance. Rows within
// Tolerance are renormalised. New also returns an error when a type has no
// states or data has the wrong length.
func New(in, out []diagram.Type, data []float64) (*Channel, error) {
	rows, err := numConfigs(in)
	if err != nil {
		return nil, err
	}
	cols, err := numConfigs(out)
	if err != nil {
		return nil, err
	}
	if rows > math.MaxInt/cols {
		return nil, fmt.Errorf("stochastic: a channel %s -> %s has more than %d entries",
			formatTypes(in), formatTypes(out), math.MaxInt)
	}
	if len(data) != rows*cols {
		return nil, fmt.Errorf("stochastic: %d numbers for a channel %s -> %s, want %d (%d rows of %d)",
			len(data), formatTypes(in), formatTypes(out), rows*cols, rows, cols)
	}

	c := &Channel{in: cloneTypes(in), out: cloneTypes(out)}
	c.m = mat.NewDense(rows, cols, append([]float64(nil), data...))
	if err := c.normalise(); err != nil {
		return nil, err
	}
	return c, nil
}

// NewState returns the state (a channel from the unit) on out with
// probabilities p, in big-endian order over out. Its errors are those of
// New.
func NewState(out []diagram.Type, p []float64) (*Channel, error) {
	return New(nil, out, p)
}

// normalise checks every row of c.m with NormalizeRow and reports an
// invalid row as a *RowError naming its input configuration.
func (c *Channel) normalise() error {
	rows, _ := c.m.Dims()
	for i := 0; i < rows; i++ {
		err := NormalizeRow(c.m.RawRowView(i))
		if err == nil {
			continue
		}
		de := err.(*DistributionError)
		re := &RowError{Row: i, Input: configLabel(c.in, i), Col: de.Entry, Value: de.Value}
		if de.Entry >= 0 {
			re.Output = configLabel(c.out, de.Entry)
		}
		return re
	}
	return nil
}

// NormalizeRow checks that p is a probability distribution and divides it
// by its sum in place, so that it sums to 1. It returns a
// *DistributionError when an entry is negative, NaN or infinite, or when the
// sum of p differs from 1 by more than Tolerance, and then leaves p
// unchanged. NormalizeRow stores -0 as +0.
func NormalizeRow(p []float64) error {
	sum := 0.0
	for k, v := range p {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return &DistributionError{Entry: k, Value: v}
		}
		sum += v
	}
	// A sum of finite entries can overflow to +Inf, which fails this test too.
	if math.Abs(sum-1) > Tolerance {
		return &DistributionError{Entry: -1, Value: sum}
	}
	for k, v := range p {
		switch {
		case v == 0:
			p[k] = 0 // not -0, which String would print as -0.0000
		case sum != 1:
			p[k] = v / sum
		}
	}
	return nil
}

// DistributionError reports a row of numbers that is not a probability
// distribution. Its message names the entry by its index, counted from 0,
// and has no package prefix, so that callers can wrap it with the name of
// the row.
type DistributionError struct {
	// Entry is the index of the entry that is negative, NaN or infinite,
	// counted from 0. Entry is -1 when every entry is valid but the sum is
	// not within Tolerance of 1.
	Entry int

	// Value is the invalid entry, or the sum when Entry is -1.
	Value float64
}

// Error returns a message naming the entry or the sum and saying what is
// valid.
func (e *DistributionError) Error() string {
	switch {
	case e.Entry < 0:
		return fmt.Sprintf("entries sum to %v, want 1 within %v", e.Value, Tolerance)
	case e.Value < 0 && !math.IsInf(e.Value, 0):
		return fmt.Sprintf("entry %d is negative (%v), want a probability in [0, 1]", e.Entry, e.Value)
	default:
		return fmt.Sprintf("entry %d is %v, want a probability in [0, 1]", e.Entry, e.Value)
	}
}

// RowError reports a row of numbers that is not a probability distribution.
type RowError struct {
	// Row is the index of the row, and Input its input configuration
	// written as "X=x, Y=y", or "I" for a state.
	Row   int
	Input string

	// Col is the column of the invalid entry and Output its output
	// configuration. Col is -1 when every entry is valid but the row sum is
	// not 1.
	Col    int
	Output string

	// Value is the invalid entry, or the row sum when Col is -1.
	Value float64
}

// Error returns a message naming the row and the value and saying what is
// valid.
func (e *RowError) Error() string {
	row := fmt.Sprintf("row %d (%s)", e.Row, e.Input)
	if e.Input == "I" {
		row = "the state"
	}
	if e.Col < 0 {
		return fmt.Sprintf("stochastic: %s sums to %.10g, want 1 within %v", row, e.Value, Tolerance)
	}
	return fmt.Sprintf("stochastic: %s, column %d (%s) is %v, want a finite probability in [0, 1]",
		row, e.Col, e.Output, e.Value)
}

// Point returns the point state on t that is state with probability 1.
// Point panics with a *diagram.TypeError when state is not a state of t.
func Point(t diagram.Type, state int) *Channel {
	if state < 0 || state >= t.Size() {
		invalid("stochastic.Point", "state %d of type %s is out of range, want 0 to %d", state, t, t.Size()-1)
	}
	c := &Channel{out: []diagram.Type{t}, m: mat.NewDense(1, t.Size(), nil)}
	c.m.Set(0, state, 1)
	return c
}

// FromFunc returns the deterministic channel from in to out that sends each
// input configuration x (one state index per type of in) to the output
// configuration f(x) with probability 1. It returns an error when f returns
// a list of the wrong length or a state out of range. The slice passed to f
// is reused between calls.
func FromFunc(in, out []diagram.Type, f func(x []int) []int) (*Channel, error) {
	rows, err := numConfigs(in)
	if err != nil {
		return nil, err
	}
	cols, err := numConfigs(out)
	if err != nil {
		return nil, err
	}

	c := &Channel{in: cloneTypes(in), out: cloneTypes(out), m: mat.NewDense(rows, cols, nil)}
	x := make([]int, len(in))
	for i := 0; i < rows; i++ {
		JointStates(in, i, x)
		label := assignmentLabel(in, x)
		y := f(x)
		if len(y) != len(out) {
			return nil, fmt.Errorf("stochastic: function returned %d states for input %s, want %d (%s)",
				len(y), label, len(out), formatTypes(out))
		}
		for k, s := range y {
			if s < 0 || s >= out[k].Size() {
				return nil, fmt.Errorf("stochastic: function returned state %d of %s for input %s, want 0 to %d",
					s, out[k], label, out[k].Size()-1)
			}
		}
		c.m.Set(i, JointIndex(out, y), 1)
	}
	return c, nil
}

// In returns the input types of c.
func (c *Channel) In() []diagram.Type { return cloneTypes(c.in) }

// Out returns the output types of c.
func (c *Channel) Out() []diagram.Type { return cloneTypes(c.out) }

// Rows returns the number of input configurations of c.
func (c *Channel) Rows() int { r, _ := c.m.Dims(); return r }

// Cols returns the number of output configurations of c.
func (c *Channel) Cols() int { _, k := c.m.Dims(); return k }

// At returns the probability of output configuration j given input
// configuration i.
func (c *Channel) At(i, j int) float64 { return c.m.At(i, j) }

// Prob returns the probability of the output states y given the input
// states x, one state index per type. It panics when a state is out of
// range.
func (c *Channel) Prob(x, y []int) float64 {
	return c.m.At(c.index("input", c.in, x), c.index("output", c.out, y))
}

// index returns the joint index of the states x of ts, panicking on states
// out of range.
func (c *Channel) index(role string, ts []diagram.Type, x []int) int {
	if len(x) != len(ts) {
		invalid("stochastic.Prob", "%d %s states for %s, want %d", len(x), role, formatTypes(ts), len(ts))
	}
	for k, s := range x {
		if s < 0 || s >= ts[k].Size() {
			invalid("stochastic.Prob", "%s state %d of %s is out of range, want 0 to %d", role, s, ts[k], ts[k].Size()-1)
		}
	}
	return JointIndex(ts, x)
}

// Matrix returns the matrix of c. It shares storage with c and must not be
// modified.
func (c *Channel) Matrix() mat.Matrix { return c.m }

// Row returns a copy of row i of c: the distribution of the outputs given
// input configuration i.
func (c *Channel) Row(i int) []float64 {
	return append([]float64(nil), c.m.RawRowView(i)...)
}

// IsDeterministic reports whether every entry of c is 0 or 1, so that c is a
// function from input to output configurations.
func (c *Channel) IsDeterministic() bool {
	rows, _ := c.m.Dims()
	for i := 0; i < rows; i++ {
		for _, v := range c.m.RawRowView(i) {
			if v != 0 && v != 1 {
				return false
			}
		}
	}
	return true
}

// String returns c as a table: a header with the types, then one line per
// input configuration with its distribution, each probability with four
// decimals.
func (c *Channel) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s -> %s\n", formatTypes(c.in), formatTypes(c.out))
	rows, _ := c.m.Dims()
	for i := 0; i < rows; i++ {
		if len(c.in) > 0 {
			fmt.Fprintf(&b, "%s:", configLabel(c.in, i))
		}
		for _, v := range c.m.RawRowView(i) {
			fmt.Fprintf(&b, " %.4f", v)
		}
		b.WriteByte('\n')
	}
	return b.String()
}
