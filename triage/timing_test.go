package triage

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// try is one attempt of a request in a timing test: it starts at ms after
// the first and takes dur ms.
type try struct {
	ms, dur int
	method  string // "" means POST
	url     string // "" means the BabySea generate URL
	key     string // Idempotency-Key
	status  int
	body    string
	headers map[string]string
	err     string // HAR _error for status 0
}

const (
	bs429     = `{"status":"error","request_id":"r","error":{"code":"BSE1005","type":"rate_limit_exceeded","message":"slow down","retryable":true}}`
	bs401     = `{"status":"error","request_id":"r","error":{"code":"BSE1002","type":"authentication_failed","message":"bad key","retryable":false}}`
	bs502     = `{"status":"error","request_id":"r","error":{"code":"BSE4003","type":"all_providers_failed","message":"all failed","retryable":true}}`
	av429     = `{"error":{"code":"RATE_LIMIT_ERROR","message":"Too many requests"},"request_id":"r"}`
	av503     = `{"error":{"code":"VLM_PROVIDER_ERROR","message":"provider down"},"request_id":"r"}`
	bsURL     = "https://api.babysea.ai/v1/generate"
	avURL     = "https://api.aionvision.tech/v1/search"
	bsSuccess = `{"status":"success"}`
)

var ra17 = map[string]string{"Retry-After": "17"}

// harOf builds a HAR file of the attempts.
func harOf(tries []try) string {
	start := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	var entries []string
	for _, t := range tries {
		method, url := t.method, t.url
		if method == "" {
			method = "POST"
		}
		if url == "" {
			url = bsURL
		}
		var reqH, respH []string
		if t.key != "" {
			reqH = append(reqH, fmt.Sprintf(`{"name":"Idempotency-Key","value":%q}`, t.key))
		}
		for k, v := range t.headers {
			respH = append(respH, fmt.Sprintf(`{"name":%q,"value":%q}`, k, v))
		}
		body, _ := json.Marshal(t.body)
		e := fmt.Sprintf(`{"startedDateTime":%q,"time":%d,"request":{"method":%q,"url":%q,"headers":[%s]},`+
			`"response":{"status":%d,"headers":[%s],"content":{"mimeType":"application/json","text":%s}%s}}`,
			start.Add(time.Duration(t.ms)*time.Millisecond).Format(time.RFC3339Nano), t.dur, method, url,
			strings.Join(reqH, ","), t.status, strings.Join(respH, ","), body, errField(t.err))
		entries = append(entries, e)
	}
	return `{"log":{"version":"1.2","entries":[` + strings.Join(entries, ",") + `]}}`
}

func errField(e string) string {
	if e == "" {
		return ""
	}
	return fmt.Sprintf(`,"_error":%q`, e)
}

