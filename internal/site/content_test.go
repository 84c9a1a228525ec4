//go:build !wasm

package site

import (
	"encoding/json"
	"encoding/xml"
	"reflect"
	"strings"
	"testing"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/route"
)

func TestPages(t *testing.T) {
	entries := catalog.All()
	pages := Pages(entries)
	has := map[string]bool{}
	for _, p := range pages {
		has[p] = true
	}
	for _, e := range entries {
		if !has[route.Code(e)] || !has["/embed"+route.Code(e)] {
			t.Errorf("%s: page or embed page missing", e.Key())
		}
	}
	for _, a := range catalog.APIs() {
		if !has["/errors/"+string(a.ID)] {
			t.Errorf("no list page for %s", a.ID)
		}
	}
}

// Every /errors/<code> is either a redirect to the one entry with that code
// or a candidates page, never both, never neither.
func TestCodeRedirects(t *testing.T) {
	entries := catalog.All()
	pages := map[string]bool{}
	for _, p := range Pages(entries) {
		pages[p] = true
	}
	redirects := map[string]string{}
	for _, r := range CodeRedirects(entries) {
		redirects[r.From] = r.To
		if r.Status != 301 {
			t.Errorf("%s: status %d, want 301", r.From, r.Status)
		}
		if r.To != "/" && !pages[r.To] {
			t.Errorf("%s redirects to %s, which is not a page", r.From, r.To)
		}
	}
	for _, e := range entries {
		short := "/errors/" + string(e.Code)
		to, redirected := redirects[short]
		n := len(catalog.LookupCode(e.Code))
		switch {
		case n == 1 && to != route.Code(e):
			t.Errorf("%s: unique code, redirect = %q, want %s", short, to, route.Code(e))
		case n > 1 && (redirected || !pages[short]):
			t.Errorf("%s: shared by %d APIs, want a candidates page and no redirect", short, n)
		}
	}
}

func TestCatalogJSON(t *testing.T) {
	var got []catalog.ExportEntry
	if err := json.Unmarshal(CatalogJSON(catalog.All()), &got); err != nil {
		t.Fatal(err)
	}
	if want := catalog.Export(catalog.All()); !reflect.DeepEqual(got, want) {
		t.Errorf("catalog.json does not round-trip to catalog.Export(catalog.All())")
	}
}

func TestLLMsTxt(t *testing.T) {
	entries := catalog.All()
	guides := []Link{{Path: "/docs/retries", Title: "Retries", Summary: "How\nretries work."}}
	txt := string(LLMsTxt("https://x.test", catalog.APIs(), entries, guides, nil))
	if !strings.HasPrefix(txt, "# errscope\n\n> ") {
		t.Errorf("llms.txt does not start with a title and a summary: %q", txt[:40])
	}
	for _, e := range entries {
		if !strings.Contains(txt, "](https://x.test"+route.Code(e)+")") {
			t.Errorf("llms.txt has no link to %s", route.Code(e))
		}
	}
	if !strings.Contains(txt, "- [Retries](https://x.test/docs/retries): How retries work.\n") {
		t.Errorf("llms.txt guide line missing or not one line")
	}
	if !strings.Contains(txt, "https://x.test/catalog.json") {
		t.Errorf("llms.txt does not point to catalog.json")
	}
}

func TestSitemap(t *testing.T) {
	paths := append([]string{"/", "/decode"}, Pages(catalog.All())...)
	var v struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(Sitemap("https://x.test", paths), &v); err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, u := range v.URLs {
		listed[u.Loc] = true
	}
	for _, p := range paths {
		if !listed["https://x.test"+p] {
			t.Errorf("sitemap lacks %s", p)
		}
	}
	if !strings.Contains(string(RobotsTxt("https://x.test")), "Sitemap: https://x.test/sitemap.xml") {
		t.Error("robots.txt does not name the sitemap")
	}
}
