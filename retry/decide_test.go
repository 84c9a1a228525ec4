package retry

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/catalog"
)

func ptr[T any](v T) *T { return &v }

// apiErr returns a decoded error as apierror.Parse would: status, optional
// body flag and server delay.
func apiErr(status int, mods ...func(*apierror.Error)) *apierror.Error {
	e := &apierror.Error{Status: status}
	for _, m := range mods {
		m(e)
	}
	return e
}

func bodyFlag(b bool) func(*apierror.Error)     { return func(e *apierror.Error) { e.RetryableFlag = &b } }
func code(c catalog.Code) func(*apierror.Error) { return func(e *apierror.Error) { e.Code = c } }
func nonJSON() func(*apierror.Error)            { return func(e *apierror.Error) { e.NonJSON = true } }
func retryAfter(d time.Duration) func(*apierror.Error) {
	return func(e *apierror.Error) {
		e.RateLimit.RetryAfter, e.RateLimit.HasRetryAfter = d, true
		e.RateLimit.RetryAfterSource = "Retry-After header"
	}
}

// half always returns 0.5, so full jitter halves the exponential delay.
func half() float64 { return 0.5 }

var errReset = errors.New("read tcp 10.0.0.1:443: connection reset by peer")

func TestDecide(t *testing.T) {
	base := Policy{Rand: half}                        // zero policy: 2 retries, 1 s, full jitter
	bsea := Policy{Rand: half, BodyFlagDecides: true} // BabySea: body flag decides
	aion := Policy{Rand: half, RetryAfterDefault: 5 * time.Second}
	tests := []struct {
		name   string
		p      Policy
		c      Call
		f      Failure
		retry  bool
		delay  time.Duration
		server bool
		rule   Rule
		reason string // substring of the reason
	}{
		// Rule order and the basics.
		{"no failure", base, Call{Attempt: 1}, Failure{}, false, 0, false, RuleNone, "no failure"},
		{"caller canceled", base, Call{Attempt: 1}, Failure{Network: fmt.Errorf("get: %w", context.Canceled)}, false, 0, false, RuleCanceled, "canceled"},
		{"caller deadline", base, Call{Attempt: 1}, Failure{Network: context.DeadlineExceeded}, false, 0, false, RuleCanceled, "canceled"},
		{"attempts exhausted", base, Call{Attempt: 3}, Failure{Err: apiErr(503)}, false, 0, false, RuleAttempts, "attempt 3 of 3"},
		{"attempts before classification", base, Call{Attempt: 3}, Failure{Err: apiErr(400)}, false, 0, false, RuleAttempts, "attempt 3 of 3"},
		{"no retries policy", Policy{MaxRetries: -1}, Call{Attempt: 1}, Failure{Err: apiErr(503)}, false, 0, false, RuleAttempts, "attempt 1 of 1"},
		{"attempt 0 counts as 1", base, Call{}, Failure{Err: apiErr(503)}, true, 500 * time.Millisecond, false, RuleBackoff, "attempt 1"},
		{"400 not retryable", base, Call{Attempt: 1}, Failure{Err: apiErr(400, code("VALIDATION_ERROR"))}, false, 0, false, RuleNotRetryable, "400 VALIDATION_ERROR is not retryable"},

		// §10.1 Retry-After and server hints.
		{"#1 Retry-After 0 retries now", base, Call{Attempt: 1}, Failure{Err: apiErr(429, retryAfter(0))}, true, 0, true, RuleServerDelay, "Retry-After 0 s"},
		{"#2 negative server delay falls back to backoff", base, Call{Attempt: 1}, Failure{Err: apiErr(429, retryAfter(-time.Second))}, true, 500 * time.Millisecond, false, RuleBackoff, "backoff 500 ms"},
		{"#5 Retry-After 3600 over cap stops", base, Call{Attempt: 1}, Failure{Err: apiErr(429, retryAfter(time.Hour))}, false, time.Hour, true, RuleOverCap, "server asks 3600 s, over the 60 s cap"},
		{"#5 custom cap", Policy{RetryAfterCap: 2 * time.Hour}, Call{Attempt: 1}, Failure{Err: apiErr(429, retryAfter(time.Hour))}, true, time.Hour, true, RuleServerDelay, "Retry-After 3600 s"},
		{"#6 overflowing delay is too long, not 0", base, Call{Attempt: 1}, Failure{Err: apiErr(429, retryAfter(math.MaxInt64))}, false, math.MaxInt64, true, RuleOverCap, "over the 60 s cap"},
		{"#7 HTTP-date in the past means now", base, Call{Attempt: 2}, Failure{Err: apiErr(503, retryAfter(0))}, true, 0, true, RuleServerDelay, "0 s"},
		{"#11 429 without delay backs off", base, Call{Attempt: 2}, Failure{Err: apiErr(429)}, true, time.Second, false, RuleBackoff, "backoff 1 s (attempt 2, full jitter)"},
		{"429 without delay uses RetryAfterDefault", aion, Call{Attempt: 1}, Failure{Err: apiErr(429)}, true, 5 * time.Second, false, RuleRateLimitDefault, "default 5 s"},
		{"RetryAfterDefault only for 429", aion, Call{Attempt: 1}, Failure{Err: apiErr(503)}, true, 500 * time.Millisecond, false, RuleBackoff, "backoff"},
		{"server delay beats RetryAfterDefault", aion, Call{Attempt: 1}, Failure{Err: apiErr(429, retryAfter(2*time.Second))}, true, 2 * time.Second, true, RuleServerDelay, "Retry-After 2 s"},
		{"#16 delay past the deadline fails fast", base, Call{Attempt: 1, Remaining: 5 * time.Second}, Failure{Err: apiErr(429, retryAfter(17*time.Second))}, false, 17 * time.Second, true, RuleDeadline, "delay 17 s past the deadline (5 s left)"},
		{"#16 backoff past the deadline", base, Call{Attempt: 2, Remaining: 300 * time.Millisecond}, Failure{Err: apiErr(503)}, false, time.Second, false, RuleDeadline, "past the deadline"},
		{"#16 delay within the deadline", base, Call{Attempt: 1, Remaining: 18 * time.Second}, Failure{Err: apiErr(429, retryAfter(17*time.Second))}, true, 17 * time.Second, true, RuleServerDelay, "Retry-After 17 s"},
		{"#17 Retry-After on a 500 is obeyed", base, Call{Attempt: 1}, Failure{Err: apiErr(500, retryAfter(3*time.Second))}, true, 3 * time.Second, true, RuleServerDelay, "Retry-After 3 s"},
		{"server delay from the body", base, Call{Attempt: 1}, Failure{Err: apiErr(429, func(e *apierror.Error) {
			e.RateLimit.RetryAfter, e.RateLimit.HasRetryAfter, e.RateLimit.RetryAfterSource = 17*time.Second, true, "details.retry_after_seconds"
		})}, true, 17 * time.Second, true, RuleServerDelay, "details.retry_after_seconds 17 s"},

		// §10.2 classification.
		{"#19 503 retryable:false stops", bsea, Call{Attempt: 1}, Failure{Err: apiErr(503, bodyFlag(false))}, false, 0, false, RuleBodyFlag, "retryable:false in body"},
		{"#19 BSE4010 502 retryable:false stops", bsea, Call{Attempt: 1}, Failure{Err: apiErr(502, code("BSE4010"), bodyFlag(false))}, false, 0, false, RuleBodyFlag, "retryable:false in body"},
		{"#20 400 retryable:true retries", bsea, Call{Attempt: 1, Method: "POST"}, Failure{Err: apiErr(400, bodyFlag(true))}, true, 500 * time.Millisecond, false, RuleBackoff, "retryable:true in body"},
		{"#20 body flag ignored without BodyFlagDecides", base, Call{Attempt: 1}, Failure{Err: apiErr(400, bodyFlag(true))}, false, 0, false, RuleNotRetryable, "400 is not retryable"},
		{"#21 429 retryable:true backoff grows", bsea, Call{Attempt: 2}, Failure{Err: apiErr(429, bodyFlag(true))}, true, time.Second, false, RuleBackoff, "attempt 2"},
		{"#22 proxy 502 HTML on GET retries", base, Call{Attempt: 1}, Failure{Err: apiErr(502, nonJSON())}, true, 500 * time.Millisecond, false, RuleBackoff, "backoff"},
		{"#22 proxy 502 HTML on POST stops", base, Call{Attempt: 1, Method: "post"}, Failure{Err: apiErr(502, nonJSON())}, false, 0, false, RuleNotIdempotent, "502 from a proxy on POST without Idempotency-Key"},
		{"#22 proxy 504 HTML on keyed POST retries", base, Call{Attempt: 1, Method: "POST", IdempotencyKey: "k1"}, Failure{Err: apiErr(504, nonJSON())}, true, 500 * time.Millisecond, false, RuleBackoff, "Idempotency-Key set"},
		{"#22 proxy 400 HTML stops", base, Call{Attempt: 1}, Failure{Err: apiErr(400, nonJSON())}, false, 0, false, RuleNotRetryable, "400 without an API error body"},
		{"#23 empty 503 on DELETE retries", base, Call{Attempt: 1, Method: "DELETE"}, Failure{Err: apiErr(503, nonJSON())}, true, 500 * time.Millisecond, false, RuleBackoff, "backoff"},
		{"#24 501 not retried", base, Call{Attempt: 1}, Failure{Err: apiErr(501)}, false, 0, false, RuleNotRetryable, "501 is not retryable"},
		{"#24 501 HTML not retried", base, Call{Attempt: 1}, Failure{Err: apiErr(501, nonJSON())}, false, 0, false, RuleNotRetryable, "501"},
		{"#25 connection reset on GET retries", base, Call{Attempt: 1}, Failure{Network: errReset}, true, 500 * time.Millisecond, false, RuleBackoff, "backoff"},
		{"#25 connection reset on HEAD retries", base, Call{Attempt: 1, Method: "HEAD"}, Failure{Network: errReset}, true, 500 * time.Millisecond, false, RuleBackoff, "backoff"},
		{"#25 connection reset on POST stops", base, Call{Attempt: 1, Method: "POST"}, Failure{Network: errReset}, false, 0, false, RuleNotIdempotent, "network error on POST without Idempotency-Key"},
		{"#25 connection reset on PUT stops", base, Call{Attempt: 1, Method: "PUT"}, Failure{Network: errReset}, false, 0, false, RuleNotIdempotent, "PUT without Idempotency-Key"},
		{"#25 connection reset on keyed POST retries", base, Call{Attempt: 1, Method: "POST", IdempotencyKey: "k1"}, Failure{Network: errReset}, true, 500 * time.Millisecond, false, RuleBackoff, "Idempotency-Key set"},
		{"#26 permanent transport error stops", base, Call{Attempt: 1}, Failure{Network: Permanent(errors.New("no such host"))}, false, 0, false, RulePermanent, "cannot fix"},
		{"#27 caller canceled mid-sleep", base, Call{Attempt: 2}, Failure{Network: context.Canceled}, false, 0, false, RuleCanceled, "canceled"},
		{"#28 timeout on GET retries", base, Call{Attempt: 1}, Failure{Timeout: true, Network: context.DeadlineExceeded}, true, 500 * time.Millisecond, false, RuleBackoff, "backoff"},
		{"#28 timeout on POST stops", base, Call{Attempt: 1, Method: "POST"}, Failure{Timeout: true}, false, 0, false, RuleNotIdempotent, "timeout on POST without Idempotency-Key"},
		{"#29 BSE2016 in progress retries with the key", bsea, Call{Attempt: 1, Method: "POST", IdempotencyKey: "k1"}, Failure{Err: apiErr(409, code("BSE2016"), bodyFlag(true))}, true, 500 * time.Millisecond, false, RuleBackoff, "retryable:true in body"},
		{"#29 BSE2015 key conflict is terminal", bsea, Call{Attempt: 1, Method: "POST", IdempotencyKey: "k1"}, Failure{Err: apiErr(409, code("BSE2015"), bodyFlag(false))}, false, 0, false, RuleBodyFlag, "retryable:false"},
		{"#31 empty budget stops", Policy{Rand: half, Budget: &Budget{}}, Call{Attempt: 1}, Failure{Err: apiErr(503)}, false, 0, false, RuleBudget, "retry budget exhausted"},
		{"429 HTML on POST retries", base, Call{Attempt: 1, Method: "POST"}, Failure{Err: apiErr(429, nonJSON())}, true, 500 * time.Millisecond, false, RuleBackoff, "backoff"},
		{"429 JSON on POST retries", base, Call{Attempt: 1, Method: "POST"}, Failure{Err: apiErr(429)}, true, 500 * time.Millisecond, false, RuleBackoff, "backoff"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.p.Decide(tt.c, tt.f)
			if d.Retry != tt.retry || d.Delay != tt.delay || d.ServerDelay != tt.server || d.Rule != tt.rule {
				t.Errorf("Decide(%+v) = {Retry:%v Delay:%v ServerDelay:%v Rule:%v %q}, want {Retry:%v Delay:%v ServerDelay:%v Rule:%v}",
					tt.c, d.Retry, d.Delay, d.ServerDelay, d.Rule, d.Reason, tt.retry, tt.delay, tt.server, tt.rule)
			}
			if !strings.Contains(d.Reason, tt.reason) {
				t.Errorf("Decide(%+v).Reason = %q, want it to contain %q", tt.c, d.Reason, tt.reason)
			}
		})
	}
}

