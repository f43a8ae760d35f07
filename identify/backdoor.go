package identify

import (
	"fmt"
	"slices"
	"strings"
)

// CriterionError reports that a set fails the back-door or the front-door
// criterion. It names the failing condition and a path of the graph that
// violates it.
type CriterionError struct {
	Criterion string   // "back-door" or "front-door"
	X, Y, Z   []string // the treatment, the outcome and the candidate set, by name
	Condition int      // the failing condition, numbered from 1 as in Rule
	Path      Path     // a path of the graph that violates the condition
}

// Rule returns the failing condition in words.
//
// The back-door conditions are (1) no node of Z is a descendant of a node of X,
// and (2) Z blocks every back-door path from X to Y. The front-door conditions
// are (1) Z intercepts every directed path from X to Y, (2) no back-door path
// from X to Z is open, and (3) X blocks every back-door path from Z to Y.
func (e *CriterionError) Rule() string {
	x, y, z := formatNames(e.X), formatNames(e.Y), formatNames(e.Z)
	switch e.Criterion + fmt.Sprint(e.Condition) {
	case "back-door1":
		return fmt.Sprintf("no node of %s may be a descendant of %s", z, x)
	case "back-door2":
		return fmt.Sprintf("%s must block every back-door path from %s to %s", z, x, y)
	case "front-door1":
		return fmt.Sprintf("%s must intercept every directed path from %s to %s", z, x, y)
	case "front-door2":
		return fmt.Sprintf("no back-door path from %s to %s may be open", x, z)
	case "front-door3":
		return fmt.Sprintf("%s must block every back-door path from %s to %s", x, z, y)
	}
	return fmt.Sprintf("condition %d of the %s criterion", e.Condition, e.Criterion)
}

// Error returns a message naming the sets, the path and the violated condition.
func (e *CriterionError) Error() string {
	return fmt.Sprintf("identify: %s is not a %s set for the effect of %s on %s: path %s violates condition %d: %s",
		formatNames(e.Z), e.Criterion, formatNames(e.X), formatNames(e.Y), e.Path, e.Condition, e.Rule())
}

// formatNames returns names as a set in braces, such as {A, B} or {} for none.
func formatNames(names []string) string {
	quoted := make([]string, len(names))
	for i, name := range names {
		quoted[i] = quoteName(name)
	}
	return "{" + strings.Join(quoted, ", ") + "}"
}

// IsBackDoorSet reports whether z satisfies the back-door criterion relative to
// the treatment x and the outcome y: no node of z is a descendant of a node of x,
// and z blocks every back-door path from x to y. A back-door path from x starts
// with an edge into x, x <- V or x <-> V; a bidirected edge is an unobserved
// common cause. When the criterion holds, the causal effect is the adjustment
// formula
//
//	P(y | do(x)) = Σ_z P(y | x, z) P(z).
//
// For a single treatment node this is Pearl's back-door criterion. For a set x
// the second condition reads: z m-separates x from y in the graph without the
// directed edges out of x. So a path from one treatment node may pass through
// another only where that node is a collider. The adjustment formula then
// follows from rule 2 of do-calculus for the edges out of x, and from rule 3
// because z contains no descendant of x.
//
// The sets must hold valid node indices, each at most once, x and y must not
// be empty, and the three sets must be disjoint. Otherwise IsBackDoorSet
// returns an error. Use CheckBackDoor to learn which condition fails.
func IsBackDoorSet(g *Graph, x, y, z []int) (bool, error) {
	err := CheckBackDoor(g, x, y, z)
	if _, ok := err.(*CriterionError); ok {
		return false, nil
	}
	return err == nil, err
}

// CheckBackDoor returns nil when z satisfies the back-door criterion relative
// to (x, y), as described for IsBackDoorSet. When it does not, CheckBackDoor
// returns a *CriterionError with a directed path from x to a node of z (the
// first condition) or a shortest open back-door path from x to y (the second).
// Invalid arguments give other errors.
func CheckBackDoor(g *Graph, x, y, z []int) error {
	if err := checkEffectSets(g, "back-door criterion", x, y, z); err != nil {
		return err
	}
	fail := func(condition int, p Path) error {
		return &CriterionError{
			Criterion: "back-door",
			X:         g.namesOf(sortedSet(x)),
			Y:         g.namesOf(sortedSet(y)),
			Z:         g.namesOf(sortedSet(z)),
			Condition: condition,
			Path:      p,
		}
	}
	if p, ok := directedPathTo(g, x, setOf(g.NumNodes(), z...), nil); ok {
		return fail(1, p)
	}
	s := newSearch(g, x, z)
	if end := s.run(x, setOf(g.NumNodes(), y...), true); end >= 0 {
		return fail(2, s.path(end))
	}
	return nil
}

