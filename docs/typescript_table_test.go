package docs

import (
	"errors"
	"html"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/retry"
)

// tsChecks verifies, row by row, the Go-column claims of the TypeScript vs
// Go table that are marked [checked], against the code that implements
// them. The keys are the rows' Situation cells as plain text.
var tsChecks = map[string]func(t *testing.T){
	"JSON error body with missing or wrong-typed fields": func(t *testing.T) {
		e := apierror.Parse(502, nil, []byte(`{"status":"error","error":{"retryable":"yes"}}`), apierror.Options{API: catalog.BabySea})
		if e.Code != "" || e.RetryableFlag != nil || e.Message == "" || len(e.Problems) == 0 {
			t.Errorf("got code %q, flag %v, message %q, problems %q; want no code, no flag, the status text and a problem", e.Code, e.RetryableFlag, e.Message, e.Problems)
		}
	},
	"429 with a non-JSON body (a proxy's HTML page)": func(t *testing.T) {
		e := apierror.Parse(429, nil, []byte("<html><title>Too Many Requests</title></html>"), apierror.Options{API: catalog.BabySea})
		wantDecision(t, retry.Call{Attempt: 1, Method: "POST"}, retry.Failure{Err: e}, true)
	},
	"5xx with a non-JSON body, on a POST": func(t *testing.T) {
		e := apierror.Parse(502, nil, []byte("<html><title>502 Bad Gateway</title></html>"), apierror.Options{API: catalog.BabySea})
		wantDecision(t, retry.Call{Attempt: 1, Method: "POST"}, retry.Failure{Err: e}, false)
		wantDecision(t, retry.Call{Attempt: 1, Method: "POST", IdempotencyKey: "k"}, retry.Failure{Err: e}, true)
		wantDecision(t, retry.Call{Attempt: 1, Method: "GET"}, retry.Failure{Err: e}, true)
	},
	"Retry-After without X-RateLimit-Limit": func(t *testing.T) {
		e := apierror.Parse(429, apierror.Header{"Retry-After": {"17"}}, []byte(`{}`), apierror.Options{API: catalog.BabySea})
		if !e.RateLimit.HasRetryAfter || e.RateLimit.RetryAfter != 17*time.Second {
			t.Errorf("RetryAfter = %v (%v), want 17s", e.RateLimit.RetryAfter, e.RateLimit.HasRetryAfter)
		}
	},
	"Retry-After as an HTTP-date": func(t *testing.T) {
		for _, v := range []string{"Wed, 21 Oct 2025 07:28:30 GMT", "Wednesday, 21-Oct-25 07:28:30 GMT", "Wed Oct 21 07:28:30 2025"} {
			// The local clock is an hour off; the Date header sets the base.
			h := apierror.Header{"Retry-After": {v}, "Date": {"Wed, 21 Oct 2025 07:28:00 GMT"}}
			e := apierror.Parse(429, h, []byte(`{}`), apierror.Options{Now: time.Date(2025, 10, 21, 8, 28, 0, 0, time.UTC)})
			if !e.RateLimit.HasRetryAfter || e.RateLimit.RetryAfter != 30*time.Second {
				t.Errorf("Retry-After %q: RetryAfter = %v, want 30s", v, e.RateLimit.RetryAfter)
			}
		}
	},
	"Retry-After: 0": func(t *testing.T) {
		e := &apierror.Error{Status: 429, RateLimit: apierror.RateLimit{HasRetryAfter: true}}
		d := wantDecision(t, retry.Call{Attempt: 1}, retry.Failure{Err: e}, true)
		if d.Delay != 0 {
			t.Errorf("delay %v, want 0", d.Delay)
		}
	},
	"details.retry_after_seconds in the body": func(t *testing.T) {
		for _, body := range []string{
			`{"status":"error","error":{"code":"BSE1005","retryable":true,"details":{"retry_after_seconds":17}}}`,
			`{"error":{"code":"rate_limit_exceeded","message":"slow down","retry_after":17}}`,
		} {
			e := apierror.Parse(429, nil, []byte(body), apierror.Options{})
			if !e.RateLimit.HasRetryAfter || e.RateLimit.RetryAfter != 17*time.Second {
				t.Errorf("%s: RetryAfter = %v, want 17s", body, e.RateLimit.RetryAfter)
			}
		}
	},
	"Very long Retry-After": func(t *testing.T) {
		e := &apierror.Error{Status: 429, RateLimit: apierror.RateLimit{RetryAfter: 61 * time.Second, HasRetryAfter: true}}
		d := wantDecision(t, retry.Call{Attempt: 1}, retry.Failure{Err: e}, false)
		if d.Rule != retry.RuleOverCap || d.Delay != 61*time.Second {
			t.Errorf("rule %v, delay %v; want over-cap with the server's 61s", d.Rule, d.Delay)
		}
	},
	"Server delay longer than the caller's deadline": func(t *testing.T) {
		e := &apierror.Error{Status: 429, RateLimit: apierror.RateLimit{RetryAfter: 10 * time.Second, HasRetryAfter: true}}
		d := wantDecision(t, retry.Call{Attempt: 1, Remaining: 5 * time.Second}, retry.Failure{Err: e}, false)
		if d.Rule != retry.RuleDeadline {
			t.Errorf("rule %v, want the deadline rule", d.Rule)
		}
	},
	"Backoff without a server delay": func(t *testing.T) {
		p := retry.ForAPI(catalog.BabySea)
		for _, r := range []float64{0, 0.37, 0.999} {
			p.Rand = func() float64 { return r }
			for n := 1; n <= 8; n++ {
				ts := time.Duration(math.Floor(r*math.Min(1000*math.Pow(2, float64(n-1)), 30000))) * time.Millisecond
				if got := p.Backoff(n, 0).Truncate(time.Millisecond); got != ts {
					t.Errorf("random %v, attempt %d: backoff %v, TypeScript %v", r, n, got, ts)
				}
			}
		}
	},
	"Which API errors are retried": func(t *testing.T) {
		no, yes := false, true
		wantDecision(t, retry.Call{Attempt: 1}, retry.Failure{Err: &apierror.Error{Status: 503, RetryableFlag: &no}}, false)
		wantDecision(t, retry.Call{Attempt: 1, Method: "POST"}, retry.Failure{Err: &apierror.Error{Status: 409, RetryableFlag: &yes}}, true)
	},
	"Network error": func(t *testing.T) {
		reset := errors.New("connection reset by peer")
		for _, m := range []string{"GET", "DELETE", "HEAD"} {
			wantDecision(t, retry.Call{Attempt: 1, Method: m}, retry.Failure{Network: reset}, true)
		}
		wantDecision(t, retry.Call{Attempt: 1, Method: "POST"}, retry.Failure{Network: reset}, false)
		wantDecision(t, retry.Call{Attempt: 1, Method: "POST", IdempotencyKey: "k"}, retry.Failure{Network: reset}, true)
	},
	"A request times out": func(t *testing.T) {
		wantDecision(t, retry.Call{Attempt: 1, Method: "GET"}, retry.Failure{Timeout: true}, true)
		wantDecision(t, retry.Call{Attempt: 1, Method: "POST"}, retry.Failure{Timeout: true}, false)
		wantDecision(t, retry.Call{Attempt: 1, Method: "POST", IdempotencyKey: "k"}, retry.Failure{Timeout: true}, true)
	},
}

