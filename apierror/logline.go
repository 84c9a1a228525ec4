package apierror

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/errscope/errscope/internal/lazyre"
)

var (
	// reForURL finds the URL of Python's requests and httpx errors
	// ("429 Client Error: Too Many Requests for url: https://…") and of
	// Go's *url.Error (`Post "https://…": EOF`).
	reForURL = lazyre.New(`(?i)\bfor url:? ['"]?(https?://[^\s'"<>]+)|\b(Get|Post|Put|Patch|Delete|Head|Options) "(https?://[^"\s]+)"`)
)

// bodyKeys are the fields of a structured log record that may hold the
// response body (a JSON string or a nested object), nearest first.
var bodyKeys = []string{"body", "response", "response_body", "resp_body", "error_body", "responseBody",
	"res.body", "response.body", "response.data", "err.response.data", "error.response.data", "err.body", "http.response.body.content"}

// statusKeys are the fields of a structured log record that may hold the
// HTTP status.
var statusKeys = []string{"status", "status_code", "statusCode", "http_status", "response_status", "code",
	"res.statusCode", "res.status", "response.status", "response.statusCode", "response.status_code",
	"err.status", "err.statusCode", "err.response.status", "error.response.status", "http.response.status_code", "http.status_code"}

// field returns the value at a dotted path of a record ("res.statusCode"),
// or the value of the whole dotted key when the record has one.
func field(rec map[string]any, path string) any {
	if v, ok := rec[path]; ok {
		return v
	}
	for {
		i := strings.IndexByte(path, '.')
		if i < 0 {
			return nil
		}
		m, ok := rec[path[:i]].(map[string]any)
		if !ok {
			return nil
		}
		rec, path = m, path[i+1:]
		if v, ok := rec[path]; ok {
			return v
		}
	}
}

// recordStatus is the HTTP status a structured log record names.
func recordStatus(rec map[string]any) int {
	for _, k := range statusKeys {
		switch v := field(rec, k).(type) {
		case float64:
			if v >= 100 && v <= 599 && v == float64(int(v)) {
				return int(v)
			}
		case string:
			if k != "code" && len(v) == 3 {
				if n, err := strconv.Atoi(v); err == nil && n >= 100 && n <= 599 {
					return n
				}
			}
		}
	}
	return 0
}

