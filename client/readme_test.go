package client_test

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeSnippet requires README.md's "The Go SDK in ten lines" to be
// ExampleClient_Do_apiError's code between its README markers, so that
// the README shows code that compiles and whose output is checked.
func TestReadmeSnippet(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## The Go SDK in ten lines\n")
	if !ok {
		t.Fatal(`README.md has no "## The Go SDK in ten lines" section`)
	}
	_, block, ok := strings.Cut(section, "```go\n")
	block, _, ok2 := strings.Cut(block, "```")
	if !ok || !ok2 {
		t.Fatal("the section has no ```go block")
	}

	src, err := os.ReadFile("example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	_, example, ok := strings.Cut(string(src), "func ExampleClient_Do_apiError() {")
	_, example, ok2 = strings.Cut(example, "\t// README begin\n")
	example, _, ok3 := strings.Cut(example, "\t// README end\n")
	if !ok || !ok2 || !ok3 {
		t.Fatal("example_test.go has no ExampleClient_Do_apiError with README begin/end markers")
	}
	var want strings.Builder
	for _, l := range strings.SplitAfter(example, "\n") {
		want.WriteString(strings.TrimPrefix(l, "\t")) // the function body's indentation
	}
	if block != want.String() {
		t.Errorf("README.md's SDK snippet:\n%s\nis not ExampleClient_Do_apiError's code:\n%s", block, want.String())
	}
}
