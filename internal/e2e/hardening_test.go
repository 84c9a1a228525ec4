package e2e

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/errscope/errscope/internal/site"
)

// Hardening: hostile input never runs, every page is served with the
// site's security headers, and using the tools sends nothing anywhere.

// xssCorpus is hostile text as it may reach the site: pasted, in a share
// link, in a query string or in a path. Every payload that runs sets
// window.__xss (or opens a dialog).
var xssCorpus = []struct{ name, text string }{
	{"script", `<script>window.__xss=1</script>`},
	{"img onerror", `<img src=x onerror="window.__xss=1">`},
	{"quote svg onload", `"><svg onload=window.__xss=1>`},
	{"javascript URL", `javascript:window.__xss=1`},
	{"iframe srcdoc", `'"><iframe srcdoc="<script>parent.__xss=1</script>">`},
	{"double-quote attribute break", `" autofocus onfocus="window.__xss=1" x="`},
	{"single-quote attribute break", `' onmouseover='window.__xss=1' x='`},
	{"textarea close", `</textarea><script>window.__xss=1</script>`},
	{"pre close", `</code></pre><img src=x onerror=window.__xss=1>`},
	{"comment close", `--><script>window.__xss=1</script><!--`},
	{"svg script", `<svg><script>window.__xss=1</script></svg>`},
	{"svg javascript link", `<svg><a xlink:href="javascript:window.__xss=1"><text y="20">x</text></a></svg>`},
	{"svg animate", `<svg><animate onbegin="window.__xss=1" attributeName="x" dur="1s"/></svg>`},
	{"mutation", `<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>`},
	{"dialogs", `<img src=x onerror=alert(1)><script>confirm(document.domain)</script>`},
}

// allPayloads is every payload of the corpus on one line.
func allPayloads() string {
	var parts []string
	for _, p := range xssCorpus {
		parts = append(parts, p.text)
	}
	return strings.Join(parts, " ")
}

// payload returns the corpus entry named name.
func payload(name string) string {
	for _, p := range xssCorpus {
		if p.name == name {
			return p.text
		}
	}
	panic("no payload " + name)
}

