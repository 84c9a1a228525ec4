//go:build !wasm

package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Config describes one static build.
type Config struct {
	// Out is the output directory. It must already hold web/app.wasm (the
	// wasm is built first, by build.sh) unless Wasm is set.
	Out string
	// Web is the source directory of the static resources, copied to
	// Out/web (a web/app.wasm in it is not copied). Empty means none.
	Web string
	// Wasm, when non-nil, is written to Out/web/app.wasm and
	// Out/web/finder.wasm instead of using the files already there. Tests
	// use a stub.
	Wasm []byte
	// Handler is the go-app handler, configured except for Version,
	// WasmContentLength and the pages in CacheableResources, which Build
	// sets. It must not have served a request yet.
	Handler *app.Handler
	// Pages are the paths to pre-render, e.g. "/decode" and every
	// "/errors/<api>/<code>". GenerateStaticWebsite only finds exact
	// app.Route paths by itself; regexp routes must be listed here.
	Pages []string
	// Cache lists more paths for the service worker to pre-cache (the
	// pages are added automatically), e.g. "/catalog.json".
	Cache []string
	// Files are written to Out as they are, keyed by slash-separated path
	// relative to Out ("catalog.json", "llms.txt", "_redirects").
	Files map[string][]byte
	// Origin is the site's public origin ("https://errscope.netlify.app");
	// URLs under it are not remote for the output checks.
	Origin string
	// NotFoundMarker is a string only the not-found page contains (e.g.
	// `id="not-found"`). With a catch-all route, a page that is not routed
	// renders the not-found page instead of go-app's "404 page not found";
	// the check fails for any page other than NotFoundPage that has it.
	NotFoundMarker string
	// NotFoundPage is the path of the not-found page ("/404").
	NotFoundPage string
	// Reference reports which pages are reference pages: complete as
	// pre-rendered HTML, loading web/finder.js instead of go-app (see
	// [Unplug]). Nil means none: every page starts go-app.
	Reference func(path string) bool
}

// A Result summarises a finished build.
type Result struct {
	Version  string // Handler.Version: a content hash of the inputs
	WasmSize int64  // bytes of Out/web/app.wasm
	Pages    int    // pre-rendered pages
}

// WasmStubMagic starts the stub wasm used by tests: the smallest valid
// WebAssembly module header.
var WasmStubMagic = []byte{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}

// Build writes the static site: it copies the web directory, draws the
// icons, pre-renders every page through go-app's GenerateStaticWebsite,
// writes cfg.Files, and then checks the output with [Check]. The version
// is a hash of the wasm, the web files, cfg.Files and the page list, so the
// same inputs give byte-identical output.
func Build(cfg Config) (Result, error) {
	var res Result
	if cfg.Handler == nil {
		return res, errors.New("site: no handler")
	}
	web := filepath.Join(cfg.Out, "web")
	if err := os.MkdirAll(web, 0o755); err != nil {
		return res, fmt.Errorf("site: %w", err)
	}
	wasmPath := filepath.Join(web, "app.wasm")
	if cfg.Wasm != nil {
		// The same bytes stand in for the finder binary (FinderWasm).
		for _, p := range []string{wasmPath, filepath.Join(web, "finder.wasm")} {
			if err := os.WriteFile(p, cfg.Wasm, 0o644); err != nil {
				return res, fmt.Errorf("site: %w", err)
			}
		}
	}
	st, err := os.Stat(wasmPath)
	if err != nil {
		return res, fmt.Errorf("site: %s is missing: build the wasm first (./build.sh)", filepath.ToSlash(wasmPath))
	}
	res.WasmSize = st.Size()

	if cfg.Web != "" {
		if err := copyDir(cfg.Web, web); err != nil {
			return res, fmt.Errorf("site: copying %s: %w", cfg.Web, err)
		}
	}
	icons := map[string][]byte{
		"icon-192.png":          Icon(192, false),
		"icon-512.png":          Icon(512, false),
		"icon-maskable-512.png": Icon(512, true),
	}
	for name, b := range icons {
		if err := os.WriteFile(filepath.Join(web, name), b, 0o644); err != nil {
			return res, fmt.Errorf("site: %w", err)
		}
	}

	pages := uniqueSorted(cfg.Pages)
	res.Pages = len(pages)
	res.Version, err = version(web, cfg.Files, pages)
	if err != nil {
		return res, fmt.Errorf("site: %w", err)
	}
	h := cfg.Handler
	h.Version = res.Version
	h.WasmContentLength = strconv.FormatInt(res.WasmSize, 10)
	h.CacheableResources = uniqueSorted(append(append(append([]string(nil), h.CacheableResources...), pages...), cfg.Cache...))

	if err := app.GenerateStaticWebsite(cfg.Out, h, pages...); err != nil {
		return res, fmt.Errorf("site: pre-rendering: %w", err)
	}
	if err := canonicalizePages(cfg.Out); err != nil {
		return res, fmt.Errorf("site: %w", err)
	}
	if err := unplugPages(cfg.Out, pages, cfg.Reference); err != nil {
		return res, fmt.Errorf("site: %w", err)
	}
	if err := startOnIntent(cfg.Out); err != nil {
		return res, fmt.Errorf("site: %w", err)
	}
	for name, b := range cfg.Files {
		full := filepath.Join(cfg.Out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return res, fmt.Errorf("site: %w", err)
		}
		if err := os.WriteFile(full, b, 0o644); err != nil {
			return res, fmt.Errorf("site: %w", err)
		}
	}
	if err := Check(cfg.Out, CheckOptions{
		Origin: cfg.Origin, Pages: pages, Cacheable: h.CacheableResources,
		NotFoundMarker: cfg.NotFoundMarker, NotFoundPage: cfg.NotFoundPage,
	}); err != nil {
		return res, err
	}
	return res, nil
}

