package e2e

import (
	"strings"
	"testing"

	"github.com/errscope/errscope/docs"
)

// The guides (/docs, /docs/<slug>): rendered at build time, so their text
// and highlighted code are in the HTML before any wasm runs.

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

	t.Run("retries guide before the wasm runs", func(t *testing.T) {
		srv := newServerFor(t, true) // app.wasm never arrives
		b := newTab(t, tabOptions{srv: srv})
		b.navigate("/docs/retries")
		b.waitFor("#main .chroma")
		check(t, b, "before the wasm")
		if !b.has("#app-wasm-loader") {
			t.Errorf("the loader is gone although the wasm was held back: is the server holding it?")
		}
	})

	t.Run("retries guide after the wasm took over", func(t *testing.T) {
		b := newTab(t)
		b.open("/docs/retries")
		check(t, b, "after the wasm")
	})
}

// firstWords returns the first n words of s.
func firstWords(s string, n int) string {
	f := strings.Fields(s)
	return strings.Join(f[:min(n, len(f))], " ")
}
