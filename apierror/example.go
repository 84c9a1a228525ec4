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
	status = e.Status
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
	h = Header{
		"Content-Type": {"application/json"},
		"Date":         {exampleDate.Format(httpDateLayouts[0])},
	}
	limited := status == 429 || e.Category == catalog.CategoryRateLimit && status >= 500
	rateHeaders := func(limit, wait int) {
		remaining := limit - 1
		if limited {
			remaining = 0
		}
		h["X-RateLimit-Limit"] = []string{strconv.Itoa(limit)}
		h["X-RateLimit-Remaining"] = []string{strconv.Itoa(remaining)}
		h["X-RateLimit-Reset"] = []string{strconv.FormatInt(exampleDate.Unix()+int64(wait), 10)}
	}
	var v any
	switch e.API {
	case catalog.BabySea:
		rid := "req_" + strings.ToLower(string(e.Code)) + "_7f3a9c"
		h["X-Request-Id"] = []string{rid}
		type providerError struct {
			Provider  string `json:"provider"`
			Code      string `json:"code"`
			Type      string `json:"type"`
			Message   string `json:"message"`
			Retryable bool   `json:"retryable"`
		}
		type errBody struct {
			Code           catalog.Code    `json:"code"`
			Type           catalog.Type    `json:"type"`
			Message        string          `json:"message"`
			Retryable      bool            `json:"retryable"`
			Details        map[string]any  `json:"details,omitempty"`
			ProviderErrors []providerError `json:"provider_errors,omitempty"`
		}
		eb := errBody{Code: e.Code, Type: e.Type, Message: msg, Retryable: e.Retryable}
		if limited {
			h["Retry-After"] = []string{"17"}
			rateHeaders(60, 17)
			eb.Details = map[string]any{"retry_after_seconds": 17, "limit": 60}
		}
		if e.Category == catalog.CategoryProvider {
			eb.ProviderErrors = []providerError{
				{"replicate", "prediction_failed", "provider_error", "Prediction failed: CUDA out of memory", true},
				{"fal", "timeout", "provider_timeout", "Provider did not answer within 120s", true},
			}
		}
		v = struct {
			Status    string  `json:"status"`
			RequestID string  `json:"request_id"`
			Error     errBody `json:"error"`
		}{"error", rid, eb}
	case catalog.Babou:
		hint := ""
		if len(e.Solutions) > 0 {
			hint = e.Solutions[0]
		}
		if limited {
			h["Retry-After"] = []string{"30"}
		}
		v = struct {
			Error string       `json:"error"`
			Code  catalog.Code `json:"code"`
			Hint  string       `json:"hint,omitempty"`
		}{msg, e.Code, hint}
	case catalog.Aionvision:
		details := map[string]any{}
		if e.Category == catalog.CategoryInput {
			details = map[string]any{"field": "limit", "issue": "Must be between 1 and 100"}
		}
		if limited {
			h["Retry-After"] = []string{"5"}
		}
		type errBody struct {
			Code    catalog.Code   `json:"code"`
			Message string         `json:"message"`
			Details map[string]any `json:"details"`
		}
		v = struct {
			Error     errBody `json:"error"`
			RequestID string  `json:"request_id"`
		}{errBody{e.Code, msg, details}, "550e8400-e29b-41d4-a716-446655440000"}
	case catalog.Claro:
		type errBody struct {
			Code       catalog.Code   `json:"code"`
			Message    string         `json:"message"`
			Details    map[string]any `json:"details"`
			RetryAfter int            `json:"retry_after,omitempty"`
		}
		eb := errBody{Code: e.Code, Message: msg, Details: map[string]any{}}
		if limited {
			h["Retry-After"] = []string{"60"}
			eb.RetryAfter = 60
		}
		rateHeaders(1000, 60)
		v = struct {
			Error errBody `json:"error"`
		}{eb}
	default:
		v = map[string]any{"error": map[string]any{"code": e.Code, "message": msg}}
	}
	body, err := json.Marshal(v)
	if err != nil { // cannot happen: the values are plain strings and numbers
		body = []byte(`{}`)
	}
	return status, h, body
}
