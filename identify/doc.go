// Package identify provides identification of causal effects from
// observational data and a causal graph with unobserved common causes:
// d-separation, back-door and front-door adjustment, comb disintegration, and
// the complete ID and IDC algorithms of Shpitser and Pearl (2006), which
// return either an estimand or a hedge proving that no estimand exists.
//
// # Graphs
//
// A Graph is an acyclic directed mixed graph (ADMG) over named nodes: X -> Y
// says X is a direct cause of Y, and X <-> Y says X and Y share an unobserved
// common cause. ParseGraph reads the graph syntax
//
//	X -> Z -> Y     # a chain of directed edges
//	X <-> Y         # a hidden common cause of X and Y
//	Y <- W; V       # W -> Y, and an isolated node V
//
// and Project builds the graph of a causal model with latent variables by
// latent projection. Nodes are numbered in the order they are added. A set of
// nodes is a slice of node indices: sets passed in may be in any order, and
// every set the API returns is in increasing order.
// The districts (c-components) of a graph are the connected components of its
// bidirected edges.
//
// # Separation and adjustment
//
// DSeparated decides d-separation (m-separation when the graph has
// bidirected edges) and OpenPath returns a shortest open path as the witness
// when it fails. IsBackDoorSet and IsFrontDoorSet test Pearl's back-door and
// front-door criteria; CheckBackDoor and CheckFrontDoor return a
// *CriterionError naming the condition that fails and a path that violates
// it. MinimalBackDoorSet, MinimumBackDoorSet, MinimalBackDoorSets and
// FindFrontDoorSet search for adjustment sets. A search returns ok = false
// when no set satisfies the criterion. That differs from an empty set with
// ok = true, which means that no adjustment is needed; MinimalBackDoorSets
// returns no sets and a single empty set in these two cases. CombEffect computes a front-door
// effect by comb disintegration of a joint table, after checking the
// front-door criterion.
//
// # Estimands
//
// ID and IDC return an Estimand: an expression built from observational
// probabilities P(A | B) by products, quotients and sums, such as the
// front-door formula
//
//	Σ_{Z} P(Z | X) Σ_{X'} P(X') P(Y | X', Z)
//
// where X' is a summed copy of X. Estimands are simplified where the
// simplification keeps the value wherever the original is defined: sums over
// absent variables, factors that sum to one and common factors of quotients
// are removed, and P(A | B) P(C | A, B) becomes P(A, C | B). Sums are never
// expanded into their terms, and a part that occurs several times is built and
// evaluated once.
//
// An estimand whose tree would be large is written with each part that occurs
// several times defined once, as "Q1(X, Z) = ...", so that its text stays
// polynomial in the size of the graph.
//
// Evaluate computes an estimand on a Law, an observational distribution given
// by its marginals: a Joint table, an *scm.Data read from a CSV file, or
// ModelLaw, the observed marginal of a model computed by exact inference. A term that
// conditions on an event of probability zero is undefined there, an undefined
// term multiplied by a zero contributes zero, and a requested value that
// remains undefined is an *EstimandPositivityError naming the term and the
// event. A conditional query P(y | do(x), z) is also undefined where
// P(z | do(x)) is zero, so Evaluate identifies and evaluates that probability
// too and reports such evidence with its values and those of the
// interventions.
//
// # Errors
//
// A query that is not identifiable returns a *NotIdentifiableError whose Hedge
// holds the two C-forests that prove it. Graph text with an error returns a
// *SyntaxError with its line and column. An edge that would close a directed
// cycle is a *CycleError listing the cycle: AddEdge returns it, and
// ParseGraph returns a *SyntaxError that wraps it.
package identify
