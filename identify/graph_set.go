package identify

import "math/bits"

// nodeSet is a set of node indices stored as a bit set. Sets combined by the
// binary methods must have been made for the same number of nodes.
type nodeSet []uint64

// newNodeSet returns an empty set for a graph of n nodes.
func newNodeSet(n int) nodeSet { return make(nodeSet, (n+63)/64) }

// setOf returns the set of the nodes vs for a graph of n nodes.
func setOf(n int, vs ...int) nodeSet {
	s := newNodeSet(n)
	for _, v := range vs {
		s.add(v)
	}
	return s
}

func (s nodeSet) has(v int) bool { return s[v/64]&(1<<(uint(v)%64)) != 0 }
func (s nodeSet) add(v int)      { s[v/64] |= 1 << (uint(v) % 64) }
func (s nodeSet) remove(v int)   { s[v/64] &^= 1 << (uint(v) % 64) }

func (s nodeSet) clone() nodeSet { return append(nodeSet(nil), s...) }

func (s nodeSet) len() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

func (s nodeSet) empty() bool {
	for _, w := range s {
		if w != 0 {
			return false
		}
	}
	return true
}

func (s nodeSet) equal(t nodeSet) bool {
	for i, w := range s {
		if w != t[i] {
			return false
		}
	}
	return true
}

// subsetOf reports whether every member of s is in t.
func (s nodeSet) subsetOf(t nodeSet) bool {
	for i, w := range s {
		if w&^t[i] != 0 {
			return false
		}
	}
	return true
}

func (s nodeSet) intersects(t nodeSet) bool {
	for i, w := range s {
		if w&t[i] != 0 {
			return true
		}
	}
	return false
}

func (s nodeSet) union(t nodeSet) nodeSet {
	u := s.clone()
	for i, w := range t {
		u[i] |= w
	}
	return u
}

func (s nodeSet) intersect(t nodeSet) nodeSet {
	u := s.clone()
	for i, w := range t {
		u[i] &= w
	}
	return u
}

func (s nodeSet) minus(t nodeSet) nodeSet {
	u := s.clone()
	for i, w := range t {
		u[i] &^= w
	}
	return u
}

// members returns the members of s in increasing order.
func (s nodeSet) members() []int {
	out := make([]int, 0, s.len())
	for i, w := range s {
		for w != 0 {
			b := bits.TrailingZeros64(w)
			out = append(out, i*64+b)
			w &= w - 1
		}
	}
	return out
}
