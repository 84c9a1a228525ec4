package main

import (
	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/finder"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// homePage is the reference: search with filters over the whole catalog.
//
// go-app renders it only natively, into the pre-rendered home page; in the
// browser the page does not start go-app. web/finder.js starts the finder
// binary (app/finder), which takes over the search box and the filters and
// re-renders the results with the same functions this component calls
// (internal/finder), so the pre-render and every keystroke share one
// renderer and one search.
type homePage struct {
	app.Compo

	// Query is the query to render; the static build leaves it empty, tests
	// set it.
	Query string
}

func (h *homePage) OnPreRender(ctx app.Context) {
	setMeta(ctx, "", "Search every documented error code of the BabySea, Babou, Aionvision and Claro APIs: what it means, whether to retry, and what to do.")
}

func (h *homePage) Render() app.UI {
	view := finder.Search(finder.State{Query: h.Query})
	entries := catalog.All()
	searchBox := app.Input().ID("search").Class("search-input").Type("search").Name("q").
		Value(h.Query).
		Placeholder("BSE1005, 429, rate limit…").
		AutoComplete(false).Spellcheck(false).
		Attr("autocapitalize", "off").
		Aria("controls", "results").
		Aria("describedby", "search-help")
	return layout(sectionReference,
		app.Div().Class("reference").Body(
			app.H1().Text("API error reference"),
			app.P().Class("lede").Textf("%d error codes of BabySea, Babou, Aionvision and Claro — what each means, whether the SDK retries it, and what to do next.", len(entries)),
			// Without JavaScript nothing could search: the form is hidden
			// (noscript.css) and the jump links below lead through the list.
			app.Form().ID("search-form").Class("search-form js-only").Role("search").Action("/").Method("get").Body(
				app.Label().For("search").Class("search-label").Text("Search codes, statuses and messages"),
				app.Div().Class("search-box").Body(
					searchBox,
					app.Kbd().Class("search-key").Aria("hidden", true).Text("/"),
				),
				app.P().ID("search-help").Class("help").Text("Press / or Ctrl-K to search from any page. ↑ and ↓ move through the results, Enter opens one."),
				app.Div().Class("filters").Body(
					selectField("filter-api", "api", "API", apiOptions()),
					selectField("filter-category", "category", "Category", categoryOptions()),
					selectField("filter-status", "status", "Status", [][2]string{{"", "Any status"}, {"4", "4xx client errors"}, {"5", "5xx server errors"}}),
					selectField("filter-retryable", "retryable", "Retry", [][2]string{{"", "Retryable or not"}, {"yes", "Retryable"}, {"no", "Not retryable"}}),
				),
			),
			app.Nav().Class("api-jump").Aria("label", "APIs").Body(
				app.Range(catalog.APIs()).Slice(func(i int) app.UI {
					a := catalog.APIs()[i]
					return app.A().Href("#group-" + string(a.ID)).Text(a.Name)
				}),
			),
			app.Raw(`<p aria-live="polite" class="result-count" id="result-count">`+view.CountHTML()+`</p>`),
			app.Raw(view.ResultsHTML()),
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

func selectField(id, name, label string, opts [][2]string) app.UI {
	return app.Div().Class("field").Body(
		app.Label().For(id).Text(label),
		app.Select().ID(id).Name(name).Body(
			app.Range(opts).Slice(func(i int) app.UI {
				return selectOption(opts[i][0], opts[i][1], i == 0)
			}),
		),
	)
}
