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
	"github.com/errscope/errscope/internal/durtext"
	"github.com/errscope/errscope/internal/route"
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
	// Method and IdempotencyKey are what the retry decision assumed;
	// Method is "" when neither the options nor the paste gave one (then
	// Retry.ByMethod may say the answer depends on it).
	Method         string `json:"-"`
	IdempotencyKey string `json:"-"`
	// Field is the request field a validation error names ("limit"), ""
	// if none; FieldPath is where the paste has it ("detail.field").
	Field     string `json:"field,omitempty"`
	FieldPath string `json:"-"`
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
	// Policy is the RateLimit-Policy header's quotas in words
	// ("100 requests per 60 s"), "" if none.
	Policy string `json:"policy,omitempty"`
	// RetryAfterSource names where the wait came from.
	RetryAfterSource string `json:"-"`
	// Headers names the headers the limit, remaining and reset came from
	// ("X-RateLimit-*", "RateLimit-*", "RateLimit").
	Headers string `json:"-"`
	// Sent is when the response was sent (its Date header), zero if the
	// paste did not say; the reset is measured from it.
	Sent time.Time `json:"-"`
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
		method = strings.ToUpper(strings.TrimSpace(e.Request.Method))
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
		r.Path = route.Code(*e.Entry)
	}
	rl := e.RateLimit
	r.RateLimit = RateLimit{Limit: rl.Limit, Remaining: rl.Remaining, RetryAfterSource: rl.RetryAfterSource,
		Policy: rl.Policy, Headers: rl.Headers, Sent: e.Request.Time}
	if !rl.Reset.IsZero() {
		t := rl.Reset.UTC()
		r.RateLimit.Reset = &t
	}
	if rl.HasRetryAfter {
		ms := rl.RetryAfter.Milliseconds()
		r.RateLimit.RetryAfterMS = &ms
	}
	_, r.RetryableWhy = e.RetryableWhy()
	r.Field, r.FieldPath = field(e)
	r.Field = redact.String(r.Field)

	f := retry.Failure{Err: e}
	if tf, why, ok := transport(e); ok {
		f = tf
		r.Retryable, r.RetryableWhy = !retry.IsPermanent(tf.Network), why
	}
	r.Retry = Decide(policyFor(e.API), retry.Call{Attempt: 1, Method: method, IdempotencyKey: key}, f)
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
	case r.Retry.ByMethod:
		s = append(s, "Retry only if the request was a GET, HEAD or DELETE or carried an Idempotency-Key; otherwise check whether the work was done before sending it again.")
	case r.Retry.Retries() && r.Retry.DelayMS != nil:
		s = append(s, fmt.Sprintf("Wait %s, then retry with the same request%s.", durtext.Format(time.Duration(*r.Retry.DelayMS)*time.Millisecond), keyNote(r)))
	case r.Retry.Retries():
		s = append(s, fmt.Sprintf("Retry with exponential backoff, the same request%s.", keyNote(r)))
	case r.Retry.DelayMS != nil:
		s = append(s, fmt.Sprintf("Retry after %s, or schedule the work for later: the SDK does not wait that long.", durtext.Format(time.Duration(*r.Retry.DelayMS)*time.Millisecond)))
	case r.Retryable:
		s = append(s, "Do not retry blindly: "+r.Retry.Reason+".")
	}
	if e.Entry != nil {
		for _, sol := range e.Entry.Solutions {
			l := strings.ToLower(sol)
			if e.RequestID != "" && (strings.Contains(l, "request_id") || strings.Contains(l, "request id")) {
				continue // replaced by the concrete line below
			}
			s = append(s, pointAt(sol, r.FieldPath))
		}
	} else if _, _, ok := transport(e); ok {
		s = append(s, "No response came back: check the network path to the API (DNS, proxy, firewall) and the client's timeout.")
	} else if e.NonJSON {
		s = append(s, "The response did not come from the API's error handler (a proxy or CDN page, or an empty body): check the URL, method and body shape.")
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
