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
// in the same run: keep-alive clients sending one request after another.
// The two are measured in alternating half-second rounds, so that a load
// that comes and goes on the machine falls on both alike.
func mockRows() [][]string {
	const clients, rounds, span = 32, 6, 500 * time.Millisecond
	hello := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "hello, world\n") })
	ra := time.Second
	srv, err := mock.New(mock.Config{API: catalog.BabySea, Sequence: mock.SequenceGlobal, MaxRequests: 1 << 30,
		Responses: []retry.SimResponse{{Status: 429, RetryAfter: &ra}}})
	if err != nil {
		return [][]string{{"mock: requests per second", "n/a: " + err.Error(), "", "", ""}}
	}
	helloURL, stop1 := serveLoopback(hello)
	defer stop1()
	mockURL, stop2 := serveLoopback(srv)
	defer stop2()
	var base, got float64
	for range rounds {
		base += load(helloURL, clients, span)
		got += load(mockURL, clients, span)
	}
	if n := len(srv.Records()); n == 0 {
		return [][]string{{"mock: requests per second", "n/a: nothing recorded", "", "", ""}}
	}
	base, got = base/rounds, got/rounds
	return [][]string{{
		fmt.Sprintf("mock: requests per second (BabySea 429, every request recorded; %d keep-alive clients, loopback)", clients),
		fmt.Sprintf("%.0f req/s", got), fmt.Sprintf("%.0f req/s net/http hello world", base), ratio(got, base), "",
	}}
}

// serveLoopback serves h on a free loopback port with the mock's server
// settings.
func serveLoopback(h http.Handler) (url string, stop func()) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "http://127.0.0.1:1", func() {}
	}
	hs := mock.HTTPServer(h)
	go hs.Serve(ln)
	return "http://" + ln.Addr().String() + "/v1/generate", func() { hs.Close() }
}

// load returns the requests per second clients keep-alive clients
// complete against url in span.
func load(url string, clients int, span time.Duration) float64 {
	tr := &http.Transport{MaxIdleConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}
	var n atomic.Int64
	start := time.Now()
	stop := start.Add(span)
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