// mustJSON marshals v (test data that always marshals).
func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// hostileInputs are whole pastes built from the corpus: an error body of
// every API's shape with the payloads in each field the site shows, a
// curl transcript with hostile headers, a proxy's HTML error page with
// scripts, a HAR whose URLs are javascript: links, and a log line.
func hostileInputs() []struct{ name, text string } {
	all := allPayloads()
	babysea := mustJSON(map[string]any{
		"status":     "error",
		"request_id": payload("img onerror"),
		"error": map[string]any{
			"code":      "BSE1005" + payload("quote svg onload"),
			"type":      payload("script"),
			"message":   all,
			"retryable": true,
			"details":   map[string]any{"retry_after_seconds": 3, "hint": payload("svg script")},
			"provider_errors": []map[string]any{{
				"provider": payload("iframe srcdoc"), "code": payload("javascript URL"),
				"type": payload("svg javascript link"), "message": payload("textarea close"), "retryable": true,
			}},
		},
	})
	knownCode := mustJSON(map[string]any{
		"status": "error", "request_id": "req_xss_known",
		"error": map[string]any{"code": "BSE1005", "type": "rate_limit_exceeded", "message": all, "retryable": true},
	})
	babou := mustJSON(map[string]any{"error": all, "code": "RATE_LIMIT_EXCEEDED", "hint": payload("img onerror") + payload("svg animate")})
	babouCode := mustJSON(map[string]any{"error": "x", "code": payload("double-quote attribute break"), "hint": payload("mutation")})
	aion := mustJSON(map[string]any{"detail": map[string]any{"code": "VALIDATION_ERROR", "message": all, "field": payload("pre close")}})
	claro := mustJSON(map[string]any{"error": map[string]any{"code": "rate_limit_exceeded", "message": all, "details": map[string]any{"x": payload("dialogs")}, "retry_after": 5}})
	curl := "HTTP/1.1 429 " + payload("script") + "\r\n" +
		"Content-Type: application/json\r\n" +
		"Retry-After: " + payload("quote svg onload") + "\r\n" +
		"X-Request-Id: " + payload("img onerror") + "\r\n" +
		"Location: " + payload("javascript URL") + "\r\n\r\n" + babysea + "\n"
	html502 := "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\n\r\n" +
		`<html><head><title>502 <script>window.__xss=1</script></title>` +
		`<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">` +
		`<script>window.__xss=1</script><script src="data:text/javascript,window.__xss=1"></script></head>` +
		`<body onload="window.__xss=1"><h1>502 Bad Gateway</h1>` + all +
		`<a href="javascript:window.__xss=1">retry</a><object data="javascript:window.__xss=1"></object></body></html>`
	entry := func(u, status, body string) map[string]any {
		return map[string]any{
			"startedDateTime": "2026-01-01T00:00:00.000Z", "time": 50,
			"request": map[string]any{
				"method": "POST", "url": u, "httpVersion": "HTTP/2",
				"headers":     []map[string]string{{"name": "Referer", "value": payload("javascript URL")}, {"name": payload("script"), "value": payload("img onerror")}},
				"queryString": []any{}, "cookies": []any{}, "headersSize": -1, "bodySize": 0,
			},
			"response": map[string]any{
				"status": 429, "statusText": status, "httpVersion": "http/2.0",
				"headers": []map[string]string{
					{"name": "content-type", "value": "application/json"},
					{"name": "retry-after", "value": "2"},
					{"name": "x-request-id", "value": payload("quote svg onload")},
					{"name": "location", "value": payload("javascript URL")},
				},
				"cookies": []any{}, "content": map[string]any{"size": len(body), "mimeType": "application/json", "text": body},
				"redirectURL": payload("javascript URL"), "headersSize": -1, "bodySize": -1,
			},
			"cache": map[string]any{}, "timings": map[string]any{"send": 0, "wait": 49, "receive": 1},
		}
	}
	har := mustJSON(map[string]any{"log": map[string]any{
		"version": "1.2", "creator": map[string]any{"name": payload("svg script"), "version": "1"},
		"entries": []any{
			entry(payload("javascript URL"), payload("script"), babysea),
			entry("https://api.babysea.ai/v1/generate/"+payload("img onerror")+"?q="+payload("quote svg onload"), payload("iframe srcdoc"), knownCode),
			entry("javascript:alert(1)//https://api.claro.example/v1/chat", "Too Many Requests", claro),
		},
	}})
	logLine := `2026-01-01T00:00:00Z ERROR POST https://api.babysea.ai/v1/x?` + payload("script") +
		` status=429 request_id=` + payload("img onerror") + ` code=BSE1005 url=` + payload("javascript URL") +
		` msg="` + payload("quote svg onload") + `" ` + babysea
	return []struct{ name, text string }{
		{"BabySea body, payload in every field", babysea},
		{"BabySea body, known code", knownCode},
		{"Babou body", babou},
		{"Babou body, hostile code", babouCode},
		{"Aionvision body", aion},
		{"Claro body", claro},
		{"curl -i with hostile headers", curl},
		{"HTML 502 with scripts", html502},
		{"HAR with javascript: URLs", har},
		{"log line", logLine},
	}
}

// decoderInputs is the corpus, one payload per paste, then the whole
// pastes built from it.
func decoderInputs() []struct{ name, text string } {
	return append(slices.Clone(xssCorpus), hostileInputs()...)
}

// shareLink returns "#z=…" for text, the decoder's and triage's share
// link fragment (app/share.go: base64url without padding of raw DEFLATE
// at best compression).
func shareLink(text string) string {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression)
	io.WriteString(w, text)
	w.Close()
	return "#z=" + base64.RawURLEncoding.EncodeToString(b.Bytes())
}

