package docgen

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/route"
)

func TestExpand(t *testing.T) {
	guides := []Page{{Slug: "retries", Title: "Retries", Summary: "When to retry."}}
	tests := []struct {
		name, src string
		guides    []Page
		want      string // substring of the output; "" when an error is wanted
	}{
		{"plain text passes", "# T\n\ntext <!-- not a directive -->\n", nil, "text <!-- not a directive -->"},
		{"envelope", "<!-- errscope:envelope api=claro -->\n", nil, "```json\n{\n  \"error\": {"},
		{"guides", "<!-- errscope:guides -->\n", guides, "- [Retries](retries.md) — When to retry.\n"},
		{"retry summary", "<!-- errscope:retry-summary api=aionvision -->", nil, "5 s on a 429 without Retry-After"},
		{"unknown directive", "<!-- errscope:nope -->\n", nil, ""},
		{"unknown api", "<!-- errscope:envelope api=nope -->\n", nil, ""},
		{"missing api", "<!-- errscope:categories -->\n", nil, ""},
		{"argument without =", "<!-- errscope:categories babysea -->\n", nil, ""},
		{"not closed", "<!-- errscope:guides\n", guides, ""},
		{"empty", "<!-- errscope: -->\n", nil, ""},
		{"guides outside the index", "<!-- errscope:guides -->\n", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := expand([]byte(tt.src), tt.guides)
			switch {
			case tt.want == "" && err == nil:
				t.Errorf("expand(%q) = %q, want an error", tt.src, out)
			case tt.want != "" && err != nil:
				t.Errorf("expand(%q): %v", tt.src, err)
			case tt.want != "" && !strings.Contains(string(out), tt.want):
				t.Errorf("expand(%q) = %q, want it to contain %q", tt.src, out, tt.want)
			}
		})
	}
}

// TestCategoriesTable checks the generated tables against the catalog:
// the counts add up to the API's codes and every example link is an entry.
func TestCategoriesTable(t *testing.T) {
	row := regexp.MustCompile(`(?m)^\| [^|]+ \| (\d+) \| (\d+) \| (.*) \|$`)
	link := regexp.MustCompile(`\]\((/errors/[^)]+)\)`)
	paths := map[string]bool{}
	count := map[catalog.API]int{}
	for _, e := range catalog.All() {
		paths[route.Code(e)] = true
		count[e.API]++
	}
	for _, a := range catalog.APIs() {
		md, err := categoriesTable(a.ID)
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, m := range row.FindAllStringSubmatch(md, -1) {
			n, _ := strconv.Atoi(m[1])
			r, _ := strconv.Atoi(m[2])
			if r > n || n == 0 {
				t.Errorf("%s: row %q: %d retryable of %d", a.ID, m[0], r, n)
			}
			total += n
			for _, l := range link.FindAllStringSubmatch(m[3], -1) {
				if !paths[l[1]] {
					t.Errorf("%s: example %s is not a catalog entry", a.ID, l[1])
				}
			}
		}
		if total != count[a.ID] {
			t.Errorf("%s: table counts %d codes, catalog has %d", a.ID, total, count[a.ID])
		}
	}
}

func TestGenerateChecksGuideList(t *testing.T) {
	dir := t.TempDir()
	for _, slug := range append(Order[1:], IndexSlug, "extra") {
		if err := os.WriteFile(filepath.Join(dir, slug+".md"), []byte("# "+slug+"\n\ntext\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Generate(dir); err == nil || !strings.Contains(err.Error(), "Order") {
		t.Errorf("Generate with a missing and an unlisted guide: err = %v, want one naming docgen.Order", err)
	}
}
