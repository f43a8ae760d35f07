package stochastic

import (
	"fmt"
	"math"
)

// Factor is a dense tensor of non-negative numbers over integer variable ids.
//
// Values is indexed big-endian over Vars: for Vars = [a, b] with Card = [2, 3], the
// entry for a=i, b=j is Values[i*3+j]. A factor with no variables is a scalar holding
// one value. Vars repeats a variable only in the result of Contract with a repeated
// Keep variable, and such a factor is zero off the diagonal.
type Factor struct {
	Vars   []int
	Card   []int
	Values []float64
}

// NewFactor returns a factor over vars with the given cardinalities and values,
// after checking that the shapes agree, that the variables are distinct and that
// every value is finite and non-negative. The slices are used, not copied.
func NewFactor(vars, card []int, values []float64) (Factor, error) {
	if len(vars) != len(card) {
		return Factor{}, fmt.Errorf("stochastic: factor has %d variables but %d cardinalities", len(vars), len(card))
	}
	size := 1
	for i, c := range card {
		if c < 1 {
			return Factor{}, fmt.Errorf("stochastic: variable %d of factor has cardinality %d, want at least 1", vars[i], c)
		}
		for _, w := range vars[:i] {
			if w == vars[i] {
				return Factor{}, fmt.Errorf("stochastic: variable %d occurs twice in factor", w)
			}
		}
		size = mulSat(size, c)
	}
	if len(values) != size {
		return Factor{}, fmt.Errorf("stochastic: factor over cardinalities %v has %d values, want %d", card, len(values), size)
	}
	for i, x := range values {
		if x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
			return Factor{}, fmt.Errorf("stochastic: factor value %d is %v, want a finite non-negative number", i, x)
		}
	}
	return Factor{Vars: vars, Card: card, Values: values}, nil
}

// Scalar returns the factor with no variables holding x.
func Scalar(x float64) Factor {
	return Factor{Values: []float64{x}}
}

// Size returns the number of entries of f, the product of its cardinalities.
func (f Factor) Size() int {
	size := 1
	for _, c := range f.Card {
		size = mulSat(size, c)
	}
	return size
}

// Clone returns a deep copy of f.
func (f Factor) Clone() Factor {
	return Factor{
		Vars:   append([]int(nil), f.Vars...),
		Card:   append([]int(nil), f.Card...),
		Values: append([]float64(nil), f.Values...),
	}
}

// pos returns the position of v in f.Vars, or -1.
func (f Factor) pos(v int) int {
	for i, w := range f.Vars {
		if w == v {
			return i
		}
	}
	return -1
}

// Sum returns the sum of all entries of f.
func (f Factor) Sum() float64 {
	var s float64
	for _, x := range f.Values {
		s += x
	}
	return s
}

// Strides returns the big-endian stride of each variable of f.
func (f Factor) Strides() []int {
	s := make([]int, len(f.Card))
	st := 1
	for i := len(f.Card) - 1; i >= 0; i-- {
		s[i] = st
		st *= f.Card[i]
	}
	return s
}

// At returns the entry of f at the given states, one per variable in f.Vars order.
// It panics if the number of states or a state is out of range.
func (f Factor) At(states ...int) float64 {
	if len(states) != len(f.Vars) {
		panic(fmt.Sprintf("stochastic: %d states for a factor over %d variables", len(states), len(f.Vars)))
	}
	idx := 0
	for i, s := range states {
		if s < 0 || s >= f.Card[i] {
			panic(fmt.Sprintf("stochastic: state %d of variable %d out of range [0, %d)", s, f.Vars[i], f.Card[i]))
		}
		idx = idx*f.Card[i] + s
	}
	return f.Values[idx]
}

