//go:build !wasm

package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/docs"
	"github.com/errscope/errscope/internal/route"
	"github.com/errscope/errscope/internal/site"
)

// The static build, end to end, with a stub app.wasm (-stub-wasm): the
// pages are pre-rendered exactly as for Netlify, only the app cannot start.

var (
	builtOnce sync.Once
	builtDir  string
	builtErr  error
)

// builtSite builds the site once per test binary.
func builtSite(t *testing.T) string {
	t.Helper()
	builtOnce.Do(func() {
		dir, err := os.MkdirTemp("", "errscope-site-")
		if err != nil {
			builtErr = err
			return
		}
		builtDir = filepath.Join(dir, "public")
		var out, errb bytes.Buffer
		if code := buildCmd([]string{"-out", builtDir, "-web", "../web", "-origin", "https://errscope.test", "-stub-wasm"}, &out, &errb); code != 0 {
			builtErr = &buildError{errb.String()}
		}
	})
	if builtErr != nil {
		t.Fatal(builtErr)
	}
	return builtDir
}

type buildError struct{ msg string }

func (e *buildError) Error() string { return "build failed: " + e.msg }

func TestMain(m *testing.M) {
	routes()
	code := m.Run()
	if builtDir != "" {
		os.RemoveAll(filepath.Dir(builtDir))
	}
	os.Exit(code)
}

func TestBuildEveryPage(t *testing.T) {
	dir := builtSite(t)
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatalf("missing %s", name)
		}
		return string(b)
	}
	for _, e := range catalog.All() {
		page := read(strings.TrimPrefix(route.Code(e), "/") + ".html")
		if !strings.Contains(page, `id="code-name"`) || !strings.Contains(page, ">"+string(e.Code)+"<") {
			t.Errorf("%s.html is not the page of %s", route.Code(e), e.Key())
		}
		if !strings.Contains(page, "<title>") || !strings.Contains(page, string(e.Code)) {
			t.Errorf("%s.html has no title naming the code", route.Code(e))
		}
	}
	for _, p := range docs.Pages() {
		if page := read("docs/" + p.Slug + ".html"); !strings.Contains(page, p.Title) {
			t.Errorf("docs/%s.html lacks its title", p.Slug)
		}
	}
	for _, name := range []string{"index.html", "decode.html", "simulate.html", "docs.html", "404.html",
		"app-worker.js", "manifest.webmanifest", "web/site.css", "web/noscript.css", "web/icon.svg",
		"web/icon-192.png", "web/icon-512.png", "web/icon-maskable-512.png", "llms.txt", "robots.txt"} {
		read(name)
	}
	if !strings.Contains(read("404.html"), `id="not-found"`) {
		t.Error("404.html is not the not-found page")
	}
}

func TestBuildCatalogSitemapRedirects(t *testing.T) {
	dir := builtSite(t)
	b, err := os.ReadFile(filepath.Join(dir, "catalog.json"))
	if err != nil {
		t.Fatal(err)
	}
	var exported []catalog.ExportEntry
	if err := json.Unmarshal(b, &exported); err != nil || len(exported) != len(catalog.All()) {
		t.Fatalf("catalog.json: %d entries, %v", len(exported), err)
	}
	if !bytes.Contains(b, []byte("\n  {")) {
		t.Error("catalog.json is not indented")
	}
	sm, err := os.ReadFile(filepath.Join(dir, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(sm, &v); err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, u := range v.URLs {
		listed[u.Loc] = true
	}
	for _, e := range catalog.All() {
		if !listed["https://errscope.test"+route.Code(e)] {
			t.Errorf("sitemap lacks %s", route.Code(e))
		}
	}
	f, err := os.Open(filepath.Join(dir, "_redirects"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rules, err := site.ParseRedirects(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		if r.To == "/" {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, strings.TrimPrefix(r.To, "/")+".html")); err != nil {
			t.Errorf("redirect %s → %s: no such page", r.From, r.To)
		}
	}
}

// The pages keep to the CSP: no inline styles or scripts, no event-handler
// attributes, nothing loaded from elsewhere, and the service worker
// pre-caches every page.
func TestBuildKeepsToTheCSP(t *testing.T) {
	dir := builtSite(t)
	inline := regexp.MustCompile(`(?i)<[^>]+\sstyle="|<script(?:\s[^>]*)?>[^<]|\son[a-z]+="`)
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		b, _ := os.ReadFile(p)
		if m := inline.Find(b); m != nil {
			rel, _ := filepath.Rel(dir, p)
			t.Errorf("%s: inline style or script: %s", rel, m)
		}
		return nil
	})
	worker, err := os.ReadFile(filepath.Join(dir, "app-worker.js"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range append([]string{"/", "/decode", "/simulate", "/docs", "/404", "/catalog.json", "/web/app.wasm", site.FinderWasm, site.FinderScript}, site.Pages(catalog.All())...) {
		if !bytes.Contains(worker, []byte(`"`+p+`"`)) {
			t.Errorf("app-worker.js does not pre-cache %s", p)
		}
	}
	for _, want := range []string{"event.waitUntil", "ignoreSearch", `cache.match("/404")`} {
		if !bytes.Contains(worker, []byte(want)) {
			t.Errorf("app-worker.js lacks %s", want)
		}
	}
}

// The wasm must not carry the native-only code: the markdown renderer, the
// chroma lexers, the site builder, the HTTP test server or the SDK client.
func TestWasmDependencies(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	const mod = "github.com/errscope/errscope/"
	// Exact import paths (a prefix ends with "/"): a substring would let a
	// renamed package slip through unnoticed.
	tests := []struct {
		pkg       string
		forbidden []string
		required  []string
	}{
		{".", []string{"github.com/yuin/goldmark/", "github.com/alecthomas/chroma/v2/", "net/http/httptest", mod + "internal/site", mod + "internal/markdown", mod + "client", "os/signal"},
			[]string{mod + "apierror", mod + "retry", mod + "triage", mod + "explain"}},
		// The finder binary is the reference's search: the catalog and
		// nothing heavy (measured costs in brotli: go-app ~1 MB, encoding/json
		// with reflect and fmt ~60 KB).
		{"./finder", []string{"github.com/maxence-charriere/go-app/v10/", "encoding/json", "fmt", "reflect", "net/http", "regexp", mod + "apierror", mod + "retry"},
			[]string{mod + "catalog", mod + "internal/finder"}},
	}
	for _, tt := range tests {
		cmd := exec.Command("go", "list", "-deps", tt.pkg)
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list %s: %v", tt.pkg, err)
		}
		deps := strings.Fields(string(out))
		for _, d := range deps {
			for _, f := range tt.forbidden {
				if d == f || strings.HasSuffix(f, "/") && strings.HasPrefix(d, f) {
					t.Errorf("%s (wasm) imports %s", tt.pkg, d)
				}
			}
		}
		for _, r := range tt.required {
			if !slices.Contains(deps, r) {
				t.Errorf("%s (wasm) does not import %s: the guard's list is out of date", tt.pkg, r)
			}
		}
	}
}

// No logic of the SDK packages is written again in JavaScript: the site's
// own scripts hold no catalog code, no API name beyond prose, and none of
// the rules' markers. The browser runs the Go packages (the two binaries).
func TestNoLogicInJavaScript(t *testing.T) {
	files, err := filepath.Glob("../web/*.js")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts in ../web: %v", err)
	}
	files = append(files, "worker.js")
	markers := []string{"retry-after", "x-ratelimit", "retryable", "levenshtein", "idempotency", "backoff", "jitter"}
	for _, e := range catalog.All() {
		if c := strings.ToLower(string(e.Code)); strings.ContainsAny(c, "0123456789_") { // not plain words ("timeout")
			markers = append(markers, c)
		}
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// Comments may name what the Go side does; code may not.
		code := strings.ToLower(regexp.MustCompile(`(?m)//.*$|/\*(?s:.*?)\*/`).ReplaceAllString(string(b), ""))
		for _, m := range markers {
			if strings.Contains(code, m) {
				t.Errorf("%s mentions %q outside comments: logic of the Go packages belongs in the wasm", f, m)
			}
		}
	}
}
