package scm

import (
	"fmt"
	"strings"
	"testing"
)

func TestRegressionScratch(t *testing.T) {
	const vars = "variable A { type discrete [ 2 ] { a0, a1 }; }\n"
	bifs := map[string]string{
		"bom":          "\ufeff" + vars + "probability ( A ) { table 0.5, 0.5; }",
		"latent=true":  "variable A { type discrete [ 2 ] { a0, a1 }; property latent=true; }\nprobability ( A ) { table 0.5, 0.5; }",
		"1.E-3":        vars + "probability ( A ) { table 1.E-3, 0.999; }",
		"1e-05":        vars + "probability ( A ) { table 1e-05, 0.99999; }",
		"underscore":   vars + "probability ( A ) { table 0_5, 0.5; }",
		"hex":          vars + "probability ( A ) { table 0x1p-1, 0.5; }",
		"empty block":  vars + "probability ( A ) { }",
		"parentless row label": vars + "probability ( A ) { (a0) 0.5, 0.5; }",
		"parentless () row":    vars + "probability ( A ) { () 0.5, 0.5; }",
		"top property": "property x = y;\n" + vars + "probability ( A ) { table 0.5, 0.5; }",
		"prob property": vars + "probability ( A ) { property x = 1; table 0.5, 0.5; property y; }",
		"huge": "variable A { type discrete [ 1000000000 ] { a0, a1 }; }",
		"zero": "variable A { type discrete [ 0 ] { }; }",
		"tolerance in": vars + "probability ( A ) { table 0.5, 0.5000009; }",
		"tolerance out": vars + "probability ( A ) { table 0.5, 0.500002; }",
		"neg zero": vars + "probability ( A ) { table -0, 1; }",
		"1e400": vars + "probability ( A ) { table 1e400, 0; }",
		"1e-400": vars + "probability ( A ) { table 1e-400, 1; }",
		"no network name": "network { }\n" + vars + "probability ( A ) { table 0.5, 0.5; }",
		"prop no semicolon": "variable A { type discrete [ 2 ] { a0, a1 }; property x = y }\nprobability ( A ) { table 0.5, 0.5; }",
		"value then brace": vars + "probability ( A ) { table 0.5, 0.5 }",
	}
	for name, src := range bifs {
		m, err := ReadBIF(strings.NewReader(src))
		if err != nil {
			t.Logf("%-22s ERR %v", name, err)
			continue
		}
		var b strings.Builder
		WriteBIF(&b, m)
		t.Logf("%-22s OK latent=%v cpt=%v", name, m.Latent(), m.CPT(0).Row(0))
	}
}

var _ = fmt.Sprint
