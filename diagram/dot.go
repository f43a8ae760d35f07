package diagram

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// DOT returns d as a Graphviz digraph drawn top to bottom. Diagram inputs
// and outputs are points labelled with their types, boxes are records with
// one port per input and output, a copied wire passes through a small dot
// and a discarded wire ends in a small inverted triangle. Every wire is an edge
// labelled with its type.
func (d Diagram) DOT() string {
	var b strings.Builder
	b.WriteString("digraph diagram {\n")
	b.WriteString("\trankdir=TB;\n\tordering=out;\n")
	b.WriteString("\tnode [fontname=\"Helvetica\", fontsize=11];\n")
	b.WriteString("\tedge [fontname=\"Helvetica\", fontsize=9, arrowhead=none];\n")
	d.dotBoundary(&b)
	for i, n := range d.nodes {
		fmt.Fprintf(&b, "\tn%d [shape=record, label=\"%s\"];\n", i, recordLabel(n))
	}
	d.dotWires(&b)
	b.WriteString("}\n")
	return b.String()
}

// dotBoundary writes the input and output points, each row on one rank.
func (d Diagram) dotBoundary(b *strings.Builder) {
	rank := func(prefix string, ws []int, name string) {
		if len(ws) == 0 {
			return
		}
		fmt.Fprintf(b, "\tsubgraph %s {\n\t\trank=%s;\n", prefix, name)
		for i, w := range ws {
			fmt.Fprintf(b, "\t\t%s%d [shape=point, xlabel=%s];\n", prefix, i, dotQuote(d.wires[w].String()))
		}
		for i := 1; i < len(ws); i++ {
			fmt.Fprintf(b, "\t\t%s%d -> %s%d [style=invis];\n", prefix, i-1, prefix, i)
		}
		b.WriteString("\t}\n")
	}
	rank("in", d.inputs, "source")
	rank("out", d.outputs, "sink")
}

// dotWires writes one edge per use of each wire, through a copy point when
// the wire has several uses, and a ground symbol when it has none.
func (d Diagram) dotWires(b *strings.Builder) {
	uses := d.useSites()
	src := d.sourceSites()
	for w, t := range d.wires {
		from := src[w]
		label := dotQuote(t.String())
		switch len(uses[w]) {
		case 0:
			fmt.Fprintf(b, "\tdiscard%d [shape=invtriangle, label=\"\", width=0.15, height=0.1];\n", w)
			fmt.Fprintf(b, "\t%s -> discard%d [label=%s];\n", from, w, label)
		case 1:
			fmt.Fprintf(b, "\t%s -> %s [label=%s];\n", from, uses[w][0], label)
		default:
			fmt.Fprintf(b, "\tcopy%d [shape=point, width=0.08];\n", w)
			fmt.Fprintf(b, "\t%s -> copy%d [label=%s];\n", from, w, label)
			for _, u := range uses[w] {
				fmt.Fprintf(b, "\tcopy%d -> %s;\n", w, u)
			}
		}
	}
}

// sourceSites returns the DOT endpoint of the source of each wire.
func (d Diagram) sourceSites() []string {
	src := make([]string, len(d.wires))
	for i, w := range d.inputs {
		src[w] = fmt.Sprintf("in%d", i)
	}
	for i, n := range d.nodes {
		for k, w := range n.Out {
			src[w] = fmt.Sprintf("n%d:o%d:s", i, k)
		}
	}
	return src
}

// useSites returns the DOT endpoints that read each wire, in the order of
// nodes and then outputs.
func (d Diagram) useSites() [][]string {
	uses := make([][]string, len(d.wires))
	for i, n := range d.nodes {
		for k, w := range n.In {
			uses[w] = append(uses[w], fmt.Sprintf("n%d:i%d:n", i, k))
		}
	}
	for i, w := range d.outputs {
		uses[w] = append(uses[w], fmt.Sprintf("out%d", i))
	}
	return uses
}

// recordLabel returns the record label of n: a row of input ports, the
// name, and a row of output ports.
func recordLabel(n Node) string {
	ports := func(prefix string, k int) string {
		parts := make([]string, k)
		for i := range parts {
			parts[i] = fmt.Sprintf("<%s%d>", prefix, i)
		}
		return "{" + strings.Join(parts, "|") + "}"
	}
	var fields []string
	if len(n.In) > 0 {
		fields = append(fields, ports("i", len(n.In)))
	}
	fields = append(fields, recordEscape(nodeLabel(n)))
	if len(n.Out) > 0 {
		fields = append(fields, ports("o", len(n.Out)))
	}
	return "{" + strings.Join(fields, "|") + "}"
}

// recordEscape escapes the characters that have a meaning in a record label
// or in a DOT string. A newline becomes a line break of the label.
func recordEscape(s string) string {
	var b strings.Builder
	for _, r := range dotText(s) {
		if r == '\n' {
			b.WriteString(`\n`)
			continue
		}
		if strings.ContainsRune(`{}|<>"\ `, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// dotQuote returns s as a DOT string.
func dotQuote(s string) string {
	return "\"" + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(dotText(s)) + "\""
}

// dotText returns s with invalid UTF-8 and control characters other than
// tab and newline replaced by U+FFFD. Graphviz 2.43 rejects a NUL byte with
// a syntax error and reads invalid UTF-8 as Latin-1 with a warning.
func dotText(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' || r == 0x7f {
			return utf8.RuneError
		}
		return r
	}, strings.ToValidUTF8(s, string(utf8.RuneError)))
}
