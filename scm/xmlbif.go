package scm

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

type xmlVariable struct {
	Type     string   `xml:"TYPE,attr"`
	Name     string   `xml:"NAME"`
	Outcomes []string `xml:"OUTCOME"`
	Property []string `xml:"PROPERTY"`
}

type xmlDefinition struct {
	For   string   `xml:"FOR"`
	Given []string `xml:"GIVEN"`
	Table []string `xml:"TABLE"`
}

// ReadXMLBIF reads a model in XMLBIF (version 0.3, and the older form whose
// tables are in PROBABILITY elements). Each VARIABLE gives a NAME and its
// OUTCOMEs. Each DEFINITION gives FOR, its GIVEN parents and a TABLE of
// whitespace-separated numbers in which the child's state varies fastest:
// one row per parent configuration, with the last parent varying fastest. A
// PROPERTY "latent = true", with any spacing and case, marks a variable
// latent. Element names match in any case. Rows are checked as in ReadBIF,
// and errors carry the line and column of the element.
func ReadXMLBIF(r io.Reader) (*Model, error) {
	raw := xml.NewDecoder(r)
	raw.CharsetReader = charsetReader
	dec := xml.NewTokenDecoder(upperCaseNames{raw})
	b := NewBuilder()
	var defs []xmlDefinition
	var defPos, varPos [][2]int
	var name string
	inNetwork := false
	var open []string // names of the enclosing elements
	for {
		line, col := raw.InputPos()
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, &PositionError{Line: line, Col: col, Err: fmt.Errorf("invalid XML: %v", err)}
		}
		if _, ok := tok.(xml.EndElement); ok && len(open) > 0 {
			open = open[:len(open)-1]
			continue
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch elem := start.Name.Local; {
		case elem == "NAME" && len(open) > 0 && open[len(open)-1] == "NETWORK":
			if err := dec.DecodeElement(&name, &start); err != nil {
				return nil, &PositionError{Line: line, Col: col, Err: fmt.Errorf("invalid NAME element: %v", err)}
			}
		case elem == "VARIABLE":
			var v xmlVariable
			if err := dec.DecodeElement(&v, &start); err != nil {
				return nil, &PositionError{Line: line, Col: col, Err: fmt.Errorf("invalid VARIABLE element: %v", err)}
			}
			if err := addXMLVariable(b, v); err != nil {
				return nil, &PositionError{Line: line, Col: col, Err: err}
			}
			varPos = append(varPos, [2]int{line, col})
		case elem == "DEFINITION", elem == "PROBABILITY":
			var d xmlDefinition
			if err := dec.DecodeElement(&d, &start); err != nil {
				return nil, &PositionError{Line: line, Col: col, Err: fmt.Errorf("invalid %s element: %v", elem, err)}
			}
			defs = append(defs, d)
			defPos = append(defPos, [2]int{line, col})
		default:
			inNetwork = inNetwork || elem == "NETWORK"
			open = append(open, elem)
		}
	}
	if !inNetwork {
		return nil, errors.New("scm: XMLBIF input has no NETWORK element")
	}
	if len(b.vars) == 0 {
		return nil, errors.New("scm: XMLBIF input declares no variables")
	}
	b.SetName(strings.TrimSpace(name))
	for k, d := range defs {
		if err := setXMLDefinition(b, d); err != nil {
			return nil, &PositionError{Line: defPos[k][0], Col: defPos[k][1], Err: err}
		}
	}
	for i, t := range b.tables {
		if t == nil {
			return nil, &PositionError{Line: varPos[i][0], Col: varPos[i][1],
				Err: fmt.Errorf("variable %q has no DEFINITION element", b.vars[i].Name)}
		}
	}
	m, err := b.Build()
	var cycle *CycleError
	if errors.As(err, &cycle) {
		for k, d := range defs {
			if strings.TrimSpace(d.For) == cycle.Cycle[0] {
				return nil, &PositionError{Line: defPos[k][0], Col: defPos[k][1], Err: err}
			}
		}
	}
	return m, err
}

// upperCaseNames passes on the tokens of an XML decoder with element and
// attribute names in upper case, so that XMLBIF element names match in any
// case.
type upperCaseNames struct {
	dec *xml.Decoder
}

func (u upperCaseNames) Token() (xml.Token, error) {
	tok, err := u.dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := xml.CopyToken(tok).(type) {
	case xml.StartElement:
		t.Name.Local = strings.ToUpper(t.Name.Local)
		for k := range t.Attr {
			t.Attr[k].Name.Local = strings.ToUpper(t.Attr[k].Name.Local)
		}
		return t, nil
	case xml.EndElement:
		t.Name.Local = strings.ToUpper(t.Name.Local)
		return t, nil
	default:
		return t, nil
	}
}

func addXMLVariable(b *Builder, v xmlVariable) error {
	name := strings.TrimSpace(v.Name)
	if name == "" {
		return errors.New("VARIABLE element has no NAME element, or an empty one")
	}
	if t := strings.ToLower(strings.TrimSpace(v.Type)); t != "" && t != "nature" {
		return fmt.Errorf("variable %q has TYPE %q; only \"nature\" (chance) variables are supported", name, v.Type)
	}
	states := make([]string, len(v.Outcomes))
	for k, s := range v.Outcomes {
		states[k] = strings.TrimSpace(s)
	}
	if err := b.AddVariable(name, states...); err != nil {
		return err
	}
	for _, p := range v.Property {
		if isLatentProperty(p) {
			b.SetLatent(name)
		}
	}
	return nil
}

func setXMLDefinition(b *Builder, d xmlDefinition) error {
	child := strings.TrimSpace(d.For)
	if len(d.Table) != 1 {
		return fmt.Errorf("definition of %q has %d TABLE elements, want 1", child, len(d.Table))
	}
	parents := make([]string, len(d.Given))
	for k, g := range d.Given {
		parents[k] = strings.TrimSpace(g)
	}
	fields := strings.Fields(d.Table[0])
	table := make([]float64, len(fields))
	for k, f := range fields {
		x, ok := parseNumber(f)
		if !ok {
			return fmt.Errorf("definition of %q: TABLE entry %d is %q, want a probability", child, k, f)
		}
		table[k] = x
	}
	return b.SetCPT(child, parents, table)
}

// charsetReader accepts the encodings XMLBIF files declare besides UTF-8:
// US-ASCII, which is a subset of UTF-8, and ISO-8859-1.
func charsetReader(charset string, r io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "us-ascii", "ascii", "utf-8", "utf8":
		return r, nil
	case "iso-8859-1", "latin1", "latin-1":
		return &latin1Reader{r: bufio.NewReader(r)}, nil
	}
	return nil, fmt.Errorf("unsupported encoding %q; want UTF-8, US-ASCII or ISO-8859-1", charset)
}

// latin1Reader converts ISO-8859-1 bytes to UTF-8.
type latin1Reader struct {
	r   *bufio.Reader
	buf []byte
}

func (l *latin1Reader) Read(p []byte) (int, error) {
	for len(l.buf) < len(p) {
		c, err := l.r.ReadByte()
		if err != nil {
			if len(l.buf) > 0 {
				break
			}
			return 0, err
		}
		l.buf = utf8.AppendRune(l.buf, rune(c))
	}
	n := copy(p, l.buf)
	l.buf = l.buf[n:]
	return n, nil
}
