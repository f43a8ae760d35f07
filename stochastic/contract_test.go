package stochastic

import (
	"errors"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"pgregory.net/rapid"
)

// contractTol is the tolerance for comparing contraction results, relative to the
// largest entry.
const contractTol = 1e-12

// bruteContract enumerates every assignment of every variable of fs, multiplies
// the factors' entries at it and adds the product to the entry of the kept states.
func bruteContract(fs []Factor, keep []int) []float64 {
	card := map[int]int{}
	var vars []int
	for _, f := range fs {
		for i, v := range f.Vars {
			if _, ok := card[v]; !ok {
				vars = append(vars, v)
			}
			card[v] = f.Card[i]
		}
	}
	outSize := 1
	for _, v := range keep {
		outSize *= card[v]
	}
	out := make([]float64, outSize)
	state := map[int]int{}
	var rec func(i int)
	rec = func(i int) {
		if i < len(vars) {
			for s := 0; s < card[vars[i]]; s++ {
				state[vars[i]] = s
				rec(i + 1)
			}
			return
		}
		p := 1.0
		for _, f := range fs {
			st := make([]int, len(f.Vars))
			for j, v := range f.Vars {
				st[j] = state[v]
			}
			p *= f.At(st...)
		}
		idx := 0
		for _, v := range keep {
			idx = idx*card[v] + state[v]
		}
		out[idx] += p
	}
	rec(0)
	return out
}

// drawFactors draws up to 7 factors over up to 6 variables with cardinalities 1
// to 3, and a list of kept variables.
func drawFactors(t *rapid.T) ([]Factor, []int) {
	nv := rapid.IntRange(1, 6).Draw(t, "vars")
	card := make([]int, nv)
	for i := range card {
		card[i] = rapid.IntRange(1, 3).Draw(t, "card"+strconv.Itoa(i))
	}
	nf := rapid.IntRange(1, 7).Draw(t, "factors")
	fs := make([]Factor, nf)
	used := map[int]bool{}
	for i := range fs {
		vars := rapid.SliceOfNDistinct(rapid.IntRange(0, nv-1), 0, 4, rapid.ID[int]).Draw(t, "scope"+strconv.Itoa(i))
		f := Factor{Vars: vars, Card: make([]int, len(vars))}
		for j, v := range vars {
			f.Card[j] = card[v]
			used[v] = true
		}
		f.Values = rapid.SliceOfN(rapid.Float64Range(0, 1), f.Size(), f.Size()).Draw(t, "values"+strconv.Itoa(i))
		fs[i] = f
	}
	var candidates []int
	for v := range nv {
		if used[v] {
			candidates = append(candidates, v)
		}
	}
	var keep []int
	if len(candidates) > 0 {
		keep = rapid.SliceOfNDistinct(rapid.SampledFrom(candidates), 0, 3, rapid.ID[int]).Draw(t, "keep")
	}
	return fs, keep
}

func valuesClose(a, b []float64, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	scale := 1.0
	for _, x := range a {
		scale = math.Max(scale, math.Abs(x))
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > tol*scale {
			return false
		}
	}
	return true
}

func TestContractMatchesBruteForce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fs, keep := drawFactors(t)
		want := bruteContract(fs, keep)
		for _, h := range Heuristics {
			got, stats, err := Contract(fs, ContractOptions{Keep: keep, Heuristic: h})
			if err != nil {
				t.Fatalf("%v: %v", h, err)
			}
			if !intsEqual(got.Vars, keep) {
				t.Fatalf("%v: result over %v, want %v", h, got.Vars, keep)
			}
			if !valuesClose(got.Values, want, contractTol) {
				t.Fatalf("%v: got %v, want %v", h, got.Values, want)
			}
			if stats.MaxIntermediate < len(got.Values) {
				t.Fatalf("%v: MaxIntermediate %d below the result size %d", h, stats.MaxIntermediate, len(got.Values))
			}
			scaled, stats, err := Contract(fs, ContractOptions{Keep: keep, Heuristic: h, Rescale: true})
			if err != nil {
				t.Fatalf("%v with rescaling: %v", h, err)
			}
			for i, x := range scaled.Values {
				scaled.Values[i] = math.Ldexp(x, stats.Exponent)
			}
			if !valuesClose(scaled.Values, want, contractTol) {
				t.Fatalf("%v with rescaling: got %v, want %v", h, scaled.Values, want)
			}
		}
	})
}

func TestContractPreferredOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fs, keep := drawFactors(t)
		order := rapid.Permutation([]int{0, 1, 2, 3, 4, 5, 6, 7}).Draw(t, "order")
		want := bruteContract(fs, keep)
		got, _, err := Contract(fs, ContractOptions{Keep: keep, Order: order})
		if err != nil {
			t.Fatal(err)
		}
		if !valuesClose(got.Values, want, contractTol) {
			t.Fatalf("got %v, want %v", got.Values, want)
		}
	})
}

func TestContractDoesNotModifyFactors(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fs, keep := drawFactors(t)
		saved := make([]Factor, len(fs))
		for i, f := range fs {
			saved[i] = f.Clone()
		}
		if _, _, err := Contract(fs, ContractOptions{Keep: keep}); err != nil {
			t.Fatal(err)
		}
		for i := range fs {
			if !intsEqual(fs[i].Vars, saved[i].Vars) || !valuesClose(fs[i].Values, saved[i].Values, 0) {
				t.Fatalf("factor %d changed from %v to %v", i, saved[i], fs[i])
			}
		}
	})
}

func TestContractRepeatedVariables(t *testing.T) {
	// f(a, a) reads the diagonal of a 2x2 table; keeping a twice puts the result on
	// the diagonal.
	f := Factor{Vars: []int{0, 0}, Card: []int{2, 2}, Values: []float64{1, 2, 3, 4}}
	g := Factor{Vars: []int{0}, Card: []int{2}, Values: []float64{10, 100}}
	got, _, err := Contract([]Factor{f, g}, ContractOptions{Keep: []int{0, 0}})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{10, 0, 0, 400}
	if !intsEqual(got.Vars, []int{0, 0}) || !valuesClose(got.Values, want, 0) {
		t.Errorf("got %v over %v, want %v over [0 0]", got.Values, got.Vars, want)
	}
	got, _, err = Contract([]Factor{f, g}, ContractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Values[0] != 410 {
		t.Errorf("got %v, want 410", got.Values[0])
	}
}

func TestContractChainNeverFormsJoint(t *testing.T) {
	// A chain of 200 binary variables has a joint of 2^200 entries; eliminating
	// along the chain needs tensors of at most 4 entries.
	const n = 200
	fs := []Factor{{Vars: []int{0}, Card: []int{2}, Values: []float64{0.3, 0.7}}}
	for i := 1; i < n; i++ {
		fs = append(fs, Factor{Vars: []int{i - 1, i}, Card: []int{2, 2}, Values: []float64{0.9, 0.1, 0.2, 0.8}})
	}
	for _, h := range Heuristics {
		got, stats, err := Contract(fs, ContractOptions{Keep: []int{n - 1}, Heuristic: h})
		if err != nil {
			t.Fatalf("%v: %v", h, err)
		}
		// The chain converges to the stationary distribution (2/3, 1/3).
		if math.Abs(got.Values[0]-2.0/3) > 1e-9 || math.Abs(got.Values[1]-1.0/3) > 1e-9 {
			t.Errorf("%v: got %v, want [2/3 1/3]", h, got.Values)
		}
		if stats.MaxIntermediate > 4 {
			t.Errorf("%v: largest intermediate has %d entries, want at most 4", h, stats.MaxIntermediate)
		}
	}
}

func TestContractSizeLimit(t *testing.T) {
	// Keeping all of 0..9 with cardinality 4 needs 4^10 entries.
	var fs []Factor
	var keep []int
	for i := 0; i < 10; i++ {
		fs = append(fs, Factor{Vars: []int{i}, Card: []int{4}, Values: []float64{1, 1, 1, 1}})
		keep = append(keep, i)
	}
	name := func(v int) string { return "X" + strconv.Itoa(v) }
	_, _, err := Contract(fs, ContractOptions{Keep: keep, SizeLimit: 1000, Name: name})
	var se *SizeLimitError
	if !errors.As(err, &se) {
		t.Fatalf("got error %v, want a *SizeLimitError", err)
	}
	if se.Size != 1<<20 || se.Limit != 1000 || len(se.Vars) != 10 || se.Vars[0] != "X0" {
		t.Errorf("got %+v, want size 1048576, limit 1000, variables X0..X9", se)
	}
}

func TestContractSizeLimitDuringElimination(t *testing.T) {
	// A star whose centre 0 joins 12 ternary leaves, plus one factor over all the
	// leaves: every first elimination step forms a tensor of 3^12 = 531441 entries.
	var fs []Factor
	for i := 1; i <= 12; i++ {
		fs = append(fs, Factor{Vars: []int{0, i}, Card: []int{3, 3}, Values: make([]float64, 9)})
	}
	fs = append(fs, Factor{Vars: []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, Card: []int{3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, Values: make([]float64, 531441)})
	_, _, err := Contract(fs, ContractOptions{SizeLimit: 100000})
	var se *SizeLimitError
	if !errors.As(err, &se) {
		t.Fatalf("got error %v, want a *SizeLimitError", err)
	}
	if se.Size <= se.Limit {
		t.Errorf("size %d within the limit %d", se.Size, se.Limit)
	}
}

func TestContractInvalid(t *testing.T) {
	tests := []struct {
		name string
		fs   []Factor
		opt  ContractOptions
	}{
		{"card mismatch", []Factor{{Vars: []int{0}, Card: []int{2}, Values: []float64{1, 1}}, {Vars: []int{0}, Card: []int{3}, Values: []float64{1, 1, 1}}}, ContractOptions{}},
		{"values length", []Factor{{Vars: []int{0}, Card: []int{2}, Values: []float64{1}}}, ContractOptions{}},
		{"vars and cards", []Factor{{Vars: []int{0, 1}, Card: []int{2}, Values: []float64{1, 1}}}, ContractOptions{}},
		{"zero card", []Factor{{Vars: []int{0}, Card: []int{0}, Values: nil}}, ContractOptions{}},
		{"kept variable missing", []Factor{{Vars: []int{0}, Card: []int{2}, Values: []float64{1, 1}}}, ContractOptions{Keep: []int{5}}},
		{"unknown heuristic", nil, ContractOptions{Heuristic: Heuristic(99)}},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			if _, _, err := Contract(test.fs, test.opt); err == nil {
				t.Error("got no error")
			}
		})
	}
}

