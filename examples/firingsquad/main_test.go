package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestReport(t *testing.T) {
	var buf bytes.Buffer
	if err := run(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"P(D_{A=0}=0 | D=1)         = 0 ",
		"PN  lower 0.6250  upper 0.8750",
		"PNS lower 0.5000  upper 0.7000",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report does not contain %q:\n%s", want, out)
		}
	}
}
