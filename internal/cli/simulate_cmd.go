package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/durtext"
	"github.com/errscope/errscope/retry"
)

// specResponse is one response of a JSON scenario file given to
// simulate --responses.
type specResponse struct {
	Status      int      `json:"status"`
	Network     bool     `json:"network"`
	Timeout     bool     `json:"timeout"`
	RetryAfterS *float64 `json:"retry_after"` // seconds
	Retryable   *bool    `json:"retryable"`
	Code        string   `json:"code"`
	HTML        bool     `json:"html"`
	LatencyMS   int64    `json:"latency_ms"`
}

func runSimulate(e env, args []string) int {
	fs := e.flags()
	api := fs.String("api", "", "the `API` whose policy and bodies to simulate (required)")
	spec := fs.String("responses", "", "the `responses`: a comma list like 429:retry-after=17,503,200, or a JSON file (required without --clients)")
	maxRetries := fs.Int("max-retries", 0, "`N` retries after the first attempt (default: the API's)")
	base := fs.Duration("base", 0, "backoff after the first failure (default: the API's)")
	capD := fs.Duration("cap", 0, "cap on one backoff delay (default: the API's)")
	jitter := fs.String("jitter", "", "the jitter `kind`: none, full, equal, decorrelated or additive (default: the API's); with --clients, compared with the API's")
	raCap := fs.Duration("retry-after-cap", 0, "longest server-named delay obeyed (default 60s)")
	deadline := fs.Duration("deadline", 0, "the caller's overall deadline (default none)")
	budget := fs.Float64("budget", 0, "retry budget as a `ratio` of retries to first attempts, e.g. 0.1 (default none)")
	seed := fs.Uint64("seed", 1, "jitter `seed`: the same seed gives the same schedule")
	method := fs.String("method", "GET", "the request `method`")
	key := fs.String("idempotency-key", "", "the request's Idempotency-Key (default none)")
	clients := fs.Int("clients", 0, "simulate `N` clients against a failing server instead of one request (default: one request)")
	outage := fs.Duration("outage", 2*time.Second, "with --clients: how long the server fails everything")
	capacity := fs.Int("capacity", 0, "with --clients: `requests` per second served after the outage (default: clients/5)")
	spread := fs.Duration("spread", 0, "with --clients: interval over which first requests start (default: all at once)")
	asJSON := fs.Bool("json", false, "print JSON")
	err := func() error {
		pos, err := parse(fs, args)
		if err != nil {
			return err
		}
		if len(pos) > 0 {
			return usagef("simulate: unexpected argument %q", pos[0])
		}
		if *api == "" {
			return usagef("simulate: --api is required (valid: %s)", strings.Join(catalog.APINames(), ", "))
		}
		a, err := catalog.ParseAPI(*api)
		if err != nil {
			return usagef("simulate: %v", err)
		}
		p := retry.ForAPI(a)
		if flagSet(fs, "max-retries") {
			p.MaxRetries = *maxRetries
			if *maxRetries == 0 {
				p.MaxRetries = -1 // explicit 0: no retries
			}
		}
		if *base > 0 {
			p.BaseDelay = *base
		}
		if *capD > 0 {
			p.MaxDelay = *capD
		}
		if *jitter != "" {
			if p.Jitter, err = retry.ParseJitter(*jitter); err != nil {
				return usagef("simulate: %v", err)
			}
		}
		if *raCap > 0 {
			p.RetryAfterCap = *raCap
		}
		if *budget > 0 {
			p.Budget = retry.NewBudget(*budget, 0)
		}
		if *clients > 0 {
			c := *capacity
			if c <= 0 {
				c = max(1, *clients/5)
			}
			cfg := retry.HerdConfig{API: a, Clients: *clients, Outage: *outage, Capacity: c, Spread: *spread, Seed: *seed}
			rep := compareHerds(p, retry.ForAPI(a).Jitter, cfg)
			if *asJSON {
				return writeJSON(e.stdout, rep)
			}
			return rep.writeText(e.stdout)
		}
		if *spec == "" {
			return usagef("simulate: --responses is required, e.g. --responses '429:retry-after=17,503,200'")
		}
		responses, err := loadSpec(a, *spec)
		if err != nil {
			return err
		}
		res := p.Schedule(retry.Scenario{API: a, Responses: responses, Method: *method, IdempotencyKey: *key, Deadline: *deadline, Seed: *seed})
		if *asJSON {
			return writeJSON(e.stdout, res)
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ATTEMPT\tAT\tSTATUS\tDECISION\tWAIT\tREASON")
		for _, r := range res.Attempts {
			st := fmt.Sprint(r.Status)
			if r.Status == 0 {
				st = "—"
			}
			wait := ""
			if r.Decision == "retry" {
				wait = durtext.Format(time.Duration(r.DelayMS) * time.Millisecond)
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", r.Attempt, durtext.Format(time.Duration(r.AtMS)*time.Millisecond), st, r.Decision, wait, r.Reason)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		_, err = fmt.Fprintln(e.stdout, res.Summary())
		if left := len(responses) - len(res.Attempts); err == nil && res.Outcome == retry.OutcomeGaveUp && left > 0 {
			_, err = fmt.Fprintf(e.stdout, "The scenario's last %d of %d responses were not played: --max-retries %d plays them all.\n", left, len(responses), len(responses)-1)
		}
		return err
	}()
	return finish(e, err)
}

// A herdReport is what simulate --clients prints: the herd under the
// chosen jitter beside the same herd under the API's default jitter, the
// policy otherwise the same, as the simulator page compares kinds.
type herdReport struct {
	API      catalog.API `json:"api"`
	Clients  int         `json:"clients"`
	OutageMS int64       `json:"outage_ms"`
	Capacity int         `json:"capacity"` // requests per second after the outage
	Seed     uint64      `json:"seed"`
	// Runs holds the chosen jitter first, then the API's default; one run
	// when they are the same kind.
	Runs []herdRun `json:"runs"`
}

// A herdRun is one herd simulation under one jitter kind.
type herdRun struct {
	Jitter     retry.Jitter `json:"jitter"`
	APIDefault bool         `json:"api_default"`
	retry.HerdResult
}

// compareHerds runs cfg under p and, when p's jitter is not the API's
// default def, under p with def.
func compareHerds(p retry.Policy, def retry.Jitter, cfg retry.HerdConfig) herdReport {
	def = normJitter(def)
	rep := herdReport{API: cfg.API, Clients: min(cfg.Clients, retry.MaxHerdClients), OutageMS: cfg.Outage.Milliseconds(), Capacity: cfg.Capacity, Seed: cfg.Seed}
	chosen := normJitter(p.Jitter)
	rep.Runs = append(rep.Runs, herdRun{chosen, chosen == def, p.Herd(cfg)})
	if chosen != def {
		q := p
		q.Jitter = def
		rep.Runs = append(rep.Runs, herdRun{def, true, q.Herd(cfg)})
	}
	return rep
}

// normJitter resolves "" and unknown kinds to the kind a Policy uses.
func normJitter(j retry.Jitter) retry.Jitter { return retry.Policy{Jitter: j}.Effective().Jitter }

// writeText prints the runs side by side, one column per jitter kind.
func (r herdReport) writeText(w io.Writer) error {
	fmt.Fprintf(w, "%d clients, %s outage, then %d req/s capacity (%s, seed %d)\n", r.Clients,
		durtext.Format(time.Duration(r.OutageMS)*time.Millisecond), r.Capacity, r.API, r.Seed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(label string, cell func(herdRun) string) {
		fmt.Fprint(tw, "  "+label)
		for _, run := range r.Runs {
			fmt.Fprint(tw, "\t"+cell(run))
		}
		fmt.Fprintln(tw)
	}
	row("", func(h herdRun) string {
		if h.APIDefault {
			return h.Jitter.Label() + " (the API's default)"
		}
		return h.Jitter.Label()
	})
	row("total calls", func(h herdRun) string { return fmt.Sprintf("%d (%.2f× the clients)", h.TotalCalls, h.Amplification) })
	row("peak load", func(h herdRun) string { return fmt.Sprintf("%.0f req/s", h.PeakRPS) })
	row("time to recover", func(h herdRun) string {
		return durtext.Format(time.Duration(h.TimeToRecoverMS)*time.Millisecond) + " after the outage"
	})
	row("succeeded", func(h herdRun) string { return fmt.Sprint(h.Succeeded) })
	row("gave up", func(h herdRun) string { return fmt.Sprint(h.GaveUp) })
	return tw.Flush()
}

func flagSet(fs *flag.FlagSet, name string) bool {
	found := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			found = true
		}
	})
	return found
}

// loadSpec reads responses from a comma list, or from a JSON file when spec
// names an existing file or starts with "[".
func loadSpec(a catalog.API, spec string) ([]retry.SimResponse, error) {
	var data []byte
	if strings.HasPrefix(strings.TrimSpace(spec), "[") {
		data = []byte(spec)
	} else if st, err := os.Stat(spec); err == nil && !st.IsDir() {
		if data, err = os.ReadFile(spec); err != nil {
			return nil, err
		}
	}
	if data == nil {
		r, err := retry.ParseSpec(a, spec)
		if err != nil {
			return nil, usagef("simulate: %v", err)
		}
		return r, nil
	}
	var in []specResponse
	if err := json.Unmarshal(data, &in); err != nil {
		return nil, usagef("simulate: responses JSON: %v", err)
	}
	if len(in) == 0 {
		return nil, usagef("simulate: responses JSON holds no responses")
	}
	if len(in) > retry.MaxSpecResponses {
		return nil, usagef("simulate: %d responses, at most %d", len(in), retry.MaxSpecResponses)
	}
	out := make([]retry.SimResponse, len(in))
	for i, s := range in {
		if !s.Network && !s.Timeout && (s.Status < 100 || s.Status > 599) {
			return nil, usagef("simulate: response %d: status %d is not an HTTP status (use \"network\": true for a transport failure)", i+1, s.Status)
		}
		r := retry.SimResponse{Status: s.Status, Network: s.Network, Timeout: s.Timeout, Retryable: s.Retryable, Code: catalog.Code(s.Code), NonJSON: s.HTML, Latency: time.Duration(s.LatencyMS) * time.Millisecond}
		if s.RetryAfterS != nil {
			if *s.RetryAfterS < 0 {
				return nil, usagef("simulate: response %d: retry_after %v is negative", i+1, *s.RetryAfterS)
			}
			d := time.Duration(*s.RetryAfterS * float64(time.Second))
			r.RetryAfter = &d
		}
		out[i] = r
	}
	return out, nil
}
