package identify

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Estimand is an identified query: an expression built from observational
// probabilities P(A | B) of the graph's nodes by products, quotients and sums
// over variables, whose value equals the query in every model with the graph.
//
// The free variables of the expression are the targets, interventions and
// evidence of the query; every other variable is bound by a sum. A sum may bind
// a variable that is also free outside it, as x in the front-door formula
// Σ_z P(z | x) Σ_x' P(x') P(y | x', z); String and LaTeX then prime the inner one.
// Subexpressions are shared, so the expression is stored as a directed acyclic
// graph and evaluated once per shared part.
type Estimand struct {
	g                  *Graph
	root               *expr
	targets, do, given []int
}

// Graph returns the graph the estimand was identified in.
func (e *Estimand) Graph() *Graph { return e.g }

// Targets returns the target nodes of the query.
func (e *Estimand) Targets() []int { return slices.Clone(e.targets) }

// Do returns the intervention nodes of the query.
func (e *Estimand) Do() []int { return slices.Clone(e.do) }

// Given returns the evidence nodes of the query.
func (e *Estimand) Given() []int { return slices.Clone(e.given) }

// Query returns the query the estimand identifies, such as "P(Y | do(X))".
func (e *Estimand) Query() string { return queryString(e.g, e.targets, e.do, e.given) }

// Size returns the number of nodes of the expression written out as a tree,
// where a shared part counts once for each place it occurs. Sharing can make
// this number grow exponentially with the graph. Size computes it in time
// linear in the number of distinct parts, and returns math.MaxInt when it
// does not fit in an int.
func (e *Estimand) Size() int { return e.root.size() }

// String returns the expression in plain text, such as
// "Σ_{Z} P(Z | X) Σ_{X'} P(X') P(Y | X', Z)". A product is written by
// juxtaposition, a quotient with '/' and brackets, and a sum with Σ and the
// summed variables in braces. A sum extends to the end of its factor.
//
// When the expression written out in full would have more than
// maxInlineSize nodes (see Size), each part that occurs several times is
// written once, as a definition such as "Q1(X, Z) = ..." after the word
// "where", and its occurrences as Q1 applied to their variables. The text
// then grows with the number of distinct parts, not exponentially.
func (e *Estimand) String() string {
	return e.format(false)
}

// LaTeX returns the expression in LaTeX math mode, with \sum, \frac and \mid.
func (e *Estimand) LaTeX() string {
	return e.format(true)
}

// maxInlineSize is the largest expression, in tree nodes, that String and
// LaTeX write out in full.
const maxInlineSize = 1000

func (e *Estimand) format(latex bool) string {
	f := newFormatter(e.g, latex, e.root)
	f.bindQuery(e)
	return f.writeAll(e.root)
}

// scopes returns, for each node of the expression that String writes out, the
// display names of the variables in scope where String first writes it.
func (e *Estimand) scopes() map[*expr]map[int]string {
	f := newFormatter(e.g, false, e.root)
	f.scopes = make(map[*expr]map[int]string)
	f.bindQuery(e)
	f.writeAll(e.root)
	return f.scopes
}

// formatTerm returns the text of the part x of an estimand over g. names gives
// the display names in scope at x, so the part reads as in the estimand.
func formatTerm(g *Graph, x *expr, names map[int]string) string {
	f := newFormatter(g, false, x)
	for v, name := range names {
		f.names[v] = name
		f.used[name] = true
	}
	return f.writeAll(x)
}

// newFormatter returns a formatter for root with no variables in scope. It
// writes shared parts of root as definitions when root is large.
func newFormatter(g *Graph, latex bool, root *expr) *formatter {
	f := &formatter{g: g, latex: latex, names: make(map[int]string), used: make(map[string]bool)}
	if root.size() > maxInlineSize {
		f.shared = sharedParts(root)
	}
	return f
}

// bindQuery binds the free variables of e and the query's variables.
func (f *formatter) bindQuery(e *Estimand) {
	// The query's variables are in scope even where the expression does not
	// depend on them, so that a summed variable of the same name is primed.
	for _, vs := range [][]int{e.root.free.members(), e.targets, e.do, e.given} {
		for _, v := range vs {
			if _, ok := f.names[v]; !ok {
				f.bind(v)
			}
		}
	}
}

