package main

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/errscope/errscope/catalog"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// maxResults caps the rendered results of a query; the rest are counted.
const maxResults = 50

// earlySearch is what the visitor typed into the pre-rendered search box
// before the wasm took over, and focusSearchOnMount whether the box had the
// focus (or a shortcut asked for it). The home page picks both up once.
var (
	earlySearch        string
	focusSearchOnMount bool
)

// autoFocusPending is true until the first home page mounts. Like an
// autofocus attribute, the search box takes the focus once per page load,
// and only with a fine pointer: on a touch screen the focus would pop up
// the keyboard over the page.
var autoFocusPending = true

// homePage is the reference: search with filters over the whole catalog.
//
// The query and the filters are read from the URL (?q=&api=&category=
// &status=&retryable=) in OnNav and written back with ReplaceURL as the
// visitor types, so every state is a link. The search box is a controlled
// input whose field is set synchronously from the DOM in OnInput (never
// through a state round-trip, which loses keystrokes).
type homePage struct {
	app.Compo

	// Query is the query to show when the URL has none; tests set it.
	Query string

	query     string
	api       string // catalog.API or ""
	category  string // catalog.Category or ""
	status    string // "4", "5" or ""
	retryable string // "yes", "no" or ""

	results []catalog.Match
	total   int // matches before the cap
	active  int // index of the highlighted result, -1 for none
}

func (h *homePage) OnPreRender(ctx app.Context) { h.load(ctx) }
func (h *homePage) OnNav(ctx app.Context)       { h.load(ctx) }

func (h *homePage) OnMount(ctx app.Context) {
	focus := focusSearchOnMount || (autoFocusPending && !coarsePointer() && nothingFocused())
	focusSearchOnMount, autoFocusPending = false, false
	if focus {
		ctx.Defer(func(app.Context) {
			if el := app.Window().GetElementByID("search"); el.Truthy() {
				el.Call("focus")
				n := len(el.Get("value").String())
				el.Call("setSelectionRange", n, n)
			}
		})
	}
}

// coarsePointer reports whether the primary pointer is a finger (a phone
// or tablet), where focusing a text field opens the on-screen keyboard.
func coarsePointer() bool {
	mm := app.Window().Get("matchMedia")
	if !mm.Truthy() {
		return false
	}
	return app.Window().Call("matchMedia", "(pointer: coarse)").Get("matches").Bool()
}

// nothingFocused reports whether the visitor has not yet moved the focus
// anywhere (it is still on the body), so taking it steals nothing.
func nothingFocused() bool {
	doc := app.Window().Get("document")
	a := doc.Get("activeElement")
	return !a.Truthy() || a.Equal(doc.Get("body"))
}

// load reads the state from the URL and runs the search.
func (h *homePage) load(ctx app.Context) {
	q := ctx.Page().URL().Query()
	h.query = q.Get("q")
	if h.query == "" {
		h.query = h.Query
	}
	if h.query == "" && earlySearch != "" {
		h.query = earlySearch
		h.replaceURL(ctx)
	}
	earlySearch = ""
	h.api = q.Get("api")
	if _, ok := catalog.Info(catalog.API(h.api)); !ok {
		h.api = ""
	}
	h.category = ""
	for _, c := range catalog.Categories {
		if string(c) == q.Get("category") {
			h.category = string(c)
		}
	}
	h.status = oneOf(q.Get("status"), "4", "5")
	h.retryable = oneOf(q.Get("retryable"), "yes", "no")
	h.search()
	if h.query == "" {
		setMeta(ctx, "", "Search every documented error code of the BabySea, Babou, Aionvision and Claro APIs: what it means, whether to retry, and what to do.")
	} else {
		setMeta(ctx, "“"+h.query+"”", fmt.Sprintf("Error codes matching %q.", h.query))
	}
}

func oneOf(v string, allowed ...string) string {
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	return ""
}

func (h *homePage) filter() catalog.Filter {
	f := catalog.Filter{API: catalog.API(h.api), Category: catalog.Category(h.category)}
	if h.status != "" {
		f.StatusClass, _ = strconv.Atoi(h.status)
	}
	switch h.retryable {
	case "yes":
		t := true
		f.Retryable = &t
	case "no":
		f2 := false
		f.Retryable = &f2
	}
	return f
}

