package counterfactual

import (
	"fmt"
	"math"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/stochastic"
)

// Methods that produce an Estimate.
const (
	MethodTwin       = "twin network"                               // exact, by contracting the parallel-world diagram
	MethodAbduction  = "abduction-action-prediction"                // exact, by the posterior over exogenous variables
	MethodTianPearl  = "Tian-Pearl bounds"                          // closed-form bounds on PN, PS or PNS
	MethodLinearProg = "linear programming over response functions" // bounds from canonical models
)

// Estimate is a probability. When the model determines it, Exact is true and
// Lower equals Upper. Otherwise [Lower, Upper] is an interval that contains
// the probability under every model consistent with what is known; it is
// not a confidence interval.
type Estimate struct {
	Lower, Upper float64
	Exact        bool
	Method       string // a Method constant, or the formula that ETT used
}

// Value returns the point value of an exact estimate. For bounds it returns
// their midpoint, which is not an estimate of the probability: every value
// between the bounds is equally consistent with the model.
func (e Estimate) Value() float64 {
	if e.Exact {
		return e.Lower
	}
	return (e.Lower + e.Upper) / 2
}

// String formats e as "0.25" or as "[0.5, 0.7] (bounds)".
func (e Estimate) String() string {
	if e.Exact {
		return fmt.Sprintf("%.6g", e.Lower)
	}
	return fmt.Sprintf("[%.6g, %.6g] (bounds)", e.Lower, e.Upper)
}

func point(p float64, method string) Estimate {
	return Estimate{Lower: p, Upper: p, Exact: true, Method: method}
}

// bounds returns the interval [lo, hi] clipped to [0, 1], with rounding
// error that crosses the two ends removed.
func bounds(lo, hi float64, method string) Estimate {
	lo = math.Min(math.Max(lo, 0), 1)
	hi = math.Min(math.Max(hi, 0), 1)
	if lo > hi {
		lo, hi = (lo+hi)/2, (lo+hi)/2
	}
	return Estimate{Lower: lo, Upper: hi, Method: method}
}

// Bounds are computed in floating point from probabilities that carry
// rounding error, and gonum's simplex method works to absolute tolerances
// of about 1e-12. A bound conditional on evidence of probability P(e) is a
// ratio whose error is about that absolute error divided by P(e).
const (
	// roundoff is the absolute error allowed for a probability computed
	// from a model before it is divided by the probability of the
	// evidence. Bounds are widened by roundoff / P(e), so that they still
	// contain every consistent value.
	roundoff = 1e-11
	// minEvidence is the smallest probability of the evidence for which
	// bounds are computed. At it the widening is 0.01.
	minEvidence = 1e-9
)

// RareEvidenceError reports bounds that are not computed because the
// evidence, though possible, has a probability below 1e-9 in a model
// consistent with the given one. Rounding error could then move the bounds
// by more than 0.01. A functional model has no such limit.
type RareEvidenceError struct {
	Evidence string  // the evidence, "X=1, Y=1"
	P        float64 // its smallest probability found, 0 when below rounding error
}

// Error returns a message naming the evidence and its probability.
func (e *RareEvidenceError) Error() string {
	p := fmt.Sprintf("%.3g", e.P)
	if e.P < 1e-12 {
		p = "below 1e-12"
	}
	return fmt.Sprintf("counterfactual: evidence %s has probability %s in a model consistent with the given one; bounds conditional on evidence rarer than %g would be dominated by rounding error, so none are computed (a functional model gives an exact answer)",
		e.Evidence, p, minEvidence)
}

// widen returns e with margin subtracted from its lower and added to its
// upper bound, clipped to [0, 1].
func widen(e Estimate, margin float64) Estimate {
	return bounds(e.Lower-margin, e.Upper+margin, e.Method)
}

// Row is one joint assignment of the target variables with its probability.
type Row struct {
	States []int // one state index per target, in the order of Answer.Targets
	Estimate
}

// Answer is the answer to a counterfactual query: one row per joint
// assignment of the targets that the query asks about (only the given
// states for targets written with a value).
type Answer struct {
	Targets []Var
	Rows    []Row
	// Exact reports whether every row is a point value. When it is false,
	// the rows hold bounds and Reason explains why no point value exists.
	Exact  bool
	Method string // the method that computed the rows, one of the Method constants
	Reason string
}

// Assignment returns the states of row r by target name, as
// {"Y_{X=1}": "1"}.
func (a *Answer) Assignment(r Row) map[string]string {
	out := make(map[string]string, len(a.Targets))
	for k, t := range a.Targets {
		out[t.Name] = t.Type.States[r.States[k]]
	}
	return out
}

// Probability returns the estimate of the single row of an answer whose
// targets all have values, and an error when the answer has several rows.
func (a *Answer) Probability() (Estimate, error) {
	if len(a.Rows) != 1 {
		return Estimate{}, fmt.Errorf("counterfactual: answer has %d rows, want 1 (give every target a value)", len(a.Rows))
	}
	return a.Rows[0].Estimate, nil
}

// answerFromState builds the rows of an exact answer from a state over the
// targets' types, keeping only the assignments consistent with the targets'
// values.
func answerFromState(vars []Var, p *plan, c *stochastic.Channel, method string) *Answer {
	a := &Answer{Targets: vars, Exact: true, Method: method}
	ts := make([]diagram.Type, len(vars))
	for k, v := range vars {
		ts[k] = v.Type
	}
	x := make([]int, len(ts))
	for j := range c.Cols() {
		stochastic.JointStates(ts, j, x)
		if !matches(p.targets, x) {
			continue
		}
		a.Rows = append(a.Rows, Row{States: append([]int(nil), x...), Estimate: point(c.At(0, j), method)})
	}
	return a
}

// matches reports whether x agrees with the values of the terms.
func matches(ts []cfTerm, x []int) bool {
	for k, t := range ts {
		if t.value >= 0 && x[k] != t.value {
			return false
		}
	}
	return true
}
