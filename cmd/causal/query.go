package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/markovcat/causal/counterfactual"
	"github.com/markovcat/causal/identify"
	"github.com/markovcat/causal/intervention"
	"github.com/markovcat/causal/scm"
)

// answerer computes one parsed query against a loaded model or data set.
type answerer interface {
	answer(q *scm.Query) (*result, error)
}

type queryFlags struct {
	model, latent, graph, graphFile, data, weight string
	json                                          bool
}

func newQueryFlags() (*flag.FlagSet, *queryFlags) {
	fs := flag.NewFlagSet("causal query", flag.ContinueOnError)
	f := &queryFlags{}
	fs.StringVar(&f.model, "model", "", "`file` of a fully specified model: BIF, or XMLBIF by its .xml or .xmlbif suffix")
	fs.StringVar(&f.latent, "latent", "", "comma-separated model `variables` to treat as unobserved (needs -model): the query is then\nidentified from the graph and evaluated on the observed marginal only. Names that are not\nidentifiers are double-quoted, as in the query: '\"age group\",U'")
	fs.StringVar(&f.graph, "graph", "", "causal `graph` text over the data's columns, e.g. 'S -> T -> C; S <-> C' (needs -data)")
	fs.StringVar(&f.graphFile, "graph-file", "", "`file` holding the causal graph text, in place of -graph")
	fs.StringVar(&f.data, "data", "", "CSV `file` of observations: a header row of variable names, then one row per observation,\nor per cell with -weight (needs -graph)")
	fs.StringVar(&f.weight, "weight", "", "`column` of the -data file holding each row's count or probability (default: each row counts once)")
	fs.BoolVar(&f.json, "json", false, "print one JSON object per query instead of a table")
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprint(w, `Usage: causal query [-model F.bif [-latent U,V] | -graph G -data D.csv [-weight COL]] [-json] QUERY

Computes QUERY exactly on a model, or identifies it from a graph and evaluates it on data.
With no -model, -graph or -data it uses the embedded smoking data: smoking S, tar T and
cancer C, states 0 and 1, graph S -> T -> C; S <-> C.

QUERY is P(targets | do(interventions), evidence), e.g. 'P(C | do(S))', 'P(C=1 | do(S=1), T=0)',
or a counterfactual on a -model such as 'P(Y_{X=1}=1 | X=0, Y=0)'. A variable without a value
lists one row per state. Names that are not letters, digits, '_', '.' or '-' are double-quoted.
A QUERY of - reads one query per line from standard input; lines starting with # are skipped.

Exit status: 0 success; 1 the query cannot be answered (not identifiable, evidence of probability
zero, a positivity violation, a table over the size limit); 2 invalid input or usage.

Flags:
`)
		fs.PrintDefaults()
	}
	return fs, f
}

func runQuery(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	const command = "causal query"
	fs, f := newQueryFlags()
	positional, status, done := parseFlags(fs, args, stdout, stderr)
	if done {
		return status
	}
	text, err := queryArgument(positional)
	if err != nil {
		return fail(stderr, command, err)
	}
	a, err := loadAnswerer(f)
	if err != nil {
		return fail(stderr, command, err)
	}
	if text == "-" {
		return runBatch(a, stdin, stdout, stderr, f.json)
	}
	return report(answerText(a, text), stdout, stderr, f.json)
}

// report prints r and returns its exit status. A failed query prints its
// error to stderr, and with -json also as an object on stdout.
func report(r *result, stdout, stderr io.Writer, asJSON bool) int {
	checkFinite(r)
	if r.Err != nil {
		if asJSON {
			writeJSON(stdout, r)
		}
		fmt.Fprintf(stderr, "causal: %s\n", printable(r.Err.Error()))
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

// maxQueryLine is the longest line, in bytes, that a batch of queries on
// standard input may hold.
const maxQueryLine = 1 << 20

// runBatch computes one query per line of stdin; blank lines and lines
// starting with # are skipped. A failed query does not stop the run: with
// -json it prints an object with an "error" field, otherwise the query and
// its error, and stderr names its line. The status is 0 when every query
// succeeded and 1 otherwise, or 2 when stdin cannot be read.
func runBatch(a answerer, stdin io.Reader, stdout, stderr io.Writer, asJSON bool) int {
	status := exitOK
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 0, 64*1024), maxQueryLine)
	line, answered := 0, 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(strings.TrimPrefix(sc.Text(), byteOrderMark))
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if answered > 0 && !asJSON {
			fmt.Fprintln(stdout)
		}
		answered++
		r := answerText(a, text)
		checkFinite(r)
		if r.Err == nil {
			if code := report(r, stdout, stderr, asJSON); code != exitOK {
				return code
			}
			continue
		}
		status = exitUnanswerable
		if asJSON {
			writeJSON(stdout, r)
		} else {
			writeTable(stdout, r)
		}
		fmt.Fprintf(stderr, "causal: standard input line %d: %s\n", line, printable(r.Err.Error()))
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			fmt.Fprintf(stderr, "causal: standard input line %d is longer than %d bytes: write one query per line\n", line+1, maxQueryLine)
			return exitInvalid
		}
		fmt.Fprintf(stderr, "causal: reading queries from standard input after line %d: %v\n", line, err)
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

