package apierror

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/errscope/errscope/catalog"
)

// testNow is the fixed current time of the tests.
var testNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

const testDate = "Thu, 01 Jan 2026 00:00:00 GMT"

// summary is a compact, comparable view of the fields most tests check.
func summary(e *Error) string {
	var s []string
	if e.API != "" {
		s = append(s, "api="+string(e.API))
	}
	if len(e.Candidates) > 0 {
		s = append(s, "candidates="+joinAPIs(e.Candidates))
	}
	s = append(s, fmt.Sprintf("status=%d", e.Status))
	if e.Code != "" {
		s = append(s, "code="+string(e.Code))
	}
	if e.Type != "" {
		s = append(s, "type="+string(e.Type))
	}
	s = append(s, fmt.Sprintf("msg=%q", e.Message))
	if e.RetryableFlag != nil {
		s = append(s, fmt.Sprintf("flag=%t", *e.RetryableFlag))
	}
	s = append(s, fmt.Sprintf("retryable=%t", e.Retryable()))
	if e.RequestID != "" {
		s = append(s, "rid="+e.RequestID)
	}
	if e.RateLimit.HasRetryAfter {
		s = append(s, fmt.Sprintf("wait=%s(%s)", e.RateLimit.RetryAfter.Round(time.Millisecond), e.RateLimit.RetryAfterSource))
	}
	if e.NonJSON {
		s = append(s, "nonjson")
	}
	return strings.Join(s, " ")
}

func hdr(kv ...string) Header {
	h := Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.add(kv[i], kv[i+1])
	}
	return h
}

