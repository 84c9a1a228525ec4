package redact

import (
	"fmt"
	"strings"
	"testing"
)

// secretTemplates place a secret where String must find it.
var secretTemplates = []string{
	"Authorization: Bearer %s",
	"> authorization: Basic %s",
	"X-API-Key: %s",
	"Cookie: session=%s; theme=dark",
	"Set-Cookie: id=%s; Path=/",
	"invalid key bye_%s",
	"key sk-bab-%s rejected",
	"GET https://api.test/v1?a=1&api_key=%s&b=2",
	`{"password":"%s"}`,
	`{"name":"Authorization","value":"Bearer %s"}`,
	"token=%s",
}

// FuzzString checks that String never panics, is idempotent, and that a
// secret placed in a known position never survives, whatever text surrounds it.
func FuzzString(f *testing.F) {
	f.Add("Authorization: Bearer bye_abc123", "Zk3n8Qw1Rt5Y")
	f.Add(`{"error":{"code":"BSE1002","message":"Invalid API key"},"request_id":"req_1"}`, "abcdefgh")
	f.Add("Cookie: a=b; c=d\nSet-Cookie: x=y; Path=/", "0123456789")
	f.Add("https://x.test/?key=1&token=2#f", "K3yK3yK3y")
	f.Add("password=[REDACTED]]] bye_[REDACTED] Bearer [REDACTED]", "zzzzzzzz9")
	f.Fuzz(func(t *testing.T, s, key string) {
		out := String(s)
		if again := String(out); again != out {
			t.Fatalf("not idempotent:\n%q\n%q\n%q", s, out, again)
		}
		key = strings.Map(func(r rune) rune {
			if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
				return r
			}
			return -1
		}, key)
		if len(key) < 8 || strings.Contains(s, key) || strings.Contains(strings.ToLower(Mark), strings.ToLower(key)) {
			return
		}
		for _, tpl := range secretTemplates {
			in := s + "\n" + fmt.Sprintf(tpl, key) + "\n" + s
			if out := String(in); strings.Contains(out, key) {
				t.Fatalf("secret %q leaked from template %q:\n%q", key, tpl, out)
			}
		}
	})
}

// scanSlow is scan as it was before pairs told trigger words from token
// prefixes: every pair of bytes that may start either, ignoring case,
// runs both checks. scan must find the same facts.
func scanSlow(s string) uint16 {
	var any [1 << 16]bool
	low := func(a, b byte) uint { return uint(lower[a])<<8 | uint(lower[b]) }
	for _, ws := range triggers {
		for _, w := range ws {
			any[low(w.word[0], w.word[1])] = true
		}
	}
	for _, f := range formats {
		any[low(f.prefix[0], f.prefix[1])] = true
	}
	var f uint16
	for i := 0; i < len(s); i++ {
		c := s[i]
		f |= punct[c]
		if i+1 >= len(s) || !any[low(c, s[i+1])] {
			continue
		}
		for _, w := range triggers[lower[c]] {
			if f&w.f != w.f && foldAt(s, i, w.word) {
				f |= w.f
			}
		}
		if f&hasPrefix == 0 && formatAt(s, i) >= 0 {
			f |= hasPrefix
		}
	}
	return f
}

// FuzzScan checks scan against scanSlow.
func FuzzScan(f *testing.F) {
	for _, s := range []string{"Authorization: BEARER x", "aUtH=1 -U --USER ://@ [REDACTED] -----BEGIN",
		"bye_ SK-BAB- sk-bab- Sk eyJ EYJ ghp_ GHP_ xoxb- AKIA akia", `{"provider":"replicate","message":"upstream did not answer in time (attempt 1)"}`} {
		f.Add(s)
	}
	for _, tpl := range secretTemplates {
		f.Add(fmt.Sprintf(tpl, "Zk3n8Qw1Rt5Y"))
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := scan(s), scanSlow(s); got != want {
			t.Fatalf("scan(%q) = %#x, scanSlow = %#x", s, got, want)
		}
	})
}
