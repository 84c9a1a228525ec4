package apierror

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"html"
	"io"
	"strings"
	"unicode/utf8"
)

// readBody caps the body and undoes a content encoding the transport left
// in place.
func (d *decoder) readBody(h folded, body []byte) []byte {
	if len(body) > MaxBody {
		d.problemf("body is %s; only the first %s were decoded", size(len(body)), size(MaxBody))
		body = body[:MaxBody]
	}
	enc := strings.ToLower(strings.TrimSpace(h.get("Content-Encoding")))
	gzMagic := len(body) >= 2 && body[0] == 0x1f && body[1] == 0x8b
	switch {
	case gzMagic:
		out, err := inflate(gzip.NewReader(bytes.NewReader(body)))
		d.inflated("gzip", enc == "", len(body), out, err)
		if err != nil && len(out) == 0 {
			return body
		}
		return out
	case enc == "gzip" || enc == "x-gzip":
		if d.pasted {
			break
		}
		d.problemf("Content-Encoding is %s but the body is not gzip data; read as is", enc)
	case enc == "deflate":
		out, err := inflate(zlib.NewReader(bytes.NewReader(body)))
		if err != nil && len(out) == 0 {
			out, err = inflate(flate.NewReader(bytes.NewReader(body)), nil)
		}
		if err != nil && len(out) == 0 {
			d.problemf("Content-Encoding is deflate but the body is not deflate data; read as is")
			return body
		}
		d.inflated("deflate", false, len(body), out, err)
		return out
	case enc != "" && enc != "identity":
		d.problemf("body is %s-encoded, which cannot be decoded here", clip(enc, 20))
	}
	return body
}

var errTooBig = errors.New("too big")

// inflate reads at most MaxBody bytes from a decompressor.
func inflate[R io.Reader](r R, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	out, err := io.ReadAll(io.LimitReader(r, MaxBody+1))
	if len(out) > MaxBody {
		return out[:MaxBody], errTooBig
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return out, err
}

// inflated reports the outcome of decompressing the body.
func (d *decoder) inflated(kind string, noHeader bool, in int, out []byte, err error) {
	how := ""
	if noHeader {
		how = " (no Content-Encoding header)"
	}
	switch {
	case errors.Is(err, errTooBig):
		d.problemf("body is %s-compressed%s and inflates past %s from %d bytes (a zip bomb?); only the first %s were decoded",
			kind, how, size(MaxBody), in, size(MaxBody))
	case errors.Is(err, io.ErrUnexpectedEOF):
		d.problemf("body is %s-compressed%s but the compressed data is cut short; decompressed %d bytes", kind, how, len(out))
	case err != nil:
		d.problemf("body is %s-compressed%s but the data is corrupt; decompressed %d bytes", kind, how, len(out))
	default:
		d.problemf("body is %s-compressed%s; decompressed %d bytes", kind, how, len(out))
	}
}

// size formats a byte count for a problem sentence.
func size(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return itoa(n>>20) + " MiB"
	case n >= 1<<20:
		return strings.TrimSuffix(strings.TrimRight(ftoa1(float64(n)/(1<<20)), "0"), ".") + " MiB"
	case n >= 1<<10:
		return strings.TrimSuffix(strings.TrimRight(ftoa1(float64(n)/(1<<10)), "0"), ".") + " KiB"
	}
	return itoa(n) + " bytes"
}

// decodeBody sniffs the body and decodes it as JSON, HTML, text or binary.
func (d *decoder) decodeBody(b []byte) {
	e := d.e
	start := 0
	if bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		start = 3
	}
	for start < len(b) && isSpace(b[start]) {
		start++
	}
	if start >= len(b) {
		e.NonJSON = true
		d.problemf("body is empty")
		return
	}
	if isBinary(b[start:]) {
		e.NonJSON = true
		d.problemf("body is binary data (%d bytes), not text", len(b))
		return
	}
	c := b[start]
	jsonish := c == '{' || c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9')
	if !jsonish && (c == 't' || c == 'f' || c == 'n') {
		res := readJSON(b, start)
		jsonish = res.ok && !res.failed() && onlySpace(b[res.end:])
	}
	if jsonish {
		res := readJSON(b, start)
		if res.ok {
			d.decodeJSON(b, res)
			return
		}
	}
	e.NonJSON = true
	if c == '<' || strings.Contains(d.contentType, "html") {
		d.decodeHTML(b[start:])
		return
	}
	d.decodeText(b[start:])
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func onlySpace(b []byte) bool {
	for _, c := range b {
		if !isSpace(c) {
			return false
		}
	}
	return true
}

