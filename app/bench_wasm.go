//go:build wasm && errscope_bench

package main

import (
	"encoding/json"
	"syscall/js"

	"github.com/errscope/errscope/internal/bench/workload"
)

// init exposes window.errscopeBench(), which runs the bench's workload
// (search per keystroke, a 1 MiB decode, a 10 000-client herd) inside the
// browser's WebAssembly and returns the timings as JSON. ./build.sh bench
// builds a copy of the site with -tags errscope_bench to call it; the same
// workload runs natively for the ratio. The published app.wasm leaves it
// out.
func init() {
	js.Global().Set("errscopeBench", js.FuncOf(func(js.Value, []js.Value) any {
		b, err := json.Marshal(workload.Run())
		if err != nil {
			return "[]"
		}
		return string(b)
	}))
}
