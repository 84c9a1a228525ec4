package retry

import (
	"container/heap"
	"math"
	"time"
)

// Limits of [Policy.Contend].
const (
	// MaxContendClients caps ContendConfig.Clients.
	MaxContendClients = 1000
	// MaxContendRuns caps ContendConfig.Runs.
	MaxContendRuns = 100
	// maxContendAttempts bounds one client's writes, so that no policy
	// can make a run endless; a client that reaches it gives up.
	maxContendAttempts = 10_000
)

// Brooker's network ("Exponential Backoff And Jitter", AWS Architecture
// Blog, 2015): the one-way delay is |N(10 ms, 2 ms)|.
const (
	ContendLatency   = 10 * time.Millisecond
	ContendLatencySD = 2 * time.Millisecond
)

// BrookerPolicy returns the policy of Brooker's simulation for a jitter
// kind: his base of 5 ms and cap of 2 s, in this package's terms. His
// exponential delay, base × 2^n from n = 1, is this package's BaseDelay
// of 10 ms; his decorrelated jitter starts from the base itself, 5 ms.
func BrookerPolicy(j Jitter) Policy {
	p := Policy{Jitter: j, BaseDelay: 10 * time.Millisecond, MaxDelay: 2 * time.Second}
	if j == JitterDecorrelated {
		p.BaseDelay = 5 * time.Millisecond
	}
	return p
}

// A ContendConfig describes the contention simulation of Marc Brooker's
// "Exponential Backoff And Jitter": Clients clients start together and
// each updates one shared database row once, with optimistic concurrency
// control. A client reads the row's version, then writes it back
// conditionally; the write succeeds only if no other write landed in
// between, so every overlap fails. A client whose write failed backs off
// (the policy's jitter, base and cap), re-reads and tries again, with no
// limit on retries, until its write succeeds.
type ContendConfig struct {
	// Clients is the number of clients; values above MaxContendClients
	// count as MaxContendClients.
	Clients int
	// Runs is how many runs (seeds Seed, Seed+1, …) are averaged; 0
	// means 1, values above MaxContendRuns count as MaxContendRuns.
	Runs int
	// Seed seeds the network delays and the jitter.
	Seed uint64
	// Latency and LatencySD are the one-way network delay's mean and
	// standard deviation (|N(Latency, LatencySD)|); 0 means Brooker's
	// ContendLatency and ContendLatencySD.
	Latency, LatencySD time.Duration
}

// A ContendResult is the mean of the runs of a contention simulation.
type ContendResult struct {
	// Calls is the mean number of writes that reached the row: the
	// server's work, Brooker's "calls".
	Calls float64 `json:"calls"`
	// FinishMS is the mean time, in ms, at which the last client learned
	// that its write succeeded: Brooker's completion time.
	FinishMS float64 `json:"finish_ms"`
	// GaveUp is the mean number of clients that reached the attempt bound
	// without success (0 for every jitter kind of this package).
	GaveUp float64 `json:"gave_up"`
}

// Kinds of contention events.
const (
	occRead      = iota // the read reaches the server
	occReadReply        // the version reaches the client
	occWrite            // the conditional write reaches the server
	occWriteReply
)

type occEvent struct {
	at      time.Duration
	client  int32
	kind    int8
	ok      bool
	version int64
}

type occQueue []occEvent

func (q occQueue) Len() int { return len(q) }
func (q occQueue) Less(i, j int) bool {
	if q[i].at != q[j].at {
		return q[i].at < q[j].at
	}
	return q[i].client < q[j].client
}
func (q occQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *occQueue) Push(x any)   { *q = append(*q, x.(occEvent)) }
func (q *occQueue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

// Contend runs Brooker's contention simulation (see [ContendConfig])
// under the policy's jitter, BaseDelay and MaxDelay; its MaxRetries,
// Budget and server delays play no part, since every client retries until
// it succeeds and the server names no delay. With Brooker's parameters
// ([BrookerPolicy]) and 50 to 100 clients, full jitter makes the fewest
// calls of the kinds he compared and finishes far sooner than exponential
// backoff without jitter. It is deterministic for a seed and
// ignores p.Rand.
func (p Policy) Contend(c ContendConfig) ContendResult {
	n := min(max(c.Clients, 0), MaxContendClients)
	runs := min(max(c.Runs, 1), MaxContendRuns)
	mean, sd := c.Latency, c.LatencySD
	if mean <= 0 {
		mean = ContendLatency
	}
	if sd <= 0 {
		sd = ContendLatencySD
	}
	var res ContendResult
	if n == 0 {
		return res
	}
	for run := range runs {
		calls, gaveUp, finish := p.contendOnce(n, c.Seed+uint64(run), mean, sd)
		res.Calls += float64(calls)
		res.GaveUp += float64(gaveUp)
		res.FinishMS += float64(finish) / float64(time.Millisecond)
	}
	res.Calls /= float64(runs)
	res.GaveUp /= float64(runs)
	res.FinishMS = math.Round(res.FinishMS/float64(runs)*10) / 10
	return res
}

func (p Policy) contendOnce(n int, seed uint64, mean, sd time.Duration) (calls, gaveUp int, finish time.Duration) {
	rng := newRand(seed)
	net := func() time.Duration {
		return time.Duration(math.Abs(float64(mean) + rng.NormFloat64()*float64(sd)))
	}
	attempts := make([]int32, n)
	prev := make([]time.Duration, n)
	q := make(occQueue, n)
	for i := range q {
		q[i] = occEvent{at: net(), client: int32(i), kind: occRead}
	}
	heap.Init(&q)
	var version int64
	for q.Len() > 0 {
		ev := q[0]
		next := occEvent{client: ev.client}
		switch ev.kind {
		case occRead:
			next.at, next.kind, next.version = ev.at+net(), occReadReply, version
		case occReadReply:
			next.at, next.kind, next.version = ev.at+net(), occWrite, ev.version
		case occWrite:
			calls++
			next.ok = ev.version == version
			if next.ok {
				version++
			}
			next.at, next.kind = ev.at+net(), occWriteReply
		case occWriteReply:
			i := ev.client
			if ev.ok || attempts[i]+1 >= maxContendAttempts {
				if !ev.ok {
					gaveUp++
				}
				finish = max(finish, ev.at)
				heap.Pop(&q)
				continue
			}
			attempts[i]++
			d := p.backoff(int(attempts[i]), prev[i], rng.Float64)
			prev[i] = d
			next.at, next.kind = ev.at+net()+d, occRead
		}
		q[0] = next
		heap.Fix(&q, 0)
	}
	return calls, gaveUp, finish
}
