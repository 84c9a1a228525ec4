//go:build !wasm

package main

import (
	"encoding/json"
	"html"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/docs"
	"github.com/errscope/errscope/internal/finder"
	"github.com/errscope/errscope/internal/route"
	"github.com/errscope/errscope/retry"
	"github.com/errscope/errscope/scenario"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Native component tests: app.NewTestEngine runs the server lifecycle
// (OnInit, OnPreRender), which is exactly what the static build renders.

// render loads c into a test engine and returns its HTML.
func render(t *testing.T, c app.Composer) string {
	t.Helper()
	e := app.NewTestEngine()
	if err := e.Load(c); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	return app.HTMLString(c)
}

// text returns the HTML's text with tags removed and entities decoded, so
// that tests look for what a reader sees.
func text(h string) string {
	return html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(h, ""))
}

// inline undoes go-app's HTML indentation (a newline and spaces between
// nodes), which the browser's DOM of the same tree does not have.
func inline(h string) string { return regexp.MustCompile(`\n *`).ReplaceAllString(h, "") }

// The rows themselves are internal/finder's (TestEmptyQueryListsEveryEntryByAPI
// there); the page puts them where the finder binary expects them.
func TestHomeEmptyQueryListsEveryEntryByAPI(t *testing.T) {
	h := &homePage{}
	out := render(t, h)
	if !strings.Contains(out, finder.Search(finder.State{}).ResultsHTML()) {
		t.Errorf("the home page does not hold the finder's rows for the empty query")
	}
	// The search box and the result count are where the e2e tests and
	// screen readers expect them.
	if err := app.Match(app.Text("Reference"), h, 0, 1, 0, 1, 0, 0, 0); err != nil {
		t.Errorf("header nav: %v", err)
	}
	for _, id := range []string{`id="search"`, `id="results"`, `id="result-count"`, `id="filter-api"`, `id="filter-category"`, `id="filter-status"`, `id="filter-retryable"`} {
		if !strings.Contains(out, id) {
			t.Errorf("home page lacks %s", id)
		}
	}
}

