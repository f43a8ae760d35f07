package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/markovcat/causal/counterfactual"
	"github.com/markovcat/causal/stochastic"
)

// runCommand runs the command in process with args and stdin.
func runCommand(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), code
}

// jsonAnswer is the JSON object that the command prints for one query.
type jsonAnswer struct {
	Query        string `json:"query"`
	Error        string `json:"error"`
	Method       string `json:"method"`
	Estimand     string `json:"estimand"`
	Distribution []struct {
		Assignment map[string]string `json:"assignment"`
		P          float64           `json:"p"`
	} `json:"distribution"`
	Lower *float64 `json:"lower"`
	Upper *float64 `json:"upper"`
}

func decodeAnswer(t *testing.T, line string) jsonAnswer {
	t.Helper()
	var a jsonAnswer
	var raw map[string]any
	if err := json.Unmarshal([]byte(line), &raw); err != nil {
		t.Fatalf("output is not one JSON object: %v\n%s", err, line)
	}
	if err := json.Unmarshal([]byte(line), &a); err != nil {
		t.Fatalf("output does not match the JSON shape: %v\n%s", err, line)
	}
	return a
}

// probability returns p of the distribution row whose assignment is want.
func probability(t *testing.T, a jsonAnswer, want map[string]string) float64 {
	t.Helper()
	for _, row := range a.Distribution {
		if len(row.Assignment) != len(want) {
			continue
		}
		match := true
		for k, v := range want {
			if row.Assignment[k] != v {
				match = false
			}
		}
		if match {
			return row.P
		}
	}
	t.Fatalf("no row %v in %+v", want, a.Distribution)
	return math.NaN()
}

const tol = 1e-9

// The front-door effect of the published smoking data (Jacobs, Kissinger
// and Zanasi, 2019), worked out by hand from the joint:
// P(C=1 | do(S=0)) = 8783/34650 and P(C=1 | do(S=1)) = 4013/7400.
var smokingEffect = map[string]float64{"0": 8783.0 / 34650, "1": 4013.0 / 7400}

func TestEmbeddedSmokingChannel(t *testing.T) {
	stdout, stderr, code := runCommand(t, "", "query", "-json", "P(C | do(S))")
	if code != exitOK {
		t.Fatalf("exit status %d, stderr %s", code, stderr)
	}
	a := decodeAnswer(t, stdout)
	if len(a.Distribution) != 4 {
		t.Errorf("got %d rows, want 4 (S and C each 0 or 1)", len(a.Distribution))
	}
	for s, want := range smokingEffect {
		got := probability(t, a, map[string]string{"S": s, "C": "1"})
		if math.Abs(got-want) > tol {
			t.Errorf("P(C=1 | do(S=%s)) = %v, want %v", s, got, want)
		}
		got = probability(t, a, map[string]string{"S": s, "C": "0"})
		if math.Abs(got-(1-want)) > tol {
			t.Errorf("P(C=0 | do(S=%s)) = %v, want %v", s, got, 1-want)
		}
	}
	if a.Estimand == "" {
		t.Errorf("no estimand in %s", stdout)
	}
}

func TestEmbeddedSmokingPoint(t *testing.T) {
	for s, want := range smokingEffect {
		stdout, stderr, code := runCommand(t, "", "query", "P(C=1 | do(S="+s+"))", "-json")
		if code != exitOK {
			t.Fatalf("S=%s: exit status %d, stderr %s", s, code, stderr)
		}
		a := decodeAnswer(t, stdout)
		if len(a.Distribution) != 1 {
			t.Fatalf("S=%s: got %d rows, want 1", s, len(a.Distribution))
		}
		if got := probability(t, a, map[string]string{"C": "1"}); math.Abs(got-want) > tol {
			t.Errorf("P(C=1 | do(S=%s)) = %v, want %v", s, got, want)
		}
	}
}

func TestDataFrontDoorMatchesEmbedded(t *testing.T) {
	// smoking.csv holds the smoking joint as counts out of 100, an unused
	// column, and the graph file starts with a byte order mark.
	stdout, stderr, code := runCommand(t, "", "query", "-graph-file", "testdata/smoking.graph",
		"-data", "testdata/smoking.csv", "-weight", "n", "-json", "P(C=1 | do(S))")
	if code != exitOK {
		t.Fatalf("exit status %d, stderr %s", code, stderr)
	}
	a := decodeAnswer(t, stdout)
	for s, want := range smokingEffect {
		if got := probability(t, a, map[string]string{"S": s, "C": "1"}); math.Abs(got-want) > tol {
			t.Errorf("P(C=1 | do(S=%s)) = %v, want %v", s, got, want)
		}
	}
}

func TestModelBackDoor(t *testing.T) {
	// Back-door adjustment over Z by hand: sum_z P(z) P(Y=1 | x, z).
	want := map[string]float64{"0": 0.3*0.2 + 0.7*0.3, "1": 0.3*0.6 + 0.7*0.9}
	stdout, stderr, code := runCommand(t, "", "query", "-model", "testdata/confounded.bif", "-json", "P(Y=1 | do(X))")
	if code != exitOK {
		t.Fatalf("exit status %d, stderr %s", code, stderr)
	}
	a := decodeAnswer(t, stdout)
	for x, p := range want {
		if got := probability(t, a, map[string]string{"X": x, "Y": "1"}); math.Abs(got-p) > tol {
			t.Errorf("P(Y=1 | do(X=%s)) = %v, want %v", x, got, p)
		}
	}
}

