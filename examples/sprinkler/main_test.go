package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func TestSeeingAndDoing(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	// By hand: P(wet) = 0.8·0.4·0.9 + 0.2·(0.99·0.8 + 0.01·0.99) = 0.44838
	// and P(Rain=yes, wet) = 0.16038. Under do(Grass=wet) rain keeps its
	// prior 0.2.
	seeing := 0.16038 / 0.44838
	want := fmt.Sprintf("%-28s = %.4f\n%-28s = %.4f\n",
		"P(Rain=yes | Grass=wet)", seeing, "P(Rain=yes | do(Grass=wet))", 0.2)
	if got := out.String(); got != want {
		t.Errorf("output:\n%s\nwant:\n%s", got, want)
	}
	if !strings.Contains(out.String(), "0.3577") {
		t.Errorf("output %q lacks P(Rain=yes | Grass=wet) = 0.3577", out.String())
	}
}
