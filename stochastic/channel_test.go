package stochastic_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/stochastic"
)

var (
	bitX = diagram.NewType("X", "0", "1")
	bitY = diagram.NewType("Y", "0", "1")
	triZ = diagram.NewType("Z", "a", "b", "c")
)

// entries returns the matrix of c in row-major order.
func entries(c *stochastic.Channel) []float64 {
	var v []float64
	for i := 0; i < c.Rows(); i++ {
		v = append(v, c.Row(i)...)
	}
	return v
}

// wantEntries fails t unless c has the given row-major entries within tol.
func wantEntries(t *testing.T, name string, c *stochastic.Channel, want []float64, tol float64) {
	t.Helper()
	got := entries(c)
	if len(got) != len(want) {
		t.Errorf("%s: got %d entries %v, want %d %v", name, len(got), got, len(want), want)
		return
	}
	for k := range got {
		if math.Abs(got[k]-want[k]) > tol {
			t.Errorf("%s: got entries %v, want %v", name, got, want)
			return
		}
	}
}

func TestNewValid(t *testing.T) {
	c, err := stochastic.New([]diagram.Type{bitX}, []diagram.Type{triZ}, []float64{
		0.2, 0.3, 0.5,
		1, 0, 0,
	})
	if err != nil {
		t.Fatalf("New: unexpected error %v", err)
	}
	if c.Rows() != 2 || c.Cols() != 3 {
		t.Errorf("got shape %dx%d, want 2x3", c.Rows(), c.Cols())
	}
	if got := c.Prob([]int{0}, []int{2}); got != 0.5 {
		t.Errorf("Prob(X=0 -> Z=c) = %v, want 0.5", got)
	}
	if got := c.At(1, 0); got != 1 {
		t.Errorf("At(1, 0) = %v, want 1", got)
	}
	if got := c.In(); len(got) != 1 || !got[0].Equal(bitX) {
		t.Errorf("In() = %v, want [X]", got)
	}
	if got := c.Out(); len(got) != 1 || !got[0].Equal(triZ) {
		t.Errorf("Out() = %v, want [Z]", got)
	}
}

func TestNewCopiesData(t *testing.T) {
	data := []float64{0.5, 0.5}
	c, err := stochastic.NewState([]diagram.Type{bitX}, data)
	if err != nil {
		t.Fatal(err)
	}
	data[0] = 7
	if got := c.At(0, 0); got != 0.5 {
		t.Errorf("after changing the input slice At(0, 0) = %v, want 0.5", got)
	}
	row := c.Row(0)
	row[0] = 7
	if got := c.At(0, 0); got != 0.5 {
		t.Errorf("after changing Row's result At(0, 0) = %v, want 0.5", got)
	}
}

func TestNewRenormalisesWithinTolerance(t *testing.T) {
	c, err := stochastic.NewState([]diagram.Type{triZ}, []float64{0.3333333, 0.3333333, 0.3333333})
	if err != nil {
		t.Fatalf("NewState: unexpected error %v", err)
	}
	wantEntries(t, "renormalised", c, []float64{1.0 / 3, 1.0 / 3, 1.0 / 3}, 1e-15)
	sum := c.At(0, 0) + c.At(0, 1) + c.At(0, 2)
	if math.Abs(sum-1) > 1e-15 {
		t.Errorf("row sum = %v, want 1", sum)
	}
}

func TestNewRowErrors(t *testing.T) {
	in := []diagram.Type{bitX, bitY}
	out := []diagram.Type{bitX}
	tests := []struct {
		name    string
		data    []float64
		row     int
		col     int
		message []string
	}{
		{
			name:    "negative entry",
			data:    []float64{1, 0, 1, 0, 0.5, 0.5, 1.1, -0.1},
			row:     3,
			col:     1,
			message: []string{"row 3 (X=1, Y=1)", "column 1 (X=1)", "-0.1", "[0, 1]"},
		},
		{
			name:    "NaN entry",
			data:    []float64{1, 0, math.NaN(), 1, 0.5, 0.5, 1, 0},
			row:     1,
			col:     0,
			message: []string{"row 1 (X=0, Y=1)", "NaN"},
		},
		{
			name:    "infinite entry",
			data:    []float64{1, 0, 1, 0, math.Inf(1), 0, 1, 0},
			row:     2,
			col:     0,
			message: []string{"row 2 (X=1, Y=0)", "+Inf"},
		},
		{
			name:    "row sum too small",
			data:    []float64{1, 0, 0.5, 0.4, 0.5, 0.5, 1, 0},
			row:     1,
			col:     -1,
			message: []string{"row 1 (X=0, Y=1) sums to 0.9", "want 1 within 1e-06"},
		},
		{
			name:    "row sum just beyond tolerance",
			data:    []float64{1, 0, 1, 0, 0.5, 0.500002, 1, 0},
			row:     2,
			col:     -1,
			message: []string{"row 2 (X=1, Y=0) sums to 1.000002"},
		},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			_, err := stochastic.New(in, out, test.data)
			var re *stochastic.RowError
			if !errors.As(err, &re) {
				t.Fatalf("got error %v, want a *RowError", err)
			}
			if re.Row != test.row {
				t.Errorf("got row %d, want %d", re.Row, test.row)
			}
			if re.Col != test.col {
				t.Errorf("got column %d, want %d", re.Col, test.col)
			}
			for _, part := range test.message {
				if !strings.Contains(err.Error(), part) {
					t.Errorf("message %q does not contain %q", err.Error(), part)
				}
			}
		})
	}
}

