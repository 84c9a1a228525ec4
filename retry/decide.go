package retry

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/internal/durtext"
)

// A Call describes the request whose attempt just failed.
type Call struct {
	// Attempt is the 1-based number of the attempt that just failed.
	// Values below 1 count as 1.
	Attempt int
	// Method is the request's HTTP method; "" means GET.
	Method string
	// IdempotencyKey is the request's Idempotency-Key header, "" if none.
	// A key makes any method safe to retry after a transport failure.
	IdempotencyKey string
	// Remaining is the time left until the caller's deadline; 0 means no
	// deadline. A delay that does not fit stops retrying at once.
	Remaining time.Duration
	// PrevDelay is the delay waited before the attempt that just failed
	// (0 before the first); JitterDecorrelated grows from it.
	PrevDelay time.Duration
}

// A Failure is what went wrong with one attempt. Exactly one of Err,
// Network or Timeout is normally set; Timeout may come with Network
// holding the transport's error.
type Failure struct {
	// Err is the decoded API error for a response with an error status;
	// nil for transport failures.
	Err *apierror.Error
	// Network is the transport error (connection refused or reset, DNS,
	// EOF before headers …). Mark errors that cannot succeed on a retry
	// with [Permanent].
	Network error
	// Timeout reports that the per-attempt timeout fired before a response
	// arrived (the caller's own deadline had not passed).
	Timeout bool
}

// A Decision is the policy's answer for one failed attempt.
type Decision struct {
	// Retry reports whether to make another attempt after Delay.
	Retry bool
	// Delay is the wait before the next attempt. When Retry is false it is
	// the delay that was refused (RuleOverCap, RuleDeadline), else 0.
	Delay time.Duration
	// ServerDelay reports that Delay was named by the server (Retry-After
	// or its body equivalents) rather than computed.
	ServerDelay bool
	// Rule is the rule that decided.
	Rule Rule
	// Reason says in a few words why, for people: "Retry-After 17 s",
	// "retryable:false in body", "attempt 3 of 3".
	Reason string
	// Note says why a retry is allowed when the rules alone would not
	// (an Idempotency-Key on a POST, a body's retryable:true on a status
	// the catalog does not retry); it is also the end of Reason.
	Note string
}

// A Rule names the rule of [Policy.Decide] that made a decision.
type Rule uint8

// The rules, in the order Decide applies them. The first seven stop; the
// last four retry, unless RuleOverCap, RuleDeadline or RuleBudget stops
// the retry they chose.
const (
	RuleNone             Rule = iota // nothing failed: nothing to retry
	RuleCanceled                     // the caller canceled or its deadline passed: never retried
	RuleAttempts                     // no retries left
	RulePermanent                    // a transport error marked [Permanent]
	RuleBodyFlag                     // the body's explicit retryable:false (BodyFlagDecides)
	RuleNotRetryable                 // the status or catalog entry is not retryable
	RuleNotIdempotent                // a transport failure, timeout or proxy 5xx on a request that is not idempotent and has no Idempotency-Key
	RuleOverCap                      // the server's delay is over RetryAfterCap
	RuleDeadline                     // the delay does not fit before the caller's deadline
	RuleBudget                       // the retry budget is empty
	RuleServerDelay                  // retry after the server-named delay
	RuleRateLimitReset               // retry a 429 with 0 requests remaining when its rate-limit window resets
	RuleRateLimitDefault             // retry a 429 that names no delay after RetryAfterDefault
	RuleBackoff                      // retry after a computed backoff
)

var ruleNames = [...]string{
	RuleNone:             "none",
	RuleCanceled:         "canceled",
	RuleAttempts:         "attempts",
	RulePermanent:        "permanent",
	RuleBodyFlag:         "body_flag",
	RuleNotRetryable:     "not_retryable",
	RuleNotIdempotent:    "not_idempotent",
	RuleOverCap:          "over_cap",
	RuleDeadline:         "deadline",
	RuleBudget:           "budget",
	RuleServerDelay:      "server_delay",
	RuleRateLimitReset:   "rate_limit_reset",
	RuleRateLimitDefault: "rate_limit_default",
	RuleBackoff:          "backoff",
}

