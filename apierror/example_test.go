package apierror_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/catalog"
)

func ExampleParse() {
	h := apierror.Header{
		"Retry-After":           {"17"},
		"X-Ratelimit-Remaining": {"0"},
	}
	body := []byte(`{"status":"error","request_id":"req_123","error":{"code":"BSE1005","type":"rate_limit_exceeded","message":"Rate limit exceeded","retryable":true,"details":{"retry_after_seconds":17,"limit":60}}}`)
	e := apierror.Parse(429, h, body, apierror.Options{})
	fmt.Println(e)
	fmt.Println("retryable:", e.Retryable(), "after", e.RateLimit.RetryAfter, "from the", e.RateLimit.RetryAfterSource)
	fmt.Println("rate limited:", errors.Is(e, apierror.ErrRateLimited))
	fmt.Println("catalog:", e.Entry.Title)
	// Output:
	// babysea 429 BSE1005 rate_limit_exceeded: Rate limit exceeded (request req_123)
	// retryable: true after 17s from the Retry-After header
	// rate limited: true
	// catalog: Rate limit exceeded
}

func ExampleParse_proxyPage() {
	body := []byte("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")
	e := apierror.Parse(502, apierror.Header{"Content-Type": {"text/html"}}, body, apierror.Options{})
	fmt.Println(e)
	fmt.Println(e.Problems[0])
	fmt.Println("retryable:", e.Retryable())
	// Output:
	// 502: 502 Bad Gateway (not a JSON error body)
	// body is HTML (title: 502 Bad Gateway), not a JSON error envelope
	// retryable: true
}

func ExampleReadAll() {
	paste := "$ curl -i https://babou.app/api/projects/42\n" +
		"HTTP/1.1 404 Not Found\r\n" +
		"Content-Type: application/json\r\n" +
		"\r\n" +
		`{"error":"Project not found","code":"NOT_FOUND","hint":"Check the project id"}`
	for _, e := range apierror.ReadAll([]byte(paste), apierror.Options{}).Errors {
		fmt.Println(e)
		fmt.Println("hint:", e.Hint)
	}
	// Output:
	// babou 404 NOT_FOUND: Project not found
	// hint: Check the project id
}

func ExampleExample() {
	entry, _ := catalog.Lookup(catalog.Claro, "rate_limit_exceeded")
	status, h, body := apierror.Example(entry)
	fmt.Println(status, h.Get("Retry-After"))
	fmt.Println(string(body))
	fmt.Println(apierror.Parse(status, h, body, apierror.Options{}))
	// Output:
	// 429 60
	// {"error":{"code":"rate_limit_exceeded","message":"Rate limit exceeded","details":{},"retry_after":60}}
	// claro 429 rate_limit_exceeded: Rate limit exceeded
}

func ExampleParseRetryAfter() {
	date, _ := apierror.ParseHTTPDate("Thu, 01 Jan 2026 00:00:00 GMT")
	for _, v := range []string{"120", "Thu, 01 Jan 2026 00:00:30 GMT", "3s"} {
		wait, ok, problem := apierror.ParseRetryAfter(v, date)
		fmt.Printf("%q: %v %t", v, wait, ok)
		if problem != "" {
			fmt.Print(" (", problem, ")")
		}
		fmt.Println()
	}
	// Output:
	// "120": 2m0s true
	// "Thu, 01 Jan 2026 00:00:30 GMT": 30s true
	// "3s": 0s false (Retry-After "3s" is not a number of seconds or an HTTP-date)
}

func ExampleReadExchanges() {
	paste := `time=2026-01-01T00:00:04Z level=ERROR msg="request failed" method=POST url=https://api.babysea.ai/v1/generate status=503 body="{\"status\":\"error\",\"error\":{\"code\":\"BSE4005\",\"message\":\"Provider unavailable\",\"retryable\":false}}"` + "\n" +
		`{"level":50,"time":1767225605000,"req":{"method":"GET","url":"https://babou.app/api/v1/projects"},"res":{"statusCode":200},"msg":"ok"}` + "\n"
	apierror.ReadExchanges(strings.NewReader(paste), nil, func(x *apierror.Exchange) bool {
		fmt.Println(x.Where, x.Format, x.Method, x.URL, x.Status)
		if e, ok := x.Decode(apierror.Options{}); ok {
			fmt.Println("  ", e, "- retryable:", e.Retryable())
		}
		return true
	})
	// Output:
	// line 1 logfmt POST https://api.babysea.ai/v1/generate 503
	//    babysea 503 BSE4005 provider_unavailable: Provider unavailable - retryable: false
	// line 2 record GET https://babou.app/api/v1/projects 200
}
