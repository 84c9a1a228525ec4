package explain

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/retry"
)

// one decodes a paste that holds one response.
func one(t *testing.T, in string, o Options) Report {
	t.Helper()
	if o.Now.IsZero() {
		o.Now = now
	}
	rs := Decode([]byte(in), o)
	if len(rs) != 1 {
		t.Fatalf("%d reports, want 1", len(rs))
	}
	return rs[0]
}

// TestMethodUnknown: a proxy's HTML 502 or curl's timeout, with no method
// in the paste, is retryable for some requests and not others; the report
// says which instead of a bare yes or no (issue 13).
func TestMethodUnknown(t *testing.T) {
	tests := []struct {
		name, in string
		why      string // in RetryableWhy
	}{
		{"HTML 502", "HTTP/1.1 502 Bad Gateway\nContent-Type: text/html\n\n<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>\n", "502"},
		{"curl timeout", "curl: (28) Operation timed out after 30001 milliseconds with 0 bytes received\n", "timed out"},
		{"curl reset", "curl: (56) Recv failure: Connection reset by peer\n", "connection failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := one(t, tt.in, Options{})
			if !r.Retry.ByMethod || !r.Retryable || !strings.Contains(r.RetryableWhy, tt.why) {
				t.Errorf("ByMethod %v, Retryable %v (%s); want the answer by method, retryable, why naming %q", r.Retry.ByMethod, r.Retryable, r.RetryableWhy, tt.why)
			}
			for _, want := range []string{"method is not in the paste", "GET, HEAD or DELETE", "POST, PUT or PATCH without an Idempotency-Key it stops"} {
				if !strings.Contains(r.Retry.Sentence, want) {
					t.Errorf("sentence %q lacks %q", r.Retry.Sentence, want)
				}
			}
			if len(r.NextSteps) == 0 || !strings.Contains(r.NextSteps[0], "GET, HEAD or DELETE") {
				t.Errorf("first next step %q does not say for which requests", r.NextSteps)
			}
			// With the method known, one answer.
			if g := one(t, tt.in, Options{Method: "GET"}); g.Retry.ByMethod || !g.Retry.Retries() {
				t.Errorf("GET: %+v, want one answer: retry", g.Retry)
			}
			if p := one(t, tt.in, Options{Method: "POST"}); p.Retry.ByMethod || p.Retry.Retries() {
				t.Errorf("POST: %+v, want one answer: stop", p.Retry)
			}
		})
	}
	// A host that does not resolve is not retried whatever the method.
	r := one(t, "curl: (6) Could not resolve host: api.example.test\n", Options{})
	if r.Retry.ByMethod || r.Retry.Retries() || r.Retryable || r.Retry.Rule != retry.RulePermanent {
		t.Errorf("curl 6: %+v (retryable %v), want a permanent stop", r.Retry, r.Retryable)
	}
}

// TestFixedWaitIsADelay: Aionvision waits a documented 5 s on a 429 that
// names no delay; that wait is a delay (delay_ms 5000), not a backoff.
func TestFixedWaitIsADelay(t *testing.T) {
	r := one(t, "HTTP/1.1 429 Too Many Requests\nContent-Type: application/json\n\n"+
		`{"detail":{"code":"CONCURRENT_UPLOAD_LIMIT_EXCEEDED","message":"Too many concurrent uploads"}}`, Options{API: catalog.Aionvision})
	if r.Retry.Rule != retry.RuleRateLimitDefault || r.Retry.DelayMS == nil || *r.Retry.DelayMS != 5000 {
		t.Fatalf("retry = %+v, want the 5 s default as delay_ms 5000", r.Retry)
	}
	if s := r.Retry.Sentence; !strings.Contains(s, "Retries after 5 s") || strings.Contains(s, "backoff") {
		t.Errorf("sentence %q: want a 5 s wait, no backoff", s)
	}
}

