package scm

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode"
)

// WriteBIF writes m in the format ReadBIF reads: a network block, one
// variable block per variable and one probability block per variable, in
// index order. A table with parents is written as one row per parent
// configuration; latent variables carry "property latent = true;". Names
// that are not plain BIF words are double-quoted. Probabilities are written
// in the shortest form that reads back as the same float64.
func WriteBIF(w io.Writer, m *Model) error {
	bw := bufio.NewWriter(w)
	name := m.name
	if name == "" {
		name = "unknown"
	}
	fmt.Fprintf(bw, "network %s {\n}\n", bifName(name))
	for i, v := range m.vars {
		states := make([]string, len(v.States))
		for k, s := range v.States {
			states[k] = bifName(s)
		}
		fmt.Fprintf(bw, "variable %s {\n  type discrete [ %d ] { %s };\n", bifName(v.Name), len(states), strings.Join(states, ", "))
		if m.vars[i].Latent {
			bw.WriteString("  property latent = true ;\n")
		}
		bw.WriteString("}\n")
	}
	for i := range m.vars {
		m.writeProbability(bw, i)
	}
	return bw.Flush()
}

func (m *Model) writeProbability(bw *bufio.Writer, i int) {
	ps := m.parents[i]
	bw.WriteString("probability ( ")
	bw.WriteString(bifName(m.vars[i].Name))
	if len(ps) > 0 {
		names := make([]string, len(ps))
		for k, p := range ps {
			names[k] = bifName(m.vars[p].Name)
		}
		bw.WriteString(" | ")
		bw.WriteString(strings.Join(names, ", "))
	}
	bw.WriteString(" ) {\n")
	cpt := m.cpts[i]
	if len(ps) == 0 {
		bw.WriteString("  table ")
		writeValues(bw, cpt.Row(0))
	}
	labels := make([]string, len(ps))
	for r := 0; len(ps) > 0 && r < cpt.Rows(); r++ {
		rest := r
		for k := len(ps) - 1; k >= 0; k-- {
			states := m.vars[ps[k]].States
			labels[k] = bifName(states[rest%len(states)])
			rest /= len(states)
		}
		bw.WriteString("  (")
		bw.WriteString(strings.Join(labels, ", "))
		bw.WriteString(") ")
		writeValues(bw, cpt.Row(r))
	}
	bw.WriteString("}\n")
}

func writeValues(bw *bufio.Writer, row []float64) {
	for k, x := range row {
		if k > 0 {
			bw.WriteString(", ")
		}
		bw.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
	}
	bw.WriteString(";\n")
}

// bifName returns name as a BIF word when it lexes as one, and as a quoted
// string otherwise.
func bifName(name string) string {
	plain := name != "" && !strings.Contains(name, "//") && !strings.Contains(name, "/*")
	for _, r := range name {
		if r < 0x80 && !isBIFWordByte(byte(r)) || unicode.IsSpace(r) || !unicode.IsPrint(r) {
			plain = false
			break
		}
	}
	switch strings.ToLower(name) {
	case "network", "variable", "probability", "table", "default", "property", "type", "discrete":
		plain = false
	}
	if plain {
		return name
	}
	var b strings.Builder
	b.WriteByte('"')
	for k := 0; k < len(name); k++ {
		if name[k] == '"' || name[k] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(name[k])
	}
	b.WriteByte('"')
	return b.String()
}

// ReadFile reads a model from a file, choosing the format by the file name's
// suffix in any case: .bif for BIF, .xml or .xmlbif for XMLBIF. Any other
// suffix is an error. Positions in errors are prefixed with the path.
func ReadFile(path string) (*Model, error) {
	var read func(io.Reader) (*Model, error)
	switch ext := strings.ToLower(path); {
	case strings.HasSuffix(ext, ".bif"):
		read = ReadBIF
	case strings.HasSuffix(ext, ".xml"), strings.HasSuffix(ext, ".xmlbif"):
		read = ReadXMLBIF
	default:
		return nil, fmt.Errorf("scm: %s: unknown model file suffix, want .bif, .xml or .xmlbif", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("scm: %w", err)
	}
	defer f.Close()
	m, err := read(f)
	if err != nil {
		if pe, ok := err.(*PositionError); ok {
			c := *pe
			c.File = path
			return nil, &c
		}
		return nil, &fileError{path: path, err: err}
	}
	return m, nil
}

// fileError is an error about a whole model file. Like a *PositionError
// with a File, its message starts with the path, as in "asia.bif: ...".
type fileError struct {
	path string
	err  error
}

func (e *fileError) Error() string { return e.path + ": " + trimPackage(e.err) }

func (e *fileError) Unwrap() error { return e.err }
