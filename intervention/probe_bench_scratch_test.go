package intervention_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/markovcat/causal/intervention"
	"github.com/markovcat/causal/scm"
)

func TestProbePerf(t *testing.T) {
	for _, name := range []string{"munin", "diabetes", "link", "andes"} {
		start := time.Now()
		m, err := scm.ReadFile(filepath.Join(networkPath, name+".bif"))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("%s: read %v, %d vars\n", name, time.Since(start), m.NumVars())
		order := m.Topological()
		n := len(order)
		pick := func(f float64) int { return order[int(f*float64(n-1))] }
		nm := func(v int) string { return m.Type(v).Name }
		st := func(v int) string { return m.Type(v).States[0] }
		x, y, z, w := pick(0.3), pick(0.9), pick(0.1), pick(0.6)
		qs := []string{
			fmt.Sprintf("P(%s)", nm(y)),
			fmt.Sprintf("P(%s | do(%s=%s))", nm(y), nm(x), st(x)),
			fmt.Sprintf("P(%s | do(%s))", nm(y), nm(x)),
			fmt.Sprintf("P(%s | do(%s=%s), %s=%s)", nm(y), nm(x), st(x), nm(z), st(z)),
			fmt.Sprintf("P(%s | do(%s=%s), %s=%s)", nm(y), nm(x), st(x), nm(w), st(w)),
			fmt.Sprintf("P(%s | do(%s=%s, %s=%s))", nm(y), nm(x), st(x), nm(w), st(w)),
			fmt.Sprintf("P(%s, %s | do(%s))", nm(y), nm(x), nm(x)),
		}
		for _, text := range qs {
			q, err := scm.ParseQuery(text)
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			k := 0
			for ; time.Since(start) < 300*time.Millisecond || k < 1; k++ {
				if _, err := intervention.Query(m, q); err != nil {
					fmt.Println("  ", text, "ERR", err)
					break
				}
			}
			fmt.Printf("  %-60s %v/query\n", text, time.Since(start)/time.Duration(k))
		}
		start = time.Now()
		for k := 0; k < 100; k++ {
			intervention.Do(m, map[int]int{x: 0})
		}
		fmt.Printf("  Do: %v\n", time.Since(start)/100)
	}
}
