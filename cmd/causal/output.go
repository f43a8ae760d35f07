package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"
)

// result is the outcome of one query, printed as a table or as the JSON
// object that the command line's documentation fixes.
type result struct {
	Query    string
	Method   string
	Estimand string
	// Columns names the variables of each row's assignment, in print order.
	Columns []string
	Rows    []row
	// Bounds is set when only bounds exist, in place of Rows.
	Bounds *bounds
	// Notes are printed one per line after the other fields.
	Notes []string
	// EstimandOnly marks a result of identification alone, which has no
	// distribution to print.
	EstimandOnly bool
	// Extra holds further fields of the JSON object, in order.
	Extra []field
	Err   error
}

type row struct {
	States []string // one per column
	P      float64
}

type bounds struct {
	Lower, Upper float64
	Meaning      string
}

type field struct {
	Key   string
	Value any
}

// writeJSON prints r as one JSON object on one line. The keys come in a
// fixed order: query, then error or method, estimand, the distribution or
// the bounds, further fields and notes.
func writeJSON(w io.Writer, r *result) error {
	var buf bytes.Buffer
	buf.WriteByte('{')
	first := true
	put := func(key string, value any) {
		if !first {
			buf.WriteString(", ")
		}
		first = false
		buf.Write(marshalJSON(key))
		buf.WriteString(": ")
		buf.Write(marshalJSON(value))
	}

	put("query", r.Query)
	if r.Err != nil {
		put("error", r.Err.Error())
		buf.WriteString("}\n")
		_, err := w.Write(buf.Bytes())
		return err
	}

	put("method", r.Method)
	if r.Estimand != "" {
		put("estimand", r.Estimand)
	}
	if r.Bounds != nil {
		put("lower", jsonNumber(r.Bounds.Lower))
		put("upper", jsonNumber(r.Bounds.Upper))
		if r.Bounds.Meaning != "" {
			put("meaning", r.Bounds.Meaning)
		}
	} else if !r.EstimandOnly {
		put("distribution", jsonRows(r))
	}
	for _, f := range r.Extra {
		put(f.Key, f.Value)
	}
	if len(r.Notes) > 0 {
		put("notes", r.Notes)
	}

	buf.WriteString("}\n")
	_, err := w.Write(buf.Bytes())
	return err
}

// marshalJSON encodes v without escaping <, > and &, which estimands and
// graphs contain ("S -> T"). A value that cannot be encoded becomes its
// fmt.Sprint text.
func marshalJSON(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		buf.Reset()
		enc.Encode(fmt.Sprint(v))
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// jsonNumber formats a probability with 10 significant digits. That drops
// floating-point noise, and also the safety margin of about 1e-11 by which
// counterfactual bounds are widened, so [0.625, 0.875] does not print as
// [0.624999999979, 0.875000000021]. Callers pass finite values only (see
// checkFinite).
func jsonNumber(x float64) json.Number {
	return json.Number(strconv.FormatFloat(x, 'g', 10, 64))
}

// roundoff is the largest negative value taken as a probability of zero
// that floating-point rounding made negative.
const roundoff = 1e-12

// checkFinite replaces a result that holds NaN, an infinity or a negative
// probability by an error, so that no such value is ever printed. Values
// within roundoff below zero become zero.
func checkFinite(r *result) {
	bad := func(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) || x < -roundoff }
	for i, x := range r.Rows {
		if bad(x.P) {
			r.Err = fmt.Errorf("internal error: probability %v for %s in the answer to %s", x.P, strings.Join(x.States, ", "), r.Query)
			return
		}
		r.Rows[i].P = max(x.P, 0)
	}
	if r.Bounds != nil {
		if bad(r.Bounds.Lower) || bad(r.Bounds.Upper) {
			r.Err = fmt.Errorf("internal error: bounds [%v, %v] in the answer to %s", r.Bounds.Lower, r.Bounds.Upper, r.Query)
			return
		}
		r.Bounds.Lower = max(r.Bounds.Lower, 0)
		r.Bounds.Upper = max(r.Bounds.Upper, 0)
	}
}

// assignment is a JSON object whose keys keep the column order.
type assignment struct {
	keys, values []string
}

func (a assignment) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range a.keys {
		if i > 0 {
			buf.WriteString(", ")
		}
		buf.Write(marshalJSON(k))
		buf.WriteString(": ")
		buf.Write(marshalJSON(a.values[i]))
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

type jsonRow struct {
	Assignment assignment  `json:"assignment"`
	P          json.Number `json:"p"`
}

func jsonRows(r *result) []jsonRow {
	rows := make([]jsonRow, len(r.Rows))
	for i, x := range r.Rows {
		rows[i] = jsonRow{
			Assignment: assignment{keys: r.Columns, values: x.States},
			P:          jsonNumber(x.P),
		}
	}
	return rows
}

// writeTable prints r for a reader: the query, labelled lines for the
// method, estimand and further fields, then a table of probabilities or the
// bounds and what they mean.
func writeTable(w io.Writer, r *result) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", r.Query)
	var labels, values []string
	add := func(label string, value any) {
		labels = append(labels, label+":")
		values = append(values, fmt.Sprint(value))
	}
	if r.Err != nil {
		add("error", printable(r.Err.Error()))
	} else {
		add("method", r.Method)
		if r.Estimand != "" {
			add("estimand", r.Estimand)
		}
		for _, f := range r.Extra {
			add(f.Key, f.Value)
		}
		if r.Bounds != nil {
			add("bounds", fmt.Sprintf("[%s, %s]", formatProb(r.Bounds.Lower), formatProb(r.Bounds.Upper)))
			if r.Bounds.Meaning != "" {
				add("meaning", r.Bounds.Meaning)
			}
		}
		for _, n := range r.Notes {
			add("note", n)
		}
	}
	width := 0
	for _, l := range labels {
		width = max(width, utf8.RuneCountInString(l))
	}
	for i, l := range labels {
		fmt.Fprintf(&b, "  %-*s %s\n", width, l, values[i])
	}
	if r.Err == nil && r.Bounds == nil && len(r.Rows) > 0 {
		b.WriteByte('\n')
		tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "  %s\tp\n", tableCells(r.Columns))
		for _, x := range r.Rows {
			fmt.Fprintf(tw, "  %s\t%s\n", tableCells(x.States), formatProb(x.P))
		}
		tw.Flush()
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// tableCells joins names or states with tabs, double-quoting those that are
// empty or hold a space or tab, so that the columns stay readable.
func tableCells(cells []string) string {
	quoted := make([]string, len(cells))
	for i, c := range cells {
		if c == "" || strings.ContainsAny(c, " \t") {
			c = strconv.Quote(c)
		}
		quoted[i] = printable(c)
	}
	return strings.Join(quoted, "\t")
}

// formatProb prints p with six decimals, or with three significant digits
// when it is positive but six decimals would show it as zero.
func formatProb(p float64) string {
	s := strconv.FormatFloat(p, 'f', 6, 64)
	if p > 0 && s == "0.000000" {
		return strconv.FormatFloat(p, 'e', 2, 64)
	}
	return s
}
