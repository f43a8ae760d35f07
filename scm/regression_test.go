package scm

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/markovcat/causal/stochastic"
)

// regressionVar is a BIF variable block that the BIF regression tests share.
const regressionVar = "variable A { type discrete [ 2 ] { a0, a1 }; }\n"

// readBIFString reads src with ReadBIF, failing the test on an error.
func readBIFString(t *testing.T, src string) *Model {
	t.Helper()
	m, err := ReadBIF(strings.NewReader(src))
	if err != nil {
		t.Fatalf("ReadBIF: %v", err)
	}
	return m
}

// wantErrorContaining fails the test unless err is not nil and its message
// contains every string of want.
func wantErrorContaining(t *testing.T, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want one containing %q", want)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not contain %q", err, w)
		}
	}
}

func TestRegressionBIFByteOrderMark(t *testing.T) {
	src := "\ufeffnetwork n { }\r\n" + regressionVar + "probability ( A ) { table 0.5, 0.5; }"
	m := readBIFString(t, src)
	if got := m.Name(); got != "n" {
		t.Errorf("network name: got %q, want %q", got, "n")
	}

	// Columns count from the first character after the mark.
	_, err := ReadBIF(strings.NewReader("\ufeffhello"))
	wantErrorContaining(t, err, "line 1, column 1:", "found 'hello'")
}

func TestRegressionBIFLatentPropertySpacing(t *testing.T) {
	for _, prop := range []string{
		"property latent = true;",
		"property latent=true;",
		"property latent =true ;",
		"property\tlatent\t=\ttrue\t;",
		`property "latent = true" ;`,
		`property "latent=true";`,
	} {
		t.Run(prop, func(t *testing.T) {
			src := "variable A { type discrete [ 2 ] { a0, a1 }; " + prop + " }\n" +
				"probability ( A ) { table 0.5, 0.5; }"
			m := readBIFString(t, src)
			if !m.IsLatent(0) {
				t.Errorf("A is not latent")
			}
		})
	}
	m := readBIFString(t, "variable A { type discrete [ 2 ] { a0, a1 }; property latent = false; }\n"+
		"probability ( A ) { table 0.5, 0.5; }")
	if m.IsLatent(0) {
		t.Errorf("latent = false made A latent")
	}
}

// The BIF grammar defines a property as everything from "property" to the
// next ';', so a property may hold "//", "/*" or a lone double quote.
func TestRegressionBIFPropertyIsRawText(t *testing.T) {
	for _, prop := range []string{
		"property source = http://www.bnlearn.com/bnrepository/;",
		"property note = /* not a comment;",
		`property size = 5" disk;`,
		"property position = { 10, 20 };",
	} {
		t.Run(prop, func(t *testing.T) {
			src := "network n { " + prop + " }\n" +
				"variable A { type discrete [ 2 ] { a0, a1 }; " + prop + " }\n" +
				"probability ( A ) { " + prop + " table 0.5, 0.5; }"
			m := readBIFString(t, src)
			if got := m.CPT(0).Row(0); !slices.Equal(got, []float64{0.5, 0.5}) {
				t.Errorf("table of A: got %v, want [0.5 0.5]", got)
			}
		})
	}
	_, err := ReadBIF(strings.NewReader(regressionVar + "probability ( A ) { property x = 1"))
	wantErrorContaining(t, err, "line 2, column 21:", "unterminated property", "expected ';'")
}

func TestRegressionBIFNumberSyntax(t *testing.T) {
	accepted := []struct {
		values string
		want   []float64
	}{
		{"1.E-3, 0.999", []float64{0.001, 0.999}},
		{"1e-05, 0.99999", []float64{1e-05, 0.99999}},
		{".5, +.5", []float64{0.5, 0.5}},
		{"5E-1, 0.5e0", []float64{0.5, 0.5}},
		{"1e-400, 1", []float64{0, 1}},
	}
	for _, test := range accepted {
		t.Run(test.values, func(t *testing.T) {
			m := readBIFString(t, regressionVar+"probability ( A ) { table "+test.values+"; }")
			if got := m.CPT(0).Row(0); !slices.Equal(got, test.want) {
				t.Errorf("got %v, want %v", got, test.want)
			}
		})
	}

	rejected := []struct {
		values, found string
	}{
		// strconv.ParseFloat reads "0_5" as 5 and "0x1p-1" as 0.5.
		{"0_5, 0.5", "'0_5'"},
		{"0x1p-1, 0.5", "'0x1p-1'"},
		{"0.5, 0.5_0", "'0.5_0'"},
	}
	for _, test := range rejected {
		t.Run(test.values, func(t *testing.T) {
			_, err := ReadBIF(strings.NewReader(regressionVar + "probability ( A ) { table " + test.values + "; }"))
			wantErrorContaining(t, err, "line 2", `"A"`, "expected a probability", test.found)
		})
	}
}

