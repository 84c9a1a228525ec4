// Package explain turns a decoded error response into the report a person
// reads: which code, what it means, whether and when the SDK would retry and
// why, what to do next, and what could not be understood.
//
// It joins the decoder ([apierror]), the catalog and the retry policy
// ([retry]); the command line (`errscope decode`) and the browser decoder
// both show its [Report], so they never disagree. The package is pure and
// builds for js/wasm.
package explain

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/redact"
	"github.com/errscope/errscope/retry"
)

// Options steer [Decode].
type Options struct {
	API            catalog.API // force this API; "" detects it from the shape
	Method         string      // request method; "" means the paste's, else GET
	IdempotencyKey string      // the request's Idempotency-Key; "" means the paste's, if any
	Now            time.Time   // "now" for HTTP-dates and resets; zero means time.Now
}

// A Report explains one error response. Its JSON form is what
// `errscope decode --json` prints.
type Report struct {
	API            catalog.API              `json:"api"`
	Candidates     []catalog.API            `json:"candidates"`
	Status         int                      `json:"status"`
	Code           catalog.Code             `json:"code"`
	Type           catalog.Type             `json:"type"`
	Message        string                   `json:"message"`
	Hint           string                   `json:"hint"`
	Retryable      bool                     `json:"retryable"`
	RequestID      string                   `json:"request_id"`
	RateLimit      RateLimit                `json:"rate_limit"`
	ProviderErrors []apierror.ProviderError `json:"provider_errors"`
	Entry          *catalog.ExportEntry     `json:"entry"`
	Retry          Retry                    `json:"retry"`
	Problems       []string                 `json:"problems"`
	// Redacted counts the distinct secrets removed from the paste the
	// report was decoded from, by kind (the same for every report of one
	// paste); none of them is anywhere in the report.
	Redacted redact.Summary `json:"redacted"`

	// RetryableWhy says which rule made the error retryable or not.
	RetryableWhy string `json:"-"`
	// NextSteps are concrete things to do, most useful first.
	NextSteps []string `json:"-"`
	// Method and IdempotencyKey are what the retry decision assumed.
	Method         string `json:"-"`
	IdempotencyKey string `json:"-"`
	// Path is the site path of the catalog entry's page, "" if none.
	Path string `json:"-"`
	// Exchange is where in the paste the error came from (Decode), with
	// what the paste said about the request; nil for [Explain].
	Exchange *apierror.Exchange `json:"-"`
	// Err is the decoded error itself, for callers that want more.
	Err *apierror.Error `json:"-"`
}

// RateLimit is the rate-limit state of a [Report]; absent values are null.
type RateLimit struct {
	Limit        *int       `json:"limit"`
	Remaining    *int       `json:"remaining"`
	Reset        *time.Time `json:"reset"`
	RetryAfterMS *int64     `json:"retry_after_ms"`
	// RetryAfterSource names where the wait came from.
	RetryAfterSource string `json:"-"`
}

// Retry is what the SDK's policy would do after this response, as the
// first failed attempt of the request.
type Retry struct {
	Decision string `json:"decision"` // "retry" or "stop"
	// DelayMS is the server-named delay after the cap (the wait when the
	// decision is retry; the refused wait when the cap stopped it), or nil
	// when exponential backoff applies.
	DelayMS *int64 `json:"delay_ms"`
	Reason  string `json:"reason"`
	// Backoff is the upper bound of the backoff wait when DelayMS is nil.
	Backoff time.Duration `json:"-"`
}

// Decode decodes every response in a pasted text and explains each.
// It always returns at least one report. The paste is redacted once, as
// it is read (see [apierror.ReadAll]); every report's Redacted says what
// was removed.
func Decode(input []byte, o Options) []Report {
	p := apierror.ReadAll(input, apierror.Options{API: o.API, Now: o.Now, Method: o.Method})
	errs := p.Errors
	if len(errs) == 0 {
		errs = []*apierror.Error{{API: o.API}} // no error response: one report, whose problems say why
	}
	out := make([]Report, 0, len(errs))
	for i, e := range errs {
		e.Problems = append(slices.Clone(p.Problems), e.Problems...) // the paste's own problems first
		xo, x := o, (*apierror.Exchange)(nil)
		if i < len(p.Exchanges) {
			x = p.Exchanges[i]
			if xo.IdempotencyKey == "" {
				xo.IdempotencyKey = x.IdempotencyKey
			}
		}
		r := Explain(e, xo)
		r.Redacted, r.Exchange = p.Redacted, x
		out = append(out, r)
	}
	return out
}