// TestDecideWithoutStatus: a paste of a body alone, or of a proxy page
// without a status line, decodes to Status 0; the reason names the code
// or says the status is missing, never "0 …".
func TestDecideWithoutStatus(t *testing.T) {
	tests := []struct {
		name string
		err  *apierror.Error
		want string
	}{
		{"a code without a status", apiErr(0, code("VALIDATION_ERROR")), "VALIDATION_ERROR is not retryable"},
		{"a JSON body without a code or status", apiErr(0), "a response without a status is not retryable"},
		{"an HTML page without a status", apiErr(0, nonJSON()), "a response without a status or an API error body is not retryable"},
		{"with a status, unchanged", apiErr(400, code("VALIDATION_ERROR")), "400 VALIDATION_ERROR is not retryable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Policy{}.Decide(Call{Attempt: 1}, Failure{Err: tt.err})
			if d.Retry || d.Reason != tt.want {
				t.Errorf("Decide = {Retry:%v %q}, want a stop with %q", d.Retry, d.Reason, tt.want)
			}
		})
	}
}

// TestDecideRuleOrder checks the documented precedence where two rules
// apply at once.
func TestDecideRuleOrder(t *testing.T) {
	p := Policy{Rand: half, BodyFlagDecides: true, Budget: &Budget{}}
	tests := []struct {
		name string
		c    Call
		f    Failure
		want Rule
	}{
		{"attempts before body flag", Call{Attempt: 3}, Failure{Err: apiErr(503, bodyFlag(false))}, RuleAttempts},
		{"body flag before cap", Call{Attempt: 1}, Failure{Err: apiErr(429, bodyFlag(false), retryAfter(time.Hour))}, RuleBodyFlag},
		{"cap before deadline", Call{Attempt: 1, Remaining: time.Second}, Failure{Err: apiErr(429, retryAfter(time.Hour))}, RuleOverCap},
		{"deadline before budget", Call{Attempt: 1, Remaining: time.Second}, Failure{Err: apiErr(429, retryAfter(2*time.Second))}, RuleDeadline},
		{"budget last", Call{Attempt: 1}, Failure{Err: apiErr(429, retryAfter(2*time.Second))}, RuleBudget},
		{"canceled before attempts", Call{Attempt: 9}, Failure{Network: context.Canceled}, RuleCanceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := p.Decide(tt.c, tt.f); d.Rule != tt.want {
				t.Errorf("Decide(%+v).Rule = %v (%q), want %v", tt.c, d.Rule, d.Reason, tt.want)
			}
		})
	}
}

