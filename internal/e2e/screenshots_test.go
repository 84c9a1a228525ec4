package e2e

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// screenshotDir receives the PNGs (ignored by git).
const screenshotDir = "screenshots"

// shot is one page to photograph: its path, a file name, and what to do
// once the wasm runs (fill a form, run something).
type shot struct {
	name, path string
	prepare    func(b *tab)
}

var shots = []shot{
	{"home", "/", nil},
	{"search-rate", "/?q=rate", nil},
	{"code-babysea-BSE1005", "/errors/babysea/BSE1005", nil},
	{"code-claro-rate_limit_exceeded", "/errors/claro/rate_limit_exceeded", nil},
	{"code-lookup-BSE1005", "/errors/BSE1005", nil},
	{"code-unknown-BSE9999", "/errors/babysea/BSE9999", func(b *tab) { b.tryWaitJS(waitTimeout, `!!document.querySelector("#near-codes")`) }},
	{"decode-empty", "/decode", nil},
	{"decode-429", "/decode", func(b *tab) {
		b.paste(readTestdata(b.t, "curl_i_429.txt"))
		b.waitText("#decode-output", "req_e2e_curl_i")
	}},
	{"simulate", "/simulate", func(b *tab) {
		if b.has("#sim-run") {
			b.click("#sim-run")
			b.tryWaitJS(waitTimeout, `document.querySelector("#timeline svg, svg#timeline")`)
		}
	}},
	{"triage", "/triage", func(b *tab) {
		if b.has("#triage-input") {
			b.input("#triage-input", readTestdata(b.t, "har_claro_429.har"))
			b.tryWaitJS(waitTimeout, `document.querySelector("#triage-groups li, #triage-none")`)
		}
	}},
	{"embed", "/embed", nil},
	{"docs", "/docs", nil},
	{"docs-retries", "/docs/retries", nil},
	{"not-found", "/no/such/page", nil},
}

// TestScreenshots saves full-page PNGs of every page at desktop (1280 px)
// and phone (390 px) widths into internal/e2e/screenshots/, for people to look at.
// It asserts only that each page rendered without horizontal overflow.
func TestScreenshots(t *testing.T) {
	t.Parallel()
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, device := range []struct {
		name  string
		phone bool
		width int
	}{{"desktop", false, desktopWidth}, {"phone", true, phoneWidth}} {
		t.Run(device.name, func(t *testing.T) {
			t.Parallel()
			// Each page gets a tab, and so a deadline, of its own: on a
			// loaded machine one slow page must not eat the time of the
			// pages after it (one 90 s deadline for all fifteen ran out).
			for _, s := range shots {
				t.Run(s.name, func(t *testing.T) {
					b := newTab(t, tabOptions{phone: device.phone})
					b.open(s.path)
					if s.prepare != nil {
						s.prepare(b)
					}
					// Fonts and images settle before the picture.
					b.eval(`document.fonts.ready.then(() => true)`, new(bool))
					var overflow int
					b.eval(`document.documentElement.scrollWidth - document.documentElement.clientWidth`, &overflow)
					if overflow > 0 {
						var culprits []string
						b.eval(`Array.from(document.querySelectorAll("body *")).filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.split(" ").join(".") : ""))`, &culprits)
						t.Errorf("%s at %d px: the page is %d px wider than the screen (%v)", s.path, device.width, overflow, culprits)
					}
					var buf []byte
					b.run("screenshot of "+s.path, chromedp.FullScreenshot(&buf, 100))
					if _, err := png.DecodeConfig(bytes.NewReader(buf)); err != nil {
						t.Fatalf("%s: the screenshot is not a PNG: %v", s.path, err)
					}
					file := filepath.Join(screenshotDir, device.name+"-"+s.name+".png")
					if err := os.WriteFile(file, buf, 0o644); err != nil {
						t.Fatal(err)
					}
				})
			}
		})
	}
}
