package main

import (
	"encoding/json"
	"math"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/check"
	"github.com/errscope/errscope/internal/durtext"
	"github.com/errscope/errscope/retry"
	"github.com/errscope/errscope/scenario"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// simForm is the simulator's whole state, as typed. It round-trips
// through the URL fragment (a query string after "#"), so every run is a
// link. Empty policy fields mean the API's documented default.
type simForm struct {
	API           string
	Spec          string
	Seed          string
	MaxRetries    string
	Base          string
	Cap           string
	Jitter        string
	RetryAfterCap string
	Budget        string // ratio of retries to requests; "" means no budget
	Deadline      string
	Method        string
	Key           string

	Clients  string
	Outage   string
	Capacity string
	Spread   string
	Retries  string // retries per client in the herd
}

// defaultSimForm is the form of a new scenario: every field empty, which
// means the scenario's default, but the API and the responses, which a
// person edits.
func defaultSimForm() simForm {
	return simForm{API: string(catalog.BabySea), Spec: scenario.DefaultResponses}
}

// fields maps the scenario's fields (by [scenario.Field] Name) to the
// form's, in the order of scenario.Fields.
func (f *simForm) fields() []struct {
	name string
	v    *string
} {
	return []struct {
		name string
		v    *string
	}{
		{"api", &f.API}, {"responses", &f.Spec}, {"method", &f.Method}, {"idempotency-key", &f.Key},
		{"deadline", &f.Deadline}, {"seed", &f.Seed}, {"max-retries", &f.MaxRetries}, {"base", &f.Base},
		{"cap", &f.Cap}, {"jitter", &f.Jitter}, {"retry-after-cap", &f.RetryAfterCap}, {"budget", &f.Budget},
		{"clients", &f.Clients}, {"outage", &f.Outage}, {"capacity", &f.Capacity}, {"spread", &f.Spread},
		{"herd-retries", &f.Retries},
	}
}

// legacyKeys are the share-link keys of links made before the page and
// the command line spelled the scenario alike.
var legacyKeys = map[string]string{"spec": "responses", "retries": "max_retries", "ra_cap": "retry_after_cap", "key": "idempotency_key"}

// encode returns the form as a fragment, keyed by [scenario.Field.Key].
func (f simForm) encode() string {
	v := url.Values{}
	for _, fl := range f.fields() {
		if *fl.v != "" {
			v.Set(field(fl.name).Key(), *fl.v)
		}
	}
	return v.Encode()
}

// inputID is the id of the form's input of the scenario field name:
// "sim-" and the name, "herd-" and the name without its own "herd-" for
// the herd's. The responses and the Idempotency-Key keep the short ids
// they had before the page spelled the scenario as the command line does.
func inputID(name string) string {
	switch name {
	case "responses":
		return "sim-spec"
	case "idempotency-key":
		return "sim-key"
	}
	if field(name).Herd {
		return "herd-" + strings.TrimPrefix(name, "herd-")
	}
	return "sim-" + name
}

// field returns the scenario field of the given name.
func field(name string) scenario.Field {
	for _, f := range scenario.Fields {
		if f.Name == name {
			return f
		}
	}
	panic("simulator: no scenario field " + name)
}

// parseSimFragment reads a fragment written by encode, or by
// simulateFragmentFor (api and code). Unknown keys are ignored; values are
// bounded in length.
func parseSimFragment(fragment string) (simForm, bool) {
	vals, err := url.ParseQuery(fragment)
	if err != nil || len(vals) == 0 {
		return simForm{}, false
	}
	for old, key := range legacyKeys {
		if vals.Has(old) && !vals.Has(key) {
			vals[key] = vals[old]
		}
	}
	f := defaultSimForm()
	if vals.Has("responses") || vals.Has("code") {
		f.Spec = ""
	}
	for _, fl := range f.fields() {
		if k := field(fl.name).Key(); vals.Has(k) {
			v := vals.Get(k)
			if len(v) > 2000 {
				v = v[:2000]
			}
			*fl.v = v
		}
	}
	if code := vals.Get("code"); code != "" && !vals.Has("responses") {
		if e, ok := catalog.Lookup(catalog.API(f.API), catalog.Code(code)); ok {
			f.Spec = specFor(e)
		}
	}
	if f.Spec == "" {
		f.Spec = scenario.DefaultResponses
	}
	return f, true
}

// specFor is a scenario for an entry: its error twice, then a success.
func specFor(e catalog.Entry) string {
	one := strconv.Itoa(e.Status) + ":code=" + string(e.Code)
	return one + "," + one + ",200"
}

// simulateFragmentFor returns the simulator's fragment preset to an entry:
// its API's policy and a scenario of the entry's error.
func simulateFragmentFor(e catalog.Entry) string {
	return url.Values{"api": {string(e.API)}, "code": {string(e.Code)}}.Encode()
}

// A formScenario is the form as read by the scenario's one parser.
type formScenario struct {
	// sc is the scenario, each bad field left at its default.
	sc scenario.Scenario
	// err is the first bad field of the single request (the API and the
	// fields that are not the herd's): a bad herd field does not stop the
	// request's run.
	err error
	// herdErr is the first bad field of the whole form: the herd runs
	// with the request's policy, so any bad field stops it.
	herdErr error
}

// parse reads the form with the scenario's one parser, every field once.
func (f simForm) parse() formScenario {
	var r formScenario
	r.sc = scenario.New(catalog.BabySea)
	for _, fl := range f.fields() {
		err := r.sc.Set(fl.name, *fl.v)
		if err == nil {
			continue
		}
		if r.herdErr == nil {
			r.herdErr = err
		}
		if r.err == nil && !field(fl.name).Herd {
			r.err = err
		}
	}
	return r
}

// fromScenario is the form that shows s: its non-default fields.
func fromScenario(s scenario.Scenario) simForm {
	var f simForm
	for _, fl := range f.fields() {
		*fl.v = s.Get(fl.name)
	}
	if f.Spec == "" {
		f.Spec = s.Spec()
	}
	return f
}

// herdDefaults are what the herd's empty fields mean in s, for
// placeholders.
func herdDefaults(s scenario.Scenario) (d struct{ clients, outage, capacity, spread, retries string }) {
	s.Herd.Capacity = 0
	d.clients = strconv.Itoa(scenario.DefaultClients)
	d.outage = durtext.Format(scenario.DefaultOutage)
	d.capacity = strconv.Itoa(s.HerdConfig().Capacity)
	d.spread = durtext.Format(scenario.DefaultSpread)
	d.retries = strconv.Itoa(scenario.DefaultHerdRetries)
	return d
}

// simulatePage is /simulate: one request's retries on a timeline, and a
// herd of clients under each jitter kind. Both run retry.Policy — the
// SDK's own code — with seeded randomness, so the same link shows the same
// run everywhere, pre-rendered or in the browser.
type simulatePage struct {
	app.Compo

	form simForm
	// parsed is form as read by the scenario's parser, once per change of
	// the form (setForm, edited): the runs, the placeholders, the commands
	// and the scenario file are all made from it.
	parsed formScenario

	err     string
	result  retry.Result
	ran     bool
	herdErr string
	herd    []herdRun
	jsonErr string // why the last scenario file did not load
}

type herdRun struct {
	jitter retry.Jitter
	res    retry.HerdResult
}

func (p *simulatePage) OnInit() { p.setForm(defaultSimForm()) }

func (p *simulatePage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *simulatePage) OnNav(ctx app.Context)       { p.load(ctx) }

func (p *simulatePage) load(ctx app.Context) {
	setMeta(ctx, "Retry simulator", "See when the SDK retries: play a sequence of responses through an API's retry policy, and compare jitter strategies for a thousand clients.")
	if f, ok := parseSimFragment(ctx.Page().URL().Fragment); ok {
		p.setForm(f)
	}
	p.run()
	p.runHerd()
}

// setForm shows f and reads it.
func (p *simulatePage) setForm(f simForm) {
	p.form = f
	p.edited()
}

// edited reads the form after a change to one of its fields.
func (p *simulatePage) edited() { p.parsed = p.form.parse() }

// run simulates the scenario's request.
func (p *simulatePage) run() {
	p.err, p.ran = "", false
	if err := p.parsed.err; err != nil {
		p.err = err.Error()
		return
	}
	p.result = p.parsed.sc.Run()
	p.ran = true
}

// runHerd simulates the herd once per jitter kind.
func (p *simulatePage) runHerd() {
	p.herdErr, p.herd = "", nil
	if err := p.parsed.herdErr; err != nil {
		p.herdErr = err.Error()
		return
	}
	sc := p.parsed.sc
	pol, cfg := sc.HerdPolicy(), sc.HerdConfig()
	for _, j := range retry.Jitters {
		q := pol
		q.Jitter = j
		p.herd = append(p.herd, herdRun{j, q.Herd(cfg)})
	}
}

// share writes the form into the address bar.
func (p *simulatePage) share(ctx app.Context) {
	u := *ctx.Page().URL()
	u.Fragment = p.form.encode()
	ctx.Page().ReplaceURL(&u)
}

// onSelect is onField for a <select>, whose "no choice" is anyValue.
func (p *simulatePage) onSelect(v *string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		*v = selectValue(ctx)
		p.edited()
		p.run()
		p.share(ctx)
	}
}

