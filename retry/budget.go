package retry

import (
	"errors"
	"math"
	"sync"
)

// Budget defaults, after the Google SRE book's per-client retry budget
// ("retry only while retries are below 10% of requests").
const (
	DefaultBudgetRatio = 0.1
	DefaultBudgetBurst = 10
)

// Token costs of one retry. A retry after a per-attempt timeout costs
// more, as in the AWS SDK's retry quota (10 vs 5 tokens): the timed-out
// attempt probably kept the server busy.
const (
	RetryCost        = 1.0
	TimeoutRetryCost = 2.0
)

// ErrBudgetExhausted is the cause recorded when a retry was refused because
// the [Budget] was empty.
var ErrBudgetExhausted = errors.New("retry budget exhausted")

// A Budget bounds retry amplification with a token bucket shared by every
// request of one client (a ratio budget in the style of the SRE book,
// Finagle and gRPC's retry throttle, with AWS's refund on success).
//
// The bucket holds at most Burst tokens and starts full. Every request
// (first attempt) deposits Ratio tokens, every retry withdraws
// [RetryCost] (or [TimeoutRetryCost]) tokens and is refused when the bucket
// holds less, and a retried request that finally succeeds gets
// [RetryCost] back. Because the bucket never goes below zero,
//
//	retries ≤ Burst + Ratio × requests + successful retried requests
//
// so under a storm where every attempt fails the load is at most
// (1 + Ratio) × requests + Burst attempts instead of (1 + MaxRetries) ×
// requests. With little failure the bucket stays full and retries are
// unaffected.
//
// A Budget is safe for concurrent use. The zero Budget has no tokens and
// allows no retries; create one with [NewBudget].
type Budget struct {
	mu     sync.Mutex
	ratio  float64
	burst  float64
	tokens float64
}

// NewBudget returns a full budget that lets retries reach ratio of requests
// (0.1 = 10%) plus a burst of up to burst retries. A negative or NaN ratio
// counts as 0; a burst below 2 counts as 2, so that a timeout retry can be
// afforded at all.
func NewBudget(ratio float64, burst int) *Budget {
	if !(ratio > 0) {
		ratio = 0
	}
	b := float64(burst)
	if b < 2 {
		b = 2
	}
	return &Budget{ratio: ratio, burst: b, tokens: b}
}

// fresh returns a full budget with the same parameters, for simulations
// that must not touch the caller's live budget. A nil budget stays nil.
func (b *Budget) fresh() *Budget {
	if b == nil {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return &Budget{ratio: b.ratio, burst: b.burst, tokens: b.burst}
}

// Request records a new request (its first attempt) and deposits Ratio
// tokens, up to Burst.
func (b *Budget) Request() { b.add(0) }

// Success records that a request which had been retried finally
// succeeded and refunds [RetryCost], up to Burst. Do not call it for
// requests that succeeded on their first attempt.
func (b *Budget) Success() { b.add(RetryCost) }

// add deposits n tokens, or Ratio tokens when n is 0, up to Burst.
func (b *Budget) add(n float64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if n == 0 {
		n = b.ratio
	}
	b.tokens = math.Min(b.burst, b.tokens+n)
}

// Allow withdraws [RetryCost] for one retry and reports whether the
// bucket held enough.
func (b *Budget) Allow() bool { return b.Spend(RetryCost) }

// Spend withdraws cost tokens and reports whether the bucket held that
// many; when it did not, nothing is withdrawn.
func (b *Budget) Spend(cost float64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tokens < cost {
		return false
	}
	b.tokens -= cost
	return true
}

// Tokens returns the tokens left in the bucket.
func (b *Budget) Tokens() float64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.tokens
}
