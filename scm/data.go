package scm

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/stochastic"
)

// Data is the empirical joint distribution of a table of observations of
// discrete variables.
type Data struct {
	// Types holds one type per variable, in the order of the header. A
	// variable's states are sorted numerically when every value in its
	// column is a number, and otherwise in order of first appearance.
	Types []diagram.Type

	// Weights holds the total weight of each joint configuration of
	// Types, big-endian (the last variable varies fastest).
	Weights []float64

	// Total is the sum of Weights: the number of rows without a weight
	// column.
	Total float64

	// Joint is the joint state over Types: Weights divided by Total.
	Joint *stochastic.Channel
}

// maxDataCells bounds the number of cells of the joint table of a data
// set.
const maxDataCells = 1 << 24

// DataError is an invalid cell or row of a data file. Line is the 1-based
// line of the CSV record (the header is line 1); Column is the name of the
// column, or "" when the error concerns the whole row.
type DataError struct {
	Line   int
	Column string
	Err    error
}

// Error returns the message of Err prefixed with the line and the column.
func (e *DataError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("scm: data line %d: %v", e.Line, e.Err)
	}
	return fmt.Sprintf("scm: data line %d, column %q: %v", e.Line, e.Column, e.Err)
}

// Unwrap returns Err.
func (e *DataError) Unwrap() error { return e.Err }

// ReadData reads observations in CSV: a header row of variable names, then
// one row per observation. When weight is not empty, it names a column that
// holds each row's weight instead: a count, or a probability. Rows with the
// same values add their weights. Weights are decimal numbers, finite and
// non-negative, and their total must be positive. A value that occurs only
// in rows of weight 0 is still a state, with probability 0. A leading UTF-8
// byte order mark is skipped, and UTF-16 text is an error. Every error
// locating a line or a cell, including invalid CSV, is a *DataError.
func ReadData(r io.Reader, weight string) (*Data, error) {
	br := bufio.NewReader(r)
	if start, _ := br.Peek(2); isUTF16(start) {
		return nil, errors.New("scm: data is UTF-16 text; convert it to UTF-8")
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("scm: data has no header row")
	}
	if err != nil {
		return nil, csvError(err)
	}
	header[0] = strings.TrimPrefix(header[0], byteOrderMark)
	header = trimAll(header)
	wcol, names, err := dataColumns(header, weight)
	if err != nil {
		return nil, err
	}

	var rows [][]string
	var weights []float64
	var lines []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		rec = trimAll(rec)
		if len(rec) == 1 && rec[0] == "" {
			continue // a blank line
		}
		if len(rec) != len(header) {
			return nil, &DataError{Line: line, Err: fmt.Errorf("%d fields, want %d (one for each of %s)", len(rec), len(header), strings.Join(header, ", "))}
		}
		w := 1.0
		var vals []string
		for k, cell := range rec {
			if k == wcol {
				if w, err = parseWeight(cell); err != nil {
					return nil, &DataError{Line: line, Column: header[k], Err: err}
				}
				continue
			}
			if cell == "" {
				return nil, &DataError{Line: line, Column: header[k], Err: errors.New("empty value")}
			}
			vals = append(vals, cell)
		}
		rows = append(rows, vals)
		weights = append(weights, w)
		lines = append(lines, line)
	}
	if len(rows) == 0 {
		return nil, errors.New("scm: data has a header but no rows")
	}
	return tabulate(names, rows, weights)
}

// csvError returns a *DataError for a CSV syntax error and wraps any other
// error.
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &DataError{Line: pe.Line, Err: fmt.Errorf("invalid CSV at byte %d of the line: %w", pe.Column, pe.Err)}
	}
	return fmt.Errorf("scm: reading data: %w", err)
}

