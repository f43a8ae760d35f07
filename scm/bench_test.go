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