func TestRegressionBIFRowsWithinTolerance(t *testing.T) {
	m := readBIFString(t, regressionVar+"probability ( A ) { table 0.5, 0.5000009; }")
	row := m.CPT(0).Row(0)
	if sum := row[0] + row[1]; math.Abs(sum-1) > 1e-15 {
		t.Errorf("row sums to %v after renormalising, want 1", sum)
	}
	if want := 0.5 / 1.0000009; math.Abs(row[0]-want) > 1e-15 {
		t.Errorf("P(A=a0): got %v, want %v", row[0], want)
	}

	_, err := ReadBIF(strings.NewReader(regressionVar + "probability ( A ) { table 0.5, 0.500002; }"))
	wantErrorContaining(t, err, "line 2, column 21:", `"A"`, "sum to 1.00000199", "within 1e-06")
}

func TestRegressionBIFNegativeZero(t *testing.T) {
	m := readBIFString(t, regressionVar+"probability ( A ) { table -0, 1; }")
	if got := m.CPT(0).Row(0)[0]; math.Signbit(got) {
		t.Errorf("P(A=a0) is %v, want +0", got)
	}
	var buf bytes.Buffer
	if err := WriteBIF(&buf, m); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "-0") {
		t.Errorf("WriteBIF wrote a negative zero:\n%s", buf.String())
	}
}

func TestRegressionBIFEmptyProbabilityBlock(t *testing.T) {
	_, err := ReadBIF(strings.NewReader(regressionVar + "probability ( A ) { }"))
	wantErrorContaining(t, err, "line 2, column 1:", `probability block for "A"`, "'table'")
	if err != nil && strings.Contains(err.Error(), "no row for  ") {
		t.Errorf("error %q names an empty row", err)
	}
}

func TestRegressionBIFRowForVariableWithoutParents(t *testing.T) {
	_, err := ReadBIF(strings.NewReader(regressionVar + "probability ( A ) { (a0) 0.5, 0.5; }"))
	wantErrorContaining(t, err, "line 2, column 21:", `"A" has no parents`, "table")
	if err != nil && strings.Contains(err.Error(), "one for each of none") {
		t.Errorf("error %q asks for a state of each of no parents", err)
	}
}

// The BIF grammar treats ',' as white space, so "probability ( B, A )"
// gives B the parent A.
func TestRegressionBIFCommaAfterChild(t *testing.T) {
	src := regressionVar + "variable B { type discrete [ 2 ] { b0, b1 }; }\n" +
		"probability ( A ) { table 0.5, 0.5; }\n" +
		"probability ( B, A ) { (a0) 0.9, 0.1; (a1) 0.2, 0.8; }"
	m := readBIFString(t, src)
	if got := m.Parents(1); !slices.Equal(got, []int{0}) {
		t.Errorf("parents of B: got %v, want [0]", got)
	}
}

func TestRegressionBIFHugeDeclaredSize(t *testing.T) {
	for _, n := range []string{"1000000000", "99999999999999999999", "-1", "0", "2.0"} {
		t.Run(n, func(t *testing.T) {
			_, err := ReadBIF(strings.NewReader("variable A { type discrete [ " + n + " ] { a0, a1 }; }"))
			wantErrorContaining(t, err, "line 1, column", `"A"`)
			if !errors.As(err, new(*PositionError)) {
				t.Errorf("got %T, want a *PositionError", err)
			}
		})
	}
}

// Every proper prefix of a valid file must give an error, and every error
// that is not about an empty input must carry a position.
func TestRegressionBIFTruncatedAtEveryByte(t *testing.T) {
	files := globOrSkip(t, filepath.Join(casesDir, "bif", "*.bif"))
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(src) > 8000 {
			continue // keep the quadratic scan short
		}
		full := strings.TrimRight(string(src), " \t\r\n")
		if _, err := ReadBIF(strings.NewReader(full)); err != nil {
			continue // the bad_* files
		}
		for n := range len(full) {
			_, err := ReadBIF(strings.NewReader(full[:n]))
			switch {
			case err == nil:
				t.Errorf("%s cut at byte %d: got no error", filepath.Base(f), n)
			case errors.As(err, new(*PositionError)):
			case strings.Contains(err.Error(), "declares no variables"):
			default:
				t.Errorf("%s cut at byte %d: error %q has no position", filepath.Base(f), n, err)
			}
		}
	}
}

