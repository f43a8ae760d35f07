package scm

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestParseQuery(t *testing.T) {
	x1 := Term{Var: "X", Value: "1", HasValue: true}
	tests := []struct {
		src  string
		want Query
		str  string
	}{
		{"P(C | do(S))", Query{
			Targets: []Term{{Var: "C"}},
			Do:      []Term{{Var: "S"}},
		}, "P(C | do(S))"},
		{"P(C=1|do(S=1))", Query{
			Targets: []Term{{Var: "C", Value: "1", HasValue: true}},
			Do:      []Term{{Var: "S", Value: "1", HasValue: true}},
		}, "P(C=1 | do(S=1))"},
		{"P(dysp, xray | do(smoke=yes), asia=no)", Query{
			Targets:  []Term{{Var: "dysp"}, {Var: "xray"}},
			Do:       []Term{{Var: "smoke", Value: "yes", HasValue: true}},
			Evidence: []Term{{Var: "asia", Value: "no", HasValue: true}},
		}, "P(dysp, xray | do(smoke=yes), asia=no)"},
		{"P(Y_{X=1}=1 | X=0, Y=0)", Query{
			Targets:  []Term{{Var: "Y", Value: "1", HasValue: true, Do: []Term{x1}}},
			Evidence: []Term{{Var: "X", Value: "0", HasValue: true}, {Var: "Y", Value: "0", HasValue: true}},
		}, "P(Y_{X=1}=1 | X=0, Y=0)"},
		{" P ( Y_{ X = 1 , Z=0 } = 1 , Y_{X=0}=0 ) ", Query{
			Targets: []Term{
				{Var: "Y", Value: "1", HasValue: true, Do: []Term{x1, {Var: "Z", Value: "0", HasValue: true}}},
				{Var: "Y", Value: "0", HasValue: true, Do: []Term{{Var: "X", Value: "0", HasValue: true}}},
			},
		}, "P(Y_{X=1,Z=0}=1, Y_{X=0}=0)"},
		{`P("age group"="(1,999, 20]" | do("a\"b"=x.y-1_2), B)`, Query{
			Targets:  []Term{{Var: "age group", Value: "(1,999, 20]", HasValue: true}},
			Do:       []Term{{Var: `a"b`, Value: "x.y-1_2", HasValue: true}},
			Evidence: []Term{{Var: "B"}},
		}, `P("age group"="(1,999, 20]" | do("a\"b"=x.y-1_2), B)`},
		{"P(A | B=1, do(C), D=0, do(E=e))", Query{
			Targets:  []Term{{Var: "A"}},
			Do:       []Term{{Var: "C"}, {Var: "E", Value: "e", HasValue: true}},
			Evidence: []Term{{Var: "B", Value: "1", HasValue: true}, {Var: "D", Value: "0", HasValue: true}},
		}, "P(A | do(C, E=e), B=1, D=0)"},
		{`P(do)`, Query{Targets: []Term{{Var: "do"}}}, `P("do")`},
		{`P(Y_ = 1)`, Query{Targets: []Term{{Var: "Y_", Value: "1", HasValue: true}}}, `P("Y_"=1)`},
		{`P("x"_{"a b"=1})`, Query{Targets: []Term{{Var: "x", Do: []Term{{Var: "a b", Value: "1", HasValue: true}}}}}, `P(x_{"a b"=1})`},
	}
	for _, test := range tests {
		t.Run(test.src, func(t *testing.T) {
			q, err := ParseQuery(test.src)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(&test.want, q, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("ParseQuery mismatch (-want +got):\n%s", diff)
			}
			if got := q.String(); got != test.str {
				t.Errorf("String: got %s, want %s", got, test.str)
			}
			back, err := ParseQuery(q.String())
			if err != nil {
				t.Fatalf("parsing String(): %v", err)
			}
			if diff := cmp.Diff(q, back, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("String round trip mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseQueryErrors(t *testing.T) {
	tests := []struct {
		src  string
		col  int
		want string
	}{
		{"", 1, "expected 'P(' at the start of the query, found end of query"},
		{"Q(A)", 1, "expected 'P('"},
		{"P A", 3, "expected '(' after 'P'"},
		{"P()", 3, "expected a variable name, found ')'"},
		{"P(W | do(S=1)", 14, "expected ')' to close 'P(', found end of query"},
		{"P(W | do(S=1, )", 15, "expected a variable name, found ')'"},
		{"P(W=)", 5, "expected a value for W"},
		{"P(W) x", 6, "expected end of query after ')'"},
		{"P(A, )", 6, "expected a variable name"},
		{"P(Y_{X} = 1)", 7, "expected '=' after X in the subscript"},
		{"P(Y_{X=1 = 1)", 10, "expected '}' to close the subscript"},
		{"P(A | do(Y_{X=1}))", 11, "unexpected subscript in do(...)"},
		{`P("abc)`, 3, "unterminated string"},
		{"P(A; B)", 4, "unexpected character ';'"},
		{"P(é | ü=1, \"ö\"=!)", 16, "unexpected character '!'"},
		{"P(A | B C)", 9, "expected ')' to close 'P(', found 'C'"},
	}
	for _, test := range tests {
		t.Run(test.src, func(t *testing.T) {
			_, err := ParseQuery(test.src)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("got %v, want a *SyntaxError", err)
			}
			if se.Col != test.col {
				t.Errorf("column: got %d, want %d (%v)", se.Col, test.col, err)
			}
			if !strings.Contains(se.Msg, test.want) {
				t.Errorf("message %q does not contain %q", se.Msg, test.want)
			}
		})
	}
}

func TestQueryCheck(t *testing.T) {
	m := sprinkler(t)
	tests := []struct {
		src  string
		want []string // empty: valid
	}{
		{"P(Grass | do(Sprinkler=on), Rain=no)", nil},
		{"P(Grass_{Sprinkler=on}=wet | Grass=dry)", nil},
		{"P(Ghost)", []string{`unknown variable "Ghost"`, "Rain, Sprinkler, Grass"}},
		{"P(Grass=maybe)", []string{`unknown state "maybe" of "Grass"`, "wet, dry"}},
		{"P(Grass | do(Rain=yes), Rain=no)", []string{"Rain is both intervened on and observed"}},
		{"P(Grass | do(Rain), Rain=no)", []string{"Rain is both intervened on and observed"}},
		{"P(Grass, Grass)", []string{"Grass target appears twice"}},
		{"P(Grass | do(Rain=yes, Rain=no))", []string{"Rain intervention appears twice"}},
		{"P(Grass_{Ghost=1})", []string{`unknown variable "Ghost"`}},
		{"P(Grass_{Rain=maybe})", []string{`unknown state "maybe" of "Rain"`}},
		{"P(Grass_{Rain=yes, Rain=no})", []string{"sets Rain twice"}},
	}
	for _, test := range tests {
		t.Run(test.src, func(t *testing.T) {
			q, err := ParseQuery(test.src)
			if err != nil {
				t.Fatal(err)
			}
			err = q.Check(m)
			if len(test.want) == 0 {
				if err != nil {
					t.Errorf("got %v, want no error", err)
				}
				return
			}
			if err == nil {
				t.Fatal("got no error")
			}
			for _, w := range test.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
	if err := (&Query{}).Check(m); err == nil || !strings.Contains(err.Error(), "no target") {
		t.Errorf("empty query: got %v, want an error about the missing target", err)
	}
}

func TestQueryCheckListsAtMostTen(t *testing.T) {
	b := NewBuilder()
	states := make([]string, 15)
	for k := range states {
		states[k] = "s" + string(rune('a'+k))
	}
	must(t, b.AddVariable("V", states...))
	p := make([]float64, len(states))
	p[0] = 1
	must(t, b.SetCPT("V", nil, p))
	m, err := b.Build()
	must(t, err)
	q, _ := ParseQuery("P(V=zz)")
	err = q.Check(m)
	if err == nil || !strings.Contains(err.Error(), "sj, ... 5 more") || strings.Contains(err.Error(), "sk") {
		t.Errorf("got %v, want the first 10 states and a count of the rest", err)
	}
	var ue *UnknownError
	if !errors.As(err, &ue) || len(ue.Valid) != 15 {
		t.Errorf("got %v, want an *UnknownError holding all 15 states", err)
	}
}

func TestIsCounterfactual(t *testing.T) {
	for src, want := range map[string]bool{
		"P(Y | do(X=1))":          false,
		"P(Y_{X=1}=1)":            true,
		"P(Y=1 | Y_{X=0}=1, X=1)": true,
	} {
		q, err := ParseQuery(src)
		must(t, err)
		if got := q.IsCounterfactual(); got != want {
			t.Errorf("%s: got %v, want %v", src, got, want)
		}
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"P(C | do(S))", "P(C=1 | do(S=1))", "P(dysp, xray | do(smoke=yes), asia=no)",
		"P(Y_{X=1}=1 | X=0, Y=0)", `P("a b"_{"c"=1}="\"")`, "P(W | do(S=1)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuery(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Col < 1 {
				t.Fatalf("got %v, want a *SyntaxError with a column", err)
			}
			return
		}
		back, err := ParseQuery(q.String())
		if err != nil {
			t.Fatalf("parsing %s: %v", q.String(), err)
		}
		if diff := cmp.Diff(q, back, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("String round trip mismatch (-want +got):\n%s", diff)
		}
	})
}
