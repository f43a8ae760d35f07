package diagram_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"testing"

	"github.com/markovcat/causal/diagram"
)

func TestScratchNames(t *testing.T) {
	names := []string{`a"b`, `back\slash`, `end\`, "uni é ∂", "sp ace", "new\nline", "ctl\x01x", "tab\tx", "{rec|ord<x>}", "bad\xffutf", "", "uniform", `\N`, `\G`, "a&b<c>"}
	for k, name := range names {
		ty := diagram.Type{Name: name, States: []string{"0", "1"}}
		b := diagram.Box{Name: name, In: []diagram.Type{ty}, Out: []diagram.Type{ty, ty}}
		d := diagram.Then(diagram.Copy(ty, 2), diagram.Tensor(diagram.Gen(b), diagram.Id(ty)), diagram.Tensor(diagram.Id(ty), diagram.Discard(ty), diagram.Id(ty)))
		fmt.Printf("=== %q\n%s\n", name, d)
		os.WriteFile(fmt.Sprintf("/tmp/dgx/n%d.dot", k), []byte(d.DOT()), 0o644)
		var buf bytes.Buffer
		if err := d.WriteSVG(&buf); err != nil {
			t.Fatal(err)
		}
		if _, _, _, _, err := parseSVG(buf.Bytes()); err != nil {
			t.Errorf("name %q: SVG: %v", name, err)
		}
		out, err := exec.Command("dot", "-Tsvg", fmt.Sprintf("/tmp/dgx/n%d.dot", k), "-o", fmt.Sprintf("/tmp/dgx/n%d.svg", k)).CombinedOutput()
		if err != nil || len(out) > 0 {
			t.Errorf("name %q: dot: %v %s", name, err, out)
		}
	}
}

func TestScratchEdge(t *testing.T) {
	one := diagram.NewType("U", "only")
	for _, d := range []diagram.Diagram{diagram.Tensor(), diagram.Copy(one, 0), diagram.Copy(one, 1), diagram.Uniform(one), diagram.Discard(), diagram.Id(), diagram.Then(), diagram.Then(diagram.Tensor(), diagram.Tensor())} {
		fmt.Println(d, "\n--")
		var buf bytes.Buffer
		d.WriteSVG(&buf)
		if _, _, _, _, err := parseSVG(buf.Bytes()); err != nil {
			t.Error(err)
		}
		fmt.Println(d.DOT())
	}
	for _, perm := range [][]int{nil, {0}, {1, 1}, {-1, 0}, {0, 2}, {0, 1, 2}} {
		err := diagram.Maybe(func() { diagram.Permute([]diagram.Type{one, one}, perm) })
		fmt.Println(perm, err)
	}
	for _, idx := range [][]int{nil, {0, 0, 0, 1, 1}, {2}, {-1}} {
		err := diagram.Maybe(func() { fmt.Println(diagram.Select([]diagram.Type{one, one}, idx)) })
		fmt.Println(idx, err)
	}
	fmt.Println(diagram.Maybe(func() { diagram.Copy(one, -1) }))
	fmt.Println(diagram.Maybe(func() { diagram.Then(diagram.Id(one), diagram.Id(one, one)) }))
	fmt.Println(diagram.Maybe(func() { diagram.Then(diagram.Id(one, one), diagram.Id(one)) }))
	fmt.Println(diagram.Maybe(func() { diagram.Then(diagram.Id(one), diagram.Id(diagram.NewType("U", "x"))) }))
	fmt.Println(diagram.Maybe(func() { diagram.Then(diagram.Tensor(), diagram.Id(one), diagram.Id(one)) }))
	fmt.Println(diagram.Maybe(func() { diagram.Then(diagram.Id(one), diagram.Discard(one), diagram.Id(one)) }))
	fmt.Println(diagram.Maybe(func() { diagram.NewType("X") }))
	fmt.Println(diagram.Maybe(func() { diagram.NewType("X", "a", "a") }))
	fmt.Println(diagram.Maybe(func() { diagram.Tensor().Substitute(0, diagram.Tensor()) }))
	fmt.Println(diagram.Maybe(func() { diagram.Uniform(one).Substitute(0, diagram.Tensor()) }))
	fmt.Println(diagram.Maybe(func() { diagram.Uniform(one).Substitute(0, diagram.Id(one)) }))
	fmt.Println(diagram.Maybe(func() { diagram.Copy(one, 1<<20) }))
	fmt.Println(diagram.Maybe(func() { diagram.Copy(one, 1<<62) }))
}
