package e2e

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"github.com/errscope/errscope/internal/site"
)

// Limits. Every wait in these tests is bounded by one of them; none is a
// timing assertion.
const (
	// testTimeout bounds one test's tab: when it expires every browser
	// action of the test fails instead of hanging.
	testTimeout = 90 * time.Second
	// readyTimeout bounds the wait for the wasm to take over a page.
	readyTimeout = 30 * time.Second
	// waitTimeout bounds one wait for a DOM condition.
	waitTimeout = 15 * time.Second
	// pollEvery is how often a bounded poll re-checks its condition.
	pollEvery = 25 * time.Millisecond
)

// Desktop and phone viewports.
const (
	desktopWidth, desktopHeight = 1280, 900
	phoneWidth, phoneHeight     = 390, 844
)

// The shared state set up by TestMain.
var (
	siteDir    string          // the built site (ERRSCOPE_SITE)
	skipReason string          // non-empty: skip every test with it
	setupErr   error           // non-nil: fail every test with it
	browserCtx context.Context // the one Chromium, started once
	siteSrv    *site.Server    // the site handler every test server wraps
	shared     *server         // the server most tests share
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	siteDir = os.Getenv("ERRSCOPE_SITE")
	if siteDir == "" {
		skipReason = "run ./build.sh test (ERRSCOPE_SITE unset)"
		return m.Run()
	}
	if err := checkSite(siteDir); err != nil {
		setupErr = err
		return m.Run()
	}
	exe, err := findChromium()
	if err != nil {
		setupErr = err
		return m.Run()
	}
	if siteSrv, err = site.NewServer(siteDir, nil, nil); err != nil {
		setupErr = fmt.Errorf("e2e: %w", err)
		return m.Run()
	}
	shared = newServer()
	defer shared.Close()
	// The server gzips app.wasm once, on the first request, holding its
	// lock (so every other request waits): several seconds for a
	// multi-megabyte file. Do it while Chromium starts, and let the tests
	// begin once it is done.
	warm := make(chan struct{})
	go func() {
		defer close(warm)
		if resp, err := http.Get(shared.URL + "/web/app.wasm"); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}()
	profile, err := os.MkdirTemp("", "errscope-e2e-chromium-")
	if err != nil {
		setupErr = fmt.Errorf("e2e: %w", err)
		return m.Run()
	}
	defer os.RemoveAll(profile)

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// Several tabs run at once; none of them may be throttled as a
		// background tab.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		// The search box writes every keystroke to the address bar
		// (history.replaceState); typing at machine speed would otherwise
		// hit Chromium's flooding limit and stop URL updates.
		chromedp.Flag("disable-ipc-flooding-protection", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(desktopWidth, desktopHeight),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(allocCtx, chromedp.WithErrorf(quietErrorf))
	defer cancelBrowser()
	// A bare Run on the root context starts the browser; per-test timeouts
	// are applied to tabs only, so no test's deadline can kill Chromium.
	if err := chromedp.Run(bctx); err != nil {
		setupErr = fmt.Errorf("e2e: starting %s: %w", exe, err)
		return m.Run()
	}
	browserCtx = bctx
	<-warm
	return m.Run()
}

// quietErrorf drops chromedp's complaints about protocol events that are
// newer than the pinned cdproto (harmless with a recent Chromium).
func quietErrorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if strings.Contains(msg, "could not unmarshal event") || strings.Contains(msg, "unknown ") {
		return
	}
	fmt.Fprintln(os.Stderr, "chromedp:", msg)
}

// checkSite fails early on a directory that holds no built site.
func checkSite(dir string) error {
	for _, f := range []string{"index.html", "app.js", "app-worker.js", "web/app.wasm"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			return fmt.Errorf("e2e: ERRSCOPE_SITE=%s holds no built site (%s is missing): run ./build.sh", dir, f)
		}
	}
	return nil
}

