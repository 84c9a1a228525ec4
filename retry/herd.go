package retry

import (
	"container/heap"
	"math"
	"time"

	"github.com/errscope/errscope/catalog"
)

// Limits of [Policy.Herd].
const (
	// MaxHerdClients caps HerdConfig.Clients.
	MaxHerdClients = 100_000
	// MaxHerdBuckets caps the histogram's length; longer runs get wider
	// buckets.
	MaxHerdBuckets = 10_000
)

// A HerdConfig describes a thundering-herd simulation: many clients, each
// making one request with retries, against a server that fails everything
// during an outage and then serves a limited rate.
type HerdConfig struct {
	// API is the API whose error bodies are simulated (and decoded).
	API catalog.API
	// Clients is the number of clients, each making one GET request.
	// Values above MaxHerdClients count as MaxHerdClients.
	Clients int
	// Outage is how long, from time 0, the server answers every request
	// with a retryable 503.
	Outage time.Duration
	// Capacity is how many requests the server serves in each second
	// (windows [k s, k+1 s)) once the outage is over; the excess get a
	// retryable 429 without Retry-After. 0 or negative means unlimited.
	Capacity int
	// Spread is the interval over which the clients' first requests are
	// uniformly spread; 0 means all at time 0.
	Spread time.Duration
	// Seed seeds the start times and the jitter.
	Seed uint64
	// Bucket is the width of the histogram's buckets; 0 means 1 s.
	// Values below 1 ms count as 1 ms, and a run longer than
	// MaxHerdBuckets buckets uses wider ones.
	Bucket time.Duration
}

// A HerdBucket is one bar of the load histogram.
type HerdBucket struct {
	TMS      int64 `json:"t_ms"`     // bucket start, ms from time 0
	Requests int   `json:"requests"` // attempts that reached the server
	Failed   int   `json:"failed"`   // of which failed (503 or 429)
}

// A HerdResult summarises a herd simulation.
type HerdResult struct {
	// Buckets is the load over time, from 0 to the last attempt.
	Buckets []HerdBucket `json:"buckets"`
	// BucketMS is the buckets' width in ms.
	BucketMS int64 `json:"bucket_ms"`
	// TotalCalls counts every attempt of every client.
	TotalCalls int `json:"total_calls"`
	// Amplification is TotalCalls / Clients: 1 means no retry was made.
	Amplification float64 `json:"amplification"`
	// Succeeded counts clients whose request finally succeeded.
	Succeeded int `json:"succeeded"`
	// GaveUp counts clients that stopped without success (attempts used
	// up, budget exhausted …); Succeeded + GaveUp = Clients.
	GaveUp int `json:"gave_up"`
	// TimeToRecoverMS is how long after the outage's end the last client
	// finished (succeeded or gave up): the time the server needs to work
	// off the herd. 0 when every client finished during the outage.
	TimeToRecoverMS int64 `json:"time_to_recover_ms"`
	// PeakRPS is the highest load, in requests per second, of a bucket
	// that starts at or after the outage's end: what the recovering server
	// sees. Without such a bucket, the peak of the whole run.
	PeakRPS float64 `json:"peak_rps"`
}

type herdEvent struct {
	at      time.Duration
	client  int32
	attempt int32
	prev    time.Duration
}

type herdQueue []herdEvent

func (q herdQueue) Len() int { return len(q) }
func (q herdQueue) Less(i, j int) bool {
	if q[i].at != q[j].at {
		return q[i].at < q[j].at
	}
	return q[i].client < q[j].client
}
func (q herdQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *herdQueue) Push(x any)   { *q = append(*q, x.(herdEvent)) }
func (q *herdQueue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

// Herd simulates c.Clients clients retrying under the policy against a
// server with an outage and limited capacity, and reports the load the
// server sees. It is event-driven (a priority queue of the clients' next
// attempt times, ties broken by client number), deterministic for a seed
// on every platform, and runs in O(calls × log clients) time. Attempts
// take no time. All clients share one fresh copy of the policy's Budget,
// as the requests of one client.Client would. MaxRetries above [MaxSimRetries]
// counts as MaxSimRetries; p.Rand is ignored.
func (p Policy) Herd(c HerdConfig) HerdResult {
	n := min(max(c.Clients, 0), MaxHerdClients)
	res := HerdResult{Buckets: []HerdBucket{}}
	width := c.Bucket
	if width <= 0 {
		width = time.Second
	}
	width = max(width, time.Millisecond)
	if n == 0 {
		res.BucketMS = ms(width)
		return res
	}
	rng := newRand(c.Seed)
	pol := p.simCopy()
	yes := true
	outage := SimResponse{Status: 503, Retryable: &yes}.failure(c.API, "GET")
	overload := SimResponse{Status: 429, Retryable: &yes}.failure(c.API, "GET")

	q := make(herdQueue, n)
	for i := range q {
		q[i] = herdEvent{at: scale(max(c.Spread, 0), rng.Float64()), client: int32(i), attempt: 1}
	}
	heap.Init(&q)

	type call struct {
		at     time.Duration
		failed bool
	}
	calls := make([]call, 0, n*2)
	window, served := int64(-1), 0
	var lastDone time.Duration
	for q.Len() > 0 {
		ev := q[0]
		if ev.attempt == 1 && pol.Budget != nil {
			pol.Budget.Request()
		}
		var f *Failure
		switch {
		case ev.at < c.Outage:
			f = &outage
		case c.Capacity > 0:
			if w := int64(ev.at / time.Second); w != window {
				window, served = w, 0
			}
			if served >= c.Capacity {
				f = &overload
			} else {
				served++
			}
		}
		calls = append(calls, call{ev.at, f != nil})
		if f == nil {
			res.Succeeded++
			if ev.attempt > 1 && pol.Budget != nil {
				pol.Budget.Success()
			}
			lastDone = max(lastDone, ev.at)
			heap.Pop(&q)
			continue
		}
		d := pol.decide(Call{Attempt: int(ev.attempt), PrevDelay: ev.prev}, *f, rng.Float64, true)
		if !d.Retry {
			res.GaveUp++
			lastDone = max(lastDone, ev.at)
			heap.Pop(&q)
			continue
		}
		q[0] = herdEvent{at: ev.at + d.Delay, client: ev.client, attempt: ev.attempt + 1, prev: d.Delay}
		heap.Fix(&q, 0)
	}

	res.TotalCalls = len(calls)
	res.Amplification = float64(len(calls)) / float64(n)
	if lastDone > c.Outage {
		res.TimeToRecoverMS = ms(lastDone - max(c.Outage, 0))
	}
	end := calls[len(calls)-1].at
	if nb := end/width + 1; nb > MaxHerdBuckets {
		w := end/MaxHerdBuckets + 1
		width = (w + time.Millisecond - 1) / time.Millisecond * time.Millisecond
	}
	res.BucketMS = ms(width)
	res.Buckets = make([]HerdBucket, end/width+1)
	for i := range res.Buckets {
		res.Buckets[i].TMS = ms(time.Duration(i) * width)
	}
	for _, cl := range calls {
		b := &res.Buckets[cl.at/width]
		b.Requests++
		if cl.failed {
			b.Failed++
		}
	}
	peak, peakAfter, after := 0, 0, false
	for i, b := range res.Buckets {
		peak = max(peak, b.Requests)
		if time.Duration(i)*width >= c.Outage {
			peakAfter, after = max(peakAfter, b.Requests), true
		}
	}
	if after {
		peak = peakAfter
	}
	res.PeakRPS = math.Round(float64(peak)/width.Seconds()*1000) / 1000
	return res
}
