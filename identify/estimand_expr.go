package identify

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// exprKind is the kind of a node of an estimand expression.
type exprKind uint8

const (
	probExpr     exprKind = iota // P(A | B), an observational probability
	productExpr                  // product of args; the empty product is 1
	quotientExpr                 // args[0] / args[1]
	sumExpr                      // sum of args[0] over the variables in vars
)

// expr is a node of an estimand expression. Nodes are interned by a builder, so
// two structurally equal nodes of one builder are the same pointer, and a node
// may be shared by several parents: an expression is a directed acyclic graph.
type expr struct {
	kind exprKind
	id   int
	// vars is A in P(A | B) and the summed variables of a sum.
	vars nodeSet
	// given is B in P(A | B).
	given nodeSet
	args  []*expr
	// free holds the free variables: those not bound by a sum inside.
	free nodeSet
	// normal holds variables over each of which the node sums to one: for v in
	// normal, the sum of the node over v alone is 1 for every value of the other
	// free variables at which the node is defined.
	normal nodeSet
}

// builder creates interned, simplified expression nodes over the variables of
// a graph with n nodes.
type builder struct {
	n     int
	nodes map[string]*expr
	one   *expr
}

func newBuilder(n int) *builder {
	b := &builder{n: n, nodes: make(map[string]*expr)}
	b.one = b.intern(&expr{kind: productExpr, free: newNodeSet(n), normal: newNodeSet(n)})
	return b
}

// key returns the structural key of e, from its kind, sets and argument ids.
func (b *builder) key(e *expr) string {
	var sb strings.Builder
	sb.WriteByte(byte('0' + e.kind))
	for _, s := range []nodeSet{e.vars, e.given} {
		sb.WriteByte('|')
		for _, w := range s {
			sb.WriteString(strconv.FormatUint(w, 36))
			sb.WriteByte(',')
		}
	}
	for _, a := range e.args {
		sb.WriteByte('#')
		sb.WriteString(strconv.Itoa(a.id))
	}
	return sb.String()
}

// intern returns the node structurally equal to e, adding e when there is none.
// It merges the normalisation sets of equal nodes, which are all true.
func (b *builder) intern(e *expr) *expr {
	k := b.key(e)
	if old, ok := b.nodes[k]; ok {
		if e.normal != nil {
			old.normal = old.normal.union(e.normal)
		}
		return old
	}
	e.id = len(b.nodes)
	if e.normal == nil {
		e.normal = newNodeSet(b.n)
	}
	b.nodes[k] = e
	return e
}

// prob returns P(a | given), or 1 when a is empty.
func (b *builder) prob(a, given nodeSet) *expr {
	if a.empty() {
		return b.one
	}
	return b.intern(&expr{
		kind:   probExpr,
		vars:   a.clone(),
		given:  given.clone(),
		free:   a.union(given),
		normal: a.clone(),
	})
}

// factors returns the factors of e: its arguments when e is a product, and e
// itself otherwise.
func factors(e *expr) []*expr {
	if e.kind == productExpr {
		return e.args
	}
	return []*expr{e}
}

// product returns the product of fs in normal form (see ratio).
func (b *builder) product(fs ...*expr) *expr {
	return b.ratio(fs, nil)
}

// quotient returns num / den in normal form (see ratio).
func (b *builder) quotient(num, den *expr) *expr {
	return b.ratio([]*expr{num}, []*expr{den})
}

// ratio returns the product of nums divided by the product of dens. It
// flattens nested products and quotients into one list of numerator factors
// and one of denominator factors, cancels the factors common to both, merges
// chains of conditionals in each, and reduces P(A | B) / P(C | B), C ⊂ A, to
// P(A \ C | B ∪ C). Each step keeps the value wherever the input is defined.
func (b *builder) ratio(nums, dens []*expr) *expr {
	var num, den []*expr
	var split func(e *expr, up bool)
	split = func(e *expr, up bool) {
		switch e.kind {
		case productExpr:
			for _, a := range e.args {
				split(a, up)
			}
		case quotientExpr:
			split(e.args[0], up)
			split(e.args[1], !up)
		default:
			if up {
				num = append(num, e)
			} else {
				den = append(den, e)
			}
		}
	}
	for _, e := range nums {
		split(e, true)
	}
	for _, e := range dens {
		split(e, false)
	}
	num, den = cancel(num, den)
	num = b.mergeChains(num)
	den = b.mergeChains(den)
	num, den = cancel(num, den)
	if len(num) == 1 && len(den) == 1 {
		p, q := num[0], den[0]
		if p.kind == probExpr && q.kind == probExpr && q.given.equal(p.given) &&
			q.vars.subsetOf(p.vars) && !q.vars.equal(p.vars) {
			return b.prob(p.vars.minus(q.vars), p.given.union(q.vars))
		}
	}
	n := b.productNode(num)
	if len(den) == 0 {
		return n
	}
	d := b.productNode(den)
	return b.intern(&expr{kind: quotientExpr, args: []*expr{n, d}, free: n.free.union(d.free)})
}

