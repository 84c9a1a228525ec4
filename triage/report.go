package triage

import (
	"github.com/errscope/errscope/apierror"
	"time"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/redact"
)

// Limits of one analysis. They bound memory whatever the input's size.
const (
	// MaxString is the most bytes kept of one string of a HAR file:
	// the reader's [apierror.MaxString].
	MaxString = apierror.MaxString
	// MaxChunk is the most bytes kept of one chunk of a text input: the
	// reader's [apierror.MaxChunk].
	MaxChunk = apierror.MaxChunk
	// MaxGroups is the most groups a report holds; failures of further
	// kinds are counted in Report.Failures only.
	MaxGroups = 200
	// MaxTracked is the most distinct requests (method, URL and body)
	// whose last attempt is remembered for the timing checks.
	MaxTracked = 20_000
	// MaxRequestIDs is the most request ids listed per group.
	MaxRequestIDs = 20
	// MaxEndpoints is the most endpoints ("POST /v1/generate") listed per
	// group.
	MaxEndpoints = 10
	// MaxProblems is the most problems listed in Report.Problems; the
	// last one then says how many more there were.
	MaxProblems = 50
	// RetryTolerance is how much shorter than a server-named delay a retry
	// may come and still count as obeying it (clocks and log timestamps
	// are coarse).
	RetryTolerance = time.Second
	// RetryWindow is how long after a failure another attempt of the same
	// request still counts as its retry; the window is longer when the
	// policy asked for a longer wait (then it is that wait plus a minute).
	RetryWindow = 5 * time.Minute
)

// Options steer [Analyze]. The zero Options detect each response's API from
// its body and resolve HTTP-dates against the current time.
type Options struct {
	// API forces the API of every response instead of detecting it.
	API catalog.API
	// Now is the time to resolve HTTP-dates and rate-limit resets against
	// when a response has no Date header; zero means time.Now.
	Now time.Time
}

// The kinds of input a Report can come from.
const (
	InputHAR   = apierror.InputHAR   // a HAR file (JSON with log.entries)
	InputText  = apierror.InputText  // raw responses, curl output, log lines or JSON bodies
	InputEmpty = apierror.InputEmpty // nothing but white space
)

// A Report is the triage of one input: its failures grouped by API and
// error code, most frequent first. Its JSON form is what `errscope triage
// --json` prints. Every string in it has been redacted.
type Report struct {
	// Input is the kind of input: InputHAR, InputText or InputEmpty.
	Input string `json:"input"`
	// Bytes is the number of bytes read.
	Bytes int64 `json:"bytes"`
	// Entries counts the responses found: HAR entries, raw responses and
	// log lines or JSON records that describe a response (successes
	// included).
	Entries int `json:"entries"`
	// Failures counts the failed responses among them.
	Failures int `json:"failures"`
	// Retries counts the attempts that were retries of a failed attempt of
	// the same request.
	Retries int `json:"retries"`
	// Skipped counts the lines of a text input that described no response
	// (other log lines, comments, blank lines are not counted).
	Skipped int `json:"skipped"`
	// First and Last are the earliest and latest times of the responses
	// read; zero (omitted) when the input had no times.
	First time.Time `json:"first,omitzero"`
	Last  time.Time `json:"last,omitzero"`
	// Groups are the failures grouped by API and code, by count
	// (descending), then API and code.
	Groups []Group `json:"groups"`
	// Truncated reports that the input ended in the middle of a HAR file.
	Truncated bool `json:"truncated"`
	// Problems lists in plain words what was not understood or was cut:
	// entries and lines that could not be read, size caps that were hit.
	Problems []string `json:"problems"`
	// Redacted counts the distinct secrets removed from the input, by
	// kind; none of them is anywhere in the report.
	Redacted redact.Summary `json:"redacted"`
}

// A Group is every failure of one kind: one error code of one API, or one
// HTTP status without a code, or one kind of transport failure.
type Group struct {
	// API is the API the failures came from; empty when unknown.
	API catalog.API `json:"api"`
	// Code is the error code from the bodies; empty for failures without
	// one, which are grouped by status.
	Code catalog.Code `json:"code"`
	// Type is the machine type from the bodies or the catalog.
	Type catalog.Type `json:"type"`
	// Kind says what failed: KindAPIError (a body with a code), KindStatus
	// (an HTTP status without a code), KindNetwork, KindTimeout or
	// KindCanceled (no response at all).
	Kind string `json:"kind"`
	// Title is the catalog entry's title, or a description of the status
	// or transport failure.
	Title string `json:"title"`
	// Statuses are the HTTP statuses seen, ascending; 0 stands for no
	// response.
	Statuses []int `json:"statuses"`
	// Count is the number of failures in the group.
	Count int `json:"count"`
	// First and Last are the times of the first and last failure; zero
	// (omitted) when the input had no times.
	First time.Time `json:"first,omitzero"`
	Last  time.Time `json:"last,omitzero"`
	// RequestIDs are the distinct request ids, in order of appearance, at
	// most MaxRequestIDs; MoreRequestIDs counts the others.
	RequestIDs     []string `json:"request_ids"`
	MoreRequestIDs int      `json:"more_request_ids"`
	// Endpoints are the distinct "METHOD /path" of the failed requests
	// (path only, no query), at most MaxEndpoints; MoreEndpoints counts
	// the others.
	Endpoints     []string `json:"endpoints"`
	MoreEndpoints int      `json:"more_endpoints"`
	// Where says where the group's first failure is in the input: "entry
	// 3" of a HAR file, "line 40" of a text.
	Where string `json:"where"`
	// Message is the server's message of the group's first failure.
	Message string `json:"message"`
	// Providers are the distinct upstream provider failures that BabySea
	// reported after failover ("replicate: PROVIDER_TIMEOUT"), at most 10.
	Providers []string `json:"providers"`
	// Retryable is the first failure's retryable flag (the body's, else
	// the catalog's, else the status's); false for transport failures,
	// whose retry depends on the method.
	Retryable bool `json:"retryable"`
	// Verdict says in one line what a client should do after such a
	// failure: "retry after Retry-After 17 s", "do not retry: …".
	Verdict string `json:"verdict"`
	// Decision is the API's retry policy's decision for the first failure,
	// as its first attempt.
	Decision Decision `json:"decision"`
	// NextSteps are concrete things to do, most useful first.
	NextSteps []string `json:"next_steps"`
	// Doc is the site path of the code's reference page
	// ("/errors/babysea/BSE1005"); empty when the code is not in the
	// catalog.
	Doc string `json:"doc"`
	// Retries counts the attempts that retried a failure of this group.
	Retries int `json:"retries"`
	// Findings are the timing checks of those retries, problems first.
	Findings []Finding `json:"findings"`
	// Problems are what the decoder could not understand in the group's
	// responses (distinct, at most a few).
	Problems []string `json:"problems"`
}