func TestCodePageEveryEntry(t *testing.T) {
	for _, e := range catalog.All() {
		t.Run(e.Key(), func(t *testing.T) {
			p := &codePage{Key: e.Key()}
			out := render(t, p)
			txt := text(out)
			for _, want := range []string{string(e.Code), strconv.Itoa(e.Status), string(e.Type), e.Meaning, retryWord(e.Retryable)} {
				if !strings.Contains(txt, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			for _, s := range e.Solutions {
				if !strings.Contains(txt, s) {
					t.Errorf("page lacks the solution %q", s)
				}
			}
			// The type fact and the heading's code wrap only after an
			// underscore, and hold nothing but the code (copied as is).
			for id, want := range map[string]string{"fact-type": string(e.Type), "code-name": string(e.Code)} {
				m := regexp.MustCompile(`<code id="` + id + `"[^>]*>([^<]*(?:<wbr>[^<]*)*)</code>`).FindStringSubmatch(out)
				if m == nil || html.UnescapeString(strings.ReplaceAll(m[1], "<wbr>", "")) != want {
					t.Errorf("#%s holds %q, want %q", id, m, want)
				} else if n := strings.Count(want, "_"); n > 0 && strings.Count(m[1], "_<wbr>") != n-min(1, strings.Count(want[len(want)-1:], "_")) {
					t.Errorf("#%s: %q breaks elsewhere than after its underscores", id, m[1])
				}
			}
			for _, id := range []string{"fact-status", "fact-type", "fact-retryable", "example-response", "sdk-decision", "open-in-decoder", "meaning"} {
				if !strings.Contains(out, `id="`+id+`"`) {
					t.Errorf("page lacks #%s", id)
				}
			}
			// "Open in decoder" carries the example response.
			m := regexp.MustCompile(`id="open-in-decoder"[^>]*href="/decode#([^"]*)"|href="/decode#([^"]*)"[^>]*id="open-in-decoder"`).FindStringSubmatch(out)
			if m == nil {
				t.Fatal("no decoder link")
			}
			frag := m[1] + m[2]
			if got, found, ok := fragmentExample(frag); !found || !ok || got.Key() != e.Key() {
				t.Errorf("decoder link fragment %q names %q (found %v, ok %v), want %s", frag, got.Key(), found, ok, e.Key())
			}
			// The pre-rendered example is the example, byte for byte: no
			// indentation inside <pre>.
			x := newCodeExtras(e)
			pre := regexp.MustCompile(`(?s)<pre [^>]*id="example-response"[^>]*>(.*?)</pre>`).FindStringSubmatch(out)
			if pre == nil || text(pre[1]) != x.example {
				t.Errorf("pre-rendered example differs from the example text")
			}
			// The SDK section says what the explain report says.
			if x.retry.Sentence == "" || !strings.Contains(txt, x.retry.Sentence) {
				t.Errorf("SDK decision %q not shown", x.retry.Sentence)
			}
			if x.retry.Retries() && !e.Retryable {
				t.Errorf("the SDK retries the example of a non-retryable code: %+v", x.retry)
			}
		})
	}
}

func TestCodePageUnknown(t *testing.T) {
	out := render(t, &codePage{Key: "babysea/NOPE"})
	if !strings.Contains(out, `id="code-missing"`) {
		t.Errorf("unknown code does not render the missing page")
	}
}

func TestCodeLookupPage(t *testing.T) {
	shared := map[string]int{}
	for _, e := range catalog.All() {
		shared[strings.ToLower(string(e.Code))]++
	}
	for _, e := range catalog.All() {
		if shared[strings.ToLower(string(e.Code))] < 2 {
			continue
		}
		out := render(t, &codeLookupPage{Name: string(e.Code)})
		for _, c := range catalog.LookupCode(e.Code) {
			if !strings.Contains(out, `href="`+route.Code(c)+`"`) {
				t.Errorf("/errors/%s does not list %s", e.Code, route.Code(c))
			}
		}
	}
	for _, a := range catalog.APIs() {
		out := render(t, &codeLookupPage{Name: string(a.ID)})
		for _, e := range catalog.All() {
			if e.API == a.ID && !strings.Contains(out, `href="`+route.Code(e)+`"`) {
				t.Errorf("/errors/%s does not list %s", a.ID, route.Code(e))
			}
		}
	}
}

func TestDocsPages(t *testing.T) {
	ix := render(t, &docsIndexPage{})
	for _, p := range docs.Pages() {
		if !strings.Contains(ix, `href="/docs/`+p.Slug+`"`) {
			t.Errorf("/docs does not link %s", p.Slug)
		}
		out := render(t, &docPage{Slug: p.Slug})
		if !strings.Contains(out, p.HTML) {
			t.Errorf("/docs/%s does not contain the guide's HTML", p.Slug)
		}
		if !strings.Contains(out, `aria-current="page" href="/docs/`+p.Slug+`"`) && !strings.Contains(out, `href="/docs/`+p.Slug+`" aria-current="page"`) {
			t.Errorf("/docs/%s: the side list does not mark the current guide", p.Slug)
		}
	}
	if out := render(t, &docPage{Slug: "no-such-guide"}); !strings.Contains(out, `id="doc-missing"`) {
		t.Errorf("unknown guide does not render the missing page")
	}
}

func TestDecodePage(t *testing.T) {
	const secret = "sk-bab-SECRET123abcdefghijklmnop"
	input := "> GET /v1/projects HTTP/1.1\n> Authorization: Bearer " + secret + "\n>\n< HTTP/1.1 429 Too Many Requests\n< Retry-After: 17\n< Content-Type: application/json\n<\n" +
		`{"status":"error","request_id":"req_unit_1","error":{"code":"BSE1005","type":"rate_limit_exceeded","message":"<img src=x onerror=alert(1)>","retryable":true}}`
	p := &decodePage{Input: input}
	out := render(t, p)
	// The textarea holds the visitor's own paste (in the browser it is a
	// DOM property, not page text); everything else must be redacted.
	out = regexp.MustCompile(`(?s)<textarea.*?</textarea>`).ReplaceAllString(out, "")
	txt := text(out)
	for _, want := range []string{"BSE1005", "req_unit_1", "Retries after 17 s (Retry-After 17 s)."} {
		if !strings.Contains(txt, want) {
			t.Errorf("decoder output lacks %q", want)
		}
	}
	if strings.Contains(out, "SECRET123") {
		t.Errorf("decoder output shows the secret")
	}
	if strings.Contains(out, "<img src=x") {
		t.Errorf("decoder output contains the pasted markup unescaped")
	}
	if !strings.Contains(out, `href="/errors/babysea/BSE1005"`) {
		t.Errorf("decoder output does not link the code page")
	}
	enc, ok := fragmentPayload(strings.TrimPrefix(p.shareURL[strings.Index(p.shareURL, "#"):], "#"))
	if !ok {
		t.Fatalf("share URL %q has no z=", p.shareURL)
	}
	shared, err := decodeShare(enc)
	if err != nil || strings.Contains(shared, "SECRET123") || !strings.Contains(shared, "req_unit_1") {
		t.Errorf("share link decodes to %q, %v: want the redacted paste", shared, err)
	}
	empty := render(t, &decodePage{})
	for _, id := range []string{"decode-input", "decode-output", "decode-api", "decode-method", "decode-idempotency-key"} {
		if !strings.Contains(empty, `id="`+id+`"`) {
			t.Errorf("decoder lacks #%s", id)
		}
	}
}

func TestSimulatePageDefault(t *testing.T) {
	p := &simulatePage{}
	out := render(t, p)
	want, err := retry.ParseSpec(catalog.BabySea, scenario.DefaultResponses)
	if err != nil {
		t.Fatal(err)
	}
	table := out[strings.Index(out, `id="sim-attempts"`):]
	rows := strings.Count(table[:strings.Index(table, "</table>")], "<tr>") - 1 // minus the header row
	if rows != len(want) {
		t.Errorf("%d attempt rows, want %d", rows, len(want))
	}
	if !strings.Contains(out, "<svg") || !strings.Contains(out, `id="timeline"`) {
		t.Errorf("no timeline SVG")
	}
	for _, j := range retry.Jitters {
		if !strings.Contains(out, `data-jitter="`+string(j)+`"`) {
			t.Errorf("no herd card for jitter %s", j)
		}
	}
	if !strings.Contains(out, `data-peak="`) {
		t.Errorf("no data-peak")
	}
	if p.err != "" || p.herdErr != "" {
		t.Errorf("default run failed: %q %q", p.err, p.herdErr)
	}
}

// Every code page's "Simulate retries" link opens a scenario the simulator
// can run.
func TestSimulateFragmentForEveryEntry(t *testing.T) {
	for _, e := range catalog.All() {
		f, ok := parseSimFragment(simulateFragmentFor(e))
		if !ok || f.API != string(e.API) || !strings.Contains(f.Spec, string(e.Code)) {
			t.Errorf("%s: fragment parses to %+v", e.Key(), f)
			continue
		}
		p := &simulatePage{}
		p.setForm(f)
		p.run()
		if p.err != "" || len(p.result.Attempts) == 0 {
			t.Errorf("%s: scenario %q does not run: %s", e.Key(), f.Spec, p.err)
		}
	}
}

func TestSimFormRoundTrip(t *testing.T) {
	tests := []simForm{
		defaultSimForm(),
		{API: "claro", Spec: "503*3,200", Seed: "42", MaxRetries: "4", Base: "250ms", Cap: "10s", Jitter: "equal",
			RetryAfterCap: "30s", Budget: "0.1", Deadline: "20s", Method: "POST", Key: "k-1", Clients: "500",
			Outage: "3s", Capacity: "", Spread: "0s", Retries: "2"},
	}
	for _, f := range tests {
		got, ok := parseSimFragment(f.encode())
		if !ok {
			t.Fatalf("parseSimFragment(%q) failed", f.encode())
		}
		if got != f {
			t.Errorf("round trip of %+v gave %+v", f, got)
		}
	}
	if _, ok := parseSimFragment(""); ok {
		t.Error("an empty fragment parsed as a form")
	}
	if _, ok := parseSimFragment("%zz"); ok {
		t.Error("a malformed fragment parsed as a form")
	}
	// A link made before the page spelled the scenario as the command
	// line does still opens the same scenario.
	old, ok := parseSimFragment("api=claro&spec=503*3%2C200&retries=4&ra_cap=30s&key=k-1")
	if want := (simForm{API: "claro", Spec: "503*3,200", MaxRetries: "4", RetryAfterCap: "30s", Key: "k-1"}); !ok || old != want {
		t.Errorf("legacy link gave %+v, want %+v", old, want)
	}
}

// TestSimFormScenarioJSON: the form and the JSON scenario the command line
// loads are one scenario: saving the form and loading the JSON back gives
// the same form, and the same run.
func TestSimFormScenarioJSON(t *testing.T) {
	f := simForm{API: "aionvision", Spec: "429,503,503,200", MaxRetries: "4", Jitter: "equal", Method: "POST", Key: "k", Clients: "300", Capacity: "unlimited"}
	r := f.parse()
	if r.herdErr != nil {
		t.Fatal(r.herdErr)
	}
	sc := r.sc
	b, err := json.Marshal(sc)
	if err != nil {
		t.Fatal(err)
	}
	back, err := scenario.Parse(b)
	if err != nil {
		t.Fatalf("Parse(%s): %v", b, err)
	}
	if got := fromScenario(back); got != f {
		t.Errorf("form → JSON %s → form gave %+v, want %+v", b, got, f)
	}
	if a, b := sc.Run(), back.Run(); !reflect.DeepEqual(a, b) {
		t.Errorf("the loaded scenario runs differently")
	}
}

func TestSimFormErrors(t *testing.T) {
	tests := []struct {
		f    simForm
		herd bool
		want string
	}{
		{simForm{API: "babysea", Base: "soon"}, false, "Base delay: "},
		{simForm{API: "babysea", MaxRetries: "-1"}, false, "Max retries: "},
		{simForm{API: "babysea", Jitter: "wobbly"}, false, "Jitter: "},
		{simForm{API: "babysea", Budget: "x"}, false, "Retry budget: "},
		{simForm{API: "babysea", Clients: "0"}, true, "Clients: "},
		{simForm{API: "babysea", Retries: "99"}, true, "Retries per client: "},
	}
	for _, tt := range tests {
		r := tt.f.parse()
		err := r.err
		if tt.herd {
			err = r.herdErr
		}
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("parse(%+v) = %v, want an error starting %q", tt.f, err, tt.want)
		}
		// A bad request field stops the herd too, with the same error.
		if !tt.herd && (r.herdErr == nil || r.herdErr.Error() != r.err.Error()) {
			t.Errorf("parse(%+v): herd error %v, want the request's %v", tt.f, r.herdErr, r.err)
		}
	}
	// A bad herd field does not stop the single request's run.
	if r := (simForm{API: "babysea", Clients: "0"}).parse(); r.err != nil {
		t.Errorf("a bad herd field stopped the request: %v", r.err)
	}
	r := simForm{API: "babysea", MaxRetries: "0", Base: "2", Cap: "1m"}.parse()
	sc, err := r.sc, r.err
	p := sc.Policy()
	if err != nil || p.Attempts() != 1 || p.BaseDelay.Seconds() != 2 || p.MaxDelay.Minutes() != 1 {
		t.Errorf("policy overrides = %+v, %v", p, err)
	}
}

// TestSimulateInputIDs: every scenario field has one input or menu on the
// page, at the id inputID gives, so that loading a scenario file can set
// each (onLoadScenario).
func TestSimulateInputIDs(t *testing.T) {
	out := render(t, &simulatePage{})
	for _, f := range scenario.Fields {
		id := inputID(f.Name)
		tags := regexp.MustCompile(`<(\w+)[^>]* id="`+regexp.QuoteMeta(id)+`"`).FindAllStringSubmatch(out, -1)
		if len(tags) != 1 || tags[0][1] != "input" && tags[0][1] != "select" {
			t.Errorf("field %s: id %q is on %v, want one input or select", f.Name, id, tags)
		}
	}
}

func TestNotFoundPage(t *testing.T) {
	out := render(t, &notFoundPage{})
	if !strings.Contains(out, `id="not-found"`) {
		t.Errorf("404 page lacks its marker")
	}
}

// Every code page's "Open in decoder" link names its entry; other
// fragments are not examples, and unknown codes are reported.
func TestExampleFragment(t *testing.T) {
	for _, e := range catalog.All() {
		got, found, ok := fragmentExample(exampleFragment(e))
		if !found || !ok || got.Key() != e.Key() {
			t.Errorf("%s: fragment %q gives %q (found %v, ok %v)", e.Key(), exampleFragment(e), got.Key(), found, ok)
		}
	}
	for _, tt := range []struct {
		frag      string
		found, ok bool
	}{
		{"example=babysea/BSE9999", true, false},
		{"example=BSE1005", true, false},
		{"example=", true, false},
		{"example=claro/rate_limit_exceeded&v=1", true, true},
		{"z=abc", false, false},
		{"", false, false},
		{"%zz", false, false},
	} {
		if _, found, ok := fragmentExample(tt.frag); found != tt.found || ok != tt.ok {
			t.Errorf("fragmentExample(%q) = found %v, ok %v; want %v, %v", tt.frag, found, ok, tt.found, tt.ok)
		}
	}
}

func TestShareRoundTrip(t *testing.T) {
	for _, s := range []string{"", "x", "HTTP/1.1 429 Too Many Requests\n\n{\"a\":1}", strings.Repeat("é✓", 5000)} {
		frag := shareFragment(s)
		enc, ok := fragmentPayload(frag)
		if !ok {
			t.Fatalf("fragmentPayload(%q) failed", frag)
		}
		got, err := decodeShare(enc)
		if err != nil || got != s {
			t.Errorf("round trip of %d bytes: %v", len(s), err)
		}
		if u, err := url.Parse("/decode#" + frag); err != nil || u.Fragment != frag {
			t.Errorf("fragment %q does not survive a URL", frag)
		}
	}
	if _, err := decodeShare("!!!"); err == nil {
		t.Error("decodeShare of junk succeeded")
	}
	// A bomb: a small link that inflates past the limit is refused.
	if _, err := decodeShare(encodeShare(strings.Repeat("a", maxShared+10))); err == nil {
		t.Error("decodeShare accepted a payload over maxShared")
	}
}

// FuzzDecodeShare: any fragment value decodes or fails without panicking,
// never returns more than maxShared bytes, and what decodes re-encodes to
// something that decodes to the same text.
func FuzzDecodeShare(f *testing.F) {
	f.Add(encodeShare("HTTP/1.1 503 Service Unavailable\n\n"))
	f.Add("")
	f.Add("zz__--")
	f.Add(encodeShare(strings.Repeat("x", 1000)))
	f.Fuzz(func(t *testing.T, v string) {
		s, err := decodeShare(v)
		if err != nil {
			return
		}
		if len(s) > maxShared {
			t.Fatalf("decoded %d bytes", len(s))
		}
		again, err := decodeShare(encodeShare(s))
		if err != nil || again != s {
			t.Fatalf("re-encoding changed the text: %v", err)
		}
	})
}

// Every <select> pre-renders with values on all options and exactly one
// selected option: go-app writes a false boolean as selected="false"
// (which HTML reads as selected) and drops empty value attributes (an
// option without one has its label as its value).
func TestSelectsPreRenderCorrectly(t *testing.T) {
	pages := map[string]app.Composer{
		"home":     &homePage{},
		"decode":   &decodePage{},
		"simulate": &simulatePage{},
	}
	sel := regexp.MustCompile(`(?s)<select[^>]*>(.*?)</select>`)
	opt := regexp.MustCompile(`<option[^>]*>`)
	for name, c := range pages {
		out := render(t, c)
		selects := sel.FindAllStringSubmatch(out, -1)
		if len(selects) == 0 {
			t.Errorf("%s: no select", name)
		}
		for _, s := range selects {
			selected := 0
			for _, o := range opt.FindAllString(s[1], -1) {
				if !strings.Contains(o, `value="`) {
					t.Errorf("%s: option without a value: %s", name, o)
				}
				if strings.Contains(o, "selected") {
					selected++
				}
			}
			if selected > 1 {
				t.Errorf("%s: %d selected options in one select", name, selected)
			}
		}
	}
}

// The herd cards share one time axis and one load scale, and every bar's
// height is proportional to its load: the tallest bars before and after
// the outage's end are the figures printed under the card.
func TestHerdChartGeometry(t *testing.T) {
	p := &simulatePage{}
	p.setForm(defaultSimForm())
	p.runHerd()
	if p.herdErr != "" || len(p.herd) != len(retry.Jitters) {
		t.Fatalf("herd: %q, %d runs", p.herdErr, len(p.herd))
	}
	sc := p.parsed.sc
	a := newHerdAxes(p.herd, sc.Herd.Outage, sc.HerdConfig().Capacity)
	perRPS := (herdH - herdMB - herdMT) / a.MaxRPS
	near := func(x, y float64) bool { return x-y < 0.01 && y-x < 0.01 }
	near2 := func(x, y float64) bool { return x-y < 0.2 && y-x < 0.2 } // SVG numbers are rounded to 0.1
	tallestAfter := map[retry.Jitter]float64{}
	for _, h := range p.herd {
		if span := float64(int64(len(h.res.Buckets)) * h.res.BucketMS); span > a.SpanMS {
			t.Errorf("%s: run of %v ms beyond the shared axis's %v ms", h.jitter, span, a.SpanMS)
		}
		during, after := herdPeaks(h.res, sc.Herd.Outage)
		if after != h.res.PeakRPS {
			t.Errorf("%s: tallest bar after the outage %v req/s, PeakRPS %v", h.jitter, after, h.res.PeakRPS)
		}
		var hDuring, hAfter float64
		for _, b := range a.bars(h.res) {
			if !near(b.H, b.RPS*perRPS) {
				t.Errorf("%s: bar at %d ms is %v high for %v req/s; want %v", h.jitter, b.TMS, b.H, b.RPS, b.RPS*perRPS)
			}
			if b.H > herdH-herdMB-herdMT+0.01 || b.FailedH > b.H+0.01 {
				t.Errorf("%s: bar at %d ms (%v high, %v failed) leaves the chart", h.jitter, b.TMS, b.H, b.FailedH)
			}
			if want := a.x(float64(b.TMS)); b.X < want || b.X > want+(a.x(float64(h.res.BucketMS))-a.x(0))*0.2 {
				t.Errorf("%s: bar at %d ms drawn at x %v, axis puts it at %v", h.jitter, b.TMS, b.X, want)
			}
			if b.AfterOutage {
				hAfter = max(hAfter, b.H)
			} else {
				hDuring = max(hDuring, b.H)
			}
		}
		if !near(hAfter, h.res.PeakRPS*perRPS) || !near(hDuring, during*perRPS) {
			t.Errorf("%s: tallest bars %v / %v high; printed peaks %v / %v req/s want %v / %v", h.jitter, hDuring, hAfter, during, h.res.PeakRPS, during*perRPS, h.res.PeakRPS*perRPS)
		}
		tallestAfter[h.jitter] = hAfter
		// Served requests stand on the axis; failed ones stack on top.
		svg := app.HTMLString(herdSVG(h, a))
		for _, m := range regexp.MustCompile(`<rect([^>]*)>`).FindAllStringSubmatch(svg, -1) {
			f := func(name string) float64 {
				v, _ := strconv.ParseFloat(regexp.MustCompile(` ` + name + `="([^"]*)"`).FindStringSubmatch(m[1])[1], 64)
				return v
			}
			bottom := f("y") + f("height")
			if strings.Contains(m[1], `class="bar"`) && !near2(bottom, a.y(0)) {
				t.Errorf("%s: a served bar ends at %v, not on the axis at %v", h.jitter, bottom, a.y(0))
			}
		}
		out := text(inline(app.HTMLString(herdCard(h, a))))
		for _, fig := range []float64{h.res.PeakRPS, during} {
			if !strings.Contains(out, num(fig)+" req/s") {
				t.Errorf("%s: card does not print %s req/s: %s", h.jitter, num(fig), out)
			}
		}
	}
	if none, full := tallestAfter[retry.JitterNone], tallestAfter[retry.JitterFull]; !(none > full) {
		t.Errorf("no jitter's peak bar (%v) is not taller than full jitter's (%v)", none, full)
	}
	out := render(t, &simulatePage{})
	for _, want := range []string{"req/s", "seconds since the outage began", `id="herd-legend"`, "server capacity, 200 req/s", "the outage ends"} {
		if !strings.Contains(out, want) {
			t.Errorf("herd section lacks %q", want)
		}
	}
}

// The simulator's contention table is Brooker's setup: full jitter makes
// the fewest calls of the kinds he compared, as the page and
// docs/retries.md say.
func TestSimulateContendTable(t *testing.T) {
	out := render(t, &simulatePage{})
	if !strings.Contains(out, `id="contend-table"`) {
		t.Fatal("no contention table")
	}
	calls := map[string]float64{}
	for _, m := range regexp.MustCompile(`data-jitter="(\w+)"[^>]*>\s*<th[^>]*>[^<]*</th>\s*<td[^>]*data-calls="([0-9.]+)"`).FindAllStringSubmatch(out, -1) {
		calls[m[1]], _ = strconv.ParseFloat(m[2], 64)
	}
	full := calls[string(retry.JitterFull)]
	for _, j := range []retry.Jitter{retry.JitterNone, retry.JitterEqual, retry.JitterDecorrelated} {
		if c, ok := calls[string(j)]; !ok || !(full < c) {
			t.Errorf("full jitter %v calls, %s %v (%v): want full fewest", full, j, c, ok)
		}
	}
}

func TestSimulateWording(t *testing.T) {
	// The preset "four 503s, then success" under BabySea's 2 retries.
	f := defaultSimForm()
	f.Spec = presets[1][0]
	page := func(f simForm) string {
		p := &simulatePage{}
		p.setForm(f)
		p.run()
		p.runHerd()
		return inline(app.HTMLString(p.Render()))
	}
	out := text(page(f))
	for _, want := range []string{
		"Gave up after 3 attempts, the most the policy allows",
		"The scenario's last 2 of 5 responses were not played: raise Max retries to 4 to play them all.",
		"no jitter", "success", "failed, retried",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("simulator lacks %q", want)
		}
	}
	for _, bad := range []string{"(gave up)", "none jitter"} {
		if strings.Contains(out, bad) {
			t.Errorf("simulator says %q", bad)
		}
	}
	// The menu keeps showing the chosen preset.
	h := page(f)
	selected := ""
	for _, o := range regexp.MustCompile(`<option[^>]*>`).FindAllString(h, -1) {
		if strings.Contains(o, " selected") && strings.Contains(h[:strings.Index(h, o)], `id="sim-preset"`) && !strings.Contains(h[strings.Index(h, `id="sim-preset"`):strings.Index(h, o)], "</select>") {
			selected += o
		}
	}
	if !strings.Contains(selected, `value="`+html.EscapeString(presets[1][0])+`"`) {
		t.Errorf("the preset menu selects %q, want %q", selected, presets[1][0])
	}
	// Enough retries: no hint.
	f.MaxRetries = "4"
	if out := text(page(f)); strings.Contains(out, "raise Max retries") {
		t.Errorf("a run that played every response still hints")
	}
}

