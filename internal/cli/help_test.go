package cli

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// goldenHelp compares out with testdata/help/NAME.golden (-update rewrites
// it).
func goldenHelp(t *testing.T, name, out string) {
	t.Helper()
	checkGolden(t, filepath.Join("testdata", "help", name+".golden"), out)
}

// checkGolden compares out with the golden file at path; -update rewrites
// it (creating its directory).
func checkGolden(t *testing.T, golden, out string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if out != string(want) {
		t.Errorf("output differs from %s:\n%s", golden, out)
	}
}

// TestCommandHelp runs every spelling of every command's help: each exits
// 0, writes only to standard output, and matches the command's golden.
// build and serve get their flags from package main, whose test compares
// them with the same goldens (app/help_test.go); here they are given a
// stand-in definition.
func TestCommandHelp(t *testing.T) {
	site := Site{
		BuildFlags: func(fs *flag.FlagSet) { fs.String("out", "public", "output `directory`") },
		ServeFlags: func(fs *flag.FlagSet) { fs.String("addr", ":8080", "listen `address`") },
	}
	for _, name := range names(commands(Site{})) {
		for _, spelling := range [][]string{{name, "--help"}, {name, "-h"}, {name, "-help"}, {"help", name}} {
			t.Run(strings.Join(spelling, " "), func(t *testing.T) {
				var out, errb strings.Builder
				code := Run(spelling, strings.NewReader(""), &out, &errb, site)
				if code != 0 || errb.Len() != 0 {
					t.Fatalf("exit %d, stderr %q; want 0 and nothing", code, errb.String())
				}
				if !strings.HasPrefix(out.String(), "Usage: go run ./app "+name) {
					t.Errorf("help does not start with the synopsis:\n%s", out.String())
				}
				if !strings.Contains(out.String(), "\nExamples:\n  go run ./app ") {
					t.Errorf("help has no example:\n%s", out.String())
				}
				if name != "build" && name != "serve" && spelling[1] == "--help" {
					goldenHelp(t, name, out.String())
				}
			})
		}
	}
}

// TestHelpListsFlagsWithDefaults checks what the goldens cannot: every flag
// of every command is in its help, and a flag whose default is its type's
// zero value says what that default means (or that it is required).
func TestHelpListsFlagsWithDefaults(t *testing.T) {
	for _, c := range commands(Site{}) {
		if c.name == "build" || c.name == "serve" || c.name == "help" {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			code, out, _ := run(t, "", c.name, "--help")
			if code != 0 {
				t.Fatalf("exit %d", code)
			}
			lines := map[string]string{}
			for _, l := range strings.Split(out, "\n") {
				if f := strings.Fields(l); len(f) > 0 && strings.HasPrefix(f[0], "--") {
					lines[f[0]] = l
				}
			}
			if len(lines) == 0 {
				t.Fatalf("no flags listed:\n%s", out)
			}
			for name, l := range lines {
				f := strings.Fields(l)
				isBool := len(f) > 1 && strings.ToUpper(f[1]) != f[1] // a bool has no TYPE column
				if !isBool && !strings.Contains(l, "default") && !strings.Contains(l, "required") {
					t.Errorf("%s %s: help gives no default: %q", c.name, name, l)
				}
			}
		})
	}
}

// TestTopLevelHelp lists every command, each with a one-line summary, and
// names --clients (the herd) among simulate's uses.
func TestTopLevelHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		code, out, stderr := run(t, "", args...)
		if code != 0 || stderr != "" {
			t.Fatalf("%v: exit %d, stderr %q", args, code, stderr)
		}
		for name, c := range commands(Site{}) {
			if !strings.Contains(out, "\n  "+name+strings.Repeat(" ", 10-len(name))+c.summary+"\n") {
				t.Errorf("%v: command %s is not listed with its summary:\n%s", args, name, out)
			}
			if strings.Contains(c.summary, "\n") {
				t.Errorf("summary of %s is not one line", name)
			}
		}
		if !strings.Contains(out, "--clients") {
			t.Errorf("%v: the help does not mention --clients:\n%s", args, out)
		}
		goldenHelp(t, "errscope", out)
	}
	code, out, _ := run(t, "")
	if code != 2 || !strings.Contains(out, "Commands:") {
		t.Errorf("no command: exit %d, want 2 and the command list:\n%s", code, out)
	}
	code, _, stderr := run(t, "", "help", "nope")
	if code != 2 || !strings.Contains(stderr, `unknown command "nope"`) {
		t.Errorf("help nope: exit %d, stderr %q", code, stderr)
	}
}
