package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestReportNumbers(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	report := out.String()
	tests := []struct {
		line  string
		count int
	}{
		{"P(C=1 | S=0)     = 0.1905", 1},
		{"P(C=1 | S=1)     = 0.6757", 1},
		// Once from comb disintegration, once from the front-door formula.
		{"P(C=1 | do(S=0)) = 0.2535", 2},
		{"P(C=1 | do(S=1)) = 0.5423", 2},
		{"P(Y=1 | do(X=0)) = 0.4975", 2},
		{"P(Y=1 | do(X=1)) = 0.4525", 2},
	}
	for _, test := range tests {
		if got := strings.Count(report, test.line); got != test.count {
			t.Errorf("report contains %q %d times, want %d", test.line, got, test.count)
		}
	}
	if t.Failed() {
		t.Logf("report:\n%s", report)
	}
}