func TestModelObservational(t *testing.T) {
	// Bayes' rule by hand: P(Y=1 | X=1) = sum_z P(z) P(X=1|z) P(Y=1|1,z) / P(X=1).
	want := (0.3*0.1*0.6 + 0.7*0.8*0.9) / (0.3*0.1 + 0.7*0.8)
	stdout, stderr, code := runCommand(t, "", "query", "-model", "testdata/confounded.bif", "-json", "P(Y=1 | X=1)")
	if code != exitOK {
		t.Fatalf("exit status %d, stderr %s", code, stderr)
	}
	if got := probability(t, decodeAnswer(t, stdout), map[string]string{"Y": "1"}); math.Abs(got-want) > tol {
		t.Errorf("P(Y=1 | X=1) = %v, want %v", got, want)
	}
}

func TestCounterfactualFunctional(t *testing.T) {
	// X=1 and Y=1 fix U1=1 and leave U2 at its prior, and Y_{X=0} = U2.
	stdout, stderr, code := runCommand(t, "", "query", "-model", "testdata/functional.bif", "-json", "P(Y_{X=0}=0 | X=1, Y=1)")
	if code != exitOK {
		t.Fatalf("exit status %d, stderr %s", code, stderr)
	}
	a := decodeAnswer(t, stdout)
	if got := probability(t, a, map[string]string{"Y_{X=0}": "0"}); math.Abs(got-0.3) > tol {
		t.Errorf("P(Y_{X=0}=0 | X=1, Y=1) = %v, want 0.3", got)
	}
}

func TestCounterfactualBoundsNonFunctional(t *testing.T) {
	// Without evidence the counterfactual is the interventional probability,
	// so the bounds meet at the back-door value.
	want := 0.3*0.6 + 0.7*0.9
	stdout, stderr, code := runCommand(t, "", "query", "-model", "testdata/confounded.bif", "-json", "P(Y_{X=1}=1)")
	if code != exitOK {
		t.Fatalf("exit status %d, stderr %s", code, stderr)
	}
	a := decodeAnswer(t, stdout)
	if a.Lower == nil || a.Upper == nil {
		t.Fatalf("no lower and upper in %s", stdout)
	}
	if math.Abs(*a.Lower-want) > 1e-6 || math.Abs(*a.Upper-want) > 1e-6 {
		t.Errorf("bounds [%v, %v], want [%v, %v]", *a.Lower, *a.Upper, want, want)
	}
	if a.Distribution != nil {
		t.Errorf("bounds answer also has a distribution: %s", stdout)
	}
}

