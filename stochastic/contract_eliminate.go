package stochastic

import (
	"math"
	"slices"
)

// eliminate sums out the variables in order and multiplies what remains into a
// factor over the kept variables, in global ids.
func (net *network) eliminate(order []int, limit int, rescale bool, stats *Stats) (Factor, error) {
	e := newEliminator(net, len(order), limit, stats)
	e.rescale = rescale
	for _, v := range order {
		if err := e.sumOut(v); err != nil {
			return Factor{}, err
		}
	}
	return e.finish()
}

// eliminator holds the state of variable elimination on a network.
type eliminator struct {
	net   *network
	limit int
	stats *Stats

	byVar  [][]int // the factors that have each variable, as indices in net.fs
	alive  []bool  // whether each factor of net.fs is still to be multiplied
	owned  []bool  // whether each factor was formed here, so that its values can be reused
	scalar float64 // the product of the factors reduced to scalars
	// rescale is ContractOptions.Rescale. The product of the factors is then
	// 2^stats.Exponent times what the factors hold.
	rescale bool
	// zero is set when a product of factors, rescaled, was all zero, so that
	// the contraction is zero and no later product is worth redoing.
	zero bool

	k         kernel
	pool      bufferPool
	group     []Factor
	groupIdx  []int
	out, card []int
	seen      []int // the stamp of the listOut call that last added each variable to out
	stamp     int
	rank      []int // the position of each variable in the loop order of align
}

func newEliminator(net *network, steps, limit int, stats *Stats) *eliminator {
	n := len(net.card)
	e := &eliminator{
		net:    net,
		limit:  limit,
		stats:  stats,
		byVar:  make([][]int, n),
		alive:  make([]bool, len(net.fs), len(net.fs)+steps),
		owned:  make([]bool, len(net.fs), len(net.fs)+steps),
		scalar: 1,
		seen:   make([]int, n),
	}
	// The lists of byVar start in one block, with room for two factors
	// formed later.
	count := make([]int, n)
	for _, f := range net.fs {
		for _, v := range f.Vars {
			count[v]++
		}
	}
	total := 0
	for _, c := range count {
		total += c + 2
	}
	block := make([]int, total)
	for v, c := range count {
		e.byVar[v] = block[0 : 0 : c+2]
		block = block[c+2:]
	}
	for i, f := range net.fs {
		e.alive[i] = true
		for _, v := range f.Vars {
			e.byVar[v] = append(e.byVar[v], i)
		}
	}
	return e
}

// sumOut multiplies the factors that have v and sums v out of the product.
func (e *eliminator) sumOut(v int) error {
	net := e.net
	e.takeGroup(v)
	if len(e.group) == 0 {
		return nil
	}
	e.listOut(e.group, v)
	size := net.tensorSize(e.out)
	if size > e.limit {
		return net.sizeError(append(e.out, v), mulSat(size, net.card[v]), e.limit)
	}

	loop := mulSat(size, net.card[v])
	r, temps := e.product(e.group, v, size, loop, nil)
	largest := 0.0
	if e.rescale {
		largest = largestOf(r.Values)
	}
	if e.rescale && e.suspect(largest, len(e.group)) {
		// The product may have left the range of float64: form it again
		// from rescaled factors.
		for _, t := range temps {
			e.pool.put(t)
		}
		e.pool.put(r.Values)
		e.regroup()
		temps = e.balance(e.group, e.groupIdx, nil)
		r, temps = e.product(e.group, v, size, loop, temps)
		largest = largestOf(r.Values)
		e.zero = largest == 0
	}
	e.stats.note(r, len(e.group))
	e.stats.Eliminated++

	for _, t := range temps {
		e.pool.put(t)
	}
	for _, i := range e.groupIdx {
		if e.owned[i] {
			e.pool.put(net.fs[i].Values)
		}
		net.fs[i] = Factor{}
	}
	if e.rescale {
		e.normalize(r.Values, largest)
	}
	if len(r.Vars) == 0 {
		e.scalar *= r.Values[0]
		if e.rescale {
			frac, exp := math.Frexp(e.scalar)
			e.scalar = frac
			e.stats.Exponent += exp
		}
		return nil
	}
	idx := len(net.fs)
	net.fs = append(net.fs, r)
	e.alive = append(e.alive, true)
	e.owned = append(e.owned, true)
	for _, u := range r.Vars {
		e.byVar[u] = append(e.byVar[u], idx)
	}
	return nil
}

