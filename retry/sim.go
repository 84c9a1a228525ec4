package retry

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/httpstatus"
)

// Limits of the simulator, so that no input can make it run long.
const (
	// MaxSpecResponses is the most responses a spec may list (after
	// repetition with *N).
	MaxSpecResponses = 100
	// MaxSimRetries caps MaxRetries in [Policy.Schedule] and [Policy.Herd].
	MaxSimRetries = 50
	// MaxSpecRetryAfter is the largest retry-after a spec accepts, in
	// seconds (about 31 years).
	MaxSpecRetryAfter = 1_000_000_000
	// MaxSpecLatency is the longest latency a spec accepts.
	MaxSpecLatency = time.Hour
	// DefaultAttemptTimeout is the latency of a simulated timeout that
	// names none: the TypeScript SDK's per-request timeout.
	DefaultAttemptTimeout = 30 * time.Second
)

// A SimResponse is one simulated outcome of an attempt: an HTTP response,
// a transport failure or a per-attempt timeout.
type SimResponse struct {
	// Status is the HTTP status; 0 for a transport failure or timeout.
	// 2xx and 3xx are successes.
	Status int
	// Network reports a transport failure (connection refused, reset …).
	Network bool
	// Timeout reports that the attempt timed out after Latency.
	Timeout bool
	// RetryAfter, if not nil, is sent as a Retry-After header in whole
	// seconds (rounded up).
	RetryAfter *time.Duration
	// Reset, if not nil, sends X-RateLimit-Remaining: 0 and an
	// X-RateLimit-Reset this long after the response's Date, rounded up to
	// whole seconds.
	Reset *time.Duration
	// Retryable, if not nil, is put in the body as the explicit
	// "retryable" flag, overriding the catalog's. It decides only under a
	// policy with BodyFlagDecides (BabySea).
	Retryable *bool
	// Code is the error code in the body; empty means the catalog entry
	// of the API with this status, if any.
	Code catalog.Code
	// NonJSON makes the body an HTML error page from a proxy instead of
	// an API error envelope.
	NonJSON bool
	// Latency is how long the attempt takes before its outcome is known;
	// for a Timeout, 0 means DefaultAttemptTimeout.
	Latency time.Duration
}

// success reports whether r is a successful response.
func (r SimResponse) success() bool {
	return !r.Network && !r.Timeout && r.Status >= 200 && r.Status < 400
}

func (r SimResponse) latency() time.Duration {
	if r.Timeout && r.Latency <= 0 {
		return DefaultAttemptTimeout
	}
	return max(r.Latency, 0)
}

// A SpecError reports a bad item of a spec given to [ParseSpec].
type SpecError struct {
	Index int    // 1-based position of the item in the spec
	Item  string // the item as written
	Err   error  // what is wrong with it
}

// Error returns one line naming the item and its position.
func (e *SpecError) Error() string {
	return fmt.Sprintf("item %d %q: %v", e.Index, e.Item, e.Err)
}

// Unwrap returns the underlying problem.
func (e *SpecError) Unwrap() error { return e.Err }

// ParseSpec parses a comma-separated list of simulated responses, as typed
// in the playground:
//
//	429:retry-after=17,503,200
//
// Each item is a head, then options after colons, then an optional *N to
// repeat it N times. Heads: an HTTP status from 200 to 599, "net" (a
// transport failure) or "timeout" (a per-attempt timeout). Options:
//
//	retry-after=S   Retry-After header, whole seconds (0 means now)
//	reset=S         X-RateLimit-Remaining: 0 and X-RateLimit-Reset S seconds on
//	retryable=B     explicit body flag, true or false (decides for BabySea)
//	code=C          error code in the body (default: the catalog entry for the status)
//	html            an HTML page from a proxy instead of the API's JSON
//	latency=D       how long the attempt takes (Go duration: 250ms, 2s)
//
// Successes (2xx, 3xx), net and timeout take only latency. Spaces around
// items are ignored; names are case-insensitive. At most
// [MaxSpecResponses] responses. A bad item gives a *[SpecError].
func ParseSpec(api catalog.API, spec string) ([]SimResponse, error) {
	_ = api // reserved: the API does not change the grammar
	if strings.TrimSpace(spec) == "" {
		return nil, errors.New("empty spec: list responses like 429:retry-after=17,503,200")
	}
	var out []SimResponse
	for i, item := range strings.Split(spec, ",") {
		r, n, err := parseItem(strings.TrimSpace(item))
		if err != nil {
			return nil, &SpecError{Index: i + 1, Item: strings.TrimSpace(item), Err: err}
		}
		if len(out)+n > MaxSpecResponses {
			return nil, &SpecError{Index: i + 1, Item: strings.TrimSpace(item), Err: fmt.Errorf("more than %d responses", MaxSpecResponses)}
		}
		for range n {
			out = append(out, r)
		}
	}
	return out, nil
}

