package apierror

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"hash/fnv"
	"io"
	"math"
	"strings"
	"time"

	"github.com/errscope/errscope/redact"
)

// maxLiteral is the longest number or literal (true, false, null) a HAR
// file may hold; anything longer is an error rather than a buffer.
const maxLiteral = 4096

// maxHeaders is the most headers read per request or response.
const maxHeaders = 200

var errLongLiteral = errors.New("a number or literal is longer than 4 KiB")

// capReader passes JSON text through, cutting every string after max bytes
// (at a character boundary, never inside an escape sequence) so that the
// JSON decoder that reads from it never buffers more than about max bytes
// for one token, however long the strings in the input are. Strings stay
// valid JSON: the cut string is closed by its own closing quote.
type capReader struct {
	r     io.Reader
	buf   []byte
	pos   int
	end   int
	err   error
	max   int
	inStr bool
	drop  bool // dropping the rest of a string that reached max
	esc   int  // 0, 1 after '\', 2–5 inside the hex digits of \u
	n     int  // bytes of the current string passed
	lit   int  // length of the current number or literal
	cut   int  // strings cut so far
	empty int  // reads in a row that returned nothing
}

func newCapReader(r io.Reader, max int) *capReader {
	return &capReader{r: r, buf: make([]byte, 32<<10), max: max}
}

func (c *capReader) Read(p []byte) (int, error) {
	w := 0
	for w < len(p) {
		if c.pos == c.end {
			if w > 0 {
				return w, nil
			}
			if c.err != nil {
				return 0, c.err
			}
			n, err := c.r.Read(c.buf)
			c.pos, c.end, c.err = 0, n, err
			if n == 0 && err == nil {
				if c.empty++; c.empty > 100 {
					c.err = io.ErrNoProgress
				}
				continue
			}
			c.empty = 0
			continue
		}
		b := c.buf[c.pos]
		c.pos++
		if !c.inStr {
			switch b {
			case '"':
				c.inStr, c.drop, c.esc, c.n, c.lit = true, false, 0, 0, 0
			case ' ', '\t', '\r', '\n', '{', '}', '[', ']', ':', ',':
				c.lit = 0
			default:
				if c.lit++; c.lit > maxLiteral {
					c.pos, c.end, c.err = 0, 0, errLongLiteral
					return w, errLongLiteral
				}
			}
			p[w] = b
			w++
			continue
		}
		if c.drop {
			switch {
			case c.esc == 1:
				c.esc = 0
			case b == '\\':
				c.esc = 1
			case b == '"':
				c.inStr = false
				p[w] = b
				w++
			}
			continue
		}
		switch {
		case c.esc == 1:
			c.esc = 0
			if b == 'u' {
				c.esc = 2
			}
		case c.esc >= 2:
			if c.esc++; c.esc == 6 {
				c.esc = 0
			}
		case b == '"':
			c.inStr = false
		case c.n >= c.max && (b == '\\' || b&0xC0 != 0x80):
			c.drop, c.cut = true, c.cut+1
			if b == '\\' {
				c.esc = 1
			}
			continue
		case b == '\\':
			c.esc = 1
		}
		c.n++
		p[w] = b
		w++
	}
	return w, nil
}

// harEntry is what is read of one HAR entry.
type harEntry struct {
	started  string
	timeMS   float64
	hasTime  bool
	method   string
	url      string
	idemKey  string
	bodyHash uint64
	status   int
	hasResp  bool
	proto    string
	headers  Header
	mimeType string
	text     string
	encoding string
	errText  string // Chrome's _error: "net::ERR_CONNECTION_RESET"
}