// regressionName draws a non-empty name mixing characters that BIF and the
// query language treat specially.
func regressionName(t *rapid.T, label string) string {
	pieces := []string{
		"a", "Z", "0", "1e5", "_", "-", ".", " ", "\t", "\r\n", ",", ";", "(", ")", "{", "}", "[", "]", "|",
		`"`, `\`, "//", "/*", "*/", "/", "=", "é", "e\u0301", "\u00a0", "\ufeff", "日本", "table", "default",
		"network", "property", "probability", "variable", "type", "discrete", "latent = true",
	}
	n := rapid.IntRange(1, 4).Draw(t, label+" length")
	var b strings.Builder
	for range n {
		b.WriteString(rapid.SampledFrom(pieces).Draw(t, label+" piece"))
	}
	return b.String()
}

func TestRegressionWriteBIFQuotedNamesRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		b := NewBuilder()
		b.SetName(regressionName(t, "network"))
		var names []string
		for k := range rapid.IntRange(1, 3).Draw(t, "variables") {
			name := regressionName(t, fmt.Sprintf("variable %d", k))
			if slices.Contains(names, name) {
				continue
			}
			var states []string
			for j := range rapid.IntRange(1, 3).Draw(t, "states") {
				s := regressionName(t, fmt.Sprintf("state %d", j))
				if !slices.Contains(states, s) {
					states = append(states, s)
				}
			}
			if err := b.AddVariable(name, states...); err != nil {
				t.Fatal(err)
			}
			rows := 1
			if len(names) > 0 {
				rows = len(b.vars[b.index[names[len(names)-1]]].States)
			}
			table := make([]float64, rows*len(states))
			for r := range rows {
				table[r*len(states)+r%len(states)] = 1
			}
			var parents []string
			if len(names) > 0 {
				parents = names[len(names)-1:]
			}
			if err := b.SetCPT(name, parents, table); err != nil {
				t.Fatal(err)
			}
			if rapid.Bool().Draw(t, "latent") {
				b.SetLatent(name)
			}
			names = append(names, name)
		}
		m, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := WriteBIF(&buf, m); err != nil {
			t.Fatal(err)
		}
		back, err := ReadBIF(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("reading back: %v\n%s", err, buf.String())
		}
		if diff := modelDiff(m, back, 0); diff != "" {
			t.Fatalf("round trip: %s\n%s", diff, buf.String())
		}
		if back.Name() != m.Name() {
			t.Fatalf("network name: got %q, want %q\n%s", back.Name(), m.Name(), buf.String())
		}
		for i := range m.NumVars() {
			if back.IsLatent(i) != m.IsLatent(i) {
				t.Fatalf("latent %q: got %v, want %v", m.Variable(i).Name, back.IsLatent(i), m.IsLatent(i))
			}
		}
	})
}

func TestRegressionBuilderTableSizeOverflow(t *testing.T) {
	// 64 binary parents have 2^64 configurations, which wraps an int to 0,
	// so an empty table used to pass the size check.
	b := NewBuilder()
	var parents []string
	for k := range 64 {
		name := fmt.Sprintf("P%d", k)
		must(t, b.AddVariable(name, "0", "1"))
		must(t, b.SetCPT(name, nil, []float64{0.5, 0.5}))
		parents = append(parents, name)
	}
	must(t, b.AddVariable("C", "0", "1"))
	for _, table := range [][]float64{nil, {}} {
		err := b.SetCPT("C", parents, table)
		wantErrorContaining(t, err, `table for "C"`, "64 parents")
	}
}

// regressionXMLBIF wraps variables and definitions in an XMLBIF document.
func regressionXMLBIF(body string) string {
	return `<?xml version="1.0"?>
<BIF VERSION="0.3">
<NETWORK>
<NAME>n</NAME>
` + body + `
</NETWORK>
</BIF>
`
}

const regressionXMLVarA = `<VARIABLE TYPE="nature"><NAME>A</NAME><OUTCOME>a0</OUTCOME><OUTCOME>a1</OUTCOME>%s</VARIABLE>
`

func TestRegressionXMLBIFLatentPropertySpacing(t *testing.T) {
	for _, prop := range []string{"latent = true", "latent=true", " latent =true "} {
		t.Run(prop, func(t *testing.T) {
			src := regressionXMLBIF(fmt.Sprintf(regressionXMLVarA, "<PROPERTY>"+prop+"</PROPERTY>") +
				"<DEFINITION><FOR>A</FOR><TABLE>0.5 0.5</TABLE></DEFINITION>")
			m, err := ReadXMLBIF(strings.NewReader(src))
			if err != nil {
				t.Fatal(err)
			}
			if !m.IsLatent(0) {
				t.Errorf("A is not latent")
			}
		})
	}
}

func TestRegressionXMLBIFNumberSyntax(t *testing.T) {
	for _, entry := range []string{"0x1p-1", "0_5"} {
		src := regressionXMLBIF(fmt.Sprintf(regressionXMLVarA, "") +
			"<DEFINITION><FOR>A</FOR><TABLE>" + entry + " 0.5</TABLE></DEFINITION>")
		_, err := ReadXMLBIF(strings.NewReader(src))
		wantErrorContaining(t, err, "line 6", `"A"`, "TABLE entry 0", entry)
	}
}

func TestRegressionXMLBIFMissingDefinition(t *testing.T) {
	src := regressionXMLBIF(fmt.Sprintf(regressionXMLVarA, ""))
	_, err := ReadXMLBIF(strings.NewReader(src))
	wantErrorContaining(t, err, "line 5, column 1:", `"A"`, "DEFINITION")
}

func TestRegressionXMLBIFCyclePosition(t *testing.T) {
	src := regressionXMLBIF(fmt.Sprintf(regressionXMLVarA, "") +
		`<VARIABLE TYPE="nature"><NAME>B</NAME><OUTCOME>b0</OUTCOME><OUTCOME>b1</OUTCOME></VARIABLE>
<DEFINITION><FOR>A</FOR><GIVEN>B</GIVEN><TABLE>1 0 0 1</TABLE></DEFINITION>
<DEFINITION><FOR>B</FOR><GIVEN>A</GIVEN><TABLE>1 0 0 1</TABLE></DEFINITION>`)
	_, err := ReadXMLBIF(strings.NewReader(src))
	wantErrorContaining(t, err, "line 7, column 1:", "A -> B -> A")
	if !errors.As(err, new(*CycleError)) {
		t.Errorf("got %T, want an error wrapping *CycleError", err)
	}
}

// A NAME inside another element, such as a PROPERTY, is not the network's
// name.
func TestRegressionXMLBIFNestedName(t *testing.T) {
	src := regressionXMLBIF(`<PROPERTY><NAME>other</NAME></PROPERTY>` + "\n" +
		fmt.Sprintf(regressionXMLVarA, "") + "<DEFINITION><FOR>A</FOR><TABLE>0.5 0.5</TABLE></DEFINITION>")
	m, err := ReadXMLBIF(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Name(); got != "n" {
		t.Errorf("network name: got %q, want %q", got, "n")
	}
}

// Element names are matched without regard to case, in NETWORK as in
// VARIABLE and DEFINITION.
func TestRegressionXMLBIFLowerCaseElements(t *testing.T) {
	src := `<bif><network><name>n</name>
<variable type="nature"><name>A</name><outcome>a0</outcome><outcome>a1</outcome><property>latent = true</property></variable>
<variable type="nature"><name>B</name><outcome>b0</outcome><outcome>b1</outcome></variable>
<definition><for>A</for><table>0.5 0.5</table></definition>
<definition><for>B</for><given>A</given><table>0.9 0.1 0.2 0.8</table></definition>
</network></bif>`
	m, err := ReadXMLBIF(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Names(); !slices.Equal(got, []string{"A", "B"}) {
		t.Errorf("names: got %v, want [A B]", got)
	}
	if !m.IsLatent(0) {
		t.Errorf("A is not latent")
	}
	if got := m.CPT(1).Row(1); !slices.Equal(got, []float64{0.2, 0.8}) {
		t.Errorf("P(B | A=a1): got %v, want [0.2 0.8]", got)
	}
}

func TestRegressionXMLBIFVariableWithoutName(t *testing.T) {
	src := regressionXMLBIF(`<VARIABLE TYPE="nature" NAME="A"><OUTCOME>a0</OUTCOME></VARIABLE>`)
	_, err := ReadXMLBIF(strings.NewReader(src))
	wantErrorContaining(t, err, "line 5, column 1:", "VARIABLE", "no NAME")
}

func TestRegressionReadDataByteOrderMark(t *testing.T) {
	d, err := ReadData(strings.NewReader("\ufeffX,n\r\n0,3\r\n1,1\r\n"), "n")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := d.Index("X"); !ok {
		t.Errorf("no column X in %v", d.Types)
	}
	if got := d.Joint.Row(0); !slices.Equal(got, []float64{0.75, 0.25}) {
		t.Errorf("joint: got %v, want [0.75 0.25]", got)
	}
}

func TestRegressionReadDataCSVSyntaxError(t *testing.T) {
	_, err := ReadData(strings.NewReader("X,Y\n0,1\n1,a\"b\n"), "")
	var de *DataError
	if !errors.As(err, &de) {
		t.Fatalf("got %v (%T), want a *DataError", err, err)
	}
	if de.Line != 3 {
		t.Errorf("line: got %d, want 3", de.Line)
	}
	wantErrorContaining(t, err, "line 3", `bare "`)
}

func TestRegressionReadDataWeightSyntax(t *testing.T) {
	tests := []struct {
		weight string
		want   string
	}{
		{"1e400", "not finite"},
		{"-1e400", "not finite"},
		{"1_0", "not a number"},
		{"0x1p4", "not a number"},
		{"", "not a number"},
		{"ten", "not a number"},
	}
	for _, test := range tests {
		t.Run(test.weight, func(t *testing.T) {
			_, err := ReadData(strings.NewReader("X,n\n0,"+test.weight+"\n"), "n")
			wantErrorContaining(t, err, "line 2", `column "n"`, test.want)
		})
	}
}

// A value that occurs only in rows of weight 0 is still a state, with
// probability 0.
func TestRegressionReadDataZeroWeightState(t *testing.T) {
	d, err := ReadData(strings.NewReader("X,n\n2,0\n1,4\n"), "n")
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Types[0].States; !slices.Equal(got, []string{"1", "2"}) {
		t.Errorf("states: got %v, want [1 2]", got)
	}
	if got := d.Joint.Row(0); !slices.Equal(got, []float64{1, 0}) {
		t.Errorf("joint: got %v, want [1 0]", got)
	}
}

func TestRegressionParseQueryUnknownEscape(t *testing.T) {
	for _, test := range []struct {
		query string
		col   int
	}{
		{`P("\u00e9")`, 4},
		{`P(A="x\y")`, 7},
	} {
		_, err := ParseQuery(test.query)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%s: got %v, want a *SyntaxError", test.query, err)
			continue
		}
		if se.Col != test.col {
			t.Errorf("%s: column %d, want %d", test.query, se.Col, test.col)
		}
		wantErrorContaining(t, err, `\"`, `\\`, `\n`, `\t`)
	}
	q, err := ParseQuery(`P("a\"b\\c\nd\te")`)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := q.Targets[0].Var, "a\"b\\c\nd\te"; got != want {
		t.Errorf("name: got %q, want %q", got, want)
	}
}

