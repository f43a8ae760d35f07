package diagram

import (
	"cmp"
	"slices"
	"unicode/utf8"
)

// Sizes of the drawing, in SVG user units.
const (
	layoutMargin   = 24.0
	layoutRow      = 64.0 // vertical distance between layers
	layoutGap      = 20.0 // horizontal gap between items of a layer
	layoutBoxH     = 28.0
	layoutPort     = 22.0 // horizontal distance between ports
	layoutCharW    = 7.0  // estimated width of one character of a label
	layoutBoxInset = 16.0 // horizontal room around a box label

	layoutTypeCharW = 6.0  // estimated width of one character of a type label
	layoutTypeInset = 12.0 // room between adjacent type labels
)

// layout is the position of every item of a drawing, in layers as in
// Sugiyama's method. Diagram inputs are on layer 0, each node is one layer
// below the deepest source of its inputs, and the outputs are on the layer
// below all nodes. A wire that crosses layers passes through a bend point
// on each layer in between, so that it never runs through a box. Each
// layer is ordered once, top to bottom, by the mean position of what feeds
// it.
type layout struct {
	width, height float64
	inputs        []point // position of each diagram input
	outputs       []point // position of each diagram output
	boxes         []rect  // rectangle of each node
	bends         []point // position of each bend point
	routes        []route // one per use of a wire
	layers        int
}

type point struct{ x, y float64 }

type rect struct{ x, y, w, h float64 }

// route is one use of a wire: the bend points it passes, top to bottom, and
// its end, an input port of a node or a diagram output.
type route struct {
	wire  int
	node  int // node whose input port it ends at, or -1 for an output
	port  int // the port of node, or the index of the diagram output
	bends []int
}

// item is a thing placed in a layer: a diagram input (kind 'i'), a node
// ('n'), a bend point ('b') or a diagram output ('o').
type item struct {
	kind  byte
	index int
	width float64
	want  float64 // preferred centre
}

// newLayout computes the layout of d.
func newLayout(d Diagram) *layout {
	layer := d.nodeLayers()
	last := 1
	for _, r := range layer {
		last = max(last, r+1)
	}
	l := &layout{layers: last + 1, inputs: make([]point, len(d.inputs)),
		outputs: make([]point, len(d.outputs)), boxes: make([]rect, len(d.nodes))}
	rows := make([][]item, last+1)
	for i := range d.inputs {
		rows[0] = append(rows[0], item{kind: 'i', index: i})
	}
	for i, n := range d.nodes {
		rows[layer[i]] = append(rows[layer[i]], item{kind: 'n', index: i, width: d.boxWidth(n)})
	}
	for i := range d.outputs {
		rows[last] = append(rows[last], item{kind: 'o', index: i})
	}
	l.addRoutes(d, layer, last, rows)

	p := placer{d: d, l: l, src: d.Sources(), bendRoute: l.bendRoutes()}
	p.routeOf = l.routeIndex(d)
	// A diagram without inputs starts at layer 1.
	top := 0
	if len(rows[0]) == 0 {
		top = 1
		l.layers--
	}
	for r, row := range rows {
		p.placeRow(row, layoutMargin+float64(r-top)*layoutRow)
	}
	p.alignInputs(rows[0])
	l.normalise()
	return l
}

// nodeLayers returns the layer of each node: one more than the layer of the
// deepest source of its inputs, where diagram inputs are on layer 0.
func (d Diagram) nodeLayers() []int {
	src := d.Sources()
	layer := make([]int, len(d.nodes))
	for i, n := range d.nodes {
		layer[i] = 1
		for _, w := range n.In {
			if j := src[w]; j >= 0 {
				layer[i] = max(layer[i], layer[j]+1)
			}
		}
	}
	return layer
}

