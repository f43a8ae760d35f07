package identify

import (
	"fmt"
	"slices"
	"strings"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/stochastic"
)

// Law is an observational distribution over named discrete variables, the
// input on which an estimand is evaluated.
type Law interface {
	// Marginal returns the marginal distribution of the named variables as a
	// state whose output types are theirs, in the order of vars.
	Marginal(vars []string) (*stochastic.Channel, error)
}

// EstimandPositivityError reports that an estimand is undefined at a requested
// assignment. Either one of its terms conditions on an event of probability
// zero in the observational distribution, or it divides by a term that is
// zero, or the query's evidence has probability zero under its interventions.
// Unwrap returns the *stochastic.ZeroProbabilityError for the event.
type EstimandPositivityError struct {
	// Term is the term that conditions on the event, or the divisor, as the
	// estimand's String writes it. When Evidence is true, it is the
	// probability of the evidence, such as "P(Z | do(X))".
	Term string
	// Event is the event of probability zero, such as "X=1, Z=0", the
	// assignment of the divisor's variables at which it is zero, or the
	// assignment of the evidence when Evidence is true.
	Event string
	// At is the assignment of the query's interventions and evidence at which
	// the estimand is undefined, such as "X=1".
	At string
	// Divisor reports that Term is a divisor that is zero at Event, such as
	// the probability of the evidence of a conditional query under the
	// intervention.
	Divisor bool
	// Evidence reports that the query itself is undefined at At, because its
	// evidence, Event, has probability zero under the interventions Do. The
	// estimand may still have a value there, because IDC moved that evidence
	// into the intervention.
	Evidence bool
	// Do is the assignment of the interventions under which the evidence has
	// probability zero, such as "X=1", when Evidence is true. It is empty when
	// the query has no interventions.
	Do string
}

// Error returns a message naming the zero-probability event and the
// assignment at which the estimand or the query is undefined.
func (e *EstimandPositivityError) Error() string {
	switch {
	case e.Evidence && e.Do == "":
		return fmt.Sprintf("identify: positivity violation: the evidence %s has probability 0 in the observational distribution, so a query conditioned on it is undefined", e.Event)
	case e.Evidence:
		return fmt.Sprintf("identify: positivity violation: the evidence %s has probability 0 under do(%s), so a query conditioned on it is undefined", e.Event, e.Do)
	case e.Divisor:
		return fmt.Sprintf("identify: positivity violation: at %s the estimand divides by %s, which is 0 at %s in the observational distribution", e.At, e.Term, e.Event)
	}
	return fmt.Sprintf("identify: positivity violation: at %s the term %s conditions on %s, which has probability 0 in the observational distribution", e.At, e.Term, e.Event)
}

// Unwrap returns the zero-probability event as a *stochastic.ZeroProbabilityError,
// with the interventions as its Input when Evidence is true.
func (e *EstimandPositivityError) Unwrap() error {
	return &stochastic.ZeroProbabilityError{Event: e.Event, Input: e.Do}
}

// Evaluate returns the value of the estimand e on the observational
// distribution law, as a channel from the interventions and then the evidence,
// in increasing node order, to the targets in increasing node order. Row x of
// the channel is the query's distribution over the targets at x.
//
// fixed, which may be nil, assigns states by name to some interventions or
// evidence variables. Those variables are then left out of the channel's
// input, and its rows hold only the matching configurations.
//
// Evaluate computes each shared part of the expression once, as a table over
// its free variables, and sums products by tensor contraction without forming
// the joint table of all variables. A requested row at which a term conditions
// on an event of probability zero, or a divisor is zero, is a
// *EstimandPositivityError naming the term and the event. The named term cell
// is one that the row uses with positive weight, so it makes the row
// undefined.
//
// A query with evidence z is undefined where P(z | do(x)) is zero, even when
// its estimand is defined there: IDC replaces conditioning on evidence by
// intervening on it where do-calculus allows, and the estimand then no longer
// divides by P(z | do(x)). Evaluate therefore also identifies P(z | do(x))
// with ID and evaluates it at each requested row. A row where it is zero is
// a *EstimandPositivityError with Evidence set, and a row where its estimand
// is undefined is the *EstimandPositivityError of that estimand, because the
// query may be undefined there.
func Evaluate(e *Estimand, law Law, fixed map[string]string) (*stochastic.Channel, error) {
	ev := newEvaluator(e, law)
	inVars, pinned, err := ev.fixedStates(fixed)
	if err != nil {
		return nil, err
	}
	root, err := ev.eval(e.root)
	if err != nil {
		return nil, err
	}
	for _, v := range e.root.free.members() {
		if !slices.Contains(e.targets, v) && !slices.Contains(e.do, v) && !slices.Contains(e.given, v) {
			return nil, fmt.Errorf("identify: internal error: estimand %s has free variable %s outside the query", e, quoteName(e.g.Name(v)))
		}
	}
	ch, err := ev.channel(root, inVars, pinned)
	if err != nil {
		return nil, err
	}
	if err := ev.checkEvidence(inVars, pinned); err != nil {
		return nil, err
	}
	return ch, nil
}