func parseItem(item string) (SimResponse, int, error) {
	var r SimResponse
	if item == "" {
		return r, 0, errors.New("empty item")
	}
	count := 1
	if i := strings.LastIndexByte(item, '*'); i >= 0 {
		n, err := strconv.Atoi(strings.TrimSpace(item[i+1:]))
		if err != nil || n < 1 || n > MaxSpecResponses {
			return r, 0, fmt.Errorf("repeat %q: want *N with N from 1 to %d", item[i:], MaxSpecResponses)
		}
		count, item = n, strings.TrimSpace(item[:i])
	}
	parts := strings.Split(item, ":")
	head := strings.ToLower(strings.TrimSpace(parts[0]))
	switch head {
	case "net", "network":
		r.Network = true
	case "timeout":
		r.Timeout = true
	default:
		st, err := strconv.Atoi(head)
		if err != nil {
			return r, 0, fmt.Errorf("unknown response %q: want an HTTP status, net or timeout", parts[0])
		}
		if st < 200 || st > 599 {
			return r, 0, fmt.Errorf("status %d out of range 200-599", st)
		}
		r.Status = st
	}
	seen := map[string]bool{}
	for _, opt := range parts[1:] {
		opt = strings.TrimSpace(opt)
		name, val, hasVal := strings.Cut(opt, "=")
		name = strings.ToLower(strings.TrimSpace(name))
		val = strings.TrimSpace(val)
		if name == "" {
			return r, 0, errors.New("empty option")
		}
		if seen[name] {
			return r, 0, fmt.Errorf("%s given twice", name)
		}
		seen[name] = true
		if name != "latency" && (r.Network || r.Timeout || r.success()) {
			return r, 0, fmt.Errorf("%s does not apply to %s", name, head)
		}
		if hasVal == (name == "html") {
			if hasVal {
				return r, 0, errors.New("html takes no value")
			}
			return r, 0, fmt.Errorf("%s needs a value: %s=…", name, name)
		}
		switch name {
		case "retry-after":
			n, err := strconv.ParseUint(val, 10, 64)
			if err != nil || n > MaxSpecRetryAfter {
				return r, 0, fmt.Errorf("retry-after: want whole seconds from 0 to %d, got %q", MaxSpecRetryAfter, val)
			}
			d := time.Duration(n) * time.Second
			r.RetryAfter = &d
		case "reset":
			n, err := strconv.ParseUint(val, 10, 64)
			if err != nil || n > MaxSpecRetryAfter {
				return r, 0, fmt.Errorf("reset: want whole seconds from 0 to %d, got %q", MaxSpecRetryAfter, val)
			}
			d := time.Duration(n) * time.Second
			r.Reset = &d
		case "retryable":
			lv := strings.ToLower(val)
			if lv != "true" && lv != "false" {
				return r, 0, fmt.Errorf("retryable: want true or false, got %q", val)
			}
			b := lv == "true"
			r.Retryable = &b
		case "code":
			if !validCode(val) {
				return r, 0, fmt.Errorf("code %q: want letters, digits and _ (1-64)", val)
			}
			r.Code = catalog.Code(val)
		case "html":
			r.NonJSON = true
		case "latency":
			d, err := time.ParseDuration(val)
			if err != nil || d < 0 || d > MaxSpecLatency {
				return r, 0, fmt.Errorf("latency: want a duration from 0 to 1h like 250ms, got %q", val)
			}
			r.Latency = d
		default:
			return r, 0, fmt.Errorf("unknown option %q (valid: retry-after, reset, retryable, code, html, latency)", name)
		}
	}
	return r, count, nil
}

