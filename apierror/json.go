package apierror

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth is the deepest nesting the JSON reader descends into; deeper
// values are skipped without recursion.
const maxDepth = 128

// minPartialString is the shortest cut-off string value that is kept.
const minPartialString = 256

// partialString decodes the raw bytes of a string cut by the end of the
// input, leniently, and marks the cut.
func partialString(raw []byte) string {
	r := &jsonReader{b: append(append([]byte{'"'}, trimEscape(raw)...), '"')}
	s, ok := r.str()
	if !ok {
		s = string(raw)
	}
	return strings.ToValidUTF8(s, "\uFFFD") + "…"
}

// trimEscape drops an escape sequence cut at the end of raw.
func trimEscape(raw []byte) []byte {
	if i := bytes.LastIndexByte(raw, '\\'); i >= 0 && len(raw)-i < 6 {
		return raw[:i]
	}
	return raw
}

// A jsonResult is what the tolerant JSON reader made of its input.
type jsonResult struct {
	v         any  // the value (map[string]any, []any, string, float64, json.Number, bool, nil)
	ok        bool // a value (possibly partial) was read
	end       int  // offset just after the value
	truncated bool // the input ended inside the value
	badAt     int  // offset of a syntax error, -1 if none
	badByte   byte
	tooDeep   bool // nesting deeper than maxDepth was skipped
}

// jsonReader is a tolerant, bounded JSON reader: on a syntax error or a cut
// it stops and keeps every member completed before it. Objects map to
// map[string]any (duplicate keys: last wins), numbers to float64 (or
// json.Number when out of float64 range). It recurses at most maxDepth
// levels and runs in time linear in its input.
type jsonReader struct {
	b   []byte
	i   int
	res jsonResult
	// shared holds the short strings read so far, each boxed once (see
	// short).
	shared map[string]any
}

// Bounds of the strings a jsonReader shares: an envelope's keys and the
// words it repeats ("provider":"replicate" in each of 7 000 provider
// errors) are then one string each, not one per place.
const (
	maxShortString = 32      // the longest string shared
	maxShared      = 512     // the most strings shared
	minShared      = 4 << 10 // the shortest input whose strings are shared: a small body has few to share
)

// short reads a string at r.i of at most maxShortString ASCII bytes
// without escapes (str would return its bytes as they are); ok is false,
// and nothing read, when the string is not one of those.
func (r *jsonReader) short() (s []byte, ok bool) {
	j := r.i + 1
	for ; j < len(r.b) && r.b[j] != '"'; j++ {
		if c := r.b[j]; c == '\\' || c >= utf8.RuneSelf || j-r.i > maxShortString {
			return nil, false
		}
	}
	if j >= len(r.b) {
		return nil, false
	}
	s = r.b[r.i+1 : j]
	r.i = j + 1
	return s, true
}

// sharedValue returns s as a value, shared with every other place it occurs
// in a long input.
func (r *jsonReader) sharedValue(s []byte) any {
	if v, ok := r.shared[string(s)]; ok {
		return v
	}
	var v any = string(s)
	if len(r.b) >= minShared && len(r.shared) < maxShared {
		if r.shared == nil {
			r.shared = map[string]any{}
		}
		r.shared[v.(string)] = v
	}
	return v
}

// sharedKey returns s as a key, shared as sharedValue shares it.
func (r *jsonReader) sharedKey(s []byte) string {
	if len(r.b) < minShared {
		return string(s)
	}
	return r.sharedValue(s).(string)
}

// readJSON reads the first JSON value of b, starting at offset start.
func readJSON(b []byte, start int) jsonResult {
	r := &jsonReader{b: b, i: start}
	r.res.badAt = -1
	r.ws()
	if r.i >= len(b) {
		r.res.truncated = true
		r.res.end = r.i
		return r.res
	}
	v, ok := r.value(0)
	r.res.v, r.res.ok, r.res.end = v, ok || v != nil, r.i
	return r.res
}

// failed reports whether reading stopped early.
func (r jsonResult) failed() bool { return r.truncated || r.badAt >= 0 }

// problem describes why reading stopped early, or "" if it did not.
func (r jsonResult) problem() string {
	switch {
	case r.truncated:
		return fmt.Sprintf("JSON is truncated at byte %d; fields read before it were kept", r.end)
	case r.badAt >= 0:
		return fmt.Sprintf("JSON is malformed at byte %d (unexpected %s); fields read before it were kept", r.badAt, quoteByte(r.badByte))
	}
	return ""
}

