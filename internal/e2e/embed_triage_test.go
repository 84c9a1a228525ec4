package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// Embedding (/embed/*, web/embed.js) and triage (/triage).

// hostPage is a docs page of another site that embeds errscope widgets with
// the site's embed.js, and records the height messages it receives.
const hostPage = `<!doctype html>
<html><head><meta charset="utf-8"><title>Host docs</title></head>
<body>
<h1>Some other docs</h1>
<div id="card" data-errscope="BSE1005"></div>
<div id="decode" data-errscope-widget="decode" data-errscope-api="babysea" data-theme="dark"></div>
<script>
window.heights = [];
window.addEventListener("message", e => { if (e.data && e.data.type === "errscope:height") window.heights.push({origin: e.origin, height: e.data.height, path: e.data.path}); });
</script>
<script src="%s/web/embed.js" defer></script>
</body></html>`

// frameTab attaches to the out-of-process iframe whose URL contains part
// (the host and the site are different sites, so Chromium gives the frame
// a target of its own) and returns a tab that evaluates inside it.
func (b *tab) frameTab(part string) *tab {
	b.t.Helper()
	var id target.ID
	err := b.poll(readyTimeout, func() (bool, error) {
		infos, err := chromedp.Targets(b.ctx)
		if err != nil {
			return false, err
		}
		for _, in := range infos {
			if in.Type == "iframe" && strings.Contains(in.URL, part) {
				id = in.TargetID
				return true, nil
			}
		}
		return false, nil
	})
	if err != nil {
		b.t.Fatalf("no iframe target for %s: %v", part, err)
	}
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithTargetID(id))
	b.t.Cleanup(cancel)
	if err := chromedp.Run(ctx); err != nil {
		b.t.Fatalf("attaching to the iframe %s: %v", part, err)
	}
	return &tab{t: b.t, ctx: ctx, srv: b.srv, base: b.base}
}

func TestEmbedScriptOnAnotherSite(t *testing.T) {
	t.Parallel()
	site := newServerFor(t, false)
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, hostPage, site.URL)
	}))
	t.Cleanup(host.Close)
	// The site is on 127.0.0.1, the host on localhost: another site.
	hostURL := strings.Replace(host.URL, "127.0.0.1", "localhost", 1)

	b := newTab(t, tabOptions{srv: site})
	b.run("loading the host page", chromedp.Navigate(hostURL+"/"))
	b.waitFor("#card iframe")
	b.waitFor("#decode iframe")
	srcs := b.attrs("iframe", "src")
	if len(srcs) != 2 || srcs[0] != site.URL+"/embed/code#BSE1005" || srcs[1] != site.URL+"/embed/decode?theme=dark&api=babysea" {
		t.Errorf("iframe sources %q", srcs)
	}

	// Both frames report their height; embed.js sizes each iframe to it.
	b.waitJS("a height message from each frame", `new Set(window.heights.map(h => h.path)).size >= 2`)
	var msgs []struct {
		Origin string
		Height int
		Path   string
	}
	b.eval(`window.heights`, &msgs)
	for _, m := range msgs {
		if m.Origin != site.URL || m.Height <= 0 {
			t.Errorf("height message %+v", m)
		}
	}

	card := b.frameTab("/embed/code")
	card.waitReady()
	card.waitText("#code-name", "BSE1005")
	if got := card.text("#embed-card"); !strings.Contains(got, "retryable") || !strings.Contains(got, "Rate limit") {
		t.Errorf("the card says %q", shorten(got))
	}
	var inner int
	card.eval(`Math.ceil(document.body.getBoundingClientRect().height)`, &inner)
	js := fmt.Sprintf(`(() => { const f = document.querySelector("#card iframe"); return Math.abs(Number(f.getAttribute("height")) - %d) <= 1 && Math.abs(f.getBoundingClientRect().height - %d) <= 1 })()`, inner, inner)
	if err := b.tryWaitJS(waitTimeout, js); err != nil {
		t.Errorf("the card's iframe is %q px high, its content %d px", b.attrs("#card iframe", "height"), inner)
	}
	var scrolls bool
	card.eval(`document.documentElement.scrollHeight > window.innerHeight + 1`, &scrolls)
	if scrolls {
		t.Error("the card's content is taller than its iframe")
	}
	var blank []string
	card.eval(`Array.from(document.querySelectorAll("a[href^='/errors/'], a[href^='/decode']"), a => a.target)`, &blank)
	for _, tg := range blank {
		if tg != "_blank" {
			t.Errorf("a link to the full site opens in the frame (target %q)", tg)
		}
	}

	dec := b.frameTab("/embed/decode")
	dec.waitReady()
	var dark bool
	dec.eval(`document.documentElement.classList.contains("theme-dark")`, &dark)
	if !dark {
		t.Error("data-theme=dark did not reach the decode widget")
	}
	var api string
	dec.eval(`document.querySelector("#embed-decode-api").value`, &api)
	if api != "babysea" {
		t.Errorf("the decode widget preselects %q, want babysea", api)
	}
	var before int
	b.eval(`Number(document.querySelector("#decode iframe").getAttribute("height"))`, &before)
	dec.input("#embed-decode-input", `{"status":"error","request_id":"req_e2e_embed","error":{"code":"BSE1005","type":"rate_limit_exceeded","message":"Rate limit exceeded","retryable":true}}`)
	dec.waitText("#embed-decode-output", "BSE1005")
	b.waitJS("the decode iframe to grow with its result", fmt.Sprintf(`Number(document.querySelector("#decode iframe").getAttribute("height")) > %d`, before))
}

