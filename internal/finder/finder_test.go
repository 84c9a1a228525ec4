package finder

import (
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/route"
)

// text returns HTML's text with tags removed and entities decoded: what a
// reader sees.
func text(h string) string {
	return html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(h, ""))
}

func TestParse(t *testing.T) {
	tests := []struct {
		query string
		want  State
	}{
		{"", State{}},
		{"q=BSE1005", State{Query: "BSE1005"}},
		{"q=rate+limit&api=claro&category=rate_limit&status=4&retryable=yes",
			State{Query: "rate limit", API: catalog.Claro, Category: catalog.CategoryRateLimit, Status: "4", Retryable: "yes"}},
		{"api=nope&category=nope&status=3&retryable=maybe", State{}},
		{"api=any&category=any&status=any&retryable=any", State{}}, // the filters' "no choice"
	}
	for _, tt := range tests {
		v, _ := url.ParseQuery(tt.query)
		got := Parse(v.Get)
		if got != tt.want {
			t.Errorf("Parse(%q) = %+v, want %+v", tt.query, got, tt.want)
		}
		// Params round-trips what Parse kept.
		back := url.Values{}
		for _, kv := range got.Params() {
			back.Set(kv[0], kv[1])
		}
		if again := Parse(back.Get); again != got {
			t.Errorf("Parse(Params(%+v)) = %+v", got, again)
		}
	}
}

func TestFilter(t *testing.T) {
	yes := State{Status: "5", Retryable: "yes", API: catalog.BabySea}
	for _, e := range catalog.All() {
		want := e.Status/100 == 5 && e.Retryable && e.API == catalog.BabySea
		if got := yes.Filter().Match(e); got != want {
			t.Errorf("%s: Filter().Match = %v, want %v", e.Key(), got, want)
		}
	}
}

func TestEmptyQueryListsEveryEntryByAPI(t *testing.T) {
	v := Search(State{})
	out := v.ResultsHTML()
	for _, e := range catalog.All() {
		if !strings.Contains(out, `href="`+route.Code(e)+`"`) {
			t.Errorf("no row links %s", route.Code(e))
		}
	}
	for _, a := range catalog.APIs() {
		if !strings.Contains(out, `id="group-`+string(a.ID)+`"`) {
			t.Errorf("no group for %s", a.ID)
		}
	}
	if got := strings.Count(out, `class="result"`); got != catalog.Len() {
		t.Errorf("%d rows, want every entry (%d)", got, catalog.Len())
	}
	if v.Active != -1 || strings.Contains(out, "active") {
		t.Errorf("the unfiltered list highlights a row (Active %d)", v.Active)
	}
	if got, want := v.CountHTML(), "All "+strconv.Itoa(catalog.Len())+" codes, by API."; got != want {
		t.Errorf("CountHTML() = %q, want %q", got, want)
	}
	if got := Search(State{API: catalog.Claro}).CountHTML(); !strings.HasSuffix(got, " codes match the filters.") {
		t.Errorf("filtered CountHTML() = %q", got)
	}
}

func TestQueryHighlightsTheMatch(t *testing.T) {
	seen := map[catalog.API]bool{}
	for _, e := range catalog.All() {
		if seen[e.API] || len(catalog.LookupCode(e.Code)) > 1 {
			continue
		}
		seen[e.API] = true
		t.Run(e.Key(), func(t *testing.T) {
			v := Search(State{Query: string(e.Code)})
			if len(v.Matches) == 0 || v.Matches[0].Entry.Key() != e.Key() {
				t.Fatalf("query %q: first result is not %s", e.Code, e.Key())
			}
			out := v.ResultsHTML()
			if !strings.Contains(out, `<mark>`+string(e.Code)+`</mark>`) {
				t.Errorf("query %q: the code is not marked", e.Code)
			}
			if v.Active != 0 || !strings.Contains(out, `<li class="result active" id="result-0"><a aria-current="true"`) {
				t.Errorf("query %q: the first result is not the active one", e.Code)
			}
			if got := v.State.Title(); got != "“"+string(e.Code)+"” – errscope" {
				t.Errorf("Title() = %q", got)
			}
		})
	}
}

