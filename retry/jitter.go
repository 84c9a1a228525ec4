package retry

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// A Jitter names how backoff delays are randomised (Marc Brooker,
// "Exponential Backoff And Jitter", AWS Architecture Blog, 2015).
type Jitter string

// The jitter kinds. With exp = min(BaseDelay × 2^(n−1), MaxDelay) for the
// n-th failed attempt and r uniform in [0, 1):
const (
	JitterNone         Jitter = "none"         // exp: 1 s, 2 s, 4 s … (clients stay in lockstep)
	JitterFull         Jitter = "full"         // r × exp (fewest calls; the TypeScript SDK's choice)
	JitterEqual        Jitter = "equal"        // exp/2 + r × exp/2
	JitterDecorrelated Jitter = "decorrelated" // min(MaxDelay, BaseDelay + r × (3 × previous delay − BaseDelay)); previous starts at BaseDelay
	JitterAdditive     Jitter = "additive"     // exp + r × JitterMax (Aionvision's documented 2^n + random×0.5 s)
)

// Jitters lists every jitter kind, in display order.
var Jitters = []Jitter{JitterNone, JitterFull, JitterEqual, JitterDecorrelated, JitterAdditive}

// Label names the kind for people: "no jitter", "full jitter". The empty
// Jitter, like an unknown one, is labelled as DefaultJitter.
func (j Jitter) Label() string {
	switch j {
	case JitterNone:
		return "no jitter"
	case JitterFull, JitterEqual, JitterDecorrelated, JitterAdditive:
		return string(j) + " jitter"
	}
	return DefaultJitter.Label()
}

// ParseJitter resolves a user-typed jitter name, ignoring case and spaces.
// The empty string is JitterFull, the default.
func ParseJitter(s string) (Jitter, error) {
	n := Jitter(strings.ToLower(strings.TrimSpace(s)))
	if n == "" {
		return DefaultJitter, nil
	}
	for _, j := range Jitters {
		if n == j {
			return j, nil
		}
	}
	return "", fmt.Errorf("unknown jitter %q (valid: none, full, equal, decorrelated, additive)", s)
}

// Backoff returns the computed delay after the attempt-th failed attempt
// (1-based), ignoring any server-named delay. prev is the delay used
// before this one (0 for the first retry); only JitterDecorrelated reads
// it. The result is between 0 and the policy's MaxDelay (plus JitterMax
// for JitterAdditive), and never overflows, however large attempt is. Randomness comes from p.Rand.
func (p Policy) Backoff(attempt int, prev time.Duration) time.Duration {
	return p.backoff(attempt, prev, p.rand)
}

func (p Policy) backoff(attempt int, prev time.Duration, rnd func() float64) time.Duration {
	base, max := p.baseDelay(), p.maxDelay()
	if base > max {
		base = max
	}
	exp := expDelay(base, max, attempt)
	switch p.jitter() {
	case JitterNone:
		return exp
	case JitterAdditive:
		return exp + scale(p.jitterMax(), rnd())
	case JitterEqual:
		half := exp / 2
		return half + scale(exp-half, rnd())
	case JitterDecorrelated:
		if prev < base {
			prev = base
		}
		// min(max, U(base, 3 × prev)), the AWS blog's form, computed in
		// float64 so that 3 × prev cannot overflow.
		d := float64(base) + rnd()*(3*float64(prev)-float64(base))
		if d >= float64(max) {
			return max
		}
		return time.Duration(d)
	default: // JitterFull
		return scale(exp, rnd())
	}
}

// expDelay returns min(base × 2^(attempt−1), max) without overflow.
func expDelay(base, max time.Duration, attempt int) time.Duration {
	if attempt < 1 {
		attempt = 1
	}
	if base <= 0 {
		return 0
	}
	shift := attempt - 1
	if shift >= 62 || base > max>>uint(shift) {
		return max
	}
	return base << uint(shift)
}

// scale returns d × r for r in [0, 1], rounded down, without overflow.
func scale(d time.Duration, r float64) time.Duration {
	if d <= 0 || !(r > 0) {
		return 0
	}
	if r >= 1 {
		return d
	}
	v := math.Floor(float64(d) * r)
	if v >= float64(d) {
		return d
	}
	return time.Duration(v)
}

// BackoffRange returns the least and the greatest delay [Policy.Backoff]
// can return after the attempt-th failed attempt (prev as for Backoff):
// the same value twice for JitterNone. Reports use it to say "a random
// wait of 0 to 1 s" without drawing a random number.
func (p Policy) BackoffRange(attempt int, prev time.Duration) (lo, hi time.Duration) {
	return p.backoff(attempt, prev, func() float64 { return 0 }), p.backoff(attempt, prev, func() float64 { return 1 })
}
