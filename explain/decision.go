package explain

import (
	"strconv"
	"strings"
	"time"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/durtext"
	"github.com/errscope/errscope/retry"
)

// Retry is what the SDK's policy would do after a failed attempt, and the
// one sentence that says so. Every page and command that states a
// decision (the decoder, the code pages, triage, the CLI, the docs) shows
// Sentence as it is.
type Retry struct {
	Decision string `json:"decision"` // "retry" or "stop"
	// DelayMS is the wait before the retry when it is fixed — named by
	// the server, the policy's fixed wait for a 429 that names none, or a
	// backoff without jitter — and, for a stop, the wait the policy
	// refused (over the cap, past the deadline). Nil when the wait is a
	// random backoff (see MinDelay and MaxDelay) or there is none.
	DelayMS *int64 `json:"delay_ms"`
	// Reason is the policy's reason in a few words ("Retry-After 17 s").
	Reason string `json:"reason"`
	// Rule is the policy rule that decided.
	Rule retry.Rule `json:"rule"`
	// Sentence is the whole decision for people: "Retries after 17 s
	// (Retry-After 17 s).", "Stops: the body says retryable:false."
	Sentence string `json:"sentence"`
	// ByMethod reports that the decision depends on the request's method,
	// which was not known: Sentence gives both answers, and the other
	// fields are those for a GET.
	ByMethod bool `json:"by_method"`
	// MinDelay and MaxDelay bound the wait before the retry: equal for a
	// fixed wait, the jitter's range for a random backoff.
	MinDelay time.Duration `json:"-"`
	MaxDelay time.Duration `json:"-"`
}

// Retries reports whether the decision is to retry.
func (r Retry) Retries() bool { return r.Decision == "retry" }

// Decide is what policy p does after the failure f of call c, with the
// sentence that says so. It is [retry.Policy.Decide] without randomness
// (a jittered backoff is given as its range) and without spending p's
// budget. A c.Method of "" means the method is unknown: when a GET and a
// POST without an Idempotency-Key would be treated differently, the
// sentence says both, and the rest is the GET's answer.
func Decide(p retry.Policy, c retry.Call, f retry.Failure) Retry {
	p.Budget = nil
	p.Rand = func() float64 { return 0 }
	if strings.TrimSpace(c.Method) != "" || c.IdempotencyKey != "" {
		return decide(p, c, f)
	}
	get, post := c, c
	get.Method, post.Method = "GET", "POST"
	g, q := decide(p, get, f), decide(p, post, f)
	if g.Decision == q.Decision && g.Sentence == q.Sentence {
		return g
	}
	g.ByMethod = true
	g.Sentence = "The method is not in the paste. For a GET, HEAD or DELETE, or any request with an Idempotency-Key, the SDK " +
		lowerFirst(g.Sentence) + " For a POST, PUT or PATCH without an Idempotency-Key it " + lowerFirst(q.Sentence)
	return g
}

func decide(p retry.Policy, c retry.Call, f retry.Failure) Retry {
	d := p.Decide(c, f)
	r := Retry{Decision: "stop", Reason: d.Reason, Rule: d.Rule, MinDelay: d.Delay, MaxDelay: d.Delay}
	if d.Retry {
		r.Decision = "retry"
	}
	if d.Rule == retry.RuleBackoff {
		r.MinDelay, r.MaxDelay = p.BackoffRange(max(c.Attempt, 1), c.PrevDelay)
		r.Reason = backoffReason(p, c)
		if d.Note != "" {
			r.Reason += "; " + d.Note
		}
	}
	if r.MinDelay == r.MaxDelay && (d.Retry || d.Rule == retry.RuleOverCap || d.Rule == retry.RuleDeadline) {
		ms := r.MaxDelay.Milliseconds()
		r.DelayMS = &ms
	}
	r.Sentence = sentence(p, d, r)
	return r
}

// backoffReason is the policy's reason for a backoff without the random
// draw: "exponential backoff, attempt 1, full jitter".
func backoffReason(p retry.Policy, c retry.Call) string {
	return "exponential backoff after attempt " + strconv.Itoa(max(c.Attempt, 1)) + ", " + p.Effective().Jitter.Label()
}

// sentence words a decision.
func sentence(p retry.Policy, d retry.Decision, r Retry) string {
	note := ""
	switch d.Note {
	case "":
	case "Idempotency-Key set":
		note = " The request's Idempotency-Key makes the retry safe."
	case "retryable:true in body":
		note = " The body's retryable:true allows it."
	default:
		note = " " + upperFirst(d.Note) + "."
	}
	if d.Retry {
		switch d.Rule {
		case retry.RuleServerDelay, retry.RuleRateLimitReset:
			if d.Delay == 0 {
				return "Retries at once (" + d.Reason + ")." + note
			}
			return "Retries after " + durtext.Format(d.Delay) + " (" + strings.TrimSuffix(d.Reason, "; "+d.Note) + ")." + note
		case retry.RuleRateLimitDefault:
			return "Retries after " + durtext.Format(d.Delay) + ", the policy's fixed wait for a 429 that names no delay." + note
		}
		jitter := p.Effective().Jitter
		if r.MinDelay == r.MaxDelay {
			return "Retries after " + durtext.Format(r.MaxDelay) + " of exponential backoff (" + jitter.Label() + ")." + note
		}
		return "Retries after a random wait between " + durtext.Format(r.MinDelay) + " and " + durtext.Format(r.MaxDelay) +
			" (exponential backoff, " + jitter.Label() + ")." + note
	}
	switch d.Rule {
	case retry.RuleBodyFlag:
		return "Stops: the body says retryable:false."
	case retry.RuleOverCap, retry.RuleDeadline:
		return "Stops without waiting: " + d.Reason + "."
	case retry.RuleNotIdempotent:
		return "Stops: " + d.Reason + " (the server may have done the work; an Idempotency-Key makes a retry safe)."
	case retry.RuleAttempts:
		return "Stops: no retries left (" + d.Reason + ")."
	}
	return "Stops: " + d.Reason + "."
}

// PolicySummary describes p, the policy of api (for its name; "" for
// none), in one sentence: "BabySea's policy: up to 3 attempts, backoff
// from 1 s doubling to at most 30 s with full jitter; Retry-After is
// obeyed up to 60 s." Its numbers come from [retry.Policy.Effective].
func PolicySummary(api catalog.API, p retry.Policy) string {
	e := p.Effective()
	name := "The default"
	if info, ok := catalog.Info(api); ok {
		name = info.Name + "'s"
	}
	s := name + " policy: up to " + strconv.Itoa(p.Attempts()) + " attempts"
	if p.Attempts() > 1 {
		s += ", backoff from " + durtext.Format(e.BaseDelay) + " doubling to at most " + durtext.Format(e.MaxDelay) + " with "
		if e.Jitter == retry.JitterAdditive {
			s += "a random extra of up to " + durtext.Format(e.JitterMax)
		} else {
			s += e.Jitter.Label()
		}
		if e.RetryAfterDefault > 0 {
			s += ", " + durtext.Format(e.RetryAfterDefault) + " on a 429 without Retry-After"
		}
		if e.BodyFlagDecides {
			s += ", the body's retryable flag deciding"
		}
		s += "; a server-named wait is obeyed up to " + durtext.Format(e.RetryAfterCap)
	}
	return s + "."
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
