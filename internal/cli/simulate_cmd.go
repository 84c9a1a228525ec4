package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/errscope/errscope/catalog"
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
	maxRetries := fs.Int("max-retries", 0, "`n` retries after the first attempt (default: the API's)")
	base := fs.Duration("base", 0, "backoff after the first failure (default: the API's)")
	capD := fs.Duration("cap", 0, "cap on one backoff delay (default: the API's)")
	jitter := fs.String("jitter", "", "the jitter `kind`: none, full, equal or decorrelated (default: the API's)")
	raCap := fs.Duration("retry-after-cap", 0, "longest server-named delay obeyed (default 60s)")
	deadline := fs.Duration("deadline", 0, "the caller's overall deadline (default none)")
	budget := fs.Float64("budget", 0, "retry budget as a `ratio` of retries to first attempts, e.g. 0.1 (default none)")
	seed := fs.Uint64("seed", 1, "jitter `seed`: the same seed gives the same schedule")
	method := fs.String("method", "GET", "the request `method`")
	key := fs.String("idempotency-key", "", "the request's Idempotency-Key (default none)")
	clients := fs.Int("clients", 0, "simulate `n` clients against a failing server instead of one request (default: one request)")
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
			res := p.Herd(retry.HerdConfig{API: a, Clients: *clients, Outage: *outage, Capacity: c, Spread: *spread, Seed: *seed})
			if *asJSON {
				return writeJSON(e.stdout, res)
			}
			fmt.Fprintf(e.stdout, "%d clients, %s outage, %d req/s capacity, jitter %s\n", *clients, *outage, c, jitterName(p))
			fmt.Fprintf(e.stdout, "  total calls      %d (%.2f× the clients)\n", res.TotalCalls, res.Amplification)
			fmt.Fprintf(e.stdout, "  succeeded        %d\n  gave up          %d\n", res.Succeeded, res.GaveUp)
			fmt.Fprintf(e.stdout, "  peak load        %.0f req/s after the outage\n", res.PeakRPS)
			fmt.Fprintf(e.stdout, "  time to recover  %s after the outage\n", retry.Dur(time.Duration(res.TimeToRecoverMS)*time.Millisecond))
			return nil
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
				wait = retry.Dur(time.Duration(r.DelayMS) * time.Millisecond)
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", r.Attempt, retry.Dur(time.Duration(r.AtMS)*time.Millisecond), st, r.Decision, wait, r.Reason)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		_, err = fmt.Fprintf(e.stdout, "outcome: %s after %s\n", res.Outcome, retry.Dur(time.Duration(res.TotalMS)*time.Millisecond))
		return err
	}()
	return finish(e, err)
}

func jitterName(p retry.Policy) string {
	if p.Jitter == "" {
		return string(retry.JitterFull)
	}
	return string(p.Jitter)
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
