package stochastic_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/stochastic"
)

func mustNew(t *testing.T, in, out []diagram.Type, data ...float64) *stochastic.Channel {
	t.Helper()
	c, err := stochastic.New(in, out, data)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func types(ts ...diagram.Type) []diagram.Type { return ts }

func TestCombinatorsByHand(t *testing.T) {
	f := mustNew(t, types(bitX), types(bitY), 0.9, 0.1, 0.2, 0.8)
	g := mustNew(t, types(bitY), types(triZ), 0.5, 0.5, 0, 0, 0.25, 0.75)
	s := mustNew(t, nil, types(bitY), 0.3, 0.7)

	tests := []struct {
		name string
		got  *stochastic.Channel
		want []float64
	}{
		{"Then(f, g)", stochastic.Then(f, g), []float64{0.45, 0.475, 0.075, 0.1, 0.3, 0.6}},
		{"Tensor(f, s)", stochastic.Tensor(f, s), []float64{0.27, 0.63, 0.03, 0.07, 0.06, 0.14, 0.24, 0.56}},
		{"Tensor()", stochastic.Tensor(), []float64{1}},
		{"Identity(X)", stochastic.Identity(bitX), []float64{1, 0, 0, 1}},
		{"Identity()", stochastic.Identity(), []float64{1}},
		{"Swap(X, Z)", stochastic.Swap(types(bitX), types(triZ)), []float64{
			1, 0, 0, 0, 0, 0,
			0, 0, 1, 0, 0, 0,
			0, 0, 0, 0, 1, 0,
			0, 1, 0, 0, 0, 0,
			0, 0, 0, 1, 0, 0,
			0, 0, 0, 0, 0, 1,
		}},
		{"Copy(X, 2)", stochastic.Copy(bitX, 2), []float64{1, 0, 0, 0, 0, 0, 0, 1}},
		{"Copy(X, 1)", stochastic.Copy(bitX, 1), []float64{1, 0, 0, 1}},
		{"Copy(X, 0)", stochastic.Copy(bitX, 0), []float64{1, 1}},
		{"Discard(X, Z)", stochastic.Discard(bitX, triZ), []float64{1, 1, 1, 1, 1, 1}},
		{"Discard()", stochastic.Discard(), []float64{1}},
		{"Uniform(Z)", stochastic.Uniform(triZ), []float64{1.0 / 3, 1.0 / 3, 1.0 / 3}},
		{"Select(X, Y: Y, Y)", stochastic.Select(types(bitX, bitY), []int{1, 1}), []float64{
			1, 0, 0, 0,
			0, 0, 0, 1,
			1, 0, 0, 0,
			0, 0, 0, 1,
		}},
	}
	for _, test := range tests {
		wantEntries(t, test.name, test.got, test.want, 1e-15)
	}
}

func TestPermuteByHand(t *testing.T) {
	p := stochastic.Permute(types(bitX, bitY, triZ), []int{2, 0, 1})
	if got := p.Out(); !diagram.EqualTypes(got, types(triZ, bitX, bitY)) {
		t.Fatalf("Out() = %v, want Z, X, Y", got)
	}
	for i := 0; i < p.Rows(); i++ {
		x, y, z := i/6, i/3%2, i%3
		col := z*4 + x*2 + y
		for j := 0; j < p.Cols(); j++ {
			want := 0.0
			if j == col {
				want = 1
			}
			if got := p.At(i, j); got != want {
				t.Errorf("At(%d, %d) = %v, want %v", i, j, got, want)
			}
		}
	}
}

func TestCombinatorTypeErrors(t *testing.T) {
	f := stochastic.Identity(bitX)
	g := stochastic.Identity(triZ)
	tests := []struct {
		name string
		fn   func()
		want string
	}{
		{"Then mismatch", func() { stochastic.Then(f, g) }, "input types of g"},
		{"Permute not a permutation", func() { stochastic.Permute(types(bitX, bitY), []int{0, 0}) }, "listed twice"},
		{"Permute wrong length", func() { stochastic.Permute(types(bitX, bitY), []int{0}) }, "want 2"},
		{"Copy negative", func() { stochastic.Copy(bitX, -1) }, "-1 copies"},
		{"Select out of range", func() { stochastic.Select(types(bitX), []int{1}) }, "out of range"},
		{"Marginal out of range", func() { stochastic.Uniform(bitX).Marginal([]int{1}) }, "out of range"},
	}
	for _, test := range tests {
		err := diagram.Maybe(test.fn)
		var te *diagram.TypeError
		if !errors.As(err, &te) {
			t.Errorf("%s: got %v, want a *diagram.TypeError", test.name, err)
			continue
		}
		if !strings.Contains(err.Error(), test.want) {
			t.Errorf("%s: message %q does not contain %q", test.name, err.Error(), test.want)
		}
	}
}

func TestMarginalByHand(t *testing.T) {
	joint := mustNew(t, nil, types(bitX, bitY), 0.1, 0.2, 0.3, 0.4)
	tests := []struct {
		keep []int
		want []float64
	}{
		{[]int{0}, []float64{0.3, 0.7}},
		{[]int{1}, []float64{0.4, 0.6}},
		{[]int{1, 0}, []float64{0.1, 0.3, 0.2, 0.4}},
		{[]int{0, 1}, []float64{0.1, 0.2, 0.3, 0.4}},
		{nil, []float64{1}},
		{[]int{1, 1}, []float64{0.4, 0, 0, 0.6}},
	}
	for _, test := range tests {
		wantEntries(t, "Marginal", joint.Marginal(test.keep), test.want, 1e-15)
	}
}

func TestConditionByHand(t *testing.T) {
	joint := mustNew(t, nil, types(bitX, bitY), 0.1, 0.2, 0.3, 0.4)
	c, err := joint.Condition([]int{1}, []int{1})
	if err != nil {
		t.Fatal(err)
	}
	wantEntries(t, "joint given Y=1", c, []float64{0, 1.0 / 3, 0, 2.0 / 3}, 1e-15)

	f := mustNew(t, types(bitX), types(bitY, triZ),
		0.1, 0.1, 0.2, 0.2, 0.2, 0.2,
		0.5, 0, 0, 0, 0.25, 0.25)
	c, err = f.Condition([]int{1}, []int{2})
	if err != nil {
		t.Fatal(err)
	}
	wantEntries(t, "channel given Z=c", c, []float64{
		0, 0, 0.5, 0, 0, 0.5,
		0, 0, 0, 0, 0, 1,
	}, 1e-15)
}

func TestConditionZeroProbability(t *testing.T) {
	joint := mustNew(t, nil, types(bitX, bitY), 0, 0.5, 0.5, 0)
	_, err := joint.Condition([]int{0, 1}, []int{0, 0})
	var zp *stochastic.ZeroProbabilityError
	if !errors.As(err, &zp) {
		t.Fatalf("got error %v, want a *ZeroProbabilityError", err)
	}
	if zp.Event != "X=0, Y=0" {
		t.Errorf("got event %q, want %q", zp.Event, "X=0, Y=0")
	}
	if want := "conditioning on X=0, Y=0 of probability 0"; !strings.Contains(err.Error(), want) {
		t.Errorf("message %q does not contain %q", err.Error(), want)
	}

	f := mustNew(t, types(bitX), types(bitY), 1, 0, 0.5, 0.5)
	_, err = f.Condition([]int{0}, []int{1})
	if !errors.As(err, &zp) {
		t.Fatalf("channel: got error %v, want a *ZeroProbabilityError", err)
	}
	if zp.Event != "Y=1" || zp.Input != "X=0" {
		t.Errorf("got event %q given %q, want Y=1 given X=0", zp.Event, zp.Input)
	}
}

func TestConditionInvalidEvent(t *testing.T) {
	joint := mustNew(t, nil, types(bitX, bitY), 0.1, 0.2, 0.3, 0.4)
	tests := []struct {
		name   string
		pos    []int
		states []int
		want   string
	}{
		{"position out of range", []int{2}, []int{0}, "position 2 is out of range"},
		{"state out of range", []int{1}, []int{2}, "state 2 of Y"},
		{"position twice", []int{0, 0}, []int{1, 1}, "listed twice"},
		{"lengths differ", []int{0}, nil, "1 positions and 0 states"},
	}
	for _, test := range tests {
		_, err := joint.Condition(test.pos, test.states)
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("%s: got error %v, want one containing %q", test.name, err, test.want)
		}
	}
}

