package main

import (
	"errors"

	"github.com/markovcat/causal/counterfactual"
	"github.com/markovcat/causal/identify"
	"github.com/markovcat/causal/stochastic"
)

// exitCode maps an error to the command's exit status: 1 for a well-formed
// query that cannot be answered, 2 for everything else (invalid input or
// usage). A query whose tables exceed a size limit counts as unanswerable,
// because the input is valid and only the computation is too large, and so
// does evidence too rare for the bounds to be computed reliably, a linear
// program for bounds that the simplex method fails on numerically, and an
// answer with more rows than the command prints.
func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	var (
		zero       *stochastic.ZeroProbabilityError
		positivity *identify.PositivityError
		hedge      *identify.NotIdentifiableError
		tensorSize *stochastic.SizeLimitError
		lpSize     *counterfactual.SizeError
		rare       *counterfactual.RareEvidenceError
		simplex    *counterfactual.SimplexError
		rows       *rowCountError
	)
	switch {
	case errors.As(err, &zero), errors.As(err, &positivity), errors.As(err, &hedge),
		errors.As(err, &tensorSize), errors.As(err, &lpSize), errors.As(err, &rare),
		errors.As(err, &simplex), errors.As(err, &rows):
		return exitUnanswerable
	}
	return exitInvalid
}
