package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/route"
)

// Content first: a code page is readable without JavaScript, and with
// JavaScript before the wasm has started.

// coveredJS reports what covers the centre of the first element matching
// a selector: "" when the element itself (or something inside it) is on
// top there, else a description of the element on top.
const coveredJS = `((sel) => {
	const e = document.querySelector(sel);
	if (!e) return "no " + sel;
	e.scrollIntoView({block: "center"});
	const r = e.getBoundingClientRect();
	if (r.width === 0 || r.height === 0) return sel + " has an empty box";
	const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
	if (!top) return "nothing at the centre of " + sel;
	if (e.contains(top)) return "";
	return top.tagName.toLowerCase() + (top.id ? "#" + top.id : "") + (top.className ? "." + String(top.className).split(" ").join(".") : "");
})`

// covered returns what covers sel's centre ("" for nothing).
func (b *tab) covered(sel string) string {
	b.t.Helper()
	var s string
	b.eval(fmt.Sprintf("%s(%s)", coveredJS, jsString(sel)), &s)
	return s
}

// checkReadable asserts that a code page's heading, meaning and solutions
// are in the page, visible and on top, and that its links are real links.
func checkReadable(t *testing.T, b *tab, e catalog.Entry, when string) {
	t.Helper()
	if h := b.text("h1"); !strings.Contains(h, string(e.Code)) {
		t.Errorf("%s: heading %q lacks %s", when, h, e.Code)
	}
	for _, sel := range []string{"h1", "#meaning", "#solutions li"} {
		if !b.visible(sel) {
			t.Errorf("%s: %s is not visible", when, sel)
		}
	}
	if c := b.covered("h1"); c != "" {
		t.Errorf("%s: the heading is covered by %s", when, c)
	}
	if c := b.covered("#meaning"); c != "" {
		t.Errorf("%s: the meaning is covered by %s", when, c)
	}
	if m := b.text("#meaning"); !strings.Contains(m, e.Meaning) {
		t.Errorf("%s: meaning %q, want the catalog's %q", when, shorten(m), e.Meaning)
	}
	if n := len(b.texts("#solutions li")); n != len(e.Solutions) {
		t.Errorf("%s: %d solutions, want %d", when, n, len(e.Solutions))
	}
	links := b.attrs("a[href]", "href")
	for _, want := range []string{"/", "/decode", "/docs"} {
		found := false
		for _, l := range links {
			found = found || l == want
		}
		if !found {
			t.Errorf("%s: no link to %s (links %v)", when, want, first(links, 10))
		}
	}
	if !strings.Contains(strings.Join(links, " "), "/errors/") {
		t.Errorf("%s: no link to another code page", when)
	}
}

func TestContentWithoutJavaScript(t *testing.T) {
	t.Parallel()
	e, _ := catalog.Lookup(catalog.BabySea, "BSE1005")
	b := newTab(t)
	b.disableScripts()
	b.navigate(route.Code(e))
	var state string
	b.eval(`document.documentElement.getAttribute("data-finder")`, &state)
	if state != "loading" {
		t.Fatalf("finder.js ran (data-finder %q) although scripts are disabled: the test would prove nothing", state)
	}
	checkReadable(t, b, e, "without JavaScript")

	// The home page shows nothing that cannot work: no search box or
	// filters, but jump links through the list, grouped by API.
	b.navigate("/")
	if b.visible("#search-form") || b.visible("#search") {
		t.Errorf("without JavaScript the home page shows a search box that cannot search")
	}
	jumps := b.attrs(".api-jump a", "href")
	if len(jumps) != len(catalog.APIs()) {
		t.Errorf("jump links %v, want one per API", jumps)
	}
	for _, h := range jumps {
		if !b.has(h) { // "#group-babysea"
			t.Errorf("jump link %s leads nowhere", h)
		}
	}
	if n := len(b.attrs("#results a.result-link", "href")); n != len(catalog.All()) {
		t.Errorf("without JavaScript the home page lists %d codes, want all %d", n, len(catalog.All()))
	}
}

// A code page is complete without the tools' binary: readable, its copy
// buttons work, and the "/" shortcut opens the search.
func TestContentWithoutToolsBinary(t *testing.T) {
	t.Parallel()
	e, _ := catalog.Lookup(catalog.BabySea, "BSE1005")
	srv := newServerFor(t, true) // app.wasm is held back: go-app cannot start
	b := newTab(t, tabOptions{srv: srv})
	b.open(route.Code(e)) // ready: finder.js wired the page
	if b.has("#app-wasm-loader") {
		t.Errorf("a code page shows go-app's loader: it should not start go-app")
	}
	checkReadable(t, b, e, "without app.wasm")

	// Copy: the example response as the page shows it.
	b.eval(`(() => { Object.defineProperty(navigator, "clipboard", {configurable: true, value: {writeText: t => { window.copied = t; return Promise.resolve(); }}}); return true })()`, new(bool))
	b.click("#copy-example")
	b.waitJS("the example in the clipboard", `typeof window.copied === "string"`)
	var copied, shown string
	b.eval(`window.copied`, &copied)
	b.eval(`document.getElementById("example-response").textContent`, &shown)
	if copied != shown || !strings.Contains(copied, "BSE1005") {
		t.Errorf("copied %q, want the example as shown (%q)", copied, shown)
	}
	b.waitText("#copy-example", "Copied")

	// "/" from a code page: the reference, with the search box focused.
	b.eval(`document.activeElement.blur(), true`, new(bool))
	b.typeKeys("/")
	b.waitJS("the home page with the search focused", `location.pathname === "/" && document.activeElement && document.activeElement.id === "search"`)
}
