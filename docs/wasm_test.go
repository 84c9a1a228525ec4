//go:build !js

package docs

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestWasmDeps guards the wasm binary's size: package docs, as compiled for
// the browser, must not pull in goldmark, chroma or net/http.
func TestWasmDeps(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command in PATH")
	}
	for _, pkg := range []string{".", "../internal/highlight"} {
		cmd := exec.Command(goTool, "list", "-deps", pkg)
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			if strings.Contains(dep, "goldmark") || strings.Contains(dep, "chroma") || dep == "net/http" {
				t.Errorf("GOOS=js GOARCH=wasm go list -deps %s includes %s", pkg, dep)
			}
		}
	}
}