// No timeline label runs past the chart's edges, whatever the width of
// the wait it names (the phone's 17 px font is the widest).
func TestTimelineLabelsFit(t *testing.T) {
	for _, spec := range []string{"503,200", "429:retry-after=1,200", "503*3,200", "429:retry-after=17,503,200"} {
		resp, err := retry.ParseSpec(catalog.BabySea, spec)
		if err != nil {
			t.Fatal(err)
		}
		r := retry.ForAPI(catalog.BabySea).Schedule(retry.Scenario{API: catalog.BabySea, Responses: resp, Seed: 1})
		h := app.HTMLString(timelineSVG(r))
		labels := regexp.MustCompile(`<text([^>]*)>(wait [^<]*)</text>`).FindAllStringSubmatch(h, -1)
		if len(labels) == 0 {
			t.Errorf("%s: no wait label in %s", spec, h)
		}
		attr := func(attrs, name string) string {
			m := regexp.MustCompile(` ` + name + `="([^"]*)"`).FindStringSubmatch(attrs)
			if m == nil {
				return ""
			}
			return m[1]
		}
		for _, m := range labels {
			x, _ := strconv.ParseFloat(attr(m[1], "x"), 64)
			w := float64(len([]rune(m[2]))) * timelineGlyph
			left := map[string]float64{"start": x, "middle": x - w/2, "end": x - w}[attr(m[1], "text-anchor")]
			if left < 0 || left+w > 560 {
				t.Errorf("%s: label %q spans %v…%v, outside 0…560", spec, m[2], left, left+w)
			}
		}
	}
}