func TestTimingChecks(t *testing.T) {
	tests := []struct {
		name    string
		tries   []try
		retries int
		want    map[string]int // finding kind → count, over all groups
		gapMS   int64          // if not 0: the smallest gap of the first finding
	}{
		{"429 retried after 0.3 s ignores Retry-After 17 s", []try{
			{ms: 0, dur: 100, status: 429, body: bs429, headers: ra17},
			{ms: 400, dur: 100, status: 200, body: bsSuccess},
		}, 1, map[string]int{FindingIgnoredRetryAfter: 1}, 300},
		{"429 retried after 17.5 s obeys it", []try{
			{ms: 0, dur: 100, status: 429, body: bs429, headers: ra17},
			{ms: 17600, dur: 100, status: 200, body: bsSuccess},
		}, 1, map[string]int{FindingObeyedRetryAfter: 1}, 17500},
		{"16.2 s is within the 1 s tolerance", []try{
			{ms: 0, dur: 0, status: 429, body: bs429, headers: ra17},
			{ms: 16200, dur: 100, status: 200, body: bsSuccess},
		}, 1, map[string]int{FindingObeyedRetryAfter: 1}, 0},
		{"15.9 s is not", []try{
			{ms: 0, dur: 0, status: 429, body: bs429, headers: ra17},
			{ms: 15900, dur: 100, status: 200, body: bsSuccess},
		}, 1, map[string]int{FindingIgnoredRetryAfter: 1}, 0},
		{"Retry-After over the cap, obeyed", []try{
			{ms: 0, dur: 0, status: 429, body: bs429, headers: map[string]string{"Retry-After": "120"}},
			{ms: 121000, dur: 100, status: 200, body: bsSuccess},
		}, 1, map[string]int{FindingObeyedRetryAfter: 1}, 0},
		{"a non-retryable 401 retried", []try{
			{ms: 0, dur: 50, status: 401, body: bs401},
			{ms: 5000, dur: 50, status: 401, body: bs401},
		}, 1, map[string]int{FindingNotRetryable: 1}, 0},
		{"an unkeyed POST retried after a network error", []try{
			{ms: 0, dur: 2000, status: 0, err: "net::ERR_CONNECTION_RESET"},
			{ms: 4000, dur: 100, status: 200, body: bsSuccess},
		}, 1, map[string]int{FindingUnkeyed: 1}, 0},
		{"a keyed POST retried after a network error", []try{
			{ms: 0, dur: 2000, status: 0, key: "k1", err: "net::ERR_CONNECTION_RESET"},
			{ms: 4000, dur: 100, status: 200, key: "k1", body: bsSuccess},
		}, 1, map[string]int{FindingBackedOff: 1}, 0},
		{"a GET retried at once after a network error", []try{
			{ms: 0, dur: 10, method: "GET", status: 0, err: "net::ERR_CONNECTION_REFUSED"},
			{ms: 20, dur: 100, method: "GET", status: 200, body: bsSuccess},
		}, 1, map[string]int{FindingNoBackoff: 1}, 10},
		{"a 502 retried after 0.1 s skips the backoff", []try{
			{ms: 0, dur: 100, status: 502, body: bs502},
			{ms: 200, dur: 100, status: 200, body: bsSuccess},
		}, 1, map[string]int{FindingNoBackoff: 1}, 100},
		{"a 502 retried after 0.3 s backs off (full jitter)", []try{
			{ms: 0, dur: 100, status: 502, body: bs502},
			{ms: 400, dur: 100, status: 200, body: bsSuccess},
		}, 1, map[string]int{FindingBackedOff: 1}, 0},
		{"an Aionvision 429 without Retry-After retried after 1 s", []try{
			{ms: 0, dur: 0, method: "GET", url: avURL, status: 429, body: av429},
			{ms: 1000, dur: 0, method: "GET", url: avURL, status: 200, body: bsSuccess},
		}, 1, map[string]int{FindingTooFast: 1}, 0},
		{"an Aionvision 429 without Retry-After retried after 5 s", []try{
			{ms: 0, dur: 0, method: "GET", url: avURL, status: 429, body: av429},
			{ms: 5000, dur: 0, method: "GET", url: avURL, status: 200, body: bsSuccess},
		}, 1, map[string]int{FindingBackedOff: 1}, 0},
		{"Aionvision's additive jitter waits at least 1 s", []try{
			{ms: 0, dur: 0, method: "GET", url: avURL, status: 503, body: av503},
			{ms: 800, dur: 0, method: "GET", url: avURL, status: 200, body: bsSuccess},
		}, 1, map[string]int{FindingNoBackoff: 1}, 0},
		{"four attempts where the policy makes three", []try{
			{ms: 0, dur: 0, status: 502, body: bs502},
			{ms: 1000, dur: 0, status: 502, body: bs502},
			{ms: 3000, dur: 0, status: 502, body: bs502},
			{ms: 7000, dur: 0, status: 200, body: bsSuccess},
		}, 3, map[string]int{FindingBackedOff: 3, FindingTooManyAttempts: 1}, 0},
		{"different Idempotency-Keys are different requests", []try{
			{ms: 0, dur: 0, key: "a", status: 429, body: bs429, headers: ra17},
			{ms: 100, dur: 0, key: "b", status: 429, body: bs429, headers: ra17},
		}, 0, map[string]int{}, 0},
		{"overlapping attempts are concurrent, not retries", []try{
			{ms: 0, dur: 5000, status: 502, body: bs502},
			{ms: 100, dur: 5000, status: 502, body: bs502},
		}, 0, map[string]int{}, 0},
		{"an attempt 10 minutes later is a new request", []try{
			{ms: 0, dur: 0, status: 502, body: bs502},
			{ms: 600000, dur: 0, status: 502, body: bs502},
		}, 0, map[string]int{}, 0},
		{"a success ends the run", []try{
			{ms: 0, dur: 0, status: 429, body: bs429, headers: ra17},
			{ms: 20000, dur: 0, status: 200, body: bsSuccess},
			{ms: 20100, dur: 0, status: 429, body: bs429, headers: ra17},
		}, 1, map[string]int{FindingObeyedRetryAfter: 1}, 0},
		{"other URLs are other requests", []try{
			{ms: 0, dur: 0, status: 429, body: bs429, headers: ra17},
			{ms: 100, dur: 0, url: bsURL + "?x=1", status: 200, body: bsSuccess},
		}, 0, map[string]int{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := AnalyzeBytes([]byte(harOf(tt.tries)), Options{Now: testNow})
			if r.Retries != tt.retries {
				t.Errorf("Retries = %d, want %d; problems %q", r.Retries, tt.retries, r.Problems)
			}
			got := map[string]int{}
			var first *Finding
			for _, g := range r.Groups {
				for i, f := range g.Findings {
					got[f.Kind] += f.Count
					if first == nil {
						first = &g.Findings[i]
					}
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("findings = %v, want %v", got, tt.want)
			}
			if tt.gapMS != 0 && (first == nil || first.MinGapMS != tt.gapMS) {
				t.Errorf("first finding = %+v, want min gap %d ms", first, tt.gapMS)
			}
		})
	}
}

// TestTimingUntimed checks a paste without times: the order still tells
// the retries, whose waits cannot be checked.
func TestTimingUntimed(t *testing.T) {
	resp := "POST /v1/generate HTTP/1.1\nHost: api.babysea.ai\n\nHTTP/1.1 401 Unauthorized\nContent-Type: application/json\n\n" + bs401 + "\n"
	r := AnalyzeBytes([]byte(resp+resp+resp), Options{Now: testNow})
	if len(r.Groups) != 1 {
		t.Fatalf("%d groups, want 1: %+v", len(r.Groups), r.Groups)
	}
	got := map[string]int{}
	for _, f := range r.Groups[0].Findings {
		got[f.Kind] = f.Count
	}
	want := map[string]int{FindingNotRetryable: 2, FindingUntimed: 2}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("findings = %v, want %v", got, want)
	}
}

