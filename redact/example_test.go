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

func ExamplePaste() {
	paste := "> GET /v1/models HTTP/1.1\n" +
		"> Authorization: Bearer opaqueT0ken4242\n" +
		"> Cookie: sid=s3ss10nValue; theme=dark\n" +
		"< HTTP/1.1 401 Unauthorized\n" +
		`{"error":"token opaqueT0ken4242 was revoked"}`
	out, sum := redact.Paste(paste)
	fmt.Println(out)
	fmt.Println(sum)
	// Output:
	// > GET /v1/models HTTP/1.1
	// > Authorization: Bearer [REDACTED]
	// > Cookie: sid=[REDACTED]; theme=[REDACTED]
	// < HTTP/1.1 401 Unauthorized
	// {"error":"token [REDACTED] was revoked"}
	// 3 secrets redacted: 1 Bearer token, 2 cookies
}

func ExampleIsSecretParam() {
	for _, name := range []string{"X-Amz-Signature", "client_secret", "api-key", "limit", "Idempotency-Key"} {
		fmt.Println(name, redact.IsSecretParam(name))
	}
	// Output:
	// X-Amz-Signature true
	// client_secret true
	// api-key true
	// limit false
	// Idempotency-Key false
}
