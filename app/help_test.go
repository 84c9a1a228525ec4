//go:build !wasm

package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/errscope/errscope/internal/cli"
)

var updateHelp = flag.Bool("update", false, "update the build and serve help goldens in internal/cli/testdata/help")

// TestSiteCommandHelp checks that `build --help` and `serve --help`, whose
// flags are defined in this package, list them as every other command
// lists its own: exit 0, standard output only, the same golden files as
// internal/cli's help test.
func TestSiteCommandHelp(t *testing.T) {
	t.Setenv("URL", "") // build's --origin default reads it
	for _, name := range []string{"build", "serve"} {
		t.Run(name, func(t *testing.T) {
			var out, errb strings.Builder
			if code := cli.Run([]string{name, "--help"}, strings.NewReader(""), &out, &errb, cliSite()); code != 0 || errb.Len() != 0 {
				t.Fatalf("exit %d, stderr %q; want 0 and nothing", code, errb.String())
			}
			golden := filepath.Join("..", "internal", "cli", "testdata", "help", name+".golden")
			if *updateHelp {
				if err := os.WriteFile(golden, []byte(out.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./app -run TestSiteCommandHelp -update)", err)
			}
			if out.String() != string(want) {
				t.Errorf("%s --help differs from %s:\n%s", name, golden, out.String())
			}
			// Every flag the command parses is listed.
			fs := flag.NewFlagSet(name, flag.ContinueOnError)
			if name == "build" {
				defineBuildFlags(fs, new(buildOptions))
			} else {
				defineServeFlags(fs)
			}
			fs.VisitAll(func(f *flag.Flag) {
				if !strings.Contains(out.String(), "\n  --"+f.Name+" ") {
					t.Errorf("%s --help does not list --%s", name, f.Name)
				}
			})
		})
	}
}
