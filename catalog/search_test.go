package catalog

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// compareMatches is the documented result order, less the index tie-break.
func compareMatches(a, b Match) int {
	if c := cmp.Compare(a.Rank, b.Rank); c != 0 {
		return c
	}
	if c := cmp.Compare(b.Score, a.Score); c != 0 {
		return c
	}
	if c := cmp.Compare(apiOrder(a.Entry.API), apiOrder(b.Entry.API)); c != 0 {
		return c
	}
	return cmp.Compare(a.Entry.Code, b.Entry.Code)
}

// checkMatches verifies the properties every search result has: sorted,
// unique, passing the filter, and spans inside the strings they mark.
func checkMatches(t *testing.T, query string, f Filter, ms []Match) {
	t.Helper()
	seen := map[string]bool{}
	ranked := normKey(query) != "" // otherwise results keep index order
	for i, m := range ms {
		if !f.Match(m.Entry) {
			t.Errorf("Search(%q): %s does not pass the filter %+v", query, m.Entry.Key(), f)
		}
		if seen[m.Entry.Key()] {
			t.Errorf("Search(%q): %s appears twice", query, m.Entry.Key())
		}
		seen[m.Entry.Key()] = true
		if ranked && i > 0 && compareMatches(ms[i-1], m) > 0 {
			t.Fatalf("Search(%q): %s (%v %d) sorts after %s (%v %d)", query,
				ms[i-1].Entry.Key(), ms[i-1].Rank, ms[i-1].Score, m.Entry.Key(), m.Rank, m.Score)
		}
		if m.Rank < RankExactCode || m.Rank > RankFuzzy {
			t.Errorf("Search(%q): %s has rank %v", query, m.Entry.Key(), m.Rank)
		}
		if m.Field != "" && m.Text() == "" {
			t.Errorf("Search(%q): %s: field %q item %d has no text", query, m.Entry.Key(), m.Field, m.Item)
		}
		for _, s := range []struct {
			name  string
			text  string
			spans []Span
		}{{"Spans", m.Text(), m.Spans}, {"CodeSpans", string(m.Entry.Code), m.CodeSpans}, {"TitleSpans", m.Entry.Title, m.TitleSpans}} {
			end := 0
			for _, sp := range s.spans {
				if sp.Start < end || sp.Start >= sp.End || sp.End > len(s.text) {
					t.Errorf("Search(%q): %s: %s %v out of order or out of bounds of %q", query, m.Entry.Key(), s.name, s.spans, s.text)
					break
				}
				end = sp.End
			}
		}
	}
}

// keys returns the entry keys of the matches with rank at most r.
func keys(ms []Match, r Rank) []string {
	var out []string
	for _, m := range ms {
		if m.Rank <= r {
			out = append(out, m.Entry.Key())
		}
	}
	return out
}

func entryKeys(es []Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Key())
	}
	return out
}