func (p *simulatePage) onField(v *string, rerun bool) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		*v = ctx.JSSrc().Get("value").String()
		p.edited()
		if rerun {
			p.run()
			p.share(ctx)
		}
	}
}

// onAPI switches the API: the policy fields go back to its defaults.
func (p *simulatePage) onAPI(ctx app.Context, e app.Event) {
	p.form.API = selectValue(ctx)
	p.edited()
	p.run()
	p.runHerd()
	p.share(ctx)
}

func (p *simulatePage) onPreset(ctx app.Context, e app.Event) {
	v := selectValue(ctx)
	if v == "" {
		return
	}
	p.form.Spec = v
	if el := app.Window().GetElementByID(inputID("responses")); el.Truthy() {
		el.Set("value", v)
	}
	p.edited()
	p.run()
	p.share(ctx)
}

func (p *simulatePage) onRun(ctx app.Context, e app.Event) {
	e.PreventDefault()
	p.run()
	p.share(ctx)
}

func (p *simulatePage) onHerd(ctx app.Context, e app.Event) {
	e.PreventDefault()
	p.runHerd()
	p.share(ctx)
}

// defaultJitterLabel names the default jitter in the narrow menu: "full",
// but "no jitter" (never "none").
func defaultJitterLabel(j retry.Jitter) string {
	if j == retry.JitterNone {
		return j.Label()
	}
	return strings.TrimSuffix(j.Label(), " jitter")
}

