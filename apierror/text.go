package apierror

import (
	"bufio"
	"bytes"
	"fmt"
	"github.com/errscope/errscope/internal/httpstatus"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/errscope/errscope/internal/lazyre"
)

var (
	reLogStart = lazyre.New(`^(?:\[?[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}|(?:time|ts|level|lvl|t)=)`)
	reCurlCmd  = lazyre.New(`^(?:\$[ \t]*)?curl[ \t]`)
	reLogTime  = lazyre.New(`^\[?([0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:[.,][0-9]+)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)`)
	reKVTime   = lazyre.New(`\b(?:time|ts|timestamp)["']?[ \t]*[=:][ \t]*["']?([0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:[.,][0-9]+)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)`)
	reKVMethod = lazyre.New(`\bmethod=["']?(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b`)
	reKVURL    = lazyre.New(`\b(?:url|uri|path)=["']?((?:https?://|/)[^\s"'<>]*)`)
	reIdemKey  = lazyre.New(`(?i)\bidempotency[-_]?key["']?[ \t]*[=:][ \t]*["']?([A-Za-z0-9_\-:.]{1,255})`)
	reErrKey   = lazyre.New(`"(?:error|errors|error_code|detail|code)"[ \t]*:|"status"[ \t]*:[ \t]*"error"`)
	reKVBody   = lazyre.New(`\b(?:body|response|resp_body|response_body|error_body)="((?:[^"\\]|\\.)*)"`)
	reHTML     = lazyre.New(`(?i)<(?:html|!doctype)`)
	reNet      = lazyre.New(`(?i)connection (?:reset|refused|closed|aborted)|ECONNRESET|ECONNREFUSED|ECONNABORTED|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE|socket hang up|broken pipe|no such host|could not resolve host|couldn't connect|failed to connect|recv failure|tls handshake|ssl_error|i/o timeout|timed? ?out|deadline exceeded|unexpected eof|network error|net::ERR_|fetch failed|request aborted|context canceled`)
)

// textLines reads lines of at most MaxChunk bytes, from br or, when br is
// nil, from mem.
type textLines struct {
	br   *bufio.Reader
	mem  []byte // the rest of a paste held in memory
	n    int    // line number of the last line
	long []byte // a line longer than the reader's buffer
}

