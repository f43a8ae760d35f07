package stochastic

import (
	"fmt"
	"math"
	"strings"

	"github.com/markovcat/causal/diagram"
)

// numConfigs returns the number of joint states of ts, the product of their
// sizes. It returns an error when a type has no states or the product does
// not fit in an int.
func numConfigs(ts []diagram.Type) (int, error) {
	n := 1
	for _, t := range ts {
		k := t.Size()
		if k == 0 {
			return 0, fmt.Errorf("stochastic: type %s has no states, want at least one", t)
		}
		if n > math.MaxInt/k {
			return 0, fmt.Errorf("stochastic: the types %s have more than %d joint states", formatTypes(ts), math.MaxInt)
		}
		n *= k
	}
	return n, nil
}

// mustConfigs is numConfigs for the combinators, which panic on types that
// admit no channel.
func mustConfigs(op string, ts []diagram.Type) int {
	n, err := numConfigs(ts)
	if err != nil {
		invalidErr(op, err)
	}
	return n
}

// JointStates writes into x the state of each type of ts at the joint index
// idx, the inverse of JointIndex. x must have len(ts) elements and idx must be
// in [0, diagram.Size(ts)), but JointStates does not check either.
func JointStates(ts []diagram.Type, idx int, x []int) {
	for k := len(ts) - 1; k >= 0; k-- {
		n := ts[k].Size()
		x[k] = idx % n
		idx /= n
	}
}

// JointIndex returns the big-endian joint index of the states x of ts, in
// which the last type varies fastest. It is the row of a channel with inputs
// ts, or the column of one with outputs ts, that holds x. JointIndex does not
// check that the states are in range, but Channel.Prob does.
func JointIndex(ts []diagram.Type, x []int) int {
	idx := 0
	for k, t := range ts {
		idx = idx*t.Size() + x[k]
	}
	return idx
}

// configLabel returns the joint state idx of ts as "X=x, Y=y", or "I" for
// the unit.
func configLabel(ts []diagram.Type, idx int) string {
	if len(ts) == 0 {
		return "I"
	}
	x := make([]int, len(ts))
	JointStates(ts, idx, x)
	return assignmentLabel(ts, x)
}

// assignmentLabel returns the states x of ts as "X=x, Y=y".
func assignmentLabel(ts []diagram.Type, x []int) string {
	parts := make([]string, len(ts))
	for k, t := range ts {
		parts[k] = t.Name + "=" + t.States[x[k]]
	}
	return strings.Join(parts, ", ")
}

// formatTypes returns ts as "A ⊗ B", or "I" for the unit.
func formatTypes(ts []diagram.Type) string {
	if len(ts) == 0 {
		return "I"
	}
	parts := make([]string, len(ts))
	for k, t := range ts {
		parts[k] = t.String()
	}
	return strings.Join(parts, " ⊗ ")
}

// formatTypePair returns a and b as formatTypes does, or with the states of
// every type, as "X{0,1}", when they differ but their names read the same.
func formatTypePair(a, b []diagram.Type) (string, string) {
	fa, fb := formatTypes(a), formatTypes(b)
	if fa != fb || firstMismatch(a, b) < 0 {
		return fa, fb
	}
	return formatTypesLong(a), formatTypesLong(b)
}

// formatTypesLong returns ts as "A{a1,a2} ⊗ B{b1,b2}", or "I" for the unit.
func formatTypesLong(ts []diagram.Type) string {
	if len(ts) == 0 {
		return "I"
	}
	parts := make([]string, len(ts))
	for k, t := range ts {
		parts[k] = t.Name + "{" + strings.Join(t.States, ",") + "}"
	}
	return strings.Join(parts, " ⊗ ")
}

// cloneTypes returns a new slice holding the types of ts. The state lists
// inside the types are shared, because types are never modified in place.
func cloneTypes(ts []diagram.Type) []diagram.Type {
	if len(ts) == 0 {
		return nil
	}
	return append([]diagram.Type(nil), ts...)
}

// firstMismatch returns the first position at which a and b differ, or -1
// when they are equal.
func firstMismatch(a, b []diagram.Type) int {
	n := min(len(a), len(b))
	for k := 0; k < n; k++ {
		if !a[k].Equal(b[k]) {
			return k
		}
	}
	if len(a) != len(b) {
		return n
	}
	return -1
}

// mustMatch panics with a *diagram.TypeError when left and right differ.
func mustMatch(op, leftName string, left []diagram.Type, rightName string, right []diagram.Type) {
	pos := firstMismatch(left, right)
	if pos < 0 {
		return
	}
	panic(&diagram.TypeError{
		Op: op, Left: cloneTypes(left), Right: cloneTypes(right),
		LeftName: leftName, RightName: rightName, Pos: pos,
	})
}

// invalid panics with a *diagram.TypeError carrying a reason.
func invalid(op, format string, args ...any) {
	panic(&diagram.TypeError{Op: op, Reason: fmt.Sprintf(format, args...)})
}

// invalidErr panics with a *diagram.TypeError whose reason is the message
// of err without the package prefix, which the TypeError already names in
// its Op.
func invalidErr(op string, err error) {
	panic(&diagram.TypeError{Op: op, Reason: strings.TrimPrefix(err.Error(), "stochastic: ")})
}

// mustEntries panics with a *diagram.TypeError when a rows x cols matrix has
// more than math.MaxInt entries, which gonum cannot allocate.
func mustEntries(op string, rows, cols int) {
	if cols > 0 && rows > math.MaxInt/cols {
		invalid(op, "a %d x %d matrix has more than %d entries", rows, cols, math.MaxInt)
	}
}

// checkPositions returns an error unless every element of pos is a position
// of ts. When distinct is true a position may appear only once. The role
// names the positions in messages, such as "output".
func checkPositions(role string, pos []int, ts []diagram.Type, distinct bool) error {
	seen := make([]bool, len(ts))
	for _, p := range pos {
		if p < 0 || p >= len(ts) {
			return fmt.Errorf("stochastic: %s position %d is out of range, want 0 to %d for %s",
				role, p, len(ts)-1, formatTypes(ts))
		}
		if distinct && seen[p] {
			return fmt.Errorf("stochastic: %s position %d (%s) is listed twice", role, p, ts[p])
		}
		seen[p] = true
	}
	return nil
}

// pick returns ts[pos[0]], ts[pos[1]], ...
func pick(ts []diagram.Type, pos []int) []diagram.Type {
	out := make([]diagram.Type, len(pos))
	for k, p := range pos {
		out[k] = ts[p]
	}
	return out
}

// complement returns the positions 0..n-1 that are not in pos, in increasing
// order.
func complement(n int, pos []int) []int {
	in := make([]bool, n)
	for _, p := range pos {
		in[p] = true
	}
	var rest []int
	for k := 0; k < n; k++ {
		if !in[k] {
			rest = append(rest, k)
		}
	}
	return rest
}
