package counterfactual

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

// CausationData is the input of the Tian-Pearl bounds: distributions of a
// binary treatment X and a binary outcome Y. Index 1 stands for the treatment
// state x and the outcome state y, index 0 for the other states x' and y'.
type CausationData struct {
	// Joint[i][j] is the observational probability P(X=i, Y=j). It must
	// sum to 1 within stochastic.Tolerance, and the bounds use it rescaled
	// to sum to 1.
	Joint [2][2]float64
	// Interventional, when not nil, holds the experimental probabilities
	// P(Y=y | do(X=x')) at index 0 and P(Y=y | do(X=x)) at index 1.
	Interventional *[2]float64
}

// check validates d: a distribution in Joint, probabilities in
// Interventional, and the two consistent with each other (for each x,
// P(x, y) <= P(y | do(x)) <= 1 - P(x, y'), which every causal model obeys).
// It rescales Joint to sum to 1, because the formulas mix terms such as
// 1 - P(x', y') and P(x, y) + P(x', y) that agree only on a normalised joint.
// Their difference is divided by probabilities that may be small.
func (d *CausationData) check() error {
	sum := 0.0
	for i, row := range d.Joint {
		for j, p := range row {
			if math.IsNaN(p) || math.IsInf(p, 0) || p < 0 || p > 1 {
				return fmt.Errorf("counterfactual: Joint[%d][%d] is %v, want a probability in [0, 1]", i, j, p)
			}
			sum += p
		}
	}
	if math.Abs(sum-1) > stochastic.Tolerance {
		return fmt.Errorf("counterfactual: Joint sums to %v, want 1 within %v", sum, stochastic.Tolerance)
	}
	for i := range d.Joint {
		for j := range d.Joint[i] {
			d.Joint[i][j] /= sum
		}
	}
	if d.Interventional == nil {
		return nil
	}
	for i, p := range d.Interventional {
		if math.IsNaN(p) || p < 0 || p > 1 {
			return fmt.Errorf("counterfactual: Interventional[%d] is %v, want a probability in [0, 1]", i, p)
		}
		lo, hi := d.Joint[i][1], 1-d.Joint[i][0]
		if p < lo-stochastic.Tolerance || p > hi+stochastic.Tolerance {
			return fmt.Errorf("counterfactual: Interventional[%d] = P(y | do(X=%d)) is %v, want a value in [P(X=%d, y), 1 - P(X=%d, y')] = [%v, %v] for data from one causal model",
				i, i, p, i, i, lo, hi)
		}
	}
	return nil
}

// PNBounds returns the Tian-Pearl bounds on the probability of necessity
// PN = P(Y_{x'}=y' | X=x, Y=y), the probability that the outcome would not
// have occurred without the treatment, given that both occurred:
//
//	max(0, (P(y) - P(y | do(x'))) / P(x, y)) <= PN <= min(1, (P(y' | do(x')) - P(x', y')) / P(x, y)).
//
// Without interventional data the bounds are [0, 1]. PNBounds returns a
// *stochastic.ZeroProbabilityError when P(x, y) is 0.
func PNBounds(d CausationData) (Estimate, error) {
	if err := d.check(); err != nil {
		return Estimate{}, err
	}
	pxy := d.Joint[1][1]
	if pxy <= 0 {
		return Estimate{}, &stochastic.ZeroProbabilityError{Event: "X=x, Y=y"}
	}
	if d.Interventional == nil {
		return bounds(0, 1, MethodTianPearl), nil
	}
	py := d.Joint[0][1] + d.Joint[1][1]
	pyx0 := d.Interventional[0]
	lo := math.Max(0, (py-pyx0)/pxy)
	hi := math.Min(1, (1-pyx0-d.Joint[0][0])/pxy)
	return bounds(lo, hi, MethodTianPearl), nil
}

// PSBounds returns the Tian-Pearl bounds on the probability of sufficiency
// PS = P(Y_x=y | X=x', Y=y'), the probability that the treatment would have
// produced the outcome, given that neither occurred:
//
//	max(0, (P(y | do(x)) - P(y)) / P(x', y')) <= PS <= min(1, (P(y | do(x)) - P(x, y)) / P(x', y')).
//
// Without interventional data the bounds are [0, 1]. PSBounds returns a
// *stochastic.ZeroProbabilityError when P(x', y') is 0.
func PSBounds(d CausationData) (Estimate, error) {
	if err := d.check(); err != nil {
		return Estimate{}, err
	}
	p := d.Joint[0][0]
	if p <= 0 {
		return Estimate{}, &stochastic.ZeroProbabilityError{Event: "X=x', Y=y'"}
	}
	if d.Interventional == nil {
		return bounds(0, 1, MethodTianPearl), nil
	}
	py := d.Joint[0][1] + d.Joint[1][1]
	pyx1 := d.Interventional[1]
	lo := math.Max(0, (pyx1-py)/p)
	hi := math.Min(1, (pyx1-d.Joint[1][1])/p)
	return bounds(lo, hi, MethodTianPearl), nil
}

