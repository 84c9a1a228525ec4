package main

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/durtext"
	"github.com/errscope/errscope/retry"
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

// Defaults of the simulator.
const (
	defaultSpec     = "429:retry-after=17,503,200"
	defaultSeed     = "1"
	defaultClients  = "1000"
	defaultOutage   = "5s"
	defaultCapacity = "200"
	defaultSpread   = "1s"
	defaultRetries  = "5"
)

func defaultSimForm() simForm {
	return simForm{API: string(catalog.BabySea), Spec: defaultSpec, Seed: defaultSeed,
		Clients: defaultClients, Outage: defaultOutage, Capacity: defaultCapacity, Spread: defaultSpread, Retries: defaultRetries}
}

// simFields maps fragment keys to form fields, in a fixed order.
func (f *simForm) fields() []struct {
	key string
	v   *string
} {
	return []struct {
		key string
		v   *string
	}{
		{"api", &f.API}, {"spec", &f.Spec}, {"seed", &f.Seed}, {"retries", &f.MaxRetries},
		{"base", &f.Base}, {"cap", &f.Cap}, {"jitter", &f.Jitter}, {"ra_cap", &f.RetryAfterCap},
		{"budget", &f.Budget}, {"deadline", &f.Deadline}, {"method", &f.Method}, {"key", &f.Key},
		{"clients", &f.Clients}, {"outage", &f.Outage}, {"capacity", &f.Capacity}, {"spread", &f.Spread},
		{"herd_retries", &f.Retries},
	}
}

// encode returns the form as a fragment.
func (f simForm) encode() string {
	v := url.Values{}
	for _, fl := range f.fields() {
		if *fl.v != "" {
			v.Set(fl.key, *fl.v)
		}
	}
	return v.Encode()
}