// isBinary reports whether the start of b looks like binary data: a NUL
// byte, or many control bytes or invalid UTF-8 sequences.
func isBinary(b []byte) bool {
	if len(b) > 1024 {
		b = b[:1024]
	}
	bad := 0
	for i := 0; i < len(b); {
		c := b[i]
		if c == 0 {
			return true
		}
		if c < utf8.RuneSelf {
			if c < 0x20 && !isSpace(c) && c != '\f' || c == 0x7f {
				bad++
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 && len(b)-i >= utf8.UTFMax {
			bad++
		}
		i += n
	}
	return bad*10 > len(b)
}

// decodeJSON interprets a JSON value read from the body.
func (d *decoder) decodeJSON(b []byte, res jsonResult) {
	e := d.e
	if p := res.problem(); p != "" {
		d.problemf("%s", p)
	}
	if res.tooDeep {
		d.problemf("JSON nests deeper than %d levels; deeper values were skipped", maxDepth)
	}
	if !res.failed() {
		rest := b[res.end:]
		if n := len(bytes.TrimRight(bytes.TrimLeft(rest, " \t\r\n"), " \t\r\n")); n > 0 {
			d.problemf("%d bytes after the JSON value at byte %d were ignored", n, res.end)
		}
	}
	switch v := res.v.(type) {
	case map[string]any:
		d.decodeObject(v)
	case nil:
		e.NonJSON = true
		d.problemf("body is JSON null, not an error envelope")
	case []any:
		e.NonJSON = true
		d.problemf("body is a JSON list, not an error envelope")
	case string:
		e.NonJSON = true
		e.Message = firstLine(v)
		d.problemf("body is a JSON string, not an error envelope")
	case bool:
		e.NonJSON = true
		d.problemf("body is a JSON boolean, not an error envelope")
	default:
		e.NonJSON = true
		d.problemf("body is a JSON number, not an error envelope")
	}
}

// decodeHTML takes the page's <title> (or first <h1>) as the message.
func (d *decoder) decodeHTML(b []byte) {
	e := d.e
	title := tagText(b, "title")
	if title == "" {
		title = tagText(b, "h1")
	}
	if title == "" {
		d.problemf("body is HTML without a title, not a JSON error envelope")
		return
	}
	e.Message = title
	d.problemf("body is HTML (title: %s), not a JSON error envelope", clip(title, 120))
}

// tagText returns the text inside the first <tag>…</tag>, entities
// decoded and whitespace collapsed.
func tagText(b []byte, tag string) string {
	if len(b) > 64<<10 {
		b = b[:64<<10]
	}
	lower := asciiLower(b)
	i := bytes.Index(lower, []byte("<"+tag))
	for i >= 0 {
		next := i + 1 + len(tag)
		if next < len(lower) && (lower[next] == '>' || isSpace(lower[next])) {
			break
		}
		j := bytes.Index(lower[next:], []byte("<"+tag))
		if j < 0 {
			return ""
		}
		i = next + j
	}
	if i < 0 {
		return ""
	}
	gt := bytes.IndexByte(lower[i:], '>')
	if gt < 0 {
		return ""
	}
	s := i + gt + 1
	end := bytes.Index(lower[s:], []byte("</"+tag))
	if end < 0 {
		end = len(lower) - s
	}
	inner := string(b[s : s+end])
	inner = stripTags(inner)
	return clip(strings.Join(strings.Fields(html.UnescapeString(inner)), " "), 300)
}

// asciiLower returns a copy of b with A–Z lowered; unlike bytes.ToLower
// it keeps every byte offset.
func asciiLower(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}

func stripTags(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	var sb strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
			sb.WriteByte(' ')
		case !in:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// decodeText takes the first non-empty line as the message.
func (d *decoder) decodeText(b []byte) {
	e := d.e
	e.Message = firstLine(string(b[:min(len(b), 4096)]))
	if strings.Contains(d.contentType, "json") {
		d.problemf("Content-Type is %s but the body is plain text, not a JSON error envelope", d.contentType)
		return
	}
	d.problemf("body is plain text, not a JSON error envelope")
}

// firstLine returns the first non-empty line of s, trimmed, valid UTF-8
// and at most 300 bytes.
func firstLine(s string) string {
	for line := range strings.Lines(s) {
		if t := strings.TrimSpace(line); t != "" {
			return clip(strings.ToValidUTF8(t, "\uFFFD"), 300)
		}
	}
	return ""
}
