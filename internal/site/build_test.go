//go:build !wasm

package site

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

type testPage struct {
	app.Compo
	title string
}

func (p *testPage) OnPreRender(ctx app.Context) {
	p.title = ctx.Page().URL().Path
	ctx.Page().SetTitle("page " + p.title)
}

func (p *testPage) Render() app.UI { return app.Main().Body(app.H1().Text("page " + p.title)) }

func init() {
	app.Route("/", func() app.Composer { return &testPage{} })
	app.Route("/about", func() app.Composer { return &testPage{} })
	app.RouteWithRegexp(`^/items/[a-z]+$`, func() app.Composer { return &testPage{} })
}

func testHandler() *app.Handler {
	return &app.Handler{
		Name:               "test",
		Icon:               app.Icon{Default: "/web/icon-192.png", Large: "/web/icon-512.png", Maskable: "/web/icon-maskable-512.png", SVG: "/web/icon.svg"},
		Styles:             []string{"/web/site.css"},
		CacheableResources: []string{"/data.json"},
	}
}

func testConfig(t *testing.T, out string) Config {
	web := writeSite(t, map[string]string{"site.css": "body{}", "icon.svg": "<svg></svg>", "app.wasm": "stale"})
	return Config{
		Out:     out,
		Web:     web,
		Wasm:    WasmStubMagic,
		Handler: testHandler(),
		Pages:   []string{"/", "/about", "/items/one", "/items/two"},
		Files:   map[string][]byte{"data.json": []byte("[]\n"), "_redirects": []byte("/x /about 301\n")},
		Origin:  "https://example.test",
	}
}

func TestBuild(t *testing.T) {
	out := t.TempDir()
	res, err := Build(testConfig(t, out))
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages != 4 || res.WasmSize != int64(len(WasmStubMagic)) || len(res.Version) != 16 {
		t.Errorf("Build = %+v", res)
	}
	for _, name := range []string{"index.html", "about.html", "items/one.html", "items/two.html",
		"app.js", "app-worker.js", "wasm_exec.js", "manifest.webmanifest", "app.css",
		"web/site.css", "web/icon.svg", "web/icon-192.png", "web/icon-512.png", "web/icon-maskable-512.png",
		"data.json", "_redirects"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("missing %s", name)
		}
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if got := read("web/app.wasm"); got != string(WasmStubMagic) {
		t.Errorf("web/app.wasm was overwritten by the web dir's copy")
	}
	if !strings.Contains(read("items/one.html"), "page /items/one") {
		t.Errorf("items/one.html is not the pre-rendered page")
	}
	worker := read("app-worker.js")
	urls := workerResources([]byte(worker))
	for _, want := range []string{"/", "/about", "/items/one", "/data.json", "/web/app.wasm", "/web/icon-512.png"} {
		if !contains(urls, want) {
			t.Errorf("app-worker.js does not pre-cache %s: %v", want, urls)
		}
	}
	if !strings.Contains(read("app.js"), `"GOAPP_VERSION":"`+res.Version+`"`) {
		t.Errorf("app.js does not carry version %s", res.Version)
	}
	if !strings.Contains(read("app.js"), `goappWasmContentLength = "8"`) {
		t.Errorf("app.js does not carry the wasm size")
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// The same inputs give the same bytes: the version is a content hash, not
// a time.
func TestBuildDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	ra, err := Build(testConfig(t, a))
	if err != nil {
		t.Fatal(err)
	}
	rb, err := Build(testConfig(t, b))
	if err != nil {
		t.Fatal(err)
	}
	if ra.Version != rb.Version {
		t.Fatalf("versions differ: %s, %s", ra.Version, rb.Version)
	}
	filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		x, _ := os.ReadFile(p)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two builds", rel)
		}
		return nil
	})
	cfg := testConfig(t, t.TempDir())
	cfg.Files["data.json"] = []byte("[1]\n")
	rc, err := Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if rc.Version == ra.Version {
		t.Errorf("changing an input kept version %s", rc.Version)
	}
}

