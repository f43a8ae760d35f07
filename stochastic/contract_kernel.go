package stochastic

// kernel holds the scratch buffers of productSum so that a contraction reuses
// them from one elimination step to the next.
type kernel struct {
	dimVar  []int
	dimCard []int
	strides []int // dims × (factors+1), row d holds the stride of dim d in each factor, then in dst
	offs    []int
	cnt     []int
	vals    [][]float64
	tmp     []float64
}

// productSum runs kernel.productSum with fresh scratch buffers.
func productSum(dst []float64, fs []Factor, out, outCard []int, v, cv int) {
	var k kernel
	k.productSum(dst, fs, out, outCard, v, cv)
}

// productSum sets dst, a tensor over the variables out with cardinalities outCard,
// to the product of fs, summed over the variable v when cv > 0 (cv is its
// cardinality). dst must be zero on entry. Every variable of fs other than v must
// be in out. The loops follow the layout of the largest tensor involved, so that
// it is read or written in order.
func (k *kernel) productSum(dst []float64, fs []Factor, out, outCard []int, v, cv int) {
	if len(fs) == 0 {
		if cv > 0 {
			for i := range dst {
				dst[i] = float64(cv)
			}
		} else {
			for i := range dst {
				dst[i] = 1
			}
		}
		return
	}
	k.dims(fs, out, outCard, v, cv, len(dst))
	nd := len(k.dimVar)
	nf := len(fs)
	w := nf + 1
	if nd == 0 {
		p := 1.0
		for _, f := range fs {
			p *= f.Values[0]
		}
		dst[0] = p
		return
	}
	k.fillStrides(fs, out, outCard)
	nd = k.mergeDims(w)
	k.vals = k.vals[:0]
	for _, f := range fs {
		k.vals = append(k.vals, f.Values)
	}

	last := nd - 1
	cl := k.dimCard[last]
	total := 1 // iterations of the loops outside the innermost one
	for _, c := range k.dimCard[:last] {
		total *= c
	}
	if cap(k.tmp) < cl {
		k.tmp = make([]float64, cl)
	}
	k.tmp = k.tmp[:cl]
	offs := grow(&k.offs, w)
	cnt := grow(&k.cnt, nd)
	tmp := k.tmp

	// NOTE: splitting this loop between two goroutines along a dimension of
	// dst was measured slower on the 2-vCPU machine used for the benchmarks
	// (munin1, every leaf observed: 0.81 s serial, 0.96-1.24 s split), so the
	// kernel runs on one goroutine.
	k.sweep(dst, total, offs, cnt, tmp)
}

// sweep runs the total iterations of the loops outside the innermost one,
// counting in big-endian order over the loop dimensions, with offs, cnt and
// tmp as scratch space.
func (k *kernel) sweep(dst []float64, total int, offs, cnt []int, tmp []float64) {
	nd := len(k.dimCard)
	w := len(offs)
	last := nd - 1
	clear(offs)
	clear(cnt)
	sl := k.strides[last*w : last*w+w]
	if len(k.vals) == 2 {
		k.sweep2(dst, total, offs, cnt)
		return
	}
	for it := 0; it < total; it++ {
		innerLoop(dst, k.vals, offs, sl, tmp)
		d := last - 1
		for ; d >= 0; d-- {
			row := k.strides[d*w : d*w+w]
			cnt[d]++
			if cnt[d] < k.dimCard[d] {
				for i, s := range row {
					offs[i] += s
				}
				break
			}
			back := k.dimCard[d] - 1
			for i, s := range row {
				offs[i] -= s * back
			}
			cnt[d] = 0
		}
	}
}