func gz(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// hasProblem reports whether some problem contains sub.
func hasProblem(e *Error, sub string) bool {
	for _, p := range e.Problems {
		if strings.Contains(p, sub) {
			return true
		}
	}
	return false
}

const babyseaSpec = `{"status":"error","request_id":"req_123","error":{"code":"BSE1005","type":"rate_limit_exceeded","message":"Rate limit exceeded","retryable":true,"details":{"retry_after_seconds":17,"limit":60}}}`

func TestParse(t *testing.T) {
	deep := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	tests := []struct {
		name     string
		status   int
		h        Header
		body     string
		opt      Options
		want     string   // summary(e)
		problems []string // substrings, each in some problem
		noProbs  bool     // expect no problems at all
	}{
		{name: "32 babysea spec envelope", status: 429, body: babyseaSpec, noProbs: true,
			want: `api=babysea status=429 code=BSE1005 type=rate_limit_exceeded msg="Rate limit exceeded" flag=true retryable=true rid=req_123 wait=17s(details.retry_after_seconds)`},
		{name: "33 provider errors", status: 502,
			body: `{"status":"error","request_id":"req_9","error":{"code":"BSE4001","type":"all_providers_failed","message":"All providers failed","retryable":true,"provider_errors":[{"provider":"replicate","code":"timeout","type":"provider_timeout","message":"timed out","retryable":true},{"provider":"fal","code":"oom","message":"out of memory","retryable":false}]}}`,
			want: `api=babysea status=502 code=BSE4001 type=all_providers_failed msg="All providers failed" flag=true retryable=true rid=req_9`},
		{name: "34 aionvision envelope", status: 400,
			body: `{"error":{"code":"VALIDATION_ERROR","message":"Invalid request parameters","details":{"field":"limit","issue":"Must be between 1 and 100"}},"request_id":"550e8400-e29b-41d4-a716-446655440000"}`,
			want: `api=aionvision status=400 code=VALIDATION_ERROR type=validation_error msg="Invalid request parameters" retryable=false rid=550e8400-e29b-41d4-a716-446655440000`},
		{name: "35 fastapi detail string", status: 404, body: `{"detail":"Rule not found"}`,
			want: `api=aionvision status=404 msg="Rule not found" retryable=false`},
		{name: "35 fastapi detail list", status: 422,
			body: `{"detail":[{"loc":["body","limit"],"msg":"ensure this value is less than or equal to 100","type":"value_error"},{"loc":["query",0],"msg":"field required","type":"missing"}]}`,
			want: `api=aionvision status=422 msg="body.limit: ensure this value is less than or equal to 100; query.0: field required" retryable=false`},
		{name: "35 fastapi detail object", status: 400, body: `{"detail":{"code":"VALIDATION_ERROR","message":"limit too large","field":"limit"}}`,
			want: `api=aionvision status=400 code=VALIDATION_ERROR type=validation_error msg="limit too large" retryable=false`},
		{name: "36 babou flat with unknown code", status: 401, body: `{"error":"invalid api key","code":"AUTH","hint":"Create a key in settings"}`,
			want:     `api=babou status=401 code=AUTH msg="invalid api key" retryable=false`,
			problems: []string{"code AUTH is not in the babou catalog"}},
		{name: "37 problem+json string status", status: 403, h: hdr("Content-Type", "application/problem+json"),
			body:     `{"type":"https://example.com/probs/out-of-credit","title":"You do not have enough credit.","status":"403","detail":"Your balance is 30.","balance":30}`,
			want:     `status=403 type=https://example.com/probs/out-of-credit msg="You do not have enough credit.: Your balance is 30." retryable=false`,
			problems: []string{"the problem+json status member is a string, ignored"}},
		{name: "37 problem+json status differs", status: 404, body: `{"type":"about:blank","title":"Not Found","status":410}`,
			want:     `status=404 msg="Not Found" retryable=false`,
			problems: []string{"the problem+json status member 410 differs from the HTTP status 404; the HTTP status is used"}},
		{name: "38 truncated json", status: 500, body: `{"error":{"code":"BSE1005","mess`,
			want:     `api=babysea status=500 code=BSE1005 type=rate_limit_exceeded msg="Internal Server Error" retryable=true`,
			problems: []string{"JSON is truncated at byte 32; fields read before it were kept"}},
		{name: "39 wrong types", status: 429, body: `{"status":"error","error":{"code":1005,"type":"rate_limit_exceeded","message":"slow down","retryable":"true"}}`,
			want:     `api=babysea status=429 code=1005 type=rate_limit_exceeded msg="slow down" retryable=true`,
			problems: []string{`field error.code is a number, read as "1005"`, "field error.retryable is a string, ignored", "code 1005 is not in the babysea catalog"}},
		{name: "39 retryable false as string not trusted", status: 503, body: `{"status":"error","error":{"code":"BSE5001","retryable":"false"}}`,
			want:     `api=babysea status=503 code=BSE5001 type=internal_server_error msg="Service Unavailable" retryable=false`,
			problems: []string{"field error.retryable is a string, ignored"}},
		{name: "41 huge body is capped", status: 500, body: `{"error":"` + strings.Repeat("x", 5<<20) + `","code":"INTERNAL_ERROR"}`,
			want:     `candidates=babou status=500 msg="` + strings.Repeat("x", maxText-3) + `…" retryable=true`,
			problems: []string{"body is 5 MiB; only the first 1 MiB were decoded", "JSON is truncated"}},
		{name: "42 null", status: 500, body: `null`, want: `status=500 msg="Internal Server Error" retryable=true nonjson`,
			problems: []string{"body is JSON null, not an error envelope"}},
		{name: "42 list", status: 400, body: `[]`, want: `status=400 msg="Bad Request" retryable=false nonjson`,
			problems: []string{"body is a JSON list, not an error envelope"}},
		{name: "42 string", status: 400, body: `"bad input"`, want: `status=400 msg="bad input" retryable=false nonjson`,
			problems: []string{"body is a JSON string, not an error envelope"}},
		{name: "42 number", status: 503, body: `42`, want: `status=503 msg="Service Unavailable" retryable=true nonjson`,
			problems: []string{"body is a JSON number, not an error envelope"}},
		{name: "43 BOM", status: 401, body: "\xef\xbb\xbf" + `{"error":"Unauthorized","code":"UNAUTHORIZED"}`, noProbs: true,
			want: `api=babou status=401 code=UNAUTHORIZED type=unauthorized msg="Unauthorized" retryable=false`},
		{name: "43 json as text/plain", status: 401, h: hdr("Content-Type", "text/plain"), body: `{"error":"Unauthorized","code":"UNAUTHORIZED"}`,
			want: `api=babou status=401 code=UNAUTHORIZED type=unauthorized msg="Unauthorized" retryable=false`},
		{name: "43 trailing garbage", status: 401, body: `{"error":"Unauthorized","code":"UNAUTHORIZED"}}}garbage`,
			want:     `api=babou status=401 code=UNAUTHORIZED type=unauthorized msg="Unauthorized" retryable=false`,
			problems: []string{"9 bytes after the JSON value at byte 46 were ignored"}},
		{name: "45 duplicate keys last wins", status: 404, body: `{"error":"gone","code":"CONFLICT","code":"NOT_FOUND"}`,
			want: `api=babou status=404 code=NOT_FOUND type=not_found msg="gone" retryable=false`},
		{name: "47 200 with status error", status: 200, body: babyseaSpec,
			want:     `api=babysea status=200 code=BSE1005 type=rate_limit_exceeded msg="Rate limit exceeded" flag=true retryable=true rid=req_123 wait=17s(details.retry_after_seconds)`,
			problems: []string{`HTTP status 200 is a success, but the body says "status":"error"; decoded as an error`}},
		{name: "200 success", status: 200, body: `{"id":"gen_1","status":"succeeded"}`,
			want:     `status=200 msg="OK" retryable=false nonjson`,
			problems: []string{"HTTP status 200 is a success, not an error", "JSON body is not a known error envelope (keys: id, status)"}},
		{name: "html proxy 502", status: 502, h: hdr("Content-Type", "text/html"),
			body:     "<html>\n<head><title>502 Bad Gateway</title></head>\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
			want:     `status=502 msg="502 Bad Gateway" retryable=true nonjson`,
			problems: []string{"body is HTML (title: 502 Bad Gateway), not a JSON error envelope"}},
		{name: "html without title", status: 504, body: "<html><body><h1>Gateway &amp; Timeout</h1></body></html>",
			want: `status=504 msg="Gateway & Timeout" retryable=true nonjson`},
		{name: "empty 503", status: 503, h: hdr("Content-Length", "0"), body: "",
			want: `status=503 msg="Service Unavailable" retryable=true nonjson`, problems: []string{"body is empty"}},
		{name: "plain text", status: 500, body: "\n  upstream connect error or disconnect/reset before headers\nmore\n",
			want:     `status=500 msg="upstream connect error or disconnect/reset before headers" retryable=true nonjson`,
			problems: []string{"body is plain text, not a JSON error envelope"}},
		{name: "text claimed as json", status: 500, h: hdr("Content-Type", "application/json; charset=utf-8"), body: "Internal Server Error",
			want:     `status=500 msg="Internal Server Error" retryable=true nonjson`,
			problems: []string{"Content-Type is application/json but the body is plain text"}},
		{name: "binary junk", status: 500, body: "\x00\x01\x02\xff\xfe garbage \x00",
			want:     `status=500 msg="Internal Server Error" retryable=true nonjson`,
			problems: []string{"body is binary data (15 bytes), not text"}},
		{name: "501 not retryable", status: 501, body: "", want: `status=501 msg="Not Implemented" retryable=false nonjson`},
		{name: "deep nesting", status: 400, body: deep, want: `status=400 msg="Bad Request" retryable=false nonjson`,
			problems: []string{"JSON nests deeper than 128 levels; deeper values were skipped", "body is a JSON list"}},
		{name: "deep nesting truncated", status: 400, body: `{"error":` + strings.Repeat(`{"a":`, 50000),
			want:     `status=400 msg="Bad Request" retryable=false`,
			problems: []string{"JSON nests deeper than 128 levels", "JSON is truncated at byte 250009"}},
		{name: "claro 429 retry_after", status: 429,
			h:    hdr("Retry-After", "60", "X-RateLimit-Limit", "100", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "1767225660", "Date", testDate),
			body: `{"error":{"code":"rate_limit_exceeded","message":"Too many requests","details":{},"retry_after":60}}`, noProbs: true,
			want: `api=claro status=429 code=rate_limit_exceeded type=rate_limit_exceeded msg="Too many requests" retryable=true wait=1m0s(Retry-After header)`},
		{name: "claro body retry_after only", status: 429, body: `{"error":{"code":"rate_limit_exceeded","message":"slow","retry_after":30}}`,
			want: `api=claro status=429 code=rate_limit_exceeded type=rate_limit_exceeded msg="slow" retryable=true wait=30s(error.retry_after)`},
		{name: "babysea 503 not retryable", status: 503,
			body: `{"status":"error","request_id":"req_5","error":{"code":"BSE5003","type":"service_unavailable","message":"Maintenance","retryable":false}}`,
			want: `api=babysea status=503 code=BSE5003 type=service_unavailable msg="Maintenance" flag=false retryable=false rid=req_5`},
		{name: "request id from header", status: 500, h: hdr("x-request-id", "req_hdr"), body: `{"error":"boom","code":"INTERNAL_ERROR"}`,
			want: `api=babou status=500 code=INTERNAL_ERROR type=internal_error msg="boom" retryable=true rid=req_hdr`},
		{name: "request id body wins", status: 500, h: hdr("Request-Id", "req_hdr"), body: `{"error":{"code":"INTERNAL_ERROR","message":"boom"},"request_id":"req_body"}`,
			want:     `api=aionvision status=500 code=INTERNAL_ERROR msg="boom" retryable=true rid=req_body`,
			problems: []string{`the body's request_id "req_body" differs from the Request-Id header "req_hdr"; the body's is used`}},
		{name: "ambiguous code without shape", status: 404, body: `{"code":"VALIDATION_ERROR","message":"name too long"}`,
			want:     `candidates=babou, aionvision status=404 code=VALIDATION_ERROR msg="name too long" retryable=false`,
			problems: []string{"code VALIDATION_ERROR exists in babou, aionvision; the body's shape does not tell which API sent it"}},
		{name: "shape and catalog disagree", status: 401, body: `{"error":{"code":"UNAUTHORIZED","message":"no key"}}`,
			want:     `candidates=babou, aionvision status=401 code=UNAUTHORIZED msg="no key" retryable=false`,
			problems: []string{"code UNAUTHORIZED is in the babou catalog, but the body's shape looks like aionvision"}},
		{name: "flat error without code", status: 400, body: `{"error":"bad thing"}`,
			want:     `candidates=babou status=400 msg="bad thing" retryable=false`,
			problems: []string{"the body's shape looks like babou, but it has no error code to confirm it"}},
		{name: "forced api", status: 400, opt: Options{API: catalog.Babou}, body: `{"error":{"code":"BSE2001","message":"bad"}}`,
			want:     `api=babou status=400 code=BSE2001 msg="bad" retryable=false`,
			problems: []string{"the body looks like a babysea error, but the API was set to babou", "code BSE2001 is not in the babou catalog"}},
		{name: "status 0 bare body", status: 0, body: babyseaSpec,
			want:     `api=babysea status=0 code=BSE1005 type=rate_limit_exceeded msg="Rate limit exceeded" flag=true retryable=true rid=req_123 wait=17s(details.retry_after_seconds)`,
			problems: []string{"no HTTP status in the paste; the catalog says 429"}},
		{name: "status differs from catalog", status: 400, body: `{"status":"error","error":{"code":"BSE1005","retryable":true}}`,
			want:     `api=babysea status=400 code=BSE1005 type=rate_limit_exceeded msg="Bad Request" flag=true retryable=true`,
			problems: []string{"HTTP status 400 differs from the catalog's 429 for BSE1005"}},
		{name: "invalid status", status: 42, body: `{}`, want: `status=42 msg="HTTP 42" retryable=false nonjson`,
			problems: []string{"HTTP status 42 is not a valid status code"}},
		{name: "google rpc status", status: 429, body: `{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED"}}`,
			want: `status=429 code=RESOURCE_EXHAUSTED msg="Quota exceeded" retryable=true`},
		{name: "details not an object", status: 400, body: `{"error":{"code":"VALIDATION_ERROR","message":"bad","details":["a","b"]},"request_id":"r1"}`,
			want:     `api=aionvision status=400 code=VALIDATION_ERROR type=validation_error msg="bad" retryable=false rid=r1`,
			problems: []string{"field error.details is a list, not an object; kept under details.value"}},
		{name: "unknown content encoding", status: 500, h: hdr("Content-Encoding", "br"), body: "\x8b\x02\x80garbage",
			want: `status=500 msg="Internal Server Error" retryable=true nonjson`, problems: []string{"body is br-encoded, which cannot be decoded here"}},
		{name: "gzip header without gzip data", status: 401, h: hdr("Content-Encoding", "gzip"), body: `{"error":"no","code":"UNAUTHORIZED"}`,
			want:     `api=babou status=401 code=UNAUTHORIZED type=unauthorized msg="no" retryable=false`,
			problems: []string{"Content-Encoding is gzip but the body is not gzip data; read as is"}},
		{name: "idempotency replayed", status: 409, h: hdr("Idempotency-Replayed", "true"), body: `{"error":"dup","code":"CONFLICT"}`,
			want: `api=babou status=409 code=CONFLICT type=conflict msg="dup" retryable=false`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.opt.Now.IsZero() {
				tt.opt.Now = testNow
			}
			e := Parse(tt.status, tt.h, []byte(tt.body), tt.opt)
			if got := summary(e); got != tt.want {
				t.Errorf("Parse(%d, %.60q) =\n  %s\nwant\n  %s", tt.status, tt.body, got, tt.want)
			}
			for _, p := range tt.problems {
				if !hasProblem(e, p) {
					t.Errorf("no problem containing %q in %q", p, e.Problems)
				}
			}
			if tt.noProbs && len(e.Problems) > 0 {
				t.Errorf("unexpected problems %q", e.Problems)
			}
			checkInvariants(t, e, tt.status)
		})
	}
}

