// Package workload holds the operations errscope's bench times, so the very
// same work runs natively (go run ./internal/bench) and inside the browser's
// WebAssembly (window.errscopeBench), and the two can be compared as a ratio.
package workload

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/retry"
)

// A Timing is the measured distribution of one operation, in milliseconds.
type Timing struct {
	Name string  `json:"name"`
	N    int     `json:"n"`
	P50  float64 `json:"p50_ms"`
	P99  float64 `json:"p99_ms"`
	Max  float64 `json:"max_ms"`
}

// Synthetic returns n catalog entries derived from the real ones, with
// distinct codes and reshuffled words, for searching at scale.
func Synthetic(n int) []catalog.Entry {
	real := catalog.All()
	out := make([]catalog.Entry, n)
	for i := range out {
		e := real[i%len(real)]
		e.Code = catalog.Code(fmt.Sprintf("%s_%05d", e.Code, i))
		words := strings.Fields(e.Meaning)
		if len(words) > 2 {
			k := i % len(words)
			words = append(words[k:], words[:k]...)
		}
		e.Meaning = strings.Join(words, " ")
		out[i] = e
	}
	return out
}

// Keystrokes returns the successive values of a search box while a person
// types each query.
func Keystrokes() []string {
	var ks []string
	for _, q := range []string{"BSE1005", "rate limit", "insuficient credits", "429", "provider timeout", "idempotency"} {
		for i := 1; i <= len(q); i++ {
			ks = append(ks, q[:i])
		}
	}
	return ks
}

// Paste returns a pasted text of about size bytes: a curl -i of a BabySea
// 429 whose body carries a long provider error list.
func Paste(size int) []byte {
	var b strings.Builder
	b.WriteString("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 17\r\nX-RateLimit-Limit: 60\r\nX-RateLimit-Remaining: 0\r\nContent-Type: application/json\r\n\r\n")
	b.WriteString(`{"status":"error","request_id":"req_bench","error":{"code":"BSE1005","type":"rate_limit_exceeded","message":"Rate limit exceeded.","retryable":true,"details":{"retry_after_seconds":17,"limit":60},"provider_errors":[`)
	for i := 0; b.Len() < size-200; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"provider":"replicate","code":"E%d","type":"provider_timeout","message":"upstream did not answer in time (attempt %d)","retryable":true}`, i, i)
	}
	b.WriteString("]}}")
	return []byte(b.String())
}

// measure runs f warm times untimed, then n times timed, and returns the
// timed distribution. The warm-up takes out what only a page's first call
// of each code path pays — V8 compiles a wasm function when it is first
// called — which the first-search-result row already counts; without it
// one run's p99 was that compile, not a keystroke (3.8 ms against 0.1).
func measure(name string, warm, n int, f func(i int)) Timing {
	for i := range warm {
		f(i)
	}
	d := make([]float64, n)
	for i := range d {
		t0 := time.Now()
		f(i)
		d[i] = float64(time.Since(t0).Nanoseconds()) / 1e6
	}
	slices.Sort(d)
	q := func(p float64) float64 { return d[int(math.Ceil(p*float64(n)))-1] }
	return Timing{Name: name, N: n, P50: q(0.50), P99: q(0.99), Max: d[n-1]}
}

// shown is how many results the home page renders per keystroke (it asks
// catalog.SearchN for them and the total), so the search is timed the same way.
const shown = 50

// Run times every operation of the bench and returns the timings:
// search per keystroke on the real catalog and on 10 000 synthetic entries
// (after one untimed pass over the keystrokes), decoding a 1 MiB paste and
// a 10 000-client herd simulation (after one untimed run each).
func Run() []Timing {
	ks := Keystrokes()
	real := catalog.NewIndex(catalog.All())
	big := catalog.NewIndex(Synthetic(10000))
	paste := Paste(1 << 20)
	p := retry.ForAPI(catalog.BabySea)
	herd := retry.HerdConfig{API: catalog.BabySea, Clients: 10000, Outage: 2 * time.Second, Capacity: 2000, Seed: 1}
	return []Timing{
		measure("search/keystroke (real catalog)", len(ks), 3*len(ks), func(i int) { real.SearchN(ks[i%len(ks)], catalog.Filter{}, shown) }),
		measure("search/keystroke (10 000 entries)", len(ks), 3*len(ks), func(i int) { big.SearchN(ks[i%len(ks)], catalog.Filter{}, shown) }),
		measure("decode 1 MiB paste", 1, 5, func(int) { apierror.ReadAll(paste, apierror.Options{}) }),
		measure("herd 10 000 clients", 1, 3, func(int) { p.Herd(herd) }),
	}
}
