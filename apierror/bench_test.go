package apierror

import (
	"bytes"
	"fmt"
	"testing"
)

// BenchmarkParse decodes a typical BabySea 429 with its headers.
func BenchmarkParse(b *testing.B) {
	h := Header{
		"Date":                  {testDate},
		"Content-Type":          {"application/json"},
		"Retry-After":           {"17"},
		"X-Ratelimit-Limit":     {"60"},
		"X-Ratelimit-Remaining": {"0"},
		"X-Ratelimit-Reset":     {"1767225617"},
		"X-Request-Id":          {"req_123"},
	}
	body := []byte(babyseaSpec)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if e := Parse(429, h, body, Options{}); e.Code != "BSE1005" {
			b.Fatal(e)
		}
	}
}

// BenchmarkReadAll1MiB decodes a 1 MiB paste: a log of several hundred
// raw responses (BabySea 429s, Babou 404s, proxy 502 pages).
func BenchmarkReadAll1MiB(b *testing.B) {
	var buf bytes.Buffer
	for i := 0; buf.Len() < 1<<20; i++ {
		switch i % 3 {
		case 0:
			buf.WriteString("HTTP/2 429\r\ndate: " + testDate + "\r\nretry-after: 17\r\nx-ratelimit-limit: 60\r\nx-ratelimit-remaining: 0\r\nx-ratelimit-reset: 1767225617\r\nx-request-id: req_123\r\ncontent-type: application/json\r\n\r\n")
			buf.WriteString(babyseaSpec + "\r\n")
		case 1:
			buf.WriteString("HTTP/1.1 404 Not Found\nContent-Type: application/json\n\n{\"error\":\"Project not found\",\"code\":\"NOT_FOUND\",\"hint\":\"Check the project id; list projects with GET /api/projects\"}\n")
		default:
			buf.WriteString("HTTP/1.1 502 Bad Gateway\nContent-Type: text/html\n\n<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n")
		}
	}
	in := buf.Bytes()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if errs := ReadAll(in, Options{}).Errors; len(errs) < 100 {
			b.Fatal(len(errs))
		}
	}
}

// BenchmarkReadAllLargeBody decodes one 1 MiB BabySea 429 whose body lists
// 7 000 provider errors: the keys, providers and types repeat, the codes
// and messages do not (the bench's "decode 1 MiB paste").
func BenchmarkReadAllLargeBody(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 17\r\nContent-Type: application/json\r\n\r\n")
	buf.WriteString(`{"status":"error","request_id":"req_bench","error":{"code":"BSE1005","type":"rate_limit_exceeded","message":"Rate limit exceeded.","retryable":true,"provider_errors":[`)
	for i := 0; buf.Len() < 1<<20-200; i++ {
		if i > 0 {
			buf.WriteByte(',')
		}
		fmt.Fprintf(&buf, `{"provider":"replicate","code":"E%d","type":"provider_timeout","message":"upstream did not answer in time (attempt %d)","retryable":true}`, i, i)
	}
	buf.WriteString("]}}")
	in := buf.Bytes()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if errs := ReadAll(in, Options{}).Errors; len(errs) != 1 || len(errs[0].ProviderErrors) != maxProviders {
			b.Fatalf("%d errors, %d provider errors", len(errs), len(errs[0].ProviderErrors))
		}
	}
}