// Explain builds the report for one decoded error.
func Explain(e *apierror.Error, o Options) Report {
	method := strings.ToUpper(strings.TrimSpace(o.Method))
	if method == "" {
		method = strings.ToUpper(e.Request.Method)
	}
	if method == "" {
		method = "GET"
	}
	key := o.IdempotencyKey
	r := Report{
		API:            e.API,
		Candidates:     nonNil(e.Candidates),
		Status:         e.Status,
		Code:           e.Code,
		Type:           e.Type,
		Message:        redact.String(e.Message),
		Hint:           redact.String(e.Hint),
		Retryable:      e.Retryable(),
		RequestID:      e.RequestID,
		ProviderErrors: nonNilPE(e.ProviderErrors),
		Problems:       nonNilS(e.Problems),
		Redacted:       (*redact.Redactor)(nil).Summary(),
		Method:         method,
		IdempotencyKey: redact.String(key),
		Err:            e,
	}
	if e.Entry != nil {
		x := catalog.Export([]catalog.Entry{*e.Entry})[0]
		r.Entry = &x
		r.Path = e.Entry.Path()
	}
	rl := e.RateLimit
	r.RateLimit = RateLimit{Limit: rl.Limit, Remaining: rl.Remaining, RetryAfterSource: rl.RetryAfterSource}
	if !rl.Reset.IsZero() {
		t := rl.Reset.UTC()
		r.RateLimit.Reset = &t
	}
	if rl.HasRetryAfter {
		ms := rl.RetryAfter.Milliseconds()
		r.RateLimit.RetryAfterMS = &ms
	}
	_, r.RetryableWhy = e.RetryableWhy()

	p := policyFor(e.API)
	d := p.Decide(retry.Call{Attempt: 1, Method: method, IdempotencyKey: key}, retry.Failure{Err: e})
	r.Retry = Retry{Decision: "stop", Reason: d.Reason}
	if d.Retry {
		r.Retry.Decision = "retry"
	}
	if d.ServerDelay {
		ms := d.Delay.Milliseconds()
		r.Retry.DelayMS = &ms
	} else if d.Retry {
		r.Retry.Backoff = d.Delay
	}
	r.NextSteps = nextSteps(e, r)
	return r
}

func policyFor(api catalog.API) retry.Policy {
	if api == "" {
		return retry.Policy{}
	}
	return retry.ForAPI(api)
}

func yesNo(b bool, y, n string) string {
	if b {
		return y
	}
	return n
}

func nextSteps(e *apierror.Error, r Report) []string {
	var s []string
	switch {
	case r.Retry.Decision == "retry" && r.Retry.DelayMS != nil:
		s = append(s, fmt.Sprintf("Wait %s as the server asks, then retry with the same request%s.", fmtMS(*r.Retry.DelayMS), keyNote(r)))
	case r.Retry.Decision == "retry":
		s = append(s, fmt.Sprintf("Retry with exponential backoff (the SDK waits up to %s before the next attempt)%s.", fmtDur(r.Retry.Backoff), keyNote(r)))
	case r.Retry.DelayMS != nil:
		s = append(s, fmt.Sprintf("The SDK stops instead of waiting (%s): retry after %s, or schedule the work for later.", r.Retry.Reason, fmtMS(*r.Retry.DelayMS)))
	case r.Retryable:
		s = append(s, "Do not retry blindly: "+r.Retry.Reason+".")
	}
	if e.Entry != nil {
		for _, sol := range e.Entry.Solutions {
			l := strings.ToLower(sol)
			if e.RequestID != "" && (strings.Contains(l, "request_id") || strings.Contains(l, "request id")) {
				continue // replaced by the concrete line below
			}
			s = append(s, sol)
		}
	} else if e.NonJSON {
		s = append(s, "The response did not come from the API's error handler (a proxy or CDN page, or an empty body): check the URL, method and body shape, then retry idempotent requests.")
	} else if e.Code != "" {
		s = append(s, fmt.Sprintf("The code %s is not in errscope's catalog of %s; read the message and the API's docs.", e.Code, orUnknown(e.API)))
	}
	if e.RequestID != "" {
		s = append(s, fmt.Sprintf("Quote request id %s when you contact support.", e.RequestID))
	}
	return s
}

func keyNote(r Report) string {
	if r.IdempotencyKey != "" {
		return " and the same Idempotency-Key"
	}
	return ""
}

func orUnknown(a catalog.API) string {
	if a == "" {
		return "any API"
	}
	if info, ok := catalog.Info(a); ok {
		return info.Name
	}
	return string(a)
}

func fmtMS(ms int64) string { return fmtDur(time.Duration(ms) * time.Millisecond) }

// fmtDur prints a wait the way a person says it: "17 s", "1.5 s", "2 min 5 s".
func fmtDur(d time.Duration) string {
	switch {
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	case d < time.Minute:
		s := d.Seconds()
		if s == float64(int64(s)) {
			return fmt.Sprintf("%d s", int64(s))
		}
		return fmt.Sprintf("%.1f s", s)
	case d < time.Hour:
		m, s := int64(d/time.Minute), int64(d%time.Minute/time.Second)
		if s == 0 {
			return fmt.Sprintf("%d min", m)
		}
		return fmt.Sprintf("%d min %d s", m, s)
	}
	if d%time.Hour == 0 {
		return fmt.Sprintf("%d h", int64(d/time.Hour))
	}
	return fmt.Sprintf("%.1f h", d.Hours())
}

// FormatDuration prints a wait the way the reports do ("17 s", "2 min 5 s").
func FormatDuration(d time.Duration) string { return fmtDur(d) }

func nonNil(a []catalog.API) []catalog.API {
	if a == nil {
		return []catalog.API{}
	}
	return a
}

func nonNilS(a []string) []string {
	if a == nil {
		return []string{}
	}
	return a
}

func nonNilPE(a []apierror.ProviderError) []apierror.ProviderError {
	if a == nil {
		return []apierror.ProviderError{}
	}
	return a
}
