package diagram

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// WriteSVG writes a drawing of d as an SVG document to w. The drawing runs
// top to bottom, from input points at the top to output points at the
// bottom. Boxes are rectangles with their names, and uniform states are
// rounded. Each wire is a curve labelled with its type, and each output
// point has its type's name written below it. A copied wire
// starts with a dot, and a discarded wire ends in a ground bar. Each box
// sits one layer below the deepest source of its inputs, and each layer is
// ordered by the mean position of the wires that feed it.
func (d Diagram) WriteSVG(w io.Writer) error {
	l := newLayout(d)
	height := l.height + d.outputLabelHeight()
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="Helvetica, Arial, sans-serif">`+"\n",
		l.width, height, l.width, height)
	fmt.Fprintf(bw, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	d.svgWires(bw, l)
	d.svgBoxes(bw, l)
	svgPoints(bw, l.inputs)
	svgPoints(bw, l.outputs)
	d.svgOutputLabels(bw, l)
	fmt.Fprintln(bw, "</svg>")
	return bw.Flush()
}

// outputLabelCharWidth is the width in pixels allowed per character of an
// output label, an estimate for a 10-pixel sans-serif font.
const outputLabelCharWidth = 6.5

// outputLabelHeight returns the room below the outputs that their labels,
// written downwards, take.
func (d Diagram) outputLabelHeight() float64 {
	longest := 0
	for _, v := range d.outputs {
		longest = max(longest, utf8.RuneCountInString(d.wires[v].Name))
	}
	if longest == 0 {
		return 0
	}
	return 8 + outputLabelCharWidth*float64(longest)
}

// svgOutputLabels writes the name of each output's type below it, turned a
// quarter turn so that neighbouring outputs do not overlap.
func (d Diagram) svgOutputLabels(w io.Writer, l *layout) {
	fmt.Fprintln(w, `<g font-size="10" fill="#444">`)
	for i, v := range d.outputs {
		p := l.outputs[i]
		x, y := p.x-3, p.y+6
		fmt.Fprintf(w, `<text x="%.1f" y="%.1f" transform="rotate(90 %.1f %.1f)">%s</text>`+"\n",
			x, y, x, y, xmlText(d.wires[v].Name))
	}
	fmt.Fprintln(w, "</g>")
}

// svgWires draws every wire from its source through its bend points to
// each use.
func (d Diagram) svgWires(w io.Writer, l *layout) {
	src := d.Sources()
	uses := make([][]route, len(d.wires))
	for _, r := range l.routes {
		uses[r.wire] = append(uses[r.wire], r)
	}
	fmt.Fprintln(w, `<g fill="none" stroke="black" stroke-width="1.2">`)
	var dots []point
	for v := range d.wires {
		p := l.source(d, src, v)
		if len(uses[v]) == 0 {
			svgDiscard(w, p)
			continue
		}
		if len(uses[v]) > 1 {
			c := point{p.x, p.y + 10}
			fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`+"\n", p.x, p.y, c.x, c.y)
			dots = append(dots, c)
			p = c
		}
		for _, r := range uses[v] {
			svgPath(w, l.routePoints(d, p, r))
		}
	}
	fmt.Fprintln(w, "</g>")
	for _, c := range dots {
		fmt.Fprintf(w, `<circle cx="%.1f" cy="%.1f" r="3" fill="black"/>`+"\n", c.x, c.y)
	}
	d.svgTypeLabels(w, l, src)
}

// routePoints returns the points of route r from start through its bend
// points to its end.
func (l *layout) routePoints(d Diagram, start point, r route) []point {
	ps := []point{start}
	for _, b := range r.bends {
		ps = append(ps, l.bends[b])
	}
	if r.node < 0 {
		return append(ps, l.outputs[r.port])
	}
	return append(ps, l.boxes[r.node].port(r.port, len(d.nodes[r.node].In), true))
}

// svgTypeLabels writes the type of each wire beside its source.
func (d Diagram) svgTypeLabels(w io.Writer, l *layout, src []int) {
	fmt.Fprintln(w, `<g font-size="10" fill="#444">`)
	for v, t := range d.wires {
		p := l.source(d, src, v)
		fmt.Fprintf(w, `<text x="%.1f" y="%.1f">%s</text>`+"\n", p.x+5, p.y+11, xmlText(t.String()))
	}
	fmt.Fprintln(w, "</g>")
}

// svgBoxes draws the rectangle and name of every node.
func (d Diagram) svgBoxes(w io.Writer, l *layout) {
	fmt.Fprintln(w, `<g font-size="12" text-anchor="middle">`)
	for i, n := range d.nodes {
		r := l.boxes[i]
		radius := 0.0
		if n.Kind == UniformNode {
			radius = r.h / 2
		}
		fmt.Fprintf(w, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="%.1f" fill="white" stroke="black" stroke-width="1.2"/>`+"\n",
			r.x, r.y, r.w, r.h, radius)
		fmt.Fprintf(w, `<text x="%.1f" y="%.1f">%s</text>`+"\n", r.x+r.w/2, r.y+r.h/2+4, xmlText(nodeLabel(n)))
	}
	fmt.Fprintln(w, "</g>")
}

// svgPath draws a smooth path through ps: a cubic Bézier curve between
// each pair of points, leaving and entering vertically.
func svgPath(w io.Writer, ps []point) {
	fmt.Fprintf(w, `<path d="M %.1f %.1f`, ps[0].x, ps[0].y)
	for k := 1; k < len(ps); k++ {
		p, q := ps[k-1], ps[k]
		dy := (q.y - p.y) / 2
		fmt.Fprintf(w, ` C %.1f %.1f, %.1f %.1f, %.1f %.1f`, p.x, p.y+dy, q.x, q.y-dy, q.x, q.y)
	}
	fmt.Fprintln(w, `"/>`)
}

// svgDiscard draws a short stem below p ending in a ground bar.
func svgDiscard(w io.Writer, p point) {
	fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`+"\n", p.x, p.y, p.x, p.y+14)
	fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke-width="2"/>`+"\n", p.x-6, p.y+14, p.x+6, p.y+14)
}

// svgPoints draws the boundary points of the diagram.
func svgPoints(w io.Writer, ps []point) {
	for _, p := range ps {
		fmt.Fprintf(w, `<circle cx="%.1f" cy="%.1f" r="2.5" fill="black"/>`+"\n", p.x, p.y)
	}
}

// xmlText returns s escaped as XML character data. Invalid UTF-8 and
// characters that XML forbids, such as control characters, become U+FFFD,
// so that any name gives a well-formed document.
func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
