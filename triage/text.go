package triage

import (
	"bufio"
	"bytes"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/internal/lazyre"
)

var (
	reStatusLine  = lazyre.New(`^(?:<[ \t]?)?HTTP/[0-9](?:\.[0-9])?[ \t]+([0-9]{3})(?:[ \t].*)?$`)
	reRequestLine = lazyre.New(`^(?:>[ \t]?)?(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE|CONNECT)[ \t]+(\S+)(?:[ \t]+HTTP/[0-9](?:\.[0-9])?)?[ \t]*$`)
	reLogStart    = lazyre.New(`^(?:\[?[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}|(?:time|ts|level|lvl|t)=)`)
	reCurlCmd     = lazyre.New(`^(?:\$[ \t]*)?curl[ \t]`)
	reLogTime     = lazyre.New(`^\[?([0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:[.,][0-9]+)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)`)
	reKVTime      = lazyre.New(`\b(?:time|ts|timestamp)["']?[ \t]*[=:][ \t]*["']?([0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:[.,][0-9]+)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)`)
	reKVMethod    = lazyre.New(`\bmethod=["']?(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b`)
	reKVURL       = lazyre.New(`\b(?:url|uri|path)=["']?((?:https?://|/)[^\s"'<>]*)`)
	reIdemKey     = lazyre.New(`(?i)\bidempotency[-_]?key["']?[ \t]*[=:][ \t]*["']?([A-Za-z0-9_\-:.]{1,255})`)
	reErrKey      = lazyre.New(`"(?:error|errors|error_code|detail|code)"[ \t]*:|"status"[ \t]*:[ \t]*"error"`)
	reKVBody      = lazyre.New(`\b(?:body|response|resp_body|response_body|error_body)="((?:[^"\\]|\\.)*)"`)
	reHTML        = lazyre.New(`(?i)<(?:html|!doctype)`)
	reNet         = lazyre.New(`(?i)connection (?:reset|refused|closed|aborted)|ECONNRESET|ECONNREFUSED|ECONNABORTED|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE|socket hang up|broken pipe|no such host|could not resolve host|couldn't connect|failed to connect|recv failure|tls handshake|ssl_error|i/o timeout|timed? ?out|deadline exceeded|unexpected eof|network error|net::ERR_|fetch failed|request aborted|context canceled`)
)

// textLines reads lines of at most MaxChunk bytes.
type textLines struct {
	br   *bufio.Reader
	n    int    // line number of the last line
	long []byte // a line longer than the reader's buffer
}

// next returns the next line without its line ending; the slice is valid
// until the next call. cut reports that the line was longer than MaxChunk
// and only its start is returned.
func (l *textLines) next() (line []byte, cut bool, ok bool) {
	b, err := l.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		l.long = append(l.long[:0], b...)
		for err == bufio.ErrBufferFull {
			b, err = l.br.ReadSlice('\n')
			if room := MaxChunk - len(l.long); room > 0 {
				l.long = append(l.long, b[:min(len(b), room)]...)
			} else {
				cut = true
			}
		}
		if len(l.long) >= MaxChunk {
			cut = true
		}
		b = l.long
	}
	if len(b) == 0 && err != nil {
		return nil, false, false
	}
	l.n++
	return bytes.TrimRight(b, "\r\n"), cut, true
}

// The kinds of chunk of a text input.
const (
	chunkNone = iota
	chunkRaw  // raw HTTP: request and/or response lines, headers and body; curl -v
	chunkJSON // a JSON value starting at the beginning of a line
	chunkLog  // a log line, with the JSON body that may follow on later lines
)

// jsonDepth follows the nesting of a JSON value over several lines.
type jsonDepth struct {
	depth   int
	inStr   bool
	esc     bool
	started bool
}

func (j *jsonDepth) feed(b []byte) {
	for _, c := range b {
		if !j.started {
			if c != '{' && c != '[' {
				continue
			}
			j.started = true
		}
		switch {
		case j.esc:
			j.esc = false
		case j.inStr && c == '\\':
			j.esc = true
		case c == '"':
			j.inStr = !j.inStr
		case j.inStr:
		case c == '{' || c == '[':
			j.depth++
		case c == '}' || c == ']':
			j.depth--
		}
	}
}

func (j *jsonDepth) done() bool { return j.started && j.depth <= 0 }

