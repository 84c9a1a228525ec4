package main

import (
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// msDuration converts milliseconds to a time.Duration.
func msDuration(ms int64) time.Duration { return time.Duration(ms) * time.Millisecond }

// An embedWidget is one widget the /embed page shows and explains.
type embedWidget struct {
	id      string // element id prefix, "embed-demo-card"
	title   string
	summary string
	attrs   string // the data-errscope attributes of the snippet
	src     string // the iframe's path
	height  int    // a starting height for the raw iframe snippet, px
}

// embedWidgets are the widgets, in the order the /embed page lists them.
var embedWidgets = []embedWidget{
	{"embed-demo-card", "Error code card", "One code with its status, whether to retry, its meaning and what to do. Use the bare code when only one API uses it, or api/code.",
		`data-errscope="babysea/BSE1005"`, "/embed/errors/babysea/BSE1005", 320},
	{"embed-demo-decode", "Decoder", "Readers paste an error response and see which code it is and whether to retry.",
		`data-errscope-widget="decode" data-errscope-api="babysea"`, "/embed/decode?api=babysea", 300},
	{"embed-demo-simulate", "Retry simulator", "Readers play a sequence of responses through an API's retry policy.",
		`data-errscope-widget="simulate" data-errscope-api="babou"`, "/embed/simulate?api=babou", 380},
}

// demoStartHeight is the height of a demo iframe on the /embed page until
// its content reports its own, in CSS pixels.
const demoStartHeight = 150

// embedIndexPage is /embed: how to put errscope widgets into other docs,
// with each widget live in an iframe and its copy-paste snippets.
type embedIndexPage struct {
	app.Compo
	origin   string
	listener app.Func // the "message" listener that sizes the demo iframes
}

// OnMount sizes the demo iframes to their content as web/embed.js does on
// other sites: from the height messages of this origin's frames.
func (p *embedIndexPage) OnMount(ctx app.Context) {
	win := app.Window()
	origin := win.Get("location").Get("origin").String()
	p.listener = app.FuncOf(func(this app.Value, args []app.Value) any {
		e := args[0]
		d := e.Get("data")
		if e.Get("origin").String() != origin || !d.Truthy() || d.Get("type").String() != heightMessage {
			return nil
		}
		h := d.Get("height").Int()
		if h <= 0 || h > 10000 {
			return nil
		}
		frames := win.Get("document").Call("querySelectorAll", "iframe.embed-demo-frame")
		for i := 0; i < frames.Get("length").Int(); i++ {
			f := frames.Index(i)
			if f.Get("contentWindow").Equal(e.Get("source")) {
				f.Call("setAttribute", "height", strconv.Itoa(h))
			}
		}
		return nil
	})
	win.Call("addEventListener", "message", p.listener)
}

func (p *embedIndexPage) OnDismount() {
	if p.listener != nil {
		app.Window().Call("removeEventListener", "message", p.listener)
		p.listener.Release()
		p.listener = nil
	}
}

func (p *embedIndexPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *embedIndexPage) OnNav(ctx app.Context)       { p.load(ctx) }

func (p *embedIndexPage) load(ctx app.Context) {
	setMeta(ctx, "Embed errscope in your docs", "Put an error-code card, the decoder or the retry simulator into your own documentation with one script tag or an iframe.")
	if o := pageOrigin(ctx); o != "" {
		p.origin = o
	}
}

// base is the origin the snippets point at: the page's own, else the
// production origin.
func (p *embedIndexPage) base() string {
	if p.origin != "" && !app.IsServer {
		return p.origin
	}
	return "https://errscope.netlify.app"
}

func (p *embedIndexPage) Render() app.UI {
	base := p.base()
	script := `<script src="` + base + `/web/embed.js" defer></script>`
	return layout(sectionEmbed, app.Div().ID("embed-index").Class("prose embed-index").Body(
		app.H1().Text("Embed errscope in your docs"),
		app.P().Class("lede").Text("Show an error code, a decoder or the retry simulator right in your own documentation. The widgets run in an iframe from errscope, need no API key, send nothing anywhere and follow the reader's light or dark theme (or the one you force)."),
		app.H2().Text("With the script"),
		app.P().Text("Include the script once per page, then put a placeholder wherever a widget should appear. The script turns each placeholder into an iframe that grows to fit its content."),
		codeSnippet("embed-snippet-script", script),
		app.P().Body(
			app.Text("Attributes: "), app.Code().Text(`data-errscope="BSE1005"`), app.Text(" or "), app.Code().Text(`"babysea/BSE1005"`),
			app.Text(" for a code card; "), app.Code().Text(`data-errscope-widget="decode|simulate"`), app.Text(" for a tool; "),
			app.Code().Text(`data-errscope-api`), app.Text(" to preselect an API; "),
			app.Code().Text(`data-theme="light|dark|auto"`), app.Text("."),
		),
		app.H2().Text("Widgets"),
		app.Range(embedWidgets).Slice(func(i int) app.UI {
			w := embedWidgets[i]
			div := `<div ` + w.attrs + `></div>`
			iframe := `<iframe src="` + base + w.src + `" title="errscope: ` + w.title + `" width="100%" height="` + strconv.Itoa(w.height) + `" loading="lazy" style="border:0"></iframe>`
			return app.Section().ID(w.id).Class("embed-demo block").Body(
				app.H3().Text(w.title),
				app.P().Text(w.summary),
				app.IFrame().Class("embed-demo-frame").Src(w.src).Title("errscope: "+w.title).Attr("loading", "lazy").Attr("height", strconv.Itoa(demoStartHeight)),
				app.P().Class("help").Text("With the script:"),
				codeSnippet(w.id+"-div", div),
				app.P().Class("help").Text("Or a plain iframe (fixed height, no script):"),
				codeSnippet(w.id+"-iframe", iframe),
			)
		}),
		app.H2().Text("oEmbed"),
		app.P().Body(
			app.Text("Each code has an oEmbed document at "), app.Code().Text("/oembed/<api>/<code>.json"),
			app.Text(" (type rich), for tools that turn a link into an embed."),
		),
	))
}

// codeSnippet is a <pre> with code to copy and its copy button.
func codeSnippet(id, code string) app.UI {
	return app.Div().Class("snippet").Body(
		app.Pre().ID(id).TabIndex(0).Body(app.Code().Text(code)),
		&copyButton{ID: id + "-copy", Label: "Copy the snippet", Text: code},
	)
}