func TestInvalidInputExitsTwo(t *testing.T) {
	cases := []struct {
		name     string
		args     []string
		mentions []string
	}{
		{"no command", nil, []string{"missing command"}},
		{"unknown command", []string{"estimate"}, []string{`"estimate"`, "query, identify and draw"}},
		{"missing query", []string{"query"}, []string{"missing QUERY"}},
		{"empty query", []string{"query", ""}, []string{"empty QUERY"}},
		{"blank query", []string{"query", "  \t "}, []string{"empty QUERY"}},
		{"two queries", []string{"query", "P(C)", "P(S)"}, []string{"one QUERY"}},
		{"unknown flag", []string{"query", "-bogus", "P(C)"}, []string{"-bogus"}},
		{"syntax", []string{"query", "P(C | do(S)"}, []string{"column"}},
		{"unknown variable", []string{"query", "P(X)"}, []string{`"X"`, "S, T, C"}},
		{"unknown state", []string{"query", "P(C=2)"}, []string{`"2"`, "0, 1"}},
		{"do and evidence", []string{"query", "P(C | do(S=1), S=1)"}, []string{`"S"`, "interventions", "evidence"}},
		{"target and do in model", []string{"query", "-model", "testdata/certain.bif", "P(A | do(A))"}, []string{`"A"`, "targets", "interventions"}},
		{"missing model", []string{"query", "-model", "testdata/none.bif", "P(A)"}, []string{"none.bif"}},
		{"model and graph", []string{"query", "-model", "testdata/certain.bif", "-graph", "A -> B", "P(A)"}, []string{"-model"}},
		{"latent without model", []string{"query", "-latent", "S", "P(C)"}, []string{"-latent needs -model"}},
		{"unknown latent", []string{"query", "-model", "testdata/confounded.bif", "-latent", "W", "P(Y)"}, []string{`"W"`, "Z, X, Y"}},
		{"empty latent list", []string{"query", "-model", "testdata/confounded.bif", "-latent", " , ", "P(Y)"}, []string{"-latent"}},
		{"every variable latent", []string{"query", "-model", "testdata/confounded.bif", "-latent", "Z,X,Y", "P(Y)"}, []string{"every variable"}},
		{"latent in query", []string{"query", "-model", "testdata/confounded.bif", "-latent", "Z", "P(Y | do(Z))"}, []string{`"Z"`, "-latent"}},
		{"latent from the file in query", []string{"query", "-model", "testdata/hidden.bif", "-latent", "X", "P(Y | U)"}, []string{`"U"`, "in the model file"}},
		{"counterfactual with latent", []string{"query", "-model", "testdata/functional.bif", "-latent", "U2", "P(Y_{X=0}=0 | X=1)"}, []string{"drop -latent"}},
		{"counterfactual on embedded", []string{"query", "P(C_{S=1}=1 | S=0)"}, []string{"-model"}},
		{"graph without variables", []string{"query", "-graph", ";; # nothing", "-data", "testdata/smoking.csv", "P(S)"}, []string{"no variables"}},
		{"graph cycle", []string{"identify", "-graph", "A -> B -> A", "P(B | do(A))"}, []string{"cycle"}},
		{"weight is a graph variable", []string{"query", "-graph", "S -> C", "-data", "testdata/smoking.csv", "-weight", "S", "P(C)"}, []string{`"S"`, "-weight"}},
		{"weight column missing", []string{"query", "-graph", "S -> C", "-data", "testdata/smoking.csv", "-weight", "count", "P(C)"}, []string{`"count"`, "S, T, C, n, source"}},
		{"graph variable without column", []string{"query", "-graph", "S -> W", "-data", "testdata/smoking.csv", "-weight", "n", "P(W)"}, []string{`"W"`, "S, T, C, n, source"}},
		{"bounds need every value", []string{"query", "-model", "testdata/confounded.bif", "P(Y_{X=1})"}, []string{"give every target a value"}},
		{"draw unknown do", []string{"draw", "-graph", "S -> T", "-do", "Q"}, []string{`"Q"`, "S, T"}},
		{"draw do of latent box", []string{"draw", "-graph", "S -> T; S <-> T", "-do", "U_S_T"}, []string{`"U_S_T"`}},
		{"draw empty do list", []string{"draw", "-graph", "S -> T", "-do", ","}, []string{"-do"}},
		{"draw format", []string{"draw", "-graph", "S -> T", "-format", "png"}, []string{`"png"`, "svg and dot"}},
		{"draw argument", []string{"draw", "-graph", "S -> T", "extra"}, []string{"extra"}},
		{"identify without graph", []string{"identify", "P(Y | do(X))"}, []string{"-graph"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stdout, stderr, code := runCommand(t, "", c.args...)
			if code != exitInvalid {
				t.Fatalf("exit status %d, want %d\nstdout: %s\nstderr: %s", code, exitInvalid, stdout, stderr)
			}
			for _, m := range c.mentions {
				if !strings.Contains(stderr, m) {
					t.Errorf("stderr does not mention %q:\n%s", m, stderr)
				}
			}
		})
	}
}

func TestUnanswerableExitsOne(t *testing.T) {
	cases := []struct {
		name     string
		args     []string
		mentions []string
	}{
		{"not identifiable", []string{"identify", "-graph", "X -> Y; X <-> Y", "P(Y | do(X))"}, []string{"not identifiable", "Hedge"}},
		{"not identifiable from data", []string{"query", "-graph", "S -> C; S <-> C", "-data", "testdata/smoking.csv", "-weight", "n", "P(C | do(S))"}, []string{"not identifiable"}},
		{"hidden confounder", []string{"query", "-model", "testdata/confounded.bif", "-latent", "Z", "P(Y | do(X))"}, []string{"not identifiable"}},
		{"zero evidence in model", []string{"query", "-model", "testdata/certain.bif", "P(B | A=n)"}, []string{"A=n"}},
		{"zero evidence in counterfactual", []string{"query", "-model", "testdata/functional.bif", "P(Y_{X=0}=0 | X=1, U1=0)"}, []string{"probability 0"}},
		{"positivity", []string{"query", "-graph", "X -> Z -> Y", "-data", "testdata/zeroweight.csv", "-weight", "n", "P(Y | do(X=1))"}, []string{"X=1"}},
		{"rare evidence in counterfactual bounds", []string{"query", "-model", "testdata/rare.bif", "P(Y_{X=0}=0 | X=1, Y=1)"}, []string{"X=1, Y=1", "rounding error"}},
		// IDC drops X from the evidence of P(Y | Z=1, X=1) because Y is
		// independent of X given Z, but X=1, Z=1 has probability 0.
		{"zero evidence dropped by IDC", []string{"query", "-graph", "X -> Z -> Y", "-data", "testdata/zeroweight.csv", "-weight", "n", "P(Y | Z=1, X=1)"}, []string{"X=1, Z=1", "probability 0"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stdout, stderr, code := runCommand(t, "", c.args...)
			if code != exitUnanswerable {
				t.Fatalf("exit status %d, want %d\nstdout: %s\nstderr: %s", code, exitUnanswerable, stdout, stderr)
			}
			for _, m := range c.mentions {
				if !strings.Contains(stderr, m) {
					t.Errorf("stderr does not mention %q:\n%s", m, stderr)
				}
			}
		})
	}
}

