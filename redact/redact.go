// Package redact hides secrets in text that is about to be shown, logged or
// stored: API keys (BabySea bye_…, Babou sk-bab-…, other sk-… keys),
// Authorization credentials (Bearer, Basic and other schemes), cookie values,
// API-key headers, secret query parameters in URLs and secret-looking JSON
// fields.
//
// Each secret is replaced by [Mark], keeping just enough to recognise its kind:
// "bye_[REDACTED]", "Bearer [REDACTED]", "sid=[REDACTED]", "?api_key=[REDACTED]".
// Request ids, error codes and ordinary prose are left alone.
//
// Redaction is idempotent: redacting redacted text changes nothing. The
// package is pure (no I/O), safe for concurrent use and builds for js/wasm.
package redact

import (
	"regexp"
	"strings"

	"github.com/errscope/errscope/internal/lazyre"
)

// Mark is the text that replaces a secret.
const Mark = "[REDACTED]"

// keyPrefixes are the key prefixes kept in front of [Mark] so the kind of
// key stays recognisable. Longest first: "sk-bab-" before "sk-".
var keyPrefixes = []string{"sk-bab-", "sk_live_", "sk_test_", "github_pat_", "ghp_", "bye_", "sk-"}

// authSchemes are Authorization schemes whose name is kept.
var authSchemes = map[string]bool{
	"bearer": true, "basic": true, "token": true, "digest": true, "apikey": true,
	"api-key": true, "key": true, "hmac": true, "negotiate": true, "ntlm": true,
	"aws4-hmac-sha256": true, "dpop": true, "mac": true,
}

// secretHeaders maps lower-case header names to how their value is hidden.
var secretHeaders = map[string]func(string) string{
	"authorization":        authValue,
	"proxy-authorization":  authValue,
	"cookie":               func(v string) string { return cookieValue(v, false) },
	"set-cookie":           func(v string) string { return cookieValue(v, true) },
	"x-api-key":            token,
	"api-key":              token,
	"apikey":               token,
	"x-auth-token":         token,
	"x-access-token":       token,
	"x-goog-api-key":       token,
	"x-amz-security-token": token,
	"x-csrf-token":         token,
}

// secretFields are JSON field names (lower case, without '_' and '-') whose
// string values are secrets.
var secretFields = map[string]bool{
	"apikey": true, "xapikey": true, "apisecret": true, "token": true, "accesstoken": true,
	"refreshtoken": true, "idtoken": true, "authtoken": true, "sessiontoken": true,
	"bearertoken": true, "secret": true, "clientsecret": true, "secretkey": true,
	"password": true, "passwd": true, "passphrase": true, "authorization": true,
	"proxyauthorization": true, "privatekey": true, "cookie": true, "setcookie": true,
	"credentials": true,
}

var (
	// A header line: at a line start (optionally after curl's "< " or "> "),
	// after a quote (curl -H '…', a JSON string) or after "-H ".
	reHeader = lazyre.New(`(?im)(^[ \t]*(?:[<>][ \t]*)?|["']|-H[ \t]+|--header[ \t=]+)((?:proxy-)?authorization|set-cookie|cookie|x-api-key|api-key|apikey|x-auth-token|x-access-token|x-goog-api-key|x-amz-security-token|x-csrf-token)([ \t]*:[ \t]*)([^\r\n"']*)`)
	// A HAR-style header object {"name":"Authorization","value":"…"}.
	reNameValue = lazyre.New(`(?i)("name"[ \t\r\n]*:[ \t\r\n]*")((?:proxy-)?authorization|set-cookie|cookie|x-api-key|api-key|apikey|x-auth-token|x-access-token|x-goog-api-key|x-amz-security-token|x-csrf-token)("[ \t\r\n]*,[ \t\r\n]*"value"[ \t\r\n]*:[ \t\r\n]*")((?:[^"\\\r\n]|\\.)*)(")`)
	// "Bearer <token>" anywhere; the token must hold a digit (so prose such
	// as "Bearer authentication" is kept).
	reBearer = lazyre.New(`(?i)\b(bearer)([ \t]+)([A-Za-z0-9._~+/=\-]*[0-9][A-Za-z0-9._~+/=\-]*)`)
	// Secret query parameters in URLs and forms.
	reQuery = lazyre.New(`(?i)([?&;](?:api[_\-]?key|x-api-key|key|token|access_token|refresh_token|id_token|auth|auth_token|client_secret|secret|password|passwd|signature|sig)=)([^&#\s"'<>\\]+)`)
	// key=value pairs in free text (log lines).
	reAssign = lazyre.New(`(?i)(^|[\s"'(,{])((?:api[_\-]?key|access_token|refresh_token|auth_token|client_secret|secret|password|passwd|token)[ \t]*=[ \t]*)([^\s&"'<>,;)}]+)`)
)

