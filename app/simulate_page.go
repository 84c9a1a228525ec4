package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// simulatePage is /simulate: play a retry scenario through an API's policy.
type simulatePage struct {
	app.Compo
}

func (p *simulatePage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *simulatePage) OnNav(ctx app.Context)       { p.load(ctx) }

func (p *simulatePage) load(ctx app.Context) {
	setMeta(ctx, "Retry simulator", "See when the SDK retries: play a sequence of responses through an API's retry policy, and compare jitter strategies for a thousand clients.")
}

func (p *simulatePage) Render() app.UI {
	return layout(sectionSimulator, app.Div().ID("simulator").Class("prose").Body(
		app.H1().Text("Retry simulator"),
		app.P().Text("Play a sequence of responses — say 429 with Retry-After 17, then 503, then 200 — through an API's retry policy and see every attempt and wait on a timeline. Then compare jitter strategies when a thousand clients hit the same outage."),
		app.NoScript().Body(app.P().Class("note").Text("The simulator runs in your browser and needs JavaScript. The command line does the same: go run ./app simulate --api babysea --responses '429:retry-after=17,503,200'")),
	))
}