func TestZeroEvidenceCheckKeepsPositiveEvidence(t *testing.T) {
	// X=0, Z=1 has positive weight, so the same query shape gets a number.
	stdout, stderr, code := runCommand(t, "", "query", "-graph", "X -> Z -> Y", "-data", "testdata/zeroweight.csv", "-weight", "n", "-json", "P(Y=1 | Z=1, X=0)")
	if code != exitOK {
		t.Fatalf("exit status %d, stderr %s", code, stderr)
	}
	if got := probability(t, decodeAnswer(t, stdout), map[string]string{"Y": "1"}); math.Abs(got-1) > tol {
		t.Errorf("P(Y=1 | Z=1, X=0) = %v, want 1 (the only row with Z=1 has Y=1)", got)
	}
}

func TestJSONErrorObject(t *testing.T) {
	stdout, stderr, code := runCommand(t, "", "query", "-json", "P(X)")
	if code != exitInvalid {
		t.Fatalf("exit status %d, want %d", code, exitInvalid)
	}
	a := decodeAnswer(t, stdout)
	if a.Query != "P(X)" {
		t.Errorf("query = %q, want P(X)", a.Query)
	}
	if !strings.Contains(a.Error, `"X"`) {
		t.Errorf("error %q does not name X", a.Error)
	}
	if a.Distribution != nil {
		t.Errorf("error object has a distribution: %s", stdout)
	}
	if !strings.Contains(stderr, `"X"`) {
		t.Errorf("stderr does not name X: %s", stderr)
	}
}

func TestJSONKeepsArrows(t *testing.T) {
	stdout, _, code := runCommand(t, "", "query", "-json", "P(C)")
	if code != exitOK {
		t.Fatalf("exit status %d", code)
	}
	if !strings.Contains(stdout, "S -> T -> C; S <-> C") {
		t.Errorf("graph in the method is escaped: %s", stdout)
	}
}

func TestBatchMixedJSON(t *testing.T) {
	// The last line has no newline; blank lines, comments and a CRLF line
	// ending are allowed.
	stdin := "P(C | do(S))\n\n# a comment\nP(X)\r\n  P(C=1 | do(S=1))  \nP(C\nP(C=1 | do(S=0))"
	stdout, stderr, code := runCommand(t, stdin, "query", "-json", "-")
	if code != exitUnanswerable {
		t.Errorf("exit status %d, want %d because two queries failed", code, exitUnanswerable)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("got %d output lines, want one per query (5):\n%s", len(lines), stdout)
	}
	wantError := []bool{false, true, false, true, false}
	for i, line := range lines {
		a := decodeAnswer(t, line)
		if (a.Error != "") != wantError[i] {
			t.Errorf("line %d: error %q, want error %v", i+1, a.Error, wantError[i])
		}
	}
	if got := probability(t, decodeAnswer(t, lines[4]), map[string]string{"C": "1"}); math.Abs(got-smokingEffect["0"]) > tol {
		t.Errorf("last query = %v, want %v", got, smokingEffect["0"])
	}
	for _, m := range []string{"line 4:", "line 6:"} {
		if !strings.Contains(stderr, m) {
			t.Errorf("stderr does not name input %s\n%s", m, stderr)
		}
	}
}

func TestBatchText(t *testing.T) {
	stdout, _, code := runCommand(t, "P(C=1 | do(S=1))\nP(Q)\nP(C=1 | do(S=0))\n", "query", "-")
	if code != exitUnanswerable {
		t.Errorf("exit status %d, want %d", code, exitUnanswerable)
	}
	blocks := strings.Split(strings.TrimSpace(stdout), "\n\n\n")
	if len(blocks) != 1 {
		t.Errorf("answers are separated by more than one blank line:\n%s", stdout)
	}
	for _, want := range []string{"P(C=1 | do(S=1))", "error: unknown variable \"Q\"", "0.253478", "0.542297"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout has no %q:\n%s", want, stdout)
		}
	}
}

func TestBatchCounterfactuals(t *testing.T) {
	tests := []struct {
		model   string
		queries []string
		check   func(t *testing.T, k int, a jsonAnswer)
	}{{
		// X = U1 and Y = X or U2. X=1, Y=1 leave U2 at its prior, and
		// Y_{X=0} = U2. X=0, Y=0 fix U2=0, and Y_{X=1} = 1.
		model:   "testdata/functional.bif",
		queries: []string{"P(Y_{X=0}=0 | X=1, Y=1)", "P(Y_{X=1}=1 | X=0, Y=0)", "P(Y_{X=0})"},
		check: func(t *testing.T, k int, a jsonAnswer) {
			target := []string{"Y_{X=0}", "Y_{X=1}", "Y_{X=0}"}[k]
			want := []map[string]float64{{"0": 0.3}, {"1": 1}, {"0": 0.3, "1": 0.7}}[k]
			for state, p := range want {
				if got := probability(t, a, map[string]string{target: state}); math.Abs(got-p) > tol {
					t.Errorf("%s: row %s is %v, want %v", a.Query, state, got, p)
				}
			}
		},
	}, {
		// Without evidence each counterfactual is an interventional
		// probability, so the bounds meet at the back-door value.
		model:   "testdata/confounded.bif",
		queries: []string{"P(Y_{X=1}=1)", "P(Y_{X=0}=1)"},
		check: func(t *testing.T, k int, a jsonAnswer) {
			want := []float64{0.3*0.6 + 0.7*0.9, 0.3*0.2 + 0.7*0.3}[k]
			if a.Lower == nil || a.Upper == nil {
				t.Fatalf("%s: no lower and upper bound", a.Query)
			}
			if math.Abs(*a.Lower-want) > 1e-6 || math.Abs(*a.Upper-want) > 1e-6 {
				t.Errorf("%s: bounds [%v, %v], want [%v, %v]", a.Query, *a.Lower, *a.Upper, want, want)
			}
		},
	}}
	for _, test := range tests {
		stdout, stderr, code := runCommand(t, strings.Join(test.queries, "\n"), "query", "-model", test.model, "-json", "-")
		if code != exitOK {
			t.Fatalf("%s: exit status %d, stderr %s", test.model, code, stderr)
		}
		lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
		if len(lines) != len(test.queries) {
			t.Fatalf("%s: got %d output lines, want one per query (%d):\n%s", test.model, len(lines), len(test.queries), stdout)
		}
		for k, line := range lines {
			test.check(t, k, decodeAnswer(t, line))
			// The batch reuses the functional model of the first query,
			// and each answer must be the one of a query on its own.
			alone, _, _ := runCommand(t, "", "query", "-model", test.model, "-json", test.queries[k])
			if line+"\n" != alone {
				t.Errorf("%s: batch answer %s differs from the answer alone %s", test.queries[k], line, alone)
			}
		}
	}
}

