// Package stochastictest provides rapid generators of channels and
// interpretations, and go-cmp options to compare channels, for property
// tests of package stochastic and of packages built on it.
//
// Channels are drawn with a mix of exact zeros and positive entries, so that
// both full-support and sparse channels occur. The generators keep sizes
// small: use them with the small types of diagramtest.Pool.
package stochastictest

import (
	"fmt"
	"math"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/stochastic"
)

// Tol is the tolerance for comparing channels computed along different
// routes in tests. It is far above the rounding error of the small products
// that the generators build, and far below any error in a single entry.
const Tol = 1e-9

// Channel returns a generator of channels from in to out. Each row is drawn
// independently. About a quarter of the entries are exact zeros, and a row
// is never all zeros.
func Channel(in, out []diagram.Type) *rapid.Generator[*stochastic.Channel] {
	return rapid.Custom(func(t *rapid.T) *stochastic.Channel {
		rows, cols := diagram.Size(in), diagram.Size(out)
		data := make([]float64, 0, rows*cols)
		for i := 0; i < rows; i++ {
			data = append(data, row(t, cols)...)
		}
		return mustNew(in, out, data)
	})
}

// PositiveChannel returns a generator of channels from in to out whose
// entries are all at least 0.01 before normalisation, so every entry is
// positive.
func PositiveChannel(in, out []diagram.Type) *rapid.Generator[*stochastic.Channel] {
	return rapid.Custom(func(t *rapid.T) *stochastic.Channel {
		rows, cols := diagram.Size(in), diagram.Size(out)
		data := make([]float64, rows*cols)
		for i := 0; i < rows; i++ {
			r := data[i*cols : (i+1)*cols]
			sum := 0.0
			for j := range r {
				r[j] = rapid.Float64Range(0.01, 1).Draw(t, "p")
				sum += r[j]
			}
			for j := range r {
				r[j] /= sum
			}
		}
		return mustNew(in, out, data)
	})
}

// State returns a generator of states on out.
func State(out []diagram.Type) *rapid.Generator[*stochastic.Channel] {
	return Channel(nil, out)
}

// Deterministic returns a generator of deterministic channels from in to
// out: each row is a point mass on a random output configuration.
func Deterministic(in, out []diagram.Type) *rapid.Generator[*stochastic.Channel] {
	return rapid.Custom(func(t *rapid.T) *stochastic.Channel {
		rows, cols := diagram.Size(in), diagram.Size(out)
		data := make([]float64, rows*cols)
		for i := 0; i < rows; i++ {
			data[i*cols+rapid.IntRange(0, cols-1).Draw(t, "output")] = 1
		}
		return mustNew(in, out, data)
	})
}

// row draws a distribution over n outcomes.
func row(t *rapid.T, n int) []float64 {
	r := make([]float64, n)
	sum := 0.0
	for j := range r {
		if rapid.IntRange(0, 3).Draw(t, "zero") > 0 {
			r[j] = rapid.Float64Range(0.01, 1).Draw(t, "p")
		}
		sum += r[j]
	}
	if sum == 0 {
		r[rapid.IntRange(0, n-1).Draw(t, "mass")] = 1
		return r
	}
	for j := range r {
		r[j] /= sum
	}
	return r
}

func mustNew(in, out []diagram.Type, data []float64) *stochastic.Channel {
	c, err := stochastic.New(in, out, data)
	if err != nil {
		panic(fmt.Sprintf("stochastictest: generated an invalid channel: %v", err))
	}
	return c
}

// Interpretation returns a generator of maps that assign a random channel
// to every box of the diagrams ds, by name. Boxes of the same name must have
// the same types, as those of diagramtest do.
func Interpretation(ds ...diagram.Diagram) *rapid.Generator[stochastic.Map] {
	return interpretation(Channel, ds)
}

// DeterministicInterpretation is Interpretation with deterministic channels.
func DeterministicInterpretation(ds ...diagram.Diagram) *rapid.Generator[stochastic.Map] {
	return interpretation(Deterministic, ds)
}

func interpretation(gen func(in, out []diagram.Type) *rapid.Generator[*stochastic.Channel], ds []diagram.Diagram) *rapid.Generator[stochastic.Map] {
	var boxes []diagram.Box
	seen := make(map[string]bool)
	for _, d := range ds {
		for _, b := range d.Boxes() {
			if !seen[b.Name] {
				seen[b.Name] = true
				boxes = append(boxes, b)
			}
		}
	}
	return rapid.Custom(func(t *rapid.T) stochastic.Map {
		m := make(stochastic.Map, len(boxes))
		if len(boxes) == 0 {
			// rapid requires a custom generator to draw something.
			rapid.Bool().Draw(t, "unused")
		}
		for _, b := range boxes {
			m[b.Name] = gen(b.In, b.Out).Draw(t, b.Name)
		}
		return m
	})
}

// Comparer returns a cmp option that treats two channels as equal when
// stochastic.EqualApprox holds with tolerance tol.
func Comparer(tol float64) cmp.Option {
	return cmp.Comparer(func(a, b *stochastic.Channel) bool {
		if a == nil || b == nil {
			return a == b
		}
		return stochastic.EqualApprox(a, b, tol)
	})
}

// MaxDiff returns the largest absolute difference between the entries of a
// and b, or +Inf when their shapes differ. It is meant for failure messages.
func MaxDiff(a, b *stochastic.Channel) float64 {
	if a.Rows() != b.Rows() || a.Cols() != b.Cols() {
		return math.Inf(1)
	}
	d := 0.0
	for i := 0; i < a.Rows(); i++ {
		for j := 0; j < a.Cols(); j++ {
			d = math.Max(d, math.Abs(a.At(i, j)-b.At(i, j)))
		}
	}
	return d
}
