//go:build !wasm

package main

import (
	"bytes"
	"encoding/json"
	"html"
	"strconv"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/route"
	"github.com/errscope/errscope/internal/site"
)

// embedPages are the pages of the triage and embedding features that the
// static build pre-renders and the service worker pre-caches.
var embedPages = []string{"/triage", "/embed", embedDecodePath, embedSimulatePath, embedCodePath}

// Size of the iframe an oEmbed consumer creates for a code card, in CSS
// pixels; web/embed.js resizes its iframes to the content instead.
const (
	oembedWidth  = 600
	oembedHeight = 340
)

// oembed is an oEmbed 1.0 "rich" response (https://oembed.com/ §2.3.4).
type oembed struct {
	Version      string `json:"version"`
	Type         string `json:"type"`
	ProviderName string `json:"provider_name"`
	ProviderURL  string `json:"provider_url"`
	Title        string `json:"title"`
	HTML         string `json:"html"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	CacheAge     int    `json:"cache_age"`
}

// oembedFiles returns the static oEmbed document of every entry, keyed
// "oembed/<api>/<code>.json", whose html is an iframe of the entry's card
// at origin.
func oembedFiles(origin string, entries []catalog.Entry) map[string][]byte {
	out := make(map[string][]byte, len(entries))
	for _, e := range entries {
		title := string(e.Code) + " " + e.Title + " (" + apiName(e.API) + ")"
		src := origin + "/embed" + route.Code(e)
		frame := `<iframe src="` + html.EscapeString(src) + `" title="` + html.EscapeString("errscope: "+title) +
			`" width="` + strconv.Itoa(oembedWidth) + `" height="` + strconv.Itoa(oembedHeight) + `" loading="lazy" frameborder="0"></iframe>`
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false) // the html member is HTML: keep it readable
		enc.SetIndent("", "  ")
		if err := enc.Encode(oembed{
			Version: "1.0", Type: "rich", ProviderName: "errscope", ProviderURL: origin + "/",
			Title: title, HTML: frame, Width: oembedWidth, Height: oembedHeight, CacheAge: 86400,
		}); err != nil {
			continue
		}
		out["oembed/"+string(e.API)+"/"+string(e.Code)+".json"] = b.Bytes()
	}
	return out
}

// addEmbedFiles adds the triage and embed pages and the oEmbed documents
// to a build configuration.
func addEmbedFiles(cfg *site.Config, origin string) {
	cfg.Pages = append(cfg.Pages, embedPages...)
	if cfg.Handler != nil {
		cfg.Handler.Styles = append(cfg.Handler.Styles, "/web/embed.css")
		// Theme and height reporting of the /embed/* pages before app.wasm
		// runs; a no-op on other pages.
		cfg.Handler.Scripts = append(cfg.Handler.Scripts, "/web/embed-child.js defer")
	}
	if cfg.Files == nil {
		cfg.Files = map[string][]byte{}
	}
	for name, b := range oembedFiles(origin, catalog.All()) {
		cfg.Files[name] = b
	}
}
