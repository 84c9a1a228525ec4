// Package redact hides secrets in text that is about to be shown, logged or
// stored. Its rules read one secret table (table.go) and cover:
//
//   - secret headers wherever they are written: at a line start (curl -i,
//     curl -v's "> " and "< "), in the middle of a log line, inside quotes
//     (curl -H '…'), as HAR {"name":…,"value":…} objects — Authorization
//     and Proxy-Authorization (the scheme is kept), Cookie and Set-Cookie
//     (names and attributes are kept), X-Api-Key, X-Amz-Security-Token,
//     Private-Token and the other API-key and token headers;
//   - secret fields and parameters in JSON (escaped or not), YAML, form
//     bodies, query strings (URL-encoded or not) and log key=value pairs:
//     password, client_secret, apiKey, access_token, X-Amz-Signature,
//     X-Goog-Credential, sig, aws_secret_access_key …; HAR cookie lists;
//   - token formats found anywhere by their prefix: the four APIs' keys
//     (bye_…, sk-bab-…), LLM-provider keys, payment, code-host,
//     package-registry, chat-bot and cloud keys (AKIA…, AIza…, ghp_…,
//     glpat-…, xoxb-…, sk_live_…, npm_…), webhook URLs, JWTs;
//   - Bearer and Basic credentials in free text, PEM private-key blocks,
//     user:password@ in URLs, curl -u;
//   - an unknown token next to key, token, secret, password, credential or
//     signature when it looks random (a keyword-plus-entropy rule), and the
//     tail of a token folded onto the next line.
//
// Each secret is replaced by [Mark], keeping just enough to recognise its
// kind: "bye_[REDACTED]", "Bearer [REDACTED]", "sid=[REDACTED]",
// "?api_key=[REDACTED]". Request ids, error codes, UUIDs, hashes and
// ordinary prose are left alone.
//
// A [Redactor] also learns the credentials it finds and removes them
// wherever else they occur in the same paste, and counts what it removed
// ([Summary]). Redaction is idempotent: redacting redacted text changes
// nothing. The package is pure (no I/O) and builds for js/wasm; String,
// Bytes, Header and Paste are safe for concurrent use.
package redact

import (
	"encoding/base64"
	"math"
	"slices"
	"strings"
)

// Mark is the text that replaces a secret.
const Mark = "[REDACTED]"

// String returns s with every secret it recognises replaced by [Mark].
// Text without secrets is returned unchanged; String(String(s)) == String(s).
// It learns nothing: see [Paste] for a whole paste.
//
//go:noinline
func String(s string) string { return (*Redactor)(nil).String(s) }

// Bytes is [String] for a byte slice. It returns b itself when nothing was
// redacted, else a new slice.
func Bytes(b []byte) []byte { return (*Redactor)(nil).Bytes(b) }

// Header returns the value of header name as it is safe to show: the
// credentials of Authorization and Proxy-Authorization (the scheme is kept),
// the values of Cookie and Set-Cookie (names and attributes are kept) and
// the whole value of API-key and token headers are replaced by [Mark]; any
// other header value goes through [String]. Name is matched
// case-insensitively.
func Header(name, value string) string { return (*Redactor)(nil).Header(name, value) }

// rules applies every rule until the text no longer changes.
func (r *Redactor) rules(s string) string {
	for range 8 {
		t := r.pass(s)
		if t == s {
			return t
		}
		s = t
	}
	return s
}

// The facts one scan of a text finds (see [scan]); a rule runs only when
// the facts it needs are there.
const (
	hasSep    = 1 << iota // ':' or '=' or '%' (%3D, %3A)
	hasAt                 // '@'
	hasField              // a word that starts every secret name and keyword
	hasBearer             // "bearer"
	hasBasic              // "basic"
	hasPEM                // "-----begin"
	hasScheme             // "://"
	hasCurlU              // "-u" or "--user"
	hasMark               // "[redacted]"
	hasPrefix             // a token format's prefix (case-sensitively)
)

var punct = [256]uint16{':': hasSep, '=': hasSep, '%': hasSep, '@': hasAt}

// triggers lists, by the (lower-case) first byte of a word, the words that
// set a fact.
var triggers = [256][]struct {
	word string
	f    uint16
}{
	'a': {{"auth", hasField}},
	'b': {{"bearer", hasBearer}, {"basic", hasBasic}},
	'c': {{"cookie", hasField}, {"credential", hasField}},
	'k': {{"key", hasField}},
	'p': {{"pass", hasField}, {"pwd", hasField}},
	's': {{"secret", hasField}, {"sig", hasField}},
	't': {{"token", hasField}},
	'-': {{"-----begin", hasPEM}, {"-u", hasCurlU}, {"--user", hasCurlU}},
	':': {{"://", hasScheme}},
	'[': {{"[redacted]", hasMark}},
}

// lower maps A–Z to a–z and every other byte to itself.
var lower = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
		if i >= 'A' && i <= 'Z' {
			t[i] = byte(i) + 'a' - 'A'
		}
	}
	return t
}()

