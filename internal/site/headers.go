//go:build !wasm

package site

import (
	"net/http"
	"regexp"
	"strings"
)

// A Header is one response header of a [Rule].
type Header struct {
	Name  string
	Value string
}

// A Rule is one [[headers]] block of netlify.toml: the headers sent for every
// request path that matches For.
type Rule struct {
	// For is a Netlify path pattern: an exact path ("/decode", which also
	// matches "/decode/"), or a prefix followed by "/*" ("/docs/*", which
	// also matches "/docs"). "/*" matches every path.
	For    string
	Values []Header
}

// policy is the Content-Security-Policy of every page without its
// frame-ancestors directive. 'wasm-unsafe-eval' lets app.wasm compile; the
// site uses classes only, so style-src needs no 'unsafe-inline'.
const policy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
	"img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'"

// CSPMeta is the site's policy as a <meta http-equiv> element for the head
// of every page. The response header stays the real policy; the meta copy
// covers what no header rule can name — the not-found page served at any
// unknown path — on any host. (A meta policy cannot carry frame-ancestors.)
const CSPMeta = `<meta http-equiv="Content-Security-Policy" content="` + policy + `">`

// CSP is the Content-Security-Policy of the site's pages: framing is refused.
const CSP = policy + "; frame-ancestors 'none'"

// EmbedCSP is the Content-Security-Policy of the /embed/* pages, which any
// site may show in an iframe.
const EmbedCSP = policy + "; frame-ancestors *"

// Rules are the response headers of the site, in netlify.toml order. They are
// the single source of truth: [Server] sends them, and a test checks that
// netlify.toml declares exactly these blocks.
//
// No header name is set by two rules whose patterns can match the same path:
// hosts differ on whether such values are merged (two CSPs would both be
// enforced, and frame-ancestors 'none' would then win on /embed/*) or
// replaced. That is why the CSP is listed per page pattern rather than on /*.
var Rules = []Rule{
	{For: "/*", Values: []Header{
		// Nothing is content-hashed (go-app's update model): revalidate
		// everything, with ETag/Last-Modified so a 304 is cheap.
		{"Cache-Control", "no-cache"},
		{"X-Content-Type-Options", "nosniff"},
		{"Referrer-Policy", "strict-origin-when-cross-origin"},
		{"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"},
	}},
	{For: "/", Values: []Header{{"Content-Security-Policy", CSP}}},
	{For: "/decode", Values: []Header{{"Content-Security-Policy", CSP}}},
	{For: "/simulate", Values: []Header{{"Content-Security-Policy", CSP}}},
	{For: "/triage", Values: []Header{{"Content-Security-Policy", CSP}}},
	{For: "/404", Values: []Header{{"Content-Security-Policy", CSP}}},
	{For: "/docs/*", Values: []Header{{"Content-Security-Policy", CSP}}},
	{For: "/errors/*", Values: []Header{{"Content-Security-Policy", CSP}}},
	{For: "/embed/*", Values: []Header{{"Content-Security-Policy", EmbedCSP}}},
	{For: "/web/app.wasm", Values: []Header{{"Content-Type", "application/wasm"}}},
}

// Match reports whether a Netlify path pattern matches a request path,
// following Netlify's own translation of patterns to regular expressions:
// a trailing slash is optional, "*" as a whole segment matches the rest of
// the path (including nothing), ":name" matches one segment.
func Match(pattern, path string) bool {
	return patternRE(pattern).MatchString(path)
}

func patternRE(rule string) *regexp.Regexp {
	var parts []string
	for _, p := range strings.Split(rule, "/") {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return regexp.MustCompile(`^/$`)
	}
	pat := "^"
	for _, part := range parts {
		switch {
		case strings.HasPrefix(part, ":"):
			pat += `/([^/]+)/?`
		case part == "*":
			if pat == "^" {
				pat += `/?(.*)/?`
			} else {
				pat = strings.TrimSuffix(pat, `/?`)
				pat += `(?:|/|/(.*)/?)`
			}
		case strings.Contains(part, "*"):
			q := strings.Split(part, "*")
			for i := range q {
				q[i] = regexp.QuoteMeta(q[i])
			}
			pat += "/" + strings.Join(q, "(.*)")
		default:
			pat += "/" + regexp.QuoteMeta(part) + `/?`
		}
	}
	return regexp.MustCompile(pat + "$")
}

// HeadersFor returns the headers of every rule in rules that matches path, in
// rule order.
func HeadersFor(rules []Rule, path string) http.Header {
	h := http.Header{}
	for _, r := range rules {
		if !Match(r.For, path) {
			continue
		}
		for _, v := range r.Values {
			h.Add(v.Name, v.Value)
		}
	}
	return h
}

// NetlifyTOML renders rules as netlify.toml [[headers]] blocks, the text
// netlify.toml must contain.
func NetlifyTOML(rules []Rule) string {
	var b strings.Builder
	for i, r := range rules {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString("[[headers]]\n")
		b.WriteString("  for = " + tomlString(r.For) + "\n")
		b.WriteString("  [headers.values]\n")
		for _, v := range r.Values {
			b.WriteString("    " + v.Name + " = " + tomlString(v.Value) + "\n")
		}
	}
	return b.String()
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}
