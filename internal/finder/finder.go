// Package finder is the reference's search as a person uses it: the state
// a URL carries (?q=&api=&category=&status=&retryable=), the ranked results
// as HTML rows, and the sentence that counts them.
//
// It is the one renderer of the home page's results. Natively the home page
// pre-renders its first state with it (go-app's app.Raw); in the browser the
// small finder binary (app/finder) runs the same functions on every
// keystroke and puts their HTML in place of the old. The search itself is
// [catalog.SearchN]. The package is pure — no go-app, no net/http, no
// encoding/json — so the finder binary stays small, and builds for js/wasm.
package finder

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/httpstatus"
	"github.com/errscope/errscope/internal/route"
)

// MaxResults caps the rows a query shows; the rest are counted.
const MaxResults = 50

// SnippetWidth is about how many bytes of a matched cause, solution or
// meaning a result row shows around the match.
const SnippetWidth = 160

// State is what the search shows: the query and the filters. The zero State
// is the unfiltered list of every code. Its fields hold only valid values
// (see [Parse]).
type State struct {
	Query     string
	API       catalog.API      // "" for every API
	Category  catalog.Category // "" for every category
	Status    string           // "4", "5" or "" for any status class
	Retryable string           // "yes", "no" or "" for either
}

// AnyValue is the value of a filter's "no choice" option: go-app drops an
// empty value attribute, so the pages write this instead, and [Parse]
// reads it as no filter.
const AnyValue = "any"

// Params names the URL parameters of a State, in the order [State.Params]
// writes them.
var Params = []string{"q", "api", "category", "status", "retryable"}

// Parse reads a State from URL parameters through get (url.Values.Get, or
// URLSearchParams.get in the browser). Values that name no API, category,
// status class or retry choice are dropped.
func Parse(get func(key string) string) State {
	s := State{Query: get("q")}
	if _, ok := catalog.Info(catalog.API(get("api"))); ok {
		s.API = catalog.API(get("api"))
	}
	for _, c := range catalog.Categories {
		if string(c) == get("category") {
			s.Category = c
		}
	}
	s.Status = oneOf(get("status"), "4", "5")
	s.Retryable = oneOf(get("retryable"), "yes", "no")
	return s
}

func oneOf(v string, allowed ...string) string {
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	return ""
}

// Params returns the State's non-empty URL parameters as key, value pairs
// in the order of [Params], for the address bar.
func (s State) Params() [][2]string {
	var out [][2]string
	for i, v := range []string{s.Query, string(s.API), string(s.Category), s.Status, s.Retryable} {
		if v != "" {
			out = append(out, [2]string{Params[i], v})
		}
	}
	return out
}

// Filter returns the catalog filter of the State's filters.
func (s State) Filter() catalog.Filter {
	f := catalog.Filter{API: s.API, Category: s.Category}
	if s.Status != "" { // "4" or "5" (Parse allows nothing else)
		f.StatusClass = int(s.Status[0] - '0')
	}
	switch s.Retryable {
	case "yes":
		t := true
		f.Retryable = &t
	case "no":
		no := false
		f.Retryable = &no
	}
	return f
}

// Ranked reports whether the State has a query: results are then ranked
// and capped, and otherwise every entry that passes the filters is listed,
// grouped by API.
func (s State) Ranked() bool { return strings.TrimSpace(s.Query) != "" }

// A View is the result of a search, ready to show.
type View struct {
	State   State
	Matches []catalog.Match // the rows, at most MaxResults when ranked
	Total   int             // matches before the cap
	// Active is the index of the highlighted row (the one Enter opens): 0
	// for a query with results, -1 otherwise.
	Active int
}

// Search runs the State's query and filters over the catalog.
func Search(s State) View {
	ms, total := catalog.SearchN(s.Query, s.Filter(), MaxResults)
	v := View{State: s, Matches: ms, Total: total, Active: -1}
	if s.Ranked() {
		if len(ms) > MaxResults {
			v.Matches = ms[:MaxResults]
		}
		if len(v.Matches) > 0 {
			v.Active = 0
		}
	}
	return v
}

// RowID is the element id of result row i ("result-3").
func RowID(i int) string { return "result-" + strconv.Itoa(i) }

// ResultsHTML renders the rows as the home page shows them: one root
// element, <div id="results">, holding an ordered list (ranked) or one
// section per API (every entry, grouped). Every row links to its code page.
func (v View) ResultsHTML() string {
	var b strings.Builder
	if v.State.Ranked() {
		b.WriteString(`<div class="results" id="results"><ol class="result-list">`)
		for i := range v.Matches {
			v.row(&b, i)
		}
		b.WriteString(`</ol></div>`)
		return b.String()
	}
	b.WriteString(`<div class="results grouped" id="results">`)
	for i := 0; i < len(v.Matches); {
		api := v.Matches[i].Entry.API
		n := 0
		for i+n < len(v.Matches) && v.Matches[i+n].Entry.API == api {
			n++
		}
		id := "group-" + string(api)
		b.WriteString(`<section aria-labelledby="` + id + `" class="api-group"><h2 id="` + id + `">` + esc(APIName(api)) +
			`<span class="count"> ` + strconv.Itoa(n) + ` codes</span></h2><ol class="result-list">`)
		for j := i; j < i+n; j++ {
			v.row(&b, j)
		}
		b.WriteString(`</ol></section>`)
		i += n
	}
	b.WriteString(`</div>`)
	return b.String()
}

