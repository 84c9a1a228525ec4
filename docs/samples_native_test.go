//go:build !js

package docs

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/errscope/errscope/catalog"
)

// TestSampleSyntax runs the Python and shell samples through their
// language's own syntax check, when python3 and bash are installed.
func TestSampleSyntax(t *testing.T) {
	checks := []struct {
		lang string
		tool string
		args []string
	}{
		{"python", "python3", []string{"-c", "import ast, sys; ast.parse(sys.stdin.read())"}},
		{"curl", "bash", []string{"-n"}},
	}
	for _, c := range checks {
		path, err := exec.LookPath(c.tool)
		if err != nil {
			t.Logf("%s not installed: %s samples not checked", c.tool, c.lang)
			continue
		}
		for _, a := range catalog.APIs() {
			src, _ := SampleText(a.ID, c.lang, "SOME_CODE")
			cmd := exec.Command(path, c.args...)
			cmd.Stdin = strings.NewReader(src)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("%s/%s sample: %s: %v\n%s", a.ID, c.lang, c.tool, err, out)
			}
		}
	}
}

// TestTypeScriptSyntax checks the TypeScript samples with node --check, as
// JavaScript modules, after removing the one piece of TypeScript syntax
// they use (a non-null assertion, "KEY!,").
func TestTypeScriptSyntax(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	dir := t.TempDir()
	for _, a := range catalog.APIs() {
		src, _ := SampleText(a.ID, "typescript", "SOME_CODE")
		js := strings.ReplaceAll(src, "!,", ",")
		f := filepath.Join(dir, string(a.ID)+".mjs")
		if err := os.WriteFile(f, []byte(js), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(node, "--check", f).CombinedOutput(); err != nil {
			t.Errorf("%s/typescript sample: node --check: %v\n%s", a.ID, err, out)
		}
	}
}
