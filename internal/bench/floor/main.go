//go:build js && wasm

// Floor is the smallest Go program the browser can call: one function
// exported through syscall/js. The bench builds it for js/wasm with the
// site's flags as the floor under the finder binary — the bytes of Go's
// runtime that any Go search in the browser carries.
package main

import "syscall/js"

func main() {
	js.Global().Set("errscopeFloor", js.FuncOf(func(this js.Value, args []js.Value) any { return len(args) }))
	select {}
}
