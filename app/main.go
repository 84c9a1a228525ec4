// App is errscope's program: in the browser (GOOS=js GOARCH=wasm) it is the
// go-app PWA — the error reference, the decoder and the retry simulator —
// and run natively it is the command line, including the static build and
// a local server:
//
//	GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o public/web/app.wasm ./app
//	go run ./app build -out public
//	go run ./app serve -dir public
//
// The routes and pages are shared by both builds: natively they are
// pre-rendered into HTML, in the browser they take over that HTML. Code that
// only the native build needs (net/http, the site builder, goldmark via the
// docs generator) lives in files tagged //go:build !wasm, so it stays out of
// app.wasm.
package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

func main() {
	routes()
	startClient()          // main_wasm.go: update polling, keyboard shortcuts; a no-op natively
	app.RunWhenOnBrowser() // never returns in the browser
	runNative()            // main_native.go: the command line
}