// TestSentencesArePlain: no decision sentence nests parentheses ("backoff
// of up to 1 s (backoff 1 s (attempt 1, no jitter))") or says "up to"
// beside "no jitter"; a random backoff gives its range.
func TestSentencesArePlain(t *testing.T) {
	nested := regexp.MustCompile(`\([^)]*\(`)
	check := func(name string, r Retry) {
		t.Helper()
		s := r.Sentence
		if s == "" || nested.MatchString(s) || strings.Contains(s, "up to") && strings.Contains(s, "no jitter") {
			t.Errorf("%s: sentence %q", name, s)
		}
		if r.Retries() && r.DelayMS == nil && !strings.Contains(s, "random wait between") {
			t.Errorf("%s: a random backoff without its range: %q", name, s)
		}
	}
	for _, e := range catalog.All() {
		status, h, body := apierror.Example(e)
		date, _ := apierror.ParseHTTPDate(h.Get("Date"))
		err := apierror.Parse(status, h, body, apierror.Options{API: e.API, Now: date})
		for _, m := range []string{http.MethodGet, http.MethodPost} {
			check(e.Key()+" "+m, Explain(err, Options{API: e.API, Method: m, Now: date}).Retry)
		}
	}
	for _, j := range retry.Jitters {
		d := Decide(retry.Policy{Jitter: j}, retry.Call{Attempt: 2}, retry.Failure{Timeout: true})
		check(string(j), d)
	}
}

// TestRateLimitAsSent: the reset is told as the server sent it, measured
// from the response's Date, and separately against the reader's clock.
func TestRateLimitAsSent(t *testing.T) {
	in := "HTTP/1.1 429 Too Many Requests\nDate: Sun, 22 Nov 2026 04:00:00 GMT\nContent-Type: application/json\nRetry-After: 60\n" +
		"X-RateLimit-Limit: 1000\nX-RateLimit-Remaining: 0\nX-RateLimit-Reset: 1795320060\n\n" +
		`{"error":{"code":"rate_limit_exceeded","message":"Rate limit exceeded","retry_after":60}}`
	later := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	r := one(t, in, Options{Now: later})
	got := r.RateLimit.Text(later)
	for _, want := range []string{"resets 60 s after the response (2026-11-22 04:01:00 UTC)", "already past now"} {
		if !strings.Contains(got, want) {
			t.Errorf("rate limit %q lacks %q", got, want)
		}
	}
	if !r.Retry.Retries() || r.Retry.DelayMS == nil || *r.Retry.DelayMS != 60000 {
		t.Errorf("retry = %+v, want the 60 s the server named, whatever today's date", r.Retry)
	}
	if got := r.RateLimit.Text(now); !strings.Contains(got, "in 60 s from now") {
		t.Errorf("read at the response's time: %q", got)
	}
}

// TestStaleReset: a reset before the response's Date names no wait: the
// 429 is not retried "at once", and a problem says the reset was stale.
func TestStaleReset(t *testing.T) {
	in := "HTTP/1.1 429 Too Many Requests\nDate: Sun, 22 Nov 2026 04:02:00 GMT\nContent-Type: application/json\n" +
		"X-RateLimit-Limit: 1000\nX-RateLimit-Remaining: 0\nX-RateLimit-Reset: 1795320060\n\n" +
		`{"error":{"code":"rate_limit_exceeded","message":"Rate limit exceeded"}}`
	r := one(t, in, Options{API: catalog.Claro})
	if r.Retry.Rule == retry.RuleRateLimitReset || strings.Contains(r.Retry.Sentence, "at once") {
		t.Errorf("retry = %+v: a stale reset must not name the wait", r.Retry)
	}
	if !hasProblem(r, "stale") {
		t.Errorf("problems %q do not say the reset is stale", r.Problems)
	}
	if got := r.RateLimit.Text(now); !strings.Contains(got, "before the response was sent (stale)") {
		t.Errorf("rate limit %q does not say the reset is stale", got)
	}
}

// TestResetDisagreesWithRetryAfter: the report says which one the SDK
// follows, and why.
func TestResetDisagreesWithRetryAfter(t *testing.T) {
	in := "HTTP/1.1 429 Too Many Requests\nDate: Sun, 22 Nov 2026 04:00:00 GMT\nContent-Type: application/json\nRetry-After: 10\n" +
		"X-RateLimit-Remaining: 0\nX-RateLimit-Reset: 1795320060\n\n" +
		`{"error":{"code":"rate_limit_exceeded","message":"Rate limit exceeded"}}`
	r := one(t, in, Options{API: catalog.Claro})
	if r.Retry.DelayMS == nil || *r.Retry.DelayMS != 10000 {
		t.Errorf("retry = %+v, want the Retry-After's 10 s", r.Retry)
	}
	if !hasProblem(r, "Retry-After header says 10 s but X-RateLimit-Reset is 60 s after the response; the SDK waits the Retry-After header") {
		t.Errorf("problems %q do not say which wait the SDK follows", r.Problems)
	}
}

