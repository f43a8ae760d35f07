// Copyright ©2026 The causal Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package identify

import (
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
// where a shared part counts once for each place it occurs.
func (e *Estimand) Size() int { return e.root.size() }

// String returns the expression in plain text, such as
// "Σ_{Z} P(Z | X) Σ_{X'} P(X') P(Y | X', Z)". A product is written by
// juxtaposition, a quotient with '/' and brackets, and a sum with Σ and the
// summed variables in braces; it extends to the end of its factor.
func (e *Estimand) String() string {
	return e.format(false)
}

// LaTeX returns the expression in LaTeX math mode, with \sum, \frac and \mid.
func (e *Estimand) LaTeX() string {
	return e.format(true)
}

func (e *Estimand) format(latex bool) string {
	f := formatter{g: e.g, latex: latex, names: make(map[int]string), used: make(map[string]bool)}
	for _, v := range e.root.free.members() {
		f.bind(v)
	}
	var sb strings.Builder
	f.write(&sb, e.root)
	return sb.String()
}

// formatter writes an expression with the display names of the variables in
// scope, priming a summed variable whose name is already in use.
type formatter struct {
	g     *Graph
	latex bool
	names map[int]string  // display name of each variable in scope
	used  map[string]bool // display names in scope
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
		parts[i] = f.name(f.names[v])
	}
	return strings.Join(parts, ", ")
}

// name writes a display name: unchanged in plain text, and in LaTeX as an
// upright identifier with its primes kept outside.
func (f *formatter) name(s string) string {
	if !f.latex {
		return quoteName(strings.TrimRight(s, "'")) + s[len(strings.TrimRight(s, "'")):]
	}
	base := strings.TrimRight(s, "'")
	primes := s[len(base):]
	if len([]rune(base)) == 1 {
		return latexEscape(base) + primes
	}
	return `\mathrm{` + latexEscape(base) + `}` + primes
}

func latexEscape(s string) string {
	var sb strings.Builder
	for _, r := range s {
		switch r {
		case '_', '#', '$', '%', '&', '{', '}':
			sb.WriteByte('\\')
			sb.WriteRune(r)
		case '-':
			sb.WriteString(`\text{-}`)
		case '\\':
			sb.WriteString(`\backslash{}`)
		case '~', '^':
			sb.WriteString(`\textasciitilde{}`)
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

func (f *formatter) write(sb *strings.Builder, e *expr) {
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
			bracket := (a.kind == sumExpr && i < len(args)-1) || (a.kind == quotientExpr && !f.latex)
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
		f.writeBracketed(sb, e.args[0], e.args[0].kind != probExpr)
		sb.WriteString(" / ")
		f.writeBracketed(sb, e.args[1], e.args[1].kind != probExpr)
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
