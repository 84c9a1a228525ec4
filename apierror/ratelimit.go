package apierror

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/errscope/errscope/internal/durtext"
)

// maxRetryAfter is the longest wait a Retry-After is read as: larger or
// overflowing values mean "very long", never 0.
const maxRetryAfter = 100 * 365 * 24 * time.Hour

// httpDateLayouts are the three HTTP-date formats of RFC 9110 §5.6.7:
// IMF-fixdate, RFC 850 and asctime.
var httpDateLayouts = []string{
	"Mon, 02 Jan 2006 15:04:05 GMT",
	"Monday, 02-Jan-06 15:04:05 GMT",
	"Mon Jan _2 15:04:05 2006",
}

// ParseHTTPDate parses an HTTP-date in any of the three formats RFC 9110
// requires recipients to accept (IMF-fixdate, RFC 850, asctime). The result
// is in UTC.
func ParseHTTPDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range httpDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// ParseRetryAfter reads a Retry-After value: delay-seconds (optional white
// space trimmed) or an HTTP-date, which is resolved against base (the
// response's Date, else now). Past dates give 0. Values too large for a
// Duration, or beyond 100 years, give 100 years. ok is false for anything
// else ("+3", "3s", "-1", "1.5"), and problem then says why in one sentence.
func ParseRetryAfter(value string, base time.Time) (wait time.Duration, ok bool, problem string) {
	v := strings.Trim(value, " \t")
	q := strconv.Quote(clip(value, 60))
	if v == "" {
		return 0, false, "Retry-After is empty"
	}
	if allDigits(v) {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil || n > uint64(maxRetryAfter/time.Second) {
			return maxRetryAfter, true, "Retry-After " + q + " is more than 100 years; treated as 100 years"
		}
		return time.Duration(n) * time.Second, true, ""
	}
	if t, ok := ParseHTTPDate(v); ok {
		d := t.Sub(base)
		switch {
		case d < 0:
			d = 0
		case d > maxRetryAfter:
			d = maxRetryAfter
		}
		return d, true, ""
	}
	if f, err := strconv.ParseFloat(v, 64); (err == nil || math.IsInf(f, 1)) && strings.IndexByte("0123456789-.", v[0]) >= 0 {
		switch {
		case f > maxRetryAfter.Seconds():
			return maxRetryAfter, true, "Retry-After " + q + " is not a whole number of seconds, and more than 100 years; treated as 100 years"
		case f < 0:
			return 0, false, "Retry-After " + q + " is negative; ignored"
		}
		return 0, false, "Retry-After " + q + " is not a whole number of seconds; ignored"
	}
	return 0, false, "Retry-After " + q + " is not a number of seconds or an HTTP-date"
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// rateLimit reads the rate-limit headers and settles RetryAfter from the
// Retry-After header or, failing that, the body's hints.
func (d *decoder) rateLimit(h folded) {
	rl := &d.e.RateLimit
	base := d.now
	dated := false // base is the response's Date
	if v := h.get("Date"); v != "" {
		if t, ok := ParseHTTPDate(v); ok {
			base, dated = t, true
			d.e.Request.Time = t
		} else {
			d.problemf("Date header %s is not an HTTP-date; times were resolved against the current time", strconv.Quote(clip(v, 60)))
		}
	}
	prefix := "X-RateLimit-"
	if h.get("X-RateLimit-Limit") == "" && h.get("X-RateLimit-Remaining") == "" && h.get("X-RateLimit-Reset") == "" &&
		(h.get("RateLimit-Limit") != "" || h.get("RateLimit-Remaining") != "" || h.get("RateLimit-Reset") != "") {
		prefix = "RateLimit-"
	}
	if h.get(prefix+"Limit") != "" || h.get(prefix+"Remaining") != "" || h.get(prefix+"Reset") != "" {
		rl.Headers = prefix + "*"
	}
	rl.Limit = d.count(h, prefix+"Limit")
	rl.Remaining = d.count(h, prefix+"Remaining")
	if v := strings.TrimSpace(h.get(prefix + "Reset")); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		switch {
		case err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0:
			if t, ok := ParseHTTPDate(v); ok {
				rl.Reset = t
			} else {
				d.problemf("%sReset %s is not a number of seconds", prefix, strconv.Quote(clip(v, 60)))
			}
		case f < 1e9 || prefix == "RateLimit-":
			// Small values are a delta in seconds, not a unix time.
			rl.Reset = base.Add(time.Duration(math.Min(f, maxRetryAfter.Seconds()) * float64(time.Second)))
		case f > 1e12:
			d.problemf("%sReset %s is too far in the future; ignored", prefix, strconv.Quote(clip(v, 60)))
		default:
			sec, frac := math.Modf(f)
			rl.Reset = time.Unix(int64(sec), int64(frac*1e9)).UTC()
		}
	}

	d.structuredRateLimit(h, base)

	vals := h.values("Retry-After")
	if len(vals) > 0 {
		wait, ok, problem := ParseRetryAfter(vals[0], base)
		if problem != "" {
			d.problemf("%s", problem)
		}
		for _, v := range vals[1:] {
			if strings.TrimSpace(v) != strings.TrimSpace(vals[0]) {
				d.problemf("Retry-After appears %d times with different values; the first was used", len(vals))
				break
			}
		}
		if ok {
			rl.RetryAfter, rl.HasRetryAfter, rl.RetryAfterSource = wait, true, "Retry-After header"
		}
	}
	for _, br := range d.bodyRetry {
		if !rl.HasRetryAfter {
			rl.RetryAfter, rl.HasRetryAfter, rl.RetryAfterSource = br.d, true, br.source
			continue
		}
		if diff := rl.RetryAfter - br.d; diff > time.Second || diff < -time.Second {
			d.problemf("%s says %s but %s says %s; the %s wins",
				rl.RetryAfterSource, durtext.Format(rl.RetryAfter), br.source, durtext.Format(br.d), rl.RetryAfterSource)
		}
	}
	d.checkReset(dated, base)
}

