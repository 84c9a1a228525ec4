package retry

import (
	"sync"
	"testing"
)

// storm plays n requests against a server where every attempt fails with a
// retryable 503 and returns the attempts made.
func storm(p Policy, n int) int {
	attempts := 0
	for range n {
		if p.Budget != nil {
			p.Budget.Request()
		}
		for a := 1; ; a++ {
			attempts++
			if !p.Decide(Call{Attempt: a}, Failure{Err: apiErr(503)}).Retry {
				break
			}
		}
	}
	return attempts
}

// TestBudgetStorm: under a 100% failure storm the budget keeps
// attempts/requests ≤ 1 + ratio + burst/requests, where without it the load
// is 1 + MaxRetries.
func TestBudgetStorm(t *testing.T) {
	const n = 10_000
	if got := storm(Policy{Rand: half}, n); got != 3*n {
		t.Fatalf("no budget: %d attempts for %d requests, want %d", got, n, 3*n)
	}
	tests := []struct {
		ratio float64
		burst int
		retry int
	}{
		{0.1, 10, 2},
		{0.2, 10, 2},
		{0.1, 100, 5},
		{0.5, 2, 2},
		{0, 10, 2},
	}
	for _, tt := range tests {
		p := Policy{Rand: half, MaxRetries: tt.retry, Budget: NewBudget(tt.ratio, tt.burst)}
		got := float64(storm(p, n)) / n
		bound := 1 + tt.ratio + float64(tt.burst)/n
		if got > bound {
			t.Errorf("ratio %v burst %d: amplification %.4f, want ≤ %.4f", tt.ratio, tt.burst, got, bound)
		}
		// The budget is used, not merely refusing everything.
		if floor := 1 + tt.ratio - 0.01; got < floor {
			t.Errorf("ratio %v burst %d: amplification %.4f, want ≥ %.4f", tt.ratio, tt.burst, got, floor)
		}
	}
}

// TestBudgetLightFailure: with few failures and successful retries the
// budget stays full and every retry the policy wants is made.
func TestBudgetLightFailure(t *testing.T) {
	b := NewBudget(0.1, 10)
	p := Policy{Rand: half, Budget: b}
	for i := range 1000 {
		b.Request()
		if i%20 == 0 { // 5% of requests fail once, then succeed
			if !p.Decide(Call{Attempt: 1}, Failure{Err: apiErr(503)}).Retry {
				t.Fatalf("request %d: retry refused with %v tokens", i, b.Tokens())
			}
			b.Success()
		}
	}
	if b.Tokens() != 10 {
		t.Errorf("Tokens() = %v after light failure, want full (10)", b.Tokens())
	}
}

func TestBudgetLimits(t *testing.T) {
	var zero Budget
	if zero.Allow() {
		t.Error("zero Budget allowed a retry")
	}
	b := NewBudget(-1, 0)
	if b.Tokens() != 2 {
		t.Errorf("NewBudget(-1, 0).Tokens() = %v, want 2 (burst raised to 2)", b.Tokens())
	}
	b.Request()
	if b.Tokens() != 2 {
		t.Errorf("Request() on a full budget: Tokens() = %v, want 2", b.Tokens())
	}
	if !b.Spend(TimeoutRetryCost) || b.Spend(RetryCost) {
		t.Error("want one timeout retry, then nothing")
	}
	b.Request() // ratio 0: no deposit
	if b.Tokens() != 0 {
		t.Errorf("negative ratio deposited: Tokens() = %v", b.Tokens())
	}
	b.Success()
	b.Success()
	b.Success()
	if b.Tokens() != 2 {
		t.Errorf("refunds exceed the burst: Tokens() = %v", b.Tokens())
	}
}

// TestBudgetConcurrent: concurrent use keeps the bound (run with -race).
func TestBudgetConcurrent(t *testing.T) {
	b := NewBudget(0.1, 10)
	var wg sync.WaitGroup
	var mu sync.Mutex
	spent := 0
	for range 8 {
		wg.Go(func() {
			for range 1000 {
				b.Request()
				if b.Allow() {
					mu.Lock()
					spent++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if max := 10 + 0.1*8000; float64(spent) > max+1e-9 || b.Tokens() < 0 {
		t.Errorf("spent %d retries (bound %v), %v tokens left", spent, max, b.Tokens())
	}
}
