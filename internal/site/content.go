//go:build !wasm

package site

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"sort"
	"strings"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/route"
)

// A Link is a page of the site with a title and a one-line summary, as
// llms.txt and the sitemap list them.
type Link struct {
	Path    string // "/docs/retries"
	Title   string
	Summary string
}

// Pages returns every path the site pre-renders for the catalog: the page
// of each entry and its /embed twin, one list page per API (/errors/<api>)
// and a candidates page for each code that several APIs share
// (/errors/<code>, once per spelling). Paths are sorted.
func Pages(entries []catalog.Entry) []string {
	var out []string
	apis := map[catalog.API]bool{}
	for _, e := range entries {
		out = append(out, route.Code(e), "/embed"+route.Code(e))
		apis[e.API] = true
		if shared(entries, e.Code) {
			out = append(out, "/errors/"+string(e.Code))
		}
	}
	for a := range apis {
		out = append(out, "/errors/"+string(a))
	}
	return uniqueSorted(out)
}

// shared reports whether more than one entry uses code (ignoring case).
func shared(entries []catalog.Entry, code catalog.Code) bool {
	n := 0
	for _, e := range entries {
		if strings.EqualFold(string(e.Code), string(code)) {
			n++
		}
	}
	return n > 1
}

// CodeRedirects returns a permanent redirect from /errors/<code> to
// /errors/<api>/<code> for every code that exactly one entry uses, sorted by
// source path, then the fixed ones (/errors → /).
func CodeRedirects(entries []catalog.Entry) []Redirect {
	var out []Redirect
	for _, e := range entries {
		if !shared(entries, e.Code) {
			out = append(out, Redirect{From: "/errors/" + string(e.Code), To: route.Code(e), Status: 301})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].From < out[j].From })
	return append(out,
		Redirect{From: "/errors", To: "/", Status: 301},
		Redirect{From: "/embed", To: "/", Status: 301},
	)
}

// CatalogJSON returns the published catalog: catalog.Export of entries as
// an indented JSON array, ending in a newline.
func CatalogJSON(entries []catalog.Entry) []byte {
	b, err := json.MarshalIndent(catalog.Export(entries), "", "  ")
	if err != nil {
		panic(err) // plain structs of strings, ints and bools always encode
	}
	return append(b, '\n')
}

// LLMsTxt returns the site's llms.txt (https://llmstxt.org): a summary,
// then a link to every code page (grouped by API, each with status,
// retryability and meaning), every guide and the tools. URLs are absolute
// under origin.
func LLMsTxt(origin string, apis []catalog.APIInfo, entries []catalog.Entry, guides, tools []Link) []byte {
	var b bytes.Buffer
	b.WriteString("# errscope\n\n")
	b.WriteString("> The error reference of the BabySea, Babou, Aionvision and Claro APIs: every documented error code with its HTTP status, machine type, whether it is safe to retry, what it means and what to do about it. ")
	b.WriteString("The site also decodes pasted error responses and simulates each API's retry policy, in the browser and offline.\n\n")
	fmt.Fprintf(&b, "The whole catalog is machine-readable at %s/catalog.json: a JSON array of objects with the fields api, code, type, status, retryable, title, meaning, causes, solutions and sources.\n", origin)
	b.WriteString("A code page's address is /errors/<api>/<code>; /errors/<code> leads to it when only one API uses the code.\n")
	for _, a := range apis {
		fmt.Fprintf(&b, "\n## %s error codes\n\n", a.Name)
		if a.RetryGuidance != "" {
			fmt.Fprintf(&b, "Retrying: %s\n\n", oneLine(a.RetryGuidance))
		}
		for _, e := range entries {
			if e.API != a.ID {
				continue
			}
			retry := "not retryable"
			if e.Retryable {
				retry = "retryable"
			}
			fmt.Fprintf(&b, "- [%s — %s](%s%s): HTTP %d, %s. %s\n", e.Code, oneLine(e.Title), origin, route.Code(e), e.Status, retry, oneLine(e.Meaning))
		}
	}
	section := func(title string, links []Link) {
		if len(links) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n## %s\n\n", title)
		for _, l := range links {
			fmt.Fprintf(&b, "- [%s](%s%s)", oneLine(l.Title), origin, l.Path)
			if l.Summary != "" {
				fmt.Fprintf(&b, ": %s", oneLine(l.Summary))
			}
			b.WriteString("\n")
		}
	}
	section("Guides", guides)
	section("Tools", tools)
	return b.Bytes()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Sitemap returns sitemap.xml listing origin+path for each path.
func Sitemap(origin string, paths []string) []byte {
	type loc struct {
		Loc string `xml:"loc"`
	}
	v := struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		URLs    []loc    `xml:"url"`
	}{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	for _, p := range uniqueSorted(paths) {
		v.URLs = append(v.URLs, loc{origin + p})
	}
	b, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err)
	}
	return append([]byte(xml.Header), append(b, '\n')...)
}

// RobotsTxt returns robots.txt: everything may be crawled except the
// iframe twins under /embed/, and the sitemap is named.
func RobotsTxt(origin string) []byte {
	return []byte("User-agent: *\nAllow: /\nDisallow: /embed/\n\nSitemap: " + origin + "/sitemap.xml\n")
}
