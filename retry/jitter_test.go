package retry

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/errscope/errscope/catalog"
)

func constRand(r float64) func() float64 { return func() float64 { return r } }

func TestBackoff(t *testing.T) {
	const s = time.Second
	tests := []struct {
		name    string
		p       Policy
		attempt int
		prev    time.Duration
		want    time.Duration
	}{
		{"none 1", Policy{Jitter: JitterNone}, 1, 0, 1 * s},
		{"none 2", Policy{Jitter: JitterNone}, 2, 0, 2 * s},
		{"none 5", Policy{Jitter: JitterNone}, 5, 0, 16 * s},
		{"none capped", Policy{Jitter: JitterNone}, 6, 0, 30 * s},
		{"none huge attempt", Policy{Jitter: JitterNone}, math.MaxInt, 0, 30 * s},
		{"none attempt 0 counts as 1", Policy{Jitter: JitterNone}, 0, 0, 1 * s},
		{"none base above max", Policy{Jitter: JitterNone, BaseDelay: time.Minute, MaxDelay: 10 * s}, 1, 0, 10 * s},
		{"none huge base", Policy{Jitter: JitterNone, BaseDelay: math.MaxInt64 / 2, MaxDelay: math.MaxInt64}, 3, 0, math.MaxInt64},
		{"full r=0", Policy{Rand: constRand(0)}, 3, 0, 0},
		{"full r=0.5", Policy{Rand: constRand(0.5)}, 3, 0, 2 * s},
		{"full default jitter", Policy{Jitter: "bogus", Rand: constRand(0.5)}, 1, 0, s / 2},
		{"equal r=0", Policy{Jitter: JitterEqual, Rand: constRand(0)}, 2, 0, 1 * s},
		{"equal r=0.5", Policy{Jitter: JitterEqual, Rand: constRand(0.5)}, 2, 0, 1500 * time.Millisecond},
		{"decorrelated r=0 is base", Policy{Jitter: JitterDecorrelated, Rand: constRand(0)}, 4, 5 * s, 1 * s},
		{"decorrelated first uses base as prev", Policy{Jitter: JitterDecorrelated, Rand: constRand(0.5)}, 1, 0, 2 * s},
		{"decorrelated grows from prev", Policy{Jitter: JitterDecorrelated, Rand: constRand(0.5)}, 2, 4 * s, 6500 * time.Millisecond},
		{"decorrelated capped", Policy{Jitter: JitterDecorrelated, Rand: constRand(0.9)}, 2, 20 * s, 30 * s},
		{"decorrelated huge prev", Policy{Jitter: JitterDecorrelated, Rand: constRand(0.9)}, 2, math.MaxInt64, 30 * s},
		{"additive r=0.5", Policy{Jitter: JitterAdditive, Rand: constRand(0.5)}, 2, 0, 2250 * time.Millisecond},
		{"additive custom max", Policy{Jitter: JitterAdditive, JitterMax: 2 * s, Rand: constRand(0.5)}, 1, 0, 2 * s},
		{"rand out of range is clamped", Policy{Rand: constRand(7)}, 1, 0, s - 1},
		{"rand NaN is 0", Policy{Rand: constRand(math.NaN())}, 1, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.Backoff(tt.attempt, tt.prev); got != tt.want {
				t.Errorf("Backoff(%d, %v) = %v, want %v", tt.attempt, tt.prev, got, tt.want)
			}
		})
	}
}

// TestBackoffBounds: for every jitter kind, random numbers and attempts,
// the delay stays in [0, MaxDelay (+ JitterMax for additive)].
func TestBackoffBounds(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, j := range Jitters {
		p := Policy{Jitter: j, BaseDelay: 100 * time.Millisecond, MaxDelay: 10 * time.Second, Rand: r.Float64}
		limit := p.MaxDelay
		if j == JitterAdditive {
			limit += DefaultJitterMax
		}
		var prev time.Duration
		for _, attempt := range []int{1, 2, 3, 7, 30, 62, 63, 64, 1000, math.MaxInt} {
			for range 50 {
				d := p.Backoff(attempt, prev)
				if d < 0 || d > limit {
					t.Fatalf("%s: Backoff(%d, %v) = %v, want within [0, %v]", j, attempt, prev, d, limit)
				}
				prev = d
			}
		}
	}
}

func TestParseJitter(t *testing.T) {
	for _, j := range Jitters {
		if got, err := ParseJitter(" " + string(j) + " "); err != nil || got != j {
			t.Errorf("ParseJitter(%q) = %q, %v", j, got, err)
		}
	}
	if got, err := ParseJitter("FULL"); err != nil || got != JitterFull {
		t.Errorf("ParseJitter(FULL) = %q, %v", got, err)
	}
	if got, err := ParseJitter(""); err != nil || got != DefaultJitter {
		t.Errorf("ParseJitter(\"\") = %q, %v, want the default", got, err)
	}
	if _, err := ParseJitter("exponential"); err == nil {
		t.Error("ParseJitter(exponential): want an error")
	}
}

// TestForAPI: every API's policy carries its catalog retry defaults, and
// every jitter name in the catalog is one the policy knows.
func TestForAPI(t *testing.T) {
	for _, info := range catalog.APIs() {
		t.Run(string(info.ID), func(t *testing.T) {
			r := info.Retry
			j, err := ParseJitter(r.Jitter)
			if err != nil {
				t.Fatalf("catalog jitter %q: %v", r.Jitter, err)
			}
			p := ForAPI(info.ID)
			if p.Attempts() != 1+r.MaxRetries {
				t.Errorf("Attempts() = %d, want 1 + %d", p.Attempts(), r.MaxRetries)
			}
			if p.BaseDelay != time.Duration(r.BaseDelayMS)*time.Millisecond || p.MaxDelay != time.Duration(r.MaxDelayMS)*time.Millisecond {
				t.Errorf("delays = %v, %v; catalog says %d ms, %d ms", p.BaseDelay, p.MaxDelay, r.BaseDelayMS, r.MaxDelayMS)
			}
			if p.Jitter != j || p.JitterMax != time.Duration(r.JitterMaxMS)*time.Millisecond {
				t.Errorf("jitter = %q ± %v; catalog says %q ± %d ms", p.Jitter, p.JitterMax, r.Jitter, r.JitterMaxMS)
			}
			if p.RetryAfterDefault != time.Duration(r.RetryAfterDefaultMS)*time.Millisecond || p.BodyFlagDecides != r.RetryBodyFlag {
				t.Errorf("RetryAfterDefault = %v, BodyFlagDecides = %v; catalog says %d ms, %v", p.RetryAfterDefault, p.BodyFlagDecides, r.RetryAfterDefaultMS, r.RetryBodyFlag)
			}
		})
	}
	if p := ForAPI("nope"); p.Attempts() != 1+DefaultMaxRetries || p.Jitter != "" || p.BodyFlagDecides {
		t.Errorf("ForAPI(unknown) = %+v, want the zero policy", p)
	}
}

func TestJitterLabel(t *testing.T) {
	tests := []struct {
		j    Jitter
		want string
	}{
		{JitterNone, "no jitter"},
		{JitterFull, "full jitter"},
		{JitterEqual, "equal jitter"},
		{JitterDecorrelated, "decorrelated jitter"},
		{JitterAdditive, "additive jitter"},
		{"", "full jitter"},
		{"wild", "full jitter"},
	}
	for _, tt := range tests {
		if got := tt.j.Label(); got != tt.want {
			t.Errorf("Jitter(%q).Label() = %q, want %q", tt.j, got, tt.want)
		}
	}
}
