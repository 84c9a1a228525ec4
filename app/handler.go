//go:build !wasm

package main

import (
	_ "embed"
	"net/url"
	"os"
	"path/filepath"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/errscope/errscope/internal/site"
)

// workerJS is the service worker template (see the comment at its top).
//
//go:embed worker.js
var workerJS string

// defaultOrigin is the public origin when the build is not told otherwise
// (Netlify sets $URL during builds).
const defaultOrigin = "https://errscope.netlify.app"

// Colours of the browser chrome; web/site.css uses the same.
const (
	themeLight = "#0b5cad"
	themeDark  = "#0d1117"
)

// newHandler returns the go-app handler of the site, configured for origin
// and the static resources found in web (chroma.css is optional: the docs
// generator writes it). Build sets Version, WasmContentLength and the pages
// to pre-cache.
func newHandler(origin, web string) *app.Handler {
	styles := []string{"/web/site.css"}
	if _, err := os.Stat(filepath.Join(web, "chroma.css")); err == nil {
		styles = append(styles, "/web/chroma.css")
	}
	domain := origin
	if u, err := url.Parse(origin); err == nil && u.Host != "" {
		domain = u.Host
	}
	return &app.Handler{
		Name:        "errscope — API error reference",
		ShortName:   "errscope",
		Title:       "errscope",
		Description: "The error reference, decoder and retry simulator of the BabySea, Babou, Aionvision and Claro APIs. Works offline.",
		Author:      "errscope",
		Keywords:    []string{"API errors", "error codes", "retry", "BabySea", "Babou", "Aionvision", "Claro"},
		Lang:        "en",
		Domain:      domain,
		Image:       "/web/icon-512.png",
		Icon: app.Icon{
			Default:  "/web/icon-192.png",
			Large:    "/web/icon-512.png",
			Maskable: "/web/icon-maskable-512.png",
			SVG:      "/web/icon.svg",
		},
		BackgroundColor: "#ffffff",
		ThemeColor:      themeLight,
		LoadingLabel:    "Loading the playground… {progress}%",
		Styles:          styles,
		RawHeaders: []string{
			site.CSPMeta,
			`<meta name="theme-color" media="(prefers-color-scheme: dark)" content="` + themeDark + `">`,
			`<noscript><link rel="stylesheet" href="/web/noscript.css"></noscript>`,
		},
		CacheableResources:    []string{"/web/icon.svg", "/web/noscript.css", "/catalog.json", site.FinderScript, site.FinderWasm},
		ServiceWorkerTemplate: workerJS,
	}
}
