package cli

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// notRunnable names the commands the documentation tests do not run, and
// why. Nothing else may be skipped.
var notRunnable = map[string]string{
	"serve": "it serves until interrupted (and builds the site first, which needs the wasm)",
	"build": "it writes the whole site and needs the wasm built first (./build.sh does both)",
}

// readmeCommands returns the `go run ./app …` lines of README.md's
// "The command line" section, read from the working directory (the
// repository root).
func readmeCommands(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("README.md") // the test runs from the repository root
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cmds []string
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "## ") {
			in = line == "## The command line"
			continue
		}
		if in && strings.HasPrefix(line, prog+" ") {
			cmds = append(cmds, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(cmds) < 5 {
		t.Fatalf("found %d commands in README.md's \"The command line\" section; has the section moved?", len(cmds))
	}
	return cmds
}

// shellWords splits a command line as sh would for the simple lines the
// documentation holds: blanks separate words, single and double quotes
// group, and a word starting with # starts a comment.
func shellWords(line string) []string {
	var words []string
	var w strings.Builder
	inWord := false
	var quote rune
	for _, r := range line {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				w.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		case r == '#' && !inWord:
			return words
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words
}

func TestShellWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"go run ./app search ratelimit   # ranked", []string{"go", "run", "./app", "search", "ratelimit"}},
		{"go run ./app simulate --responses '429:retry-after=17,503,200'", []string{"go", "run", "./app", "simulate", "--responses", "429:retry-after=17,503,200"}},
		{`a "b c"#d e`, []string{"a", "b c#d", "e"}},
		{"a ''", []string{"a", ""}},
	}
	for _, tt := range tests {
		if got := shellWords(tt.in); strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
			t.Errorf("shellWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// runDocumented runs one documented command line through Run from the
// repository's root, as a reader would, and requires exit 0 and output.
func runDocumented(t *testing.T, line string) {
	t.Helper()
	words := shellWords(line)
	args := words[len(strings.Fields(prog)):]
	if len(args) == 0 {
		t.Fatalf("%q runs no command", line)
	}
	if why, ok := notRunnable[args[0]]; ok {
		t.Skipf("%s is not run: %s", args[0], why)
	}
	code, out, stderr := run(t, "", args...)
	if code != 0 {
		t.Errorf("%s: exit %d, stderr %q", line, code, stderr)
	}
	if strings.TrimSpace(out) == "" {
		t.Errorf("%s: no output", line)
	}
}

// TestReadmeCommands runs every command README.md's "The command line"
// shows, so that the README cannot point to a file or a flag that is gone.
func TestReadmeCommands(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	for _, line := range readmeCommands(t) {
		t.Run(strings.Join(shellWords(line), " "), func(t *testing.T) { runDocumented(t, line) })
	}
}

// TestHelpExamplesRun runs every example of every command's --help.
func TestHelpExamplesRun(t *testing.T) {
	cmds := commands(Site{})
	t.Chdir(filepath.Join("..", ".."))
	for _, name := range names(cmds) {
		for _, ex := range cmds[name].examples {
			t.Run(ex, func(t *testing.T) { runDocumented(t, ex) })
		}
	}
}