// /embed is linked from every page's footer, and each code page offers
// its own card's snippet.
func TestEmbedLinked(t *testing.T) {
	for name, c := range map[string]app.Composer{"home": &homePage{}, "simulate": &simulatePage{}, "code": &codePage{Key: "babysea/BSE1005"}} {
		if out := render(t, c); !regexp.MustCompile(`<a [^>]*href="/embed"`).MatchString(out) {
			t.Errorf("%s: no link to /embed", name)
		}
	}
	out := render(t, &codePage{Key: "claro/rate_limit_exceeded"})
	// Byte for byte: what the copy button copies (no indentation in <pre>).
	m := regexp.MustCompile(`<pre id="embed-snippet"[^>]*><code>([^<]*)</code></pre>`).FindStringSubmatch(out)
	if m == nil || html.UnescapeString(m[1]) != `<div data-errscope="claro/rate_limit_exceeded"></div>` {
		t.Errorf("the code page's embed snippet is %q", m)
	}
}

// A code page has a copy button for the code, a link to each section, and
// keeps errscope's curation notes out of the meaning, under Sources.
func TestCodePageCopyAnchorsSources(t *testing.T) {
	for _, e := range catalog.All() {
		out := inline(render(t, &codePage{Key: e.Key()}))
		if !regexp.MustCompile(`<button[^>]*data-copy-from="code-name"`).MatchString(out) {
			t.Errorf("%s: no copy button for the code", e.Key())
		}
		for _, id := range []string{"meaning", "example", "sdk", "learn-more", "sources", "embed"} {
			if !strings.Contains(out, `href="#`+id+`"`) || !strings.Contains(out, `id="`+id+`"`) {
				t.Errorf("%s: no section #%s with a link to itself", e.Key(), id)
			}
		}
		meaning := out[strings.Index(out, `id="meaning"`):]
		meaning = meaning[:strings.Index(meaning, "</section>")]
		sources := out[strings.Index(out, `id="sources"`):]
		for _, note := range []string{e.StatusNote, e.OlderWording} {
			if note == "" {
				continue
			}
			if strings.Contains(text(meaning), note) || !strings.Contains(text(sources), note) {
				t.Errorf("%s: curation note %q is not (only) under Sources", e.Key(), note)
			}
		}
		for _, bad := range []string{"Taken as", "Older wording"} {
			if strings.Contains(e.Meaning, bad) || strings.Contains(text(meaning), bad) {
				t.Errorf("%s: the meaning carries a curation note (%q)", e.Key(), bad)
			}
		}
	}
	out := render(t, &codePage{Key: "aionvision/VALIDATION_ERROR"})
	if !strings.Contains(text(out), "Taken as 400 (the envelope's example).") {
		t.Errorf("VALIDATION_ERROR's status note is not shown")
	}
	if out := render(t, &codePage{Key: "babysea/BSE1005"}); !strings.Contains(out, `href="https://docs.babysea.ai/llms.txt"`) {
		t.Errorf("BabySea's source is not linked")
	}
}

