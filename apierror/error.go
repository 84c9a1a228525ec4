// Package apierror decodes API error responses — a status, headers and body,
// or a whole pasted text (curl -i, curl -v, HAR, JSON and text log lines,
// panics and tracebacks) — into one typed [Error] per response.
//
// A paste is read by one reader, [ReadExchanges], which streams the
// exchanges it holds (request line, status, headers, body, time and where
// in the paste); [Exchange.Decode] decodes the error responses among them.
// [ReadAll] does both for a paste in memory; package triage reads the same
// stream.
//
// Decoding never fails and never panics: whatever could not be understood is
// listed in [Error.Problems]. Reads are bounded, the package does no I/O and
// no sleeping, does not import net/http, and builds for js/wasm, so the SDK
// and the browser playground run the very same code.
//
// # Which API sent it
//
// [Options.API] forces the API. Otherwise the body's shape decides:
// an error.code like BSE1005, or "status":"error" beside error.retryable, is
// BabySea; a string "error" beside a top-level "code" is Babou; a top-level
// FastAPI "detail", or an error object beside a top-level request_id, is
// Aionvision; an error.retry_after is Claro. Weaker hints (an UPPER_SNAKE or
// lower_snake error.code) are checked against the catalogs with
// [catalog.LookupCode]: when they disagree, or a bare code exists in several
// catalogs (VALIDATION_ERROR), [Error.Candidates] lists the possible APIs
// and API stays empty.
//
// # Waits and rate limits
//
// Retry-After is read as delay-seconds (white space trimmed; "+3", "3s",
// "-1" and "1.5" are rejected with a problem; values past 100 years mean 100
// years, never 0) or as an HTTP-date in any of the three RFC 9110 formats,
// resolved against the response's Date header (else [Options.Now]); past
// dates mean 0. The header wins over the body's details.retry_after_seconds
// and error.retry_after, which are used when it is absent; disagreement is
// reported. X-RateLimit-Reset below 1e9 is a delta from the Date header.
//
// # Problems
//
// Problems are plain sentences, for example:
//
//	body is HTML (title: 502 Bad Gateway), not a JSON error envelope
//	JSON is truncated at byte 57; fields read before it were kept
//	field error.retryable is a string, ignored
//	body is gzip-compressed; decompressed 312 bytes
//	Retry-After "3s" is not a number of seconds or an HTTP-date
//	Retry-After header says 10 s but details.retry_after_seconds says 17 s; the Retry-After header wins
//	code VALIDATION_ERROR exists in babou, aionvision; the body's shape does not tell which API sent it
//	no HTTP status in the paste; the catalog says 429
//
// Secrets (API keys, bearer tokens, cookies, key query parameters) are
// redacted with package redact from Error(), Problems, Message, Hint,
// Details and Body, and from the URL of a paste's [Exchange].
package apierror

import (
	"time"

	"github.com/errscope/errscope/catalog"
)

// An Error is one decoded error response. Use errors.As to get one from an
// error returned by the client.
type Error struct {
	// API is the API the response came from: chosen by the caller, or
	// detected from the body's shape. Empty when unknown.
	API catalog.API
	// Candidates lists the APIs the response could belong to when the shape
	// or code alone does not settle it (e.g. VALIDATION_ERROR).
	Candidates []catalog.API
	Status     int          // HTTP status code; 0 if unknown (a bare body)
	Code       catalog.Code // error code from the body; empty if none
	// Type is the machine type from the body, else the catalog entry's
	// type (Babou, Aionvision and Claro bodies carry none); empty if
	// neither. For RFC 9457 problem details it is the problem type URI.
	Type catalog.Type
	// Message is the server's message (at most 4 KiB, secrets redacted),
	// else the HTML page's title or the text body's first line, else the
	// status text.
	Message string
	Hint    string // server's guidance (Babou "hint"), if any; redacted
	// RetryableFlag is the body's explicit "retryable" boolean, nil when the
	// body had none (or not a boolean).
	RetryableFlag *bool
	RequestID     string // from the body's request_id, else X-Request-Id or Request-Id
	// Details is the body's details object (problem+json extensions,
	// FastAPI's detail list under "detail"), with secret-looking string
	// values redacted; numbers are float64 as with encoding/json. Nil if none.
	Details map[string]any
	// ProviderErrors are the upstream provider failures BabySea reports
	// after failover.
	ProviderErrors []ProviderError
	RateLimit      RateLimit
	// Entry is the catalog entry matching API and Code, nil if none.
	Entry *catalog.Entry
	// NonJSON reports that the body was not a JSON error envelope (an HTML
	// proxy page, plain text, empty): the error was not produced by the API.
	NonJSON bool
	// Problems lists, in plain words, what could not be understood.
	Problems []string
	// Request describes the request and response around the error.
	Request RequestInfo
	// Body is the (decompressed) body, at most [MaxBody] bytes, with
	// secrets redacted, kept for display.
	Body []byte
}

// ProviderError is one upstream provider's failure inside a BabySea error.
type ProviderError struct {
	Provider  string `json:"provider"`
	Code      string `json:"code"`
	Type      string `json:"type"`
	Message   string `json:"message"`
	Retryable *bool  `json:"retryable"`
}

// RateLimit is the rate-limit state carried by a response. Fields whose
// header or body field was absent are nil (pointers) or zero.
type RateLimit struct {
	Limit     *int      // X-RateLimit-Limit, RateLimit-Limit or the RateLimit header's limit
	Remaining *int      // X-RateLimit-Remaining, RateLimit-Remaining or the RateLimit header's remaining
	Reset     time.Time // X-RateLimit-Reset (unix seconds, or a delta when small) or RateLimit's reset; zero if absent
	// Headers names the headers Limit, Remaining and Reset came from:
	// "X-RateLimit-*", "RateLimit-*", or "RateLimit" (the IETF
	// structured header); "" if none.
	Headers string
	// Policy is the IETF RateLimit-Policy header's quotas in words
	// ("100 requests per 60 s"); "" if absent.
	Policy string
	// RetryAfter is the server-named wait: Retry-After (seconds or
	// HTTP-date, corrected by the response's Date header), else
	// details.retry_after_seconds, else error.retry_after. Valid only when
	// HasRetryAfter.
	RetryAfter    time.Duration
	HasRetryAfter bool
	// RetryAfterSource names where RetryAfter came from
	// ("Retry-After header", "details.retry_after_seconds", …).
	RetryAfterSource string
}

// RequestInfo is what the response (and the caller) said about the
// exchange. What only a paste says — the URL, the Idempotency-Key, the
// protocol, where in the paste — is on the [Exchange] the error was
// decoded from (see [Paste]).
type RequestInfo struct {
	Method string // request method: Options.Method, or the paste's; "" if unknown
	// Time is when the response was sent (its Date header) or, in a
	// paste, when it was logged or received; zero if unknown.
	Time        time.Time
	Replayed    bool   // Idempotency-Replayed: true
	ContentType string // the response's Content-Type
}