// sweep2 is sweep for two factors, with the two innermost loops written out
// in place, because that case takes most of the time of large contractions.
func (k *kernel) sweep2(dst []float64, total int, offs, cnt []int) {
	nd := len(k.dimCard)
	last := nd - 1
	cl := k.dimCard[last]
	sl := k.strides[last*3 : last*3+3]
	a, b := k.vals[0], k.vals[1]
	sa, sb, sd := sl[0], sl[1], sl[2]

	// The second innermost loop, when there is one, runs here too, and the
	// counter steps the dimensions outside it.
	c2, s2a, s2b, s2d := 1, 0, 0, 0
	outer := last - 1 // the innermost dimension the counter steps
	if nd >= 2 {
		c2 = k.dimCard[last-1]
		row := k.strides[(last-1)*3 : (last-1)*3+3]
		s2a, s2b, s2d = row[0], row[1], row[2]
		outer = last - 2
	}
	for it := 0; it < total; it += c2 {
		oa2, ob2, od2 := offs[0], offs[1], offs[2]
		for i2 := 0; i2 < c2; i2++ {
			oa, ob, od := oa2, ob2, od2
			if sd == 0 {
				s0, s1 := 0.0, 0.0
				j := 0
				for ; j+1 < cl; j += 2 {
					s0 += a[oa] * b[ob]
					s1 += a[oa+sa] * b[ob+sb]
					oa += 2 * sa
					ob += 2 * sb
				}
				if j < cl {
					s0 += a[oa] * b[ob]
				}
				dst[od] += s0 + s1
			} else {
				for j := 0; j < cl; j++ {
					dst[od] += a[oa] * b[ob]
					oa += sa
					ob += sb
					od += sd
				}
			}
			oa2 += s2a
			ob2 += s2b
			od2 += s2d
		}
		for d := outer; d >= 0; d-- {
			row := k.strides[d*3 : d*3+3]
			cnt[d]++
			if cnt[d] < k.dimCard[d] {
				offs[0] += row[0]
				offs[1] += row[1]
				offs[2] += row[2]
				break
			}
			back := k.dimCard[d] - 1
			offs[0] -= row[0] * back
			offs[1] -= row[1] * back
			offs[2] -= row[2] * back
			cnt[d] = 0
		}
	}
}

// innerLoop runs the innermost dimension of productSum: len(tmp) steps with
// strides sl from the offsets offs (the last offset and stride are those of dst).
// tmp is scratch space.
func innerLoop(dst []float64, vals [][]float64, offs, sl []int, tmp []float64) {
	nf := len(vals)
	cl := len(tmp)
	od, sd := offs[nf], sl[nf]
	switch nf {
	case 1:
		a, oa, sa := vals[0], offs[0], sl[0]
		if sd == 0 {
			s := 0.0
			for j := 0; j < cl; j++ {
				s += a[oa]
				oa += sa
			}
			dst[od] += s
			return
		}
		for j := 0; j < cl; j++ {
			dst[od] += a[oa]
			oa += sa
			od += sd
		}
		return
	case 2:
		a, oa, sa := vals[0], offs[0], sl[0]
		b, ob, sb := vals[1], offs[1], sl[1]
		if sd == 0 {
			// Two sums halve the chain of dependent additions.
			s0, s1 := 0.0, 0.0
			j := 0
			for ; j+1 < cl; j += 2 {
				s0 += a[oa] * b[ob]
				s1 += a[oa+sa] * b[ob+sb]
				oa += 2 * sa
				ob += 2 * sb
			}
			if j < cl {
				s0 += a[oa] * b[ob]
			}
			dst[od] += s0 + s1
			return
		}
		for j := 0; j < cl; j++ {
			dst[od] += a[oa] * b[ob]
			oa += sa
			ob += sb
			od += sd
		}
		return
	}
	// Three or more factors: multiply factor by factor into tmp.
	a, oa, sa := vals[0], offs[0], sl[0]
	b, ob, sb := vals[1], offs[1], sl[1]
	for j := range tmp {
		tmp[j] = a[oa] * b[ob]
		oa += sa
		ob += sb
	}
	for i := 2; i < nf; i++ {
		c, oc, sc := vals[i], offs[i], sl[i]
		for j := range tmp {
			tmp[j] *= c[oc]
			oc += sc
		}
	}
	if sd == 0 {
		s := 0.0
		for _, x := range tmp {
			s += x
		}
		dst[od] += s
		return
	}
	for _, x := range tmp {
		dst[od] += x
		od += sd
	}
}

