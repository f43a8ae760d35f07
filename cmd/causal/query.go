package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/markovcat/causal/counterfactual"
	"github.com/markovcat/causal/intervention"
	"github.com/markovcat/causal/scm"
)

// usageError is invalid usage of the command line: a bad flag combination
// or a missing argument. It exits with status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// answerer computes one parsed query against a loaded model or data set.
type answerer interface {
	answer(q *scm.Query) (*result, error)
}

type queryFlags struct {
	model, latent, graph, graphFile, data, weight string
	json                                          bool
}

func newQueryFlags(stderr io.Writer) (*flag.FlagSet, *queryFlags) {
	fs := flag.NewFlagSet("causal query", flag.ContinueOnError)
	fs.SetOutput(stderr)
	f := &queryFlags{}
	fs.StringVar(&f.model, "model", "", "`file` of a fully specified model: BIF, or XMLBIF by its .xml or .xmlbif suffix")
	fs.StringVar(&f.latent, "latent", "", "comma-separated model `variables` to treat as unobserved; the query is then identified from the graph and evaluated on the observed marginal")
	fs.StringVar(&f.graph, "graph", "", "causal `graph` text, e.g. 'S -> T -> C; S <-> C' (used with -data)")
	fs.StringVar(&f.graphFile, "graph-file", "", "`file` holding the causal graph text (used with -data)")
	fs.StringVar(&f.data, "data", "", "CSV `file` of observations: a header of variable names, one row per observation or per cell with -weight")
	fs.StringVar(&f.weight, "weight", "", "CSV `column` holding each row's count or probability")
	fs.BoolVar(&f.json, "json", false, "print one JSON object per query")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: causal query [-model F.bif [-latent U,V] | -graph G -data D.csv [-weight COL]] [-json] QUERY\n\n")
		fmt.Fprintf(fs.Output(), "Computes QUERY exactly on a model, or identifies it from a graph and evaluates it on data.\n")
		fmt.Fprintf(fs.Output(), "With no -model, -graph or -data it uses the embedded smoking data (S -> T -> C; S <-> C).\n")
		fmt.Fprintf(fs.Output(), "A QUERY of - reads one query per line from standard input.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	return fs, f
}

// parseInterspersed parses flags that may come before or after the single
// positional argument, which it returns.
func parseInterspersed(fs *flag.FlagSet, args []string) (string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return "", err
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	switch len(positional) {
	case 0:
		return "", usagef("missing QUERY argument, e.g. 'P(C | do(S))'")
	case 1:
		return positional[0], nil
	default:
		return "", usagef("expected one QUERY argument, got %d: %q (quote the query)", len(positional), positional)
	}
}

func runQuery(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs, f := newQueryFlags(stderr)
	text, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		return fail(stderr, err)
	}
	a, err := loadAnswerer(f)
	if err != nil {
		return fail(stderr, err)
	}
	if text == "-" {
		return runBatch(a, stdin, stdout, stderr, f.json)
	}
	r := answerText(a, text)
	return report(r, stdout, stderr, f.json)
}

// fail prints err to stderr and returns its exit status.
func fail(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "causal: %v\n", err)
	var u *usageError
	if errors.As(err, &u) {
		fmt.Fprintln(stderr, "Run 'causal -h' for usage.")
	}
	return exitCode(err)
}

// report prints r and returns its exit status.
func report(r *result, stdout, stderr io.Writer, asJSON bool) int {
	checkFinite(r)
	if r.Err != nil {
		if asJSON {
			writeJSON(stdout, r)
		}
		fmt.Fprintf(stderr, "causal: %v\n", r.Err)
		return exitCode(r.Err)
	}
	var err error
	if asJSON {
		err = writeJSON(stdout, r)
	} else {
		err = writeTable(stdout, r)
	}
	if err != nil {
		fmt.Fprintf(stderr, "causal: writing output: %v\n", err)
		return exitInvalid
	}
	return exitOK
}

// runBatch computes one query per line of stdin; blank lines and lines
// starting with # are skipped. The status is the worst of all queries.
func runBatch(a answerer, stdin io.Reader, stdout, stderr io.Writer, asJSON bool) int {
	status := exitOK
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		code := report(answerText(a, line), stdout, stderr, asJSON)
		if code != exitOK {
			status = max(status, exitUnanswerable)
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintf(stderr, "causal: reading queries from standard input: %v\n", err)
		return exitInvalid
	}
	return status
}

