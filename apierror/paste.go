package apierror

import (
	"bytes"
	"encoding/base64"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/errscope/errscope/internal/lazyre"
	"github.com/errscope/errscope/redact"
)

// MaxPaste is the most bytes of a pasted text that [ReadAll] reads.
const MaxPaste = 4 << 20

// maxErrors is the most error responses ReadAll returns for one paste.
const maxErrors = 1000

// maxResponses is the most responses of a raw paste looked at, errors or not.
const maxResponses = 10 * maxErrors

// maxHeaderValue bounds a header value grown by folded continuation lines.
const maxHeaderValue = 8 << 10

// ReadAll decodes every error response found in a pasted text: a JSON body
// alone, one or more raw responses (curl -i, curl -i -L, a log of several),
// curl -v output, a HAR file, or log lines holding a JSON body. Successful,
// informational and redirect responses are skipped, except a 2xx whose body
// says "status":"error". ReadAll never panics and always returns at least
// one Error: when nothing was found, one whose Problems say so. Only the
// first [MaxPaste] bytes are read.
//
// The paste is redacted once, as it is read, with a [redact.Redactor]: a
// credential seen anywhere in it (a request header, a cookie, a URL, a
// curl -H or -u, a log's key=value) is removed from every field of every
// Error, wherever it is echoed. [ReadPaste] also says what was removed.
func ReadAll(input []byte, opt Options) []*Error {
	errs, _ := ReadPaste(input, opt)
	return errs
}

// ReadPaste is [ReadAll] that also returns what was redacted from the paste:
// the distinct secrets, by kind.
func ReadPaste(input []byte, opt Options) ([]*Error, redact.Summary) {
	var red redact.Redactor
	opt.red = &red
	errs := readAll(input, opt)
	return errs, red.Summary()
}

func readAll(input []byte, opt Options) []*Error {
	var notes []string
	if len(input) > MaxPaste {
		notes = append(notes, "the paste is "+size(len(input))+"; only the first "+size(MaxPaste)+" were read")
		input = input[:MaxPaste]
	}
	input = bytes.TrimPrefix(input, []byte("\xef\xbb\xbf"))
	input = opt.red.Bytes(input)
	t := bytes.TrimSpace(input)
	var errs []*Error
	switch {
	case len(t) == 0:
		e := &Error{API: opt.API}
		e.Problems = []string{"the paste is empty"}
		errs = []*Error{e}
	case t[0] == '{' && looksLikeHAR(t):
		errs = readHAR(t, opt)
	case hasStatusLine(input):
		errs = readRaw(input, opt)
	case (t[0] == '{' || t[0] == '[') && !isNDJSON(t):
		errs = []*Error{parsePasted(0, nil, t, opt, RequestInfo{})}
	case t[0] == '<':
		errs = []*Error{parsePasted(0, nil, t, opt, RequestInfo{})}
	default:
		errs = readLog(input, opt)
	}
	if len(errs) > maxErrors {
		errs = errs[:maxErrors]
		notes = append(notes, "the paste holds more than "+itoa(maxErrors)+" error responses; the rest were skipped")
	}
	if len(notes) > 0 {
		for _, e := range errs {
			e.Problems = append(append([]string(nil), notes...), e.Problems...)
		}
	}
	return errs
}

// parsePasted decodes one response found in a paste.
func parsePasted(status int, h Header, body []byte, opt Options, req RequestInfo) *Error {
	return decodePasted(status, h, body, opt, req).e
}

func decodePasted(status int, h Header, body []byte, opt Options, req RequestInfo) *decoder {
	d := newDecoder(status, opt)
	d.pasted = true
	e := d.e
	if req.Method == "" {
		req.Method = opt.Method
	}
	req.Method = strings.ToUpper(strings.TrimSpace(req.Method))
	req.URL = opt.red.String(req.URL)
	req.IdempotencyKey = opt.red.String(req.IdempotencyKey)
	e.Request = req
	d.parse(h, body)
	if !req.Time.IsZero() {
		e.Request.Time = req.Time
	}
	return d
}

