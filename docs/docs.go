// Package docs holds errscope's guides: Markdown sources (docs/*.md)
// rendered at build time into HTML that is committed and embedded here, and
// the code samples shown on every error page.
//
// The package only serves precomputed strings: it does not import goldmark
// or chroma, builds for js/wasm and is safe for concurrent use. Run
// go generate ./docs after editing a guide, a sample template or
// catalog.json; TestGenerated fails while a generated file is stale.
package docs

//go:generate go run gen_docs.go

import (
	"embed"
	"slices"
)

// A Page is one guide.
type Page struct {
	// Slug names the page in its URL, /docs/<slug> ("retries").
	Slug string
	// Title is the text of the guide's "# Title" line.
	Title string
	// Summary is the guide's first paragraph as plain text, at most 200
	// bytes, for lists and the page's meta description.
	Summary string
	// HTML is the rendered guide, one <div class="md"> root holding the
	// title as <h1>, headings with ids, and code highlighted with chroma
	// classes (styled by web/chroma.css). It is safe to pass to app.Raw:
	// it comes from the repository's Markdown, with raw HTML disabled.
	HTML string
}

//go:embed html/*.html
var htmlFS embed.FS

func init() {
	load := func(p *Page) {
		b, err := htmlFS.ReadFile("html/" + p.Slug + ".html")
		if err != nil {
			panic("docs: " + err.Error()) // TestGenerated keeps html/ complete
		}
		p.HTML = string(b)
	}
	load(&indexPage)
	for i := range pageList {
		load(&pageList[i])
	}
}

// Pages returns the guides in reading order: getting-started,
// error-handling, retries, rate-limits, idempotency, testing-retries,
// typescript-vs-go, then one overview per API (babysea, babou, aionvision, claro). The
// landing page (slug "index") is not among them; see [Index]. The slice is
// a copy.
func Pages() []Page { return slices.Clone(pageList) }

// Index returns the landing page, served at /docs: the list of guides.
func Index() Page { return indexPage }

// Lookup returns the guide with the given slug; "index" is the landing
// page.
func Lookup(slug string) (Page, bool) {
	if slug == indexPage.Slug {
		return indexPage, true
	}
	for _, p := range pageList {
		if p.Slug == slug {
			return p, true
		}
	}
	return Page{}, false
}
