package counterfactual

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

// MaxProfiles is the largest number of response-function profiles, the
// variables of the linear program, that LinearBounds accepts. A variable V
// with parents Pa has |V|^|Pa| response functions (|Pa| the number of
// parent configurations), and a profile picks one for every variable that
// the query depends on, so the count is the product of these numbers:
// 128 for binary X -> Y with a binary confounder of both, 2^15 for four
// binary variables with all possible edges. The simplex method works on a
// dense matrix with one column per profile. The constraint matrix, one row
// per joint configuration of those variables in each world and per table
// entry, is limited to MaxConstraintEntries entries as well.
const MaxProfiles = 1 << 12

// MaxConstraintEntries is the largest constraint matrix, in entries, that
// LinearBounds builds.
const MaxConstraintEntries = 1 << 21

// SizeError reports a linear program with more response-function profiles
// than MaxProfiles, or a constraint matrix larger than MaxConstraintEntries.
type SizeError struct {
	Vars        []string // the variables the query depends on
	Profiles    int      // the number of profiles, or math.MaxInt when it does not fit in an int
	Constraints int      // the number of constraint rows, or 0 when not computed
}

// Error returns a message giving the size over its limit and the variables.
func (e *SizeError) Error() string {
	vars := strings.Join(e.Vars, ", ")
	if e.Profiles > MaxProfiles {
		count := fmt.Sprint(e.Profiles)
		if e.Profiles == math.MaxInt {
			count = fmt.Sprintf("more than %.2g", float64(math.MaxInt))
		}
		return fmt.Sprintf("counterfactual: bounds by linear programming need %s response-function profiles over %s, more than the limit of %d; ask about fewer variables or use a model with fewer parents",
			count, vars, MaxProfiles)
	}
	return fmt.Sprintf("counterfactual: bounds by linear programming need %d constraints over %d response-function profiles of %s, more than the limit of %d matrix entries; ask about fewer variables",
		e.Constraints, e.Profiles, vars, MaxConstraintEntries)
}

// LinearBounds returns bounds on the counterfactual query q over every
// canonical (response-function) model consistent with m.
//
// In a canonical model each variable V that the query depends on (the
// ancestors of its targets and evidence) is a deterministic function of its
// parents. A response variable R_V chooses the function among all functions
// from the parents' configurations to V's states. The joint distribution q
// of the response variables is unknown and arbitrary, so unobserved
// confounding of any form is allowed. The linear constraints on q are that
// it reproduces these distributions of m:
//
//   - the joint distribution of those variables in every world of the query,
//     the factual one and each intervention. It is computed from m by surgery
//     and the product of its tables.
//   - each table of m as an interventional distribution: P(R_V(pa) = v) =
//     P(v | pa) for every parent configuration pa.
//
// A counterfactual probability P(targets | evidence) is a ratio of two
// linear functions of q. The Charnes-Cooper transformation makes its
// minimum and maximum over the constraints two linear programs, which
// gonum's simplex method solves.
//
// The bounds contain the value of every functional model that has the
// observational and interventional distributions of m, reading m as a
// causal model whose tables are the interventional distributions
// P(v | do(pa)). They may be wider than the sharp bounds for a model known
// to have independent response variables, because independence is not a
// linear constraint.
//
// The bounds are widened by an allowance for rounding error of 1e-11
// divided by the probability of the evidence, so they may be wider than
// the exact ones by that much.
//
// LinearBounds returns a *SizeError when the program would need more than
// MaxProfiles profiles or MaxConstraintEntries constraint entries, a
// *stochastic.ZeroProbabilityError when the evidence has probability zero
// in every consistent model, and a *RareEvidenceError when it has a
// positive probability below 1e-9 in some consistent model that the bounds
// could depend on. When gonum's simplex method fails on the program for
// numerical reasons, the error is a *SimplexError.
func LinearBounds(m *scm.Model, q *scm.Query) (*Answer, error) {
	if err := check(m, q); err != nil {
		return nil, err
	}
	p, err := compile(m, q)
	if err != nil {
		return nil, err
	}
	prog, err := newProgram(m, p)
	if err != nil {
		return nil, err
	}
	return prog.solve()
}

