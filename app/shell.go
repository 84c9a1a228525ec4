package main

import (
	"github.com/errscope/errscope/internal/finder"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// A section is the part of the site a page belongs to; the header marks it.
type section int

const (
	sectionNone section = iota
	sectionReference
	sectionDecoder
	sectionSimulator
	sectionDocs
	sectionTriage
	sectionEmbed
)

// siteName is the product name shown in titles and the header.
const siteName = finder.SiteName

// navItems are the header links, in order.
var navItems = []struct {
	id, href, label string
	s               section
}{
	{"nav-reference", "/", "Reference", sectionReference},
	{"nav-decoder", "/decode", "Decoder", sectionDecoder},
	{"nav-simulator", "/simulate", "Simulator", sectionSimulator},
	{"nav-triage", "/triage", "Triage", sectionTriage},
	{"nav-docs", "/docs", "Docs", sectionDocs},
}

// layout wraps a page's content in the site shell: skip link, header with
// the main navigation, <main id="main">, footer and the update bar. Every
// page renders through it, natively and in the browser, so the pre-rendered
// HTML and the client's DOM have the same structure.
func layout(active section, content ...app.UI) app.UI {
	return app.Div().Class("site").Body(
		app.A().Class("skip-link").Href("#main").Text("Skip to content"),
		app.Header().Class("site-header").Body(
			app.Nav().Class("site-nav").Aria("label", "Main").Body(
				app.A().Class("brand").Href("/").Body(
					// Decorative: the link's text names it, so alt="". go-app drops an
					// empty alt (and pre-renders aria-hidden without a value), and the
					// reference pages are their pre-rendered HTML: raw markup keeps it.
					app.Raw(`<img alt="" class="brand-icon" height="28" src="/web/icon.svg" width="28">`),
					app.Span().Text(siteName),
				),
				app.Ul().Class("nav-links").Body(
					app.Range(navItems).Slice(func(i int) app.UI {
						it := navItems[i]
						a := app.A().ID(it.id).Href(it.href).Text(it.label)
						if it.s == active {
							a = a.Aria("current", "page")
						}
						return app.Li().Body(a)
					}),
				),
			),
		),
		app.Main().ID("main").Class("site-main").Body(content...),
		app.Footer().Class("site-footer").Body(
			app.P().Text("errscope — the error reference, decoder and retry simulator of the BabySea, Babou, Aionvision and Claro APIs. "+
				"Everything runs in your browser; after one visit it works offline."),
			app.Ul().Class("footer-links").Body(
				app.Li().Body(app.A().Href("/catalog.json").Target("_blank").Rel("noopener").Text("catalog.json")),
				app.Li().Body(app.A().Href("/llms.txt").Target("_blank").Rel("noopener").Text("llms.txt")),
				app.Li().Body(app.A().Href("/docs").Text("Guides")),
				app.Li().Body(app.A().ID("footer-embed").Href("/embed").Text("Embed in your docs")),
			),
		),
		&updateBar{},
	)
}

// embedLayout is the chrome-less shell of the /embed/* pages, which other
// sites show in an iframe: the content and one link out to the full site
// (target=_blank, so it leaves the frame).
func embedLayout(full string, content ...app.UI) app.UI {
	return app.Div().Class("site embed").Body(
		app.Main().ID("main").Class("site-main").Body(content...),
		app.Footer().Class("embed-footer").Body(
			app.A().Href(full).Target("_blank").Rel("noopener").Text("Open in errscope ↗"),
		),
		&updateBar{},
	)
}

// updateBar shows "New version available — Reload" once the service worker
// has installed a new version. It renders a hidden placeholder otherwise,
// so the page's structure does not change when it appears.
type updateBar struct {
	app.Compo
	available bool
}

// controlledAtStart reports whether a service worker controlled the page
// when it loaded (main_wasm.go sets it). On a first visit none does, and
// the first worker's activation, which go-app reports as an update, is
// not one: the page already runs the newest version.
var controlledAtStart bool

// OnMount catches an update that was found before this page mounted.
func (u *updateBar) OnMount(ctx app.Context) {
	u.available = controlledAtStart && ctx.AppUpdateAvailable()
}

// OnAppUpdate shows the bar.
func (u *updateBar) OnAppUpdate(ctx app.Context) {
	u.available = controlledAtStart && ctx.AppUpdateAvailable()
}

// Render draws the bar, hidden until an update is available. Its content
// is there while hidden: on the reference pages, which do not run go-app,
// web/finder.js only unhides it and wires the button.
func (u *updateBar) Render() app.UI {
	bar := app.Div().ID("update-bar").Class("update-bar").Role("status")
	if !u.available {
		bar = bar.Hidden(true) // go-app writes a false boolean as hidden="false", which hides
	}
	return bar.Body(
		app.Span().Text("A new version of errscope is available."),
		app.Button().ID("update-reload").Type("button").Text("Reload").OnClick(func(ctx app.Context, e app.Event) {
			ctx.Reload()
		}),
	)
}

// setMeta sets the page title ("X – errscope") and description, on the
// server (pre-rendered <head>) and in the browser (document.title).
func setMeta(ctx app.Context, title, description string) {
	ctx.Page().SetTitle(finder.Title(title))
	if description != "" {
		ctx.Page().SetDescription(description)
	}
}