func TestNewStateRowError(t *testing.T) {
	_, err := stochastic.NewState([]diagram.Type{bitX}, []float64{0.2, 0.2})
	if err == nil || !strings.Contains(err.Error(), "the state sums to 0.4") {
		t.Errorf("got error %v, want one saying the state sums to 0.4", err)
	}
}

func TestNormalizeRowErrors(t *testing.T) {
	tests := []struct {
		name    string
		p       []float64
		entry   int
		value   float64
		message string
	}{
		{"negative entry", []float64{1.1, -0.1}, 1, -0.1,
			"entry 1 is negative (-0.1), want a probability in [0, 1]"},
		{"tiny negative entry", []float64{-1e-18, 0.5, 0.5}, 0, -1e-18,
			"entry 0 is negative (-1e-18), want a probability in [0, 1]"},
		{"NaN entry", []float64{0.5, 0.5, math.NaN()}, 2, math.NaN(),
			"entry 2 is NaN, want a probability in [0, 1]"},
		{"positive infinity", []float64{math.Inf(1), 0}, 0, math.Inf(1),
			"entry 0 is +Inf, want a probability in [0, 1]"},
		{"negative infinity", []float64{1, math.Inf(-1)}, 1, math.Inf(-1),
			"entry 1 is -Inf, want a probability in [0, 1]"},
		{"sum too small", []float64{0.2, 0.7}, -1, 0.8999999999999999,
			"entries sum to 0.8999999999999999, want 1 within 1e-06"},
		{"sum just beyond tolerance", []float64{0.5, 0.5 + 0x1p-19}, -1, 1 + 0x1p-19,
			"entries sum to 1.0000019073486328, want 1 within 1e-06"},
		{"sum overflows", []float64{math.MaxFloat64, math.MaxFloat64}, -1, math.Inf(1),
			"entries sum to +Inf, want 1 within 1e-06"},
		{"empty row", nil, -1, 0, "entries sum to 0, want 1 within 1e-06"},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			p := append([]float64(nil), test.p...)
			err := stochastic.NormalizeRow(p)
			var de *stochastic.DistributionError
			if !errors.As(err, &de) {
				t.Fatalf("got error %v, want a *DistributionError", err)
			}
			if de.Entry != test.entry {
				t.Errorf("got entry %d, want %d", de.Entry, test.entry)
			}
			if de.Value != test.value && !(math.IsNaN(de.Value) && math.IsNaN(test.value)) {
				t.Errorf("got value %v, want %v", de.Value, test.value)
			}
			if err.Error() != test.message {
				t.Errorf("got message %q, want %q", err.Error(), test.message)
			}
			for k := range p {
				if math.Float64bits(p[k]) != math.Float64bits(test.p[k]) {
					t.Errorf("entry %d changed from %v to %v on error", k, test.p[k], p[k])
				}
			}
		})
	}
}

func TestNormalizeRowRenormalises(t *testing.T) {
	p := []float64{0.5, 0.2, 0.3 + 1e-7}
	sum := p[0] + p[1] + p[2]
	want := []float64{p[0] / sum, p[1] / sum, p[2] / sum}
	if err := stochastic.NormalizeRow(p); err != nil {
		t.Fatalf("NormalizeRow: %v", err)
	}
	for k := range p {
		if p[k] != want[k] {
			t.Errorf("entry %d: got %v, want %v", k, p[k], want[k])
		}
	}

	q := []float64{math.Copysign(0, -1), 0.25, 0.75}
	if err := stochastic.NormalizeRow(q); err != nil {
		t.Fatalf("NormalizeRow(-0, 0.25, 0.75): %v", err)
	}
	if math.Signbit(q[0]) {
		t.Errorf("entry 0 is -0, want +0")
	}
	if q[1] != 0.25 || q[2] != 0.75 {
		t.Errorf("row summing to 1 changed to %v, want [0 0.25 0.75]", q)
	}
}