// addRoutes adds a route for each use of each wire, with a bend point in
// rows for each layer strictly between its source and its end.
func (l *layout) addRoutes(d Diagram, layer []int, last int, rows [][]item) {
	src := d.Sources()
	from := func(w int) int {
		if src[w] < 0 {
			return 0
		}
		return layer[src[w]]
	}
	add := func(w, node, port, to int) {
		r := route{wire: w, node: node, port: port}
		for k := from(w) + 1; k < to; k++ {
			r.bends = append(r.bends, len(l.bends))
			rows[k] = append(rows[k], item{kind: 'b', index: len(l.bends)})
			l.bends = append(l.bends, point{})
		}
		l.routes = append(l.routes, r)
	}
	for i, n := range d.nodes {
		for k, w := range n.In {
			add(w, i, k, layer[i])
		}
	}
	for i, w := range d.outputs {
		add(w, -1, i, last)
	}
}

// bendRoutes returns, for each bend point, its route and its position in
// the route.
func (l *layout) bendRoutes() [][2]int {
	br := make([][2]int, len(l.bends))
	for r, rt := range l.routes {
		for j, b := range rt.bends {
			br[b] = [2]int{r, j}
		}
	}
	return br
}

// routeIndex returns, for each node, the route that ends at each of its
// input ports.
func (l *layout) routeIndex(d Diagram) [][]int {
	idx := make([][]int, len(d.nodes))
	for i, n := range d.nodes {
		idx[i] = make([]int, len(n.In))
	}
	for r, rt := range l.routes {
		if rt.node >= 0 {
			idx[rt.node][rt.port] = r
		}
	}
	return idx
}

// placer places the items of a layout row by row.
type placer struct {
	d         Diagram
	l         *layout
	src       []int
	bendRoute [][2]int
	routeOf   [][]int
}

// source returns the position of the source of wire w: an input point or an
// output port of a box.
func (l *layout) source(d Diagram, src []int, w int) point {
	if i := src[w]; i >= 0 {
		k := slices.Index(d.nodes[i].Out, w)
		return l.boxes[i].port(k, len(d.nodes[i].Out), false)
	}
	return l.inputs[slices.Index(d.inputs, w)]
}

// last returns the position just above the end of route r: its last bend
// point, or the source of its wire.
func (p *placer) last(r int) point {
	rt := p.l.routes[r]
	if len(rt.bends) > 0 {
		return p.l.bends[rt.bends[len(rt.bends)-1]]
	}
	return p.l.source(p.d, p.src, rt.wire)
}

// preferred returns the centre that item it would like: the mean position
// of the points that feed it, or its position k in the row when nothing
// feeds it.
func (p *placer) preferred(it item, k int) float64 {
	var xs []float64
	switch it.kind {
	case 'n':
		for _, r := range p.routeOf[it.index] {
			xs = append(xs, p.last(r).x)
		}
	case 'b':
		r, j := p.bendRoute[it.index][0], p.bendRoute[it.index][1]
		if j == 0 {
			xs = append(xs, p.l.source(p.d, p.src, p.l.routes[r].wire).x)
		} else {
			xs = append(xs, p.l.bends[p.l.routes[r].bends[j-1]].x)
		}
	case 'o':
		xs = append(xs, p.last(p.outputRoute(it.index)).x)
	}
	if len(xs) == 0 {
		return float64(k) * 2 * layoutPort
	}
	return mean(xs)
}

// outputRoute returns the route that ends at diagram output i.
func (p *placer) outputRoute(i int) int {
	for r, rt := range p.l.routes {
		if rt.node < 0 && rt.port == i {
			return r
		}
	}
	return -1
}

// placeRow orders the items of one layer by preferred position and places
// them left to right without overlap. Inputs and outputs keep their order.
func (p *placer) placeRow(row []item, y float64) {
	if len(row) == 0 {
		return
	}
	for k := range row {
		row[k].want = p.preferred(row[k], k)
	}
	if row[0].kind != 'i' && row[0].kind != 'o' {
		slices.SortStableFunc(row, func(a, b item) int { return cmp.Compare(a.want, b.want) })
	}
	right := 0.0
	for k, it := range row {
		x := it.want - it.width/2
		if k > 0 {
			x = max(x, right+layoutGap)
		}
		p.l.place(it, x, y)
		right = x + it.width
	}
}

