package main

import (
	"html"
	"regexp"
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
