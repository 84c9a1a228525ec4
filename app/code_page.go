package main

import (
	"fmt"
	"html"
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

	path  string // the URL's path
	entry catalog.Entry
	found bool
	view  codeView
}

// key is the "api/code" the page is for.
func (p *codePage) key() string {
	if p.Key != "" {
		return p.Key
	}
	return strings.TrimPrefix(p.path, "/errors/")
}

func (p *codePage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *codePage) OnNav(ctx app.Context)       { p.load(ctx) }

// load finds the entry named by the path and prepares the page.
func (p *codePage) load(ctx app.Context) {
	p.path = ctx.Page().URL().Path
	api, code, _ := strings.Cut(p.key(), "/")
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
		api, code, _ := strings.Cut(p.key(), "/")
		return layout(sectionReference, app.Div().ID("code-missing").Class("prose").Body(
			app.H1().Text("Unknown error code "+code),
			unknownCode(catalog.API(api), code),
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
				breakableCode("code-name", "code-name", string(e.Code)),
				app.Span().Class("code-title").Text(e.Title),
			),
			app.Div().Class("toolbar code-actions").Body(
				&copyButton{ID: "copy-code", Label: "Copy the code " + string(e.Code), Text: string(e.Code), From: "code-name"},
				app.A().ID("embed-this").Href("#embed").Text("Embed this card"),
			),
			app.Dl().ID("facts").Class("facts").Body(
				fact("API", app.Text(info.Name)),
				fact("HTTP status", app.Span().ID("fact-status").Body(statusBadge(e.Status), app.Text(" "+strings.TrimPrefix(statusText(e.Status), fmt.Sprint(e.Status)+" ")))),
				fact("Type", breakableCode("fact-type", "", string(e.Type))),
				fact("Category", app.Text(categoryLabel(e.Category))),
				fact("Retry", app.Span().ID("fact-retryable").Body(retryBadge(e.Retryable))),
			),
		),
		app.Section().ID("meaning").Class("block").Body(
			sectionHeading("meaning", "Meaning"),
			app.P().Class("meaning").Text(e.Meaning),
		),
		app.If(len(e.Causes) > 0, func() app.UI {
			return app.Section().ID("causes").Class("block").Body(
				sectionHeading("causes", "Common causes"),
				app.Ul().Body(app.Range(e.Causes).Slice(func(i int) app.UI { return app.Li().Text(e.Causes[i]) })),
			)
		}),
		app.If(len(e.Solutions) > 0, func() app.UI {
			return app.Section().ID("solutions").Class("block").Body(
				sectionHeading("solutions", "What to do"),
				app.Ol().Body(app.Range(e.Solutions).Slice(func(i int) app.UI { return app.Li().Text(e.Solutions[i]) })),
			)
		}),
		v.extras.render(e),
		app.If(len(v.related) > 0, func() app.UI {
			return app.Section().ID("related").Class("block").Body(
				sectionHeading("related", "Related codes"),
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
		embedSection(e),
		sourcesSection(e),
	)
}

// sectionHeading is a section's <h2> with a link to the section itself
// (#causes), for sharing a part of a page.
func sectionHeading(id, title string) app.UI {
	return app.H2().Body(
		app.Text(title),
		app.A().Class("anchor").Href("#"+id).Aria("label", "Link to “"+title+"”").Text("#"),
	)
}

// breakableCode is <code id=id class=class>s</code> with a line-break
// opportunity (<wbr>) after each underscore, so that rate_limit_exceeded
// wraps between its words, never inside one. It is one raw node: the
// pre-rendered HTML's indentation between child nodes would show as
// spaces, and be copied with the code.
func breakableCode(id, class, s string) app.UI {
	var b strings.Builder
	b.WriteString(`<code id="` + id + `"`)
	if class != "" {
		b.WriteString(` class="` + class + `"`)
	}
	b.WriteString(`>`)
	for i, part := range strings.SplitAfter(s, "_") {
		if i > 0 && part != "" {
			b.WriteString("<wbr>")
		}
		b.WriteString(html.EscapeString(part))
	}
	b.WriteString(`</code>`)
	return app.Raw(b.String())
}

// embedSection is the snippet that puts this code's card into other docs.
func embedSection(e catalog.Entry) app.UI {
	snippet := `<div data-errscope="` + e.Key() + `"></div>`
	return app.Section().ID("embed").Class("block").Body(
		sectionHeading("embed", "Embed this card"),
		app.P().Text("Show this code's card in your own docs: put this where the card goes, and errscope's script once per page."),
		app.Div().Class("snippet").Body(
			// Raw: the pre-rendered HTML's indentation would be inside <pre>.
			app.Raw(`<pre id="embed-snippet" tabindex="0"><code>`+html.EscapeString(snippet)+`</code></pre>`),
			&copyButton{ID: "copy-embed", Label: "Copy the embed snippet", Text: snippet, From: "embed-snippet"},
		),
		app.P().Body(app.A().Href("/embed").Text("How to embed errscope: the script, iframes and oEmbed")),
	)
}

// sourcesSection says where the entry's facts come from, with errscope's
// curation notes — how a status was chosen, how an older page worded the
// meaning — kept apart from the meaning itself.
func sourcesSection(e catalog.Entry) app.UI {
	return app.Section().ID("sources").Class("block sources").Body(
		sectionHeading("sources", "Sources"),
		app.P().Text("From the API's own documentation pages, as collected for errscope:"),
		app.Ul().Body(app.Range(e.Sources).Slice(func(i int) app.UI {
			src := e.Sources[i]
			if u := seedURLs[src]; u != "" {
				return app.Li().Title(src).Body(app.A().Href(u).Rel("noopener").Text(sourceLabel(src)))
			}
			return app.Li().Title(src).Text(sourceLabel(src))
		})),
		app.If(e.StatusNote != "" || e.OlderWording != "", func() app.UI {
			return app.Ul().ID("curation").Class("curation").Body(
				app.If(e.StatusNote != "", func() app.UI {
					return app.Li().Body(app.Strong().Text("Status. "), app.Text(e.StatusNote))
				}),
				app.If(e.OlderWording != "", func() app.UI {
					return app.Li().Body(
						app.Strong().Text("Older wording. "),
						app.Text("An older page of the docs differed: "+e.OlderWording+" The newer page's wording is used above."),
					)
				}),
			)
		}),
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

// seedURLs are the public addresses the seeds themselves name; the other
// seeds carry none, so their sources are not linked.
var seedURLs = map[string]string{
	"001_50a273c3e49d9351.txt": "https://docs.babysea.ai/llms.txt",
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
