package triage

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/errscope/errscope/internal/durtext"
	"github.com/errscope/errscope/retry"
)

// track is the last attempt of one request, for the timing checks.
type track struct {
	end     time.Time // when the last attempt's response arrived
	start   time.Time
	coarse  bool
	anon    bool // the attempts name no method or URL
	idemKey string
	fail    *failure // nil when the last attempt succeeded
	n       int      // the last attempt's number in its run of retries (1-based)
	// over is the run's one "too many attempts" finding, once the run
	// went past the policy's attempts: later retries of the run update it
	// whatever group their failure is in, so one run is counted once.
	over *findingAgg
	// api is the API of the last attempt's decoded error response; ""
	// when it had none (a success, a transport failure) or the API is unknown.
	api     string
	decoded bool
}

// track checks whether at retries the previous attempt of the same request
// and remembers it as that request's last attempt.
func (a *analyzer) track(at *attempt, f *failure) {
	if at.method == "" && at.url == "" {
		if !at.failed {
			// A success that names no request ends the run of the
			// anonymous request only if it has a time.
			if at.start.IsZero() {
				return
			}
		} else {
			a.anonymous++
		}
	}
	key := at.key()
	tr := a.tracks[key]
	if tr == nil {
		if len(a.tracks) >= MaxTracked {
			a.untracked++
			return
		}
		tr = &track{}
		a.tracks[key] = tr
	}
	n := 1
	var over *findingAgg
	if tr.fail != nil {
		if gap, timed, ok := a.isRetry(tr, at); ok {
			over = a.checkRetry(tr.fail, tr.n, gap, timed, tr.coarse || at.coarse, tr.over)
			n = tr.n + 1
		}
	}
	*tr = track{end: at.end, start: at.start, coarse: at.coarse, anon: at.method == "" && at.url == "", idemKey: at.idemKey, fail: f, n: n, over: over}
	if at.err != nil {
		tr.api, tr.decoded = string(at.err.API), true
	}
}

// isRetry reports whether at is a retry of the failed attempt tr, and the
// time the client waited in between (timed is false when either attempt
// has no time: then the input's order alone says it was a retry).
func (a *analyzer) isRetry(tr *track, at *attempt) (gap time.Duration, timed, ok bool) {
	if tr.idemKey != "" && at.idemKey != "" && tr.idemKey != at.idemKey {
		return 0, false, false // another request to the same URL
	}
	if tr.anon && tr.decoded && at.err != nil && string(at.err.API) != tr.api {
		// Without a method and URL, error responses of two APIs (or of
		// an API and a proxy page) are not taken for one request.
		return 0, false, false
	}
	if tr.end.IsZero() || at.start.IsZero() {
		// Without times only the input's order says it was a retry: good
		// enough for attempts of a named request, not for anonymous ones.
		return 0, false, !tr.anon
	}
	gap = at.start.Sub(tr.end)
	if gap < -RetryTolerance {
		if at.start.Before(tr.start) {
			a.disorder++
		}
		return 0, true, false // overlapping: concurrent, not a retry
	}
	gap = max(gap, 0)
	window := RetryWindow
	if w := tr.fail.want() + time.Minute; w > window {
		window = w
	}
	if tr.anon {
		// Without a method and URL, "the same request" is a guess:
		// only an attempt close after the failure counts as its retry.
		window = max(2*tr.fail.want(), anonWindow)
	}
	return gap, true, gap <= window
}

// anonWindow is the shortest retry window for attempts that name no
// method or URL.
const anonWindow = 30 * time.Second

// want is the wait the policy asks for after f, 0 if none.
func (f *failure) want() time.Duration {
	if f.ra.ok {
		return f.ra.d
	}
	if f.dec.Retry {
		return f.dec.Delay
	}
	return 0
}

// checkRetry records the findings for one retry of the failure f, the
// n-th attempt of its request, made gap after it. over is the run's "too
// many attempts" finding so far, nil if none; checkRetry returns it as the
// run now has it.
func (a *analyzer) checkRetry(f *failure, n int, gap time.Duration, timed, coarse bool, over *findingAgg) *findingAgg {
	a.rep.Retries++
	gs := f.gs
	if gs == nil {
		return over
	}
	gs.g.Retries++
	add := func(kind string, want time.Duration) *findingAgg {
		agg := gs.finding[kind]
		if agg == nil {
			agg = &findingAgg{kind: kind, lbl: f.lbl, ep: f.ep, reason: f.dec.Reason, src: f.ra.src, pol: f.pol}
			gs.finding[kind] = agg
		}
		agg.add(gap, timed, want, n+1)
		return agg
	}
	switch f.dec.Rule {
	case retry.RuleNotRetryable, retry.RuleBodyFlag, retry.RulePermanent:
		add(FindingNotRetryable, 0)
	case retry.RuleNotIdempotent:
		add(FindingUnkeyed, 0)
	}
	switch {
	case over != nil:
		over.count++ // the same run, in whatever group: counted once, with its length
		over.attempts = max(over.attempts, n+1)
	case n+1 > f.pol.Attempts():
		over = add(FindingTooManyAttempts, 0)
	}
	if !timed {
		add(FindingUntimed, 0)
		return over
	}
	switch {
	case f.ra.ok:
		if gap < f.ra.d-RetryTolerance {
			add(FindingIgnoredRetryAfter, f.ra.d)
		} else {
			add(FindingObeyedRetryAfter, f.ra.d)
		}
	case f.dec.Retry && f.dec.Rule == retry.RuleRateLimitDefault:
		if gap < f.dec.Delay-RetryTolerance {
			add(FindingTooFast, f.dec.Delay)
		} else {
			add(FindingBackedOff, f.dec.Delay)
		}
	case f.dec.Retry:
		least := minBackoff(f.pol, n)
		slack := time.Duration(0)
		if coarse {
			slack = time.Second
		}
		if gap+slack < least {
			add(FindingNoBackoff, least)
		} else {
			add(FindingBackedOff, least)
		}
	}
	return over
}

