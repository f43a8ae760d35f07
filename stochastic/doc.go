// Package stochastic provides the semantics of string diagrams: channels
// (stochastic matrices) between tensor products of finite sets, the operations
// of probability on them, and the functor that interprets a diagram.
//
// # Channels and the matrix convention
//
// A channel f : A -> B between tensor products of finite sets (lists of
// diagram.Type) is a |A|x|B| row-stochastic matrix: row a is the probability
// distribution P(B | A=a), so every entry is non-negative and every row sums
// to 1. Sequential composition Then(f, g), f followed by g, is the matrix
// product F·G, and parallel composition Tensor(f, g) is the Kronecker product
// F⊗G. A state on B is a channel from the unit (the empty list of types), a
// single row. An Effect is a predicate on B: a value in [0, 1] for each element
// of B, used to condition a channel by Update.
//
// Joint indices are big-endian: in A⊗B the pair (a, b) has index a·|B| + b, so
// the last type varies fastest. A channel over inputs (X, Y) has one row per
// configuration (x, y), in the order (0,0), (0,1), ..., (1,0), ...
//
// Jacobs, Kissinger and Zanasi ("Causal Inference by String Diagram Surgery",
// FoSSaCS 2019) write column-stochastic matrices, with column a holding
// P(B | A=a). The numbers of a channel here are those of the paper transposed.
//
// # Tolerance
//
// New and NewState validate numbers read from outside: an entry that is
// negative, NaN or infinite is an error, and so is a row whose sum differs
// from 1 by more than Tolerance. Both are reported as a *RowError naming the
// row by its input configuration. NormalizeRow applies the same checks to
// a single row of numbers, such as one row of a table read from a file, and
// reports a *DistributionError naming the entry by its index from 0.
// Tolerance applies to row sums only, so an entry of -1e-18 is an error
// too. A row within Tolerance is divided by its sum, so that it sums to 1. That absorbs the rounding of files that print
// probabilities to seven decimal places, for rows of up to 20 entries, but
// not to four: a row of three entries printed as 0.3333 sums to 0.9999 and
// is rejected. NewEffect rejects NaN and values outside [0, 1], with no
// tolerance. Conditioning on an event of probability zero returns a
// *ZeroProbabilityError naming the event.
//
// # Panics
//
// Composing channels whose types do not match is a programming error, so
// Then, Validity and Update panic with a *diagram.TypeError, which
// diagram.Maybe turns into an error. Out-of-range positions and states
// passed to Point, Select, Permute, Marginal and Prob panic with a
// *diagram.TypeError as well, and so does a negative count passed to Copy
// and any operation, Tensor and Disintegrate included, whose matrix would
// have more than math.MaxInt entries. The Factor methods At, Reduce and
// Permute, Product and EliminationOrder panic with a string message on
// out-of-range states, mismatched cardinalities or an unknown heuristic.
// Functions that take data from outside (New, NewState, NewEffect, Event,
// FromFunc, Condition, Disintegrate, BayesInvert, Interpret, InterpretNaive,
// NewFactor and Contract) return errors for invalid input instead.
//
// # Interpretation
//
// An Interpretation assigns a channel to each box of a diagram. Interpret
// evaluates a diagram under an interpretation as a tensor network. Every box
// becomes a factor over its wires, and Contract sums the inner wires out in
// an order chosen by a heuristic, so the joint distribution over all wires of
// the diagram is never formed. An intermediate factor larger than the size limit
// (WithSizeLimit) is reported as a *SizeLimitError naming its wires.
// InterpretNaive is a reference evaluator for tests, a fold of matrix
// products and Kronecker products whose size grows with the number of wires
// alive at once.
package stochastic
