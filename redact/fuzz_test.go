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
