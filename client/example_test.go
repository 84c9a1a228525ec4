package client_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/client"
)

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func ExampleClient_Do() {
	// A fake BabySea: the first attempt is rate limited with Retry-After: 0
	// (retry at once), the second succeeds as a replay of the stored result.
	attempt := 0
	fake := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		attempt++
		fmt.Printf("attempt %d, Idempotency-Key %s\n", attempt, r.Header.Get("Idempotency-Key"))
		if attempt == 1 {
			return &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"0"}}, Body: io.NopCloser(strings.NewReader(
				`{"status":"error","request_id":"req_1","error":{"code":"BSE1005","type":"rate_limit_exceeded","message":"Rate limit exceeded","retryable":true}}`))}, nil
		}
		return &http.Response{StatusCode: 200, Header: http.Header{"Idempotency-Replayed": {"true"}}, Body: io.NopCloser(strings.NewReader(`{"id":"gen_1"}`))}, nil
	})

	c := &client.Client{
		HTTPClient:     &http.Client{Transport: fake},
		API:            catalog.BabySea,
		IdempotencyKey: func() string { return "order-42" },
	}
	req, _ := http.NewRequest(http.MethodPost, "https://api.example.test/v1/generate/image", strings.NewReader(`{"prompt":"a cat"}`))
	resp, err := c.Do(context.Background(), req)
	if err != nil {
		var apiErr *apierror.Error
		if errors.As(err, &apiErr) {
			fmt.Println("API error:", apiErr.Code, apiErr.RateLimit.RetryAfter)
		}
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.StatusCode, string(body), "replayed:", client.Replayed(resp))
	// Output:
	// attempt 1, Idempotency-Key order-42
	// attempt 2, Idempotency-Key order-42
	// 200 {"id":"gen_1"} replayed: true
}

// ExampleClient_Do_apiError is the README's "The Go SDK in ten lines",
// verbatim between the README markers (TestReadmeSnippet keeps the two
// the same). A fake BabySea answers 429 with Retry-After: 0 every time;
// Do retries per BabySea's policy (two retries) and returns the typed
// error of the last attempt, reachable with errors.As.
func ExampleClient_Do_apiError() {
	attempts := 0
	httpClient := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		attempts++
		body := fmt.Sprintf(`{"status":"error","request_id":"req_%d","error":{"code":"BSE1005","type":"rate_limit_exceeded","message":"Rate limit exceeded","retryable":true}}`, attempts)
		return &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"0"}}, Body: io.NopCloser(strings.NewReader(body))}, nil
	})}
	ctx := context.Background()
	req, _ := http.NewRequest(http.MethodGet, "https://api.babysea.ai/v1/models", nil)

	// README begin
	// httpClient: yours, or nil for http.DefaultClient
	c := &client.Client{API: catalog.BabySea, HTTPClient: httpClient}
	resp, err := c.Do(ctx, req) // retries per BabySea's policy; Retry-After obeyed, capped at 60 s
	if err == nil {
		defer resp.Body.Close() // a success: read resp.Body
	}
	var apiErr *apierror.Error
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Code, apiErr.RequestID, apiErr.Retryable())
		if apiErr.Entry != nil {
			fmt.Println(apiErr.Entry.Solutions[0])
		}
	}
	// README end
	fmt.Println("attempts:", attempts)
	// Output:
	// BSE1005 req_3 true
	// Wait the number of seconds in the Retry-After header (also in details.retry_after_seconds and, in the SDK, rateLimit.retryAfter), then retry.
	// attempts: 3
}