// What two bytes may start (see pairs).
const (
	trigPair  = 1 << iota // a trigger word, in any case
	tokenPair             // a token format's prefix, as it is written
)

// pairs tells, for two bytes indexed by first<<8 | second, whether they
// may start a trigger word (ignoring ASCII case, as foldAt compares) or a
// token prefix (case-sensitively, as formatAt compares): two bytes that
// start neither are passed over with one look-up.
var pairs = func() *[1 << 16]uint8 {
	t := new([1 << 16]uint8)
	cases := func(c byte) []byte { // c and, for a letter, its upper case
		if c >= 'a' && c <= 'z' {
			return []byte{c, c - 'a' + 'A'}
		}
		return []byte{c}
	}
	for _, ws := range triggers {
		for _, w := range ws {
			for _, a := range cases(w.word[0]) {
				for _, b := range cases(w.word[1]) {
					t[uint(a)<<8|uint(b)] |= trigPair
				}
			}
		}
	}
	for _, f := range formats {
		t[uint(f.prefix[0])<<8|uint(f.prefix[1])] |= tokenPair
	}
	return t
}()

// pairAt tells what the two bytes at s[i] may start: trigPair, tokenPair,
// both or neither (0).
func pairAt(s string, i int) uint8 {
	if i+1 >= len(s) {
		return 0
	}
	return pairs[uint(s[i])<<8|uint(s[i+1])]
}

// scan reports in one pass over s which facts it holds, without copying s.
func scan(s string) uint16 {
	var f uint16
	for i := 0; i < len(s); i++ {
		c := s[i]
		f |= punct[c]
		p := pairAt(s, i)
		if p == 0 {
			continue
		}
		if p&trigPair != 0 {
			for _, w := range triggers[lower[c]] {
				if f&w.f != w.f && foldAt(s, i, w.word) {
					f |= w.f
				}
			}
		}
		if p&tokenPair != 0 && f&hasPrefix == 0 && formatAt(s, i) >= 0 {
			f |= hasPrefix
		}
	}
	return f
}

// foldAt reports whether s holds word (lower-case ASCII) at offset i,
// ignoring ASCII case.
//
//go:noinline
func foldAt(s string, i int, word string) bool {
	if len(s)-i < len(word) {
		return false
	}
	for j := 0; j < len(word); j++ {
		if lower[s[i+j]] != word[j] {
			return false
		}
	}
	return true
}

// formatAt returns the index in formats of the longest prefix at s[i], or -1.
//
//go:noinline
func formatAt(s string, i int) int {
	for _, k := range byFirst[s[i]] {
		if startsWith(s[i:], formats[k].prefix) {
			return int(k)
		}
	}
	return -1
}

// pass applies every rule once.
func (r *Redactor) pass(s string) string {
	if len(s) < 4 {
		return s
	}
	f := scan(s)
	if f&hasPEM != 0 {
		s = r.pem(s)
	}
	if f&hasSep != 0 && f&hasField != 0 {
		s = r.fields(s)
	}
	if f&hasCurlU != 0 {
		s = r.curlUser(s)
	}
	if f&hasBearer != 0 {
		s = r.schemes(s, "bearer", r.bearerToken)
	}
	if f&hasBasic != 0 {
		s = r.schemes(s, "basic", r.basicToken)
	}
	if f&hasPrefix != 0 {
		s = r.tokens(s)
	}
	if f&hasScheme != 0 && f&hasAt != 0 {
		s = r.userinfo(s)
	}
	if f&hasField != 0 {
		s = r.keywords(s)
	}
	if f&hasMark != 0 || contains(s, Mark) {
		s = fold(s)
	}
	return s
}

// An editor builds the result of a rule: the text with some ranges
// replaced, left to right.
type editor struct {
	s    string
	b    strings.Builder
	last int
}

// replace replaces s[i:j] by t; ranges must come in order.
func (e *editor) replace(i, j int, t string) {
	if t == e.s[i:j] {
		return
	}
	if e.b.Len() == 0 && e.last == 0 {
		e.b.Grow(len(e.s))
	}
	e.b.WriteString(e.s[e.last:i])
	e.b.WriteString(t)
	e.last = j
}

// The helpers below are not inlined: inlined in every rule, they cost the
// browser binary more than their calls cost in time.
//
//go:noinline
func (e *editor) result() string {
	if e.last == 0 {
		return e.s
	}
	e.b.WriteString(e.s[e.last:])
	return e.b.String()
}

// tokenEnd returns the end of the bare value starting at s[i]: up to white
// space, a quote, a separator of pairs or a bracket, or a URL-encoded '&',
// '"' or space.
//
//go:noinline
func tokenEnd(s string, i int) int {
	for ; i < len(s); i++ {
		switch s[i] {
		case ']':
			if hasSuffix(s[:i+1], Mark) {
				continue // the end of a Mark, not of the value
			}
			return i
		case ' ', '\t', '\r', '\n', '&', '"', '\'', '<', '>', ';', ',', ')', '}', '\\', '#', '`', '|':
			return i
		case '%':
			if i+2 < len(s) && s[i+1] == '2' && (s[i+2] == '6' || s[i+2] == '2' || s[i+2] == '0') {
				return i
			}
		}
	}
	return i
}