// TestNormalizeRowMatchesNewState checks that NormalizeRow and NewState
// accept the same rows and agree on the renormalised entries.
func TestNormalizeRowMatchesNewState(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := rapid.SliceOfN(rapid.Float64Range(0, 1), 3, 3).Draw(t, "p")
		scale := rapid.Float64Range(0.999998, 1.000002).Draw(t, "scale")
		total := p[0] + p[1] + p[2]
		if total == 0 {
			t.Skip("all entries are zero")
		}
		for k := range p {
			p[k] = p[k] / total * scale
		}
		sum := p[0] + p[1] + p[2]
		c, errState := stochastic.NewState([]diagram.Type{triZ}, p)
		q := append([]float64(nil), p...)
		errRow := stochastic.NormalizeRow(q)
		if wantErr := math.Abs(sum-1) > stochastic.Tolerance; (errRow != nil) != wantErr {
			t.Fatalf("NormalizeRow(%v) with sum %v: got error %v, want error %v", p, sum, errRow, wantErr)
		}
		if (errState != nil) != (errRow != nil) {
			t.Fatalf("NewState error %v, NormalizeRow error %v", errState, errRow)
		}
		if errRow != nil {
			return
		}
		for k := range q {
			if got := c.At(0, k); got != q[k] {
				t.Fatalf("entry %d: NewState gives %v, NormalizeRow %v", k, got, q[k])
			}
			if want := p[k] / sum; q[k] != want {
				t.Fatalf("entry %d: got %v, want %v", k, q[k], want)
			}
		}
	})
}

func TestNewShapeErrors(t *testing.T) {
	_, err := stochastic.New([]diagram.Type{bitX}, []diagram.Type{triZ}, []float64{1, 0, 0})
	if err == nil || !strings.Contains(err.Error(), "want 6 (2 rows of 3)") {
		t.Errorf("wrong length: got error %v, want one asking for 6 numbers", err)
	}
	empty := diagram.Type{Name: "E"}
	_, err = stochastic.New([]diagram.Type{empty}, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "type E has no states") {
		t.Errorf("type without states: got error %v, want one naming type E", err)
	}
}

func TestPoint(t *testing.T) {
	wantEntries(t, "Point(Z, 1)", stochastic.Point(triZ, 1), []float64{0, 1, 0}, 0)
	err := diagram.Maybe(func() { stochastic.Point(triZ, 3) })
	if err == nil || !strings.Contains(err.Error(), "state 3 of type Z is out of range") {
		t.Errorf("Point(Z, 3): got error %v, want an out-of-range error", err)
	}
}

func TestFromFunc(t *testing.T) {
	// XOR of two bits.
	c, err := stochastic.FromFunc([]diagram.Type{bitX, bitY}, []diagram.Type{bitX}, func(x []int) []int {
		return []int{x[0] ^ x[1]}
	})
	if err != nil {
		t.Fatal(err)
	}
	wantEntries(t, "xor", c, []float64{1, 0, 0, 1, 0, 1, 1, 0}, 0)
	if !c.IsDeterministic() {
		t.Errorf("xor: IsDeterministic() = false, want true")
	}

	_, err = stochastic.FromFunc([]diagram.Type{bitX}, []diagram.Type{bitY}, func(x []int) []int {
		return []int{x[0] + 1}
	})
	if err == nil || !strings.Contains(err.Error(), "state 2 of Y for input X=1") {
		t.Errorf("out-of-range state: got error %v, want one naming Y and X=1", err)
	}
}

func TestIsDeterministic(t *testing.T) {
	if stochastic.Uniform(bitX).IsDeterministic() {
		t.Errorf("Uniform(X).IsDeterministic() = true, want false")
	}
	if !stochastic.Copy(triZ, 3).IsDeterministic() {
		t.Errorf("Copy(Z, 3).IsDeterministic() = false, want true")
	}
}

func TestString(t *testing.T) {
	c, err := stochastic.New([]diagram.Type{bitX}, []diagram.Type{bitY}, []float64{0.9, 0.1, 0.25, 0.75})
	if err != nil {
		t.Fatal(err)
	}
	want := "X -> Y\nX=0: 0.9000 0.1000\nX=1: 0.2500 0.7500\n"
	if got := c.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
