package diagram

import (
	"math"
	"strings"
)

// Type is a wire type: a finite set with a name and ordered state labels.
// A tensor product of types is a list of types, and the empty list is the
// monoidal unit.
//
// Copying a Type shares its States slice. Diagrams keep the types they are
// built from without copying the states, so States must not be modified
// once a type is in use.
type Type struct {
	Name   string
	States []string
}

// NewType returns the type called name with the given states in order.
// NewType panics with *TypeError when there are no states or a state label
// repeats; use CheckType first on labels read from input.
func NewType(name string, states ...string) Type {
	if err := CheckType(name, states...); err != nil {
		panic(err)
	}
	return Type{Name: name, States: append([]string(nil), states...)}
}

// CheckType returns a *TypeError when name and states do not make a valid
// type: at least one state, and no state label twice.
func CheckType(name string, states ...string) error {
	if len(states) == 0 {
		return &TypeError{Op: "NewType", Reason: "type " + quoteName(name) + " has no states"}
	}
	seen := make(map[string]bool, len(states))
	for _, s := range states {
		if seen[s] {
			return &TypeError{Op: "NewType", Reason: "type " + quoteName(name) + " lists state " + quoteName(s) + " twice"}
		}
		seen[s] = true
	}
	return nil
}

// Size returns the number of states of t.
func (t Type) Size() int { return len(t.States) }

// Index returns the position of state in t and whether t has that state.
func (t Type) Index(state string) (int, bool) {
	for i, s := range t.States {
		if s == state {
			return i, true
		}
	}
	return -1, false
}

// Equal reports whether t and u have the same name and the same states in
// the same order.
func (t Type) Equal(u Type) bool {
	if t.Name != u.Name || len(t.States) != len(u.States) {
		return false
	}
	for i, s := range t.States {
		if u.States[i] != s {
			return false
		}
	}
	return true
}

// String returns the name of t, or its states in braces when the name is
// empty.
func (t Type) String() string {
	if t.Name != "" {
		return t.Name
	}
	return t.long()
}

// long returns the name of t followed by its states in braces.
func (t Type) long() string {
	return t.Name + "{" + strings.Join(t.States, ",") + "}"
}

// EqualTypes reports whether a and b have the same length and equal types at
// every position.
func EqualTypes(a, b []Type) bool {
	return mismatch(a, b) < 0
}

// mismatch returns the first position at which a and b differ, or -1 when
// they are equal. A position past the end of the shorter list counts as a
// difference.
func mismatch(a, b []Type) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if !a[i].Equal(b[i]) {
			return i
		}
	}
	if len(a) != len(b) {
		return n
	}
	return -1
}

// Size returns the number of joint states of the tensor product ts, the
// product of the sizes. The unit has one joint state. A product larger
// than math.MaxInt returns math.MaxInt, so that comparing the result with a
// size limit stays correct.
func Size(ts []Type) int {
	n := 1
	for _, t := range ts {
		k := t.Size()
		if k == 0 {
			return 0
		}
		if n > math.MaxInt/k {
			n = math.MaxInt
			continue
		}
		n *= k
	}
	return n
}

// formatTypes writes ts as "A ⊗ B", or "I" for the unit. When long is true
// every type shows its states.
func formatTypes(ts []Type, long bool) string {
	if len(ts) == 0 {
		return "I"
	}
	parts := make([]string, len(ts))
	for i, t := range ts {
		if long {
			parts[i] = t.long()
		} else {
			parts[i] = t.String()
		}
	}
	return strings.Join(parts, " ⊗ ")
}

func quoteName(s string) string { return "\"" + s + "\"" }
