package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/mock"
	"github.com/errscope/errscope/retry"
)

// mockRows measures the mock's requests per second (every request
// recorded, each answered with BabySea's 429 envelope and headers) beside
// net/http's hello-world handler, both on loopback, loaded the same way
// in the same run: keep-alive clients sending one request after another
// for a fixed time.
func mockRows() [][]string {
	const clients, span = 32, 2 * time.Second
	hello := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "hello, world\n") })
	base := rps(hello, clients, span)
	ra := time.Second
	srv, err := mock.New(mock.Config{API: catalog.BabySea, Sequence: mock.SequenceGlobal, MaxRequests: 1 << 30,
		Responses: []retry.SimResponse{{Status: 429, RetryAfter: &ra}}})
	if err != nil {
		return [][]string{{"mock: requests per second", "n/a: " + err.Error(), "", "", ""}}
	}
	got := rps(srv, clients, span)
	if n := len(srv.Records()); n == 0 {
		return [][]string{{"mock: requests per second", "n/a: nothing recorded", "", "", ""}}
	}
	return [][]string{{
		fmt.Sprintf("mock: requests per second (BabySea 429, every request recorded; %d keep-alive clients, loopback)", clients),
		fmt.Sprintf("%.0f req/s", got), fmt.Sprintf("%.0f req/s net/http hello world", base), ratio(got, base), "",
	}}
}

// rps serves h on loopback and returns the requests per second clients
// keep-alive clients complete in span.
func rps(h http.Handler, clients int, span time.Duration) float64 {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0
	}
	hs := mock.HTTPServer(h)
	go hs.Serve(ln)
	defer hs.Close()
	url := "http://" + ln.Addr().String() + "/v1/generate"
	tr := &http.Transport{MaxIdleConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}
	var n atomic.Int64
	stop := time.Now().Add(span)
	start := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				resp, err := c.Get(url)
				if err != nil {
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	return float64(n.Load()) / time.Since(start).Seconds()
}
