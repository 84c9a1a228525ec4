package e2e

import (
	"regexp"
	"strings"
	"testing"

	"github.com/errscope/errscope/internal/redactcorpus"
)

// everyClass names one secret of each class of the redaction corpus
// (redact/testdata/secrets.txt).
var everyClass = []string{
	"Bearer opaque token", "Bearer token of letters only", "Basic credentials in prose", "Cookie header mid-line",
	"Set-Cookie mid-line", "BabySea live key", "Babou key", "Anthropic key", "Stripe live secret key",
	"GitHub classic PAT", "Slack bot token", "Google API key", "JWT", "JWT in a URL path", "AWS access key id",
	"AWS secret access key", "AWS presigned URL signature", "GCS signed URL signature", "Azure SAS signature",
	"password in a form body", "client_secret in JSON", "apiKey in YAML", "PEM RSA private key",
	"HTTPS URL password", "Slack webhook URL", "unknown token next to 'secret'", "X-API-Key mid-line, unknown format",
	"curl -u", "key folded onto the next line",
}

// TestRedactionOfEveryClass pastes a HAR holding one secret of each class
// into the decoder and triage: neither page's DOM, share link nor copied
// ticket summary holds any piece of any of them, and both say what they
// redacted.
func TestRedactionOfEveryClass(t *testing.T) {
	t.Parallel()
	all, err := redactcorpus.Secrets("../../redact/testdata")
	if err != nil {
		t.Fatal(err)
	}
	var cases []redactcorpus.Case
	for _, name := range everyClass {
		for _, c := range all {
			if c.Name == name {
				cases = append(cases, c)
			}
		}
	}
	if len(cases) != len(everyClass) {
		t.Fatalf("found %d of the %d cases", len(cases), len(everyClass))
	}
	har := redactcorpus.HAR(cases)
	check := func(t *testing.T, where, out string) {
		t.Helper()
		for _, c := range cases {
			if f := c.Leak(out); f != "" {
				t.Errorf("%s holds %q of %s", where, f, c.Name)
			}
		}
	}
	// The textarea's value is the visitor's own paste, not page text; its
	// markup must hold nothing.
	noValue := regexp.MustCompile(`(?s)<textarea[^>]*>`)

	t.Run("decode", func(t *testing.T) {
		b := newTab(t)
		b.open("/decode")
		b.waitFor("#decode-input")
		out := b.decodeAndWait(0, har)
		check(t, "the report", out)
		var html, text, hash string
		b.eval(`document.documentElement.outerHTML`, &html)
		b.eval(`document.body.innerText`, &text)
		check(t, "the page's HTML", noValue.ReplaceAllString(html, "<textarea>"))
		check(t, "the page's text", text)
		if !strings.Contains(text, "secrets redacted:") {
			t.Errorf("the decoder does not say what it redacted:\n%s", shorten(text))
		}
		b.waitJS("a share link", `location.hash.length > 3`)
		b.eval(`location.hash`, &hash)
		shared, ok := shareText(hash)
		if !ok {
			t.Fatalf("the share link %s is not #z=…", shorten(hash))
		}
		check(t, "the share link", shared)
	})

	t.Run("triage", func(t *testing.T) {
		b := newTab(t)
		b.open("/triage")
		b.eval(`(() => { Object.defineProperty(navigator, "clipboard", {configurable: true, value: {writeText: t => { window.copied = t; return Promise.resolve(); }}}); return true })()`, new(bool))
		b.input("#triage-input", har)
		b.waitText("#triage-groups", "BSE1002")
		var html, text, hash, md string
		b.eval(`document.documentElement.outerHTML`, &html)
		b.eval(`document.body.innerText`, &text)
		check(t, "the page's HTML", noValue.ReplaceAllString(html, "<textarea>"))
		check(t, "the page's text", text)
		if !strings.Contains(text, "secrets redacted:") {
			t.Errorf("triage does not say what it redacted:\n%s", shorten(text))
		}
		b.waitJS("a share link", `location.hash.startsWith("#z=")`)
		b.eval(`location.hash`, &hash)
		shared, ok := shareText(hash)
		if !ok {
			t.Fatalf("the share link %s is not #z=…", shorten(hash))
		}
		check(t, "the share link", shared)
		b.click("#triage-copy")
		b.waitJS("the ticket summary in the clipboard", `typeof window.copied === "string"`)
		b.eval(`window.copied`, &md)
		check(t, "the copied ticket summary", md)
		if !strings.Contains(md, "secrets redacted:") {
			t.Errorf("the ticket summary does not say what was redacted")
		}
	})
}