// hasStatusLine reports whether some line starts with an HTTP status line
// (optionally curl -v's "< ").
func hasStatusLine(b []byte) bool {
	for line := range bytes.Lines(b) {
		line = bytes.TrimPrefix(line, []byte("< "))
		if _, _, _, ok := statusLine(string(bytes.TrimRight(line, "\r\n"))); ok {
			return true
		}
	}
	return false
}

var reStatusLine = lazyre.New(`^(HTTP/[0-9](?:\.[0-9])?)[ \t]+([0-9]{3})(?:[ \t]+(.*))?$`)

// statusLine parses "HTTP/1.1 429 Too Many Requests" or "HTTP/2 429".
func statusLine(l string) (proto string, status int, reason string, ok bool) {
	if !strings.HasPrefix(l, "HTTP/") {
		return "", 0, "", false
	}
	m := reStatusLine().FindStringSubmatch(strings.TrimRight(l, " \t"))
	if m == nil {
		return "", 0, "", false
	}
	status, _ = strconv.Atoi(m[2])
	return m[1], status, m[3], true
}

var reRequestLine = lazyre.New(`^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE|CONNECT)[ \t]+(\S+)(?:[ \t]+HTTP/[0-9](?:\.[0-9])?)?[ \t]*$`)

// requestLine parses "POST /v1/generate HTTP/1.1".
func requestLine(l string) (method, target string, ok bool) {
	if l == "" || l[0] < 'A' || l[0] > 'Z' || !strings.Contains(l, " ") {
		return "", "", false
	}
	m := reRequestLine().FindStringSubmatch(l)
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}

// headerLine splits "Name: value"; the name must be an HTTP token.
func headerLine(l string) (name, value string, ok bool) {
	i := strings.IndexByte(l, ':')
	if i <= 0 {
		return "", "", false
	}
	for _, c := range []byte(l[:i]) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return "", "", false
		}
	}
	return l[:i], strings.Trim(l[i+1:], " \t"), true
}

// rawResp is one response found in a raw paste, with its request.
type rawResp struct {
	proto   string
	status  int
	headers Header
	body    []byte
	req     RequestInfo
}

// rawReq is a request seen in a raw paste.
type rawReq struct {
	method, target, host, key string
	seen                      bool
}

func (r rawReq) info(scheme, fullURL string) RequestInfo {
	info := RequestInfo{Method: r.method, IdempotencyKey: r.key}
	switch {
	case strings.HasPrefix(r.target, "http://") || strings.HasPrefix(r.target, "https://"):
		info.URL = r.target
	case fullURL != "":
		info.URL = fullURL
	case r.host != "":
		info.URL = scheme + "://" + r.host + r.target
	default:
		info.URL = r.target
	}
	return info
}

var (
	reCurlData   = lazyre.New(`^[{}] \[[0-9]+ bytes data\]$`)
	reCurlStream = lazyre.New(`OPENED stream for (https?://\S+)`)
	reCurlPort   = lazyre.New(`Connected to \S+ \([^)]*\) port ([0-9]+)`)
)

