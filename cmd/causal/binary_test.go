package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuiltCommand builds the command with go build and runs it as a user
// would, checking exit statuses, the streams and that no input makes it
// panic.
func TestBuiltCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not found")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "causal")
	build := exec.Command(goTool, "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	// The exact smoking answers 8783/34650 and 4013/7400, as the JSON prints them.
	doS0 := string(jsonNumber(8783.0 / 34650))
	doS1 := string(jsonNumber(4013.0 / 7400))
	cases := []struct {
		name     string
		args     []string
		stdin    string
		exit     int
		stdout   []string // each must appear in stdout
		stderr   []string // each must appear in stderr
		jsonOnly bool     // stdout is one JSON object per line
	}{
		{name: "help", args: []string{"-h"}, exit: 0, stdout: []string{"causal query", "causal identify", "causal draw"}},
		{name: "query help", args: []string{"query", "-h"}, exit: 0, stdout: []string{"-latent", "Exit status"}},
		{name: "embedded", args: []string{"query", "P(C=1 | do(S=1))"}, exit: 0, stdout: []string{"0.542297", "estimand:"}},
		{name: "embedded json", args: []string{"query", "P(C | do(S))", "-json"}, exit: 0, stdout: []string{`"estimand"`, doS0}, jsonOnly: true},
		{name: "batch", args: []string{"query", "-json", "-"}, stdin: "P(C=1 | do(S=0))\nP(nope)\nP(C=1 | do(S=1))", exit: 1,
			stdout: []string{doS0, `"error"`, doS1}, stderr: []string{"line 2"}, jsonOnly: true},
		{name: "no command", args: nil, exit: 2, stderr: []string{"missing command"}},
		{name: "unknown flag", args: []string{"query", "-nope", "P(C)"}, exit: 2, stderr: []string{"-nope"}},
		{name: "binary model", args: []string{"query", "-model", "testdata/binary.bif", "P(A)"}, exit: 2, stderr: []string{"binary.bif:1:"}},
		{name: "directory as model", args: []string{"query", "-model", "testdata", "P(A)"}, exit: 2, stderr: []string{"testdata"}},
		{name: "directory as data", args: []string{"query", "-graph", "A -> B", "-data", "testdata", "P(B)"}, exit: 2, stderr: []string{"testdata"}},
		{name: "zero evidence", args: []string{"query", "-model", "testdata/certain.bif", "-json", "P(B | A=n)"}, exit: 1,
			stdout: []string{`"error"`}, stderr: []string{"A=n"}, jsonOnly: true},
		{name: "not identifiable", args: []string{"identify", "-graph", "X -> Y; X <-> Y", "P(Y | do(X))"}, exit: 1, stderr: []string{"not identifiable"}},
		{name: "identify", args: []string{"identify", "-graph", "X -> Z -> Y; X <-> Y", "P(Y | do(X))"}, exit: 0, stdout: []string{"frontdoor:", "{Z}"}},
		{name: "draw dot", args: []string{"draw", "-model", "testdata/confounded.bif", "-do", "X", "-format", "dot"}, exit: 0, stdout: []string{"digraph", "uniform"}},
		{name: "draw empty graph", args: []string{"draw", "-graph", "# nothing"}, exit: 2, stderr: []string{"no variables"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(bin, c.args...)
			cmd.Stdin = strings.NewReader(c.stdin)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != c.exit {
				t.Errorf("exit status %d, want %d\nstdout: %s\nstderr: %s", code, c.exit, stdout.String(), stderr.String())
			}
			for _, bad := range []string{"panic:", "goroutine ", "NaN", "Inf"} {
				if strings.Contains(stdout.String()+stderr.String(), bad) {
					t.Errorf("output contains %q:\n%s%s", bad, stdout.String(), stderr.String())
				}
			}
			for _, want := range c.stdout {
				if !strings.Contains(stdout.String(), want) {
					t.Errorf("stdout has no %q:\n%s", want, stdout.String())
				}
			}
			for _, want := range c.stderr {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr has no %q:\n%s", want, stderr.String())
				}
			}
			if c.jsonOnly {
				for _, line := range strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n") {
					var obj map[string]any
					if err := json.Unmarshal([]byte(line), &obj); err != nil {
						t.Errorf("stdout line is not a JSON object: %v\n%s", err, line)
					}
				}
			}
		})
	}

	t.Run("draw to file", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "graph.svg")
		out, err := exec.Command(bin, "draw", "-graph", "S -> T -> C; S <-> C", "-do", "S", "-o", file).CombinedOutput()
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		svg, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(svg, []byte("</svg>")) {
			t.Errorf("%s is not a complete SVG document", file)
		}
	})
}
