package main

import (
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// updateInterval is how often the browser asks for a new service worker.
// go-app v10 has no automatic polling, and an update found while the page
// loads can be missed (go-app-v10 notes §4.2).
const updateInterval = 5 * time.Minute

// startClient starts what the browser needs besides the page components:
// the update poller, the global keyboard shortcuts, and carrying over text
// typed into the pre-rendered search box before the wasm took over.
func startClient() {
	if sw := app.Window().Get("navigator").Get("serviceWorker"); sw.Truthy() {
		controlledAtStart = sw.Get("controller").Truthy()
	}
	go func() {
		for range time.Tick(updateInterval) {
			app.TryUpdate()
		}
	}()
	if el := app.Window().GetElementByID("search"); el.Truthy() {
		earlySearch = el.Get("value").String()
		active := app.Window().Get("document").Get("activeElement")
		focusSearchOnMount = active.Truthy() && active.Get("id").String() == "search"
	}
	app.Window().Call("addEventListener", "keydown", app.FuncOf(func(this app.Value, args []app.Value) any {
		onGlobalKey(args[0])
		return nil
	}))
}

func runNative() {}

// onGlobalKey focuses the search box on "/" (outside text fields) and on
// Ctrl-K / Cmd-K anywhere. On other pages it goes to the reference first;
// the home page focuses the box when it mounts.
func onGlobalKey(e app.Value) {
	key := e.Get("key").String()
	mod := e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool()
	switch {
	case mod && strings.EqualFold(key, "k"):
	case key == "/" && !mod && !e.Get("altKey").Bool() && !typing(e.Get("target")):
	default:
		return
	}
	e.Call("preventDefault")
	doc := app.Window().Get("document")
	if s := doc.Call("getElementById", "search"); s.Truthy() {
		s.Call("focus")
		s.Call("select")
		return
	}
	if a := doc.Call("getElementById", "nav-reference"); a.Truthy() {
		focusSearchOnMount = true
		a.Call("click") // go-app's link interception navigates in place
	}
}

// typing reports whether the event target takes text input.
func typing(t app.Value) bool {
	if !t.Truthy() {
		return false
	}
	switch t.Get("tagName").String() {
	case "INPUT", "TEXTAREA", "SELECT":
		return true
	}
	return t.Get("isContentEditable").Truthy() && t.Get("isContentEditable").Bool()
}