// The kinds of Group.
const (
	KindAPIError = "api_error" // an error body with a code
	KindStatus   = "status"    // an HTTP error status without a code
	KindNetwork  = "network"   // no response: connection refused, reset, DNS …
	KindTimeout  = "timeout"   // no response before the client's timeout
	KindCanceled = "canceled"  // the client canceled the request
)

// A Decision is what the API's retry policy decides after a failure.
type Decision struct {
	// Retry reports whether the policy retries.
	Retry bool `json:"retry"`
	// Rule names the policy rule that decided ("server_delay",
	// "not_retryable", …; see retry.Rule).
	Rule string `json:"rule"`
	// DelayMS is the wait before the retry in milliseconds: the
	// server-named delay, the default 429 wait, or the largest backoff of
	// the first retry. Nil when the policy does not retry.
	DelayMS *int64 `json:"delay_ms"`
	// Reason says why, in a few words.
	Reason string `json:"reason"`
	// Sentence is the decision as the decoder, the code pages and the
	// CLI word it (explain.Decide): "Retries after 17 s (Retry-After 17 s)."
	Sentence string `json:"sentence"`
}

// A Finding is one timing check over the retries of a group's failures,
// with how many retries it applies to.
type Finding struct {
	// Kind names the check; see the Finding* constants.
	Kind string `json:"kind"`
	// OK reports that the client did the right thing.
	OK bool `json:"ok"`
	// Count is the number of retries the finding is about.
	Count int `json:"count"`
	// MinGapMS and MaxGapMS are the shortest and longest time the client
	// waited between the failure and its retry, in milliseconds; both are
	// 0 when the input had no times.
	MinGapMS int64 `json:"min_gap_ms"`
	MaxGapMS int64 `json:"max_gap_ms"`
	// WantMS is the longest wait the policy asked for, in milliseconds; 0
	// when the check is not about a wait.
	WantMS int64 `json:"want_ms"`
	// Attempts is the most attempts one request got, for
	// FindingTooManyAttempts; 0 otherwise.
	Attempts int `json:"attempts"`
	// Text says it in one sentence.
	Text string `json:"text"`
}

// The kinds of Finding, in the order they are listed.
const (
	// FindingIgnoredRetryAfter: a retry came sooner than the server's
	// Retry-After (less RetryTolerance).
	FindingIgnoredRetryAfter = "ignored_retry_after"
	// FindingNotRetryable: a failure the policy does not retry was retried.
	FindingNotRetryable = "retried_not_retryable"
	// FindingUnkeyed: a non-idempotent request without an Idempotency-Key
	// was retried after a failure that may have left the work done
	// (network error, timeout, proxy 5xx).
	FindingUnkeyed = "retried_unkeyed"
	// FindingTooFast: a retry came sooner than the policy's default wait
	// for a 429 without Retry-After.
	FindingTooFast = "too_fast"
	// FindingNoBackoff: a retry came sooner than the policy's backoff
	// allows (its shortest delay, and at least a quarter of the base).
	FindingNoBackoff = "no_backoff"
	// FindingTooManyAttempts: a request was tried more often than the
	// policy's attempts.
	FindingTooManyAttempts = "too_many_attempts"
	// FindingObeyedRetryAfter: retries waited the server's Retry-After.
	FindingObeyedRetryAfter = "obeyed_retry_after"
	// FindingBackedOff: retries waited at least the policy's backoff.
	FindingBackedOff = "backed_off"
	// FindingUntimed: retries whose wait could not be checked because
	// the input had no times.
	FindingUntimed = "untimed"
)

// findingOrder lists the finding kinds in display order.
var findingOrder = []string{
	FindingIgnoredRetryAfter, FindingNotRetryable, FindingUnkeyed, FindingTooFast,
	FindingNoBackoff, FindingTooManyAttempts, FindingObeyedRetryAfter, FindingBackedOff, FindingUntimed,
}
