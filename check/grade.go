package check

import (
	"fmt"
	"github.com/errscope/errscope/internal/durtext"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/retry"
)

// An Attempt is one request the mock received during a run.
type Attempt struct {
	// Start is when the request arrived; End when its answer was sent.
	Start  time.Time `json:"start"`
	End    time.Time `json:"end"`
	Method string    `json:"method"`
	// Key is the request's Idempotency-Key, "" if none.
	Key string `json:"idempotency_key,omitempty"`
	// Index is the position in the scenario of the response it got; -1
	// when it got none of the scenario's (a replay).
	Index int `json:"index"`
	// RetryAfterAt is the instant a Retry-After HTTP-date named.
	RetryAfterAt time.Time `json:"retry_after_at,omitzero"`
}

// A Run is one play of a scenario: what the client did.
type Run struct {
	Scenario Scenario `json:"scenario"`
	// N numbers the plays of one scenario from 1.
	N        int       `json:"n"`
	Attempts []Attempt `json:"attempts"`
	// Exit is the client's exit code; -1 when it was killed.
	Exit int `json:"exit"`
	// TimedOut reports that the client was still running at Timeout and
	// was killed.
	TimedOut bool          `json:"timed_out"`
	Timeout  time.Duration `json:"-"`
	// Stderr is the end of what the client wrote to standard error.
	Stderr string `json:"stderr,omitempty"`
}

// The rules, in the order a report lists them.
const (
	RuleRetries        = "retries"          // retried what the policy retries
	RuleNoRetry4xx     = "no_retry_4xx"     // did not retry a 4xx the policy does not retry
	RuleNoRetry5xx     = "no_retry_5xx"     // did not retry a 5xx the policy does not retry
	RuleRetryAfter     = "retry_after"      // waited at least Retry-After in seconds
	RuleRetryAfterDate = "retry_after_date" // waited until a Retry-After HTTP-date
	RuleBackoff        = "backoff"          // backed off between tries
	RuleJitter         = "jitter"           // waits varied across runs
	RuleSameKey        = "same_key"         // the same Idempotency-Key on every retry
	RuleUnkeyedReset   = "unkeyed_reset"    // no retry of an unkeyed POST after a reset
	RuleAttemptLimit   = "attempt_limit"    // within the policy's attempts
	RuleOverCap        = "over_cap"         // gave up on a Retry-After over the cap
)

var ruleOrder = []string{RuleRetries, RuleNoRetry4xx, RuleNoRetry5xx, RuleRetryAfter, RuleRetryAfterDate,
	RuleBackoff, RuleJitter, RuleSameKey, RuleUnkeyedReset, RuleAttemptLimit, RuleOverCap}

// Tolerance is how much sooner than a server-named instant a retry may
// arrive and still count as waiting for it (the mock measures both ends
// itself, so only clock granularity is forgiven).
const Tolerance = 20 * time.Millisecond

// JitterSpread sets the least difference between the shortest and the
// second longest first backoff wait across runs that counts as jitter: a
// fifth of the width of the policy's jitter on the first retry (1 s for
// full jitter from 1 s, 0.5 s for Aionvision's additive jitter), and at
// least MinJitterSpread. Scheduling noise on a fixed delay (even one run
// pushed far out) does not pass for jitter, and a jittered client fails
// by chance about once in ten thousand suites (JitterRuns 10).
const JitterSpread = 5 // the divisor of the jitter's width

// MinJitterSpread is the least spread JitterSpread asks for.
const MinJitterSpread = 50 * time.Millisecond

// BackoffLong is how many backoff waits must reach a quarter of the
// policy's base delay for a client to count as backing off.
const BackoffLong = 3

// The outcomes of a rule.
const (
	Pass = "pass"
	Fail = "fail"
	Skip = "skip" // nothing in the runs could show it
)

// A Result is the grade of one rule.
type Result struct {
	Rule   string `json:"rule"`
	Title  string `json:"title"`
	Status string `json:"status"`
	// Evidence says what the mock saw, in one sentence: the first
	// failure, or what passed.
	Evidence string `json:"evidence"`
	// Scenario names the scenario of the evidence.
	Scenario string `json:"scenario,omitempty"`
	// WaitMS is the wait the evidence is about, as measured, in
	// milliseconds (the evidence itself names only the policy's numbers,
	// so that it reads the same from run to run); nil when it is not
	// about one wait.
	WaitMS *int64 `json:"wait_ms,omitempty"`
	// Failures counts the failing observations; Observations all of them.
	Failures     int `json:"failures"`
	Observations int `json:"observations"`
}

