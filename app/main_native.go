//go:build !wasm

package main

import (
	"flag"
	"os"

	"github.com/errscope/errscope/internal/cli"
)

func startClient() {}

// takeEarlyInput is the browser's (main_wasm.go): natively nothing was
// typed before the program ran.
func takeEarlyInput(string) string { return "" }

// runNative runs the command line; build and serve are implemented here
// because they need the routes and the go-app handler.
func runNative() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, cliSite()))
}

// cliSite hands the command line the commands that live in this package,
// with their flags so that their --help lists them.
func cliSite() cli.Site {
	return cli.Site{
		Build:      buildCmd,
		BuildFlags: func(fs *flag.FlagSet) { defineBuildFlags(fs, new(buildOptions)) },
		Serve:      serveCmd,
		ServeFlags: func(fs *flag.FlagSet) { defineServeFlags(fs) },
	}
}