// triageSecret is the bearer token in testdata/triage_retry.har.
const triageSecret = "E2EsEcReTtOkEn0123456789abcdef"

func TestTriage(t *testing.T) {
	t.Parallel()
	har := readTestdata(t, "triage_retry.har")
	if !strings.Contains(har, triageSecret) {
		t.Fatal("the HAR no longer holds the secret this test looks for")
	}
	b := newTab(t)
	b.open("/triage")
	// Record what the page copies instead of touching the real clipboard.
	b.eval(`(() => { Object.defineProperty(navigator, "clipboard", {configurable: true, value: {writeText: t => { window.copied = t; return Promise.resolve(); }}}); return true })()`, new(bool))

	b.input("#triage-input", har)
	groups := b.waitText("#triage-groups", "BSE1005")
	for _, want := range []string{"req_tri_0001", "req_tri_0002", "Retry-After 20 s"} {
		if !strings.Contains(groups, want) {
			t.Errorf("the groups lack %q:\n%s", want, shorten(groups))
		}
	}
	b.waitFor("#triage-groups .finding-ignored_retry_after")
	if got := b.text(".finding-ignored_retry_after"); !strings.Contains(got, "ignored") {
		t.Errorf("the timing finding says %q", got)
	}
	if href := b.attrs("#triage-groups a[href*='BSE1005']", "href"); len(href) == 0 || href[0] != "/errors/babysea/BSE1005" {
		t.Errorf("the group links %q", href)
	}

	// The secret is nowhere in the page (the textarea's value is the
	// visitor's own paste; its markup is redacted), nor in the share link.
	var html, text string
	b.eval(`document.documentElement.outerHTML`, &html)
	b.eval(`document.body.innerText`, &text)
	if strings.Contains(html, triageSecret) || strings.Contains(text, triageSecret) {
		t.Error("the secret is in the page")
	}
	b.waitJS("a share link", `location.hash.startsWith("#z=")`)
	var hash string
	b.eval(`location.hash`, &hash)
	shared, ok := shareText(hash)
	if !ok || strings.Contains(shared, triageSecret) || !strings.Contains(shared, "req_tri_0001") {
		t.Errorf("the share link carries %q (ok %v)", shorten(shared), ok)
	}

	b.click("#triage-copy")
	b.waitJS("the ticket summary in the clipboard", `typeof window.copied === "string"`)
	var md string
	b.eval(`window.copied`, &md)
	for _, want := range []string{"# Triage", "BSE1005", "](" + b.base + "/errors/babysea/BSE1005)", "ignored the server's wait"} {
		if !strings.Contains(md, want) {
			t.Errorf("the copied summary lacks %q:\n%s", want, shorten(md))
		}
	}
	if strings.Contains(md, triageSecret) {
		t.Error("the copied summary holds the secret")
	}
	b.waitText("#triage-copy", "Copied")

	// The share link restores the triage on a fresh load.
	b.open("/")
	if err := b.tryNavigate("/triage" + hash); err != nil {
		t.Fatal(err)
	}
	b.waitReady()
	b.waitText("#triage-groups", "req_tri_0002")
}