func quoteByte(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return strconv.QuoteRune(rune(c))
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

func (r *jsonReader) ws() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

func (r *jsonReader) eof() bool {
	if r.i >= len(r.b) {
		r.res.truncated = true
		return true
	}
	return false
}

func (r *jsonReader) bad() {
	if r.i >= len(r.b) {
		r.res.truncated = true
		return
	}
	r.res.badAt, r.res.badByte = r.i, r.b[r.i]
}

// value reads one value. ok is false when reading stopped inside it; a
// partial object or array is still returned.
func (r *jsonReader) value(depth int) (any, bool) {
	r.ws()
	if r.eof() {
		return nil, false
	}
	switch c := r.b[r.i]; {
	case c == '{' || c == '[':
		if depth >= maxDepth {
			r.res.tooDeep = true
			return nil, r.skip()
		}
		if c == '{' {
			return r.object(depth)
		}
		return r.array(depth)
	case c == '"':
		if s, ok := r.short(); ok {
			return r.sharedValue(s), true
		}
		start := r.i
		s, ok := r.str()
		if !ok {
			// A long string cut by the end of the input (a message, not a
			// code) is kept, marked as cut.
			if r.res.truncated && r.i-start >= minPartialString {
				return partialString(r.b[start+1:]), false
			}
			return nil, false
		}
		return s, true
	case c == '-' || c >= '0' && c <= '9':
		return r.number()
	case c == 't':
		return r.lit("true", true)
	case c == 'f':
		return r.lit("false", false)
	case c == 'n':
		return r.lit("null", nil)
	}
	r.bad()
	return nil, false
}

func (r *jsonReader) lit(word string, v any) (any, bool) {
	for k := 0; k < len(word); k++ {
		if r.eof() {
			return nil, false
		}
		if r.b[r.i] != word[k] {
			r.bad()
			return nil, false
		}
		r.i++
	}
	return v, true
}

func (r *jsonReader) number() (any, bool) {
	start := r.i
	if r.b[r.i] == '-' {
		r.i++
	}
	digits := func() int {
		n := 0
		for r.i < len(r.b) && r.b[r.i] >= '0' && r.b[r.i] <= '9' {
			r.i++
			n++
		}
		return n
	}
	if digits() == 0 {
		r.bad()
		return nil, false
	}
	if r.i < len(r.b) && r.b[r.i] == '.' {
		r.i++
		if digits() == 0 {
			r.bad()
			return nil, false
		}
	}
	if r.i < len(r.b) && (r.b[r.i] == 'e' || r.b[r.i] == 'E') {
		r.i++
		if r.i < len(r.b) && (r.b[r.i] == '+' || r.b[r.i] == '-') {
			r.i++
		}
		if digits() == 0 {
			r.bad()
			return nil, false
		}
	}
	text := string(r.b[start:r.i])
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return json.Number(text), true
	}
	return f, true
}

// str reads a string, replacing invalid UTF-8 and bad escapes with U+FFFD.
func (r *jsonReader) str() (string, bool) {
	r.i++ // opening quote
	start := r.i
	// Fast path: no escapes, valid UTF-8.
	for r.i < len(r.b) {
		c := r.b[r.i]
		if c == '"' {
			s := r.b[start:r.i]
			r.i++
			if utf8.Valid(s) {
				return string(s), true
			}
			return validUTF8(s), true
		}
		if c == '\\' {
			break
		}
		r.i++
	}
	var sb strings.Builder
	sb.Write(r.b[start:r.i])
	for {
		if r.eof() {
			return "", false
		}
		c := r.b[r.i]
		switch {
		case c == '"':
			r.i++
			s := sb.String()
			if !utf8.ValidString(s) {
				s = validUTF8([]byte(s))
			}
			return s, true
		case c == '\\':
			r.i++
			if r.eof() {
				return "", false
			}
			e := r.b[r.i]
			r.i++
			switch e {
			case '"', '\\', '/':
				sb.WriteByte(e)
			case 'b':
				sb.WriteByte('\b')
			case 'f':
				sb.WriteByte('\f')
			case 'n':
				sb.WriteByte('\n')
			case 'r':
				sb.WriteByte('\r')
			case 't':
				sb.WriteByte('\t')
			case 'u':
				ru, ok := r.hex4()
				if !ok {
					return "", false
				}
				if utf16.IsSurrogate(ru) {
					if r.i+1 < len(r.b) && r.b[r.i] == '\\' && r.b[r.i+1] == 'u' {
						save := r.i
						r.i += 2
						lo, ok := r.hex4()
						if !ok {
							return "", false
						}
						if d := utf16.DecodeRune(ru, lo); d != utf8.RuneError {
							ru = d
						} else {
							r.i = save
							ru = utf8.RuneError
						}
					} else {
						ru = utf8.RuneError
					}
				}
				sb.WriteRune(ru)
			default:
				sb.WriteRune(utf8.RuneError)
			}
		default:
			sb.WriteByte(c)
			r.i++
		}
	}
}

