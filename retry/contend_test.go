package retry

import (
	"encoding/json"
	"testing"
	"time"
)

// TestContendBrookerOrdering pins the published result of "Exponential
// Backoff And Jitter" (Brooker, AWS Architecture Blog, 2015) under his
// setup: clients contending for one row with optimistic concurrency, every
// overlapping write failing, averaged over 100 runs. Full jitter makes the
// fewest calls of the kinds he compared; it and decorrelated jitter finish
// far sooner than exponential backoff without jitter, and sooner than
// equal jitter; exponential without jitter does the most work. (From
// about 200 clients on, equal jitter catches up with full on calls.)
func TestContendBrookerOrdering(t *testing.T) {
	for _, clients := range []int{50, 100} {
		c := ContendConfig{Clients: clients, Runs: 100, Seed: 1}
		r := map[Jitter]ContendResult{}
		for _, j := range []Jitter{JitterNone, JitterFull, JitterEqual, JitterDecorrelated} {
			r[j] = BrookerPolicy(j).Contend(c)
			if r[j].GaveUp != 0 {
				t.Errorf("%d clients, %s: %v clients gave up, want 0", clients, j, r[j].GaveUp)
			}
		}
		full := r[JitterFull]
		for _, j := range []Jitter{JitterNone, JitterEqual, JitterDecorrelated} {
			if full.Calls >= r[j].Calls {
				t.Errorf("%d clients: full jitter made %.1f calls, %s %.1f: want full fewest", clients, full.Calls, j, r[j].Calls)
			}
		}
		for _, j := range []Jitter{JitterNone, JitterEqual} {
			if full.FinishMS >= r[j].FinishMS {
				t.Errorf("%d clients: full jitter finished at %.1f ms, %s at %.1f ms: want full sooner", clients, full.FinishMS, j, r[j].FinishMS)
			}
		}
		if none := r[JitterNone]; none.FinishMS < 5*full.FinishMS || none.Calls < 1.5*full.Calls {
			t.Errorf("%d clients: no jitter %.1f calls / %.1f ms, full %.1f / %.1f: want no jitter ≥ 1.5× the calls and ≥ 5× the time", clients, none.Calls, none.FinishMS, full.Calls, full.FinishMS)
		}
		if d := r[JitterDecorrelated]; d.FinishMS > 1.2*full.FinishMS {
			t.Errorf("%d clients: decorrelated finished at %.1f ms, full at %.1f ms: want close", clients, d.FinishMS, full.FinishMS)
		}
	}
}

// TestContendOneClient: a lone client never conflicts: one read, one
// write, about four network delays.
func TestContendOneClient(t *testing.T) {
	r := BrookerPolicy(JitterFull).Contend(ContendConfig{Clients: 1, Runs: 50, Seed: 9})
	if r.Calls != 1 || r.GaveUp != 0 {
		t.Errorf("calls %v, gave up %v; want 1, 0", r.Calls, r.GaveUp)
	}
	if r.FinishMS < 30 || r.FinishMS > 50 {
		t.Errorf("finished at %v ms, want about 4 × 10 ms", r.FinishMS)
	}
}

// TestContendNoLostWrites: every client's write lands exactly once, so
// the calls are at least the clients.
func TestContendNoLostWrites(t *testing.T) {
	for _, j := range Jitters {
		r := BrookerPolicy(j).Contend(ContendConfig{Clients: 30, Seed: 4})
		if r.Calls < 30 || r.GaveUp != 0 {
			t.Errorf("%s: %v calls, %v gave up", j, r.Calls, r.GaveUp)
		}
	}
}

func TestContendDeterministic(t *testing.T) {
	c := ContendConfig{Clients: 40, Runs: 3, Seed: 42}
	a, _ := json.Marshal(BrookerPolicy(JitterDecorrelated).Contend(c))
	b, _ := json.Marshal(BrookerPolicy(JitterDecorrelated).Contend(c))
	if string(a) != string(b) {
		t.Fatalf("same seed, different results: %s, %s", a, b)
	}
	c.Seed++
	if d, _ := json.Marshal(BrookerPolicy(JitterDecorrelated).Contend(c)); string(d) == string(a) {
		t.Error("different seeds, same result")
	}
}

func TestContendLimits(t *testing.T) {
	tests := []struct {
		name string
		p    Policy
		c    ContendConfig
		max  float64
	}{
		{"no clients", Policy{}, ContendConfig{}, 0},
		{"negative", Policy{}, ContendConfig{Clients: -3, Runs: -1, Latency: -time.Second, LatencySD: -1}, 0},
		// No backoff at all: one winner per round, N²/2 writes, bounded.
		{"no backoff, too many clients", Policy{Jitter: JitterNone, BaseDelay: time.Nanosecond, MaxDelay: time.Nanosecond},
			ContendConfig{Clients: 1_000_000}, MaxContendClients * MaxContendClients},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.p.Contend(tt.c)
			if r.Calls > tt.max {
				t.Errorf("%v calls, want ≤ %v", r.Calls, tt.max)
			}
		})
	}
}

func BenchmarkContend100(b *testing.B) {
	p := BrookerPolicy(JitterFull)
	for b.Loop() {
		p.Contend(ContendConfig{Clients: 100, Seed: 1})
	}
}
