package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/intervention"
	"github.com/markovcat/causal/scm"
)

func runDraw(args []string, stdout, stderr io.Writer) int {
	const command = "causal draw"
	fs := flag.NewFlagSet(command, flag.ContinueOnError)
	model := fs.String("model", "", "`file` of a model: BIF, or XMLBIF by its .xml or .xmlbif suffix")
	graphText := fs.String("graph", "", "causal `graph` text, e.g. 'S -> T -> C; S <-> C'")
	graphFile := fs.String("graph-file", "", "`file` holding the causal graph text, in place of -graph")
	do := fs.String("do", "", "comma-separated `variables` to intervene on: each one's box is replaced by a uniform state,\nwhich cuts the wires from its parents. Names that are not identifiers are double-quoted")
	format := fs.String("format", "svg", "output `format`: svg, or dot for Graphviz")
	out := fs.String("o", "", "output `file`, replaced if it exists (default: standard output)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: causal draw [-model F.bif | -graph G] [-do X] [-format svg|dot] [-o FILE]

Draws the network diagram of a model or graph as a string diagram: one box per variable, its
output copied to its children. A graph's bidirected edge A <-> B is drawn as a box for a latent
common cause feeding A and B.

Flags:
`)
		fs.PrintDefaults()
	}
	positional, status, done := parseFlags(fs, args, stdout, stderr)
	if done {
		return status
	}
	if len(positional) > 0 {
		return fail(stderr, command, usagef("draw takes no positional arguments, got %q", positional))
	}
	if *format != "svg" && *format != "dot" {
		return fail(stderr, command, usagef("invalid -format %q: valid formats are svg and dot", *format))
	}
	d, err := drawDiagram(*model, *graphText, *graphFile, *do)
	if err != nil {
		return fail(stderr, command, err)
	}
	if *out == "" {
		return writeDrawing(stdout, d, *format, stderr)
	}
	f, err := os.Create(*out)
	if err != nil {
		return fail(stderr, command, err)
	}
	status = writeDrawing(f, d, *format, stderr)
	if err := f.Close(); err != nil && status == exitOK {
		fmt.Fprintf(stderr, "causal: writing the drawing: %v\n", err)
		return exitInvalid
	}
	return status
}

func writeDrawing(w io.Writer, d diagram.Diagram, format string, stderr io.Writer) int {
	var err error
	if format == "dot" {
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
	var valid []string // the variables that -do may name
	switch {
	case model != "" && text != "":
		return diagram.Diagram{}, usagef("give either -model or -graph, not both")
	case model != "":
		m, err = scm.ReadFile(model)
		if err == nil && m.NumVars() == 0 {
			err = fmt.Errorf("model file %s declares no variables: a BIF model needs 'variable' and 'probability' blocks", model)
		}
		if err == nil {
			valid = m.Names()
		}
	case text != "":
		m, valid, err = graphModel(text)
	default:
		return diagram.Diagram{}, usagef("draw needs -model, -graph or -graph-file")
	}
	if err != nil {
		return diagram.Diagram{}, err
	}

	d, _ := m.NetworkDiagram()
	if do == "" {
		return d, nil
	}
	targets, err := doVariables(valid, do)
	if err != nil {
		return diagram.Diagram{}, err
	}
	return intervention.CutUniform(d, targets...)
}

// doVariables returns the distinct names of the -do list, each one of valid.
func doVariables(valid []string, do string) ([]string, error) {
	names, err := splitList("-do", do)
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, usagef("-do %q lists no variables: give names such as -do X,Y", do)
	}
	var targets []string
	for _, x := range names {
		if !slices.Contains(valid, x) {
			return nil, fmt.Errorf("unknown -do variable %q: valid variables are %s", x, nameList(valid))
		}
		if !slices.Contains(targets, x) {
			targets = append(targets, x)
		}
	}
	return targets, nil
}

// graphModel turns a graph into a model with the same structure, for
// drawing only: each variable has one placeholder state, so each table has
// one entry whatever the number of parents, and each bidirected edge A <-> B
// gets a latent parent named U_A_B (with a numeric suffix when a variable of
// the graph already has that name). It also returns the graph's variables.
func graphModel(text string) (*scm.Model, []string, error) {
	g, err := parseGraph(text)
	if err != nil {
		return nil, nil, err
	}
	names := g.Names()
	taken := make(map[string]bool)
	for _, name := range names {
		taken[name] = true
	}

	parents := make(map[string][]string)
	var latents []string
	for _, e := range g.BidirectedEdges() {
		a, b := g.Name(e[0]), g.Name(e[1])
		u := freshName("U_"+a+"_"+b, taken)
		latents = append(latents, u)
		parents[a] = append(parents[a], u)
		parents[b] = append(parents[b], u)
	}
	for v := range g.NumNodes() {
		for _, p := range g.Parents(v) {
			parents[g.Name(v)] = append(parents[g.Name(v)], g.Name(p))
		}
	}

	all := append(names, latents...)
	bld := scm.NewBuilder()
	for _, name := range all {
		if err := bld.AddVariable(name, "_"); err != nil {
			return nil, nil, err
		}
	}
	for _, name := range all {
		if err := bld.SetCPT(name, parents[name], []float64{1}); err != nil {
			return nil, nil, err
		}
	}
	if len(latents) > 0 {
		if err := bld.SetLatent(latents...); err != nil {
			return nil, nil, err
		}
	}
	m, err := bld.Build()
	return m, names, err
}

// freshName returns name, or name with the smallest suffix _2, _3, ... that
// makes it unused, and marks it as used.
func freshName(name string, taken map[string]bool) string {
	fresh := name
	for k := 2; taken[fresh]; k++ {
		fresh = name + "_" + strconv.Itoa(k)
	}
	taken[fresh] = true
	return fresh
}