// writeAll writes root, followed by the definitions of the shared parts.
func (f *formatter) writeAll(root *expr) string {
	var sb strings.Builder
	f.write(&sb, root)
	// Writing a definition may number further parts.
	for i := 0; i < len(f.defs); i++ {
		switch {
		case i == 0 && f.latex:
			sb.WriteString(`, \quad \text{where } `)
		case i == 0:
			sb.WriteString(", where ")
		case f.latex:
			sb.WriteString(`, \; `)
		default:
			sb.WriteString("; ")
		}
		f.writeDefinition(&sb, i)
	}
	return sb.String()
}

// minSharedSize is the smallest part, in tree nodes, that a definition names;
// a smaller part is written out at each occurrence.
const minSharedSize = 8

// sharedParts returns the parts of the expression root, with more than
// minSharedSize tree nodes, that occur more than once in its tree.
func sharedParts(root *expr) map[*expr]int {
	// order lists the distinct parts, arguments before the parts that use
	// them: a depth-first post-order.
	var order []*expr
	seen := make(map[*expr]bool)
	var visit func(*expr)
	visit = func(x *expr) {
		if seen[x] {
			return
		}
		seen[x] = true
		for _, a := range x.args {
			visit(a)
		}
		order = append(order, x)
	}
	visit(root)
	// The tree size of each part, up to minSharedSize+1.
	size := make(map[*expr]int)
	for _, x := range order {
		n := 1
		for _, a := range x.args {
			n = min(n+size[a], minSharedSize+1)
		}
		size[x] = n
	}
	// Count the occurrences of each part in the tree, up to 2, from the root
	// down.
	occurs := map[*expr]int{root: 1}
	shared := make(map[*expr]int)
	for i := len(order) - 1; i >= 0; i-- {
		x := order[i]
		if occurs[x] > 1 && size[x] > minSharedSize {
			shared[x] = 0 // numbered when first written
		}
		for _, a := range x.args {
			occurs[a] = min(occurs[a]+occurs[x], 2)
		}
	}
	return shared
}

// formatter writes an expression with the display names of the variables in
// scope, priming a summed variable whose name is already in use.
type formatter struct {
	g     *Graph
	latex bool
	names map[int]string  // display name of each variable in scope: its name and primes
	used  map[string]bool // display names in scope

	// shared holds the parts written as definitions, with their number from
	// 1 once written, and defs lists them in that order.
	shared map[*expr]int
	defs   []*expr

	// scopes, when not nil, records a copy of names where each node is
	// first written.
	scopes map[*expr]map[int]string
}

// writeReference writes the shared part e as its definition's name applied
// to the display names of its free variables, numbering it when new.
func (f *formatter) writeReference(sb *strings.Builder, e *expr) {
	k := f.shared[e]
	if k == 0 {
		f.defs = append(f.defs, e)
		k = len(f.defs)
		f.shared[e] = k
	}
	if f.latex {
		fmt.Fprintf(sb, "Q_{%d}", k)
	} else {
		fmt.Fprintf(sb, "Q%d", k)
	}
	if !e.free.empty() {
		sb.WriteString("(" + f.varList(e.free) + ")")
	}
}

// writeDefinition writes "Qk(A, B) = ..." for the k-th shared part, k = i+1,
// with its free variables under their own names.
func (f *formatter) writeDefinition(sb *strings.Builder, i int) {
	e := f.defs[i]
	names, used := f.names, f.used
	f.names, f.used = make(map[int]string), make(map[string]bool)
	for _, v := range e.free.members() {
		f.bind(v)
	}
	f.writeReference(sb, e)
	sb.WriteString(" = ")
	f.writeExpr(sb, e)
	f.names, f.used = names, used
}

// bind gives v a display name not in use and returns the name it replaced.
func (f *formatter) bind(v int) (old string, had bool) {
	old, had = f.names[v]
	name := f.g.Name(v)
	for f.used[name] {
		name += "'"
	}
	f.names[v] = name
	f.used[name] = true
	return old, had
}

func (f *formatter) unbind(v int, old string, had bool) {
	delete(f.used, f.names[v])
	if had {
		f.names[v] = old
	} else {
		delete(f.names, v)
	}
}

func (f *formatter) varList(s nodeSet) string {
	vs := s.members()
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = f.name(v)
	}
	return strings.Join(parts, ", ")
}