func TestRegressionParseQueryInvalidUTF8InString(t *testing.T) {
	_, err := ParseQuery("P(\"ab\xffc\")")
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("got %v, want a *SyntaxError", err)
	}
	if se.Col != 6 {
		t.Errorf("column %d, want 6", se.Col)
	}
	wantErrorContaining(t, err, "invalid UTF-8")
}

// Decomposed accents (a letter followed by a combining mark) are part of a
// name, as the precomposed letters are.
func TestRegressionParseQueryCombiningMark(t *testing.T) {
	name := "cafe\u0301"
	q, err := ParseQuery("P(" + name + "=ou\u0301i | do(X=1))")
	if err != nil {
		t.Fatal(err)
	}
	if got := q.Targets[0]; got.Var != name || got.Value != "ou\u0301i" {
		t.Errorf("target: got %q=%q, want %q=%q", got.Var, got.Value, name, "ou\u0301i")
	}
	if got := q.String(); got != "P("+name+"=ou\u0301i | do(X=1))" {
		t.Errorf("String: got %q", got)
	}
}

func TestRegressionParseQueryErrorColumns(t *testing.T) {
	tests := []struct {
		query string
		col   int
		want  string
	}{
		{"P()", 3, "expected a variable name, found ')'"},
		{"P(A|)", 5, "expected a variable name"},
		{"P(A | do())", 10, "expected a variable name"},
		{"P(A | do(do(B)))", 12, "expected ')' to close 'do('"},
		{"P(Y_{X})", 7, "expected '='"},
		{"P(A) x", 6, "expected end of query"},
		{"P(A))", 5, "expected end of query"},
		{"P((A))", 3, "expected a variable name"},
		{"P(日本 | X=)", 10, "expected a value for X"},
		{"P(\"日本\" | ", 10, "expected a variable name"},
		{"P(A | do(B_{X=1}))", 11, "unexpected subscript"},
		{"\tP(A;B)", 5, "unexpected character ';'"},
	}
	for _, test := range tests {
		_, err := ParseQuery(test.query)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: got %v, want a *SyntaxError", test.query, err)
			continue
		}
		if se.Col != test.col {
			t.Errorf("%q: column %d, want %d (%v)", test.query, se.Col, test.col, err)
		}
		if !strings.Contains(se.Msg, test.want) {
			t.Errorf("%q: message %q does not contain %q", test.query, se.Msg, test.want)
		}
	}
}