func TestUpdateFuzzyPredicate(t *testing.T) {
	s := mustNew(t, nil, types(bitX), 0.5, 0.5)
	e, err := stochastic.NewEffect(types(bitX), []float64{0.2, 0.6})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Validity(e); len(got) != 1 || got[0] != 0.4 {
		t.Errorf("Validity = %v, want [0.4]", got)
	}
	u, err := s.Update(e)
	if err != nil {
		t.Fatal(err)
	}
	wantEntries(t, "update", u, []float64{0.25, 0.75}, 1e-15)

	_, err = stochastic.NewEffect(types(bitX), []float64{0.2, 1.5})
	if err == nil || !strings.Contains(err.Error(), "column 1 (X=1) is 1.5, want a number in [0, 1]") {
		t.Errorf("effect above 1: got error %v, want one naming column 1", err)
	}
	zero, _ := stochastic.NewEffect(types(bitX), []float64{0, 0})
	_, err = s.Update(zero)
	if err == nil || !strings.Contains(err.Error(), "an effect on X of probability 0") {
		t.Errorf("zero effect: got error %v, want a zero-probability error", err)
	}
}

func TestDisintegrateByHand(t *testing.T) {
	joint := mustNew(t, nil, types(bitX, bitY), 0.1, 0.2, 0.3, 0.4)
	m, c, err := stochastic.Disintegrate(joint, []int{1})
	if err != nil {
		t.Fatal(err)
	}
	wantEntries(t, "marginal on Y", m, []float64{0.4, 0.6}, 1e-15)
	wantEntries(t, "X given Y", c, []float64{0.25, 0.75, 1.0 / 3, 2.0 / 3}, 1e-15)
	if !diagram.EqualTypes(c.In(), types(bitY)) || !diagram.EqualTypes(c.Out(), types(bitX)) {
		t.Errorf("conditional has types %v -> %v, want Y -> X", c.In(), c.Out())
	}

	// Where the marginal is 0 the conditional row is uniform.
	sparse := mustNew(t, nil, types(bitX, bitY), 0.5, 0, 0.5, 0)
	m, c, err = stochastic.Disintegrate(sparse, []int{1})
	if err != nil {
		t.Fatal(err)
	}
	wantEntries(t, "sparse marginal", m, []float64{1, 0}, 1e-15)
	wantEntries(t, "sparse conditional", c, []float64{0.5, 0.5, 0.5, 0.5}, 1e-15)

	// A channel X -> Y ⊗ Z disintegrated along Z: the conditional is X ⊗ Z -> Y.
	f := mustNew(t, types(bitX), types(bitY, triZ),
		0.1, 0.1, 0.2, 0.2, 0.2, 0.2,
		0.5, 0, 0, 0, 0.25, 0.25)
	m, c, err = stochastic.Disintegrate(f, []int{1})
	if err != nil {
		t.Fatal(err)
	}
	wantEntries(t, "channel marginal", m, []float64{0.3, 0.3, 0.4, 0.5, 0.25, 0.25}, 1e-15)
	wantEntries(t, "channel conditional", c, []float64{
		1.0 / 3, 2.0 / 3, 1.0 / 3, 2.0 / 3, 0.5, 0.5,
		1, 0, 0, 1, 0, 1,
	}, 1e-15)

	if _, _, err := stochastic.Disintegrate(f, []int{2}); err == nil {
		t.Errorf("position out of range: got no error")
	}
}