// search runs the query; an empty query lists every entry that passes the
// filters, uncapped.
func (h *homePage) search() {
	all, total := catalog.SearchN(h.query, h.filter(), maxResults)
	h.total = total
	if strings.TrimSpace(h.query) != "" && len(all) > maxResults {
		all = all[:maxResults]
	}
	h.results = all
	h.active = -1
	if strings.TrimSpace(h.query) != "" && len(all) > 0 {
		h.active = 0
	}
}

// replaceURL writes the state into the address bar without navigating.
func (h *homePage) replaceURL(ctx app.Context) {
	u := *ctx.Page().URL()
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("q", h.query)
	set("api", h.api)
	set("category", h.category)
	set("status", h.status)
	set("retryable", h.retryable)
	u.RawQuery = v.Encode()
	u.Fragment = ""
	ctx.Page().ReplaceURL(&u)
}

func (h *homePage) onInput(ctx app.Context, e app.Event) {
	h.query = ctx.JSSrc().Get("value").String()
	h.search()
	h.replaceURL(ctx)
}

func (h *homePage) onSelect(field *string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		*field = selectValue(ctx)
		h.search()
		h.replaceURL(ctx)
	}
}

func (h *homePage) onKeyDown(ctx app.Context, e app.Event) {
	n := len(h.results)
	switch e.Get("key").String() {
	case "ArrowDown":
		if n == 0 {
			return
		}
		e.PreventDefault()
		h.active = min(h.active+1, n-1)
	case "ArrowUp":
		if n == 0 {
			return
		}
		e.PreventDefault()
		h.active = max(h.active-1, 0)
	case "Enter":
		e.PreventDefault()
		i := h.active
		if i < 0 && n > 0 {
			i = 0
		}
		if i >= 0 && i < n {
			ctx.Navigate(h.results[i].Entry.Path())
		}
		return
	case "Escape":
		if h.query != "" {
			e.PreventDefault()
			h.query = ""
			ctx.JSSrc().Set("value", "")
			h.search()
			h.replaceURL(ctx)
		}
		return
	default:
		return
	}
	id := resultID(h.active)
	ctx.Defer(func(app.Context) {
		if el := app.Window().GetElementByID(id); el.Truthy() {
			el.Call("scrollIntoView", map[string]any{"block": "nearest"})
		}
	})
}

func resultID(i int) string { return "result-" + strconv.Itoa(i) }

func (h *homePage) Render() app.UI {
	entries := catalog.All()
	searchBox := app.Input().ID("search").Class("search-input").Type("search").Name("q").
		Value(h.query).
		Placeholder("BSE1005, 429, rate limit…").
		AutoComplete(false).Spellcheck(false).
		Attr("autocapitalize", "off").
		Aria("controls", "results").
		Aria("describedby", "search-help").
		OnInput(h.onInput).
		OnKeyDown(h.onKeyDown)
	return layout(sectionReference,
		app.Div().Class("reference").Body(
			app.H1().Text("API error reference"),
			app.P().Class("lede").Textf("%d error codes of BabySea, Babou, Aionvision and Claro — what each means, whether the SDK retries it, and what to do next.", len(entries)),
			app.Form().ID("search-form").Class("search-form").Role("search").Action("/").Method("get").
				OnSubmit(func(ctx app.Context, e app.Event) { e.PreventDefault() }).
				Body(
					app.Label().For("search").Class("search-label").Text("Search codes, statuses and messages"),
					app.Div().Class("search-box").Body(
						searchBox,
						app.Kbd().Class("search-key").Aria("hidden", true).Text("/"),
					),
					app.P().ID("search-help").Class("help").Text("Press / or Ctrl-K to search from any page. ↑ and ↓ move through the results, Enter opens one."),
					app.Div().Class("filters").Body(
						h.selectField("filter-api", "api", "API", &h.api, apiOptions()),
						h.selectField("filter-category", "category", "Category", &h.category, categoryOptions()),
						h.selectField("filter-status", "status", "Status", &h.status, [][2]string{{"", "Any status"}, {"4", "4xx client errors"}, {"5", "5xx server errors"}}),
						h.selectField("filter-retryable", "retryable", "Retry", &h.retryable, [][2]string{{"", "Retryable or not"}, {"yes", "Retryable"}, {"no", "Not retryable"}}),
					),
				),
			app.P().ID("result-count").Class("result-count").Aria("live", "polite").Body(h.countText()...),
			h.renderResults(),
		),
	)
}