// String returns the rule's snake_case name ("server_delay").
func (r Rule) String() string {
	if int(r) < len(ruleNames) {
		return ruleNames[r]
	}
	return "rule(" + strconv.Itoa(int(r)) + ")"
}

// MarshalText returns the rule's name, so rules print by name in JSON.
func (r Rule) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// Permanent marks a transport error that cannot succeed on a retry (DNS
// name not found, untrusted certificate, unsupported URL scheme, too many
// redirects): [Policy.Decide] never retries it. The result wraps err; a nil
// err gives nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err}
}

type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// IsPermanent reports whether err was marked with [Permanent].
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}

// Idempotent reports whether method is retried after a transport failure
// without an Idempotency-Key: GET, HEAD and DELETE, as in the BabySea
// TypeScript SDK ("" counts as GET). PUT and OPTIONS need a key too.
func Idempotent(method string) bool {
	switch normMethod(method) {
	case "GET", "HEAD", "DELETE":
		return true
	}
	return false
}

func normMethod(m string) string {
	m = strings.ToUpper(strings.TrimSpace(m))
	if m == "" {
		return "GET"
	}
	return m
}

// Decide decides whether and when to retry after the attempt c.Attempt
// failed with f. The rules, in order; the first that applies decides:
//
//  1. Nothing failed (zero Failure): stop (RuleNone).
//  2. The caller's context was canceled or its deadline passed (Network
//     is context.Canceled or context.DeadlineExceeded, Timeout false):
//     stop (RuleCanceled).
//  3. The attempt was the policy's last: stop (RuleAttempts).
//  4. Body flag: with BodyFlagDecides (BabySea), an explicit "retryable"
//     boolean in the body decides whatever the status and method: false
//     stops (RuleBodyFlag), true goes on to the delay rules.
//  5. Rate limit: a 429 goes on to the delay rules for any method, JSON
//     body or not, since the server refused it before doing any work.
//  6. Proxy pages: a response whose body is not an API error (an HTML
//     502, an empty 503) goes on only when [apierror.Error.Retryable]
//     holds, the status is not 501, and the request is [Idempotent] or
//     carries an Idempotency-Key, since the origin may have done the work
//     (RuleNotRetryable, RuleNotIdempotent).
//  7. API errors: any other error goes on when its catalog entry, else its
//     status (429, 5xx), says it is retryable, and never for 501
//     (RuleNotRetryable). Without BodyFlagDecides the body flag is
//     ignored.
//  8. Transport errors: one marked [Permanent] stops (RulePermanent); any
//     other, and a per-attempt timeout, goes on only for an [Idempotent]
//     request or one with an Idempotency-Key (RuleNotIdempotent). The
//     TypeScript SDK never retries a timeout; this policy treats it like
//     a network error and charges the budget [TimeoutRetryCost] for it.
//  9. Delay: a server-named delay (RateLimit.HasRetryAfter) is obeyed
//     exactly, 0 meaning at once (RuleServerDelay). Failing that, a 429
//     saying X-RateLimit-Remaining: 0 waits until X-RateLimit-Reset,
//     measured from the response's Date header (RuleRateLimitReset).
//     Either server delay over RetryAfterCap stops at once, with Delay set
//     to the server's delay (RuleOverCap). A 429 naming no delay waits
//     RetryAfterDefault when set (RuleRateLimitDefault). Otherwise
//     [Policy.Backoff] (RuleBackoff).
//  10. A delay that reaches c.Remaining stops at once, so the caller gets
//     the typed error instead of waiting for its deadline (RuleDeadline).
//  11. A retry costs budget tokens; an empty [Budget] stops (RuleBudget).
//
// Decide is pure apart from p.Rand and the tokens it withdraws from
// p.Budget (only when it returns Retry true).
func (p Policy) Decide(c Call, f Failure) Decision {
	return p.decide(c, f, p.rand, false)
}