// PNSBounds returns the Tian-Pearl bounds on the probability of necessity
// and sufficiency PNS = P(Y_x=y, Y_{x'}=y'):
//
//	max(0, P(y_x) - P(y_x'), P(y) - P(y_x'), P(y_x) - P(y))
//	  <= PNS <= min(P(y_x), P(y'_x'), P(x, y) + P(x', y'), P(y_x) - P(y_x') + P(x, y') + P(x', y)),
//
// where P(y_x) is P(y | do(x)). Without interventional data the bounds are
// [0, P(x, y) + P(x', y')].
func PNSBounds(d CausationData) (Estimate, error) {
	if err := d.check(); err != nil {
		return Estimate{}, err
	}
	j := d.Joint
	if d.Interventional == nil {
		return bounds(0, j[1][1]+j[0][0], MethodTianPearl), nil
	}
	py := j[0][1] + j[1][1]
	y0, y1 := d.Interventional[0], d.Interventional[1]
	lo := max(0, y1-y0, py-y0, y1-py)
	hi := min(y1, 1-y0, j[1][1]+j[0][0], y1-y0+j[1][0]+j[0][1])
	return bounds(lo, hi, MethodTianPearl), nil
}

// Causation names the events of a probability of causation on binary
// variables: the treatment X=XState (x) against the other state x' of X, and
// the outcome Y=YState (y) against the other state y' of Y.
type Causation struct {
	X, XState string
	Y, YState string
}

// resolve returns the indices of X and Y and the states x, x', y, y'.
func (c Causation) resolve(m *scm.Model) (x, y int, xs, ys [2]int, err error) {
	var ok bool
	for _, v := range []struct {
		name, state string
		idx         *int
		states      *[2]int
	}{{c.X, c.XState, &x, &xs}, {c.Y, c.YState, &y, &ys}} {
		if *v.idx, ok = m.Index(v.name); !ok {
			return 0, 0, xs, ys, fmt.Errorf("counterfactual: unknown variable %q, want one of %s", v.name, list(m.Names()))
		}
		t := m.Type(*v.idx)
		if t.Size() != 2 {
			return 0, 0, xs, ys, fmt.Errorf("counterfactual: %s has %d states (%s), want a binary variable for a probability of causation",
				t.Name, t.Size(), list(t.States))
		}
		s, ok := t.Index(v.state)
		if !ok {
			return 0, 0, xs, ys, fmt.Errorf("counterfactual: unknown state %q of %s, want one of %s", v.state, t.Name, list(t.States))
		}
		*v.states = [2]int{1 - s, s}
	}
	if x == y {
		return 0, 0, xs, ys, fmt.Errorf("counterfactual: treatment and outcome are both %s, want two variables", c.X)
	}
	return x, y, xs, ys, nil
}

// Data computes the Tian-Pearl inputs of c from the model: the joint of X and
// Y by exact inference and P(y | do(x)) by surgery.
func (c Causation) Data(m *scm.Model) (CausationData, error) {
	x, y, xs, ys, err := c.resolve(m)
	if err != nil {
		return CausationData{}, err
	}
	joint, err := m.Posterior([]int{x, y}, nil)
	if err != nil {
		return CausationData{}, err
	}
	var d CausationData
	var exp [2]float64
	for i := range 2 {
		for j := range 2 {
			d.Joint[i][j] = joint.At(0, xs[i]*2+ys[j])
		}
		// Surgery: X loses its parents and becomes the point state x.
		cut, err := m.WithMechanism(x, nil, stochastic.Point(m.Type(x), xs[i]))
		if err != nil {
			return CausationData{}, err
		}
		py, err := cut.Posterior([]int{y}, nil)
		if err != nil {
			return CausationData{}, err
		}
		exp[i] = py.At(0, ys[1])
	}
	d.Interventional = &exp
	return d, nil
}

