//go:build !wasm

package main

import (
	"os"

	"github.com/errscope/errscope/internal/cli"
)

func startClient() {}

// runNative runs the command line; build and serve are implemented here
// because they need the routes and the go-app handler.
func runNative() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, cli.Site{Build: buildCmd, Serve: serveCmd}))
}