// probeJS runs in every document of a guarded tab before the page's own
// scripts: it records the Content-Security-Policy violations, which are
// what an injected script or handler that the CSP stopped leaves behind.
const probeJS = `(() => {
	const v = [];
	Object.defineProperty(window, "__cspViolations", {value: v});
	document.addEventListener("securitypolicyviolation", e => v.push({directive: e.effectiveDirective, blocked: e.blockedURI || "", sample: e.sample || ""}), true);
})()`

// stateJS lets the page settle (a round trip to the server, so an
// injected image's error would have come back, then a frame), then reports
// whether a payload ran and any markup that looks injected: event-handler
// attributes, srcdoc, javascript: URLs, inline scripts, the corpus's
// <img src=x>.
const stateJS = `(async () => {
	await fetch("/__e2e_fence__", {cache: "no-store"}).catch(() => 0);
	await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
	const bad = [];
	const desc = e => e.localName + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "");
	for (const e of document.querySelectorAll("*")) {
		for (const a of e.attributes) {
			const n = a.name.toLowerCase();
			const v = a.value.replace(/[\u0000-\u0020]/g, "").toLowerCase();
			if (n.startsWith("on")) bad.push(desc(e) + " [" + n + "]");
			else if (n === "srcdoc") bad.push(desc(e) + " [srcdoc]");
			else if (/^(href|xlink:href|src|action|formaction|data|poster|content)$/.test(n) && /(^|;url=)(javascript|vbscript|data:text\/html)/.test(v)) bad.push(desc(e) + " [" + n + "=" + a.value + "]");
		}
		if (e.localName === "script" && !e.getAttribute("src") && !/json/.test(e.type)) bad.push("inline script: " + e.textContent.slice(0, 80));
		if (e.localName === "img" && e.getAttribute("src") === "x") bad.push("img[src=x] inside " + (e.parentElement ? desc(e.parentElement) : "?"));
	}
	return {
		xss: window.__xss !== undefined,
		bad,
		csp: (window.__cspViolations || []).map(v => v.directive + " " + v.blocked + " " + v.sample),
		href: location.href,
	};
})()`

// A guard watches a tab for hostile input that got through: a payload that
// ran, a dialog, injected markup, a script the CSP had to stop.
type guard struct {
	b *tab

	mu      sync.Mutex
	dialogs []string
}

// guardTab returns a tab whose every document is watched.
func guardTab(t *testing.T, o ...tabOptions) *guard {
	t.Helper()
	b := newTab(t, o...)
	g := &guard{b: b}
	b.run("installing the XSS probe", chromedp.ActionFunc(func(ctx context.Context) error {
		_, err := page.AddScriptToEvaluateOnNewDocument(probeJS).Do(ctx)
		return err
	}))
	chromedp.ListenTarget(b.ctx, func(ev any) {
		if ev, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			g.mu.Lock()
			g.dialogs = append(g.dialogs, string(ev.Type)+": "+ev.Message)
			g.mu.Unlock()
			// A dialog blocks the page: dismiss it (not from the event
			// loop, which would deadlock).
			go chromedp.Run(b.ctx, page.HandleJavaScriptDialog(false))
		}
	})
	return g
}

