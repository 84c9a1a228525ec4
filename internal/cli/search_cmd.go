package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/route"
)

// searchResult is one line of `search --json`.
type searchResult struct {
	catalog.ExportEntry
	Rank string `json:"rank"`
	Path string `json:"path"`
}

func runSearch(e env, args []string) int {
	fs := e.flags()
	api := fs.String("api", "", "only this `API` (default: all four)")
	category := fs.String("category", "", "only this `category`, e.g. rate_limit (default: all)")
	status := fs.String("status", "", "only 4xx or 5xx `codes` (default: both)")
	retryable := fs.Bool("retryable", false, "only retryable codes")
	notRetryable := fs.Bool("not-retryable", false, "only codes that are not retryable")
	asJSON := fs.Bool("json", false, "print JSON")
	limit := fs.Int("limit", 20, "at most `N` results (0 = all)")
	err := func() error {
		pos, err := parse(fs, args)
		if err != nil {
			return err
		}
		q := strings.TrimSpace(strings.Join(pos, " "))
		var f catalog.Filter
		if *api != "" {
			if f.API, err = catalog.ParseAPI(*api); err != nil {
				return usagef("search: %v", err)
			}
		}
		if *category != "" {
			f.Category = catalog.Category(strings.ToLower(*category))
			if !knownCategory(f.Category) {
				return usagef("search: unknown --category %q (valid: %s)", *category, categoryNames())
			}
		}
		switch strings.ToLower(*status) {
		case "":
		case "4xx", "4":
			f.StatusClass = 4
		case "5xx", "5":
			f.StatusClass = 5
		default:
			return usagef("search: --status takes 4xx or 5xx, not %q", *status)
		}
		if *retryable && *notRetryable {
			return usagef("search: --retryable and --not-retryable exclude each other")
		}
		if *retryable || *notRetryable {
			r := *retryable
			f.Retryable = &r
		}
		if q == "" && f == (catalog.Filter{}) {
			return usagef("search: give a query, e.g. search ratelimit")
		}
		matches := catalog.Search(q, f)
		if *limit > 0 && len(matches) > *limit {
			matches = matches[:*limit]
		}
		if *asJSON {
			out := make([]searchResult, 0, len(matches))
			for _, m := range matches {
				out = append(out, searchResult{catalog.Export([]catalog.Entry{m.Entry})[0], m.Rank.String(), route.Code(m.Entry)})
			}
			return writeJSON(e.stdout, out)
		}
		if len(matches) == 0 {
			_, err := fmt.Fprintf(e.stdout, "no codes match %q\n", q)
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "API\tCODE\tSTATUS\tRETRY\tTITLE\tMATCH")
		for _, m := range matches {
			en := m.Entry
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\n", en.API, en.Code, en.Status, retryWord(en.Retryable), en.Title, m.Rank)
		}
		return tw.Flush()
	}()
	return finish(e, err)
}

func knownCategory(c catalog.Category) bool {
	for _, k := range catalog.Categories {
		if k == c {
			return true
		}
	}
	return false
}

func categoryNames() string {
	var s []string
	for _, k := range catalog.Categories {
		s = append(s, string(k))
	}
	return strings.Join(s, ", ")
}
