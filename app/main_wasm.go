package main

import (
	"net/url"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// updateInterval is how often the browser asks for a new service worker.
// go-app v10 has no automatic polling, and an update found while the page
// loads can be missed (go-app-v10 notes §4.2).
const updateInterval = 5 * time.Minute

// startClient starts what the tools' pages need besides their components:
// the update poller and full page loads for links to the reference pages
// (see referenceRoutes). The "/" and Ctrl/Cmd-K shortcuts are web/finder.js's,
// on every page, so that they work before this binary runs.
func startClient() {
	// go-app replaces the pre-rendered page on its first render; keep what
	// the person typed or pasted before the binary ran (it starts on that
	// very intent, internal/site.StartOnIntent).
	doc := app.Window().Get("document")
	for _, id := range earlyInputIDs {
		if el := doc.Call("getElementById", id); el.Truthy() {
			if v := el.Get("value").String(); v != "" {
				early[id] = v
			}
		}
	}
	if sw := app.Window().Get("navigator").Get("serviceWorker"); sw.Truthy() {
		controlledAtStart = sw.Get("controller").Truthy()
	}
	go func() {
		for range time.Tick(updateInterval) {
			app.TryUpdate()
		}
	}()
	// go-app handles every link click on window (bubbling) and renders the
	// route in place. A reference page is not in this binary: stop the click
	// on its way up, at the document, and let the browser load the page.
	app.Window().Get("document").Call("addEventListener", "click", app.FuncOf(func(this app.Value, args []app.Value) any {
		if referenceLink(args[0]) {
			args[0].Call("stopPropagation")
		}
		return nil
	}))
}

func runNative() {}

// early holds what the paste areas held when the binary started, by id.
var early = map[string]string{}

// takeEarlyInput returns, once, what the element with id held before the
// binary ran ("" if nothing).
func takeEarlyInput(id string) string {
	v := early[id]
	delete(early, id)
	return v
}

// referenceLink reports whether a click event follows a same-origin link to
// a reference page.
func referenceLink(e app.Value) bool {
	if e.Get("defaultPrevented").Bool() {
		return false
	}
	t := e.Get("target")
	if !t.Truthy() || !t.Get("closest").Truthy() {
		return false
	}
	a := t.Call("closest", "a[href]")
	if !a.Truthy() {
		return false
	}
	u, err := url.Parse(a.Get("href").String())
	if err != nil {
		return false
	}
	return u.Host == app.Window().Get("location").Get("host").String() && isReference(u.Path)
}
