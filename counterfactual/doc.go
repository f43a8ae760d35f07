// Package counterfactual answers counterfactual queries, the third rung of
// causal questions: given what was observed, what would have happened under
// another action?
//
// # Functional models
//
// A counterfactual has a value only in a functional causal model (Model):
// exogenous variables with prior distributions, and endogenous variables
// that are deterministic functions of their parents. FromSCM reads a causal
// Bayesian network as a functional model when every variable with parents
// has a 0/1 table, and its root variables become the exogenous variables.
//
// # Worlds and the twin diagram
//
// A query names counterfactual variables with subscripts, in the query
// language of package scm: Y_{X=1} is the value Y would have had if X had
// been 1, and in P(Y_{X=1}=1 | X=0, Y=0) the evidence X=0, Y=0 holds in the
// factual world. Every distinct subscript is a hypothetical world; a
// top-level do(...) applies to every world, the factual one included.
// Targets and evidence may come from any world, so joint counterfactuals
// such as P(Y_{X=1}=1, Y_{X=0}=0) and counterfactual evidence are allowed.
//
// The query becomes a string diagram (TwinDiagram): the exogenous wires are
// copied into every world, each world applies surgery to the variables it
// intervenes on, and a test box per evidence term feeds a single evidence
// wire. Interpreting the diagram with stochastic.Interpret, a tensor
// contraction that never enumerates the exogenous configurations, and
// disintegrating on the evidence wire gives the counterfactual
// distribution. Worlds share every variable whose ancestors they intervene
// on alike, so the diagram holds one copy of the unaffected part of the
// model. AbductionActionPrediction computes the same distribution by
// Pearl's three steps on the joint of the exogenous variables, as a
// reference.
//
// # Bounds
//
// A model with stochastic tables fixes observational and interventional
// distributions but not counterfactuals, because many functional models
// share those distributions. For such a model Query returns an Answer with
// Exact false whose rows hold lower and upper bounds: the bounds of
// LinearBounds, a linear program over response-function models whose size
// MaxProfiles and MaxConstraintEntries limit, or the Tian-Pearl bounds for a
// probability of causation beyond those limits. PNBounds, PSBounds and
// PNSBounds give the closed-form Tian-Pearl bounds from observational and,
// when known, interventional data, and PN, PS, PNS and ETT compute the
// probabilities of causation from a model, exactly when it is functional.
//
// Bounds computed from a model are widened by 1e-11 divided by the
// probability of the evidence, an allowance for rounding error and for the
// tolerances of the simplex method, so that they contain every consistent
// value. A table row of a functional model has a single 1 and exact zeros:
// a row with a small positive entry, such as 1e-7, describes a rare event,
// so FromSCM reads that variable as stochastic.
//
// # Errors
//
// Evidence of probability zero is a *stochastic.ZeroProbabilityError, and a
// query that requires one counterfactual variable to take two values, such
// as Y_{X=1}=1 with Y_{X=1}=0, is a *ContradictionError. Neither is reported
// as a probability. X_{X=1}=0 is an event of probability 0, not a
// contradiction: as a target its probability is 0, and as evidence it is a
// *stochastic.ZeroProbabilityError. Bounds conditional on evidence whose
// probability, in a model consistent with the given one, is positive but
// below 1e-9 are a *RareEvidenceError, because rounding error could
// dominate them.
package counterfactual