// parseSimFragment reads a fragment written by encode, or by
// simulateFragmentFor (api and code). Unknown keys are ignored; values are
// bounded in length.
func parseSimFragment(fragment string) (simForm, bool) {
	vals, err := url.ParseQuery(fragment)
	if err != nil || len(vals) == 0 {
		return simForm{}, false
	}
	f := defaultSimForm()
	if vals.Has("spec") || vals.Has("code") {
		f.Spec = ""
	}
	for _, fl := range f.fields() {
		if vals.Has(fl.key) {
			v := vals.Get(fl.key)
			if len(v) > 2000 {
				v = v[:2000]
			}
			*fl.v = v
		}
	}
	if code := vals.Get("code"); code != "" && !vals.Has("spec") {
		if e, ok := catalog.Lookup(catalog.API(f.API), catalog.Code(code)); ok {
			f.Spec = specFor(e)
		}
	}
	if f.Spec == "" {
		f.Spec = defaultSpec
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

// duration reads "1.5s", "500ms", "2m" or a plain number of seconds.
func duration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return time.Duration(f * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration (try 1s, 500ms or 2m)", s)
	}
	return d, nil
}

// policy builds the policy: the API's defaults with the form's overrides.
func (f simForm) policy() (retry.Policy, error) {
	p := retry.ForAPI(catalog.API(f.API))
	var err error
	set := func(name, v string, dst *time.Duration) {
		if err != nil || strings.TrimSpace(v) == "" {
			return
		}
		d, e := duration(v)
		if e != nil || d < 0 {
			err = fmt.Errorf("%s: %v", name, e)
			return
		}
		*dst = d
	}
	set("base delay", f.Base, &p.BaseDelay)
	set("max delay", f.Cap, &p.MaxDelay)
	set("Retry-After cap", f.RetryAfterCap, &p.RetryAfterCap)
	if err != nil {
		return p, err
	}
	if s := strings.TrimSpace(f.MaxRetries); s != "" {
		n, e := strconv.Atoi(s)
		if e != nil || n < 0 || n > 50 {
			return p, fmt.Errorf("max retries: %q is not a number from 0 to 50", s)
		}
		p.MaxRetries = n
		if n == 0 {
			p.MaxRetries = -1 // no retries
		}
	}
	if f.Jitter != "" {
		j, e := retry.ParseJitter(f.Jitter)
		if e != nil {
			return p, fmt.Errorf("jitter: %v", e)
		}
		p.Jitter = j
	}
	if s := strings.TrimSpace(f.Budget); s != "" {
		r, e := strconv.ParseFloat(s, 64)
		if e != nil || r < 0 || r > 10 {
			return p, fmt.Errorf("budget: %q is not a ratio from 0 to 10", s)
		}
		p.Budget = retry.NewBudget(r, retry.DefaultBudgetBurst)
	}
	return p, nil
}

func (f simForm) seed() uint64 {
	n, _ := strconv.ParseUint(strings.TrimSpace(f.Seed), 10, 64)
	return n
}

// simulatePage is /simulate: one request's retries on a timeline, and a
// herd of clients under each jitter kind. Both run retry.Policy — the
// SDK's own code — with seeded randomness, so the same link shows the same
// run everywhere, pre-rendered or in the browser.
type simulatePage struct {
	app.Compo

	form simForm

	err     string
	result  retry.Result
	ran     bool
	herdErr string
	herd    []herdRun
}

type herdRun struct {
	jitter retry.Jitter
	res    retry.HerdResult
}

func (p *simulatePage) OnInit() { p.form = defaultSimForm() }

func (p *simulatePage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *simulatePage) OnNav(ctx app.Context)       { p.load(ctx) }

func (p *simulatePage) load(ctx app.Context) {
	setMeta(ctx, "Retry simulator", "See when the SDK retries: play a sequence of responses through an API's retry policy, and compare jitter strategies for a thousand clients.")
	if f, ok := parseSimFragment(ctx.Page().URL().Fragment); ok {
		p.form = f
	}
	p.run()
	p.runHerd()
}

// run simulates the scenario.
func (p *simulatePage) run() {
	p.err, p.ran = "", false
	f := p.form
	pol, err := f.policy()
	if err != nil {
		p.err = err.Error()
		return
	}
	api := catalog.API(f.API)
	resp, err := retry.ParseSpec(api, f.Spec)
	if err != nil {
		p.err = "Responses: " + err.Error()
		return
	}
	sc := retry.Scenario{API: api, Responses: resp, Method: f.Method, IdempotencyKey: f.Key, Seed: f.seed()}
	if s := strings.TrimSpace(f.Deadline); s != "" {
		d, err := duration(s)
		if err != nil {
			p.err = "Deadline: " + err.Error()
			return
		}
		sc.Deadline = d
	}
	p.result = pol.Schedule(sc)
	p.ran = true
}

// runHerd simulates the herd once per jitter kind.
func (p *simulatePage) runHerd() {
	p.herdErr, p.herd = "", nil
	f := p.form
	pol, err := f.policy()
	if err != nil {
		p.herdErr = err.Error()
		return
	}
	cfg := retry.HerdConfig{API: catalog.API(f.API), Seed: f.seed()}
	n, err := strconv.Atoi(strings.TrimSpace(f.Clients))
	if err != nil || n < 1 || n > retry.MaxHerdClients {
		p.herdErr = fmt.Sprintf("Clients: a number from 1 to %d.", retry.MaxHerdClients)
		return
	}
	cfg.Clients = n
	if cfg.Outage, err = duration(f.Outage); err != nil || cfg.Outage < 0 {
		p.herdErr = "Outage: a duration such as 5s."
		return
	}
	if cfg.Spread, err = duration(f.Spread); err != nil || cfg.Spread < 0 {
		p.herdErr = "Spread: a duration such as 1s."
		return
	}
	if s := strings.TrimSpace(f.Capacity); s != "" {
		if cfg.Capacity, err = strconv.Atoi(s); err != nil {
			p.herdErr = "Capacity: requests per second, or empty for unlimited."
			return
		}
	}
	if s := strings.TrimSpace(f.Retries); s != "" {
		r, err := strconv.Atoi(s)
		if err != nil || r < 0 || r > 20 {
			p.herdErr = "Retries per client: a number from 0 to 20."
			return
		}
		pol.MaxRetries = r
		if r == 0 {
			pol.MaxRetries = -1
		}
	}
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
		p.run()
		p.share(ctx)
	}
}

