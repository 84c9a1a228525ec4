// Command goclient is errscope's own Go client (package client) as a
// program that `errscope check` can grade: it sends one request to the
// API at $ERRSCOPE_URL with the retry policy of $ERRSCOPE_API, and exits 0
// on success, 1 with the error on standard error.
//
//	go run ./app check --api babysea -- go run ./examples/goclient
//
// $ERRSCOPE_METHOD (GET or POST) and $ERRSCOPE_IDEMPOTENCY_KEY say what to
// send; check sets them per scenario.
package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/client"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "goclient:", err)
		os.Exit(1)
	}
}

func run() error {
	base := os.Getenv("ERRSCOPE_URL")
	if base == "" {
		return fmt.Errorf("ERRSCOPE_URL is not set (run me under: go run ./app check --api babysea -- go run ./examples/goclient)")
	}
	api, err := catalog.ParseAPI(os.Getenv("ERRSCOPE_API"))
	if err != nil {
		return err
	}
	method := os.Getenv("ERRSCOPE_METHOD")
	if method == "" {
		method = http.MethodGet
	}
	var body io.Reader
	if method == http.MethodPost {
		body = strings.NewReader(`{"prompt":"a lighthouse at dusk"}`)
	}
	req, err := http.NewRequest(method, strings.TrimSuffix(base, "/")+"/v1/generate", body)
	if err != nil {
		return err
	}
	if k := os.Getenv("ERRSCOPE_IDEMPOTENCY_KEY"); k != "" {
		req.Header.Set("Idempotency-Key", k)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c := &client.Client{API: api, Timeout: 10 * time.Second}
	resp, err := c.Do(ctx, req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}
