package triage

import (
	"regexp"
	"testing"
)

// TestRegexpsCompile compiles every expression of the package: they are
// compiled on first use (internal/lazyre), so a typo would otherwise
// panic only on the input that first needs it.
func TestRegexpsCompile(t *testing.T) {
	for _, re := range []func() *regexp.Regexp{reEscape} {
		if re() == nil {
			t.Fatal("nil regexp")
		}
	}
}
