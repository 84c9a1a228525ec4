//go:build !js

package docs

import (
	"os/exec"
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
