//go:build !wasm

package main

import (
	"regexp"
	"strings"
	"testing"
)

// TestPagesSayWhatWasRedacted pastes a response whose request header
// carries an opaque token that the error message echoes: the decoder and
// triage pages say how many secrets of which kind they removed, and
// neither the page, its share link nor the ticket summary holds the token.
func TestPagesSayWhatWasRedacted(t *testing.T) {
	const token = "opaqueT0kenEchoed4242"
	input := "> POST /v1/generate HTTP/1.1\n> Authorization: Bearer " + token + "\n> Cookie: sid=s3ssionValue77; theme=dark\n>\n" +
		"< HTTP/1.1 401 Unauthorized\n< Content-Type: application/json\n<\n" +
		`{"status":"error","request_id":"req_red_1","error":{"code":"BSE1002","type":"authentication_error","message":"token ` + token + ` is not valid","retryable":false}}`
	const want = "3 secrets redacted: 1 Bearer token, 2 cookies."

	d := &decodePage{Input: input}
	out := regexp.MustCompile(`(?s)<textarea.*?</textarea>`).ReplaceAllString(render(t, d), "")
	if !strings.Contains(text(out), want) {
		t.Errorf("the decoder page does not say %q", want)
	}
	tr := &triagePage{Input: input}
	tout := render(t, tr)
	if !strings.Contains(text(tout), want) {
		t.Errorf("the triage page does not say %q", want)
	}
	if !strings.Contains(tr.markdown, want) {
		t.Errorf("the ticket summary does not say %q:\n%s", want, tr.markdown)
	}
	if d.shareURL == "" {
		t.Fatal("the decoder page made no share link")
	}
	for name, s := range map[string]string{
		"decoder page": out, "decoder share link": shared(t, d.shareURL),
		"triage page": tout, "triage share link": shared(t, tr.shareURL), "ticket summary": tr.markdown,
	} {
		for _, secret := range []string{token, "s3ssionValue77"} {
			if strings.Contains(s, secret) {
				t.Errorf("the %s holds %q", name, secret)
			}
		}
	}
}

// shared returns the text a share link carries, "" when there is none.
func shared(t *testing.T, link string) string {
	t.Helper()
	i := strings.Index(link, "#")
	if i < 0 {
		return ""
	}
	enc, ok := fragmentPayload(link[i+1:])
	if !ok {
		t.Fatalf("share link %q has no z=", link)
	}
	s, err := decodeShare(enc)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
