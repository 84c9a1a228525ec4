package docgen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/explain"
	"github.com/errscope/errscope/internal/durtext"
	"github.com/errscope/errscope/internal/route"
	"github.com/errscope/errscope/retry"
)

// A directive is a line of its own in a guide,
//
//	<!-- errscope:NAME key=value … -->
//
// that the generator replaces with Markdown built from the catalog, so
// tables of codes and numbers never drift from catalog.json. On GitHub the
// line is an invisible comment. The directives:
//
//	envelope api=X      the API's error envelope as a json code block
//	categories api=X    a table of the API's code categories, with counts and example links
//	retry-summary api=X one sentence: the API's retry defaults in errscope
//	retry-defaults      the per-API retry defaults
//	rate-limits         the per-API documented limits and headers
//	guides              the list of guides with their summaries (index.md only)
const directivePrefix = "<!-- errscope:"

func expand(src []byte, guides []Page) ([]byte, error) {
	var out bytes.Buffer
	for i, line := range strings.SplitAfter(string(src), "\n") {
		t := strings.TrimSpace(line)
		if !strings.HasPrefix(t, directivePrefix) {
			out.WriteString(line)
			continue
		}
		body, ok := strings.CutSuffix(strings.TrimPrefix(t, directivePrefix), "-->")
		if !ok {
			return nil, fmt.Errorf("line %d: directive not closed on its line", i+1)
		}
		fields := strings.Fields(body)
		if len(fields) == 0 {
			return nil, fmt.Errorf("line %d: empty directive", i+1)
		}
		args := map[string]string{}
		for _, f := range fields[1:] {
			k, v, ok := strings.Cut(f, "=")
			if !ok {
				return nil, fmt.Errorf("line %d: argument %q is not key=value", i+1, f)
			}
			args[k] = v
		}
		md, err := directive(fields[0], args, guides)
		if err != nil {
			return nil, fmt.Errorf("line %d: %s: %w", i+1, fields[0], err)
		}
		out.WriteString(md)
		if !strings.HasSuffix(md, "\n") {
			out.WriteByte('\n')
		}
	}
	return out.Bytes(), nil
}

func directive(name string, args map[string]string, guides []Page) (string, error) {
	apiInfo := func() (catalog.APIInfo, error) {
		id, ok := args["api"]
		if !ok {
			return catalog.APIInfo{}, fmt.Errorf("needs api=")
		}
		info, ok := catalog.Info(catalog.API(id))
		if !ok {
			return catalog.APIInfo{}, fmt.Errorf("unknown api %q", id)
		}
		return info, nil
	}
	switch name {
	case "envelope":
		info, err := apiInfo()
		if err != nil {
			return "", err
		}
		var b bytes.Buffer
		if err := json.Indent(&b, []byte(info.Envelope), "", "  "); err != nil {
			return "", fmt.Errorf("%s envelope is not JSON: %w", info.ID, err)
		}
		return "```json\n" + b.String() + "\n```\n", nil
	case "categories":
		info, err := apiInfo()
		if err != nil {
			return "", err
		}
		return categoriesTable(info.ID)
	case "retry-summary":
		info, err := apiInfo()
		if err != nil {
			return "", err
		}
		return retrySummary(info), nil
	case "retry-defaults":
		return retryTable(), nil
	case "rate-limits":
		return rateLimitTable(), nil
	case "guides":
		if len(guides) == 0 {
			return "", fmt.Errorf("only index.md can list the guides")
		}
		var b strings.Builder
		for _, p := range guides {
			fmt.Fprintf(&b, "- [%s](%s.md) — %s\n", p.Title, p.Slug, p.Summary)
		}
		return b.String(), nil
	}
	return "", fmt.Errorf("unknown directive")
}

// categoryNames are the table labels of the catalog's categories.
var categoryNames = map[catalog.Category]string{
	catalog.CategoryAuth:      "Authentication and account",
	catalog.CategoryRateLimit: "Rate and usage limits",
	catalog.CategoryInput:     "Invalid request",
	catalog.CategoryModel:     "Model and configuration",
	catalog.CategoryProvider:  "Upstream provider",
	catalog.CategoryInternal:  "Server error",
}

// examplesPerCategory is how many codes a category row links to.
const examplesPerCategory = 2

func categoriesTable(api catalog.API) (string, error) {
	byCat := map[catalog.Category][]catalog.Entry{}
	for _, e := range catalog.All() {
		if e.API == api {
			byCat[e.Category] = append(byCat[e.Category], e)
		}
	}
	if len(byCat) == 0 {
		return "", fmt.Errorf("no codes for %s in the catalog", api)
	}
	var b strings.Builder
	b.WriteString("| Category | Codes | Retryable | For example |\n|---|---:|---:|---|\n")
	for _, c := range catalog.Categories {
		es := byCat[c]
		if len(es) == 0 {
			continue
		}
		retryable := 0
		for _, e := range es {
			if e.Retryable {
				retryable++
			}
		}
		var ex []string
		for _, e := range es[:min(len(es), examplesPerCategory)] {
			ex = append(ex, fmt.Sprintf("[%s](%s) %d", e.Code, route.Code(e), e.Status))
		}
		name := categoryNames[c]
		if name == "" {
			name = string(c)
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %s |\n", name, len(es), retryable, strings.Join(ex, ", "))
	}
	return b.String(), nil
}

func retryTable() string {
	var b strings.Builder
	b.WriteString("| API | Retries (attempts) | Backoff | Jitter | 429 without a delay | Retry decided by |\n|---|---|---|---|---|---|\n")
	for _, a := range catalog.APIs() {
		p := retry.ForAPI(a.ID).Effective()
		jitter := string(p.Jitter)
		if p.Jitter == retry.JitterAdditive {
			jitter = "additive, up to " + durtext.Format(p.JitterMax)
		}
		no429 := "backoff"
		if p.RetryAfterDefault > 0 {
			no429 = "wait " + durtext.Format(p.RetryAfterDefault)
		}
		by := "status and catalog"
		if p.BodyFlagDecides {
			by = "the body's `retryable` flag"
		}
		fmt.Fprintf(&b, "| [%s](%s.md) | %d (%d) | %s doubling, cap %s | %s | %s | %s |\n",
			a.Name, a.ID, p.MaxRetries, p.MaxRetries+1, durtext.Format(p.BaseDelay), durtext.Format(p.MaxDelay), jitter, no429, by)
	}
	return b.String()
}

func rateLimitTable() string {
	var b strings.Builder
	b.WriteString("| API | Documented limits | Headers |\n|---|---|---|\n")
	for _, a := range catalog.APIs() {
		h := "none documented"
		if len(a.RateLimitHeaders) > 0 {
			h = "`" + strings.Join(a.RateLimitHeaders, "`, `") + "`"
		}
		lim := strings.ReplaceAll(a.RateLimits, "|", "\\|")
		fmt.Fprintf(&b, "| [%s](%s.md) | %s | %s |\n", a.Name, a.ID, lim, h)
	}
	return b.String()
}

// retrySummary is the API's policy in one sentence, as the code pages
// word it (explain.PolicySummary).
func retrySummary(a catalog.APIInfo) string {
	return explain.PolicySummary(a.ID, retry.ForAPI(a.ID)) + "\n"
}
