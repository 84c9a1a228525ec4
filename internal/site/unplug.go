//go:build !wasm

package site

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

// Scripts of a pre-rendered page, as go-app v10.1.11 writes them (after
// canonicalHTML).
var (
	appScript      = []byte(`<script defer src="/app.js"></script>`)
	wasmExecScript = []byte(`<script defer src="/wasm_exec.js"></script>`)
	htmlTag        = []byte(`<html lang="en">`)
	loaderRE       = regexp.MustCompile(`(?s)\s*<aside class="goapp-app-info" id="app-wasm-loader">.*?</aside>`)
	searchBoxRE    = regexp.MustCompile(`<input [^>]*id="search"`)
)

// FinderScript is the loader of the reference pages (web/finder.js), and
// FinderWasm the small search binary it starts on pages with a search box.
const (
	FinderScript = "/web/finder.js"
	FinderWasm   = "/web/finder.wasm"
)

// Unplug turns a page pre-rendered by go-app into a reference page that
// does not start go-app: its HTML is the page, and it loads
// [FinderScript] instead of app.js. go-app's loading bar goes, and so does
// wasm_exec.js unless the page has the search box, which starts
// [FinderWasm]. It is not preloaded: measured, Lighthouse's simulation
// counts a preloaded 0.7 MB download against the page's largest paint
// (LCP 4.8 s instead of 1.1 s); finder.js prefetches it once the page is
// idle, and a keystroke before that fetches it at once. The
// <html> element gets data-finder="loading", which finder.js turns into
// "ready" (or "error: …") — the signal the tests wait for.
func Unplug(page []byte) ([]byte, error) {
	if bytes.Count(page, appScript) != 1 || bytes.Count(page, htmlTag) != 1 || bytes.Count(page, wasmExecScript) != 1 {
		return nil, errors.New("not a go-app v10 page (app.js, wasm_exec.js or <html lang> not found once)")
	}
	out := bytes.Replace(page, htmlTag, []byte(`<html data-finder="loading" lang="en">`), 1)
	if searchBoxRE.Match(out) {
		// async, with data-search: finder.js runs as soon as it arrives,
		// before the body is parsed, so that a keystroke in the search box
		// starts the finder's download at once (it starts the finder itself
		// once wasm_exec.js, deferred, has run).
		out = bytes.Replace(out, appScript, []byte(`<script async data-search src="`+FinderScript+`"></script>`), 1)
	} else {
		out = bytes.Replace(out, appScript, []byte(`<script defer src="`+FinderScript+`"></script>`), 1)
		out = bytes.Replace(out, append([]byte("\n    "), wasmExecScript...), nil, 1)
		out = bytes.Replace(out, wasmExecScript, nil, 1)
	}
	out = loaderRE.ReplaceAll(out, nil)
	return out, nil
}

// WithShortcuts adds [FinderScript] to a tools' page, just before go-app's
// app.js (deferred scripts run in order): there it provides the "/" and
// Ctrl/Cmd-K shortcuts, which must work before the tools' binary has
// started, and the start on intent that app.js calls ([StartOnIntent]).
func WithShortcuts(page []byte) ([]byte, error) {
	if bytes.Count(page, appScript) != 1 {
		return nil, errors.New("not a go-app v10 page (app.js not found once)")
	}
	return bytes.Replace(page, appScript, []byte(`<script defer src="`+FinderScript+`"></script>`+"\n    "+string(appScript)), 1), nil
}

// unplugPages applies [Unplug] to the pre-rendered file of every page for
// which reference is true, and [WithShortcuts] to every other page.
func unplugPages(out string, pages []string, reference func(string) bool) error {
	if reference == nil {
		return nil
	}
	srv, err := NewServer(out, nil, nil)
	if err != nil {
		return err
	}
	for _, p := range pages {
		name, _ := srv.resolve(p)
		if name == "" {
			return fmt.Errorf("%s: no pre-rendered file", p)
		}
		full := filepath.Join(out, filepath.FromSlash(name))
		b, err := os.ReadFile(full)
		if err != nil {
			return err
		}
		if reference(p) {
			b, err = Unplug(b)
		} else {
			b, err = WithShortcuts(b)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		if err := os.WriteFile(full, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
