package stochastic_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/stochastic"
)

func TestNewStoresNegativeZeroAsZero(t *testing.T) {
	c, err := stochastic.NewState(types(bitX), []float64{math.Copysign(0, -1), 1})
	if err != nil {
		t.Fatalf("NewState(-0, 1): %v", err)
	}
	if math.Signbit(c.At(0, 0)) {
		t.Errorf("entry 0 is -0, want +0")
	}
	if s := c.String(); strings.Contains(s, "-0.0000") {
		t.Errorf("String() = %q, want no -0.0000", s)
	}
}

func TestPositionPanicHasOnePrefix(t *testing.T) {
	c := stochastic.Uniform(bitX)
	tests := []struct {
		name string
		fn   func()
	}{
		{"Marginal", func() { c.Marginal([]int{1}) }},
		{"Select", func() { stochastic.Select(types(bitX), []int{1}) }},
		{"Permute", func() { stochastic.Permute(types(bitX, bitY), []int{0, 0}) }},
	}
	for _, test := range tests {
		err := diagram.Maybe(test.fn)
		var te *diagram.TypeError
		if !errors.As(err, &te) {
			t.Errorf("%s: got %v, want a *diagram.TypeError", test.name, err)
			continue
		}
		if strings.Contains(err.Error(), "stochastic: ") {
			t.Errorf("%s: message %q repeats the package prefix inside the reason", test.name, err)
		}
	}
}

func TestInterpretNaiveOverLimitIsError(t *testing.T) {
	s := diagram.Box{Name: "s", Out: types(bitX)}
	in := stochastic.Map{"s": stochastic.Uniform(bitX)}
	tests := []struct {
		name string
		d    diagram.Diagram
	}{
		{"hundred copies", diagram.Then(diagram.Gen(s), diagram.Copy(bitX, 100))},
		{"identity on 40 wires", diagram.Id(repeatType(bitX, 40)...)},
	}
	for _, test := range tests {
		var err error
		panicErr := diagram.Maybe(func() { _, err = stochastic.InterpretNaive(test.d, in) })
		if panicErr != nil {
			t.Errorf("%s: InterpretNaive panicked: %v", test.name, panicErr)
			continue
		}
		var se *stochastic.SizeLimitError
		if !errors.As(err, &se) {
			t.Errorf("%s: got error %v, want a *SizeLimitError", test.name, err)
		}
	}
}

// A bit copied to many outputs is a channel whose entries are all 0 but one
// per row. Interpret must read it from the contracted factor over the one
// copied wire, in one pass over that factor, not over the result: the read
// over every entry of the result took about 4 s for 23 copies. The checks
// here count work without a clock: the contraction forms 2 entries, and
// Interpret makes as many allocations for 16 copies as for 2.
//
// NOTE: a read over every entry that allocates nothing, as that slow read
// did, passes these checks; BenchmarkInterpretCopiedOutputs shows its time.
func TestInterpretCopiedOutputs(t *testing.T) {
	const copies = 16
	d := diagram.Copy(bitX, copies)
	var stats stochastic.Stats
	c, err := stochastic.Interpret(d, nil, stochastic.WithStats(&stats))
	if err != nil {
		t.Fatal(err)
	}
	// By enumeration: the entry for input x and outputs y is 1 when every
	// output equals x, and 0 otherwise.
	for x := range 2 {
		for y := range c.Cols() {
			want := 0.0
			if (x == 0 && y == 0) || (x == 1 && y == c.Cols()-1) {
				want = 1
			}
			if got := c.At(x, y); got != want {
				t.Fatalf("entry (X=%d, outputs %0*b) = %v, want %v", x, copies, y, got, want)
			}
		}
	}
	if stats.MaxIntermediate != 2 {
		t.Errorf("contraction formed a tensor of %d entries, want 2 (the copied wire alone)", stats.MaxIntermediate)
	}
	allocs := func(copies int) float64 {
		d := diagram.Copy(bitX, copies)
		return testing.AllocsPerRun(5, func() {
			if _, err := stochastic.Interpret(d, nil); err != nil {
				t.Fatal(err)
			}
		})
	}
	// A few allocations of slack for runtime noise; one per entry of the
	// result would be 2^17 more.
	if few, many := allocs(2), allocs(copies); many > few+8 {
		t.Errorf("Interpret made %.0f allocations for %d copies and %.0f for 2, want about as many", many, copies, few)
	}
}