// feedObject is feed for a log line: its JSON body starts at the first
// '{' ("[2026-11-21 10:00:00]" and "[INFO]" are no JSON).
func (j *jsonDepth) feedObject(b []byte) {
	if !j.started {
		i := bytes.IndexByte(b, '{')
		if i < 0 {
			return
		}
		b = b[i:]
	}
	j.feed(b)
}

// chunker cuts a text input into chunks.
type chunker struct {
	a      *analyzer
	kind   int
	buf    []byte
	line   int // number of the chunk's first line
	cut    bool
	depth  jsonDepth
	status bool      // chunkRaw: a status line was seen
	body   bool      // chunkRaw: the last response's body has begun
	bodyJS jsonDepth // chunkRaw: the nesting of a JSON body
	pem    bool      // the chunk holds a PEM private key block not yet ended
}

// readText reads raw responses, curl output, log lines and JSON bodies.
func (a *analyzer) readText(r *bufio.Reader) {
	lines := textLines{br: r}
	c := chunker{a: a}
	longLines := 0
	for {
		line, cut, ok := lines.next()
		if !ok {
			break
		}
		if cut {
			longLines++
		}
		c.feed(lines.n, line)
	}
	c.flush()
	if longLines > 0 {
		a.note("%d lines were longer than %d KiB; only their start was read", longLines, MaxChunk>>10)
	}
}

func isRequestLine(t []byte) bool { return reRequestLine().Match(t) }

func isStatusLine(t []byte) bool {
	return (bytes.HasPrefix(t, []byte("HTTP/")) || bytes.HasPrefix(t, []byte("<"))) && reStatusLine().Match(t)
}

// isCurlInfo reports a curl -v info line or curl's error line.
func isCurlInfo(t []byte) bool {
	return bytes.HasPrefix(t, []byte("* ")) || bytes.HasPrefix(t, []byte("*\t")) || bytes.HasPrefix(t, []byte("curl: ("))
}

// isCurlCommand reports a curl command line ("$ curl -i https://…").
func isCurlCommand(t []byte) bool { return reCurlCmd().Match(t) }

// isLogStart reports a line that begins a log record: a timestamp, or a
// logfmt time= or level= key.
func isLogStart(t []byte) bool { return reLogStart().Match(t) }

func (c *chunker) start(kind, n int) {
	c.flush()
	c.kind, c.line, c.buf, c.cut = kind, n, c.buf[:0], false
	c.depth = jsonDepth{}
	c.status, c.body = false, false
	c.bodyJS = jsonDepth{}
	c.pem = false
}

func (c *chunker) append(line []byte) {
	if len(c.buf)+len(line)+1 > MaxChunk {
		c.cut = true
		return
	}
	c.buf = append(c.buf, line...)
	c.buf = append(c.buf, '\n')
	if bytes.Contains(line, []byte("PRIVATE KEY-----")) {
		c.pem = bytes.Contains(line, []byte("-----BEGIN")) && !bytes.Contains(line, []byte("-----END"))
	}
}

