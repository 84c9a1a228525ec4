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
	"github.com/errscope/errscope/retry"
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
	// Wait the number of seconds in the Retry-After header (also in details.retry_after_seconds; RateLimit.RetryAfter in the Go SDK, rateLimit.retryAfter in the TypeScript SDK), then retry.
	// attempts: 3
}

// ExampleClient_policy changes one number of BabySea's policy. The
// Client applies its Policy onto retry.ForAPI(API), so BabySea's other
// rules stay: its body's retryable:false still stops a 503 at once.
func ExampleClient_policy() {
	attempts := 0
	httpClient := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		attempts++
		return &http.Response{StatusCode: 503, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(
			`{"status":"error","request_id":"req_1","error":{"code":"BSE5001","type":"provider_credits_exhausted","message":"m","retryable":false}}`))}, nil
	})}
	c := &client.Client{API: catalog.BabySea, HTTPClient: httpClient, Policy: retry.Policy{MaxRetries: 3}}
	p := c.EffectivePolicy()
	fmt.Println("attempts at most:", p.Attempts(), "body flag decides:", p.BodyFlagDecides)

	req, _ := http.NewRequest(http.MethodGet, "https://api.babysea.ai/v1/models", nil)
	_, err := c.Do(context.Background(), req)
	var re *client.RetryError
	if errors.As(err, &re) {
		fmt.Printf("%d attempt, %s: %s\n", re.Attempts, re.Rule, re.Reason)
	}
	fmt.Println("requests sent:", attempts)
	// Output:
	// attempts at most: 4 body flag decides: true
	// 1 attempt, body_flag: retryable:false in body
	// requests sent: 1
}

// ExampleRetryError: a Retry-After over the policy's cap (60 s) stops
// after one attempt, without sleeping; the error says why, and the API
// error inside it still carries the server's wait.
func ExampleRetryError() {
	httpClient := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"3600"}}, Body: io.NopCloser(strings.NewReader(
			`{"status":"error","request_id":"req_1","error":{"code":"BSE1005","type":"rate_limit_exceeded","message":"Rate limit exceeded","retryable":true}}`))}, nil
	})}
	c := &client.Client{API: catalog.BabySea, HTTPClient: httpClient}
	req, _ := http.NewRequest(http.MethodGet, "https://api.babysea.ai/v1/models", nil)
	_, err := c.Do(context.Background(), req)

	var re *client.RetryError
	var apiErr *apierror.Error
	if errors.As(err, &re) && re.Rule == retry.RuleOverCap && errors.As(err, &apiErr) {
		fmt.Println("stopped:", re.Reason)
		fmt.Println("try again in", apiErr.RateLimit.RetryAfter)
	}
	// Output:
	// stopped: server asks 3600 s, over the 60 s cap
	// try again in 1h0m0s
}