// checkRoles rejects a variable that has two roles in q, or one role twice, so
// each variable is at most once a target, intervened on or observed.
func checkRoles(q *scm.Query) error {
	seen := make(map[string]string)
	for _, part := range []struct {
		role  string
		terms []scm.Term
	}{{"targets", q.Targets}, {"interventions", q.Do}, {"evidence", q.Evidence}} {
		for _, t := range part.terms {
			prev, ok := seen[t.Var]
			switch {
			case ok && prev == part.role:
				return fmt.Errorf("variable %q appears twice in the %s of the query", t.Var, part.role)
			case ok:
				return fmt.Errorf("variable %q is both in the %s and in the %s of the query: a variable can be asked about, intervened on or observed, only one of these",
					t.Var, prev, part.role)
			}
			seen[t.Var] = part.role
		}
	}
	return nil
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
		if m.NumVars() == 0 {
			return nil, fmt.Errorf("model file %s declares no variables: a BIF model needs 'variable' and 'probability' blocks", f.model)
		}
		if f.latent != "" {
			latent, err := splitList("-latent", f.latent)
			if err != nil {
				return nil, err
			}
			return newLatentAnswerer(m, latent)
		}
		return newModelAnswerer(m), nil
	case f.data != "":
		return newDataAnswerer(graphText, f.data, f.weight)
	default:
		return newSmokingAnswerer()
	}
}

// byteOrderMark is the UTF-8 encoding of U+FEFF, which some editors write
// at the start of a text file.
const byteOrderMark = "\ufeff"

// parseGraph parses the graph of a -graph or -graph-file flag and checks
// that it has a variable.
func parseGraph(text string) (*identify.Graph, error) {
	g, err := identify.ParseGraph(text)
	if err != nil {
		return nil, fmt.Errorf("invalid -graph: %w", err)
	}
	if g.NumNodes() == 0 {
		return nil, fmt.Errorf("invalid -graph: it has no variables, only comments or separators: write statements such as 'X -> Y; X <-> Y'")
	}
	return g, nil
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
	src := strings.TrimPrefix(string(b), byteOrderMark)
	if strings.TrimSpace(src) == "" {
		return "", fmt.Errorf("graph file %s is empty: write statements such as 'X -> Y; X <-> Y'", file)
	}
	return src, nil
}

// splitList splits a comma-separated list of names, such as the value of
// -latent or -do, dropping spaces around each name and empty items. A name
// may be double-quoted, as the query language writes names that are not
// identifiers: "age group" or "a,b". An unterminated or invalid quoted name
// is a usage error naming the flag.
func splitList(flagName, s string) ([]string, error) {
	var out []string
	rest := s
	for {
		rest = strings.TrimLeft(rest, " \t")
		var item string
		if strings.HasPrefix(rest, `"`) {
			quoted, err := strconv.QuotedPrefix(rest)
			if err != nil {
				return nil, usagef("invalid %s %q: a double-quoted name needs a closing quote, as in -%s '\"age group\",B'", flagName, s, strings.TrimPrefix(flagName, "-"))
			}
			item, _ = strconv.Unquote(quoted)
			rest = strings.TrimLeft(rest[len(quoted):], " \t")
			if rest != "" && !strings.HasPrefix(rest, ",") {
				return nil, usagef("invalid %s %q: expected a comma after the quoted name %s", flagName, s, quoted)
			}
		} else {
			end := strings.IndexByte(rest, ',')
			if end < 0 {
				end = len(rest)
			}
			item = strings.TrimSpace(rest[:end])
			rest = rest[end:]
		}
		if item != "" {
			out = append(out, item)
		}
		if rest == "" {
			return out, nil
		}
		rest = rest[1:] // the comma
	}
}

// modelAnswerer computes queries exactly on a fully specified model.
type modelAnswerer struct {
	m *scm.Model
	// counterfactuals builds the functional model of m at the first
	// counterfactual query and reuses it for the rest of a batch.
	counterfactuals *counterfactual.Querier
}

func newModelAnswerer(m *scm.Model) *modelAnswerer {
	return &modelAnswerer{m: m, counterfactuals: counterfactual.NewQuerier(m)}
}

func (a *modelAnswerer) answer(q *scm.Query) (*result, error) {
	if q.IsCounterfactual() {
		return counterfactualResult(a.counterfactuals, q)
	}
	if err := checkRoles(q); err != nil {
		return nil, err
	}
	ans, err := intervention.Query(a.m, q)
	if err != nil {
		return nil, err
	}
	method := "exact inference on the model (variable elimination)"
	if len(q.Do) > 0 {
		method = "exact: surgery on the model's diagram, then variable elimination"
	}
	n := ans.Channel.Rows()
	for k, t := range ans.Targets {
		if ans.TargetStates[k] < 0 {
			n = mulRows(n, t.Size())
		}
	}
	if err := checkRowCount(q, n); err != nil {
		return nil, err
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

func counterfactualResult(qr *counterfactual.Querier, q *scm.Query) (*result, error) {
	ans, err := qr.Query(q)
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

// maxRows is the largest number of rows that the command prints for one
// query. Each row costs far more memory as text than as a probability, so
// the limit is well below the size limit of the computation's tables.
const maxRows = 1 << 20

// rowCountError reports an answer with more rows than maxRows.
type rowCountError struct {
	query string
	rows  int
}

func (e *rowCountError) Error() string {
	return fmt.Sprintf("the answer to %s has %d rows, more than the limit of %d: give values to some targets, interventions or evidence, or ask about fewer variables",
		e.query, e.rows, maxRows)
}

// checkRowCount returns a *rowCountError when an answer to q has more than
// maxRows rows.
func checkRowCount(q *scm.Query, rows int) error {
	if rows > maxRows {
		return &rowCountError{query: q.String(), rows: rows}
	}
	return nil
}

// mulRows returns a·b, or math.MaxInt when the product overflows.
func mulRows(a, b int) int {
	if b != 0 && a > math.MaxInt/b {
		return math.MaxInt
	}
	return a * b
}
