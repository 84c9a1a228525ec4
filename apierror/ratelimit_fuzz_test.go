package apierror

import (
	"strings"
	"testing"
	"time"
)

// FuzzRateLimitHeaders runs the rate-limit readers (X-RateLimit-*, the
// IETF RateLimit and RateLimit-Policy headers, Retry-After) on any values:
// no panic, counts never negative, a reset never before the year 2000 for
// a delta, and every problem one line.
func FuzzRateLimitHeaders(f *testing.F) {
	f.Add("limit=100, remaining=0, reset=30", "100;w=60", "", "")
	f.Add(`"default";r=0;t=30`, `"default";q=100;w=60, "daily";q=1000;w=86400`, "10", "1795320060")
	f.Add("remaining=-1, reset=1e309", ";w=", "3s", "-5")
	f.Add(`l=1;r=2;t="x"`, `q=,w=60`, "Sun, 22 Nov 2026 04:00:00 GMT", "Sun, 22 Nov 2026 03:00:00 GMT")
	date := time.Date(2026, 11, 22, 4, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, rateLimit, policy, retryAfter, reset string) {
		h := Header{}
		h.add("Date", date.Format(httpDateLayouts[0]))
		for name, v := range map[string]string{"RateLimit": rateLimit, "RateLimit-Policy": policy, "Retry-After": retryAfter, "X-RateLimit-Reset": reset} {
			if v != "" && !strings.ContainsAny(v, "\r\n") {
				h.add(name, v)
			}
		}
		e := Parse(429, h, []byte(`{"error":"slow down","code":"RATE_LIMIT_EXCEEDED"}`), Options{Now: date})
		rl := e.RateLimit
		if rl.Limit != nil && *rl.Limit < 0 || rl.Remaining != nil && *rl.Remaining < 0 || rl.HasRetryAfter && rl.RetryAfter < 0 {
			t.Fatalf("negative rate-limit state: %+v", rl)
		}
		if strings.ContainsAny(rl.Policy, "\r\n") {
			t.Fatalf("policy %q is not one line", rl.Policy)
		}
		checkLine(t, e)
	})
}