// A result found by its code or type shows what it means, not the type
// again: "ratelimit" finds BSE1005 first, by its type, and its snippet is
// its meaning.
func TestSnippetIsTheMeaning(t *testing.T) {
	bse1005, _ := catalog.Lookup(catalog.BabySea, "BSE1005")
	v := Search(State{Query: "ratelimit"})
	if len(v.Matches) == 0 || v.Matches[0].Entry.Key() != bse1005.Key() {
		t.Fatalf("first result %v, want %s", v.Matches[:min(1, len(v.Matches))], bse1005.Key())
	}
	out := v.ResultsHTML()
	row := out[strings.Index(out, `id="result-0"`):]
	row = row[:strings.Index(row, "</li>")]
	snippet := regexp.MustCompile(`<p class="result-snippet">(.*?)</p>`).FindStringSubmatch(row)
	if snippet == nil || text(snippet[1]) != bse1005.Meaning {
		t.Errorf("snippet %q, want the meaning %q", snippet, bse1005.Meaning)
	}
}

func TestCapsResults(t *testing.T) {
	for _, q := range []string{"request", "the", "error", "api"} {
		n := len(catalog.Search(q, catalog.Filter{}))
		if n <= MaxResults {
			continue
		}
		v := Search(State{Query: q})
		out := v.ResultsHTML()
		if got := len(regexp.MustCompile(`id="result-[0-9]`).FindAllString(out, -1)); got != MaxResults {
			t.Errorf("query %q: %d rows, want the cap %d", q, got, MaxResults)
		}
		if want := strconv.Itoa(n-MaxResults) + " more"; !strings.Contains(text(v.CountHTML()), want) {
			t.Errorf("query %q: no %q note in %q", q, want, v.CountHTML())
		}
		return
	}
	t.Fatal("no query matches more than MaxResults entries: the cap is untested")
}

func TestNoMatch(t *testing.T) {
	v := Search(State{Query: "zzqxv-nothing <b>"})
	got := v.CountHTML()
	if !strings.Contains(got, "No code matches “zzqxv-nothing &lt;b&gt;”") || !strings.Contains(got, `<a href="/decode">`) {
		t.Errorf("no-match sentence: %s", got)
	}
	if strings.Contains(v.ResultsHTML(), "<li") {
		t.Errorf("rows for a query that matches nothing")
	}
}

func TestMarkedAndExcerpt(t *testing.T) {
	tests := []struct {
		s     string
		spans []catalog.Span
		want  string
	}{
		{"BSE1005", []catalog.Span{{Start: 0, End: 7}}, "<mark>BSE1005</mark>"},
		{"rate limit exceeded", []catalog.Span{{Start: 0, End: 4}, {Start: 5, End: 10}}, "<mark>rate</mark> <mark>limit</mark> exceeded"},
		{"abc", []catalog.Span{{Start: 2, End: 9}}, "abc"},                                  // out of range: skipped
		{"abc", []catalog.Span{{Start: 2, End: 3}, {Start: 0, End: 1}}, "ab<mark>c</mark>"}, // unsorted: later one skipped
		{"é", []catalog.Span{{Start: 1, End: 2}}, "é"},                                      // inside a rune: skipped
		{"<b>", []catalog.Span{{Start: 0, End: 1}}, "<mark>&lt;</mark>b&gt;"},
		{`"'&`, nil, "&#34;&#39;&amp;"},
	}
	for _, tt := range tests {
		if got := Marked(tt.s, tt.spans); got != tt.want {
			t.Errorf("Marked(%q, %v) = %s, want %s", tt.s, tt.spans, got, tt.want)
		}
	}
	long := strings.Repeat("word ", 100) + "needle" + strings.Repeat(" word", 100)
	i := strings.Index(long, "needle")
	got := Excerpt(long, []catalog.Span{{Start: i, End: i + 6}}, 80)
	if !strings.Contains(got, "<mark>needle</mark>") || len(text(got)) > 100 || !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") {
		t.Errorf("Excerpt = %q", got)
	}
}

func TestBadges(t *testing.T) {
	if got, want := StatusBadgeHTML(429), `<span class="status status-4xx" title="429 Too Many Requests">429</span>`; got != want {
		t.Errorf("StatusBadgeHTML(429) = %s, want %s", got, want)
	}
	if got := StatusText(599); got != "599" {
		t.Errorf("StatusText(599) = %q", got)
	}
	if !strings.Contains(RetryBadgeHTML(false), "not retryable") || strings.Contains(RetryBadgeHTML(true), "not") {
		t.Errorf("RetryBadgeHTML words wrong")
	}
	for _, c := range catalog.Categories {
		if CategoryLabel(c) == string(c) {
			t.Errorf("category %s has no label", c)
		}
	}
}
