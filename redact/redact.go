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
	reHeader = regexp.MustCompile(`(?im)(^[ \t]*(?:[<>][ \t]*)?|["']|-H[ \t]+|--header[ \t=]+)((?:proxy-)?authorization|set-cookie|cookie|x-api-key|api-key|apikey|x-auth-token|x-access-token|x-goog-api-key|x-amz-security-token|x-csrf-token)([ \t]*:[ \t]*)([^\r\n"']*)`)
	// A HAR-style header object {"name":"Authorization","value":"…"}.
	reNameValue = regexp.MustCompile(`(?i)("name"[ \t\r\n]*:[ \t\r\n]*")((?:proxy-)?authorization|set-cookie|cookie|x-api-key|api-key|apikey|x-auth-token|x-access-token|x-goog-api-key|x-amz-security-token|x-csrf-token)("[ \t\r\n]*,[ \t\r\n]*"value"[ \t\r\n]*:[ \t\r\n]*")((?:[^"\\\r\n]|\\.)*)(")`)
	// A JSON string field "name": "value".
	reJSONField = regexp.MustCompile(`("([A-Za-z][A-Za-z0-9_\-]{1,40})"[ \t\r\n]*:[ \t\r\n]*")((?:[^"\\\r\n]|\\.)*)(")`)
	// "Bearer <token>" anywhere; the token must hold a digit (so prose such
	// as "Bearer authentication" is kept).
	reBearer = regexp.MustCompile(`(?i)\b(bearer)([ \t]+)([A-Za-z0-9._~+/=\-]*[0-9][A-Za-z0-9._~+/=\-]*)`)
	// Keys with a known prefix, not glued to a preceding word.
	reKey = regexp.MustCompile(`(^|[^A-Za-z0-9_\-])(sk-bab-|sk_live_|sk_test_|github_pat_|ghp_|bye_)([A-Za-z0-9][A-Za-z0-9_\-]{5,})`)
	// Other sk-… keys (OpenAI, Anthropic style), long enough not to be prose.
	reSK = regexp.MustCompile(`(^|[^A-Za-z0-9_\-])(sk-)([A-Za-z0-9][A-Za-z0-9_\-]{15,})`)
	// Secret query parameters in URLs and forms.
	reQuery = regexp.MustCompile(`(?i)([?&;](?:api[_\-]?key|x-api-key|key|token|access_token|refresh_token|id_token|auth|auth_token|client_secret|secret|password|passwd|signature|sig)=)([^&#\s"'<>\\]+)`)
	// key=value pairs in free text (log lines).
	reAssign = regexp.MustCompile(`(?i)(^|[\s"'(,{])((?:api[_\-]?key|access_token|refresh_token|auth_token|client_secret|secret|password|passwd|token)[ \t]*=[ \t]*)([^\s&"'<>,;)}]+)`)
)

// String returns s with every secret it recognises replaced by [Mark].
// Text without secrets is returned unchanged; String(String(s)) == String(s).
func String(s string) string {
	for range 8 {
		r := pass(s)
		if r == s {
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

// pass applies every rule once.
func pass(s string) string {
	if s == "" {
		return s
	}
	lower := strings.ToLower(s)
	has := func(subs ...string) bool {
		for _, x := range subs {
			if strings.Contains(lower, x) {
				return true
			}
		}
		return false
	}
	if strings.IndexByte(s, ':') >= 0 && has("auth", "cookie", "key", "token") {
		if has(`"name"`) {
			s = reNameValue.ReplaceAllStringFunc(s, func(m string) string {
				g := reNameValue.FindStringSubmatch(m)
				return g[1] + g[2] + g[3] + Header(g[2], g[4]) + g[5]
			})
		}
		s = reHeader.ReplaceAllStringFunc(s, func(m string) string {
			g := reHeader.FindStringSubmatch(m)
			v := g[4]
			trail := v[len(strings.TrimRight(v, " \t")):]
			return g[1] + g[2] + g[3] + secretHeaders[strings.ToLower(g[2])](strings.TrimRight(v, " \t")) + trail
		})
	}
	if strings.IndexByte(s, '"') >= 0 && has("key", "token", "secret", "pass", "auth", "cookie", "credential") {
		s = reJSONField.ReplaceAllStringFunc(s, func(m string) string {
			g := reJSONField.FindStringSubmatch(m)
			name := strings.NewReplacer("_", "", "-", "").Replace(strings.ToLower(g[2]))
			if !secretFields[name] || g[3] == "" {
				return m
			}
			var v string
			switch name {
			case "cookie":
				v = cookieValue(g[3], false)
			case "setcookie":
				v = cookieValue(g[3], true)
			default:
				v = authValue(g[3])
			}
			return g[1] + v + g[4]
		})
	}
	if has("bearer") {
		s = reBearer.ReplaceAllStringFunc(s, func(m string) string {
			g := reBearer.FindStringSubmatch(m)
			return g[1] + g[2] + token(g[3])
		})
	}
	if has("bye_", "sk-bab-", "sk_live_", "sk_test_", "ghp_", "github_pat_") {
		s = reKey.ReplaceAllString(s, "${1}${2}"+Mark)
	}
	if has("sk-") {
		s = reSK.ReplaceAllString(s, "${1}${2}"+Mark)
	}
	if strings.IndexByte(s, '=') >= 0 {
		s = reQuery.ReplaceAllStringFunc(s, func(m string) string {
			g := reQuery.FindStringSubmatch(m)
			return g[1] + token(g[2])
		})
	}
	if has("key", "token", "secret", "pass") {
		s = reAssign.ReplaceAllStringFunc(s, func(m string) string {
			g := reAssign.FindStringSubmatch(m)
			return g[1] + g[2] + token(g[3])
		})
	}
	return s
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
