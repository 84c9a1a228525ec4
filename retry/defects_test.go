package retry

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/catalog"
)

// date is the Date of the responses below.
var date = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

const httpDate = "Mon, 02 Jan 2006 15:04:05 GMT"

// bseBody is a BabySea error body.
func bseBody(code, typ string, retryable bool, details string) []byte {
	b := `{"status":"error","request_id":"req_1","error":{"code":"` + code + `","type":"` + typ + `","message":"m","retryable":` +
		map[bool]string{true: "true", false: "false"}[retryable]
	if details != "" {
		b += `,"details":` + details
	}
	return []byte(b + "}}")
}

// TestTypeScriptSDKDefects feeds real wire responses through
// apierror.Parse and the BabySea policy, one subtest per defect of the
// official TypeScript SDK listed in shared/reference/apis.md, each
// asserting the corrected behaviour.
func TestTypeScriptSDKDefects(t *testing.T) {
	html := []byte("<html><head><title>429 Too Many Requests</title></head><body>slow down</body></html>")
	tests := []struct {
		name   string
		method string
		status int
		h      apierror.Header
		body   []byte
		fail   Failure // used instead of a response when Timeout is set
		retry  bool
		delay  time.Duration
		rule   Rule
		reason string
	}{
		{
			name: "429 with an HTML body is retried (SDK: retryable = status >= 500 for non-JSON)", method: "POST",
			status: 429, h: apierror.Header{"Content-Type": {"text/html"}}, body: html,
			retry: true, delay: 500 * time.Millisecond, rule: RuleBackoff, reason: "backoff",
		},
		{
			name:   "Retry-After is read without X-RateLimit-Limit (SDK: ignored)",
			status: 429, h: apierror.Header{"Retry-After": {"17"}}, body: bseBody("BSE1005", "rate_limit_exceeded", true, ""),
			retry: true, delay: 17 * time.Second, rule: RuleServerDelay, reason: "Retry-After 17 s",
		},
		{
			name:   "HTTP-date Retry-After is understood (SDK: parseInt gives NaN)",
			status: 503, h: apierror.Header{"Date": {date.Format(httpDate)}, "Retry-After": {date.Add(20 * time.Second).Format(httpDate)}},
			body:  bseBody("BSE4005", "provider_unavailable", true, ""),
			retry: true, delay: 20 * time.Second, rule: RuleServerDelay, reason: "Retry-After 20 s",
		},
		{
			name:   "RFC 850 HTTP-date Retry-After is understood",
			status: 503, h: apierror.Header{"Date": {date.Format(httpDate)}, "Retry-After": {date.Add(5 * time.Second).Format("Monday, 02-Jan-06 15:04:05 GMT")}},
			body:  bseBody("BSE4005", "provider_unavailable", true, ""),
			retry: true, delay: 5 * time.Second, rule: RuleServerDelay, reason: "Retry-After 5 s",
		},
		{
			name:   "details.retry_after_seconds is read (SDK: never)",
			status: 429, body: bseBody("BSE1005", "rate_limit_exceeded", true, `{"retry_after_seconds":17,"limit":60}`),
			retry: true, delay: 17 * time.Second, rule: RuleServerDelay, reason: "details.retry_after_seconds 17 s",
		},
		{
			name:   "Retry-After has an upper bound (SDK: sleeps any length)",
			status: 429, h: apierror.Header{"Retry-After": {"3600"}, "X-RateLimit-Limit": {"60"}}, body: bseBody("BSE1005", "rate_limit_exceeded", true, ""),
			retry: false, delay: time.Hour, rule: RuleOverCap, reason: "server asks 3600 s, over the 60 s cap",
		},
		{
			name:   "Retry-After overflow is too long, not 0",
			status: 429, h: apierror.Header{"Retry-After": {"99999999999999999999"}}, body: bseBody("BSE1005", "rate_limit_exceeded", true, ""),
			retry: false, rule: RuleOverCap, reason: "over the 60 s cap",
		},
		{
			name: "timeout on GET is retried (SDK: never)",
			fail: Failure{Timeout: true}, retry: true, delay: 500 * time.Millisecond, rule: RuleBackoff, reason: "backoff",
		},
		{
			name: "timeout on POST with Idempotency-Key is retried (SDK: never)", method: "POST",
			fail: Failure{Timeout: true}, retry: true, delay: 500 * time.Millisecond, rule: RuleBackoff, reason: "Idempotency-Key set",
		},
	}
	p := ForAPI(catalog.BabySea)
	p.Rand = half
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.fail
			if !f.Timeout {
				f.Err = apierror.Parse(tt.status, tt.h, tt.body, apierror.Options{API: catalog.BabySea, Method: tt.method, Now: date})
			}
			key := ""
			if tt.method == "POST" && f.Timeout {
				key = "k1"
			}
			d := p.Decide(Call{Attempt: 1, Method: tt.method, IdempotencyKey: key}, f)
			if d.Retry != tt.retry || d.Rule != tt.rule || (tt.delay != 0 && d.Delay != tt.delay) || !strings.Contains(d.Reason, tt.reason) {
				t.Errorf("Decide = {Retry:%v Delay:%v Rule:%v %q}, want {Retry:%v Delay:%v Rule:%v %q}",
					d.Retry, d.Delay, d.Rule, d.Reason, tt.retry, tt.delay, tt.rule, tt.reason)
			}
		})
	}
}

