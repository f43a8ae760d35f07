package diagram_test

import (
	"math"
	"testing"

	"github.com/markovcat/causal/diagram"
)

func TestType(t *testing.T) {
	smoke := diagram.NewType("smoke", "no", "yes")
	tests := []struct {
		name  string
		state string
		want  int
		ok    bool
	}{
		{"first", "no", 0, true},
		{"second", "yes", 1, true},
		{"missing", "maybe", -1, false},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			got, ok := smoke.Index(test.state)
			if got != test.want || ok != test.ok {
				t.Errorf("Index(%q) = %d, %v, want %d, %v", test.state, got, ok, test.want, test.ok)
			}
		})
	}
	if got := smoke.Size(); got != 2 {
		t.Errorf("Size() = %d, want 2", got)
	}
	if got := smoke.String(); got != "smoke" {
		t.Errorf("String() = %q, want %q", got, "smoke")
	}
	if got := (diagram.Type{States: []string{"a", "b"}}).String(); got != "{a,b}" {
		t.Errorf("String() of unnamed type = %q, want %q", got, "{a,b}")
	}
}

func TestTypeEqual(t *testing.T) {
	a := diagram.NewType("X", "0", "1")
	tests := []struct {
		name string
		b    diagram.Type
		want bool
	}{
		{"same", diagram.NewType("X", "0", "1"), true},
		{"other name", diagram.NewType("Y", "0", "1"), false},
		{"other order", diagram.NewType("X", "1", "0"), false},
		{"more states", diagram.NewType("X", "0", "1", "2"), false},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			if got := a.Equal(test.b); got != test.want {
				t.Errorf("Equal = %v, want %v", got, test.want)
			}
		})
	}
}

func TestNewTypeInvalid(t *testing.T) {
	tests := []struct {
		name   string
		states []string
		want   string
	}{
		{"no states", nil, `diagram: NewType: type "X" has no states`},
		{"repeated state", []string{"a", "b", "a"}, `diagram: NewType: type "X" lists state "a" twice`},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			err := diagram.CheckType("X", test.states...)
			if err == nil || err.Error() != test.want {
				t.Errorf("CheckType error = %v, want %s", err, test.want)
			}
			err = diagram.Maybe(func() { diagram.NewType("X", test.states...) })
			if err == nil || err.Error() != test.want {
				t.Errorf("NewType panic = %v, want %s", err, test.want)
			}
		})
	}
}

func TestNewTypeCopiesStates(t *testing.T) {
	states := []string{"a", "b"}
	x := diagram.NewType("X", states...)
	states[0] = "z"
	if x.States[0] != "a" {
		t.Errorf("NewType shares the caller's slice: state 0 is %q", x.States[0])
	}
}

func TestSize(t *testing.T) {
	a := diagram.NewType("A", "0", "1")
	b := diagram.NewType("B", "0", "1", "2")
	if got := diagram.Size([]diagram.Type{a, b, a}); got != 12 {
		t.Errorf("Size(A, B, A) = %d, want 12", got)
	}
	if got := diagram.Size(nil); got != 1 {
		t.Errorf("Size of the unit = %d, want 1", got)
	}
	many := make([]diagram.Type, 200)
	for i := range many {
		many[i] = a
	}
	if got := diagram.Size(many); got != math.MaxInt {
		t.Errorf("Size of 200 binary types = %d, want math.MaxInt", got)
	}
	if got := diagram.Size(append(many, diagram.Type{Name: "empty"})); got != 0 {
		t.Errorf("Size with an empty type = %d, want 0", got)
	}
}