// program is the linear program of a query over response-function profiles.
type program struct {
	m      *scm.Model
	p      *plan
	vars   []int       // the variables the query depends on, in topological order
	pos    map[int]int // position of each variable in vars
	radix  []int       // number of response functions of each of vars
	values [][][]int   // values[w][profile][k]: vars[k] in world w
	a      [][]float64 // constraint rows over profiles
	b      []float64   // right-hand sides
}

func newProgram(m *scm.Model, p *plan) (*program, error) {
	prog := &program{m: m, p: p}
	prog.vars = relevant(m, p)
	prog.pos = make(map[int]int, len(prog.vars))
	for k, v := range prog.vars {
		prog.pos[v] = k
	}
	names := make([]string, len(prog.vars))
	for k, v := range prog.vars {
		names[k] = m.Type(v).Name
	}
	total := 1
	for _, v := range prog.vars {
		// The response functions of v number |v|^configs, a product that
		// saturates at math.MaxInt rather than overflow.
		configs := sizeOf(m.Types(m.Parents(v)))
		n := 1
		for range configs {
			n = saturatingMul(n, m.Type(v).Size())
			if n == math.MaxInt {
				break
			}
		}
		prog.radix = append(prog.radix, n)
		total = saturatingMul(total, n)
	}
	if total > MaxProfiles {
		return nil, &SizeError{Vars: names, Profiles: total}
	}
	rows := len(p.worlds) * sizeOf(m.Types(prog.vars))
	for _, v := range prog.vars {
		rows += prog.m.CPT(v).Rows() * prog.m.CPT(v).Cols()
	}
	if rows > MaxConstraintEntries/total {
		return nil, &SizeError{Vars: names, Profiles: total, Constraints: rows}
	}
	prog.evaluate(total)
	prog.constrain()
	return prog, nil
}

// relevant returns the ancestors of the variables of p, targets and
// evidence, in topological order.
func relevant(m *scm.Model, p *plan) []int {
	need := make([]bool, m.NumVars())
	var visit func(v int)
	visit = func(v int) {
		if need[v] {
			return
		}
		need[v] = true
		for _, u := range m.Parents(v) {
			visit(u)
		}
	}
	for _, ts := range [][]cfTerm{p.targets, p.evidence} {
		for _, t := range ts {
			visit(t.v)
		}
	}
	var out []int
	for _, v := range m.Topological() {
		if need[v] {
			out = append(out, v)
		}
	}
	return out
}

// evaluate computes the value of every relevant variable in every world
// under every profile.
func (prog *program) evaluate(total int) {
	m := prog.m
	pos := prog.pos
	prog.values = make([][][]int, len(prog.p.worlds))
	r := make([]int, len(prog.vars))
	for w, world := range prog.p.worlds {
		forced := make(map[int]int)
		for _, s := range world {
			forced[s.v] = s.s
		}
		prog.values[w] = make([][]int, total)
		for j := range total {
			decodeRadix(j, prog.radix, r)
			x := make([]int, len(prog.vars))
			for k, v := range prog.vars {
				if s, ok := forced[v]; ok {
					x[k] = s
					continue
				}
				c := 0
				for _, u := range m.Parents(v) {
					c = c*m.Type(u).Size() + x[pos[u]]
				}
				x[k] = digit(r[k], c, m.Type(v).Size())
			}
			prog.values[w][j] = x
		}
	}
}