// lineEnd returns the index of the end of the line holding s[i].
//
//go:noinline
func lineEnd(s string, i int) int {
	if j := strings.IndexAny(s[i:], "\r\n"); j >= 0 {
		return i + j
	}
	return len(s)
}

// quotedEnd returns the end of a quoted string whose body starts at s[i]
// and that is closed by q ("\"", "'" or `\"`), or -1 if it is not closed on
// its line. Backslash escapes are skipped in double-quoted strings.
//
//go:noinline
func quotedEnd(s string, i int, q string) int {
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\n' || c == '\r':
			return -1
		case startsWith(s[i:], q):
			return i
		case c == '\\' && q == `"`:
			i++
		}
	}
	return -1
}

// fields redacts the values of secret headers, fields and parameters: at
// every ':', '=' (or %3A, %3D) the name before it is looked up in the
// table, and the value after it is hidden in the form its context gives.
func (r *Redactor) fields(s string) string {
	e := editor{s: s}
	for i := 0; i < len(s); i++ {
		c := s[i]
		sep := 0
		switch c {
		case ':', '=':
			sep = 1
		case '%':
			if i+2 < len(s) && s[i+1] == '3' && (s[i+2]|0x20 == 'a' || s[i+2]|0x20 == 'd') {
				sep = 3
			}
		}
		if sep == 0 || i < e.last {
			continue
		}
		eq := c == '=' || sep == 3 && s[i+2]|0x20 == 'd'
		// The name before the separator, maybe quoted or in brackets.
		ne := i
		for ne > 0 && isSpace(s[ne-1]) {
			ne--
		}
		q := ""
		if ne > 0 && (s[ne-1] == '"' || s[ne-1] == '\'') {
			k := ne - 1
			for k > 0 && s[k-1] == '\\' && s[ne-1] == '"' {
				k-- // an escaped quote, \" or \\\" (JSON in JSON in JSON)
			}
			q, ne = s[k:ne], k
		} else if ne > 0 && s[ne-1] == ']' {
			ne--
		}
		ns := ne
		for ns > 0 && ne-ns <= 64 && isKeyChar(s[ns-1]) {
			ns--
		}
		if ns == ne || ns > 0 && isKeyChar(s[ns-1]) || !isAlnum(s[ns]) {
			continue
		}
		if ns > 0 && s[ns-1] == '\\' && ne-ns > 5 && startsWith(s[ns:], "u00") {
			ns += 5 // after a JSON-escaped '&' or '?' (\u0026key=…)
		}
		name := s[ns:ne]
		if !hasTrigger(name) {
			continue
		}
		if q != "" && !hasSuffix(s[:ns], q) {
			continue // a closing quote without an opening one
		}
		// The value after the separator.
		vs := i + sep
		for vs < len(s) && isSpace(s[vs]) {
			vs++
		}
		if vs >= len(s) || s[vs] == '\n' || s[vs] == '\r' {
			continue
		}
		if q != "" && !eq {
			switch name {
			case "name", "value":
				if j := r.nameValue(&e, name, q, vs); j > 0 {
					i = j - 1
				}
				continue
			}
		}
		f, ok := lookupField(name)
		if !ok || f.eqOnly && !eq {
			continue
		}
		_, header := lookupHeader(name)
		before := byte(0) // the quote that opens a quoted header line
		if q == "" && ns > 0 && (s[ns-1] == '"' || s[ns-1] == '\'') {
			before = s[ns-1]
		}
		lineStart := q == "" && atLineStart(s, ns)
		var ve int
		switch {
		case escapedQuote(s, vs) > 0 || s[vs] == '"' || s[vs] == '\'':
			vq := s[vs : vs+1]
			if n := escapedQuote(s, vs); n > 0 {
				vq = s[vs : vs+n]
			}
			ve = quotedEnd(s, vs+len(vq), vq)
			if ve < 0 {
				continue
			}
			vs += len(vq)
		case q != "" && s[vs] == '[' && normName(name) == "cookies":
			i = r.cookieList(&e, vs) - 1
			continue
		case q != "":
			continue // a JSON number, boolean, null, object or list
		case header && before != 0 && !eq:
			ve = vs
			for ve < len(s) && s[ve] != before && s[ve] != '\n' && s[ve] != '\r' {
				ve++
			}
		case header && lineStart && !eq, !header && lineStart && !eq && !startsWith(s[vs:], "//"):
			ve = lineEnd(s, vs)
			if !header {
				if k := index(s[vs:ve], " #"); k >= 0 {
					ve = vs + k
				}
			}
			for ve > vs && isSpace(s[ve-1]) {
				ve--
			}
		case header && !eq:
			ve = inlineEnd(s[:min(len(s), vs+maxValue)], vs, f.hide)
			if !inlineSecret(f.hide, s[vs:ve]) {
				continue
			}
		case eq && f.hide == hideAuth:
			ve = inlineEnd(s, vs, f.hide)
		case eq:
			ve = tokenEnd(s, vs)
		default:
			// "name: value" in prose: only a value that looks like a key.
			ve = tokenEnd(s[:min(len(s), vs+maxValue)], vs)
			if !credentialLike(trimDot(s[vs:ve])) {
				continue
			}
		}
		if ve <= vs || f.hide == hideToken && markIn(s, vs, ve) {
			continue // cookie lists and Authorization values skip their own Marks
		}
		e.replace(vs, ve, r.hide(f, s[vs:ve]))
		i = ve - 1
	}
	return e.result()
}

