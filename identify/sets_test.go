package identify_test

import (
	"strings"
	"testing"

	"github.com/markovcat/causal/identify"
)

// The functions that take node sets reject a node listed twice in one set,
// as ID does, and name the node and the set.
func TestSetArgumentsRejectRepeatedNode(t *testing.T) {
	g := mustGraph(t, "Z -> X; Z -> Y; X -> M; M -> Y")
	x, y, z, m := nodes(t, g, "X"), nodes(t, g, "Y"), nodes(t, g, "Z"), nodes(t, g, "M")
	twice := func(vs []int) []int { return append(vs, vs...) }
	cases := []struct {
		name string
		call func() error
		want string
	}{
		{"DSeparated x", func() error { _, err := identify.DSeparated(g, twice(x), y, z); return err }, "X is listed twice in x"},
		{"DSeparated z", func() error { _, err := identify.DSeparated(g, x, y, twice(z)); return err }, "Z is listed twice in z"},
		{"OpenPath y", func() error { _, _, err := identify.OpenPath(g, x, twice(y), z); return err }, "Y is listed twice in y"},
		{"IsBackDoorSet z", func() error { _, err := identify.IsBackDoorSet(g, x, y, twice(z)); return err }, "Z is listed twice in the adjustment set"},
		{"CheckBackDoor x", func() error { return identify.CheckBackDoor(g, twice(x), y, z) }, "X is listed twice in the treatment"},
		{"MinimalBackDoorSet x", func() error { _, _, err := identify.MinimalBackDoorSet(g, twice(x), y); return err }, "X is listed twice in the treatment"},
		{"MinimumBackDoorSet y", func() error { _, _, err := identify.MinimumBackDoorSet(g, x, twice(y)); return err }, "Y is listed twice in the outcome"},
		{"MinimalBackDoorSets y", func() error { _, err := identify.MinimalBackDoorSets(g, x, twice(y), 0); return err }, "Y is listed twice in the outcome"},
		{"IsFrontDoorSet z", func() error { _, err := identify.IsFrontDoorSet(g, x, twice(m), y); return err }, "M is listed twice in the front-door set"},
		{"CheckFrontDoor y", func() error { return identify.CheckFrontDoor(g, x, m, twice(y)) }, "Y is listed twice in the outcome"},
		{"FindFrontDoorSet x", func() error { _, _, err := identify.FindFrontDoorSet(g, twice(x), y); return err }, "X is listed twice in the treatment"},
	}
	for _, c := range cases {
		err := c.call()
		if err == nil {
			t.Errorf("%s: no error, want one saying %q", c.name, c.want)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q, want one saying %q", c.name, err, c.want)
		}
	}
}
