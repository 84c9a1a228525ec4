// Package cli implements errscope's command line: the commands behind
// `go run ./app <command>`. Every command writes to the writers it is given
// and returns an exit code, so the whole command line is testable in-process.
//
// Exit codes: 0 success, 1 the command ran and failed (e.g. an I/O error),
// 2 usage error (one line on stderr).
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Site holds the commands that need the playground program itself (the
// go-app routes and handler live in package main). Nil functions report
// that the command is unavailable.
type Site struct {
	Build func(args []string, stdout, stderr io.Writer) int
	Serve func(args []string, stdout, stderr io.Writer) int
}

// An env is what one command invocation runs with.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

type command struct {
	summary string
	run     func(e env, args []string) int
}

// usageError is a mistake in the command line; it is printed as one line
// and exits 2.
type usageError struct{ msg string }

func (u *usageError) Error() string { return u.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// Run runs the command named by args[0] with the rest of args and returns
// the process exit code.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer, s Site) int {
	cmds := commands(s)
	e := env{stdin, stdout, stderr}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printHelp(stdout, cmds)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "errscope: unknown command %q (commands: %s)\n", args[0], strings.Join(names(cmds), ", "))
		return 2
	}
	return c.run(e, args[1:])
}

func commands(s Site) map[string]command {
	site := func(f func([]string, io.Writer, io.Writer) int, name string) func(env, []string) int {
		return func(e env, args []string) int {
			if f == nil {
				fmt.Fprintf(e.stderr, "errscope: %s is not available in this build\n", name)
				return 1
			}
			return f(args, e.stdout, e.stderr)
		}
	}
	return map[string]command{
		"catalog":  {"list the error catalog: catalog [--api NAME] [--json]", runCatalog},
		"search":   {"search the catalog: search [--api NAME] [--category C] [--status 4xx|5xx] [--retryable|--not-retryable] [--json] QUERY…", runSearch},
		"decode":   {"explain a pasted error response: decode [--api NAME] [--method M] [--idempotency-key K] [--json] [FILE|-]", runDecode},
		"simulate": {"run a retry scenario through an API's policy: simulate --api NAME --responses SPEC [flags]", runSimulate},
		"triage":   {"group the failures in a HAR, log or pasted responses: triage [--json] [FILE|-]", runTriage},
		"build":    {"write the static site: build [-out public]", site(s.Build, "build")},
		"serve":    {"serve the static site locally: serve [-addr :8080]", site(s.Serve, "serve")},
	}
}

func names(cmds map[string]command) []string {
	var n []string
	for k := range cmds {
		n = append(n, k)
	}
	sort.Strings(n)
	return n
}

func printHelp(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "errscope — the error catalog, decoder and retry simulator of the BabySea, Babou, Aionvision and Claro APIs.")
	fmt.Fprintln(w, "\nUsage: go run ./app <command> [flags] [args]\n\nCommands:")
	for _, n := range names(cmds) {
		fmt.Fprintf(w, "  %-9s %s\n", n, cmds[n].summary)
	}
}

// newFlags returns a flag set that reports errors to the caller instead of
// printing usage.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parse parses flags that may appear anywhere among the positional
// arguments ("search ratelimit --json") and returns the positionals. A lone
// "-" is a positional (standard input); "--" ends flag parsing.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, usagef("%s: see 'help'", fs.Name())
			}
			return nil, usagef("%s: %v", fs.Name(), err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// finish turns an error from a command into an exit code.
func finish(e env, name string, err error) int {
	if err == nil {
		return 0
	}
	var u *usageError
	if errors.As(err, &u) {
		fmt.Fprintf(e.stderr, "errscope %s\n", strings.TrimPrefix(u.msg, ""))
		return 2
	}
	fmt.Fprintf(e.stderr, "errscope %s: %v\n", name, err)
	return 1
}