// constrain adds the world-joint and table constraints.
func (prog *program) constrain() {
	m := prog.m
	total := len(prog.values[0])
	ts := m.Types(prog.vars)
	joint := sizeOf(ts)
	for w, world := range prog.p.worlds {
		forced := make(map[int]int)
		for _, s := range world {
			forced[s.v] = s.s
		}
		rows := make([][]float64, joint)
		for z := range rows {
			rows[z] = make([]float64, total)
		}
		for j, x := range prog.values[w] {
			rows[stochastic.JointIndex(ts, x)][j] = 1
		}
		x := make([]int, len(ts))
		for z := range rows {
			stochastic.JointStates(ts, z, x)
			prog.add(rows[z], prog.jointProb(x, forced))
		}
	}
	r := make([]int, len(prog.vars))
	for k, v := range prog.vars {
		cpt := m.CPT(v)
		size := m.Type(v).Size()
		for c := range cpt.Rows() {
			for s := range size {
				row := make([]float64, total)
				for j := range total {
					decodeRadix(j, prog.radix, r)
					if digit(r[k], c, size) == s {
						row[j] = 1
					}
				}
				prog.add(row, cpt.At(c, s))
			}
		}
	}
}

// jointProb returns the probability of the configuration x of the relevant
// variables in the world with the given interventions: the product of the
// tables, with the point state in place of an intervened variable's table.
func (prog *program) jointProb(x []int, forced map[int]int) float64 {
	m := prog.m
	pos := prog.pos
	p := 1.0
	for k, v := range prog.vars {
		if s, ok := forced[v]; ok {
			if x[k] != s {
				return 0
			}
			continue
		}
		c := 0
		for _, u := range m.Parents(v) {
			c = c*m.Type(u).Size() + x[pos[u]]
		}
		p *= m.CPT(v).At(c, x[k])
	}
	return p
}

func (prog *program) add(row []float64, b float64) {
	prog.a = append(prog.a, row)
	prog.b = append(prog.b, b)
}

// lpTolerance is the optimality tolerance passed to the simplex method.
const lpTolerance = 1e-10

// solve computes the bounds of every target row.
func (prog *program) solve() (*Answer, error) {
	p := prog.p
	total := len(prog.values[0])
	d := make([]float64, total)
	for j := range total {
		if prog.holds(j, p.evidence, nil) {
			d[j] = 1
		}
	}
	rows, rhs := independentRows(prog.a, prog.b)
	a := denseRows(rows, total)

	// The evidence is impossible when no consistent model gives it positive
	// probability.
	dmin, err := minimise(d, a, rhs, 1)
	if err != nil {
		return nil, err
	}
	dmax, err := minimise(d, a, rhs, -1)
	if err != nil {
		return nil, err
	}
	if err := prog.checkEvidence(d, dmin, dmax); err != nil {
		return nil, err
	}

	// When every consistent model gives the evidence the same probability
	// (evidence in the factual world only, for one), the bounds are those
	// of the linear numerator divided by it. Otherwise the Charnes-Cooper
	// transformation y = t·q with D·y = dmax turns the ratio N·q / D·q into
	// the linear objective N·y / dmax over (y, t) >= 0 with A·y - b·t = 0.
	// Scaling by dmax keeps t near 1.
	ratio := dmax-dmin > 1e-12
	if ratio {
		cc := mat.NewDense(len(rows)+1, total+1, nil)
		for i, row := range rows {
			cc.SetRow(i, append(append([]float64(nil), row...), -rhs[i]))
		}
		cc.SetRow(len(rows), append(append([]float64(nil), d...), 0))
		a = cc
		rhs = make([]float64, len(rows)+1)
		rhs[len(rows)] = dmax
	}
	_, cols := a.Dims()

	vars := p.vars(prog.m)
	ans := &Answer{Targets: vars, Method: MethodLinearProg}
	ts := make([]diagram.Type, len(vars))
	for k, v := range vars {
		ts[k] = v.Type
	}
	x := make([]int, len(ts))
	for idx := range sizeOf(ts) {
		stochastic.JointStates(ts, idx, x)
		if !matches(p.targets, x) {
			continue
		}
		n := make([]float64, cols)
		for j := range total {
			if d[j] == 1 && prog.holds(j, p.targets, x) {
				n[j] = 1
			}
		}
		lo, loX, err := solveLP(n, a, rhs, 1)
		if err != nil {
			return nil, err
		}
		hi, hiX, err := solveLP(n, a, rhs, -1)
		if err != nil {
			return nil, err
		}
		// The numerator N·y is known to within roundoff times the scale
		// of y, which is t in the Charnes-Cooper program and 1 otherwise.
		// Widening by that error keeps the truth inside. It also covers
		// the up to 1e-12 by which dmin and dmax differ when the program
		// divides by dmax alone.
		loScale, hiScale := 1.0, 1.0
		if ratio {
			loScale, hiScale = max(1, loX[total]), max(1, hiX[total])
		}
		e := bounds((lo-roundoff*loScale)/dmax, (hi+roundoff*hiScale)/dmax, MethodLinearProg)
		ans.Rows = append(ans.Rows, Row{States: append([]int(nil), x...), Estimate: e})
	}
	return ans, nil
}

