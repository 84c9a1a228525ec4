package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/route"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// codePage is /errors/<api>/<code>: everything about one error code. (The
// iframe card /embed/errors/<api>/<code> is embedCard.)
type codePage struct {
	app.Compo

	// Key overrides the URL ("babysea/BSE1005"); tests set it.
	Key string

	entry catalog.Entry
	found bool
	view  codeView
}

func (p *codePage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *codePage) OnNav(ctx app.Context)       { p.load(ctx) }

// load finds the entry named by the path and prepares the page.
func (p *codePage) load(ctx app.Context) {
	key := p.Key
	if key == "" {
		key = strings.TrimPrefix(ctx.Page().URL().Path, "/errors/")
	}
	api, code, _ := strings.Cut(key, "/")
	p.entry, p.found = catalog.Lookup(catalog.API(api), catalog.Code(code))
	if !p.found {
		setMeta(ctx, "Unknown code", "This error code is not in the errscope catalog.")
		return
	}
	e := p.entry
	p.view = newCodeView(e)
	setMeta(ctx, fmt.Sprintf("%s %s (%d)", apiName(e.API), e.Code, e.Status),
		fmt.Sprintf("%s %s — HTTP %d, %s: %s", apiName(e.API), e.Code, e.Status, retryWord(e.Retryable), e.Meaning))
}

func retryWord(r bool) string {
	if r {
		return "retryable"
	}
	return "not retryable"
}

func (p *codePage) Render() app.UI {
	if !p.found {
		return layout(sectionReference, app.Div().ID("code-missing").Class("prose").Body(
			app.H1().Text("Unknown error code"),
			app.P().Body(app.Text("This code is not in the catalog. "), app.A().Href("/").Text("Search the reference"), app.Text(".")),
		))
	}
	return layout(sectionReference, p.view.render())
}

// codeView holds what a code page shows, computed once per entry.
type codeView struct {
	e       catalog.Entry
	related []catalog.Entry
	extras  codeExtras // example, SDK decision, samples (code_extras.go)
}

func newCodeView(e catalog.Entry) codeView {
	return codeView{e: e, related: related(e, 8), extras: newCodeExtras(e)}
}

// related returns up to n other entries: same API and category first, then
// the same type in other APIs.
func related(e catalog.Entry, n int) []catalog.Entry {
	var same, cross []catalog.Entry
	for _, o := range catalog.All() {
		if o.Key() == e.Key() {
			continue
		}
		switch {
		case o.API == e.API && o.Category == e.Category:
			same = append(same, o)
		case o.API != e.API && (strings.EqualFold(string(o.Type), string(e.Type)) || strings.EqualFold(string(o.Code), string(e.Code))):
			cross = append(cross, o)
		}
	}
	out := append(cross, same...)
	if len(out) > n {
		out = out[:n]
	}
	return out
}

func (v codeView) render() app.UI {
	e := v.e
	info, _ := catalog.Info(e.API)
	return app.Article().ID("code").Class("code-page").Body(
		app.Nav().Class("breadcrumb").Aria("label", "Breadcrumb").Body(
			app.Ol().Body(
				app.Li().Body(app.A().Href("/").Text("Reference")),
				app.Li().Body(app.A().Href("/?api="+string(e.API)).Text(info.Name)),
				app.Li().Aria("current", "page").Text(string(e.Code)),
			),
		),
		app.Header().Class("code-head").Body(
			app.H1().Body(
				app.Code().ID("code-name").Class("code-name").Text(string(e.Code)),
				app.Span().Class("code-title").Text(e.Title),
			),
			app.Dl().ID("facts").Class("facts").Body(
				fact("API", app.Text(info.Name)),
				fact("HTTP status", app.Span().ID("fact-status").Body(statusBadge(e.Status), app.Text(" "+strings.TrimPrefix(statusText(e.Status), fmt.Sprint(e.Status)+" ")))),
				fact("Type", app.Code().ID("fact-type").Text(string(e.Type))),
				fact("Category", app.Text(categoryLabel(e.Category))),
				fact("Retry", app.Span().ID("fact-retryable").Body(retryBadge(e.Retryable))),
			),
		),
		app.Section().ID("meaning").Class("block").Body(
			app.H2().Text("Meaning"),
			app.P().Class("meaning").Text(e.Meaning),
			app.If(e.OlderWording != "", func() app.UI {
				return app.P().Class("note").Body(
					app.Strong().Text("Older wording. "),
					app.Text("An older page of the docs said: “"+e.OlderWording+"”. The newer wording is used here."),
				)
			}),
		),
		app.If(len(e.Causes) > 0, func() app.UI {
			return app.Section().ID("causes").Class("block").Body(
				app.H2().Text("Common causes"),
				app.Ul().Body(app.Range(e.Causes).Slice(func(i int) app.UI { return app.Li().Text(e.Causes[i]) })),
			)
		}),
		app.If(len(e.Solutions) > 0, func() app.UI {
			return app.Section().ID("solutions").Class("block").Body(
				app.H2().Text("What to do"),
				app.Ol().Body(app.Range(e.Solutions).Slice(func(i int) app.UI { return app.Li().Text(e.Solutions[i]) })),
			)
		}),
		v.extras.render(e),
		app.If(len(v.related) > 0, func() app.UI {
			return app.Section().ID("related").Class("block").Body(
				app.H2().Text("Related codes"),
				app.Ul().Class("related").Body(app.Range(v.related).Slice(func(i int) app.UI {
					r := v.related[i]
					return app.Li().Body(
						app.A().Href(route.Code(r)).Body(app.Code().Text(string(r.Code))),
						app.Text(" "),
						statusBadge(r.Status),
						app.Text(" "+r.Title),
						app.If(r.API != e.API, func() app.UI { return app.Span().Class("badge badge-neutral related-api").Text(apiName(r.API)) }),
					)
				})),
			)
		}),
		learnMore(e),
		app.Section().ID("sources").Class("block sources").Body(
			app.H2().Text("Sources"),
			app.P().Text("From the API's own documentation pages, as collected for errscope:"),
			app.Ul().Body(app.Range(e.Sources).Slice(func(i int) app.UI {
				return app.Li().Title(e.Sources[i]).Text(sourceLabel(e.Sources[i]))
			})),
		),
	)
}

func fact(term string, def app.UI) app.UI {
	return app.Div().Class("fact").Body(app.Dt().Text(term), app.Dd().Body(def))
}

// seedLabels name the source documents (shared/seeds, by file name) for
// readers; the file name alone means nothing to them.
var seedLabels = map[string]string{
	"000_2dbe8a6c778e886f.txt": "Babou API error reference",
	"001_50a273c3e49d9351.txt": "BabySea API error reference",
	"002_9902a67b5351388f.txt": "Aionvision error codes reference",
	"003_17f7835f2117b2a7.txt": "BabySea SDK errors page",
	"004_234e57185689c02b.txt": "Claro API error reference",
}

// sourceLabel returns a readable name for a seed file, such as
// "BabySea SDK errors page (seed 003)". A file missing from seedLabels is
// named after the API whose sources list it, else by its file name.
func sourceLabel(file string) string {
	num, _, _ := strings.Cut(file, "_")
	if l, ok := seedLabels[file]; ok {
		return l + " (seed " + num + ")"
	}
	for _, a := range catalog.APIs() {
		if slices.Contains(a.Sources, file) {
			return a.Name + " documentation (seed " + num + ")"
		}
	}
	return file
}