func validCode(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// FormatSpec writes responses in the spec syntax of [ParseSpec], which
// reads the result back to the same responses.
func FormatSpec(rs []SimResponse) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.String()
	}
	return strings.Join(parts, ",")
}

// String returns r in the spec syntax of [ParseSpec].
func (r SimResponse) String() string {
	var b strings.Builder
	switch {
	case r.Network:
		b.WriteString("net")
	case r.Timeout:
		b.WriteString("timeout")
	default:
		b.WriteString(strconv.Itoa(r.Status))
	}
	if r.RetryAfter != nil {
		fmt.Fprintf(&b, ":retry-after=%d", ceilSeconds(*r.RetryAfter))
	}
	if r.Reset != nil {
		fmt.Fprintf(&b, ":reset=%d", ceilSeconds(*r.Reset))
	}
	if r.Retryable != nil {
		fmt.Fprintf(&b, ":retryable=%t", *r.Retryable)
	}
	if r.Code != "" {
		fmt.Fprintf(&b, ":code=%s", r.Code)
	}
	if r.NonJSON {
		b.WriteString(":html")
	}
	if r.Latency > 0 {
		fmt.Fprintf(&b, ":latency=%s", r.Latency)
	}
	return b.String()
}

func ceilSeconds(d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	return int64((d + time.Second - 1) / time.Second)
}

// simEpoch is the fixed "now" of simulated responses, so that decoding
// never depends on the wall clock.
var simEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Build returns the HTTP response r stands for, as the given API would send
// it: status, headers and body. An error is [apierror.Respond]: the
// catalog entry's example for the code (or, without a code, the status)
// with r's status and retryable flag, naming only r's RetryAfter and Reset
// as delays. A NonJSON response is an HTML proxy page. Successes get a
// small JSON body; transport failures and timeouts have no response
// (status 0, nil header and body). Every response is dated [simEpoch].
func (r SimResponse) Build(api catalog.API) (status int, h apierror.Header, body []byte) {
	if r.Network || r.Timeout {
		return 0, nil, nil
	}
	switch {
	case r.success():
		h = apierror.Header{"Content-Type": {"application/json"}}
		body = []byte(`{"status":"ok"}`)
	case r.NonJSON:
		t := strconv.Itoa(r.Status) + " " + httpstatus.Text(r.Status)
		h = apierror.Header{"Content-Type": {"text/html"}}
		body = []byte("<html>\r\n<head><title>" + t + "</title></head>\r\n<body>\r\n<center><h1>" + t + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
	default:
		return apierror.Respond(api, r.Code, apierror.Variant{Status: r.Status, Retryable: r.Retryable, RetryAfter: r.RetryAfter, Reset: r.Reset, Date: simEpoch})
	}
	h["Date"] = []string{simEpoch.Format("Mon, 02 Jan 2006 15:04:05 GMT")}
	return r.Status, h, body
}

// Decode builds r's response with [SimResponse.Build] and decodes it with
// [apierror.Parse], exactly as the client would. It returns nil for
// successes, transport failures and timeouts.
func (r SimResponse) Decode(api catalog.API, method string) *apierror.Error {
	if r.Network || r.Timeout || r.success() {
		return nil
	}
	st, h, body := r.Build(api)
	return apierror.Parse(st, h, body, apierror.Options{API: api, Method: normMethod(method), Now: simEpoch})
}

// failure returns the Failure r causes, decoded once per distinct response.
func (r SimResponse) failure(api catalog.API, method string) Failure {
	switch {
	case r.Timeout:
		return Failure{Timeout: true, Network: errSimTimeout}
	case r.Network:
		return Failure{Network: errSimNetwork}
	}
	return Failure{Err: r.Decode(api, method)}
}

var (
	errSimNetwork = errors.New("simulated connection reset")
	errSimTimeout = errors.New("simulated per-attempt timeout")
)

// ms converts a duration to whole milliseconds, rounding down.
func ms(d time.Duration) int64 { return int64(d / time.Millisecond) }
