//go:build wasm

package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// referencePage returns, in the browser, the hand-off for a reference
// route: the tools binary does not carry the reference's components (they
// stay out of app.wasm), so reaching one in the app reloads the page from
// the site, where finder.js serves it.
func referencePage(string) func() app.Composer {
	return func() app.Composer { return &handoff{} }
}

// handoff replaces the current history entry (go-app has already pushed
// it) with a full load of the same URL.
type handoff struct{ app.Compo }

func (h *handoff) OnNav(ctx app.Context) {
	app.Window().Get("location").Call("replace", app.Window().Get("location").Get("href"))
}

func (h *handoff) Render() app.UI { return app.Div().Class("site") }
