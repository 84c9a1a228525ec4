package redact

import "strings"

// Calls of the rules to small helpers of package strings and this package
// are not inlined: every inlined copy costs the browser binary more (about
// 6 KB of app.wasm, brotli-compressed, measured) than the calls cost in
// time, and the per-byte scan that decides which rules run is left alone.

//go:noinline
func startsWith(s, prefix string) bool { return strings.HasPrefix(s, prefix) }

//go:noinline
func hasSuffix(s, suffix string) bool { return strings.HasSuffix(s, suffix) }

//go:noinline
func contains(s, sub string) bool { return strings.Contains(s, sub) }

//go:noinline
func index(s, sub string) int { return strings.Index(s, sub) }

//go:noinline
func indexByte(s string, c byte) int { return strings.IndexByte(s, c) }

//go:noinline
func isSpace(c byte) bool { return c == ' ' || c == '\t' }

//go:noinline
func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isKeyChar: a character of a key or an identifier.
//
//go:noinline
func isKeyChar(c byte) bool { return isAlnum(c) || c == '_' || c == '-' }

//go:noinline
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

//go:noinline
func skipWS(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}