// feed takes the next line, numbered n.
func (c *chunker) feed(n int, line []byte) {
	if c.pem && c.kind != chunkNone {
		// The lines of a private key belong to the chunk that began it,
		// so that the key is redacted (and counted) as one.
		c.append(line)
		if bytes.Contains(line, []byte("-----END")) || len(bytes.TrimSpace(line)) == 0 {
			c.pem = false
		}
		return
	}
	t := bytes.TrimRight(line, " \t")
	trim := bytes.TrimSpace(t)
	switch c.kind {
	case chunkRaw:
		switch {
		case isRequestLine(t) || isCurlCommand(t):
			c.start(chunkRaw, n)
			c.append(line)
			return
		case isStatusLine(t):
			if c.status {
				c.start(chunkRaw, n)
			}
			c.status, c.body = true, false
			c.bodyJS = jsonDepth{}
			c.append(line)
			return
		case c.body && isLogStart(t):
			c.flush() // a log line after a body: handled below
		case c.body && c.bodyJS.done() && len(trim) > 0 && (trim[0] == '{' || trim[0] == '['):
			c.flush() // a second JSON value after the body's: a bare body of its own
		default:
			if c.status && !c.body && (len(t) == 0 || string(t) == "<") {
				c.body = true
			} else if c.body {
				c.bodyJS.feed(line)
			}
			c.append(line)
			return
		}
	case chunkJSON:
		switch {
		case isLogStart(t):
			c.flush() // the JSON never closed; a log line begins
		case c.depth.depth == 1 && len(t) > 0 && t[0] == '{' && c.buf[0] == '{':
			c.flush() // an object never closed; the next record begins
		default:
			c.append(line)
			c.depth.feed(line)
			if c.depth.done() {
				c.flush()
			}
			return
		}
	case chunkLog:
		switch {
		case isLogStart(t) || isRequestLine(t) || isStatusLine(t) || isCurlCommand(t):
			c.flush()
		case !c.depth.started && len(trim) == 0:
			return // a blank line between a log line and its JSON body
		case !c.depth.started && trim[0] != '{':
			c.flush() // the log line had no body
		default:
			c.append(line)
			c.depth.feedObject(line)
			if c.depth.done() {
				c.flush()
			}
			return
		}
	}
	switch {
	case len(trim) == 0:
	case isRequestLine(t) || isStatusLine(t) || isCurlInfo(t) || isCurlCommand(t):
		c.start(chunkRaw, n)
		c.status = isStatusLine(t)
		c.append(line)
	case trim[0] == '{' || trim[0] == '[' && !isLogStart(trim):
		c.start(chunkJSON, n)
		c.append(line)
		c.depth.feed(line)
		if c.depth.done() {
			c.flush()
		}
	default:
		// A log line. Its JSON body may follow on the next lines: when
		// the line opens a JSON value it does not close, or when it has
		// none (then a body may start on the next line). A body quoted
		// in logfmt (body="{…}") is complete on its line.
		c.start(chunkLog, n)
		c.append(line)
		if bytes.Contains(line, []byte(`="`)) && reKVBody().Match(line) {
			c.flush()
			return
		}
		c.depth.feedObject(line)
		if c.depth.done() {
			c.flush()
		}
	}
}

// flush processes the chunk being built.
func (c *chunker) flush() {
	kind := c.kind
	c.kind = chunkNone
	if kind == chunkNone || len(c.buf) == 0 {
		return
	}
	a := c.a
	where := "line " + itoa(c.line)
	if c.cut {
		a.problem("%s: the text starting here is longer than %d KiB; only its start was read", where, MaxChunk>>10)
	}
	switch kind {
	case chunkRaw:
		a.rawChunk(where, c.buf)
	case chunkJSON:
		a.jsonChunk(where, c.buf)
	case chunkLog:
		a.logChunk(where, c.buf)
	}
}

// rawChunk records one raw exchange: request lines, a response, or both.
func (a *analyzer) rawChunk(where string, b []byte) {
	b = a.red.Bytes(b) // redacted once, where it is read; learns its credentials
	at := &attempt{where: where}
	var target, host string
	status := 0
	inResp, inHeaders, inReq := false, false, false
	var date string
	for line := range bytes.Lines(b) {
		t := bytes.TrimRight(line, " \t\r\n")
		switch {
		case isStatusLine(t):
			m := reStatusLine().FindSubmatch(t)
			status, _ = strconv.Atoi(string(m[1]))
			inResp, inHeaders, inReq = true, true, false
		case !inResp && isRequestLine(t):
			m := reRequestLine().FindSubmatch(t)
			at.method, target = string(m[1]), string(m[2])
			inReq = true
		case !inResp && isCurlCommand(t):
			at.method, target, at.idemKey = curlRequest(string(t))
		case inHeaders || inReq:
			x := bytes.TrimLeft(t, "<> \t")
			if len(x) == 0 { // the blank line (or curl's lone "<" or ">") ends the headers
				if inResp {
					inHeaders = false
				} else {
					inReq = false
				}
				continue
			}
			name, value, ok := bytes.Cut(x, []byte(":"))
			if !ok {
				continue
			}
			switch strings.ToLower(string(bytes.TrimSpace(name))) {
			case "host":
				if inReq {
					host = string(bytes.TrimSpace(value))
				}
			case "idempotency-key":
				if inReq {
					at.idemKey = string(bytes.TrimSpace(value))
				}
			case "date":
				if inHeaders {
					date = string(bytes.TrimSpace(value))
				}
			}
		}
	}
	switch {
	case strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://") || host == "":
		at.setURL(target)
	default:
		at.setURL("https://" + host + target)
	}
	if t, ok := apierror.ParseHTTPDate(date); ok {
		at.start, at.end, at.coarse = t, t, true
	}
	switch {
	case status == 0 && reNet().Match(b):
		at.failed = true
		at.netKind, at.netText = netKind(string(reNet().Find(b)))
		a.add(at)
		return
	case status == 0:
		if at.method != "" {
			a.problem("%s: a request without a response", where)
		}
		return
	case status < 200:
		return // informational: the final response follows
	case status >= 400 || status < 300 && bytes.Contains(b, []byte(`"status"`)):
		at.status = status
		for _, e := range apierror.ReadAll(b, a.decodeOptions(at.method)) { // b was redacted where it was read
			if e.Status == 0 {
				continue // "no error in the paste": a success
			}
			at.err = e
			at.failed = true
			break
		}
	default:
		at.status = status
	}
	if status >= 400 && !at.failed {
		a.decoded(at, status, nil)
		return
	}
	if at.failed && at.err.Request.Time.IsZero() {
		at.err.Request.Time = at.start
	}
	a.add(at)
}

