// Package triage groups the failed API responses found in a support
// attachment — a HAR file exported from a browser, a client's log, or
// several raw responses pasted together — and says, for each kind of
// failure, what the client should have done and whether it did.
//
// [Analyze] reads the input as a stream of exchanges with the decoder's own
// paste reader, [apierror.ReadExchanges]: a HAR file is walked entry by
// entry with a JSON token stream, so a 50 MB HAR is read in bounded memory,
// and every other text is cut into raw responses, log lines and JSON bodies
// by a bounded line scanner. Every failure (a HAR entry that got no
// response, or what [apierror.Exchange.Decode] takes for an error: HTTP
// status 400 or above, an error envelope on a 2xx) is decoded exactly as the
// decoder decodes it, and counted in a [Group] per API and error code (per
// HTTP status when the body has no code). The decoder and triage therefore
// find the same errors in a paste, with the same API, status, code and
// retry decision; a test holds them to it over every paste in the module. A group carries the retry verdict of
// the API's [retry.Policy] and timing findings: consecutive attempts of the
// same request are compared with what the policy demands (Retry-After
// obeyed, non-retryable errors retried, backoff skipped, unkeyed POSTs
// retried after a network error).
//
// # Secrets
//
// Everything in a [Report] has passed through one [redact.Redactor]: each
// chunk of a text input and each header value, URL and body of a HAR file
// is redacted where it is read, before it is decoded, and every string of
// the finished report is redacted again. Request headers, cookies and
// bodies are never copied into the report at all. Credentials seen where
// their place says what they are (Authorization, Cookie, Set-Cookie and
// API-key headers, HAR cookie lists, secret URL query parameters and user
// info, curl -H and -u flags, key=value pairs in logs, secret JSON fields)
// are also removed wherever else they show up in the report, whatever
// their form — an opaque token echoed in an error message, or in a URL
// path. [Report.Redacted] counts them by kind. The decoder
// ([apierror.ReadAll]) learns and removes credentials the same way.
//
// # The same request
//
// The timing checks compare consecutive attempts of the same request:
// same method, URL (with query) and request body (HAR), and the same
// Idempotency-Key when both attempts carry one. An attempt that starts
// within [RetryWindow] after the previous one failed is its retry;
// overlapping attempts are concurrent requests, not retries. Log lines that
// name no method or URL are taken as attempts of one request only when they
// come close together, and the report says so.
//
// # Limits
//
// The input may be of any size; memory stays bounded because nothing is kept
// per entry except a small record for the timing checks of the last attempt
// of each distinct request (at most [MaxTracked]). One HAR string (a
// response body, a header) is cut after [MaxString] bytes, one text chunk
// (a raw response, a log line with its JSON body) after [MaxChunk] bytes.
// Groups ([MaxGroups]), request ids and endpoints per group and problems are
// capped too; every cap that is hit is reported in [Report.Problems].
//
// The package is pure (no net/http, no clock unless [Options.Now] is zero)
// and builds for js/wasm, so the browser's triage page runs the same code
// through [AnalyzeBytes].
package triage
