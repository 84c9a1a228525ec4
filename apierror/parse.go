package apierror

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/httpstatus"
	"github.com/errscope/errscope/redact"
)

// MaxBody is the most body bytes kept and decoded, after decompression.
const MaxBody = 1 << 20

// maxText is the most bytes kept of a message or hint.
const maxText = 4096

// Header holds response headers; keys are matched case-insensitively.
// An http.Header converts to it directly.
type Header map[string][]string

// Get returns the first value of key, matched case-insensitively, or "".
func (h Header) Get(key string) string {
	if v := h.Values(key); len(v) > 0 {
		return v[0]
	}
	return ""
}

// Values returns every value of key, matched case-insensitively: those
// under the exact key first, then those under other spellings in sorted
// order. It returns nil if there are none.
func (h Header) Values(key string) []string {
	var out []string
	if v, ok := h[key]; ok {
		out = append(out, v...)
	}
	var others []string
	for k := range h {
		if k != key && strings.EqualFold(k, key) {
			others = append(others, k)
		}
	}
	sort.Strings(others)
	for _, k := range others {
		out = append(out, h[k]...)
	}
	return out
}

// folded is a Header whose keys are lower case, for fast lookups.
type folded map[string][]string

// fold lower-cases the keys of h; values of keys that differ only in case
// are joined in sorted key order.
func fold(h Header) folded {
	f := make(folded, len(h))
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		lk := strings.ToLower(k)
		f[lk] = append(f[lk], h[k]...)
	}
	return f
}

func (f folded) get(key string) string {
	if v := f[strings.ToLower(key)]; len(v) > 0 {
		return v[0]
	}
	return ""
}

func (f folded) values(key string) []string { return f[strings.ToLower(key)] }

// add appends a value under key.
func (h Header) add(key, value string) { h[key] = append(h[key], value) }

// Options steer decoding. The zero Options detect the API from the body
// and resolve times against the current time.
type Options struct {
	// API forces the API instead of detecting it from the body's shape.
	API catalog.API
	// Now is the time to resolve HTTP-dates and rate-limit resets against
	// when the response has no Date header; zero means time.Now.
	Now time.Time
	// Method is the request method, used when the input does not say.
	Method string

	// red is the redactor of the paste being read (see ReadPaste): it
	// knows the credentials seen anywhere in the paste. Nil for Parse.
	red *redact.Redactor
}

// decoder holds the state of one Parse.
type decoder struct {
	e   *Error
	opt Options
	now time.Time // opt.Now or time.Now

	contentType string         // media type, lower case, no parameters
	root        map[string]any // top-level JSON object, nil if none
	errObj      map[string]any // root["error"] when it is an object
	statusError bool           // body says "status":"error"
	envelope    bool           // body is a JSON error envelope

	shapeAPI    catalog.API // the API the body's shape points to
	shapeStrong bool        // the shape alone settles the API

	moreProblems int // problems past maxProblems, not listed

	pasted bool // the response came from a paste (curl --compressed leaves Content-Encoding in place)

	bodyRetry []bodyRetry // retry-after hints found in the body, in precedence order
	bodyRID   string      // request id from the body
}

// bodyRetry is a retry-after hint from the body.
type bodyRetry struct {
	source string
	d      time.Duration
}

// Parse decodes one response: its HTTP status (0 if unknown), headers (may
// be nil) and body (possibly gzip-compressed; only the first [MaxBody]
// bytes are decoded). It never returns nil and never panics: whatever could
// not be understood is described in the result's Problems.
func Parse(status int, h Header, body []byte, opt Options) *Error {
	d := newDecoder(status, opt)
	d.e.Request.Method = strings.ToUpper(strings.TrimSpace(opt.Method))
	d.parse(h, body)
	return d.e
}

func newDecoder(status int, opt Options) *decoder {
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	return &decoder{e: &Error{Status: status}, opt: opt, now: now}
}

// maxProblems is the most problems listed for one response.
const maxProblems = 30