// checkInvariants asserts what holds for every decoded Error.
func checkInvariants(t *testing.T, e *Error, status int) {
	t.Helper()
	if e.Status != status {
		t.Errorf("Status = %d, want %d", e.Status, status)
	}
	line := e.Error()
	if len(line) > maxLine || strings.ContainsAny(line, "\r\n\x00") {
		t.Errorf("Error() is not one short line: %q", line)
	}
	if len(e.Body) > MaxBody {
		t.Errorf("Body is %d bytes", len(e.Body))
	}
	if e.Entry != nil && (e.Entry.API != e.API || !strings.EqualFold(string(e.Entry.Code), string(e.Code))) {
		t.Errorf("Entry %s does not match %s/%s", e.Entry.Key(), e.API, e.Code)
	}
	for _, p := range e.Problems {
		if p == "" || strings.ContainsAny(p, "\n\r") {
			t.Errorf("bad problem %q", p)
		}
	}
}

func TestParseDetails(t *testing.T) {
	e := Parse(429, nil, []byte(babyseaSpec), Options{Now: testNow})
	if e.Details["retry_after_seconds"] != 17.0 || e.Details["limit"] != 60.0 {
		t.Errorf("Details = %v", e.Details)
	}
	if e.Entry == nil || e.Entry.Key() != "babysea/BSE1005" {
		t.Errorf("Entry = %v", e.Entry)
	}
	pe := Parse(502, nil, []byte(`{"status":"error","error":{"code":"BSE4001","retryable":true,"provider_errors":[{"provider":"replicate","code":"timeout","message":"timed out","retryable":true},{"provider":"fal","code":"oom","message":"key bye_abcdef1234 out of memory","retryable":false},"junk"]}}`), Options{})
	if len(pe.ProviderErrors) != 2 || pe.ProviderErrors[1].Provider != "fal" || *pe.ProviderErrors[1].Retryable {
		t.Fatalf("ProviderErrors = %+v", pe.ProviderErrors)
	}
	if strings.Contains(pe.ProviderErrors[1].Message, "abcdef1234") {
		t.Errorf("provider message not redacted: %q", pe.ProviderErrors[1].Message)
	}
	if !hasProblem(pe, "item 2 of error.provider_errors is a string, not an object; ignored") {
		t.Errorf("problems = %q", pe.Problems)
	}
	var p ProviderError
	if !errors.As(pe, &p) || p.Provider != "replicate" {
		t.Errorf("errors.As(ProviderError) = %v", p)
	}
	fa := Parse(422, nil, []byte(`{"detail":[{"loc":["body","a"],"msg":"m1"},{"loc":["body","b"],"msg":"m2"},{"loc":["body","c"],"msg":"m3"},{"loc":["body","d"],"msg":"m4"},7]}`), Options{})
	if fa.Message != "body.a: m1; body.b: m2; body.c: m3; (+2 more)" {
		t.Errorf("FastAPI message = %q", fa.Message)
	}
	if l, ok := fa.Details["detail"].([]any); !ok || len(l) != 5 {
		t.Errorf("FastAPI details = %v", fa.Details)
	}
	pj := Parse(403, Header{"Content-Type": {"application/problem+json"}}, []byte(`{"type":"about:blank","title":"Forbidden","instance":"/a/1","balance":30,"accounts":["/a/1"]}`), Options{})
	if pj.Details["instance"] != "/a/1" || pj.Details["balance"] != 30.0 || pj.Type != "" {
		t.Errorf("problem+json details = %v type = %q", pj.Details, pj.Type)
	}
}