// marginal is a marginal table of the law over variables in increasing order.
type marginal struct {
	vars   []int
	card   []int
	values []float64
}

// value is the table of an expression node over its free variables. Cells
// where the node is undefined hold 0 and are marked in undef.
type value struct {
	f     stochastic.Factor
	undef []bool // nil when every cell is defined
	// cause returns the error for undefined cell k. It names a term cell that
	// makes cell k undefined: a zero-probability conditioning event or a zero
	// divisor whose weight in cell k is positive.
	cause func(k int) (*EstimandPositivityError, error)
}

type evaluator struct {
	e         *Estimand
	law       Law
	types     map[int]diagram.Type
	memo      map[*expr]*value
	marginals map[string]marginal
	// scopes maps each node to the display names in scope where the
	// estimand's String writes it. The first error builds it.
	scopes map[*expr]map[int]string
}

func newEvaluator(e *Estimand, law Law) *evaluator {
	return &evaluator{e: e, law: law, types: make(map[int]diagram.Type), memo: make(map[*expr]*value), marginals: make(map[string]marginal)}
}

// fixedStates checks fixed and returns the unfixed interventions and evidence,
// and the pinned state index of each fixed variable.
func (ev *evaluator) fixedStates(fixed map[string]string) ([]int, map[int]int, error) {
	g := ev.e.g
	pinned := make(map[int]int)
	for name, state := range fixed {
		v, ok := g.Index(name)
		if !ok || (!slices.Contains(ev.e.do, v) && !slices.Contains(ev.e.given, v)) {
			return nil, nil, fmt.Errorf("identify: cannot fix %s: it is not an intervention or evidence variable of %s", quoteName(name), ev.e.Query())
		}
		t, err := ev.typeOf(v)
		if err != nil {
			return nil, nil, err
		}
		k, ok := t.Index(state)
		if !ok {
			return nil, nil, fmt.Errorf("identify: variable %s has no state %s: valid states are %s", quoteName(name), quoteName(state), strings.Join(t.States, ", "))
		}
		pinned[v] = k
	}
	var in []int
	for _, v := range slices.Concat(ev.e.do, ev.e.given) {
		if _, ok := pinned[v]; !ok {
			in = append(in, v)
		}
	}
	return in, pinned, nil
}

// typeOf returns the type of node v, from the law's marginal of v.
func (ev *evaluator) typeOf(v int) (diagram.Type, error) {
	if t, ok := ev.types[v]; ok {
		return t, nil
	}
	if _, err := ev.marginal(setOf(ev.e.g.NumNodes(), v)); err != nil {
		return diagram.Type{}, err
	}
	return ev.types[v], nil
}

// marginal returns the law's marginal over the nodes s, cached by set.
func (ev *evaluator) marginal(s nodeSet) (marginal, error) {
	key := fmt.Sprint([]uint64(s))
	if m, ok := ev.marginals[key]; ok {
		return m, nil
	}
	vars := s.members()
	names := ev.e.g.namesOf(vars)
	c, err := ev.law.Marginal(names)
	if err != nil {
		return marginal{}, err
	}
	out := c.Out()
	if c.Rows() != 1 || len(out) != len(vars) {
		return marginal{}, fmt.Errorf("identify: marginal of %s has %d rows and %d outputs, want a state over %d variables", strings.Join(names, ", "), c.Rows(), len(out), len(vars))
	}
	m := marginal{vars: vars, card: make([]int, len(vars)), values: c.Row(0)}
	for i, v := range vars {
		if old, ok := ev.types[v]; ok && !old.Equal(out[i]) {
			return marginal{}, fmt.Errorf("identify: the law gives variable %s two different types", quoteName(names[i]))
		}
		ev.types[v] = out[i]
		m.card[i] = out[i].Size()
	}
	ev.marginals[key] = m
	return m, nil
}

func (ev *evaluator) eval(x *expr) (*value, error) {
	if v, ok := ev.memo[x]; ok {
		return v, nil
	}
	var v *value
	var err error
	switch x.kind {
	case probExpr:
		v, err = ev.evalProb(x)
	case productExpr:
		v, err = ev.contract(x.args, x.free)
	case sumExpr:
		v, err = ev.contract(factors(x.args[0]), x.free)
	case quotientExpr:
		v, err = ev.evalQuotient(x)
	}
	if err != nil {
		return nil, err
	}
	ev.memo[x] = v
	return v, nil
}

