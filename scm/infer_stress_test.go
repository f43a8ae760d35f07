package scm

import (
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/markovcat/causal/stochastic"
)

func TestWholeNetworkWidth(t *testing.T) {
	if os.Getenv("CAUSAL_TIMINGS") == "" {
		t.Skip()
	}
	for _, name := range allNetworks {
		m := loadNetwork(t, name)
		var fs []stochastic.Factor
		for v := 0; v < m.NumVars(); v++ {
			fs = append(fs, m.factor(v))
		}
		for _, h := range stochastic.Heuristics {
			start := time.Now()
			r, st, err := stochastic.Contract(fs, stochastic.ContractOptions{Heuristic: h, Name: m.varName, SingleHeuristic: true})
			el := time.Since(start)
			if err != nil {
				fmt.Printf("%-12s %-18v err %v\n", name, h, err)
				continue
			}
			fmt.Printf("%-12s %-18v %10v max %10d width %d sum %.6f\n", name, h, el, st.MaxIntermediate, st.Width, r.Values[0])
		}
	}
}

func TestWholeNetworkBest(t *testing.T) {
	if os.Getenv("CAUSAL_TIMINGS") == "" {
		t.Skip()
	}
	for _, name := range allNetworks {
		if only := os.Getenv("CAUSAL_NET"); only != "" && only != name {
			continue
		}
		m := loadNetwork(t, name)
		var fs []stochastic.Factor
		for v := 0; v < m.NumVars(); v++ {
			fs = append(fs, m.factor(v))
		}
		start := time.Now()
		cpu0 := cpuTime()
		r, st, err := stochastic.Contract(fs, stochastic.ContractOptions{Name: m.varName})
		el := time.Since(start)
		cpu := cpuTime() - cpu0
		if err != nil {
			fmt.Printf("%-12s err %v\n", name, err)
			continue
		}
		fmt.Printf("%-12s %10v cpu %10v max %10d width %d sum %.6f\n", name, el, cpu, st.MaxIntermediate, st.Width, r.Values[0])
	}
}

// cpuTime returns the user and system CPU time of the process.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