// String returns s with every secret it recognises replaced by [Mark].
// Text without secrets is returned unchanged; String(String(s)) == String(s).
func String(s string) string {
	for range 8 {
		r, changed := pass(s)
		if !changed {
			return r
		}
		s = r
	}
	return s
}

// Bytes is [String] for a byte slice. It returns b itself when nothing was
// redacted, else a new slice.
func Bytes(b []byte) []byte {
	s := string(b)
	r := String(s)
	if r == s {
		return b
	}
	return []byte(r)
}

// Header returns the value of header name as it is safe to show: the
// credentials of Authorization and Proxy-Authorization (the scheme is kept),
// the values of Cookie and Set-Cookie (names and attributes are kept) and
// the whole value of API-key headers are replaced by [Mark]; any other
// header value goes through [String]. Name is matched case-insensitively.
func Header(name, value string) string {
	if f, ok := secretHeaders[strings.ToLower(strings.TrimSpace(name))]; ok {
		return f(value)
	}
	return String(value)
}

// Trigger words: a rule can only match text that holds one of its words
// (case-insensitively, see [foldAt]), so a rule runs only where they occur.
var (
	headerWords = []string{"authorization", "cookie", "api-key", "apikey", "-token"}
	jsonWords   = []string{"key", "token", "secret", "pass", "auth", "cookie", "credential"}
	bearerWords = []string{"bearer"}
	queryWords  = []string{"key", "token", "auth", "secret", "pass", "sig"}
	assignWords = []string{"key", "token", "secret", "pass"}
)

// The facts one scan of a text finds (see [scan]).
const (
	hasColon = 1 << iota
	hasQuote
	hasEq
	hasHeaderWord
	hasName // "name" (quoted), case-insensitively
	hasJSONWord
	hasBearer
	hasQueryWord
	hasAssignWord
	hasPrefix0 // hasPrefix0<<i: prefixRules[i].prefix occurs (case-sensitively)
)

// scan reports in one pass over s which trigger words, key prefixes and
// punctuation it holds, without copying s. A table of the first two bytes
// of every word and prefix keeps the per-byte work to a few table loads.
func scan(s string) uint32 {
	var f uint32
	for i := 0; i < len(s); i++ {
		c := s[i]
		f |= uint32(punct[c])
		if !pairAt(s, i) {
			continue
		}
		switch c {
		case '"':
			if foldAt(s, i, `"name"`) {
				f |= hasName
			}
			continue
		case '-':
			if foldAt(s, i, "-token") {
				f |= hasHeaderWord
			}
			continue
		case 's', 'g', 'b':
			for k, p := range prefixRules {
				if strings.HasPrefix(s[i:], p.prefix) {
					f |= hasPrefix0 << k
				}
			}
		}
		for _, w := range triggers[lower[c]] {
			if f&w.f != w.f && foldAt(s, i, w.word) {
				f |= w.f
			}
		}
	}
	return f
}

// punct maps the punctuation scan looks for to its fact.
var punct = [256]uint8{':': hasColon, '=': hasEq, '"': hasQuote}

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

// pairs holds the first two bytes (lowered) of every trigger word, key
// prefix and the Kelvin sign and long s, indexed by first<<8 | second.
var pairs = func() *[1 << 16]bool {
	t := new([1 << 16]bool)
	add := func(w string) { t[pairIndex(w[0], w[1])] = true }
	for _, ws := range triggers {
		for _, w := range ws {
			add(w.word)
		}
	}
	for _, p := range prefixRules {
		add(p.prefix)
	}
	add(`"name"`)
	add("-token")
	add("\u212a")
	add("\u017f")
	return t
}()

