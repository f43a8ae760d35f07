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
	const command = "causal identify"
	fs := flag.NewFlagSet(command, flag.ContinueOnError)
	graphText := fs.String("graph", "", "causal `graph` text, e.g. 'X -> Z -> Y; X <-> Y'")
	graphFile := fs.String("graph-file", "", "`file` holding the causal graph text, in place of -graph")
	asJSON := fs.Bool("json", false, "print one JSON object per query instead of text")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: causal identify -graph G [-json] QUERY

Decides whether QUERY, such as 'P(Y | do(X))' or 'P(Y | do(X), Z)', can be computed from
observational data on the graph's variables, and prints its estimand, or the hedge that proves
it cannot (exit status 1). For one intervention and no evidence it also prints a minimal
back-door adjustment set and a front-door set, when they exist. Values in QUERY are ignored.

Graph syntax: 'A -> B', chains 'A -> B -> C', 'A <- B', 'A <-> B' (hidden common cause), a bare
'A'; statements separated by ';' or newlines; '#' starts a comment; names that are not letters,
digits, '_', '.' or '-' are double-quoted.
A QUERY of - reads one query per line from standard input; lines starting with # are skipped.

Exit status: 0 identifiable; 1 not identifiable; 2 invalid input or usage.

Flags:
`)
		fs.PrintDefaults()
	}
	positional, status, done := parseFlags(fs, args, stdout, stderr)
	if done {
		return status
	}
	text, err := queryArgument(positional)
	if err != nil {
		return fail(stderr, command, err)
	}
	src, err := graphFlag(*graphText, *graphFile)
	if err != nil {
		return fail(stderr, command, err)
	}
	if src == "" {
		return fail(stderr, command, usagef("identify needs -graph or -graph-file"))
	}
	g, err := parseGraph(src)
	if err != nil {
		return fail(stderr, command, err)
	}
	a := &identifier{resolver: identifiedAnswerer{
		g:                  g,
		counterfactualHint: "a graph has no mechanisms, and a counterfactual needs them: use 'causal query -model' with a functional model",
	}}
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
	est, err := identifyQuery(g, r)
	if err != nil {
		return nil, err
	}
	res := &result{Method: "ID/IDC (Shpitser and Pearl, 2006)", Estimand: est.String(), EstimandOnly: true}
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

// identifyQuery runs IDC on r, wrapping a hedge in a *hedgeError.
func identifyQuery(g *identify.Graph, r *resolvedQuery) (*identify.Estimand, error) {
	est, err := identify.IDC(g, r.targets, r.do, r.given)
	var hedge *identify.NotIdentifiableError
	if errors.As(err, &hedge) {
		return nil, &hedgeError{hedge}
	}
	return est, err
}

// hedgeError reports a query that is not identifiable, with the hedge's
// C-forests spelled out for the reader.
type hedgeError struct {
	err *identify.NotIdentifiableError
}

func (e *hedgeError) Error() string {
	h := e.err.Hedge
	return fmt.Sprintf("%s is not identifiable from the graph: two models that agree on every observational probability disagree on it. "+
		"Hedge: C-forests F = {%s} and F' = {%s} with roots {%s}",
		e.err.Query, quotedNames(h.Graph, h.F.Nodes), quotedNames(h.Graph, h.FPrime.Nodes), quotedNames(h.Graph, h.F.Roots))
}

// quotedNames lists the names of the nodes vs, separated by commas and
// double-quoted where they are not identifiers, so that a name holding a
// comma or a space cannot be misread.
func quotedNames(g *identify.Graph, vs []int) string {
	quoted := make([]string, len(vs))
	for i, v := range vs {
		quoted[i] = quoteName(g.Name(v))
	}
	return strings.Join(quoted, ", ")
}

func (e *hedgeError) Unwrap() error { return e.err }
