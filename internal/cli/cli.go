// Package cli implements errscope's command line: the commands behind
// `go run ./app <command>`. Every command writes to the writers it is given
// and returns an exit code, so the whole command line is testable in-process.
//
// Exit codes: 0 success (and --help), 1 the command ran and failed (e.g. an
// I/O error), 2 usage error (one line on stderr).
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
	// BuildFlags and ServeFlags define the flags Build and Serve parse on
	// the flag set they are given, so that `build --help` and `serve
	// --help` list them the way every other command lists its own. Nil
	// means the help shows no flags.
	BuildFlags func(fs *flag.FlagSet)
	ServeFlags func(fs *flag.FlagSet)
}

// An env is what one command invocation runs with.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	cmd            *command // the command being run, for its usage text
}

// A command is one verb of the command line.
type command struct {
	name     string
	summary  string   // one line, for the command list
	args     string   // what follows the flags in the synopsis, e.g. "[FILE|-]"
	about    string   // a paragraph for --help
	examples []string // full command lines, each run by the tests
	run      func(e env, args []string) int
}

// usageError is a mistake in the command line; it is printed as one line
// and exits 2.
type usageError struct{ msg string }

func (u *usageError) Error() string { return u.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// helpRequest is returned by parse for -h, -help or --help: the command
// prints its usage to standard output and exits 0.
type helpRequest struct{ fs *flag.FlagSet }

func (h *helpRequest) Error() string { return h.fs.Name() + ": help requested" }

// prog is how the README and the usage texts run the command line.
const prog = "go run ./app"

// Run runs the command named by args[0] with the rest of args and returns
// the process exit code.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer, s Site) int {
	cmds := commands(s)
	e := env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		printHelp(stdout, cmds)
		return 2
	}
	name := args[0]
	if name == "-h" || name == "-help" || name == "--help" {
		name = "help"
	}
	c, ok := cmds[name]
	if !ok {
		fmt.Fprintf(stderr, "errscope: unknown command %q (commands: %s)\n", name, strings.Join(names(cmds), ", "))
		return 2
	}
	e.cmd = c
	return c.run(e, args[1:])
}

