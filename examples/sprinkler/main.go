// Command sprinkler is the first example of the README: it builds a small
// causal model in code and compares seeing with doing.
//
// Rain and a sprinkler both wet the grass, and rain makes the sprinkler
// rarer. Seeing wet grass makes rain more likely; wetting the grass does
// not change the weather.
package main

import (
	"errors"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/markovcat/causal/intervention"
	"github.com/markovcat/causal/scm"
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(w io.Writer) error {
	b := scm.NewBuilder()
	err := errors.Join(
		b.AddVariable("Rain", "no", "yes"),
		b.AddVariable("Sprinkler", "off", "on"),
		b.AddVariable("Grass", "dry", "wet"),
		b.SetCPT("Rain", nil, []float64{0.8, 0.2}),
		// One row per parent configuration, one column per state.
		b.SetCPT("Sprinkler", []string{"Rain"}, []float64{0.6, 0.4, 0.99, 0.01}),
		b.SetCPT("Grass", []string{"Rain", "Sprinkler"}, []float64{
			1, 0, // Rain=no, Sprinkler=off
			0.1, 0.9, // Rain=no, Sprinkler=on
			0.2, 0.8, // Rain=yes, Sprinkler=off
			0.01, 0.99, // Rain=yes, Sprinkler=on
		}),
	)
	if err != nil {
		return err
	}
	m, err := b.Build()
	if err != nil {
		return err
	}

	for _, text := range []string{"P(Rain=yes | Grass=wet)", "P(Rain=yes | do(Grass=wet))"} {
		q, err := scm.ParseQuery(text)
		if err != nil {
			return err
		}
		answer, err := intervention.Query(m, q)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%-28s = %.4f\n", text, answer.Rows()[0].P)
	}
	return nil
}
