package apierror

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/httpstatus"
)

// exampleDate is the Date of every example response, so examples are
// deterministic.
var exampleDate = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Example returns a realistic error response for a catalog entry, in its
// API's envelope: the status, headers (Content-Type, Date, a request id,
// and for rate limits Retry-After and the API's X-RateLimit-* headers) and
// a JSON body. The result is deterministic, and [Parse] decodes it back to
// the entry's API, code, type, status and retryable flag.
func Example(e catalog.Entry) (status int, h Header, body []byte) {
	return build(e, Variant{}, true)
}

// A Variant changes what [Respond] builds from a catalog entry's example:
// the one envelope builder behind the code pages, the decoder's examples,
// the retry simulator and the mock server.
type Variant struct {
	// Status replaces the entry's status when not 0.
	Status int
	// Retryable, if not nil, is the body's explicit "retryable" flag, put
	// where the API puts it (BabySea's error object; Babou's top level; the
	// nested error object of the others).
	Retryable *bool
	// RetryAfter, if not nil, is sent as Retry-After in whole seconds
	// (rounded up), and in the body's own delay field where the API has
	// one. Nil means the response names no delay.
	RetryAfter *time.Duration
	// Reset, if not nil, sends X-RateLimit-Remaining: 0 and an
	// X-RateLimit-Reset this long after Date, rounded up to whole seconds.
	// Nil means no X-RateLimit-Reset.
	Reset *time.Duration
	// Date is the response's Date; zero means the examples' fixed date.
	Date time.Time
}

// Respond returns the response api sends for code (or, with code "", for
// v.Status: the API's first entry with that status whose retryable flag
// matches v.Retryable when set), changed by v. Unlike [Example], it names
// a delay only where v does. A status or code without a catalog entry gets
// the API's envelope with the status's reason phrase as message.
func Respond(api catalog.API, code catalog.Code, v Variant) (status int, h Header, body []byte) {
	e, ok := Pick(api, v.Status, code, v.Retryable)
	if !ok {
		st := v.Status
		if st == 0 {
			st = 500
		}
		e = catalog.Entry{API: api, Code: code, Status: st, Title: httpstatus.Text(st)}
	}
	return build(e, v, false)
}

// Pick returns the catalog entry a response stands for: the one with the
// code when code is not empty, else the API's first entry with the status
// whose retryable flag matches want (when given), else its first with the
// status.
func Pick(api catalog.API, status int, code catalog.Code, want *bool) (catalog.Entry, bool) {
	if code != "" {
		return catalog.Lookup(api, code)
	}
	var first *catalog.Entry
	for _, e := range catalog.All() {
		if e.API != api || e.Status != status {
			continue
		}
		if want == nil || e.Retryable == *want {
			return e, true
		}
		if first == nil {
			first = &e
		}
	}
	if first != nil {
		return *first, true
	}
	return catalog.Entry{}, false
}

// ceilSeconds rounds d up to whole seconds; 0 for d <= 0.
func ceilSeconds(d time.Duration) int {
	if d <= 0 {
		return 0
	}
	return int((d + time.Second - 1) / time.Second)
}

