package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/errscope/errscope/redact"
	"github.com/errscope/errscope/triage"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Limits of the triage page.
const (
	// maxTriage is the most bytes the triage page analyses, from a paste
	// or a file; the rest of a larger file is not read.
	maxTriage = 20 << 20
	// maxTriageShown is the largest input the page keeps in the textarea;
	// a larger file is analysed but not shown, which would stall typing.
	maxTriageShown = 1 << 20
	// maxTriageLink is the longest share fragment the page writes into the
	// address bar; a larger input is analysed but not linked.
	maxTriageLink = 64 << 10
)

// triagePage is /triage: paste or drop a whole HAR file, a client's log or
// several raw responses and see the failures grouped by API and code, with
// what the client should have done and whether its retries did it. It runs
// triage.AnalyzeBytes in the browser: nothing is uploaded, every string
// shown has been redacted, and the share link holds the redacted input in
// the URL fragment, which browsers never send to a server.
type triagePage struct {
	app.Compo

	// Input is the text to analyse on load; tests set it (the browser
	// takes it from the textarea, a file or a share link).
	Input string

	input    string // what is analysed (at most maxTriage bytes)
	report   *triage.Report
	markdown string // the ticket summary, with the site's origin
	shareURL string // "" when empty or too large to link
	note     string // one line about the last action
	fileDrop        // drag-and-drop state of the paste area
	shown    string // the redacted input for the textarea's markup
}

func (p *triagePage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *triagePage) OnNav(ctx app.Context)       { p.load(ctx) }

// OnInit analyses Input, so tests can render a report without a URL.
func (p *triagePage) OnInit() {
	if p.Input != "" && p.input == "" {
		p.input = p.Input
		p.compute("")
	}
}