// TestDecideSpendsBudgetOnlyOnRetry: a stop never costs a token, a retry
// costs RetryCost, a timeout retry TimeoutRetryCost.
func TestDecideSpendsBudgetOnlyOnRetry(t *testing.T) {
	b := NewBudget(0, 10)
	p := Policy{Rand: half, Budget: b}
	steps := []struct {
		f    Failure
		c    Call
		cost float64
	}{
		{Failure{Err: apiErr(400)}, Call{Attempt: 1}, 0},
		{Failure{Err: apiErr(429, retryAfter(time.Hour))}, Call{Attempt: 1}, 0},
		{Failure{Err: apiErr(503)}, Call{Attempt: 3}, 0},
		{Failure{Err: apiErr(503)}, Call{Attempt: 1}, RetryCost},
		{Failure{Timeout: true}, Call{Attempt: 1}, TimeoutRetryCost},
	}
	for i, s := range steps {
		before := b.Tokens()
		p.Decide(s.c, s.f)
		if got := before - b.Tokens(); got != s.cost {
			t.Errorf("step %d: Decide cost %v tokens, want %v", i, got, s.cost)
		}
	}
}

func TestRuleString(t *testing.T) {
	seen := map[string]bool{}
	for r := RuleNone; r <= RuleBackoff; r++ {
		s := r.String()
		if s == "" || strings.HasPrefix(s, "rule(") || seen[s] {
			t.Errorf("Rule(%d).String() = %q: want a unique name", r, s)
		}
		seen[s] = true
		if b, _ := r.MarshalText(); string(b) != s {
			t.Errorf("Rule(%d).MarshalText() = %q, want %q", r, b, s)
		}
	}
	if s := Rule(200).String(); s != "rule(200)" {
		t.Errorf("Rule(200).String() = %q", s)
	}
}

func TestIdempotent(t *testing.T) {
	for m, want := range map[string]bool{"": true, "GET": true, "get": true, "HEAD": true, "DELETE": true,
		"POST": false, "PATCH": false, "PUT": false, "OPTIONS": false} {
		if got := Idempotent(m); got != want {
			t.Errorf("Idempotent(%q) = %v, want %v", m, got, want)
		}
	}
}
