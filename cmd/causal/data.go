package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/markovcat/causal/scm"
)

// readData reads the CSV file of observations for a graph over vars. It
// skips a UTF-8 byte order mark and checks that every variable has a column.
// It drops the columns that are neither a variable nor the weight column
// before scm.ReadData builds the joint table, so that unused columns do not
// count towards the table's size limit. It also returns the names of the
// dropped columns.
func readData(file string, vars []string, weight string) (*scm.Data, []string, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the data: %w", err)
	}
	raw = bytes.TrimPrefix(raw, []byte(byteOrderMark))
	src, err := keepColumns(raw, vars, weight, file)
	if err != nil {
		return nil, nil, err
	}
	data, err := scm.ReadData(bytes.NewReader(src), weight)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", file, err)
	}
	return data, unusedColumns(raw, vars, weight), nil
}

// unusedColumns returns the header names of the CSV text src that are
// neither in vars nor the weight column.
func unusedColumns(src []byte, vars []string, weight string) []string {
	header, err := newCSVReader(src).Read()
	if err != nil {
		return nil
	}
	var unused []string
	for _, name := range header {
		name = strings.TrimSpace(name)
		if !slices.Contains(vars, name) && name != weight {
			unused = append(unused, name)
		}
	}
	return unused
}

// keepColumns returns the CSV text src with only the columns named in vars
// and the weight column, in their order in src. It returns src unchanged when
// it has no other columns, or when its header is invalid or repeats the name
// of a kept column, which scm.ReadData then reports.
func keepColumns(src []byte, vars []string, weight, file string) ([]byte, error) {
	cr := newCSVReader(src)
	header, err := cr.Read()
	if err != nil {
		return src, nil
	}
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	for _, v := range vars {
		if !slices.Contains(header, v) {
			return nil, fmt.Errorf("graph variable %q has no column in %s: the columns are %s", v, file, nameList(header))
		}
	}
	if weight != "" && !slices.Contains(header, weight) {
		return nil, fmt.Errorf("-weight column %q is not in %s: the columns are %s", weight, file, nameList(header))
	}
	var keep []int
	seen := make(map[string]bool)
	for i, name := range header {
		used := slices.Contains(vars, name) || name == weight
		if used && seen[name] {
			return src, nil
		}
		seen[name] = true
		if used {
			keep = append(keep, i)
		}
	}
	if len(keep) == len(header) {
		return src, nil
	}

	var out bytes.Buffer
	cw := csv.NewWriter(&out)
	record := header
	for {
		selected := make([]string, len(keep))
		for k, i := range keep {
			selected[k] = record[i]
		}
		if err := cw.Write(selected); err != nil {
			return nil, err
		}
		record, err = cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: reading data: %w", file, err)
		}
		if len(record) != len(header) {
			line, _ := cr.FieldPos(0)
			return nil, fmt.Errorf("%s: data line %d: %d fields, want %d (one for each column of the header)", file, line, len(record), len(header))
		}
	}
	cw.Flush()
	return out.Bytes(), cw.Error()
}

// newCSVReader reads CSV the way scm.ReadData does: rows may differ in
// length, and leading spaces of a field are dropped.
func newCSVReader(src []byte) *csv.Reader {
	cr := csv.NewReader(bytes.NewReader(src))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	return cr
}