// cancel removes the factors common to num and den, counting repeats.
func cancel(num, den []*expr) ([]*expr, []*expr) {
	num = slices.Clone(num)
	den = slices.Clone(den)
	for i := 0; i < len(num); i++ {
		if j := slices.Index(den, num[i]); j >= 0 {
			num = slices.Delete(num, i, i+1)
			den = slices.Delete(den, j, j+1)
			i--
		}
	}
	return num, den
}

// productNode returns the interned product of fs, none of which is a product
// or a quotient.
func (b *builder) productNode(fs []*expr) *expr {
	switch len(fs) {
	case 0:
		return b.one
	case 1:
		return fs[0]
	}
	fs = slices.Clone(fs)
	slices.SortFunc(fs, func(x, y *expr) int { return x.id - y.id })
	free := newNodeSet(b.n)
	for _, f := range fs {
		free = free.union(f.free)
	}
	return b.intern(&expr{kind: productExpr, args: fs, free: free})
}

// mergeChains merges pairs of probability factors P(A | B) and P(C | A ∪ B)
// into P(A ∪ C | B) until no pair is left. Both sides are equal wherever the
// left side is defined, by the chain rule.
func (b *builder) mergeChains(fs []*expr) []*expr {
	fs = slices.Clone(fs)
	for merged := true; merged; {
		merged = false
		for i := 0; i < len(fs) && !merged; i++ {
			p := fs[i]
			if p.kind != probExpr {
				continue
			}
			for j, q := range fs {
				if j == i || q.kind != probExpr || !q.given.equal(p.free) {
					continue
				}
				fs[i] = b.prob(p.vars.union(q.vars), p.given)
				fs = slices.Delete(fs, j, j+1)
				merged = true
				break
			}
		}
	}
	return fs
}

// sum returns the sum of body over the variables s. ID only sums
// distributions over the summed variables, whose expressions have every one of
// them, so sum leaves out a variable that body does not have instead of
// multiplying by its number of states. It also simplifies the sum in four
// ways. It marginalises probability factors over variables that no other
// factor has, and drops factors that sum to one. It moves factors without a
// summed variable out of the sum, and it splits the sum into independent sums
// over groups of factors that share no summed variable.
func (b *builder) sum(s nodeSet, body *expr) *expr {
	s = s.intersect(body.free)
	if s.empty() {
		return body
	}
	if body.kind == quotientExpr {
		// A quotient is summed without simplification.
		return b.intern(&expr{kind: sumExpr, vars: s, args: []*expr{body}, free: body.free.minus(s)})
	}
	fs, s := b.flattenSums(factors(body), s)
	fs, s = b.dropNormalised(fs, s)

	var outside []*expr
	var inside []*expr
	for _, f := range fs {
		if f.free.intersects(s) {
			inside = append(inside, f)
		} else {
			outside = append(outside, f)
		}
	}
	for _, group := range groupBySharedVars(inside, s) {
		inner := b.product(group...)
		vars := s.intersect(inner.free)
		outside = append(outside, b.intern(&expr{
			kind: sumExpr,
			vars: vars,
			args: []*expr{inner},
			free: inner.free.minus(vars),
		}))
	}
	return b.product(outside...)
}

// flattenSums rewrites the sum over s of the product of fs, where a factor
// is itself a sum Σ_T g sharing a variable with s, as one sum over s ∪ T of the
// product with g's factors in its place. It does so only when T is disjoint
// from s and from the free variables of the other factors, so no variable is
// captured. It returns the new factors and summed variables.
func (b *builder) flattenSums(fs []*expr, s nodeSet) ([]*expr, nodeSet) {
	fs = slices.Clone(fs)
	for changed := true; changed; {
		changed = false
		for i, f := range fs {
			if f.kind != sumExpr || !f.free.intersects(s) {
				continue
			}
			others := s.clone()
			for j, g := range fs {
				if j != i {
					others = others.union(g.free)
				}
			}
			if f.vars.intersects(others) {
				continue
			}
			inner := factors(f.args[0])
			fs = slices.Concat(fs[:i], inner, fs[i+1:])
			s = s.union(f.vars)
			changed = true
			break
		}
	}
	return fs, s
}

