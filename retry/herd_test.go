package retry

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/errscope/errscope/catalog"
)

// TestHerdJitterLowersPeak: after an outage, clients without jitter come
// back in lockstep; full jitter spreads them, so the recovering server
// sees a lower peak, on the same seeds.
func TestHerdJitterLowersPeak(t *testing.T) {
	for seed := range uint64(5) {
		c := HerdConfig{API: catalog.BabySea, Clients: 2000, Outage: 2 * time.Second, Spread: time.Second, Seed: seed}
		none := Policy{Jitter: JitterNone}.Herd(c)
		full := Policy{Jitter: JitterFull}.Herd(c)
		if full.PeakRPS >= none.PeakRPS {
			t.Errorf("seed %d: peak with full jitter %v rps, without %v rps: want lower", seed, full.PeakRPS, none.PeakRPS)
		}
		for _, r := range []HerdResult{none, full} {
			if r.Succeeded+r.GaveUp != c.Clients {
				t.Errorf("seed %d: succeeded %d + gave up %d != %d clients", seed, r.Succeeded, r.GaveUp, c.Clients)
			}
		}
	}
}

// TestHerdCapacity: a server with limited capacity never serves more than
// its capacity in a second, and load in every bucket adds up.
func TestHerdCapacity(t *testing.T) {
	c := HerdConfig{Clients: 3000, Capacity: 500, Spread: 500 * time.Millisecond, Seed: 7}
	for _, j := range Jitters {
		r := Policy{Jitter: j, MaxRetries: 8}.Herd(c)
		calls, failed := 0, 0
		for _, b := range r.Buckets {
			if served := b.Requests - b.Failed; served > c.Capacity || b.Failed < 0 {
				t.Errorf("%s: bucket at %d ms served %d > capacity %d", j, b.TMS, served, c.Capacity)
			}
			calls += b.Requests
			failed += b.Failed
		}
		if calls != r.TotalCalls || calls-failed != r.Succeeded {
			t.Errorf("%s: buckets hold %d calls (%d failed), result says %d calls, %d succeeded", j, calls, failed, r.TotalCalls, r.Succeeded)
		}
		if want := float64(r.TotalCalls) / float64(c.Clients); r.Amplification != want {
			t.Errorf("%s: amplification %v, want %v", j, r.Amplification, want)
		}
	}
}

// TestHerdBudgetBoundsAmplification: during an outage longer than every
// retry, amplification is 1 + MaxRetries without a budget and at most
// 1 + ratio + burst/clients with one.
func TestHerdBudgetBoundsAmplification(t *testing.T) {
	c := HerdConfig{Clients: 5000, Outage: time.Hour, Spread: 10 * time.Second, Seed: 3}
	if r := (Policy{}).Herd(c); r.Amplification != 3 || r.GaveUp != c.Clients {
		t.Errorf("no budget: amplification %v, gave up %d; want 3, %d", r.Amplification, r.GaveUp, c.Clients)
	}
	r := Policy{Budget: NewBudget(0.1, 10)}.Herd(c)
	if bound := 1 + 0.1 + 10.0/float64(c.Clients); r.Amplification > bound {
		t.Errorf("budget: amplification %v, want ≤ %v", r.Amplification, bound)
	}
}

// TestHerdDeterministic: the same seed gives the same result; another seed
// a different one.
func TestHerdDeterministic(t *testing.T) {
	c := HerdConfig{Clients: 500, Outage: 3 * time.Second, Capacity: 100, Spread: 2 * time.Second, Seed: 42, Bucket: 250 * time.Millisecond}
	p := ForAPI(catalog.BabySea)
	a, _ := json.Marshal(p.Herd(c))
	b, _ := json.Marshal(p.Herd(c))
	if string(a) != string(b) {
		t.Fatal("same seed, different results")
	}
	c.Seed++
	if d, _ := json.Marshal(p.Herd(c)); string(d) == string(a) {
		t.Error("different seeds, same result")
	}
}

func TestHerdLimits(t *testing.T) {
	tests := []struct {
		name string
		c    HerdConfig
	}{
		{"no clients", HerdConfig{}},
		{"negative everything", HerdConfig{Clients: -5, Outage: -time.Second, Capacity: -1, Spread: -time.Second, Bucket: -time.Second}},
		{"tiny bucket, long run", HerdConfig{Clients: 10, Outage: time.Hour, Bucket: time.Nanosecond}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Policy{MaxRetries: 1000, RetryAfterDefault: 1000 * time.Hour}.Herd(tt.c)
			if len(r.Buckets) > MaxHerdBuckets || r.BucketMS < 1 {
				t.Errorf("%d buckets of %d ms", len(r.Buckets), r.BucketMS)
			}
			if r.TotalCalls > max(tt.c.Clients, 0)*(1+MaxSimRetries) {
				t.Errorf("%d calls: MaxSimRetries not applied", r.TotalCalls)
			}
		})
	}
}

func BenchmarkHerd10k(b *testing.B) {
	c := HerdConfig{API: catalog.BabySea, Clients: 10_000, Outage: 5 * time.Second, Capacity: 2000, Spread: 2 * time.Second, Seed: 1}
	p := ForAPI(catalog.BabySea)
	b.ReportAllocs()
	var calls int
	for b.Loop() {
		calls = p.Herd(c).TotalCalls
	}
	b.ReportMetric(float64(calls), "calls/op")
}