// readHAR walks log.entries of a HAR file, one entry at a time.
func (p *pasteReader) readHAR(r io.Reader) {
	cr := newCapReader(r, MaxString)
	dec := json.NewDecoder(cr)
	h := harReader{p: p, dec: dec, cr: cr}
	sawEntries := false
	err := h.object(func(key string) error {
		if key != "log" {
			return h.skip()
		}
		return h.object(func(key string) error {
			if key != "entries" {
				return h.skip()
			}
			err := h.array(func() error { return h.entry() })
			sawEntries = sawEntries || !errors.Is(err, errShape)
			return err
		})
	})
	switch {
	case errors.Is(err, errShape) && !sawEntries:
		p.rd.note("the JSON has no log.entries list, so it is not a HAR file")
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		p.rd.Truncated = true
		p.rd.note("the HAR file is cut short after %s; the rest is missing", plural(h.ok, "entry"))
	case errors.Is(err, errLongLiteral):
		p.rd.note("the HAR file is not valid JSON after %s (%v); the rest was not read", plural(h.ok, "entry"), err)
	case err != nil && cr.err != nil && cr.err != io.EOF && errors.Is(err, cr.err):
		// A read error: run reports it.
	case err != nil:
		var se *json.SyntaxError
		if errors.As(err, &se) {
			p.rd.note("the HAR file is not valid JSON after %s (%s); the rest was not read", plural(h.ok, "entry"), jsonErr(se))
		} else {
			p.rd.note("the HAR file could not be read after %s (%v)", plural(h.ok, "entry"), err)
		}
	case !sawEntries:
		p.rd.note("the JSON has no log.entries list, so it is not a HAR file")
	}
	if cr.cut > 0 {
		p.rd.note("%d strings of the HAR file were longer than %d KiB and were cut; their bodies were decoded in part", cr.cut, MaxString>>10)
	}
}

// errShape reports a JSON value of the wrong kind (already skipped).
var errShape = errors.New("unexpected JSON shape")

// harReader reads HAR values from a JSON token stream.
type harReader struct {
	p   *pasteReader
	dec *json.Decoder
	cr  *capReader
	n   int // entries begun
	ok  int // entries read whole
}

// open reads the next token; it returns true when it is the delimiter
// want, and otherwise skips the value it starts.
func (h *harReader) open(want json.Delim) (bool, error) {
	t, err := h.dec.Token()
	if err != nil {
		return false, err
	}
	if d, ok := t.(json.Delim); ok {
		if d == want {
			return true, nil
		}
		return false, h.skipRest()
	}
	return false, nil
}