// checkEvidence returns an error when the evidence, whose probability
// over the consistent models has minimum dmin and maximum dmax, is
// impossible or too rare for the simplex method to resolve.
//
// gonum's simplex method treats values below about 1e-12 as zero, and a
// probability that is a difference of constraint values, such as
// P(y_x) - P(x, y), can be far smaller than any of them. So a maximum near
// 0 proves nothing, and the evidence is reported impossible only when a
// constraint with right-hand side exactly 0 forces every profile in which
// it holds to probability 0. And when the probability of the evidence
// varies between models, the bounds of the ratio may be reached by a model
// in which the evidence is rare. When it can be rarer than minEvidence and
// the constraints hold probabilities below minEvidence, the simplex method
// may have missed that model.
//
// NOTE: a model in which the evidence is rare only through cancellation
// between constraint values of ordinary size is not detected in the second
// case, and the bounds may then miss it.
func (prog *program) checkEvidence(d []float64, dmin, dmax float64) error {
	if prog.impossible(d) {
		return prog.p.zeroEvidence(prog.m)
	}
	smallest := math.Inf(1)
	for _, b := range prog.b {
		if b > 0 {
			smallest = min(smallest, b)
		}
	}
	switch {
	case dmax < minEvidence:
		return &RareEvidenceError{Evidence: prog.p.evidenceText(prog.m), P: max(dmax, 0)}
	case dmax-dmin > 1e-12 && dmin < minEvidence && smallest < minEvidence:
		return &RareEvidenceError{Evidence: prog.p.evidenceText(prog.m), P: max(dmin, 0)}
	}
	return nil
}

// impossible reports whether every profile j with d[j] = 1 lies in a
// constraint row whose right-hand side is exactly 0, which forces its
// probability to 0 in every consistent model.
func (prog *program) impossible(d []float64) bool {
	forced := make([]bool, len(d))
	for i, row := range prog.a {
		if prog.b[i] != 0 {
			continue
		}
		for j, x := range row {
			if x != 0 {
				forced[j] = true
			}
		}
	}
	for j, x := range d {
		if x != 0 && !forced[j] {
			return false
		}
	}
	return true
}

// minimise returns the minimum of sign·c·x over x >= 0 with a·x = b,
// multiplied by sign, so sign -1 gives the maximum of c·x.
func minimise(c []float64, a mat.Matrix, b []float64, sign float64) (float64, error) {
	best, _, err := solveLP(c, a, b, sign)
	return best, err
}

// solveLP is minimise that also returns the optimal x.
func solveLP(c []float64, a mat.Matrix, b []float64, sign float64) (best float64, x []float64, err error) {
	obj := make([]float64, len(c))
	floats.ScaleTo(obj, sign, c)
	// gonum's Phase I panics when the basis it constructs is numerically
	// singular ("lp: subcolumns of A for supplied initial basic singular"),
	// which probabilities near its tolerances can cause.
	defer func() {
		if r := recover(); r != nil {
			best, x, err = 0, nil, &SimplexError{Singular: true, Err: fmt.Errorf("%v", r)}
		}
	}()
	// gonum v0.17's simplex method reports some feasible square programs,
	// such as one whose unique solution has a zero, as infeasible. A copy of
	// the first column, which splits x[0] in two without changing the
	// feasible values of the rest, makes the program wider than tall.
	rows, cols := a.Dims()
	if rows >= cols {
		wide := mat.NewDense(rows, cols+1, nil)
		wide.Slice(0, rows, 0, cols).(*mat.Dense).Copy(a)
		wide.SetCol(cols, mat.Col(nil, 0, a))
		a, obj = wide, append(obj, obj[0])
	}
	best, x, err = simplex(obj, a, b, lpTolerance, nil)
	if err != nil {
		return 0, nil, &SimplexError{Err: err}
	}
	if len(x) > cols {
		x[0] += x[cols]
		x = x[:cols]
	}
	return sign * best, x, nil
}