// check fails t if anything hostile got through on the page now; where
// names the input.
func (g *guard) check(t *testing.T, where string) {
	t.Helper()
	var st struct {
		XSS  bool
		Bad  []string
		CSP  []string
		Href string
	}
	if err := chromedp.Run(g.b.ctx, chromedp.Evaluate(stateJS, &st, awaitPromise)); err != nil {
		t.Fatalf("%s: reading the page's state: %v", where, err)
	}
	if st.XSS {
		t.Errorf("%s: a payload ran (window.__xss is set) on %s", where, shorten(st.Href))
	}
	if len(st.Bad) > 0 {
		t.Errorf("%s: injected markup on %s:\n\t%s", where, shorten(st.Href), strings.Join(st.Bad, "\n\t"))
	}
	for _, v := range st.CSP {
		if strings.HasPrefix(v, "script-src") || strings.HasPrefix(v, "default-src") || strings.HasPrefix(v, "frame-src") || strings.HasPrefix(v, "object-src") {
			t.Errorf("%s: the CSP blocked an injected script on %s: %s", where, shorten(st.Href), v)
		} else {
			t.Logf("%s: CSP violation (not a script): %s", where, v)
		}
	}
	g.mu.Lock()
	dialogs := g.dialogs
	g.dialogs = nil
	g.mu.Unlock()
	for _, d := range dialogs {
		t.Errorf("%s: a dialog opened: %s", where, d)
	}
}

// settleInput types text into the field in as a paste does and waits
// until the page has answered it: first a sentinel whose mark shows up in
// out, then text, until the mark is gone again.
func (b *tab) settleInput(in, out, sentinel, mark, text string) {
	b.t.Helper()
	b.input(in, sentinel)
	b.waitText(out, mark)
	b.input(in, text)
	js := fmt.Sprintf(`(() => { const e = document.querySelector(%s); return e && !e.innerText.includes(%s) })()`, jsString(out), jsString(mark))
	if err := b.tryWaitJS(waitTimeout, js); err != nil {
		b.t.Fatalf("%s never answered the input: %v\n%s", out, err, shorten(b.text(out)))
	}
}

// sentinelBody is a BabySea error body with the request id id.
func sentinelBody(id string) string {
	return `{"status":"error","request_id":"` + id + `","error":{"code":"BSE1001","type":"authentication_error","message":"API key missing","retryable":false}}`
}

// A hostileLoad is a URL carrying hostile input, loaded fresh, and the
// JavaScript condition that says its page has settled.
type hostileLoad struct {
	name  string // the subtest's name
	path  string // path, query and fragment, as a browser sends them
	ready string // JavaScript, truthy once the page answered the input
}

// loadAll opens each URL in g's tab (a full load each), waits for the
// wasm and the page's answer, and checks the page; each URL is also
// fetched without the browser to check its headers.
func (g *guard) loadAll(t *testing.T, loads []hostileLoad) {
	t.Helper()
	for _, l := range loads {
		t.Run(l.name, func(t *testing.T) {
			defer g.on(t)()
			// A full load even when only the fragment differs.
			g.b.run("leaving the page", chromedp.Navigate("about:blank"))
			g.b.open(l.path)
			if err := g.b.tryWaitJS(waitTimeout, l.ready); err != nil {
				t.Fatalf("%s never settled (%s): %v", l.path, l.ready, err)
			}
			g.check(t, l.path)
			checkServedCSP(t, g.b.url(l.path))
		})
	}
}

// checkServedCSP fetches u (its fragment stays in the browser) and fails
// t unless the response carries the site's CSP.
func checkServedCSP(t *testing.T, u string) {
	t.Helper()
	u, _, _ = strings.Cut(u, "#")
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		t.Errorf("GET %s: %v", u, err)
		return
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Errorf("GET %s: %v", u, err)
		return
	}
	body, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	res.Body.Close()
	if res.StatusCode == http.StatusNotFound && hasMetaCSP(body) {
		return // an unknown path: the not-found page carries the policy in its head
	}
	if csp := res.Header.Values("Content-Security-Policy"); len(csp) != 1 || !strings.Contains(csp[0], "script-src 'self' 'wasm-unsafe-eval';") {
		t.Errorf("GET %s (%d): Content-Security-Policy %q, want the site's", req.URL.RequestURI(), res.StatusCode, csp)
	}
}

// on makes t the test g's tab fails, until the returned function puts the
// previous one back: `defer g.on(t)()` in a subtest.
func (g *guard) on(t *testing.T) func() { return g.b.on(t) }

