//go:build !wasm

package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/docs"
	"github.com/errscope/errscope/internal/site"
)

// buildOptions are the flags of `build`.
type buildOptions struct {
	out    string // output directory
	web    string // static resources to copy
	origin string // public origin for absolute URLs
	stub   bool   // write a stub app.wasm (HTML-only builds, tests)
}

func parseBuildFlags(args []string, stderr io.Writer) (buildOptions, error) {
	o := buildOptions{}
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	defineBuildFlags(fs, &o)
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("build: unexpected argument %q", fs.Arg(0))
	}
	o.origin = strings.TrimRight(o.origin, "/")
	return o, nil
}

// defineBuildFlags defines the flags of `build` on fs, storing into o; the
// command line's `build --help` lists them from here too.
func defineBuildFlags(fs *flag.FlagSet, o *buildOptions) {
	origin := os.Getenv("URL") // set by Netlify during builds
	if origin == "" {
		origin = defaultOrigin
	}
	fs.StringVar(&o.out, "out", "public", "output `directory`; must already hold web/app.wasm and web/finder.wasm unless -stub-wasm")
	fs.StringVar(&o.web, "web", "web", "static resources `directory` to copy to OUT/web")
	fs.StringVar(&o.origin, "origin", origin, "public `origin` for absolute URLs (default $URL, else "+defaultOrigin+")")
	fs.BoolVar(&o.stub, "stub-wasm", false, "write stub app.wasm and finder.wasm: the pages render, no binary starts (for tests)")
}

// buildCmd implements `errscope build [-out public]`: it pre-renders every
// route and writes the static site. The wasm must be built first (build.sh
// does: GOOS=js GOARCH=wasm go build … -o public/web/app.wasm ./app).
func buildCmd(args []string, stdout, stderr io.Writer) int {
	o, err := parseBuildFlags(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "errscope", err)
		return 2
	}
	res, err := buildSite(o)
	if err != nil {
		var ce *site.CheckError
		if errors.As(err, &ce) {
			for _, p := range ce.Problems {
				fmt.Fprintln(stderr, "  "+p)
			}
		}
		fmt.Fprintln(stderr, "errscope build:", err)
		return 1
	}
	fmt.Fprintf(stdout, "built %s: %d pages, version %s, app.wasm %d bytes\n", o.out, res.Pages, res.Version, res.WasmSize)
	return 0
}

// siteConfig assembles everything the static build needs from the catalog,
// the guides and the routes.
func siteConfig(o buildOptions) site.Config {
	entries := catalog.All()
	pages := []string{"/", "/decode", "/simulate", "/docs", "/404", "/triage", "/embed"}
	pages = append(pages, site.Pages(entries)...)
	guides := guideLinks()
	for _, g := range guides {
		pages = append(pages, g.Path)
	}
	tools := []site.Link{
		{Path: "/decode", Title: "Decoder", Summary: "Paste an error response (curl -i, HAR, log line or JSON body) and get the code, its meaning, whether to retry and what to do."},
		{Path: "/simulate", Title: "Retry simulator", Summary: "Play a sequence of responses through an API's retry policy; compare jitter strategies for many clients."},
		{Path: "/docs", Title: "Guides", Summary: "How the four APIs report errors, rate limits and retries."},
	}
	var sitemap []string
	for _, p := range pages {
		if p != "/404" && !strings.HasPrefix(p, "/embed/") {
			sitemap = append(sitemap, p)
		}
	}
	var redirects bytes.Buffer
	site.FormatRedirects(&redirects, site.CodeRedirects(entries))
	var wasm []byte
	if o.stub {
		wasm = site.WasmStubMagic
	}
	return site.Config{
		Out:     o.out,
		Web:     o.web,
		Wasm:    wasm,
		Handler: newHandler(o.origin, o.web),
		Pages:   pages,
		Files: map[string][]byte{
			"catalog.json": site.CatalogJSON(entries),
			"llms.txt":     site.LLMsTxt(o.origin, catalog.APIs(), entries, guides, tools),
			"sitemap.xml":  site.Sitemap(o.origin, sitemap),
			"robots.txt":   site.RobotsTxt(o.origin),
			"_redirects":   redirects.Bytes(),
		},
		Origin:         o.origin,
		NotFoundMarker: `id="not-found"`,
		NotFoundPage:   "/404",
		Reference:      isReference,
	}
}

func buildSite(o buildOptions) (site.Result, error) {
	cfg := siteConfig(o)
	addEmbedFiles(&cfg, o.origin) // embed_build.go: embed pages, oEmbed documents
	res, err := site.Build(cfg)
	if err != nil {
		return res, err
	}
	// Netlify serves 404.html for unknown paths; /404 pre-renders it.
	b, err := os.ReadFile(o.out + "/404.html")
	if err != nil || len(b) == 0 {
		return res, fmt.Errorf("site: 404.html was not written")
	}
	return res, nil
}

// guideLinks lists the guides for the page list, llms.txt and the sitemap.
func guideLinks() []site.Link {
	var out []site.Link
	for _, p := range docs.Pages() {
		out = append(out, site.Link{Path: "/docs/" + p.Slug, Title: p.Title, Summary: p.Summary})
	}
	return out
}