// build writes e's response. documented makes it the catalog's example:
// the API's documented delays on rate limits. Otherwise only v's delays
// are named.
func build(e catalog.Entry, v Variant, documented bool) (status int, h Header, body []byte) {
	status = e.Status
	if v.Status != 0 {
		status = v.Status
	}
	if status == 0 {
		status = 500
	}
	msg := e.Title
	if msg == "" {
		msg = e.Meaning
	}
	if msg == "" {
		msg = httpstatus.Text(status)
	}
	date := v.Date
	if date.IsZero() {
		date = exampleDate
	}
	h = Header{
		"Content-Type": {"application/json"},
		"Date":         {date.UTC().Format(httpDateLayouts[0])},
	}
	limited := status == 429 || e.Category == catalog.CategoryRateLimit && status >= 500
	// wait is the delay the response names, in seconds: the API's
	// documented one on an example rate limit, else v's.
	wait := func(documentedWait int) (int, bool) {
		if documented {
			return documentedWait, limited
		}
		if v.RetryAfter == nil {
			return 0, false
		}
		return ceilSeconds(*v.RetryAfter), true
	}
	rateHeaders := func(limit, documentedReset int) {
		remaining := max(limit-1, 0)
		if limited {
			remaining = 0
		}
		reset, hasReset := documentedReset, documented
		if v.Reset != nil {
			reset, hasReset, remaining = ceilSeconds(*v.Reset), true, 0
		}
		if limit > 0 { // 0: the API documents no limit header
			h["X-RateLimit-Limit"] = []string{strconv.Itoa(limit)}
		}
		h["X-RateLimit-Remaining"] = []string{strconv.Itoa(remaining)}
		if hasReset {
			h["X-RateLimit-Reset"] = []string{strconv.FormatInt(date.Unix()+int64(reset), 10)}
		}
	}
	retryAfter := func(s int) { h["Retry-After"] = []string{strconv.Itoa(s)} }
	flag := v.Retryable
	var doc any
	switch e.API {
	case catalog.BabySea:
		rid := "req_" + strings.ToLower(string(e.Code)) + "_7f3a9c"
		if e.Code == "" {
			rid = "req_7f3a9c"
		}
		h["X-Request-Id"] = []string{rid}
		type providerError struct {
			Provider  string `json:"provider"`
			Code      string `json:"code"`
			Type      string `json:"type"`
			Message   string `json:"message"`
			Retryable bool   `json:"retryable"`
		}
		type errBody struct {
			Code           catalog.Code    `json:"code,omitempty"`
			Type           catalog.Type    `json:"type,omitempty"`
			Message        string          `json:"message"`
			Retryable      bool            `json:"retryable"`
			Details        map[string]any  `json:"details,omitempty"`
			ProviderErrors []providerError `json:"provider_errors,omitempty"`
		}
		eb := errBody{Code: e.Code, Type: e.Type, Message: msg, Retryable: e.Retryable}
		if flag != nil {
			eb.Retryable = *flag
		}
		if limited {
			eb.Details = map[string]any{"limit": 60}
			rateHeaders(60, 17)
		} else if v.Reset != nil {
			rateHeaders(60, 0)
		}
		if s, ok := wait(17); ok {
			retryAfter(s)
			if eb.Details == nil {
				eb.Details = map[string]any{}
			}
			eb.Details["retry_after_seconds"] = s
		}
		if e.Category == catalog.CategoryProvider {
			eb.ProviderErrors = []providerError{
				{"replicate", "prediction_failed", "provider_error", "Prediction failed: CUDA out of memory", true},
				{"fal", "timeout", "provider_timeout", "Provider did not answer within 120s", true},
			}
		}
		doc = struct {
			Status    string  `json:"status"`
			RequestID string  `json:"request_id"`
			Error     errBody `json:"error"`
		}{"error", rid, eb}
	case catalog.Babou:
		hint := ""
		if len(e.Solutions) > 0 {
			hint = e.Solutions[0]
		}
		if s, ok := wait(30); ok {
			retryAfter(s)
		}
		if v.Reset != nil {
			rateHeaders(0, 0)
		}
		doc = struct {
			Error     string       `json:"error"`
			Code      catalog.Code `json:"code,omitempty"`
			Hint      string       `json:"hint,omitempty"`
			Retryable *bool        `json:"retryable,omitempty"`
		}{msg, e.Code, hint, flag}
	case catalog.Aionvision:
		details := map[string]any{}
		if e.Category == catalog.CategoryInput {
			details = map[string]any{"field": "limit", "issue": "Must be between 1 and 100"}
		}
		if s, ok := wait(5); ok {
			retryAfter(s)
		}
		if v.Reset != nil {
			rateHeaders(0, 0)
		}
		type errBody struct {
			Code      catalog.Code   `json:"code,omitempty"`
			Message   string         `json:"message"`
			Details   map[string]any `json:"details"`
			Retryable *bool          `json:"retryable,omitempty"`
		}
		doc = struct {
			Error     errBody `json:"error"`
			RequestID string  `json:"request_id"`
		}{errBody{e.Code, msg, details, flag}, "550e8400-e29b-41d4-a716-446655440000"}
	default: // Claro, and the nested shape for an API without one of its own
		type errBody struct {
			Code       catalog.Code   `json:"code,omitempty"`
			Message    string         `json:"message"`
			Details    map[string]any `json:"details"`
			RetryAfter int            `json:"retry_after,omitempty"`
			Retryable  *bool          `json:"retryable,omitempty"`
		}
		eb := errBody{Code: e.Code, Message: msg, Details: map[string]any{}, Retryable: flag}
		if s, ok := wait(60); ok {
			retryAfter(s)
			eb.RetryAfter = s
		}
		if e.API == catalog.Claro {
			rateHeaders(1000, 60)
		}
		doc = struct {
			Error errBody `json:"error"`
		}{eb}
	}
	b, err := json.Marshal(doc)
	if err != nil { // cannot happen: the values are plain strings and numbers
		b = []byte(`{}`)
	}
	return status, h, b
}