// dropNormalised removes from the summed variables s those that occur in a
// single factor which sums to one over them, simplifying that factor, and
// returns the remaining factors and summed variables.
func (b *builder) dropNormalised(fs []*expr, s nodeSet) ([]*expr, nodeSet) {
	s = s.clone()
	// Each simplification costs one pass over the factors, so the whole is
	// quadratic in their number. A union of the other factors for each factor
	// would make it cubic, which is slow for sums of a thousand factors.
	for changed := true; changed; {
		changed = false
		single := b.inSingleFactor(fs, s)
		for i, f := range fs {
			own := single.intersect(f.free)
			if own.empty() {
				continue
			}
			switch {
			case f.kind == probExpr && own.intersects(f.vars):
				// Marginalise P(A | B) over own ∩ A.
				own = own.intersect(f.vars)
				fs[i] = b.prob(f.vars.minus(own), f.given)
			case own.len() == 1 && own.subsetOf(f.normal):
				fs[i] = b.one
			default:
				continue
			}
			s = s.minus(own)
			single = b.inSingleFactor(fs, s)
			changed = true
		}
	}
	kept := fs[:0]
	for _, f := range fs {
		if f != b.one {
			kept = append(kept, f)
		}
	}
	return kept, s
}

// inSingleFactor returns the variables of s that are free in exactly one of
// the factors fs.
func (b *builder) inSingleFactor(fs []*expr, s nodeSet) nodeSet {
	once := newNodeSet(b.n)
	twice := newNodeSet(b.n)
	for _, f := range fs {
		for k, w := range f.free {
			twice[k] |= once[k] & w
			once[k] |= w
		}
	}
	for k := range once {
		once[k] &= s[k] &^ twice[k]
	}
	return once
}

// groupBySharedVars partitions fs into groups joined by shared variables of s.
func groupBySharedVars(fs []*expr, s nodeSet) [][]*expr {
	group := make([]int, len(fs))
	for i := range group {
		group[i] = i
	}
	var find func(i int) int
	find = func(i int) int {
		for group[i] != i {
			group[i] = group[group[i]]
			i = group[i]
		}
		return i
	}
	for i := range fs {
		for j := i + 1; j < len(fs); j++ {
			if fs[i].free.intersect(s).intersects(fs[j].free) {
				group[find(i)] = find(j)
			}
		}
	}
	var out [][]*expr
	index := make(map[int]int)
	for i, f := range fs {
		r := find(i)
		k, ok := index[r]
		if !ok {
			k = len(out)
			index[r] = k
			out = append(out, nil)
		}
		out[k] = append(out[k], f)
	}
	return out
}

// conditional returns the conditional of the distribution p over vars of
// variable v given the variables given: the sum of p over vars outside
// given ∪ {v}, divided by its sum over v.
func (b *builder) conditional(p *expr, vars nodeSet, v int, given nodeSet) *expr {
	keep := given.clone()
	keep.add(v)
	num := b.sum(vars.minus(keep), p)
	den := b.sum(setOf(b.n, v), num)
	q := b.quotient(num, den)
	if q != b.one && q.kind != probExpr {
		q.normal = q.normal.union(setOf(b.n, v))
	}
	return q
}

// size returns the number of nodes of the expression tree of e, counting a
// shared node once for each time it occurs, or math.MaxInt when that does
// not fit in an int. It visits each distinct node once.
func (e *expr) size() int {
	memo := make(map[*expr]int)
	var walk func(*expr) int
	walk = func(x *expr) int {
		if n, ok := memo[x]; ok {
			return n
		}
		n := 1
		for _, a := range x.args {
			m := walk(a)
			if n > math.MaxInt-m {
				n = math.MaxInt
			} else {
				n += m
			}
		}
		memo[x] = n
		return n
	}
	return walk(e)
}

// dagSize returns the number of distinct nodes reached from e.
func (e *expr) dagSize() int {
	seen := make(map[*expr]bool)
	var walk func(*expr)
	walk = func(x *expr) {
		if seen[x] {
			return
		}
		seen[x] = true
		for _, a := range x.args {
			walk(a)
		}
	}
	walk(e)
	return len(seen)
}
