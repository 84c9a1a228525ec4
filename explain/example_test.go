package explain_test

import (
	"fmt"
	"time"

	"github.com/errscope/errscope/explain"
)

func ExampleDecode() {
	paste := "HTTP/1.1 429 Too Many Requests\r\n" +
		"Retry-After: 17\r\n" +
		"Content-Type: application/json\r\n\r\n" +
		`{"status":"error","request_id":"req_42","error":{"code":"BSE1005","type":"rate_limit_exceeded","message":"Rate limit exceeded.","retryable":true}}`
	r := explain.Decode([]byte(paste), explain.Options{Now: time.Date(2026, 11, 22, 4, 0, 0, 0, time.UTC)})[0]
	fmt.Println(r.API, r.Code, r.Status, r.Retry.Decision, *r.Retry.DelayMS, r.RequestID)
	// Output: babysea BSE1005 429 retry 17000 req_42
}