// checkReset says when the reset cannot be the wait: it is before the
// response was sent (stale), or it disagrees with the server-named wait,
// which the SDK follows.
func (d *decoder) checkReset(dated bool, sent time.Time) {
	rl := &d.e.RateLimit
	if rl.Reset.IsZero() || !dated {
		return
	}
	name := rl.Headers
	if name == "" {
		return
	}
	name = strings.TrimSuffix(name, "*")
	if name != "RateLimit" {
		name += "Reset"
	} else {
		name += " reset"
	}
	after := rl.Reset.Sub(sent)
	switch {
	case after < 0:
		d.problemf("%s (%s) is %s before the response's Date (%s): the reset is stale, so it names no wait",
			name, rl.Reset.UTC().Format(time.TimeOnly+" UTC"), durtext.Format(-after), sent.UTC().Format(time.TimeOnly+" UTC"))
	case rl.HasRetryAfter && (after-rl.RetryAfter > time.Second || rl.RetryAfter-after > time.Second):
		d.problemf("%s says %s but %s is %s after the response; the SDK waits the %s, the server's answer for this request (the reset is when the whole window refills)",
			rl.RetryAfterSource, durtext.Format(rl.RetryAfter), name, durtext.Format(after), rl.RetryAfterSource)
	}
}

// structuredRateLimit reads the IETF headers of
// draft-ietf-httpapi-ratelimit-headers: RateLimit in its dictionary form
// ("limit=100, remaining=0, reset=30") or its later list form
// (`"default";r=0;t=30`), and RateLimit-Policy ("100;w=60" or
// `"default";q=100;w=60`). They fill what the X-RateLimit-* and
// RateLimit-* headers did not.
func (d *decoder) structuredRateLimit(h folded, base time.Time) {
	rl := &d.e.RateLimit
	if v := strings.TrimSpace(h.get("RateLimit")); v != "" {
		params := sfParams(v)
		num := func(keys ...string) (float64, bool) {
			for _, k := range keys {
				if s, ok := params[k]; ok {
					f, err := strconv.ParseFloat(s, 64)
					if err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) {
						d.problemf("RateLimit %s=%s is not a number; ignored", k, strconv.Quote(clip(s, 40)))
						return 0, false
					}
					return f, true
				}
			}
			return 0, false
		}
		used := false
		if f, ok := num("limit", "l"); ok && rl.Limit == nil {
			n := int(min(f, math.MaxInt32))
			rl.Limit, used = &n, true
		}
		if f, ok := num("remaining", "r"); ok && rl.Remaining == nil {
			n := int(min(f, math.MaxInt32))
			rl.Remaining, used = &n, true
		}
		if f, ok := num("reset", "t"); ok && rl.Reset.IsZero() {
			rl.Reset, used = base.Add(time.Duration(min(f, maxRetryAfter.Seconds())*float64(time.Second))), true
		}
		if used && rl.Headers == "" {
			rl.Headers = "RateLimit"
		}
		if !used && len(params) == 0 {
			d.problemf("RateLimit header %s has no limit, remaining or reset; ignored", strconv.Quote(clip(v, 60)))
		}
	}
	if v := strings.TrimSpace(h.get("RateLimit-Policy")); v != "" {
		var quotas []string
		for _, item := range strings.Split(v, ",") {
			members := strings.Split(item, ";")
			quota, window := strings.TrimSpace(members[0]), ""
			if allDigits(quota) {
				// the early form: "100;w=60"
			} else {
				quota = ""
			}
			for _, m := range members[1:] {
				k, val, _ := strings.Cut(strings.TrimSpace(m), "=")
				switch strings.TrimSpace(k) {
				case "q":
					quota = strings.TrimSpace(val)
				case "w":
					window = strings.TrimSpace(val)
				}
			}
			if !allDigits(quota) {
				continue
			}
			q := quota + " requests"
			if allDigits(window) {
				n, _ := strconv.Atoi(window)
				q += " per " + durtext.Format(time.Duration(n)*time.Second)
			}
			quotas = append(quotas, q)
		}
		if len(quotas) == 0 {
			d.problemf("RateLimit-Policy %s names no quota; ignored", strconv.Quote(clip(v, 60)))
		}
		rl.Policy = strings.Join(quotas, ", ")
	}
}

// sfParams collects the key=value pairs of a structured-field header,
// whether they are dictionary members ("limit=100, remaining=0") or
// parameters of list items (`"default";r=0;t=30`); the first value of
// a key wins and quotes are removed.
func sfParams(v string) map[string]string {
	out := map[string]string{}
	for _, item := range strings.Split(v, ",") {
		for _, m := range strings.Split(item, ";") {
			k, val, ok := strings.Cut(strings.TrimSpace(m), "=")
			if !ok {
				continue
			}
			k = strings.ToLower(strings.TrimSpace(k))
			if _, seen := out[k]; !seen && k != "" {
				out[k] = strings.Trim(strings.TrimSpace(val), `"`)
			}
		}
	}
	return out
}

// count reads a non-negative whole-number header.
func (d *decoder) count(h folded, name string) *int {
	v := strings.TrimSpace(h.get(name))
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		d.problemf("%s %s is not a whole number; ignored", name, strconv.Quote(clip(v, 60)))
		return nil
	}
	return &n
}
