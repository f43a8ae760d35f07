package stochastic

import (
	"fmt"
	"sort"
	"strings"

	"github.com/markovcat/causal/diagram"
)

// Interpretation assigns a channel to each box. Channel returns the channel
// of b, whose input and output types must be those of b, or an error when
// it has none.
type Interpretation interface {
	Channel(b diagram.Box) (*Channel, error)
}

// Map is an Interpretation that looks boxes up by name.
type Map map[string]*Channel

// Channel returns the channel named b.Name. It returns an error listing the
// names in m when there is none, or when its types are not those of b.
func (m Map) Channel(b diagram.Box) (*Channel, error) {
	c, ok := m[b.Name]
	if !ok {
		return nil, fmt.Errorf("stochastic: no channel for box %q, want one of %s", b.Name, m.names())
	}
	if c == nil {
		return nil, fmt.Errorf("stochastic: nil channel for box %q in the map", b.Name)
	}
	if err := checkBoxTypes(b, c); err != nil {
		return nil, err
	}
	return c, nil
}

// names returns the sorted names of m, at most ten of them, quoted.
func (m Map) names() string {
	if len(m) == 0 {
		return "none: the map is empty"
	}
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, fmt.Sprintf("%q", name))
	}
	sort.Strings(names)
	const maxNames = 10
	if len(names) > maxNames {
		return strings.Join(names[:maxNames], ", ") + fmt.Sprintf(" and %d more", len(names)-maxNames)
	}
	return strings.Join(names, ", ")
}

// Func is an Interpretation given by a function.
type Func func(b diagram.Box) (*Channel, error)

// Channel returns f(b).
func (f Func) Channel(b diagram.Box) (*Channel, error) { return f(b) }

// checkBoxTypes returns an error when the types of c are not those of b.
func checkBoxTypes(b diagram.Box, c *Channel) error {
	if firstMismatch(b.In, c.in) >= 0 || firstMismatch(b.Out, c.out) >= 0 {
		gotIn, wantIn := formatTypePair(c.in, b.In)
		gotOut, wantOut := formatTypePair(c.out, b.Out)
		return fmt.Errorf("stochastic: channel %s -> %s for box %q, want %s -> %s",
			gotIn, gotOut, b.Name, wantIn, wantOut)
	}
	return nil
}

// nodeChannels returns the channel of every node of nodes under in: the
// interpretation of a box node, the uniform state of a uniform node. A box
// that occurs several times is looked up once.
func nodeChannels(nodes []diagram.Node, in Interpretation) ([]*Channel, error) {
	chans := make([]*Channel, len(nodes))
	seen := make(map[string]*Channel)
	for k, n := range nodes {
		switch n.Kind {
		case diagram.UniformNode:
			if len(n.Box.Out) != 1 {
				return nil, fmt.Errorf("stochastic: uniform node %d has %d output types, want 1", k, len(n.Box.Out))
			}
			if _, err := numConfigs(n.Box.Out); err != nil {
				return nil, err
			}
			chans[k] = Uniform(n.Box.Out[0])
		case diagram.BoxNode:
			if c, ok := seen[n.Box.Name]; ok && checkBoxTypes(n.Box, c) == nil {
				chans[k] = c
				continue
			}
			if in == nil {
				return nil, fmt.Errorf("stochastic: box %q needs an Interpretation, got nil", n.Box.Name)
			}
			c, err := in.Channel(n.Box)
			if err != nil {
				return nil, err
			}
			if c == nil {
				return nil, fmt.Errorf("stochastic: interpretation returned a nil channel for box %q", n.Box.Name)
			}
			if err := checkBoxTypes(n.Box, c); err != nil {
				return nil, err
			}
			seen[n.Box.Name] = c
			chans[k] = c
		default:
			return nil, fmt.Errorf("stochastic: node %d has unknown kind %v, want a box or a uniform node", k, n.Kind)
		}
	}
	return chans, nil
}