// terms returns the query terms X=x, Y=y, and Y_{X=x}=y for states xi, yi.
func (c Causation) terms(m *scm.Model, xi, yi int) (tx, ty scm.Term, cf func(doX, yv int) scm.Term) {
	x, _ := m.Index(c.X)
	y, _ := m.Index(c.Y)
	xt, yt := m.Type(x), m.Type(y)
	tx = scm.Term{Var: c.X, Value: xt.States[xi], HasValue: true}
	ty = scm.Term{Var: c.Y, Value: yt.States[yi], HasValue: true}
	cf = func(doX, yv int) scm.Term {
		return scm.Term{Var: c.Y, Value: yt.States[yv], HasValue: true,
			Do: []scm.Term{{Var: c.X, Value: xt.States[doX], HasValue: true}}}
	}
	return tx, ty, cf
}

// PN returns the probability of necessity P(Y_{x'}=y' | X=x, Y=y): exact on
// a functional model, and Tian-Pearl bounds from the observational and
// interventional distributions of m otherwise. The bounds are widened by
// 1e-11 / P(x, y) for rounding error, and P(x, y) below 1e-9 gives a
// *RareEvidenceError.
func PN(m *scm.Model, c Causation) (Estimate, error) {
	_, _, xs, ys, err := c.resolve(m)
	if err != nil {
		return Estimate{}, err
	}
	tx, ty, cf := c.terms(m, xs[1], ys[1])
	q := &scm.Query{Targets: []scm.Term{cf(xs[0], ys[0])}, Evidence: []scm.Term{tx, ty}}
	return causation(m, c, q, pnBounds)
}

// PS returns the probability of sufficiency P(Y_x=y | X=x', Y=y'): exact on
// a functional model, and Tian-Pearl bounds otherwise, widened and limited
// as in PN with P(x', y') in place of P(x, y).
func PS(m *scm.Model, c Causation) (Estimate, error) {
	_, _, xs, ys, err := c.resolve(m)
	if err != nil {
		return Estimate{}, err
	}
	tx, ty, cf := c.terms(m, xs[0], ys[0])
	q := &scm.Query{Targets: []scm.Term{cf(xs[1], ys[1])}, Evidence: []scm.Term{tx, ty}}
	return causation(m, c, q, psBounds)
}

// PNS returns the probability of necessity and sufficiency
// P(Y_x=y, Y_{x'}=y'): exact on a functional model, and Tian-Pearl bounds,
// widened by 1e-11 for rounding error, otherwise.
func PNS(m *scm.Model, c Causation) (Estimate, error) {
	_, _, xs, ys, err := c.resolve(m)
	if err != nil {
		return Estimate{}, err
	}
	_, _, cf := c.terms(m, xs[1], ys[1])
	q := &scm.Query{Targets: []scm.Term{cf(xs[1], ys[1]), cf(xs[0], ys[0])}}
	return causation(m, c, q, pnsBounds)
}

// causationBounds is a closed form of the Tian-Pearl bounds with the
// probability of the event it conditions on.
type causationBounds struct {
	fn        func(CausationData) (Estimate, error)
	condition func(CausationData) float64
}

var (
	pnBounds  = causationBounds{PNBounds, func(d CausationData) float64 { return d.Joint[1][1] }}
	psBounds  = causationBounds{PSBounds, func(d CausationData) float64 { return d.Joint[0][0] }}
	pnsBounds = causationBounds{PNSBounds, func(CausationData) float64 { return 1 }}
)

// fromModel returns the bounds on data d computed from a model. Because d
// carries rounding error, the bounds are widened by that error over the
// probability of the event they condition on, and evidence rarer than
// minEvidence gives a *RareEvidenceError.
func (b causationBounds) fromModel(d CausationData, evidence []scm.Term) (Estimate, error) {
	e, err := b.fn(d)
	if err != nil {
		return Estimate{}, err
	}
	p := b.condition(d)
	if p < minEvidence {
		parts := make([]string, len(evidence))
		for k, t := range evidence {
			parts[k] = t.String()
		}
		return Estimate{}, &RareEvidenceError{Evidence: strings.Join(parts, ", "), P: p}
	}
	return widen(e, roundoff/p), nil
}

func causation(m *scm.Model, c Causation, q *scm.Query, b causationBounds) (Estimate, error) {
	fm, err := FromSCM(m)
	if err == nil {
		a, err := fm.Query(q)
		if err != nil {
			return Estimate{}, err
		}
		return a.Probability()
	}
	d, err := c.Data(m)
	if err != nil {
		return Estimate{}, err
	}
	return b.fromModel(d, q.Evidence)
}