// alignInputs moves the diagram inputs, in order and without overlap,
// toward the mean position of the first points their wires lead to.
func (p *placer) alignInputs(row []item) {
	for k, it := range row {
		w := p.d.inputs[it.index]
		var xs []float64
		for _, rt := range p.l.routes {
			if rt.wire == w {
				xs = append(xs, p.l.firstPoint(p.d, rt).x)
			}
		}
		row[k].want = p.l.inputs[it.index].x
		if len(xs) > 0 {
			row[k].want = mean(xs)
		}
	}
	right := 0.0
	for k, it := range row {
		x := it.want
		if k > 0 {
			x = max(x, right+layoutGap)
		}
		p.l.inputs[it.index].x = x
		right = x
	}
}

// firstPoint returns the first point of route r after its source: its first
// bend point or its end.
func (l *layout) firstPoint(d Diagram, r route) point {
	if len(r.bends) > 0 {
		return l.bends[r.bends[0]]
	}
	if r.node < 0 {
		return l.outputs[r.port]
	}
	return l.boxes[r.node].port(r.port, len(d.nodes[r.node].In), true)
}

func mean(xs []float64) float64 {
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
}

// place records the position of item it with its left edge at x.
func (l *layout) place(it item, x, y float64) {
	switch it.kind {
	case 'i':
		l.inputs[it.index] = point{x, y}
	case 'o':
		l.outputs[it.index] = point{x, y}
	case 'b':
		l.bends[it.index] = point{x, y}
	case 'n':
		l.boxes[it.index] = rect{x, y - layoutBoxH/2, it.width, layoutBoxH}
	}
}

// normalise shifts the drawing so that its left edge is at the margin and
// sets its size.
func (l *layout) normalise() {
	lo, hi := 0.0, 0.0
	first := true
	grow := func(a, b float64) {
		if first {
			lo, hi, first = a, b, false
		}
		lo, hi = min(lo, a), max(hi, b)
	}
	for _, ps := range [][]point{l.inputs, l.outputs, l.bends} {
		for _, p := range ps {
			grow(p.x, p.x)
		}
	}
	for _, r := range l.boxes {
		grow(r.x, r.x+r.w)
	}
	dx := layoutMargin - lo
	for _, ps := range [][]point{l.inputs, l.outputs, l.bends} {
		for i := range ps {
			ps[i].x += dx
		}
	}
	for i := range l.boxes {
		l.boxes[i].x += dx
	}
	// Leave room on the right for the type label of the last wire.
	l.width = hi - lo + 2*layoutMargin + 4*layoutCharW
	l.height = float64(l.layers-1)*layoutRow + 2*layoutMargin
}

// port returns the position of port k of n ports on the top edge of r, or
// on the bottom edge when top is false.
func (r rect) port(k, n int, top bool) point {
	x := r.x + r.w*float64(k+1)/float64(n+1)
	if top {
		return point{x, r.y}
	}
	return point{x, r.y + r.h}
}

// boxWidth returns a width that fits the label of n and its ports, spaced
// so that the type labels of its output wires do not overlap.
func (d Diagram) boxWidth(n Node) float64 {
	text := float64(utf8.RuneCountInString(nodeLabel(n)))*layoutCharW + 2*layoutBoxInset
	spacing := layoutPort
	for _, w := range n.Out {
		label := float64(utf8.RuneCountInString(d.wires[w].String())) * layoutTypeCharW
		spacing = max(spacing, label+layoutTypeInset)
	}
	ports := float64(max(len(n.In), len(n.Out))+1) * spacing
	return max(text, ports, 40)
}