// product multiplies the factors of group and sums v out of the product, into
// a tensor of size entries, over the variables of group other than v. The
// loop over all of the group's variables has loop steps. It returns the
// result and temps with the buffers it formed added. It rearranges group.
func (e *eliminator) product(group []Factor, v, size, loop int, temps [][]float64) (Factor, [][]float64) {
	group, temps = e.premultiply(group, loop, temps)
	// The result lists the variables of the largest factor first, in its
	// order, and for a large loop the other factors are permuted to agree, so
	// that the kernel reads and writes every tensor in nearly sequential order.
	e.listOut(group, v)
	if loop >= alignEntries {
		temps = e.align(group, temps, v, size)
	}
	r := Factor{Vars: e.pool.ints(e.out), Card: e.pool.ints(e.card), Values: e.pool.get(size)}
	e.k.productSum(r.Values, group, r.Vars, r.Card, v, e.net.card[v])
	return r, temps
}

// regroup sets e.group back to the factors of net.fs listed in e.groupIdx.
func (e *eliminator) regroup() {
	e.group = e.group[:0]
	for _, i := range e.groupIdx {
		e.group = append(e.group, e.net.fs[i])
	}
}

// suspect reports whether a product of n factors whose largest entry is
// largest may have left the range of float64: largest is 0, below
// rescaleBelow or above rescaleAbove, so that entries may have underflowed to
// zero or overflowed. A product of one factor, or one formed after a product
// was all zero, is never suspect.
func (e *eliminator) suspect(largest float64, n int) bool {
	if n < 2 || e.zero {
		return false
	}
	return !(largest >= rescaleBelow && largest <= rescaleAbove)
}

// alignEntries is the number of loop steps from which sumOut permutes factors
// into the loop order: the permutation reads each factor once, while the loop
// reads it many times.
const alignEntries = 1 << 12

// align replaces each factor of group whose variables are out of the order of
// the kernel's loop by a permuted copy, so that the loop reads every factor in
// nearly sequential order. The loop order is that of kernel.dims: the
// variables of the largest tensor, then the others, with v last when the
// result, of dstSize entries, is the largest. A negative v means that nothing
// is summed out. It returns temps with the
// copies added.
func (e *eliminator) align(group []Factor, temps [][]float64, v, dstSize int) [][]float64 {
	big := -1
	bigSize := dstSize
	for i, f := range group {
		if len(f.Values) > bigSize {
			big, bigSize = i, len(f.Values)
		}
	}
	if e.rank == nil {
		e.rank = make([]int, len(e.net.card))
	}
	next := 0
	ranked := func(u int) {
		if e.rank[u] < 0 {
			e.rank[u] = next
			next++
		}
	}
	for _, f := range group {
		for _, u := range f.Vars {
			e.rank[u] = -1
		}
	}
	if big >= 0 {
		for _, u := range group[big].Vars {
			ranked(u)
		}
	}
	for _, u := range e.out {
		ranked(u)
	}
	if v >= 0 {
		ranked(v)
	}
	for i, f := range group {
		if i == big || slices.IsSortedFunc(f.Vars, func(a, b int) int { return e.rank[a] - e.rank[b] }) {
			continue
		}
		vars := slices.Clone(f.Vars)
		slices.SortFunc(vars, func(a, b int) int { return e.rank[a] - e.rank[b] })
		strides := f.Strides()
		card := make([]int, len(vars))
		dims := make([]int, len(vars))
		for j, u := range vars {
			p := f.pos(u)
			card[j], dims[j] = f.Card[p], strides[p]
		}
		g := Factor{Vars: vars, Card: card, Values: e.pool.get(len(f.Values))}
		gather(g.Values, f.Values, 0, card, dims)
		group[i] = g
		temps = append(temps, g.Values)
	}
	return temps
}