// simplex is the solver of the linear programs, lp.Simplex. Tests replace
// it to force numerical failures.
var simplex = lp.Simplex

// SimplexError reports a linear program of LinearBounds that gonum's
// simplex method failed to solve. The programs are feasible and bounded in
// exact arithmetic, because the model's own tables with independent
// response variables satisfy their constraints, so the failure comes from
// rounding: a numerically singular basis, on which lp.Simplex panics, or a
// feasible program reported as infeasible.
type SimplexError struct {
	// Singular reports a panic of lp.Simplex on a numerically singular
	// basis, whose message Err holds.
	Singular bool
	Err      error // the error returned by lp.Simplex, or the panic message
}

// Error returns a message describing the failure of the simplex method.
func (e *SimplexError) Error() string {
	switch {
	case e.Singular:
		return fmt.Sprintf("counterfactual: linear program for the bounds failed: the simplex method hit a numerically singular basis (%v); probabilities in the model close to 0 can cause this", e.Err)
	case errors.Is(e.Err, lp.ErrInfeasible):
		return fmt.Sprintf("counterfactual: no response-function model reproduces the distributions of the model within the tolerance of the linear program: %v", e.Err)
	}
	return fmt.Sprintf("counterfactual: linear program for the bounds failed: %v", e.Err)
}

// Unwrap returns Err.
func (e *SimplexError) Unwrap() error { return e.Err }

// holds reports whether the terms hold under profile j, with the states x
// in place of the terms' values when x is not nil.
func (prog *program) holds(j int, ts []cfTerm, x []int) bool {
	pos := prog.pos
	for k, t := range ts {
		want := t.value
		if x != nil {
			want = x[k]
		}
		if prog.values[t.w][j][pos[t.v]] != want {
			return false
		}
	}
	return true
}

// independentRows returns a maximal linearly independent subset of the rows
// of a with their right-hand sides, found by Gram-Schmidt
// orthogonalisation, because the simplex method needs a matrix of full row
// rank.
func independentRows(a [][]float64, b []float64) ([][]float64, []float64) {
	var basis [][]float64
	var rows [][]float64
	var rhs []float64
	for i, row := range a {
		v := append([]float64(nil), row...)
		for _, u := range basis {
			floats.AddScaled(v, -floats.Dot(u, v), u)
		}
		norm := floats.Norm(v, 2)
		if norm <= 1e-9*math.Max(1, floats.Norm(row, 2)) {
			continue
		}
		floats.Scale(1/norm, v)
		basis = append(basis, v)
		rows = append(rows, row)
		rhs = append(rhs, b[i])
	}
	return rows, rhs
}

func denseRows(rows [][]float64, cols int) *mat.Dense {
	d := mat.NewDense(len(rows), cols, nil)
	for i, r := range rows {
		d.SetRow(i, r)
	}
	return d
}

// saturatingMul returns a*b for positive a and b, or math.MaxInt when the
// product does not fit in an int.
func saturatingMul(a, b int) int {
	if a > math.MaxInt/b {
		return math.MaxInt
	}
	return a * b
}

// decodeRadix writes the mixed-radix digits of j to r, the last digit
// varying fastest.
func decodeRadix(j int, radix, r []int) {
	for k := len(radix) - 1; k >= 0; k-- {
		r[k] = j % radix[k]
		j /= radix[k]
	}
}

// digit returns the value that response function r of a variable with size
// states gives for parent configuration c: digit c of r in base size.
func digit(r, c, size int) int {
	for range c {
		r /= size
	}
	return r % size
}