// decide is Decide with the random source given; quiet leaves Reason
// empty, for the herd simulation, which never shows it.
func (p Policy) decide(c Call, f Failure, rnd func() float64, quiet bool) Decision {
	attempt := max(c.Attempt, 1)
	stop := func(r Rule, reason string) Decision { return Decision{Rule: r, Reason: reason} }
	sprintf := func(format string, a ...any) string {
		if quiet {
			return ""
		}
		return fmt.Sprintf(format, a...)
	}

	if f.Err == nil && f.Network == nil && !f.Timeout {
		return stop(RuleNone, "no failure")
	}
	if f.Err == nil && !f.Timeout && (errors.Is(f.Network, context.Canceled) || errors.Is(f.Network, context.DeadlineExceeded)) {
		return stop(RuleCanceled, "canceled by the caller")
	}
	if n := p.Attempts(); attempt >= n {
		return stop(RuleAttempts, sprintf("attempt %d of %d", attempt, n))
	}

	method := normMethod(c.Method)
	safe := Idempotent(method) || c.IdempotencyKey != ""
	unsafe := method + " without Idempotency-Key"
	var note string // why a retry is allowed, when it is not obvious
	switch {
	case f.Err != nil:
		e := f.Err
		switch {
		case p.BodyFlagDecides && e.RetryableFlag != nil:
			if !*e.RetryableFlag {
				return stop(RuleBodyFlag, "retryable:false in body")
			}
			if !retryableByCatalog(e) {
				note = "retryable:true in body"
			}
		case e.Status == 429:
			// Refused before processing: safe for any method.
		case e.NonJSON:
			if e.Status == 501 || !e.Retryable() {
				if e.Status == 0 {
					return stop(RuleNotRetryable, "a response without a status or an API error body is not retryable")
				}
				return stop(RuleNotRetryable, sprintf("%d without an API error body is not retryable", e.Status))
			}
			if !safe {
				return stop(RuleNotIdempotent, sprintf("%d from a proxy on %s", e.Status, unsafe))
			}
			if !Idempotent(method) {
				note = "Idempotency-Key set"
			}
		default:
			if e.Status == 501 || !retryableByCatalog(e) {
				return stop(RuleNotRetryable, sprintf("%s is not retryable", errText{e}))
			}
		}
	case f.Timeout:
		if !safe {
			return stop(RuleNotIdempotent, "timeout on "+unsafe)
		}
		if !Idempotent(method) {
			note = "Idempotency-Key set"
		}
	default:
		if IsPermanent(f.Network) {
			return stop(RulePermanent, "transport error that a retry cannot fix")
		}
		if !safe {
			return stop(RuleNotIdempotent, "network error on "+unsafe)
		}
		if !Idempotent(method) {
			note = "Idempotency-Key set"
		}
	}

	var d Decision
	switch {
	case f.Err != nil && f.Err.RateLimit.HasRetryAfter && f.Err.RateLimit.RetryAfter >= 0:
		d = Decision{Delay: f.Err.RateLimit.RetryAfter, ServerDelay: true, Rule: RuleServerDelay}
		if limit := p.retryAfterCap(); d.Delay > limit {
			d.Rule = RuleOverCap
			d.Reason = sprintf("server asks %s, over the %s cap", durText(d.Delay), durText(limit))
			return d
		}
		d.Reason = sprintf("%s %s", sourceLabel(f.Err.RateLimit.RetryAfterSource), durText(d.Delay))
	case f.Err != nil && hasReset(f.Err):
		w, _ := resetWait(f.Err)
		d = Decision{Delay: w, ServerDelay: true, Rule: RuleRateLimitReset}
		if limit := p.retryAfterCap(); d.Delay > limit {
			d.Rule = RuleOverCap
			d.Reason = sprintf("rate limit resets in %s, over the %s cap", durText(d.Delay), durText(limit))
			return d
		}
		d.Reason = sprintf("%s in %s, 0 remaining", resetName(f.Err.RateLimit.Headers), durText(d.Delay))
	case f.Err != nil && f.Err.Status == 429 && p.RetryAfterDefault > 0:
		d = Decision{Delay: p.RetryAfterDefault, Rule: RuleRateLimitDefault}
		d.Reason = sprintf("429 without Retry-After: default %s", durText(d.Delay))
	default:
		d = Decision{Delay: p.backoff(attempt, c.PrevDelay, rnd), Rule: RuleBackoff}
		d.Reason = sprintf("backoff %s (attempt %d, %s)", durText(d.Delay), attempt, jitterText(p.jitter()))
	}
	if c.Remaining > 0 && d.Delay >= c.Remaining {
		d.Rule = RuleDeadline
		d.Reason = sprintf("delay %s past the deadline (%s left)", durText(d.Delay), durText(c.Remaining))
		return d
	}
	if p.Budget != nil {
		cost := RetryCost
		if f.Timeout {
			cost = TimeoutRetryCost
		}
		if !p.Budget.Spend(cost) {
			return Decision{Rule: RuleBudget, Reason: "retry budget exhausted"}
		}
	}
	d.Retry = true
	if note != "" {
		d.Reason += "; " + note
		d.Note = note
	}
	return d
}