// recordBody finds the response body a structured log record holds: a
// JSON (or HTML) string, or a nested error object.
func recordBody(rec map[string]any) []byte {
	for _, k := range bodyKeys {
		switch v := field(rec, k).(type) {
		case string:
			if s := strings.TrimSpace(v); strings.HasPrefix(s, "{") || strings.HasPrefix(s, "<") {
				return []byte(s)
			}
		case map[string]any:
			if looksLikeError(v) {
				b, err := json.Marshal(v)
				if err == nil {
					return b
				}
			}
		}
	}
	return nil
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

// recString returns the first of the dotted keys whose value is a string.
func recString(rec map[string]any, keys ...string) string {
	for _, k := range keys {
		if s, ok := field(rec, k).(string); ok && s != "" {
			return clip(s, maxHeaderValue)
		}
	}
	return ""
}

// record fills the request and time of x from a structured log record.
func (p *pasteReader) record(x *Exchange, rec map[string]any) {
	if x.Method == "" {
		x.Method = strings.ToUpper(recString(rec, "method", "http_method", "request_method", "verb", "req.method", "request.method", "http.request.method"))
		if len(x.Method) > 10 {
			x.Method = ""
		}
	}
	if x.URL == "" {
		x.URL = recString(rec, "url", "uri", "path", "request_url", "endpoint", "req.url", "request.url", "request.uri", "request.path", "url.full", "err.config.url")
	}
	if x.IdempotencyKey == "" {
		x.IdempotencyKey = recString(rec, "idempotency_key", "idempotencyKey", "Idempotency-Key")
	}
	if x.Time.IsZero() {
		x.Time, x.Coarse = recordTime(rec)
	}
}

// looksLikeError reports whether a JSON object has error-envelope fields.
func looksLikeError(m map[string]any) bool {
	for _, k := range []string{"error", "errors", "error_code", "detail", "title"} {
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

// statusError reports whether a body is a JSON object that says
// "status":"error" (BabySea's envelope), which makes a 2xx response an
// error all the same.
func statusError(body []byte) bool {
	t := bytes.TrimSpace(body)
	if len(t) == 0 || t[0] != '{' || !bytes.Contains(t, []byte(`"status"`)) {
		return false
	}
	m, _ := readJSON(t, 0).v.(map[string]any)
	s, _ := m["status"].(string)
	return strings.EqualFold(strings.TrimSpace(s), "error")
}

// jsonChunk reads a JSON value that starts a line: an error body, or a
// structured log record (one line of NDJSON, pino, zap, bunyan, slog).
func (p *pasteReader) jsonChunk(where string, b []byte) {
	t := bytes.TrimSpace(b)
	if t[0] == '[' {
		p.rd.Skipped++
		p.rd.problem("%s: a JSON list, not a response; skipped", where)
		return
	}
	x := &Exchange{Where: where, Format: FormatRecord}
	res := readJSON(t, 0)
	rec, _ := res.v.(map[string]any)
	if rec == nil || res.failed() {
		if !reErrKey().Match(t) {
			p.rd.Skipped++
			p.rd.problem("%s: JSON that could not be read (%s); skipped", where, res.short())
			return
		}
		// A cut or broken error body or record: decode what there is.
		x.Format = FormatJSON
		x.Status = statusHint(string(t))
		x.Time, x.Coarse = logTime(string(t))
		x.Body = p.keep(t)
		p.emit(x)
		return
	}
	x.Status = recordStatus(rec)
	p.record(x, rec)
	body := recordBody(rec)
	switch {
	case body != nil && (x.Status == 0 || x.Status >= 400 || statusError(body)):
	case looksLikeError(rec) && (x.Status == 0 || x.Status >= 400 || statusError(t)):
		body = p.keep(t)
		if x.Time.IsZero() && x.Method == "" && x.URL == "" {
			x.Format = FormatJSON // an error body, not a log record
		}
	case x.Status >= 400:
		body = []byte(recString(rec, "message", "msg", "error", "err", "err.message"))
	case x.Status >= 200 || x.Method != "" || x.URL != "":
	default:
		if m := reNet().Find(t); m != nil {
			x.NoResponse, x.NetError = true, string(m)
			p.emit(x)
			return
		}
		p.rd.Skipped++
		return
	}
	x.Body = body
	p.emit(x)
}

// logChunk reads a log line — plain text, logfmt or slog's text handler, a
// panic or a traceback — with the JSON body it holds or that follows it on
// the next lines.
func (p *pasteReader) logChunk(where string, b []byte) {
	s := string(b)
	x := &Exchange{Where: where, Format: FormatLog}
	outside := s
	i := strings.IndexByte(s, '{')
	if i >= 0 {
		outside = s[:i]
	}
	low := lowerASCII(s)
	if m, u := methodURL(outside); m != "" {
		x.Method, x.URL = m, u
	} else {
		if m := matchIf(strings.Contains(low, "method="), reKVMethod, outside); m != nil {
			x.Method = m[1]
		}
		if m := matchIf(strings.Contains(low, "url=") || strings.Contains(low, "uri=") || strings.Contains(low, "path="), reKVURL, outside); m != nil {
			x.URL = m[1]
		}
	}
	if x.URL == "" {
		if m := matchIf(strings.Contains(low, "for url") || strings.Contains(s, ` "http`), reForURL, outside); m != nil {
			if m[1] != "" {
				x.URL = m[1]
			} else {
				x.Method, x.URL = strings.ToUpper(m[2]), m[3]
			}
		}
	}
	x.URL = clip(x.URL, maxHeaderValue)
	if m := matchIf(strings.Contains(low, "dempotency"), reIdemKey, s); m != nil {
		x.IdempotencyKey = m[1]
	}
	x.Time, x.Coarse = logTime(s)

	// A body quoted in logfmt or slog's text handler: body="{\"error\":…}".
	var body []byte
	if m := matchIf(strings.Contains(s, `="`), reKVBody, s); m != nil {
		if u, err := strconv.Unquote(`"` + m[1] + `"`); err == nil {
			if u = strings.TrimSpace(u); strings.HasPrefix(u, "{") || strings.HasPrefix(u, "<") {
				body = []byte(u)
				x.Format = FormatLogfmt
			}
		}
	}
	status := 0
	if body == nil && i >= 0 {
		obj, res := firstObject(b, i)
		if rec, ok := res.v.(map[string]any); ok && !res.failed() && !looksLikeError(rec) {
			// A log record after the line's words (zap's console
			// encoder, a logger's context): its fields say the rest.
			if inner := recordBody(rec); inner != nil {
				body = inner
				status = recordStatus(rec)
				p.record(x, rec)
			}
		}
		if body == nil {
			body = bytes.TrimSpace(obj)
		}
	}
	if status == 0 {
		for _, src := range []string{outside, s} {
			if status = statusHint(src); status != 0 {
				break
			}
		}
	}
	x.Status = status
	errorish := body != nil && (reErrKey().Match(body) || bytes.HasPrefix(body, []byte("<")))
	switch {
	case status >= 200 && status < 400 && !(errorish && statusError(body)):
		p.emit(x)
	case body != nil && (status >= 400 || errorish):
		x.Body = p.keep(body)
		p.emit(x)
	case status >= 400:
		// No JSON: an HTML page from a proxy, or the log's own words.
		msg := strings.TrimSpace(s)
		if m := reHTML().FindStringIndex(msg); m != nil {
			msg = msg[m[0]:]
		} else if m := reLogTime().FindStringIndex(msg); m != nil {
			msg = strings.TrimSpace(strings.TrimLeft(msg[m[1]:], "] "))
		}
		x.Body = []byte(msg)
		p.emit(x)
	case status == 0 && reNet().MatchString(s):
		x.NoResponse, x.NetError = true, reNet().FindString(s)
		p.emit(x)
	default:
		p.rd.Skipped++
	}
}

// firstObject returns the first JSON object in b from offset i on that
// reads whole (a Python dict read as JSON), else the first one.
func firstObject(b []byte, i int) ([]byte, jsonResult) {
	var first []byte
	var firstRes jsonResult
	for k := 0; i >= 0 && k < 20; k++ {
		end := balancedObject(b, i)
		if end < 0 {
			end = len(b)
		}
		obj := b[i:end]
		res := readJSON(obj, 0)
		if res.badAt >= 0 && res.badByte == '\'' {
			if py, ok := pythonJSON(obj); ok {
				obj, res = py, readJSON(py, 0) // a Python dict as a traceback prints it
			}
		}
		if _, ok := res.v.(map[string]any); ok && !res.failed() {
			return obj, res
		}
		if first == nil {
			first, firstRes = obj, res
		}
		j := bytes.IndexByte(b[end:], '{')
		if j < 0 {
			break
		}
		i = end + j
	}
	return first, firstRes
}

// pythonJSON turns a Python dict literal, as a traceback prints a response
// ({'error': {'code': 'x', 'retryable': False}}), into JSON; ok is false
// when it holds no single-quoted string.
func pythonJSON(b []byte) ([]byte, bool) {
	if !bytes.Contains(b, []byte("'")) {
		return nil, false
	}
	out := make([]byte, 0, len(b)+8)
	var quote byte
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case quote != 0 && c == '\\' && i+1 < len(b):
			i++
			if b[i] == '\'' {
				out = append(out, '\'')
			} else {
				out = append(out, '\\', b[i])
			}
		case quote != 0 && c == quote:
			quote = 0
			out = append(out, '"')
		case quote == '\'' && c == '"':
			out = append(out, '\\', '"')
		case quote != 0:
			out = append(out, c)
		case c == '\'' || c == '"':
			quote = c
			out = append(out, '"')
		case bytes.HasPrefix(b[i:], []byte("True")):
			out, i = append(out, "true"...), i+3
		case bytes.HasPrefix(b[i:], []byte("False")):
			out, i = append(out, "false"...), i+4
		case bytes.HasPrefix(b[i:], []byte("None")):
			out, i = append(out, "null"...), i+3
		default:
			out = append(out, c)
		}
	}
	return out, true
}

// short describes why reading stopped early, briefly.
func (r jsonResult) short() string {
	switch {
	case r.truncated:
		return "cut short at byte " + itoa(r.end)
	case r.badAt >= 0:
		return "unexpected " + quoteByte(r.badByte) + " at byte " + itoa(r.badAt)
	}
	return "not an object"
}