// presetIndex is the preset whose scenario is spec, or -1: the menu shows
// the chosen example until the scenario is edited.
func presetIndex(spec string) int {
	for i, pr := range presets {
		if pr[0] == strings.TrimSpace(spec) {
			return i
		}
	}
	return -1
}

// presets are example scenarios.
var presets = [][2]string{
	{"429:retry-after=17,503,200", "Rate limited (Retry-After 17 s), a 503, then success"},
	{"503*4,200", "A short outage: four 503s, then success"},
	{"502:html,200", "An HTML 502 from a proxy, then success"},
	{"429:retry-after=120,200", "Retry-After 120 s: over the cap"},
	{"429:reset=9,200", "429 with X-RateLimit-Reset 9 s away"},
	{"net,net,200", "Two network errors, then success"},
	{"timeout,200:latency=300ms", "A timeout, then a slow success"},
	{"500:retryable=false,200", "A 500 whose body says retryable:false"},
}

func (p *simulatePage) Render() app.UI {
	f := p.form
	def := retry.ForAPI(catalog.API(f.API))
	return layout(sectionSimulator, app.Div().ID("simulator").Class("simulator").Body(
		app.H1().Text("Retry simulator"),
		app.P().Class("lede").Text("Play a sequence of responses through an API's retry policy — the SDK's own code — and see every attempt and wait on a timeline. Then watch a thousand clients hit the same outage with each jitter strategy. Runs are seeded: the same link shows the same run."),
		app.NoScript().Body(app.P().Class("note").Text("The simulator runs in your browser and needs JavaScript; below is the run of the default scenario. The command line does the same: go run ./app simulate --api babysea --responses '429:retry-after=17,503,200'")),
		app.Div().Class("tool-layout").Body(
			app.Form().ID("sim-form").Class("tool-form").OnSubmit(p.onRun).Body(
				app.Div().Class("row").Body(
					app.Div().Class("field").Body(
						app.Label().For(inputID("api")).Text("API"),
						app.Select().ID(inputID("api")).OnChange(p.onAPI).Body(
							app.Range(catalog.APIs()).Slice(func(i int) app.UI {
								a := catalog.APIs()[i]
								return selectOption(string(a.ID), a.Name, f.API == string(a.ID))
							}),
						),
					),
					app.Div().Class("field").Body(
						app.Label().For("sim-preset").Text("Example scenarios"),
						app.Select().ID("sim-preset").OnChange(p.onPreset).Body(
							selectOption("", "Choose…", presetIndex(f.Spec) < 0),
							app.Range(presets).Slice(func(i int) app.UI {
								return selectOption(presets[i][0], presets[i][1], presetIndex(f.Spec) == i)
							}),
						),
					),
				),
				app.Div().Class("field").Body(
					app.Label().For(inputID("responses")).Text("Responses, attempt by attempt"),
					app.Input().ID(inputID("responses")).Type("text").Value(f.Spec).Spellcheck(false).Attr("autocomplete", "off").
						Aria("describedby", "sim-spec-help").OnInput(p.onField(&p.form.Spec, true)),
					app.P().ID("sim-spec-help").Class("help").Text("Comma-separated: a status (429, 503, 200), net or timeout; options after colons: retry-after=17, reset=9, retryable=false, code=BSE1005, html, latency=250ms; *N repeats. The last response repeats."),
				),
				app.FieldSet().Class("fieldset").Body(
					app.Legend().Text("Policy (empty: "+apiName(catalog.API(f.API))+"'s default)"),
					app.Div().Class("row").Body(
						simInput(inputID("max-retries"), "Max retries", strconv.Itoa(def.Attempts()-1), f.MaxRetries, p.onField(&p.form.MaxRetries, true)),
						simInput(inputID("base"), "Base delay", durtext.Format(def.Effective().BaseDelay), f.Base, p.onField(&p.form.Base, true)),
						simInput(inputID("cap"), "Max delay", durtext.Format(def.Effective().MaxDelay), f.Cap, p.onField(&p.form.Cap, true)),
						app.Div().Class("field").Body(
							app.Label().For(inputID("jitter")).Text("Jitter"),
							app.Select().ID(inputID("jitter")).OnChange(p.onSelect(&p.form.Jitter)).Body(
								selectOption("", "Default ("+defaultJitterLabel(def.Effective().Jitter)+")", f.Jitter == ""),
								app.Range(retry.Jitters).Slice(func(i int) app.UI {
									j := retry.Jitters[i]
									return selectOption(string(j), j.Label(), f.Jitter == string(j))
								}),
							),
						),
						simInput(inputID("retry-after-cap"), "Retry-After cap", durtext.Format(def.Effective().RetryAfterCap), f.RetryAfterCap, p.onField(&p.form.RetryAfterCap, true)),
						simInput(inputID("budget"), "Retry budget ratio", "none", f.Budget, p.onField(&p.form.Budget, true)),
						simInput(inputID("deadline"), "Deadline", "none", f.Deadline, p.onField(&p.form.Deadline, true)),
						app.Div().Class("field").Body(
							app.Label().For(inputID("method")).Text("Method"),
							app.Select().ID(inputID("method")).OnChange(p.onSelect(&p.form.Method)).Body(
								selectOption("", "GET", f.Method == ""),
								app.Range(methods[1:]).Slice(func(i int) app.UI {
									m := methods[1+i]
									return selectOption(m, m, f.Method == m)
								}),
							),
						),
						simInput(inputID("idempotency-key"), "Idempotency-Key", "none", f.Key, p.onField(&p.form.Key, true)),
						simInput(inputID("seed"), "Seed", strconv.Itoa(scenario.DefaultSeed), f.Seed, p.onField(&p.form.Seed, true)),
					),
				),
				app.Div().Class("toolbar").Body(
					app.Button().ID("sim-run").Class("primary").Type("submit").Text("Run"),
				),
			),
			app.Div().ID("sim-output").Class("sim-output").Aria("live", "polite").Body(p.renderResult()),
		),
		p.renderHerd(),
		p.renderTestClient(),
		p.renderScenarioFile(),
	))
}