// An unknown code's page repeats the code, links a search for it and
// lists the nearest codes — on the not-found page the host serves for
// it, on the code page's own "missing" view and on /errors/<code>.
func TestUnknownCode(t *testing.T) {
	pages := map[string]string{
		"not found": app.HTMLString((&notFoundPage{path: "/errors/babysea/BSE9999"}).Render()),
		"code page": render(t, &codePage{Key: "babysea/BSE9999"}),
		"lookup":    render(t, &codeLookupPage{Name: "BSE9999"}),
	}
	for name, out := range pages {
		txt := strings.Join(strings.Fields(text(out)), " ")
		if !strings.Contains(txt, "BSE9999 is not") {
			t.Errorf("%s: the code is not repeated: %s", name, txt)
		}
		if !strings.Contains(out, `href="/?q=BSE9999"`) {
			t.Errorf("%s: no search for the code", name)
		}
		if !strings.Contains(out, `id="near-codes"`) || !strings.Contains(out, `href="/errors/babysea/BSE5003"`) {
			t.Errorf("%s: no near codes (BSE5003 is the nearest number)", name)
		}
	}
	if out := text(app.HTMLString((&notFoundPage{path: "/no/such/page"}).Render())); strings.Contains(out, "is not in the catalog") {
		t.Errorf("an unknown page that is not a code is treated as one")
	}
}

