package main

import (
	"html"
	"strings"
	"time"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/finder"
	"github.com/errscope/errscope/internal/highlight"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Small view helpers shared by the pages. They return plain go-app trees;
// text always goes through text nodes (escaped), never through app.Raw.

// apiName returns an API's display name ("BabySea"), or its id.
func apiName(a catalog.API) string { return finder.APIName(a) }

// categoryLabel returns a category's display name.
func categoryLabel(c catalog.Category) string { return finder.CategoryLabel(c) }

// statusText returns "429 Too Many Requests".
func statusText(code int) string { return finder.StatusText(code) }

// statusBadge renders an HTTP status with a class per status class. The
// markup is internal/finder's, which the search results use too.
func statusBadge(code int) app.UI { return app.Raw(finder.StatusBadgeHTML(code)) }

// retryBadge renders the retryable flag as words, not only colour.
func retryBadge(retryable bool) app.UI { return app.Raw(finder.RetryBadgeHTML(retryable)) }

// tokens renders highlight tokens as spans with chroma's class names (the
// colours come from web/chroma.css). Text stays text: nothing here is HTML.
func tokens(ts []highlight.Token) []app.UI {
	out := make([]app.UI, 0, len(ts))
	for _, t := range ts {
		if t.Class == highlight.ClassText {
			out = append(out, app.Text(t.Text))
			continue
		}
		out = append(out, app.Span().Class(t.Class).Text(t.Text))
	}
	return out
}

// preHTML renders highlight tokens as one <pre><code> HTML string for
// app.Raw. go-app's pre-renderer indents every child node on its own line,
// which inside <pre> would add visible line breaks, so pre-rendered code
// blocks are written as HTML instead. Every token's text and class is
// escaped here; use it only for text the site itself produced (a catalog
// example), never for a visitor's paste.
func preHTML(id, class string, ts []highlight.Token) string {
	var b strings.Builder
	b.WriteString(`<pre tabindex="0" id="` + html.EscapeString(id) + `" class="` + html.EscapeString(class) + `"><code>`)
	for _, t := range ts {
		if t.Class == highlight.ClassText {
			b.WriteString(html.EscapeString(t.Text))
			continue
		}
		b.WriteString(`<span class="` + html.EscapeString(t.Class) + `">` + html.EscapeString(t.Text) + `</span>`)
	}
	b.WriteString("</code></pre>")
	return b.String()
}

// anyValue stands for "no choice" in a <select>: go-app drops an empty
// value attribute, and an option without one has its label as its value.
const anyValue = finder.AnyValue

// selectOption renders a <select> option; value "" is written as anyValue (read
// it back with selectValue). selected is set only when true: go-app
// pre-renders a false boolean as selected="false", which HTML reads as
// selected.
func selectOption(value, label string, selected bool) app.UI {
	if value == "" {
		value = anyValue
	}
	o := app.Option().Value(value).Text(label)
	if selected {
		o = o.Selected(true)
	}
	return o
}

// selectValue reads the value of the <select> an event came from, with
// anyValue turned back into "".
func selectValue(ctx app.Context) string {
	v := ctx.JSSrc().Get("value").String()
	if v == anyValue {
		return ""
	}
	return v
}

// copyButton copies text to the clipboard and says so for a moment.
type copyButton struct {
	app.Compo
	ID    string // element id, e.g. "copy-example"
	Label string // accessible label, e.g. "Copy the example response"
	Text  string // what to copy
	// From is the id of the element whose text is the same as Text. On the
	// reference pages, which do not run go-app, web/finder.js copies that
	// element's text instead (data-copy-from).
	From string
	done bool
}

func (c *copyButton) Render() app.UI {
	label := "Copy"
	if c.done {
		label = "Copied"
	}
	b := app.Button().Type("button").Class("copy").Aria("label", c.Label).Text(label).OnClick(c.onClick)
	if c.ID != "" {
		b = b.ID(c.ID)
	}
	if c.From != "" {
		b = b.DataSet("copy-from", c.From)
	}
	return b
}

func (c *copyButton) onClick(ctx app.Context, e app.Event) {
	clip := app.Window().Get("navigator").Get("clipboard")
	if !clip.Truthy() {
		return
	}
	clip.Call("writeText", c.Text)
	c.done = true
	ctx.After(1500*time.Millisecond, func(ctx app.Context) { c.done = false })
}