func TestBatchEmptyInput(t *testing.T) {
	stdout, _, code := runCommand(t, "", "identify", "-graph", "X -> Y", "-json", "-")
	if code != exitOK || stdout != "" {
		t.Errorf("exit status %d and stdout %q, want 0 and nothing", code, stdout)
	}
}

func TestFlagsAfterQuery(t *testing.T) {
	stdout, stderr, code := runCommand(t, "", "identify", "P(Y | do(X))", "-json", "-graph", "X -> Z -> Y; X <-> Y")
	if code != exitOK {
		t.Fatalf("exit status %d, stderr %s", code, stderr)
	}
	a := decodeAnswer(t, stdout)
	if !strings.Contains(a.Estimand, "Z") {
		t.Errorf("estimand %q does not sum over the mediator Z", a.Estimand)
	}
}

func TestHelpOnStdout(t *testing.T) {
	flags := map[string][]string{
		"query":    {"-model", "-latent", "-graph", "-graph-file", "-data", "-weight", "-json"},
		"identify": {"-graph", "-graph-file", "-json"},
		"draw":     {"-model", "-graph", "-graph-file", "-do", "-format", "-o"},
	}
	for command, names := range flags {
		stdout, stderr, code := runCommand(t, "", command, "-h")
		if code != exitOK {
			t.Errorf("%s -h: exit status %d", command, code)
		}
		if stderr != "" {
			t.Errorf("%s -h wrote to stderr: %s", command, stderr)
		}
		for _, name := range names {
			if !strings.Contains(stdout, "\n  "+name+" ") && !strings.Contains(stdout, "\n  "+name+"\n") {
				t.Errorf("%s -h does not describe %s:\n%s", command, name, stdout)
			}
		}
	}
	stdout, _, code := runCommand(t, "", "-h")
	if code != exitOK || !strings.Contains(stdout, "Exit status") {
		t.Errorf("causal -h: exit status %d, output %s", code, stdout)
	}
}

func TestUnknownFlagReportedOnce(t *testing.T) {
	_, stderr, code := runCommand(t, "", "draw", "-bogus")
	if code != exitInvalid {
		t.Errorf("exit status %d, want %d", code, exitInvalid)
	}
	if n := strings.Count(stderr, "-bogus"); n != 1 {
		t.Errorf("stderr names -bogus %d times, want once:\n%s", n, stderr)
	}
}

func TestBinaryModelErrorIsPrintable(t *testing.T) {
	_, stderr, code := runCommand(t, "", "query", "-model", "testdata/binary.bif", "P(A)")
	if code != exitInvalid {
		t.Errorf("exit status %d, want %d", code, exitInvalid)
	}
	if !utf8.ValidString(stderr) {
		t.Errorf("stderr is not valid UTF-8: %q", stderr)
	}
	if strings.ContainsAny(stderr, "\x01\x02") {
		t.Errorf("stderr holds control characters: %q", stderr)
	}
	if !strings.Contains(stderr, "binary.bif:1:") {
		t.Errorf("stderr does not give the position: %s", stderr)
	}
}

func TestUnicodeNamesInTable(t *testing.T) {
	stdout, stderr, code := runCommand(t, "", "query", "-model", "testdata/unicode.bif", `P(Ω | do("Über Var"="ja ja"))`)
	if code != exitOK {
		t.Fatalf("exit status %d, stderr %s", code, stderr)
	}
	for _, want := range []string{`P(Ω | do("Über Var"="ja ja"))`, "α", "0.100000", "0.900000"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout has no %q:\n%s", want, stdout)
		}
	}
	stdout, _, _ = runCommand(t, "", "query", "-model", "testdata/unicode.bif", `P(Ω | do("Über Var"))`)
	if !strings.Contains(stdout, `"ja ja"`) {
		t.Errorf("a state with a space is not quoted in the table:\n%s", stdout)
	}
}