func TestNearCodes(t *testing.T) {
	tests := []struct {
		api  catalog.API
		code string
		want string // the first
	}{
		{catalog.BabySea, "BSE9999", "BSE5003"},
		{catalog.BabySea, "BSE1050", "BSE1009"},
		{"", "RATE_LIMT_EXCEEDED", "RATE_LIMIT_EXCEEDED"}, // a typo inside: the shared suffix decides
		{catalog.Aionvision, "RATE_LIMIT_ERRR", "RATE_LIMIT_ERROR"},
		{catalog.Claro, "rate_limit", "rate_limit_exceeded"},
		{"nosuchapi", "BSE1005", "BSE1005"},
	}
	for _, tt := range tests {
		got := nearCodes(tt.api, tt.code, 5)
		if len(got) == 0 || !strings.EqualFold(string(got[0].Code), tt.want) {
			t.Errorf("nearCodes(%q, %q) = %v, want %s first", tt.api, tt.code, got, tt.want)
		}
		if len(got) > 5 {
			t.Errorf("nearCodes(%q, %q): %d codes, want at most 5", tt.api, tt.code, len(got))
		}
	}
	if got := nearCodes("", "zzz", 5); len(got) != 0 {
		t.Errorf("nearCodes(zzz) = %v, want none", got)
	}
}