// evalProb returns the table of P(A | B) over A ∪ B in increasing node order.
func (ev *evaluator) evalProb(x *expr) (*value, error) {
	m, err := ev.marginal(x.free)
	if err != nil {
		return nil, err
	}
	// Positions of the conditioning variables; the conditional divides each
	// cell by the total of the cells with the same values of B.
	var given []int
	for i, v := range m.vars {
		if x.given.has(v) {
			given = append(given, i)
		}
	}
	strides := stridesOf(m.card)
	total := make(map[int]float64)
	keys := make([]int, len(m.values))
	state := make([]int, len(m.card))
	for i, p := range m.values {
		decodeIndex(i, m.card, state)
		k := 0
		for _, j := range given {
			k += state[j] * strides[j]
		}
		keys[i] = k
		total[k] += p
	}
	v := &value{f: stochastic.Factor{Vars: m.vars, Card: m.card, Values: make([]float64, len(m.values))}}
	for i, p := range m.values {
		t := total[keys[i]]
		if t > 0 {
			v.f.Values[i] = p / t
			continue
		}
		if v.undef == nil {
			v.undef = make([]bool, len(m.values))
		}
		v.undef[i] = true
	}
	v.cause = func(k int) (*EstimandPositivityError, error) {
		state := make([]int, len(m.card))
		decodeIndex(k, m.card, state)
		var parts []string
		for _, j := range given {
			parts = append(parts, ev.termAssign(x, m.vars[j], state[j]))
		}
		return &EstimandPositivityError{Term: ev.termString(x), Event: strings.Join(parts, ", ")}, nil
	}
	return v, nil
}

// evalQuotient returns the table of num / den over their free variables.
func (ev *evaluator) evalQuotient(x *expr) (*value, error) {
	num, err := ev.eval(x.args[0])
	if err != nil {
		return nil, err
	}
	den, err := ev.eval(x.args[1])
	if err != nil {
		return nil, err
	}
	vars := x.free.members()
	card, err := ev.cards(vars)
	if err != nil {
		return nil, err
	}
	nv, nu := expand(num, vars, card)
	dv, du := expand(den, vars, card)
	v := &value{f: stochastic.Factor{Vars: vars, Card: card, Values: make([]float64, len(nv))}}
	for i := range nv {
		defined := (nu == nil || !nu[i]) && (du == nil || !du[i])
		if defined && dv[i] > 0 {
			v.f.Values[i] = nv[i] / dv[i]
			continue
		}
		if v.undef == nil {
			v.undef = make([]bool, len(nv))
		}
		v.undef[i] = true
	}
	v.cause = func(k int) (*EstimandPositivityError, error) {
		state := make([]int, len(card))
		decodeIndex(k, card, state)
		switch {
		case du != nil && du[k]:
			return den.cause(cellOf(den, vars, state))
		case nu != nil && nu[k]:
			return num.cause(cellOf(num, vars, state))
		}
		var parts []string
		for j, u := range vars {
			if x.args[1].free.has(u) {
				parts = append(parts, ev.termAssign(x.args[1], u, state[j]))
			}
		}
		return &EstimandPositivityError{Term: ev.termString(x.args[1]), Event: strings.Join(parts, ", "), Divisor: true}, nil
	}
	return v, nil
}

// contract returns the sum of the product of the tables of fs over every
// variable outside keep. A cell is undefined when some product in its sum has
// an undefined factor and no factor that is zero. Such cells are found by
// contracting two indicator tables, one of the nonzero-or-undefined cells and
// one of the positive defined cells, because the two contractions differ
// exactly there.
func (ev *evaluator) contract(fs []*expr, keep nodeSet) (*value, error) {
	if len(fs) == 0 {
		return &value{f: stochastic.Scalar(1)}, nil
	}
	vals := make([]*value, len(fs))
	any := false
	for i, f := range fs {
		v, err := ev.eval(f)
		if err != nil {
			return nil, err
		}
		vals[i] = v
		any = any || v.undef != nil
	}
	keepVars := keep.members()
	tables := make([]stochastic.Factor, len(vals))
	for i, v := range vals {
		tables[i] = v.f
	}
	opt := stochastic.ContractOptions{Keep: keepVars, Name: ev.e.g.Name}
	r, _, err := stochastic.Contract(tables, opt)
	if err != nil {
		return nil, err
	}
	out := &value{f: r}
	if !any {
		return out, nil
	}
	support := make([]stochastic.Factor, len(vals))
	positive := make([]stochastic.Factor, len(vals))
	for i, v := range vals {
		support[i] = indicator(v, true)
		positive[i] = indicator(v, false)
	}
	s, _, err := stochastic.Contract(support, opt)
	if err != nil {
		return nil, err
	}
	p, _, err := stochastic.Contract(positive, opt)
	if err != nil {
		return nil, err
	}
	for i := range s.Values {
		if s.Values[i] > p.Values[i] {
			if out.undef == nil {
				out.undef = make([]bool, len(s.Values))
			}
			out.undef[i] = true
			out.f.Values[i] = 0
		}
	}
	out.cause = func(k int) (*EstimandPositivityError, error) {
		return ev.contractionCause(vals, support, positive, r, k, opt)
	}
	return out, nil
}

