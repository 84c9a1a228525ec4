package main

import (
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

// routes registers every page. The catch-all comes last so that unknown
// paths show the site's own not-found page in the browser.
func routes() {
	app.Route("/", func() app.Composer { return &homePage{} })
	app.Route("/decode", func() app.Composer { return &decodePage{} })
	app.Route("/simulate", func() app.Composer { return &simulatePage{} })
	app.Route("/docs", func() app.Composer { return &docsIndexPage{} })
	app.Route("/404", func() app.Composer { return &notFoundPage{} })
	app.Route("/triage", func() app.Composer { return &triagePage{} })
	app.Route("/embed", func() app.Composer { return &embedIndexPage{} })
	app.Route(embedDecodePath, func() app.Composer { return &embedDecodePage{} })
	app.Route(embedSimulatePath, func() app.Composer { return &embedSimulatePage{} })
	app.Route(embedCodePath, func() app.Composer { return &embedCard{} })
	app.RouteWithRegexp(docRoute, func() app.Composer { return &docPage{} })
	app.RouteWithRegexp(codeRoute, func() app.Composer { return &codePage{} })
	app.RouteWithRegexp(codeAnyRoute, func() app.Composer { return &codeLookupPage{} })
	app.RouteWithRegexp(embedCodeRoute, func() app.Composer { return &embedCard{} }) // compact card (embed_page.go)
	app.RouteWithRegexp(anyRoute, func() app.Composer { return &notFoundPage{} })
}