// renderTestClient shows the commands that play this scenario's responses
// to a person's own client: mock serves them on a local port, check runs
// the client against them and grades its retries against the API's
// documented policy (check.Commands: the command line's own spelling).
func (p *simulatePage) renderTestClient() app.UI {
	sc := p.parsed.sc
	if p.parsed.err != nil {
		return app.Section().ID("test-client").Class("block-wide").Body(
			app.H2().Text("Test your client"),
			app.P().Class("help").Text("Fix the scenario above to see the commands that play it to your client."),
		)
	}
	mockCmd, checkCmd := check.Commands(sc.API, sc.Spec())
	return app.Section().ID("test-client").Class("block-wide").Body(
		app.H2().Text("Test your client"),
		app.P().Text("Play these responses to your own code. mock answers on a local port with "+apiName(sc.API)+"'s real envelopes and headers, one scenario per client; check runs your client against it and grades, rule by rule, whether it retries as "+apiName(sc.API)+"'s documented policy does."),
		app.Div().Class("command").Body(
			app.Pre().ID("test-client-mock").Class("code").Text(mockCmd),
			&copyButton{ID: "copy-test-client-mock", Label: "Copy the mock command", Text: mockCmd, From: "test-client-mock"},
		),
		app.Div().Class("command").Body(
			app.Pre().ID("test-client-check").Class("code").Text(checkCmd),
			&copyButton{ID: "copy-test-client-check", Label: "Copy the check command", Text: checkCmd, From: "test-client-check"},
		),
		app.P().Class("help").Body(
			app.Text("Replace CLIENT with the command that runs your client; it finds the mock in ERRSCOPE_URL. Without --responses, check runs its whole default suite. "),
			app.A().Href("/docs/testing-retries").Text("Test your retry logic"),
			app.Text(" has clients in Go, TypeScript and Python."),
		),
	)
}