// problemf records a problem (deduplicated); past maxProblems they are
// only counted.
func (d *decoder) problemf(format string, args ...any) {
	if len(d.e.Problems) >= maxProblems {
		d.moreProblems++
		return
	}
	p := fmt.Sprintf(format, args...)
	for _, q := range d.e.Problems {
		if q == p {
			return
		}
	}
	d.e.Problems = append(d.e.Problems, p)
}

func (d *decoder) parse(hdr Header, body []byte) {
	e := d.e
	h := fold(hdr)
	if e.Status != 0 && (e.Status < 100 || e.Status > 599) {
		d.problemf("HTTP status %d is not a valid status code", e.Status)
	}
	d.contentType = mediaType(h.get("Content-Type"))
	e.Request.ContentType = strings.TrimSpace(h.get("Content-Type"))
	if v := strings.TrimSpace(h.get("Idempotency-Replayed")); v != "" {
		e.Request.Replayed = strings.EqualFold(v, "true")
	}
	raw := d.readBody(h, body)
	if u, from := toUTF8(raw, charset(h.get("Content-Type"))); from != "" {
		d.problemf("body is %s text; converted to UTF-8", from)
		raw = u
	}
	e.Body = d.opt.red.Bytes(bytes.Clone(raw))
	d.decodeBody(raw)
	d.resolveAPI()
	d.rateLimit(h)
	d.requestID(h)
	d.finish()
}

// finish fills what follows from the decoded fields and the catalog, and
// redacts what is kept for display.
func (d *decoder) finish() {
	e := d.e
	if e.API != "" && e.Code != "" {
		if ent, ok := catalog.Lookup(e.API, e.Code); ok {
			e.Entry = &ent
		} else {
			d.problemf("code %s is not in the %s catalog", e.Code, e.API)
		}
	}
	if e.Entry != nil {
		if e.Type == "" {
			e.Type = e.Entry.Type
		}
		switch {
		case e.Status == 0:
			d.problemf("no HTTP status in the paste; the catalog says %d", e.Entry.Status)
		case e.Status != e.Entry.Status && e.Entry.Status != 0:
			d.problemf("HTTP status %d differs from the catalog's %d for %s", e.Status, e.Entry.Status, e.Code)
		}
	} else if e.Status == 0 {
		d.problemf("no HTTP status in the paste")
	}
	if e.Status >= 200 && e.Status < 300 {
		if d.statusError {
			d.problemf("HTTP status %d is a success, but the body says \"status\":\"error\"; decoded as an error", e.Status)
		} else if !d.envelope {
			d.problemf("HTTP status %d is a success, not an error", e.Status)
		}
	}
	if e.Message == "" && e.Status != 0 {
		e.Message = httpstatus.Text(e.Status)
		if e.Message == "" {
			e.Message = fmt.Sprintf("HTTP %d", e.Status)
		}
	}
	red := d.opt.red
	e.Message = clip(red.String(e.Message), maxText)
	e.Hint = clip(red.String(e.Hint), maxText)
	e.RequestID = clip(e.RequestID, 256)
	redactAny(red, e.Details)
	for i := range e.ProviderErrors {
		p := &e.ProviderErrors[i]
		p.Message = clip(red.String(p.Message), maxText)
	}
	for i, p := range e.Problems {
		e.Problems[i] = red.String(clean(p, 400))
	}
	if d.moreProblems > 0 {
		e.Problems = append(e.Problems, plural(d.moreProblems, "more problem")+" not listed")
	}
}