// TestIETFRateLimitHeaders: draft-ietf-httpapi-ratelimit-headers, in its
// dictionary and its list form, is read beside Retry-After and shown.
func TestIETFRateLimitHeaders(t *testing.T) {
	tests := []struct{ name, headers string }{
		{"dictionary", "RateLimit: limit=100, remaining=0, reset=30\nRateLimit-Policy: 100;w=60\n"},
		{"list", "RateLimit: \"default\";r=0;t=30\nRateLimit-Policy: \"default\";q=100;w=60\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := "HTTP/1.1 429 Too Many Requests\nDate: Sun, 22 Nov 2026 04:00:00 GMT\nContent-Type: application/json\n" + tt.headers + "\n" +
				`{"error":"Too many requests","code":"RATE_LIMIT_EXCEEDED"}`
			r := one(t, in, Options{API: catalog.Babou})
			rl := r.RateLimit
			if rl.Remaining == nil || *rl.Remaining != 0 || rl.Reset == nil || !rl.Reset.Equal(now.Add(30*time.Second)) || rl.Policy != "100 requests per 60 s" {
				t.Fatalf("rate limit = %+v, want 0 remaining, reset at +30 s, policy 100 per 60 s", rl)
			}
			if r.Retry.Rule != retry.RuleRateLimitReset || r.Retry.DelayMS == nil || *r.Retry.DelayMS != 30000 || !strings.Contains(r.Retry.Reason, "RateLimit reset in 30 s") {
				t.Errorf("retry = %+v, want the reset's 30 s", r.Retry)
			}
			got := rl.Text(now)
			for _, want := range []string{"0 left (RateLimit)", "resets 30 s after the response", "policy 100 requests per 60 s (RateLimit-Policy)"} {
				if !strings.Contains(got, want) {
					t.Errorf("rate limit %q lacks %q", got, want)
				}
			}
		})
	}
}

// TestTitleAndMessageOnce: a message that repeats the catalog's title is
// not printed a second time.
func TestTitleAndMessageOnce(t *testing.T) {
	e, _ := catalog.Lookup(catalog.BabySea, "BSE1005")
	status, h, body := apierror.Example(e)
	date, _ := apierror.ParseHTTPDate(h.Get("Date"))
	r := Explain(apierror.Parse(status, h, body, apierror.Options{API: e.API, Now: date}), Options{Now: date})
	if !SameText(r.Message, e.Title) {
		t.Fatalf("example message %q is not the title %q: pick another entry", r.Message, e.Title)
	}
	var b strings.Builder
	r.WriteText(&b, date)
	if strings.Count(b.String(), e.Title) != 1 {
		t.Errorf("the title %q is printed %d times:\n%s", e.Title, strings.Count(b.String(), e.Title), b.String())
	}
}

// TestDetailField: an Aionvision detail body's field is shown, and the
// advice points at detail.field, where this paste has it.
func TestDetailField(t *testing.T) {
	r := one(t, "HTTP/1.1 400 Bad Request\nContent-Type: application/json\n\n"+
		`{"detail":{"code":"VALIDATION_ERROR","message":"limit must be between 1 and 100","field":"limit"}}`, Options{API: catalog.Aionvision})
	if r.Field != "limit" || r.FieldPath != "detail.field" {
		t.Errorf("field %q at %q, want limit at detail.field", r.Field, r.FieldPath)
	}
	steps := strings.Join(r.NextSteps, "\n")
	if strings.Contains(steps, "error.details.field") || !strings.Contains(steps, "detail.field") {
		t.Errorf("next steps point at the wrong path:\n%s", steps)
	}
	var b strings.Builder
	r.WriteText(&b, now)
	if !strings.Contains(b.String(), "Field:       limit (detail.field)") {
		t.Errorf("the field is not shown:\n%s", b.String())
	}
	// The envelope form keeps its own path.
	r = one(t, "HTTP/1.1 400 Bad Request\nContent-Type: application/json\n\n"+
		`{"error":{"code":"VALIDATION_ERROR","message":"bad","details":{"field":"limit","issue":"too big"}},"request_id":"req_1"}`, Options{API: catalog.Aionvision})
	if r.Field != "limit" || r.FieldPath != "error.details.field" {
		t.Errorf("envelope: field %q at %q", r.Field, r.FieldPath)
	}
}

func hasProblem(r Report, s string) bool {
	for _, p := range r.Problems {
		if strings.Contains(p, s) {
			return true
		}
	}
	return false
}