func commands(s Site) map[string]*command {
	list := []*command{
		{
			name:     "catalog",
			summary:  "list the error catalog of one or all four APIs",
			about:    "Prints every error code of the catalog as a table, or with --json as the machine-readable export.",
			examples: []string{prog + " catalog --api babysea", prog + " catalog --json"},
			run:      runCatalog,
		},
		{
			name:     "search",
			summary:  "search the catalog by code, type, meaning or status (typo tolerant)",
			args:     "QUERY…",
			about:    "Ranks the catalog's codes against the query; the filters narrow the results and may stand alone.",
			examples: []string{prog + " search ratelimit", prog + " search --api claro --status 5xx --retryable"},
			run:      runSearch,
		},
		{
			name:     "decode",
			summary:  "explain a pasted error response: code, meaning, retry decision, next steps",
			args:     "[FILE|-]",
			about:    "Reads a response body, curl -i or curl -v output, a HAR or a log line from FILE, or from standard input for - or no FILE, and explains every response in it.",
			examples: []string{prog + " decode examples/babysea-429.txt", prog + " decode --method POST --json examples/babysea-429.txt"},
			run:      runDecode,
		},
		{
			name:    "simulate",
			summary: "play responses through an API's retry policy (--responses), or a herd of clients against an outage (--clients)",
			about: "Plays one request's responses (--responses) through the API's retry policy and prints every attempt's decision. " +
				"With a herd flag (--clients, --outage, --capacity, --spread, --herd-retries), simulates that many clients against a server that fails for --outage, " +
				"and compares the chosen jitter with the API's default side by side. " +
				"The flags are the simulator page's fields; --scenario loads the JSON the page saves.",
			examples: []string{
				prog + " simulate --api babysea --responses '429:retry-after=17,503,200'",
				prog + " simulate --api babysea --responses examples/responses.json",
				prog + " simulate --api babysea --clients 1000 --jitter none",
				prog + " simulate --scenario examples/scenario.json",
			},
			run: runSimulate,
		},
		{
			name:     "triage",
			summary:  "group the failures of a HAR, log or pasted responses into a ticket summary",
			args:     "[FILE|-]",
			about:    "Reads FILE, or standard input for - or no FILE, as a stream, groups its failures by API and code with verdicts and timing checks, and prints a Markdown summary (secrets redacted).",
			examples: []string{prog + " triage examples/session.har", prog + " triage --json examples/client.log"},
			run:      runTriage,
		},
		{
			name:    "mock",
			summary: "serve an API's real error responses locally, in a scenario's order, for a client to try",
			about: "Answers every request with the API's catalog envelopes and headers, walking --responses (or one --code) per client, " +
				"with connection resets (net), stalls (timeout), an --outage and Idempotency-Key replays; records every request " +
				"(secrets redacted) and writes them as a HAR with --har. Listens on loopback unless --addr names another host.",
			examples: []string{
				prog + " mock --api babysea --responses '429:retry-after=2,503,200' --addr :0 --duration 1s",
				prog + " mock --api claro --code rate_limit_exceeded --addr :0 --duration 1s",
			},
			run: runMock,
		},
		{
			name:    "check",
			summary: "run a client against the mock, scenario by scenario, and grade its retries against the API's policy",
			args:    "-- CMD [ARG…]",
			about: "Starts the mock on a free loopback port and runs CMD once per scenario of the suite with the base URL in " +
				"ERRSCOPE_URL and <API>_BASE_URL (and ERRSCOPE_API, ERRSCOPE_SCENARIO, ERRSCOPE_METHOD, ERRSCOPE_IDEMPOTENCY_KEY), " +
				"then prints one line per rule with pass or fail and the evidence. Exits 1 when a rule fails.",
			examples: []string{
				prog + " check --api babysea -- go run ./examples/goclient",
				prog + " check --api claro --responses '503,200' --markdown -- go run ./examples/goclient",
			},
			run: runCheck,
		},
		{
			name:     "build",
			summary:  "write the static site (the wasm must be built first; ./build.sh does both)",
			about:    "Pre-renders every route of the site and writes it, with the catalog, the guides and the headers, to the output directory.",
			examples: []string{prog + " build --out public"},
			run:      siteCommand(s.Build, s.BuildFlags),
		},
		{
			name:     "serve",
			summary:  "serve the static site locally the way Netlify does, building it first if needed",
			about:    "Serves the built site with pretty URLs, _redirects, 404.html, the site's headers and gzip until interrupted.",
			examples: []string{prog + " serve --addr :8080"},
			run:      siteCommand(s.Serve, s.ServeFlags),
		},
		{
			name:     "help",
			summary:  "list the commands, or show one command's flags and examples",
			args:     "[COMMAND]",
			examples: []string{prog + " help", prog + " help simulate"},
		},
	}
	cmds := make(map[string]*command, len(list))
	for _, c := range list {
		cmds[c.name] = c
	}
	cmds["help"].run = func(e env, args []string) int { return runHelp(e, args, cmds) }
	return cmds
}

// siteCommand runs a command implemented in package main. The command
// line parses the flags define declares first, so that --help and flag
// mistakes read as every other command's; the arguments are then handed
// to f unchanged. With no define, only --help is handled here.
func siteCommand(f func([]string, io.Writer, io.Writer) int, define func(*flag.FlagSet)) func(env, []string) int {
	return func(e env, args []string) int {
		fs := e.flags()
		if define != nil {
			define(fs)
		}
		if _, err := parse(fs, args); err != nil {
			var h *helpRequest
			if define != nil || errors.As(err, &h) {
				return finish(e, err)
			}
		}
		if f == nil {
			fmt.Fprintf(e.stderr, "errscope: %s is not available in this build\n", e.cmd.name)
			return 1
		}
		return f(args, e.stdout, e.stderr)
	}
}

func runHelp(e env, args []string, cmds map[string]*command) int {
	fs := e.flags()
	pos, err := parse(fs, args)
	if err != nil {
		return finish(e, err)
	}
	switch len(pos) {
	case 0:
		printHelp(e.stdout, cmds)
		return 0
	case 1:
		c, ok := cmds[pos[0]]
		if !ok {
			return finish(e, usagef("help: unknown command %q (commands: %s)", pos[0], strings.Join(names(cmds), ", ")))
		}
		return c.run(env{stdin: e.stdin, stdout: e.stdout, stderr: e.stderr, cmd: c}, []string{"--help"})
	default:
		return finish(e, usagef("help: give at most one command, not %d", len(pos)))
	}
}