// dataColumns returns the position of the weight column (-1 without one)
// and the variable names.
func dataColumns(header []string, weight string) (int, []string, error) {
	wcol := -1
	seen := make(map[string]bool)
	var names []string
	for k, h := range header {
		if h == "" {
			return 0, nil, &DataError{Line: 1, Err: fmt.Errorf("column %d has an empty name", k+1)}
		}
		if seen[h] {
			return 0, nil, &DataError{Line: 1, Column: h, Err: errors.New("duplicate column name")}
		}
		seen[h] = true
		if weight != "" && h == weight {
			wcol = k
			continue
		}
		names = append(names, h)
	}
	if weight != "" && wcol < 0 {
		return 0, nil, fmt.Errorf("scm: data has no weight column %q (columns: %s)", weight, strings.Join(header, ", "))
	}
	if len(names) == 0 {
		return 0, nil, errors.New("scm: data has no variable columns")
	}
	return wcol, names, nil
}

func parseWeight(cell string) (float64, error) {
	w, ok := parseNumber(cell)
	switch {
	case !ok:
		return 0, fmt.Errorf("weight %q is not a number", cell)
	case math.IsNaN(w) || math.IsInf(w, 0):
		return 0, fmt.Errorf("weight %q is not finite", cell)
	case w < 0:
		return 0, fmt.Errorf("weight %v is negative, want a count or probability >= 0", w)
	}
	return w, nil
}

func tabulate(names []string, rows [][]string, weights []float64) (*Data, error) {
	types := make([]diagram.Type, len(names))
	index := make([]map[string]int, len(names))
	cells := 1
	for k, name := range names {
		states := columnStates(rows, k)
		types[k] = diagram.NewType(name, states...)
		index[k] = make(map[string]int, len(states))
		for s, label := range states {
			index[k][label] = s
		}
		cells *= len(states)
		if cells > maxDataCells {
			return nil, fmt.Errorf("scm: the joint table of the data columns has more than %d cells", maxDataCells)
		}
	}
	d := &Data{Types: types, Weights: make([]float64, cells)}
	for r, row := range rows {
		cell := 0
		for k, v := range row {
			cell = cell*types[k].Size() + index[k][v]
		}
		d.Weights[cell] += weights[r]
		d.Total += weights[r]
	}
	if !(d.Total > 0) || math.IsInf(d.Total, 0) {
		return nil, fmt.Errorf("scm: data weights sum to %v, want a positive finite total", d.Total)
	}
	p := make([]float64, cells)
	for k, w := range d.Weights {
		p[k] = w / d.Total
	}
	joint, err := stochastic.NewState(types, p)
	if err != nil {
		return nil, fmt.Errorf("scm: data: %w", err)
	}
	d.Joint = joint
	return d, nil
}

// columnStates returns the distinct values of column k: sorted numerically
// when all are numbers, otherwise in order of first appearance.
func columnStates(rows [][]string, k int) []string {
	var states []string
	seen := make(map[string]bool)
	numeric := true
	for _, row := range rows {
		v := row[k]
		if seen[v] {
			continue
		}
		seen[v] = true
		states = append(states, v)
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			numeric = false
		}
	}
	if numeric {
		slices.SortStableFunc(states, func(a, b string) int {
			x, _ := strconv.ParseFloat(a, 64)
			y, _ := strconv.ParseFloat(b, 64)
			switch {
			case x < y:
				return -1
			case x > y:
				return 1
			}
			return strings.Compare(a, b)
		})
	}
	return states
}

func trimAll(xs []string) []string {
	for k, x := range xs {
		xs[k] = strings.TrimSpace(x)
	}
	return xs
}

// Index returns the position of the named variable in d.Types.
func (d *Data) Index(name string) (int, bool) {
	for k, t := range d.Types {
		if t.Name == name {
			return k, true
		}
	}
	return 0, false
}

// Marginal returns the empirical joint state of the named variables, in
// the given order.
func (d *Data) Marginal(names []string) (*stochastic.Channel, error) {
	keep := make([]int, len(names))
	for k, name := range names {
		i, ok := d.Index(name)
		if !ok {
			valid := make([]string, len(d.Types))
			for j, t := range d.Types {
				valid[j] = t.Name
			}
			return nil, fmt.Errorf("scm: data: %w", &UnknownError{Kind: "variable", Name: name, Valid: valid})
		}
		keep[k] = i
	}
	return d.Joint.Marginal(keep), nil
}
