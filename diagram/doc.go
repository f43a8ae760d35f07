// Package diagram provides string diagrams over finite wire types: the
// syntax of the causal library, interpreted as stochastic matrices by
// package stochastic.
//
// # Types and boxes
//
// A Type is a finite set with a name and ordered state labels. A tensor
// product of types is a list of types, and the empty list is the unit I. A
// Box is a named generator from one tensor product to another.
//
// # Composition
//
// Then composes in diagrammatic order: Then(f, g) runs f and feeds its
// outputs to g, so its meaning is the matrix product F·G of row-stochastic
// matrices. Tensor places diagrams side by side; its inputs and outputs are
// those of its arguments in order. Id, Swap, Permute and Select rearrange
// wires; Copy, Discard and Uniform are the copy, discard and uniform state
// of a type.
//
// # Hypergraph form
//
// A Diagram is stored as an open hypergraph, not as the expression that
// built it. Wires are numbered and typed. Each wire has exactly one source,
// which is a diagram input or an output port of a node. A wire may be used
// by any number of node input ports and diagram outputs. Several uses copy
// the wire, and no use discards it. Then glues the outputs of f to the
// inputs of g, and Tensor is disjoint union. The inputs of a diagram are
// distinct wires, while its outputs may repeat a wire or be an input wire.
// Nodes are kept in topological order. Inputs, Outputs, Nodes and WireType expose this form,
// and New builds a diagram from it after checking it. Substitute replaces
// one node by a diagram, which is how surgery rewrites a causal model.
//
// # Equality
//
// Equal identifies diagrams that are equal in the free Markov category on
// their boxes: the symmetric monoidal laws, the comonoid laws of Copy and
// Discard, and the rule that a box whose outputs are all discarded can be
// removed (every box denotes a stochastic channel, so discarding its output
// is discarding its input). Equal compares canonical forms, see Canonical.
// It never moves Copy through a box, because a box need not be
// deterministic: Then(Gen(f), Copy(B, 2)) and Then(Copy(A, 2),
// Tensor(Gen(f), Gen(f))) are different diagrams. Boxes are equal when their
// names and types are equal.
//
// # Text and drawings
//
// String prints one line per node, naming wires w0, w1, and so on, so that
// tests and error messages can show a diagram. DOT returns a Graphviz graph
// and WriteSVG draws the diagram itself, top to bottom, with a layered
// layout and no external tools.
//
// # Panics
//
// Composing diagrams whose types do not match is a programming error, as a
// dimension mismatch is in gonum's mat package. Then, Substitute, Permute,
// Select, Copy and NewType panic with a *TypeError that names both type lists
// and the first position where they differ, or the invalid argument.
// Maybe runs a function and returns such a panic as an error. Input read
// from files should be checked before building diagrams, with CheckType for
// types; New returns its errors instead of panicking.
package diagram
