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
// it) with a full load of the same URL — except on the page the host
// served as its not-found page (an unknown code, /errors/babysea/BSE9999):
// reloading it would only load the not-found page again, so the
// not-found page is shown for it.
type handoff struct {
	app.Compo
	notFound *notFoundPage
}

func (h *handoff) OnNav(ctx app.Context) {
	if servedNotFound != "" && ctx.Page().URL().Path == servedNotFound {
		h.notFound = &notFoundPage{}
		h.notFound.load(ctx)
		return
	}
	app.Window().Get("location").Call("replace", app.Window().Get("location").Get("href"))
}

func (h *handoff) Render() app.UI {
	if h.notFound != nil {
		return h.notFound.Render()
	}
	return app.Div().Class("site")
}

// servedNotFound is the path of the page as loaded when the host answered
// it with the not-found page (404.html), and "" otherwise.
var servedNotFound = func() string {
	doc := app.Window().Get("document")
	if !doc.Call("getElementById", "not-found").Truthy() {
		return ""
	}
	return app.Window().Get("location").Get("pathname").String()
}()