func TestWideDataIgnoresUnusedColumns(t *testing.T) {
	// 40 columns of two states each would give a joint table of 2^40 cells.
	dir := t.TempDir()
	var b strings.Builder
	for row := range 3 {
		for col := range 40 {
			if col > 0 {
				b.WriteByte(',')
			}
			if row == 0 {
				b.WriteString("V" + string(rune('A'+col%26)) + string(rune('a'+col/26)))
			} else {
				b.WriteString(string(rune('0' + row - 1)))
			}
		}
		b.WriteByte('\n')
	}
	file := filepath.Join(dir, "wide.csv")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runCommand(t, "", "query", "-graph", "VAa -> VBa", "-data", file, "-json", "P(VBa=1 | do(VAa=1))")
	if code != exitOK {
		t.Fatalf("exit status %d, stderr %s", code, stderr)
	}
	if got := probability(t, decodeAnswer(t, stdout), map[string]string{"VBa": "1"}); math.Abs(got-1) > tol {
		t.Errorf("P(VBa=1 | do(VAa=1)) = %v, want 1", got)
	}
}

func TestRaggedRowInUnusedColumns(t *testing.T) {
	file := filepath.Join(t.TempDir(), "ragged.csv")
	if err := os.WriteFile(file, []byte("X,Y,note\n0,0,a\n1,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runCommand(t, "", "query", "-graph", "X -> Y", "-data", file, "P(Y)")
	if code != exitInvalid {
		t.Errorf("exit status %d, want %d", code, exitInvalid)
	}
	if !strings.Contains(stderr, "line 3") || !strings.Contains(stderr, "want 3") {
		t.Errorf("stderr does not name line 3 and the field count: %s", stderr)
	}
}

func TestDrawDOTWithDo(t *testing.T) {
	stdout, stderr, code := runCommand(t, "", "draw", "-graph", "S -> T -> C; S <-> C", "-do", "S,S", "-format", "dot")
	if code != exitOK {
		t.Fatalf("exit status %d, stderr %s", code, stderr)
	}
	if n := strings.Count(stdout, "uniform"); n != 1 {
		t.Errorf("got %d uniform boxes, want 1 for S:\n%s", n, stdout)
	}
	if !strings.HasPrefix(stdout, "digraph") {
		t.Errorf("output is not DOT:\n%s", stdout)
	}
}

func TestDrawLatentNameClash(t *testing.T) {
	stdout, stderr, code := runCommand(t, "", "draw", "-graph", "U_S_C -> S; S -> C; S <-> C", "-format", "dot")
	if code != exitOK {
		t.Fatalf("exit status %d, stderr %s", code, stderr)
	}
	if !strings.Contains(stdout, "U_S_C_2") {
		t.Errorf("the latent box is not renamed away from the variable U_S_C:\n%s", stdout)
	}
}

func TestDrawManyParents(t *testing.T) {
	var b strings.Builder
	for i := range 40 {
		b.WriteString("P" + string(rune('A'+i%26)) + string(rune('a'+i/26)) + " -> X; ")
	}
	stdout, stderr, code := runCommand(t, "", "draw", "-graph", b.String(), "-format", "dot")
	if code != exitOK {
		t.Fatalf("exit status %d, stderr %s", code, stderr)
	}
	if !strings.Contains(stdout, "PNa") {
		t.Errorf("drawing lacks a parent:\n%s", stdout)
	}
}

func TestDrawDoOnFileLatent(t *testing.T) {
	stdout, stderr, code := runCommand(t, "", "draw", "-model", "testdata/hidden.bif", "-do", "U", "-format", "dot")
	if code != exitOK {
		t.Fatalf("exit status %d, stderr %s", code, stderr)
	}
	if n := strings.Count(stdout, "uniform"); n != 1 {
		t.Errorf("got %d uniform boxes, want 1 for U:\n%s", n, stdout)
	}
}

func TestDrawToFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "model.svg")
	stdout, stderr, code := runCommand(t, "", "draw", "-model", "testdata/confounded.bif", "-do", "X", "-o", file)
	if code != exitOK {
		t.Fatalf("exit status %d, stderr %s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout is not empty with -o: %q", stdout)
	}
	svg, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(svg, []byte("<svg")) || !bytes.Contains(svg, []byte("</svg>")) {
		t.Errorf("%s is not an SVG document:\n%s", file, svg)
	}
	_, _, code = runCommand(t, "", "draw", "-model", "testdata/confounded.bif", "-o", filepath.Join(t.TempDir(), "no", "dir.svg"))
	if code != exitInvalid {
		t.Errorf("draw into a missing folder: exit status %d, want %d", code, exitInvalid)
	}
}

func TestFormatProb(t *testing.T) {
	cases := []struct {
		p    float64
		want string
	}{
		{0, "0.000000"},
		{0.5, "0.500000"},
		{1, "1.000000"},
		{1.234e-9, "1.23e-09"},
		{4.9e-7, "4.90e-07"},
		{5.1e-7, "0.000001"},
	}
	for _, c := range cases {
		if got := formatProb(c.p); got != c.want {
			t.Errorf("formatProb(%v) = %q, want %q", c.p, got, c.want)
		}
	}
}