func TestBayesInvertByHand(t *testing.T) {
	// A rare condition X and an imperfect test Y.
	prior := mustNew(t, nil, types(bitX), 0.99, 0.01)
	test := mustNew(t, types(bitX), types(bitY), 0.95, 0.05, 0.1, 0.9)
	inv, err := stochastic.BayesInvert(test, prior)
	if err != nil {
		t.Fatal(err)
	}
	wantEntries(t, "X given Y", inv, []float64{
		0.9405 / 0.9415, 0.001 / 0.9415,
		0.0495 / 0.0585, 0.009 / 0.0585,
	}, 1e-15)

	_, err = stochastic.BayesInvert(test, test)
	if err == nil || !strings.Contains(err.Error(), "want a state I -> X") {
		t.Errorf("prior with inputs: got error %v, want one asking for a state on X", err)
	}
}

func TestEqualApprox(t *testing.T) {
	a := mustNew(t, nil, types(bitX), 0.5, 0.5)
	b := mustNew(t, nil, types(bitX), 0.5+1e-12, 0.5-1e-12)
	c := mustNew(t, nil, types(bitY), 0.5, 0.5)
	if !stochastic.EqualApprox(a, b, 1e-9) {
		t.Errorf("EqualApprox(a, b) = false for entries 1e-12 apart")
	}
	if stochastic.EqualApprox(a, stochastic.Point(bitX, 0), 1e-9) {
		t.Errorf("EqualApprox(a, point) = true, want false")
	}
	if stochastic.EqualApprox(a, c, 1e-9) {
		t.Errorf("EqualApprox on different types = true, want false")
	}
}
