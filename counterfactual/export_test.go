package counterfactual

import "gonum.org/v1/gonum/mat"

// SetSimplex replaces the solver of LinearBounds with f until the returned
// function restores lp.Simplex. Tests that call it must not run in
// parallel.
func SetSimplex(f func(c []float64, a mat.Matrix, b []float64, tol float64, initialBasic []int) (float64, []float64, error)) (restore func()) {
	saved := simplex
	simplex = f
	return func() { simplex = saved }
}
