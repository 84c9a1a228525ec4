package main

import (
	"strconv"
	"strings"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/explain"
	"github.com/errscope/errscope/internal/durtext"
	"github.com/errscope/errscope/internal/route"
	"github.com/errscope/errscope/retry"
	"github.com/errscope/errscope/scenario"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The /embed/* pages are made for an <iframe> on another site (web/embed.js
// creates them): no site chrome, links to the full site open in a new tab,
// and each page tells its parent its height (embedFrame). Query parameters:
// theme=light|dark|auto forces a colour scheme, api= preselects an API.

// Paths of the embeddable widgets besides the code cards.
const (
	embedDecodePath   = "/embed/decode"
	embedSimulatePath = "/embed/simulate"
	// embedCodePath is the card of a code given in the fragment without its
	// API ("/embed/code#BSE1005"): one pre-rendered page for every code.
	embedCodePath = "/embed/code"
)

// heightMessage is the "type" of the message an embedded page posts to its
// parent: {type, height, path}.
const heightMessage = "errscope:height"

// embedTheme returns the theme asked for by ?theme=, "auto" by default.
func embedTheme(ctx app.Context) string {
	switch t := ctx.Page().URL().Query().Get("theme"); t {
	case "light", "dark":
		return t
	}
	return "auto"
}

// embedAPI returns the API preselected by ?api=, "" when none or unknown.
func embedAPI(ctx app.Context) string {
	a := ctx.Page().URL().Query().Get("api")
	if _, ok := catalog.Info(catalog.API(a)); ok {
		return a
	}
	return ""
}

// embedFrame is rendered by every /embed/* page. In the browser it applies
// the theme (a class on <html>) and reports the page's height to the parent
// window once it has mounted. web/embed-child.js does both from the
// pre-rendered page on and keeps reporting with a ResizeObserver; this is
// for when the wasm page changed without the script noticing (a client-side
// navigation inside the frame).
type embedFrame struct {
	app.Compo
}

func (f *embedFrame) Render() app.UI {
	return app.Span().ID("embed-frame").Hidden(true)
}

func (f *embedFrame) OnMount(ctx app.Context) {
	cl := app.Window().Get("document").Get("documentElement").Get("classList")
	cl.Call("remove", "theme-light", "theme-dark")
	if t := embedTheme(ctx); t != "auto" {
		cl.Call("add", "theme-"+t)
	}
	cl.Call("add", "embedded")
	path := ctx.Page().URL().Path
	ctx.Defer(func(ctx app.Context) { postHeight(path) })
}

// postHeight tells the parent window the page's height in CSS pixels (the
// body's, as web/embed-child.js measures it). The message carries nothing
// else, so any origin may receive it.
func postHeight(path string) {
	win := app.Window()
	body := win.Get("document").Get("body")
	parent := win.Get("parent")
	if !body.Truthy() || !parent.Truthy() {
		return
	}
	h := body.Call("getBoundingClientRect").Get("height").Float()
	msg := win.Get("Object").New()
	msg.Set("type", heightMessage)
	msg.Set("height", int(h+0.999))
	msg.Set("path", path)
	parent.Call("postMessage", msg, "*")
}

// embedShell is embedLayout plus the frame logic.
func embedShell(full string, content ...app.UI) app.UI {
	return app.Div().Class("embed-root").Body(
		embedLayout(full, content...),
		&embedFrame{},
	)
}

// embedCard is /embed/errors/<api>/<code> (and /embed/code#<code>): a
// compact card of one code — code, title, status, retryable badge,
// meaning and the top solutions — with a link to its full page.
type embedCard struct {
	app.Compo

	// Key overrides the URL ("babysea/BSE1005"); tests set it.
	Key string

	entry      catalog.Entry
	found      bool
	candidates []catalog.Entry // several APIs use the code
	asked      string
}

func (c *embedCard) OnPreRender(ctx app.Context) { c.load(ctx) }
func (c *embedCard) OnNav(ctx app.Context)       { c.load(ctx) }

// OnInit looks up Key, so tests can render a card without a URL.
func (c *embedCard) OnInit() {
	if c.Key != "" {
		c.lookup(c.Key)
	}
}

func (c *embedCard) load(ctx app.Context) {
	key := c.Key
	if key == "" {
		u := ctx.Page().URL()
		if u.Path == embedCodePath {
			key = strings.TrimSpace(u.Fragment)
		} else {
			key = strings.TrimPrefix(u.Path, "/embed/errors/")
		}
	}
	c.lookup(key)
	if c.found {
		setMeta(ctx, string(c.entry.Code)+" "+c.entry.Title, c.entry.Meaning)
	} else {
		setMeta(ctx, "Error code", "An error code of the errscope catalog.")
	}
}

// lookup finds "api/code" or a bare "code" (unique across the APIs).
func (c *embedCard) lookup(key string) {
	c.asked, c.found, c.candidates = key, false, nil
	if api, code, ok := strings.Cut(key, "/"); ok {
		c.entry, c.found = catalog.Lookup(catalog.API(api), catalog.Code(code))
		return
	}
	if key == "" {
		return
	}
	es := catalog.LookupCode(catalog.Code(key))
	switch len(es) {
	case 0:
	case 1:
		c.entry, c.found = es[0], true
	default:
		c.candidates = es
	}
}

// topSolutions is how many solutions the card lists.
const topSolutions = 3

func (c *embedCard) Render() app.UI {
	if !c.found {
		return embedShell("/", app.Div().ID("embed-card").Class("embed-card").Body(
			app.If(len(c.candidates) > 0, func() app.UI {
				return app.Div().Body(
					app.P().Body(app.Code().Text(c.asked), app.Text(" is used by several APIs:")),
					app.Ul().Body(app.Range(c.candidates).Slice(func(i int) app.UI {
						e := c.candidates[i]
						return app.Li().Body(app.A().Href("/embed" + route.Code(e)).Text(apiName(e.API) + " " + string(e.Code) + " — " + e.Title))
					})),
				)
			}).ElseIf(c.asked == "", func() app.UI {
				return app.P().Class("help").Text("Loading the error code…")
			}).Else(func() app.UI {
				return app.P().ID("embed-missing").Body(app.Code().Text(c.asked), app.Text(" is not in the errscope catalog."))
			}),
		))
	}
	e := c.entry
	sol := e.Solutions
	if len(sol) > topSolutions {
		sol = sol[:topSolutions]
	}
	return embedShell(route.Code(e), app.Article().ID("embed-card").Class("embed-card").Body(
		app.Header().Class("embed-card-head").Body(
			app.Code().ID("code-name").Class("code-name").Text(string(e.Code)),
			app.Span().Class("code-title").Text(e.Title),
		),
		app.P().Class("embed-badges").Body(
			app.Span().Class("result-api").Text(apiName(e.API)),
			app.Text(" "),
			statusBadge(e.Status),
			app.Text(" "),
			app.Span().ID("fact-retryable").Body(retryBadge(e.Retryable)),
		),
		app.P().Class("meaning").Text(e.Meaning),
		app.If(len(sol) > 0, func() app.UI {
			return app.Div().Body(
				app.H2().Class("embed-h").Text("What to do"),
				app.Ol().ID("embed-solutions").Body(app.Range(sol).Slice(func(i int) app.UI { return app.Li().Text(sol[i]) })),
			)
		}),
	))
}

// embedDecodePage is /embed/decode: a small decoder (explain.Decode) for
// docs pages — paste a response, see the code, whether to retry, and a link
// to the full explanation.
type embedDecodePage struct {
	app.Compo

	input   string
	api     string
	reports []explain.Report
}

func (p *embedDecodePage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *embedDecodePage) OnNav(ctx app.Context)       { p.load(ctx) }

func (p *embedDecodePage) load(ctx app.Context) {
	setMeta(ctx, "Decode an API error", "Paste an API error response and see what it means.")
	p.api = embedAPI(ctx)
	if t := takeEarlyInput("embed-decode-input"); t != "" && p.input == "" {
		p.input = t
		p.run()
	}
}

func (p *embedDecodePage) run() {
	if strings.TrimSpace(p.input) == "" {
		p.reports = nil
		return
	}
	in := p.input
	if len(in) > maxTriageShown {
		in = in[:maxTriageShown]
	}
	p.reports = explain.Decode([]byte(in), explain.Options{API: catalog.API(p.api)})
}

func (p *embedDecodePage) Render() app.UI {
	return embedShell("/decode", app.Div().ID("embed-decode").Class("embed-tool").Body(
		app.Label().For("embed-decode-input").Text("Paste an error response"),
		app.Textarea().ID("embed-decode-input").Class("paste embed-paste").Rows(5).Spellcheck(false).
			Placeholder(`{"error":{"code":"BSE1005",…}} or HTTP/1.1 429 …`).
			OnInput(func(ctx app.Context, e app.Event) {
				p.input = ctx.JSSrc().Get("value").String()
				p.run()
			}),
		apiSelect("embed-decode-api", p.api, "Detect", func(v string) { p.api = v; p.run() }),
		app.Div().ID("embed-decode-output").Aria("live", "polite").Body(
			app.If(len(p.reports) == 0, func() app.UI {
				return app.P().Class("help").Text("Nothing is uploaded: the response is decoded in your browser.")
			}),
			app.Range(p.reports).Slice(func(i int) app.UI { return embedReport(p.reports[i]) }),
		),
	))
}

// embedReport is the one-paragraph summary of a decoded response.
func embedReport(r explain.Report) app.UI {
	name := string(r.Code)
	if name == "" {
		name = "HTTP " + strconv.Itoa(r.Status)
	}
	title := r.Message
	if r.Entry != nil && r.Entry.Title != "" {
		title = r.Entry.Title
	}
	return app.Div().Class("report embed-report").Body(
		app.Div().Class("decision-head").Body(
			app.Code().Class("code-name").Text(name),
			app.If(r.Status != 0, func() app.UI { return statusBadge(r.Status) }),
			reportBadge(r),
			app.If(r.API != "", func() app.UI { return app.Span().Class("result-api").Text(apiName(r.API)) }),
		),
		app.If(title != "", func() app.UI { return app.P().Text(title) }),
		app.If(len(r.NextSteps) > 0, func() app.UI { return app.P().Class("help").Text(r.NextSteps[0]) }),
		app.If(r.Path != "", func() app.UI {
			return app.A().Href(r.Path).Target("_blank").Rel("noopener").Text("What it means ↗")
		}),
	)
}

// apiSelect is a small <select> of the APIs with a first "empty" option.
func apiSelect(id, value, empty string, set func(string)) app.UI {
	return app.Div().Class("field field-inline").Body(
		app.Label().For(id).Text("API"),
		app.Select().ID(id).OnChange(func(ctx app.Context, e app.Event) {
			set(ctx.JSSrc().Get("value").String())
		}).Body(
			app.If(empty != "", func() app.UI { return option("", empty, value == "") }),
			app.Range(catalog.APIs()).Slice(func(i int) app.UI {
				a := catalog.APIs()[i]
				return option(string(a.ID), a.Name, value == string(a.ID))
			}),
		),
	)
}

// option is an <option>. Only the selected one gets the attribute: the
// pre-rendered HTML would otherwise say selected="false", which browsers
// read as selected (the last such option wins).
func option(value, text string, selected bool) app.UI {
	o := app.Option().Value(value).Text(text)
	if selected {
		o = o.Selected(true)
	}
	return o
}

// defaultEmbedSpec is the scenario the embedded simulator starts with.
const defaultEmbedSpec = "429:retry-after=2,503,200"

// embedSimulatePage is /embed/simulate: type responses, see every attempt
// and wait of the API's retry policy (retry.Policy.Schedule).
type embedSimulatePage struct {
	app.Compo

	// Spec and API override the form; tests set them.
	Spec string
	API  string

	result retry.Result
	err    string
	ran    bool
}

func (p *embedSimulatePage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *embedSimulatePage) OnNav(ctx app.Context)       { p.load(ctx) }

func (p *embedSimulatePage) OnInit() {
	if p.Spec == "" {
		p.Spec = defaultEmbedSpec
	}
	if p.API == "" {
		p.API = "babysea"
	}
	p.run()
}

func (p *embedSimulatePage) load(ctx app.Context) {
	setMeta(ctx, "Retry simulator", "Play a sequence of responses through an API's retry policy.")
	if a := embedAPI(ctx); a != "" && a != p.API {
		p.API = a
		p.run()
	}
}

func (p *embedSimulatePage) run() {
	p.ran = true
	sc := scenario.New(catalog.BabySea)
	err := sc.Set("api", p.API)
	if err == nil {
		err = sc.Set("responses", p.Spec)
	}
	if err != nil {
		p.err, p.result = err.Error(), retry.Result{}
		return
	}
	p.err = ""
	p.result = sc.Run()
}

func (p *embedSimulatePage) Render() app.UI {
	return embedShell("/simulate", app.Div().ID("embed-simulate").Class("embed-tool").Body(
		app.Form().Class("embed-sim-form").OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			p.run()
		}).Body(
			app.Div().Class("field").Body(
				app.Label().For("embed-sim-spec").Text("Responses"),
				app.Input().ID("embed-sim-spec").Type("text").Value(p.Spec).Spellcheck(false).
					OnInput(func(ctx app.Context, e app.Event) { p.Spec = ctx.JSSrc().Get("value").String() }),
			),
			apiSelect("embed-sim-api", p.API, "", func(v string) { p.API = v; p.run() }),
			app.Button().ID("embed-sim-run").Type("submit").Text("Run"),
		),
		app.If(p.err != "", func() app.UI { return app.P().ID("embed-sim-error").Class("note").Text(p.err) }),
		app.If(p.err == "" && len(p.result.Attempts) > 0, func() app.UI {
			return app.Div().Class("table-wrap").Body(
				app.Table().ID("embed-sim-table").Class("data").Body(
					app.THead().Body(app.Tr().Body(
						app.Th().Text("#"), app.Th().Text("At"), app.Th().Text("Status"), app.Th().Text("Decision"), app.Th().Text("Wait"),
					)),
					app.TBody().Body(app.Range(p.result.Attempts).Slice(func(i int) app.UI {
						a := p.result.Attempts[i]
						st := app.UI(app.Text("no response"))
						if a.Status != 0 {
							st = statusBadge(a.Status)
						}
						wait := "—"
						if a.Decision == retry.DecisionRetry {
							wait = durtext.Format(msDuration(a.DelayMS))
						}
						return app.Tr().Body(
							app.Td().Text(strconv.Itoa(a.Attempt)),
							app.Td().Text(durtext.Format(msDuration(a.AtMS))),
							app.Td().Body(st),
							app.Td().Title(a.Reason).Text(a.Decision),
							app.Td().Text(wait),
						)
					})),
				),
				app.P().ID("embed-sim-outcome").Class("help").Text("Outcome: "+string(p.result.Outcome)+" after "+durtext.Format(msDuration(p.result.TotalMS))+"."),
			)
		}),
	))
}