// readRaw decodes raw HTTP responses (curl -i, curl -v, logs of several).
func readRaw(in []byte, opt Options) []*Error {
	verbose := bytes.HasPrefix(in, []byte("< HTTP/")) || bytes.Contains(in, []byte("\n< HTTP/"))
	const (
		idle = iota
		reqHeaders
		respHeaders
		body
	)
	var (
		resps   []*rawResp
		cur     *rawResp
		req     rawReq
		state   = idle
		scheme  = "https"
		fullURL string
		lastHdr string
		tooMany bool
	)
	startResp := func(proto string, status int) {
		if len(resps) >= maxResponses {
			cur, state = nil, idle
			tooMany = true
			return
		}
		cur = &rawResp{proto: proto, status: status, headers: Header{}}
		cur.req = req.info(scheme, fullURL)
		resps = append(resps, cur)
		state = respHeaders
		lastHdr = ""
	}
	for line := range bytes.Lines(in) {
		if tooMany {
			break
		}
		l := string(bytes.TrimRight(line, "\r\n"))
		if verbose {
			switch {
			case l == "*" || strings.HasPrefix(l, "* "):
				if m := reCurlStream().FindStringSubmatch(l); m != nil {
					fullURL = m[1]
				}
				if m := reCurlPort().FindStringSubmatch(l); m != nil && m[1] == "80" {
					scheme = "http"
				}
				continue
			case reCurlData().MatchString(l):
				continue
			case l == ">" || strings.HasPrefix(l, "> "):
				x := strings.TrimPrefix(strings.TrimPrefix(l, ">"), " ")
				if method, target, ok := requestLine(x); ok {
					req = rawReq{method: method, target: target, seen: true}
					fullURL = ""
				} else if name, value, ok := headerLine(x); ok {
					req.header(name, value)
				}
				continue
			case l == "<" || strings.HasPrefix(l, "< "):
				x := strings.TrimPrefix(strings.TrimPrefix(l, "<"), " ")
				if proto, status, _, ok := statusLine(x); ok {
					startResp(proto, status)
				} else if x == "" {
					if cur != nil {
						state = body
					}
				} else if name, value, ok := headerLine(x); ok && cur != nil {
					cur.headers.add(name, value)
				}
				continue
			}
			if cur != nil && state == body {
				cur.body = append(cur.body, line...)
			}
			continue
		}
		if proto, status, _, ok := statusLine(l); ok {
			startResp(proto, status)
			continue
		}
		if cur == nil && (state == respHeaders || state == body) {
			continue
		}
		switch state {
		case idle:
			if method, target, ok := requestLine(l); ok {
				req = rawReq{method: method, target: target, seen: true}
				state = reqHeaders
			}
		case reqHeaders:
			if strings.TrimSpace(l) == "" {
				state = idle
			} else if name, value, ok := headerLine(l); ok {
				req.header(name, value)
			}
		case respHeaders:
			switch {
			case strings.TrimSpace(l) == "":
				state = body
			case (l[0] == ' ' || l[0] == '\t') && lastHdr != "":
				// An obsolete folded header line continues the last header.
				vals := cur.headers[lastHdr]
				if len(vals[len(vals)-1]) < maxHeaderValue {
					vals[len(vals)-1] += " " + strings.TrimSpace(l)
				}
			default:
				if name, value, ok := headerLine(l); ok {
					cur.headers.add(name, value)
					lastHdr = name
				} else {
					state = body
					cur.body = append(cur.body, line...)
				}
			}
		case body:
			cur.body = append(cur.body, line...)
		}
	}
	var errs []*Error
	var statuses []string
	for _, r := range resps {
		statuses = append(statuses, itoa(r.status))
		if r.status < 200 || r.status >= 300 && r.status < 400 {
			continue
		}
		if r.status < 300 && !bytes.Contains(r.body, []byte(`"error"`)) {
			continue // a success without an error envelope; no need to decode it
		}
		r.req.Proto = r.proto
		d := decodePasted(r.status, r.headers, bytes.TrimRight(r.body, " \t\r\n"), opt, r.req)
		if r.status < 300 && !d.statusError {
			continue
		}
		errs = append(errs, d.e)
		if len(errs) > maxErrors {
			break
		}
	}
	if tooMany {
		for _, e := range errs {
			e.Problems = append(e.Problems, "the paste holds more than "+itoa(maxResponses)+" responses; the rest were skipped")
		}
	}
	if len(errs) == 0 {
		e := &Error{API: opt.API}
		e.Problems = []string{"the paste holds " + plural(len(resps), "response") + ", none of them an error (status " + strings.Join(clipList(statuses, 10), ", ") + ")"}
		if len(resps) > 0 {
			e.Request = resps[len(resps)-1].req
			e.Request.URL = opt.red.String(e.Request.URL)
		}
		errs = append(errs, e)
	}
	return errs
}