// findChromium returns the browser to drive: $ERRSCOPE_CHROMIUM, else
// /usr/bin/chromium, else chromium (or chromium-browser) on PATH.
func findChromium() (string, error) {
	if p := os.Getenv("ERRSCOPE_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("e2e: ERRSCOPE_CHROMIUM=%s: %w", p, err)
		}
		return p, nil
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("e2e: Chromium not found (no /usr/bin/chromium, no chromium on PATH): " +
		"install it (apt-get install chromium) or set ERRSCOPE_CHROMIUM; ERRSCOPE_SITE is set, so the browser tests cannot be skipped")
}

// A server serves the built site with [site.Server], exactly as
// `errscope serve` does, and can pretend to be unreachable.
type server struct {
	*httptest.Server

	// offline makes every request fail at the connection level, as an
	// unreachable host would.
	offline atomic.Bool
	// hold, when non-nil, stalls requests for holdPath (/web/app.wasm
	// unless set) until it is closed, so a page can be inspected before
	// that resource arrives.
	hold     chan struct{}
	holdPath string

	mu   sync.Mutex
	log  []string       // request URIs, in arrival order
	full map[string]int // responses with a body (200), by path
}

// newServer starts a server for the site on 127.0.0.1.
func newServer() *server {
	s := &server{}
	s.Server = httptest.NewServer(s)
	return s
}

// newServerFor starts a server only this test uses: its own origin, so its
// own service worker and caches, closed when the test ends.
func newServerFor(t *testing.T, holdWasm bool) *server {
	t.Helper()
	if skipReason != "" {
		t.Skip(skipReason)
	}
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	s := newServer()
	if holdWasm {
		s.hold = make(chan struct{})
	}
	t.Cleanup(s.Close)
	return s
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.log = append(s.log, r.URL.RequestURI())
	s.mu.Unlock()
	if s.offline.Load() {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	}
	if s.hold != nil && r.URL.Path == cmp.Or(s.holdPath, "/web/app.wasm") {
		select {
		case <-s.hold:
		case <-r.Context().Done():
			return
		}
	}
	siteSrv.ServeHTTP(&statusWriter{ResponseWriter: w, onStatus: func(code int) {
		if code == http.StatusOK {
			s.mu.Lock()
			if s.full == nil {
				s.full = map[string]int{}
			}
			s.full[r.URL.Path]++
			s.mu.Unlock()
		}
	}}, r)
}

// downloads reports how many times path was answered with a body (200): a
// revalidation that ends in 304 Not Modified is no download.
func (s *server) downloads(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.full[path]
}

