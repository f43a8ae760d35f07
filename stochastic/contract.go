package stochastic

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// DefaultSizeLimit is the largest number of entries of an intermediate tensor that
// Contract forms when ContractOptions.SizeLimit is zero: 2^26 entries, 512 MiB of
// float64 values.
const DefaultSizeLimit = 1 << 26

// ContractOptions configures Contract.
type ContractOptions struct {
	// Keep lists the free variables of the result, in the order of its Vars.
	// A variable listed twice gives a result that is zero off the diagonal.
	Keep []int
	// Heuristic chooses the elimination order. The zero value is MinFill.
	Heuristic Heuristic
	// Order, when not nil, lists variables to eliminate first, in this order.
	// Kept variables and variables of no factor are skipped. The heuristic
	// orders the variables that Order leaves out.
	Order []int
	// SizeLimit is the largest number of entries of an intermediate tensor.
	// Zero means DefaultSizeLimit.
	SizeLimit int
	// Name returns the name of a variable for error messages. When it is nil,
	// messages print the ids.
	Name func(v int) string
	// SingleHeuristic makes Contract use the order of Heuristic even when
	// another heuristic finds a cheaper one.
	SingleHeuristic bool
	// Rescale lets Contract multiply intermediate tensors by powers of two, so
	// that products of many small numbers do not underflow to zero. The result
	// is then the contraction times 2^-Stats.Exponent. A step whose product
	// has its largest entry outside [2^-500, 2^500] is done again with each
	// factor scaled to a largest entry near 1.
	Rescale bool
}

// searchThreshold is the predicted number of entries formed by an order above
// which Contract also tries the other heuristics. Below it, finding an order
// costs as much as contracting.
const searchThreshold = 1 << 15

// Stats describes the work of a contraction.
type Stats struct {
	// MaxIntermediate is the number of entries of the largest tensor formed,
	// the result included.
	MaxIntermediate int
	// Width is the largest number of variables of a tensor formed.
	Width int
	// Eliminated is the number of variables summed out.
	Eliminated int
	// Products is the number of elimination steps that multiplied two or more
	// tensors.
	Products int
	// Exponent is zero unless ContractOptions.Rescale is set. Then the result
	// times 2^Exponent is the contraction.
	Exponent int
}

// SizeLimitError reports that a contraction needs an intermediate tensor with
// more entries than the size limit allows.
type SizeLimitError struct {
	Vars  []string // the variables of the tensor
	Size  int      // its number of entries, or math.MaxInt when that overflows int
	Limit int
}

// Error returns a message naming the tensor's variables, size and limit.
func (e *SizeLimitError) Error() string {
	return fmt.Sprintf("stochastic: contraction needs an intermediate tensor of %d entries over %s, more than the size limit of %d entries: raise the limit or query fewer variables",
		e.Size, strings.Join(e.Vars, ", "), e.Limit)
}

// Contract returns the sum, over every variable not in opt.Keep, of the product of
// the factors fs, as a factor over opt.Keep. It eliminates one variable at a time
// in an order chosen by opt.Heuristic, multiplying only the factors that have that
// variable, so it never forms the joint tensor of all variables unless the order
// needs it. When that order would form more than 2^15 entries in all, Contract
// also tries the other heuristics and keeps the order that forms the fewest,
// unless opt.SingleHeuristic is set. An intermediate tensor with more entries
// than the size limit is a *SizeLimitError, returned before the tensor is
// allocated.
//
// Each factor must have as many cardinalities as variables and as many values as
// the product of its cardinalities, a variable must have the same cardinality in
// every factor, and every kept variable must occur in some factor. The values are
// not checked: they should be finite and non-negative. A variable repeated within
// one factor stands for its diagonal. The factors are not modified.
func Contract(fs []Factor, opt ContractOptions) (Factor, Stats, error) {
	var stats Stats
	if !opt.Heuristic.valid() {
		return Factor{}, stats, fmt.Errorf("stochastic: unknown heuristic %d, want one of %v", int(opt.Heuristic), Heuristics)
	}
	limit := opt.SizeLimit
	if limit <= 0 {
		limit = DefaultSizeLimit
	}
	net := network{name: opt.Name}
	if err := net.build(fs, opt.Keep); err != nil {
		return Factor{}, stats, err
	}
	var prefer []int
	if opt.Order != nil {
		prefer = make([]int, 0, len(opt.Order))
		for _, v := range opt.Order {
			if l, ok := net.local(v); ok {
				prefer = append(prefer, l)
			}
		}
	}
	var o orderer
	order := o.order(&net, opt.Heuristic, prefer)
	if !opt.SingleHeuristic && o.cost > searchThreshold {
		order = searchOrder(&net, opt.Heuristic, prefer, order, o.cost, o.work)
	}
	r, err := net.eliminate(order, limit, opt.Rescale, &stats)
	if err != nil {
		return Factor{}, stats, err
	}
	return r, stats, nil
}

