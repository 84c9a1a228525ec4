package main

import (
	"path"

	"github.com/errscope/errscope/docs"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// docsIndexPage is /docs: the landing page of the guides.
type docsIndexPage struct {
	app.Compo
}

func (p *docsIndexPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *docsIndexPage) OnNav(ctx app.Context)       { p.load(ctx) }

func (p *docsIndexPage) load(ctx app.Context) {
	ix := docs.Index()
	setMeta(ctx, ix.Title, ix.Summary)
}

func (p *docsIndexPage) Render() app.UI {
	return docsLayout("", docs.Index())
}

// docPage is /docs/<slug>: one guide.
type docPage struct {
	app.Compo

	// Slug overrides the URL's last segment; tests set it.
	Slug string

	page  docs.Page
	found bool
}

func (p *docPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *docPage) OnNav(ctx app.Context)       { p.load(ctx) }

func (p *docPage) load(ctx app.Context) {
	slug := p.Slug
	if slug == "" {
		slug = path.Base(ctx.Page().URL().Path)
	}
	p.page, p.found = docs.Lookup(slug)
	if !p.found || slug == docs.Index().Slug {
		p.found = false
		setMeta(ctx, "Guide not found", "There is no guide at this address.")
		return
	}
	setMeta(ctx, p.page.Title, p.page.Summary)
}

func (p *docPage) Render() app.UI {
	if !p.found {
		return layout(sectionDocs, app.Div().ID("doc-missing").Class("prose").Body(
			app.H1().Text("Guide not found"),
			app.P().Body(app.Text("There is no guide here. "), app.A().Href("/docs").Text("See all guides"), app.Text(".")),
		))
	}
	return docsLayout(p.page.Slug, p.page)
}

// docsLayout shows a guide beside the list of all guides.
func docsLayout(current string, page docs.Page) app.UI {
	pages := docs.Pages()
	link := func(href, slug, title string) app.UI {
		a := app.A().Href(href).Text(title)
		if slug == current {
			a = a.Aria("current", "page")
		}
		return app.Li().Body(a)
	}
	return layout(sectionDocs,
		app.Div().Class("docs-layout").Body(
			app.Nav().ID("docs-nav").Class("docs-side").Aria("label", "Guides").Body(
				app.H2().Text("Guides"),
				app.Ul().Body(
					link("/docs", "", "Overview"),
					app.Range(pages).Slice(func(i int) app.UI {
						return link("/docs/"+pages[i].Slug, pages[i].Slug, pages[i].Title)
					}),
				),
			),
			// The guide's HTML was rendered from the repository's Markdown at
			// build time (raw HTML disabled): trusted, and one root element.
			app.Article().ID("doc").Class("doc markdown").Body(app.Raw(page.HTML)),
		),
	)
}