func (r *rawReq) header(name, value string) {
	switch strings.ToLower(name) {
	case "host":
		r.host = value
	case "idempotency-key":
		r.key = value
	}
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

// looksLikeHAR cheaply checks for a HAR file's log.entries.
func looksLikeHAR(t []byte) bool {
	head := t[:min(len(t), 4096)]
	return bytes.Contains(head, []byte(`"log"`)) && bytes.Contains(t, []byte(`"entries"`))
}

// readHAR decodes every error entry of a HAR file.
func readHAR(t []byte, opt Options) []*Error {
	res := readJSON(t, 0)
	root, _ := res.v.(map[string]any)
	lg, _ := root["log"].(map[string]any)
	entries, ok := lg["entries"].([]any)
	if !ok {
		return []*Error{parsePasted(0, nil, t, opt, RequestInfo{})}
	}
	var notes []string
	if p := res.problem(); p != "" {
		notes = append(notes, "the HAR file is cut short: "+p)
	}
	var errs []*Error
	for i, it := range entries {
		ent, _ := it.(map[string]any)
		reqM, _ := ent["request"].(map[string]any)
		respM, _ := ent["response"].(map[string]any)
		st, _ := respM["status"].(float64)
		status := int(st)
		if status < 200 || status >= 300 && status < 400 {
			continue
		}
		if status < 300 {
			if t, _ := respM["content"].(map[string]any); t != nil {
				if text, _ := t["text"].(string); !strings.Contains(text, `"error"`) && t["encoding"] == nil {
					continue // a success without an error envelope
				}
			}
		}
		h := harHeaders(respM["headers"])
		h = dropEncoding(h) // HAR content is stored decoded
		var body []byte
		var local []string
		content, _ := respM["content"].(map[string]any)
		text, _ := content["text"].(string)
		if enc, _ := content["encoding"].(string); strings.EqualFold(enc, "base64") {
			b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(text))
			if err != nil {
				b, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(strings.TrimSpace(text), "="))
			}
			if err != nil {
				local = append(local, "entry "+itoa(i)+": response content is not valid base64; read as text")
				b = []byte(text)
			}
			body = b
		} else {
			body = []byte(text)
		}
		if mt, _ := content["mimeType"].(string); mt != "" && h.Get("Content-Type") == "" {
			h.add("Content-Type", mt)
		}
		req := RequestInfo{}
		req.Method, _ = reqM["method"].(string)
		req.URL, _ = reqM["url"].(string)
		req.Proto, _ = respM["httpVersion"].(string)
		req.Proto = strings.ToUpper(req.Proto)
		if started, _ := ent["startedDateTime"].(string); started != "" {
			if tm, err := time.Parse(time.RFC3339Nano, started); err == nil {
				req.Time = tm.UTC()
			}
		}
		req.IdempotencyKey = harHeaders(reqM["headers"]).Get("Idempotency-Key")
		d := decodePasted(status, h, body, opt, req)
		if status < 300 && !d.statusError {
			continue
		}
		d.e.Problems = append(append(notes, local...), d.e.Problems...)
		errs = append(errs, d.e)
		if len(errs) > maxErrors {
			break
		}
	}
	if len(errs) == 0 {
		e := &Error{API: opt.API}
		e.Problems = append(notes, "the HAR file has "+plural(len(entries), "entry")+", none of them an error")
		if len(entries) == 1 {
			e.Problems[len(e.Problems)-1] = "the HAR file has 1 entry, which is not an error"
		}
		errs = append(errs, e)
	}
	return errs
}

// harHeaders converts a HAR headers list [{name,value}] to a Header.
func harHeaders(v any) Header {
	h := Header{}
	l, _ := v.([]any)
	for _, it := range l {
		m, _ := it.(map[string]any)
		name, _ := m["name"].(string)
		value, _ := m["value"].(string)
		if name != "" && !strings.HasPrefix(name, ":") {
			h.add(name, value)
		}
	}
	return h
}

func dropEncoding(h Header) Header {
	for k := range h {
		if strings.EqualFold(k, "Content-Encoding") {
			delete(h, k)
		}
	}
	return h
}

// isNDJSON reports whether t holds several lines that each start with a
// JSON object (a log of JSON bodies).
func isNDJSON(t []byte) bool {
	n := 0
	for line := range bytes.Lines(t) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if line[0] != '{' || balancedObject(line, 0) != len(line) {
			return false
		}
		n++
	}
	return n > 1
}

var (
	reStatusHint = []func() *regexp.Regexp{
		lazyre.New(`(?i)\bHTTP/[0-9](?:\.[0-9])?[ \t]+([1-5][0-9][0-9])\b`),
		lazyre.New(`(?i)\bHTTP[ \t]+([1-5][0-9][0-9])\b`),
		lazyre.New(`(?i)\b(?:status|status_?code|http_?status|statusCode)["']?[ \t]*[=:][ \t]*["']?([1-5][0-9][0-9])\b`),
	}
	reMethodURL = lazyre.New(`\b(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)[ \t]+(https?://[^\s"'<>]+|/[^\s"'<>]*)`)
	reLogTime   = lazyre.New(`^\[?([0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)`)
)

