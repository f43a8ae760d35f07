package diagram_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/internal/diagramtest"
	"pgregory.net/rapid"
)

// svgRect is a rectangle of a drawing.
type svgRect struct{ x, y, w, h float64 }

// parseSVG checks that data is well-formed XML with an svg root and returns
// its size, its rectangles other than the background and its texts.
func parseSVG(data []byte) (width, height float64, rects []svgRect, texts []string, err error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return width, height, rects, texts, nil
		}
		if err != nil {
			return 0, 0, nil, nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			attr := func(name string) float64 {
				for _, a := range tok.Attr {
					if a.Name.Local == name {
						v, _ := strconv.ParseFloat(a.Value, 64)
						return v
					}
				}
				return 0
			}
			switch tok.Name.Local {
			case "svg":
				width, height = attr("width"), attr("height")
			case "rect":
				if r := (svgRect{attr("x"), attr("y"), attr("width"), attr("height")}); r.w > 0 {
					rects = append(rects, r)
				}
			case "text":
				inText = true
			}
		case xml.CharData:
			if inText {
				texts = append(texts, string(tok))
			}
		case xml.EndElement:
			inText = false
		}
	}
}

func TestWriteSVGRandom(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := diagramtest.AnyDiagram().Draw(t, "d")
		var buf bytes.Buffer
		if err := d.WriteSVG(&buf); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(buf.Bytes(), []byte("NaN")) || bytes.Contains(buf.Bytes(), []byte("Inf")) {
			t.Fatalf("drawing contains a non-finite number:\n%s", buf.String())
		}
		width, height, rects, _, err := parseSVG(buf.Bytes())
		if err != nil {
			t.Fatalf("drawing is not well-formed XML: %v\n%s", err, buf.String())
		}
		if len(rects) != d.NumNodes() {
			t.Fatalf("drawing has %d boxes, want %d", len(rects), d.NumNodes())
		}
		for i, r := range rects {
			if r.x < 0 || r.y < 0 || r.x+r.w > width || r.y+r.h > height {
				t.Fatalf("box %d %v lies outside the drawing %v x %v", i, r, width, height)
			}
			for j := 0; j < i; j++ {
				s := rects[j]
				if r.x < s.x+s.w && s.x < r.x+r.w && r.y < s.y+s.h && s.y < r.y+r.h {
					t.Fatalf("boxes %d %v and %d %v overlap", j, s, i, r)
				}
			}
		}
	})
}

func TestWriteSVGLabels(t *testing.T) {
	d := diagram.Then(diagram.Gen(diagram.Box{Name: "a<b & c", Out: types(typeA)}), diagram.Copy(typeA, 2),
		diagram.Tensor(diagram.Gen(boxF), diagram.Discard(typeA)))
	var buf bytes.Buffer
	if err := d.WriteSVG(&buf); err != nil {
		t.Fatal(err)
	}
	_, _, _, texts, err := parseSVG(buf.Bytes())
	if err != nil {
		t.Fatalf("drawing is not well-formed XML: %v", err)
	}
	joined := strings.Join(texts, "|")
	for _, want := range []string{"a<b & c", "f", "A", "B"} {
		if !strings.Contains(joined, want) {
			t.Errorf("drawing texts %q lack %q", texts, want)
		}
	}
}

func TestWriteSVGOutputLabels(t *testing.T) {
	long := diagram.NewType("a rather long output name", "0", "1")
	d := diagram.Tensor(diagram.Id(typeA), diagram.Id(long))
	var buf bytes.Buffer
	if err := d.WriteSVG(&buf); err != nil {
		t.Fatal(err)
	}
	_, height, _, texts, err := parseSVG(buf.Bytes())
	if err != nil {
		t.Fatalf("drawing is not well-formed XML: %v", err)
	}
	// Each wire's type is written once beside its source and once below its
	// output.
	for _, name := range []string{"A", long.Name} {
		count := 0
		for _, text := range texts {
			if text == name {
				count++
			}
		}
		if count != 2 {
			t.Errorf("drawing writes %q %d times, want 2 (texts %q)", name, count, texts)
		}
	}

	var short bytes.Buffer
	if err := diagram.Id(typeA).WriteSVG(&short); err != nil {
		t.Fatal(err)
	}
	_, shortHeight, _, _, err := parseSVG(short.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if height <= shortHeight {
		t.Errorf("drawing with a long output label is %v high, want more than the %v of a one-letter label", height, shortHeight)
	}
}

func TestDOT(t *testing.T) {
	d := diagram.Then(diagram.Gen(diagram.Box{Name: `x "y" {z}`, Out: types(typeA)}), diagram.Copy(typeA, 3),
		diagram.Tensor(diagram.Gen(boxF), diagram.Discard(typeA), diagram.Id(typeA)))
	d = diagram.Tensor(d, diagram.Then(diagram.Gen(boxF), diagram.Discard(typeB)))
	src := d.DOT()
	for _, want := range []string{"digraph diagram {", `n0 [shape=record, label="{x\ \"y\"\ \{z\}|{<o0>}}"];`,
		"n1 [shape=record", "copy0 -> n1:i0:n;", "n2:o0:s -> discard"} {
		if !strings.Contains(src, want) {
			t.Errorf("DOT output lacks %q:\n%s", want, src)
		}
	}
	dot, err := exec.LookPath("dot")
	if err != nil {
		t.Skip("Graphviz dot not installed; not checking that it accepts the output")
	}
	cmd := exec.Command(dot, "-Tsvg")
	cmd.Stdin = strings.NewReader(src)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("dot rejects the output: %v\n%s\n%s", err, out, src)
	}
}
