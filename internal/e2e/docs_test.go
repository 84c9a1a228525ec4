package e2e

import (
	"strings"
	"testing"

	"github.com/errscope/errscope/docs"
)

// The guides (/docs, /docs/<slug>): rendered at build time, so their text
// and highlighted code are the page: no binary runs on them.

func TestDocs(t *testing.T) {
	t.Parallel()
	pages := docs.Pages()
	if len(pages) == 0 {
		t.Fatal("the docs package has no guides")
	}
	retries, ok := docs.Lookup("retries")
	if !ok {
		t.Fatal("the docs package lost the retries guide")
	}

	t.Run("index lists every guide", func(t *testing.T) {
		b := newTab(t)
		b.open("/docs")
		links := b.attrs(`#main a[href^="/docs/"]`, "href")
		for _, p := range pages {
			if !strings.Contains(strings.Join(links, " ")+" ", "/docs/"+p.Slug+" ") {
				t.Errorf("/docs does not link the guide %s (%q)", p.Slug, p.Title)
			}
		}
	})

	check := func(t *testing.T, b *tab, when string) {
		t.Helper()
		if h := b.text("#main h1"); strings.TrimSpace(h) != retries.Title {
			t.Errorf("%s: /docs/retries heading %q, want %q", when, h, retries.Title)
		}
		var spans int
		b.eval(`document.querySelectorAll("#main .chroma span").length`, &spans)
		if spans == 0 {
			t.Errorf("%s: /docs/retries has no highlighted code (.chroma spans)", when)
		}
		if body := b.text("#main"); len(body) < 500 || !strings.Contains(body, firstWords(retries.Summary, 6)) {
			t.Errorf("%s: /docs/retries shows %d characters, without the guide's opening %q", when, len(body), firstWords(retries.Summary, 6))
		}
		if !b.visible("#main .chroma") {
			t.Errorf("%s: the highlighted code is not visible", when)
		}
	}

	t.Run("retries guide without the tools' binary", func(t *testing.T) {
		srv := newServerFor(t, true) // app.wasm never arrives
		b := newTab(t, tabOptions{srv: srv})
		b.startRecording()
		b.open("/docs/retries") // ready: finder.js wired the page
		// The page's own requests; the service worker's pre-cache is
		// another target's and may fetch both binaries later.
		reqs := b.stopRecording()
		check(t, b, "without app.wasm")
		if b.has("#app-wasm-loader") {
			t.Errorf("a guide shows go-app's loader: it should not start go-app")
		}
		for _, r := range reqs {
			if strings.HasSuffix(r, ".wasm") || strings.HasSuffix(r, "/app.js") {
				t.Errorf("a guide loaded %s: it needs no binary", r)
			}
		}
	})
}

// firstWords returns the first n words of s.
func firstWords(s string, n int) string {
	f := strings.Fields(s)
	return strings.Join(f[:min(n, len(f))], " ")
}