// Intermediate tensors whose largest entry is outside [rescaleBelow,
// rescaleAbove] are rescaled when ContractOptions.Rescale is set.
const (
	rescaleBelow = 0x1p-500
	rescaleAbove = 0x1p500
)

// normalize multiplies values, whose largest entry is largest, by the power
// of two that brings that entry near 1, when it is far from 1, and adds the
// exponent to the stats.
func (e *eliminator) normalize(values []float64, largest float64) {
	if largest == 0 || (largest >= rescaleBelow && largest <= rescaleAbove) {
		return
	}
	_, exp := math.Frexp(largest)
	scaleInto(values, values, exp)
	e.stats.Exponent += exp
}

// balance rescales each factor of group, whose indices in net.fs are idx, so
// that its largest entry is in [1/2, 1), and adds the exponents to the stats.
// Factors in range do not suffice, because 200 tables of 0.01 multiply to
// 1e-400. A factor formed here is scaled in place, and an input factor is
// copied into a buffer that balance appends to temps and returns.
func (e *eliminator) balance(group []Factor, idx []int, temps [][]float64) [][]float64 {
	for k, i := range idx {
		largest := largestOf(group[k].Values)
		if largest == 0 || largest > math.MaxFloat64 {
			continue
		}
		_, exp := math.Frexp(largest)
		if exp == 0 {
			continue
		}
		values := group[k].Values
		if !e.owned[i] {
			values = e.pool.get(len(values))
			temps = append(temps, values)
		}
		scaleInto(values, group[k].Values, exp)
		group[k].Values = values
		e.net.fs[i].Values = values
		e.stats.Exponent += exp
	}
	return temps
}

// largestOf returns the largest entry of values, or 0 when there is none
// above 0.
func largestOf(values []float64) float64 {
	largest := 0.0
	for _, x := range values {
		// A comparison, not the builtin max, whose handling of NaN and signed
		// zeros makes this scan several times slower.
		if x > largest {
			largest = x
		}
	}
	return largest
}

// scaleInto sets dst to src times 2^-exp. dst and src may be the same slice.
func scaleInto(dst, src []float64, exp int) {
	// Two exact powers of two, because 2^-exp alone overflows for the
	// smallest subnormal largest entries.
	s1 := math.Ldexp(1, -exp/2)
	s2 := math.Ldexp(1, -exp-(-exp/2))
	for i, x := range src {
		dst[i] = x * s1 * s2
	}
}

// takeGroup moves the live factors that have v into e.group.
func (e *eliminator) takeGroup(v int) {
	e.group, e.groupIdx = e.group[:0], e.groupIdx[:0]
	for _, i := range e.byVar[v] {
		if !e.alive[i] {
			continue
		}
		e.alive[i] = false
		e.group = append(e.group, e.net.fs[i])
		e.groupIdx = append(e.groupIdx, i)
	}
	e.byVar[v] = nil
}

// listOut sets e.out and e.card to the variables of group other than v: those
// of the largest factor first, in its order, then the others.
func (e *eliminator) listOut(group []Factor, v int) {
	big := 0
	for i, f := range group {
		if len(f.Values) > len(group[big].Values) {
			big = i
		}
	}
	e.stamp++
	e.out, e.card = e.out[:0], e.card[:0]
	e.addVars(group[big], v)
	for _, f := range group {
		e.addVars(f, v)
	}
}

// addVars appends to e.out the variables of f other than v not yet listed.
func (e *eliminator) addVars(f Factor, v int) {
	for _, u := range f.Vars {
		if u != v && e.seen[u] != e.stamp {
			e.seen[u] = e.stamp
			e.out = append(e.out, u)
			e.card = append(e.card, e.net.card[u])
		}
	}
}

