//go:build !wasm

package site

import (
	"bufio"
	"flag"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/errscope/errscope/catalog"
)

var update = flag.Bool("update", false, "update golden files (the generated part of netlify.toml)")

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"/*", "/", true},
		{"/*", "/errors/babysea/BSE1005", true},
		{"/", "/", true},
		{"/", "/decode", false},
		{"/decode", "/decode", true},
		{"/decode", "/decode/", true},
		{"/decode", "/decoder", false},
		{"/decode", "/decode/x", false},
		{"/docs/*", "/docs", true},
		{"/docs/*", "/docs/", true},
		{"/docs/*", "/docs/retries", true},
		{"/docs/*", "/docsx", false},
		{"/embed/*", "/embed/errors/babysea/BSE1005", true},
		{"/embed/*", "/errors/babysea/BSE1005", false},
		{"/errors/:code", "/errors/BSE1005", true},
		{"/errors/:code", "/errors/babysea/BSE1005", false},
		{"/web/app.wasm", "/web/app.wasm", true},
		{"/web/app.wasm", "/web/app.wasmx", false},
		{"/web/*.wasm", "/web/app.wasm", true},
		{"/a.b", "/aXb", false}, // dots are literal
	}
	for _, tt := range tests {
		t.Run(tt.pattern+" "+tt.path, func(t *testing.T) {
			if got := Match(tt.pattern, tt.path); got != tt.want {
				t.Errorf("Match(%q, %q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
			}
		})
	}
}

// samplePaths are request paths the site answers: every page, the
// generated files and some unknown paths.
func samplePaths() []string {
	paths := []string{"/", "/decode", "/decode/", "/simulate", "/docs", "/docs/retries", "/404", "/404.html",
		"/index.html", "/app.js", "/app-worker.js", "/wasm_exec.js", "/app.css", "/manifest.webmanifest",
		"/web/app.wasm", "/web/site.css", "/web/icon-192.png", "/catalog.json", "/llms.txt", "/robots.txt",
		"/sitemap.xml", "/no/such/page", "/errors", "/errors/BSE1005", "/embed"}
	return append(paths, Pages(catalog.All())...)
}

// documentPaths are the paths that answer with an HTML page of the site.
func documentPaths() []string {
	paths := []string{"/", "/decode", "/simulate", "/docs", "/docs/retries", "/404"}
	return append(paths, Pages(catalog.All())...)
}

// No header is set by two rules that match the same path: hosts disagree
// on whether such values are merged or replaced.
func TestRulesDoNotOverlap(t *testing.T) {
	for _, p := range samplePaths() {
		by := map[string]string{}
		for _, r := range Rules {
			if !Match(r.For, p) {
				continue
			}
			for _, v := range r.Values {
				if prev, ok := by[v.Name]; ok {
					t.Errorf("%s: %s set by both %q and %q", p, v.Name, prev, r.For)
				}
				by[v.Name] = r.For
			}
		}
	}
}

func TestEveryPageHasOneCSP(t *testing.T) {
	for _, p := range documentPaths() {
		h := HeadersFor(Rules, p)
		csp := h.Values("Content-Security-Policy")
		if len(csp) != 1 {
			t.Errorf("%s: %d Content-Security-Policy headers, want 1", p, len(csp))
			continue
		}
		want := "frame-ancestors 'none'"
		if strings.HasPrefix(p, "/embed/") {
			want = "frame-ancestors *"
		}
		if !strings.HasSuffix(csp[0], want) {
			t.Errorf("%s: CSP %q does not end in %q", p, csp[0], want)
		}
		if !strings.Contains(csp[0], "'wasm-unsafe-eval'") {
			t.Errorf("%s: CSP lacks 'wasm-unsafe-eval'; app.wasm would not start", p)
		}
		if strings.Contains(csp[0], "unsafe-inline") {
			t.Errorf("%s: CSP allows unsafe-inline", p)
		}
	}
	for _, p := range samplePaths() {
		h := HeadersFor(Rules, p)
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Cache-Control") != "no-cache" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: common headers missing: %v", p, h)
		}
	}
}

// parseNetlifyHeaders reads the [[headers]] blocks of a netlify.toml with a
// line parser that knows just enough TOML for them: `for = "…"` and the
// key = "basic string" lines of [headers.values].
func parseNetlifyHeaders(t *testing.T, text string) []Rule {
	t.Helper()
	var rules []Rule
	in := "" // current table
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") {
			in = line
			if line == "[[headers]]" {
				rules = append(rules, Rule{})
			}
			continue
		}
		if in != "[[headers]]" && in != "[headers.values]" {
			continue
		}
		key, val, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("netlify.toml:%d: want key = value", n)
		}
		key = strings.TrimSpace(key)
		s, err := strconv.Unquote(strings.TrimSpace(val))
		if err != nil {
			t.Fatalf("netlify.toml:%d: value is not a basic string: %v", n, err)
		}
		r := &rules[len(rules)-1]
		if in == "[[headers]]" && key == "for" {
			r.For = s
		} else if in == "[headers.values]" {
			r.Values = append(r.Values, Header{key, s})
		} else {
			t.Fatalf("netlify.toml:%d: unexpected key %q", n, key)
		}
	}
	return rules
}

const (
	genStart = "# --- headers: generated from site.Rules ---\n"
	genEnd   = "# --- end of generated headers ---\n"
)

// netlify.toml declares exactly site.Rules, so Netlify and `serve` agree.
func TestNetlifyTOML(t *testing.T) {
	b, err := os.ReadFile("../../netlify.toml")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	if *update {
		i, j := strings.Index(text, genStart), strings.Index(text, genEnd)
		if i < 0 || j < i {
			t.Fatal("netlify.toml: generated-headers markers not found")
		}
		text = text[:i+len(genStart)] + NetlifyTOML(Rules) + text[j:]
		if err := os.WriteFile("../../netlify.toml", []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := parseNetlifyHeaders(t, text)
	if len(got) != len(Rules) {
		t.Fatalf("netlify.toml has %d [[headers]] blocks, site.Rules %d; run go test ./internal/site -run TestNetlifyTOML -update", len(got), len(Rules))
	}
	for i := range Rules {
		if got[i].For != Rules[i].For || len(got[i].Values) != len(Rules[i].Values) {
			t.Fatalf("block %d: netlify.toml has %q with %d headers, site.Rules %q with %d; run -update",
				i, got[i].For, len(got[i].Values), Rules[i].For, len(Rules[i].Values))
		}
		for k, v := range Rules[i].Values {
			if got[i].Values[k] != v {
				t.Errorf("block %q: netlify.toml has %s = %q, site.Rules %s = %q", Rules[i].For, got[i].Values[k].Name, got[i].Values[k].Value, v.Name, v.Value)
			}
		}
	}
	for _, want := range []string{`command = "./build.sh"`, `publish = "public"`, `GO_VERSION = "1.26.8"`} {
		if !strings.Contains(text, want) {
			t.Errorf("netlify.toml lacks %s", want)
		}
	}
}