func names(cmds map[string]*command) []string {
	var n []string
	for k := range cmds {
		n = append(n, k)
	}
	sort.Strings(n)
	return n
}

func printHelp(w io.Writer, cmds map[string]*command) {
	fmt.Fprintln(w, "errscope — the error catalog, decoder and retry simulator of the BabySea, Babou, Aionvision and Claro APIs.")
	fmt.Fprintf(w, "\nUsage: %s <command> [flags] [args]\n\nCommands:\n", prog)
	for _, n := range names(cmds) {
		fmt.Fprintf(w, "  %-9s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintf(w, "\nRun '%s <command> --help' for a command's flags, their defaults and examples.\n", prog)
}

// writeUsage writes the --help text of c, whose flags are defined on fs:
// the synopsis, what the command does, every flag with its default, and
// the examples. It is the only writer of a command's usage.
func writeUsage(w io.Writer, c *command, fs *flag.FlagSet) {
	synopsis := prog + " " + c.name
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		synopsis += " [flags]"
	}
	if c.args != "" {
		synopsis += " " + c.args
	}
	fmt.Fprintf(w, "Usage: %s\n\n%s.\n", synopsis, upperFirst(c.summary))
	if c.about != "" {
		fmt.Fprintf(w, "\n%s\n", c.about)
	}
	if n > 0 {
		fmt.Fprintln(w, "\nFlags:")
		var lines [][2]string
		width := 0
		fs.VisitAll(func(f *flag.Flag) {
			l := [2]string{"--" + f.Name, ""}
			typ, usage := flag.UnquoteUsage(f)
			if p, ok := f.Value.(interface{ Placeholder() string }); ok {
				typ = p.Placeholder()
			}
			if typ != "" {
				l[0] += " " + strings.ToUpper(typ)
			}
			if !zeroDefault(f) && !strings.Contains(usage, "(default") {
				usage += fmt.Sprintf(" (default %s)", f.DefValue)
			}
			l[1] = usage
			width = max(width, len(l[0]))
			lines = append(lines, l)
		})
		for _, l := range lines {
			fmt.Fprintf(w, "  %-*s  %s\n", width, l[0], l[1])
		}
	}
	if len(c.examples) > 0 {
		fmt.Fprintln(w, "\nExamples:")
		for _, ex := range c.examples {
			fmt.Fprintf(w, "  %s\n", ex)
		}
	}
}

// zeroDefault reports whether f's default is its type's zero value, which
// the usage text does not print (the flag's own text says what it means).
func zeroDefault(f *flag.Flag) bool {
	switch f.DefValue {
	case "", "0", "false", "0s":
		return true
	}
	return false
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// flags returns a flag set for the running command that reports errors to
// the caller instead of printing them, and whose Usage writes the
// command's usage text to the set's output.
func (e env) flags() *flag.FlagSet {
	fs := flag.NewFlagSet(e.cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c := e.cmd
	fs.Usage = func() { writeUsage(fs.Output(), c, fs) }
	return fs
}

// parse parses flags that may appear anywhere among the positional
// arguments ("search ratelimit --json") and returns the positionals. A lone
// "-" is a positional (standard input); "--" ends flag parsing. -h, -help
// and --help return a *helpRequest.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, &helpRequest{fs}
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

// finish turns an error from a command into an exit code: a help request
// prints the command's usage to standard output and exits 0.
func finish(e env, err error) int {
	if err == nil {
		return 0
	}
	var h *helpRequest
	if errors.As(err, &h) {
		h.fs.SetOutput(e.stdout)
		h.fs.Usage()
		return 0
	}
	var u *usageError
	if errors.As(err, &u) {
		fmt.Fprintf(e.stderr, "errscope %s\n", u.msg)
		return 2
	}
	fmt.Fprintf(e.stderr, "errscope %s: %v\n", e.cmd.name, err)
	return 1
}