// contractionCause returns the error for undefined cell k of the contraction
// r of the tables vals. It looks for a product in the sum of cell k with an
// undefined factor cell and no zero factor, and explains that factor cell.
// It prefers a product whose other factors are all defined and positive,
// so that the weight of the undefined cell in cell k is positive, and
// otherwise takes one whose other factors are positive or undefined.
func (ev *evaluator) contractionCause(vals []*value, support, positive []stochastic.Factor, r stochastic.Factor, k int, opt stochastic.ContractOptions) (*EstimandPositivityError, error) {
	// One-hot tables pin the kept variables to the states of cell k.
	cellStates := make([]int, len(r.Card))
	decodeIndex(k, r.Card, cellStates)
	pins := make([]stochastic.Factor, len(r.Vars))
	for i, u := range r.Vars {
		pins[i] = stochastic.Factor{Vars: []int{u}, Card: []int{r.Card[i]}, Values: make([]float64, r.Card[i])}
		pins[i].Values[cellStates[i]] = 1
	}
	for _, others := range [][]stochastic.Factor{positive, support} {
		for j, v := range vals {
			if v.undef == nil {
				continue
			}
			// Contracting the other factors' indicators with the indicator
			// of the undefined cells of factor j, onto the variables of
			// factor j, leaves its undefined cells of positive weight in
			// cell k nonzero.
			tables := slices.Concat(others, pins)
			tables[j] = undefIndicator(v)
			o := opt
			o.Keep = v.f.Vars
			w, _, err := stochastic.Contract(tables, o)
			if err != nil {
				return nil, err
			}
			for i, x := range w.Values {
				if x > 0 {
					return v.cause(i)
				}
			}
		}
	}
	return nil, fmt.Errorf("identify: internal error: no undefined term explains cell %d of a contraction", k)
}

// undefIndicator returns the 0/1 table of the undefined cells of v.
func undefIndicator(v *value) stochastic.Factor {
	f := stochastic.Factor{Vars: v.f.Vars, Card: v.f.Card, Values: make([]float64, len(v.f.Values))}
	for i, u := range v.undef {
		if u {
			f.Values[i] = 1
		}
	}
	return f
}

// cellOf returns the index of the cell of v that state selects. state assigns
// vars, which contain every variable of v.
func cellOf(v *value, vars, state []int) int {
	strides := stridesOf(v.f.Card)
	k := 0
	for j, u := range v.f.Vars {
		k += state[slices.Index(vars, u)] * strides[j]
	}
	return k
}

// indicator returns the 0/1 table of the cells of v that are nonzero or
// undefined (withUndef) or that are defined and positive (!withUndef).
func indicator(v *value, withUndef bool) stochastic.Factor {
	f := stochastic.Factor{Vars: v.f.Vars, Card: v.f.Card, Values: make([]float64, len(v.f.Values))}
	for i, x := range v.f.Values {
		u := v.undef != nil && v.undef[i]
		if x > 0 || (withUndef && u) {
			f.Values[i] = 1
		}
	}
	return f
}

