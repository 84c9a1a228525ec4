// Package lazyre compiles a package's regular expressions on first use
// instead of at program start.
//
// A package-level regexp.MustCompile runs in every program that imports
// the package, used or not. In the browser that start-up work blocks the
// main thread while the page is first rendered: the playground's code pages
// import the decoder and the triage analyser but run neither, and compiling
// their ~30 expressions at start was the largest block of package
// initialisation (measured with the DevTools profiler).
package lazyre

import (
	"regexp"
	"sync"
)

// New returns a function that compiles expr on its first call and returns
// the same *regexp.Regexp on every call, from any goroutine. Like
// regexp.MustCompile it panics if expr does not compile — on first use
// rather than at start, so every expression must be exercised by a test.
//
// New is not inlined: inlined, every call site got its own copy of
// sync.OnceValue's closures (+65 KB of app.wasm for 30 expressions).
//
//go:noinline
func New(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