func (p *simulatePage) onField(v *string, rerun bool) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		*v = ctx.JSSrc().Get("value").String()
		if rerun {
			p.run()
			p.share(ctx)
		}
	}
}

// onAPI switches the API: the policy fields go back to its defaults.
func (p *simulatePage) onAPI(ctx app.Context, e app.Event) {
	p.form.API = selectValue(ctx)
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
	if el := app.Window().GetElementByID("sim-spec"); el.Truthy() {
		el.Set("value", v)
	}
	ctx.JSSrc().Set("value", anyValue)
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
						app.Label().For("sim-api").Text("API"),
						app.Select().ID("sim-api").OnChange(p.onAPI).Body(
							app.Range(catalog.APIs()).Slice(func(i int) app.UI {
								a := catalog.APIs()[i]
								return selectOption(string(a.ID), a.Name, f.API == string(a.ID))
							}),
						),
					),
					app.Div().Class("field").Body(
						app.Label().For("sim-preset").Text("Example scenarios"),
						app.Select().ID("sim-preset").OnChange(p.onPreset).Body(
							selectOption("", "Choose…", true),
							app.Range(presets).Slice(func(i int) app.UI {
								return selectOption(presets[i][0], presets[i][1], false)
							}),
						),
					),
				),
				app.Div().Class("field").Body(
					app.Label().For("sim-spec").Text("Responses, attempt by attempt"),
					app.Input().ID("sim-spec").Type("text").Value(f.Spec).Spellcheck(false).Attr("autocomplete", "off").
						Aria("describedby", "sim-spec-help").OnInput(p.onField(&p.form.Spec, true)),
					app.P().ID("sim-spec-help").Class("help").Text("Comma-separated: a status (429, 503, 200), net or timeout; options after colons: retry-after=17, reset=9, retryable=false, code=BSE1005, html, latency=250ms; *N repeats. The last response repeats."),
				),
				app.FieldSet().Class("fieldset").Body(
					app.Legend().Text("Policy (empty: "+apiName(catalog.API(f.API))+"'s default)"),
					app.Div().Class("row").Body(
						simInput("sim-max-retries", "Max retries", strconv.Itoa(def.Attempts()-1), f.MaxRetries, p.onField(&p.form.MaxRetries, true)),
						simInput("sim-base", "Base delay", durtext.Format(def.Effective().BaseDelay), f.Base, p.onField(&p.form.Base, true)),
						simInput("sim-cap", "Max delay", durtext.Format(def.Effective().MaxDelay), f.Cap, p.onField(&p.form.Cap, true)),
						app.Div().Class("field").Body(
							app.Label().For("sim-jitter").Text("Jitter"),
							app.Select().ID("sim-jitter").OnChange(p.onSelect(&p.form.Jitter)).Body(
								selectOption("", "Default ("+string(def.Effective().Jitter)+")", f.Jitter == ""),
								app.Range(retry.Jitters).Slice(func(i int) app.UI {
									j := string(retry.Jitters[i])
									return selectOption(j, j, f.Jitter == j)
								}),
							),
						),
						simInput("sim-retry-after-cap", "Retry-After cap", durtext.Format(def.Effective().RetryAfterCap), f.RetryAfterCap, p.onField(&p.form.RetryAfterCap, true)),
						simInput("sim-budget", "Retry budget ratio", "none", f.Budget, p.onField(&p.form.Budget, true)),
						simInput("sim-deadline", "Deadline", "none", f.Deadline, p.onField(&p.form.Deadline, true)),
						app.Div().Class("field").Body(
							app.Label().For("sim-method").Text("Method"),
							app.Select().ID("sim-method").OnChange(p.onSelect(&p.form.Method)).Body(
								selectOption("", "GET", f.Method == ""),
								app.Range(methods[1:]).Slice(func(i int) app.UI {
									m := methods[1+i]
									return selectOption(m, m, f.Method == m)
								}),
							),
						),
						simInput("sim-key", "Idempotency-Key", "none", f.Key, p.onField(&p.form.Key, true)),
						simInput("sim-seed", "Seed", "0", f.Seed, p.onField(&p.form.Seed, true)),
					),
				),
				app.Div().Class("toolbar").Body(
					app.Button().ID("sim-run").Class("primary").Type("submit").Text("Run"),
				),
			),
			app.Div().ID("sim-output").Class("sim-output").Aria("live", "polite").Body(p.renderResult()),
		),
		p.renderHerd(),
	))
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
		app.Div().ID("timeline").Class("timeline").Body(timelineSVG(r)),
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