// pasteEach pastes each input into the tool's input field, in a subtest
// of its own, and checks that nothing ran. Each paste is settled first
// with a sentinel body whose request id (idPrefix_N) must reach output.
func (g *guard) pasteEach(t *testing.T, inputs []struct{ name, text string }, input, output, idPrefix, verb string) {
	t.Helper()
	for i, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			defer g.on(t)()
			id := fmt.Sprintf("%s_%d", idPrefix, i)
			g.b.settleInput(input, output, sentinelBody(id), id, in.text)
			g.check(t, verb+" "+in.name)
		})
	}
}

func TestXSSDecoderPaste(t *testing.T) {
	t.Parallel()
	g := guardTab(t)
	g.b.open("/decode")
	g.b.waitFor("#decode-input")
	g.check(t, "/decode before any paste")
	g.pasteEach(t, decoderInputs(), "#decode-input", "#decode-output", "req_xss_sync", "pasted")
	t.Run("hostile Idempotency-Key", func(t *testing.T) {
		defer g.on(t)()
		g.b.input("#decode-idempotency-key", allPayloads())
		g.check(t, "#decode-idempotency-key")
	})
	t.Run("page-made share link", func(t *testing.T) {
		defer g.on(t)()
		g.b.settleInput("#decode-input", "#decode-output", sentinelBody("req_xss_share"), "req_xss_share", allPayloads()+"\n"+hostileInputs()[0].text)
		g.b.waitJS("a share link", `location.hash.startsWith("#z=")`)
		var hash string
		g.b.eval("location.hash", &hash)
		g.loadAll(t, []hostileLoad{{"reload", "/decode" + hash, `document.querySelector("#decode-output").innerText.trim() !== ""`}})
	})
}

func TestXSSDecoderShareLinks(t *testing.T) {
	t.Parallel()
	g := guardTab(t)
	decoded := `document.querySelector("#decode-output").innerText.trim() !== ""`
	noted := `document.querySelector("#decode-note").innerText.trim() !== "" || document.querySelector("#decode-output").innerText.trim() !== ""`
	loads := []hostileLoad{{"every payload", "/decode" + shareLink(allPayloads()), decoded}}
	for _, in := range hostileInputs() {
		switch in.name {
		case "BabySea body, payload in every field", "HTML 502 with scripts":
			loads = append(loads, hostileLoad{in.name, "/decode" + shareLink(in.text), decoded})
		}
	}
	// Fragments that are not share payloads at all.
	loads = append(loads,
		hostileLoad{"z is markup", "/decode#z=" + url.QueryEscape(payload("img onerror")), noted},
		hostileLoad{"fragment is markup", "/decode#" + payload("quote svg onload"), `!!document.querySelector("#decode-input")`},
	)
	g.loadAll(t, loads)
}

func TestXSSTriage(t *testing.T) {
	t.Parallel()
	g := guardTab(t)
	g.b.open("/triage")
	g.b.waitFor("#triage-input")
	inputs := decoderInputs()
	g.pasteEach(t, inputs, "#triage-input", "#triage-output", "req_xss_tri", "triaged")
	t.Run("share link", func(t *testing.T) {
		defer g.on(t)()
		var har string
		for _, in := range inputs {
			if strings.HasPrefix(in.name, "HAR") {
				har = in.text
			}
		}
		g.loadAll(t, []hostileLoad{
			{"HAR", "/triage" + shareLink(har), `document.querySelector("#triage-output").innerText.trim() !== ""`},
			{"every payload", "/triage" + shareLink(allPayloads()), `document.querySelector("#triage-output").innerText.trim() !== ""`},
		})
	})
}

