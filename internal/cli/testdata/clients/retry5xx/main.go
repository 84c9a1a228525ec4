// Command retry5xx is a deliberately naive client for the check tests: it
// retries every 5xx at once, up to 5 times, whatever the body says, and
// nothing else (not a 429, not a network error).
package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
)

func main() {
	url := os.Getenv("ERRSCOPE_URL") + "/v1/generate"
	method := os.Getenv("ERRSCOPE_METHOD")
	for attempt := 1; ; attempt++ {
		req, err := http.NewRequest(method, url, strings.NewReader(`{"prompt":"x"}`))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if k := os.Getenv("ERRSCOPE_IDEMPOTENCY_KEY"); k != "" {
			req.Header.Set("Idempotency-Key", k)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 && attempt <= 5 {
			continue
		}
		if resp.StatusCode >= 400 {
			fmt.Fprintln(os.Stderr, resp.Status)
			os.Exit(1)
		}
		return
	}
}
