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
	// Notes are printed after the table, one per line.
	Notes []string
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

// writeJSON prints r as one JSON object on one line.
func writeJSON(w io.Writer, r *result) error {
	var buf bytes.Buffer
	buf.WriteByte('{')
	first := true
	put := func(key string, value any) {
		if !first {
			buf.WriteString(", ")
		}
		first = false
		k, _ := json.Marshal(key)
		v, err := json.Marshal(value)
		if err != nil {
			v, _ = json.Marshal(fmt.Sprint(value))
		}
		buf.Write(k)
		buf.WriteString(": ")
		buf.Write(v)
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
	} else {
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

// jsonNumber formats a probability with 12 significant digits, which drops
// floating-point noise in the last bits. Callers pass finite values only
// (see checkFinite).
func jsonNumber(x float64) json.Number {
	return json.Number(strconv.FormatFloat(x, 'g', 12, 64))
}

// checkFinite replaces a result that holds NaN or an infinity by an error,
// so that no such value is ever printed.
func checkFinite(r *result) {
	bad := func(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) }
	for _, x := range r.Rows {
		if bad(x.P) {
			r.Err = fmt.Errorf("internal error: probability %v for %s in the answer to %s", x.P, strings.Join(x.States, ", "), r.Query)
			return
		}
	}
	if r.Bounds != nil && (bad(r.Bounds.Lower) || bad(r.Bounds.Upper)) {
		r.Err = fmt.Errorf("internal error: bounds [%v, %v] in the answer to %s", r.Bounds.Lower, r.Bounds.Upper, r.Query)
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
		kb, _ := json.Marshal(k)
		vb, _ := json.Marshal(a.values[i])
		buf.Write(kb)
		buf.WriteString(": ")
		buf.Write(vb)
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

// writeTable prints r for a reader: the query, the method, the estimand and
// a table of probabilities, or the bounds and what they mean.
func writeTable(w io.Writer, r *result) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", r.Query)
	if r.Err != nil {
		fmt.Fprintf(&b, "  error: %v\n", r.Err)
		_, err := io.WriteString(w, b.String())
		return err
	}
	fmt.Fprintf(&b, "  method:   %s\n", r.Method)
	if r.Estimand != "" {
		fmt.Fprintf(&b, "  estimand: %s\n", r.Estimand)
	}
	for _, f := range r.Extra {
		fmt.Fprintf(&b, "  %s: %v\n", f.Key, f.Value)
	}
	if r.Bounds != nil {
		fmt.Fprintf(&b, "  bounds:   [%.6f, %.6f]\n", r.Bounds.Lower, r.Bounds.Upper)
		if r.Bounds.Meaning != "" {
			fmt.Fprintf(&b, "  %s\n", r.Bounds.Meaning)
		}
	} else if len(r.Rows) > 0 {
		b.WriteByte('\n')
		tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "  %s\tp\n", strings.Join(r.Columns, "\t"))
		for _, x := range r.Rows {
			fmt.Fprintf(tw, "  %s\t%.6f\n", strings.Join(x.States, "\t"), x.P)
		}
		tw.Flush()
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "  note: %s\n", n)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
