package scm

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestReadDataRows(t *testing.T) {
	src := "S,T\n1,b\n0,a\n1,a\n1,a\n\n"
	d, err := ReadData(strings.NewReader(src), "")
	must(t, err)
	if got := d.Types[0].States; !slices.Equal(got, []string{"0", "1"}) {
		t.Errorf("states of S: got %v, want numeric order [0 1]", got)
	}
	if got := d.Types[1].States; !slices.Equal(got, []string{"b", "a"}) {
		t.Errorf("states of T: got %v, want order of first appearance [b a]", got)
	}
	if d.Total != 4 {
		t.Errorf("total: got %v, want 4", d.Total)
	}
	// Cells (S, T): (0,b), (0,a), (1,b), (1,a).
	want := []float64{0, 0.25, 0.25, 0.5}
	for k, w := range want {
		if got := d.Joint.At(0, k); got != w {
			t.Errorf("cell %d: got %v, want %v", k, got, w)
		}
	}
	marg, err := d.Marginal([]string{"T"})
	must(t, err)
	if got := marg.Row(0); !slices.Equal(got, []float64{0.25, 0.75}) {
		t.Errorf("marginal of T: got %v, want [0.25 0.75]", got)
	}
	if _, err := d.Marginal([]string{"Q"}); err == nil || !strings.Contains(err.Error(), "S, T") {
		t.Errorf("unknown marginal variable: got %v", err)
	}
}

func TestReadDataWeights(t *testing.T) {
	src := "X, n, Y\n0, 3, 0\n0, 1, 1\n1, 0, 0\n1, 4, 1\n0, 2, 0\n"
	d, err := ReadData(strings.NewReader(src), "n")
	must(t, err)
	if len(d.Types) != 2 || d.Types[1].Name != "Y" {
		t.Fatalf("types: got %v, want X and Y", d.Types)
	}
	if want := []float64{5, 1, 0, 4}; !slices.Equal(d.Weights, want) {
		t.Errorf("weights: got %v, want %v", d.Weights, want)
	}
	if got := d.Joint.At(0, 0); got != 0.5 {
		t.Errorf("P(X=0, Y=0): got %v, want 0.5", got)
	}
}

func TestReadDataCases(t *testing.T) {
	// Both files describe the published smoking joint over (S, T, C).
	want := []float64{0.50, 0.10, 0.01, 0.02, 0.10, 0.05, 0.02, 0.20}
	for _, c := range []struct{ file, weight string }{{"smoking_paper.csv", "p"}, {"smoking_rows.csv", ""}} {
		t.Run(c.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join(casesDir, "data", c.file))
			if err != nil {
				t.Skip(err)
			}
			defer f.Close()
			d, err := ReadData(f, c.weight)
			must(t, err)
			for k, w := range want {
				if got := d.Joint.At(0, k); math.Abs(got-w) > 1e-12 {
					t.Errorf("cell %d: got %v, want %v", k, got, w)
				}
			}
		})
	}
}

func TestReadDataErrors(t *testing.T) {
	tests := []struct {
		name, src, weight string
		want              []string
	}{
		{"unknown weight", "S,T,p\n0,0,1\n", "w", []string{`no weight column "w"`, "S, T, p"}},
		{"text weight", "S,p\n0,0.5\n1,abc\n", "p", []string{"line 3", `column "p"`, `"abc" is not a number`}},
		{"negative weight", "S,p\n0,-1\n", "p", []string{"line 2", `column "p"`, "negative"}},
		{"NaN weight", "S,p\n0,NaN\n", "p", []string{"line 2", "not finite"}},
		{"field count", "S,T\n0,0\n1\n", "", []string{"line 3", "1 fields, want 2"}},
		{"empty value", "S,T\n0,\n", "", []string{"line 2", `column "T"`, "empty value"}},
		{"duplicate column", "S,S\n0,0\n", "", []string{`column "S"`, "duplicate"}},
		{"no rows", "S,T\n", "", []string{"no rows"}},
		{"empty", "", "", []string{"no header"}},
		{"zero total", "S,p\n0,0\n1,0\n", "p", []string{"sum to 0"}},
		{"only weight", "p\n1\n", "p", []string{"no variable columns"}},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			_, err := ReadData(strings.NewReader(test.src), test.weight)
			if err == nil {
				t.Fatal("got no error")
			}
			for _, w := range test.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
	_, err := ReadData(strings.NewReader("S,p\n0,x\n"), "p")
	var de *DataError
	if !errors.As(err, &de) || de.Line != 2 || de.Column != "p" {
		t.Errorf("got %#v, want a *DataError at line 2, column p", err)
	}
}
