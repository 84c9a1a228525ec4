// Command bench prints errscope's performance table: every figure beside a
// baseline measured in the same run, as a ratio. It is run by
// `./build.sh bench` after a site build and never fails on a slow machine;
// it reports.
//
// Baselines: the wasm of a hello-world go-app v10.1.11 program built with
// the same flags (internal/bench/hello), a plain static HTML copy of a code
// page, and the same workload run natively.
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/errscope/errscope/internal/bench/workload"
	"github.com/errscope/errscope/internal/site"
)

func main() {
	siteDir := flag.String("site", "public", "the built site")
	work := flag.String("work", "bench-out", "scratch directory for the baselines")
	chrome := flag.String("chromium", "", "Chromium binary (default: chromium on PATH)")
	lighthouse := flag.String("lighthouse", "internal/bench/lighthouse", "where npm installed Lighthouse (its rows are skipped when it is not there)")
	only := flag.String("only", "", "print only one part of the table: mock (the mock's requests per second beside net/http's), first-second (the home page's first search result beside static HTML, and its Lighthouse audit) or workload (search, decode and herd in the browser's wasm beside natively)")
	flag.Parse()
	log.SetFlags(0)
	if *chrome == "" {
		if p, err := exec.LookPath("chromium"); err == nil {
			*chrome = p
		}
	}
	switch *only {
	case "":
	case "mock":
		printRows(mockRows())
		return
	case "first-second":
		printRows(firstSecondRows(*siteDir, *work, *chrome, *lighthouse))
		return
	case "workload":
		printRows(workloadRows(*siteDir, *work, *chrome))
		return
	default:
		log.Fatalf("bench: -only %q: the parts are mock, first-second and workload", *only)
	}
	if err := os.MkdirAll(*work, 0o755); err != nil {
		log.Fatal(err)
	}
	var rows [][]string
	add := func(what, value, baseline, ratio, budget string) {
		rows = append(rows, []string{what, value, baseline, ratio, budget})
	}

	// 1. Sizes.
	hello := filepath.Join(*work, "hello")
	must(os.MkdirAll(filepath.Join(hello, "web"), 0o755))
	run("go", "run", "./internal/bench/hello", hello)
	buildWasm(filepath.Join(hello, "web", "app.wasm"), "./internal/bench/hello")
	appWasm, err := os.ReadFile(filepath.Join(*siteDir, "web", "app.wasm"))
	must(err)
	helloWasm, err := os.ReadFile(filepath.Join(hello, "web", "app.wasm"))
	must(err)
	for _, c := range []struct {
		name   string
		f      func([]byte) int
		budget string
	}{{"raw", func(b []byte) int { return len(b) }, ""}, {"gzip -9", gz, ""}, {"brotli -q 11", br, "≤ 1.15×"}} {
		a, h := c.f(appWasm), c.f(helloWasm)
		if a < 0 || h < 0 {
			add("tools binary (app.wasm), "+c.name, "n/a (no brotli binary)", "", "", c.budget)
			continue
		}
		add("tools binary (app.wasm), "+c.name, mb(a), mb(h)+" hello world", ratio(float64(a), float64(h)), c.budget)
	}
	// What a reference page needs before its search works: the finder
	// binary and the two scripts that start it (HTML and CSS not counted),
	// beside the floor of any Go program in the browser.
	floorWasm := filepath.Join(*work, "floor.wasm")
	buildWasm(floorWasm, "./internal/bench/floor")
	var refBytes int
	for _, f := range []string{"web/finder.wasm", "wasm_exec.js", "web/finder.js"} {
		b, err := os.ReadFile(filepath.Join(*siteDir, f))
		must(err)
		refBytes += br(b)
	}
	floor, err := os.ReadFile(floorWasm)
	must(err)
	if h := br(helloWasm); refBytes > 0 && h > 0 {
		add("reference: bytes before search works (finder.wasm + wasm_exec.js + finder.js, brotli)", mb(refBytes), mb(h)+" hello world's wasm", ratio(float64(refBytes), float64(h)), "≤ 0.35×")
		add("  floor: the smallest Go wasm (syscall/js only, brotli)", mb(br(floor)), mb(h)+" hello world's wasm", ratio(float64(br(floor)), float64(h)), "")
	}

	// The published app.wasm leaves the bench hook out; a copy of the site
	// gets one for the in-browser workload.
	benchDir := filepath.Join(*work, "site-bench")
	must(benchSite(*siteDir, benchDir))

	// 2. The same workload natively.
	native := workload.Run()

	// 3. The browser.
	plain := filepath.Join(*work, "plain")
	must(writePlain(*siteDir, plain))
	appURL, stop1 := serve(*siteDir)
	defer stop1()
	helloURL, stop2 := serve(hello)
	defer stop2()
	plainURL, stop3 := serve(plain)
	defer stop3()
	benchURL, stop4 := serve(benchDir)
	defer stop4()

	b, err := newBrowser(*chrome)
	if err != nil {
		log.Printf("bench: no browser figures: %v", err)
	} else {
		defer b.close()
		page := "/errors/babysea/BSE1005"
		plain := b.load(plainURL+"/", false)
		code := b.load(appURL+page, true)
		hello := b.load(helloURL+"/", true)
		rows = append(rows, firstResultRow(b, appURL, plain))
		add("code page: content visible (FCP, 10 Mbit/s, 40 ms RTT; median of 3)", msf(code.fcp), msf(plain.fcp)+" static HTML", ratio(code.fcp, plain.fcp), "≤ 1.1×")
		add("code page: ready (finder.js wired it)", msf(code.tti), msf(hello.tti)+" hello world interactive", ratio(code.tti, hello.tti), "")
		dec := b.load(appURL+"/decode", true)
		add("decoder: interactive (tools binary running)", msf(dec.tti), msf(hello.tti)+" hello world", ratio(dec.tti, hello.tti), "≤ 1.2×")
		add("  of which start-up after app.wasm arrived", msf(dec.startup), msf(hello.startup)+" hello world", ratio(dec.startup, hello.startup), "")
		first, repeat := b.repeatVisit(appURL + "/decode")
		add("decoder: repeat visit interactive (service worker)", msf(repeat), msf(first)+" first visit", ratio(repeat, first), "")
		rows = append(rows, wasmRows(b, benchURL, native)...)
	}
	if b == nil || err != nil {
		for _, t := range native {
			add("native: "+t.Name+" p50 / p99", fmt.Sprintf("%.2f / %.2f ms", t.P50, t.P99), "", "", "")
		}
	}

	// 4. Lighthouse scores, when it is installed (lighthouse.go).
	for _, r := range lighthouseRows(*lighthouse, lighthousePages, appURL, helloURL, *chrome) {
		add(r[0], r[1], r[2], r[3], r[4])
	}

	// 5. The mock server's throughput (mockrps.go).
	rows = append(rows, mockRows()...)
	printRows(rows)
}