// jsonChunk records a JSON value that starts a line: an error body, or a
// structured log record (one line of NDJSON).
func (a *analyzer) jsonChunk(where string, b []byte) {
	b = a.red.Bytes(b) // redacted once, where it is read; learns its credentials
	t := bytes.TrimSpace(b)
	if t[0] == '[' {
		a.rep.Skipped++
		a.problem("%s: a JSON list, not a response; skipped", where)
		return
	}
	var rec map[string]any
	if err := json.Unmarshal(t, &rec); err != nil {
		if !reErrKey().Match(t) {
			a.rep.Skipped++
			a.problem("%s: JSON that could not be read (%s); skipped", where, jsonErr(err))
			return
		}
		// A cut or broken error body or record: decode what there is.
		at := &attempt{where: where}
		at.start, at.coarse = logTime(string(t))
		at.end = at.start
		a.decoded(at, statusHint(string(t)), t)
		return
	}
	at := &attempt{where: where}
	status := recordStatus(rec)
	at.method = strings.ToUpper(recString(rec, "method", "http_method", "request_method", "verb"))
	at.setURL(recString(rec, "url", "uri", "path", "request_url", "endpoint"))
	if req, ok := rec["request"].(map[string]any); ok {
		if at.method == "" {
			at.method = strings.ToUpper(recString(req, "method"))
		}
		if at.url == "" {
			at.setURL(recString(req, "url", "uri", "path"))
		}
	}
	if len(at.method) > 10 {
		at.method = ""
	}
	at.idemKey = recString(rec, "idempotency_key", "idempotencyKey", "Idempotency-Key")
	at.start, at.coarse = recordTime(rec)
	at.end = at.start
	var body []byte
	for _, k := range []string{"body", "response", "response_body", "resp_body", "error_body", "responseBody"} {
		switch v := rec[k].(type) {
		case string:
			if s := strings.TrimSpace(v); strings.HasPrefix(s, "{") {
				body = []byte(s)
			}
		case map[string]any:
			if looksLikeError(v) {
				body, _ = json.Marshal(v)
			}
		}
		if body != nil {
			break
		}
	}
	switch {
	case body != nil && (status == 0 || status >= 400 || statusError(body)):
	case looksLikeError(rec) && (status == 0 || status >= 400 || statusError(t)):
		body = t
	case status >= 400:
		body = []byte(recString(rec, "message", "msg", "error", "err"))
	case status >= 200 || at.method != "" || at.url != "":
		at.status = status
		a.add(at)
		return
	default:
		if reNet().Match(t) {
			a.netFailure(at, string(reNet().Find(t)))
			return
		}
		a.rep.Skipped++
		return
	}
	a.decoded(at, status, body)
}

// decoded records the failure whose body (and status) was found.
func (a *analyzer) decoded(at *attempt, status int, body []byte) {
	e := apierror.Parse(status, nil, a.red.Bytes(body), a.decodeOptions(at.method)) // a body unquoted from a log line
	e.Request.URL = a.red.String(clip(at.url, maxHeaderValue))
	e.Request.Time = at.start
	e.Request.IdempotencyKey = a.red.String(at.idemKey)
	at.err, at.status, at.failed = e, e.Status, true
	a.add(at)
}

// netFailure records a transport failure described by text.
func (a *analyzer) netFailure(at *attempt, text string) {
	at.failed = true
	at.status = 0
	at.netKind, at.netText = netKind(text)
	a.add(at)
}

