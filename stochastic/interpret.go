package stochastic

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/mat"

	"github.com/markovcat/causal/diagram"
)

// Option configures Interpret.
type Option func(*interpretOptions)

type interpretOptions struct {
	contract ContractOptions
	stats    *Stats
}

// WithSizeLimit sets the largest number of entries of any tensor that
// Interpret forms, the result included. Zero or a negative value means
// DefaultSizeLimit.
func WithSizeLimit(entries int) Option {
	return func(o *interpretOptions) { o.contract.SizeLimit = entries }
}

// WithHeuristic sets the heuristic that chooses the contraction order. The
// default is MinFill.
func WithHeuristic(h Heuristic) Option {
	return func(o *interpretOptions) { o.contract.Heuristic = h }
}

// WithStats makes Interpret store the statistics of its contraction in s.
func WithStats(s *Stats) Option {
	return func(o *interpretOptions) { o.stats = s }
}

// Interpret returns the channel of d under in: the functor from diagrams to
// channels, which sends Then to the matrix product and Tensor to the
// Kronecker product.
//
// Interpret evaluates d as a tensor network. Each wire of d is an index.
// Each node is a factor over its input and output wires holding its
// channel, and a uniform node is 1/n over its wire. A wire read by several
// nodes is copied and a wire read by none is summed out. Contract sums out
// every wire that is not a diagram input or output, in an order chosen by a
// heuristic, so Interpret never forms the joint distribution over all
// wires. Nodes whose outputs are all discarded contribute a factor of 1 and
// are left out.
//
// Interpret returns the error of in for a box it cannot interpret, an error
// when a channel's types differ from its box's, and a *SizeLimitError naming
// the wires when a tensor would exceed the size limit.
func Interpret(d diagram.Diagram, in Interpretation, opts ...Option) (*Channel, error) {
	var o interpretOptions
	for _, opt := range opts {
		opt(&o)
	}
	// Wire names are needed only for error messages, so they are built on
	// first use.
	var names []string
	nameOf := func(w int) string {
		if names == nil {
			names = wireNames(d)
		}
		return names[w]
	}
	o.contract.Name = nameOf

	nodes := d.Nodes()
	chans, err := nodeChannels(nodes, in)
	if err != nil {
		return nil, err
	}
	inTypes, outTypes := d.In(), d.Out()
	if err := checkResultSize(d, nameOf, o.contract.SizeLimit); err != nil {
		return nil, err
	}
	rows, cols := diagram.Size(inTypes), diagram.Size(outTypes)

	fs := networkFactors(d, nodes, chans)
	keep := distinctWires(d.Inputs(), d.Outputs())
	o.contract.Keep = keep
	f, stats, err := Contract(fs, o.contract)
	if o.stats != nil {
		*o.stats = stats
	}
	if err != nil {
		return nil, err
	}
	if !slices.Equal(f.Vars, keep) {
		f = f.Permute(keep)
	}
	return &Channel{in: inTypes, out: outTypes, m: readChannel(d, f, rows, cols)}, nil
}

// checkResultSize returns a *SizeLimitError when the channel of d has more
// entries than the size limit, and an error when a boundary wire has a type
// without states.
func checkResultSize(d diagram.Diagram, nameOf func(int) string, limit int) error {
	if limit <= 0 {
		limit = DefaultSizeLimit
	}
	ports := append(d.Inputs(), d.Outputs()...)
	size := 1
	for _, w := range ports {
		n := d.WireType(w).Size()
		if n == 0 {
			return fmt.Errorf("stochastic: wire %s has a type without states, want at least one", nameOf(w))
		}
		if size > math.MaxInt/n {
			size = math.MaxInt
		} else {
			size *= n
		}
	}
	if size <= limit {
		return nil
	}
	vars := make([]string, len(ports))
	for k, w := range ports {
		vars[k] = nameOf(w)
	}
	return &SizeLimitError{Vars: vars, Size: size, Limit: limit}
}

// networkFactors returns the tensor network of d: a factor for each node
// that some output depends on, and a factor of ones over each diagram input
// that no such node reads, so that every kept wire occurs in a factor.
func networkFactors(d diagram.Diagram, nodes []diagram.Node, chans []*Channel) []Factor {
	needed := make([]bool, d.NumWires())
	for _, w := range d.Outputs() {
		needed[w] = true
	}

	// A node none of whose outputs is needed sums to 1 over its outputs,
	// because its rows are distributions, so it is dropped. Nodes are in
	// topological order, so one backward pass finds every such node.
	live := make([]bool, len(nodes))
	for k := len(nodes) - 1; k >= 0; k-- {
		for _, w := range nodes[k].Out {
			live[k] = live[k] || needed[w]
		}
		if live[k] {
			for _, w := range nodes[k].In {
				needed[w] = true
			}
		}
	}

	fs := make([]Factor, 0, len(nodes)+len(d.Inputs()))
	for k, n := range nodes {
		if live[k] {
			fs = append(fs, nodeFactor(d, n, chans[k]))
		}
	}
	read := make([]bool, d.NumWires())
	for _, f := range fs {
		for _, w := range f.Vars {
			read[w] = true
		}
	}
	for _, w := range d.Inputs() {
		if !read[w] {
			fs = append(fs, onesFactor(w, d.WireType(w).Size()))
		}
	}
	return fs
}