// finish multiplies the remaining factors into a factor over the kept
// variables.
func (e *eliminator) finish() (Factor, error) {
	net := e.net
	e.group = e.group[:0]
	for i, f := range net.fs {
		if e.alive[i] {
			e.group = append(e.group, f)
		}
	}
	size := net.tensorSize(net.kept)
	if size > e.limit {
		return Factor{}, net.sizeError(net.kept, size, e.limit)
	}

	card := make([]int, len(net.kept))
	for i, v := range net.kept {
		card[i] = net.card[v]
	}
	r := Factor{Vars: net.kept, Card: card, Values: make([]float64, size)}
	e.k.productSum(r.Values, e.group, r.Vars, r.Card, 0, 0)
	if e.rescale && e.suspect(largestOf(r.Values), len(e.group)) {
		e.groupIdx = e.groupIdx[:0]
		for i := range net.fs {
			if e.alive[i] {
				e.groupIdx = append(e.groupIdx, i)
			}
		}
		e.balance(e.group, e.groupIdx, nil)
		clear(r.Values)
		e.k.productSum(r.Values, e.group, r.Vars, r.Card, 0, 0)
	}
	e.stats.note(r, len(e.group))
	if e.scalar != 1 {
		for i := range r.Values {
			r.Values[i] *= e.scalar
		}
	}
	if e.rescale {
		e.normalize(r.Values, largestOf(r.Values))
	}
	return net.global(r), nil
}

// premultiply multiplies the smallest factors of group together while their
// product is at most half the size of the loop over all of the group's
// variables (domain entries), since every factor fewer saves one multiplication
// per entry of that loop. It returns the new group and temps with the buffers
// it formed added.
func (e *eliminator) premultiply(group []Factor, domain int, temps [][]float64) ([]Factor, [][]float64) {
	for len(group) > 2 {
		// Find the two smallest factors.
		a, b := -1, -1
		for i, f := range group {
			switch {
			case a < 0 || len(f.Values) < len(group[a].Values):
				a, b = i, a
			case b < 0 || len(f.Values) < len(group[b].Values):
				b = i
			}
		}
		pair := []Factor{group[a], group[b]}
		e.listOut(pair, -1)
		size := e.net.tensorSize(e.out)
		if size > domain/2 {
			break
		}
		if size >= alignEntries {
			temps = e.align(pair, temps, -1, size)
		}
		p := Factor{Vars: e.pool.ints(e.out), Card: e.pool.ints(e.card), Values: e.pool.get(size)}
		e.k.productSum(p.Values, pair, p.Vars, p.Card, 0, 0)
		e.stats.note(p, 2)
		temps = append(temps, p.Values)
		group[a] = p
		group[b] = group[len(group)-1]
		group = group[:len(group)-1]
	}
	return group, temps
}

// bufferPool keeps the value slices of consumed intermediate factors for reuse
// within one contraction, and hands out small slices from larger blocks to
// save allocations.
type bufferPool struct {
	free     [][]float64
	intBlock []int
	valBlock []float64
}

// ints returns a copy of s.
func (p *bufferPool) ints(s []int) []int {
	if len(p.intBlock) < len(s) {
		p.intBlock = make([]int, max(32, len(s), min(2*cap(p.intBlock), 1024)))
	}
	c := p.intBlock[:len(s):len(s)]
	p.intBlock = p.intBlock[len(s):]
	copy(c, s)
	return c
}

// get returns a zeroed slice of n values.
func (p *bufferPool) get(n int) []float64 {
	if n < 64 {
		// Small slices come from a block and are not reused.
		if len(p.valBlock) < n {
			p.valBlock = make([]float64, max(64, min(2*cap(p.valBlock), 1024)))
		}
		c := p.valBlock[:n:n]
		p.valBlock = p.valBlock[n:]
		return c
	}
	best := -1
	for i, b := range p.free {
		if cap(b) >= n && (best < 0 || cap(b) < cap(p.free[best])) {
			best = i
		}
	}
	if best < 0 || cap(p.free[best]) > 4*n+64 {
		return make([]float64, n)
	}
	b := p.free[best][:n]
	p.free[best] = p.free[len(p.free)-1]
	p.free = p.free[:len(p.free)-1]
	clear(b)
	return b
}

func (p *bufferPool) put(b []float64) {
	if cap(b) >= 64 {
		p.free = append(p.free, b)
	}
}