func TestEmbedOffline(t *testing.T) {
	t.Parallel()
	srv := newServerFor(t, false)
	b := newTab(t, tabOptions{srv: srv})
	const card = "/embed/errors/babysea/BSE1005"
	b.open(card)
	if err := b.tryWaitJS(swTimeout, `navigator.serviceWorker.ready.then(r => !!r.active)`); err != nil {
		t.Fatalf("no active service worker: %v", err)
	}
	if err := b.tryWaitJS(5*time.Second, `!!navigator.serviceWorker.controller`); err != nil {
		b.open(card)
		b.waitJS("the service worker to control the page", `!!navigator.serviceWorker.controller`)
	}
	cached := `(async () => { for (const p of ["` + card + `", "/embed/decode", "/embed/simulate", "/embed/code", "/triage"]) { if (!(await caches.match(p))) return false; } return true })()`
	if err := b.tryWaitJS(swTimeout, cached); err != nil {
		t.Fatalf("the embed pages were never pre-cached: %v", err)
	}

	srv.offline.Store(true)
	b.setOffline(true)
	b.allowUncaught(`(?i)failed to fetch|network`)
	for _, s := range []struct{ path, sel, want string }{
		{card + "?theme=dark", "#code-name", "BSE1005"},
		{"/embed/code#BSE1005", "#code-name", "BSE1005"},
		{"/embed/simulate?api=babou", "#embed-sim-table", "success"},
	} {
		t.Run(strconv.Quote(s.path), func(t *testing.T) {
			if err := b.tryNavigate(s.path); err != nil {
				t.Fatalf("offline, %s does not load: %v", s.path, err)
			}
			b.waitReady()
			b.waitText(s.sel, s.want)
		})
	}
}

// The /embed page shows each widget live, sized to its content, with
// snippets that point at the site's own origin.
func TestEmbedGallery(t *testing.T) {
	t.Parallel()
	b := newTab(t)
	b.open("/embed")
	b.waitFor("#embed-demo-card iframe")
	if got := b.attrs("#embed-demo-card iframe", "src"); len(got) != 1 || got[0] != "/embed/errors/babysea/BSE1005" {
		t.Errorf("the card demo frames %q", got)
	}
	// The frame starts 150 px high and then takes its content's height
	// (same origin here, so the test can measure the content).
	b.waitJS("the card demo to be sized to its content", `(() => {
		const f = document.querySelector("#embed-demo-card iframe"), d = f.contentDocument;
		if (!d || !d.querySelector("#embed-card #code-name")) return false;
		const h = Math.ceil(d.body.getBoundingClientRect().height);
		return h > 150 && Math.abs(Number(f.getAttribute("height")) - h) <= 1;
	})()`)
	if got := b.text("#embed-snippet-script"); got != `<script src="`+b.base+`/web/embed.js" defer></script>` {
		t.Errorf("the script snippet is %q", got)
	}
	b.eval(`(() => { Object.defineProperty(navigator, "clipboard", {configurable: true, value: {writeText: t => { window.copied = t; return Promise.resolve(); }}}); return true })()`, new(bool))
	b.click("#embed-demo-card-div-copy")
	b.waitJS("the snippet in the clipboard", `window.copied === '<div data-errscope="babysea/BSE1005"></div>'`)
}