// A Report is the grade of a client against a suite.
type Report struct {
	API     catalog.API `json:"api"`
	Suite   string      `json:"suite"`
	Command string      `json:"command"`
	Results []Result    `json:"results"`
	// Problems are runs that could not be graded (no request made).
	Problems []string `json:"problems"`
	Runs     []Run    `json:"runs"`
}

// Failed reports whether any rule failed or a run could not be graded.
func (r Report) Failed() bool {
	if len(r.Problems) > 0 {
		return true
	}
	for _, x := range r.Results {
		if x.Status == Fail {
			return true
		}
	}
	return false
}

// obs is one observation of a rule.
type obs struct {
	ok       bool
	text     string
	scenario string
	wait     *time.Duration // the wait measured, for the JSON report
}

// grader collects observations by rule.
type grader struct {
	api     catalog.API
	pol     retry.Policy
	obs     map[string][]obs
	backoff []gap // every wait before a retry the policy backs off for
	first   map[string][]time.Duration
}

type gap struct {
	d, floor time.Duration
	attempt  int
}

func (g *grader) add(rule string, ok bool, scenario, format string, a ...any) {
	g.obs[rule] = append(g.obs[rule], obs{ok: ok, text: fmt.Sprintf(format, a...), scenario: scenario})
}

// addWait is add for an observation of a measured wait.
func (g *grader) addWait(rule string, ok bool, wait time.Duration, scenario, format string, a ...any) {
	g.add(rule, ok, scenario, format, a...)
	l := g.obs[rule]
	l[len(l)-1].wait = &wait
}