// ETT returns the effect of treatment on the treated for the outcome event
// Y=y: P(Y_x=y | X=x) - P(Y_{x'}=y | X=x), the change in the probability of
// the outcome among those who took the treatment x, had they not taken it.
// By consistency the first term is P(y | x). For a binary X the second term
// is (P(y | do(x')) - P(x', y)) / P(x), so ETT is determined by m even when
// m is not functional; ETT computes it from the twin diagram on a functional
// model and from that formula otherwise. The formula divides by P(x), so
// on a model that is not functional P(x) below 1e-9 gives a
// *RareEvidenceError.
func ETT(m *scm.Model, c Causation) (Estimate, error) {
	_, _, xs, ys, err := c.resolve(m)
	if err != nil {
		return Estimate{}, err
	}
	tx, _, cf := c.terms(m, xs[1], ys[1])
	if fm, err := FromSCM(m); err == nil {
		treated, untreated := cf(xs[1], ys[1]), cf(xs[0], ys[1])
		treated.HasValue, untreated.HasValue = false, false
		q := &scm.Query{Targets: []scm.Term{treated, untreated}, Evidence: []scm.Term{tx}}
		a, err := fm.Query(q)
		if err != nil {
			return Estimate{}, err
		}
		ett := 0.0
		for _, r := range a.Rows {
			ett += r.Lower * float64(boolInt(r.States[0] == ys[1])-boolInt(r.States[1] == ys[1]))
		}
		return point(ett, MethodTwin), nil
	}
	d, err := c.Data(m)
	if err != nil {
		return Estimate{}, err
	}
	px := d.Joint[1][0] + d.Joint[1][1]
	if px <= 0 {
		return Estimate{}, &stochastic.ZeroProbabilityError{Event: tx.String()}
	}
	// The formula divides a difference of probabilities that carry
	// rounding error by P(x).
	if px < minEvidence {
		return Estimate{}, &RareEvidenceError{Evidence: tx.String(), P: px}
	}
	ett := d.Joint[1][1]/px - (d.Interventional[0]-d.Joint[0][1])/px
	return point(ett, "consistency: (P(x, y) - P(y | do(x')) + P(x', y)) / P(x)"), nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// tianPearlQuery bounds q by the Tian-Pearl formulas when q is a probability
// of necessity, sufficiency, or necessity and sufficiency on binary
// variables. Otherwise ok is false.
func tianPearlQuery(m *scm.Model, q *scm.Query) (a *Answer, ok bool, err error) {
	if len(q.Do) > 0 {
		return nil, false, nil
	}
	var c Causation
	var fn causationBounds
	switch {
	case len(q.Targets) == 1 && len(q.Evidence) == 2:
		// P(Y_{X=a}=b | X=a', Y=b') is PN with x=a', y=b' (PS is the same
		// form with the roles of the states exchanged).
		t := q.Targets[0]
		if len(t.Do) != 1 || !t.HasValue {
			return nil, false, nil
		}
		ex := slices.IndexFunc(q.Evidence, func(e scm.Term) bool { return e.Var == t.Do[0].Var && len(e.Do) == 0 })
		ey := slices.IndexFunc(q.Evidence, func(e scm.Term) bool { return e.Var == t.Var && len(e.Do) == 0 })
		if ex < 0 || ey < 0 || q.Evidence[ex].Value == t.Do[0].Value || q.Evidence[ey].Value == t.Value {
			return nil, false, nil
		}
		c = Causation{X: t.Do[0].Var, XState: q.Evidence[ex].Value, Y: t.Var, YState: q.Evidence[ey].Value}
		fn = pnBounds
	case len(q.Targets) == 2 && len(q.Evidence) == 0:
		t, u := q.Targets[0], q.Targets[1]
		if len(t.Do) != 1 || len(u.Do) != 1 || !t.HasValue || !u.HasValue || t.Var != u.Var ||
			t.Do[0].Var != u.Do[0].Var || t.Do[0].Value == u.Do[0].Value || t.Value == u.Value {
			return nil, false, nil
		}
		c = Causation{X: t.Do[0].Var, XState: t.Do[0].Value, Y: t.Var, YState: t.Value}
		fn = pnsBounds
	default:
		return nil, false, nil
	}
	if _, _, _, _, err := c.resolve(m); err != nil {
		return nil, false, nil
	}
	d, err := c.Data(m)
	if err != nil {
		return nil, true, err
	}
	e, err := fn.fromModel(d, q.Evidence)
	if err != nil {
		return nil, true, err
	}
	p, err := compile(m, q)
	if err != nil {
		return nil, true, err
	}
	a = &Answer{Targets: p.vars(m), Method: MethodTianPearl}
	states := make([]int, len(p.targets))
	for k, t := range p.targets {
		states[k] = t.value
	}
	a.Rows = []Row{{States: states, Estimate: e}}
	return a, true, nil
}