// pairIndex is the index in pairs of the two bytes a, b (lowered).
func pairIndex(a, b byte) uint { return uint(lower[a])<<8 | uint(lower[b]) }

// pairAt reports whether the two bytes at s[i] start a trigger word, key
// prefix or folding rune (see pairs).
func pairAt(s string, i int) bool { return i+1 < len(s) && pairs[pairIndex(s[i], s[i+1])] }

// A trigger is a word and the facts its presence sets.
type trigger struct {
	word string
	f    uint32
}

// triggers lists, by the (lower-case) first byte of the text, the words
// that may start there: 0xE2 starts the Kelvin sign and 0xC5 the long s
// (see [foldAt]).
var triggers = [256][]trigger{
	'a':  {{"authorization", hasHeaderWord | hasJSONWord | hasQueryWord}, {"auth", hasJSONWord | hasQueryWord}, {"api-key", hasHeaderWord}, {"apikey", hasHeaderWord}},
	'b':  {{"bearer", hasBearer}},
	'c':  {{"cookie", hasHeaderWord | hasJSONWord}, {"credential", hasJSONWord}},
	'k':  {{"key", hasJSONWord | hasQueryWord | hasAssignWord}},
	0xE2: {{"key", hasJSONWord | hasQueryWord | hasAssignWord}}, // K
	'p':  {{"pass", hasJSONWord | hasQueryWord | hasAssignWord}},
	's':  {{"secret", hasJSONWord | hasQueryWord | hasAssignWord}, {"sig", hasQueryWord}},
	0xC5: {{"secret", hasJSONWord | hasQueryWord | hasAssignWord}, {"sig", hasQueryWord}}, // ſ
	't':  {{"token", hasJSONWord | hasQueryWord | hasAssignWord}},
}

// foldAt reports whether s holds word (lower-case ASCII) at offset i, case
// insensitively as the rules' (?i) regular expressions and strings.ToLower
// see it: besides upper-case ASCII, the Kelvin sign K (U+212A) matches 'k'
// and the long s ſ (U+017F) matches 's'.
func foldAt(s string, i int, word string) bool {
	for j := 0; j < len(word); j++ {
		if i >= len(s) {
			return false
		}
		c, w := s[i], word[j]
		switch {
		case c == w || c+'a'-'A' == w && c >= 'A' && c <= 'Z':
			i++
		case w == 'k' && strings.HasPrefix(s[i:], "\u212a"):
			i += len("\u212a")
		case w == 's' && strings.HasPrefix(s[i:], "\u017f"):
			i += len("\u017f")
		default:
			return false
		}
	}
	return true
}

// anyWordAt reports whether one of words starts at s[i].
func anyWordAt(s string, i int, words []string) bool {
	for _, w := range words {
		if foldAt(s, i, w) {
			return true
		}
	}
	return false
}

// pass applies every rule once and reports whether it changed s.
func pass(s string) (string, bool) {
	if s == "" {
		return s, false
	}
	in := s
	f := scan(s)
	// rescan refreshes the facts after a rule changed s.
	rescan := func(r string) {
		if r != s {
			s = r
			f = scan(s)
		}
	}
	if f&hasColon != 0 && f&hasHeaderWord != 0 {
		if f&hasName != 0 {
			rescan(replaceAll(reNameValue(), s, func(g []string) string {
				return g[1] + g[2] + g[3] + Header(g[2], g[4]) + g[5]
			}))
		}
		if f&hasColon != 0 && f&hasHeaderWord != 0 {
			rescan(replaceLines(reHeader(), s, headerWords, func(g []string) string {
				v := g[4]
				trail := v[len(strings.TrimRight(v, " \t")):]
				return g[1] + g[2] + g[3] + secretHeaders[strings.ToLower(g[2])](strings.TrimRight(v, " \t")) + trail
			}))
		}
	}
	if f&hasQuote != 0 && f&hasJSONWord != 0 {
		rescan(jsonFields(s))
	}
	if f&hasBearer != 0 {
		rescan(replaceLines(reBearer(), s, bearerWords, func(g []string) string {
			return g[1] + g[2] + token(g[3])
		}))
	}
	for k, p := range prefixRules {
		if f&(hasPrefix0<<k) != 0 {
			rescan(prefixed(s, p.prefix, p.min))
		}
	}
	if f&hasEq != 0 && f&hasQueryWord != 0 {
		rescan(replaceLines(reQuery(), s, queryWords, func(g []string) string {
			return g[1] + token(g[2])
		}))
	}
	if f&hasEq != 0 && f&hasAssignWord != 0 {
		rescan(replaceLines(reAssign(), s, assignWords, func(g []string) string {
			return g[1] + g[2] + token(g[3])
		}))
	}
	return s, s != in
}