// Text saved as "Unicode" on Windows is UTF-16, which read byte by byte
// gives names full of NUL bytes.
func TestRegressionUTF16Input(t *testing.T) {
	for _, bom := range []string{"\xff\xfe", "\xfe\xff"} {
		_, err := ReadBIF(strings.NewReader(bom + "n\x00e\x00t\x00"))
		wantErrorContaining(t, err, "UTF-16", "UTF-8")
		_, err = ReadData(strings.NewReader(bom+"X\x00\n\x000\x00\n\x00"), "")
		wantErrorContaining(t, err, "UTF-16", "UTF-8")
	}
}

// The evidence below has probability 0.5·0.01^200 + 0.5·0.02^200, about
// 1e-340, which is below the smallest float64, so a contraction in plain
// float64 reports it as impossible. The posterior of R=0 is 1/(1+2^200).
func TestRegressionPosteriorTinyEvidence(t *testing.T) {
	// P(R=1 | evidence) = 1/(1+2^-n), P(R=0 | evidence) = 2^-n/(1+2^-n), while
	// P(evidence) is about 0.015^n, below the smallest float64 for n = 200.
	for _, n := range []int{170, 200} {
		b := NewBuilder()
		must(t, b.AddVariable("R", "0", "1"))
		must(t, b.SetCPT("R", nil, []float64{0.5, 0.5}))
		evidence := make(map[int]int)
		for k := range n {
			name := fmt.Sprintf("C%d", k)
			must(t, b.AddVariable(name, "0", "1"))
			must(t, b.SetCPT(name, []string{"R"}, []float64{0.99, 0.01, 0.98, 0.02}))
			evidence[k+1] = 1
		}
		// T is independent of the rest; Z=1 forces R=1 and, having a zero
		// in its table, makes Posterior check the part of R apart from T.
		must(t, b.AddVariable("T", "0", "1"))
		must(t, b.SetCPT("T", nil, []float64{0.25, 0.75}))
		must(t, b.AddVariable("Z", "0", "1"))
		must(t, b.SetCPT("Z", []string{"R"}, []float64{1, 0, 0.5, 0.5}))
		m, err := b.Build()
		must(t, err)
		c, err := m.Posterior([]int{0}, evidence)
		if err != nil {
			t.Errorf("n=%d: Posterior of R: %v", n, err)
		} else {
			tail := math.Ldexp(1, -n)
			if got, want := c.Row(0)[1], 1/(1+tail); got != want {
				t.Errorf("n=%d: P(R=1 | evidence): got %v, want %v", n, got, want)
			}
			if got, want := c.Row(0)[0], tail/(1+tail); math.Abs(got-want) > 1e-12*want {
				t.Errorf("n=%d: P(R=0 | evidence): got %v, want %v", n, got, want)
			}
		}
		evidence[n+2] = 1 // Z=1
		c, err = m.Posterior([]int{n + 1}, evidence)
		if err != nil {
			t.Fatalf("n=%d: Posterior of T: %v", n, err)
		}
		if got, want := c.Row(0), []float64{0.25, 0.75}; !slices.Equal(got, want) {
			t.Errorf("n=%d: P(T | evidence, Z=1): got %v, want %v", n, got, want)
		}

		// R=0 contradicts Z=1. The error lists the first ten items only.
		evidence[0] = 0
		_, err = m.Posterior([]int{n + 1}, evidence)
		var zero *stochastic.ZeroProbabilityError
		if !errors.As(err, &zero) {
			t.Fatalf("n=%d: with R=0: got error %v, want a *stochastic.ZeroProbabilityError", n, err)
		}
		want := fmt.Sprintf("R=0, C0=1, C1=1, C2=1, C3=1, C4=1, C5=1, C6=1, C7=1, C8=1 and %d more", n-8)
		if zero.Event != want {
			t.Errorf("n=%d: with R=0: got event %q, want %q", n, zero.Event, want)
		}
	}
}

