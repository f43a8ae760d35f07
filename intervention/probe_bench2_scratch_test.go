package intervention_test

import (
	"path/filepath"
	"testing"

	"github.com/markovcat/causal/intervention"
	"github.com/markovcat/causal/scm"
)

func BenchmarkProbeDo(b *testing.B) {
	m, err := scm.ReadFile(filepath.Join(networkPath, "munin.bif"))
	if err != nil {
		b.Fatal(err)
	}
	x := m.Topological()[300]
	for b.Loop() {
		intervention.Do(m, map[int]int{x: 0})
	}
}