// logChunk records a log line (with a JSON body that may span the
// following lines).
func (a *analyzer) logChunk(where string, b []byte) {
	b = a.red.Bytes(b) // redacted once, where it is read; learns its credentials
	s := string(b)
	at := &attempt{where: where}
	outside := s
	i := strings.IndexByte(s, '{')
	if i >= 0 {
		outside = s[:i]
	}
	status := 0
	for _, src := range []string{outside, s} {
		if status = statusHint(src); status != 0 {
			break
		}
	}
	low := asciiLower(s)
	if m, u := methodURL(outside); m != "" {
		at.method = m
		at.setURL(u)
	} else {
		if m := matchIf(strings.Contains(low, "method="), reKVMethod, outside); m != nil {
			at.method = m[1]
		}
		if m := matchIf(strings.Contains(low, "url=") || strings.Contains(low, "uri=") || strings.Contains(low, "path="), reKVURL, outside); m != nil {
			at.setURL(m[1])
		}
	}
	if m := matchIf(strings.Contains(low, "dempotency"), reIdemKey, s); m != nil {
		at.idemKey = m[1]
	}
	at.start, at.coarse = logTime(s)
	at.end = at.start

	// A body quoted in logfmt: body="{\"error\":…}".
	var quoted []byte
	if m := matchIf(strings.Contains(s, `="`), reKVBody, s); m != nil {
		if u, err := strconv.Unquote(`"` + m[1] + `"`); err == nil && strings.HasPrefix(strings.TrimSpace(u), "{") {
			quoted = []byte(u)
		}
	}
	hasJSON := i >= 0 && quoted == nil
	errorish := quoted != nil && reErrKey().Match(quoted) || hasJSON && reErrKey().MatchString(s[i:])
	switch {
	case status >= 200 && status < 400 && !(errorish && statusError(jsonPart(s, quoted))):
		at.status = status
		a.add(at)
	case quoted != nil && (status >= 400 || errorish):
		a.decoded(at, status, quoted)
	case hasJSON && (status >= 400 || errorish) && bytes.Count(bytes.TrimSpace(b), []byte("\n")) > 0:
		// A log line with a JSON body on the lines after it: decode that
		// body with the status the line names.
		a.decoded(at, status, objectAt(b[i:]))
	case hasJSON && (status >= 400 || errorish):
		in := b // redacted where it was read
		if in[0] == '[' || in[0] == '<' {
			in = append([]byte("log: "), in...) // read as a log line, not a bare body
		}
		errs := apierror.ReadAll(in, a.decodeOptions(at.method))
		e := errs[0]
		if e.Request.Method != "" && at.method == "" {
			at.method = e.Request.Method
		}
		e.Request.Time = at.start
		if e.Request.URL == "" {
			e.Request.URL = a.red.String(clip(at.url, maxHeaderValue))
		}
		at.err, at.status, at.failed = e, e.Status, true
		a.add(at)
	case status >= 400:
		// No JSON: an HTML page from a proxy, or the log's own words.
		msg := strings.TrimSpace(s)
		if m := reHTML().FindStringIndex(msg); m != nil {
			msg = msg[m[0]:]
		} else if m := reLogTime().FindStringIndex(msg); m != nil {
			msg = strings.TrimSpace(strings.TrimLeft(msg[m[1]:], "] "))
		}
		a.decoded(at, status, []byte(msg))
	case status == 0 && reNet().MatchString(s):
		a.netFailure(at, reNet().FindString(s))
	default:
		a.rep.Skipped++
	}
}

// methodURL finds the first "METHOD URL" in log text, where the URL is
// absolute or a path: "POST https://api.babysea.ai/v1/generate", "GET
// /v1/models". It scans by hand for speed, as statusHint does.
func methodURL(s string) (method, url string) {
	best := -1
	for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"} {
		for i := 0; ; {
			j := strings.Index(s[i:], m)
			if j < 0 || best >= 0 && i+j > best {
				break
			}
			j += i
			i = j + len(m)
			if j > 0 && isWord(s[j-1]) {
				continue
			}
			k := i
			for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
				k++
			}
			if k == i || k >= len(s) {
				continue
			}
			rest := s[k:]
			if !strings.HasPrefix(rest, "/") && !strings.HasPrefix(rest, "http://") && !strings.HasPrefix(rest, "https://") {
				continue
			}
			e := strings.IndexAny(rest, " \t\r\n\"'<>")
			if e < 0 {
				e = len(rest)
			}
			if strings.HasPrefix(rest, "http") && e <= len("https://") {
				continue
			}
			best, method, url = j, m, rest[:e]
			break
		}
	}
	return method, url
}