// skipRest skips the rest of the object or array just opened.
func (h *harReader) skipRest() error {
	for depth := 1; depth > 0; {
		t, err := h.dec.Token()
		if err != nil {
			return err
		}
		if d, ok := t.(json.Delim); ok {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
	}
	return nil
}

// skip skips one value.
func (h *harReader) skip() error {
	t, err := h.dec.Token()
	if err != nil {
		return err
	}
	if d, ok := t.(json.Delim); ok && (d == '{' || d == '[') {
		return h.skipRest()
	}
	return nil
}

// object reads an object, calling f for each key; f must read the value.
// A value that is not an object is skipped and gives errShape.
func (h *harReader) object(f func(key string) error) error {
	ok, err := h.open('{')
	if err != nil {
		return err
	}
	if !ok {
		return errShape
	}
	for h.dec.More() {
		t, err := h.dec.Token()
		if err != nil {
			return err
		}
		key, _ := t.(string)
		if err := f(key); err != nil && !errors.Is(err, errShape) {
			return err
		}
	}
	_, err = h.dec.Token()
	return err
}

// array reads an array, calling f for each item; f must read the item.
func (h *harReader) array(f func() error) error {
	ok, err := h.open('[')
	if err != nil {
		return err
	}
	if !ok {
		return errShape
	}
	for h.dec.More() {
		if err := f(); err != nil && !errors.Is(err, errShape) {
			return err
		}
	}
	_, err = h.dec.Token()
	return err
}

// str reads a string value; other values are skipped and give "".
func (h *harReader) str() (string, error) {
	t, err := h.dec.Token()
	if err != nil {
		return "", err
	}
	switch v := t.(type) {
	case string:
		return v, nil
	case json.Delim:
		if v == '{' || v == '[' {
			return "", h.skipRest()
		}
	}
	return "", nil
}

// num reads a number value; other values are skipped and give ok false.
func (h *harReader) num() (float64, bool, error) {
	t, err := h.dec.Token()
	if err != nil {
		return 0, false, err
	}
	switch v := t.(type) {
	case float64:
		return v, true, nil
	case json.Delim:
		if v == '{' || v == '[' {
			return 0, false, h.skipRest()
		}
	}
	return 0, false, nil
}

// headers reads a HAR headers list [{"name":…,"value":…}], keeping at
// most maxHeaders headers, each value cut at maxHeaderValue bytes and
// redacted. Only the names in keep are kept when keep is not nil.
func (h *harReader) headers(keep map[string]bool) (Header, error) {
	out := Header{}
	n := 0
	err := h.array(func() error {
		var name, value string
		err := h.object(func(key string) error {
			var err error
			switch key {
			case "name":
				name, err = h.str()
			case "value":
				value, err = h.str()
			default:
				err = h.skip()
			}
			return err
		})
		if err != nil || name == "" || strings.HasPrefix(name, ":") || n >= maxHeaders {
			return err
		}
		if redact.IsSecretHeader(name) {
			h.p.red.Header(name, value) // learned and counted, wherever it is kept
		}
		if keep != nil && !keep[strings.ToLower(name)] {
			return nil
		}
		n++
		name = clip(name, 100)
		out[name] = append(out[name], strings.Clone(clip(h.p.red.Header(name, value), maxHeaderValue)))
		return nil
	})
	return out, err
}

var requestHeaders = map[string]bool{"idempotency-key": true}

// cookies reads a HAR cookies list [{"name":…,"value":…}], learning the
// values as credentials; nothing else of it is kept.
func (h *harReader) cookies() error {
	return h.array(func() error {
		return h.object(func(key string) error {
			if key != "value" {
				return h.skip()
			}
			v, err := h.str()
			h.p.red.Learn(redact.KindCookie, v)
			return err
		})
	})
}

// entry reads one HAR entry and records it.
func (h *harReader) entry() error {
	h.n++
	var e harEntry
	err := h.object(func(key string) error {
		var err error
		switch key {
		case "startedDateTime":
			e.started, err = h.str()
		case "time":
			e.timeMS, e.hasTime, err = h.num()
		case "request":
			err = h.request(&e)
		case "response":
			err = h.response(&e)
		case "_error":
			var s string
			if s, err = h.str(); s != "" {
				e.errText = s
			}
		default:
			err = h.skip()
		}
		return err
	})
	if err != nil && !errors.Is(err, errShape) {
		return err
	}
	if errors.Is(err, errShape) {
		h.p.rd.problem("entry %d is not a JSON object; skipped", h.n)
		return nil
	}
	h.ok++
	h.p.harEntry(h.n, &e)
	return nil
}

func (h *harReader) request(e *harEntry) error {
	return h.object(func(key string) error {
		var err error
		switch key {
		case "method":
			e.method, err = h.str()
		case "url":
			e.url, err = h.str()
			h.p.red.String(e.url) // learns its secret parameters and user info
		case "cookies":
			err = h.cookies()
		case "headers":
			var hd Header
			hd, err = h.headers(requestHeaders)
			e.idemKey = hd.Get("Idempotency-Key")
		case "postData":
			err = h.object(func(key string) error {
				if key != "text" {
					return h.skip()
				}
				s, err := h.str()
				h.p.red.String(s) // learns the secrets of a form or JSON body
				if s != "" {
					f := fnv.New64a()
					f.Write([]byte(s))
					e.bodyHash = f.Sum64()
				}
				return err
			})
		default:
			err = h.skip()
		}
		return err
	})
}

func (h *harReader) response(e *harEntry) error {
	e.hasResp = true
	return h.object(func(key string) error {
		var err error
		switch key {
		case "status":
			var f float64
			var ok bool
			if f, ok, err = h.num(); ok && f >= 0 && f <= 999 && f == math.Trunc(f) {
				e.status = int(f)
			}
		case "httpVersion":
			e.proto, err = h.str()
		case "cookies":
			err = h.cookies()
		case "headers":
			e.headers, err = h.headers(nil)
		case "_error":
			var s string
			if s, err = h.str(); s != "" {
				e.errText = s
			}
		case "content":
			err = h.object(func(key string) error {
				var err error
				switch key {
				case "mimeType":
					e.mimeType, err = h.str()
				case "text":
					e.text, err = h.str()
				case "encoding":
					e.encoding, err = h.str()
				default:
					err = h.skip()
				}
				return err
			})
		default:
			err = h.skip()
		}
		return err
	})
}

// harEntry turns one HAR entry into an exchange.
func (p *pasteReader) harEntry(n int, e *harEntry) {
	x := &Exchange{Where: "entry " + itoa(n), Format: FormatHAR, Status: e.status, BodyHash: e.bodyHash,
		Method: strings.ToUpper(clip(strings.TrimSpace(e.method), 20)), Proto: strings.ToUpper(clip(e.proto, 20))}
	x.URL = p.red.String(clip(e.url, maxHeaderValue))
	x.IdempotencyKey = p.red.String(e.idemKey)
	if e.started != "" {
		if t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(e.started)); err == nil {
			x.Time = t.UTC()
			x.End = x.Time
			if e.hasTime && e.timeMS > 0 && e.timeMS < 1e9 {
				x.End = x.Time.Add(time.Duration(e.timeMS * float64(time.Millisecond)))
			}
		} else {
			p.rd.problem("entry %d: startedDateTime %q is not an ISO 8601 time", n, clip(e.started, 40))
		}
	}
	if e.status == 0 || e.errText != "" && e.status < 400 {
		x.Status, x.NoResponse, x.NetError = 0, true, clip(e.errText, 200)
		p.emit(x)
		return
	}
	if e.status >= 400 || e.status >= 200 && e.status < 300 && mayHoldError(e) {
		body, ok := harBody(e)
		if !ok {
			x.Problems = append(x.Problems, "entry "+itoa(n)+": the response content is not valid base64; read as text")
		}
		h := e.headers
		if h == nil {
			h = Header{}
		}
		h = dropEncoding(h) // HAR content is stored decoded
		if e.mimeType != "" && h.Get("Content-Type") == "" {
			h["Content-Type"] = []string{clip(e.mimeType, 200)}
		}
		if !(len(body) >= 2 && body[0] == 0x1f && body[1] == 0x8b) {
			body = p.red.Bytes(body)
		}
		x.Header, x.Body = h, body
	}
	p.emit(x)
}