// MinimalBackDoorSet returns a back-door set for (x, y) that is minimal under
// inclusion: no proper subset of it satisfies the criterion. The result ok is
// false when no set satisfies the criterion; ok true with an empty set means
// that the plain P(y | x) is the causal effect.
//
// MinimalBackDoorSet works in the moral graph of the ancestors of x and y. It
// starts from those ancestors that a back-door set may contain, keeps the ones
// adjacent to the part that x reaches, and of these the ones adjacent to the
// part that y reaches. This takes time linear in the size of g.
func MinimalBackDoorSet(g *Graph, x, y []int) (z []int, ok bool, err error) {
	s, err := newBackDoorSeparation(g, x, y)
	if err != nil {
		return nil, false, err
	}
	z, ok = s.minimal()
	return z, ok, nil
}

// MinimumBackDoorSet returns a back-door set for (x, y) with the fewest nodes,
// and whether one exists, as MinimalBackDoorSet does. It finds a minimum vertex
// cut between x and y in the moral graph of their ancestors by augmenting paths,
// in time O(k·(V+E)) for a result of k nodes.
func MinimumBackDoorSet(g *Graph, x, y []int) (z []int, ok bool, err error) {
	s, err := newBackDoorSeparation(g, x, y)
	if err != nil {
		return nil, false, err
	}
	z, ok = s.minimum()
	return z, ok, nil
}

// MinimalBackDoorSets returns every back-door set for (x, y) that is minimal
// under inclusion, each once, ordered by size and then by node indices. For
// sets x and y the criterion is the one that IsBackDoorSet describes. An
// empty result means that no set satisfies the criterion. A result holding one
// empty set means that the empty set does, and then it is the only minimal one.
//
// There can be exponentially many minimal sets. When limit is positive,
// MinimalBackDoorSets stops after finding limit of them, and returns those in
// the same order, and they are not then the smallest ones. The search branches
// on one node at a time, and one branch of every split yields a set, so the
// time between two results is polynomial.
func MinimalBackDoorSets(g *Graph, x, y []int, limit int) ([][]int, error) {
	s, err := newBackDoorSeparation(g, x, y)
	if err != nil {
		return nil, err
	}
	sets := s.all(limit)
	slices.SortFunc(sets, func(a, b []int) int {
		if len(a) != len(b) {
			return len(a) - len(b)
		}
		return slices.Compare(a, b)
	})
	return sets, nil
}

// checkEffectSets checks the arguments of an adjustment criterion: valid
// nodes, a non-empty treatment and outcome, and disjoint sets.
func checkEffectSets(g *Graph, task string, x, y, z []int) error {
	if err := checkSets(g, task, []string{"the treatment", "the outcome", "the adjustment set"}, x, y, z); err != nil {
		return err
	}
	if len(x) == 0 {
		return fmt.Errorf("identify: %s: empty treatment set: name at least one node", task)
	}
	if len(y) == 0 {
		return fmt.Errorf("identify: %s: empty outcome set: name at least one node", task)
	}
	return nil
}

// sortedSet returns the distinct members of vs in increasing order.
func sortedSet(vs []int) []int {
	s := slices.Clone(vs)
	slices.Sort(s)
	return slices.Compact(s)
}

// directedPathTo returns a shortest directed path from a node of from to a
// node of to that enters no node of avoid, and whether there is one. The nodes
// of from must not be in to; avoid may be nil.
func directedPathTo(g *Graph, from []int, to, avoid nodeSet) (Path, bool) {
	prev := make([]int, g.NumNodes())
	for i := range prev {
		prev[i] = -2
	}
	queue := make([]int, 0, len(from))
	for _, v := range from {
		if prev[v] == -2 {
			prev[v] = -1
			queue = append(queue, v)
		}
	}
	for head := 0; head < len(queue); head++ {
		v := queue[head]
		for _, c := range g.children[v] {
			if prev[c] != -2 || avoid != nil && avoid.has(c) {
				continue
			}
			prev[c] = v
			if to.has(c) {
				return directedPath(g, prev, c), true
			}
			queue = append(queue, c)
		}
	}
	return Path{}, false
}

// directedPath builds the directed path that ends at v from predecessor links.
func directedPath(g *Graph, prev []int, v int) Path {
	p := Path{Nodes: []int{v}}
	for u := prev[v]; u >= 0; u = prev[u] {
		p.Nodes = append(p.Nodes, u)
		p.Edges = append(p.Edges, EdgeForward)
	}
	slices.Reverse(p.Nodes)
	p.Names = g.namesOf(p.Nodes)
	return p
}
