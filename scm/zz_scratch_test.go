package scm

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRegressionScratchTrunc(t *testing.T) {
	files, _ := filepath.Glob(casesDir + "/bif/*.bif")
	files = append(files, networksDir+"/asia.bif", networksDir+"/child.bif")
	kinds := map[string]int{}
	for _, f := range files {
		src, _ := os.ReadFile(f)
		full := strings.TrimRight(string(src), " \t\r\n")
		for n := 0; n < len(full); n++ {
			m, err := ReadBIF(strings.NewReader(full[:n]))
			if err == nil {
				t.Errorf("%s prefix %d: no error (vars %d) tail %q", f, n, m.NumVars(), full[max(0, n-20):n])
				continue
			}
			var pe *PositionError
			if !errors.As(err, &pe) {
				kinds[err.Error()]++
			}
		}
	}
	for k, v := range kinds {
		t.Logf("%d x %s", v, k)
	}
}
