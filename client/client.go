// Package client sends requests to one of the catalog's APIs with retries:
// the only package of errscope that does HTTP I/O and waits.
//
// [Client.Do] sends a request, decodes error responses with apierror.Parse
// and asks retry.Policy.Decide whether and when to try again. Waits are
// timers raced against the caller's context (never time.Sleep), so a
// cancel returns at once. Every attempt has its own timeout; the caller's
// context deadline bounds them all, and a server-named delay that does not
// fit before that deadline fails fast with the typed API error instead of
// sleeping into context.DeadlineExceeded.
//
// # Errors
//
// Every error Do returns after a failed attempt is a [*RetryError] that
// says why retrying stopped (its Rule and Reason: "server asks 3600 s,
// over the 60 s cap", "attempt 3 of 3", the budget, a cancel) and wraps
// the last attempt's typed error: an [*apierror.Error] for an error
// response, a [*NetworkError] for a transport failure, a [*TimeoutError]
// for a per-attempt timeout. errors.As reaches both, so a caller can
// always read the server's Retry-After and the policy's reason:
//
//	var apiErr *apierror.Error
//	if errors.As(err, &apiErr) && apiErr.RateLimit.HasRetryAfter { … }
//	var re *client.RetryError
//	if errors.As(err, &re) && re.Rule == retry.RuleOverCap { … schedule for later … }
package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/retry"
)

// DefaultTimeout is the per-attempt timeout of a Client whose Timeout is
// zero, as in the BabySea TypeScript SDK.
const DefaultTimeout = 30 * time.Second

// A Client sends requests with retries. The zero Client is usable: it
// sends with http.DefaultClient, the default retry policy and a 30 s
// per-attempt timeout. A Client is safe for concurrent use if its fields
// are not changed while in use.
type Client struct {
	// HTTPClient sends each attempt; nil means http.DefaultClient. Its own
	// Timeout, if any, applies to each attempt as well.
	HTTPClient *http.Client
	// API is the API the requests go to: it picks the error envelope to
	// decode and the retry defaults (retry.ForAPI).
	API catalog.API
	// Policy holds changes to the API's retry policy: Do uses
	// retry.ForAPI(API).With(Policy), so each field set here replaces the
	// API's value and every zero field keeps it. Setting MaxRetries alone
	// keeps, for BabySea, the rule that the body's retryable flag decides.
	// Give the Client a retry.Budget to bound retry amplification across
	// all its requests.
	Policy retry.Policy
	// Timeout bounds each attempt, from sending the request until the
	// response body is closed. Zero means DefaultTimeout (30 s); negative
	// means none (the caller's context still applies).
	Timeout time.Duration
	// IdempotencyKey, if not nil, generates an Idempotency-Key for POST and
	// PATCH requests that have none, so that they can be retried after a
	// transport failure. The key is generated once per Do and sent on
	// every attempt. A key already on the request is always reused.
	IdempotencyKey func() string
}

// ErrBodyNotRewindable is the cause recorded when a retry was not made
// because the request body could not be sent again (the request has a
// Body but no GetBody).
var ErrBodyNotRewindable = errors.New("request body cannot be rewound (no GetBody)")

// A TimeoutError reports that an attempt timed out (the Client's Timeout),
// while the caller's context was still alive.
type TimeoutError struct {
	Timeout  time.Duration // the per-attempt timeout that fired
	Attempts int           // attempts made, including the one that timed out
}

// Error returns "request timed out after 30s".
func (e *TimeoutError) Error() string { return fmt.Sprintf("request timed out after %s", e.Timeout) }

// A NetworkError reports a transport failure: no response arrived
// (connection refused or reset, DNS, TLS, EOF before the headers). URLs in
// it have no query string or user info.
type NetworkError struct {
	Err      error // the transport's error (often a *url.Error)
	Attempts int   // attempts made
	// Retryable reports whether the policy would retry this failure at
	// all: false for a request that is neither idempotent nor keyed, and
	// for failures a retry cannot fix (unknown host, bad certificate).
	Retryable bool
}

// Error returns "network error: " and the transport's error.
func (e *NetworkError) Error() string { return "network error: " + e.Err.Error() }

// Unwrap returns the transport's error.
func (e *NetworkError) Unwrap() error { return e.Err }

// A RetryError reports why Do stopped — after one attempt the policy
// would not retry, after retries, or because the caller canceled — and
// wraps the last attempt's typed error.
type RetryError struct {
	Attempts int    // attempts made
	Last     error  // the last attempt's typed error; nil if the caller canceled before any failed
	Reason   string // why retrying stopped, from retry.Decision.Reason or the client
	// Rule is the policy rule that stopped retrying (retry.RuleCanceled
	// for a cancellation).
	Rule retry.Rule
	// Cause is what ended retrying when it was not the last failure
	// itself: the context's error, retry.ErrBudgetExhausted or
	// ErrBodyNotRewindable; nil otherwise.
	Cause error
}

