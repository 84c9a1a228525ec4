package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/explain"
	"github.com/errscope/errscope/internal/highlight"
	"github.com/errscope/errscope/redact"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Limits of the decoder.
const (
	// maxPaste is the most text the decoder reads from a paste or a file;
	// the decoder package reads bodies up to apierror.MaxBody.
	maxPaste = 2 << 20
	// maxShareLink is the longest share fragment the page writes into the
	// address bar; a larger paste is decoded but not linked.
	maxShareLink = 64 << 10
)

// decodePage is /decode: paste an error response and see it explained by
// explain.Decode — the same report as `errscope decode`. Everything happens
// in the browser: no request is made, the shown text and the share link
// are redacted, and the share link lives in the URL fragment, which is
// never sent to a server.
type decodePage struct {
	app.Compo

	// Input is decoded on load when the URL carries no share link; tests
	// set it.
	Input string

	input  string // the visitor's paste, as typed
	api    string // "" detects
	method string // "" means the paste's, else GET
	key    string // Idempotency-Key

	reports  []explain.Report
	shown    string         // the redacted paste, pretty-printed
	redacted redact.Summary // what was redacted from the paste
	shareURL string         // absolute share link, "" when too large or empty
	note     string         // a one-line message about the last action (file too large…)
	fileDrop                // drag-and-drop state of the paste area
	now      time.Time      // when the reports were made
}

func (p *decodePage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *decodePage) OnNav(ctx app.Context)       { p.load(ctx) }

func (p *decodePage) load(ctx app.Context) {
	setMeta(ctx, "Decode an API error response", "Paste an error response — curl -i output, a HAR entry, a log line or a JSON body — and see what it means and whether to retry. Nothing leaves your browser.")
	frag := ctx.Page().URL().Fragment
	if e, found, ok := fragmentExample(frag); found {
		if !ok {
			p.note = "This link names an error code that is not in the catalog."
			return
		}
		if text := exampleText(apierror.Example(e)); text != p.input {
			p.input = text
			p.decode(ctx, false)
		}
		return
	}
	enc, ok := fragmentPayload(frag)
	if !ok {
		if p.Input != "" && p.input == "" {
			p.input = p.Input
			p.decode(ctx, false)
		}
		if t := takeEarlyInput("decode-input"); t != "" && p.input == "" {
			p.input = t
			p.decode(ctx, true)
		}
		return
	}
	text, err := decodeShare(enc)
	if err != nil {
		p.note = "This share link is damaged: " + err.Error() + "."
		return
	}
	if text == p.input {
		return
	}
	p.input = text
	p.decode(ctx, false)
}

// decode runs the decoder on the current input and, when share is set,
// writes the share link into the address bar.
func (p *decodePage) decode(ctx app.Context, share bool) {
	p.now = time.Now()
	if strings.TrimSpace(p.input) == "" {
		p.reports, p.shown, p.shareURL = nil, "", ""
		if share {
			p.replaceFragment(ctx, "")
		}
		return
	}
	p.reports = explain.Decode([]byte(p.input), explain.Options{
		API: catalog.API(p.api), Method: p.method, IdempotencyKey: p.key, Now: p.now,
	})
	red, sum := redact.Paste(p.input)
	p.shown, p.redacted = red, sum
	if pretty, ok := highlight.PrettyJSON(red); ok {
		p.shown = pretty
	}
	frag := shareFragment(red)
	if len(frag) > maxShareLink {
		p.shareURL = ""
		frag = ""
	} else {
		u := *ctx.Page().URL()
		u.RawQuery, u.Fragment = "", frag
		p.shareURL = u.String()
	}
	if share {
		p.replaceFragment(ctx, frag)
	}
}

func (p *decodePage) replaceFragment(ctx app.Context, frag string) {
	u := *ctx.Page().URL()
	u.Fragment = frag
	ctx.Page().ReplaceURL(&u)
}

func (p *decodePage) onInput(ctx app.Context, e app.Event) {
	p.input = ctx.JSSrc().Get("value").String()
	if len(p.input) > maxPaste {
		p.input = p.input[:maxPaste]
		p.note = fmt.Sprintf("Only the first %d MiB are decoded.", maxPaste>>20)
	} else {
		p.note = ""
	}
	p.decode(ctx, true)
	if e.Get("inputType").String() == "insertFromPaste" {
		p.revealReport(ctx)
	}
}

// revealReport scrolls the report into view after a paste, a file or an
// example when the layout has one column (narrow screens): the report is
// then below the form, out of sight. Typing does not scroll.
func (p *decodePage) revealReport(ctx app.Context) {
	if len(p.reports) == 0 {
		return
	}
	ctx.Defer(func(app.Context) {
		w := app.Window()
		if !w.Get("matchMedia").Truthy() || !w.Call("matchMedia", "(max-width: 56rem)").Get("matches").Bool() {
			return
		}
		if el := w.GetElementByID("decode-output"); el.Truthy() {
			el.Call("scrollIntoView", map[string]any{"block": "start"})
		}
	})
}

