package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/errscope/errscope/catalog"
)

// run runs the command line in-process and returns its exit code and output.
func run(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(args, strings.NewReader(stdin), &out, &errb, Site{})
	return code, out.String(), errb.String()
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string // substring of the one-line message
	}{
		{[]string{"nope"}, `unknown command "nope"`},
		{[]string{"catalog", "--api", "stripe"}, "valid: babysea, babou, aionvision, claro"},
		{[]string{"catalog", "--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"catalog", "extra"}, `unexpected argument "extra"`},
		{[]string{"search"}, "search: give a query"},
		{[]string{"search", "--api", "x", "rate"}, "valid: babysea"},
		{[]string{"search", "--status", "3xx", "rate"}, "--status"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, stderr := run(t, "", tt.args...)
			if code != 2 {
				t.Errorf("exit code = %d, want 2", code)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.want)
			}
			if n := strings.Count(strings.TrimRight(stderr, "\n"), "\n"); n != 0 {
				t.Errorf("stderr has %d lines, want one: %q", n+1, stderr)
			}
		})
	}
}

func TestCatalogJSON(t *testing.T) {
	code, out, stderr := run(t, "", "catalog", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	all := catalog.All()
	if len(got) != len(all) {
		t.Fatalf("%d entries, want %d", len(got), len(all))
	}
	want := []string{"api", "code", "type", "status", "retryable", "title", "meaning", "causes", "solutions", "sources"}
	for i, m := range got {
		if len(m) != len(want) {
			t.Errorf("entry %d has %d fields, want exactly %v", i, len(m), want)
		}
		for _, k := range want {
			if _, ok := m[k]; !ok {
				t.Errorf("entry %d lacks %q", i, k)
			}
		}
		if m["code"] != string(all[i].Code) || int(m["status"].(float64)) != all[i].Status || m["retryable"] != all[i].Retryable {
			t.Errorf("entry %d = %v %v %v, want %s %d %v", i, m["code"], m["status"], m["retryable"], all[i].Code, all[i].Status, all[i].Retryable)
		}
	}
}

func TestCatalogAPIFilter(t *testing.T) {
	for _, name := range catalog.APINames() {
		t.Run(name, func(t *testing.T) {
			code, out, _ := run(t, "", "catalog", "--api", strings.ToUpper(name))
			if code != 0 {
				t.Fatalf("exit %d", code)
			}
			for _, e := range catalog.All() {
				line := string(e.API) + " "
				has := strings.Contains(out, "\n"+line) && strings.Contains(out, " "+string(e.Code)+" ")
				if e.API == catalog.API(name) && !has {
					t.Errorf("missing %s", e.Key())
				}
			}
			for _, other := range catalog.APINames() {
				if other != name && strings.Contains(out, "\n"+other+" ") {
					t.Errorf("output lists API %s", other)
				}
			}
		})
	}
}
