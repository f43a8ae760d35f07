package counterfactual

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/markovcat/causal/diagram"
	"github.com/markovcat/causal/scm"
	"github.com/markovcat/causal/stochastic"
)

// EvidenceType is the type of the evidence wire of a twin diagram: "true"
// when every evidence term holds.
var EvidenceType = diagram.NewType("evidence", "false", "true")

// TwinDiagram returns the parallel-world diagram of the counterfactual query
// q and the interpretation of its boxes.
//
// The diagram is a state (it has no inputs). Each exogenous variable is one
// box whose output is copied into every world that reads it. Each world
// applies its interventions by surgery: the box of an intervened variable is
// replaced by the point state of its value. Worlds share every box they
// compute alike: the point state of the same intervention, or the same
// mechanism applied to shared inputs. So a world keeps its own copy only of
// the descendants of its interventions that those interventions can change.
// Only ancestors of the query's variables are built.
//
// The outputs are the targets of q in order, followed, when q has evidence,
// by one wire of EvidenceType that is "true" exactly when every evidence
// term holds in its world. Conditioning that wire on "true", by
// disintegration, gives the counterfactual distribution.
func (m *Model) TwinDiagram(q *scm.Query) (diagram.Diagram, stochastic.Map, error) {
	p, err := compile(m, q)
	if err != nil {
		return diagram.Diagram{}, nil, err
	}
	d, in := m.twin(p)
	return d, in, nil
}

// twin builds the parallel-world diagram of p.
func (m *Model) twin(p *plan) (diagram.Diagram, stochastic.Map) {
	b := &twinBuilder{m: m, an: m.ancestors(), pos: make(map[string]int), memo: make(map[string]int), in: make(stochastic.Map), names: make(map[string]string)}
	var outs []int
	for _, t := range p.targets {
		outs = append(outs, b.node(t.v, p.worlds[t.w]))
	}
	if len(p.evidence) > 0 {
		outs = append(outs, b.evidence(p))
	}
	return b.build(outs), b.in
}

// twinBuilder collects the boxes of a twin diagram and then composes them.
type twinBuilder struct {
	m     *Model
	an    [][]bool
	nodes []twinNode
	pos   map[string]int // node key -> index in nodes
	memo  map[string]int // variable and interventions on its ancestors -> index in nodes
	in    stochastic.Map
	names map[string]string // channel role -> box name
}

// twinNode is a box whose inputs are the outputs of earlier nodes.
type twinNode struct {
	box   diagram.Box
	ins   []int // indices in nodes
	depth int   // 0 for a box without inputs, else 1 + the largest depth of its inputs
}

// node returns the index of the node of variable v in the world with the
// given interventions, adding it and its ancestors when missing.
func (b *twinBuilder) node(v int, world []setting) int {
	var local []setting
	for _, s := range world {
		if b.an[v][s.v] {
			local = append(local, s)
		}
	}
	memo := nodeKey(v, local)
	if k, ok := b.memo[memo]; ok {
		return k
	}

	// A node is identified by what computes it: the point state of an
	// intervention, or a mechanism applied to input nodes. Worlds that
	// produce the same key share the node.
	t := b.m.types[v]
	var box diagram.Box
	var ins []int
	var key string
	if i := slices.IndexFunc(local, func(s setting) bool { return s.v == v }); i >= 0 {
		s := local[i].s
		key = fmt.Sprintf("do %d=%d", v, s)
		name := b.register(key, "do("+t.Name+"="+t.States[s]+")", func() *stochastic.Channel { return stochastic.Point(t, s) })
		box = diagram.Box{Name: name, Out: []diagram.Type{t}}
	} else {
		for _, par := range b.m.parents[v] {
			ins = append(ins, b.node(par, world))
		}
		key = fmt.Sprintf("mechanism %d %v", v, ins)
		name := b.register(fmt.Sprintf("mechanism %d", v), t.Name, func() *stochastic.Channel { return b.m.Channel(v) })
		box = diagram.Box{Name: name, In: b.m.parentTypes(v), Out: []diagram.Type{t}}
	}
	k, ok := b.pos[key]
	if !ok {
		k = b.add(box, ins)
		b.pos[key] = k
	}
	b.memo[memo] = k
	return k
}