func outcomeText(r retry.Result) string {
	n := len(r.Attempts)
	total := durtext.Approx(time.Duration(r.TotalMS) * time.Millisecond)
	att := "attempts"
	if n == 1 {
		att = "attempt"
	}
	switch r.Outcome {
	case retry.OutcomeSuccess:
		return fmt.Sprintf("Success after %d %s, %s in total.", n, att, total)
	}
	return fmt.Sprintf("Gave up (%s) after %d %s, %s in total.", strings.ReplaceAll(string(r.Outcome), "_", " "), n, att, total)
}

func (p *simulatePage) renderHerd() app.UI {
	f := p.form
	maxReq := 1
	for _, h := range p.herd {
		for _, b := range h.res.Buckets {
			maxReq = max(maxReq, b.Requests)
		}
	}
	return app.Section().ID("herd").Class("block-wide").Body(
		app.H2().Text("Many clients"),
		app.P().Text("Every client makes one GET request while the server is down, then the server comes back with a limited capacity; the excess gets 429s. Each card is the same herd under one jitter strategy, with the policy above and its own number of retries. Bars are requests per time slice, on one scale."),
		app.Form().ID("herd-form").Class("tool-form").OnSubmit(p.onHerd).Body(
			app.Div().Class("row").Body(
				simInput("herd-clients", "Clients", defaultClients, f.Clients, p.onField(&p.form.Clients, false)),
				simInput("herd-outage", "Outage", defaultOutage, f.Outage, p.onField(&p.form.Outage, false)),
				simInput("herd-capacity", "Capacity (req/s)", "unlimited", f.Capacity, p.onField(&p.form.Capacity, false)),
				simInput("herd-spread", "First requests spread over", defaultSpread, f.Spread, p.onField(&p.form.Spread, false)),
				simInput("herd-retries", "Retries per client", defaultRetries, f.Retries, p.onField(&p.form.Retries, false)),
			),
			app.Div().Class("toolbar").Body(app.Button().ID("herd-run").Class("primary").Type("submit").Text("Run the herd")),
		),
		app.If(p.herdErr != "", func() app.UI {
			return app.P().ID("herd-error").Class("note problems").Role("alert").Text(p.herdErr)
		}),
		app.Div().ID("herd-results").Class("herd-grid").Body(
			app.Range(p.herd).Slice(func(i int) app.UI { return herdCard(p.herd[i], maxReq, f) }),
		),
	)
}

func herdCard(h herdRun, maxReq int, f simForm) app.UI {
	r := h.res
	peak := strconv.FormatFloat(r.PeakRPS, 'f', 1, 64)
	return app.Div().Class("herd-card").DataSet("jitter", string(h.jitter)).Body(
		app.H3().Text(string(h.jitter)+" jitter"),
		herdSVG(h, maxReq, f),
		app.Dl().Body(
			app.Dt().Text("Peak load"), app.Dd().DataSet("peak", peak).Text(peak+" req/s"),
			app.Dt().Text("Total calls"), app.Dd().Text(strconv.Itoa(r.TotalCalls)+" ("+strconv.FormatFloat(r.Amplification, 'f', 2, 64)+"× the clients)"),
			app.Dt().Text("Time to recover"), app.Dd().Text(durtext.Approx(time.Duration(r.TimeToRecoverMS)*time.Millisecond)),
			app.Dt().Text("Succeeded"), app.Dd().Text(strconv.Itoa(r.Succeeded)+" of "+strconv.Itoa(r.Succeeded+r.GaveUp)),
		),
	)
}
