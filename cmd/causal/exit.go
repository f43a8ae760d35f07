package main

import (
	"errors"

	"github.com/markovcat/causal/identify"
	"github.com/markovcat/causal/stochastic"
)

// exitCode maps an error to the command's exit status: 1 for a well-formed
// query that cannot be answered, 2 for everything else (invalid input or
// usage).
func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	var zero *stochastic.ZeroProbabilityError
	var positivity *identify.PositivityError
	var hedge *identify.NotIdentifiableError
	switch {
	case errors.As(err, &zero), errors.As(err, &positivity), errors.As(err, &hedge):
		return exitUnanswerable
	}
	return exitInvalid
}
