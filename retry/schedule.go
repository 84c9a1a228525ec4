package retry

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/durtext"
)

// seedMix is xored into a seed to make the second PCG word, so that one
// user-visible seed gives a full 128-bit PCG state.
const seedMix = 0x9e3779b97f4a7c15

// newRand returns the simulators' generator: PCG, seeded so that the same
// seed gives the same numbers natively and in js/wasm.
func newRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, seed^seedMix))
}

// A Scenario is one request to simulate with [Policy.Schedule].
type Scenario struct {
	// API is the API whose error bodies are simulated (and decoded).
	API catalog.API
	// Responses are the outcomes of attempt 1, 2, …; when they run out
	// the last one repeats. None means a single 200.
	Responses []SimResponse
	// Method is the request method, "" meaning GET.
	Method string
	// IdempotencyKey is the request's Idempotency-Key, "" if none.
	IdempotencyKey string
	// Deadline is the caller's overall deadline from the first attempt;
	// 0 means none.
	Deadline time.Duration
	// Seed seeds the jitter; the same seed gives the same schedule.
	Seed uint64
}

// An Outcome is how a simulated request ended.
type Outcome string

// The outcomes of a [Result].
const (
	OutcomeSuccess Outcome = "success" // an attempt succeeded
	OutcomeGaveUp  Outcome = "gave_up" // every attempt the policy allows failed
	OutcomeStopped Outcome = "stopped" // a rule stopped before the attempts ran out
)

// The decisions shown in an [AttemptRow].
const (
	DecisionSuccess = "success" // the attempt succeeded: delay_ms is 0
	DecisionRetry   = "retry"   // retry after delay_ms
	DecisionStop    = "stop"    // give up: delay_ms is 0
)

// An AttemptRow is one attempt of a simulated request.
type AttemptRow struct {
	Attempt  int    `json:"attempt"`  // 1-based
	AtMS     int64  `json:"at_ms"`    // when the attempt started, ms after the first
	Status   int    `json:"status"`   // HTTP status; 0 for a transport failure or timeout
	Decision string `json:"decision"` // DecisionSuccess, DecisionRetry or DecisionStop
	DelayMS  int64  `json:"delay_ms"` // wait before the next attempt (retry only)
	Reason   string `json:"reason"`   // the decision's reason
	Rule     Rule   `json:"-"`        // the rule that decided; RuleNone for a success
	// ServerDelay reports that the delay was named by the server.
	ServerDelay bool `json:"-"`
}

// A Result is the schedule of one simulated request. Its JSON form is
//
//	{"attempts":[{"attempt":1,"at_ms":0,"status":429,"decision":"retry","delay_ms":17000,"reason":"Retry-After 17 s"},…],
//	 "outcome":"success","total_ms":17000}
type Result struct {
	Attempts []AttemptRow `json:"attempts"`
	Outcome  Outcome      `json:"outcome"`
	// TotalMS is when the request ended (the last attempt's outcome
	// known, or the deadline), ms after the first attempt started.
	TotalMS int64 `json:"total_ms"`
}

// Summary is the result in one sentence for people, with the outcome
// worded once: "Succeeded on attempt 3, 2.896 s in total.", "Gave up after
// 3 attempts, the most the policy allows; 2.182 s in total.", "Stopped
// after 1 attempt, 0 s in total: server asks 3600 s, over the 60 s cap."
func (r Result) Summary() string {
	n := len(r.Attempts)
	total := durtext.Format(time.Duration(r.TotalMS) * time.Millisecond)
	attempts := fmt.Sprintf("%d attempts", n)
	if n == 1 {
		attempts = "1 attempt"
	}
	switch r.Outcome {
	case OutcomeSuccess:
		return fmt.Sprintf("Succeeded on attempt %d, %s in total.", n, total)
	case OutcomeGaveUp:
		return fmt.Sprintf("Gave up after %s, the most the policy allows; %s in total.", attempts, total)
	}
	if n == 0 || r.Attempts[n-1].Reason == "" {
		return fmt.Sprintf("Stopped after %s, %s in total.", attempts, total)
	}
	return fmt.Sprintf("Stopped after %s, %s in total: %s.", attempts, total, r.Attempts[n-1].Reason)
}