// retryableByCatalog is [apierror.Error.Retryable] without the body's
// flag, which decides only with BodyFlagDecides: the catalog entry, else
// the status.
func retryableByCatalog(e *apierror.Error) bool {
	if e.RetryableFlag == nil {
		return e.Retryable()
	}
	c := *e
	c.RetryableFlag = nil
	return c.Retryable()
}

// resetWait returns the wait until a 429's rate-limit window resets, when
// the response says none are left (X-RateLimit-Remaining: 0) and both
// X-RateLimit-Reset and the response's Date are known. A reset before the
// response's Date is stale (the decoder says so in a problem) and names
// no wait: it must not turn a 429 into "retry at once".
func resetWait(e *apierror.Error) (time.Duration, bool) {
	rl := e.RateLimit
	if e.Status != 429 || rl.Remaining == nil || *rl.Remaining != 0 || rl.Reset.IsZero() || e.Request.Time.IsZero() || rl.Reset.Before(e.Request.Time) {
		return 0, false
	}
	return rl.Reset.Sub(e.Request.Time), true
}

// resetName names the header a reset came from: "X-RateLimit-Reset",
// "RateLimit-Reset", or the IETF "RateLimit reset".
func resetName(headers string) string {
	switch headers {
	case "RateLimit-*":
		return "RateLimit-Reset"
	case "RateLimit":
		return "RateLimit reset"
	}
	return "X-RateLimit-Reset"
}

func hasReset(e *apierror.Error) bool { _, ok := resetWait(e); return ok }

// errText formats lazily as describe does.
type errText struct{ e *apierror.Error }

func (t errText) String() string { return describe(t.e) }

// describe names an API error in a reason: "400 VALIDATION_ERROR", "503",
// and without a status (a paste of a body alone) "VALIDATION_ERROR" or "a
// response without a status", never a status of 0.
func describe(e *apierror.Error) string {
	switch {
	case e.Status == 0 && e.Code != "":
		return string(e.Code)
	case e.Code != "":
		return fmt.Sprintf("%d %s", e.Status, e.Code)
	}
	if e.Status == 0 {
		return "a response without a status"
	}
	return strconv.Itoa(e.Status)
}

// sourceLabel shortens the decoder's RetryAfterSource for a reason.
func sourceLabel(src string) string {
	src = strings.TrimSpace(strings.TrimSuffix(src, " header"))
	if src == "" {
		return "server delay"
	}
	return src
}

// jitterText names a jitter kind in a reason: "full jitter", "no jitter".
type jitterText Jitter

func (j jitterText) String() string { return Jitter(j).Label() }

// durText formats lazily as [durtext.Format] does.
type durText time.Duration

func (d durText) String() string { return durtext.Format(time.Duration(d)) }