func TestCheckFinite(t *testing.T) {
	r := &result{Query: "P(A)", Columns: []string{"A"}, Rows: []row{{States: []string{"a"}, P: -1e-15}, {States: []string{"b"}, P: 1}}}
	checkFinite(r)
	if r.Err != nil || r.Rows[0].P != 0 {
		t.Errorf("rounding below zero: err %v, p %v, want no error and 0", r.Err, r.Rows[0].P)
	}
	for _, p := range []float64{math.NaN(), math.Inf(1), -0.1} {
		r := &result{Query: "P(A)", Rows: []row{{States: []string{"a"}, P: p}}}
		checkFinite(r)
		if r.Err == nil {
			t.Errorf("probability %v is accepted", p)
		}
	}
	r = &result{Query: "P(A)", Bounds: &bounds{Lower: math.NaN(), Upper: 1}}
	if checkFinite(r); r.Err == nil {
		t.Errorf("NaN lower bound is accepted")
	}
}

func TestPrintable(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain Ω text", "plain Ω text"},
		{"tab\tand\nnewline", "tab\tand\nnewline"},
		{"bell\a", `bell\a`},
		{"bad \xff byte", `bad \xff byte`},
		{"escape \x1b[31m", `escape \x1b[31m`},
	}
	for _, c := range cases {
		if got := printable(c.in); got != c.want {
			t.Errorf("printable(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestNameList(t *testing.T) {
	if got, want := nameList([]string{"A", "Über Var", "\ufeffX", "x.1-b"}), `A, "Über Var", "\ufeffX", x.1-b`; got != want {
		t.Errorf("nameList = %s, want %s", got, want)
	}
	if got := nameList(nil); got != "none" {
		t.Errorf("nameList(nil) = %q, want none", got)
	}
}

func TestDuplicateUnusedColumn(t *testing.T) {
	file := filepath.Join(t.TempDir(), "dup.csv")
	if err := os.WriteFile(file, []byte("A,A,B\n0,0,1\n1,1,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runCommand(t, "", "query", "-graph", "B", "-data", file, "-json", "P(B)")
	if code != exitOK {
		t.Fatalf("exit status %d, stderr %s", code, stderr)
	}
	if got := probability(t, decodeAnswer(t, stdout), map[string]string{"B": "1"}); math.Abs(got-1) > tol {
		t.Errorf("P(B=1) = %v, want 1", got)
	}
	_, stderr, code = runCommand(t, "", "query", "-graph", "A -> B", "-data", file, "P(B)")
	if code != exitInvalid || !strings.Contains(stderr, "duplicate") {
		t.Errorf("a repeated graph column: exit status %d, stderr %s; want 2 and a duplicate column error", code, stderr)
	}
}

func TestHedgeQuotesNames(t *testing.T) {
	// A name with a comma or a space is quoted in the hedge's node sets.
	_, stderr, code := runCommand(t, "", "identify", "-graph",
		`"a b" -> "e,f" -> "c d"; "a b" -> "c d"; "a b" <-> "e,f"`, `P("c d" | do("a b"))`)
	if code != exitUnanswerable {
		t.Fatalf("exit status %d, want %d; stderr: %s", code, exitUnanswerable, stderr)
	}
	want := `Hedge: C-forests F = {"a b", "e,f"} and F' = {"e,f"} with roots {"e,f"}`
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr %q does not contain %q", stderr, want)
	}
}

func TestBatchLineTooLong(t *testing.T) {
	// The second line is over the limit: the first query is answered, and
	// the error names the line and the limit.
	stdin := "P(C | do(S))\nP(C" + strings.Repeat(" ", maxQueryLine) + ")\n"
	stdout, stderr, code := runCommand(t, stdin, "query", "-json", "-")
	if code != exitInvalid {
		t.Fatalf("exit status %d, want %d; stderr: %s", code, exitInvalid, stderr)
	}
	if n := strings.Count(stdout, "\n"); n != 1 {
		t.Errorf("got %d output lines, want 1:\n%s", n, stdout)
	}
	want := "standard input line 2 is longer than 1048576 bytes"
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr %q does not contain %q", stderr, want)
	}
}

func TestTooManyRowsExitsOne(t *testing.T) {
	// 21 independent binary variables and a latent one: the joint answer has
	// 2^21 rows, over the limit of rows printed, while its table is well
	// within the size limit of the computation.
	var bif strings.Builder
	var names []string
	for i := range 21 {
		name := "V" + strings.Repeat("x", i)
		names = append(names, name)
		bif.WriteString("variable " + name + " { type discrete [ 2 ] { a, b }; }\n")
		bif.WriteString("probability ( " + name + " ) { table 0.5, 0.5; }\n")
	}
	bif.WriteString("variable U { type discrete [ 2 ] { a, b }; }\nprobability ( U ) { table 0.5, 0.5; }\n")
	file := filepath.Join(t.TempDir(), "wide.bif")
	if err := os.WriteFile(file, []byte(bif.String()), 0o644); err != nil {
		t.Fatal(err)
	}

	query := "P(" + strings.Join(names, ", ") + ")"
	for _, args := range [][]string{
		{"query", "-model", file, query},
		{"query", "-model", file, "-latent", "U", query},
	} {
		_, stderr, code := runCommand(t, "", args...)
		if code != exitUnanswerable {
			t.Errorf("%q: exit status %d, want %d; stderr: %s", args, code, exitUnanswerable, stderr)
			continue
		}
		if !strings.Contains(stderr, "has 2097152 rows, more than the limit of 1048576") {
			t.Errorf("%q: stderr %q does not give the number of rows and the limit", args, stderr)
		}
	}

	// Targets with a value do not count: with all but one fixed, there are
	// two rows.
	fixed := "P(" + strings.Join(names[:20], "=a, ") + "=a, " + names[20] + ")"
	stdout, stderr, code := runCommand(t, "", "query", "-model", file, "-json", fixed)
	if code != exitOK {
		t.Fatalf("targets fixed: exit status %d, want %d; stderr: %s", code, exitOK, stderr)
	}
	if a := decodeAnswer(t, stdout); len(a.Distribution) != 2 {
		t.Errorf("targets fixed: got %d rows, want 2", len(a.Distribution))
	}
}

func TestSplitListQuotedNames(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"U,V", []string{"U", "V"}},
		{" U , V ,", []string{"U", "V"}},
		{`"age group"`, []string{"age group"}},
		{`"a,b", c , "d\"e"`, []string{"a,b", "c", `d"e`}},
		{",,", nil},
	} {
		got, err := splitList("-latent", tc.in)
		if err != nil {
			t.Errorf("splitList(%q): %v", tc.in, err)
			continue
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
			t.Errorf("splitList(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, in := range []string{`"age group`, `"a" b`} {
		if _, err := splitList("-latent", in); err == nil || !strings.Contains(err.Error(), "-latent") {
			t.Errorf("splitList(%q): got %v, want an error naming -latent", in, err)
		}
	}
}

func TestLatentAndDoQuotedNames(t *testing.T) {
	// The error for an unknown name lists "age group" quoted, so the quoted
	// spelling must be accepted.
	file := filepath.Join(t.TempDir(), "quoted.bif")
	src := `variable "age group" { type discrete [ 2 ] { young, old }; }
variable B { type discrete [ 2 ] { low, high }; }
probability ( "age group" ) { table 0.3, 0.7; }
probability ( B | "age group" ) { (young) 0.8, 0.2; (old) 0.35, 0.65; }
`
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runCommand(t, "", "query", "-model", file, "-latent", `"age group"`, "-json", "P(B=low)")
	if code != exitOK {
		t.Fatalf("-latent: exit status %d, want %d; stderr: %s", code, exitOK, stderr)
	}
	if got, want := probability(t, decodeAnswer(t, stdout), map[string]string{"B": "low"}), 0.3*0.8+0.7*0.35; math.Abs(got-want) > 1e-9 {
		t.Errorf("P(B=low) = %v, want %v", got, want)
	}
	if _, stderr, code := runCommand(t, "", "draw", "-model", file, "-do", `"age group"`, "-format", "dot"); code != exitOK {
		t.Errorf("draw -do: exit status %d, want %d; stderr: %s", code, exitOK, stderr)
	}
}

func TestDataUnusedColumnNoted(t *testing.T) {
	args := []string{"query", "-graph", "S -> T -> C; S <-> C", "-data", "testdata/smoking.csv", "P(C=1 | do(S=1))"}
	stdout, stderr, code := runCommand(t, "", args...)
	if code != exitOK {
		t.Fatalf("exit status %d, want %d\nstderr: %s", code, exitOK, stderr)
	}
	for _, want := range []string{"ignored: n, source", "give -weight COL"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}

	stdout, stderr, code = runCommand(t, "", append(args[:len(args)-1], "-weight", "n", "-json", args[len(args)-1])...)
	if code != exitOK {
		t.Fatalf("with -weight: exit status %d, want %d\nstderr: %s", code, exitOK, stderr)
	}
	if !strings.Contains(stdout, "ignored: source") {
		t.Errorf("with -weight n only the source column is ignored, but the output says:\n%s", stdout)
	}
	if strings.Contains(stdout, "give -weight COL") {
		t.Errorf("with -weight n the output still suggests -weight:\n%s", stdout)
	}
}

func TestExitCodeUnanswerableErrors(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want int
	}{
		{"zero probability", &stochastic.ZeroProbabilityError{Event: "X=1"}, exitUnanswerable},
		{"size limit", &stochastic.SizeLimitError{Vars: []string{"A"}, Size: 10, Limit: 4}, exitUnanswerable},
		{"simplex failure", fmt.Errorf("bounds: %w", &counterfactual.SimplexError{Singular: true, Err: errors.New("singular basis")}), exitUnanswerable},
		{"rare evidence", &counterfactual.RareEvidenceError{Evidence: "X=1", P: 1e-12}, exitUnanswerable},
		{"usage", usagef("missing QUERY"), exitInvalid},
		{"plain", errors.New("malformed file"), exitInvalid},
	}
	for _, c := range cases {
		if got := exitCode(c.err); got != c.want {
			t.Errorf("%s: exitCode = %d, want %d", c.name, got, c.want)
		}
	}
}
