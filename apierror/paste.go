package apierror

import (
	"bytes"
	"strings"
	"time"

	"github.com/errscope/errscope/redact"
)

// MaxPaste is the most bytes of a pasted text that [ReadAll] reads.
const MaxPaste = 4 << 20

// maxErrors is the most error responses ReadAll returns for one paste.
const maxErrors = 1000

// maxLineProblems is the most problems of single lines and entries a
// Paste lists.
const maxLineProblems = 10

// A Paste is what [ReadAll] found in a pasted text.
type Paste struct {
	// Errors are the error responses, decoded, in the order of the paste;
	// empty when the paste holds none (Problems then say what it holds).
	Errors []*Error
	// Exchanges are where each of Errors came from: Exchanges[i] is the
	// exchange Errors[i] was decoded from, with its place in the paste
	// and what the paste said about the request.
	Exchanges []*Exchange
	// Responses counts the responses seen, errors or not.
	Responses int
	// Problems are about the paste as a whole: it is empty, cut short,
	// holds no error, or lines of it could not be read.
	Problems []string
	// Redacted says what was removed from the paste: the distinct
	// secrets, by kind.
	Redacted redact.Summary
}

// ReadAll decodes every error response found in a pasted text: a JSON body
// alone, one or more raw responses (curl -i, curl -i -L, a log of several),
// curl -v output, a HAR file, JSON log records (NDJSON, pino, zap, bunyan,
// slog), logfmt and slog text lines, plain log lines, Go panics and Python
// tracebacks — whatever [ReadExchanges] reads, decoded with
// [Exchange.Decode]. Successful, informational and redirect responses are
// skipped, except a 2xx whose body says "status":"error". A paste in which
// no exchange was found is decoded as one body. ReadAll never panics. Only
// the first [MaxPaste] bytes are read.
//
// The paste is redacted once, as it is read, with a [redact.Redactor]: a
// credential seen anywhere in it (a request header, a cookie, a URL, a
// curl -H or -u, a log's key=value) is removed from every field of every
// Error, wherever it is echoed; Paste.Redacted says what was removed.
func ReadAll(input []byte, opt Options) Paste {
	var red redact.Redactor
	opt.red = &red
	var p Paste
	var cut []string
	if len(input) > MaxPaste {
		cut = []string{"the paste is " + size(len(input)) + "; only the first " + size(MaxPaste) + " were read"}
		input = input[:MaxPaste]
	}
	if u, ok := fromUTF16(input); ok {
		input = u // read as the reader reads it: a body alone is then text, not binary
		cut = append(cut, "the paste is UTF-16 text (as Windows PowerShell writes); read as UTF-8")
	}
	var statuses []string
	many := false
	rd := readMemory(input, &red, func(x *Exchange) bool {
		if !x.NoResponse && x.Status != 0 {
			p.Responses++
			statuses = append(statuses, itoa(x.Status))
		}
		e, ok := x.Decode(opt)
		if !ok {
			return true
		}
		if len(p.Errors) == maxErrors {
			many = true
			return false
		}
		p.Errors = append(p.Errors, e)
		p.Exchanges = append(p.Exchanges, x)
		return true
	})
	p.Problems = append(cut, rd.Notes...)
	lines := rd.Problems
	if len(lines) > maxLineProblems {
		more := len(lines) - maxLineProblems
		lines = append(lines[:maxLineProblems:maxLineProblems], plural(more, "more problem")+" of single lines not listed")
	}
	p.Problems = append(p.Problems, lines...)
	switch {
	case many:
		p.Problems = append(p.Problems, "the paste holds more than "+itoa(maxErrors)+" error responses; the rest were skipped")
	case len(p.Errors) > 0 || rd.Input == InputEmpty:
	case p.Responses == 0 && rd.Input == InputText:
		// Nothing that reads as a response: the text is a body — from
		// its first '{' on when it has one (a JSON body after some words),
		// with the status the words around it name.
		x := &Exchange{Where: "line 1", Format: FormatBody, Body: bytes.TrimSpace(red.Bytes(input))}
		x.Body = bytes.TrimPrefix(x.Body, []byte("\xef\xbb\xbf"))
		if i := bytes.IndexByte(x.Body, '{'); i >= 0 {
			end := balancedObject(x.Body, i)
			if end < 0 {
				end = len(x.Body)
			}
			x.Status = statusHint(string(x.Body[:i]) + " " + string(x.Body[end:]))
			x.Where = whereLine(1 + bytes.Count(x.Body[:i], []byte("\n")))
			x.Body = bytes.TrimSpace(x.Body[i:end])
		}
		e, _ := x.Decode(opt)
		if e == nil {
			e = decodePasted(0, nil, x.Body, opt, "", time.Time{}).e
		}
		p.Errors, p.Exchanges = []*Error{e}, []*Exchange{x}
		p.Problems = cut
	case rd.Input == InputHAR && p.Responses == 1:
		p.Problems = append(p.Problems, "the HAR file has 1 entry, which is not an error")
	case rd.Input == InputHAR:
		p.Problems = append(p.Problems, "the HAR file has "+plural(p.Responses, "entry")+", none of them an error")
	default:
		p.Problems = append(p.Problems, "the paste holds "+plural(p.Responses, "response")+", none of them an error (status "+strings.Join(clipList(statuses, 10), ", ")+")")
	}
	for i, q := range p.Problems {
		p.Problems[i] = red.String(clean(q, 400))
	}
	for i, e := range p.Errors {
		scrub(&red, e)
		x := p.Exchanges[i]
		x.URL, x.IdempotencyKey = red.Scrub(x.URL), red.Scrub(x.IdempotencyKey)
	}
	p.Redacted = red.Summary()
	return p
}

// decodePasted decodes one response found in a paste, sent for a request
// of method (opt.Method when "") at t (zero when unknown).
func decodePasted(status int, h Header, body []byte, opt Options, method string, t time.Time) *decoder {
	d := newDecoder(status, opt)
	d.pasted = true
	if method == "" {
		method = opt.Method
	}
	d.e.Request.Method = strings.ToUpper(strings.TrimSpace(method))
	d.parse(h, body)
	if !t.IsZero() {
		d.e.Request.Time = t
	}
	return d
}

func plural(n int, word string) string {
	switch {
	case n == 1:
		return "1 " + word
	case strings.HasSuffix(word, "y"):
		return itoa(n) + " " + strings.TrimSuffix(word, "y") + "ies"
	}
	return itoa(n) + " " + word + "s"
}

func clipList(s []string, n int) []string {
	if len(s) > n {
		return append(s[:n:n], "…")
	}
	return s
}

// scrub removes from e the credentials learned after it was decoded,
// further on in the paste: the last pass over a streamed paste.
func scrub(red *redact.Redactor, e *Error) {
	e.Message, e.Hint = red.Scrub(e.Message), red.Scrub(e.Hint)
	e.Body = red.ScrubBytes(e.Body)
	for i, p := range e.Problems {
		e.Problems[i] = red.Scrub(p)
	}
	for i := range e.ProviderErrors {
		pe := &e.ProviderErrors[i]
		pe.Message = red.Scrub(pe.Message)
	}
	mapStrings(e.Details, 0, func(_, s string) string { return red.Scrub(s) })
}
