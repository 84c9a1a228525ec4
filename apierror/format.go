package apierror

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/httpstatus"
	"github.com/errscope/errscope/redact"
)

// maxLine is the longest Error() line, in bytes.
const maxLine = 200

// Sentinel categories. An *Error matches them with errors.Is through its
// [Error.Is] method, by the catalog entry's category when the code is known,
// else by the HTTP status:
//
//	if errors.Is(err, apierror.ErrRateLimited) { … wait for RateLimit.RetryAfter … }
var (
	// ErrRateLimited matches rate, concurrency and usage limits
	// (category rate_limit, or HTTP 429).
	ErrRateLimited = errors.New("apierror: rate limited")
	// ErrAuth matches credential, permission and account problems
	// (category auth, or HTTP 401 and 403).
	ErrAuth = errors.New("apierror: authentication or permission failed")
	// ErrInvalidRequest matches errors in the request itself, which a retry
	// cannot fix (categories input and model, or any other 4xx).
	ErrInvalidRequest = errors.New("apierror: invalid request")
	// ErrServer matches failures of the server or its upstream providers
	// (categories internal and provider, or HTTP 5xx).
	ErrServer = errors.New("apierror: server error")
)

// Is reports whether e belongs to one of the sentinel categories
// [ErrRateLimited], [ErrAuth], [ErrInvalidRequest] and [ErrServer].
func (e *Error) Is(target error) bool {
	switch target {
	case ErrRateLimited, ErrAuth, ErrInvalidRequest, ErrServer:
		return e.category() == target
	}
	return false
}

// category returns e's sentinel, or nil.
func (e *Error) category() error {
	if e.Entry != nil {
		switch e.Entry.Category {
		case catalog.CategoryRateLimit:
			return ErrRateLimited
		case catalog.CategoryAuth:
			return ErrAuth
		case catalog.CategoryInput, catalog.CategoryModel:
			return ErrInvalidRequest
		case catalog.CategoryInternal, catalog.CategoryProvider:
			return ErrServer
		}
	}
	switch s := e.Status; {
	case s == 429:
		return ErrRateLimited
	case s == 401 || s == 403:
		return ErrAuth
	case s >= 400 && s < 500:
		return ErrInvalidRequest
	case s >= 500 && s < 600:
		return ErrServer
	}
	return nil
}

// Retryable reports whether the error is worth retrying: the body's
// explicit boolean "retryable" when present; else the catalog entry's flag;
// else true for 429 and 5xx except 501 (a non-JSON proxy 5xx counts as
// retryable here; the retry policy applies the method and idempotency rules).
func (e *Error) Retryable() bool {
	r, _ := e.RetryableWhy()
	return r
}

// RetryableWhy reports what [Error.Retryable] decides and, in words for
// people, which of its rules decided ("the body says retryable:false").
func (e *Error) RetryableWhy() (bool, string) {
	switch {
	case e.RetryableFlag != nil:
		return *e.RetryableFlag, "the body says retryable:" + strconv.FormatBool(*e.RetryableFlag)
	case e.Entry != nil:
		if e.Entry.Retryable {
			return true, "the catalog marks " + string(e.Entry.Code) + " as retryable"
		}
		return false, "the catalog marks " + string(e.Entry.Code) + " as not retryable"
	case e.Status == 429:
		return true, "HTTP 429 asks the client to slow down and retry"
	case e.Status == 501:
		return false, "HTTP 501 means the server does not support the request; retrying cannot help"
	case e.Status >= 500 && e.Status < 600 && e.NonJSON:
		return true, "HTTP " + strconv.Itoa(e.Status) + " from something other than the API (no JSON envelope): transient, retried for idempotent or keyed requests"
	case e.Status >= 500 && e.Status < 600:
		return true, "HTTP " + strconv.Itoa(e.Status) + " is a server failure, usually transient"
	case e.Status >= 400 && e.Status < 500:
		return false, "HTTP " + strconv.Itoa(e.Status) + " means the request must change before it can succeed"
	case e.Status != 0:
		return false, "HTTP " + strconv.Itoa(e.Status) + " is not an error status the rules know"
	}
	return false, "no status and no retryable flag in the paste"
}

// Error returns one short line (at most 200 bytes, printable, secrets
// redacted): API, status, code, type, message and request id, e.g.
// "babysea 429 BSE1005 rate_limit_exceeded: Rate limit exceeded (request req_123)".
func (e *Error) Error() string {
	var head []string
	switch {
	case e.API != "":
		head = append(head, string(e.API))
	case len(e.Candidates) > 0:
		parts := make([]string, len(e.Candidates))
		for i, a := range e.Candidates {
			parts[i] = string(a)
		}
		head = append(head, strings.Join(parts, "|")+"?")
	}
	if e.Status != 0 {
		head = append(head, strconv.Itoa(e.Status))
	}
	if e.Code != "" {
		head = append(head, clean(string(e.Code), 40))
	}
	if e.Type != "" && !strings.EqualFold(string(e.Type), string(e.Code)) {
		head = append(head, clean(string(e.Type), 60))
	}
	if len(head) == 0 {
		head = append(head, "api error")
	}
	prefix := strings.Join(head, " ")
	msg := e.Message
	if msg == "" {
		msg = httpstatus.Text(e.Status)
	}
	if e.NonJSON {
		if msg == "" {
			msg = "not a JSON error body"
		} else {
			msg += " (not a JSON error body)"
		}
	}
	suffix := ""
	if e.RequestID != "" {
		suffix = " (request " + clean(e.RequestID, 80) + ")"
	}
	line := prefix
	if msg != "" {
		room := maxLine - len(prefix) - len(": ") - len(suffix)
		line += ": " + clean(msg, max(room, 20))
	}
	return clean(redact.String(line+suffix), maxLine)
}

// clean makes s printable on one line: control characters and invalid
// UTF-8 become spaces or U+FFFD, runs of white space collapse, and the
// result is clipped to n bytes.
func clean(s string, n int) string {
	var sb strings.Builder
	space := false
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				r = '\uFFFD'
			}
		}
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			if !space && sb.Len() > 0 {
				sb.WriteByte(' ')
			}
			space = true
			continue
		}
		if !unicode.IsPrint(r) && r != '\uFFFD' {
			r = '\uFFFD'
		}
		space = false
		sb.WriteRune(r)
		if sb.Len() > n+4 {
			break
		}
	}
	return clip(strings.TrimRight(sb.String(), " "), n)
}

// Error returns one short line describing the provider's failure.
func (p ProviderError) Error() string {
	var head []string
	for _, s := range []string{p.Provider, p.Code, p.Type} {
		if s != "" {
			head = append(head, clean(s, 40))
		}
	}
	if len(head) == 0 {
		head = append(head, "provider error")
	}
	line := strings.Join(head, " ")
	if p.Message != "" {
		line += ": " + clean(p.Message, 120)
	}
	return clean(redact.String(line), maxLine)
}

// Unwrap returns the upstream provider failures, so errors.As can reach a
// [ProviderError]. It returns nil when there are none.
func (e *Error) Unwrap() []error {
	if len(e.ProviderErrors) == 0 {
		return nil
	}
	out := make([]error, len(e.ProviderErrors))
	for i, p := range e.ProviderErrors {
		out[i] = p
	}
	return out
}
