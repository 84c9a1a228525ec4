package redact_test

import (
	"fmt"

	"github.com/errscope/errscope/redact"
)

func ExampleString() {
	fmt.Println(redact.String("Authorization: Bearer bye_live_7Hq2mXc9LpQ4"))
	fmt.Println(redact.String("GET https://api.example.com/v1/items?api_key=abc123&limit=10"))
	fmt.Println(redact.String(`{"request_id":"req_123","password":"hunter2"}`))
	// Output:
	// Authorization: Bearer bye_[REDACTED]
	// GET https://api.example.com/v1/items?api_key=[REDACTED]&limit=10
	// {"request_id":"req_123","password":"[REDACTED]"}
}

func ExampleHeader() {
	fmt.Println(redact.Header("Cookie", "session=abc123; theme=dark"))
	fmt.Println(redact.Header("X-Request-Id", "req_123"))
	// Output:
	// session=[REDACTED]; theme=[REDACTED]
	// req_123
}