// next returns the next line without its line ending; the slice is valid
// until the next call. cut reports that the line was longer than MaxChunk
// and only its start is returned.
func (l *textLines) next() (line []byte, cut bool, ok bool) {
	if l.br == nil {
		return l.nextMem()
	}
	b, err := l.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		l.long = append(l.long[:0], b...)
		for err == bufio.ErrBufferFull {
			b, err = l.br.ReadSlice('\n')
			if room := MaxChunk - len(l.long); room > 0 {
				add := b[:min(len(b), room)]
				if len(l.long)+len(add) > cap(l.long) {
					// Grown four times at once, not by append's quarter:
					// a MiB line is then not copied six times over.
					l.long = slices.Grow(l.long, min(max(3*cap(l.long), len(add)), room))
				}
				l.long = append(l.long, add...)
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

// nextMem is next of a paste in memory: the line is a part of it, cut as
// next cuts one read from a reader (a line of n bytes with its line ending
// is cut when n >= MaxChunk, to its first MaxChunk bytes).
func (l *textLines) nextMem() (line []byte, cut bool, ok bool) {
	if len(l.mem) == 0 {
		return nil, false, false
	}
	n := bytes.IndexByte(l.mem, '\n') + 1
	if n == 0 {
		n = len(l.mem)
	}
	b := l.mem[:min(n, MaxChunk)]
	l.mem = l.mem[n:]
	l.n++
	return bytes.TrimRight(b, "\r\n"), n >= MaxChunk, true
}

// The kinds of chunk of a text input.
const (
	chunkNone = iota
	chunkRaw  // raw HTTP: request and/or response lines, headers and body; curl -v
	chunkJSON // a JSON value starting at the beginning of a line
	chunkLog  // a log line, with the JSON body that may follow on later lines
	chunkHTML // an HTML page on its own
)

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

// ownChunk is the size from which a chunk's buffer is handed to the
// exchange read from it rather than reused for the next chunk: a long body
// is then not copied again.
const ownChunk = 32 << 10

// chunker cuts a text input into chunks.
type chunker struct {
	p      *pasteReader
	kind   int
	buf    []byte
	line   int // number of the chunk's first line
	cut    bool
	depth  jsonDepth
	status bool      // chunkRaw: a status line was seen
	body   bool      // chunkRaw: the last response's body has begun
	bodyJS jsonDepth // chunkRaw: the nesting of a JSON body
	// bodyFed is where the lines of buf that bodyJS was not fed yet
	// begin: it follows them only when asked (bodyDone), so that a MiB
	// body is not scanned when nothing after it needs to know.
	bodyFed int
	pem     bool // the chunk holds a PEM private key block not yet ended
}

// bodyDone reports whether the JSON body of a raw chunk has closed,
// feeding bodyJS the body's lines appended since it was last asked.
func (c *chunker) bodyDone() bool {
	if c.p.eagerBody {
		return c.bodyJS.done()
	}
	for rest := c.buf[c.bodyFed:]; len(rest) > 0; {
		i := bytes.IndexByte(rest, '\n') // append ends every line with one
		c.bodyJS.feed(rest[:i])
		rest = rest[i+1:]
	}
	c.bodyFed = len(c.buf)
	return c.bodyJS.done()
}

// appendBody appends a line of a raw chunk's body; bodyJS is fed it when
// asked, or now when buf keeps only its start.
func (c *chunker) appendBody(line []byte) {
	if c.p.eagerBody {
		c.bodyJS.feed(line)
		c.append(line)
		return
	}
	if len(line) > MaxChunk-len(c.buf)-1 {
		c.bodyDone()
		c.bodyJS.feed(line)
		c.append(line)
		c.bodyFed = len(c.buf)
		return
	}
	c.append(line)
}

// readText reads raw responses, curl output, log lines and JSON bodies.
func (p *pasteReader) readText(lines textLines) {
	c := chunker{p: p}
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
		p.rd.note("%s longer than %d KiB; only their start was read", pluralVerb(longLines, "line"), MaxChunk>>10)
	}
}

// isRequestLine reports a request line, also as curl -v writes it ("> ").
// A line that does not start with a method and a blank is not converted
// to a string (a body line of a MiB is not copied to learn it is none).
func isRequestLine(t []byte) bool {
	t = dropMark(t, '>')
	if !startsMethod(t) {
		return false
	}
	_, _, ok := requestLine(string(t))
	return ok
}

// isStatusLine reports a status line, also as curl -v writes it ("< ").
func isStatusLine(t []byte) bool {
	if !bytes.HasPrefix(t, []byte("HTTP/")) && !bytes.HasPrefix(t, []byte("<")) {
		return false
	}
	_, _, _, ok := statusLine(string(dropMark(t, '<')))
	return ok
}

// dropMark drops curl -v's "< " or "> " before a line.
func dropMark(t []byte, mark byte) []byte {
	if len(t) > 0 && t[0] == mark {
		t = t[1:]
		if len(t) > 0 && (t[0] == ' ' || t[0] == '\t') {
			t = t[1:]
		}
	}
	return t
}

// isCurlInfo reports a curl -v info line or curl's error line.
func isCurlInfo(t []byte) bool {
	return bytes.HasPrefix(t, []byte("* ")) || bytes.HasPrefix(t, []byte("*\t")) || bytes.HasPrefix(t, []byte("curl: ("))
}

// isCurlCommand reports a curl command line ("$ curl -i https://…").
// The first byte is checked before the expression runs, on every line.
func isCurlCommand(t []byte) bool {
	return len(t) > 0 && (t[0] == '$' || t[0] == 'c') && reCurlCmd().Match(t)
}

// isMarkup reports a line that starts an HTML or XML page ("<html>",
// "<!DOCTYPE html>", "<?xml"), not a syslog priority ("<134>").
func isMarkup(t []byte) bool {
	return len(t) > 1 && (t[1] == '!' || t[1] == '?' || t[1] >= 'a' && t[1] <= 'z' || t[1] >= 'A' && t[1] <= 'Z')
}

// opensJSON reports whether a line that starts with '{' or '[' starts a
// JSON value ({"a":…}, [1, …], a lone "{") rather than a log line's
// bracketed level or tag ("[ERROR] …", "{main} …").
func opensJSON(t []byte) bool {
	rest := bytes.TrimLeft(t[1:], " \t")
	if len(rest) == 0 {
		return true
	}
	c := rest[0]
	if t[0] == '{' {
		return c == '"' || c == '}'
	}
	return c == '{' || c == '[' || c == '"' || c == ']' || c == '-' || c >= '0' && c <= '9' || c == 't' || c == 'f' || c == 'n'
}

// isLogStart reports a line that begins a log record: a timestamp, or a
// logfmt time= or level= key.
// The first byte is checked before the expression runs, on every line.
func isLogStart(t []byte) bool {
	return len(t) > 0 && (t[0] == '[' || isDigit(t[0]) || t[0] == 't' || t[0] == 'l') && reLogStart().Match(t)
}

func (c *chunker) start(kind, n int) {
	c.flush()
	c.kind, c.line, c.buf, c.cut = kind, n, c.buf[:0], false
	c.depth = jsonDepth{}
	c.status, c.body = false, false
	c.bodyJS, c.bodyFed = jsonDepth{}, 0
	c.pem = false
}

func (c *chunker) append(line []byte) {
	if room := MaxChunk - len(c.buf) - 1; len(line) > room {
		c.cut = true
		if room <= 0 {
			return
		}
		line = line[:room]
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
		// so that the key is redacted (and counted) as one. A body's
		// nesting does not follow them.
		if c.kind == chunkRaw && c.body {
			c.bodyDone()
		}
		c.append(line)
		c.bodyFed = len(c.buf)
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
			c.bodyFed = len(c.buf)
			return
		case c.body && isLogStart(t):
			c.flush() // a log line after a body: handled below
		case c.body && len(trim) > 0 && (trim[0] == '{' || trim[0] == '[') && c.bodyDone():
			c.flush() // a second JSON value after the body's: a bare body of its own
		default:
			switch {
			case c.status && !c.body && (len(t) == 0 || string(t) == "<"):
				c.body = true
				c.append(line)
				c.bodyFed = len(c.buf)
			case c.body:
				c.appendBody(line)
			default:
				c.append(line)
			}
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
	case chunkHTML:
		if isLogStart(t) || isRequestLine(t) || isStatusLine(t) || isCurlCommand(t) {
			c.flush()
			break
		}
		c.append(line)
		if bytes.Contains(bytes.ToLower(t), []byte("</html")) {
			c.flush()
		}
		return
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
	case trim[0] == '<' && isMarkup(trim):
		c.start(chunkHTML, n)
		c.append(line)
	case (trim[0] == '{' || trim[0] == '[') && !isLogStart(trim) && opensJSON(trim):
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
	p := c.p
	where := whereLine(c.line)
	if c.cut {
		p.pending = fmt.Sprintf("%s: the text starting here is longer than %d KiB; only its start was read", where, MaxChunk>>10)
	}
	defer func() {
		if p.pending != "" { // no exchange took it
			p.rd.problem("%s", p.pending)
			p.pending = ""
		}
	}()
	if p.stop {
		return
	}
	b := p.red.Bytes(c.buf) // redacted once, where it is read; learns its credentials
	// The exchange keeps what it needs of b as it is when b is a new
	// slice (something was redacted) or a long chunk, which the next
	// chunk then does not reuse; else it keeps copies.
	fresh := len(b) == 0 || &b[0] != &c.buf[0]
	p.own = fresh || len(c.buf) >= ownChunk
	if p.own && !fresh {
		c.buf = nil
	}
	switch kind {
	case chunkRaw:
		p.rawChunk(where, b)
	case chunkJSON:
		p.jsonChunk(where, b)
	case chunkLog:
		p.logChunk(where, b)
	case chunkHTML:
		p.emit(&Exchange{Where: where, Format: FormatHTML, Body: p.keep(bytes.TrimSpace(b))})
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

// statusHint finds an HTTP status mentioned in log text: "HTTP/1.1 429"
// or "HTTP 429" first, else "status=429", "status_code: 429",
// "statusCode":429. It scans by hand: regular expressions with \b and
// (?i) cost more than the rest of a log line's reading.
func statusHint(s string) int {
	low := lowerASCII(s)
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
			return reasonStatus(low)
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

// reasonStatus finds a status written as a language's HTTP errors write
// it: "503 Service Unavailable" (Go, a status with its reason phrase),
// "429 Client Error" (Python's requests), "Error code: 429" (SDKs
// generated by Stainless), "status code 503".
func reasonStatus(low string) int {
	for _, lead := range []string{"error code: ", "status code "} {
		if j := strings.Index(low, lead); j >= 0 {
			if n := spacedStatus(low, j+len(lead), " "); n != 0 {
				return n
			}
		}
	}
	for i := 0; i+4 < len(low); i++ {
		c := low[i]
		if c < '1' || c > '5' || i > 0 && isWord(low[i-1]) || !isDigit(low[i+1]) || !isDigit(low[i+2]) || low[i+3] != ' ' {
			continue
		}
		n := int(c-'0')*100 + int(low[i+1]-'0')*10 + int(low[i+2]-'0')
		rest := low[i+4:]
		if text := strings.ToLower(httpstatus.Text(n)); text != "" && strings.HasPrefix(rest, text) ||
			n >= 400 && n < 500 && strings.HasPrefix(rest, "client error") || n >= 500 && strings.HasPrefix(rest, "server error") {
			return n
		}
	}
	return 0
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

// lowerASCII lowers ASCII letters only, so that byte offsets stay valid.
func lowerASCII(s string) string {
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

// pluralVerb is "1 line was" or "3 lines were".
func pluralVerb(n int, word string) string {
	if n == 1 {
		return "1 " + word + " was"
	}
	return plural(n, word) + " were"
}
