package apierror

import (
	"bytes"
	"strings"

	"github.com/errscope/errscope/internal/lazyre"
)

// maxHeaderValue bounds a header value grown by folded continuation lines,
// and any one value kept of a paste.
const maxHeaderValue = 8 << 10

// reStatusLine is the grammar of a status line, which statusLine reads by
// hand (the expression ran two or three times on each status line of a
// paste); TestStatusLine and FuzzStatusLine hold the two to the same
// answers.
var reStatusLine = lazyre.New(`^(HTTP/[0-9](?:\.[0-9])?)[ \t]+([0-9]{3})(?:[ \t]+(.*))?$`)

// statusLine parses "HTTP/1.1 429 Too Many Requests" or "HTTP/2 429", as
// reStatusLine reads the line with its trailing blanks trimmed.
func statusLine(l string) (proto string, status int, reason string, ok bool) {
	if !strings.HasPrefix(l, "HTTP/") {
		return "", 0, "", false
	}
	l = strings.TrimRight(l, " \t")
	i := len("HTTP/")
	if i >= len(l) || !isDigit(l[i]) {
		return "", 0, "", false
	}
	i++
	if i+1 < len(l) && l[i] == '.' && isDigit(l[i+1]) {
		i += 2
	}
	j := skipBlanks(l, i)
	if j == i || j+3 > len(l) || !isDigit(l[j]) || !isDigit(l[j+1]) || !isDigit(l[j+2]) {
		return "", 0, "", false
	}
	status = int(l[j]-'0')*100 + int(l[j+1]-'0')*10 + int(l[j+2]-'0')
	k := j + 3
	if k == len(l) {
		return l[:i], status, "", true
	}
	m := skipBlanks(l, k)
	if m == k || strings.IndexByte(l[m:], '\n') >= 0 { // '.' takes no line feed
		return "", 0, "", false
	}
	return l[:i], status, l[m:], true
}