// wasmRows runs the workload in the browser, in the bench's copy of the
// site at benchURL, and returns a row per operation beside native, the
// same workload run natively.
func wasmRows(b *browser, benchURL string, native []workload.Timing) [][]string {
	wasm := b.workload(benchURL + "/decode")
	var inWasm []workload.Timing
	if err := json.Unmarshal([]byte(wasm), &inWasm); err != nil {
		log.Printf("bench: no wasm workload figures: %v (%q)", err, wasm)
		return nil
	}
	budgets := map[string]string{
		"search/keystroke (real catalog)":   "p99 ≤ 2 ms",
		"search/keystroke (10 000 entries)": "p99 ≤ 16 ms",
		"decode 1 MiB paste":                "≤ 100 ms",
		"herd 10 000 clients":               "≤ 200 ms",
	}
	var rows [][]string
	for i, t := range inWasm {
		if i < len(native) {
			rows = append(rows, []string{"wasm: " + t.Name + " p50 / p99", fmt.Sprintf("%.2f / %.2f ms", t.P50, t.P99),
				fmt.Sprintf("%.2f / %.2f ms native", native[i].P50, native[i].P99), ratio(t.P99, native[i].P99), budgets[t.Name]})
		}
	}
	return rows
}

// workloadRows is the part of the table that bench -only workload prints:
// the workload in the browser's wasm beside natively.
func workloadRows(siteDir, work, chrome string) [][]string {
	benchDir := filepath.Join(work, "site-bench")
	must(benchSite(siteDir, benchDir))
	native := workload.Run()
	benchURL, stop := serve(benchDir)
	defer stop()
	b := mustBrowser(chrome)
	defer b.close()
	return wasmRows(b, benchURL, native)
}

