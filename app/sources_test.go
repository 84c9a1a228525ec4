package main

import (
	"strings"
	"testing"

	"github.com/errscope/errscope/catalog"
)

// Every source file the catalog cites has a readable label of its own that
// names the seed number, and the labels tell the files apart.
func TestSourceLabels(t *testing.T) {
	files := map[string]bool{}
	for _, a := range catalog.APIs() {
		for _, f := range a.Sources {
			files[f] = true
		}
	}
	for _, e := range catalog.All() {
		for _, f := range e.Sources {
			files[f] = true
		}
	}
	if len(files) == 0 {
		t.Fatal("the catalog cites no source")
	}
	seen := map[string]string{}
	for f := range files {
		t.Run(f, func(t *testing.T) {
			l := sourceLabel(f)
			num, _, _ := strings.Cut(f, "_")
			if l == f || strings.Contains(l, ".txt") || !strings.HasSuffix(l, "(seed "+num+")") {
				t.Errorf("sourceLabel(%q) = %q, want a readable name ending in (seed %s)", f, l, num)
			}
			if other, dup := seen[l]; dup {
				t.Errorf("%s and %s are both labelled %q", f, other, l)
			}
			seen[l] = f
		})
	}
	if got := sourceLabel("999_unknown.txt"); got != "999_unknown.txt" {
		t.Errorf("sourceLabel of an unknown file = %q, want the file name", got)
	}
}