// where returns the catalog entries for which keep is true, in catalog order.
func where(keep func(Entry) bool) []Entry {
	var out []Entry
	for _, e := range All() {
		if keep(e) {
			out = append(out, e)
		}
	}
	return out
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func highlighted(text string, spans []Span) []string {
	var out []string
	for _, s := range spans {
		out = append(out, text[s.Start:s.End])
	}
	return out
}

// TestSearchExactCode: every code, in any case, finds its entry first; a
// code several APIs share finds all of them first.
func TestSearchExactCode(t *testing.T) {
	for _, e := range All() {
		for _, q := range []string{string(e.Code), strings.ToLower(string(e.Code)), " " + strings.ToUpper(string(e.Code)) + " "} {
			t.Run(e.Key()+"/"+q, func(t *testing.T) {
				ms := Search(q, Filter{})
				checkMatches(t, q, Filter{}, ms)
				want := entryKeys(LookupCode(e.Code))
				got := keys(ms, RankExactCode)
				if !sameSet(got, want) || !sameSet(keys(ms[:len(want)], RankFuzzy), want) {
					t.Fatalf("Search(%q) exact matches = %v, want %v first", q, got, want)
				}
				if hl := highlighted(string(ms[0].Entry.Code), ms[0].CodeSpans); len(hl) != 1 || hl[0] != string(ms[0].Entry.Code) {
					t.Errorf("Search(%q) highlights %q of the code", q, hl)
				}
				only := Search(q, Filter{API: e.API})
				if len(only) == 0 || only[0].Entry.Key() != e.Key() || only[0].Rank != RankExactCode {
					t.Errorf("Search(%q, API %s) does not start with %s", q, e.API, e.Key())
				}
			})
		}
	}
}

func TestSearch(t *testing.T) {
	bse1004, _ := Lookup(BabySea, "BSE1004")
	bse1005, _ := Lookup(BabySea, "BSE1005")
	timeout, _ := Lookup(Aionvision, "TIMEOUT")
	yes := true
	for _, tc := range []struct {
		name  string
		query string
		f     Filter
		check func(t *testing.T, ms []Match)
	}{
		{"code fragment", "1005", Filter{}, func(t *testing.T, ms []Match) {
			if ms[0].Entry.Key() != bse1005.Key() || ms[0].Rank != RankCodePrefix {
				t.Errorf("first = %s %v, want %s code-prefix", ms[0].Entry.Key(), ms[0].Rank, bse1005.Key())
			}
			if hl := highlighted(ms[0].Text(), ms[0].Spans); !slices.Equal(hl, []string{"1005"}) {
				t.Errorf("highlight %q, want [1005]", hl)
			}
		}},
		{"code prefix", "BSE10", Filter{}, func(t *testing.T, ms []Match) {
			want := entryKeys(where(func(e Entry) bool { return strings.HasPrefix(string(e.Code), "BSE10") }))
			if got := keys(ms, RankCodePrefix); !sameSet(got, want) {
				t.Errorf("code-prefix matches = %v, want %v", got, want)
			}
		}},
		{"status", "429", Filter{}, func(t *testing.T, ms []Match) {
			want := entryKeys(where(func(e Entry) bool { return e.Status == 429 }))
			if got := keys(ms, RankStatus); !sameSet(got, want) || !sameSet(keys(ms[:len(want)], RankFuzzy), want) {
				t.Errorf("status matches = %v, want %v first", got, want)
			}
			for _, m := range ms[:len(want)] {
				if m.Field != "status" || m.Text() != "429" {
					t.Errorf("%s matched in %s %q, want status 429", m.Entry.Key(), m.Field, m.Text())
				}
			}
		}},
		{"status after exact code", "500", Filter{}, func(t *testing.T, ms []Match) {
			for _, m := range ms {
				if m.Rank <= RankStatus && m.Entry.Status != 500 {
					t.Errorf("%s (status %d) ranks %v", m.Entry.Key(), m.Entry.Status, m.Rank)
				}
			}
		}},
		{"joined words", "ratelimit", Filter{}, rateLimitFirst},
		{"type words", "rate limit", Filter{}, rateLimitFirst},
		{"type underscore", "rate_limit", Filter{}, rateLimitFirst},
		{"code upper", "RATE_LIMIT", Filter{}, rateLimitFirst},
		{"code with spaces", "rate limit exceeded", Filter{}, func(t *testing.T, ms []Match) {
			want := entryKeys(where(func(e Entry) bool { return normKey(string(e.Code)) == "ratelimitexceeded" }))
			if got := keys(ms, RankExactCode); !sameSet(got, want) {
				t.Errorf("exact matches = %v, want %v", got, want)
			}
			// BSE1005's type names it: right after the exact codes.
			if i := slices.IndexFunc(ms, func(m Match) bool { return m.Entry.Key() == bse1005.Key() }); i != len(want) || ms[i].Rank != RankCodePrefix || ms[i].Field != "type" {
				t.Errorf("%s at %d, want %d, matched by its type", bse1005.Key(), i, len(want))
			}
		}},
		{"typo", "insuficient credits", Filter{}, func(t *testing.T, ms []Match) {
			if ms[0].Entry.Key() != bse1004.Key() || ms[0].Rank != RankFuzzy {
				t.Errorf("first = %s %v, want %s fuzzy", ms[0].Entry.Key(), ms[0].Rank, bse1004.Key())
			}
			if len(ms[0].TitleSpans) == 0 {
				t.Errorf("no title highlight for the typo")
			}
		}},
		{"typo in code", "timout", Filter{}, func(t *testing.T, ms []Match) {
			if ms[0].Entry.Key() != timeout.Key() || ms[0].Rank != RankFuzzy {
				t.Errorf("first = %s %v, want %s fuzzy", ms[0].Entry.Key(), ms[0].Rank, timeout.Key())
			}
		}},
		{"numbers match exactly", "BSE1000", Filter{}, func(t *testing.T, ms []Match) {
			if len(ms) != 0 {
				t.Errorf("BSE1000 matched %v; digits must not be fuzzy", keys(ms, RankFuzzy))
			}
		}},
		{"AND of words", "provider memory", Filter{}, func(t *testing.T, ms []Match) {
			if len(ms) == 0 {
				t.Fatal("no match")
			}
			for _, m := range ms {
				if m.Rank != RankText {
					continue
				}
				text := strings.ToLower(strings.Join(append(append([]string{string(m.Entry.Code), string(m.Entry.Type), m.Entry.Title, m.Entry.Meaning}, m.Entry.Causes...), m.Entry.Solutions...), " "))
				for _, w := range []string{"provider", "memory"} {
					if !strings.Contains(text, w) {
						t.Errorf("%s matched without %q", m.Entry.Key(), w)
					}
				}
			}
		}},
		{"no entry has both words", "allowlist chunk", Filter{}, func(t *testing.T, ms []Match) {
			if len(ms) != 0 {
				t.Errorf("matched %v", keys(ms, RankFuzzy))
			}
		}},
		{"stop words dropped", "the key is expired", Filter{}, func(t *testing.T, ms []Match) {
			want := keys(Search("key expired", Filter{}), RankFuzzy)
			if got := keys(ms, RankFuzzy); !slices.Equal(got, want) {
				t.Errorf("got %v, want the results of \"key expired\" %v", got, want)
			}
		}},
		{"word prefix", "idempot", Filter{}, func(t *testing.T, ms []Match) {
			for _, m := range ms[:2] {
				if !strings.HasPrefix(string(m.Entry.Type), "idempotency") {
					t.Errorf("%s ranks before the idempotency codes", m.Entry.Key())
				}
			}
		}},
		{"empty query lists the filter", "", Filter{Retryable: &yes, StatusClass: 4}, func(t *testing.T, ms []Match) {
			want := entryKeys(where(func(e Entry) bool { return e.Retryable && e.Status/100 == 4 }))
			if got := keys(ms, RankFuzzy); !slices.Equal(got, want) {
				t.Errorf("got %v, want %v in catalog order", got, want)
			}
		}},
		{"punctuation only", " _-_ ", Filter{API: Claro}, func(t *testing.T, ms []Match) {
			want := entryKeys(where(func(e Entry) bool { return e.API == Claro }))
			if got := keys(ms, RankFuzzy); !slices.Equal(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
		}},
		{"filters apply to matches", "error", Filter{API: Babou, Category: CategoryInternal}, func(t *testing.T, ms []Match) {
			if len(ms) == 0 {
				t.Error("no match")
			}
		}},
		{"long query is cut, not rejected", strings.Repeat("rate ", 200), Filter{}, func(t *testing.T, ms []Match) {
			if len(ms) == 0 {
				t.Error("no match")
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ms := Search(tc.query, tc.f)
			checkMatches(t, tc.query, tc.f, ms)
			if len(ms) == 0 && tc.name != "numbers match exactly" && tc.name != "no entry has both words" {
				t.Fatalf("Search(%q) found nothing", tc.query)
			}
			tc.check(t, ms)
		})
	}
}

// rateLimitFirst checks that the results start with the rate-limit codes of
// every API, i.e. the entries whose code or type says "rate limit".
func rateLimitFirst(t *testing.T, ms []Match) {
	t.Helper()
	// The primary API's rate limit comes first: a prefix of whole words
	// scores the same in rate_limit_error as in rate_limit_exceeded, and
	// BSE1005's type is its name, so the API order decides.
	if len(ms) == 0 || ms[0].Entry.Key() != "babysea/BSE1005" {
		t.Errorf("first result %v, want babysea/BSE1005", ms[:min(1, len(ms))])
	}
	want := entryKeys(where(func(e Entry) bool {
		return strings.Contains(normKey(string(e.Code)), "ratelimit") || strings.Contains(normKey(string(e.Type)), "ratelimit")
	}))
	apis := map[API]bool{}
	for _, m := range ms[:min(len(want), len(ms))] {
		apis[m.Entry.API] = true
		if m.Entry.Category != CategoryRateLimit {
			t.Errorf("%s (category %s) is among the first results", m.Entry.Key(), m.Entry.Category)
		}
	}
	if got := keys(ms[:min(len(want), len(ms))], RankFuzzy); !sameSet(got, want) {
		t.Errorf("first results = %v, want %v", got, want)
	}
	if len(apis) != len(APIs()) {
		t.Errorf("first results cover %d APIs, want all %d", len(apis), len(APIs()))
	}
	for _, m := range ms[:min(len(want), len(ms))] {
		if m.Rank > RankType {
			t.Errorf("%s ranks %v, want code or type", m.Entry.Key(), m.Rank)
		}
		if len(m.Spans) == 0 || normKey(highlighted(m.Text(), m.Spans)[0]) != "ratelimit" {
			t.Errorf("%s highlights %q in %q", m.Entry.Key(), highlighted(m.Text(), m.Spans), m.Text())
		}
	}
}

func TestFilter(t *testing.T) {
	yes, no := true, false
	for _, f := range []Filter{
		{}, {API: Babou}, {Category: CategoryProvider}, {StatusClass: 5}, {StatusClass: 4, Retryable: &yes},
		{API: BabySea, StatusClass: 5, Retryable: &no}, {API: "nope"},
	} {
		t.Run(strconv.Quote(string(f.API))+string(f.Category)+strconv.Itoa(f.StatusClass), func(t *testing.T) {
			want := where(f.Match)
			for _, e := range want {
				if (f.API != "" && e.API != f.API) || (f.Category != "" && e.Category != f.Category) ||
					(f.StatusClass != 0 && e.Status/100 != f.StatusClass) || (f.Retryable != nil && e.Retryable != *f.Retryable) {
					t.Errorf("%s passes %+v", e.Key(), f)
				}
			}
			for _, q := range []string{"", "key", "429", "BSE4"} {
				ms := Search(q, f)
				checkMatches(t, q, f, ms)
			}
		})
	}
}

func TestIndexOrderIsDeterministic(t *testing.T) {
	all := All()
	rev := slices.Clone(all)
	slices.Reverse(rev)
	a, b := NewIndex(all), NewIndex(rev)
	for _, q := range []string{"rate limit", "429", "provider", "key expired", "insuficient credits", "BSE"} {
		ka, kb := keys(a.Search(q, Filter{}), RankFuzzy), keys(b.Search(q, Filter{}), RankFuzzy)
		if !slices.Equal(ka, kb) {
			t.Errorf("Search(%q) depends on index order:\n%v\n%v", q, ka, kb)
		}
	}
}

func TestOSADistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		k    int
		want int
	}{
		{"limit", "limit", 1, 0},
		{"limti", "limit", 1, 1}, // transposition
		{"insuficient", "insufficient", 2, 1},
		{"timout", "timeout", 1, 1},
		{"kitten", "sitting", 2, 3}, // beyond k reports k+1
		{"abc", "", 3, 3},
		{"ca", "abc", 3, 3}, // OSA, unlike full Damerau-Levenshtein (2)
	} {
		t.Run(tc.a+"/"+tc.b, func(t *testing.T) {
			if got := osaDistance(tc.a, tc.b, tc.k); got != tc.want {
				t.Errorf("osaDistance(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.k, got, tc.want)
			}
		})
	}
}

func TestRankString(t *testing.T) {
	seen := map[string]bool{}
	for r := RankExactCode; r <= RankFuzzy; r++ {
		s := r.String()
		if s == "" || seen[s] || strings.HasPrefix(s, "rank(") {
			t.Errorf("Rank(%d).String() = %q", r, s)
		}
		seen[s] = true
	}
	if s := Rank(99).String(); s != "rank(99)" {
		t.Errorf("Rank(99).String() = %q", s)
	}
}

// TestSearchConcurrent runs searches in parallel on one index (run with
// -race): each must give the same results as when run alone.
func TestSearchConcurrent(t *testing.T) {
	queries := []string{"BSE1005", "rate limit", "insuficient credits", "429", "provider", "", "key expired"}
	want := map[string][]string{}
	for _, q := range queries {
		want[q] = keys(Search(q, Filter{}), RankFuzzy)
	}
	done := make(chan error)
	for g := range 8 {
		go func() {
			for i := range 50 {
				q := queries[(g+i)%len(queries)]
				if got := keys(Search(q, Filter{}), RankFuzzy); !slices.Equal(got, want[q]) {
					done <- fmt.Errorf("Search(%q) = %v concurrently, %v alone", q, got, want[q])
					return
				}
			}
			done <- nil
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

// TestSearchAPIWords: an API's name narrows a text query to that API.
func TestSearchAPIWords(t *testing.T) {
	for _, a := range APIs() {
		for _, q := range []string{a.Name + " 429", strings.ToLower(a.Name) + " rate limit"} {
			t.Run(q, func(t *testing.T) {
				ms := Search(q, Filter{})
				checkMatches(t, q, Filter{}, ms)
				if len(ms) == 0 {
					t.Fatalf("Search(%q) found nothing", q)
				}
				for _, m := range ms {
					if m.Entry.API != a.ID {
						t.Errorf("Search(%q) returned %s", q, m.Entry.Key())
					}
				}
			})
		}
	}
}

// TestSearchPhrase: words found next to each other, in order, rank above
// the same words found apart.
func TestSearchPhrase(t *testing.T) {
	for _, q := range []string{"retry after", "request id", "rate limit window"} {
		t.Run(q, func(t *testing.T) {
			ms := Search(q, Filter{})
			checkMatches(t, q, Filter{}, ms)
			if len(ms) == 0 {
				t.Fatalf("Search(%q) found nothing", q)
			}
			joined := normKey(q)
			adjacent := func(m Match) bool {
				for _, s := range append(append([]string{m.Entry.Title, m.Entry.Meaning}, m.Entry.Causes...), m.Entry.Solutions...) {
					if strings.Contains(normKey(s), joined) {
						return true
					}
				}
				return false
			}
			seenApart := false
			for _, m := range ms {
				if m.Rank > RankText {
					break
				}
				if m.Rank < RankText {
					continue
				}
				if !adjacent(m) {
					seenApart = true
				} else if seenApart {
					t.Errorf("%s has the words together but ranks after an entry that has them apart", m.Entry.Key())
				}
			}
		})
	}
}

// TestSearchNIsAPrefixOfSearch checks that SearchN returns exactly the
// first n results of Search and counts all of them.
func TestSearchNIsAPrefixOfSearch(t *testing.T) {
	ix := NewIndex(All())
	for _, q := range []string{"r", "ra", "rate", "i", "in", "429", "BSE", "bse10", "provder", "rate limit", "claro 429", "x", ""} {
		all := ix.Search(q, Filter{})
		for _, n := range []int{0, 1, 3, 50, len(all), len(all) + 5} {
			t.Run(fmt.Sprintf("%q/%d", q, n), func(t *testing.T) {
				got, total := ix.SearchN(q, Filter{}, n)
				if total != len(all) {
					t.Fatalf("total %d, Search found %d", total, len(all))
				}
				want := all
				if strings.TrimSpace(q) != "" && n < len(all) {
					want = all[:n]
				}
				if !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
					t.Fatalf("SearchN(%q, %d) differs from the first results of Search", q, n)
				}
			})
		}
	}
}

// TestSearchTwoDigitFragment: two digits are enough to find a numbered
// code ("05" finds BSE1005 first, before any text match), so a visitor
// reaches BSE1005 in two keystrokes.
func TestSearchTwoDigitFragment(t *testing.T) {
	ms := Search("05", Filter{})
	if len(ms) == 0 || ms[0].Entry.Code != "BSE1005" {
		t.Fatalf("Search(05) first = %v, want BSE1005", ms)
	}
	for _, m := range ms {
		if m.Rank != RankCodePrefix {
			break
		}
		if !strings.Contains(string(m.Entry.Code), "05") {
			t.Errorf("Search(05): code match %s does not contain 05", m.Entry.Code)
		}
	}
	// Two letters stay too short to be a fragment of a code.
	for _, m := range Search("se", Filter{}) {
		if m.Rank == RankCodePrefix && !strings.HasPrefix(strings.ToLower(string(m.Entry.Code)), "se") {
			t.Errorf("Search(se) matched %s inside its code", m.Entry.Code)
		}
	}
}
