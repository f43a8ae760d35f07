package stochastic

import (
	"testing"

	"pgregory.net/rapid"
)

func TestProductMatchesBruteForce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fs, _ := drawFactors(t)
		got := Product(fs...)
		want := bruteContract(fs, got.Vars)
		if !valuesClose(got.Values, want, contractTol) {
			t.Fatalf("got %v, want %v", got.Values, want)
		}
	})
}

func TestSumOutMatchesBruteForce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fs, keep := drawFactors(t)
		f := Product(fs...)
		var drop []int
		for _, v := range f.Vars {
			if !contains(keep, v) {
				drop = append(drop, v)
			}
		}
		got := f.SumOut(drop...)
		want := bruteContract([]Factor{f}, got.Vars)
		if len(got.Vars) != len(f.Vars)-len(drop) {
			t.Fatalf("got variables %v after summing %v out of %v", got.Vars, drop, f.Vars)
		}
		if !valuesClose(got.Values, want, contractTol) {
			t.Fatalf("got %v, want %v", got.Values, want)
		}
	})
}

func TestReduceSelectsEntries(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fs, _ := drawFactors(t)
		f := Product(fs...)
		evidence := map[int]int{}
		for i, v := range f.Vars {
			if rapid.Bool().Draw(t, "observe") {
				evidence[v] = rapid.IntRange(0, f.Card[i]-1).Draw(t, "state")
			}
		}
		got := f.Reduce(evidence)
		// Check every entry of got against f.At with the evidence filled in.
		states := make([]int, len(got.Vars))
		for i := range got.Values {
			full := make([]int, len(f.Vars))
			k := 0
			for j, v := range f.Vars {
				if s, ok := evidence[v]; ok {
					full[j] = s
				} else {
					full[j] = states[k]
					k++
				}
			}
			if got.Values[i] != f.At(full...) {
				t.Fatalf("entry %v: got %v, want %v", states, got.Values[i], f.At(full...))
			}
			for d := len(states) - 1; d >= 0; d-- {
				states[d]++
				if states[d] < got.Card[d] {
					break
				}
				states[d] = 0
			}
		}
	})
}

func TestPermuteRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fs, _ := drawFactors(t)
		f := Product(fs...)
		perm := rapid.Permutation(f.Vars).Draw(t, "perm")
		g := f.Permute(perm)
		if !intsEqual(g.Vars, perm) {
			t.Fatalf("got variables %v, want %v", g.Vars, perm)
		}
		back := g.Permute(f.Vars)
		if !valuesClose(back.Values, f.Values, 0) {
			t.Fatalf("round trip gave %v, want %v", back.Values, f.Values)
		}
	})
}

func TestNewFactorRejects(t *testing.T) {
	tests := []struct {
		name   string
		vars   []int
		card   []int
		values []float64
	}{
		{"shape", []int{0}, []int{2}, []float64{1}},
		{"repeat", []int{0, 0}, []int{2, 2}, []float64{1, 1, 1, 1}},
		{"negative", []int{0}, []int{2}, []float64{1, -1}},
		{"card", []int{0}, []int{0}, nil},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			if _, err := NewFactor(test.vars, test.card, test.values); err == nil {
				t.Error("got no error")
			}
		})
	}
}

func contains(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