// PlayAll is the advice for a result that gave up before it played all of
// its scenario's responses: which number of retries plays them. knob is
// that setting's name as the reader knows it, "Max retries" on a form or
// "--max-retries" on a command line: "The scenario's last 2 of 5 responses
// were not played: raise --max-retries to 4 to play them all." It is ""
// when every response was played, when the result did not give up, or
// when no number of retries up to [MaxSimRetries] plays more.
func (r Result) PlayAll(responses int, knob string) string {
	n := len(r.Attempts)
	retries := min(responses-1, MaxSimRetries)
	if r.Outcome != OutcomeGaveUp || n < 1 || responses <= n || retries < n {
		return ""
	}
	left := fmt.Sprintf("The scenario's last %d of %d responses were not played", responses-n, responses)
	if responses-n == 1 {
		left = fmt.Sprintf("The last of the scenario's %d responses was not played", responses)
	}
	if retries < responses-1 {
		return fmt.Sprintf("%s: raise %s to %d, the most, to play %d of them.", left, knob, retries, retries+1)
	}
	return fmt.Sprintf("%s: raise %s to %d to play them all.", left, knob, retries)
}

// Schedule simulates one request under the policy: each attempt gets the
// next of s.Responses, which is built as the API's real HTTP response and
// decoded by [apierror.Parse], and [Policy.Decide] decides what follows.
// Time is virtual and jitter comes from s.Seed (p.Rand is ignored), so the
// same inputs give the same Result on every platform. The policy's Budget,
// if any, is simulated with a fresh full copy; the caller's is untouched.
// MaxRetries above [MaxSimRetries] counts as MaxSimRetries.
//
// Each attempt takes its response's Latency. When the caller's deadline
// passes during an attempt, that attempt's row has status 0, decision
// "stop" and the request ends at the deadline. The final attempt of a
// successful request has decision "success" and delay_ms 0.
func (p Policy) Schedule(s Scenario) Result {
	rng := newRand(s.Seed)
	pol := p.simCopy()
	if pol.Budget != nil {
		pol.Budget.Request()
	}
	resps := s.Responses
	if len(resps) == 0 {
		resps = []SimResponse{{Status: 200}}
	}
	// Decode each distinct response once: the body does not depend on the
	// attempt.
	failures := make([]*Failure, len(resps))
	res := Result{Attempts: []AttemptRow{}}
	var now, prev time.Duration
	for attempt := 1; ; attempt++ {
		i := min(attempt, len(resps)) - 1
		r := resps[i]
		row := AttemptRow{Attempt: attempt, AtMS: ms(now), Status: r.Status}
		if r.Network || r.Timeout {
			row.Status = 0
		}
		end := now + r.latency()
		// now is always before the deadline here (Decide refuses delays
		// that reach it), so only an attempt's latency can cross it.
		if s.Deadline > 0 && end >= s.Deadline {
			row.Status, row.Decision, row.Reason, row.Rule = 0, DecisionStop, "deadline reached during the attempt", RuleCanceled
			res.Attempts = append(res.Attempts, row)
			res.Outcome, res.TotalMS = OutcomeStopped, ms(s.Deadline)
			return res
		}
		if r.success() {
			row.Decision, row.Reason = DecisionSuccess, "success"
			res.Attempts = append(res.Attempts, row)
			res.Outcome, res.TotalMS = OutcomeSuccess, ms(end)
			if attempt > 1 && pol.Budget != nil {
				pol.Budget.Success()
			}
			return res
		}
		if failures[i] == nil {
			f := r.failure(s.API, s.Method)
			failures[i] = &f
		}
		c := Call{Attempt: attempt, Method: s.Method, IdempotencyKey: s.IdempotencyKey, PrevDelay: prev}
		if s.Deadline > 0 {
			c.Remaining = s.Deadline - end
		}
		d := pol.decide(c, *failures[i], rng.Float64, false)
		row.Reason, row.Rule, row.ServerDelay = d.Reason, d.Rule, d.ServerDelay
		if !d.Retry {
			row.Decision = DecisionStop
			res.Attempts = append(res.Attempts, row)
			res.Outcome, res.TotalMS = OutcomeStopped, ms(end)
			if d.Rule == RuleAttempts {
				res.Outcome = OutcomeGaveUp
			}
			return res
		}
		row.Decision, row.DelayMS = DecisionRetry, ms(d.Delay)
		res.Attempts = append(res.Attempts, row)
		now, prev = end+d.Delay, d.Delay
	}
}

// simCopy returns the policy as the simulators run it: retries capped at
// MaxSimRetries and a fresh copy of the budget.
func (p Policy) simCopy() Policy {
	if p.MaxRetries > MaxSimRetries {
		p.MaxRetries = MaxSimRetries
	}
	p.Budget = p.Budget.fresh()
	p.Rand = nil
	return p
}