// embeddedBodyKeys are fields of a structured log record that may hold the
// response body as a JSON string.
var embeddedBodyKeys = []string{"body", "response", "response_body", "resp_body", "error_body", "responseBody"}

// readLog decodes log lines that hold a JSON error body, one Error per
// line; failing that, the first JSON object of the whole text; failing
// that, the text as a body.
func readLog(in []byte, opt Options) []*Error {
	var errs []*Error
	for line := range bytes.Lines(in) {
		if e := logLine(line, opt); e != nil {
			errs = append(errs, e)
			if len(errs) > maxErrors {
				break
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	// A JSON body spread over several lines, after some text.
	if i := bytes.IndexByte(in, '{'); i >= 0 {
		end := balancedObject(in, i)
		if end < 0 {
			end = len(in)
		}
		status, req := logHints(string(in[:i]) + " " + string(in[end:]))
		return []*Error{parsePasted(status, nil, bytes.TrimSpace(in[i:end]), opt, req)}
	}
	return []*Error{parsePasted(0, nil, bytes.TrimSpace(in), opt, RequestInfo{})}
}

// logLine decodes one log line if it holds a JSON error body.
func logLine(line []byte, opt Options) *Error {
	for i := bytes.IndexByte(line, '{'); i >= 0; {
		end := balancedObject(line, i)
		if end < 0 {
			return nil
		}
		obj := line[i:end]
		res := readJSON(obj, 0)
		if m, ok := res.v.(map[string]any); ok && !res.failed() {
			status, req := logHints(string(line[:i]) + " " + string(line[end:]))
			if inner, st := embeddedBody(m); inner != nil {
				if st != 0 {
					status = st
				}
				return parsePasted(status, nil, inner, opt, req)
			}
			if looksLikeError(m) {
				return parsePasted(status, nil, obj, opt, req)
			}
		}
		j := bytes.IndexByte(line[end:], '{')
		if j < 0 {
			return nil
		}
		i = end + j
	}
	return nil
}

// embeddedBody finds a JSON error body held as a string inside a
// structured log record, with the record's status.
func embeddedBody(m map[string]any) ([]byte, int) {
	for _, k := range embeddedBodyKeys {
		s, ok := m[k].(string)
		if !ok {
			continue
		}
		t := strings.TrimSpace(s)
		if !strings.HasPrefix(t, "{") {
			continue
		}
		res := readJSON([]byte(t), 0)
		if inner, ok := res.v.(map[string]any); ok && looksLikeError(inner) {
			status := 0
			for _, sk := range []string{"status", "status_code", "http_status", "statusCode"} {
				if f, ok := m[sk].(float64); ok && f >= 100 && f <= 599 {
					status = int(f)
					break
				}
			}
			return []byte(t), status
		}
	}
	return nil, 0
}

// looksLikeError reports whether a JSON object has error-envelope fields.
func looksLikeError(m map[string]any) bool {
	for _, k := range []string{"error", "detail", "code", "error_code", "title", "errors"} {
		if _, ok := m[k]; ok {
			return true
		}
	}
	s, _ := m["status"].(string)
	return strings.EqualFold(s, "error")
}

// logHints reads the status, method, URL and time that log text around a
// JSON body mentions.
func logHints(text string) (int, RequestInfo) {
	var req RequestInfo
	status := 0
	for _, re := range reStatusHint {
		if m := re().FindStringSubmatch(text); m != nil {
			status, _ = strconv.Atoi(m[1])
			break
		}
	}
	if m := reMethodURL().FindStringSubmatch(text); m != nil {
		req.Method, req.URL = m[1], m[2]
	}
	if m := reLogTime().FindStringSubmatch(strings.TrimSpace(text)); m != nil {
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z0700", "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999"} {
			if t, err := time.Parse(layout, m[1]); err == nil {
				req.Time = t.UTC()
				break
			}
		}
	}
	return status, req
}