// Grade grades runs of api's scenarios against the API's documented
// policy (retry.ForAPI). Each failed attempt's response is decided with
// retry.Policy.Decide as the client's own attempt: a retry it refuses
// must not come, a retry it makes must come after the wait it names (at
// least the server's delay, at least the backoff's floor), on the same
// Idempotency-Key; and a run killed at its timeout after a delay over the
// cap slept instead of giving up. Evidence is classed against the
// policy's numbers, not printed to the millisecond, so that a report is
// the same from run to run of the same client.
func Grade(api catalog.API, runs []Run) Report {
	g := &grader{api: api, pol: retry.ForAPI(api), obs: map[string][]obs{}, first: map[string][]time.Duration{}}
	rep := Report{API: api, Problems: []string{}, Runs: runs}
	for _, r := range runs {
		if len(r.Attempts) == 0 {
			msg := fmt.Sprintf("%s (run %d): the client made no request", r.Scenario.Name, r.N)
			if r.TimedOut {
				msg += fmt.Sprintf(" in %s and was killed", durtext.Format(r.Timeout))
			} else {
				msg += fmt.Sprintf(" (exit %d)", r.Exit)
			}
			if s := firstLine(r.Stderr); s != "" {
				msg += ": " + s
			}
			rep.Problems = append(rep.Problems, msg)
			continue
		}
		g.run(r)
	}
	g.gradeBackoff()
	g.gradeJitter(runs)
	for _, rule := range ruleOrder {
		rep.Results = append(rep.Results, g.result(rule))
	}
	return rep
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// run grades the attempts of one run.
func (g *grader) run(r Run) {
	sc := r.Scenario
	at := append([]Attempt(nil), r.Attempts...)
	sort.SliceStable(at, func(i, j int) bool { return at[i].Start.Before(at[j].Start) })
	if sc.Key {
		if at[0].Key == "" {
			g.add(RuleSameKey, true, sc.Name, "skipped: the client sent no Idempotency-Key when asked to (%s)", EnvIdempotencyKey)
		}
	}
	var prev time.Duration
	for i, a := range at {
		if a.Index < 0 || len(sc.Responses) == 0 {
			return // a replay: the request was over
		}
		resp := sc.Responses[min(a.Index, len(sc.Responses)-1)]
		f, desc := failureOf(g.api, resp, a.Method)
		if f == nil {
			return // a success ends the request
		}
		d := g.pol.Decide(retry.Call{Attempt: i + 1, Method: a.Method, IdempotencyKey: a.Key, PrevDelay: prev}, *f)
		var next *Attempt
		if i+1 < len(at) {
			next = &at[i+1]
		}
		if next != nil && a.Key != "" {
			if next.Key == a.Key {
				g.add(RuleSameKey, true, sc.Name, "kept the same Idempotency-Key on attempt %d after %s", i+2, desc)
			} else {
				g.add(RuleSameKey, false, sc.Name, "changed the Idempotency-Key on attempt %d after %s", i+2, desc)
			}
		}
		if !d.Retry {
			g.refused(sc, r, i, d, desc, next)
			return
		}
		if next == nil {
			why := "exited"
			if r.TimedOut {
				why = "was still waiting at the " + durtext.Format(r.Timeout) + " timeout"
			}
			g.add(RuleRetries, false, sc.Name, "%s after %s and did not retry; the policy retries it (%s)", why, desc, g.reason(d, a))
			return
		}
		g.add(RuleRetries, true, sc.Name, "retried %s (%s)", desc, g.reason(d, a))
		wait := next.Start.Sub(a.End)
		switch d.Rule {
		case retry.RuleServerDelay, retry.RuleRateLimitReset, retry.RuleRateLimitDefault:
			if sc.RetryAfterDate && !a.RetryAfterAt.IsZero() {
				hdr := "`Retry-After: <HTTP-date " + durtext.Format(d.Delay) + " after Date>`"
				if next.Start.Add(Tolerance).Before(a.RetryAfterAt) {
					g.addWait(RuleRetryAfterDate, false, wait, sc.Name, "retried before the instant of %s", hdr)
				} else {
					g.addWait(RuleRetryAfterDate, true, wait, sc.Name, "waited until the instant of %s", hdr)
				}
				break
			}
			hdr := "`Retry-After: " + strconv.FormatInt(int64(d.Delay/time.Second), 10) + "`"
			if d.Rule != retry.RuleServerDelay {
				hdr = d.Reason
			}
			if wait+Tolerance < d.Delay {
				g.addWait(RuleRetryAfter, false, wait, sc.Name, "retried before the %s of %s", durtext.Format(d.Delay), hdr)
			} else {
				g.addWait(RuleRetryAfter, true, wait, sc.Name, "waited at least the %s of %s", durtext.Format(d.Delay), hdr)
			}
		case retry.RuleBackoff:
			floor := g.floor(i + 1)
			g.backoff = append(g.backoff, gap{wait, floor, i + 1})
			if i == 0 && sc.RunCount() > 1 {
				g.first[sc.Name] = append(g.first[sc.Name], wait)
			}
		}
		prev = d.Delay
	}
}

// reason is d's reason without its random number: a backoff is named
// by its jitter, not by the delay this Decide drew.
func (g *grader) reason(d retry.Decision, a Attempt) string {
	if d.Rule != retry.RuleBackoff {
		return d.Reason
	}
	r := "backoff, " + jitterOf(g.pol).Label()
	if a.Key != "" && !retry.Idempotent(a.Method) {
		r += "; Idempotency-Key set"
	}
	return r
}

// refused grades a failure the policy does not retry: next, if not nil,
// is the retry the client made anyway.
func (g *grader) refused(sc Scenario, r Run, i int, d retry.Decision, desc string, next *Attempt) {
	rule := ""
	switch d.Rule {
	case retry.RuleBodyFlag, retry.RuleNotRetryable, retry.RulePermanent:
		rule = RuleNoRetry4xx
		if st := sc.Responses[min(i, len(sc.Responses)-1)].Status; st >= 500 || st == 0 {
			rule = RuleNoRetry5xx
		}
	case retry.RuleNotIdempotent:
		rule = RuleUnkeyedReset
	case retry.RuleAttempts:
		if next != nil {
			g.add(RuleAttemptLimit, false, sc.Name, "made %d attempts or more; the policy stops at %d", i+2, g.pol.Attempts())
		} else {
			g.add(RuleAttemptLimit, true, sc.Name, "stopped after %d attempts, the policy's limit", i+1)
		}
		return
	case retry.RuleOverCap:
		hdr := "`Retry-After: " + strconv.FormatInt(int64(d.Delay/time.Second), 10) + "`"
		switch {
		case next != nil:
			g.add(RuleOverCap, false, sc.Name, "retried after %s instead of giving up (over the policy's %s cap)", hdr, durtext.Format(capOf(g.pol)))
		case r.TimedOut:
			g.add(RuleOverCap, false, sc.Name, "was still waiting after %s at the %s timeout instead of giving up (over the policy's %s cap)", hdr, durtext.Format(r.Timeout), durtext.Format(capOf(g.pol)))
		default:
			g.add(RuleOverCap, true, sc.Name, "gave up at once on %s, over the policy's %s cap", hdr, durtext.Format(capOf(g.pol)))
		}
		return
	default:
		return
	}
	if next != nil {
		g.add(rule, false, sc.Name, "retried %s; the policy does not (%s)", desc, d.Reason)
	} else {
		g.add(rule, true, sc.Name, "did not retry %s (%s)", desc, d.Reason)
	}
}

func capOf(p retry.Policy) time.Duration {
	if p.RetryAfterCap > 0 {
		return p.RetryAfterCap
	}
	return retry.DefaultRetryAfterCap
}

// floor is the shortest wait the policy's backoff allows before attempt
// n+1: the jitter's lower bound (0 for full jitter).
func (g *grader) floor(n int) time.Duration {
	p := g.pol
	p.Rand = func() float64 { return 0 }
	return p.Backoff(n, 0)
}

// least is the longest backoff wait a client must have made at least
// once to count as backing off: a quarter of the base delay.
func (g *grader) least() time.Duration {
	b := g.pol.BaseDelay
	if b <= 0 {
		b = retry.DefaultBaseDelay
	}
	return b / 4
}

func (g *grader) gradeBackoff() {
	if len(g.backoff) == 0 {
		return
	}
	n := plural(len(g.backoff), "backoff wait", "backoff waits")
	pol := fmt.Sprintf("%s base, %s", durtext.Format(baseOf(g.pol)), jitterOf(g.pol).Label())
	for _, x := range g.backoff {
		if x.floor > 0 && x.d+Tolerance < x.floor {
			g.add(RuleBackoff, false, "", "waited less than the policy's %s after attempt %d (%s)", durtext.Format(x.floor), x.attempt, pol)
			return
		}
	}
	// A client backs off when a few of its waits are long: a few, not
	// one, since a loaded machine can hold up a retry made at once.
	long := 0
	for _, x := range g.backoff {
		if x.d >= g.least() {
			long++
		}
	}
	if need := min(BackoffLong, len(g.backoff)); long < need {
		g.add(RuleBackoff, false, "", "fewer than %d of %s were over %s: no backoff (the policy: %s)", need, n, durtext.Format(g.least()), pol)
		return
	}
	g.add(RuleBackoff, true, "", "%s, none under the policy's floor and %d or more over %s (%s)", n, min(BackoffLong, len(g.backoff)), durtext.Format(g.least()), pol)
}

func baseOf(p retry.Policy) time.Duration {
	if p.BaseDelay <= 0 {
		return retry.DefaultBaseDelay
	}
	return p.BaseDelay
}

func jitterOf(p retry.Policy) retry.Jitter {
	for _, j := range retry.Jitters {
		if p.Jitter == j {
			return j
		}
	}
	return retry.DefaultJitter
}

// spread is the least spread of first backoff waits that shows jitter;
// see JitterSpread.
func (g *grader) spread() time.Duration {
	lo, hi := g.pol, g.pol
	lo.Rand, hi.Rand = func() float64 { return 0 }, func() float64 { return 1 }
	return max(((hi.Backoff(1, 0) - lo.Backoff(1, 0)) / JitterSpread).Round(10*time.Millisecond), MinJitterSpread)
}

func (g *grader) gradeJitter(runs []Run) {
	if jitterOf(g.pol) == retry.JitterNone {
		g.add(RuleJitter, true, "", "skipped: the policy uses no jitter (%s, %s, … exactly)", durtext.Format(g.floor(1)), durtext.Format(g.floor(2)))
		return
	}
	names := make([]string, 0, len(g.first))
	for n := range g.first {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		w := g.first[name]
		if len(w) < 3 { // one is left out of the spread
			continue
		}
		// The spread leaves out the longest wait: a fixed delay that one
		// run's scheduling pushed far out is still no jitter.
		sorted := slices.Sorted(slices.Values(w))
		lo, hi := sorted[0], sorted[len(sorted)-2]
		need := g.spread()
		switch {
		case hi < g.least():
			g.add(RuleJitter, false, name, "%d of the first backoff waits of %d runs were under %s: no backoff to spread", len(w)-1, len(w), durtext.Format(g.least()))
		case hi-lo < need:
			g.add(RuleJitter, false, name, "%d of the first backoff waits of %d runs were within %s of each other: no jitter", len(w)-1, len(w), durtext.Format(need))
		default:
			g.add(RuleJitter, true, name, "the first backoff waits of %d runs spread over more than %s", len(w), durtext.Format(need))
		}
	}
}

// failureOf returns the retry.Failure a scenario response makes and a
// short description: "429 BSE1005", "503 with retryable:false", "a
// connection reset". It returns nil for a success.
func failureOf(api catalog.API, r retry.SimResponse, method string) (*retry.Failure, string) {
	switch {
	case r.Network:
		return &retry.Failure{Network: errReset}, "a connection reset on " + normMethod(method)
	case r.Timeout:
		return &retry.Failure{Timeout: true, Network: errStall}, "a stalled " + normMethod(method)
	}
	e := r.Decode(api, method)
	if e == nil {
		return nil, ""
	}
	desc := strconv.Itoa(e.Status)
	if e.Code != "" {
		desc += " " + string(e.Code)
	}
	if r.Retryable != nil {
		desc += " with retryable:" + strconv.FormatBool(*r.Retryable)
	}
	return &retry.Failure{Err: e}, desc
}

type faultError string

func (e faultError) Error() string { return string(e) }

const (
	errReset faultError = "connection reset by the mock"
	errStall faultError = "the mock stalled past the client's timeout"
)

func normMethod(m string) string {
	if m == "" {
		return "GET"
	}
	return strings.ToUpper(m)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// result sums up the observations of one rule.
func (g *grader) result(rule string) Result {
	r := Result{Rule: rule, Title: g.title(rule), Status: Skip, Evidence: "nothing in the runs showed it"}
	list := g.obs[rule]
	r.Observations = len(list)
	var firstFail, firstPass *obs
	for i := range list {
		o := &list[i]
		if !o.ok {
			r.Failures++
			if firstFail == nil {
				firstFail = o
			}
		} else if firstPass == nil {
			firstPass = o
		}
	}
	switch {
	case firstFail != nil:
		r.Status, r.Evidence, r.Scenario = Fail, firstFail.text, firstFail.scenario
		r.WaitMS = waitMS(firstFail.wait)
		if r.Failures > 1 {
			r.Evidence += fmt.Sprintf(" (and %d more)", r.Failures-1)
		}
	case firstPass != nil:
		r.Status, r.Evidence, r.Scenario = Pass, firstPass.text, firstPass.scenario
		r.WaitMS = waitMS(firstPass.wait)
		if strings.HasPrefix(firstPass.text, "skipped: ") {
			r.Status, r.Evidence = Skip, strings.TrimPrefix(firstPass.text, "skipped: ")
		}
	}
	return r
}

func waitMS(d *time.Duration) *int64 {
	if d == nil {
		return nil
	}
	ms := d.Milliseconds()
	return &ms
}

// title says the rule as the API's policy states it.
func (g *grader) title(rule string) string {
	switch rule {
	case RuleRetries:
		return "retries what the policy retries"
	case RuleNoRetry4xx:
		return "does not retry a 4xx the policy does not retry"
	case RuleNoRetry5xx:
		if g.pol.BodyFlagDecides {
			return "does not retry a 5xx whose body says retryable:false"
		}
		return "does not retry a 5xx the policy does not retry"
	case RuleRetryAfter:
		return "waits at least Retry-After (seconds)"
	case RuleRetryAfterDate:
		return "waits until a Retry-After HTTP-date"
	case RuleBackoff:
		return "backs off between tries"
	case RuleJitter:
		return "spreads its waits with jitter"
	case RuleSameKey:
		return "keeps the same Idempotency-Key on every retry"
	case RuleUnkeyedReset:
		return "does not retry an unkeyed POST after a reset"
	case RuleAttemptLimit:
		return fmt.Sprintf("stays within %d attempts", g.pol.Attempts())
	case RuleOverCap:
		return fmt.Sprintf("gives up on a Retry-After over %s", durtext.Format(capOf(g.pol)))
	}
	return rule
}
