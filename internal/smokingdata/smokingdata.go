// Package smokingdata provides the observational data on smoking, tar
// deposits and lung cancer used by examples/smoking and as the default model
// of the causal command.
//
// The data is a published observational joint distribution over smoking S,
// tar deposits in the lungs T and cancer C, each with states "0" and "1"
// (1 meaning smoker, tar deposits, cancer). The assumed causal graph is
// S -> T -> C with a hidden common cause of S and C, which makes the causal
// effect of S on C identifiable by the front-door formula and by comb
// disintegration: P(C=1 | do(S=0)) = 8783/34650 and P(C=1 | do(S=1)) =
// 4013/7400, against the observational P(C=1 | S=0) = 12/63 and
// P(C=1 | S=1) = 25/37.
package smokingdata

import (
	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/stochastic"
)

// Graph is the causal graph of the data in the graph syntax of package
// identify: smoking causes tar deposits, tar causes cancer, and an
// unobserved common cause (such as a genotype) affects smoking and cancer.
const Graph = "S -> T -> C; S <-> C"

// Probabilities holds P(S, T, C) in big-endian order of (S, T, C): the
// entries for 000, 001, 010, 011, 100, 101, 110 and 111.
var Probabilities = [8]float64{0.50, 0.10, 0.01, 0.02, 0.10, 0.05, 0.02, 0.20}

// Types returns the wire types of smoking, tar and cancer, in that order.
func Types() []diagram.Type {
	return []diagram.Type{
		diagram.NewType("S", "0", "1"),
		diagram.NewType("T", "0", "1"),
		diagram.NewType("C", "0", "1"),
	}
}

// Joint returns the observational joint state P(S, T, C).
func Joint() *stochastic.Channel {
	joint, err := stochastic.NewState(Types(), Probabilities[:])
	if err != nil {
		panic("smokingdata: the built-in joint is invalid: " + err.Error())
	}
	return joint
}