// TestDecodedAnchors runs anchors §10.1 #1, #2, #7, #12 and §10.2 #19,
// #22, #23 from the wire, through apierror.Parse.
func TestDecodedAnchors(t *testing.T) {
	d := date.Format(httpDate)
	tests := []struct {
		name   string
		api    catalog.API
		method string
		status int
		h      apierror.Header
		body   string
		retry  bool
		delay  time.Duration
		rule   Rule
	}{
		{"#1 Retry-After 0 retries now", catalog.Claro, "", 429, apierror.Header{"Retry-After": {"0"}}, `{"error":{"code":"rate_limit_exceeded","message":"m"}}`, true, 0, RuleServerDelay},
		{"#2 Retry-After -1 falls back to backoff", catalog.Babou, "", 429, apierror.Header{"Retry-After": {"-1"}}, `{"error":"slow","code":"RATE_LIMIT_EXCEEDED"}`, true, 500 * time.Millisecond, RuleBackoff},
		{"#7 past HTTP-date retries now", catalog.Claro, "", 503, apierror.Header{"Date": {d}, "Retry-After": {date.Add(-time.Hour).Format(httpDate)}}, `{"error":{"code":"service_unavailable","message":"m"}}`, true, 0, RuleServerDelay},
		{"#12 X-RateLimit-Reset when none remain", catalog.Claro, "", 429, apierror.Header{"Date": {d}, "X-RateLimit-Remaining": {"0"}, "X-RateLimit-Reset": {itoa64(date.Unix() + 30)}}, `{"error":{"code":"rate_limit_exceeded","message":"m"}}`, true, 30 * time.Second, RuleRateLimitReset},
		{"#12 reset over the cap stops", catalog.Claro, "", 429, apierror.Header{"Date": {d}, "X-RateLimit-Remaining": {"0"}, "X-RateLimit-Reset": {itoa64(date.Unix() + 3600)}}, `{"error":{"code":"rate_limit_exceeded","message":"m"}}`, false, time.Hour, RuleOverCap},
		{"#12 reset ignored while requests remain", catalog.Claro, "", 429, apierror.Header{"Date": {d}, "X-RateLimit-Remaining": {"5"}, "X-RateLimit-Reset": {itoa64(date.Unix() + 30)}}, `{"error":{"code":"rate_limit_exceeded","message":"m"}}`, true, 500 * time.Millisecond, RuleBackoff},
		{"#19 BabySea 503 retryable:false stops", catalog.BabySea, "", 503, nil, string(bseBody("BSE4005", "provider_unavailable", false, "")), false, 0, RuleBodyFlag},
		{"#20 BabySea 409 BSE2016 retryable:true retries", catalog.BabySea, "POST", 409, nil, string(bseBody("BSE2016", "idempotency_request_in_progress", true, "")), true, 500 * time.Millisecond, RuleBackoff},
		{"#22 nginx 502 page on GET retries", catalog.BabySea, "GET", 502, apierror.Header{"Content-Type": {"text/html"}}, "<html><head><title>502 Bad Gateway</title></head></html>", true, 500 * time.Millisecond, RuleBackoff},
		{"#22 nginx 502 page on POST stops", catalog.BabySea, "POST", 502, apierror.Header{"Content-Type": {"text/html"}}, "<html><head><title>502 Bad Gateway</title></head></html>", false, 0, RuleNotIdempotent},
		{"#23 empty 503 on GET retries", catalog.BabySea, "GET", 503, nil, "", true, 500 * time.Millisecond, RuleBackoff},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := ForAPI(tt.api)
			p.Rand, p.Jitter = half, JitterFull
			e := apierror.Parse(tt.status, tt.h, []byte(tt.body), apierror.Options{API: tt.api, Method: tt.method, Now: date})
			got := p.Decide(Call{Attempt: 1, Method: tt.method}, Failure{Err: e})
			if got.Retry != tt.retry || got.Delay != tt.delay || got.Rule != tt.rule {
				t.Errorf("Decide = {Retry:%v Delay:%v Rule:%v %q}, want {Retry:%v Delay:%v Rule:%v}", got.Retry, got.Delay, got.Rule, got.Reason, tt.retry, tt.delay, tt.rule)
			}
		})
	}
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