// mustBrowser starts the browser of a part of the table that is nothing
// without one (bench -only).
func mustBrowser(chrome string) *browser {
	b, err := newBrowser(chrome)
	if err != nil {
		log.Fatalf("bench: %v", err)
	}
	return b
}

// firstResultRow times the home page's first search result (firstResult)
// beside plain, the static HTML's load.
func firstResultRow(b *browser, appURL string, plain loadTiming) []string {
	search := b.firstResult(appURL + "/")
	return []string{"home: first search result, cold, query typed when the box appears (median of 3)", msf(search.result), msf(plain.fcp) + " static HTML's content visible", ratio(search.result, plain.fcp), "≤ 1000 ms"}
}

// firstSecondRows is the part of the table that bench -only first-second
// prints, to try a change to the home page's loading quickly: the first
// search result beside the static HTML's first paint, and Lighthouse on
// the home page alone (no hello-world baseline).
func firstSecondRows(siteDir, work, chrome, lighthouse string) [][]string {
	plainDir := filepath.Join(work, "plain")
	must(writePlain(siteDir, plainDir))
	appURL, stop1 := serve(siteDir)
	defer stop1()
	plainURL, stop2 := serve(plainDir)
	defer stop2()
	b := mustBrowser(chrome)
	defer b.close()
	rows := [][]string{firstResultRow(b, appURL, b.load(plainURL+"/", false))}
	return append(rows, lighthouseRows(lighthouse, lighthousePages[:1], appURL, "", chrome)...)
}

// printRows prints the table.
func printRows(rows [][]string) {
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.Debug)
	fmt.Fprintln(w, "what\tmeasured\tbaseline\tratio\tbudget")
	for _, r := range rows {
		fmt.Fprintln(w, strings.Join(r, "\t"))
	}
	w.Flush()
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

func run(name string, args ...string) { runEnv(nil, name, args...) }

func runEnv(env []string, name string, args ...string) {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		log.Fatalf("bench: %s %s: %v", name, strings.Join(args, " "), err)
	}
}

func gz(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

func br(b []byte) int {
	if _, err := exec.LookPath("brotli"); err != nil {
		return -1
	}
	cmd := exec.Command("brotli", "-q", "11", "-c")
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.Output()
	if err != nil {
		return -1
	}
	return len(out)
}

func mb(n int) string      { return fmt.Sprintf("%.2f MB", float64(n)/1e6) }
func msf(v float64) string { return fmt.Sprintf("%.0f ms", v) }

func ratio(a, b float64) string {
	if a <= 0 || b <= 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

// writePlain writes the baseline "same content as a plain static HTML
// file": the pre-rendered code page without any script.
func writePlain(siteDir, dst string) error {
	src, err := os.ReadFile(filepath.Join(siteDir, "errors", "babysea", "BSE1005.html"))
	if err != nil {
		return err
	}
	html := regexp.MustCompile(`(?s)<script[^>]*>.*?</script>|<link rel="manifest"[^>]*>`).ReplaceAll(src, nil)
	if err := os.MkdirAll(filepath.Join(dst, "web"), 0o755); err != nil {
		return err
	}
	for _, css := range []string{"app.css"} {
		if b, err := os.ReadFile(filepath.Join(siteDir, css)); err == nil {
			os.WriteFile(filepath.Join(dst, css), b, 0o644)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(siteDir, "web"))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".css") || strings.HasSuffix(e.Name(), ".svg") || strings.HasSuffix(e.Name(), ".png") {
			if b, err := os.ReadFile(filepath.Join(siteDir, "web", e.Name())); err == nil {
				os.WriteFile(filepath.Join(dst, "web", e.Name()), b, 0o644)
			}
		}
	}
	return os.WriteFile(filepath.Join(dst, "index.html"), html, 0o644)
}

func serve(dir string) (string, func()) {
	s, err := site.NewServer(dir, site.Rules, io.Discard)
	must(err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(err)
	srv := &http.Server{Handler: s}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }
}

// A browser starts a fresh headless Chromium, with an empty profile, for
// every measurement: no HTTP cache, service worker or compiled wasm carries
// over between them.
type browser struct{ bin string }

func newBrowser(bin string) (*browser, error) {
	if bin == "" {
		return nil, errors.New("no chromium on PATH (or -chromium)")
	}
	return &browser{bin}, nil
}

func (b *browser) close() {}

// tab starts Chromium and returns a context for its first tab.
func (b *browser) tab(timeout time.Duration) (context.Context, func()) {
	dir, err := os.MkdirTemp("", "errscope-bench")
	must(err)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(b.bin), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(dir), chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true), chromedp.WindowSize(1280, 900))
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	must(chromedp.Run(ctx))
	tctx, tcancel := context.WithTimeout(ctx, timeout)
	return tctx, func() { tcancel(); cancel(); acancel(); os.RemoveAll(dir) }
}