func TestParseGzip(t *testing.T) {
	body := []byte(`{"error":"Too many requests","code":"RATE_LIMIT_EXCEEDED"}`)
	bomb := gz(t, make([]byte, 3<<20))
	cut := gz(t, body)
	cut = cut[:len(cut)-12]
	tests := []struct {
		name    string
		h       Header
		body    []byte
		want    string
		problem string
	}{
		{"with header", hdr("Content-Encoding", "gzip"), gz(t, body),
			`api=babou status=429 code=RATE_LIMIT_EXCEEDED type=rate_limit_exceeded msg="Too many requests" retryable=true`,
			fmt.Sprintf("body is gzip-compressed; decompressed %d bytes", len(body))},
		{"magic bytes only", nil, gz(t, body),
			`api=babou status=429 code=RATE_LIMIT_EXCEEDED type=rate_limit_exceeded msg="Too many requests" retryable=true`,
			fmt.Sprintf("body is gzip-compressed (no Content-Encoding header); decompressed %d bytes", len(body))},
		{"zip bomb", hdr("Content-Encoding", "gzip"), bomb,
			`status=429 msg="Too Many Requests" retryable=true nonjson`,
			fmt.Sprintf("body is gzip-compressed and inflates past 1 MiB from %d bytes (a zip bomb?); only the first 1 MiB were decoded", len(bomb))},
		{"cut short", hdr("Content-Encoding", "gzip"), cut,
			`api=babou status=429 code=RATE_LIMIT_EXCEEDED type=rate_limit_exceeded msg="Too many requests" retryable=true`,
			"body is gzip-compressed but the compressed data is cut short"},
		{"corrupt header", nil, []byte("\x1f\x8b\x00\x00garbage"),
			`status=429 msg="Too Many Requests" retryable=true nonjson`, "body is gzip-compressed (no Content-Encoding header) but the data is corrupt; decompressed 0 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := Parse(429, tt.h, tt.body, Options{})
			if got := summary(e); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if !hasProblem(e, tt.problem) {
				t.Errorf("no problem %q in %q", tt.problem, e.Problems)
			}
			if len(e.Body) > MaxBody {
				t.Errorf("Body is %d bytes", len(e.Body))
			}
			if strings.ContainsRune(e.Error(), 0) {
				t.Errorf("binary in Error(): %q", e.Error())
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	base := testNow
	tests := []struct {
		name, value string
		want        time.Duration
		ok          bool
		problem     string
	}{
		{"1 zero is not absent", "0", 0, true, ""},
		{"2 negative", "-1", 0, false, `Retry-After "-1" is negative; ignored`},
		{"3 fraction", "1.5", 0, false, `Retry-After "1.5" is not a whole number of seconds; ignored`},
		{"4 OWS trimmed", " \t3 ", 3 * time.Second, true, ""},
		{"4 plus sign", "+3", 0, false, `Retry-After "+3" is not a number of seconds or an HTTP-date`},
		{"4 unit", "3s", 0, false, `Retry-After "3s" is not a number of seconds or an HTTP-date`},
		{"4 list", "3,4", 0, false, `Retry-After "3,4" is not a number of seconds or an HTTP-date`},
		{"5 an hour", "3600", time.Hour, true, ""},
		{"6 overflow", "99999999999999999999", maxRetryAfter, true, `Retry-After "99999999999999999999" is more than 100 years; treated as 100 years`},
		{"6 exponent", "1e30", maxRetryAfter, true, "more than 100 years; treated as 100 years"},
		{"6 just over 100 years", "3153600001", maxRetryAfter, true, "treated as 100 years"},
		{"7 past date", "Wed, 31 Dec 2025 23:00:00 GMT", 0, true, ""},
		{"8 IMF-fixdate", "Thu, 01 Jan 2026 00:02:00 GMT", 2 * time.Minute, true, ""},
		{"8 RFC 850", "Thursday, 01-Jan-26 00:02:00 GMT", 2 * time.Minute, true, ""},
		{"8 asctime", "Thu Jan  1 00:02:00 2026", 2 * time.Minute, true, ""},
		{"empty", "  ", 0, false, "Retry-After is empty"},
		{"word", "soon", 0, false, `Retry-After "soon" is not a number of seconds or an HTTP-date`},
		{"infinity word", "Inf", 0, false, "is not a number of seconds or an HTTP-date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, problem := ParseRetryAfter(tt.value, base)
			if got != tt.want || ok != tt.ok || !strings.Contains(problem, tt.problem) || (tt.problem == "") != (problem == "") {
				t.Errorf("ParseRetryAfter(%q) = %v, %t, %q; want %v, %t, %q", tt.value, got, ok, problem, tt.want, tt.ok, tt.problem)
			}
		})
	}
}

func TestParseRateLimit(t *testing.T) {
	body := []byte(`{"status":"error","error":{"code":"BSE1005","retryable":true,"details":{"retry_after_seconds":17}}}`)
	tests := []struct {
		name     string
		h        Header
		now      time.Time
		wait     string // "none" when absent
		reset    time.Time
		problems []string
	}{
		{name: "9 clock skew: HTTP-date against the Date header",
			h:   hdr("Date", testDate, "Retry-After", "Thu, 01 Jan 2026 00:02:00 GMT"),
			now: testNow.Add(5 * time.Minute), wait: "2m0s(Retry-After header)",
			problems: []string{"Retry-After header says 120 s but details.retry_after_seconds says 17 s; the Retry-After header wins"}},
		{name: "9 no Date header: against now", h: hdr("Retry-After", "Thu, 01 Jan 2026 00:02:00 GMT"),
			now: testNow.Add(time.Minute), wait: "1m0s(Retry-After header)"},
		{name: "13 reset as a delta", h: hdr("Date", testDate, "X-RateLimit-Reset", "30", "X-RateLimit-Limit", "60", "X-RateLimit-Remaining", "0"),
			wait: "17s(details.retry_after_seconds)", reset: testNow.Add(30 * time.Second)},
		{name: "13 reset as unix seconds", h: hdr("X-RateLimit-Reset", "1767225630"),
			wait: "17s(details.retry_after_seconds)", reset: testNow.Add(30 * time.Second)},
		{name: "15 header wins over body", h: hdr("Retry-After", "10"), wait: "10s(Retry-After header)",
			problems: []string{"Retry-After header says 10 s but details.retry_after_seconds says 17 s; the Retry-After header wins"}},
		{name: "invalid header falls back to body", h: hdr("Retry-After", "3s"), wait: "17s(details.retry_after_seconds)",
			problems: []string{`Retry-After "3s" is not a number of seconds or an HTTP-date`}},
		{name: "duplicated header", h: Header{"Retry-After": {"5", "7"}}, wait: "5s(Retry-After header)",
			problems: []string{"Retry-After appears 2 times with different values; the first was used"}},
		{name: "bad counters", h: hdr("X-RateLimit-Limit", "many", "X-RateLimit-Remaining", "-1", "X-RateLimit-Reset", "soon"),
			wait:     "17s(details.retry_after_seconds)",
			problems: []string{`X-RateLimit-Limit "many" is not a whole number; ignored`, `X-RateLimit-Remaining "-1" is not a whole number`, `X-RateLimit-Reset "soon" is not a number of seconds`}},
		{name: "bad Date header", h: hdr("Date", "yesterday", "Retry-After", "1"), wait: "1s(Retry-After header)",
			problems: []string{`Date header "yesterday" is not an HTTP-date`}},
		{name: "IETF draft names", h: hdr("RateLimit-Limit", "100", "RateLimit-Remaining", "0", "RateLimit-Reset", "5", "Date", testDate),
			wait: "17s(details.retry_after_seconds)", reset: testNow.Add(5 * time.Second)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := tt.now
			if now.IsZero() {
				now = testNow
			}
			e := Parse(429, tt.h, body, Options{Now: now})
			rl := e.RateLimit
			got := "none"
			if rl.HasRetryAfter {
				got = fmt.Sprintf("%s(%s)", rl.RetryAfter.Round(time.Millisecond), rl.RetryAfterSource)
			}
			if got != tt.wait {
				t.Errorf("wait = %s, want %s", got, tt.wait)
			}
			if !rl.Reset.Equal(tt.reset) {
				t.Errorf("Reset = %v, want %v", rl.Reset, tt.reset)
			}
			for _, p := range tt.problems {
				if !hasProblem(e, p) {
					t.Errorf("no problem %q in %q", p, e.Problems)
				}
			}
		})
	}
	e := Parse(429, hdr("X-RateLimit-Limit", " 60 ", "X-RateLimit-Remaining", "0"), body, Options{})
	if e.RateLimit.Limit == nil || *e.RateLimit.Limit != 60 || e.RateLimit.Remaining == nil || *e.RateLimit.Remaining != 0 {
		t.Errorf("Limit/Remaining = %v/%v", e.RateLimit.Limit, e.RateLimit.Remaining)
	}
}

func TestHeader(t *testing.T) {
	h := Header{"Retry-After": {"1"}, "retry-after": {"2"}, "X-Empty": {}}
	if got := h.Get("RETRY-AFTER"); got != "1" && got != "2" {
		t.Errorf("Get = %q", got)
	}
	if got := h.Get("Retry-After"); got != "1" {
		t.Errorf("Get exact = %q, want the exact key's value first", got)
	}
	if got := h.Values("retry-AFTER"); len(got) != 2 {
		t.Errorf("Values = %q", got)
	}
	if got := h.Get("X-Empty"); got != "" {
		t.Errorf("Get(empty) = %q", got)
	}
	var nilH Header
	if nilH.Get("a") != "" || nilH.Values("a") != nil {
		t.Error("nil Header is not empty")
	}
}

func TestRetryable(t *testing.T) {
	yes, no := true, false
	rate, _ := catalog.Lookup(catalog.BabySea, "BSE1005")
	tests := []struct {
		name string
		e    Error
		want bool
	}{
		{"flag wins over status", Error{Status: 503, RetryableFlag: &no}, false},
		{"flag wins over catalog", Error{Status: 400, RetryableFlag: &yes, Entry: &rate}, true},
		{"catalog", Error{Status: 400, Entry: &rate}, true},
		{"429", Error{Status: 429}, true},
		{"500", Error{Status: 500}, true},
		{"501", Error{Status: 501}, false},
		{"non-JSON 502", Error{Status: 502, NonJSON: true}, true},
		{"404", Error{Status: 404}, false},
		{"unknown", Error{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.e.Retryable(); got != tt.want {
				t.Errorf("Retryable() = %t, want %t", got, tt.want)
			}
		})
	}
}

func TestIs(t *testing.T) {
	sentinels := []error{ErrRateLimited, ErrAuth, ErrInvalidRequest, ErrServer}
	tests := []struct {
		status int
		body   string
		want   error
	}{
		{429, babyseaSpec, ErrRateLimited},
		{429, "", ErrRateLimited},
		{401, `{"error":"no","code":"UNAUTHORIZED"}`, ErrAuth},
		{403, "", ErrAuth},
		{422, `{"detail":"bad"}`, ErrInvalidRequest},
		{502, "<html><title>502</title></html>", ErrServer},
		{200, `{"ok":true}`, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			var err error = fmt.Errorf("client: POST /v1/generate: %w", Parse(tt.status, nil, []byte(tt.body), Options{}))
			for _, s := range sentinels {
				if got := errors.Is(err, s); got != (s == tt.want) {
					t.Errorf("errors.Is(%v) = %t", s, got)
				}
			}
			var e *Error
			if !errors.As(err, &e) || e.Status != tt.status {
				t.Errorf("errors.As lost the Error")
			}
		})
	}
}