// nodeFactor returns the factor of node n with channel c over its input
// wires then its output wires. A wire that n reads twice occurs once, and
// the factor takes the diagonal of c.
func nodeFactor(d diagram.Diagram, n diagram.Node, c *Channel) Factor {
	wires := append(append([]int(nil), n.In...), n.Out...)
	vars := distinctWires(wires)
	card := make([]int, len(vars))
	for k, w := range vars {
		card[k] = d.WireType(w).Size()
	}
	if len(vars) == len(wires) {
		// The matrix in row-major order is big-endian over inputs then outputs.
		raw := c.m.RawMatrix()
		if raw.Stride == raw.Cols {
			// NOTE: the factor shares storage with the channel; Contract does
			// not modify its factors.
			return Factor{Vars: vars, Card: card, Values: raw.Data[:raw.Rows*raw.Cols]}
		}
	}

	// pos[k] is the position in vars of the wire of port k.
	pos := make([]int, len(wires))
	for k, w := range wires {
		pos[k] = slices.Index(vars, w)
	}
	f := Factor{Vars: vars, Card: card, Values: make([]float64, sizeOf(card))}
	x := make([]int, len(vars))
	ports := make([]int, len(wires))
	nin := len(n.In)
	for idx := range f.Values {
		decodeCard(idx, card, x)
		for k, p := range pos {
			ports[k] = x[p]
		}
		f.Values[idx] = c.m.At(JointIndex(c.in, ports[:nin]), JointIndex(c.out, ports[nin:]))
	}
	return f
}

// readChannel returns the rows x cols matrix of the channel from the
// contracted factor f over the distinct diagram input and output wires of d.
// When an output repeats a wire, or passes an input through, the entries
// whose states disagree on that wire are 0.
func readChannel(d diagram.Diagram, f Factor, rows, cols int) *mat.Dense {
	inputs, outputs := d.Inputs(), d.Outputs()
	if len(f.Vars) == len(inputs)+len(outputs) {
		return mat.NewDense(rows, cols, append([]float64(nil), f.Values...))
	}

	// Each entry of f has one row and one column in the result: the state
	// of variable v adds state·rowStride[v] to the row index and
	// state·colStride[v] to the column index. The sum over the ports on v
	// places the entry where every port on v has the same state, so the
	// loop costs one pass over f, not over the result.
	rowStride := make([]int, len(f.Vars))
	colStride := make([]int, len(f.Vars))
	addStrides(d, f.Vars, inputs, rowStride)
	addStrides(d, f.Vars, outputs, colStride)

	m := mat.NewDense(rows, cols, nil)
	state := make([]int, len(f.Vars))
	i, j := 0, 0
	for _, v := range f.Values {
		if v != 0 {
			m.Set(i, j, v)
		}
		// Advance state big-endian, updating i and j with it.
		for k := len(state) - 1; k >= 0; k-- {
			state[k]++
			i += rowStride[k]
			j += colStride[k]
			if state[k] < f.Card[k] {
				break
			}
			i -= state[k] * rowStride[k]
			j -= state[k] * colStride[k]
			state[k] = 0
		}
	}
	return m
}

// addStrides adds to stride[p] the big-endian place value of each port of
// ports whose wire is vars[p].
func addStrides(d diagram.Diagram, vars, ports []int, stride []int) {
	place := 1
	for k := len(ports) - 1; k >= 0; k-- {
		stride[slices.Index(vars, ports[k])] += place
		place *= d.WireType(ports[k]).Size()
	}
}

// onesFactor returns the factor of ones over wire w with n states.
func onesFactor(w, n int) Factor {
	v := make([]float64, n)
	for k := range v {
		v[k] = 1
	}
	return Factor{Vars: []int{w}, Card: []int{n}, Values: v}
}

// wireNames returns a name for each wire of d for error messages: the name
// of its type, followed by "#" and the wire number when several wires have
// types of that name.
func wireNames(d diagram.Diagram) []string {
	count := make(map[string]int)
	for w := 0; w < d.NumWires(); w++ {
		count[d.WireType(w).String()]++
	}
	names := make([]string, d.NumWires())
	for w := range names {
		name := d.WireType(w).String()
		if count[name] > 1 {
			name += "#" + strconv.Itoa(w)
		}
		names[w] = name
	}
	return names
}

// distinctWires returns the wires of the lists in order of first occurrence,
// each once.
func distinctWires(lists ...[]int) []int {
	var ws []int
	for _, l := range lists {
		for _, w := range l {
			if slices.Index(ws, w) < 0 {
				ws = append(ws, w)
			}
		}
	}
	return ws
}

// decodeCard writes into x the big-endian digits of idx with the given
// cardinalities.
func decodeCard(idx int, card, x []int) {
	for k := len(card) - 1; k >= 0; k-- {
		x[k] = idx % card[k]
		idx /= card[k]
	}
}

// sizeOf returns the product of card.
func sizeOf(card []int) int {
	n := 1
	for _, c := range card {
		n *= c
	}
	return n
}
