package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// decodePage is /decode: paste an error response, get it explained.
type decodePage struct {
	app.Compo
}

func (p *decodePage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *decodePage) OnNav(ctx app.Context)       { p.load(ctx) }

func (p *decodePage) load(ctx app.Context) {
	setMeta(ctx, "Decode an API error response", "Paste an error response — curl -i output, a HAR entry, a log line or a JSON body — and see what it means and whether to retry. Nothing leaves your browser.")
}

func (p *decodePage) Render() app.UI {
	return layout(sectionDecoder, app.Div().ID("decoder").Class("prose").Body(
		app.H1().Text("Decoder"),
		app.P().Text("Paste an error response — curl -i output, a HAR entry, a log line or just the JSON body — and errscope says which code it is, what it means, whether the SDK would retry it and what to do next. Secrets are redacted, and nothing leaves your browser."),
		app.NoScript().Body(app.P().Class("note").Text("The decoder runs in your browser and needs JavaScript. The command line does the same: go run ./app decode response.txt")),
	))
}
