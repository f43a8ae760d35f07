package stochastic

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
)

// Heuristic selects how Contract chooses the order in which it eliminates
// variables. Every heuristic is greedy: at each step it eliminates the variable of
// least cost in the interaction graph, whose edges join variables that share a
// factor, and joins that variable's neighbours into a clique. Ties go to the
// variable whose elimination forms the smaller intermediate, then to the variable
// seen first.
type Heuristic int

const (
	// MinFill eliminates the variable that adds the fewest new edges.
	MinFill Heuristic = iota
	// WeightedMinFill eliminates the variable whose new edges have the least total
	// weight, the weight of an edge being the product of its ends' cardinalities.
	WeightedMinFill
	// MinSize eliminates the variable whose elimination forms the smallest
	// intermediate tensor, the product of the cardinalities of the variable and its
	// neighbours.
	MinSize
	// MinDegree eliminates the variable with the fewest neighbours.
	MinDegree
)

// Heuristics lists every heuristic, for tests and benchmarks that try them all.
var Heuristics = []Heuristic{MinFill, WeightedMinFill, MinSize, MinDegree}

// String returns the name of h.
func (h Heuristic) String() string {
	switch h {
	case MinFill:
		return "min-fill"
	case WeightedMinFill:
		return "weighted-min-fill"
	case MinSize:
		return "min-size"
	case MinDegree:
		return "min-degree"
	}
	return fmt.Sprintf("Heuristic(%d)", int(h))
}

func (h Heuristic) valid() bool { return h >= MinFill && h <= MinDegree }

// EliminationOrder returns the order in which Contract with heuristic h eliminates
// the variables of fs that are not in keep. It panics if h is not a Heuristic.
func EliminationOrder(fs []Factor, keep []int, h Heuristic) []int {
	if !h.valid() {
		panic(fmt.Sprintf("stochastic: unknown heuristic %d", int(h)))
	}
	var net network
	net.build(fs, keep)
	var o orderer
	local := o.order(&net, h, nil)
	order := make([]int, len(local))
	for i, v := range local {
		order[i] = net.ids[v]
	}
	return order
}

// orderer holds the interaction graph of a contraction as one bitset of
// neighbours per variable, and the priority queue of the greedy heuristics.
type orderer struct {
	words int
	adj   []uint64 // adj[v*words : (v+1)*words] is the neighbour set of v
	done  []bool
	heap  scoreHeap
	mark  []uint64

	// cost is the total number of entries of the tensors that the order forms,
	// and maxSize the largest, as the graph predicts them.
	cost, maxSize float64
	// work counts the word operations spent finding the order.
	work float64
}

// order returns an elimination order of the local variables of net that are not
// kept. Variables listed in prefer come first, in that order, when they are to be
// eliminated; the heuristic orders the rest.
func (o *orderer) order(net *network, h Heuristic, prefer []int) []int {
	n := len(net.card)
	o.words = (n + 63) / 64
	o.adj = make([]uint64, n*o.words)
	o.mark = make([]uint64, o.words)
	o.done = make([]bool, n)
	for _, f := range net.fs {
		for _, u := range f.Vars {
			row := o.row(u)
			for _, w := range f.Vars {
				if w != u {
					row[w>>6] |= 1 << (uint(w) & 63)
				}
			}
		}
	}
	order := make([]int, 0, n)
	o.cost, o.maxSize = 0, 0
	for _, v := range prefer {
		if v >= 0 && v < n && !net.keep[v] && !o.done[v] {
			o.count(net, v)
			o.eliminate(v)
			order = append(order, v)
		}
	}
	o.heap.init(n)
	for v := 0; v < n; v++ {
		if !net.keep[v] && !o.done[v] {
			o.heap.push(v, o.score(net, h, v))
		}
	}
	for o.heap.len() > 0 {
		v := o.heap.pop()
		// The neighbours of v and their neighbours are the only variables whose
		// score the elimination of v changes.
		mark := o.mark
		copy(mark, o.row(v))
		for wi := 0; wi < o.words; wi++ {
			for b := o.row(v)[wi]; b != 0; b &= b - 1 {
				u := wi<<6 | bits.TrailingZeros64(b)
				ru := o.row(u)
				for j := range mark {
					mark[j] |= ru[j]
				}
			}
		}
		o.count(net, v)
		o.eliminate(v)
		order = append(order, v)
		for wi := 0; wi < o.words; wi++ {
			for b := mark[wi]; b != 0; b &= b - 1 {
				u := wi<<6 | bits.TrailingZeros64(b)
				if !o.done[u] && !net.keep[u] {
					o.heap.update(u, o.score(net, h, u))
				}
			}
		}
	}
	return order
}

// count adds the tensor that eliminating v forms to o.cost and o.maxSize.
func (o *orderer) count(net *network, v int) {
	size := float64(net.card[v])
	rv := o.row(v)
	for wi := 0; wi < o.words; wi++ {
		for b := rv[wi]; b != 0; b &= b - 1 {
			size *= float64(net.card[wi<<6|bits.TrailingZeros64(b)])
		}
	}
	o.cost += size
	o.maxSize = max(o.maxSize, size)
}

