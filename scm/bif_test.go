package scm

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const (
	networksDir = "../../shared/data/networks"
	casesDir    = "../../shared/cases"
)

// globOrSkip returns the files matching pattern, skipping the test when
// there are none.
func globOrSkip(t testing.TB, pattern string) []string {
	t.Helper()
	files, _ := filepath.Glob(pattern)
	if len(files) == 0 {
		t.Skipf("no files match %s", pattern)
	}
	return files
}

// modelDiff returns a description of the first difference between a and b,
// matching variables by name, or "" when they are equal within tol.
func modelDiff(a, b *Model, tol float64) string {
	if a.NumVars() != b.NumVars() {
		return "different numbers of variables"
	}
	for i := range a.NumVars() {
		va := a.Variable(i)
		j, ok := b.Index(va.Name)
		if !ok {
			return "missing variable " + va.Name
		}
		vb := b.Variable(j)
		if !slices.Equal(va.States, vb.States) || va.Latent != vb.Latent {
			return "variable " + va.Name + " differs"
		}
		pa, pb := a.Parents(i), b.Parents(j)
		if len(pa) != len(pb) {
			return "parents of " + va.Name + " differ"
		}
		for k := range pa {
			if a.Variable(pa[k]).Name != b.Variable(pb[k]).Name {
				return "parents of " + va.Name + " differ"
			}
		}
		ca, cb := a.CPT(i), b.CPT(j)
		for r := range ca.Rows() {
			for c := range ca.Cols() {
				if math.Abs(ca.At(r, c)-cb.At(r, c)) > tol {
					return "table of " + va.Name + " differs"
				}
			}
		}
	}
	return ""
}

func TestReadBIFAsia(t *testing.T) {
	m, err := ReadFile(filepath.Join(networksDir, "asia.bif"))
	if errors.Is(err, os.ErrNotExist) {
		t.Skip(err)
	}
	must(t, err)
	either, _ := m.Index("either")
	if got := m.Variable(either).States; !slices.Equal(got, []string{"yes", "no"}) {
		t.Errorf("states of either: got %v", got)
	}
	var parents []string
	for _, p := range m.Parents(either) {
		parents = append(parents, m.Variable(p).Name)
	}
	if !slices.Equal(parents, []string{"lung", "tub"}) {
		t.Errorf("parents of either: got %v, want [lung tub]", parents)
	}
	dysp, _ := m.Index("dysp")
	// P(dysp=yes | bronc=no, either=yes) = 0.7 in asia.bif.
	if got := m.CPT(dysp).At(2, 0); got != 0.7 {
		t.Errorf("P(dysp=yes | bronc=no, either=yes): got %v, want 0.7", got)
	}
}

func TestReadBIFRowOrder(t *testing.T) {
	src := `network x { }
variable A { type discrete [ 2 ] { a0, a1 }; }
variable B { type discrete [ 3 ] { b0, b1, b2 }; }
variable C { type discrete [ 2 ] { c0, c1 }; }
probability ( A ) { table 0.4, 0.6; }
probability ( B ) { table 0.2 0.3 0.5; }
probability ( C | B, A ) {
  (b2, a1) 0.6, 0.4;
  (b0, a0) 0.1, 0.9;
  default 0.5, 0.5;
  (b1, a0) 0.3, 0.7;
}`
	m, err := ReadBIF(strings.NewReader(src))
	must(t, err)
	c, _ := m.Index("C")
	want := []float64{0.1, 0.5, 0.3, 0.5, 0.5, 0.6} // P(C=c0 | B, A), A fastest
	for r, w := range want {
		if got := m.CPT(c).At(r, 0); math.Abs(got-w) > 1e-15 {
			t.Errorf("row %d: got %v, want %v", r, got, w)
		}
	}
}

