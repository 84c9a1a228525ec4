package explain

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/route"
)

var now = time.Date(2026, 11, 22, 4, 0, 0, 0, time.UTC)

func raw(status int, headers, body string) []byte {
	return []byte("HTTP/1.1 " + itoa(status) + " X\n" + headers + "\n" + body)
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestRetryDecision(t *testing.T) {
	babysea := func(code string, retryable bool) string {
		return `{"status":"error","request_id":"req_1","error":{"code":"` + code + `","type":"x","message":"m","retryable":` + map[bool]string{true: "true", false: "false"}[retryable] + `}}`
	}
	tests := []struct {
		name     string
		input    []byte
		opt      Options
		decision string
		delayMS  *int64 // nil: backoff applies
		reason   string
	}{
		{"429 Retry-After 17", raw(429, "Retry-After: 17\n", babysea("BSE1005", true)), Options{}, "retry", ptr(17000), "Retry-After 17 s"},
		{"Retry-After 0 means now", raw(429, "Retry-After: 0\n", babysea("BSE1005", true)), Options{}, "retry", ptr(0), "Retry-After 0 s"},
		{"over the cap", raw(429, "Retry-After: 3600\n", babysea("BSE1005", true)), Options{}, "stop", ptr(3600000), "over the 60 s cap"},
		{"503 retryable:false", raw(503, "", babysea("BSE4005", false)), Options{}, "stop", nil, "retryable:false in body"},
		{"409 retryable:true", raw(409, "", babysea("BSE2016", true)), Options{}, "retry", nil, "backoff"},
		{"proxy 502 GET", raw(502, "Content-Type: text/html\n", "<html><title>502</title></html>"), Options{}, "retry", nil, "backoff"},
		{"proxy 502 POST", raw(502, "Content-Type: text/html\n", "<html><title>502</title></html>"), Options{Method: "post"}, "stop", nil, "POST without Idempotency-Key"},
		{"proxy 502 keyed POST", raw(502, "Content-Type: text/html\n", "<html></html>"), Options{Method: "POST", IdempotencyKey: "k"}, "retry", nil, "backoff"},
		{"claro body retry_after", raw(429, "", `{"error":{"code":"rate_limit_exceeded","message":"slow","retry_after":60}}`), Options{}, "retry", ptr(60000), "60 s"},
		{"401 never", raw(401, "", `{"error":"bad key","code":"UNAUTHORIZED"}`), Options{}, "stop", nil, "not retryable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opt.Now = now
			rs := Decode(tt.input, tt.opt)
			if len(rs) != 1 {
				t.Fatalf("%d reports, want 1", len(rs))
			}
			r := rs[0].Retry
			if r.Decision != tt.decision || !strings.Contains(r.Reason, tt.reason) {
				t.Errorf("retry = %s %q, want %s with %q", r.Decision, r.Reason, tt.decision, tt.reason)
			}
			switch {
			case tt.delayMS == nil && r.DelayMS != nil:
				t.Errorf("delay_ms = %d, want null (backoff)", *r.DelayMS)
			case tt.delayMS != nil && (r.DelayMS == nil || *r.DelayMS != *tt.delayMS):
				t.Errorf("delay_ms = %v, want %d", r.DelayMS, *tt.delayMS)
			}
			if r.Decision == "retry" && r.DelayMS == nil && (r.MaxDelay <= 0 || r.MinDelay >= r.MaxDelay) {
				t.Errorf("random backoff without a range: %v to %v", r.MinDelay, r.MaxDelay)
			}
		})
	}
}

func ptr(n int64) *int64 { return &n }

// TestJSONFields pins the field names of `errscope decode --json`.
func TestJSONFields(t *testing.T) {
	rs := Decode(raw(429, "Retry-After: 17\nX-RateLimit-Limit: 60\nX-RateLimit-Remaining: 0\n", `{"status":"error","request_id":"req_1","error":{"code":"BSE1005","type":"rate_limit_exceeded","message":"m","retryable":true}}`), Options{Now: now})
	b, err := json.Marshal(rs[0])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	want := []string{"api", "candidates", "status", "code", "type", "message", "hint", "retryable", "request_id", "rate_limit", "provider_errors", "entry", "retry", "problems", "redacted"}
	if got := keys(m); strings.Join(got, ",") != strings.Join(sorted(want), ",") {
		t.Errorf("fields %v, want %v", got, sorted(want))
	}
	var rl, rt map[string]json.RawMessage
	json.Unmarshal(m["rate_limit"], &rl)
	json.Unmarshal(m["retry"], &rt)
	if got := keys(rl); strings.Join(got, ",") != "limit,remaining,reset,retry_after_ms" {
		t.Errorf("rate_limit fields %v", got)
	}
	if got := keys(rt); strings.Join(got, ",") != "by_method,decision,delay_ms,reason,rule,sentence" {
		t.Errorf("retry fields %v", got)
	}
}

func keys(m map[string]json.RawMessage) []string {
	var k []string
	for s := range m {
		k = append(k, s)
	}
	sort.Strings(k)
	return k
}

func sorted(s []string) []string { s = append([]string(nil), s...); sort.Strings(s); return s }

// TestEveryCatalogExample explains the example response of every catalog
// entry: the report names the entry, agrees with its retryable flag, and
// says what to do.
func TestEveryCatalogExample(t *testing.T) {
	for _, e := range catalog.All() {
		status, h, body := apierror.Example(e)
		r := Explain(apierror.Parse(status, h, body, apierror.Options{Now: now}), Options{Now: now})
		if r.Entry == nil || r.Entry.Code != e.Code || r.API != e.API {
			t.Errorf("%s: report names %v/%v", e.Key(), r.API, r.Code)
			continue
		}
		if r.Retryable != e.Retryable {
			t.Errorf("%s: retryable %v, catalog %v", e.Key(), r.Retryable, e.Retryable)
		}
		if !e.Retryable && r.Retry.Decision != "stop" {
			t.Errorf("%s: not retryable but decision %s", e.Key(), r.Retry.Decision)
		}
		if len(r.NextSteps) == 0 || r.Path != route.Code(e) {
			t.Errorf("%s: next steps %v, path %q", e.Key(), r.NextSteps, r.Path)
		}
		var b strings.Builder
		if err := r.WriteText(&b, now); err != nil || !strings.Contains(b.String(), string(e.Code)) {
			t.Errorf("%s: text %q, %v", e.Key(), b.String(), err)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(raw(429, "Retry-After: 17\n", `{"status":"error","error":{"code":"BSE1005","retryable":true}}`)), "", "GET")
	f.Add([]byte(`{"error":"x","code":"NOT_FOUND"}`), "babou", "POST")
	f.Add([]byte("\x00\xff\x1f\x8b"), "claro", "")
	f.Fuzz(func(t *testing.T, in []byte, api, method string) {
		rs := Decode(in, Options{API: catalog.API(api), Method: method, Now: now})
		if len(rs) == 0 {
			t.Fatal("no report")
		}
		for _, r := range rs {
			if r.Retry.Decision != "retry" && r.Retry.Decision != "stop" {
				t.Fatalf("decision %q", r.Retry.Decision)
			}
			if _, err := json.Marshal(r); err != nil {
				t.Fatal(err)
			}
		}
	})
}