func TestContractEmpty(t *testing.T) {
	got, _, err := Contract(nil, ContractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Vars) != 0 || len(got.Values) != 1 || got.Values[0] != 1 {
		t.Errorf("got %v, want the scalar 1", got)
	}
}

func intsEqual(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestContractLargeStepsMatchBruteForce(t *testing.T) {
	// Tensors large enough that the kernel permutes factors into its loop order
	// (from alignEntries loop steps) and multiplies small factors first.
	rng := rand.New(rand.NewPCG(11, 12))
	largest := 0
	for c := 0; c < 4; c++ {
		const nv = 7
		card := make([]int, nv)
		for i := range card {
			card[i] = 4 + rng.IntN(2)
		}
		var fs []Factor
		for k := 0; k < 5; k++ {
			vars := rng.Perm(nv)[:4+rng.IntN(2)]
			f := Factor{Vars: vars, Card: make([]int, len(vars))}
			for j, v := range vars {
				f.Card[j] = card[v]
			}
			f.Values = make([]float64, f.Size())
			for i := range f.Values {
				f.Values[i] = rng.Float64()
			}
			fs = append(fs, f)
		}
		keep := []int{fs[0].Vars[0]}
		want := bruteContract(fs, keep)
		for _, h := range Heuristics {
			got, stats, err := Contract(fs, ContractOptions{Keep: keep, Heuristic: h, SingleHeuristic: true})
			if err != nil {
				t.Fatal(err)
			}
			if !valuesClose(got.Values, want, contractTol) {
				t.Errorf("case %d, %v: got %v, want %v", c, h, got.Values, want)
			}
			largest = max(largest, stats.MaxIntermediate)
		}
	}
	if largest < alignEntries {
		t.Errorf("largest intermediate has %d entries, want at least %d to exercise large steps", largest, alignEntries)
	}
}

func TestContractRescaleAvoidsUnderflow(t *testing.T) {
	// A chain of 1200 binary variables whose tables hold 0.1: the total is
	// 0.2^1200, about 1e-839, below the smallest float64.
	const n = 1200
	var fs []Factor
	for i := 0; i < n; i++ {
		vars := []int{i}
		card := []int{2}
		values := []float64{0.1, 0.1}
		if i > 0 {
			vars, card, values = []int{i - 1, i}, []int{2, 2}, []float64{0.1, 0.1, 0.1, 0.1}
		}
		fs = append(fs, Factor{Vars: vars, Card: card, Values: values})
	}
	plain, stats, err := Contract(fs, ContractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if plain.Values[0] != 0 || stats.Exponent != 0 {
		t.Errorf("without rescaling: got %v·2^%d, want 0 (underflow)", plain.Values[0], stats.Exponent)
	}
	got, stats, err := Contract(fs, ContractOptions{Rescale: true})
	if err != nil {
		t.Fatal(err)
	}
	want := n * math.Log2(0.2)
	if log2 := math.Log2(got.Values[0]) + float64(stats.Exponent); math.Abs(log2-want) > 1e-9 {
		t.Errorf("log2 of the total: got %v, want %v", log2, want)
	}
}

func TestContractRescaleManyFactorsInOneStep(t *testing.T) {
	// 200 factors over one variable R, [0.01, 0.02] each: every factor is far
	// from the underflow range, but their product is not, and one step
	// multiplies them all.
	const n = 200
	fs := []Factor{{Vars: []int{0}, Card: []int{2}, Values: []float64{0.5, 0.5}}}
	for i := 0; i < n; i++ {
		fs = append(fs, Factor{Vars: []int{0}, Card: []int{2}, Values: []float64{0.01, 0.02}})
	}
	kept, stats, err := Contract(fs, ContractOptions{Keep: []int{0}, Rescale: true})
	if err != nil {
		t.Fatal(err)
	}
	for s, want := range []float64{n*math.Log2(0.01) - 1, n*math.Log2(0.02) - 1} {
		if log2 := math.Log2(kept.Values[s]) + float64(stats.Exponent); math.Abs(log2-want) > 1e-9 {
			t.Errorf("kept R: log2 of entry %d: got %v, want %v", s, log2, want)
		}
	}
	total, stats, err := Contract(fs, ContractOptions{Rescale: true})
	if err != nil {
		t.Fatal(err)
	}
	// log2(0.5 (0.01^n + 0.02^n)) = n log2(0.02) - 1 + log2(1 + 2^-n).
	want := n*math.Log2(0.02) - 1 + math.Log2(1+math.Ldexp(1, -n))
	if log2 := math.Log2(total.Values[0]) + float64(stats.Exponent); math.Abs(log2-want) > 1e-9 {
		t.Errorf("R summed out: log2 of the total: got %v, want %v", log2, want)
	}
	if fs[1].Values[0] != 0.01 {
		t.Errorf("Contract modified its input: %v", fs[1].Values)
	}
}

func TestContractRescaleAvoidsOverflow(t *testing.T) {
	// 300 factors [2^10, 2^9] over R, 300 factors [2^-9, 2^-10] over S and
	// a factor of ones over both. The partial products overflow and
	// underflow, while the total, (2^3000 + 2^2700)(2^-2700 + 2^-3000), is
	// 2^300 (1 + 2^-300)^2.
	const n = 300
	var fs []Factor
	for i := 0; i < n; i++ {
		fs = append(fs,
			Factor{Vars: []int{0}, Card: []int{2}, Values: []float64{0x1p10, 0x1p9}},
			Factor{Vars: []int{1}, Card: []int{2}, Values: []float64{0x1p-9, 0x1p-10}})
	}
	fs = append(fs, Factor{Vars: []int{0, 1}, Card: []int{2, 2}, Values: []float64{1, 1, 1, 1}})
	got, stats, err := Contract(fs, ContractOptions{Rescale: true})
	if err != nil {
		t.Fatal(err)
	}
	tail := math.Log2(1 + math.Ldexp(1, -n))
	want := n + 2*tail
	if log2 := math.Log2(got.Values[0]) + float64(stats.Exponent); math.Abs(log2-want) > 1e-9 {
		t.Errorf("log2 of the total: got %v, want %v", log2, want)
	}
}