func TestXSSURLs(t *testing.T) {
	t.Parallel()
	g := guardTab(t)
	main := `document.querySelector("#main").innerText.trim() !== ""`
	notFound := `!!document.querySelector("#not-found")`
	q := url.QueryEscape
	loads := []hostileLoad{
		// Query strings.
		{"q script, api svg", "/?q=" + q(payload("script")) + "&api=" + q(payload("quote svg onload")), `!!document.querySelector("#results, #result-count")`},
		{"q img and iframe", "/?q=" + q(payload("img onerror")+payload("iframe srcdoc")), `!!document.querySelector("#results, #result-count")`},
		// Paths of the local server: the not-found page quotes them.
		{"code path script", "/errors/babysea/" + url.PathEscape(payload("script")), notFound},
		{"docs path svg", "/docs/" + url.PathEscape(`<svg onload=window.__xss=1>`), main},
		{"root path img", "/" + url.PathEscape(payload("img onerror")), notFound},
		// The simulator's share fragment: hostile spec, API and code.
		{"simulate spec and api", "/simulate#" + url.Values{"spec": {payload("img onerror")}, "api": {payload("script")}}.Encode(), `!!document.querySelector("#sim-error, #sim-outcome")`},
		{"simulate codes in spec", "/simulate#" + url.Values{"spec": {"429:code=" + payload("quote svg onload") + ",503:code=" + payload("svg script") + ",200"}}.Encode(), `!!document.querySelector("#sim-error, #sim-outcome")`},
	}
	g.loadAll(t, loads)
}

func TestXSSEmbed(t *testing.T) {
	t.Parallel()
	g := guardTab(t)
	card := `!!document.querySelector("#embed-card")`
	q := url.QueryEscape
	loads := []hostileLoad{
		{"card fragment img", "/embed/code#" + payload("img onerror"), card},
		{"card fragment api and svg", "/embed/code#babysea/" + payload("quote svg onload"), card},
		{"card path script", "/embed/errors/babysea/" + url.PathEscape(payload("script")), main404orCard},
		{"decode widget query", "/embed/decode?theme=" + q(payload("quote svg onload")) + "&api=" + q(payload("script")), `!!document.querySelector("#embed-decode-input")`},
		{"simulate widget query", "/embed/simulate?api=" + q(payload("img onerror")) + "&theme=" + q(payload("double-quote attribute break")), `!!document.querySelector("#embed-sim-spec")`},
	}
	g.loadAll(t, loads)

	t.Run("decode widget", func(t *testing.T) {
		defer g.on(t)()
		g.b.open("/embed/decode")
		g.b.waitFor("#embed-decode-input")
		for _, in := range decoderInputs() {
			t.Run(in.name, func(t *testing.T) {
				defer g.on(t)()
				// The widget shows the code, not the request id.
				sentinel := `{"error":"x","code":"INVALID_API_KEY_FORMAT"}`
				g.b.settleInput("#embed-decode-input", "#embed-decode-output", sentinel, "INVALID_API_KEY_FORMAT", in.text)
				g.check(t, "embed decode "+in.name)
			})
		}
	})
	t.Run("simulate widget", func(t *testing.T) {
		defer g.on(t)()
		g.b.open("/embed/simulate")
		g.b.waitFor("#embed-sim-spec")
		g.b.input("#embed-sim-spec", "429:code="+payload("img onerror")+","+payload("script"))
		g.b.click("#embed-sim-run")
		g.b.waitJS("the widget's answer", `!!document.querySelector("#embed-sim-error, #embed-sim-table")`)
		g.check(t, "embed simulate spec")
	})
}

// main404orCard is ready when an embed code page shows its card or the
// not-found page.
const main404orCard = `!!document.querySelector("#embed-card, #not-found")`