func apiOptions() [][2]string {
	out := [][2]string{{"", "All APIs"}}
	for _, a := range catalog.APIs() {
		out = append(out, [2]string{string(a.ID), a.Name})
	}
	return out
}

func categoryOptions() [][2]string {
	out := [][2]string{{"", "All categories"}}
	for _, c := range catalog.Categories {
		out = append(out, [2]string{string(c), categoryLabel(c)})
	}
	return out
}

func (h *homePage) selectField(id, name, label string, field *string, opts [][2]string) app.UI {
	return app.Div().Class("field").Body(
		app.Label().For(id).Text(label),
		app.Select().ID(id).Name(name).OnChange(h.onSelect(field)).Body(
			app.Range(opts).Slice(func(i int) app.UI {
				return selectOption(opts[i][0], opts[i][1], opts[i][0] == *field)
			}),
		),
	)
}

func (h *homePage) countText() []app.UI {
	q := strings.TrimSpace(h.query)
	switch {
	case q == "" && h.total == len(catalog.All()):
		return []app.UI{app.Textf("All %d codes, by API.", h.total)}
	case q == "":
		return []app.UI{app.Textf("%d codes match the filters.", h.total)}
	case h.total == 0:
		return []app.UI{
			app.Text("No code matches “" + q + "”. Try a code (BSE1005), a status (429) or words from the message — or "),
			app.A().Href("/decode").Text("paste the whole response into the decoder"),
			app.Text("."),
		}
	case h.total > len(h.results):
		return []app.UI{app.Textf("Showing the best %d of %d matches for “%s”; %d more — refine the query or use the filters.", len(h.results), h.total, q, h.total-len(h.results))}
	case h.total == 1:
		return []app.UI{app.Text("1 match for “" + q + "”.")}
	}
	return []app.UI{app.Textf("%d matches for “%s”.", h.total, q)}
}

// renderResults lists the results: grouped by API for an empty query,
// ranked otherwise. Both forms number the rows the same way, so the
// keyboard moves through them in reading order.
func (h *homePage) renderResults() app.UI {
	if strings.TrimSpace(h.query) != "" {
		return app.Div().ID("results").Class("results").Body(
			app.Ol().Class("result-list").Body(
				app.Range(h.results).Slice(func(i int) app.UI { return h.renderResult(i) }),
			),
		)
	}
	type group struct {
		api   catalog.API
		first int
		n     int
	}
	var groups []group
	for i, m := range h.results {
		if len(groups) == 0 || groups[len(groups)-1].api != m.Entry.API {
			groups = append(groups, group{api: m.Entry.API, first: i})
		}
		groups[len(groups)-1].n++
	}
	return app.Div().ID("results").Class("results grouped").Body(
		app.Range(groups).Slice(func(gi int) app.UI {
			g := groups[gi]
			hid := "group-" + string(g.api)
			return app.Section().Class("api-group").Aria("labelledby", hid).Body(
				app.H2().ID(hid).Body(
					app.Text(apiName(g.api)),
					app.Span().Class("count").Textf(" %d codes", g.n),
				),
				app.Ol().Class("result-list").Body(
					app.Range(h.results[g.first:g.first+g.n]).Slice(func(i int) app.UI { return h.renderResult(g.first + i) }),
				),
			)
		}),
	)
}

func (h *homePage) renderResult(i int) app.UI {
	m := h.results[i]
	e := m.Entry
	cls := "result"
	if i == h.active {
		cls += " active"
	}
	var detail app.UI
	switch m.Field {
	case "meaning", "causes", "solutions", "type":
		detail = app.P().Class("result-snippet").Body(excerpt(m.Text(), m.Spans, 160)...)
	default:
		detail = app.P().Class("result-snippet").Text(e.Meaning)
	}
	link := app.A().Class("result-link").Href(e.Path())
	if i == h.active {
		link = link.Aria("current", "true")
	}
	return app.Li().ID(resultID(i)).Class(cls).Body(
		link.Body(
			app.Span().Class("result-head").Body(
				app.Code().Class("result-code").Body(marked(string(e.Code), m.CodeSpans)...),
				statusBadge(e.Status),
				app.Span().Class("result-title").Body(marked(e.Title, m.TitleSpans)...),
			),
			detail,
			app.Span().Class("result-meta").Body(
				app.Span().Class("result-api").Text(apiName(e.API)),
				app.Span().Class("result-cat").Text(categoryLabel(e.Category())),
				retryBadge(e.Retryable),
			),
		),
	)
}
