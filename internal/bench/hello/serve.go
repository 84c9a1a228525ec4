//go:build !wasm

package main

import (
	"log"
	"os"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// serve writes the static hello-world site into the directory named by
// the first argument, the way errscope's own build does.
func serve() {
	if len(os.Args) < 2 {
		log.Fatal("usage: hello OUTDIR")
	}
	h := &app.Handler{Name: "Hello", Version: "bench", Icon: app.Icon{Default: "/web/icon.png"}}
	if err := app.GenerateStaticWebsite(os.Args[1], h); err != nil {
		log.Fatal(err)
	}
}