// A statusWriter reports the status a handler writes, once, as it is
// written (before the body).
type statusWriter struct {
	http.ResponseWriter
	onStatus func(code int)
	written  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.written && code >= 200 {
		w.written = true
		w.onStatus(code)
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.written {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Close releases held requests and stops the server.
func (s *server) Close() {
	if s.hold != nil {
		select {
		case <-s.hold:
		default:
			close(s.hold)
		}
	}
	s.CloseClientConnections()
	s.Server.Close()
}

// A tab is one test's browser tab, in a browser context of its own (own
// cookies, storage, caches and service workers), with everything the page
// logs collected.
type tab struct {
	t    *testing.T
	ctx  context.Context
	srv  *server
	base string

	mu        sync.Mutex
	console   []string // every console message and log entry, "level: text"
	uncaught  []string // uncaught exceptions and Go panics
	requests  []string // URLs requested while recording
	recording bool
	allowed   []*regexp.Regexp // uncaught errors a test expects
}

// tabOptions configure newTab.
type tabOptions struct {
	srv   *server
	phone bool // emulate a 390×844 phone
}

// newTab opens a tab on the shared server (or o.srv) for t. The tab closes
// when t ends; the test fails if the page threw an uncaught exception or Go
// panicked, and prints the page's console if the test failed.
func newTab(t *testing.T, o ...tabOptions) *tab {
	t.Helper()
	if skipReason != "" {
		t.Skip(skipReason)
	}
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	var opt tabOptions
	if len(o) > 0 {
		opt = o[0]
	}
	if opt.srv == nil {
		opt.srv = shared
	}
	tctx, cancelTimeout := context.WithTimeout(browserCtx, testTimeout)
	// A browser context of its own, with a window of its own: headless
	// Chromium refuses a tab in a new context without one.
	exec := cdp.WithExecutor(tctx, chromedp.FromContext(browserCtx).Browser)
	bcID, err := target.CreateBrowserContext().WithDisposeOnDetach(true).Do(exec)
	if err != nil {
		cancelTimeout()
		t.Fatalf("creating a browser context: %v", err)
	}
	tid, err := target.CreateTarget("about:blank").WithBrowserContextID(bcID).WithNewWindow(true).Do(exec)
	if err != nil {
		cancelTimeout()
		t.Fatalf("opening a tab: %v", err)
	}
	ctx, cancelTab := chromedp.NewContext(tctx, chromedp.WithTargetID(tid))
	b := &tab{t: t, ctx: ctx, srv: opt.srv, base: opt.srv.URL}
	chromedp.ListenTarget(ctx, b.onEvent)
	t.Cleanup(func() {
		cancelTab()
		dctx, cancel := context.WithTimeout(browserCtx, 10*time.Second)
		target.DisposeBrowserContext(bcID).Do(cdp.WithExecutor(dctx, chromedp.FromContext(browserCtx).Browser))
		cancel()
		cancelTimeout()
		b.mu.Lock()
		defer b.mu.Unlock()
		for _, u := range b.uncaught {
			t.Errorf("page error: %s", u)
		}
		if t.Failed() && len(b.console) > 0 {
			t.Logf("page console (%d lines):\n\t%s", len(b.console), strings.Join(b.console, "\n\t"))
		}
	})
	// The first Run creates the tab; later Runs may use derived contexts.
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	w, h, mobile, scale := int64(desktopWidth), int64(desktopHeight), false, 1.0
	if opt.phone {
		w, h, mobile, scale = phoneWidth, phoneHeight, true, 2
	}
	b.run("setting up the tab",
		emulation.SetFocusEmulationEnabled(true),
		emulation.SetDeviceMetricsOverride(w, h, scale, mobile),
		emulation.SetTouchEmulationEnabled(mobile),
	)
	return b
}

// onEvent collects console messages, log entries, uncaught exceptions and
// (while recording) requests.
func (b *tab) onEvent(ev any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		var parts []string
		for _, a := range ev.Args {
			parts = append(parts, remoteString(a))
		}
		msg := strings.Join(parts, " ")
		if strings.HasSuffix(msg, " has been updated, reload to see changes") {
			return // go-app's note on every service-worker update: noise in a failure's log
		}
		b.console = append(b.console, string(ev.Type)+": "+msg)
		// wasm_exec.js prints the Go runtime's stderr with console.log.
		if strings.HasPrefix(msg, "panic: ") || strings.HasPrefix(msg, "fatal error: ") {
			b.addUncaught("Go " + firstLine(msg))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + firstLine(d.Exception.Description)
		}
		b.console = append(b.console, "exception: "+msg)
		b.addUncaught(msg)
	case *cdplog.EventEntryAdded:
		e := ev.Entry
		line := string(e.Level) + ": " + e.Text
		if e.URL != "" {
			line += " (" + e.URL + ")"
		}
		b.console = append(b.console, line)
	case *network.EventRequestWillBeSent:
		if b.recording && ev.Request != nil {
			b.requests = append(b.requests, ev.Request.Method+" "+ev.Request.URL)
		}
	}
}

func (b *tab) addUncaught(msg string) {
	for _, re := range b.allowed {
		if re.MatchString(msg) {
			return
		}
	}
	b.uncaught = append(b.uncaught, msg)
}

// allowUncaught accepts uncaught errors matching re (a test that provokes
// them on purpose).
func (b *tab) allowUncaught(re string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.allowed = append(b.allowed, regexp.MustCompile(re))
}

func remoteString(o *runtime.RemoteObject) string {
	if len(o.Value) > 0 {
		var s string
		if json.Unmarshal(o.Value, &s) == nil {
			return s
		}
		return string(o.Value)
	}
	if o.UnserializableValue != "" {
		return string(o.UnserializableValue)
	}
	return o.Description
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// run runs browser actions and fails the test (naming what it was doing)
// if one fails.
func (b *tab) run(what string, actions ...chromedp.Action) {
	b.t.Helper()
	if err := chromedp.Run(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// url returns the absolute URL of a site path.
func (b *tab) url(path string) string { return b.base + path }

// navigate loads path (a full page load) without waiting for the wasm.
func (b *tab) navigate(path string) {
	b.t.Helper()
	b.run("loading "+path, chromedp.Navigate(b.url(path)))
}

// tryNavigate is navigate returning the error.
func (b *tab) tryNavigate(path string) error {
	return chromedp.Run(b.ctx, chromedp.Navigate(b.url(path)))
}

// open loads path and waits until the wasm has taken over the page.
func (b *tab) open(path string) {
	b.t.Helper()
	t0 := time.Now()
	b.navigate(path)
	t1 := time.Now()
	b.waitReady()
	if os.Getenv("E2E_TIMING") != "" {
		b.t.Logf("open %s: load %v, wasm %v", path, t1.Sub(t0).Round(time.Millisecond), time.Since(t1).Round(time.Millisecond))
	}
}

// readyJS reports the loader's state (starting a tools' page that waits
// for an intent). A reference page (home, code pages,
// guides, cards) carries <html data-finder>, which web/finder.js sets to
// "ready" once the page is wired (on the home page: once the finder binary
// runs) or to "error: …". On the tools' pages go-app's app.js removes
// #app-wasm-loader once the Go program runs, and on failure leaves it up
// with the error as its label (and a logo that no longer spins).
const readyJS = `(() => {
	// While the HTML is parsed the loader (at the end of the body) may not
	// exist yet: nothing can be ready.
	if (document.readyState === "loading") return "loading";
	const f = document.documentElement.getAttribute("data-finder");
	// The home page's finder, like the tools, waits for an intent.
	if (f === "waiting") { document.body.dispatchEvent(new PointerEvent("pointerdown", {bubbles: true})); return "loading"; }
	if (f !== null) return f;
	const l = document.getElementById("app-wasm-loader");
	if (!l) return "ready";
	// A tools' page starts its binary on intent (internal/site.StartOnIntent):
	// the hidden loader means it is waiting for one, so give it one, as a
	// person's first tap would.
	if (l.hidden) document.body.dispatchEvent(new PointerEvent("pointerdown", {bubbles: true}));
	const icon = document.getElementById("app-wasm-loader-icon");
	const label = document.getElementById("app-wasm-loader-label");
	if (icon && !icon.classList.contains("goapp-spin")) return "error: " + (label ? label.innerText : "?");
	return "loading";
})()`

// waitReady waits until the wasm has started (the go-app loader is gone),
// failing at once if the loader reports an error.
func (b *tab) waitReady() {
	b.t.Helper()
	var state string
	err := b.poll(readyTimeout, func() (bool, error) {
		if err := chromedp.Run(b.ctx, chromedp.Evaluate(readyJS, &state)); err != nil {
			if navigating(err) {
				return false, nil
			}
			return false, err
		}
		if strings.HasPrefix(state, "error") {
			return false, errors.New(state)
		}
		return state == "ready", nil
	})
	if err != nil {
		b.t.Fatalf("waiting for the wasm to start on %s: %v (loader: %s)", b.location(), err, state)
	}
}

// poll calls check until it reports done, returns an error, the limit
// passes or the tab's context ends. It is the only place these tests wait.
func (b *tab) poll(limit time.Duration, check func() (bool, error)) error {
	deadline := time.Now().Add(limit)
	for {
		done, err := check()
		if err != nil {
			return err
		}
		if done {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("still not true after %v", limit)
		}
		select {
		case <-b.ctx.Done():
			return b.ctx.Err()
		case <-time.After(pollEvery):
		}
	}
}

// eval evaluates a JavaScript expression (awaiting a promise result) into
// res, failing the test on an error.
func (b *tab) eval(js string, res any) {
	b.t.Helper()
	if err := chromedp.Run(b.ctx, chromedp.Evaluate(js, res, awaitPromise)); err != nil {
		b.t.Fatalf("evaluating %s: %v", shorten(js), err)
	}
}

func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams {
	return p.WithAwaitPromise(true)
}

// waitJS waits until the JavaScript expression is truthy; what says what
// the test waits for.
func (b *tab) waitJS(what, js string) {
	b.t.Helper()
	if err := b.tryWaitJS(waitTimeout, js); err != nil {
		b.t.Fatalf("waiting for %s on %s: %v", what, b.location(), err)
	}
}

// tryWaitJS is waitJS returning the error.
func (b *tab) tryWaitJS(limit time.Duration, js string) error {
	var ok bool
	return b.poll(limit, func() (bool, error) {
		ok = false
		err := chromedp.Run(b.ctx, chromedp.Evaluate("!!("+js+")", &ok, awaitPromise))
		var ex *runtime.ExceptionDetails
		if errors.As(err, &ex) || navigating(err) {
			return false, nil // e.g. an element that is not there yet, or a page on its way out
		}
		return ok, err
	})
}

// navigating reports whether err says the page was replaced while an
// expression ran: a full load (reference ↔ tools) is under way, and the
// next poll asks the new page.
func navigating(err error) bool {
	if err == nil {
		return false
	}
	m := err.Error()
	return strings.Contains(m, "Inspected target navigated or closed") || strings.Contains(m, "Execution context was destroyed") ||
		strings.Contains(m, "Cannot find context with specified id")
}

// has reports whether an element matches the CSS selector now.
func (b *tab) has(sel string) bool {
	b.t.Helper()
	var ok bool
	b.eval(fmt.Sprintf("!!document.querySelector(%s)", jsString(sel)), &ok)
	return ok
}

// on makes t the test b fails, until the returned function puts the
// previous one back: `defer b.on(t)()` in a subtest.
func (b *tab) on(t *testing.T) func() {
	old := b.t
	b.t = t
	return func() { b.t = old }
}

// waitFor waits until an element matches the CSS selector.
func (b *tab) waitFor(sel string) {
	b.t.Helper()
	b.waitJS(sel, fmt.Sprintf("document.querySelector(%s)", jsString(sel)))
}

// text returns the rendered text (innerText) of the first element matching
// sel, "" if there is none.
func (b *tab) text(sel string) string {
	b.t.Helper()
	var s string
	b.eval(fmt.Sprintf(`(() => { const e = document.querySelector(%s); return e ? e.innerText : "" })()`, jsString(sel)), &s)
	return s
}

// texts returns the innerText of every element matching sel.
func (b *tab) texts(sel string) []string {
	b.t.Helper()
	var s []string
	b.eval(fmt.Sprintf(`Array.from(document.querySelectorAll(%s), e => e.innerText)`, jsString(sel)), &s)
	return s
}

// attrs returns attribute name of every element matching sel.
func (b *tab) attrs(sel, name string) []string {
	b.t.Helper()
	var s []string
	b.eval(fmt.Sprintf(`Array.from(document.querySelectorAll(%s), e => e.getAttribute(%s) || "")`, jsString(sel), jsString(name)), &s)
	return s
}

// waitText waits until the text of sel contains want, and returns it.
func (b *tab) waitText(sel, want string) string {
	b.t.Helper()
	js := fmt.Sprintf(`(() => { const e = document.querySelector(%s); return e && e.innerText.includes(%s) })()`, jsString(sel), jsString(want))
	if err := b.tryWaitJS(waitTimeout, js); err != nil {
		b.t.Fatalf("waiting for %q in %s on %s: %v; it says:\n%s", want, sel, b.location(), err, shorten(b.text(sel)))
	}
	return b.text(sel)
}

// visible reports whether the first element matching sel is rendered with
// a non-empty box and not hidden by CSS.
func (b *tab) visible(sel string) bool {
	b.t.Helper()
	var ok bool
	b.eval(fmt.Sprintf(`(() => {
		const e = document.querySelector(%s);
		if (!e) return false;
		const r = e.getBoundingClientRect(), s = getComputedStyle(e);
		return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none" && Number(s.opacity) > 0;
	})()`, jsString(sel)), &ok)
	return ok
}

// location returns the page's URL.
func (b *tab) location() string {
	var s string
	if err := chromedp.Run(b.ctx, chromedp.Evaluate("location.href", &s)); err != nil {
		return "(unknown page)"
	}
	return strings.TrimPrefix(s, b.base)
}

// path returns location.pathname.
func (b *tab) path() string {
	b.t.Helper()
	var s string
	b.eval("location.pathname", &s)
	return s
}

// input replaces the value of a text field or textarea as a paste would
// and fires the input event the app listens to.
func (b *tab) input(sel, value string) {
	b.t.Helper()
	var ok bool
	b.eval(fmt.Sprintf(`(() => {
		const e = document.querySelector(%s);
		if (!e) return false;
		e.focus();
		e.value = %s;
		e.dispatchEvent(new Event("input", {bubbles: true}));
		return true;
	})()`, jsString(sel), jsString(value)), &ok)
	if !ok {
		b.t.Fatalf("no %s to type into on %s", sel, b.location())
	}
}

// choose selects the option value of a <select> and fires change.
func (b *tab) choose(sel, value string) {
	b.t.Helper()
	var ok bool
	b.eval(fmt.Sprintf(`(() => {
		const e = document.querySelector(%s);
		if (!e || !Array.from(e.options).some(o => o.value === %[2]s)) return false;
		e.value = %[2]s;
		e.dispatchEvent(new Event("input", {bubbles: true}));
		e.dispatchEvent(new Event("change", {bubbles: true}));
		return true;
	})()`, jsString(sel), jsString(value)), &ok)
	if !ok {
		b.t.Fatalf("no %s with an option %q on %s", sel, value, b.location())
	}
}

// click clicks the first element matching sel (a real mouse click at its
// centre, after scrolling it into view).
func (b *tab) click(sel string) {
	b.t.Helper()
	b.waitFor(sel)
	b.run("clicking "+sel, chromedp.Click(sel, chromedp.ByQuery, chromedp.NodeVisible))
}

// startRecording starts collecting the URLs the page requests.
func (b *tab) startRecording() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.recording, b.requests = true, nil
}

// stopRecording fences and stops the recording and returns the requests
// made since startRecording. The fence is one request of the page's own,
// issued last: the protocol reports a target's requests in order, so once
// the fence shows up every earlier request has been reported.
func (b *tab) stopRecording() []string {
	b.t.Helper()
	const fence = "/__e2e_fence__"
	var ignored any
	b.eval(fmt.Sprintf(`fetch(%s, {cache: "no-store"}).then(() => 1, () => 1)`, jsString(fence)), &ignored)
	err := b.poll(waitTimeout, func() (bool, error) {
		b.mu.Lock()
		defer b.mu.Unlock()
		return slices.ContainsFunc(b.requests, func(r string) bool { return strings.Contains(r, fence) }), nil
	})
	if err != nil {
		b.t.Fatalf("the request fence never showed up: %v", err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.recording = false
	var out []string
	for _, r := range b.requests {
		if !strings.Contains(r, fence) {
			out = append(out, r)
		}
	}
	return out
}

// consoleText returns everything the page logged so far.
func (b *tab) consoleText() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.Join(b.console, "\n")
}

// setOffline switches the tab's network emulation (the server's switch is
// separate: server.offline).
func (b *tab) setOffline(offline bool) {
	b.t.Helper()
	b.run("emulating the network", network.EmulateNetworkConditions(offline, 0, -1, -1))
}

// disableScripts turns page JavaScript off (DevTools evaluation still works).
func (b *tab) disableScripts() {
	b.t.Helper()
	b.run("disabling JavaScript", emulation.SetScriptExecutionDisabled(true))
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	j, _ := json.Marshal(s)
	return string(j)
}

func shorten(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