// BenchmarkInterpretCopiedOutputs interprets a bit copied to n outputs, a
// channel of 2^(n+1) entries of which 2 are not zero.
func BenchmarkInterpretCopiedOutputs(b *testing.B) {
	for _, copies := range []int{16, 23} {
		b.Run(fmt.Sprintf("copies=%d", copies), func(b *testing.B) {
			d := diagram.Copy(bitX, copies)
			for b.Loop() {
				if _, err := stochastic.Interpret(d, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestBoxTypeErrorShowsStates(t *testing.T) {
	yesNo := diagram.NewType("X", "no", "yes")
	f := diagram.Box{Name: "f", Out: types(bitX)}
	_, boxErr := stochastic.Interpret(diagram.Gen(f), stochastic.Map{"f": stochastic.Uniform(yesNo)})
	_, priorErr := stochastic.BayesInvert(stochastic.Identity(bitX), stochastic.Uniform(yesNo))
	tests := []struct {
		name string
		err  error
	}{
		{"channel on X{no,yes} for a box on X{0,1}", boxErr},
		{"prior on X{no,yes} for a channel from X{0,1}", priorErr},
	}
	for _, test := range tests {
		if test.err == nil {
			t.Errorf("%s: got no error", test.name)
			continue
		}
		for _, states := range []string{"X{no,yes}", "X{0,1}"} {
			if !strings.Contains(test.err.Error(), states) {
				t.Errorf("%s: message %q does not contain %s", test.name, test.err, states)
			}
		}
	}
}

func TestToleranceAsDocumented(t *testing.T) {
	if stochastic.Tolerance != 1e-6 {
		t.Errorf("Tolerance = %v, want 1e-6 as documented", stochastic.Tolerance)
	}
	tests := []struct {
		name   string
		p      []float64
		reject bool
	}{
		{"four decimals", []float64{0.3333, 0.3333, 0.3333}, true},
		{"seven decimals", []float64{0.3333333, 0.3333333, 0.3333333}, false},
		{"sum 1+1e-7", []float64{0.5, 0.2, 0.3 + 1e-7}, false},
		{"sum 1-1e-7", []float64{0.5, 0.2, 0.3 - 1e-7}, false},
		{"sum 1+1e-3", []float64{0.5, 0.2, 0.301}, true},
		{"sum 1-1e-3", []float64{0.5, 0.2, 0.299}, true},
		{"entry -1e-18", []float64{-1e-18, 0.5, 0.5}, true},
	}
	for _, test := range tests {
		c, err := stochastic.NewState(types(triZ), test.p)
		if test.reject {
			var re *stochastic.RowError
			if !errors.As(err, &re) {
				t.Errorf("%s: got error %v, want a *RowError", test.name, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: unexpected error %v", test.name, err)
			continue
		}
		if sum := c.At(0, 0) + c.At(0, 1) + c.At(0, 2); math.Abs(sum-1) > 1e-15 {
			t.Errorf("%s: renormalised row sums to %v, want 1", test.name, sum)
		}
	}
}

func TestInterpretRepeatedAndPassedOutputs(t *testing.T) {
	// d : X -> Z ⊗ X ⊗ Z ⊗ X draws Z from s and outputs Z, the input, Z
	// again and the input again.
	s := diagram.Box{Name: "s", Out: types(triZ)}
	d := diagram.Then(diagram.Tensor(diagram.Id(bitX), diagram.Gen(s)),
		diagram.Select(types(bitX, triZ), []int{1, 0, 1, 0}))
	ps := []float64{0.2, 0.3, 0.5}
	in := stochastic.Map{"s": mustNew(t, nil, types(triZ), ps...)}

	// The entry for input x and outputs (z, x1, z2, x2) is ps[z] when
	// x1 = x2 = x and z2 = z, and 0 otherwise.
	var want []float64
	for x := 0; x < 2; x++ {
		for z := 0; z < 3; z++ {
			for x1 := 0; x1 < 2; x1++ {
				for z2 := 0; z2 < 3; z2++ {
					for x2 := 0; x2 < 2; x2++ {
						v := 0.0
						if x1 == x && x2 == x && z2 == z {
							v = ps[z]
						}
						want = append(want, v)
					}
				}
			}
		}
	}
	for name, interpret := range interpreters {
		got, err := interpret(d, in)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		wantEntries(t, name, got, want, 1e-15)
	}
}

func TestIdentityOverflowIsTypeError(t *testing.T) {
	err := diagram.Maybe(func() { stochastic.Identity(repeatType(bitX, 40)...) })
	var te *diagram.TypeError
	if !errors.As(err, &te) {
		t.Errorf("Identity on 40 bits: got %v, want a *diagram.TypeError", err)
	}
}

// repeatType returns n copies of t.
func repeatType(t diagram.Type, n int) []diagram.Type {
	ts := make([]diagram.Type, n)
	for k := range ts {
		ts[k] = t
	}
	return ts
}
