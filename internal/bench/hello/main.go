// Command hello is the baseline of errscope's bench: the smallest go-app
// v10 program, built with the same flags as the playground, so the bench
// can report the playground's size and start-up as ratios against it.
package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

type hello struct{ app.Compo }

func (h *hello) Render() app.UI { return app.H1().Text("Hello, world") }

func main() {
	app.Route("/", func() app.Composer { return &hello{} })
	app.RunWhenOnBrowser()
	serve()
}
