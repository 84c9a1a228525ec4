package cli

import (
	"encoding/json"
	"flag"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "update golden files")

const fixedNow = "2026-11-22T04:00:00Z"

// TestDecodeGolden decodes every input in testdata/decode as text and as
// JSON and compares with the .golden files (-update rewrites them).
func TestDecodeGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/decode/*")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, in := range inputs {
		if strings.HasSuffix(in, ".golden") {
			continue
		}
		n++
		for _, mode := range []string{"text", "json"} {
			t.Run(filepath.Base(in)+"/"+mode, func(t *testing.T) {
				args := []string{"decode", "--now", fixedNow, in}
				if mode == "json" {
					args = append(args, "--json")
				}
				code, out, stderr := run(t, "", args...)
				if code != 0 {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				if mode == "json" && !json.Valid([]byte(out)) {
					t.Fatalf("invalid JSON: %s", out)
				}
				checkGolden(t, in+"."+mode+".golden", out)
			})
		}
	}
	if n == 0 {
		t.Fatal("no inputs in testdata/decode")
	}
}

// TestDecodeNoSecrets checks that no key, token or cookie of the input
// reaches the output, in either format.
func TestDecodeNoSecrets(t *testing.T) {
	secrets := []string{"bye_live_abcdefghijklmnop", "bye_live_0123456789abcdef", "sk-bab-abcdef1234567890", "s3cr3tcookie"}
	paste := "HTTP/1.1 401 Unauthorized\nSet-Cookie: session=s3cr3tcookie; Path=/\nContent-Type: application/json\n\n" +
		`{"error":"Invalid API key sk-bab-abcdef1234567890 (Bearer bye_live_abcdefghijklmnop)","code":"UNAUTHORIZED","hint":"key bye_live_0123456789abcdef"}`
	for _, mode := range []string{"", "--json"} {
		args := []string{"decode", "--now", fixedNow, "-"}
		if mode != "" {
			args = append(args, mode)
		}
		code, out, stderr := run(t, paste, args...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		for _, s := range secrets {
			if strings.Contains(out+stderr, s) {
				t.Errorf("decode %s leaks %q:\n%s", mode, s, out)
			}
		}
	}
}

func TestDecodeSeveralResponsesIsAnArray(t *testing.T) {
	code, out, _ := run(t, "", "decode", "--json", "testdata/decode/two-responses.log")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var reports []map[string]any
	if err := json.Unmarshal([]byte(out), &reports); err != nil {
		t.Fatalf("want a JSON array: %v", err)
	}
	if len(reports) != 2 {
		t.Fatalf("%d reports, want 2", len(reports))
	}
}

func TestDecodeUsage(t *testing.T) {
	tests := []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"empty stdin", "  \n", []string{"decode"}, "is empty"},
		{"two files", "", []string{"decode", "a", "b"}, "give one FILE"},
		{"bad api", "{}", []string{"decode", "--api", "acme"}, "valid: babysea, babou, aionvision, claro"},
		{"bad now", "{}", []string{"decode", "--now", "yesterday"}, "RFC 3339"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, tt.stdin, tt.args...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
		})
	}
}

func TestDecodeMissingFile(t *testing.T) {
	code, _, stderr := run(t, "", "decode", "testdata/no-such-file")
	if code != 1 || !strings.Contains(stderr, "no-such-file") {
		t.Errorf("exit %d, stderr %q; want 1 naming the file", code, stderr)
	}
}