const throttle = 10 * 1000 * 1000 / 8 // 10 Mbit/s in bytes per second

// waitJS resolves to performance.now() once the condition holds.
func waitJS(cond string) string {
	return `new Promise(r => { const f = () => { if (` + cond + `) r(performance.now()); else setTimeout(f, 5) }; f() })`
}

// wasmRunning resolves once the page is interactive: on a reference page
// once finder.js says so (<html data-finder="ready">), elsewhere once
// go-app's loader is gone (the tools binary runs).
//
// A tools' page starts its binary on intent; the condition gives it one as
// soon as it waits (a hidden loader), so "interactive" is the time from
// navigation to a running binary for a person who acts at once.
var wasmRunning = waitJS(`document.readyState !== 'loading' && (document.documentElement.hasAttribute('data-finder') ? (((f) => { if (f === 'waiting') document.body.dispatchEvent(new PointerEvent('pointerdown', {bubbles: true})); return f === 'ready'; })(document.documentElement.getAttribute('data-finder'))) : (((l) => { if (l && l.hidden) document.body.dispatchEvent(new PointerEvent('pointerdown', {bubbles: true})); return !l; })(document.getElementById('app-wasm-loader'))))`)

// firstResultJS runs before the page's own scripts: as soon as the search
// box exists it types a query into it (as a person who starts typing at
// once), and it records when the results list first shows that query's
// results (window.__firstResult, ms since navigation).
const firstResultJS = `(() => {
  const q = "ratelimit";
  const tick = () => {
    const box = document.getElementById("search");
    if (!box) return requestAnimationFrame(tick);
    if (box.value !== q) {
      box.value = q;
      box.dispatchEvent(new Event("input", {bubbles: true}));
    }
    const c = document.getElementById("result-count");
    if (c && c.textContent.includes("\u201c" + q + "\u201d") && document.querySelector("#results li")) {
      window.__firstResult = performance.now();
      return;
    }
    setTimeout(tick, 2);
  };
  tick();
})()`

// A searchTiming is when the first search result showed, in milliseconds
// since navigation started.
type searchTiming struct{ result float64 }

// firstResult loads url (the home page) loads times, cold and throttled,
// and returns the median time to the first search result.
func (b *browser) firstResult(url string) searchTiming {
	var v []float64
	for range loads {
		ctx, cancel := b.tab(90 * time.Second)
		var t float64
		err := chromedp.Run(ctx,
			network.Enable(),
			network.SetCacheDisabled(true),
			network.EmulateNetworkConditions(false, 40, throttle, throttle),
			chromedp.ActionFunc(func(ctx context.Context) error {
				_, err := page.AddScriptToEvaluateOnNewDocument(firstResultJS).Do(ctx)
				return err
			}),
			chromedp.Navigate(url),
			chromedp.Evaluate(waitJS(`window.__firstResult > 0`)+`.then(() => window.__firstResult)`, &t, awaitPromise),
		)
		cancel()
		if err != nil {
			log.Printf("bench: first search result: %v", err)
			continue
		}
		v = append(v, t)
	}
	if len(v) == 0 {
		return searchTiming{}
	}
	return searchTiming{median(v)}
}

const fcpJS = `new Promise(r => { const f = () => { const e = performance.getEntriesByName('first-contentful-paint')[0]; if (e) r(e.startTime); else setTimeout(f, 5) }; f() })`

// A loadTiming is what one page load measured, in milliseconds since
// navigation started.
type loadTiming struct {
	fcp float64 // first contentful paint
	tti float64 // go-app's loader gone: the wasm runs (0 unless asked for)
	// startup is tti minus the end of app.wasm's download: compiling what
	// streaming compilation left, package initialisation and the first
	// render — the main-thread cost that grows with the program, apart
	// from the network.
	startup float64
}

