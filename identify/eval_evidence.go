package identify

import (
	"errors"
	"slices"
	"strings"
)

// checkEvidence returns a *EstimandPositivityError with Evidence set when the
// evidence z of the query has probability zero under its interventions x at
// a requested row. The requested rows are every state of the unpinned inputs
// inVars, with the pinned variables in their states. checkEvidence identifies
// P(z | do(x)) with ID and evaluates it on the same law, reusing the marginals
// already read. A row where that estimand is undefined returns its
// *EstimandPositivityError, because the query may be undefined there too.
func (ev *evaluator) checkEvidence(inVars []int, pinned map[int]int) error {
	e := ev.e
	if len(e.given) == 0 {
		return nil
	}

	pz, err := ID(e.g, e.given, e.do)
	var hedge *NotIdentifiableError
	if errors.As(err, &hedge) {
		// NOTE: when P(z | do(x)) is not identifiable, the observational
		// distribution cannot show that the evidence has positive
		// probability. Evaluate then returns the estimand's value at every
		// row where the estimand is defined, even where the query may be
		// undefined.
		return nil
	}
	if err != nil {
		return err
	}
	// The evaluator of P(z | do(x)) reads the same law, so it shares the
	// types and the marginals read so far.
	sub := &evaluator{e: pz, law: ev.law, types: ev.types, memo: make(map[*expr]*value), marginals: ev.marginals}
	p, err := sub.eval(pz.root)
	if err != nil {
		return err
	}
	card, err := ev.cards(inVars)
	if err != nil {
		return err
	}

	strides := stridesOf(p.f.Card)
	state := make([]int, len(inVars))
	stateOf := func(v int) int {
		if s, ok := pinned[v]; ok {
			return s
		}
		return state[slices.Index(inVars, v)]
	}
	for i := range productOf(card) {
		decodeIndex(i, card, state)
		k := 0
		for j, v := range p.f.Vars {
			k += stateOf(v) * strides[j]
		}
		if p.undef != nil && p.undef[k] {
			// The probability of the evidence is unknown at this row, so the
			// query may be undefined there. The error names the undefined
			// term of the evidence's estimand.
			perr, err := p.cause(k)
			if err != nil {
				return err
			}
			perr.At = ev.rowString(inVars, state, pinned)
			return perr
		}
		if p.f.Values[k] > 0 {
			continue
		}
		return &EstimandPositivityError{
			Term:     queryString(e.g, e.given, e.do, nil),
			Event:    ev.assignAll(e.given, stateOf),
			At:       ev.rowString(inVars, state, pinned),
			Evidence: true,
			Do:       ev.assignAll(e.do, stateOf),
		}
	}
	return nil
}

// assignAll writes "X=x, Y=y" for the nodes vs in the states stateOf gives.
func (ev *evaluator) assignAll(vs []int, stateOf func(int) int) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = ev.assign(v, stateOf(v))
	}
	return strings.Join(parts, ", ")
}
