package docs

import (
	"slices"
	"strings"

	"github.com/errscope/errscope/catalog"
)

type sampleKey struct {
	api  catalog.API
	lang string
}

type sampleTemplate struct{ text, html string }

// SampleLanguages returns the languages [Sample] knows, in tab order:
// "go", "typescript", "python", "curl". The slice is a copy.
func SampleLanguages() []string { return slices.Clone(sampleLangs) }

// maxCodeLen bounds the codes Sample accepts.
const maxCodeLen = 64

// validCode reports whether code is 1–64 bytes of [A-Za-z0-9_], the
// alphabet of every catalog code.
func validCode(code catalog.Code) bool {
	if len(code) == 0 || len(code) > maxCodeLen {
		return false
	}
	for _, c := range []byte(code) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// Sample returns the highlighted code sample that shows how to handle
// code from api in lang (one of [SampleLanguages]): Go with this SDK,
// TypeScript (the official SDK for BabySea, fetch otherwise), Python with
// requests, or curl -i. The HTML is one <pre class="chroma"> element
// styled by web/chroma.css. ok is false for an unknown API or language, or
// a code outside [A-Za-z0-9_]{1,64}; the code need not be in the catalog.
func Sample(api catalog.API, lang string, code catalog.Code) (htmlText string, ok bool) {
	t, ok := sampleTemplates[sampleKey{api, lang}]
	if !ok || !validCode(code) {
		return "", false
	}
	// A valid code is plain ASCII letters, digits and underscores: it needs
	// no HTML escaping (and package html would add 100 KB to the wasm).
	return strings.ReplaceAll(t.html, samplePlaceholder, string(code)), true
}

// SampleText returns the plain text of [Sample], for a copy button.
func SampleText(api catalog.API, lang string, code catalog.Code) (text string, ok bool) {
	t, ok := sampleTemplates[sampleKey{api, lang}]
	if !ok || !validCode(code) {
		return "", false
	}
	return strings.ReplaceAll(t.text, samplePlaceholder, string(code)), true
}