func (p *triagePage) load(ctx app.Context) {
	setMeta(ctx, "Triage a HAR file or log", "Drop a HAR file, a client log or several raw error responses and get the failures grouped by API and code, with retry verdicts, timing checks and a ticket summary. Nothing leaves your browser.")
	enc, ok := fragmentPayload(ctx.Page().URL().Fragment)
	if !ok {
		if t := takeEarlyInput("triage-input"); t != "" && p.input == "" {
			p.input = t
			p.analyze(ctx, "")
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
	p.analyze(ctx, "")
	if el := app.Window().GetElementByID("triage-input"); el.Truthy() {
		el.Set("value", text)
	}
}

// origin returns "https://host" of the page, "" when unknown.
func pageOrigin(ctx app.Context) string {
	u := ctx.Page().URL()
	if u == nil || u.Host == "" || u.Scheme == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// compute runs the triage on p.input; the ticket summary's links start
// with origin.
func (p *triagePage) compute(origin string) {
	p.shareURL, p.shown = "", ""
	if strings.TrimSpace(p.input) == "" {
		p.report, p.markdown = nil, ""
		return
	}
	if len(p.input) <= maxTriageShown {
		p.shown, _ = redact.Paste(p.input)
	}
	p.report = triage.AnalyzeBytes([]byte(p.input), triage.Options{})
	p.markdown = p.report.MarkdownWithOrigin(origin)
}

// analyze runs the triage on p.input, prepares what the page shows and
// writes the share link into the address bar.
func (p *triagePage) analyze(ctx app.Context, note string) {
	p.note = note
	p.compute(pageOrigin(ctx))
	if p.report == nil {
		replaceFragment(ctx, "")
		return
	}
	frag := ""
	if len(p.input) <= maxShared {
		red := p.shown
		if red == "" {
			red, _ = redact.Paste(p.input)
		}
		frag = shareFragment(red)
	}
	if frag == "" || len(frag) > maxTriageLink {
		frag = ""
		if p.note == "" {
			p.note = "The input is too large for a share link; copy the ticket summary instead."
		}
	} else {
		u := *ctx.Page().URL()
		u.RawQuery, u.Fragment = "", frag
		p.shareURL = u.String()
	}
	replaceFragment(ctx, frag)
}

// replaceFragment sets the address bar's fragment without navigating.
func replaceFragment(ctx app.Context, frag string) {
	u := *ctx.Page().URL()
	if u.Fragment == frag {
		return
	}
	u.Fragment = frag
	ctx.Page().ReplaceURL(&u)
}

func (p *triagePage) onInput(ctx app.Context, e app.Event) {
	v := ctx.JSSrc().Get("value").String()
	note := ""
	if len(v) > maxTriage {
		v = v[:maxTriage]
		note = fmt.Sprintf("Only the first %d MiB are analysed.", maxTriage>>20)
	}
	p.input = v
	p.analyze(ctx, note)
}

// readFile reads the first file of a FileList, at most maxTriage bytes,
// and analyses it.
func (p *triagePage) readFile(ctx app.Context, files app.Value) {
	f, ok := readFirstFile(ctx, files, maxTriage, func(ctx app.Context, f pickedFile) {
		note := "Analysed " + f.name + " (" + byteSize(f.size) + ")."
		if f.cut {
			note = fmt.Sprintf("%s is %s: only the first %d MiB are analysed.", f.name, byteSize(f.size), maxTriage>>20)
		}
		p.input = f.text
		shown := f.text
		if len(f.text) > maxTriageShown {
			shown = ""
			note += " The file is too large to show here."
		}
		if el := app.Window().GetElementByID("triage-input"); el.Truthy() {
			el.Set("value", shown)
		}
		p.analyze(ctx, note)
	})
	if ok {
		p.note = "Reading " + f.name + "…"
	}
}

func (p *triagePage) onClear(ctx app.Context, e app.Event) {
	p.input = ""
	if el := app.Window().GetElementByID("triage-input"); el.Truthy() {
		el.Set("value", "")
	}
	p.analyze(ctx, "")
}

func (p *triagePage) Render() app.UI {
	// The textarea's markup holds the redacted input (what the visitor
	// typed stays in its value): no secret reaches the page's HTML.
	shown := p.shown
	return layout(sectionTriage, app.Div().ID("triage").Class("triage").Body(
		app.H1().Text("Triage"),
		app.P().Class("lede").Text("Drop a HAR file exported from the browser's network panel, a client's log, or several raw error responses pasted together. The failures are grouped by API and error code, with how often and when they happened, their request ids, what the client should have done and whether its retries did it — ready to paste into a support ticket."),
		app.NoScript().Body(app.P().Class("note").Text("Triage runs in your browser and needs JavaScript. Without it, the command line does the same: go run ./app triage session.har")),
		app.Form().ID("triage-form").Class("tool-form").OnSubmit(func(ctx app.Context, e app.Event) { e.PreventDefault() }).Body(
			app.Div().Class(p.zone("field dropzone")).OnDragOver(p.onDragOver).OnDragLeave(p.onDragLeave).OnDrop(p.onDrop(p.readFile)).Body(
				app.Label().For("triage-input").Text("HAR file, log or responses"),
				app.Textarea().ID("triage-input").Class("paste triage-paste").Name("input").
					Text(shown).
					Placeholder(`{"log":{"entries":[…]}} — or log lines, or several "HTTP/1.1 429 …" responses`).
					Spellcheck(false).Attr("autocomplete", "off").Attr("autocapitalize", "off").
					Aria("describedby", "triage-help").
					OnInput(p.onInput),
				app.P().ID("triage-help").Class("help").Text(fmt.Sprintf("Paste, or drop a file here (.har, .log, .txt, .json), up to %d MiB. Nothing is uploaded; secrets are redacted from everything shown, copied and shared.", maxTriage>>20)),
			),
			app.Div().Class("toolbar js-only").Body(
				app.Label().Class("button").For("triage-file").Text("Open a file…"),
				app.Input().ID("triage-file").Class("visually-hidden").Type("file").
					Accept(".har,.log,.txt,.json,.ndjson,text/*,application/json").OnChange(onFileChosen(p.readFile)),
				app.Button().ID("triage-clear").Type("button").Text("Clear").OnClick(p.onClear),
			),
			app.P().ID("triage-note").Class("help").Aria("live", "polite").Text(p.note),
		),
		app.Div().ID("triage-output").Class("triage-output").Aria("live", "polite").Body(p.renderReport()),
	))
}

func (p *triagePage) renderReport() app.UI {
	r := p.report
	if r == nil {
		return app.Div().Class("report report-empty").Body(
			app.H2().Text("What you get"),
			app.Ul().Body(
				app.Li().Text("Every failure grouped by API and error code (or HTTP status, or network error), most frequent first."),
				app.Li().Text("Counts, first and last time, the HTTP statuses and the request ids to quote to the API's support."),
				app.Li().Text("The retry verdict of the API's policy, and timing checks of the client's retries: Retry-After ignored, no backoff, non-retryable errors retried, unkeyed POSTs retried."),
				app.Li().Text("A Markdown ticket summary to copy, and a share link that carries the redacted input."),
			),
		)
	}
	return app.Div().ID("triage-report").Body(
		app.Dl().ID("triage-totals").Class("facts triage-totals").Body(
			totalItem("Input", inputKind(r.Input)+", "+byteSize(int(r.Bytes))),
			totalItem("Responses", strconv.Itoa(r.Entries)),
			totalItem("Failures", strconv.Itoa(r.Failures)),
			totalItem("Retries", strconv.Itoa(r.Retries)),
			totalItem("Groups", strconv.Itoa(len(r.Groups))),
			totalItem("Secrets", sentence(r.Redacted.String())),
			app.If(!r.First.IsZero(), func() app.UI {
				return totalItem("Time range", timeRange(r.First, r.Last))
			}),
		),
		app.Div().Class("toolbar triage-actions").Body(
			&captionCopy{ID: "triage-copy", Caption: "Copy ticket summary", Text: p.markdown},
			app.If(p.shareURL != "", func() app.UI {
				return app.Span().ID("triage-share").Class("share").Body(
					app.Label().For("triage-share-url").Text("Share link"),
					app.Input().ID("triage-share-url").Type("text").ReadOnly(true).Value(p.shareURL),
					&copyButton{ID: "triage-copy-share", Label: "Copy the share link", Text: p.shareURL},
				)
			}),
		),
		app.If(len(r.Groups) == 0, func() app.UI {
			return app.P().ID("triage-none").Class("note").Text("No failed responses were found in this input.")
		}),
		app.Ol().ID("triage-groups").Class("triage-groups").Body(
			app.Range(r.Groups).Slice(func(i int) app.UI { return renderGroup(i, r.Groups[i]) }),
		),
		app.If(len(r.Problems) > 0 || r.Truncated, func() app.UI {
			return app.Section().ID("triage-problems").Class("block").Body(
				app.H2().Text("Not understood"),
				app.If(r.Truncated, func() app.UI { return app.P().Text("The HAR file ends early: it was cut.") }),
				app.Ul().Body(app.Range(r.Problems).Slice(func(i int) app.UI { return app.Li().Text(r.Problems[i]) })),
			)
		}),
	)
}

func totalItem(label, value string) app.UI {
	return app.Div().Class("fact").Body(app.Dt().Text(label), app.Dd().Text(value))
}

func inputKind(k string) string {
	switch k {
	case triage.InputHAR:
		return "HAR file"
	case triage.InputText:
		return "text"
	}
	return "empty"
}

// timeRange formats first and last compactly: the date once when both
// are on the same day, one time when they are equal.
func timeRange(first, last time.Time) string {
	if first.IsZero() {
		return "—"
	}
	f, l := first.UTC(), last.UTC()
	switch {
	case l.IsZero() || f.Equal(l):
		return f.Format("2006-01-02 15:04:05") + " UTC"
	case f.Format("2006-01-02") == l.Format("2006-01-02"):
		return f.Format("2006-01-02 15:04:05") + "–" + l.Format("15:04:05") + " UTC"
	}
	return f.Format("2006-01-02 15:04:05") + " – " + l.Format("2006-01-02 15:04:05") + " UTC"
}

// groupName is the heading of a group: its code, else its status or kind.
func groupName(g triage.Group) string {
	if g.Code != "" {
		return string(g.Code)
	}
	switch g.Kind {
	case triage.KindNetwork:
		return "network error"
	case triage.KindTimeout:
		return "timeout"
	case triage.KindCanceled:
		return "canceled"
	}
	var s []string
	for _, st := range g.Statuses {
		s = append(s, strconv.Itoa(st))
	}
	return "HTTP " + strings.Join(s, ", ")
}

func renderGroup(i int, g triage.Group) app.UI {
	id := "triage-group-" + strconv.Itoa(i)
	name := app.Code().Class("code-name").Text(groupName(g))
	var head app.UI = name
	if g.Doc != "" && strings.HasPrefix(g.Doc, "/errors/") {
		head = app.A().Href(g.Doc).Body(name)
	}
	api := "unknown API"
	if g.API != "" {
		api = apiName(g.API)
	}
	ids := strings.Join(g.RequestIDs, "\n")
	return app.Li().ID(id).Class("triage-group report").Body(
		app.Div().Class("decision-head").Body(
			head,
			app.Span().Class("code-title").Text(g.Title),
			app.Span().Class("result-api").Text(api),
			app.Range(g.Statuses).Slice(func(j int) app.UI {
				if g.Statuses[j] == 0 {
					return app.Span().Class("badge badge-neutral").Text("no response")
				}
				return statusBadge(g.Statuses[j])
			}),
			app.Span().Class("badge badge-neutral triage-count").Text("×"+strconv.Itoa(g.Count)),
		),
		app.Dl().Class("facts").Body(
			app.If(!g.First.IsZero(), func() app.UI {
				return fact("First – last", app.Text(timeRange(g.First, g.Last)))
			}),
			app.If(len(g.Endpoints) > 0, func() app.UI {
				return fact("Endpoints", app.Text(strings.Join(g.Endpoints, ", ")+moreText(g.MoreEndpoints)))
			}),
			app.If(g.Message != "", func() app.UI { return fact("Message", app.Text(g.Message)) }),
		),
		app.P().Class("triage-verdict").Body(app.Strong().Text("Verdict: "), app.Text(g.Verdict)),
		app.If(len(g.Findings) > 0, func() app.UI {
			return app.Ul().Class("triage-findings").Body(app.Range(g.Findings).Slice(func(j int) app.UI {
				f := g.Findings[j]
				cls, word := "badge badge-final", "problem"
				if f.OK {
					cls, word = "badge badge-retry", "ok"
				}
				return app.Li().Class("finding finding-"+f.Kind).Body(
					app.Span().Class(cls).Text(word), app.Text(" "+f.Text),
				)
			}))
		}),
		app.If(len(g.NextSteps) > 0, func() app.UI {
			return app.Details().Body(
				app.Summary().Text("Next steps"),
				app.Ol().Body(app.Range(g.NextSteps).Slice(func(j int) app.UI { return app.Li().Text(g.NextSteps[j]) })),
			)
		}),
		app.If(len(g.RequestIDs) > 0, func() app.UI {
			return app.Div().Class("triage-ids").Body(
				app.Span().Class("help").Text("Request ids"+moreText(g.MoreRequestIDs)+": "),
				app.Range(g.RequestIDs).Slice(func(j int) app.UI { return app.Code().Class("request-id").Text(g.RequestIDs[j]) }),
				&copyButton{ID: id + "-copy-ids", Label: "Copy the request ids", Text: ids},
			)
		}),
	)
}

func moreText(n int) string {
	if n <= 0 {
		return ""
	}
	return " (and " + strconv.Itoa(n) + " more)"
}

// captionCopy is a copy button with its own caption ("Copy ticket
// summary") that says "Copied" for a moment after a click. It copies with
// navigator.clipboard.writeText; without a clipboard it says so.
type captionCopy struct {
	app.Compo
	ID      string // element id
	Caption string // the button's text
	Text    string // what to copy
	state   string // "", "copied" or "failed"
}

func (c *captionCopy) Render() app.UI {
	label := c.Caption
	switch c.state {
	case "copied":
		label = "Copied ✓"
	case "failed":
		label = "Copy failed: select and copy by hand"
	}
	return app.Button().ID(c.ID).Type("button").Class("copy copy-caption").
		Aria("live", "polite").Text(label).OnClick(c.onClick)
}

func (c *captionCopy) onClick(ctx app.Context, e app.Event) {
	clip := app.Window().Get("navigator").Get("clipboard")
	if !clip.Truthy() {
		c.state = "failed"
		return
	}
	clip.Call("writeText", c.Text)
	c.state = "copied"
	ctx.After(2*time.Second, func(ctx app.Context) { c.state = "" })
}