// mergeDims joins each pair of adjacent loop dimensions that every tensor lays
// out contiguously into one, so that the inner loop runs longer, and returns the
// new number of dimensions. w is the number of tensors.
func (k *kernel) mergeDims(w int) int {
	nd := len(k.dimCard)
	j := 0 // the dimension being extended
	for d := 1; d < nd; d++ {
		cur := k.strides[j*w : j*w+w]
		next := k.strides[d*w : d*w+w]
		ok := true
		for i := range cur {
			if cur[i] != next[i]*k.dimCard[d] {
				ok = false
				break
			}
		}
		if ok {
			k.dimCard[j] *= k.dimCard[d]
			copy(cur, next)
			continue
		}
		j++
		k.dimCard[j] = k.dimCard[d]
		k.dimVar[j] = k.dimVar[d]
		copy(k.strides[j*w:j*w+w], next)
	}
	nd = j + 1
	k.dimCard, k.dimVar = k.dimCard[:nd], k.dimVar[:nd]
	return nd
}

// dims chooses the loop dimensions of productSum: the variables of the largest
// tensor (dst of size dstSize, or an input) in its order, then the other variables.
// The summed variable goes innermost when dst is the largest tensor.
func (k *kernel) dims(fs []Factor, out, outCard []int, v, cv, dstSize int) {
	k.dimVar = k.dimVar[:0]
	k.dimCard = k.dimCard[:0]
	big, bigSize := -1, dstSize
	for i, f := range fs {
		if n := len(f.Values); n > bigSize {
			big, bigSize = i, n
		}
	}
	if big >= 0 {
		k.dimVar = append(k.dimVar, fs[big].Vars...)
		k.dimCard = append(k.dimCard, fs[big].Card...)
	}
	for i, u := range out {
		k.addDim(u, outCard[i])
	}
	if cv > 0 {
		k.addDim(v, cv)
	}
	for _, f := range fs {
		for i, u := range f.Vars {
			k.addDim(u, f.Card[i])
		}
	}
	// Dimensions of size one only cost loop overhead.
	j := 0
	for i, c := range k.dimCard {
		if c != 1 {
			k.dimVar[j], k.dimCard[j] = k.dimVar[i], c
			j++
		}
	}
	k.dimVar, k.dimCard = k.dimVar[:j], k.dimCard[:j]
}

func (k *kernel) addDim(v, c int) {
	for _, u := range k.dimVar {
		if u == v {
			return
		}
	}
	k.dimVar = append(k.dimVar, v)
	k.dimCard = append(k.dimCard, c)
}

// fillStrides sets k.strides to the stride of each loop dimension in each factor
// and in dst, zero where the tensor does not have the variable.
func (k *kernel) fillStrides(fs []Factor, out, outCard []int) {
	nd := len(k.dimVar)
	w := len(fs) + 1
	st := grow(&k.strides, nd*w)
	for i := range st {
		st[i] = 0
	}
	for i, f := range fs {
		k.tensorStrides(st, i, w, f.Vars, f.Card)
	}
	k.tensorStrides(st, w-1, w, out, outCard)
}

func (k *kernel) tensorStrides(st []int, col, w int, vars, card []int) {
	s := 1
	for i := len(vars) - 1; i >= 0; i-- {
		for d, u := range k.dimVar {
			if u == vars[i] {
				st[d*w+col] = s
				break
			}
		}
		s *= card[i]
	}
}

// grow returns (*buf)[:n], reallocating when the capacity is short.
func grow(buf *[]int, n int) []int {
	if cap(*buf) < n {
		*buf = make([]int, n)
	}
	*buf = (*buf)[:n]
	return *buf
}