// A file using every liberty of the format reads as the plain one.
func TestRegressionBIFOddLayout(t *testing.T) {
	odd := "\ufeff// JavaBayes style\r\n" +
		"network\t\"odd net\" { property \"author = x; y\" ; property url = http://example.org/a ; }\r\n" +
		"probability(\"B, c\"/*child*/,A){\r\n" +
		"\tdefault 0.5 0.5 ;\r\n" +
		"\t( \"a 1\" ) 1.E-1\t9.E-1;//row\r\n" +
		"\tproperty note = rows come before the variables ;\r\n" +
		"}\r\n" +
		"probability ( A ) { table 2.5e-1, .75 ; }\r\n" +
		"variable A{type discrete[2]{\"a 0\" \"a 1\"};property latent=TRUE;}\r\n" +
		"/* a comment\r\n spanning lines */variable \"B, c\" {\r\n" +
		"  type discrete [ 2 ] { \"say \\\"hi\\\"\", 'q' };\r\n" +
		"}\r\n" +
		"variable D { type discrete [ 2 ] { d0, d1 }; }\r\n" +
		"probability ( D | A, \"B, c\" ) { table 1 0.5 0.5 0  0 0.5 0.5 1 ; }"
	plain := `network "odd net" { }
variable A { type discrete [ 2 ] { "a 0", "a 1" }; property latent = true; }
variable "B, c" { type discrete [ 2 ] { "say \"hi\"", 'q' }; }
variable D { type discrete [ 2 ] { d0, d1 }; }
probability ( A ) { table 0.25, 0.75; }
probability ( "B, c" | A ) { ("a 0") 0.5, 0.5; ("a 1") 0.1, 0.9; }
probability ( D | A, "B, c" ) {
  ("a 0", "say \"hi\"") 1, 0;
  ("a 0", 'q') 0.5, 0.5;
  ("a 1", "say \"hi\"") 0.5, 0.5;
  ("a 1", 'q') 0, 1;
}`
	got := readBIFString(t, odd)
	want := readBIFString(t, plain)
	if diff := modelDiff(want, got, 1e-15); diff != "" {
		t.Error(diff)
	}
	if got.Name() != "odd net" {
		t.Errorf("network name: got %q, want %q", got.Name(), "odd net")
	}
	if !got.IsLatent(0) {
		t.Errorf("A is not latent")
	}
	if s := got.Variable(1).States; !slices.Equal(s, []string{`say "hi"`, "'q'"}) {
		t.Errorf("states of %q: got %q", got.Variable(1).Name, s)
	}
}

