//go:build !wasm

package site

import (
	"bytes"
	"strings"
	"testing"
)

// page is the head and tail of a page as go-app v10.1.11 pre-renders it
// (after canonicalHTML).
func page(body string) []byte {
	return []byte(`<!doctype html>
<html lang="en">
  <head>
    <script defer src="/wasm_exec.js"></script>
    <script defer src="/app.js"></script>
  </head>
  <body>
    ` + body + `
    <aside class="goapp-app-info" id="app-wasm-loader">
      <p class="goapp-label" id="app-wasm-loader-label">Loading…</p>
    </aside>
  </body>
</html>`)
}

func TestUnplug(t *testing.T) {
	tests := []struct {
		name, body string
		wasmExec   bool   // the page keeps wasm_exec.js (it starts the finder)
		script     string // how finder.js is loaded
	}{
		{"home with the search box", `<input class="search-input" id="search" type="search">`, true, `<script async data-search src="` + FinderScript + `"></script>`},
		{"code page", `<h1>BSE1005</h1>`, false, `<script defer src="` + FinderScript + `"></script>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Unplug(page(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			s := string(out)
			for _, gone := range []string{`src="/app.js"`, `app-wasm-loader`} {
				if strings.Contains(s, gone) {
					t.Errorf("Unplug kept %s:\n%s", gone, s)
				}
			}
			for _, want := range []string{`<html data-finder="loading" lang="en">`, tt.script, tt.body} {
				if !strings.Contains(s, want) {
					t.Errorf("Unplug lost %s:\n%s", want, s)
				}
			}
			if got := strings.Contains(s, "wasm_exec.js"); got != tt.wasmExec {
				t.Errorf("wasm_exec.js kept = %v, want %v", got, tt.wasmExec)
			}
		})
	}
	if _, err := Unplug([]byte(`<html lang="en"><body>no scripts</body></html>`)); err == nil {
		t.Error("Unplug accepted a page that is not go-app's")
	}
}

func TestWithShortcuts(t *testing.T) {
	out, err := WithShortcuts(page(`<textarea id="decode-input"></textarea>`))
	if err != nil {
		t.Fatal(err)
	}
	// finder.js first: app.js calls its errscopeOnIntent.
	f, a := bytes.Index(out, []byte(FinderScript)), bytes.Index(out, []byte(`src="/app.js"`))
	if f < 0 || a < 0 || f > a {
		t.Errorf("finder.js at %d, app.js at %d: want finder.js first\n%s", f, a, out)
	}
	if _, err := WithShortcuts([]byte(`<html></html>`)); err == nil {
		t.Error("WithShortcuts accepted a page without app.js")
	}
}

func TestStartOnIntent(t *testing.T) {
	js := []byte("const x = 1;\n" + string(goAppStart) + "\nfunction goappInitWebAssembly() {}\n")
	out, err := StartOnIntent(js)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, goAppStart) || !bytes.Contains(out, []byte("errscopeStartTools();")) || !bytes.Contains(out, []byte("errscopeOnIntent(")) {
		t.Errorf("StartOnIntent did not replace go-app's start:\n%s", out)
	}
	if _, err := StartOnIntent([]byte("goappInitWebAssembly();")); err == nil {
		t.Error("StartOnIntent accepted an app.js it does not know")
	}
}