// renderScenarioFile is the scenario in the JSON form the command line's
// --scenario loads: shown, copied, saved as a file, and loaded back.
func (p *simulatePage) renderScenarioFile() app.UI {
	text := ""
	if p.parsed.herdErr == nil {
		b, _ := json.MarshalIndent(p.parsed.sc, "", "  ") // MarshalJSON cannot fail
		text = string(b)
	}
	return app.Section().ID("sim-file").Class("block-wide").Body(
		app.H2().Text("Scenario file"),
		app.P().Text("This page's scenario, responses, policy and herd, as the JSON the command line reads: save it and run go run ./app simulate --scenario scenario.json, or load one saved before."),
		app.Pre().ID("sim-json").Class("code").Text(text),
		app.Div().Class("toolbar").Body(
			&copyButton{ID: "sim-json-copy", Label: "Copy the scenario JSON", Text: text, From: "sim-json"},
			app.A().ID("sim-json-save").Class("button").Href("data:application/json;charset=utf-8,"+url.PathEscape(text)).
				Attr("download", "scenario.json").Text("Save scenario.json"),
		),
		app.Div().Class("field").Body(
			app.Label().For("sim-json-load-text").Text("Load a scenario file"),
			app.Textarea().ID("sim-json-load-text").Class("scenario-load").Attr("rows", 4).Spellcheck(false).
				Placeholder(`{"api": "babysea", "responses": "503*4,200", "max_retries": 4}`),
		),
		app.Div().Class("toolbar").Body(
			app.Button().ID("sim-json-load").Type("button").Text("Load").OnClick(p.onLoadScenario),
		),
		app.If(p.jsonErr != "", func() app.UI {
			return app.P().ID("sim-json-error").Class("note problems").Role("alert").Text(p.jsonErr)
		}),
	)
}

