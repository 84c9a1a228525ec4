package main

import (
	"html"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/highlight"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Small view helpers shared by the pages. They return plain go-app trees;
// text always goes through text nodes (escaped), never through app.Raw.

// apiName returns an API's display name ("BabySea"), or its id.
func apiName(a catalog.API) string {
	if info, ok := catalog.Info(a); ok && info.Name != "" {
		return info.Name
	}
	return string(a)
}

// categoryLabels are the display names of the categories.
var categoryLabels = map[catalog.Category]string{
	catalog.CategoryAuth:      "Authentication",
	catalog.CategoryRateLimit: "Rate limits",
	catalog.CategoryInput:     "Request input",
	catalog.CategoryModel:     "Model & configuration",
	catalog.CategoryProvider:  "Upstream provider",
	catalog.CategoryInternal:  "Server",
}

// categoryLabel returns a category's display name.
func categoryLabel(c catalog.Category) string {
	if l, ok := categoryLabels[c]; ok {
		return l
	}
	return string(c)
}

// statusText returns "429 Too Many Requests".
func statusText(code int) string {
	if t := http.StatusText(code); t != "" {
		return strconv.Itoa(code) + " " + t
	}
	return strconv.Itoa(code)
}

// statusBadge renders an HTTP status with a class per status class.
func statusBadge(code int) app.UI {
	return app.Span().Class("status status-" + strconv.Itoa(code/100) + "xx").Title(statusText(code)).Text(strconv.Itoa(code))
}

// retryBadge renders the retryable flag as words, not only colour.
func retryBadge(retryable bool) app.UI {
	if retryable {
		return app.Span().Class("badge badge-retry").Text("retryable")
	}
	return app.Span().Class("badge badge-final").Text("not retryable")
}

// marked renders s with the byte ranges in spans wrapped in <mark>. Spans
// that are out of range, unsorted or not on rune boundaries are skipped.
func marked(s string, spans []catalog.Span) []app.UI {
	var out []app.UI
	pos := 0
	for _, sp := range spans {
		if sp.Start < pos || sp.End <= sp.Start || sp.End > len(s) ||
			!utf8.RuneStart(s[sp.Start]) || (sp.End < len(s) && !utf8.RuneStart(s[sp.End])) {
			continue
		}
		if sp.Start > pos {
			out = append(out, app.Text(s[pos:sp.Start]))
		}
		out = append(out, app.Mark().Text(s[sp.Start:sp.End]))
		pos = sp.End
	}
	if pos < len(s) {
		out = append(out, app.Text(s[pos:]))
	}
	return out
}

// excerpt cuts s to a window around the first span, at most about width
// bytes, marking the spans that fall inside it.
func excerpt(s string, spans []catalog.Span, width int) []app.UI {
	if len(s) <= width || len(spans) == 0 {
		return marked(s, spans)
	}
	start := spans[0].Start - width/3
	if start < 0 {
		start = 0
	}
	for start > 0 && !utf8.RuneStart(s[start]) {
		start--
	}
	end := start + width
	if end > len(s) {
		end = len(s)
	}
	for end < len(s) && !utf8.RuneStart(s[end]) {
		end++
	}
	var in []catalog.Span
	for _, sp := range spans {
		if sp.Start >= start && sp.End <= end {
			in = append(in, catalog.Span{Start: sp.Start - start, End: sp.End - start})
		}
	}
	var out []app.UI
	if start > 0 {
		out = append(out, app.Text("…"))
	}
	out = append(out, marked(s[start:end], in)...)
	if end < len(s) {
		out = append(out, app.Text("…"))
	}
	return out
}

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
const anyValue = "any"

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
	done  bool
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
