// Copyright ©2026 The causal Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package identify_test

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/markovcat/causal/identify"
	"github.com/markovcat/causal/intervention"
	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

// combCase is a random causal model over observed variables V0..Vn-1 and one
// latent Uk per bidirected edge of its graph, with positive tables.
type combCase struct {
	graph *identify.Graph
	model *scm.Model
	n     int // observed variables
}

// drawCombCase draws a random graph over 3 to 6 observed nodes, with
// directed edges along the node order and up to three bidirected edges,
// and a model for it.
func drawCombCase(t *rapid.T) *combCase {
	n := rapid.IntRange(3, 6).Draw(t, "n")
	g := identify.NewGraph()
	parents := make(map[string][]string)
	var names, latents []string
	size := make(map[string]int)
	for i := 0; i < n; i++ {
		name := "V" + strconv.Itoa(i)
		g.AddNode(name)
		names = append(names, name)
		size[name] = rapid.IntRange(2, 3).Draw(t, "size")
		for j := 0; j < i; j++ {
			from := "V" + strconv.Itoa(j)
			if rapid.Float64Range(0, 1).Draw(t, "edge") < 0.5 {
				parents[name] = append(parents[name], from)
				if err := g.AddEdge(from, name); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	for k := rapid.IntRange(0, 3).Draw(t, "bidirected"); k > 0; k-- {
		a := rapid.IntRange(0, n-1).Draw(t, "a")
		b := rapid.IntRange(0, n-1).Draw(t, "b")
		if a == b || g.HasBidirected(a, b) {
			continue
		}
		u := "U" + strconv.Itoa(len(latents))
		latents = append(latents, u)
		size[u] = 2
		parents[names[a]] = append(parents[names[a]], u)
		parents[names[b]] = append(parents[names[b]], u)
		if err := g.AddBidirected(names[a], names[b]); err != nil {
			t.Fatal(err)
		}
	}

	bld := scm.NewBuilder()
	for _, v := range slices.Concat(latents, names) {
		states := make([]string, size[v])
		for s := range states {
			states[s] = strconv.Itoa(s)
		}
		if err := bld.AddVariable(v, states...); err != nil {
			t.Fatal(err)
		}
	}
	if len(latents) > 0 {
		if err := bld.SetLatent(latents...); err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range slices.Concat(latents, names) {
		rows := 1
		for _, p := range parents[v] {
			rows *= size[p]
		}
		var table []float64
		for r := 0; r < rows; r++ {
			row := make([]float64, size[v])
			for k := range row {
				row[k] = rapid.Float64Range(0.05, 1).Draw(t, "p")
			}
			table = append(table, normalise(row)...)
		}
		if err := bld.SetCPT(v, parents[v], table); err != nil {
			t.Fatal(err)
		}
	}
	m, err := bld.Build()
	if err != nil {
		t.Fatal(err)
	}
	return &combCase{graph: g, model: m, n: n}
}

// drawRoles draws disjoint, non-empty sets of observed variable names for
// the treatment, the mediator and the outcome.
func (c *combCase) drawRoles(t *rapid.T) (a, b, cs []string) {
	perm := rapid.Permutation(seqInts(c.n)).Draw(t, "roles")
	na := rapid.IntRange(1, min(2, c.n-2)).Draw(t, "na")
	nb := rapid.IntRange(1, min(2, c.n-na-1)).Draw(t, "nb")
	nc := rapid.IntRange(1, min(2, c.n-na-nb)).Draw(t, "nc")
	name := func(vs []int) []string {
		var out []string
		for _, v := range vs {
			out = append(out, "V"+strconv.Itoa(v))
		}
		return out
	}
	return name(perm[:na]), name(perm[na : na+nb]), name(perm[na+nb : na+nb+nc])
}

func seqInts(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// modelIndices returns the variable indices of names in m.
func modelIndices(t *rapid.T, m *scm.Model, names []string) []int {
	out := make([]int, len(names))
	for k, name := range names {
		v, ok := m.Index(name)
		if !ok {
			t.Fatalf("no variable %s", name)
		}
		out[k] = v
	}
	return out
}

// TestCombEffectSoundOnRandomGraphs checks CombEffect on random graphs and
// random roles: it either rejects the graph with a *CriterionError naming a
// path, or returns the causal effect that surgery on the full model gives.
func TestCombEffectSoundOnRandomGraphs(t *testing.T) {
	accepted := 0
	rapid.Check(t, func(t *rapid.T) {
		c := drawCombCase(t)
		a, b, cs := c.drawRoles(t)
		joint, err := c.model.Posterior(c.model.Observed(), nil)
		if err != nil {
			t.Fatal(err)
		}
		effect, err := identify.CombEffect(c.graph, joint, a, b, cs)
		if err != nil {
			var crit *identify.CriterionError
			if !errors.As(err, &crit) {
				t.Fatalf("CombEffect(%v, %v, %v) in %s: error %v, want a *CriterionError", a, b, cs, c.graph, err)
			}
			if p := crit.Path.String(); len(crit.Path.Nodes) < 2 || !strings.Contains(err.Error(), "path "+p) {
				t.Fatalf("CombEffect(%v, %v, %v) in %s: error %q names no path", a, b, cs, c.graph, err)
			}
			return
		}
		accepted++
		truth, err := intervention.Channel(c.model, modelIndices(t, c.model, a), modelIndices(t, c.model, cs))
		if err != nil {
			t.Fatal(err)
		}
		if !stochastic.EqualApprox(effect, truth, combTol) {
			t.Fatalf("CombEffect(%v, %v, %v) in %s = %v, surgery on the model gives %v", a, b, cs, c.graph, effect, truth)
		}
	})
	fmt.Println("accepted", accepted)
}