// replaceLines is [replaceAll] run only over the lines of s that hold one of
// words. It is only for rules whose matches never span a line break, and
// whose only look behind the match is ^ or a line break (a line is matched
// on its own, as if it were the whole text).
func replaceLines(re *regexp.Regexp, s string, words []string, f func(groups []string) string) string {
	var sb strings.Builder
	last, changed := 0, false
	for i := 0; i < len(s); i++ {
		if !pairAt(s, i) || !anyWordAt(s, i, words) {
			continue
		}
		ls := strings.LastIndexByte(s[:i], '\n') + 1
		le := len(s)
		if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
			le = i + j
		}
		if r := replaceAll(re, s[ls:le], f); r != s[ls:le] {
			if sb.Len() == 0 {
				sb.Grow(len(s) + len(Mark))
			}
			sb.WriteString(s[last:ls])
			sb.WriteString(r)
			last, changed = le, true
		}
		i = le
	}
	if !changed {
		return s
	}
	sb.WriteString(s[last:])
	return sb.String()
}

// prefixRules are the key prefixes found anywhere in text, with the least
// number of key characters after the prefix (sk-… is generic, so it needs
// more to tell a key from prose). Longest prefix first.
var prefixRules = []struct {
	prefix string
	min    int
}{
	{"sk-bab-", 6}, {"sk_live_", 6}, {"sk_test_", 6}, {"github_pat_", 6}, {"ghp_", 6}, {"bye_", 6}, {"sk-", 16},
}

func isKeyChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// prefixed replaces every key that starts with prefix, is not glued to a
// preceding word, starts with a letter or digit and has at least min key
// characters, by prefix+Mark.
func prefixed(s, prefix string, min int) string {
	var sb strings.Builder
	last := 0
	for i := 0; ; {
		j := strings.Index(s[i:], prefix)
		if j < 0 {
			break
		}
		start := i + j
		k := start + len(prefix)
		i = start + 1
		if start > 0 && isKeyChar(s[start-1]) {
			continue
		}
		if k >= len(s) || !isAlnum(s[k]) {
			continue
		}
		end := k
		for end < len(s) && isKeyChar(s[end]) {
			end++
		}
		if end-k < min {
			continue
		}
		if sb.Len() == 0 {
			sb.Grow(len(s))
		}
		sb.WriteString(s[last:start])
		sb.WriteString(prefix)
		sb.WriteString(Mark)
		last, i = end, end
	}
	if last == 0 {
		return s
	}
	sb.WriteString(s[last:])
	return sb.String()
}

