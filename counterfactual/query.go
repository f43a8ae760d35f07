package counterfactual

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

// Query evaluates the counterfactual query q on the functional model m by
// contracting its twin diagram (see TwinDiagram). Options set the size limit
// and the contraction heuristic of stochastic.Interpret.
//
// Evidence of probability zero is a *stochastic.ZeroProbabilityError naming
// it, and a query that requires one counterfactual variable to take two
// values is a *ContradictionError.
func (m *Model) Query(q *scm.Query, opts ...stochastic.Option) (*Answer, error) {
	p, err := compile(m, q)
	if err != nil {
		return nil, err
	}
	return m.twinQuery(p, opts...)
}

// Query evaluates the counterfactual query q on the causal model m.
//
// When m is functional (see FromSCM), the answer is exact and comes from the
// twin diagram. Otherwise a counterfactual has no point value: the
// distributions of m are consistent with many functional models that
// disagree on it. Query then returns bounds, Answer.Exact false, computed by
// linear programming over response-function models (see LinearBounds). When
// that program is too large (*SizeError) or gonum's simplex method fails on
// it (*SimplexError), and q asks for a probability of necessity,
// sufficiency, or necessity and sufficiency, Query returns the Tian-Pearl
// bounds instead, with Answer.Method MethodTianPearl and Answer.Reason
// saying why.
//
// Query reads m as a functional model at every call. A Querier does that
// once for many queries on one model.
func Query(m *scm.Model, q *scm.Query) (*Answer, error) {
	return NewQuerier(m).Query(q)
}

// Querier evaluates counterfactual queries on one causal model like Query,
// but builds the functional model of it (FromSCM) only once, at the first
// query, and reuses it, or the error of FromSCM, for every later one.
type Querier struct {
	m     *scm.Model
	once  sync.Once
	fm    *Model
	fmErr error
}

// NewQuerier returns a Querier for the causal model m.
func NewQuerier(m *scm.Model) *Querier {
	return &Querier{m: m}
}

// Query evaluates the counterfactual query q on the querier's model, as
// the function Query does.
func (qr *Querier) Query(q *scm.Query) (*Answer, error) {
	if err := check(qr.m, q); err != nil {
		return nil, err
	}
	qr.once.Do(func() {
		qr.fm, qr.fmErr = FromSCM(qr.m)
	})
	var nf *NotFunctionalError
	switch {
	case errors.As(qr.fmErr, &nf):
		return boundsQuery(qr.m, q, nf)
	case qr.fmErr != nil:
		return nil, qr.fmErr
	}
	return qr.fm.Query(q)
}

// check checks q against m like q.Check, but reports a target listed twice
// with two values, which q.Check rejects as a repeated target, as the
// *ContradictionError it is.
func check(m *scm.Model, q *scm.Query) error {
	err := q.Check(m)
	if err == nil {
		return nil
	}
	var contradiction *ContradictionError
	if _, cerr := compile(m, q); errors.As(cerr, &contradiction) {
		return cerr
	}
	return err
}

// boundsQuery bounds q on a model that is not functional.
func boundsQuery(m *scm.Model, q *scm.Query, cause *NotFunctionalError) (*Answer, error) {
	reason := fmt.Sprintf("%s is not a deterministic function of its parents (given %s it has distribution %v), so the model does not determine counterfactuals",
		cause.Variable, cause.Row, cause.P)
	a, err := LinearBounds(m, q)
	var (
		size    *SizeError
		failure *SimplexError
	)
	switch {
	case errors.As(err, &size):
		if tp, ok, tpErr := tianPearlQuery(m, q); ok {
			if tpErr != nil {
				return nil, tpErr
			}
			tp.Reason = reason
			return tp, nil
		}
	case errors.As(err, &failure):
		// The Tian-Pearl bounds are closed-form, so rounding that defeats
		// the simplex method does not prevent them.
		if tp, ok, tpErr := tianPearlQuery(m, q); ok {
			if tpErr != nil {
				return nil, tpErr
			}
			tp.Reason = fmt.Sprintf("%s. These are the Tian-Pearl bounds because the simplex method failed numerically on the linear program (%v)",
				reason, strings.TrimPrefix(err.Error(), "counterfactual: "))
			return tp, nil
		}
	}
	if err != nil {
		return nil, err
	}
	a.Reason = reason
	return a, nil
}
