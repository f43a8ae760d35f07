// Package scm provides causal models over discrete variables: causal
// Bayesian networks with observed and latent variables, their string
// diagrams, the BIF and XMLBIF file formats, tables of observations, and the
// query language.
//
// # Models
//
// A Model has variables indexed 0..n-1 in declaration order, each with a
// finite, ordered list of states. Its causal DAG is a gonum graph.Directed
// whose node IDs are the variable indices. Each variable has a mechanism, a
// *stochastic.Channel from the tensor product of its parents' types, in
// Parents order, to its own type. As everywhere in this module, channels are
// row-stochastic with big-endian joint indices: in a table over parents
// (A, B), row a·|B| + b is the distribution of the child given A=a, B=b, so
// the last parent varies fastest.
//
// Build a model with a Builder, or read one with ReadBIF, ReadXMLBIF or
// ReadFile. Models are immutable; WithMechanisms, WithMechanism and
// WithLatent derive new models that share the unchanged tables.
//
// # Network diagrams
//
// NetworkDiagram returns the model as a string diagram: one box per
// variable, named after it, whose output is copied to each child and to the
// diagram's outputs. Latent variables feed their children and are then
// discarded. The outputs are the observed variables in Observed order (by
// increasing index), so the interpretation of the diagram under the returned
// stochastic.Map is the observational joint state of the observed variables.
//
// # Files
//
// ReadBIF reads the BIF dialect of the bnlearn repository and of JavaBayes,
// and WriteBIF writes it back so that reading the result gives the same
// model. Rows of a table whose sum differs from 1 by at most
// stochastic.Tolerance are renormalised; larger differences, and NaN,
// infinite or negative values, are errors. The readers skip a UTF-8 byte
// order mark and reject UTF-16 text. Errors in BIF and XMLBIF text are
// *PositionError values carrying the line and column, and name the variable,
// state or row at fault.
//
// ReadData reads observations from CSV into the empirical joint distribution
// of its columns, either one row per observation or with a column of
// weights (counts or probabilities). A column's states are sorted
// numerically when all its values are numbers, and are otherwise in order of
// first appearance. An error in a line or a cell is a *DataError naming the
// line and, for a cell, the column.
//
// # Queries
//
// ParseQuery parses the query language:
//
//	P(C | do(S))                  interventional channel: one row per value of S
//	P(C=1 | do(S=1))              one number
//	P(dysp, xray | do(smoke=yes), asia=no)
//	P(Y_{X=1}=1 | X=0, Y=0)       counterfactual: Y had X been 1, given what was seen
//
// Names and values are identifiers (letters, combining marks, digits, '_',
// '.', '-') or double-quoted strings with the escapes \" \\ \n and \t, and
// whitespace is free. Query.Check validates a parsed query against a model;
// Model.Posterior computes observational queries exactly, by contracting the
// tables, never the full joint.
package scm