// jsonFields replaces the string values of secret-looking JSON fields
// ("password": "…"), keeping an Authorization scheme or a key prefix.
func jsonFields(s string) string {
	var sb strings.Builder
	last := 0
	for i := 0; i < len(s); {
		q := strings.IndexByte(s[i:], '"')
		if q < 0 {
			break
		}
		ks := i + q + 1 // key start
		i = ks
		ke := ks
		for ke < len(s) && ke-ks <= 41 && (isKeyChar(s[ke])) {
			ke++
		}
		if ke >= len(s) || s[ke] != '"' || ke-ks < 2 || ke-ks > 41 || !isAlnum(s[ks]) || s[ks] >= '0' && s[ks] <= '9' {
			continue
		}
		name := fieldName(s[ks:ke])
		if !secretFields[name] {
			i = ke
			continue
		}
		p := skipWS(s, ke+1)
		if p >= len(s) || s[p] != ':' {
			i = ke
			continue
		}
		p = skipWS(s, p+1)
		if p >= len(s) || s[p] != '"' {
			i = ke
			continue
		}
		vs := p + 1
		ve := vs
		for ve < len(s) && s[ve] != '"' && s[ve] != '\n' && s[ve] != '\r' {
			if s[ve] == '\\' {
				ve++
			}
			ve++
		}
		if ve >= len(s) || s[ve] != '"' {
			i = ke
			continue
		}
		if ve > vs {
			var v string
			switch name {
			case "cookie":
				v = cookieValue(s[vs:ve], false)
			case "setcookie":
				v = cookieValue(s[vs:ve], true)
			default:
				v = authValue(s[vs:ve])
			}
			if sb.Len() == 0 {
				sb.Grow(len(s))
			}
			sb.WriteString(s[last:vs])
			sb.WriteString(v)
			last = ve
		}
		i = ve + 1
	}
	if last == 0 {
		return s
	}
	sb.WriteString(s[last:])
	return sb.String()
}

func skipWS(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// fieldName lower-cases a JSON field name and drops '_' and '-'.
func fieldName(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_' || c == '-':
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

// replaceAll replaces every match of re in s by f(groups), where groups[0]
// is the match and groups[i] the i-th submatch ("" if it did not take part).
// It returns s itself when nothing matched.
func replaceAll(re *regexp.Regexp, s string, f func(groups []string) string) string {
	locs := re.FindAllStringSubmatchIndex(s, -1)
	if len(locs) == 0 {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s) + len(locs)*len(Mark))
	last := 0
	groups := make([]string, re.NumSubexp()+1)
	for _, loc := range locs {
		for i := range groups {
			groups[i] = ""
			if a, b := loc[2*i], loc[2*i+1]; a >= 0 {
				groups[i] = s[a:b]
			}
		}
		sb.WriteString(s[last:loc[0]])
		sb.WriteString(f(groups))
		last = loc[1]
	}
	sb.WriteString(s[last:])
	return sb.String()
}

// token hides a whole credential, keeping a known key prefix.
func token(v string) string {
	t := strings.TrimSpace(v)
	if t == "" {
		return v
	}
	for _, p := range keyPrefixes {
		if strings.HasPrefix(t, p) {
			return p + Mark
		}
	}
	return Mark
}

// authValue hides the credentials of an Authorization value, keeping the
// scheme ("Bearer [REDACTED]").
func authValue(v string) string {
	t := strings.TrimSpace(v)
	if t == "" {
		return v
	}
	i := strings.IndexAny(t, " \t")
	if i < 0 {
		return token(t)
	}
	scheme, rest := t[:i], strings.TrimLeft(t[i:], " \t")
	if authSchemes[strings.ToLower(scheme)] {
		return scheme + " " + token(rest)
	}
	return Mark
}

// setCookieAttrs are Set-Cookie attributes whose values are not secret.
var setCookieAttrs = map[string]bool{
	"path": true, "domain": true, "expires": true, "max-age": true,
	"samesite": true, "priority": true, "partitioned": true, "secure": true, "httponly": true,
}

// cookieValue hides every cookie value, keeping names (and, for
// Set-Cookie, the attributes).
func cookieValue(v string, set bool) string {
	if strings.IndexByte(v, '=') < 0 {
		return token(v)
	}
	parts := strings.Split(v, ";")
	for i, p := range parts {
		eq := strings.IndexByte(p, '=')
		if eq < 0 {
			continue
		}
		name := p[:eq]
		if set && i > 0 && setCookieAttrs[strings.ToLower(strings.TrimSpace(name))] {
			continue
		}
		if strings.TrimSpace(p[eq+1:]) == "" {
			continue
		}
		parts[i] = name + "=" + Mark
	}
	return strings.Join(parts, ";")
}