// searchOrder returns the cheapest of order, which forms cost entries, and the
// orders of the other heuristics. When the best is still costly, it also tries
// min-fill and weighted min-fill with random tie-breaks, from a fixed seed so
// that the result is reproducible. The search stops when its work exceeds a
// quarter of the entries that the best order forms, so that it never costs
// much more than it can save.
func searchOrder(net *network, h Heuristic, prefer, order []int, cost, work float64) []int {
	// The loop runs over the constants, not the exported Heuristics slice,
	// which a caller may modify.
	for alt := MinFill; alt <= MinDegree; alt++ {
		if alt == h || 4*work > cost {
			continue
		}
		var o orderer
		if ord := o.order(net, alt, prefer); o.cost < cost {
			order, cost = ord, o.cost
		}
		work += o.work
	}
	if cost <= randomSearchThreshold {
		return order
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < randomRestarts && 4*work < cost; i++ {
		var o orderer
		o.heap.tie, o.heap.rng = []uint64{}, rng
		alt := MinFill
		if i%2 == 1 {
			alt = WeightedMinFill
		}
		if ord := o.order(net, alt, prefer); o.cost < cost {
			order, cost = ord, o.cost
		}
		work += o.work
	}
	return order
}

const (
	// randomSearchThreshold is the predicted number of entries above which
	// searchOrder tries random tie-breaks.
	randomSearchThreshold = 1 << 22
	randomRestarts        = 24
)

// network is a set of factors relabelled over local variable ids 0..n-1.
type network struct {
	ids    []int // global id of each local variable
	card   []int
	keep   []bool
	kept   []int // the distinct kept variables, local ids, in order of opt.Keep
	keepAt []int // for each entry of opt.Keep, its local id
	fs     []Factor
	name   func(v int) string

	dense  []int // global id → local id + 1 when ids are small
	sparse map[int]int
}

func (net *network) local(v int) (int, bool) {
	if net.sparse != nil {
		l, ok := net.sparse[v]
		return l, ok
	}
	if v < 0 || v >= len(net.dense) || net.dense[v] == 0 {
		return 0, false
	}
	return net.dense[v] - 1, true
}

func (net *network) intern(v, c int) (int, error) {
	if l, ok := net.local(v); ok {
		if net.card[l] != c {
			return 0, fmt.Errorf("stochastic: variable %s has cardinality %d in one factor and %d in another", net.varName(l), net.card[l], c)
		}
		return l, nil
	}
	if c < 1 {
		return 0, fmt.Errorf("stochastic: variable %s has cardinality %d, want at least 1", net.nameOf(v), c)
	}
	l := len(net.ids)
	net.ids = append(net.ids, v)
	net.card = append(net.card, c)
	if net.sparse != nil {
		net.sparse[v] = l
	} else {
		net.dense[v] = l + 1
	}
	return l, nil
}

func (net *network) nameOf(v int) string {
	if net.name != nil {
		return net.name(v)
	}
	return strconv.Itoa(v)
}

func (net *network) varName(l int) string { return net.nameOf(net.ids[l]) }

func (net *network) build(fs []Factor, keep []int) error {
	total, maxID, minID := 0, 0, 0
	for _, f := range fs {
		total += len(f.Vars)
		for _, v := range f.Vars {
			maxID = max(maxID, v)
			minID = min(minID, v)
		}
	}
	if minID >= 0 && maxID < 64*total+1024 {
		net.dense = make([]int, maxID+1)
	} else {
		net.sparse = make(map[int]int, total)
	}
	net.fs = make([]Factor, 0, len(fs))
	net.ids = make([]int, 0, total)
	net.card = make([]int, 0, total)
	vars := make([]int, total)
	for i, f := range fs {
		if len(f.Vars) != len(f.Card) {
			return fmt.Errorf("stochastic: factor %d has %d variables but %d cardinalities", i, len(f.Vars), len(f.Card))
		}
		lv := vars[:len(f.Vars):len(f.Vars)]
		vars = vars[len(f.Vars):]
		for j, v := range f.Vars {
			l, err := net.intern(v, f.Card[j])
			if err != nil {
				return err
			}
			lv[j] = l
		}
		lf := Factor{Vars: lv, Card: f.Card, Values: f.Values}
		if n := lf.Size(); len(f.Values) != n {
			return fmt.Errorf("stochastic: factor %d over cardinalities %v has %d values, want %d", i, f.Card, len(f.Values), n)
		}
		if hasRepeat(lv) {
			lf = diagonal(lf)
		}
		net.fs = append(net.fs, lf)
	}
	net.keep = make([]bool, len(net.ids))
	net.keepAt = make([]int, len(keep))
	for i, v := range keep {
		l, ok := net.local(v)
		if !ok {
			return fmt.Errorf("stochastic: kept variable %s occurs in no factor", net.nameOf(v))
		}
		net.keepAt[i] = l
		if !net.keep[l] {
			net.keep[l] = true
			net.kept = append(net.kept, l)
		}
	}
	return nil
}

func hasRepeat(vars []int) bool {
	for i, v := range vars {
		for _, w := range vars[:i] {
			if v == w {
				return true
			}
		}
	}
	return false
}

// diagonal returns f restricted to the entries where repeated variables agree,
// over its distinct variables.
func diagonal(f Factor) Factor {
	strides := f.Strides()
	var vars, card, dims []int
	for i, v := range f.Vars {
		p := -1
		for j, w := range vars {
			if w == v {
				p = j
				break
			}
		}
		if p >= 0 {
			dims[p] += strides[i]
			continue
		}
		vars = append(vars, v)
		card = append(card, f.Card[i])
		dims = append(dims, strides[i])
	}
	out := Factor{Vars: vars, Card: card}
	out.Values = make([]float64, out.Size())
	gather(out.Values, f.Values, 0, card, dims)
	return out
}

// tensorSize returns the number of entries of a tensor over vars, saturating.
func (net *network) tensorSize(vars []int) int {
	size := 1
	for _, v := range vars {
		size = mulSat(size, net.card[v])
	}
	return size
}

func (net *network) sizeError(vars []int, size, limit int) error {
	names := make([]string, len(vars))
	for i, v := range vars {
		names[i] = net.varName(v)
	}
	return &SizeLimitError{Vars: names, Size: size, Limit: limit}
}

func (s *Stats) note(f Factor, n int) {
	s.MaxIntermediate = max(s.MaxIntermediate, len(f.Values))
	s.Width = max(s.Width, len(f.Vars))
	if n > 1 {
		s.Products++
	}
}

// global returns r, a factor over the distinct kept variables, as a factor over
// the kept variables in global ids, with repeats on the diagonal.
func (net *network) global(r Factor) Factor {
	if len(net.keepAt) == len(net.kept) {
		vars := make([]int, len(r.Vars))
		for i, l := range r.Vars {
			vars[i] = net.ids[l]
		}
		return Factor{Vars: vars, Card: append([]int(nil), r.Card...), Values: r.Values}
	}
	vars := make([]int, len(net.keepAt))
	card := make([]int, len(net.keepAt))
	for i, l := range net.keepAt {
		vars[i] = net.ids[l]
		card[i] = net.card[l]
	}
	out := Factor{Vars: vars, Card: card}
	out.Values = make([]float64, out.Size())
	// Scatter: the entry of r at the kept states goes where every copy of a
	// variable has the same state.
	strides := out.Strides()
	dims := make([]int, len(r.Vars))
	for i, l := range r.Vars {
		for j, m := range net.keepAt {
			if m == l {
				dims[i] += strides[j]
			}
		}
	}
	idx := make([]int, len(r.Vars))
	for i := range r.Values {
		off := 0
		for d := range idx {
			off += idx[d] * dims[d]
		}
		out.Values[off] = r.Values[i]
		for d := len(idx) - 1; d >= 0; d-- {
			idx[d]++
			if idx[d] < r.Card[d] {
				break
			}
			idx[d] = 0
		}
	}
	return out
}