func (p *decodePage) onOption(field *string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		*field = strings.TrimSpace(selectValue(ctx))
		p.decode(ctx, false)
	}
}

// setInput replaces the paste programmatically (file, example, clear) and
// writes it into the textarea, whose value property does not follow a
// removed attribute.
func (p *decodePage) setInput(ctx app.Context, text string) {
	p.input = text
	if el := app.Window().GetElementByID("decode-input"); el.Truthy() {
		el.Set("value", text)
	}
	p.decode(ctx, true)
	p.revealReport(ctx)
}

// readFile reads the first file of a FileList (a drop or the file input)
// into the paste.
func (p *decodePage) readFile(ctx app.Context, files app.Value) {
	f, ok := readFirstFile(ctx, files, maxPaste, func(ctx app.Context, f pickedFile) {
		if p.note == "" {
			p.note = "Decoded " + f.name + " (" + byteSize(f.size) + ")."
		}
		p.setInput(ctx, f.text)
	})
	if !ok {
		return
	}
	p.note = ""
	if f.cut {
		p.note = fmt.Sprintf("%s is %s; only the first %d MiB are decoded.", f.name, byteSize(f.size), maxPaste>>20)
	}
}

func byteSize(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return strconv.Itoa(n) + " bytes"
}

// onExample loads the example response of a catalog entry, cycling
// through a few instructive ones.
func (p *decodePage) onExample(ctx app.Context, e app.Event) {
	entries := exampleEntries()
	if len(entries) == 0 {
		return
	}
	next := entries[0]
	for i, x := range entries {
		status, h, body := apierror.Example(x)
		if exampleText(status, h, body) == p.input {
			next = entries[(i+1)%len(entries)]
		}
	}
	status, h, body := apierror.Example(next)
	p.note = "Example: " + apiName(next.API) + " " + string(next.Code) + "."
	p.setInput(ctx, exampleText(status, h, body))
}

// exampleEntries are the entries the example button cycles through: the
// first rate limit, server error and input error of each API.
func exampleEntries() []catalog.Entry {
	var out []catalog.Entry
	seen := map[string]bool{}
	for _, e := range catalog.All() {
		k := string(e.API) + "/" + string(e.Category)
		switch e.Category {
		case catalog.CategoryRateLimit, catalog.CategoryInternal, catalog.CategoryInput:
			if !seen[k] {
				seen[k] = true
				out = append(out, e)
			}
		}
	}
	return out
}

func (p *decodePage) onClear(ctx app.Context, e app.Event) {
	p.note = ""
	p.setInput(ctx, "")
	if el := app.Window().GetElementByID("decode-input"); el.Truthy() {
		el.Call("focus")
	}
}

