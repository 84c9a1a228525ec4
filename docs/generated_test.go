//go:build !js

package docs

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/errscope/errscope/docs/internal/docgen"
)

var update = flag.Bool("update", false, "rewrite the generated files (html/, pages_gen.go, samples_gen.go, ../web/chroma.css)")

// TestGenerated re-renders every guide, the code samples and the style
// sheet, and fails when a committed file is stale (pkgsite's
// TestTypesUpToDate). go test ./docs -run TestGenerated -update, or
// go generate ./docs, rewrites them. It is native-only: docgen imports
// goldmark and chroma.
func TestGenerated(t *testing.T) {
	files, err := docgen.Generate(".")
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := docgen.Write(".", files); err != nil {
			t.Fatal(err)
		}
		return
	}
	want := map[string]bool{}
	for _, f := range files {
		p := filepath.FromSlash(f.Path)
		want[filepath.Clean(p)] = true
		got, err := os.ReadFile(p)
		if err != nil {
			t.Errorf("%s: %v (run go generate ./docs)", f.Path, err)
			continue
		}
		if !bytes.Equal(got, f.Data) {
			t.Errorf("%s is stale (run go generate ./docs)", f.Path)
		}
	}
	html, err := filepath.Glob(filepath.Join("html", "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range html {
		if !want[filepath.Clean(p)] {
			t.Errorf("%s has no Markdown source any more (run go generate ./docs)", p)
		}
	}
}
