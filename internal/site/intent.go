//go:build !wasm

package site

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
)

// goAppStart is how go-app v10.1.11's app.js starts everything at once.
var goAppStart = []byte("goappInitServiceWorker();\ngoappWatchForUpdate();\ngoappWatchForInstallable();\ngoappInitWebAssembly();\n")

// intentStart replaces it: the tools' binary starts on the first sign that
// the person is about to use the page, and the service worker is
// registered once the page is idle.
const intentStart = `goappWatchForUpdate();
goappWatchForInstallable();
errscopeStartTools();

// errscope (internal/site.StartOnIntent): the tools' pages are readable
// and complete as pre-rendered HTML; their binary starts on intent, or at
// once when the URL carries state to restore (a #fragment or ?query, or
// the unknown path the not-found page was served for), with
// web/finder.js's errscopeOnIntent (loaded before this script). The service
// worker, registered when the page is idle, pre-caches the binary and
// claims the page, so a later intent starts it from the cache. What was
// typed or pasted before it runs is carried over (app/main_wasm.go).
function errscopeStartTools() {
  if (typeof errscopeOnIntent !== "function") { // finder.js did not load: go-app's own start
    goappInitServiceWorker();
    goappInitWebAssembly();
    return;
  }
  const loader = document.getElementById("app-wasm-loader");
  // The not-found page served for an unknown path starts at once too: the
  // path is the state (an unknown code is named, searched and matched).
  const notFound = !!document.getElementById("not-found") && !/^\/404(\.html)?$/.test(location.pathname);
  const now = location.hash.length > 1 || location.search.length > 1 || notFound;
  if (loader && !now) loader.hidden = true;
  errscopeOnIntent(() => {
    if (loader) loader.hidden = false;
    goappInitWebAssembly();
  }, now);
  errscopeWhenIdle(goappInitServiceWorker);
}
`

// StartOnIntent rewrites go-app's app.js so that the tools' binary starts
// on intent instead of with the page (see intentStart), and the service
// worker registers once the page is idle. It fails if app.js is not the
// one it knows.
func StartOnIntent(appJS []byte) ([]byte, error) {
	if bytes.Count(appJS, goAppStart) != 1 {
		return nil, errors.New("app.js: go-app's start sequence not found once (a go-app upgrade?)")
	}
	return bytes.Replace(appJS, goAppStart, []byte(intentStart), 1), nil
}

func startOnIntent(out string) error {
	p := filepath.Join(out, "app.js")
	b, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	if b, err = StartOnIntent(b); err != nil {
		return err
	}
	return os.WriteFile(p, b, 0o644)
}
