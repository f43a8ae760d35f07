package diagram

import (
	"strconv"
	"strings"
)

// String returns a text form of d, one line per item:
//
//	in w0:A, w1:B
//	f(w0, w1) -> w2:C
//	uniform -> w3:A
//	out w2, w2, w3
//
// The first line lists the input wires with their types. Then each node,
// in the order of Nodes, reads its input wires and defines its output
// wires. The "out" line lists the output wires, and a wire listed twice is
// copied. A final "discard" line lists the wires that nothing uses. Box and
// type names that are not plain identifiers are quoted as Go strings. The
// text depends only on d as stored, so the same construction always prints
// the same text; equal diagrams print the same text after Canonical.
func (d Diagram) String() string {
	var b strings.Builder
	b.WriteString("in ")
	b.WriteString(d.wireList(d.inputs, true))
	for _, n := range d.nodes {
		b.WriteString("\n")
		b.WriteString(d.nodeText(n))
	}
	b.WriteString("\nout ")
	b.WriteString(d.wireList(d.outputs, false))
	if unused := d.unusedWires(); len(unused) > 0 {
		b.WriteString("\ndiscard ")
		b.WriteString(d.wireList(unused, false))
	}
	return b.String()
}

// nodeText returns the line of n: "f(w0, w1) -> w2:C".
func (d Diagram) nodeText(n Node) string {
	var b strings.Builder
	if n.Kind == UniformNode {
		b.WriteString("uniform")
	} else {
		b.WriteString(quoteIdent(n.Box.Name))
		b.WriteString("(")
		b.WriteString(d.wireNames(n.In, false, ", "))
		b.WriteString(")")
	}
	b.WriteString(" -> ")
	b.WriteString(d.wireList(n.Out, true))
	return b.String()
}

// wireList returns the wires ws separated by commas, or "()" when there are
// none. With typed set, each wire shows its type.
func (d Diagram) wireList(ws []int, typed bool) string {
	if len(ws) == 0 {
		return "()"
	}
	return d.wireNames(ws, typed, ", ")
}

func (d Diagram) wireNames(ws []int, typed bool, sep string) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = "w" + strconv.Itoa(w)
		if typed {
			parts[i] += ":" + quoteIdent(d.wires[w].String())
		}
	}
	return strings.Join(parts, sep)
}

// unusedWires returns the wires that no node and no output reads.
func (d Diagram) unusedWires() []int {
	var ws []int
	for w, u := range d.Uses() {
		if u == 0 {
			ws = append(ws, w)
		}
	}
	return ws
}

// quoteIdent returns s unchanged when it is a nonempty run of letters,
// digits, '_', '.' and '-', and as a Go string literal otherwise.
func quoteIdent(s string) string {
	if isIdent(s) {
		return s
	}
	return strconv.Quote(s)
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		ok := r == '_' || r == '.' || r == '-' || '0' <= r && r <= '9' ||
			'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
		if !ok {
			return false
		}
	}
	return true
}