func TestReadBIFTableWithParents(t *testing.T) {
	// In a table with parents the child's state varies slowest, as in the
	// JavaBayes dog-problem network: P(light-on=true | family-out=true) is
	// 0.6 and P(light-on=true | family-out=false) is 0.05.
	src := `network "Dog-Problem" {}
variable "family-out" { type discrete[2] {"true" "false"}; property "position = (112, 69)" ; }
variable "light-on" { type discrete[2] {"true" "false"}; }
probability ( "family-out" ) { table 0.15 0.85 ; }
probability ( "light-on" "family-out" ) { // 2 variables, 4 values
	table 0.6 0.05 0.4 0.95 ;
}`
	m, err := ReadBIF(strings.NewReader(src))
	must(t, err)
	l, _ := m.Index("light-on")
	if got := m.CPT(l).Row(1); !slices.Equal(got, []float64{0.05, 0.95}) {
		t.Errorf("P(light-on | family-out=false): got %v, want [0.05 0.95]", got)
	}
	if m.Name() != "Dog-Problem" {
		t.Errorf("network name: got %q", m.Name())
	}
}

func TestReadBIFOrderAndQuoting(t *testing.T) {
	a, err := ReadFile(filepath.Join(casesDir, "bif", "b8_order2.bif"))
	if errors.Is(err, os.ErrNotExist) {
		t.Skip(err)
	}
	must(t, err)
	cancer, _ := a.Index("Cancer")
	// Rows (Pollution, Smoker): (low, True), (low, False), (high, True), (high, False).
	want := []float64{0.03, 0.001, 0.05, 0.02}
	for r, w := range want {
		if got := a.CPT(cancer).At(r, 0); got != w {
			t.Errorf("b8 row %d: got %v, want %v", r, got, w)
		}
	}

	q, err := ReadFile(filepath.Join(casesDir, "bif", "b9_quoted.bif"))
	must(t, err)
	age, ok := q.Index("age group")
	if !ok {
		t.Fatal(`no variable "age group"`)
	}
	if got := q.Variable(age).States; !slices.Equal(got, []string{"(1,999, 20]", "(20,00, 30]"}) {
		t.Errorf("states of age group: got %q", got)
	}
	b, _ := q.Index("B")
	if got := q.CPT(b).At(1, 0); got != 0.35 {
		t.Errorf(`P(B=low | "(20,00, 30]"): got %v, want 0.35`, got)
	}
}

