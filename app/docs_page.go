package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// docsIndexPage is /docs: the list of guides.
type docsIndexPage struct {
	app.Compo
}

func (p *docsIndexPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *docsIndexPage) OnNav(ctx app.Context)       { p.load(ctx) }

func (p *docsIndexPage) load(ctx app.Context) {
	setMeta(ctx, "Guides", "Guides to the error handling of the BabySea, Babou, Aionvision and Claro APIs: retries, rate limits, idempotency.")
}

func (p *docsIndexPage) Render() app.UI {
	return layout(sectionDocs, app.Div().ID("docs").Class("prose").Body(app.H1().Text("Guides")))
}

// docPage is /docs/<slug>: one guide.
type docPage struct {
	app.Compo
	slug string
}

func (p *docPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *docPage) OnNav(ctx app.Context)       { p.load(ctx) }

func (p *docPage) load(ctx app.Context) {}

func (p *docPage) Render() app.UI {
	return layout(sectionDocs, app.Div().ID("doc").Class("prose"))
}