// resolveAPI settles API and Candidates from the forced API, the body's
// shape and the catalogs that know the code.
func (d *decoder) resolveAPI() {
	e := d.e
	if d.opt.API != "" {
		e.API = d.opt.API
		if d.shapeStrong && d.shapeAPI != d.opt.API {
			d.problemf("the body looks like a %s error, but the API was set to %s", d.shapeAPI, d.opt.API)
		}
		return
	}
	if d.shapeStrong {
		e.API = d.shapeAPI
		return
	}
	var cands []catalog.API
	if e.Code != "" {
		cands = codeAPIs(e.Code)
	}
	switch {
	case d.shapeAPI != "" && e.Code == "":
		e.Candidates = []catalog.API{d.shapeAPI}
		d.problemf("the body's shape looks like %s, but it has no error code to confirm it", d.shapeAPI)
	case d.shapeAPI != "" && (len(cands) == 0 || contains(cands, d.shapeAPI)):
		e.API = d.shapeAPI
	case d.shapeAPI != "":
		e.Candidates = orderAPIs(append(cands, d.shapeAPI))
		d.problemf("code %s is in the %s catalog, but the body's shape looks like %s; set the API to settle it",
			e.Code, joinAPIs(cands), d.shapeAPI)
	case len(cands) == 1:
		e.API = cands[0]
	case len(cands) > 1:
		e.Candidates = cands
		d.problemf("code %s exists in %s; the body's shape does not tell which API sent it", e.Code, joinAPIs(cands))
	}
}

// codeAPIs lists the APIs whose catalog holds code: exact matches if any,
// else case-insensitive ones.
func codeAPIs(code catalog.Code) []catalog.API {
	var exact, fold []catalog.API
	for _, ent := range catalog.LookupCode(code) {
		if ent.Code == code && !contains(exact, ent.API) {
			exact = append(exact, ent.API)
		}
		if !contains(fold, ent.API) {
			fold = append(fold, ent.API)
		}
	}
	if len(exact) > 0 {
		return exact
	}
	return fold
}

func contains(s []catalog.API, a catalog.API) bool {
	for _, x := range s {
		if x == a {
			return true
		}
	}
	return false
}

// orderAPIs removes duplicates and sorts in catalog order.
func orderAPIs(s []catalog.API) []catalog.API {
	var out []catalog.API
	for _, info := range catalog.APIs() {
		if contains(s, info.ID) {
			out = append(out, info.ID)
		}
	}
	for _, a := range s {
		if !contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

func joinAPIs(s []catalog.API) string {
	parts := make([]string, len(s))
	for i, a := range s {
		parts[i] = string(a)
	}
	return strings.Join(parts, ", ")
}

// requestID picks the request id: the body's, else a request-id header.
func (d *decoder) requestID(h folded) {
	e := d.e
	var hdr, hdrName string
	for _, name := range []string{"X-Request-Id", "Request-Id"} {
		if v := strings.TrimSpace(h.get(name)); v != "" {
			hdr, hdrName = v, name
			break
		}
	}
	switch {
	case d.bodyRID != "":
		e.RequestID = d.bodyRID
		if hdr != "" && hdr != d.bodyRID {
			d.problemf("the body's request_id %q differs from the %s header %q; the body's is used", d.bodyRID, hdrName, hdr)
		}
	case hdr != "":
		e.RequestID = hdr
	}
}

// mediaType returns the lower-case media type of a Content-Type value.
func mediaType(ct string) string {
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	return strings.ToLower(strings.TrimSpace(ct))
}

// clip shortens s to at most n bytes at a rune boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n - len("…")
	for i > 0 && !runeStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

func runeStart(b byte) bool { return b&0xC0 != 0x80 }

// redactAny redacts the strings inside a decoded JSON value in place; the
// whole value of a secret field.
func redactAny(red *redact.Redactor, v any) {
	mapStrings(v, 0, func(key, s string) string {
		if key != "" && redact.IsSecretField(key) && s != "" {
			red.Learn(redact.KindSecret, s)
			return redact.Mark
		}
		return red.String(s)
	})
}

// mapStrings replaces in place every string inside a decoded JSON value
// by f of it and of its key ("" in a list).
func mapStrings(v any, depth int, f func(key, s string) string) {
	if depth > maxDepth+1 {
		return
	}
	switch x := v.(type) {
	case map[string]any:
		for k, el := range x {
			if s, ok := el.(string); ok {
				x[k] = f(k, s)
				continue
			}
			mapStrings(el, depth+1, f)
		}
	case []any:
		for i, el := range x {
			if s, ok := el.(string); ok {
				x[i] = f("", s)
				continue
			}
			mapStrings(el, depth+1, f)
		}
	}
}
