package identify

import "slices"

// IsFrontDoorSet reports whether z satisfies Pearl's front-door criterion
// relative to the treatment x and the outcome y:
//
//  1. z intercepts every directed path from a node of x to a node of y;
//  2. no back-door path from a node of x to a node of z is open, that is, each
//     such path has a collider;
//  3. x blocks every back-door path from a node of z to a node of y.
//
// A back-door path from a node a starts with an edge into a, a <- V or a <-> V;
// a bidirected edge is an unobserved common cause. A back-door path from a may
// pass through other nodes of its set. When the criterion holds and
// P(x, z) > 0, the causal effect is the front-door formula
//
//	P(y | do(x)) = Σ_z P(z | x) Σ_x' P(y | x', z) P(x').
//
// The arguments come in the order of the directed paths, x, z, y. The sets must
// hold valid node indices, each at most once, and be disjoint, and x and y
// must not be empty. Otherwise IsFrontDoorSet returns an error. Use
// CheckFrontDoor to learn which condition fails.
func IsFrontDoorSet(g *Graph, x, z, y []int) (bool, error) {
	err := CheckFrontDoor(g, x, z, y)
	if _, ok := err.(*CriterionError); ok {
		return false, nil
	}
	return err == nil, err
}

// CheckFrontDoor returns nil when z satisfies the front-door criterion relative
// to (x, y), as described for IsFrontDoorSet. Otherwise it returns a
// *CriterionError that names the first failing condition and a shortest path
// that violates it. That path is a directed path from x to y that avoids z, or
// an open back-door path. Invalid arguments give other errors.
func CheckFrontDoor(g *Graph, x, z, y []int) error {
	if err := checkFrontDoorSets(g, x, z, y); err != nil {
		return err
	}
	fail := func(condition int, p Path) error {
		return &CriterionError{
			Criterion: "front-door",
			X:         g.namesOf(sortedSet(x)),
			Y:         g.namesOf(sortedSet(y)),
			Z:         g.namesOf(sortedSet(z)),
			Condition: condition,
			Path:      p,
		}
	}
	n := g.NumNodes()
	if p, ok := directedPathTo(g, x, setOf(n, y...), setOf(n, z...)); ok {
		return fail(1, p)
	}
	if len(z) == 0 {
		return nil
	}
	for _, v := range sortedSet(x) {
		s := newSearch(g, []int{v}, nil)
		if end := s.run([]int{v}, setOf(n, z...), true); end >= 0 {
			return fail(2, s.path(end))
		}
	}
	for _, v := range sortedSet(z) {
		s := newSearch(g, []int{v}, x)
		if end := s.run([]int{v}, setOf(n, y...), true); end >= 0 {
			return fail(3, s.path(end))
		}
	}
	return nil
}

// FindFrontDoorSet returns a front-door set for (x, y) that is minimal under
// inclusion, and whether one exists. An empty set is returned, with ok true,
// when no directed path leads from x to y: the effect is then P(y).
//
// The second and third conditions of the criterion hold for a set exactly when
// they hold for each of its nodes, and the first holds for every superset of a
// set that meets it. So FindFrontDoorSet collects every node on a directed path
// from x to y that meets the second and third conditions by itself. A
// front-door set exists exactly when these nodes meet the first condition.
// FindFrontDoorSet then drops nodes one at a time, from the highest index to
// the lowest, while the first condition still holds. It takes time O(V·(V+E)).
func FindFrontDoorSet(g *Graph, x, y []int) (z []int, ok bool, err error) {
	if err := checkFrontDoorSets(g, x, nil, y); err != nil {
		return nil, false, err
	}
	n := g.NumNodes()
	target := setOf(n, y...)
	candidates := g.closure(x, g.children).intersect(g.closure(y, g.parents))
	for _, v := range x {
		candidates.remove(v)
	}
	for _, v := range y {
		candidates.remove(v)
	}

	// Condition 2: no open back-door path from x reaches a candidate.
	for _, v := range sortedSet(x) {
		s := newSearch(g, []int{v}, nil)
		s.run([]int{v}, newNodeSet(n), false)
		for st, prev := range s.prev {
			if prev != -2 {
				candidates.remove(st / 2)
			}
		}
	}
	// Condition 3: x blocks every back-door path from the candidate to y.
	for _, v := range candidates.members() {
		s := newSearch(g, []int{v}, x)
		if s.run([]int{v}, target, false) >= 0 {
			candidates.remove(v)
		}
	}

	if _, open := directedPathTo(g, x, target, candidates); open {
		return nil, false, nil
	}
	members := candidates.members()
	for _, v := range slices.Backward(members) {
		candidates.remove(v)
		if _, open := directedPathTo(g, x, target, candidates); open {
			candidates.add(v)
		}
	}
	return candidates.members(), true, nil
}

// checkFrontDoorSets checks the arguments of the front-door criterion.
func checkFrontDoorSets(g *Graph, x, z, y []int) error {
	const task = "front-door criterion"
	if err := checkSets(g, task, []string{"the treatment", "the front-door set", "the outcome"}, x, z, y); err != nil {
		return err
	}
	return checkEffectSets(g, task, x, y, nil)
}
