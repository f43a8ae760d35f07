package intervention_test

import (
	"fmt"
	"math"
	"strconv"

	"pgregory.net/rapid"

	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

// tol is the tolerance for comparing probabilities computed by different
// routes.
const tol = 1e-9

// randomModel draws a model over n variables V0..Vn-1 with 2 or 3 states,
// a random DAG in which parents precede children, and random tables. With
// zeros, table entries are sometimes exactly 0 (every row keeps a positive
// entry), so that evidence of probability zero occurs.
func randomModel(t *rapid.T, n int, zeros bool) *scm.Model {
	b := scm.NewBuilder()
	sizes := make([]int, n)
	for i := range sizes {
		sizes[i] = rapid.IntRange(2, 3).Draw(t, fmt.Sprintf("size%d", i))
		states := make([]string, sizes[i])
		for s := range states {
			states[s] = strconv.Itoa(s)
		}
		if err := b.AddVariable(varName(i), states...); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < n; i++ {
		var parents []string
		rows := 1
		for j := 0; j < i; j++ {
			if rapid.Bool().Draw(t, fmt.Sprintf("edge%d_%d", j, i)) {
				parents = append(parents, varName(j))
				rows *= sizes[j]
			}
		}
		table := randomTable(t, fmt.Sprintf("cpt%d", i), rows, sizes[i], zeros)
		if err := b.SetCPT(varName(i), parents, table); err != nil {
			t.Fatal(err)
		}
	}
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// randomTable draws a rows x cols row-stochastic table.
func randomTable(t *rapid.T, label string, rows, cols int, zeros bool) []float64 {
	table := make([]float64, 0, rows*cols)
	for r := 0; r < rows; r++ {
		row := make([]float64, cols)
		sum := 0.0
		for c := range row {
			row[c] = rapid.Float64Range(0.05, 1).Draw(t, label)
			if zeros && c > 0 && rapid.IntRange(0, 3).Draw(t, label+"zero") == 0 {
				row[c] = 0
			}
			sum += row[c]
		}
		for c := range row {
			table = append(table, row[c]/sum)
		}
	}
	return table
}

func varName(i int) string { return "V" + strconv.Itoa(i) }

// truncated returns P(targets | do(assign), evidence) by enumerating every
// configuration of the model's variables with the truncated factorisation:
// the product of the tables of the variables not intervened on, times an
// indicator of the intervened values. It reports false when the evidence has
// probability zero.
func truncated(m *scm.Model, assign map[int]int, targets []int, evidence map[int]int) ([]float64, bool) {
	n := m.NumVars()
	sizes := make([]int, n)
	total := 1
	for i := range sizes {
		sizes[i] = m.Type(i).Size()
		total *= sizes[i]
	}
	cols := 1
	for _, v := range targets {
		cols *= sizes[v]
	}

	out := make([]float64, cols)
	x := make([]int, n)
	norm := 0.0
	for idx := 0; idx < total; idx++ {
		rest := idx
		for i := n - 1; i >= 0; i-- {
			x[i] = rest % sizes[i]
			rest /= sizes[i]
		}

		p := 1.0
		for i := 0; i < n && p > 0; i++ {
			if s, ok := assign[i]; ok {
				if x[i] != s {
					p = 0
				}
				continue
			}
			row := 0
			for _, q := range m.Parents(i) {
				row = row*sizes[q] + x[q]
			}
			p *= m.CPT(i).At(row, x[i])
		}
		for v, s := range evidence {
			if x[v] != s {
				p = 0
			}
		}
		if p == 0 {
			continue
		}

		col := 0
		for _, v := range targets {
			col = col*sizes[v] + x[v]
		}
		out[col] += p
		norm += p
	}

	if norm == 0 {
		return nil, false
	}
	for k := range out {
		out[k] /= norm
	}
	return out, true
}

// closeRows reports whether the rows of c equal want (rows concatenated)
// within tol.
func closeRows(c *stochastic.Channel, want []float64, tol float64) bool {
	if c.Rows()*c.Cols() != len(want) {
		return false
	}
	for i := 0; i < c.Rows(); i++ {
		for j := 0; j < c.Cols(); j++ {
			if math.Abs(c.At(i, j)-want[i*c.Cols()+j]) > tol {
				return false
			}
		}
	}
	return true
}