// escapedQuote returns the length of the escaped quote (\", \\\" …) at
// s[i], 0 if there is none.
func escapedQuote(s string, i int) int {
	j := i
	for j < len(s) && s[j] == '\\' {
		j++
	}
	if j > i && j < len(s) && s[j] == '"' {
		return j + 1 - i
	}
	return 0
}

// lineBreak returns the length of the line break at s[i]: "\n", "\r\n",
// or one escaped in a JSON string (`\n`, `\\n`, `\r\n`); 0 if none.
func lineBreak(s string, i int) int {
	switch {
	case startsWith(s[i:], "\r\n"):
		return 2
	case startsWith(s[i:], "\n"):
		return 1
	}
	j := i
	for j < len(s) && s[j] == '\\' {
		j++
	}
	if j == i || j >= len(s) {
		return 0
	}
	if s[j] == 'r' {
		if n := lineBreak(s, j+1); n > 1 && s[j+n] == 'n' {
			return j + n + 1 - i
		}
		return 0
	}
	if s[j] == 'n' {
		return j + 1 - i
	}
	return 0
}

// maxValue bounds how far a rule looks for the end of a value it may
// leave alone, so that no text makes the rules quadratic.
const maxValue = 4096

// markIn reports whether a [Mark] starts in s[i:j] (a value cut at the
// Mark's ']' by tokenEnd is already redacted).
//
//go:noinline
func markIn(s string, i, j int) bool {
	k := index(s[i:min(len(s), j-1+len(Mark))], Mark)
	return k >= 0 && i+k < j
}

// hasTrigger reports whether name holds one of the words every secret
// name holds (see triggers), so that most names are rejected without a
// table look-up.
func hasTrigger(name string) bool {
	for i := 0; i < len(name); i++ {
		for _, w := range triggers[lower[name[i]]] {
			if w.f == hasField && foldAt(name, i, w.word) {
				return true
			}
		}
	}
	return name == "name" || name == "value"
}

// inlineSecret reports whether the value of a secret header written in the
// middle of a line holds a credential, so that prose ("the Authorization:
// header is missing") is kept: an Authorization scheme and its
// credentials, a cookie pair, or a token with a digit or that looks random.
func inlineSecret(hide uint8, v string) bool {
	switch hide {
	case hideAuth:
		if i := strings.IndexAny(v, " \t"); i > 0 {
			// inlineEnd took a scheme and a credential.
			c := strings.TrimLeft(v[i:], " \t")
			return !placeholder(c) && (len(c) >= 8 || strings.IndexAny(c, "0123456789") >= 0)
		}
		if placeholder(v) {
			return false
		}
	case hideCookie, hideSetCookie:
		return indexByte(v, '=') > 0
	}
	return strings.IndexAny(v, "0123456789") >= 0 && len(v) >= 6 || credentialLike(v)
}

// placeholder reports whether a value written in prose stands for a secret
// rather than being one: "sk-bab-…", "<token>", "$API_KEY", "YOUR_KEY".
func placeholder(v string) bool {
	if v == "" || contains(v, "…") || contains(v, "...") || indexByte("$<{%", v[0]) >= 0 {
		return true
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; !(c >= 'A' && c <= 'Z' || c == '_') {
			return false
		}
	}
	return true
}

// atLineStart reports whether only indentation, a list dash or curl -v's
// "> " or "< " stands between the line start and s[i].
func atLineStart(s string, i int) bool {
	for i > 0 {
		switch s[i-1] {
		case ' ', '\t', '<', '>', '-':
			i--
		case '\n', '\r':
			return true
		default:
			return false
		}
	}
	return true
}

// inlineEnd returns the end of a secret header's value written in the
// middle of a line: an Authorization scheme and its credentials, a list of
// cookies, or one token.
func inlineEnd(s string, i int, hide uint8) int {
	switch hide {
	case hideAuth:
		j := tokenEnd(s, i)
		if _, ok := authScheme(s[i:j]); ok && j < len(s) && isSpace(s[j]) {
			k := j
			for k < len(s) && isSpace(s[k]) {
				k++
			}
			if e := tokenEnd(s, k); e > k {
				return e
			}
		}
		return j
	case hideCookie, hideSetCookie:
		j := i
		for {
			e := j
			for e < len(s) && s[e] != ';' && s[e] != ' ' && s[e] != '\t' && s[e] != '\n' && s[e] != '\r' && s[e] != '"' && s[e] != '\'' {
				e++
			}
			if indexByte(s[j:e], '=') < 0 {
				if j == i {
					return e
				}
				return strings.LastIndexByte(s[:j], ';')
			}
			if e >= len(s) || s[e] != ';' {
				return e
			}
			j = e + 1
			for j < len(s) && isSpace(s[j]) {
				j++
			}
		}
	}
	return tokenEnd(s, i)
}