// validUTF8 replaces each byte of an invalid UTF-8 sequence by U+FFFD, as
// encoding/json does.
func validUTF8(b []byte) string {
	var sb strings.Builder
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			sb.WriteString("\uFFFD")
		} else {
			sb.Write(b[:n])
		}
		b = b[n:]
	}
	return sb.String()
}

func (r *jsonReader) hex4() (rune, bool) {
	if r.i+4 > len(r.b) {
		r.i = len(r.b)
		r.res.truncated = true
		return 0, false
	}
	var v rune
	for k := 0; k < 4; k++ {
		c := r.b[r.i+k]
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			v = v<<4 | rune(c-'A'+10)
		default:
			r.i += k
			r.bad()
			return 0, false
		}
	}
	r.i += 4
	return v, true
}

func (r *jsonReader) object(depth int) (any, bool) {
	r.i++ // {
	m := map[string]any{}
	r.ws()
	if r.eof() {
		return m, false
	}
	if r.b[r.i] == '}' {
		r.i++
		return m, true
	}
	for {
		r.ws()
		if r.eof() {
			return m, false
		}
		if r.b[r.i] != '"' {
			r.bad()
			return m, false
		}
		var k string
		if s, ok := r.short(); ok {
			k = r.sharedKey(s)
		} else if k, ok = r.str(); !ok {
			return m, false
		}
		r.ws()
		if r.eof() {
			return m, false
		}
		if r.b[r.i] != ':' {
			r.bad()
			return m, false
		}
		r.i++
		v, ok := r.value(depth + 1)
		if !ok {
			if v != nil {
				m[k] = v // a partial object or array keeps what it read
			}
			return m, false
		}
		if r.cutNumber(v) {
			return m, false
		}
		m[k] = v
		r.ws()
		if r.eof() {
			return m, false
		}
		switch r.b[r.i] {
		case ',':
			r.i++
		case '}':
			r.i++
			return m, true
		default:
			r.bad()
			return m, false
		}
	}
}

func (r *jsonReader) array(depth int) (any, bool) {
	r.i++ // [
	a := []any{}
	r.ws()
	if r.eof() {
		return a, false
	}
	if r.b[r.i] == ']' {
		r.i++
		return a, true
	}
	for {
		v, ok := r.value(depth + 1)
		if !ok {
			if v != nil {
				a = append(a, v)
			}
			return a, false
		}
		if r.cutNumber(v) {
			return a, false
		}
		a = append(a, v)
		r.ws()
		if r.eof() {
			return a, false
		}
		switch r.b[r.i] {
		case ',':
			r.i++
		case ']':
			r.i++
			return a, true
		default:
			r.bad()
			return a, false
		}
	}
}

// cutNumber reports whether v is a number that ends at the end of the
// input inside a container: it may have been cut, so it is dropped.
func (r *jsonReader) cutNumber(v any) bool {
	if r.i < len(r.b) {
		return false
	}
	switch v.(type) {
	case float64, json.Number:
		r.res.truncated = true
		return true
	}
	return false
}

// skip passes over one object or array without building it or recursing.
func (r *jsonReader) skip() bool {
	depth := 0
	for r.i < len(r.b) {
		c := r.b[r.i]
		switch c {
		case '"':
			if _, ok := r.str(); !ok {
				return false
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				r.i++
				return true
			}
		}
		r.i++
	}
	r.res.truncated = true
	return false
}

// jsonDepth follows the nesting of a JSON value over several lines,
// honouring strings, without reading the value.
type jsonDepth struct {
	depth   int
	inStr   bool
	esc     bool
	started bool
}

// feed follows b, the next bytes of the text; the value starts at the
// first '{' or '['. It returns the offset just after the byte of b that
// closed the value, or -1 if none did.
func (j *jsonDepth) feed(b []byte) int {
	closed := -1
	for i, c := range b {
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
			if j.depth == 0 && closed < 0 {
				closed = i + 1
			}
		}
	}
	return closed
}

// balancedObject returns the end offset (exclusive) of the balanced {...}
// starting at b[start] == '{', honouring strings, or -1 if it never closes.
func balancedObject(b []byte, start int) int {
	var j jsonDepth
	if k := j.feed(b[start:]); k >= 0 {
		return start + k
	}
	return -1
}
