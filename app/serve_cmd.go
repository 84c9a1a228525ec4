//go:build !wasm

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/errscope/errscope/internal/site"
)

// defineServeFlags defines the flags of `serve` on fs; the command line's
// `serve --help` lists them from here too.
func defineServeFlags(fs *flag.FlagSet) (addr, dir *string, quiet *bool) {
	addr = fs.String("addr", ":8080", "listen `address`")
	dir = fs.String("dir", "public", "site `directory` to serve")
	quiet = fs.Bool("quiet", false, "do not log requests")
	return addr, dir, quiet
}

// serveCmd implements `errscope serve [-addr :8080] [-dir public]`: it
// serves the built site the way Netlify will (pretty URLs, _redirects,
// 404.html, the headers of site.Rules, gzip) until SIGINT or SIGTERM. When
// the directory holds no site yet it is built first; the wasm must be there
// already (./build.sh serve builds everything).
func serveCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr, dir, quiet := defineServeFlags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "errscope serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if _, err := os.Stat(filepath.Join(*dir, "index.html")); err != nil {
		fmt.Fprintf(stdout, "no site in %s yet: building it\n", *dir)
		if code := buildCmd([]string{"-out", *dir}, stdout, stderr); code != 0 {
			return code
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var log io.Writer = stdout
	if *quiet {
		log = nil
	}
	if err := site.Serve(ctx, *addr, *dir, stdout, log); err != nil {
		fmt.Fprintln(stderr, "errscope serve:", err)
		return 1
	}
	fmt.Fprintln(stdout, "stopped")
	return 0
}