func TestSpan(t *testing.T) {
	if got := span(200*time.Millisecond, 400*time.Millisecond); got != "200–400 ms" {
		t.Errorf("span = %q, want 200–400 ms", got)
	}
}

// TestOneRunCountedOnce checks that a run of retries that spans groups (three
// 429s, then two 502s of the same POST) is reported once, with its whole
// length, and that a proxy's page that names no request is not taken for
// the retry of an API's 429 before it.
func TestOneRunCountedOnce(t *testing.T) {
	const (
		ep   = "POST https://api.babysea.ai/v1/generate"
		b429 = `{"status":"error","error":{"code":"BSE1005","type":"rate_limit_exceeded","message":"slow down","retryable":true,"details":{"retry_after_seconds":1}}}`
		b502 = `{"status":"error","error":{"code":"BSE4003","type":"all_providers_failed","message":"All providers failed","retryable":true}}`
	)
	var in strings.Builder
	for i, st := range []int{429, 429, 429, 502, 502} {
		body := b429
		if st == 502 {
			body = b502
		}
		fmt.Fprintf(&in, "2026-11-21T10:00:%02dZ ERROR %s status=%d body=%s\n", 2*i, ep, st, body)
	}
	r := AnalyzeBytes([]byte(in.String()), Options{Now: testNow})
	var over []Finding
	for _, g := range r.Groups {
		for _, f := range g.Findings {
			if f.Kind == FindingTooManyAttempts {
				over = append(over, f)
			}
		}
	}
	if len(over) != 1 || over[0].Attempts != 5 || over[0].Count != 2 {
		t.Errorf("too-many-attempts findings = %+v, want one: 2 retries, tried 5 times", over)
	}

	anon := "2026-11-21T10:00:00Z ERROR request failed status=429 body=" + b429 + "\n" +
		"2026-11-21T10:00:01Z ERROR request failed status=502 <html><head><title>502 Bad Gateway</title></head></html>\n"
	if r := AnalyzeBytes([]byte(anon), Options{Now: testNow}); r.Retries != 0 {
		t.Errorf("a proxy's 502 after an API's 429, neither naming its request, counted as %d retries", r.Retries)
	}
}