// matchIf compiles and runs re on s only when the cheap check ok passed.
func matchIf(ok bool, re func() *regexp.Regexp, s string) []string {
	if !ok {
		return nil
	}
	return re().FindStringSubmatch(s)
}

// objectAt returns the JSON value b starts with, up to where it closes
// (all of b if it never does).
func objectAt(b []byte) []byte {
	var j jsonDepth
	for n := 0; n < len(b); {
		k := bytes.IndexByte(b[n:], '\n')
		if k < 0 {
			k = len(b) - n - 1
		}
		j.feed(b[n : n+k+1])
		n += k + 1
		if j.done() {
			return b[:n]
		}
	}
	return b
}

// jsonPart returns the JSON body of a log line: the quoted one, else the
// text from the first '{'.
func jsonPart(s string, quoted []byte) []byte {
	if quoted != nil {
		return quoted
	}
	if i := strings.IndexByte(s, '{'); i >= 0 {
		return []byte(s[i:])
	}
	return nil
}

// statusHint finds an HTTP status mentioned in log text: "HTTP/1.1 429"
// or "HTTP 429" first, else "status=429", "status_code: 429",
// "statusCode":429. It scans by hand: regular expressions with \b and
// (?i) cost more than the rest of a log line's reading.
func statusHint(s string) int {
	low := asciiLower(s)
	for _, versioned := range []bool{true, false} {
		for i := 0; ; {
			j := strings.Index(low[i:], "http")
			if j < 0 {
				break
			}
			j += i + 4
			i = j
			if j-4 > 0 && isWord(low[j-5]) {
				continue
			}
			if versioned != (j < len(low) && low[j] == '/') {
				continue
			}
			if versioned {
				j++ // "/1.1", "/2"
				for j < len(low) && (low[j] >= '0' && low[j] <= '9' || low[j] == '.') {
					j++
				}
			}
			if n := spacedStatus(low, j, " \t"); n != 0 {
				return n
			}
		}
	}
	for i := 0; ; {
		j := strings.Index(low[i:], "status")
		if j < 0 {
			return 0
		}
		j += i + 6
		i = j
		j += len(prefixOf(low[j:], "_code", "code"))
		if j < len(low) && (low[j] == '"' || low[j] == '\'') {
			j++
		}
		for j < len(low) && (low[j] == ' ' || low[j] == '\t') {
			j++
		}
		if j >= len(low) || low[j] != '=' && low[j] != ':' {
			continue
		}
		if n := spacedStatus(low, j+1, " \t\"'"); n != 0 {
			return n
		}
	}
}

// spacedStatus reads a status 100–599 at s[j:] after any of the skip
// bytes, ending at a non-word byte.
func spacedStatus(s string, j int, skip string) int {
	k := j
	for k < len(s) && strings.IndexByte(skip, s[k]) >= 0 {
		k++
	}
	if skip == " \t" && k == j {
		return 0 // "HTTP 429" needs the space
	}
	if k+3 > len(s) || s[k] < '1' || s[k] > '5' || !isDigit(s[k+1]) || !isDigit(s[k+2]) || k+3 < len(s) && isWord(s[k+3]) {
		return 0
	}
	return int(s[k]-'0')*100 + int(s[k+1]-'0')*10 + int(s[k+2]-'0')
}

func prefixOf(s string, prefixes ...string) string {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return p
		}
	}
	return ""
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isWord(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

// asciiLower lowers ASCII letters only, so that byte offsets stay valid.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// logTime reads the time a log line starts with (or names as time=…);
// coarse reports whole-second precision.
func logTime(s string) (time.Time, bool) {
	m := reLogTime().FindStringSubmatch(strings.TrimSpace(s))
	if m == nil && (strings.Contains(s, "time") || strings.Contains(s, "ts")) {
		m = reKVTime().FindStringSubmatch(s)
	}
	if m == nil {
		return time.Time{}, false
	}
	return parseTime(m[1])
}

// parseTime reads an ISO 8601 time as logs write it ("2026-11-21
// 10:00:01,250+0100"); a time without a zone is UTC.
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 10 && s[10] == ' ' {
		s = s[:10] + "T" + s[11:]
	}
	s = strings.Replace(s, ",", ".", 1)
	coarse := !strings.Contains(s, ".")
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z0700", "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), coarse
		}
	}
	return time.Time{}, false
}

