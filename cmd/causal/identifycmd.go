package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/markovcat/causal/identify"
	"github.com/markovcat/causal/scm"
)

func runIdentify(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("causal identify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	graphText := fs.String("graph", "", "causal `graph` text, e.g. 'X -> Z -> Y; X <-> Y'")
	graphFile := fs.String("graph-file", "", "`file` holding the causal graph text")
	asJSON := fs.Bool("json", false, "print one JSON object per query")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: causal identify -graph G [-json] QUERY\n\n")
		fmt.Fprintf(fs.Output(), "Decides whether QUERY, such as 'P(Y | do(X))', can be computed from observational data on the graph's\n")
		fmt.Fprintf(fs.Output(), "variables, and prints its estimand, or the hedge that proves it cannot (exit status 1).\n")
		fmt.Fprintf(fs.Output(), "Graph syntax: 'A -> B', chains 'A -> B -> C', 'A <- B', 'A <-> B' (hidden common cause), a bare 'A';\n")
		fmt.Fprintf(fs.Output(), "statements separated by ';' or newlines; '#' starts a comment.\nA QUERY of - reads one query per line from standard input.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	text, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		return fail(stderr, err)
	}
	src, err := graphFlag(*graphText, *graphFile)
	if err != nil {
		return fail(stderr, err)
	}
	if src == "" {
		return fail(stderr, usagef("identify needs -graph or -graph-file"))
	}
	g, err := identify.ParseGraph(src)
	if err != nil {
		return fail(stderr, fmt.Errorf("invalid -graph: %w", err))
	}
	a := &identifier{resolver: identifiedAnswerer{g: g}}
	if text == "-" {
		return runBatch(a, stdin, stdout, stderr, *asJSON)
	}
	return report(answerText(a, text), stdout, stderr, *asJSON)
}

// identifier identifies queries from a graph alone, without evaluating them.
type identifier struct {
	resolver identifiedAnswerer
}

func (a *identifier) answer(q *scm.Query) (*result, error) {
	g := a.resolver.g
	r, err := a.resolver.resolve(q)
	if err != nil {
		return nil, err
	}
	est, err := identify.IDC(g, r.targets, r.do, r.given)
	var hedge *identify.NotIdentifiableError
	if errors.As(err, &hedge) {
		return nil, &hedgeError{hedge}
	}
	if err != nil {
		return nil, err
	}
	res := &result{Method: "ID/IDC (Shpitser and Pearl, 2006)", Estimand: est.String()}
	res.Extra = append(res.Extra, field{"identifiable", true}, field{"latex", est.LaTeX()})
	if len(r.do) == 1 && len(r.given) == 0 {
		bd, err := backDoorField(g, r)
		if err != nil {
			return nil, err
		}
		fd, err := frontDoorField(g, r)
		if err != nil {
			return nil, err
		}
		res.Extra = append(res.Extra, bd, fd)
	}
	return res, nil
}

// adjustment describes an adjustment set, or that none exists.
type adjustment struct {
	Exists bool     `json:"exists"`
	Set    []string `json:"set"`
}

func (s adjustment) String() string {
	switch {
	case !s.Exists:
		return "none exists"
	case len(s.Set) == 0:
		return "the empty set (no adjustment needed)"
	default:
		return "{" + strings.Join(s.Set, ", ") + "}"
	}
}

func backDoorField(g *identify.Graph, r *resolvedQuery) (field, error) {
	z, ok, err := identify.MinimalBackDoorSet(g, r.do, r.targets)
	if err != nil {
		return field{}, err
	}
	return field{"backdoor", adjustment{Exists: ok, Set: names(g, z)}}, nil
}

func frontDoorField(g *identify.Graph, r *resolvedQuery) (field, error) {
	z, ok, err := identify.FindFrontDoorSet(g, r.do, r.targets)
	if err != nil {
		return field{}, err
	}
	return field{"frontdoor", adjustment{Exists: ok, Set: names(g, z)}}, nil
}

func names(g *identify.Graph, vs []int) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		out = append(out, g.Name(v))
	}
	return out
}

// hedgeError reports a query that is not identifiable, with the hedge's
// C-forests spelled out for the reader.
type hedgeError struct {
	err *identify.NotIdentifiableError
}

func (e *hedgeError) Error() string {
	h := e.err.Hedge
	return fmt.Sprintf("%s is not identifiable from the graph: two models agree on every observational probability but not on it. "+
		"Hedge: C-forest F = {%s} and F' = {%s} with roots {%s}",
		e.err.Query, strings.Join(names(h.Graph, h.F.Nodes), ", "),
		strings.Join(names(h.Graph, h.FPrime.Nodes), ", "), strings.Join(names(h.Graph, h.F.Roots), ", "))
}

func (e *hedgeError) Unwrap() error { return e.err }
