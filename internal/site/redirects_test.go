//go:build !wasm

package site

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestParseRedirects(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []Redirect
		wantErr string
	}{
		{"empty", "", nil, ""},
		{"comments and blanks", "# x\n\n   \n", nil, ""},
		{"default status", "/a /b", []Redirect{{From: "/a", To: "/b", Status: 301}}, ""},
		{"status", "/a /b 302", []Redirect{{From: "/a", To: "/b", Status: 302}}, ""},
		{"forced", "/a /b 301!", []Redirect{{From: "/a", To: "/b", Status: 301, Force: true}}, ""},
		{"rewrite", "/a/* /b/:splat 200 # trailing comment", []Redirect{{From: "/a/*", To: "/b/:splat", Status: 200}}, ""},
		{"one field", "/a\n", nil, "line 1"},
		{"too many fields", "/a /b 301 extra", nil, "line 1"},
		{"bad status", "\n/a /b abc", nil, "line 2"},
		{"status out of range", "/a /b 999", nil, "line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseRedirects(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseRedirects(%q) error = %v, want one mentioning %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseRedirects(%q) = %v", tt.in, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseRedirects(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestRedirectMatch(t *testing.T) {
	tests := []struct {
		from, to, path string
		want           string
		ok             bool
	}{
		{"/errors/BSE1005", "/errors/babysea/BSE1005", "/errors/BSE1005", "/errors/babysea/BSE1005", true},
		{"/errors/BSE1005", "/errors/babysea/BSE1005", "/errors/bse1005/", "/errors/babysea/BSE1005", true},
		{"/errors/BSE1005", "/x", "/errors/BSE10051", "", false},
		{"/old/*", "/new/:splat", "/old/a/b", "/new/a/b", true},
		{"/old/*", "/new/:splat", "/old", "/new/", true},
		{"/old/*", "/new/:splat", "/older", "", false},
	}
	for _, tt := range tests {
		got, ok := Redirect{From: tt.from, To: tt.to}.match(tt.path)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Redirect{%q→%q}.match(%q) = %q, %v; want %q, %v", tt.from, tt.to, tt.path, got, ok, tt.want, tt.ok)
		}
	}
}

// FuzzParseRedirects: parsing never panics, and whatever parses survives a
// Format → Parse round trip unchanged.
func FuzzParseRedirects(f *testing.F) {
	f.Add("/errors/BSE1005 /errors/babysea/BSE1005 301\n")
	f.Add("# c\n/a/* /b/:splat 200!\n\n/x https://example.com/y 302\n")
	f.Add("/a")
	f.Fuzz(func(t *testing.T, in string) {
		rules, err := ParseRedirects(strings.NewReader(in))
		if err != nil {
			return
		}
		var b bytes.Buffer
		if err := FormatRedirects(&b, rules); err != nil {
			t.Fatal(err)
		}
		again, err := ParseRedirects(&b)
		if err != nil {
			t.Fatalf("re-parsing %q: %v", b.String(), err)
		}
		if len(again) != len(rules) || (len(rules) > 0 && !reflect.DeepEqual(again, rules)) {
			t.Fatalf("round trip changed %+v into %+v", rules, again)
		}
	})
}