func (p *decodePage) Render() app.UI {
	return layout(sectionDecoder, app.Div().ID("decoder").Class("decoder").Body(
		app.H1().Text("Decoder"),
		app.P().Class("lede").Text("Paste an error response — curl -i or curl -v output, a HAR file, a log line or just the JSON body — and see which code it is, what it means, whether the SDK retries it and what to do next. Everything runs in your browser: nothing is uploaded, and secrets are redacted from what is shown and shared."),
		app.NoScript().Body(app.P().Class("note").Text("The decoder runs in your browser and needs JavaScript. Without it, the command line does the same: go run ./app decode response.txt")),
		app.Div().Class("tool-layout").Body(
			app.Form().ID("decode-form").Class("tool-form").OnSubmit(func(ctx app.Context, e app.Event) { e.PreventDefault() }).Body(
				app.Div().Class(p.zone("field dropzone")).OnDragOver(p.onDragOver).OnDragLeave(p.onDragLeave).OnDrop(p.onDrop(p.readFile)).Body(
					app.Label().For("decode-input").Text("Response"),
					app.Textarea().ID("decode-input").Class("paste").Name("response").
						Text(p.input).
						Placeholder("HTTP/1.1 429 Too Many Requests … or just the JSON body").
						Spellcheck(false).Attr("autocomplete", "off").Attr("autocapitalize", "off").
						Aria("describedby", "decode-help").
						OnInput(p.onInput),
					app.P().ID("decode-help").Class("help").Text("Paste, type, or drop a file here (.txt, .json, .har, .log)."),
				),
				// On one column (phones) the report is below the form: say so.
				app.If(len(p.reports) > 0, func() app.UI {
					return app.A().ID("decode-jump").Class("button jump-to-result").Href("#decode-output").Text("See the result ↓")
				}),
				app.Div().Class("row").Body(
					app.Div().Class("field").Body(
						app.Label().For("decode-api").Text("API"),
						app.Select().ID("decode-api").OnChange(p.onOption(&p.api)).Body(
							selectOption("", "Auto-detect", p.api == ""),
							app.Range(catalog.APIs()).Slice(func(i int) app.UI {
								a := catalog.APIs()[i]
								return selectOption(string(a.ID), a.Name, p.api == string(a.ID))
							}),
						),
					),
					app.Div().Class("field").Body(
						app.Label().For("decode-method").Text("Request method"),
						app.Select().ID("decode-method").OnChange(p.onOption(&p.method)).Body(
							selectOption("", "As pasted", p.method == ""),
							app.Range(methods).Slice(func(i int) app.UI {
								return selectOption(methods[i], methods[i], p.method == methods[i])
							}),
						),
					),
					app.Div().Class("field").Body(
						app.Label().For("decode-idempotency-key").Text("Idempotency-Key"),
						app.Input().ID("decode-idempotency-key").Type("text").Placeholder("none").
							AutoComplete(false).Spellcheck(false).OnInput(p.onOption(&p.key)),
					),
				),
				app.Div().Class("toolbar js-only").Body(
					app.Label().Class("button").For("decode-file").Text("Open a file…"),
					app.Input().ID("decode-file").Class("visually-hidden").Type("file").
						Accept(".txt,.json,.har,.log,.http,text/*,application/json").OnChange(onFileChosen(p.readFile)),
					app.Button().ID("decode-example").Type("button").Text("Try an example").OnClick(p.onExample),
					app.Button().ID("decode-clear").Type("button").Text("Clear").OnClick(p.onClear),
				),
				app.P().ID("decode-note").Class("help").Aria("live", "polite").Text(p.note),
				app.If(p.shareURL != "", func() app.UI {
					return app.Div().ID("decode-share").Class("share").Body(
						app.Label().For("decode-share-url").Text("Share link"),
						app.Input().ID("decode-share-url").Type("text").ReadOnly(true).Value(p.shareURL).
							Aria("describedby", "decode-share-help"),
						&copyButton{ID: "copy-share", Label: "Copy the share link", Text: p.shareURL},
						app.P().ID("decode-share-help").Class("help").Text("The link holds the redacted response in its #fragment, which browsers never send to a server."),
					)
				}),
			),
			app.Div().ID("decode-output").Class("decode-output").Aria("live", "polite").Body(p.renderOutput()...),
		),
	))
}

var methods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"}

func (p *decodePage) renderOutput() []app.UI {
	if len(p.reports) == 0 {
		return []app.UI{app.Div().Class("report report-empty").Body(
			app.H2().Text("What the decoder understands"),
			app.Ul().Body(
				app.Li().Text("The error bodies of BabySea, Babou, Aionvision and Claro — the API is detected from the body's shape."),
				app.Li().Text("Whole responses: curl -i and curl -v output, HTTP/1.1 and HTTP/2, with their headers (Retry-After, X-RateLimit-*, request ids)."),
				app.Li().Text("HAR files exported from the browser's network panel, and log lines holding a status and a JSON body."),
				app.Li().Text("Anything else — an HTML page from a proxy, plain text, a truncated body — is explained from what is there, and what could not be read is listed."),
			),
			app.P().Text("For each response you get the catalog entry, whether it is retryable and why, what errscope's SDK would do next (retry after how long, or stop), the request id to quote to support, and the rate-limit state."),
		)}
	}
	out := make([]app.UI, 0, len(p.reports)+1)
	for i, r := range p.reports {
		out = append(out, p.renderReport(i, r))
	}
	out = append(out, app.Details().ID("decode-shown").Class("sample").Open(true).Body(
		app.Summary().Body(app.Span().Text("The response, redacted")),
		app.P().ID("decode-redacted").Class("help").Text(sentence(p.redacted.String())),
		app.Pre().Class("chroma wrap").TabIndex(0).Body(app.Code().Body(tokens(shownTokens(p.shown))...)),
	))
	return out
}

// sentence capitalises s and ends it with a full stop.
func sentence(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

// shownTokens highlights the redacted paste: as JSON when it is JSON,
// else as an HTTP exchange.
func shownTokens(s string) []highlight.Token {
	if t := strings.TrimSpace(s); strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
		return highlight.JSON(s)
	}
	return highlight.HTTP(s)
}

