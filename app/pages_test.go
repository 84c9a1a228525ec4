//go:build !wasm

package main

import (
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/docs"
	"github.com/errscope/errscope/internal/finder"
	"github.com/errscope/errscope/internal/route"
	"github.com/errscope/errscope/retry"
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
			// facts: component → .site(0) → main(2) → article(0) → header(1) → dl(1) → fact(2) → dd(1) → code(0) → text
			if err := app.Match(app.Text(string(e.Type)), p, 0, 2, 0, 1, 1, 2, 1, 0, 0); err != nil {
				t.Errorf("type fact: %v", err)
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
	want, err := retry.ParseSpec(catalog.BabySea, defaultSpec)
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Count(out[strings.Index(out, `id="sim-attempts"`):], "<tr>") - 1 // minus the header row
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
		p := &simulatePage{form: f}
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
		// An empty capacity is not written, so the default comes back.
		want := f
		if want.Capacity == "" {
			want.Capacity = defaultCapacity
		}
		if got != want {
			t.Errorf("round trip of %+v gave %+v", want, got)
		}
	}
	if _, ok := parseSimFragment(""); ok {
		t.Error("an empty fragment parsed as a form")
	}
	if _, ok := parseSimFragment("%zz"); ok {
		t.Error("a malformed fragment parsed as a form")
	}
}

func TestSimPolicyErrors(t *testing.T) {
	tests := []struct {
		f    simForm
		want string
	}{
		{simForm{API: "babysea", Base: "soon"}, "base delay"},
		{simForm{API: "babysea", MaxRetries: "-1"}, "max retries"},
		{simForm{API: "babysea", Jitter: "wobbly"}, "jitter"},
		{simForm{API: "babysea", Budget: "x"}, "budget"},
	}
	for _, tt := range tests {
		if _, err := tt.f.policy(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("policy(%+v) = %v, want an error about %s", tt.f, err, tt.want)
		}
	}
	p, err := simForm{API: "babysea", MaxRetries: "0", Base: "2", Cap: "1m"}.policy()
	if err != nil || p.Attempts() != 1 || p.BaseDelay.Seconds() != 2 || p.MaxDelay.Minutes() != 1 {
		t.Errorf("policy overrides = %+v, %v", p, err)
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