// nameValue redacts a HAR {"name":"Authorization","value":"…"} object (or
// {"value":…,"name":…}) when the name is a secret header or parameter; vs is
// where the quoted string after "name" or "value" starts. It returns the
// end of what it looked at, 0 when it did nothing.
func (r *Redactor) nameValue(e *editor, key, q string, vs int) int {
	s := e.s
	str := func(i int) (int, int, bool) { // a string at s[i], with its body
		if !startsWith(s[i:], q) {
			return 0, 0, false
		}
		j := quotedEnd(s, i+len(q), q)
		return i + len(q), j, j >= 0
	}
	member := func(i int, want string) (int, bool) { // ,"want": after s[i]
		i = skipWS(s, i)
		if i >= len(s) || s[i] != ',' {
			return 0, false
		}
		i = skipWS(s, i+1)
		if !startsWith(s[i:], q+want+q) {
			return 0, false
		}
		i = skipWS(s, i+len(q+want+q))
		if i >= len(s) || s[i] != ':' {
			return 0, false
		}
		return skipWS(s, i+1), true
	}
	a, b, ok := str(vs)
	if !ok {
		return 0
	}
	other := "value"
	if key == "value" {
		other = "name"
	}
	j, ok := member(b+len(q), other)
	if !ok {
		return 0
	}
	c, d, ok := str(j)
	if !ok {
		return 0
	}
	name, vs, ve := s[a:b], c, d
	if key == "value" {
		name, vs, ve = s[c:d], a, b
	}
	f, ok := lookupField(name)
	if !ok || vs == ve {
		return 0
	}
	e.replace(vs, ve, r.hide(f, s[vs:ve]))
	return d + len(q)
}

// cookieList redacts every "value" of a HAR cookie list starting with the
// '[' at s[i]. It returns the end of the list.
func (r *Redactor) cookieList(e *editor, i int) int {
	s := e.s
	depth := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth == 0 {
				return j + 1
			}
		case '"':
			end := quotedEnd(s, j+1, `"`)
			if end < 0 {
				return j + 1
			}
			if s[j+1:end] == "value" {
				k := skipWS(s, end+1)
				if k < len(s) && s[k] == ':' {
					k = skipWS(s, k+1)
					if k < len(s) && s[k] == '"' {
						if ve := quotedEnd(s, k+1, `"`); ve > k+1 {
							e.replace(k+1, ve, r.token(kCookie, s[k+1:ve]))
							j = ve
							continue
						}
					}
				}
			}
			j = end
		}
	}
	return len(s)
}

// hide hides a value the way its header or field says.
func (r *Redactor) hide(f secretName, v string) string {
	switch f.hide {
	case hideAuth:
		return r.authValue(v)
	case hideCookie:
		return r.cookieValue(v, false)
	case hideSetCookie:
		return r.cookieValue(v, true)
	}
	return r.token(f.kind, v)
}

// token hides a whole credential, keeping a known key prefix.
func (r *Redactor) token(k uint8, v string) string {
	t := strings.TrimSpace(v)
	if t == "" || contains(t, Mark) {
		return v
	}
	r.saw(k, t)
	if i := formatAt(t, 0); i >= 0 && formats[i].keep && len(t)-len(formats[i].prefix) >= min(int(formats[i].min), 6) {
		return formats[i].prefix + Mark
	}
	return Mark
}

// authValue hides the credentials of an Authorization value, keeping the
// scheme ("Bearer [REDACTED]").
func (r *Redactor) authValue(v string) string {
	t := strings.TrimSpace(v)
	if t == "" {
		return v
	}
	i := strings.IndexAny(t, " \t")
	if i < 0 {
		return r.token(kAuthorization, t)
	}
	scheme, rest := t[:i], strings.TrimLeft(t[i:], " \t")
	if k, ok := authScheme(scheme); ok {
		return scheme + " " + r.token(k, rest)
	}
	if contains(t, Mark) {
		return v
	}
	r.saw(kAuthorization, t)
	return Mark
}

// cookieValue hides every cookie value, keeping names (and, for
// Set-Cookie, the attributes).
func (r *Redactor) cookieValue(v string, set bool) string {
	if indexByte(v, '=') < 0 {
		return r.token(kCookie, v)
	}
	parts := strings.Split(v, ";")
	for i, p := range parts {
		eq := indexByte(p, '=')
		if eq < 0 {
			continue
		}
		name := p[:eq]
		if set && i > 0 && slices.Contains(setCookieAttrs[:], strings.ToLower(strings.TrimSpace(name))) {
			continue
		}
		val := strings.TrimSpace(p[eq+1:])
		if val == "" || contains(val, Mark) {
			continue
		}
		r.saw(kCookie, val)
		parts[i] = name + "=" + Mark
	}
	return strings.Join(parts, ";")
}