// version hashes everything that can change the output.
func version(web string, files map[string][]byte, pages []string) (string, error) {
	h := sha256.New()
	var names []string
	err := filepath.WalkDir(web, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		names = append(names, p)
		return nil
	})
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			return "", err
		}
		rel, _ := filepath.Rel(web, n)
		fmt.Fprintf(h, "web/%s %d\n", filepath.ToSlash(rel), len(b))
		h.Write(b)
	}
	var keys []string
	for k := range files {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(h, "%s %d\n", k, len(files[k]))
		h.Write(files[k])
	}
	fmt.Fprintf(h, "pages %s\n", strings.Join(pages, " "))
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if rel == "app.wasm" || rel == "finder.wasm" || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

func uniqueSorted(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range s {
		if v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return out
}

// A CheckError lists everything wrong with a built site.
type CheckError struct {
	Problems []string
}

func (e *CheckError) Error() string {
	if len(e.Problems) == 1 {
		return "site: " + e.Problems[0]
	}
	return fmt.Sprintf("site: %s (and %d more problems)", e.Problems[0], len(e.Problems)-1)
}

// remoteRef finds resources a page would load from another origin.
var remoteRef = regexp.MustCompile(`(?i)<(?:link|script|img|iframe|source|video|audio|embed|object)\b[^>]*?\s(?:src|href|data)="(https?:)?//[^"]*"|url\(\s*['"]?(?:https?:)?//`)

// CheckOptions says what [Check] expects of a built site.
type CheckOptions struct {
	Origin         string   // the site's own origin; its URLs are not remote
	Pages          []string // paths that must resolve to a file
	Cacheable      []string // the service worker's list; each must resolve
	NotFoundMarker string   // see [Config.NotFoundMarker]; "" skips the check
	NotFoundPage   string   // the page allowed to contain NotFoundMarker
}

// Check verifies a built site directory:
//   - no file contains go-app's silent "404 page not found" body
//     (GenerateStaticWebsite writes it for unrouted pages and reports no
//     error);
//   - every page and every service-worker resource resolves to a file the
//     way [Server] resolves it (a missing one would make the worker's
//     cache.addAll fail and leave the site without offline support);
//   - no HTML, CSS, manifest or worker loads anything from outside origin;
//   - no page but the not-found page shows the not-found marker.
//
// The error, a *[CheckError], lists every problem found.
func Check(out string, o CheckOptions) error {
	origin := o.Origin
	var problems []string
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		ext := path.Ext(rel)
		switch ext {
		case ".html", ".css", ".js", ".webmanifest", ".json", ".xml", ".txt":
		default:
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte("404 page not found")) {
			problems = append(problems, rel+": go-app wrote \"404 page not found\" (is the path routed?)")
		}
		if ext == ".html" || ext == ".css" {
			// Tags count in HTML, url() in CSS; a script's comments and
			// strings may show markup without loading anything.
			for _, m := range remoteRef.FindAll(b, -1) {
				if origin != "" && bytes.Contains(m, []byte(`"`+origin)) {
					continue
				}
				problems = append(problems, fmt.Sprintf("%s: remote resource %s", rel, m))
			}
		}
		switch rel {
		case "manifest.webmanifest":
			var m struct {
				Icons []struct{ Src string } `json:"icons"`
			}
			if err := json.Unmarshal(b, &m); err != nil {
				problems = append(problems, "manifest.webmanifest: "+err.Error())
			}
			for _, ic := range m.Icons {
				if !strings.HasPrefix(ic.Src, "/") || strings.HasPrefix(ic.Src, "//") {
					problems = append(problems, "manifest.webmanifest: remote icon "+ic.Src)
				}
			}
		case "app-worker.js":
			for _, u := range workerResources(b) {
				if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
					problems = append(problems, "app-worker.js: remote resource "+u)
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("site: checking %s: %w", out, err)
	}
	srv, err := NewServer(out, nil, nil)
	if err != nil {
		return err
	}
	for _, p := range uniqueSorted(append(append([]string(nil), o.Pages...), o.Cacheable...)) {
		if name, _ := srv.resolve(p); name == "" {
			problems = append(problems, p+": no file in the output")
		}
	}
	if o.NotFoundMarker != "" {
		for _, p := range o.Pages {
			name, _ := srv.resolve(p)
			if p == o.NotFoundPage || name == "" {
				continue
			}
			b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
			if err == nil && bytes.Contains(b, []byte(o.NotFoundMarker)) {
				problems = append(problems, p+": renders the not-found page (is the path routed?)")
			}
		}
	}
	if len(problems) > 0 {
		return &CheckError{Problems: problems}
	}
	return nil
}

// workerResourcesRE finds the pre-cache list in app-worker.js.
var workerResourcesRE = regexp.MustCompile(`(?m)^const resourcesToCache = (\[.*\]);`)

// workerResources returns the URLs an app-worker.js pre-caches.
func workerResources(js []byte) []string {
	m := workerResourcesRE.FindSubmatch(js)
	if m == nil {
		return nil
	}
	var urls []string
	json.Unmarshal(m[1], &urls)
	return urls
}

// canonicalHTML sorts the attributes of every start tag in an HTML
// document. go-app writes attributes in map order, so without this two
// builds of the same inputs differ byte for byte (and every deploy would
// change every page's ETag). Tags it cannot tokenise with certainty (a
// backslash among the attributes, an unterminated value) are left as they
// are.
func canonicalHTML(b []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(b))
	for {
		i := bytes.IndexByte(b, '<')
		if i < 0 {
			out.Write(b)
			return out.Bytes()
		}
		out.Write(b[:i])
		b = b[i:]
		n, tag := sortedTag(b)
		out.Write(tag)
		b = b[n:]
	}
}

// sortedTag reads the tag at the start of b ("<…>") and returns its length
// and its canonical form; anything it does not understand is returned as
// the single byte "<".
func sortedTag(b []byte) (int, []byte) {
	name := 1
	for name < len(b) && (b[name] >= 'a' && b[name] <= 'z' || b[name] >= 'A' && b[name] <= 'Z' || b[name] >= '0' && b[name] <= '9' || b[name] == '-') {
		name++
	}
	if name == 1 {
		return 1, b[:1]
	}
	var attrs [][]byte
	i := name
	for {
		for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t') {
			i++
		}
		if i >= len(b) {
			return 1, b[:1]
		}
		if b[i] == '>' || (b[i] == '/' && i+1 < len(b) && b[i+1] == '>') {
			break
		}
		start := i
		for i < len(b) && b[i] != '=' && b[i] != ' ' && b[i] != '>' && b[i] != '"' && b[i] != '\\' && b[i] != '\n' {
			i++
		}
		if i == start || i >= len(b) || b[i] == '"' || b[i] == '\\' {
			return 1, b[:1]
		}
		if b[i] == '=' {
			if i+1 >= len(b) || b[i+1] != '"' {
				return 1, b[:1]
			}
			end := bytes.IndexByte(b[i+2:], '"')
			if end < 0 || bytes.IndexByte(b[i+2:i+2+end], '\\') >= 0 {
				return 1, b[:1]
			}
			i += 2 + end + 1
		}
		attrs = append(attrs, b[start:i])
	}
	if len(attrs) < 2 {
		return i, b[:i]
	}
	sort.SliceStable(attrs, func(x, y int) bool { return bytes.Compare(attrs[x], attrs[y]) < 0 })
	var t bytes.Buffer
	t.Write(b[:name])
	for _, a := range attrs {
		t.WriteByte(' ')
		t.Write(a)
	}
	return i, t.Bytes()
}

// canonicalizePages rewrites every .html file under dir with
// [canonicalHTML].
func canonicalizePages(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(p, canonicalHTML(b), 0o644)
	})
}
