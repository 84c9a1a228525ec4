package apierror

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/errscope/errscope/catalog"
)

func TestReadAll(t *testing.T) {
	bs := `{"status":"error","request_id":"req_1","error":{"code":"BSE1005","type":"rate_limit_exceeded","message":"Rate limit exceeded","retryable":true}}`
	babou := `{"error":"Project not found","code":"NOT_FOUND"}`
	har := func(entries ...string) string {
		return `{"log":{"version":"1.2","entries":[` + strings.Join(entries, ",") + `]}}`
	}
	harEntry := func(status int, content string) string {
		return fmt.Sprintf(`{"startedDateTime":"2026-01-01T00:00:00Z","request":{"method":"DELETE","url":"https://babou.app/api/projects/1?api_key=sk-bab-abcdef123456","headers":[]},"response":{"status":%d,"httpVersion":"HTTP/1.1","headers":[{"name":"Content-Type","value":"application/json"}],"content":%s}}`, status, content)
	}
	tests := []struct {
		name     string
		in       string
		opt      Options
		want     []string // summary of each Error
		problems []string // substrings expected among the first Error's problems
	}{
		{name: "empty", in: "", problems: []string{"the paste is empty"}},
		{name: "white space", in: " \n\t\r\n", problems: []string{"the paste is empty"}},
		{name: "json body alone", in: "\n" + bs + "\n",
			want:     []string{`api=babysea status=0 code=BSE1005 type=rate_limit_exceeded msg="Rate limit exceeded" flag=true retryable=true rid=req_1`},
			problems: []string{"no HTTP status in the paste; the catalog says 429"}},
		{name: "raw response LF", in: "HTTP/1.1 404 Not Found\nContent-Type: application/json\n\n" + babou,
			want: []string{`api=babou status=404 code=NOT_FOUND type=not_found msg="Project not found" retryable=false`}},
		{name: "raw response CRLF", in: "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n\r\n" + babou + "\r\n",
			want: []string{`api=babou status=404 code=NOT_FOUND type=not_found msg="Project not found" retryable=false`}},
		{name: "header continuation line", in: "HTTP/1.1 429 Too Many Requests\nX-Request-Id: req_a\nX-Note: one\n two\nRetry-After: 3\n\n" + babou,
			want: []string{`api=babou status=429 code=NOT_FOUND type=not_found msg="Project not found" retryable=false rid=req_a wait=3s(Retry-After header)`}},
		{name: "raw response without reason", in: "HTTP/2 500\n\n",
			want: []string{`status=500 msg="Internal Server Error" retryable=true nonjson`}, problems: []string{"body is empty"}},
		{name: "a log of several responses", in: "HTTP/1.1 429 Too Many Requests\n\n" + bs + "\n\nHTTP/1.1 200 OK\n\n{}\nHTTP/1.1 503 Service Unavailable\nRetry-After: 1\n\nupstream down\n",
			want: []string{
				`api=babysea status=429 code=BSE1005 type=rate_limit_exceeded msg="Rate limit exceeded" flag=true retryable=true rid=req_1`,
				`status=503 msg="upstream down" retryable=true wait=1s(Retry-After header) nonjson`,
			}},
		{name: "2xx with status error is an error", in: "HTTP/1.1 200 OK\n\n" + bs,
			want:     []string{`api=babysea status=200 code=BSE1005 type=rate_limit_exceeded msg="Rate limit exceeded" flag=true retryable=true rid=req_1`},
			problems: []string{`HTTP status 200 is a success, but the body says "status":"error"`}},
		{name: "only successes", in: "HTTP/1.1 301 Moved Permanently\nLocation: /b\n\nHTTP/1.1 200 OK\n\n{\"ok\":true}",
			problems: []string{"the paste holds 2 responses, none of them an error (status 301, 200)"}},
		{name: "request and response", in: "POST /v1/generate HTTP/1.1\nHost: api.babysea.ai\nIdempotency-Key: k-1\nAuthorization: Bearer bye_abcdefgh1234\n\n{\"prompt\":\"x\"}\n\nHTTP/1.1 429 Too Many Requests\n\n" + bs,
			want: []string{`api=babysea status=429 code=BSE1005 type=rate_limit_exceeded msg="Rate limit exceeded" flag=true retryable=true rid=req_1`}},
		{name: "forced API", in: "HTTP/1.1 400 Bad Request\n\n{\"code\":\"VALIDATION_ERROR\",\"message\":\"bad\"}", opt: Options{API: catalog.Aionvision},
			want: []string{`api=aionvision status=400 code=VALIDATION_ERROR type=validation_error msg="bad" retryable=false`}},
		{name: "HAR with errors", in: har(harEntry(204, `{"size":0,"mimeType":"x"}`), harEntry(404, `{"mimeType":"application/json","text":`+quote(babou)+`}`),
			harEntry(500, `{"mimeType":"text/plain","encoding":"base64","text":"`+base64.StdEncoding.EncodeToString([]byte("Internal error"))+`"}`)),
			want: []string{
				`api=babou status=404 code=NOT_FOUND type=not_found msg="Project not found" retryable=false`,
				`status=500 msg="Internal error" retryable=true nonjson`,
			}},
		{name: "HAR 200 with status error", in: har(harEntry(200, `{"text":`+quote(bs)+`}`)),
			want: []string{`api=babysea status=200 code=BSE1005 type=rate_limit_exceeded msg="Rate limit exceeded" flag=true retryable=true rid=req_1`}},
		{name: "HAR without errors", in: har(harEntry(200, `{"text":"{}"}`), harEntry(304, `{}`)),
			problems: []string{"the HAR file has 2 entries, none of them an error"}},
		{name: "HAR bad base64", in: har(harEntry(502, `{"encoding":"base64","text":"%%%not base64"}`)),
			want:     []string{`status=502 msg="%%%not base64" retryable=true nonjson`},
			problems: []string{"entry 1: the response content is not valid base64; read as text"}},
		{name: "HAR cut short", in: har(harEntry(404, `{"text":`+quote(babou)+`}`), harEntry(500, `{"text":"x"`))[:400],
			want:     []string{`api=babou status=404 code=NOT_FOUND type=not_found msg="Project not found" retryable=false`},
			problems: []string{"the HAR file is cut short after 1 entry; the rest is missing"}},
		{name: "log line with status hint", in: `2026-01-01 12:00:00 ERROR POST /v1/generate -> HTTP 429 ` + bs + " retrying",
			want: []string{`api=babysea status=429 code=BSE1005 type=rate_limit_exceeded msg="Rate limit exceeded" flag=true retryable=true rid=req_1`}},
		{name: "log line with status= and braces in strings", in: `level=error status=404 err="{not json}" body={"error":"a } b","code":"NOT_FOUND"}`,
			want: []string{`api=babou status=404 code=NOT_FOUND type=not_found msg="a } b" retryable=false`}},
		{name: "ndjson", in: bs + "\n" + babou + "\n",
			want: []string{
				`api=babysea status=0 code=BSE1005 type=rate_limit_exceeded msg="Rate limit exceeded" flag=true retryable=true rid=req_1`,
				`api=babou status=0 code=NOT_FOUND type=not_found msg="Project not found" retryable=false`,
			}},
		{name: "pretty JSON after text", in: "Response (status_code=422):\n{\n  \"detail\": \"Rule not found\"\n}\n",
			want: []string{`api=aionvision status=422 msg="Rule not found" retryable=false`}},
		{name: "truncated JSON after text", in: "got HTTP 500: {\"error\":{\"code\":\"INTERNAL_ERROR\",\"message\":\"boom\",\"det",
			want:     []string{`candidates=babou, aionvision status=500 code=INTERNAL_ERROR msg="boom" retryable=true`},
			problems: []string{"JSON is truncated"}},
		{name: "plain text", in: "upstream request timeout\n",
			want: []string{`status=0 msg="upstream request timeout" retryable=false nonjson`}, problems: []string{"body is plain text"}},
		{name: "html alone", in: "<html><title>503 Service Temporarily Unavailable</title></html>",
			want:     []string{`status=503 msg="503 Service Temporarily Unavailable" retryable=true nonjson`},
			problems: []string{"no status line in the paste; the HTML page's title says 503"}},
		{name: "latin-1 body", in: "HTTP/1.1 404 Not Found\nContent-Type: application/json; charset=iso-8859-1\n\n{\"error\":\"Caf\xe9 introuvable\",\"code\":\"NOT_FOUND\"}",
			want:     []string{`api=babou status=404 code=NOT_FOUND type=not_found msg="Café introuvable" retryable=false`},
			problems: []string{"body is ISO-8859-1 text; converted to UTF-8"}},
		{name: "UTF-16 paste (PowerShell)", in: utf16le("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n\r\n" + babou + "\r\n"),
			want:     []string{`api=babou status=404 code=NOT_FOUND type=not_found msg="Project not found" retryable=false`},
			problems: []string{"the paste is UTF-16 text"}},
		{name: "UTF-16 body alone", in: utf16le(babou),
			want: []string{`api=babou status=0 code=NOT_FOUND type=not_found msg="Project not found" retryable=false`}},
		{name: "binary junk", in: "\x00\x01\x02\x03\xff\xfe\xfd",
			want: []string{`status=0 msg="" retryable=false nonjson`}, problems: []string{"body is binary data"}},
		{name: "huge paste", in: "HTTP/1.1 500 Internal Server Error\n\n" + strings.Repeat("a", 10<<20),
			want:     []string{`status=500 msg="` + strings.Repeat("a", 297) + `…" retryable=true nonjson`},
			problems: []string{"the paste is 10 MiB; only the first 4 MiB were read", "only the first 1 MiB were decoded"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.opt.Now.IsZero() {
				tt.opt.Now = testNow
			}
			p := ReadAll([]byte(tt.in), tt.opt)
			errs := p.Errors
			if len(errs) != len(p.Exchanges) {
				t.Fatalf("%d errors but %d exchanges", len(errs), len(p.Exchanges))
			}
			var got []string
			for _, e := range errs {
				got = append(got, summary(e))
				checkInvariants(t, e, e.Status)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("ReadAll =\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
			all := p.Problems
			if len(errs) > 0 {
				all = append(all, errs[0].Problems...)
			}
			for _, want := range tt.problems {
				if !hasProblem(&Error{Problems: all}, want) {
					t.Errorf("no problem %q in %q", want, all)
				}
			}
		})
	}
}

// utf16le encodes s as UTF-16, little-endian, with a byte order mark, as
// Windows PowerShell writes files.
func utf16le(s string) string {
	b := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return string(b)
}

func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

func TestReadAllRequest(t *testing.T) {
	in := "POST /v1/generate HTTP/1.1\nHost: api.babysea.ai\nIdempotency-Key: k-1\n\n{}\n\nHTTP/1.1 409 Conflict\nIdempotency-Replayed: true\n\n{\"status\":\"error\",\"error\":{\"code\":\"BSE2016\",\"retryable\":true}}"
	p := ReadAll([]byte(in), Options{})
	e, x := p.Errors[0], p.Exchanges[0]
	want := RequestInfo{Method: "POST", Replayed: true}
	if e.Request != want {
		t.Errorf("Request = %+v, want %+v", e.Request, want)
	}
	if x.Method != "POST" || x.URL != "https://api.babysea.ai/v1/generate" || x.IdempotencyKey != "k-1" || x.Proto != "HTTP/1.1" || x.Where != "line 1" || x.Format != FormatRaw {
		t.Errorf("Exchange = %+v", x)
	}
	e = ReadAll([]byte("HTTP/1.1 500 Internal Server Error\n\n"), Options{Method: "get"}).Errors[0]
	if e.Request.Method != "GET" {
		t.Errorf("Method = %q, want the option's", e.Request.Method)
	}
}

func TestReadAllCapsErrors(t *testing.T) {
	line := `{"error":"Too many","code":"RATE_LIMIT_EXCEEDED"}` + "\n"
	p := ReadAll([]byte(strings.Repeat(line, maxErrors+5)), Options{})
	if len(p.Errors) != maxErrors {
		t.Fatalf("len = %d, want %d", len(p.Errors), maxErrors)
	}
	if !hasProblem(&Error{Problems: p.Problems}, "the paste holds more than 1000 error responses; the rest were skipped") {
		t.Errorf("problems = %q", p.Problems)
	}
}

// TestExchangesKeepTheirBodies checks that each exchange of a paste keeps
// its own body: the reader's chunk buffer is reused for the next chunk, so
// a body that pointed into it would show the next one's bytes.
func TestExchangesKeepTheirBodies(t *testing.T) {
	big := `{"error":{"code":"BIG","message":"` + strings.Repeat("x", ownChunk) + `"}}`
	in := "{\"error\":\"one\",\"code\":\"A\"}\n" +
		"{\"error\":\"two\",\"code\":\"B\"}\n" +
		"<html><title>502 Bad Gateway</title></html>\n" +
		"2026-11-21T10:00:00Z ERROR request failed status=503 {\"error\":\"three\"}\n" +
		"HTTP/1.1 500 Internal Server Error\n\n{\"error\":\"four\"}\n" +
		"HTTP/1.1 500 Internal Server Error\n\n" + big + "\n" +
		"HTTP/1.1 429 Too Many Requests\n\n{\"error\":\"five\"}\n"
	want := []string{`{"error":"one","code":"A"}`, `{"error":"two","code":"B"}`, `<html><title>502 Bad Gateway</title></html>`,
		`{"error":"three"}`, `{"error":"four"}`, big, `{"error":"five"}`}
	p := ReadAll([]byte(in), Options{Now: testNow})
	if len(p.Exchanges) != len(want) {
		t.Fatalf("%d exchanges, want %d", len(p.Exchanges), len(want))
	}
	for i, x := range p.Exchanges {
		if string(x.Body) != want[i] {
			t.Errorf("%s: Body = %.80q, want %.80q", x.Where, x.Body, want[i])
		}
		if string(p.Errors[i].Body) != want[i] {
			t.Errorf("%s: Error.Body = %.80q, want %.80q", x.Where, p.Errors[i].Body, want[i])
		}
	}
}