// curlUser redacts the password of curl's -u user:password and --user.
func (r *Redactor) curlUser(s string) string {
	e := editor{s: s}
	for i := 1; i < len(s); i++ {
		if s[i] != '-' || !isSpace(s[i-1]) {
			continue
		}
		j := i
		switch {
		case foldAt(s, i, "--user") && i+6 < len(s) && (isSpace(s[i+6]) || s[i+6] == '='):
			j = i + 7
		case startsWith(s[i:], "-u") && i+2 < len(s) && (isSpace(s[i+2]) || s[i+2] == '\'' || s[i+2] == '"'):
			j = i + 2
		default:
			continue
		}
		for j < len(s) && isSpace(s[j]) {
			j++
		}
		end := 0
		if j < len(s) && (s[j] == '\'' || s[j] == '"') {
			end = quotedEnd(s, j+1, s[j:j+1])
			j++
		} else {
			end = j
			for end < len(s) && s[end] > ' ' {
				end++
			}
		}
		if end <= j {
			continue
		}
		if c := indexByte(s[j:end], ':'); c >= 0 && j+c+1 < end {
			e.replace(j+c+1, end, r.token(kBasic, s[j+c+1:end]))
		}
		i = end
	}
	return e.result()
}

// schemes redacts the credential after every Authorization scheme word in
// free text, when credential (bearerToken, basicToken) says it is one.
func (r *Redactor) schemes(s, word string, credential func(string) (string, bool)) string {
	e := editor{s: s}
	for i := 0; i+len(word) < len(s); i++ {
		if lower[s[i]] != word[0] || !foldAt(s, i, word) || i > 0 && isLetter(s[i-1]) || i < e.last {
			continue
		}
		j := i + len(word)
		if j >= len(s) || !isSpace(s[j]) {
			continue
		}
		for j < len(s) && isSpace(s[j]) {
			j++
		}
		end := j
		for end < len(s) && (isKeyChar(s[end]) || indexByte("._~+/=", s[end]) >= 0) {
			end++
		}
		if end == j {
			continue
		}
		if t, ok := credential(s[j:end]); ok {
			e.replace(j, end, t)
			i = end
		}
	}
	return e.result()
}

// bearerToken: a Bearer credential holds a digit, or looks random (so
// "Bearer tokens are required" is kept).
func (r *Redactor) bearerToken(t string) (string, bool) {
	digit := strings.IndexAny(t, "0123456789") >= 0
	if placeholder(t) || !digit && len(t) < 20 && !mixedCase(t) {
		return "", false
	}
	return r.token(kBearer, t), true
}

// basicToken: a Basic credential is base64 of "user:password".
func (r *Redactor) basicToken(t string) (string, bool) {
	if len(t) < 8 {
		return "", false
	}
	b, err := base64.StdEncoding.DecodeString(t)
	if err != nil {
		b, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(t, "="))
	}
	if err != nil || indexByte(string(b), ':') < 0 {
		return "", false
	}
	for _, c := range b {
		if c < ' ' || c > '~' {
			return "", false
		}
	}
	return r.token(kBasic, t), true
}

// mixedCase reports whether a word of letters has capitals after its
// first letter and lower-case letters: "xKq9…", not "Authentication".
func mixedCase(t string) bool {
	up, lo := 0, 0
	for i := 1; i < len(t); i++ {
		switch c := t[i]; {
		case c >= 'A' && c <= 'Z':
			up++
		case c >= 'a' && c <= 'z':
			lo++
		}
	}
	return up >= 2 && lo >= 2 && len(t) >= 8
}

// tokens redacts the token formats found anywhere by their prefix.
func (r *Redactor) tokens(s string) string {
	e := editor{s: s}
	for i := 0; i < len(s); i++ {
		if pairAt(s, i)&tokenPair == 0 {
			continue
		}
		k := formatAt(s, i)
		if k < 0 || i > 0 && isKeyChar(s[i-1]) && formats[k].class != clPath {
			continue
		}
		f := &formats[k]
		b := i + len(f.prefix)
		if b >= len(s) || !isAlnum(s[b]) {
			continue
		}
		end := b
		for end < len(s) && inClass(s[end], f.class) {
			end++
		}
		n := end - b
		// Where the checks below fail, no prefix glued to this body can
		// start a token: go on after its key characters.
		skip := b
		for skip < end && isKeyChar(s[skip]) {
			skip++
		}
		if f.class == clDotKey || f.class == clPath {
			for end > b && (s[end-1] == '.' || s[end-1] == '-') && f.class == clDotKey {
				end--
				n--
			}
		}
		if f.exact != 0 && (n != int(f.exact) || end < len(s) && isAlnum(s[end])) ||
			n < int(f.min) && n+foldedTail(s, end) < int(f.min) ||
			f.kind == kJWT && !jwtBody(s[b:end]) {
			i = skip - 1
			continue
		}
		t := Mark
		if f.keep {
			t = f.prefix + Mark
		}
		r.saw(f.kind, s[i:end])
		if f.keep {
			r.learnOnly(s[b:end]) // a webhook's path, a key quoted without its prefix
		}
		e.replace(i, end, t)
		i = end - 1
	}
	return e.result()
}