func TestErrorLine(t *testing.T) {
	tests := []struct {
		name string
		e    *Error
		want string
	}{
		{"babysea", Parse(429, nil, []byte(babyseaSpec), Options{}),
			"babysea 429 BSE1005 rate_limit_exceeded: Rate limit exceeded (request req_123)"},
		{"type equal to code is not repeated", &Error{API: "claro", Status: 404, Code: "not_found", Type: "not_found", Message: "No such prompt"},
			"claro 404 not_found: No such prompt"},
		{"candidates", &Error{Candidates: []catalog.API{"babou", "aionvision"}, Status: 404, Code: "NOT_FOUND", Message: "x"},
			"babou|aionvision? 404 NOT_FOUND: x"},
		{"non-JSON", &Error{Status: 502, Message: "502 Bad Gateway", NonJSON: true},
			"502: 502 Bad Gateway (not a JSON error body)"},
		{"empty", &Error{}, "api error"},
		{"control characters and bad UTF-8", &Error{Status: 400, Message: "line1\nline2\t\x00\x1b[31mred\xff"},
			"400: line1 line2 [31mred\uFFFD"},
		{"secret in message", &Error{Status: 401, Message: "key bye_abcdefgh123 is invalid", RequestID: "req_1"},
			"401: key bye_[REDACTED] is invalid (request req_1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.e.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
	long := &Error{API: "babysea", Status: 500, Code: "BSE5001", Message: strings.Repeat("é", 500), RequestID: "req_1"}
	if got := long.Error(); len(got) > maxLine || !strings.HasSuffix(got, "(request req_1)") {
		t.Errorf("long Error() = %d bytes: %q", len(got), got)
	}
}

// TestParseSecrets checks #46: secrets in the body, URL or headers never
// reach Error(), Problems, Message, Details or Body.
func TestParseSecrets(t *testing.T) {
	secrets := []string{"abcdef123456", "Zk3n8Qw1Rt5Y", "hunter2pass"}
	body := `{"error":"key sk-bab-Zk3n8Qw1Rt5Y rejected","code":"INVALID_API_KEY_FORMAT","hint":"api_key=abcdef123456","details":{"password":"hunter2pass"}}`
	e := Parse(401, hdr("Retry-After", "Bearer abcdef123456"), []byte(body), Options{})
	all := e.Error() + strings.Join(e.Problems, "|") + e.Message + e.Hint + fmt.Sprint(e.Details) + string(e.Body)
	for _, s := range secrets {
		if strings.Contains(all, s) {
			t.Errorf("secret %q leaked: %s", s, all)
		}
	}
}

// TestExampleRoundTrip checks that every catalog entry's example response
// decodes back to the entry.
func TestExampleRoundTrip(t *testing.T) {
	entries := catalog.All()
	if len(entries) == 0 {
		t.Fatal("empty catalog")
	}
	for _, ent := range entries {
		t.Run(ent.Key(), func(t *testing.T) {
			status, h, body := Example(ent)
			s2, h2, b2 := Example(ent)
			if s2 != status || !bytes.Equal(b2, body) || fmt.Sprint(h2) != fmt.Sprint(h) {
				t.Error("Example is not deterministic")
			}
			e := Parse(status, h, body, Options{})
			if e.API != ent.API || e.Code != ent.Code || e.Type != ent.Type || e.Status != ent.Status || e.Retryable() != ent.Retryable {
				t.Errorf("round trip = %s, want %s %d %s %s retryable=%t", summary(e), ent.API, ent.Status, ent.Code, ent.Type, ent.Retryable)
			}
			if e.Entry == nil || e.Entry.Key() != ent.Key() {
				t.Errorf("Entry = %v", e.Entry)
			}
			if len(e.Problems) > 0 {
				t.Errorf("problems: %q", e.Problems)
			}
			if ent.Status == 429 && !e.RateLimit.HasRetryAfter {
				t.Error("a 429 example carries no Retry-After")
			}
		})
	}
}
