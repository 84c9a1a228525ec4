package e2e

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/docs"
	"github.com/errscope/errscope/internal/durtext"
	"github.com/errscope/errscope/retry"
)

// Code pages: /errors/<api>/<code>.

// checkCodePage asserts that the page shown is e's, with the catalog's
// facts, meaning and solutions.
func checkCodePage(t *testing.T, b *tab, e catalog.Entry) {
	t.Helper()
	// The wasm's first render of a code page precedes its OnNav (which
	// loads the entry), so wait for the entry rather than for the loader.
	b.waitText("#code h1", string(e.Code))
	if s := b.text("#fact-status"); !strings.Contains(s, strconv.Itoa(e.Status)) {
		t.Errorf("%s: status fact %q, want %d", e.Key(), s, e.Status)
	}
	if s := b.text("#fact-type"); strings.TrimSpace(s) != string(e.Type) {
		t.Errorf("%s: type fact %q, want %q", e.Key(), s, e.Type)
	}
	badge := strings.ToLower(b.text("#fact-retryable"))
	if e.Retryable != (strings.Contains(badge, "retryable") && !strings.Contains(badge, "not")) {
		t.Errorf("%s: retry badge %q, catalog says retryable=%v", e.Key(), badge, e.Retryable)
	}
	if m := b.text("#meaning"); !strings.Contains(m, e.Meaning) {
		t.Errorf("%s: meaning section %q lacks the catalog's meaning %q", e.Key(), shorten(m), e.Meaning)
	}
	sol := b.texts("#solutions li")
	if len(sol) != len(e.Solutions) {
		t.Errorf("%s: %d solutions shown, the catalog has %d", e.Key(), len(sol), len(e.Solutions))
	}
	for i := range min(len(sol), len(e.Solutions)) {
		if strings.TrimSpace(sol[i]) != e.Solutions[i] {
			t.Errorf("%s: solution %d is %q, want %q", e.Key(), i+1, sol[i], e.Solutions[i])
		}
	}
}

// sdkDecision is what the code page should say the SDK does after the
// example response: the real policy's decision, computed here the same
// way as in the SDK (first failed attempt of a GET).
func sdkDecision(e catalog.Entry) retry.Decision {
	status, h, body := apierror.Example(e)
	now, _ := apierror.ParseHTTPDate(h.Get("Date"))
	decoded := apierror.Parse(status, h, body, apierror.Options{API: e.API, Now: now, Method: http.MethodGet})
	p := retry.ForAPI(e.API)
	return p.Decide(retry.Call{Attempt: 1, Method: http.MethodGet}, retry.Failure{Err: decoded})
}

func TestCodePage(t *testing.T) {
	t.Parallel()
	b := newTab(t)
	e, _ := catalog.Lookup(catalog.BabySea, "BSE1005")

	t.Run("babysea/BSE1005", func(t *testing.T) {
		b.open("/errors/babysea/BSE1005")
		checkCodePage(t, b, e)
		if title := b.text("title"); !strings.Contains(title, "BSE1005") {
			t.Errorf("document title %q lacks the code", title)
		}
		// The example response and the SDK's decision about it.
		ex := b.text("#example-response")
		if !strings.Contains(ex, "429") || !strings.Contains(ex, "BSE1005") {
			t.Errorf("example response lacks the status or code:\n%s", shorten(ex))
		}
		d := sdkDecision(e)
		if !d.Retry || !d.ServerDelay {
			t.Fatalf("the SDK policy no longer retries BSE1005 after the server's delay (%+v): update this test", d)
		}
		dec := b.text("#sdk-decision")
		if !strings.Contains(strings.ToLower(dec), "retr") || !strings.Contains(dec, durtext.Format(d.Delay)) {
			t.Errorf("SDK decision %q: want a retry after %s (the real policy's decision)", dec, durtext.Format(d.Delay))
		}
		if want := durtext.Format(d.Delay); !strings.Contains(ex, "Retry-After: "+strings.TrimSuffix(want, " s")) {
			t.Logf("note: example response has no Retry-After matching %s", want)
		}
		// Code samples: one block per language of the docs package.
		langs := docs.SampleLanguages()
		if len(langs) < 4 {
			t.Errorf("docs has %d sample languages, want at least 4", len(langs))
		}
		for _, lang := range langs {
			if _, ok := docs.Sample(e.API, lang, e.Code); !ok {
				continue
			}
			sel := fmt.Sprintf("#samples #sample-%s", lang)
			if !b.has(sel) {
				t.Errorf("no %s sample (%s)", lang, sel)
				continue
			}
			var code string
			b.eval(fmt.Sprintf(`(() => { const p = document.querySelector(%s); return p ? p.textContent : "" })()`, jsString(sel+" pre")), &code)
			if strings.TrimSpace(code) == "" {
				t.Errorf("the %s sample is empty", lang)
			}
		}
		if n := len(b.texts("#samples pre")); n < 4 {
			t.Errorf("%d code samples, want one in each of 4 languages", n)
		}
	})

	t.Run("claro/rate_limit_exceeded", func(t *testing.T) {
		c, ok := catalog.Lookup(catalog.Claro, "rate_limit_exceeded")
		if !ok {
			t.Fatal("the catalog lost claro/rate_limit_exceeded")
		}
		b.open("/errors/claro/rate_limit_exceeded")
		checkCodePage(t, b, c)
	})

	t.Run("/errors/BSE1005 leads to the BabySea page", func(t *testing.T) {
		b.navigate("/errors/BSE1005")
		b.waitJS("the BabySea page", `location.pathname === "/errors/babysea/BSE1005"`)
		b.waitReady()
		b.waitText("h1", "BSE1005")
		checkCodePage(t, b, e)
	})

	t.Run("Open in decoder", func(t *testing.T) {
		b.open("/errors/babysea/BSE1005")
		b.click("#open-in-decoder")
		b.waitJS("the decoder", `location.pathname === "/decode"`)
		out := b.waitText("#decode-output", "BSE1005")
		if !strings.Contains(out, "429") {
			t.Errorf("the decoder shows no 429 for the example:\n%s", shorten(out))
		}
		if !strings.Contains(out, durtext.Format(sdkDecision(e).Delay)) {
			t.Errorf("the decoder's wait differs from the code page's %s:\n%s", durtext.Format(sdkDecision(e).Delay), shorten(out))
		}
	})
}