// evidence adds the test boxes of the evidence and the conjunction of their
// results, and returns the position of the result.
func (b *twinBuilder) evidence(p *plan) int {
	and := b.register("and", "and", func() *stochastic.Channel {
		c, _ := stochastic.FromFunc([]diagram.Type{EvidenceType, EvidenceType}, []diagram.Type{EvidenceType},
			func(x []int) []int { return []int{x[0] * x[1]} })
		return c
	})
	result := -1
	for _, e := range p.evidence {
		t := b.m.types[e.v]
		value := e.value
		label := t.Name + "=" + t.States[value]
		name := b.register("test "+label, "["+label+"]", func() *stochastic.Channel {
			c, _ := stochastic.FromFunc([]diagram.Type{t}, []diagram.Type{EvidenceType}, func(x []int) []int {
				if x[0] == value {
					return []int{1}
				}
				return []int{0}
			})
			return c
		})
		k := b.add(diagram.Box{Name: name, In: []diagram.Type{t}, Out: []diagram.Type{EvidenceType}},
			[]int{b.node(e.v, p.worlds[e.w])})
		if result >= 0 {
			k = b.add(diagram.Box{Name: and, In: []diagram.Type{EvidenceType, EvidenceType}, Out: []diagram.Type{EvidenceType}},
				[]int{result, k})
		}
		result = k
	}
	return result
}

// add records a box reading the outputs of the nodes ins and returns its
// index.
func (b *twinBuilder) add(box diagram.Box, ins []int) int {
	depth := 0
	for _, i := range ins {
		depth = max(depth, b.nodes[i].depth+1)
	}
	b.nodes = append(b.nodes, twinNode{box: box, ins: ins, depth: depth})
	return len(b.nodes) - 1
}

// build composes the nodes layer by layer and returns the state whose
// outputs are those of the nodes outs. Layer k tensors the boxes of depth k,
// fed by a Select that keeps every earlier output and copies the inputs of
// those boxes, so the diagram takes one Then per layer.
func (b *twinBuilder) build(outs []int) diagram.Diagram {
	layers := make([][]int, 0)
	for i, n := range b.nodes {
		for len(layers) <= n.depth {
			layers = append(layers, nil)
		}
		layers[n.depth] = append(layers[n.depth], i)
	}
	pos := make([]int, len(b.nodes)) // output position of each node
	var types []diagram.Type
	d := diagram.Tensor()
	for _, layer := range layers {
		sel := make([]int, 0, len(types))
		for k := range types {
			sel = append(sel, k)
		}
		gens := []diagram.Diagram{diagram.Id(types...)}
		for _, i := range layer {
			for _, in := range b.nodes[i].ins {
				sel = append(sel, pos[in])
			}
			gens = append(gens, diagram.Gen(b.nodes[i].box))
		}
		d = diagram.Then(d, diagram.Select(types, sel), diagram.Tensor(gens...))
		for _, i := range layer {
			pos[i] = len(types)
			types = append(types, b.nodes[i].box.Out...)
		}
	}
	sel := make([]int, len(outs))
	for k, i := range outs {
		sel[k] = pos[i]
	}
	return diagram.Then(d, diagram.Select(types, sel))
}

// register returns the box name of the channel with the given role, giving
// it the readable name when no other role has taken it.
func (b *twinBuilder) register(role, name string, channel func() *stochastic.Channel) string {
	if n, ok := b.names[role]; ok {
		return n
	}
	for _, taken := b.in[name]; taken; _, taken = b.in[name] {
		name += "'"
	}
	b.names[role] = name
	b.in[name] = channel()
	return name
}

func nodeKey(v int, local []setting) string {
	var sb strings.Builder
	sb.WriteString(strconv.Itoa(v))
	for _, s := range local {
		fmt.Fprintf(&sb, ",%d=%d", s.v, s.s)
	}
	return sb.String()
}

// twinQuery evaluates p on m by contracting the twin diagram.
func (m *Model) twinQuery(p *plan, opts ...stochastic.Option) (*Answer, error) {
	d, in := m.twin(p)
	c, err := stochastic.Interpret(d, in, opts...)
	if err != nil {
		return nil, err
	}
	if len(p.evidence) > 0 {
		last := len(p.targets)
		marginal, conditional, err := stochastic.Disintegrate(c, []int{last})
		if err != nil {
			return nil, err
		}
		if marginal.At(0, 1) <= 0 {
			return nil, p.zeroEvidence(m)
		}
		c = rowState(conditional, 1)
	}
	return answerFromState(p.vars(m), p, c, MethodTwin), nil
}

// rowState returns row i of c as a state over c's outputs.
func rowState(c *stochastic.Channel, i int) *stochastic.Channel {
	s, err := stochastic.NewState(c.Out(), c.Row(i))
	if err != nil {
		panic(fmt.Sprintf("counterfactual: row %d of a conditional: %v", i, err))
	}
	return s
}
