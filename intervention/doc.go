// Package intervention performs interventions on string diagrams and on
// causal models, and computes interventional queries exactly.
//
// # Surgery on diagrams
//
// Cut is the surgery of Jacobs, Kissinger and Zanasi ("Causal Inference by
// String Diagram Surgery", FoSSaCS 2019): the box that produces a variable X
// is replaced by a diagram that discards the box's inputs and emits a state
// on X. With the uniform state (CutUniform), or with any other state that
// gives every value of X positive probability, the cut diagram read through
// disintegration on X is the interventional channel P(Y | do(X)) from X to Y
// (ReadChannel). With the point state at x (CutState with stochastic.Point)
// it is the intervention do(X=x). Cuts of distinct boxes commute, so several
// variables can be cut in any order.
//
// # Surgery on models
//
// Do and Soft change the mechanisms of a scm.Model. Do replaces the table of
// each intervened variable by a point state and removes its parents. Soft
// replaces a table by any channel from parents that keep the graph acyclic.
// Both return a new model that shares the unchanged tables.
//
// # Queries
//
// Query computes P(targets | do(...), evidence) for a parsed query on the
// mutilated model. The answer is a channel to the targets from the
// do-variables and the evidence variables written without a value, one row
// per configuration of those variables. When every variable has a value it
// is a single row. Evidence may be on any variable that is not intervened
// on, including ancestors of the intervened variables and descendants of
// the targets. A target may also be intervened on or observed, and then
// takes the state it is set to or observed in. Latent variables of the
// model may appear anywhere in a query, because the model specifies their
// mechanisms. To answer from the observed variables alone, identify the
// query with package identify instead.
//
// Channel and ChannelByDisintegration compute the interventional channel
// P(Y | do(X)) by two routes: surgery on the model followed by exact
// inference, and the cut network diagram read by disintegration. Tests check
// that they agree.
//
// # Errors
//
// Evidence of probability zero in the mutilated model is reported as an
// error that wraps a *stochastic.ZeroProbabilityError and names the
// evidence and the intervention. A variable that is both intervened on and
// observed, an unknown variable or state, and a counterfactual query are
// errors as well.
package intervention