// jwtBody reports whether what follows "eyJ" is the rest of a JWT: a
// header, a payload and a signature (maybe empty) separated by dots.
func jwtBody(b string) bool {
	d := indexByte(b, '.')
	return d >= 8 && strings.Count(b, ".") >= 2 && indexByte(b[d+1:], '.') >= 2
}

// foldedTail returns the length of the token continuing at the start of
// the next line when s[i] ends a line: a key folded by a terminal.
func foldedTail(s string, i int) int {
	n := lineBreak(s, i)
	if n == 0 {
		return 0
	}
	j := i + n
	k := j
	for k < len(s) && isKeyChar(s[k]) {
		k++
	}
	if k-j < 4 || k < len(s) && s[k] == ':' || !randomTail(s[j:k]) {
		return 0
	}
	return k - j
}

// randomTail reports whether a word at a line start looks like the rest
// of a key rather than a word: letters and digits, or mixed case.
func randomTail(t string) bool {
	letter, digit := false, false
	for i := 0; i < len(t); i++ {
		letter = letter || isLetter(t[i])
		digit = digit || t[i] >= '0' && t[i] <= '9'
	}
	return letter && digit || indexByte(t, '-') < 0 && mixedCase(t)
}

// fold redacts the tail of a key folded onto the next line after a [Mark]
// that ends a line ("bye_[REDACTED]" then "Xq9…" at the next line start),
// and the obsolete folded continuation lines of a secret header.
func fold(s string) string {
	e := editor{s: s}
	for i := 0; ; {
		m := index(s[i:], Mark)
		if m < 0 {
			break
		}
		end := i + m + len(Mark)
		i = end
		if n := foldedTail(s, end); n > 0 && afterPrefix(s, i-len(Mark)) {
			j := end + lineBreak(s, end)
			e.replace(j, j+n, Mark)
			i = j + n
			continue
		}
		// A header folded with leading white space ("Cookie: a=[REDACTED];\n  b=…").
		if lineBreak(s, end) == 0 {
			continue
		}
		ls := strings.LastIndexAny(s[:end], "\r\n") + 1
		line := strings.TrimLeft(s[ls:end], "<> ")
		name, _, ok := strings.Cut(line, ":")
		if !ok || !IsSecretHeader(name) {
			continue
		}
		j := end
		if startsWith(s[j:], "\r\n") {
			j += 2
		} else if startsWith(s[j:], "\n") {
			j++
		} else {
			continue
		}
		if j >= len(s) || !isSpace(s[j]) {
			continue
		}
		k := j
		for k < len(s) && isSpace(s[k]) {
			k++
		}
		le := lineEnd(s, k)
		if n, _, ok := strings.Cut(s[k:le], ":"); ok && !strings.ContainsAny(n, " =") {
			continue // a YAML key, not a folded header
		}
		if le > k && s[k:le] != Mark {
			e.replace(k, le, Mark)
			i = le
		}
	}
	return e.result()
}

// afterPrefix reports whether the Mark at s[i] follows a kept token
// prefix ("bye_[REDACTED]").
func afterPrefix(s string, i int) bool {
	for k := range formats {
		if f := &formats[k]; f.keep && hasSuffix(s[:i], f.prefix) {
			return true
		}
	}
	return false
}

// pem redacts the body of PEM private-key blocks, escaped in JSON or not;
// a block cut before its END line is redacted to the end of its string.
func (r *Redactor) pem(s string) string {
	e := editor{s: s}
	for i := 0; ; {
		b := indexFold(s, i, "-----begin ")
		if b < 0 {
			break
		}
		i = b + 1
		he := index(s[b+11:min(len(s), b+11+60)], "-----")
		if he < 0 {
			continue
		}
		label := strings.ToUpper(s[b+11 : b+11+he])
		if !contains(label, "PRIVATE KEY") {
			continue
		}
		bs := b + 11 + he + 5
		be := index(s[bs:], "-----END")
		if be < 0 { // a block cut short: to the end of its JSON string
			be = len(s) - bs
			for j := bs; j < len(s); j++ {
				if s[j] == '\\' {
					j++
				} else if s[j] == '"' {
					be = j - bs
					break
				}
			}
		}
		body := s[bs : bs+be]
		if strings.TrimSpace(body) == Mark || body == "" {
			i = bs + be
			continue
		}
		r.saw(kPrivateKey, body)
		for _, l := range strings.FieldsFunc(strings.ReplaceAll(body, `\n`, "\n"), func(c rune) bool { return c == '\n' || c == '\r' || c == '\\' }) {
			r.learnOnly(strings.TrimSpace(l))
		}
		e.replace(bs, bs+be, Mark)
		i = bs + be
	}
	return e.result()
}

// indexFold is strings.Index of word (lower case) in s[i:], ignoring ASCII
// case; it returns an index into s.
func indexFold(s string, i int, word string) int {
	for ; i+len(word) <= len(s); i++ {
		if lower[s[i]] == word[0] && foldAt(s, i, word) {
			return i
		}
	}
	return -1
}

