package catalog

import (
	"slices"
	"strings"
	"testing"
)

// FuzzSearch: any query and filter gives sorted, unique, filtered results
// whose spans lie inside the strings they mark, and never panics.
func FuzzSearch(f *testing.F) {
	for _, q := range []string{"BSE1005", "bse1005", "1005", "BSE10", "RATE_LIMIT", "rate limit", "ratelimit",
		"429", "insuficient credits", "", " _-_ ", "timout", "Ünïcödé 500", "\xff\xfe", strings.Repeat("ra te ", 60)} {
		f.Add(q, byte(0), byte(0), byte(0), byte(0))
	}
	f.Add("provider", byte(0), byte(4), byte(5), byte(1))
	f.Add("key", byte(3), byte(0), byte(4), byte(2))
	fields := []string{"", "code", "type", "status", "title", "meaning", "causes", "solutions", "api"}
	apis := APINames()
	f.Fuzz(func(t *testing.T, q string, api, cat, class, retry byte) {
		var fl Filter
		if i := int(api) % (len(apis) + 1); i < len(apis) {
			fl.API = API(apis[i])
		}
		if i := int(cat) % (len(Categories) + 1); i < len(Categories) {
			fl.Category = Categories[i]
		}
		fl.StatusClass = int(class % 7) // includes classes no entry has
		switch retry % 3 {
		case 1:
			fl.Retryable = new(true)
		case 2:
			fl.Retryable = new(false)
		}
		ms := Search(q, fl)
		checkMatches(t, q, fl, ms)
		for _, m := range ms {
			if !slices.Contains(fields, m.Field) {
				t.Fatalf("Search(%q): %s: unknown field %q", q, m.Entry.Key(), m.Field)
			}
		}
		// The query's exact code, when the filter lets it through, comes first.
		for _, e := range LookupCode(Code(strings.TrimSpace(q))) {
			if fl.Match(e) && len(strings.TrimSpace(q)) <= MaxQueryLen && (len(ms) == 0 || ms[0].Rank != RankExactCode) {
				t.Fatalf("Search(%q) does not start with an exact code match", q)
			}
		}
	})
}
