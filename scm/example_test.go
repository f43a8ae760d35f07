package scm_test

import (
	"errors"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

func ExampleBuilder() {
	b := scm.NewBuilder()
	b.AddVariable("Rain", "yes", "no")
	b.AddVariable("Grass", "wet", "dry")
	b.SetCPT("Rain", nil, []float64{0.2, 0.8})
	// One row per state of the parent: P(Grass | Rain=yes), P(Grass | Rain=no).
	b.SetCPT("Grass", []string{"Rain"}, []float64{0.9, 0.1, 0.2, 0.8})
	m, err := b.Build()
	if err != nil {
		log.Fatal(err)
	}
	grass, _ := m.Index("Grass")
	fmt.Println(m.Variable(grass).Name, m.Variable(grass).States, m.Parents(grass))
	fmt.Printf("P(Grass=wet | Rain=no) = %.2f\n", m.CPT(grass).At(1, 0))
	// Output:
	// Grass [wet dry] [0]
	// P(Grass=wet | Rain=no) = 0.20
}

func ExampleBuilder_Build_cycle() {
	b := scm.NewBuilder()
	b.AddVariable("A", "0", "1")
	b.AddVariable("B", "0", "1")
	b.SetCPT("A", []string{"B"}, []float64{1, 0, 0, 1})
	b.SetCPT("B", []string{"A"}, []float64{1, 0, 0, 1})
	_, err := b.Build()
	var cycle *scm.CycleError
	fmt.Println(errors.As(err, &cycle), cycle.Cycle)
	// Output:
	// true [A B A]
}

func ExampleReadBIF() {
	src := `network sprinkler { }
variable Rain { type discrete [ 2 ] { yes, no }; }
variable Grass { type discrete [ 2 ] { wet, dry }; }
probability ( Rain ) { table 0.2, 0.8; }
probability ( Grass | Rain ) {
  (no) 0.2, 0.8;   // rows are matched by state label, in any order
  (yes) 0.9, 0.1;
}`
	m, err := scm.ReadBIF(strings.NewReader(src))
	if err != nil {
		log.Fatal(err)
	}
	if err := scm.WriteBIF(os.Stdout, m); err != nil {
		log.Fatal(err)
	}
	// Output:
	// network sprinkler {
	// }
	// variable Rain {
	//   type discrete [ 2 ] { yes, no };
	// }
	// variable Grass {
	//   type discrete [ 2 ] { wet, dry };
	// }
	// probability ( Rain ) {
	//   table 0.2, 0.8;
	// }
	// probability ( Grass | Rain ) {
	//   (yes) 0.9, 0.1;
	//   (no) 0.2, 0.8;
	// }
}

func ExampleReadBIF_error() {
	src := `variable Rain { type discrete [ 2 ] { yes, no }; }
probability ( Rain ) { table 0.2, 0.7; }`
	_, err := scm.ReadBIF(strings.NewReader(src))
	fmt.Println(err)
	// Output:
	// scm: line 2, column 24: table for "Rain": entries sum to 0.8999999999999999, want 1 within 1e-06
}

func ExampleModel_NetworkDiagram() {
	src := `network n { }
variable U { type discrete [ 2 ] { 0, 1 }; property latent = true ; }
variable X { type discrete [ 2 ] { 0, 1 }; }
variable Y { type discrete [ 2 ] { 0, 1 }; }
probability ( U ) { table 0.5, 0.5; }
probability ( X | U ) { (0) 0.9, 0.1; (1) 0.1, 0.9; }
probability ( Y | U, X ) { (0, 0) 1, 0; (0, 1) 0.5, 0.5; (1, 0) 0.5, 0.5; (1, 1) 0, 1; }`
	m, err := scm.ReadBIF(strings.NewReader(src))
	if err != nil {
		log.Fatal(err)
	}
	d, boxes := m.NetworkDiagram()
	joint, err := stochastic.Interpret(d, boxes)
	if err != nil {
		log.Fatal(err)
	}
	// The latent U is discarded: the outputs are X and Y.
	fmt.Println(d.Out()[0].Name, d.Out()[1].Name)
	for k, p := range joint.Row(0) {
		fmt.Printf("P(X=%d, Y=%d) = %.3f\n", k/2, k%2, p)
	}
	// Output:
	// X Y
	// P(X=0, Y=0) = 0.475
	// P(X=0, Y=1) = 0.025
	// P(X=1, Y=0) = 0.025
	// P(X=1, Y=1) = 0.475
}

func ExampleParseQuery() {
	q, err := scm.ParseQuery(`P( Y_{X=1} = 1 | X=0,Y=0 )`)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(q)
	fmt.Println(q.Targets[0].Var, q.Targets[0].Do[0].Var, q.Targets[0].Do[0].Value, q.IsCounterfactual())

	_, err = scm.ParseQuery("P(W | do(S=1)")
	fmt.Println(err)
	// Output:
	// P(Y_{X=1}=1 | X=0, Y=0)
	// Y X 1 true
	// scm: query syntax error at column 14: expected ')' to close 'P(', found end of query
}

func ExampleQuery_Check() {
	b := scm.NewBuilder()
	b.AddVariable("S", "0", "1")
	b.AddVariable("C", "0", "1")
	b.SetCPT("S", nil, []float64{0.5, 0.5})
	b.SetCPT("C", []string{"S"}, []float64{0.9, 0.1, 0.3, 0.7})
	m, _ := b.Build()
	for _, src := range []string{"P(C | do(S=1))", "P(C=maybe)", "P(T)", "P(C | do(S=1), S=0)"} {
		q, _ := scm.ParseQuery(src)
		fmt.Println(q.Check(m))
	}
	// Output:
	// <nil>
	// scm: query: unknown state "maybe" of "C" (valid: 0, 1)
	// scm: query: unknown variable "T" (valid: S, C)
	// scm: query: S is both intervened on and observed; remove it from do(...) or from the evidence
}

func ExampleReadData() {
	src := `X,Z,n
0,0,475
0,1,25
1,0,25
1,1,475
`
	d, err := scm.ReadData(strings.NewReader(src), "n")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.Types[0].Name, d.Types[1].Name, d.Total)
	fmt.Printf("%.3f\n", d.Joint.Row(0))
	// Output:
	// X Z 1000
	// [0.475 0.025 0.025 0.475]
}