// name writes the display name of v: its node name, quoted in plain text
// and escaped in LaTeX, followed by the primes that bind added. A name that
// itself ends in an apostrophe is quoted (escaped in LaTeX), so it does not
// read as a prime.
func (f *formatter) name(v int) string {
	base := f.g.Name(v)
	primes := f.names[v][len(base):]
	if !f.latex {
		return quoteName(base) + primes
	}
	if len([]rune(base)) == 1 {
		return latexEscape(base) + primes
	}
	return `\mathrm{` + latexEscape(base) + `}` + primes
}

// latexEscape escapes s for use inside \mathrm in LaTeX math mode. Text-mode
// characters go inside \text, which needs the amsmath package.
func latexEscape(s string) string {
	var sb strings.Builder
	for _, r := range s {
		switch r {
		case '_', '#', '$', '%', '&', '{', '}':
			sb.WriteByte('\\')
			sb.WriteRune(r)
		case ' ':
			sb.WriteString(`\ `)
		case '-':
			sb.WriteString(`\text{-}`)
		case '\'':
			sb.WriteString(`\text{'}`)
		case '\\':
			sb.WriteString(`\backslash{}`)
		case '~':
			sb.WriteString(`\text{\textasciitilde}`)
		case '^':
			sb.WriteString(`\text{\textasciicircum}`)
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// write writes e, or a reference to its definition when e is shared.
func (f *formatter) write(sb *strings.Builder, e *expr) {
	if _, ok := f.shared[e]; ok {
		f.writeReference(sb, e)
		return
	}
	f.writeExpr(sb, e)
}

// atomic reports whether e is written without brackets in any position.
func (f *formatter) atomic(e *expr) bool {
	_, ok := f.shared[e]
	return ok || e.kind == probExpr
}

// writeExpr writes e itself.
func (f *formatter) writeExpr(sb *strings.Builder, e *expr) {
	if _, ok := f.scopes[e]; f.scopes != nil && !ok {
		f.scopes[e] = maps.Clone(f.names)
	}
	switch e.kind {
	case probExpr:
		sb.WriteString("P(")
		sb.WriteString(f.varList(e.vars))
		if !e.given.empty() {
			if f.latex {
				sb.WriteString(` \mid `)
			} else {
				sb.WriteString(" | ")
			}
			sb.WriteString(f.varList(e.given))
		}
		sb.WriteString(")")
	case productExpr:
		if len(e.args) == 0 {
			sb.WriteString("1")
			return
		}
		args := slices.Clone(e.args)
		// Sums last, so that at most the final one needs no brackets.
		slices.SortStableFunc(args, func(a, b *expr) int { return int(a.kind) - int(b.kind) })
		for i, a := range args {
			if i > 0 {
				if f.latex {
					sb.WriteString(` \, `)
				} else {
					sb.WriteString(" ")
				}
			}
			bracket := !f.atomic(a) && ((a.kind == sumExpr && i < len(args)-1) || (a.kind == quotientExpr && !f.latex))
			f.writeBracketed(sb, a, bracket)
		}
	case quotientExpr:
		if f.latex {
			sb.WriteString(`\frac{`)
			f.write(sb, e.args[0])
			sb.WriteString(`}{`)
			f.write(sb, e.args[1])
			sb.WriteString(`}`)
			return
		}
		f.writeBracketed(sb, e.args[0], !f.atomic(e.args[0]))
		sb.WriteString(" / ")
		f.writeBracketed(sb, e.args[1], !f.atomic(e.args[1]))
	case sumExpr:
		vs := e.vars.members()
		type saved struct {
			old string
			had bool
		}
		prev := make([]saved, len(vs))
		for i, v := range vs {
			prev[i].old, prev[i].had = f.bind(v)
		}
		if f.latex {
			sb.WriteString(`\sum_{`)
		} else {
			sb.WriteString("Σ_{")
		}
		sb.WriteString(f.varList(e.vars))
		sb.WriteString("} ")
		f.write(sb, e.args[0])
		for i := len(vs) - 1; i >= 0; i-- {
			f.unbind(vs[i], prev[i].old, prev[i].had)
		}
	}
}

func (f *formatter) writeBracketed(sb *strings.Builder, e *expr, bracket bool) {
	if !bracket {
		f.write(sb, e)
		return
	}
	if f.latex {
		sb.WriteString(`\left(`)
		f.write(sb, e)
		sb.WriteString(`\right)`)
		return
	}
	sb.WriteString("[")
	f.write(sb, e)
	sb.WriteString("]")
}