// skipBlanks returns the offset of the first byte of s from i on that is
// neither a space nor a tab.
func skipBlanks(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

var reRequestLine = lazyre.New(`^(` + strings.Join(requestMethods, "|") + `)[ \t]+(\S+)(?:[ \t]+HTTP/[0-9](?:\.[0-9])?)?[ \t]*$`)

// requestMethods are the methods a request line of a paste may name.
var requestMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT"}

// startsMethod reports whether t starts with one of requestMethods and a
// blank: a cheap check that t may be a request line.
func startsMethod(t []byte) bool {
	if len(t) < 4 || t[0] < 'A' || t[0] > 'Z' {
		return false
	}
	for _, m := range requestMethods {
		if len(t) > len(m) && string(t[:len(m)]) == m && (t[len(m)] == ' ' || t[len(m)] == '\t') {
			return true
		}
	}
	return false
}

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

// rawResp is one response found in a raw chunk.
type rawResp struct {
	proto   string
	status  int
	headers Header
	// body is the body's lines: a part of the chunk while they follow
	// one another in it (from, to), else a copy (copied).
	body     []byte
	from, to int
	copied   bool
}

// addBody adds to the body line, which is in[off:off+len(line)].
func (r *rawResp) addBody(in []byte, off int, line []byte) {
	end := off + len(line)
	switch {
	case r.copied:
		r.body = append(r.body, line...)
	case r.body == nil:
		r.body, r.from, r.to = in[off:end:end], off, end
	case off == r.to:
		r.body, r.to = in[r.from:end:end], end
	default:
		// A curl -v line came between: the body is a copy from here on
		// (its capacity is its length, so append copies it).
		r.body, r.copied = append(r.body, line...), true
	}
}

// isCurlMarked reports a line of curl -v output that is not a body's: an
// info line ("* "), a request line or header ("> "), a response line or
// header ("< ") or a data size ("{ [5 bytes data]").
func isCurlMarked(l []byte) bool {
	if len(l) == 0 {
		return false
	}
	switch l[0] {
	case '*', '>', '<':
		return len(l) == 1 || l[1] == ' '
	case '{', '}':
		return reCurlData().Match(l)
	}
	return false
}

// rawReq is a request seen in a raw chunk.
type rawReq struct {
	method, target, host, key string
	seen                      bool
}

func (r *rawReq) header(name, value string) {
	switch strings.ToLower(name) {
	case "host":
		r.host = value
	case "idempotency-key":
		r.key = value
	}
}

// url is the request's URL: absolute as given, else from curl -v's stream
// line, else the Host header and the target.
func (r rawReq) url(scheme, fullURL string) string {
	switch {
	case strings.HasPrefix(r.target, "http://") || strings.HasPrefix(r.target, "https://"):
		return r.target
	case fullURL != "":
		return fullURL
	case r.host != "":
		return scheme + "://" + r.host + r.target
	}
	return r.target
}

var (
	reCurlData   = lazyre.New(`^[{}] \[[0-9]+ bytes data\]$`)
	reCurlStream = lazyre.New(`OPENED stream for (https?://\S+)`)
	reCurlPort   = lazyre.New(`Connected to \S+ \([^)]*\) port ([0-9]+)`)
)

// rawChunk reads one raw exchange — a curl command or request lines, and a
// response — and yields it.
func (p *pasteReader) rawChunk(where string, in []byte) {
	verbose := bytes.HasPrefix(in, []byte("< HTTP/")) || bytes.Contains(in, []byte("\n< HTTP/"))
	const (
		idle = iota
		reqHeaders
		respHeaders
		body
	)
	var (
		resp    *rawResp
		req     rawReq
		state   = idle
		scheme  = "https"
		fullURL string
		lastHdr string
	)
	startResp := func(proto string, status int) {
		resp = &rawResp{proto: proto, status: status, headers: Header{}}
		state = respHeaders
		lastHdr = ""
	}
	next := 0
	for line := range bytes.Lines(in) {
		off := next
		next += len(line)
		lb := bytes.TrimRight(line, "\r\n")
		if resp != nil && state == body && !(verbose && isCurlMarked(lb)) {
			// A body line, taken as it is, without a string of it: the one
			// place body lines are taken once the body has begun.
			resp.addBody(in, off, line)
			continue
		}
		l := string(lb)
		if resp == nil && isCurlCommand(lb) {
			req.method, req.target, req.key = curlRequest(strings.TrimRight(l, " \t"))
			req.seen = true
			continue
		}
		if verbose {
			// curl's own lines; a body's were taken above, and any other
			// line (a data size, or text before the body) says nothing.
			switch {
			case l == "*" || strings.HasPrefix(l, "* "):
				if m := reCurlStream().FindStringSubmatch(l); m != nil {
					fullURL = m[1]
				}
				if m := reCurlPort().FindStringSubmatch(l); m != nil && m[1] == "80" {
					scheme = "http"
				}
			case l == ">" || strings.HasPrefix(l, "> "):
				x := strings.TrimPrefix(strings.TrimPrefix(l, ">"), " ")
				if method, target, ok := requestLine(x); ok {
					req = rawReq{method: method, target: target, seen: true}
					fullURL = ""
				} else if name, value, ok := headerLine(x); ok {
					req.header(name, value)
				}
			case l == "<" || strings.HasPrefix(l, "< "):
				x := strings.TrimPrefix(strings.TrimPrefix(l, "<"), " ")
				if proto, status, _, ok := statusLine(x); ok {
					if resp == nil {
						startResp(proto, status)
					}
				} else if x == "" {
					if resp != nil {
						state = body
					}
				} else if name, value, ok := headerLine(x); ok && resp != nil && state == respHeaders {
					resp.headers.add(name, value)
				}
			}
			continue
		}
		if proto, status, _, ok := statusLine(strings.TrimRight(l, " \t")); ok && resp == nil {
			startResp(proto, status)
			continue
		}
		switch state {
		case idle:
			if method, target, ok := requestLine(strings.TrimRight(dropCurlMark(l, '>'), " \t")); ok {
				req = rawReq{method: method, target: target, seen: true}
				state = reqHeaders
			}
		case reqHeaders:
			x := dropCurlMark(l, '>')
			if strings.TrimSpace(x) == "" {
				state = idle
			} else if name, value, ok := headerLine(x); ok {
				req.header(name, value)
			}
		case respHeaders:
			switch {
			case strings.TrimSpace(l) == "":
				state = body
			case (l[0] == ' ' || l[0] == '\t') && lastHdr != "":
				// An obsolete folded header line continues the last header.
				vals := resp.headers[lastHdr]
				if len(vals[len(vals)-1]) < maxHeaderValue {
					vals[len(vals)-1] += " " + strings.TrimSpace(l)
				}
			default:
				if name, value, ok := headerLine(l); ok {
					resp.headers.add(name, value)
					lastHdr = name
				} else {
					state = body
					resp.addBody(in, off, line)
				}
			}
		}
	}
	x := &Exchange{Where: where, Format: FormatRaw, IdempotencyKey: req.key}
	if req.seen {
		x.Method = strings.ToUpper(req.method)
		x.URL = clip(req.url(scheme, fullURL), maxHeaderValue)
	} else if l := p.last; l != nil && resp != nil && (l.Status >= 100 && l.Status < 200 || l.Status >= 300 && l.Status < 400) {
		// The response that follows a redirect (curl -L) or an
		// informational response answers the same request.
		x.Method, x.URL, x.IdempotencyKey = l.Method, l.URL, l.IdempotencyKey
		if loc := strings.TrimSpace(l.Header.Get("Location")); l.Status >= 300 && (strings.HasPrefix(loc, "https://") || strings.HasPrefix(loc, "http://")) {
			x.URL = clip(loc, maxHeaderValue)
		}
	}
	if resp == nil {
		if m := reNet().Find(in); m != nil {
			x.NoResponse, x.NetError = true, string(m)
			p.last = nil
			p.emit(x)
			return
		}
		if req.seen {
			p.rd.problem("%s: a request without a response", where)
		}
		return
	}
	x.Status, x.Proto, x.Header = resp.status, resp.proto, resp.headers
	x.Body = bytes.TrimRight(resp.body, " \t\r\n")
	if !resp.copied {
		x.Body = p.keep(x.Body)
	}
	if t, ok := ParseHTTPDate(strings.TrimSpace(resp.headers.Get("Date"))); ok {
		x.Time, x.Coarse = t, true
	}
	p.last = x
	p.emit(x)
}

// dropCurlMark drops curl -v's "> " before a request line.
func dropCurlMark(l string, mark byte) string { return string(dropMark([]byte(l), mark)) }
