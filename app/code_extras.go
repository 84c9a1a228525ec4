package main

import (
	"net/http"
	"sort"
	"strings"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/docs"
	"github.com/errscope/errscope/explain"
	"github.com/errscope/errscope/internal/highlight"
	"github.com/errscope/errscope/retry"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// codeExtras are the parts of a code page that come from the SDK packages:
// an example response (apierror.Example), what the SDK's retry policy does
// with it (the decoder's own report, explain.Decode, so that the page and
// the decoder word it the same), and code samples (docs.Sample).
type codeExtras struct {
	example string            // the example as curl -i prints it
	tokens  []highlight.Token // example, highlighted
	retry   explain.Retry     // what the SDK does after the example
	policy  retry.Policy
	samples []sample
}

type sample struct {
	lang, label string
	html        string // build-time highlighted <pre class="chroma">
	text        string // the same code as plain text, for copying
}

// sampleLabels names the sample languages.
var sampleLabels = map[string]string{
	"go":         "Go (errscope SDK)",
	"typescript": "TypeScript",
	"python":     "Python",
	"curl":       "curl",
}

func newCodeExtras(e catalog.Entry) codeExtras {
	var x codeExtras
	status, h, body := apierror.Example(e)
	x.example = exampleText(status, h, body)
	x.tokens = highlight.HTTP(x.example)

	now, _ := apierror.ParseHTTPDate(h.Get("Date"))
	x.policy = retry.ForAPI(e.API)
	x.retry = explain.Decode([]byte(x.example), explain.Options{API: e.API, Method: http.MethodGet, Now: now})[0].Retry

	for _, lang := range docs.SampleLanguages() {
		html, ok := docs.Sample(e.API, lang, e.Code)
		if !ok {
			continue
		}
		text, _ := docs.SampleText(e.API, lang, e.Code)
		label := sampleLabels[lang]
		if label == "" {
			label = lang
		}
		x.samples = append(x.samples, sample{lang: lang, label: label, html: html, text: text})
	}
	return x
}

// exampleText prints a response the way curl -i does: status line,
// headers (sorted, spelled as the API sends them), a blank line, the
// pretty-printed body.
func exampleText(status int, h apierror.Header, body []byte) string {
	var b strings.Builder
	b.WriteString("HTTP/1.1 " + statusText(status) + "\n")
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			b.WriteString(k + ": " + v + "\n")
		}
	}
	b.WriteString("\n")
	pretty, _ := highlight.PrettyJSON(string(body))
	b.WriteString(pretty)
	if !strings.HasSuffix(pretty, "\n") {
		b.WriteString("\n")
	}
	return b.String()
}

func (x codeExtras) render(e catalog.Entry) app.UI {
	badge := app.Span().Class("badge badge-final").Text("stop")
	if x.retry.Retries() {
		badge = app.Span().Class("badge badge-retry").Text("retry")
	}
	return app.Div().Class("extras").Body(
		app.Section().ID("example").Class("block").Body(
			sectionHeading("example", "Example response"),
			app.P().Textf("What %s sends for this error (the request id and times are made up):", apiName(e.API)),
			// The example is generated from the catalog (apierror.Example), not
			// typed by a visitor; preHTML escapes every token.
			app.Raw(preHTML("example-response", "chroma wrap", x.tokens)),
			app.Div().Class("toolbar").Body(
				&copyButton{ID: "copy-example", Label: "Copy the example response", Text: x.example, From: "example-response"},
				app.A().ID("open-in-decoder").Class("button").Href("/decode#"+exampleFragment(e)).Text("Open in decoder"),
			),
		),
		app.Section().ID("sdk").Class("block").Body(
			sectionHeading("sdk", "What the SDK does"),
			app.Div().ID("sdk-decision").Class("decision").Body(
				app.P().Class("decision-head").Body(badge, app.Span().ID("sdk-sentence").Text(x.retry.Sentence)),
				app.P().Class("help").Text("For the first failed attempt of a GET, with errscope's Go SDK — the same rules as the official SDK. "+explain.PolicySummary(e.API, x.policy)),
			),
		),
		app.If(len(x.samples) > 0, func() app.UI {
			return app.Section().ID("samples").Class("block").Body(
				sectionHeading("samples", "Handle it in code"),
				app.Range(x.samples).Slice(func(i int) app.UI {
					s := x.samples[i]
					d := app.Details().ID("sample-"+s.lang).Class("sample").Body(
						app.Summary().Body(app.Span().Text(s.label)),
						// The copy button sits in the body: a button inside <summary>
						// is an interactive control nested in another.
						app.Div().Class("toolbar sample-toolbar").Body(
							&copyButton{ID: "copy-" + s.lang, Label: "Copy the " + s.label + " sample", Text: s.text, From: "sample-" + s.lang + "-code"},
						),
						// Build-time highlighted HTML from the docs package (trusted,
						// never user input), wrapped in one root element for app.Raw.
						app.Raw(`<div class="sample-body" id="sample-`+s.lang+`-code">`+s.html+`</div>`),
					)
					if i == 0 {
						d = d.Open(true)
					}
					return d
				}),
			)
		}),
	)
}

// learnMore links the guides that matter for an entry: retries, rate
// limits (for rate-limit codes) and the API's overview.
func learnMore(e catalog.Entry) app.UI {
	var links []docs.Page
	seen := map[string]bool{}
	add := func(match func(docs.Page) bool) {
		for _, p := range docs.Pages() {
			if !seen[p.Slug] && match(p) {
				seen[p.Slug] = true
				links = append(links, p)
				return
			}
		}
	}
	has := func(words ...string) func(docs.Page) bool {
		return func(p docs.Page) bool {
			s := strings.ToLower(p.Slug + " " + p.Title)
			for _, w := range words {
				if strings.Contains(s, w) {
					return true
				}
			}
			return false
		}
	}
	add(has(string(e.API), strings.ToLower(apiName(e.API))))
	add(has("retr"))
	if e.Category == catalog.CategoryRateLimit {
		add(has("rate"))
	}
	add(has("error-handling", "errors"))
	return app.Section().ID("learn-more").Class("block").Body(
		sectionHeading("learn-more", "Learn more"),
		app.Ul().Body(
			app.Range(links).Slice(func(i int) app.UI {
				return app.Li().Body(app.A().Href("/docs/" + links[i].Slug).Text(links[i].Title))
			}),
			app.Li().Body(app.A().Href("/simulate#"+simulateFragmentFor(e)).Text("Simulate retries of "+string(e.Code))),
			app.Li().Body(app.A().Href("/docs").Text("All guides")),
		),
	)
}
