package markdown

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "update golden files")

// TestRender compares the rendering of every testdata/*.md with its
// .golden file: the title on the first line, then the HTML.
func TestRender(t *testing.T) {
	files, err := filepath.Glob("testdata/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			html, title, err := Render(src)
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			checkHTML(t, html)
			got := "title: " + title + "\n" + html + "\n"
			golden := strings.TrimSuffix(f, ".md") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("Render(%s) differs from %s (run go test -update and review the diff):\n%s", f, golden, got)
			}
		})
	}
}

var (
	styleAttr = regexp.MustCompile(`(?i)\sstyle=`)
	rawTag    = regexp.MustCompile(`(?i)<(script|img|div style)`)
)

// checkHTML asserts the properties every rendering must have.
func checkHTML(t *testing.T, html string) {
	t.Helper()
	if !strings.HasPrefix(html, `<div class="md">`) || !strings.HasSuffix(html, `</div>`) ||
		strings.Count(html, "<div") != 1 {
		t.Errorf("output is not one <div class=\"md\"> root:\n%s", html)
	}
	if styleAttr.MatchString(html) {
		t.Errorf("output has an inline style attribute (CSP forbids them):\n%s", html)
	}
	if rawTag.MatchString(html) || strings.Contains(html, "javascript:") {
		t.Errorf("raw HTML or a javascript: URL got through:\n%s", html)
	}
}

func TestRenderTitle(t *testing.T) {
	tests := []struct {
		src, title string
		ok         bool
	}{
		{"# Getting started\n\ntext", "Getting started", true},
		{"Intro\n\n## Sub\n\n# Real `title` *here*\n", "Real title here", true},
		{"Setext title\n===\n", "Setext title", true},
		{"## Only a subheading\n", "", false},
		{"", "", false},
		{"#\n\n# Second\n", "Second", true},
	}
	for _, tt := range tests {
		_, title, err := Render([]byte(tt.src))
		if title != tt.title || (err == nil) != tt.ok {
			t.Errorf("Render(%q) title = %q, err = %v; want %q, ok=%v", tt.src, title, err, tt.title, tt.ok)
		}
	}
}

func TestDocLink(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"retries.md", "/docs/retries", true},
		{"./retries.md", "/docs/retries", true},
		{"rate-limits.md#retry-after", "/docs/rate-limits#retry-after", true},
		{"index.md", "/docs", true},
		{"index.md#guides", "/docs#guides", true},
		{"/errors/babysea/BSE1005", "", false},
		{"https://example.com/x.md", "", false},
		{"sub/page.md", "", false},
		{"../page.md", "", false},
		{"x.md?y=1", "", false},
		{".md", "", false},
		{"#top", "", false},
		{"catalog.json", "", false},
	}
	for _, tt := range tests {
		got, ok := DocLink(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("DocLink(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestHighlight(t *testing.T) {
	for _, lang := range []string{"go", "typescript", "python", "bash", "sh", "json", "http"} {
		t.Run(lang, func(t *testing.T) {
			html, err := Highlight(lang, "x := \"<b>&\"\n")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(html, `<pre tabindex="0" class="chroma"><code>`) || !strings.HasSuffix(html, "</code></pre>") {
				t.Errorf("Highlight(%q) root is not <pre tabindex=\"0\" class=\"chroma\"><code>: %s", lang, html)
			}
			if styleAttr.MatchString(html) || strings.Contains(html, "<b>") {
				t.Errorf("Highlight(%q) has inline styles or unescaped text: %s", lang, html)
			}
		})
	}
	if _, err := Highlight("no-such-language", "x"); err == nil {
		t.Error("Highlight with an unknown language: no error")
	}
}

func TestCSS(t *testing.T) {
	css := CSS()
	light, dark, ok := strings.Cut(css, "@media (prefers-color-scheme: dark) {")
	if !ok {
		t.Fatalf("CSS has no dark-mode block:\n%s", css)
	}
	if strings.Count(css, "{") != strings.Count(css, "}") {
		t.Fatal("CSS braces are unbalanced")
	}
	sel := regexp.MustCompile(`(?m)^\s*(\.chroma \.[a-z0-9]+) \{`)
	darkSel := map[string]bool{}
	for _, m := range sel.FindAllStringSubmatch(dark, -1) {
		darkSel[m[1]] = true
	}
	lightSels := sel.FindAllStringSubmatch(light, -1)
	if len(lightSels) < 20 {
		t.Fatalf("light CSS has %d token rules, want many", len(lightSels))
	}
	for _, m := range lightSels {
		if !darkSel[m[1]] {
			t.Errorf("%s is styled in light mode but not overridden in dark mode", m[1])
		}
	}
	// Every class the highlighter uses for JSON keys and strings is styled.
	for _, c := range []string{".chroma .nt", ".chroma .s2", ".chroma .kc", ".chroma .err"} {
		if !strings.Contains(light, c+" {") || !darkSel[c] {
			t.Errorf("CSS does not style %s in both modes", c)
		}
	}
	if CSS() != css {
		t.Error("CSS is not deterministic")
	}
}

func TestSummary(t *testing.T) {
	tests := []struct {
		src  string
		max  int
		want string
	}{
		{"# T\n\nFirst *para*\nwith [a link](x.md) and `code`.\n\nSecond.", 100, "First para with a link and code."},
		{"# T\n\nOne sentence. Another one.", 100, "One sentence."},
		{"# T\n\nUse errors.As. e.g. this stays. Then Not.", 100, "Use errors.As. e.g. this stays."},
		{"# T\n\nWhy? Because.", 100, "Why?"},
		{"# T\n\n## Sub\n\n- list\n\nLater paragraph.", 100, "Later paragraph."},
		{"# T\n\none two three four", 12, "one two…"},
		{"# T\n\nabcdefghij", 4, "abcd…"},
		{"# T\n\néééé", 3, "é…"},
		{"# Only a title\n", 10, ""},
	}
	for _, tt := range tests {
		if got := Summary([]byte(tt.src), tt.max); got != tt.want {
			t.Errorf("Summary(%q, %d) = %q, want %q", tt.src, tt.max, got, tt.want)
		}
	}
}
