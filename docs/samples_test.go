package docs

import (
	"fmt"
	"go/format"
	"go/parser"
	"go/token"
	"regexp"
	"strings"
	"testing"

	"github.com/errscope/errscope/catalog"
)

var htmlish = regexp.MustCompile(`<span|</|&(#[0-9]+|[a-z]+);`)

func TestSample(t *testing.T) {
	langs := SampleLanguages()
	if fmt.Sprint(langs) != "[go typescript python curl]" {
		t.Fatalf("SampleLanguages() = %v", langs)
	}
	for _, e := range catalog.All() {
		for _, lang := range langs {
			h, ok := Sample(e.API, lang, e.Code)
			if !ok {
				t.Errorf("Sample(%s, %s, %s): not ok", e.API, lang, e.Code)
				continue
			}
			if !strings.HasPrefix(h, `<pre tabindex="0" class="chroma"><code>`) || !strings.Contains(h, string(e.Code)) ||
				strings.Contains(h, samplePlaceholder) || strings.Contains(h, " style=") {
				t.Errorf("Sample(%s, %s, %s) = %.80q…: want one class-styled <pre> holding the code", e.API, lang, e.Code, h)
			}
			txt, ok := SampleText(e.API, lang, e.Code)
			if !ok || !strings.Contains(txt, string(e.Code)) || strings.Contains(txt, samplePlaceholder) {
				t.Errorf("SampleText(%s, %s, %s): ok=%v, want the code in place of the placeholder", e.API, lang, e.Code, ok)
			}
			if m := htmlish.FindString(txt); m != "" {
				t.Errorf("SampleText(%s, %s, %s) holds HTML: %q", e.API, lang, e.Code, m)
			}
		}
	}
}

func TestSampleRefuses(t *testing.T) {
	tests := []struct {
		api  catalog.API
		lang string
		code catalog.Code
	}{
		{catalog.BabySea, "go", ""},
		{catalog.BabySea, "go", `BSE1005"<script>`},
		{catalog.BabySea, "go", "BSE 1005"},
		{catalog.BabySea, "go", "BSE-1005"},
		{catalog.BabySea, "go", catalog.Code(strings.Repeat("A", 65))},
		{catalog.BabySea, "rust", "BSE1005"},
		{"nosuchapi", "go", "BSE1005"},
		{catalog.BabySea, "Go", "BSE1005"},
	}
	for _, tt := range tests {
		if h, ok := Sample(tt.api, tt.lang, tt.code); ok || h != "" {
			t.Errorf("Sample(%q, %q, %q) = %.40q, %v; want refused", tt.api, tt.lang, tt.code, h, ok)
		}
		if s, ok := SampleText(tt.api, tt.lang, tt.code); ok || s != "" {
			t.Errorf("SampleText(%q, %q, %q) = %.40q, %v; want refused", tt.api, tt.lang, tt.code, s, ok)
		}
	}
	// A code outside the catalog but in the alphabet is fine.
	if _, ok := Sample(catalog.Claro, "curl", "some_new_code"); !ok {
		t.Error(`Sample(claro, curl, "some_new_code") refused a well-formed code`)
	}
}

// TestGoSamples checks that each Go sample parses and is gofmt-formatted
// with a real code in place.
func TestGoSamples(t *testing.T) {
	for _, a := range catalog.APIs() {
		src, ok := SampleText(a.ID, "go", "SOME_CODE_1")
		if !ok {
			t.Fatalf("no Go sample for %s", a.ID)
		}
		f, err := parser.ParseFile(token.NewFileSet(), string(a.ID)+".go", src, parser.ImportsOnly)
		if err != nil {
			t.Errorf("%s Go sample: %v", a.ID, err)
			continue
		}
		var imports []string
		for _, im := range f.Imports {
			imports = append(imports, im.Path.Value)
		}
		for _, want := range []string{`"github.com/errscope/errscope/apierror"`, `"github.com/errscope/errscope/client"`} {
			if !strings.Contains(strings.Join(imports, " "), want) {
				t.Errorf("%s Go sample does not import %s", a.ID, want)
			}
		}
		if out, err := format.Source([]byte(src)); err != nil || string(out) != src {
			t.Errorf("%s Go sample is not gofmt-formatted (err %v)", a.ID, err)
		}
		if !strings.Contains(src, `e.Code == "SOME_CODE_1"`) || !strings.Contains(src, "errors.As(err, &e)") {
			t.Errorf("%s Go sample does not compare e.Code after errors.As", a.ID)
		}
	}
}

// TestSampleSecrets checks that samples read keys from the environment and
// never hold one.
func TestSampleSecrets(t *testing.T) {
	key := regexp.MustCompile(`bye_[A-Za-z0-9]|sk-bab-[A-Za-z0-9]|Bearer [A-Za-z0-9]`)
	for _, a := range catalog.APIs() {
		env := strings.ToUpper(string(a.ID)) + "_API_KEY"
		for _, lang := range SampleLanguages() {
			txt, _ := SampleText(a.ID, lang, "X")
			if m := key.FindString(txt); m != "" {
				t.Errorf("%s/%s sample holds something like a key: %q", a.ID, lang, m)
			}
			if !strings.Contains(txt, env) {
				t.Errorf("%s/%s sample does not read %s", a.ID, lang, env)
			}
		}
	}
}

func ExampleSampleText() {
	txt, ok := SampleText(catalog.BabySea, "go", "BSE1005")
	fmt.Println(ok, strings.Contains(txt, `e.Code == "BSE1005"`))
	// Output: true true
}