// minBackoff is the shortest wait the policy's backoff allows after the
// n-th failed attempt: the jitter's lower bound, and at least a quarter of
// the base delay (full jitter may pick 0, but a client whose retries all
// come that fast is not backing off).
func minBackoff(p retry.Policy, n int) time.Duration {
	lo, _ := p.BackoffRange(n, 0)
	return max(lo, p.Effective().BaseDelay/4)
}

// findingAgg sums up one kind of finding over a group's retries.
type findingAgg struct {
	kind     string
	lbl      string // the first failure's label
	ep       string // the first failure's endpoint
	reason   string // the policy's reason for its decision
	src      string // where the server named its wait
	pol      retry.Policy
	count    int
	timed    int
	min, max time.Duration
	wantLo   time.Duration
	wantHi   time.Duration
	attempts int
}

func (f *findingAgg) add(gap time.Duration, timed bool, want time.Duration, attempt int) {
	f.count++
	if timed {
		if f.timed == 0 || gap < f.min {
			f.min = gap
		}
		if f.timed == 0 || gap > f.max {
			f.max = gap
		}
		f.timed++
	}
	if want > 0 {
		if f.wantLo == 0 || want < f.wantLo {
			f.wantLo = want
		}
		f.wantHi = max(f.wantHi, want)
	}
	f.attempts = max(f.attempts, attempt)
}

func (f *findingAgg) merge(o *findingAgg) {
	if o.timed > 0 {
		if f.timed == 0 || o.min < f.min {
			f.min = o.min
		}
		if f.timed == 0 || o.max > f.max {
			f.max = o.max
		}
	}
	f.timed += o.timed
	f.count += o.count
	if o.wantLo > 0 && (f.wantLo == 0 || o.wantLo < f.wantLo) {
		f.wantLo = o.wantLo
	}
	f.wantHi = max(f.wantHi, o.wantHi)
	f.attempts = max(f.attempts, o.attempts)
}

// findings returns the group's findings in display order.
func (gs *groupState) findings() []Finding {
	out := []Finding{}
	for _, kind := range findingOrder {
		f := gs.finding[kind]
		if f == nil {
			continue
		}
		x := Finding{
			Kind:     kind,
			OK:       kind == FindingObeyedRetryAfter || kind == FindingBackedOff,
			Count:    f.count,
			MinGapMS: f.min.Milliseconds(),
			MaxGapMS: f.max.Milliseconds(),
			WantMS:   f.wantHi.Milliseconds(),
			Text:     f.text(),
		}
		if kind == FindingTooManyAttempts {
			x.Attempts = f.attempts
		}
		out = append(out, x)
	}
	return out
}

// text says the finding in one sentence.
func (f *findingAgg) text() string {
	who := plural(f.count, "retry", "retries")
	gaps := span(f.min, f.max)
	want := span(f.wantLo, f.wantHi)
	switch f.kind {
	case FindingIgnoredRetryAfter:
		return fmt.Sprintf("%s came %s after %s that asked for %s (%s): the client ignored the server's wait.", who, gaps, f.lbl, want, f.src)
	case FindingObeyedRetryAfter:
		return fmt.Sprintf("%s waited %s after %s that asked for %s, obeying the server's wait.", who, gaps, f.lbl, want)
	case FindingNotRetryable:
		return fmt.Sprintf("%s followed %s that the policy does not retry (%s): fix the cause instead of retrying.", who, f.lbl, f.reason)
	case FindingUnkeyed:
		ep := f.ep
		if ep == "" {
			ep = "the request"
		}
		return fmt.Sprintf("%s of %s followed %s without an Idempotency-Key: the failed attempt may have done the work, so a retry can do it twice.", who, ep, f.lbl)
	case FindingTooFast:
		return fmt.Sprintf("%s came %s after %s without Retry-After; the policy waits %s.", who, gaps, f.lbl, want)
	case FindingNoBackoff:
		return fmt.Sprintf("%s came %s after %s, sooner than the policy's backoff allows (at least %s; %s base, %s jitter).", who, gaps, f.lbl, want, durtext.Approx(f.pol.Effective().BaseDelay), f.pol.Effective().Jitter)
	case FindingBackedOff:
		return fmt.Sprintf("%s waited %s after %s, at least the policy's %s.", who, gaps, f.lbl, want)
	case FindingTooManyAttempts:
		return fmt.Sprintf("%s went past the policy's %d attempts (a request was tried %d times).", who, f.pol.Attempts(), f.attempts)
	case FindingUntimed:
		return fmt.Sprintf("%s of %s; the input has no times, so the waits could not be checked.", who, f.lbl)
	}
	return who
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// span formats a range of waits: "17 s", "200–400 ms", "1.5–3 s".
func span(lo, hi time.Duration) string {
	a, b := durtext.Approx(lo), durtext.Approx(hi)
	if a == b {
		return a
	}
	if i := strings.LastIndexByte(a, ' '); i > 0 && !strings.Contains(a[:i], " ") && strings.HasSuffix(b, a[i:]) {
		a = a[:i] // one unit for both ends: "200–400 ms"
	}
	return a + "–" + b
}