// The headers of every page of the built site, as the site's server sends
// them (no browser needed). site's own tests check site.Rules on a list of
// paths and the server on a stub site; this checks the real build: every
// HTML document it holds, the not-found page at unknown paths, and the
// wasm's type when it is sent compressed.
func TestHeadersAsServed(t *testing.T) {
	t.Parallel()
	if skipReason != "" {
		t.Skip(skipReason)
	}
	h := http.Handler(siteSrv)
	if siteSrv == nil { // no Chromium: the header test still runs
		if err := checkSite(siteDir); err != nil {
			t.Fatal(err)
		}
		s, err := site.NewServer(siteDir, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		h = s
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)

	// Every HTML document of the build, by the path it is served at.
	var paths []string
	err := filepath.WalkDir(siteDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(siteDir, p)
		rel = "/" + strings.TrimSuffix(filepath.ToSlash(rel), ".html")
		switch {
		case rel == "/index":
			rel = "/"
		case strings.HasSuffix(rel, "/index"):
			rel = strings.TrimSuffix(rel, "index")
		}
		paths = append(paths, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 10 {
		t.Fatalf("only %d HTML documents in %s", len(paths), siteDir)
	}
	// Unknown paths answer with the not-found page, which runs the app.
	paths = append(paths, "/no/such/page", "/errors/babysea/NOPE", "/docs/nope", "/"+url.PathEscape(payload("script")))

	noCSP := map[string]bool{}
	for _, p := range paths {
		req, _ := http.NewRequest("GET", ts.URL+p, nil)
		req.Header.Set("Accept-Encoding", "identity")
		res, err := http.DefaultTransport.RoundTrip(req) // no redirects followed
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
		res.Body.Close()
		if !hasMetaCSP(body) {
			t.Errorf("GET %s: the page's head lacks the site's <meta> CSP", p)
		}
		if res.StatusCode != 200 && res.StatusCode != 404 {
			t.Errorf("GET %s = %d", p, res.StatusCode)
			continue
		}
		if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Errorf("GET %s: Content-Type %q", p, res.Header.Get("Content-Type"))
		}
		if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options %q, want nosniff", p, got)
		}
		if got := res.Header.Get("Cache-Control"); got != "no-cache" {
			t.Errorf("GET %s: Cache-Control %q, want no-cache", p, got)
		}
		csp := res.Header.Values("Content-Security-Policy")
		if len(csp) == 0 && res.StatusCode == http.StatusNotFound && hasMetaCSP(body) {
			// No header rule can name every unknown path (Netlify answers
			// them with 404.html); the policy comes from the page's head.
			continue
		}
		if len(csp) != 1 {
			noCSP[p] = true
			continue
		}
		if !strings.Contains(csp[0], "'wasm-unsafe-eval'") || strings.Contains(csp[0], "unsafe-inline") || strings.Contains(csp[0], "'unsafe-eval'") {
			t.Errorf("GET %s: CSP %q: want 'wasm-unsafe-eval' and no unsafe-inline or unsafe-eval", p, csp[0])
		}
		widget := strings.HasPrefix(p, "/embed/")
		switch {
		case widget && !strings.HasSuffix(csp[0], "frame-ancestors *"):
			t.Errorf("GET %s: an embeddable widget whose CSP does not end in frame-ancestors *: %q", p, csp[0])
		case !widget && !strings.HasSuffix(csp[0], "frame-ancestors 'none'"):
			// /embed itself (the gallery) matches the /embed/* rule.
			if p == "/embed" {
				t.Logf("note: GET /embed (the gallery, not a widget) may be framed: %q", csp[0])
			} else {
				t.Errorf("GET %s: CSP does not end in frame-ancestors 'none': %q", p, csp[0])
			}
		}
	}
	if len(noCSP) > 0 {
		var list []string
		for p := range noCSP {
			list = append(list, p)
		}
		slices.Sort(list)
		t.Errorf("%d documents are served without exactly one Content-Security-Policy (site.Rules has no rule for them):\n\t%s", len(list), strings.Join(list, "\n\t"))
	}

	t.Run("wasm compressed", func(t *testing.T) {
		req, _ := http.NewRequest("GET", ts.URL+"/web/app.wasm", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		// Streaming compilation needs the type on the compressed body too.
		if res.Header.Get("Content-Encoding") != "gzip" || res.Header.Get("Content-Type") != "application/wasm" {
			t.Errorf("GET /web/app.wasm (gzip): Content-Encoding %q, Content-Type %q, want gzip and application/wasm",
				res.Header.Get("Content-Encoding"), res.Header.Get("Content-Type"))
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET /web/app.wasm: X-Content-Type-Options %q", res.Header.Get("X-Content-Type-Options"))
		}
	})
}

// pageRequests drops from reqs ("METHOD URL") the browser's re-fetches of
// the page's own icon, which Chromium makes whenever the address bar
// changes (the tools write their share links with replaceState); they
// carry nothing of what the visitor typed.
func (b *tab) pageRequests(reqs []string) []string {
	b.t.Helper()
	var icons []string
	b.eval(`Array.from(document.querySelectorAll('link[rel~="icon"]'), l => "GET " + l.href)`, &icons)
	var out []string
	for _, r := range reqs {
		if !slices.Contains(icons, r) && r != "GET "+b.base+"/favicon.ico" {
			out = append(out, r)
		}
	}
	return out
}

// Privacy: loading a page touches only the site's own origin, and once
// the wasm runs, searching, triaging and simulating request nothing at
// all (TestDecoder checks the same of decoding).
func TestPrivacy(t *testing.T) {
	t.Parallel()
	b := newTab(t)
	har := readTestdata(t, "triage_retry.har")

	t.Run("load touches only the site", func(t *testing.T) {
		b.startRecording()
		b.open("/")
		reqs := b.stopRecording()
		if len(reqs) == 0 {
			t.Fatal("recorded no request while loading /: the recording is broken")
		}
		for _, r := range reqs {
			_, u, _ := strings.Cut(r, " ")
			if !strings.HasPrefix(u, b.base+"/") && !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "blob:") {
				t.Errorf("loading / requested another origin: %s", r)
			}
		}
	})

	steps := []struct {
		name, path string
		act        func(t *testing.T)
	}{
		{"searching", "/", func(t *testing.T) {
			b.input("#search", "rate limit 429")
			b.waitJS("search results", `document.querySelectorAll("#results a").length > 0`)
			b.input("#search", "BSE1005")
			b.waitJS("the result BSE1005", `Array.from(document.querySelectorAll("#results a"), a => a.getAttribute("href")).includes("/errors/babysea/BSE1005")`)
		}},
		{"triaging", "/triage", func(t *testing.T) {
			b.input("#triage-input", har)
			b.waitText("#triage-groups", "BSE1005")
			b.waitJS("the share link", `location.hash.startsWith("#z=")`)
		}},
		{"simulating", "/simulate", func(t *testing.T) { b.runSimulation("429:retry-after=2,503,200", 500) }},
	}
	for _, s := range steps {
		t.Run(s.name+" requests nothing", func(t *testing.T) {
			defer b.on(t)()
			b.open(s.path)
			b.startRecording()
			s.act(t)
			if reqs := b.pageRequests(b.stopRecording()); len(reqs) > 0 {
				t.Errorf("%s on %s made %d requests:\n\t%s", s.name, s.path, len(reqs), strings.Join(reqs, "\n\t"))
			}
		})
	}
}

// hasMetaCSP reports whether an HTML document carries the site's policy in
// a <meta http-equiv="Content-Security-Policy"> element.
// (go-app re-serialises head elements, so the attributes may come in any
// order.)
func hasMetaCSP(html []byte) bool {
	for _, m := range metaRE.FindAll(html, -1) {
		if strings.Contains(string(m), `http-equiv="Content-Security-Policy"`) && strings.Contains(string(m), "script-src 'self' 'wasm-unsafe-eval';") {
			return true
		}
	}
	return false
}

var metaRE = regexp.MustCompile(`<meta [^>]*>`)
