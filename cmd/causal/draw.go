package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/identify"
	"github.com/markovcat/causal/intervention"
	"github.com/markovcat/causal/scm"
)

func runDraw(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("causal draw", flag.ContinueOnError)
	fs.SetOutput(stderr)
	model := fs.String("model", "", "`file` of a model (BIF, or XMLBIF by its .xml or .xmlbif suffix)")
	graphText := fs.String("graph", "", "causal `graph` text, e.g. 'S -> T -> C; S <-> C'")
	graphFile := fs.String("graph-file", "", "`file` holding the causal graph text")
	do := fs.String("do", "", "comma-separated `variables` to cut: their boxes are replaced by a uniform state")
	format := fs.String("format", "svg", "output `format`: svg or dot")
	out := fs.String("o", "", "output `file` (default: standard output)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: causal draw [-model F.bif | -graph G] [-do X] [-format svg|dot] [-o FILE]\n\n")
		fmt.Fprintf(fs.Output(), "Draws the network diagram of a model or graph: one box per variable, its output copied to its children.\n")
		fmt.Fprintf(fs.Output(), "A graph's bidirected edge A <-> B is drawn as a latent box feeding A and B.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitInvalid
	}
	if fs.NArg() > 0 {
		return fail(stderr, usagef("draw takes no positional arguments, got %q", fs.Args()))
	}
	if *format != "svg" && *format != "dot" {
		return fail(stderr, usagef("invalid -format %q: valid formats are svg and dot", *format))
	}
	d, err := drawDiagram(*model, *graphText, *graphFile, *do)
	if err != nil {
		return fail(stderr, err)
	}
	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return fail(stderr, err)
		}
		defer f.Close()
		w = f
	}
	if *format == "dot" {
		_, err = io.WriteString(w, d.DOT())
	} else {
		err = d.WriteSVG(w)
	}
	if err != nil {
		fmt.Fprintf(stderr, "causal: writing the drawing: %v\n", err)
		return exitInvalid
	}
	return exitOK
}

// drawDiagram builds the network diagram to draw, cut at the -do variables.
func drawDiagram(model, graphText, graphFile, do string) (diagram.Diagram, error) {
	text, err := graphFlag(graphText, graphFile)
	if err != nil {
		return diagram.Diagram{}, err
	}
	var m *scm.Model
	switch {
	case model != "" && text != "":
		return diagram.Diagram{}, usagef("give either -model or -graph, not both")
	case model != "":
		m, err = scm.ReadFile(model)
	case text != "":
		m, err = graphModel(text)
	default:
		return diagram.Diagram{}, usagef("draw needs -model or -graph")
	}
	if err != nil {
		return diagram.Diagram{}, err
	}
	d, _ := m.NetworkDiagram()
	targets := splitList(do)
	for _, x := range targets {
		if _, ok := m.Index(x); !ok {
			return diagram.Diagram{}, fmt.Errorf("unknown -do variable %q: valid variables are %v", x, m.Names())
		}
	}
	if len(targets) == 0 {
		return d, nil
	}
	return intervention.CutUniform(d, targets...)
}

// maxDrawParents bounds the placeholder tables that graphModel allocates
// (2^(parents+1) entries each).
const maxDrawParents = 20

// graphModel turns a graph into a model with the same structure, for
// drawing only: each variable gets two placeholder states and uniform
// tables, and each bidirected edge A <-> B a latent parent named U_A_B.
func graphModel(text string) (*scm.Model, error) {
	g, err := identify.ParseGraph(text)
	if err != nil {
		return nil, err
	}
	b := scm.NewBuilder()
	parents := make(map[string][]string)
	var latents []string
	for _, e := range g.BidirectedEdges() {
		u := fmt.Sprintf("U_%s_%s", g.Name(e[0]), g.Name(e[1]))
		latents = append(latents, u)
		parents[g.Name(e[0])] = append(parents[g.Name(e[0])], u)
		parents[g.Name(e[1])] = append(parents[g.Name(e[1])], u)
	}
	for _, name := range append(g.Names(), latents...) {
		if err := b.AddVariable(name, "0", "1"); err != nil {
			return nil, err
		}
	}
	for v := range g.NumNodes() {
		for _, p := range g.Parents(v) {
			parents[g.Name(v)] = append(parents[g.Name(v)], g.Name(p))
		}
	}
	for _, name := range append(g.Names(), latents...) {
		ps := parents[name]
		if len(ps) > maxDrawParents {
			return nil, fmt.Errorf("cannot draw %s: it has %d parents, more than the %d a drawing supports", name, len(ps), maxDrawParents)
		}
		table := make([]float64, 2<<len(ps))
		for i := range table {
			table[i] = 0.5
		}
		if err := b.SetCPT(name, ps, table); err != nil {
			return nil, err
		}
	}
	if len(latents) > 0 {
		if err := b.SetLatent(latents...); err != nil {
			return nil, err
		}
	}
	return b.Build()
}
