// Package causal is the root of a library for causal inference over discrete
// variables, built on string diagrams. It follows Jacobs, Kissinger and
// Zanasi, "Causal Inference by String Diagram Surgery" (FoSSaCS 2019), and
// Shpitser and Pearl (2006) for complete identification. The root package
// contains no code; the work is done by the packages below, each importing only
// those listed before it.
//
// Syntax. Package [github.com/markovcat/causal/diagram] builds string
// diagrams: wires typed by finite sets, boxes, sequential composition (Then)
// and parallel composition (Tensor), swaps, copying, discarding and uniform
// states. A diagram is stored as an open hypergraph, so two diagrams that
// differ only by the laws of a symmetric monoidal category with copy and
// discard compare equal.
//
// Semantics. Package [github.com/markovcat/causal/stochastic] provides
// stochastic matrices (channels), with marginals, conditioning,
// disintegration and Bayesian inversion. Its Interpret function is the
// functor from diagrams to channels: it contracts the network of box tensors
// in a heuristic order and never forms the joint distribution of all wires.
//
// Causal models. Package [github.com/markovcat/causal/scm] represents causal
// Bayesian networks (a DAG with a conditional probability table per variable,
// possibly with latent variables), reads and writes BIF and XMLBIF files,
// reads CSV observations, parses the query language, and computes
// observational queries exactly.
//
// Surgery. Package [github.com/markovcat/causal/intervention] performs
// interventions as diagram surgery: do(X=x) replaces the box that produces X
// by a point state, do(X) by a cut with the uniform state, read back as a
// channel from X by disintegration, and soft interventions replace a
// mechanism by any channel.
//
// Identification. Package [github.com/markovcat/causal/identify] decides
// whether an interventional distribution can be computed from observational
// data alone, given a graph with unobserved common causes. It provides
// d-separation, back-door and front-door adjustment, comb disintegration, and
// the complete ID and IDC algorithms. These return an estimand, or a hedge
// that proves non-identifiability.
//
// Counterfactuals. Package [github.com/markovcat/causal/counterfactual]
// computes counterfactual queries on functional models through twin-world
// diagrams, and returns bounds where only a stochastic model or data is
// known.
//
// The command causal (cmd/causal) exposes queries, identification and
// drawing on the command line. examples/sprinkler builds a small model in
// code and compares seeing with doing, examples/smoking reproduces the
// published smoking and cancer numbers, and examples/firingsquad computes
// counterfactuals and probabilities of causation.
package causal
