package main

import (
	"net/url"
	"path"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// notFoundPage is /404 (pre-rendered as 404.html, which the host serves for
// unknown paths) and the browser's page for any unrouted path.
type notFoundPage struct {
	app.Compo
	path string // the unknown path, "" on /404 itself
}

func (p *notFoundPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *notFoundPage) OnNav(ctx app.Context)       { p.load(ctx) }

func (p *notFoundPage) load(ctx app.Context) {
	p.path = ctx.Page().URL().Path
	if p.path == "/404" || p.path == "/404.html" {
		p.path = ""
	}
	setMeta(ctx, "Page not found", "There is no errscope page at this address.")
	// "/decode/" is "/decode": the router matches exact paths only.
	if app.IsClient && len(p.path) > 1 && strings.HasSuffix(p.path, "/") {
		u := *ctx.Page().URL()
		u.Path = strings.TrimRight(p.path, "/")
		if u.Path != "" && u.Path != p.path {
			ctx.NavigateTo(&u)
		}
	}
}

func (p *notFoundPage) Render() app.UI {
	var hint app.UI
	if p.path != "" {
		q := path.Base(p.path)
		hint = app.P().Body(
			app.Text("Nothing lives at "), app.Code().Text(p.path), app.Text(". "),
			app.A().Href("/?q="+url.QueryEscape(q)).Text("Search the reference for “"+q+"”"),
			app.Text("."),
		)
	}
	title := "Page not found"
	if api, code, ok := unknownCodePath(p.path); ok {
		// /errors/babysea/BSE9999: the host serves this page for a code
		// the catalog does not have.
		title = "Unknown error code " + code
		hint = unknownCode(api, code)
	}
	return layout(sectionNone,
		app.Div().ID("not-found").Class("prose not-found").Body(
			app.H1().Text(title),
			hint,
			app.P().Text("The page you asked for does not exist. Error codes live at /errors/<api>/<code>, for example:"),
			app.Ul().Body(
				app.Li().Body(app.A().Href("/errors/babysea/BSE1005").Text("/errors/babysea/BSE1005")),
				app.Li().Body(app.A().Href("/").Text("The reference: search every code")),
				app.Li().Body(app.A().Href("/decode").Text("The decoder: paste an error response")),
				app.Li().Body(app.A().Href("/docs").Text("The guides")),
			),
		),
	)
}
