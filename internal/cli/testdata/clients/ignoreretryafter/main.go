// Command ignoreretryafter is a deliberately naive client for the check
// tests: a careful retry loop (3 attempts, full-jitter exponential backoff
// from 1 s, the body's retryable flag obeyed, network errors retried only
// for GET or a keyed request) that never reads Retry-After.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"strings"
	"time"
)

func main() {
	url := os.Getenv("ERRSCOPE_URL") + "/v1/generate"
	method := os.Getenv("ERRSCOPE_METHOD")
	key := os.Getenv("ERRSCOPE_IDEMPOTENCY_KEY")
	for attempt := 1; ; attempt++ {
		req, err := http.NewRequest(method, url, strings.NewReader(`{"prompt":"x"}`))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if key != "" {
			req.Header.Set("Idempotency-Key", key)
		}
		retry := false
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			retry = method == "GET" || key != ""
		} else {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode < 400 {
				return
			}
			retry = resp.StatusCode == 429 || resp.StatusCode >= 500 && resp.StatusCode != 501
			var v struct {
				Error struct {
					Retryable *bool `json:"retryable"`
				} `json:"error"`
			}
			if json.Unmarshal(body, &v) == nil && v.Error.Retryable != nil {
				retry = *v.Error.Retryable
			}
			err = fmt.Errorf("%s", resp.Status)
		}
		if !retry || attempt == 3 {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		time.Sleep(time.Duration(rand.Float64() * float64(time.Second<<(attempt-1))))
	}
}
