package scm

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func BenchmarkReadBIF(b *testing.B) {
	for _, name := range []string{"asia", "alarm", "munin", "diabetes"} {
		src, err := os.ReadFile(filepath.Join(networksDir, name+".bif"))
		if err != nil {
			b.Skip(err)
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				if _, err := ReadBIF(bytes.NewReader(src)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkNetworkDiagram(b *testing.B) {
	for _, name := range []string{"alarm", "munin"} {
		m, err := ReadFile(filepath.Join(networksDir, name+".bif"))
		if err != nil {
			b.Skip(err)
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				m.NetworkDiagram()
			}
		})
	}
}

func BenchmarkWithMechanism(b *testing.B) {
	m, err := ReadFile(filepath.Join(networksDir, "munin.bif"))
	if err != nil {
		b.Skip(err)
	}
	v := m.Topological()[m.NumVars()-1]
	cpt := m.CPT(v)
	for b.Loop() {
		if _, err := m.WithMechanism(v, m.Parents(v), cpt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadAllNetworks reads every BIF file of the networks folder, from
// memory, once per iteration.
func BenchmarkReadAllNetworks(b *testing.B) {
	paths, err := filepath.Glob(filepath.Join(networksDir, "*.bif"))
	if err != nil || len(paths) == 0 {
		b.Skip("no networks folder")
	}
	var srcs [][]byte
	var total int64
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		srcs = append(srcs, src)
		total += int64(len(src))
	}
	b.SetBytes(total)
	for b.Loop() {
		for i, src := range srcs {
			if _, err := ReadBIF(bytes.NewReader(src)); err != nil {
				b.Fatalf("%s: %v", paths[i], err)
			}
		}
	}
}
