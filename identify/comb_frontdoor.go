package identify

import (
	"fmt"
	"slices"
	"strings"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/stochastic"
)

// CombEffect returns the causal effect P(C | do(A)) as a channel from A to C,
// computed from the observational joint state by comb disintegration: the
// joint is split into a comb and g = P(B | A), A is cut inside the comb, g is
// plugged back and the result is disintegrated on A.
//
// The variables a, b and c are names of outputs of joint and of nodes of g.
// The result is the causal effect only when g has front-door shape for
// (a, b, c). That is, b intercepts every directed path from a to c, no
// back-door path from a to b is open, and a blocks every back-door path from
// b to c.
// CombEffect checks these conditions with CheckFrontDoor first, because on
// other graphs the same computation returns a number that is not the causal
// effect. A violation is an error wrapping the *CriterionError, which names
// the condition and a path that violates it. CombEffect returns a
// *PositivityError when P(a, b) = 0 for some cell.
func CombEffect(g *Graph, joint *stochastic.Channel, a, b, c []string) (*stochastic.Channel, error) {
	if g == nil {
		return nil, fmt.Errorf("identify: comb effect needs a graph")
	}
	if err := checkCombShape(g, a, b, c); err != nil {
		return nil, err
	}
	if joint == nil {
		return nil, fmt.Errorf("identify: comb effect of a nil joint state")
	}
	pa, err := combPositions(joint, a)
	if err != nil {
		return nil, err
	}
	pb, err := combPositions(joint, b)
	if err != nil {
		return nil, err
	}
	pc, err := combPositions(joint, c)
	if err != nil {
		return nil, err
	}
	comb, mechanism, err := CombDisintegrate(joint, pa, pb, pc)
	if err != nil {
		return nil, err
	}
	return comb.Effect(mechanism)
}

// FrontDoorFormula evaluates the front-door formula on the joint state at
// output positions a, b and c:
//
//	P(c | do(a)) = Σ_b P(b | a) Σ_a' P(a') P(c | a', b),
//
// by direct summation, and returns it as a channel from A to C. It checks no
// graph; it is the closed form that comb disintegration must reproduce on
// front-door graphs. It returns a *PositivityError when P(a, b) = 0 for
// some cell.
func FrontDoorFormula(joint *stochastic.Channel, a, b, c []int) (*stochastic.Channel, error) {
	abc, err := combMarginal(joint, a, b, c)
	if err != nil {
		return nil, err
	}
	out := abc.Out()
	A, B, C := out[:len(a)], out[len(a):len(a)+len(b)], out[len(a)+len(b):]
	na, nb, nc := diagram.Size(A), diagram.Size(B), diagram.Size(C)
	ab := combRange(0, len(a)+len(b))
	if err := checkCombPositive(abc.Marginal(ab)); err != nil {
		return nil, err
	}

	p := func(x, z, y int) float64 { return abc.At(0, (x*nb+z)*nc+y) }
	pab := make([]float64, na*nb)
	pa := make([]float64, na)
	for x := 0; x < na; x++ {
		for z := 0; z < nb; z++ {
			for y := 0; y < nc; y++ {
				pab[x*nb+z] += p(x, z, y)
			}
			pa[x] += pab[x*nb+z]
		}
	}
	// inner[z*nc+y] = Σ_x' P(x') P(y | x', z)
	inner := make([]float64, nb*nc)
	for z := 0; z < nb; z++ {
		for y := 0; y < nc; y++ {
			for x := 0; x < na; x++ {
				inner[z*nc+y] += pa[x] * p(x, z, y) / pab[x*nb+z]
			}
		}
	}
	data := make([]float64, na*nc)
	for x := 0; x < na; x++ {
		for y := 0; y < nc; y++ {
			for z := 0; z < nb; z++ {
				data[x*nc+y] += pab[x*nb+z] / pa[x] * inner[z*nc+y]
			}
		}
	}
	effect, err := stochastic.New(A, C, data)
	if err != nil {
		return nil, fmt.Errorf("identify: front-door formula: %w", err)
	}
	return effect, nil
}

// combPositions returns the output position of each named variable in
// joint.
func combPositions(joint *stochastic.Channel, names []string) ([]int, error) {
	out := joint.Out()
	pos := make([]int, len(names))
	for k, name := range names {
		pos[k] = slices.IndexFunc(out, func(t diagram.Type) bool { return t.Name == name })
		if pos[k] < 0 {
			return nil, fmt.Errorf("identify: the joint state has no variable %q (variables: %s)", name, combTypeNames(out))
		}
	}
	return pos, nil
}

// checkCombShape resolves the names of a, b and c in g and returns the
// *CriterionError of CheckFrontDoor, which names the violated condition and
// a path that violates it, when b is not a front-door set for (a, c).
func checkCombShape(g *Graph, a, b, c []string) error {
	var sets [3][]int
	for k, part := range []struct {
		role  string
		names []string
	}{{"treatment", a}, {"mediator", b}, {"outcome", c}} {
		if len(part.names) == 0 {
			return fmt.Errorf("identify: comb effect: no %s variable", part.role)
		}
		for _, name := range part.names {
			v, ok := g.Index(name)
			if !ok {
				return fmt.Errorf("identify: comb effect: %s %s is not a node of the graph (nodes: %s)",
					part.role, quoteName(name), strings.Join(g.Names(), ", "))
			}
			// CheckFrontDoor rejects a repeated node, but CombDisintegrate
			// reports it in terms of its arguments, so skip it here.
			if !slices.Contains(sets[k], v) {
				sets[k] = append(sets[k], v)
			}
		}
	}
	if err := CheckFrontDoor(g, sets[0], sets[1], sets[2]); err != nil {
		return fmt.Errorf("%w; comb disintegration applies only to graphs of front-door shape", err)
	}
	return nil
}