// channel builds the result channel from the root table.
func (ev *evaluator) channel(root *value, inVars []int, pinned map[int]int) (*stochastic.Channel, error) {
	e := ev.e
	in := make([]diagram.Type, len(inVars))
	for i, v := range inVars {
		t, err := ev.typeOf(v)
		if err != nil {
			return nil, err
		}
		in[i] = t
	}
	out := make([]diagram.Type, len(e.targets))
	for i, v := range e.targets {
		t, err := ev.typeOf(v)
		if err != nil {
			return nil, err
		}
		out[i] = t
	}
	// The full assignment: inputs, then targets; pinned variables are constant.
	vars := slices.Concat(inVars, e.targets)
	card := make([]int, len(vars))
	for i, v := range vars {
		card[i] = ev.types[v].Size()
	}
	rootVars := root.f.Vars
	rootStrides := stridesOf(root.f.Card)
	data := make([]float64, productOf(card))
	state := make([]int, len(card))
	for i := range data {
		decodeIndex(i, card, state)
		k := 0
		for j, v := range rootVars {
			s, ok := pinned[v]
			if !ok {
				s = state[slices.Index(vars, v)]
			}
			k += s * rootStrides[j]
		}
		if root.undef != nil && root.undef[k] {
			perr, err := root.cause(k)
			if err != nil {
				return nil, err
			}
			perr.At = ev.rowString(inVars, state, pinned)
			return nil, perr
		}
		data[i] = root.f.Values[k]
	}
	return stochastic.New(in, out, data)
}

// rowString writes the assignment of a requested row: the unpinned inputs
// inVars in the states state, then the pinned interventions and evidence.
func (ev *evaluator) rowString(inVars, state []int, pinned map[int]int) string {
	var at []string
	for j, v := range inVars {
		at = append(at, ev.assign(v, state[j]))
	}
	for _, v := range slices.Concat(ev.e.do, ev.e.given) {
		if s, ok := pinned[v]; ok {
			at = append(at, ev.assign(v, s))
		}
	}
	if len(at) == 0 {
		return "every assignment"
	}
	return strings.Join(at, ", ")
}

// cards returns the number of states of each node of vars.
func (ev *evaluator) cards(vars []int) ([]int, error) {
	card := make([]int, len(vars))
	for i, v := range vars {
		t, err := ev.typeOf(v)
		if err != nil {
			return nil, err
		}
		card[i] = t.Size()
	}
	return card, nil
}

// assign writes "name=state" for node v in state index s.
func (ev *evaluator) assign(v, s int) string {
	t := ev.types[v]
	return quoteName(ev.e.g.Name(v)) + "=" + quoteName(t.States[s])
}

// scope returns the display names of the variables in scope at the part x
// of the estimand, as its String writes them.
func (ev *evaluator) scope(x *expr) map[int]string {
	if ev.scopes == nil {
		ev.scopes = ev.e.scopes()
	}
	// NOTE: a node that String writes in two scopes, such as under two
	// different sums, gets the names of the first one.
	if names, ok := ev.scopes[x]; ok {
		return names
	}
	// A part that String does not write out reads with its own names.
	names := make(map[int]string)
	for _, v := range x.free.members() {
		names[v] = ev.e.g.Name(v)
	}
	return names
}

// termString writes the part x of the estimand as the estimand's String
// writes it, with the primes of its variables.
func (ev *evaluator) termString(x *expr) string {
	return formatTerm(ev.e.g, x, ev.scope(x))
}

// termAssign writes "name=state" for node v in state index s, with the
// display name of v in the part x of the estimand.
func (ev *evaluator) termAssign(x *expr, v, s int) string {
	base := ev.e.g.Name(v)
	name := quoteName(base)
	if n, ok := ev.scope(x)[v]; ok {
		name += n[len(base):]
	}
	return name + "=" + quoteName(ev.types[v].States[s])
}

// expand returns the values and undefined marks of v laid out over vars.
// vars contains all the variables of v, and v is constant along the others.
func expand(v *value, vars, card []int) ([]float64, []bool) {
	strides := stridesOf(v.f.Card)
	n := productOf(card)
	vals := make([]float64, n)
	var undef []bool
	if v.undef != nil {
		undef = make([]bool, n)
	}
	pos := make([]int, len(v.f.Vars))
	for j, u := range v.f.Vars {
		pos[j] = slices.Index(vars, u)
	}
	state := make([]int, len(card))
	for i := range vals {
		decodeIndex(i, card, state)
		k := 0
		for j, p := range pos {
			k += state[p] * strides[j]
		}
		vals[i] = v.f.Values[k]
		if undef != nil {
			undef[i] = v.undef[k]
		}
	}
	return vals, undef
}

// stridesOf returns the big-endian strides of a table with cardinalities card.
func stridesOf(card []int) []int {
	s := make([]int, len(card))
	step := 1
	for i := len(card) - 1; i >= 0; i-- {
		s[i] = step
		step *= card[i]
	}
	return s
}

func productOf(card []int) int {
	n := 1
	for _, c := range card {
		n *= c
	}
	return n
}

// decodeIndex writes into state the big-endian digits of index i.
func decodeIndex(i int, card, state []int) {
	for j := len(card) - 1; j >= 0; j-- {
		state[j] = i % card[j]
		i /= card[j]
	}
}