func TestReadBIFBadCases(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"bad_cycle.bif", []string{"cycle", "A -> Grass -> A"}},
		{"bad_duplicate_variable.bif", []string{":6:10:", `duplicate variable "Rain"`, "line 3"}},
		{"bad_missing_row.bif", []string{":12:1:", `"Grass"`, "no row for (Rain=no)"}},
		{"bad_nan.bif", []string{":14:3:", `"Grass"`, "(Rain=no)", "NaN"}},
		{"bad_negative.bif", []string{":14:3:", `"Grass"`, "(Rain=no)", "negative"}},
		{"bad_row_sum.bif", []string{":14:3:", `"Grass"`, "(Rain=no)", "sum to 0.7"}},
		{"bad_truncated.bif", []string{":15:1:", `"Grass"`, "end of file"}},
		{"bad_unknown_parent.bif", []string{":12:23:", `"Ghost"`, "Rain, Grass"}},
		{"bad_unknown_state_row.bif", []string{":15:4:", `"maybe"`, `"Rain"`, "yes, no"}},
	}
	for _, test := range tests {
		t.Run(test.file, func(t *testing.T) {
			_, err := ReadFile(filepath.Join(casesDir, "bif", test.file))
			if errors.Is(err, os.ErrNotExist) {
				t.Skip(err)
			}
			if err == nil {
				t.Fatal("got no error")
			}
			if !errors.As(err, new(*PositionError)) {
				t.Errorf("got %T, want a *PositionError", err)
			}
			for _, w := range test.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestReadBIFErrors(t *testing.T) {
	const vars = "variable A { type discrete [ 2 ] { a0, a1 }; }\n"
	tests := []struct {
		name, src string
		want      []string
	}{
		{"state count", "variable A { type discrete [ 3 ] { a0, a1 }; }", []string{"1:34:", "declares 3 states but lists 2"}},
		{"duplicate state", "variable A { type discrete [ 2 ] { a0, a0 }; }", []string{"1:40:", `duplicate state "a0"`}},
		{"no type", "variable A { }", []string{"1:14:", `"A" has no 'type`}},
		{"continuous", "variable A { type continuous; }", []string{"1:19:", "expected 'discrete'"}},
		{"unknown child", vars + "probability ( B ) { table 1; }", []string{"2:15:", `unknown variable "B"`, "valid: A"}},
		{"no table", vars, []string{"1:10:", `"A" has no probability block`}},
		{"second block", vars + "probability ( A ) { table 0.5, 0.5; }\nprobability ( A ) { table 0.5, 0.5; }",
			[]string{"3:1:", `second probability block for "A"`, "line 2"}},
		{"table size", vars + "probability ( A ) { table 0.5, 0.3, 0.2; }", []string{"2:21:", "3 values, want 2"}},
		{"row size", vars + "variable B { type discrete [ 2 ] { b0, b1 }; }\nprobability ( A ) { table 0.5, 0.5; }\nprobability ( B | A ) { (a0) 1; (a1) 0, 1; }",
			[]string{"4:25:", "row (A=a0)", "1 values, want 2"}},
		{"row labels", vars + "variable B { type discrete [ 2 ] { b0, b1 }; }\nprobability ( A ) { table 0.5, 0.5; }\nprobability ( B | A ) { (a0, a1) 1, 0; }",
			[]string{"4:25:", "2 parent states, want 1"}},
		{"duplicate row", vars + "variable B { type discrete [ 2 ] { b0, b1 }; }\nprobability ( A ) { table 0.5, 0.5; }\nprobability ( B | A ) {\n (a0) 1, 0;\n (a0) 0, 1;\n (a1) 0, 1; }",
			[]string{"6:2:", "duplicate row (A=a0)", "line 5, column 2"}},
		{"not a number", vars + "probability ( A ) { table 0.5, x; }", []string{"2:32:", "expected a probability, found 'x'"}},
		{"unterminated comment", vars + "/* no end", []string{"2:1:", "unterminated comment"}},
		{"unterminated string", `variable "A { }`, []string{"1:10:", "unterminated string"}},
		{"empty", "// nothing\n", []string{"no variables"}},
		{"garbage", "hello", []string{"1:1:", "expected 'network', 'variable' or 'probability'"}},
		{"infinity", vars + "probability ( A ) { table inf, 0; }", []string{"2:21:", "entry 0 is +Inf"}},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			_, err := ReadBIF(strings.NewReader(test.src))
			if err == nil {
				t.Fatal("got no error")
			}
			var pe *PositionError
			if errors.As(err, &pe) {
				pe.File = "f" // so that the message has the file:line:col: form
			}
			for _, w := range test.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestReadBIFCommentsAndLatent(t *testing.T) {
	src := `// header comment
network n { property "software = x"; }
/* a block
   comment */ variable U { type discrete [ 2 ] { u0, u1 }; property latent = true ; }
variable X { type discrete [ 2 ] { x0, x1 }; } // trailing
probability ( U ) { table 0.5, 0.5; }
probability ( X | U ) { (u0) 1, 0; (u1) 0, 1; }`
	m, err := ReadBIF(strings.NewReader(src))
	must(t, err)
	if got := m.Observed(); !slices.Equal(got, []int{1}) {
		t.Errorf("observed: got %v, want [1]", got)
	}
}

func TestWriteBIFRoundTripNetworks(t *testing.T) {
	files := globOrSkip(t, filepath.Join(networksDir, "*.bif"))
	files = append(files, globOrSkip(t, filepath.Join(casesDir, "bif", "*.bif"))...)
	for _, f := range files {
		if strings.HasPrefix(filepath.Base(f), "bad_") {
			continue
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			if testing.Short() && fileSize(f) > 1<<20 {
				t.Skip("large network in -short mode")
			}
			m, err := ReadFile(f)
			must(t, err)
			roundTrip(t, m)
		})
	}
}

func fileSize(path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return st.Size()
}

func roundTrip(t *testing.T, m *Model) {
	t.Helper()
	var buf bytes.Buffer
	must(t, WriteBIF(&buf, m))
	back, err := ReadBIF(&buf)
	if err != nil {
		t.Fatalf("reading the written BIF: %v", err)
	}
	if back.Name() != m.Name() && m.Name() != "" {
		t.Errorf("network name: got %q, want %q", back.Name(), m.Name())
	}
	if diff := modelDiff(m, back, 1e-15); diff != "" {
		t.Error(diff)
	}
	for i := range m.NumVars() {
		if back.Variable(i).Name != m.Variable(i).Name {
			t.Fatalf("variable %d: got %q, want %q", i, back.Variable(i).Name, m.Variable(i).Name)
		}
	}
}

func TestWriteBIFRoundTripQuoting(t *testing.T) {
	names := []string{"age group", "a,b", "x;y", `say "hi"`, `back\slash`, "(1,999, 20]", "table", "a//b", "p|q", "{}", "ünïcödé", "tab\there", "<5"}
	b := NewBuilder()
	b.SetName("odd names")
	must(t, b.AddVariable(names[0], names[1:]...))
	must(t, b.AddVariable("y/*z*/", "0", "1"))
	n := len(names) - 1
	p := make([]float64, n)
	for k := range p {
		p[k] = 1 / float64(n)
	}
	must(t, b.SetCPT(names[0], nil, p))
	table := make([]float64, 0, 2*n)
	for k := range n {
		table = append(table, float64(k)/float64(n), 1-float64(k)/float64(n))
	}
	must(t, b.SetCPT("y/*z*/", []string{names[0]}, table))
	must(t, b.SetLatent(names[0]))
	m, err := b.Build()
	must(t, err)
	roundTrip(t, m)
}

func TestReadXMLBIFEqualsBIF(t *testing.T) {
	for _, name := range []string{"asia", "alarm"} {
		t.Run(name, func(t *testing.T) {
			x, err := ReadFile(filepath.Join(networksDir, name+".xml"))
			if errors.Is(err, os.ErrNotExist) {
				t.Skip(err)
			}
			must(t, err)
			b, err := ReadFile(filepath.Join(networksDir, name+".bif"))
			must(t, err)
			if diff := modelDiff(b, x, 1e-12); diff != "" {
				t.Error(diff)
			}
		})
	}
}

func TestReadXMLBIFErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"not xml", "<BIF><NETWORK>", []string{"invalid XML"}},
		{"no network", "<BIF></BIF>", []string{"no NETWORK"}},
		{"unknown parent", `<BIF><NETWORK>
<VARIABLE TYPE="nature"><NAME>A</NAME><OUTCOME>0</OUTCOME><OUTCOME>1</OUTCOME></VARIABLE>
<DEFINITION><FOR>A</FOR><GIVEN>B</GIVEN><TABLE>1 0 0 1</TABLE></DEFINITION>
</NETWORK></BIF>`, []string{"line 3", `unknown parent "B"`}},
		{"bad number", `<BIF><NETWORK>
<VARIABLE TYPE="nature"><NAME>A</NAME><OUTCOME>0</OUTCOME><OUTCOME>1</OUTCOME></VARIABLE>
<DEFINITION><FOR>A</FOR><TABLE>0.5 x</TABLE></DEFINITION>
</NETWORK></BIF>`, []string{"line 3", `"A"`, `TABLE entry 1 is "x"`}},
		{"decision", `<BIF><NETWORK><VARIABLE TYPE="decision"><NAME>D</NAME><OUTCOME>0</OUTCOME></VARIABLE></NETWORK></BIF>`,
			[]string{`"D"`, "decision"}},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			_, err := ReadXMLBIF(strings.NewReader(test.src))
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
}

func TestReadFileSuffix(t *testing.T) {
	if _, err := ReadFile("model.net"); err == nil || !strings.Contains(err.Error(), ".bif, .xml or .xmlbif") {
		t.Errorf("unknown suffix: got %v", err)
	}
	if _, err := ReadFile("does_not_exist.bif"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: got %v, want os.ErrNotExist", err)
	}
}

func FuzzReadBIF(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(casesDir, "bif", "*.bif"))
	for _, file := range files {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(string(src))
		}
	}
	f.Add("variable \"a\\\"b\" { type discrete [ 1 ] { x }; } probability ( \"a\\\"b\" ) { default 1; }")
	f.Fuzz(func(t *testing.T, src string) {
		m, err := ReadBIF(strings.NewReader(src))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := WriteBIF(&buf, m); err != nil {
			t.Fatal(err)
		}
		back, err := ReadBIF(&buf)
		if err != nil {
			t.Fatalf("reading the written BIF: %v\n%s", err, buf.String())
		}
		if diff := modelDiff(m, back, 1e-12); diff != "" {
			t.Fatal(diff)
		}
	})
}