// loads is how many times a load is measured; the bench keeps the median.
const loads = 3

// load opens url loads times, each in a fresh browser with the network
// throttled and the cache off, and returns the median of each figure.
func (b *browser) load(url string, interactive bool) loadTiming {
	var fcp, tti, startup []float64
	for range loads {
		t := b.loadOnce(url, interactive)
		fcp, tti, startup = append(fcp, t.fcp), append(tti, t.tti), append(startup, t.startup)
	}
	return loadTiming{median(fcp), median(tti), median(startup)}
}

// median returns the middle value of v (which it sorts).
func median(v []float64) float64 {
	slices.Sort(v)
	return v[len(v)/2]
}

const wasmEndJS = `(performance.getEntriesByType('resource').find(e => e.name.endsWith('/web/app.wasm')) || {responseEnd: 0}).responseEnd`

// loadOnce opens url in a fresh browser context with the network throttled
// and the cache off, and returns the first contentful paint and, when
// interactive, the time until go-app's loader is gone (the wasm runs).
func (b *browser) loadOnce(url string, interactive bool) (t loadTiming) {
	ctx, cancel := b.tab(90 * time.Second)
	defer cancel()
	err := chromedp.Run(ctx,
		network.Enable(),
		network.SetCacheDisabled(true),
		network.EmulateNetworkConditions(false, 40, throttle, throttle),
		chromedp.Navigate(url),
		chromedp.Evaluate(fcpJS, &t.fcp, awaitPromise),
	)
	if err == nil && interactive {
		var wasmEnd float64
		err = chromedp.Run(ctx,
			chromedp.Evaluate(wasmRunning, &t.tti, awaitPromise),
			chromedp.Evaluate(wasmEndJS, &wasmEnd))
		if wasmEnd > 0 {
			t.startup = t.tti - wasmEnd
		}
	}
	if err != nil {
		log.Printf("bench: %s: %v", url, err)
	}
	return t
}

// repeatVisit loads url twice in one context (the second time from the
// service worker's cache).
func (b *browser) repeatVisit(url string) (first, repeat float64) {
	ctx, cancel := b.tab(180 * time.Second)
	defer cancel()
	var ok bool
	err := chromedp.Run(ctx,
		network.Enable(),
		network.EmulateNetworkConditions(false, 40, throttle, throttle),
		chromedp.Navigate(url),
		chromedp.Evaluate(wasmRunning, &first, awaitPromise),
		chromedp.Evaluate(`navigator.serviceWorker.ready.then(() => caches.keys()).then(k => k.length > 0)`, &ok, awaitPromise),
		chromedp.Reload(),
		chromedp.Evaluate(wasmRunning, &repeat, awaitPromise),
	)
	if err != nil {
		log.Printf("bench: repeat visit: %v", err)
	}
	return first, repeat
}

// workload opens url, a copy of the site built with the bench hook, waits
// for the wasm and returns what window.errscopeBench() measured, as JSON.
func (b *browser) workload(url string) string {
	ctx, cancel := b.tab(180 * time.Second)
	defer cancel()
	var res string
	err := chromedp.Run(ctx,
		chromedp.Navigate(url),
		chromedp.Evaluate(wasmRunning, nil, awaitPromise),
		chromedp.Evaluate(`typeof errscopeBench === 'function' ? errscopeBench() : ''`, &res),
	)
	if err != nil {
		log.Printf("bench: workload: %v", err)
	}
	return res
}

// benchSite copies the built site to dst with an app.wasm that has the
// bench hook (app/bench_wasm.go, -tags errscope_bench).
func benchSite(siteDir, dst string) error {
	if err := os.RemoveAll(dst); err != nil {
		return err
	}
	if err := os.CopyFS(dst, os.DirFS(siteDir)); err != nil {
		return err
	}
	buildWasm(filepath.Join(dst, "web", "app.wasm"), "./app", "-tags", "errscope_bench")
	return nil
}

// buildWasm builds pkg for the browser into out with the flags of
// ./build.sh, so every wasm the bench compares is built alike.
func buildWasm(out, pkg string, flags ...string) {
	args := append([]string{"build"}, flags...)
	args = append(args, "-trimpath", "-ldflags=-s -w", "-o", out, pkg)
	runEnv([]string{"GOOS=js", "GOARCH=wasm"}, "go", args...)
}

func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }
