//go:build !wasm

package main

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/catalog"
)

var (
	codeSentence   = regexp.MustCompile(`<span id="sdk-sentence"[^>]*>([^<]*)</span>`)
	decodeSentence = regexp.MustCompile(`<span class="decision-text"[^>]*>([^<]*)</span>`)
)

// TestCodePageSaysWhatTheDecoderSays: for every catalog entry, the code
// page's "What the SDK does" is the decoder's sentence for the same
// example response, pasted as is (API detected, method as pasted).
func TestCodePageSaysWhatTheDecoderSays(t *testing.T) {
	entries := catalog.All()
	if len(entries) < 75 {
		t.Fatalf("%d catalog entries, want all 75", len(entries))
	}
	for _, e := range entries {
		t.Run(e.Key(), func(t *testing.T) {
			page := codeSentence.FindStringSubmatch(render(t, &codePage{Key: e.Key()}))
			if page == nil {
				t.Fatal("the code page has no #sdk-sentence")
			}
			dec := decodeSentence.FindStringSubmatch(render(t, &decodePage{Input: exampleText(apierror.Example(e))}))
			if dec == nil {
				t.Fatal("the decoder shows no decision for the example")
			}
			p, d := html.UnescapeString(page[1]), html.UnescapeString(dec[1])
			if p == "" || p != d {
				t.Errorf("code page says %q\ndecoder says   %q", p, d)
			}
		})
	}
}

// TestDecodeSaysForWhichRequests: a proxy's HTML 502 pasted without a
// request line is retryable for some methods only; the badge says which
// instead of a bare "retryable" or "not retryable" (issue 13).
func TestDecodeSaysForWhichRequests(t *testing.T) {
	out := render(t, &decodePage{Input: "HTTP/1.1 502 Bad Gateway\nContent-Type: text/html\n\n<html><head><title>502 Bad Gateway</title></head></html>\n"})
	if !strings.Contains(out, ">retryable for GET/HEAD/DELETE or keyed requests<") {
		t.Errorf("the badge does not say for which requests:\n%s", text(out))
	}
	if strings.Contains(out, ">not retryable<") {
		t.Errorf("the badge says not retryable")
	}
}

// TestDecodeTitleAndMessageOnce: a message that repeats the entry's title
// is shown once.
func TestDecodeTitleAndMessageOnce(t *testing.T) {
	e, _ := catalog.Lookup(catalog.BabySea, "BSE1005")
	out := render(t, &decodePage{Input: exampleText(apierror.Example(e))})
	if strings.Contains(out, "<dt>Message</dt>") || !strings.Contains(out, "<dt>Title</dt>") {
		t.Errorf("want the Title row and no Message row repeating it:\n%s", text(out))
	}
}