// onLoadScenario reads the pasted scenario file with the scenario's parser
// and shows it in the form.
func (p *simulatePage) onLoadScenario(ctx app.Context, e app.Event) {
	text := app.Window().GetElementByID("sim-json-load-text").Get("value").String()
	sc, err := scenario.Parse([]byte(text))
	if err != nil {
		p.jsonErr = err.Error()
		return
	}
	p.jsonErr = ""
	p.setForm(fromScenario(sc))
	// The inputs' value properties do not follow re-rendered attributes
	// once typed in: set them.
	for _, fl := range p.form.fields() {
		if el := app.Window().GetElementByID(inputID(fl.name)); el.Truthy() {
			v := *fl.v
			if v == "" && el.Get("tagName").String() == "SELECT" {
				v = anyValue
			}
			el.Set("value", v)
		}
	}
	p.run()
	p.runHerd()
	p.share(ctx)
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

func simInput(id, label, placeholder, value string, h app.EventHandler) app.UI {
	return app.Div().Class("field").Body(
		app.Label().For(id).Text(label),
		app.Input().ID(id).Type("text").Value(value).Placeholder(placeholder).Spellcheck(false).
			Attr("autocomplete", "off").Attr("inputmode", "text").OnInput(h),
	)
}

func (p *simulatePage) renderResult() app.UI {
	if p.err != "" {
		return app.P().ID("sim-error").Class("note problems").Role("alert").Text(p.err)
	}
	if !p.ran {
		return app.P().Text("")
	}
	r := p.result
	rows := r.Attempts
	return app.Div().Class("sim-result").Body(
		app.H2().ID("sim-outcome").Text(outcomeText(r)),
		app.If(p.hint() != "", func() app.UI {
			return app.P().ID("sim-hint").Class("note").Text(p.hint())
		}),
		app.Div().ID("timeline").Class("timeline").Body(timelineSVG(r)),
		timelineLegend(),
		app.Div().Class("table-wrap").Body(
			app.Table().ID("sim-attempts").Class("data").Body(
				app.Caption().Class("visually-hidden").Text("Attempts"),
				app.THead().Body(app.Tr().Body(
					app.Th().Scope("col").Class("num").Text("#"),
					app.Th().Scope("col").Class("num").Text("At"),
					app.Th().Scope("col").Text("Response"),
					app.Th().Scope("col").Text("Decision"),
					app.Th().Scope("col").Class("num").Text("Wait"),
					app.Th().Scope("col").Text("Why"),
				)),
				app.TBody().Body(app.Range(rows).Slice(func(i int) app.UI {
					a := rows[i]
					wait := ""
					if a.Decision == retry.DecisionRetry {
						wait = durtext.Format(time.Duration(a.DelayMS) * time.Millisecond)
					}
					resp := "no response"
					if a.Status != 0 {
						resp = statusText(a.Status)
					}
					return app.Tr().Body(
						app.Td().Class("num").Text(strconv.Itoa(a.Attempt)),
						app.Td().Class("num").Text(durtext.Approx(time.Duration(a.AtMS)*time.Millisecond)),
						app.Td().Text(resp),
						app.Td().Text(a.Decision),
						app.Td().Class("num").Text(wait),
						app.Td().Text(a.Reason),
					)
				})),
			),
		),
	)
}

// outcomeText is the run's one-line answer, the CLI's too.
func outcomeText(r retry.Result) string { return r.Summary() }

// hint explains a run that gave up before playing every response typed:
// which Max retries plays them ([retry.Result.PlayAll], the command
// line's advice too).
func (p *simulatePage) hint() string {
	if !p.ran || p.parsed.err != nil {
		return ""
	}
	return p.result.PlayAll(len(p.parsed.sc.Responses), field("max-retries").Label)
}

// timelineLegend names the timeline's marks.
func timelineLegend() app.UI {
	item := func(cls, label string) app.UI {
		return app.Li().Body(app.Span().Class("swatch dot "+cls).Aria("hidden", "true"), app.Text(label))
	}
	return app.Ul().ID("timeline-legend").Class("chart-legend").Body(
		item("attempt-ok", "success"),
		item("attempt-fail", "failed, retried"),
		item("attempt-stop", "failed, not retried"),
		item("wait", "wait before the next attempt"),
	)
}

func (p *simulatePage) renderHerd() app.UI {
	f := p.form
	sc := p.parsed.sc
	ph := herdDefaults(sc)
	axes := newHerdAxes(p.herd, sc.Herd.Outage, sc.HerdConfig().Capacity)
	return app.Section().ID("herd").Class("block-wide").Body(
		app.H2().Text("Many clients"),
		app.P().Text("The model: every client makes one GET request while the server is down; then the server comes back serving a limited number of requests per second and answers the excess with 429s. Each client retries with the policy above and its own number of retries, then gives up. Each card is the same herd under one jitter strategy; all cards share one time axis and one load scale."),
		app.P().Text("What it shows: without jitter the clients come back in lockstep, and each wave is larger than the server can take; with jitter they spread out and the recovering server sees a far lower peak. Full jitter's waits are also the shortest (on average half the exponential delay), so during a fixed-length outage its clients spend more retries, and with few retries the unluckiest give up before the server is back. Waiting longer — equal or decorrelated jitter, or more retries — costs time instead."),
		app.Form().ID("herd-form").Class("tool-form").OnSubmit(p.onHerd).Body(
			app.Div().Class("row").Body(
				simInput(inputID("clients"), "Clients", ph.clients, f.Clients, p.onField(&p.form.Clients, false)),
				simInput(inputID("outage"), "Outage", ph.outage, f.Outage, p.onField(&p.form.Outage, false)),
				simInput(inputID("capacity"), "Capacity (req/s)", ph.capacity, f.Capacity, p.onField(&p.form.Capacity, false)),
				simInput(inputID("spread"), "First requests spread over", ph.spread, f.Spread, p.onField(&p.form.Spread, false)),
				simInput(inputID("herd-retries"), "Retries per client", ph.retries, f.Retries, p.onField(&p.form.Retries, false)),
			),
			app.Div().Class("toolbar").Body(app.Button().ID("herd-run").Class("primary").Type("submit").Text("Run the herd")),
		),
		app.If(p.herdErr != "", func() app.UI {
			return app.P().ID("herd-error").Class("note problems").Role("alert").Text(p.herdErr)
		}),
		app.If(len(p.herd) > 0, func() app.UI { return herdLegend(axes) }),
		app.Div().ID("herd-results").Class("herd-grid").Body(
			app.Range(p.herd).Slice(func(i int) app.UI { return herdCard(p.herd[i], axes) }),
		),
		contendSection(),
	)
}

// herdLegend names the marks of every herd card, once.
func herdLegend(a herdAxes) app.UI {
	item := func(cls, label string) app.UI {
		return app.Li().Body(app.Span().Class("swatch "+cls).Aria("hidden", "true"), app.Text(label))
	}
	return app.Ul().ID("herd-legend").Class("chart-legend").Body(
		item("bar", "requests served"),
		item("bar-failed", "requests failed (503 during the outage, 429 over capacity)"),
		app.If(a.OutageMS > 0, func() app.UI { return item("outage-end", "the outage ends") }),
		app.If(a.Capacity > 0, func() app.UI {
			return item("capacity", "server capacity, "+strconv.Itoa(a.Capacity)+" req/s")
		}),
	)
}

func herdCard(h herdRun, a herdAxes) app.UI {
	r := h.res
	during, _ := herdPeaks(r, time.Duration(a.OutageMS)*time.Millisecond)
	peak := strconv.FormatFloat(r.PeakRPS, 'f', 1, 64)
	return app.Div().Class("herd-card").DataSet("jitter", string(h.jitter)).Body(
		app.H3().Text(h.jitter.Label()),
		herdSVG(h, a),
		app.Dl().Body(
			app.Dt().Text("Peak after the outage"), app.Dd().DataSet("peak", peak).Text(num(r.PeakRPS)+" req/s"),
			app.If(a.OutageMS > 0, func() app.UI {
				return app.Div().Class("dl-row").Body(app.Dt().Text("Peak during the outage"), app.Dd().DataSet("peak-outage", num(during)).Text(num(during)+" req/s"))
			}),
			app.Dt().Text("Total calls"), app.Dd().Text(strconv.Itoa(r.TotalCalls)+" ("+strconv.FormatFloat(r.Amplification, 'f', 2, 64)+"× the clients)"),
			app.Dt().Text("Time to recover"), app.Dd().Text(durtext.Approx(time.Duration(r.TimeToRecoverMS)*time.Millisecond)),
			app.Dt().Text("Succeeded"), app.Dd().Text(strconv.Itoa(r.Succeeded)+" of "+strconv.Itoa(r.Succeeded+r.GaveUp)),
		),
	)
}

// contendConfig is the contention run the page shows: Brooker's setup,
// 100 clients, the mean of 20 runs.
var contendConfig = retry.ContendConfig{Clients: 100, Runs: 20, Seed: 1}

// contendRun is one jitter kind's result under Brooker's setup.
type contendRun struct {
	jitter retry.Jitter
	res    retry.ContendResult
}

// contendRuns computes the page's contention table once: it depends on
// nothing the reader types.
var contendRuns = sync.OnceValue(func() []contendRun {
	runs := make([]contendRun, 0, len(retry.Jitters))
	for _, j := range retry.Jitters {
		runs = append(runs, contendRun{j, retry.BrookerPolicy(j).Contend(contendConfig)})
	}
	return runs
})

// contendSection shows Brooker's contention model beside the herd: what
// it is, what it shows, and its numbers from the SDK's own backoff code.
func contendSection() app.UI {
	runs := contendRuns()
	var none, full retry.ContendResult
	for _, r := range runs {
		switch r.jitter {
		case retry.JitterNone:
			none = r.res
		case retry.JitterFull:
			full = r.res
		}
	}
	faster := ""
	if full.FinishMS > 0 {
		faster = " and finishes " + strconv.FormatFloat(math.Round(none.FinishMS/full.FinishMS), 'f', 0, 64) + "× sooner than no jitter"
	}
	return app.Div().ID("contend").Class("contend").Body(
		app.H3().Text("Clients contending for one resource (Brooker's model)"),
		app.P().Text("Marc Brooker's simulation in \"Exponential Backoff And Jitter\" (AWS Architecture Blog, 2015), run with this SDK's backoff code: "+strconv.Itoa(contendConfig.Clients)+" clients start together and each updates one database row once with optimistic concurrency — read its version, then write it back conditionally. Every write that overlaps another fails, and its client backs off and tries again, for as long as it takes. Base 5 ms, cap 2 s, network delay 10 ± 2 ms; the mean of "+strconv.Itoa(contendConfig.Runs)+" runs."),
		app.P().Text("Here the failures come from the clients' own overlap, so spreading them out is all that matters: full jitter makes the fewest calls of the kinds Brooker compared"+faster+", which is why it is the SDK's default. The herd above is a different model — failures come from a clock (the outage) and a rate limit, and clients give up after a few retries — so short waits can cost retries there."),
		app.Div().Class("table-wrap").Body(
			app.Table().ID("contend-table").Class("data").Body(
				app.Caption().Class("visually-hidden").Text("Brooker's contention model, by jitter kind"),
				app.THead().Body(app.Tr().Body(
					app.Th().Scope("col").Text("Jitter"),
					app.Th().Scope("col").Class("num").Text("Calls (writes)"),
					app.Th().Scope("col").Class("num").Text("Last client done"),
				)),
				app.TBody().Body(app.Range(runs).Slice(func(i int) app.UI {
					r := runs[i]
					name := r.jitter.Label()
					if r.jitter == retry.JitterAdditive {
						name += " (not in Brooker's comparison: its 0–" + durtext.Format(retry.DefaultJitterMax) + " extra is 50 times the base here)"
					}
					return app.Tr().DataSet("jitter", string(r.jitter)).Body(
						app.Th().Scope("row").Text(name),
						app.Td().Class("num").DataSet("calls", strconv.FormatFloat(r.res.Calls, 'f', 0, 64)).Text(strconv.FormatFloat(r.res.Calls, 'f', 0, 64)),
						app.Td().Class("num").Text(durtext.Approx(time.Duration(r.res.FinishMS*float64(time.Millisecond)))),
					)
				})),
			),
		),
	)
}