// Error returns one line: "all 3 attempts failed: <last>",
// "gave up after 2 attempts (<reason>): <last>", or for a cancellation
// "canceled after 2 attempts: context canceled; last: <last>".
func (e *RetryError) Error() string {
	n := plural(e.Attempts, "attempt")
	last := "<nil>"
	if e.Last != nil {
		last = e.Last.Error()
	}
	switch {
	case e.Rule == retry.RuleCanceled:
		msg := "canceled after " + n
		if e.Cause != nil {
			msg += ": " + e.Cause.Error()
		}
		if e.Last != nil {
			msg += "; last: " + last
		}
		return msg
	case e.Rule == retry.RuleAttempts:
		return fmt.Sprintf("all %s failed: %s", n, last)
	case e.Attempts == 1:
		return fmt.Sprintf("not retried (%s): %s", e.Reason, last)
	}
	return fmt.Sprintf("gave up after %s (%s): %s", n, e.Reason, last)
}

// Unwrap returns Last and Cause (those not nil), so that errors.As finds
// the typed error and errors.Is the cause (context.Canceled …).
func (e *RetryError) Unwrap() []error {
	var errs []error
	for _, err := range []error{e.Last, e.Cause} {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Replayed reports whether resp says the server replayed a stored response
// for a repeated Idempotency-Key (Idempotency-Replayed: true) rather than
// doing the work again.
func Replayed(resp *http.Response) bool {
	return resp != nil && strings.EqualFold(strings.TrimSpace(resp.Header.Get("Idempotency-Replayed")), "true")
}

// EffectivePolicy returns the policy Do follows: the API's defaults with
// the Client's Policy fields applied, retry.ForAPI(API).With(Policy).
func (c *Client) EffectivePolicy() retry.Policy { return retry.ForAPI(c.API).With(c.Policy) }

func (c *Client) timeout() time.Duration {
	switch {
	case c.Timeout < 0:
		return 0
	case c.Timeout == 0:
		return DefaultTimeout
	}
	return c.Timeout
}

// Do sends req with retries and returns the first successful response
// (status below 400), whose body the caller must close. ctx bounds the
// whole call, waits included; req's own context is replaced by it.
//
// Each attempt sends a copy of req under a context with the Client's
// Timeout. A retried request's body is re-created with req.GetBody
// (http.NewRequest sets it for bytes, strings and buffers); a request
// whose body cannot be rewound is never retried, and the error says so.
// An Idempotency-Key on req, or generated by the Client's IdempotencyKey
// for POST and PATCH, is sent unchanged on every attempt. Error response
// bodies are read up to apierror.MaxBody bytes, closed, and decoded with
// apierror.Parse; an error body cut short (connection reset, truncated,
// attempt timeout) is decoded as far as it goes, but the policy decides
// on the status and headers alone, since the cut may have lost the body's
// "retryable" verdict. Transport failures and timeouts are passed to the
// policy as such. The policy's decision, with the time left before ctx's
// deadline, says whether to wait and retry. See the package documentation
// for the errors returned.
func (c *Client) Do(ctx context.Context, req *http.Request) (*http.Response, error) {
	if req == nil {
		return nil, errors.New("client: nil request")
	}
	if ctx == nil {
		ctx = req.Context()
	}
	pol := c.EffectivePolicy()
	hc := c.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	timeout := c.timeout()
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	key := req.Header.Get("Idempotency-Key")
	if key == "" && c.IdempotencyKey != nil && (method == http.MethodPost || method == http.MethodPatch) {
		key = c.IdempotencyKey()
	}
	hasBody := req.Body != nil && req.Body != http.NoBody
	rewindable := !hasBody || req.GetBody != nil
	if pol.Budget != nil {
		pol.Budget.Request()
	}

	var last error
	var prev time.Duration
	for attempt := 1; ; attempt++ {
		if ctxDone(ctx) != nil {
			return nil, canceled(attempt-1, last, ctx)
		}
		r := req.Clone(ctx)
		if attempt > 1 && hasBody {
			body, err := req.GetBody()
			if err != nil {
				return nil, &RetryError{Attempts: attempt - 1, Last: last, Reason: "request body could not be rewound", Rule: retry.RuleNone, Cause: err}
			}
			r.Body = body
		}
		if key != "" {
			r.Header.Set("Idempotency-Key", key)
		}
		actx, cancel := ctx, context.CancelFunc(func() {})
		if timeout > 0 {
			actx, cancel = context.WithTimeout(ctx, timeout)
		}
		resp, err := hc.Do(r.WithContext(actx))

		var f retry.Failure
		var failed error         // this attempt's typed error
		var netErr *NetworkError // failed, when it is a transport failure
		switch {
		case err != nil:
			cancel()
			if ctx.Err() != nil {
				return nil, canceled(attempt, last, ctx)
			}
			if attemptTimedOut := timeout > 0 && errors.Is(actx.Err(), context.DeadlineExceeded); attemptTimedOut || errors.Is(err, context.DeadlineExceeded) {
				// The Client's Timeout, or the HTTPClient's own.
				te := &TimeoutError{Timeout: timeout, Attempts: attempt}
				if !attemptTimedOut {
					te.Timeout = hc.Timeout
				}
				f = retry.Failure{Timeout: true, Network: err}
				failed = te
			} else {
				err = redactURL(err)
				if permanent(err) {
					err = retry.Permanent(err)
				}
				f = retry.Failure{Network: err}
				netErr = &NetworkError{Err: err, Attempts: attempt}
				failed = netErr
			}
		case resp.StatusCode >= 400:
			body, rerr := io.ReadAll(io.LimitReader(resp.Body, apierror.MaxBody))
			resp.Body.Close()
			cancel()
			if ctx.Err() != nil {
				return nil, canceled(attempt, last, ctx)
			}
			h, opt := apierror.Header(resp.Header), apierror.Options{API: c.API, Method: method}
			e := apierror.Parse(resp.StatusCode, h, body, opt)
			f = retry.Failure{Err: e}
			if rerr != nil {
				// The body was cut short (reset, truncated, attempt timeout):
				// it may have lost the server's verdict ("retryable": false),
				// so the policy decides on the status and headers alone, as
				// for a proxy's empty error page.
				e.Problems = append(e.Problems, fmt.Sprintf("body cut short after %d bytes: %v", len(body), rerr))
				f = retry.Failure{Err: apierror.Parse(resp.StatusCode, h, nil, opt)}
			}
			failed = e
		default:
			resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
			if attempt > 1 && pol.Budget != nil {
				pol.Budget.Success()
			}
			return resp, nil
		}

		call := retry.Call{Attempt: attempt, Method: method, IdempotencyKey: key, PrevDelay: prev}
		if dl, ok := ctx.Deadline(); ok {
			call.Remaining = max(time.Until(dl), 1)
		}
		dp := pol
		if !rewindable {
			dp.Budget = nil // nothing to spend: the retry cannot happen
		}
		d := dp.Decide(call, f)
		if netErr != nil {
			netErr.Retryable = d.Rule != retry.RuleNotIdempotent && d.Rule != retry.RulePermanent
		}
		switch {
		case d.Retry && !rewindable:
			return nil, &RetryError{Attempts: attempt, Last: failed, Reason: ErrBodyNotRewindable.Error(), Rule: d.Rule, Cause: ErrBodyNotRewindable}
		case !d.Retry && d.Rule == retry.RuleBudget:
			return nil, &RetryError{Attempts: attempt, Last: failed, Reason: d.Reason, Rule: d.Rule, Cause: retry.ErrBudgetExhausted}
		case !d.Retry:
			return nil, &RetryError{Attempts: attempt, Last: failed, Reason: d.Reason, Rule: d.Rule}
		}
		last = failed
		if d.Delay > 0 {
			t := time.NewTimer(d.Delay)
			select {
			case <-ctx.Done():
				t.Stop()
				return nil, canceled(attempt, last, ctx)
			case <-t.C:
			}
		}
		prev = d.Delay
	}
}

// ctxDone returns ctx's error, or context.DeadlineExceeded once ctx's
// deadline has passed even if its timer has not fired yet, so that no
// attempt is sent after the deadline.
func ctxDone(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if dl, ok := ctx.Deadline(); ok && !time.Now().Before(dl) {
		return context.DeadlineExceeded
	}
	return nil
}

// canceled is the error for a caller's cancellation or deadline.
func canceled(attempts int, last error, ctx context.Context) error {
	cause := context.Cause(ctx)
	if cause == nil {
		cause = ctxDone(ctx)
	}
	return &RetryError{Attempts: attempts, Last: last, Reason: "canceled by the caller", Rule: retry.RuleCanceled, Cause: cause}
}

// cancelOnClose ends an attempt's context when the caller closes the body.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// permanent reports transport errors that a retry cannot fix: an unknown
// host, an untrusted or mismatched certificate, an unsupported URL scheme,
// too many redirects.
func permanent(err error) bool {
	var dns *net.DNSError
	if errors.As(err, &dns) && dns.IsNotFound {
		return true
	}
	var (
		cv  *tls.CertificateVerificationError
		ua  x509.UnknownAuthorityError
		he  x509.HostnameError
		inv x509.CertificateInvalidError
	)
	if errors.As(err, &cv) || errors.As(err, &ua) || errors.As(err, &he) || errors.As(err, &inv) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "unsupported protocol scheme") || strings.Contains(msg, "stopped after") && strings.Contains(msg, "redirects")
}

// redactURL drops the query string, fragment and user info from the URL
// of a top-level *url.Error, so that keys in URLs never reach an error
// message.
func redactURL(err error) error {
	var ue *url.Error
	if !errors.As(err, &ue) || error(ue) != err {
		return err
	}
	c := *ue
	u, perr := url.Parse(ue.URL)
	if perr != nil {
		c.URL = "(unparsable URL)"
		return &c
	}
	u.User, u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = nil, "", false, "", ""
	c.URL = u.String()
	return &c
}