// Windows line endings, tabs and a byte order mark change nothing in the
// bnlearn networks.
func TestRegressionBIFWindowsNetworks(t *testing.T) {
	for _, name := range []string{"asia", "alarm", "child", "insurance"} {
		path := filepath.Join(networksDir, name+".bif")
		src, err := os.ReadFile(path)
		if errors.Is(err, os.ErrNotExist) {
			t.Skip(err)
		}
		if err != nil {
			t.Fatal(err)
		}
		want := readBIFString(t, string(src))
		windows := "\ufeff" + strings.ReplaceAll(strings.ReplaceAll(string(src), "\n", "\r\n"), "  ", "\t")
		got := readBIFString(t, windows)
		if diff := modelDiff(want, got, 0); diff != "" {
			t.Errorf("%s: %s", name, diff)
		}
	}
}

// Every proper prefix of an XMLBIF file must give an error with a position,
// or say that the NETWORK element or the variables are missing.
func TestRegressionXMLBIFTruncatedAtEveryByte(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(networksDir, "asia.xml"))
	if errors.Is(err, os.ErrNotExist) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	full := strings.TrimRight(string(src), " \t\r\n")
	for n := range len(full) {
		_, err := ReadXMLBIF(strings.NewReader(full[:n]))
		switch {
		case err == nil:
			t.Errorf("cut at byte %d: got no error", n)
		case errors.As(err, new(*PositionError)):
		case strings.Contains(err.Error(), "no NETWORK element"), strings.Contains(err.Error(), "declares no variables"):
		default:
			t.Errorf("cut at byte %d: error %q has no position", n, err)
		}
	}
}

// Errors of ReadFile start with the path, with or without a position, and
// carry no "scm: " in the middle.
func TestRegressionReadFileErrorPrefix(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"empty.bif": "// no variables\n",
		"bad.bif":   regressionVar + "probability ( A ) { table 0.5, 0.6; }",
		"cycle.xml": regressionXMLBIF(fmt.Sprintf(regressionXMLVarA, "") +
			`<VARIABLE TYPE="nature"><NAME>B</NAME><OUTCOME>b0</OUTCOME><OUTCOME>b1</OUTCOME></VARIABLE>
<DEFINITION><FOR>A</FOR><GIVEN>B</GIVEN><TABLE>1 0 0 1</TABLE></DEFINITION>
<DEFINITION><FOR>B</FOR><GIVEN>A</GIVEN><TABLE>1 0 0 1</TABLE></DEFINITION>`),
		"none.xml": "<BIF/>",
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := ReadFile(path)
		if err == nil {
			t.Errorf("%s: got no error", name)
			continue
		}
		if msg := err.Error(); !strings.HasPrefix(msg, path+":") || strings.Contains(msg, "scm: ") {
			t.Errorf("%s: error %q, want it to start with %q and hold no \"scm: \"", name, msg, path+":")
		}
	}
	_, err := ReadFile(filepath.Join(dir, "cycle.xml"))
	if !errors.As(err, new(*CycleError)) {
		t.Errorf("cycle.xml: got %T, want an error wrapping *CycleError", err)
	}
}

