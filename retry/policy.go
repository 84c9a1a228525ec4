package retry

import (
	"math/rand/v2"
	"time"

	"github.com/errscope/errscope/catalog"
)

// Defaults used by a zero [Policy].
const (
	// DefaultMaxRetries is the number of retries after the first attempt
	// (three attempts in all), as in the BabySea TypeScript SDK.
	DefaultMaxRetries = 2
	// DefaultBaseDelay is the backoff after the first failed attempt.
	DefaultBaseDelay = time.Second
	// DefaultMaxDelay caps one backoff delay.
	DefaultMaxDelay = 30 * time.Second
	// DefaultJitter is the jitter kind of a zero Policy.
	DefaultJitter = JitterFull
	// DefaultJitterMax is the largest random extra of JitterAdditive.
	DefaultJitterMax = 500 * time.Millisecond
	// DefaultRetryAfterCap is the longest server-named delay obeyed; a
	// longer one stops retrying instead of sleeping.
	DefaultRetryAfterCap = 60 * time.Second
)

// A Policy decides whether and when to retry a failed request. The zero
// Policy is valid: every field documents its default. A Policy is a value;
// copies share only the [Budget] pointer, which is safe for concurrent use.
type Policy struct {
	// MaxRetries is the number of retries after the first attempt.
	// 0 means DefaultMaxRetries (2); a negative value means no retries.
	MaxRetries int
	// BaseDelay is the backoff after the first failed attempt; each later
	// attempt doubles it. Zero or negative means DefaultBaseDelay (1 s).
	BaseDelay time.Duration
	// MaxDelay caps one backoff delay (not a server-named delay; see
	// RetryAfterCap). Zero or negative means DefaultMaxDelay (30 s).
	MaxDelay time.Duration
	// Jitter is how backoff delays are randomised. "" means JitterFull.
	// An unknown value is treated as JitterFull.
	Jitter Jitter
	// JitterMax is the largest random extra that JitterAdditive adds to
	// the exponential delay. Zero or negative means DefaultJitterMax
	// (500 ms). Other jitter kinds ignore it.
	JitterMax time.Duration
	// RetryAfterCap is the longest server-named delay (Retry-After and its
	// body equivalents) that is obeyed. A longer one stops retrying at
	// once, without sleeping, and the caller gets the error with its
	// RetryAfter. Zero or negative means DefaultRetryAfterCap (60 s).
	RetryAfterCap time.Duration
	// RetryAfterDefault is the wait on a 429 that names no delay
	// (Aionvision documents 5 s). Zero or negative means backoff.
	RetryAfterDefault time.Duration
	// BodyFlagDecides makes an explicit "retryable" boolean in the
	// response body decide, instead of the status code and catalog
	// (BabySea's documented rule: a 503 with retryable:false is not
	// retried, a 409 with retryable:true is).
	BodyFlagDecides bool
	// Rand returns a number in [0, 1) for jitter. Nil means math/rand/v2's
	// global source. [Policy.Schedule] and [Policy.Herd] ignore it and use
	// a generator seeded from their input.
	Rand func() float64
	// Budget, if not nil, bounds how many retries the policy may make
	// relative to first attempts; see [Budget]. [Policy.Decide] spends a
	// token for every retry it allows. Nil means no budget.
	Budget *Budget
}

// ForAPI returns the documented default policy of api, from the catalog's
// [catalog.RetryDefaults] (the single source of truth for per-API numbers).
// An API missing from the catalog gets the zero Policy. A catalog
// max_retries of 0 means no retries (MaxRetries -1); an unknown jitter
// name means JitterFull. Rand and Budget are left nil.
func ForAPI(api catalog.API) Policy {
	info, ok := catalog.Info(api)
	if !ok {
		return Policy{}
	}
	r := info.Retry
	p := Policy{
		MaxRetries:        r.MaxRetries,
		BaseDelay:         time.Duration(r.BaseDelayMS) * time.Millisecond,
		MaxDelay:          time.Duration(r.MaxDelayMS) * time.Millisecond,
		JitterMax:         time.Duration(r.JitterMaxMS) * time.Millisecond,
		RetryAfterDefault: time.Duration(r.RetryAfterDefaultMS) * time.Millisecond,
		BodyFlagDecides:   r.RetryBodyFlag,
	}
	if p.MaxRetries == 0 {
		p.MaxRetries = -1
	}
	if j, err := ParseJitter(r.Jitter); err == nil {
		p.Jitter = j
	}
	return p
}

