package main

import (
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/docs"
	"github.com/errscope/errscope/internal/durtext"
	"github.com/errscope/errscope/internal/highlight"
	"github.com/errscope/errscope/retry"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// codeExtras are the parts of a code page that come from the SDK packages:
// an example response (apierror.Example), what the SDK's retry policy does
// with it (retry.ForAPI(api).Decide), and code samples (docs.Sample).
type codeExtras struct {
	example  string            // the example as curl -i prints it
	tokens   []highlight.Token // example, highlighted
	decision retry.Decision
	policy   retry.Policy
	samples  []sample
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

// upperBound makes jittered backoff deterministic at its largest value, so
// the page can say "up to" and the pre-render equals the browser's render.
func upperBound() float64 { return math.Nextafter(1, 0) }

func newCodeExtras(e catalog.Entry) codeExtras {
	var x codeExtras
	status, h, body := apierror.Example(e)
	x.example = exampleText(status, h, body)
	x.tokens = highlight.HTTP(x.example)

	now, _ := apierror.ParseHTTPDate(h.Get("Date"))
	decoded := apierror.Parse(status, h, body, apierror.Options{API: e.API, Now: now, Method: http.MethodGet})
	x.policy = retry.ForAPI(e.API)
	p := x.policy
	p.Rand = upperBound
	x.decision = p.Decide(retry.Call{Attempt: 1, Method: http.MethodGet}, retry.Failure{Err: decoded})

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

// decisionText says what the SDK does after the example response, as a
// headline and the policy's reason.
func (x codeExtras) decisionText() (headline string, retries bool) {
	d := x.decision
	switch {
	case !d.Retry:
		return "Stops: the error is returned to your code at once.", false
	case d.ServerDelay:
		return "Retries after " + durtext.Format(d.Delay) + ", the delay the server named.", true
	case x.policy.Jitter == retry.JitterNone:
		return "Retries after " + durtext.Format(d.Delay) + " of backoff.", true
	default:
		return "Retries after a random backoff of up to " + durtext.Format(d.Delay) + " (" + string(jitterOrDefault(x.policy.Jitter)) + " jitter).", true
	}
}

func jitterOrDefault(j retry.Jitter) retry.Jitter {
	if j == "" {
		return retry.JitterFull
	}
	return j
}

// policySummary describes an API's default policy in one sentence.
func policySummary(api catalog.API, p retry.Policy) string {
	attempts := p.Attempts()
	s := apiName(api) + "'s policy: up to " + strconv.Itoa(attempts) + " attempts"
	if attempts > 1 {
		base := p.BaseDelay
		if base <= 0 {
			base = retry.DefaultBaseDelay
		}
		maxd := p.MaxDelay
		if maxd <= 0 {
			maxd = retry.DefaultMaxDelay
		}
		s += ", backoff from " + durtext.Format(base) + " doubling to at most " + durtext.Format(maxd) + " with " + string(jitterOrDefault(p.Jitter)) + " jitter"
		capd := p.RetryAfterCap
		if capd <= 0 {
			capd = retry.DefaultRetryAfterCap
		}
		s += "; Retry-After is obeyed up to " + durtext.Format(capd)
	}
	return s + "."
}

func (x codeExtras) render(e catalog.Entry) app.UI {
	headline, retries := x.decisionText()
	badge := app.Span().Class("badge badge-final").Text("stop")
	if retries {
		badge = app.Span().Class("badge badge-retry").Text("retry")
	}
	return app.Div().Class("extras").Body(
		app.Section().ID("example").Class("block").Body(
			app.H2().Text("Example response"),
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
			app.H2().Text("What the SDK does"),
			app.Div().ID("sdk-decision").Class("decision").Body(
				app.P().Class("decision-head").Body(badge, app.Text(headline)),
				app.P().Body(app.Text("Why: "), app.Span().ID("sdk-reason").Text(x.decision.Reason), app.Text(".")),
				app.P().Class("help").Text("For the first failed attempt of a GET, with errscope's Go SDK — the same rules as the official SDK. "+policySummary(e.API, x.policy)),
			),
		),
		app.If(len(x.samples) > 0, func() app.UI {
			return app.Section().ID("samples").Class("block").Body(
				app.H2().Text("Handle it in code"),
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
	if e.Category() == catalog.CategoryRateLimit {
		add(has("rate"))
	}
	add(has("error-handling", "errors"))
	return app.Section().ID("learn-more").Class("block").Body(
		app.H2().Text("Learn more"),
		app.Ul().Body(
			app.Range(links).Slice(func(i int) app.UI {
				return app.Li().Body(app.A().Href("/docs/" + links[i].Slug).Text(links[i].Title))
			}),
			app.Li().Body(app.A().Href("/simulate#"+simulateFragmentFor(e)).Text("Simulate retries of "+string(e.Code))),
			app.Li().Body(app.A().Href("/docs").Text("All guides")),
		),
	)
}
