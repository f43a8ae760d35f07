package diagram

import (
	"fmt"
	"strings"
)

// TypeError describes an ill-formed composition: two type lists that had to
// agree and did not, or an invalid argument such as a permutation that is not
// one. Constructors panic with a *TypeError; Maybe turns the panic into an
// error.
type TypeError struct {
	// Op is the operation that failed, such as "Then" or "Permute".
	Op string

	// Left and Right are the type lists that had to be equal, for example the
	// output types of the first diagram and the input types of the second in
	// Then. Both are nil when the failure is not a type mismatch.
	Left, Right []Type

	// LeftName and RightName describe Left and Right.
	LeftName, RightName string

	// Pos is the first position at which Left and Right differ.
	Pos int

	// Reason describes a failure that is not a type mismatch.
	Reason string
}

// Error returns a message that names both type lists and the first position
// at which they differ.
func (e *TypeError) Error() string {
	if e.Reason != "" {
		return "diagram: " + e.Op + ": " + e.Reason
	}
	var b strings.Builder
	long := e.ambiguous()
	fmt.Fprintf(&b, "diagram: %s: %s (%s) differ from %s (%s) at position %d: ",
		e.Op, e.LeftName, formatTypes(e.Left, long), e.RightName, formatTypes(e.Right, long), e.Pos)
	if e.Pos < len(e.Left) && e.Pos < len(e.Right) {
		fmt.Fprintf(&b, "%s is not %s", e.Left[e.Pos].long(), e.Right[e.Pos].long())
	} else {
		fmt.Fprintf(&b, "%s have %s, %s have %d", e.LeftName, plural(len(e.Left), "type"), e.RightName, len(e.Right))
	}
	return b.String()
}

// ambiguous reports whether two different types in e share a name, so that
// the message must show states to tell them apart.
func (e *TypeError) ambiguous() bool {
	seen := make(map[string]Type)
	for _, ts := range [][]Type{e.Left, e.Right} {
		for _, t := range ts {
			if u, ok := seen[t.Name]; ok && !u.Equal(t) {
				return true
			}
			seen[t.Name] = t
		}
	}
	return false
}

// mustMatch panics with a *TypeError when left and right differ.
func mustMatch(op, leftName string, left []Type, rightName string, right []Type) {
	pos := mismatch(left, right)
	if pos < 0 {
		return
	}
	panic(&TypeError{
		Op: op, Left: cloneTypes(left), Right: cloneTypes(right),
		LeftName: leftName, RightName: rightName, Pos: pos,
	})
}

// invalid panics with a *TypeError carrying a reason.
func invalid(op, format string, args ...any) {
	panic(&TypeError{Op: op, Reason: fmt.Sprintf(format, args...)})
}

// Maybe calls fn and returns the *TypeError that fn panics with, or nil when
// fn returns normally. A panic with any other value is passed on.
func Maybe(fn func()) (err error) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if e, ok := r.(*TypeError); ok {
			err = e
			return
		}
		panic(r)
	}()
	fn()
	return nil
}

// plural returns "1 type" or "n types"; a noun ending in y takes "ies".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(noun, "y"))
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