// Reduce returns f with each variable v in evidence fixed to the state evidence[v]
// and removed. Variables of evidence that f does not have are ignored. It panics if
// a state is out of range.
func (f Factor) Reduce(evidence map[int]int) Factor {
	hit := false
	for _, v := range f.Vars {
		if _, ok := evidence[v]; ok {
			hit = true
			break
		}
	}
	if !hit {
		return f
	}
	var (
		vars, card []int
		dims       []int // strides in f of the kept variables
	)
	strides := f.Strides()
	base := 0
	for i, v := range f.Vars {
		if s, ok := evidence[v]; ok {
			if s < 0 || s >= f.Card[i] {
				panic(fmt.Sprintf("stochastic: evidence state %d of variable %d out of range [0, %d)", s, v, f.Card[i]))
			}
			base += s * strides[i]
			continue
		}
		vars = append(vars, v)
		card = append(card, f.Card[i])
		dims = append(dims, strides[i])
	}
	out := Factor{Vars: vars, Card: card}
	out.Values = make([]float64, out.Size())
	gather(out.Values, f.Values, base, card, dims)
	return out
}

// gather copies src[base + Σ idx_d·strides_d] to dst in big-endian order of idx.
func gather(dst, src []float64, base int, card, strides []int) {
	n := len(card)
	if n == 0 {
		dst[0] = src[base]
		return
	}
	cnt := make([]int, n)
	off := base
	last := n - 1
	cl, sl := card[last], strides[last]
	for i := 0; i < len(dst); i += cl {
		o := off
		for j := 0; j < cl; j++ {
			dst[i+j] = src[o]
			o += sl
		}
		d := last - 1
		for ; d >= 0; d-- {
			cnt[d]++
			off += strides[d]
			if cnt[d] < card[d] {
				break
			}
			off -= strides[d] * card[d]
			cnt[d] = 0
		}
		if d < 0 {
			break
		}
	}
}

// Permute returns f with its variables in the order vars, which must be a
// permutation of f.Vars. It panics otherwise.
func (f Factor) Permute(vars []int) Factor {
	if len(vars) != len(f.Vars) {
		panic(fmt.Sprintf("stochastic: permuting a factor over %v to %v", f.Vars, vars))
	}
	strides := f.Strides()
	card := make([]int, len(vars))
	dims := make([]int, len(vars))
	same := true
	for i, v := range vars {
		p := f.pos(v)
		if p < 0 {
			panic(fmt.Sprintf("stochastic: permuting a factor over %v to %v", f.Vars, vars))
		}
		card[i] = f.Card[p]
		dims[i] = strides[p]
		same = same && p == i
	}
	if same {
		return f
	}
	out := Factor{Vars: append([]int(nil), vars...), Card: card, Values: make([]float64, len(f.Values))}
	gather(out.Values, f.Values, 0, card, dims)
	return out
}

// Product returns the pointwise product of the factors, over the union of their
// variables in order of first occurrence. It panics if a variable has two
// different cardinalities.
func Product(fs ...Factor) Factor {
	vars, card := unionVars(fs, -1)
	out := Factor{Vars: vars, Card: card}
	out.Values = make([]float64, out.Size())
	productSum(out.Values, fs, vars, card, -1, 0)
	return out
}

// SumOut returns f with the given variables summed out. Variables that f does not
// have are ignored.
func (f Factor) SumOut(vars ...int) Factor {
	out := f
	for _, v := range vars {
		p := out.pos(v)
		if p < 0 {
			continue
		}
		rest, card := unionVars([]Factor{out}, v)
		r := Factor{Vars: rest, Card: card}
		r.Values = make([]float64, r.Size())
		productSum(r.Values, []Factor{out}, rest, card, v, out.Card[p])
		out = r
	}
	return out
}

// unionVars returns the distinct variables of fs other than skip, in order of first
// occurrence, with their cardinalities.
func unionVars(fs []Factor, skip int) (vars, card []int) {
	for _, f := range fs {
		for i, v := range f.Vars {
			if v == skip {
				continue
			}
			found := false
			for j, w := range vars {
				if w == v {
					if card[j] != f.Card[i] {
						panic(fmt.Sprintf("stochastic: variable %d has cardinalities %d and %d", v, card[j], f.Card[i]))
					}
					found = true
					break
				}
			}
			if !found {
				vars = append(vars, v)
				card = append(card, f.Card[i])
			}
		}
	}
	return vars, card
}

// mulSat returns a·b, or math.MaxInt when the product overflows.
func mulSat(a, b int) int {
	if a == 0 || b == 0 {
		return 0
	}
	if a > math.MaxInt/b {
		return math.MaxInt
	}
	return a * b
}