// With returns p with every field that o sets (a non-zero value) replaced
// by o's: the way to change one number of an API's policy and keep the
// rest, retry.ForAPI(catalog.BabySea).With(retry.Policy{MaxRetries: 3}).
// Zero fields of o keep p's value, so With cannot clear a field: a
// negative MaxRetries (no retries) is set, but BodyFlagDecides can only be
// turned on. Rand and Budget are taken from o when not nil.
func (p Policy) With(o Policy) Policy {
	if o.MaxRetries != 0 {
		p.MaxRetries = o.MaxRetries
	}
	if o.BaseDelay > 0 {
		p.BaseDelay = o.BaseDelay
	}
	if o.MaxDelay > 0 {
		p.MaxDelay = o.MaxDelay
	}
	if o.Jitter != "" {
		p.Jitter = o.Jitter
	}
	if o.JitterMax > 0 {
		p.JitterMax = o.JitterMax
	}
	if o.RetryAfterCap > 0 {
		p.RetryAfterCap = o.RetryAfterCap
	}
	if o.RetryAfterDefault > 0 {
		p.RetryAfterDefault = o.RetryAfterDefault
	}
	p.BodyFlagDecides = p.BodyFlagDecides || o.BodyFlagDecides
	if o.Rand != nil {
		p.Rand = o.Rand
	}
	if o.Budget != nil {
		p.Budget = o.Budget
	}
	return p
}

// Effective returns p with each default spelled out: the numbers Decide
// really uses, for showing a policy to people. MaxRetries is the number
// of retries made (0 for none), BaseDelay, MaxDelay, JitterMax and
// RetryAfterCap their defaults when unset, Jitter a known kind.
// RetryAfterDefault stays 0 when the policy backs off instead. The result
// is for reading: passed back to Decide, a MaxRetries of 0 would mean the
// default again.
func (p Policy) Effective() Policy {
	p.MaxRetries = p.maxRetries()
	p.BaseDelay, p.MaxDelay = p.baseDelay(), p.maxDelay()
	p.Jitter, p.JitterMax = p.jitter(), p.jitterMax()
	p.RetryAfterCap = p.retryAfterCap()
	if p.RetryAfterDefault < 0 {
		p.RetryAfterDefault = 0
	}
	return p
}

// maxRetries returns the effective number of retries (0 or more).
func (p Policy) maxRetries() int {
	switch {
	case p.MaxRetries < 0:
		return 0
	case p.MaxRetries == 0:
		return DefaultMaxRetries
	}
	return p.MaxRetries
}

// Attempts returns the most attempts the policy makes for one request:
// 1 + the effective MaxRetries.
func (p Policy) Attempts() int { return 1 + p.maxRetries() }

func (p Policy) baseDelay() time.Duration {
	if p.BaseDelay <= 0 {
		return DefaultBaseDelay
	}
	return p.BaseDelay
}

func (p Policy) maxDelay() time.Duration {
	if p.MaxDelay <= 0 {
		return DefaultMaxDelay
	}
	return p.MaxDelay
}

func (p Policy) retryAfterCap() time.Duration {
	if p.RetryAfterCap <= 0 {
		return DefaultRetryAfterCap
	}
	return p.RetryAfterCap
}

func (p Policy) jitter() Jitter {
	switch p.Jitter {
	case JitterNone, JitterFull, JitterEqual, JitterDecorrelated, JitterAdditive:
		return p.Jitter
	}
	return DefaultJitter
}

func (p Policy) jitterMax() time.Duration {
	if p.JitterMax <= 0 {
		return DefaultJitterMax
	}
	return p.JitterMax
}

func (p Policy) rand() float64 {
	if p.Rand == nil {
		return rand.Float64()
	}
	r := p.Rand()
	// Guard against a generator outside [0, 1).
	if !(r >= 0) {
		return 0
	}
	if r >= 1 {
		return 0.9999999999999999
	}
	return r
}
