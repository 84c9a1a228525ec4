package docs

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/route"
)

var wantOrder = []string{
	"getting-started", "error-handling", "retries", "rate-limits", "idempotency",
	"testing-retries", "typescript-vs-go", "babysea", "babou", "aionvision", "claro",
}

func TestPages(t *testing.T) {
	pages := Pages()
	var slugs []string
	for _, p := range pages {
		slugs = append(slugs, p.Slug)
	}
	if fmt.Sprint(slugs) != fmt.Sprint(wantOrder) {
		t.Fatalf("Pages() slugs = %v, want %v", slugs, wantOrder)
	}
	for _, p := range append(pages, Index()) {
		t.Run(p.Slug, func(t *testing.T) {
			if p.Title == "" || p.Summary == "" || len(p.Summary) > 204 {
				t.Errorf("title %q, summary %q: want both, summary at most 200 bytes plus an ellipsis", p.Title, p.Summary)
			}
			if !strings.HasPrefix(p.HTML, `<div class="md"><h1 id=`) || !strings.HasSuffix(p.HTML, "</div>\n") {
				t.Errorf("HTML does not start with the md root and the title: %.60q", p.HTML)
			}
			if strings.Contains(p.HTML, " style=") {
				t.Error("HTML has an inline style attribute (CSP forbids them)")
			}
			if strings.Contains(p.HTML, "errscope:") || strings.Contains(p.HTML, "raw HTML omitted") {
				t.Error("HTML holds an unexpanded directive or raw HTML")
			}
			got, ok := Lookup(p.Slug)
			if !ok || got != p {
				t.Errorf("Lookup(%q) = %v, %v; want the page", p.Slug, got.Slug, ok)
			}
		})
	}
	if _, ok := Lookup("no-such-page"); ok {
		t.Error(`Lookup("no-such-page") found a page`)
	}
	pages[0].Title = "changed"
	if Pages()[0].Title == "changed" {
		t.Error("Pages returns shared storage")
	}
}

var (
	hrefRe = regexp.MustCompile(`href="([^"]*)"`)
	idRe   = regexp.MustCompile(`id="([^"]*)"`)
)

// TestLinks checks every link of every guide: /docs links name a page (and
// an existing heading), /errors links name a catalog entry, nothing is
// empty (goldmark empties unsafe URLs) and no link to a .md file is left.
func TestLinks(t *testing.T) {
	ids := map[string]map[string]bool{}
	all := append(Pages(), Index())
	for _, p := range all {
		ids[p.Slug] = map[string]bool{}
		for _, m := range idRe.FindAllStringSubmatch(p.HTML, -1) {
			ids[p.Slug][m[1]] = true
		}
	}
	codeLinks := 0
	for _, p := range all {
		for _, m := range hrefRe.FindAllStringSubmatch(p.HTML, -1) {
			href := m[1]
			path, frag, _ := strings.Cut(href, "#")
			switch {
			case href == "":
				t.Errorf("%s: empty link (an unsafe or missing URL)", p.Slug)
			case strings.HasPrefix(href, "https://"):
			case path == "":
				if !ids[p.Slug][frag] {
					t.Errorf("%s: link %q to a missing heading", p.Slug, href)
				}
			case path == "/docs" || strings.HasPrefix(path, "/docs/"):
				slug := strings.TrimPrefix(strings.TrimPrefix(path, "/docs"), "/")
				if slug == "" {
					slug = "index"
				}
				if _, ok := Lookup(slug); !ok {
					t.Errorf("%s: link %q to a missing guide", p.Slug, href)
				} else if frag != "" && !ids[slug][frag] {
					t.Errorf("%s: link %q to a missing heading", p.Slug, href)
				}
			case strings.HasPrefix(path, "/errors/"):
				codeLinks++
				parts := strings.Split(strings.TrimPrefix(path, "/errors/"), "/")
				e, ok := catalog.Entry{}, false
				if len(parts) == 2 {
					e, ok = catalog.Lookup(catalog.API(parts[0]), catalog.Code(parts[1]))
				}
				if !ok || route.Code(e) != path {
					t.Errorf("%s: link %q names no catalog entry", p.Slug, href)
				}
			default:
				t.Errorf("%s: unexpected link %q", p.Slug, href)
			}
		}
	}
	if codeLinks == 0 {
		t.Error("no guide links to an error page")
	}
}

// TestAPIPages checks that every API of the catalog has an overview page
// that links to its codes.
func TestAPIPages(t *testing.T) {
	for _, a := range catalog.APIs() {
		p, ok := Lookup(string(a.ID))
		if !ok {
			t.Errorf("no guide for API %s", a.ID)
			continue
		}
		if p.Title != a.Name {
			t.Errorf("%s guide is titled %q, want %q", a.ID, p.Title, a.Name)
		}
		if !strings.Contains(p.HTML, `href="/errors/`+string(a.ID)+`/`) {
			t.Errorf("%s guide links to none of its codes", a.ID)
		}
		if !strings.Contains(p.HTML, `<pre tabindex="0" class="chroma">`) {
			t.Errorf("%s guide shows no highlighted envelope", a.ID)
		}
	}
}

func ExampleLookup() {
	p, ok := Lookup("retries")
	fmt.Println(ok, p.Title)
	fmt.Println(strings.HasPrefix(p.HTML, `<div class="md">`))
	// Output:
	// true Retries
	// true
}

func ExamplePages() {
	for _, p := range Pages()[:3] {
		fmt.Printf("/docs/%s: %s\n", p.Slug, p.Title)
	}
	// Output:
	// /docs/getting-started: Getting started
	// /docs/error-handling: Error handling
	// /docs/retries: Retries
}