// recordStatus is the HTTP status a structured log record names.
func recordStatus(rec map[string]any) int {
	for _, k := range []string{"status", "status_code", "statusCode", "http_status", "response_status", "code"} {
		if f, ok := rec[k].(float64); ok && f >= 100 && f <= 599 && f == float64(int(f)) {
			return int(f)
		}
	}
	return 0
}

// recordTime is the time a structured log record names: an ISO 8601
// string, or a Unix time in seconds or milliseconds.
func recordTime(rec map[string]any) (time.Time, bool) {
	for _, k := range []string{"time", "ts", "timestamp", "@timestamp", "datetime", "date", "t"} {
		switch v := rec[k].(type) {
		case string:
			if t, coarse := parseTime(v); !t.IsZero() {
				return t, coarse
			}
		case float64:
			switch {
			case v > 1e11 && v < 1e14:
				return time.UnixMilli(int64(v)).UTC(), false
			case v > 1e8 && v < 1e11:
				sec := int64(v)
				return time.Unix(sec, int64((v-float64(sec))*1e9)).UTC(), v == float64(sec)
			}
		}
	}
	return time.Time{}, false
}

// recString returns the first of the keys whose value is a string.
func recString(rec map[string]any, keys ...string) string {
	for _, k := range keys {
		if s, ok := rec[k].(string); ok && s != "" {
			return clip(s, maxHeaderValue)
		}
	}
	return ""
}

// looksLikeError reports whether a JSON object has error-envelope fields.
func looksLikeError(m map[string]any) bool {
	for _, k := range []string{"error", "errors", "error_code", "detail"} {
		if _, ok := m[k]; ok {
			return true
		}
	}
	if s, ok := m["code"].(string); ok && s != "" {
		return true
	}
	s, _ := m["status"].(string)
	return strings.EqualFold(s, "error")
}

// jsonErr shortens a JSON syntax error for a problem.
func jsonErr(err error) string {
	return strings.TrimPrefix(err.Error(), "json: ")
}

// curlRequest reads the method, URL and Idempotency-Key of a curl command
// line.
func curlRequest(cmd string) (method, url, key string) {
	toks := shellFields(cmd)
	data := false
	for i := 0; i < len(toks); i++ {
		tk := toks[i]
		next := func() string {
			if i+1 < len(toks) {
				i++
				return toks[i]
			}
			return ""
		}
		switch {
		case tk == "-X" || tk == "--request":
			method = next()
		case strings.HasPrefix(tk, "-X"):
			method = tk[2:]
		case tk == "-I" || tk == "--head":
			method = "HEAD"
		case tk == "-d" || tk == "-F" || tk == "--form" || tk == "--json" || strings.HasPrefix(tk, "--data"):
			data = true
			next()
		case tk == "-H" || tk == "--header":
			if name, value, ok := strings.Cut(next(), ":"); ok && strings.EqualFold(strings.TrimSpace(name), "Idempotency-Key") {
				key = strings.TrimSpace(value)
			}
		case tk == "-u" || tk == "--user" || tk == "-o" || tk == "--output" || tk == "-A" || tk == "--user-agent" || tk == "-b" || tk == "--cookie" || tk == "-e" || tk == "--referer":
			next()
		case url == "" && (strings.HasPrefix(tk, "http://") || strings.HasPrefix(tk, "https://")):
			url = tk
		}
	}
	method = strings.ToUpper(method)
	if method == "" || len(method) > 10 || strings.Trim(method, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		method = "GET"
		if data {
			method = "POST"
		}
	}
	return method, url, key
}

// shellFields splits a command line into words the way a POSIX shell
// would for plain words and quotes.
func shellFields(s string) []string {
	var out []string
	var cur strings.Builder
	in := false
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote == '\'':
			if c == '\'' {
				quote = 0
			} else {
				cur.WriteByte(c)
			}
		case quote == '"':
			switch {
			case c == '"':
				quote = 0
			case c == '\\' && i+1 < len(s):
				i++
				cur.WriteByte(s[i])
			default:
				cur.WriteByte(c)
			}
		case c == '\'' || c == '"':
			quote, in = c, true
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			in = true
		case c == ' ' || c == '\t':
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteByte(c)
			in = true
		}
	}
	if in {
		out = append(out, cur.String())
	}
	return out
}
