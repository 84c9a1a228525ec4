package main

import (
	"regexp"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Route patterns of the pages that carry a parameter in their path. They
// are anchored; the first match wins, in registration order.
const (
	codeRoute      = `^/errors/[a-z]+/[A-Za-z0-9_.\-]+$`
	codeAnyRoute   = `^/errors/[A-Za-z0-9_.\-]+$`
	embedCodeRoute = `^/embed/errors/[a-z]+/[A-Za-z0-9_.\-]+$`
	docRoute       = `^/docs/[a-z0-9\-]+$`
	anyRoute       = `^/.*$`
)

// referenceRoutes are the reference pages: the home page with its search,
// every code page, the guides and the embeddable code cards. Their
// pre-rendered HTML is the whole page: they load web/finder.js (and, on the
// home page, the small finder binary) instead of go-app's app.wasm, which
// only the tools need (the build swaps the scripts, internal/site.Unplug).
// In the browser the tools binary does not render them: a link or a
// navigation to one is a full page load (routes_wasm.go).
var referenceRoutes = []string{`^/$`, `^/docs$`, docRoute, codeRoute, codeAnyRoute, embedCodeRoute}

var referenceRE = func() []*regexp.Regexp {
	var out []*regexp.Regexp
	for _, p := range referenceRoutes {
		out = append(out, regexp.MustCompile(p))
	}
	return out
}()

// isReference reports whether path is a reference page.
func isReference(path string) bool {
	for _, re := range referenceRE {
		if re.MatchString(path) {
			return true
		}
	}
	return false
}

// earlyInputIDs are the paste areas of the tools: what a person typed or
// pasted into one before the tools' binary ran is carried into the page.
var earlyInputIDs = []string{"decode-input", "triage-input", "embed-decode-input"}

// routes registers every page: the tools, the reference pages (natively
// their components, in the browser a hand-off to a full load) and, last,
// the catch-all, so that unknown paths show the site's own not-found page.
func routes() {
	app.Route("/decode", func() app.Composer { return &decodePage{} })
	app.Route("/simulate", func() app.Composer { return &simulatePage{} })
	app.Route("/404", func() app.Composer { return &notFoundPage{} })
	app.Route("/triage", func() app.Composer { return &triagePage{} })
	app.Route("/embed", func() app.Composer { return &embedIndexPage{} })
	app.Route(embedDecodePath, func() app.Composer { return &embedDecodePage{} })
	app.Route(embedSimulatePath, func() app.Composer { return &embedSimulatePage{} })
	app.Route(embedCodePath, func() app.Composer { return &embedCard{} })
	for _, p := range referenceRoutes {
		app.RouteWithRegexp(p, referencePage(p))
	}
	app.RouteWithRegexp(anyRoute, func() app.Composer { return &notFoundPage{} })
}