// mayHoldError reports whether a 2xx response's body may be an error
// envelope, which the decoder then checks.
func mayHoldError(e *harEntry) bool {
	if strings.EqualFold(strings.TrimSpace(e.encoding), "base64") {
		return strings.Contains(strings.ToLower(e.mimeType), "json")
	}
	return strings.Contains(e.text, `"status"`)
}

func dropEncoding(h Header) Header {
	for k := range h {
		if strings.EqualFold(k, "Content-Encoding") {
			delete(h, k)
		}
	}
	return h
}

// harBody returns the response body, base64-decoded when the HAR says so;
// ok is false when that failed (the text is returned as is).
func harBody(e *harEntry) (body []byte, ok bool) {
	if !strings.EqualFold(strings.TrimSpace(e.encoding), "base64") {
		return []byte(e.text), true
	}
	t := strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, e.text)
	t = strings.TrimRight(t, "=")
	if len(t)%4 == 1 {
		t = t[:len(t)-1] // a string cut at MaxString may end inside a quantum
	}
	b, err := base64.RawStdEncoding.DecodeString(t)
	if err != nil {
		b, err = base64.RawURLEncoding.DecodeString(t)
	}
	if err != nil {
		return []byte(e.text), false
	}
	return b, true
}

// jsonErr shortens a JSON syntax error for a problem.
func jsonErr(err error) string {
	return strings.TrimPrefix(err.Error(), "json: ")
}
