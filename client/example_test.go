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
