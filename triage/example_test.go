package triage_test

import (
	"fmt"
	"strings"

	"github.com/errscope/errscope/triage"
)

const clientLog = `2026-11-21T10:00:01Z ERROR POST https://api.babysea.ai/v1/generate status=429 body={"status":"error","request_id":"req_1","error":{"code":"BSE1005","type":"rate_limit_exceeded","message":"Rate limit exceeded","retryable":true,"details":{"retry_after_seconds":17}}}
2026-11-21T10:00:01.300Z ERROR POST https://api.babysea.ai/v1/generate status=429 body={"status":"error","request_id":"req_2","error":{"code":"BSE1005","type":"rate_limit_exceeded","message":"Rate limit exceeded","retryable":true,"details":{"retry_after_seconds":17}}}
2026-11-21T10:00:19Z INFO POST https://api.babysea.ai/v1/generate status=200
`

func ExampleAnalyzeBytes() {
	r := triage.AnalyzeBytes([]byte(clientLog), triage.Options{})
	fmt.Printf("%d failures of %d responses\n", r.Failures, r.Entries)
	for _, g := range r.Groups {
		fmt.Printf("%s %s (%s) ×%d, request ids %v\n", g.API, g.Code, g.Title, g.Count, g.RequestIDs)
		fmt.Println("should:", g.Verdict)
		for _, f := range g.Findings {
			fmt.Println("-", f.Text)
		}
	}
	// Output:
	// 2 failures of 3 responses
	// babysea BSE1005 (Rate limit exceeded) ×2, request ids [req_1 req_2]
	// should: retry after 17 s (details.retry_after_seconds 17 s)
	// - 1 retry came 300 ms after a 429 that asked for 17 s (details.retry_after_seconds): the client ignored the server's wait.
	// - 1 retry waited 17.7 s after a 429 that asked for 17 s, obeying the server's wait.
}

func ExampleAnalyze() {
	har := `{"log":{"version":"1.2","entries":[
	  {"startedDateTime":"2026-11-21T08:00:00.000Z","time":90,
	   "request":{"method":"GET","url":"https://api.baytos.ai/v1/prompts?token=tok_123456789",
	              "headers":[{"name":"Authorization","value":"Bearer claro_live_0ldT0ken2025"}]},
	   "response":{"status":401,"headers":[{"name":"X-Request-Id","value":"cl-7a1"}],
	               "content":{"mimeType":"application/json","text":"{\"error\":{\"code\":\"unauthorized\",\"message\":\"Invalid or expired token\"}}"}}}]}}`
	r, err := triage.Analyze(strings.NewReader(har), triage.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	g := r.Groups[0]
	fmt.Println(r.Input, g.API, g.Code, g.Statuses, g.Endpoints, g.Doc)
	fmt.Println(g.Verdict)
	// Output:
	// har claro unauthorized [401] [GET /v1/prompts] /errors/claro/unauthorized
	// do not retry: send `Authorization: Bearer <key>` with the key copied exactly
}

func ExampleReport_MarkdownWithOrigin() {
	r := triage.AnalyzeBytes([]byte(clientLog), triage.Options{})
	md := r.MarkdownWithOrigin("https://errscope.example")
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "| [") || strings.HasPrefix(line, "- Reference") {
			fmt.Println(line)
		}
	}
	// Output:
	// # Triage: 2 failures in 1 group
	// | [BSE1005](https://errscope.example/errors/babysea/BSE1005) Rate limit exceeded | BabySea | 429 | 2 | 10:00:01 | 10:00:01.3 | req_1, req_2 |
	// ## 1. BSE1005 Rate limit exceeded — BabySea, HTTP 429, 2 failures
	// - Reference: [https://errscope.example/errors/babysea/BSE1005](https://errscope.example/errors/babysea/BSE1005)
}
