package stochastic_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/internal/stochastictest"
	"github.com/markovcat/causal/stochastic"
)

// interpreters runs Interpret with every heuristic, and InterpretNaive.
var interpreters = func() map[string]func(diagram.Diagram, stochastic.Interpretation) (*stochastic.Channel, error) {
	m := map[string]func(diagram.Diagram, stochastic.Interpretation) (*stochastic.Channel, error){
		"naive": stochastic.InterpretNaive,
	}
	for _, h := range stochastic.Heuristics {
		m[h.String()] = func(d diagram.Diagram, in stochastic.Interpretation) (*stochastic.Channel, error) {
			return stochastic.Interpret(d, in, stochastic.WithHeuristic(h))
		}
	}
	return m
}()

func TestInterpretByHand(t *testing.T) {
	s := diagram.Box{Name: "s", Out: types(bitX)}
	f := diagram.Box{Name: "f", In: types(bitX), Out: types(bitY)}
	g := diagram.Box{Name: "g", In: types(bitX, bitX), Out: types(triZ)}
	in := stochastic.Map{
		"s": mustNew(t, nil, types(bitX), 0.3, 0.7),
		"f": mustNew(t, types(bitX), types(bitY), 0.9, 0.1, 0.2, 0.8),
		"g": mustNew(t, types(bitX, bitX), types(triZ),
			0.5, 0.5, 0,
			1, 0, 0,
			0, 1, 0,
			0, 0.25, 0.75),
	}
	tests := []struct {
		name string
		d    diagram.Diagram
		want []float64
	}{
		{
			name: "joint of s and f",
			d: diagram.Then(diagram.Gen(s), diagram.Copy(bitX, 2),
				diagram.Tensor(diagram.Id(bitX), diagram.Gen(f))),
			want: []float64{0.27, 0.03, 0.14, 0.56},
		},
		{
			name: "f after s",
			d:    diagram.Then(diagram.Gen(s), diagram.Gen(f)),
			want: []float64{0.41, 0.59},
		},
		{
			name: "f twice on one input",
			d:    diagram.Then(diagram.Copy(bitX, 2), diagram.Tensor(diagram.Gen(f), diagram.Gen(f))),
			want: []float64{0.81, 0.09, 0.09, 0.01, 0.04, 0.16, 0.16, 0.64},
		},
		{
			name: "box reading one wire twice",
			d:    diagram.Then(diagram.Copy(bitX, 2), diagram.Gen(g)),
			want: []float64{0.5, 0.5, 0, 0, 0.25, 0.75},
		},
		{
			name: "output repeats an input",
			d:    diagram.Copy(bitX, 3),
			want: []float64{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
		},
		{
			name: "input passed through beside a box",
			d: diagram.Then(diagram.Copy(bitX, 2),
				diagram.Tensor(diagram.Gen(f), diagram.Id(bitX))),
			want: []float64{0.9, 0, 0.1, 0, 0, 0.2, 0, 0.8},
		},
		{
			name: "box output copied",
			d:    diagram.Then(diagram.Gen(s), diagram.Gen(f), diagram.Copy(bitY, 2)),
			want: []float64{0.41, 0, 0, 0.59},
		},
		{
			name: "discarded box",
			d:    diagram.Then(diagram.Gen(f), diagram.Discard(bitY)),
			want: []float64{1, 1},
		},
		{
			name: "discarded input beside a state",
			d:    diagram.Tensor(diagram.Discard(bitX), diagram.Gen(s)),
			want: []float64{0.3, 0.7, 0.3, 0.7},
		},
		{
			name: "uniform then f",
			d:    diagram.Then(diagram.Uniform(bitX), diagram.Gen(f)),
			want: []float64{0.55, 0.45},
		},
		{
			name: "swap",
			d:    diagram.Swap(types(bitX), types(bitY)),
			want: []float64{1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1},
		},
		{
			name: "empty diagram",
			d:    diagram.Tensor(),
			want: []float64{1},
		},
	}
	for _, test := range tests {
		for name, interpret := range interpreters {
			got, err := interpret(test.d, in)
			if err != nil {
				t.Errorf("%s, %s: unexpected error %v", test.name, name, err)
				continue
			}
			if !diagram.EqualTypes(got.In(), test.d.In()) || !diagram.EqualTypes(got.Out(), test.d.Out()) {
				t.Errorf("%s, %s: got types %v -> %v, want %v -> %v",
					test.name, name, got.In(), got.Out(), test.d.In(), test.d.Out())
			}
			wantEntries(t, test.name+", "+name, got, test.want, 1e-12)
		}
	}
}

func TestInterpretErrors(t *testing.T) {
	f := diagram.Box{Name: "f", In: types(bitX), Out: types(bitY)}
	d := diagram.Gen(f)
	tests := []struct {
		name string
		in   stochastic.Interpretation
		want string
	}{
		{"missing box", stochastic.Map{"g": stochastic.Identity(bitX)}, `no channel for box "f", want one of "g"`},
		{"empty map", stochastic.Map{}, "the map is empty"},
		{"wrong types", stochastic.Map{"f": stochastic.Identity(bitX)}, `channel X -> X for box "f", want X -> Y`},
		{"func with wrong types", stochastic.Func(func(diagram.Box) (*stochastic.Channel, error) {
			return stochastic.Uniform(bitY), nil
		}), `channel I -> Y for box "f", want X -> Y`},
		{"nil interpretation", nil, `box "f" needs an Interpretation, got nil`},
	}
	for _, test := range tests {
		for name, interpret := range interpreters {
			_, err := interpret(d, test.in)
			if err == nil || !strings.Contains(err.Error(), test.want) {
				t.Errorf("%s, %s: got error %v, want one containing %q", test.name, name, err, test.want)
			}
		}
	}
}

func TestInterpretSizeLimit(t *testing.T) {
	// Eight copies of one bit: a result of 2 x 256 entries.
	d := diagram.Copy(bitX, 8)
	_, err := stochastic.Interpret(d, stochastic.Map{}, stochastic.WithSizeLimit(100))
	var se *stochastic.SizeLimitError
	if !errors.As(err, &se) {
		t.Fatalf("result over the limit: got error %v, want a *SizeLimitError", err)
	}
	if se.Size != 512 || se.Limit != 100 {
		t.Errorf("got size %d and limit %d, want 512 and 100", se.Size, se.Limit)
	}
	if len(se.Vars) == 0 || se.Vars[0] != "X" {
		t.Errorf("got wires %v, want X", se.Vars)
	}

	// A hundred copies: the number of entries overflows int.
	_, err = stochastic.Interpret(diagram.Copy(bitX, 100), nil)
	if !errors.As(err, &se) || se.Size != math.MaxInt {
		t.Errorf("result of 2^101 entries: got error %v, want a *SizeLimitError of size MaxInt", err)
	}

	// A state on two Z wires read by a box h : Z ⊗ Z -> X. The result has 2
	// entries, but the tensor over both Z wires has 9.
	s := diagram.Box{Name: "s", Out: types(triZ, triZ)}
	h := diagram.Box{Name: "h", In: types(triZ, triZ), Out: types(bitX)}
	in := stochastic.Map{
		"s": stochastic.Tensor(stochastic.Uniform(triZ), stochastic.Uniform(triZ)),
		"h": stochastic.Then(stochastic.Discard(triZ, triZ), stochastic.Point(bitX, 1)),
	}
	e := diagram.Then(diagram.Gen(s), diagram.Gen(h))
	got, err := stochastic.Interpret(e, in, stochastic.WithSizeLimit(4))
	if !errors.As(err, &se) {
		t.Fatalf("intermediate over the limit: got %v, %v, want a *SizeLimitError", got, err)
	}
	if !strings.Contains(err.Error(), "Z#") {
		t.Errorf("message %q does not name the Z wires", err.Error())
	}
	if _, err := stochastic.Interpret(e, in, stochastic.WithSizeLimit(9)); err != nil {
		t.Errorf("limit 9: unexpected error %v", err)
	}
}

func TestInterpretStats(t *testing.T) {
	f := diagram.Box{Name: "f", In: types(bitX), Out: types(bitX)}
	d := chain(f, 50)
	var stats stochastic.Stats
	_, err := stochastic.Interpret(d, stochastic.Map{"f": stochastic.Identity(bitX)}, stochastic.WithStats(&stats))
	if err != nil {
		t.Fatal(err)
	}
	if stats.MaxIntermediate == 0 || stats.MaxIntermediate > 8 {
		t.Errorf("chain of 50 bits: largest intermediate %d, want between 1 and 8", stats.MaxIntermediate)
	}
}

func TestInterpretUnknownHeuristic(t *testing.T) {
	_, err := stochastic.Interpret(diagram.Id(bitX), stochastic.Map{}, stochastic.WithHeuristic(stochastic.Heuristic(99)))
	if err == nil || !strings.Contains(err.Error(), "heuristic") {
		t.Errorf("got error %v, want one about the heuristic", err)
	}
}

// chain returns n copies of the box f : X -> X composed in sequence.
func chain(f diagram.Box, n int) diagram.Diagram {
	ds := make([]diagram.Diagram, n)
	for k := range ds {
		ds[k] = diagram.Gen(f)
	}
	return diagram.Then(ds...)
}

func TestInterpretLongChain(t *testing.T) {
	// 200 binary wires: the joint of all wires would have 2^200 entries.
	f := diagram.Box{Name: "f", In: types(bitX), Out: types(bitX)}
	fc := mustNew(t, types(bitX), types(bitX), 0.99, 0.01, 0.03, 0.97)
	d := chain(f, 199)

	want := stochastic.Identity(bitX)
	for k := 0; k < 199; k++ {
		want = stochastic.Then(want, fc)
	}
	for _, h := range stochastic.Heuristics {
		got, err := stochastic.Interpret(d, stochastic.Map{"f": fc}, stochastic.WithHeuristic(h))
		if err != nil {
			t.Fatalf("%v: %v", h, err)
		}
		if diff := cmp.Diff(want, got, stochastictest.Comparer(1e-12)); diff != "" {
			t.Errorf("%v: chain of 199 boxes (-want +got):\n%s", h, diff)
		}
	}
}