func (o *orderer) row(v int) []uint64 { return o.adj[v*o.words : (v+1)*o.words] }

// eliminate joins the neighbours of v into a clique and removes v from the graph.
func (o *orderer) eliminate(v int) {
	rv := o.row(v)
	for wi := 0; wi < o.words; wi++ {
		for b := rv[wi]; b != 0; b &= b - 1 {
			u := wi<<6 | bits.TrailingZeros64(b)
			ru := o.row(u)
			for j := range ru {
				ru[j] |= rv[j]
			}
			ru[u>>6] &^= 1 << (uint(u) & 63)
			ru[v>>6] &^= 1 << (uint(v) & 63)
		}
	}
	for j := range rv {
		rv[j] = 0
	}
	o.done[v] = true
}

// score returns the cost of eliminating v under h: the primary cost, with the size
// of the intermediate as the tie-break.
func (o *orderer) score(net *network, h Heuristic, v int) score {
	rv := o.row(v)
	size := float64(net.card[v])
	deg := 0
	o.work += float64(o.words)
	for wi := 0; wi < o.words; wi++ {
		for b := rv[wi]; b != 0; b &= b - 1 {
			u := wi<<6 | bits.TrailingZeros64(b)
			size *= float64(net.card[u])
			deg++
		}
	}
	switch h {
	case MinSize:
		return score{size, 0}
	case MinDegree:
		return score{float64(deg), size}
	}
	o.work += float64(deg * o.words)
	fill := 0.0
	for wi := 0; wi < o.words; wi++ {
		for b := rv[wi]; b != 0; b &= b - 1 {
			u := wi<<6 | bits.TrailingZeros64(b)
			ru := o.row(u)
			if h == MinFill {
				common := 0
				for j := range ru {
					common += bits.OnesCount64(ru[j] & rv[j])
				}
				fill += float64(deg - 1 - common)
				continue
			}
			// Weighted: every missing edge {u, w} with w after u costs |u|·|w|.
			for wj := wi; wj < o.words; wj++ {
				m := rv[wj] &^ ru[wj]
				if wj == wi {
					m &= ^uint64(0) << (uint(u)&63 + 1) // only w > u; a shift by 64 gives 0
				}
				for ; m != 0; m &= m - 1 {
					w := wj<<6 | bits.TrailingZeros64(m)
					fill += float64(net.card[u]) * float64(net.card[w])
				}
			}
		}
	}
	if h == MinFill {
		fill /= 2
	}
	return score{fill, size}
}

// score is the cost of eliminating a variable, compared lexicographically.
type score struct{ primary, secondary float64 }

func (s score) less(t score) bool {
	if s.primary != t.primary {
		return s.primary < t.primary
	}
	return s.secondary < t.secondary
}

// scoreHeap is a binary min-heap of variables by score, with the position of each
// variable kept so that its score can be updated.
type scoreHeap struct {
	items []int
	score []score
	pos   []int    // -1 when not in the heap
	tie   []uint64 // when not nil, breaks ties between equal scores before the index
	rng   *rand.Rand
}

func (q *scoreHeap) init(n int) {
	q.items = q.items[:0]
	if q.tie != nil {
		q.tie = q.tie[:0]
		for range n {
			q.tie = append(q.tie, q.rng.Uint64())
		}
	}
	q.score = make([]score, n)
	q.pos = make([]int, n)
	for i := range q.pos {
		q.pos[i] = -1
	}
}

func (q *scoreHeap) len() int { return len(q.items) }

func (q *scoreHeap) lessAt(i, j int) bool {
	a, b := q.items[i], q.items[j]
	sa, sb := q.score[a], q.score[b]
	if sa.less(sb) {
		return true
	}
	if sb.less(sa) {
		return false
	}
	if q.tie != nil && q.tie[a] != q.tie[b] {
		return q.tie[a] < q.tie[b]
	}
	return a < b
}

func (q *scoreHeap) swap(i, j int) {
	q.items[i], q.items[j] = q.items[j], q.items[i]
	q.pos[q.items[i]] = i
	q.pos[q.items[j]] = j
}

func (q *scoreHeap) push(v int, s score) {
	q.score[v] = s
	q.items = append(q.items, v)
	q.pos[v] = len(q.items) - 1
	q.up(len(q.items) - 1)
}

func (q *scoreHeap) pop() int {
	v := q.items[0]
	last := len(q.items) - 1
	q.swap(0, last)
	q.items = q.items[:last]
	q.pos[v] = -1
	if last > 0 {
		q.down(0)
	}
	return v
}

func (q *scoreHeap) update(v int, s score) {
	i := q.pos[v]
	if i < 0 {
		return
	}
	q.score[v] = s
	q.up(i)
	q.down(q.pos[v])
}

func (q *scoreHeap) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !q.lessAt(i, p) {
			return
		}
		q.swap(i, p)
		i = p
	}
}

func (q *scoreHeap) down(i int) {
	n := len(q.items)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && q.lessAt(r, l) {
			m = r
		}
		if !q.lessAt(m, i) {
			return
		}
		q.swap(i, m)
		i = m
	}
}