func TestReadBIFTableErrorType(t *testing.T) {
	// A row sum error in a table and in a row of a conditional table: both
	// are a *PositionError that wraps a *TableError naming the variable.
	for _, src := range []string{
		regressionVar + "probability ( A ) { table 0.5, 0.6; }",
		regressionVar + "variable B { type discrete [ 2 ] { b0, b1 }; }\n" +
			"probability ( A ) { table 0.5, 0.5; }\n" +
			"probability ( B | A ) { (a0) 0.5, 0.5; (a1) 0.5, 0.6; }",
	} {
		_, err := ReadBIF(strings.NewReader(src))
		var pos *PositionError
		if !errors.As(err, &pos) {
			t.Errorf("got %v, want a *PositionError", err)
		}
		var table *TableError
		if !errors.As(err, &table) {
			t.Errorf("got %v, want a *TableError inside it", err)
			continue
		}
		if table.Var == "" {
			t.Errorf("TableError %v names no variable", table)
		}
	}
}

func TestRegressionPosteriorSizeLimitCountsEveryTarget(t *testing.T) {
	// A is a root with a point state and C is observed, so the contraction
	// keeps only B; the table over all three targets has 8 entries, over
	// the limit of 4, and must not be formed.
	b := NewBuilder()
	err := errors.Join(
		b.AddVariable("A", "a0", "a1"),
		b.AddVariable("B", "b0", "b1"),
		b.AddVariable("C", "c0", "c1"),
		b.SetCPT("A", nil, []float64{1, 0}),
		b.SetCPT("B", nil, []float64{0.3, 0.7}),
		b.SetCPT("C", []string{"B"}, []float64{0.5, 0.5, 0.2, 0.8}),
	)
	if err != nil {
		t.Fatal(err)
	}
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	opt := PosteriorOptions{SizeLimit: 4}
	for _, tc := range []struct {
		targets  []int
		evidence map[int]int
	}{
		{[]int{0, 1, 2}, map[int]int{2: 1}},
		{[]int{0, 1, 2}, nil},
	} {
		_, _, err := m.PosteriorWith(tc.targets, tc.evidence, opt)
		var size *stochastic.SizeLimitError
		if !errors.As(err, &size) {
			t.Errorf("targets %v, evidence %v: got %v, want a *stochastic.SizeLimitError", tc.targets, tc.evidence, err)
			continue
		}
		if size.Size != 8 || size.Limit != 4 || !slices.Equal(size.Vars, []string{"A", "B", "C"}) {
			t.Errorf("targets %v, evidence %v: got %+v, want 8 entries over A, B, C and limit 4", tc.targets, tc.evidence, size)
		}
	}
	// Within the limit the answer is unchanged: P(A=a0, B, C=c1) = P(B) P(c1 | B) / P(c1).
	p, _, err := m.PosteriorWith([]int{0, 1, 2}, map[int]int{2: 1}, PosteriorOptions{SizeLimit: 8})
	if err != nil {
		t.Fatal(err)
	}
	pc1 := 0.3*0.5 + 0.7*0.8
	want := []float64{0, 0.3 * 0.5 / pc1, 0, 0.7 * 0.8 / pc1, 0, 0, 0, 0}
	for j, w := range want {
		if got := p.At(0, j); math.Abs(got-w) > 1e-12 {
			t.Errorf("entry %d: got %v, want %v", j, got, w)
		}
	}
}

func TestRegressionTableErrorNamesState(t *testing.T) {
	// A table line lists the child's states slowest, so the fourth value
	// is row A=a1, state b1.
	src := `network n { }
variable A { type discrete [ 2 ] { a0, a1 }; }
variable B { type discrete [ 3 ] { b0, b1, b2 }; }
probability ( A ) { table 0.5, 0.5; }
probability ( B | A ) { table 0.2, 0.3, 0.3, NaN, 0.5, 0.4; }
`
	_, err := ReadBIF(strings.NewReader(src))
	var te *TableError
	if !errors.As(err, &te) {
		t.Fatalf("ReadBIF: got error %v, want a *TableError", err)
	}
	if te.Row != "(A=a1)" || te.State != "b1" {
		t.Errorf("TableError names row %q state %q, want row (A=a1) state b1", te.Row, te.State)
	}
	if want := `row (A=a1), state "b1": entry 1 is NaN`; !strings.Contains(err.Error(), want) {
		t.Errorf("message %q does not contain %q", err.Error(), want)
	}
}