// TestSimulateTestYourClient: the page shows the mock and check commands
// of the scenario on screen, in the command line's spelling.
func TestSimulateTestYourClient(t *testing.T) {
	out := render(t, &simulatePage{})
	for _, want := range []string{
		`id="test-client-mock"`, `go run ./app mock --api babysea --responses 429:retry-after=17,503,200`,
		`id="test-client-check"`, `go run ./app check --api babysea --responses 429:retry-after=17,503,200 -- CLIENT`,
		`href="/docs/testing-retries"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the simulator lacks %q", want)
		}
	}
	p := &simulatePage{}
	p.setForm(simForm{API: "claro", Spec: "503*2,200"})
	if out := text(render(t, &uiCompo{ui: p.renderTestClient})); !strings.Contains(out, "go run ./app check --api claro --responses 503,503,200 -- CLIENT") {
		t.Errorf("claro's scenario: %s", out)
	}
	p.setForm(simForm{API: "claro", Spec: "teapot"})
	if out := render(t, &uiCompo{ui: p.renderTestClient}); strings.Contains(out, `id="test-client-mock"`) {
		t.Errorf("a scenario that does not parse still shows commands")
	}
}

// uiCompo renders what ui returns, to test a part of a page.
type uiCompo struct {
	app.Compo
	ui func() app.UI
}

func (c *uiCompo) Render() app.UI { return c.ui() }