func TestBuildErrors(t *testing.T) {
	t.Run("no wasm", func(t *testing.T) {
		cfg := testConfig(t, t.TempDir())
		cfg.Wasm = nil
		if _, err := Build(cfg); err == nil || !strings.Contains(err.Error(), "app.wasm") {
			t.Errorf("Build without wasm = %v, want an error naming app.wasm", err)
		}
	})
	t.Run("unrouted page", func(t *testing.T) {
		cfg := testConfig(t, t.TempDir())
		cfg.Pages = append(cfg.Pages, "/not-routed")
		_, err := Build(cfg)
		var ce *CheckError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), "404 page not found") {
			t.Errorf("Build with an unrouted page = %v, want a CheckError about go-app's 404 body", err)
		}
	})
	t.Run("remote icon", func(t *testing.T) {
		cfg := testConfig(t, t.TempDir())
		cfg.Handler.Icon = app.Icon{} // go-app's defaults are remote
		_, err := Build(cfg)
		var ce *CheckError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), "remote") {
			t.Errorf("Build with default icons = %v, want a CheckError about remote resources", err)
		}
	})
	t.Run("missing cacheable", func(t *testing.T) {
		cfg := testConfig(t, t.TempDir())
		cfg.Cache = []string{"/nowhere.json"}
		if _, err := Build(cfg); err == nil || !strings.Contains(err.Error(), "/nowhere.json") {
			t.Errorf("Build caching a missing file = %v", err)
		}
	})
	t.Run("not-found marker", func(t *testing.T) {
		cfg := testConfig(t, t.TempDir())
		cfg.NotFoundMarker = "page /items/two"
		if _, err := Build(cfg); err == nil || !strings.Contains(err.Error(), "/items/two") {
			t.Errorf("Build = %v, want the marker found on /items/two", err)
		}
	})
}

func TestCheckRemote(t *testing.T) {
	tests := []struct {
		html string
		bad  bool
	}{
		{`<link rel="stylesheet" href="/web/site.css">`, false},
		{`<a href="https://example.com/docs">docs</a>`, false}, // a link is not a load
		{`<meta property="og:url" content="https://cdn.example/x">`, false},
		{`<link rel="icon" href="https://raw.githubusercontent.com/x/icon.png">`, true},
		{`<script defer src="//cdn.example/x.js"></script>`, true},
		{`<img class="x" src="http://tracker.example/p.gif">`, true},
		{`<link rel="icon" href="https://example.test/icon.png">`, false}, // own origin
	}
	for _, tt := range tests {
		dir := writeSite(t, map[string]string{"index.html": tt.html})
		err := Check(dir, CheckOptions{Origin: "https://example.test"})
		if (err != nil) != tt.bad {
			t.Errorf("Check(%s) = %v, want error %v", tt.html, err, tt.bad)
		}
	}
	files := []struct {
		name, body string
		bad        bool
	}{
		{"web/site.css", `a { background: url(https://cdn.example/x.png) }`, true},
		{"web/site.css", `a { background: url(/web/x.png) }`, false},
		{"web/embed.js", `// usage: <script src="https://elsewhere.example/web/embed.js"></script>`, false},
	}
	for _, f := range files {
		err := Check(writeSite(t, map[string]string{f.name: f.body}), CheckOptions{})
		if (err != nil) != f.bad {
			t.Errorf("Check(%s: %s) = %v, want error %v", f.name, f.body, err, f.bad)
		}
	}
}

func TestCanonicalHTML(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<a href="/x" class="c">t</a>`, `<a class="c" href="/x">t</a>`},
		{`<input type="search" autofocus id="search">`, `<input autofocus id="search" type="search">`},
		{`<!DOCTYPE html><html lang="en">`, `<!DOCTYPE html><html lang="en">`},
		{`<p>1 &lt; 2</p>`, `<p>1 &lt; 2</p>`},
		{`<img src="/a.png" alt="" />`, `<img alt="" src="/a.png"/>`},
		{`<a title="say \"hi\"" href="/">`, `<a title="say \"hi\"" href="/">`}, // escaped quote: left alone
		{`<a href="/x" class="c`, `<a href="/x" class="c`},                     // unterminated: left alone
		{`a < b and <br>`, `a < b and <br>`},
	}
	for _, tt := range tests {
		if got := string(canonicalHTML([]byte(tt.in))); got != tt.want {
			t.Errorf("canonicalHTML(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
