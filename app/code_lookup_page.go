package main

import (
	"path"
	"strings"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/route"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// codeLookupPage is /errors/<code> without the API. A code that only one
// API uses has a redirect to its page (_redirects on the host, a client
// navigation in the browser); a code several APIs share, and an API id
// itself (/errors/babysea), list the candidates.
type codeLookupPage struct {
	app.Compo

	// Name overrides the URL's last segment; tests set it.
	Name string

	name       string
	api        catalog.API // set when name is an API id
	candidates []catalog.Entry
}

func (p *codeLookupPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *codeLookupPage) OnNav(ctx app.Context)       { p.load(ctx) }

func (p *codeLookupPage) load(ctx app.Context) {
	p.name = p.Name
	if p.name == "" {
		p.name = path.Base(ctx.Page().URL().Path)
	}
	p.api = ""
	p.candidates = nil
	if _, ok := catalog.Info(catalog.API(p.name)); ok {
		p.api = catalog.API(p.name)
		for _, e := range catalog.All() {
			if e.API == p.api {
				p.candidates = append(p.candidates, e)
			}
		}
		setMeta(ctx, apiName(p.api)+" error codes", "Every error code of the "+apiName(p.api)+" API.")
		return
	}
	p.candidates = catalog.LookupCode(catalog.Code(p.name))
	if len(p.candidates) == 1 && app.IsClient {
		ctx.Navigate(route.Code(p.candidates[0]))
		return
	}
	setMeta(ctx, p.name, "The error code "+p.name+" exists in several APIs; pick yours.")
}

func (p *codeLookupPage) Render() app.UI {
	var title, intro string
	switch {
	case p.api != "":
		title = apiName(p.api) + " error codes"
		intro = ""
	case len(p.candidates) == 0:
		title = "Unknown error code"
		intro = "No API in the catalog uses this code."
	case len(p.candidates) == 1:
		title = string(p.candidates[0].Code)
		intro = "This code belongs to " + apiName(p.candidates[0].API) + "."
	default:
		title = p.name
		intro = "Several APIs use this code. They mean different things and retry differently — pick the API that sent it:"
	}
	return layout(sectionReference, app.Div().ID("code-lookup").Class("prose").Body(
		app.H1().Text(title),
		app.If(intro != "", func() app.UI { return app.P().Text(intro) }),
		app.Ul().ID("candidates").Class("candidates").Body(app.Range(p.candidates).Slice(func(i int) app.UI {
			e := p.candidates[i]
			return app.Li().Body(
				app.A().Href(route.Code(e)).Body(app.Code().Text(string(e.Code))),
				app.Text(" "), statusBadge(e.Status),
				app.Text(" "+apiName(e.API)+": "+e.Title+" "),
				retryBadge(e.Retryable),
			)
		})),
		app.If(len(p.candidates) == 0, func() app.UI {
			return app.P().Body(app.A().Href("/?q="+strings.ReplaceAll(p.name, `"`, "")).Text("Search the reference for it"), app.Text("."))
		}),
	))
}
