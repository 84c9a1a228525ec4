package retry

import (
	"testing"
	"time"

	"github.com/errscope/errscope/catalog"
)

func TestPolicyWith(t *testing.T) {
	base := ForAPI(catalog.BabySea)
	tests := []struct {
		name string
		o    Policy
		want func(Policy) bool
	}{
		{"zero keeps everything", Policy{}, func(p Policy) bool {
			return p.MaxRetries == base.MaxRetries && p.BodyFlagDecides && p.Jitter == base.Jitter
		}},
		{"MaxRetries keeps the body flag", Policy{MaxRetries: 3}, func(p Policy) bool { return p.Attempts() == 4 && p.BodyFlagDecides }},
		{"no retries", Policy{MaxRetries: -1}, func(p Policy) bool { return p.Attempts() == 1 && p.BodyFlagDecides }},
		{"jitter and cap", Policy{Jitter: JitterNone, RetryAfterCap: 5 * time.Second}, func(p Policy) bool {
			return p.Jitter == JitterNone && p.RetryAfterCap == 5*time.Second && p.BaseDelay == base.BaseDelay
		}},
	}
	for _, tt := range tests {
		if got := base.With(tt.o); !tt.want(got) {
			t.Errorf("%s: ForAPI(babysea).With(%+v) = %+v", tt.name, tt.o, got)
		}
	}
	b := NewBudget(0.1, 1)
	if got := (Policy{}).With(Policy{Budget: b}); got.Budget != b {
		t.Errorf("With dropped the budget")
	}
}

func TestPolicyEffective(t *testing.T) {
	e := (Policy{}).Effective()
	if e.MaxRetries != DefaultMaxRetries || e.BaseDelay != DefaultBaseDelay || e.MaxDelay != DefaultMaxDelay ||
		e.Jitter != DefaultJitter || e.JitterMax != DefaultJitterMax || e.RetryAfterCap != DefaultRetryAfterCap || e.RetryAfterDefault != 0 {
		t.Errorf("Policy{}.Effective() = %+v, want every default", e)
	}
	if n := (Policy{MaxRetries: -1}).Effective().MaxRetries; n != 0 {
		t.Errorf("no retries: Effective().MaxRetries = %d, want 0", n)
	}
}

func TestBackoffRange(t *testing.T) {
	tests := []struct {
		p      Policy
		lo, hi time.Duration
	}{
		{Policy{}, 0, time.Second},
		{Policy{Jitter: JitterNone}, time.Second, time.Second},
		{Policy{Jitter: JitterEqual}, 500 * time.Millisecond, time.Second},
		{Policy{Jitter: JitterAdditive}, time.Second, 1500 * time.Millisecond},
	}
	for _, tt := range tests {
		if lo, hi := tt.p.BackoffRange(1, 0); lo != tt.lo || hi != tt.hi {
			t.Errorf("%s: BackoffRange(1, 0) = %v, %v; want %v, %v", tt.p.Jitter, lo, hi, tt.lo, tt.hi)
		}
	}
}
