// Command causal computes interventional, identified and counterfactual
// queries on discrete causal models from the command line.
//
// Usage:
//
//	causal query    [-model F.bif [-latent U,V] | -graph G -data D.csv [-weight COL]] [-json] QUERY
//	causal identify -graph G [-json] QUERY
//	causal draw     [-model F.bif | -graph G] [-do X] [-format svg|dot] [-o FILE]
//
// QUERY is written in the query language of package scm, for example
// 'P(C | do(S))', 'P(dysp | do(smoke=yes), asia=no)' or
// 'P(Y_{X=1}=1 | X=0, Y=0)'. A QUERY of "-" reads one query per line from
// standard input and computes each with the model loaded once.
//
// With no -model, -graph or -data, query uses the embedded smoking data: the
// published joint over smoking S, tar T and cancer C with the graph
// S -> T -> C; S <-> C.
//
// Exit status is 0 on success, 1 for a well-formed query that cannot be
// answered (not identifiable, evidence of probability zero, a positivity
// violation in the data, a table over the size limit) and 2 for invalid
// input or usage.
package main

import (
	"fmt"
	"io"
	"os"
)

// Exit statuses of the command.
const (
	exitOK           = 0
	exitUnanswerable = 1
	exitInvalid      = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes the command line args and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "causal: missing command: give query, identify or draw")
		printUsage(stderr)
		return exitInvalid
	}
	switch args[0] {
	case "query":
		return runQuery(args[1:], stdin, stdout, stderr)
	case "identify":
		return runIdentify(args[1:], stdin, stdout, stderr)
	case "draw":
		return runDraw(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		printUsage(stdout)
		return exitOK
	default:
		fmt.Fprintf(stderr, "causal: unknown command %q: valid commands are query, identify and draw\n", args[0])
		printUsage(stderr)
		return exitInvalid
	}
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `Usage:
  causal query    [-model F.bif [-latent U,V] | -graph G -data D.csv [-weight COL]] [-json] QUERY
  causal identify -graph G [-json] QUERY
  causal draw     [-model F.bif | -graph G] [-do X] [-format svg|dot] [-o FILE]

Commands:
  query     compute a probability: observational, interventional (do) or counterfactual
  identify  decide whether an interventional query is identifiable from a graph, and print its estimand
  draw      draw a model or graph as a string diagram (SVG or Graphviz DOT)

QUERY examples:
  'P(C | do(S))'  'P(C=1 | do(S=1))'  'P(dysp, xray | do(smoke=yes), asia=no)'  'P(Y_{X=1}=1 | X=0, Y=0)'
A QUERY of - reads one query per line from standard input.

Run 'causal COMMAND -h' for the flags of a command.
Exit status: 0 success; 1 a well-formed query that cannot be answered (not identifiable, evidence of
probability zero, a positivity violation in the data, a table over the size limit); 2 invalid input or usage.
`)
}