// wantDecision asks BabySea's default policy and checks its answer.
func wantDecision(t *testing.T, c retry.Call, f retry.Failure, retryWanted bool) retry.Decision {
	t.Helper()
	d := retry.ForAPI(catalog.BabySea).Decide(c, f)
	if d.Retry != retryWanted {
		t.Errorf("Decide(%+v) = retry %v (%s), want %v", c, d.Retry, d.Reason, retryWanted)
	}
	return d
}

var (
	rowRe  = regexp.MustCompile(`(?s)<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>`)
	tagsRe = regexp.MustCompile(`<[^>]*>`)
)

func TestTypeScriptTable(t *testing.T) {
	p, ok := Lookup("typescript-vs-go")
	if !ok {
		t.Fatal("no typescript-vs-go guide")
	}
	rows := rowRe.FindAllStringSubmatch(p.HTML, -1)
	if len(rows) < 15 {
		t.Fatalf("found %d table rows, want the whole table", len(rows))
	}
	seen := map[string]bool{}
	for _, r := range rows {
		situation := html.UnescapeString(tagsRe.ReplaceAllString(r[1], ""))
		if !strings.Contains(r[3], "[checked]") {
			continue
		}
		check, ok := tsChecks[situation]
		if !ok {
			t.Errorf("row %q is marked [checked] but no check verifies it", situation)
			continue
		}
		seen[situation] = true
		t.Run(situation, check)
	}
	for s := range tsChecks {
		if !seen[s] {
			t.Errorf("check %q matches no [checked] row", s)
		}
	}
}