func (p *decodePage) renderReport(i int, r explain.Report) app.UI {
	id := "report-" + strconv.Itoa(i)
	title := []app.UI{}
	switch {
	case r.Code != "" && r.Path != "":
		title = append(title, app.A().Href(r.Path).Body(app.Code().Text(string(r.Code))))
	case r.Code != "":
		title = append(title, app.Code().Text(string(r.Code)))
	default:
		title = append(title, app.Span().Text("No error code"))
	}
	if r.Status != 0 {
		title = append(title, statusBadge(r.Status))
	}
	title = append(title, reportBadge(r))
	if r.API != "" {
		title = append(title, app.Span().Class("result-api").Text(apiName(r.API)))
	}

	var meaning string
	if r.Entry != nil {
		meaning = r.Entry.Meaning
	}
	items := []app.UI{}
	add := func(term string, def ...app.UI) {
		items = append(items, app.Dt().Text(term), app.Dd().Body(def...))
	}
	if r.Entry != nil {
		add("Title", app.Text(r.Entry.Title))
	}
	if r.Message != "" && (r.Entry == nil || !explain.SameText(r.Message, r.Entry.Title)) {
		add("Message", app.Text(r.Message))
	}
	if r.Hint != "" {
		add("Hint", app.Text(r.Hint))
	}
	if r.Field != "" {
		add("Field", app.Code().Text(r.Field), app.Text(" ("+r.FieldPath+")"))
	}
	if len(r.Candidates) > 1 {
		var names []string
		for _, c := range r.Candidates {
			names = append(names, apiName(c))
		}
		add("Could be", app.Text(strings.Join(names, ", ")+" — pick the API above to settle it"))
	}
	add("Retryable", app.Text(yesNo(r.Retryable)+" — "+r.RetryableWhy))
	add("The SDK", app.Span().Class("decision-text").Text(r.Retry.Sentence))
	if r.RequestID != "" {
		add("Request id",
			app.Code().Class("request-id").Text(r.RequestID),
			app.Text(" "),
			&copyButton{ID: id + "-copy-id", Label: "Copy the request id", Text: r.RequestID},
		)
	}
	if rl := r.RateLimit.Text(p.now); rl != "" {
		add("Rate limit", app.Text(rl))
	}
	if r.Exchange != nil && r.Exchange.URL != "" {
		add("Request", app.Code().Text(strings.TrimSpace(r.Exchange.Method+" "+r.Exchange.URL)))
	}

	return app.Section().ID(id).Class("report").Aria("label", "Decoded response "+strconv.Itoa(i+1)).Body(
		app.H2().Body(title...),
		app.If(meaning != "", func() app.UI { return app.P().Class("meaning").Text(meaning) }),
		app.Dl().Body(items...),
		app.If(len(r.NextSteps) > 0, func() app.UI {
			return app.Div().Body(
				app.H3().Text("Next steps"),
				app.Ol().Class("next-steps").Body(app.Range(r.NextSteps).Slice(func(k int) app.UI { return app.Li().Text(r.NextSteps[k]) })),
			)
		}),
		app.If(len(r.ProviderErrors) > 0, func() app.UI { return providerTable(r.ProviderErrors) }),
		app.If(len(r.Problems) > 0, func() app.UI {
			return app.Div().Body(
				app.H3().Text("Could not be read"),
				app.Ul().Class("problems").Body(app.Range(r.Problems).Slice(func(k int) app.UI { return app.Li().Text(r.Problems[k]) })),
			)
		}),
	)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// reportBadge is the retry badge of a report: retryable or not, or, when
// the paste does not show the method and the answer depends on it, for
// which requests.
func reportBadge(r explain.Report) app.UI {
	if r.Retry.ByMethod {
		return app.Span().Class("badge badge-retry").Text("retryable for GET/HEAD/DELETE or keyed requests")
	}
	return retryBadge(r.Retryable)
}

// sameText reports whether two labels say the same, ignoring case, space
// and a final full stop, so that a message equal to the title is shown once.
func sameText(a, b string) bool {
	norm := func(s string) string {
		return strings.TrimSuffix(strings.ToLower(strings.Join(strings.Fields(s), " ")), ".")
	}
	return norm(a) == norm(b)
}

func providerTable(pe []apierror.ProviderError) app.UI {
	return app.Div().Body(
		app.H3().Text("Upstream providers"),
		app.Div().Class("table-wrap").Body(
			app.Table().Class("data provider-errors").Body(
				app.THead().Body(app.Tr().Body(
					app.Th().Scope("col").Text("Provider"),
					app.Th().Scope("col").Text("Code"),
					app.Th().Scope("col").Text("Message"),
					app.Th().Scope("col").Text("Retryable"),
				)),
				app.TBody().Body(app.Range(pe).Slice(func(i int) app.UI {
					e := pe[i]
					retry := "—"
					if e.Retryable != nil {
						retry = yesNo(*e.Retryable)
					}
					return app.Tr().Body(
						app.Td().Text(e.Provider),
						app.Td().Body(app.Code().Text(e.Code)),
						app.Td().Text(e.Message),
						app.Td().Text(retry),
					)
				})),
			),
		),
	)
}