// userinfo redacts the password of user:password@ in URLs, and a user
// name that is itself a token (https://ghp_…@github.com).
func (r *Redactor) userinfo(s string) string {
	e := editor{s: s}
	for i := 0; ; {
		m := index(s[i:], "://")
		if m < 0 {
			break
		}
		p := i + m
		i = p + 3
		if p == 0 || !isLetter(s[p-1]) {
			continue
		}
		a := p + 3
		end := a
		for end < len(s) && end-a < 512 && indexByte("/?#\\\"'<> \t\r\n`", s[end]) < 0 {
			end++
		}
		at := strings.LastIndexByte(s[a:end], '@')
		if at <= 0 {
			continue
		}
		info := s[a : a+at]
		if contains(info, Mark) {
			continue
		}
		if c := indexByte(info, ':'); c >= 0 {
			if c+1 < len(info) {
				r.saw(kURLCredentials, info[c+1:])
				e.replace(a+c+1, a+at, Mark)
			}
		} else if credentialLike(info) || formatAt(info, 0) >= 0 {
			r.saw(kURLCredentials, info)
			e.replace(a, a+at, Mark)
		}
		i = a + at
	}
	return e.result()
}

// keywords redacts an unknown token written next to a keyword (key, token,
// secret, password, credential, signature) in prose — "the secret is
// 8f3kQ9zLm2Xp7Rt1", "invalid api key Zk3n8Qw1Rt5YhJ2m" — when it looks
// random (see credentialLike). The keyword must be a word of its own or
// end a secret name (api_key, AccessToken), so "Idempotency-Key",
// "monkey" or "tokens" are no keywords.
func (r *Redactor) keywords(s string) string {
	e := editor{s: s}
	for i := 0; i < len(s); i++ {
		c := lower[s[i]]
		if c != 'k' && c != 't' && c != 's' && c != 'p' && c != 'c' || i < e.last {
			continue
		}
		var kind uint8
		ke := 0
		for _, k := range keywords {
			if k.word[0] == c && foldAt(s, i, k.word) {
				kind, ke = k.kind, i+len(k.word)
				break
			}
		}
		if ke == 0 || ke < len(s) && isKeyChar(s[ke]) {
			continue
		}
		ws := i
		for ws > 0 && i-ws <= 64 && isKeyChar(s[ws-1]) {
			ws--
		}
		if ws < i {
			if _, ok := lookupField(s[ws:ke]); !ok {
				continue
			}
		}
		// Skip separators and one connecting word ("is", "was").
		j := ke
		for n := 0; j < len(s) && n < 4 && indexByte(" \t:=\"'", s[j]) >= 0; n++ {
			j++
		}
		for _, w := range []string{"is ", "was ", "of ", "for "} {
			if foldAt(s, j, w) {
				j += len(w)
				break
			}
		}
		end := j
		for end < len(s) && end-j <= 1024 && (isKeyChar(s[end]) || indexByte("+/=.~", s[end]) >= 0) {
			end++
		}
		v := trimDot(s[j:end])
		if !credentialLike(v) {
			continue
		}
		e.replace(j, j+len(v), r.token(kind, v))
		i = j + len(v) - 1
	}
	return e.result()
}

// trimDot drops the punctuation that ends a sentence from a token.
func trimDot(v string) string { return strings.TrimRight(v, ".,") }

// credentialLike reports whether a token looks like a random credential
// rather than a word, a code, an id or a number: 16 bytes or more; digits
// beside letters, or (without digits) long with many capitals; no UUID, no
// short hex, no request id; and an entropy of at least 3 bits a byte.
func credentialLike(v string) bool {
	if len(v) < 16 || len(v) > 1024 || v[0] == '/' || contains(v, Mark) || isUUID(v) {
		return false
	}
	for _, p := range []string{"req_", "req-", "request_", "request-"} {
		if startsWith(strings.ToLower(v), p) {
			return false
		}
	}
	lo, up, di, hex, run, maxRun := 0, 0, 0, 0, 0, 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= 'a' && c <= 'z':
			lo++
			run++
			maxRun = max(maxRun, run)
		case c >= 'A' && c <= 'Z':
			up++
			run = 0
		case c >= '0' && c <= '9':
			di++
			run = 0
		default:
			run = 0
		}
		if c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' {
			hex++
		}
	}
	switch {
	case lo+up == 0:
		return false // a number, a date
	case di == 0 && (len(v) < 20 || up < 4 || maxRun > 5):
		return false // a word, an UPPER_SNAKE code, CamelCase
	case hex == len(v) && len(v) < 32:
		return false // a short hash or id
	}
	return entropy(v) >= 3
}

// isUUID reports whether v is a UUID (8-4-4-4-12 hex digits).
func isUUID(v string) bool {
	if len(v) != 36 {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
		} else if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// entropy is the Shannon entropy of v in bits a byte.
func entropy(v string) float64 {
	var n [256]int
	for i := 0; i < len(v); i++ {
		n[v[i]]++
	}
	h := 0.0
	for _, c := range n {
		if c > 0 {
			p := float64(c) / float64(len(v))
			h -= p * math.Log2(p)
		}
	}
	return h
}