func (v View) row(b *strings.Builder, i int) {
	m := v.Matches[i]
	e := m.Entry
	cls, cur := "result", ""
	if i == v.Active {
		cls, cur = "result active", ` aria-current="true"`
	}
	b.WriteString(`<li class="` + cls + `" id="` + RowID(i) + `"><a` + cur + ` class="result-link" href="` + esc(route.Code(e)) + `">`)
	b.WriteString(`<span class="result-head"><code class="result-code">` + Marked(string(e.Code), m.CodeSpans) + `</code>`)
	b.WriteString(StatusBadgeHTML(e.Status))
	b.WriteString(`<span class="result-title">` + Marked(e.Title, m.TitleSpans) + `</span></span>`)
	b.WriteString(`<p class="result-snippet">`)
	switch m.Field {
	case "meaning", "causes", "solutions":
		b.WriteString(Excerpt(m.Text(), m.Spans, SnippetWidth))
	default:
		b.WriteString(esc(e.Meaning))
	}
	b.WriteString(`</p><span class="result-meta"><span class="result-api">` + esc(APIName(e.API)) + `</span><span class="result-cat">` +
		esc(CategoryLabel(e.Category)) + `</span>` + RetryBadgeHTML(e.Retryable) + `</span></a></li>`)
}

// CountHTML renders the sentence above the results, as the inside of the
// page's live region: how many codes match, and what to try when none does.
func (v View) CountHTML() string {
	q := esc(strings.TrimSpace(v.State.Query))
	n := strconv.Itoa(v.Total)
	switch {
	case q == "" && v.Total == catalog.Len():
		return "All " + n + " codes, by API."
	case q == "":
		return n + " codes match the filters."
	case v.Total == 0:
		return "No code matches “" + q + "”. Try a code (BSE1005), a status (429) or words from the message — or " +
			`<a href="/decode">paste the whole response into the decoder</a>.`
	case v.Total > len(v.Matches):
		return "Showing the best " + strconv.Itoa(len(v.Matches)) + " of " + n + " matches for “" + q + "”; " +
			strconv.Itoa(v.Total-len(v.Matches)) + " more — refine the query or use the filters."
	case v.Total == 1:
		return "1 match for “" + q + "”."
	}
	return n + " matches for “" + q + "”."
}

// Marked returns s as HTML with the byte ranges in spans wrapped in <mark>.
// Spans that are out of range, unsorted or not on rune boundaries are
// skipped.
func Marked(s string, spans []catalog.Span) string {
	var b strings.Builder
	pos := 0
	for _, sp := range spans {
		if sp.Start < pos || sp.End <= sp.Start || sp.End > len(s) ||
			!utf8.RuneStart(s[sp.Start]) || (sp.End < len(s) && !utf8.RuneStart(s[sp.End])) {
			continue
		}
		b.WriteString(esc(s[pos:sp.Start]))
		b.WriteString("<mark>" + esc(s[sp.Start:sp.End]) + "</mark>")
		pos = sp.End
	}
	b.WriteString(esc(s[pos:]))
	return b.String()
}

// Excerpt is [Marked] on a window of s around the first span, about width
// bytes wide, with "…" where it cuts.
func Excerpt(s string, spans []catalog.Span, width int) string {
	if len(s) <= width || len(spans) == 0 {
		return Marked(s, spans)
	}
	start := max(spans[0].Start-width/3, 0)
	for start > 0 && !utf8.RuneStart(s[start]) {
		start--
	}
	end := min(start+width, len(s))
	for end < len(s) && !utf8.RuneStart(s[end]) {
		end++
	}
	var in []catalog.Span
	for _, sp := range spans {
		if sp.Start >= start && sp.End <= end {
			in = append(in, catalog.Span{Start: sp.Start - start, End: sp.End - start})
		}
	}
	out := Marked(s[start:end], in)
	if start > 0 {
		out = "…" + out
	}
	if end < len(s) {
		out += "…"
	}
	return out
}

// SiteName is the product name in page titles.
const SiteName = "errscope"

// Title returns a page's document title: "X – errscope", or the site's own
// title for "".
func Title(page string) string {
	if page == "" {
		return SiteName + " — API error reference, decoder and retry simulator"
	}
	return page + " – " + SiteName
}

// Title returns the home page's document title for the State.
func (s State) Title() string {
	if q := strings.TrimSpace(s.Query); q != "" {
		return Title("“" + q + "”")
	}
	return Title("")
}

// StatusText returns "429 Too Many Requests" (or only the number for a
// status without a reason phrase).
func StatusText(code int) string {
	if t := httpstatus.Text(code); t != "" {
		return strconv.Itoa(code) + " " + t
	}
	return strconv.Itoa(code)
}

// StatusBadgeHTML renders an HTTP status as a badge classed by status class
// ("status-4xx"), with the reason phrase as its title.
func StatusBadgeHTML(code int) string {
	return `<span class="status status-` + strconv.Itoa(code/100) + `xx" title="` + esc(StatusText(code)) + `">` + strconv.Itoa(code) + `</span>`
}

// RetryBadgeHTML renders the retryable flag as words, not only colour.
func RetryBadgeHTML(retryable bool) string {
	if retryable {
		return `<span class="badge badge-retry">retryable</span>`
	}
	return `<span class="badge badge-final">not retryable</span>`
}

// APIName returns an API's display name ("BabySea").
func APIName(a catalog.API) string {
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

// CategoryLabel returns a category's display name ("Rate limits").
func CategoryLabel(c catalog.Category) string {
	if l, ok := categoryLabels[c]; ok {
		return l
	}
	return string(c)
}

// esc escapes text for HTML element content and quoted attribute values.
func esc(s string) string {
	if !strings.ContainsAny(s, `<>&"'`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&#34;")
		case '\'':
			b.WriteString("&#39;")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