// answerText parses and computes one query; any error ends up in r.Err.
func answerText(a answerer, text string) *result {
	q, err := scm.ParseQuery(text)
	if err != nil {
		return &result{Query: text, Err: err}
	}
	r, err := a.answer(q)
	if err != nil {
		return &result{Query: q.String(), Err: err}
	}
	r.Query = q.String()
	return r
}

// loadAnswerer reads the model, graph or data that the flags name.
func loadAnswerer(f *queryFlags) (answerer, error) {
	graphText, err := graphFlag(f.graph, f.graphFile)
	if err != nil {
		return nil, err
	}
	switch {
	case f.model != "" && (graphText != "" || f.data != ""):
		return nil, usagef("-model cannot be combined with -graph or -data: give either a model file or a graph with data")
	case f.latent != "" && f.model == "":
		return nil, usagef("-latent needs -model: it names variables of the model to treat as unobserved")
	case f.weight != "" && f.data == "":
		return nil, usagef("-weight needs -data: it names a column of the data file")
	case f.data != "" && graphText == "":
		return nil, usagef("-data needs -graph or -graph-file: the causal graph over the data's columns")
	case graphText != "" && f.data == "":
		return nil, usagef("-graph needs -data: the observations to evaluate the identified query on (or use 'causal identify -graph')")
	}
	switch {
	case f.model != "":
		m, err := scm.ReadFile(f.model)
		if err != nil {
			return nil, err
		}
		if f.latent != "" {
			return newLatentAnswerer(m, splitList(f.latent))
		}
		return &modelAnswerer{m: m}, nil
	case f.data != "":
		return newDataAnswerer(graphText, f.data, f.weight)
	default:
		return newSmokingAnswerer()
	}
}

// graphFlag returns the graph text from -graph or from the file -graph-file names.
func graphFlag(text, file string) (string, error) {
	if text != "" && file != "" {
		return "", usagef("give the graph once: -graph or -graph-file, not both")
	}
	if file == "" {
		return text, nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("reading the graph: %w", err)
	}
	if strings.TrimSpace(string(b)) == "" {
		return "", fmt.Errorf("graph file %s is empty: write statements such as 'X -> Y; X <-> Y'", file)
	}
	return string(b), nil
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// modelAnswerer computes queries exactly on a fully specified model.
type modelAnswerer struct {
	m *scm.Model
}

func (a *modelAnswerer) answer(q *scm.Query) (*result, error) {
	if q.IsCounterfactual() {
		return counterfactualResult(a.m, q)
	}
	ans, err := intervention.Query(a.m, q)
	if err != nil {
		return nil, err
	}
	method := "exact inference on the model (variable elimination)"
	if len(q.Do) > 0 {
		method = "exact: surgery on the model's diagram, then variable elimination"
	}
	r := &result{Method: method}
	for i, x := range ans.Rows() {
		if i == 0 {
			r.Columns = x.Names
		}
		r.Rows = append(r.Rows, row{States: x.States, P: x.P})
	}
	return r, nil
}

func counterfactualResult(m *scm.Model, q *scm.Query) (*result, error) {
	ans, err := counterfactual.Query(m, q)
	if err != nil {
		return nil, err
	}
	r := &result{Method: ans.Method}
	for _, t := range ans.Targets {
		r.Columns = append(r.Columns, t.Name)
	}
	if !ans.Exact {
		if len(ans.Rows) != 1 {
			return nil, fmt.Errorf("the model is not functional, so %s has no point value, and bounds are computed for one assignment at a time: give every target a value", q)
		}
		e := ans.Rows[0].Estimate
		r.Bounds = &bounds{Lower: e.Lower, Upper: e.Upper,
			Meaning: "bounds, not a point value: every functional model consistent with this model's distributions gives a value in this interval"}
		r.Notes = append(r.Notes, ans.Reason)
		return r, nil
	}
	for _, x := range ans.Rows {
		states := make([]string, len(ans.Targets))
		for k, t := range ans.Targets {
			states[k] = t.Type.States[x.States[k]]
		}
		r.Rows = append(r.Rows, row{States: states, P: x.Lower})
	}
	return r, nil
}
