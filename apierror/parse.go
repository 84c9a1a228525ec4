package apierror

// STUB — to be replaced by the real decoder. Signatures are the contract.

import (
	"strings"
	"time"

	"github.com/errscope/errscope/catalog"
)

// MaxBody is the most body bytes kept and decoded.
const MaxBody = 1 << 20

// Header holds response headers; keys are matched case-insensitively.
// An http.Header converts to it directly.
type Header map[string][]string

// Get returns the first value of key, matched case-insensitively.
func (h Header) Get(key string) string {
	for k, v := range h {
		if strings.EqualFold(k, key) && len(v) > 0 {
			return v[0]
		}
	}
	return ""
}

// Options steer decoding.
type Options struct {
	API    catalog.API // force this API instead of detecting it
	Now    time.Time   // the time to resolve HTTP-dates against when the response has no Date header; zero means time.Now
	Method string      // the request method, when the input does not say
}

// Parse decodes one response.
func Parse(status int, h Header, body []byte, opt Options) *Error {
	return &Error{Status: status, API: opt.API}
}

// ReadAll decodes every response found in a pasted text. It always returns at least one Error.
func ReadAll(input []byte, opt Options) []*Error { return []*Error{{API: opt.API}} }

// Error returns one short line.
func (e *Error) Error() string { return "api error" }

// Retryable reports whether the error is worth retrying.
func (e *Error) Retryable() bool { return e.Status == 429 || e.Status >= 500 }
