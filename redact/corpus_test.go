package redact_test

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/errscope/errscope/internal/redactcorpus"
	"github.com/errscope/errscope/redact"
)

func secretCases(t testing.TB) []redactcorpus.Case {
	t.Helper()
	cases, err := redactcorpus.Secrets("testdata")
	if err != nil {
		t.Fatal(err)
	}
	return cases
}

// TestSecretFormats places every secret format of the corpus in every
// paste shape: Paste removes every piece of it, counts it, and a second
// Paste changes nothing.
func TestSecretFormats(t *testing.T) {
	cases := secretCases(t)
	if len(cases) < 60 {
		t.Fatalf("the corpus has %d secret formats, want at least 60", len(cases))
	}
	for _, c := range cases {
		for _, sh := range c.Shapes() {
			t.Run(c.Name+"/"+sh.Name, func(t *testing.T) {
				out, sum := redact.Paste(sh.Input)
				if f := c.Leak(out); f != "" {
					t.Errorf("%q leaked:\n%s", f, out)
				}
				if sum.Total == 0 {
					t.Errorf("nothing counted: %s", sum)
				}
				if again, _ := redact.Paste(out); again != out {
					t.Errorf("not idempotent:\n%s\n---\n%s", out, again)
				}
			})
		}
	}
}

// TestNearMisses checks that no look-alike of the near-miss corpus is
// redacted, alone, in a log line or in a JSON message.
func TestNearMisses(t *testing.T) {
	lines, err := redactcorpus.NearMisses("testdata")
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) < 30 {
		t.Fatalf("the near-miss corpus has %d lines, want at least 30", len(lines))
	}
	for _, l := range lines {
		for _, in := range []string{l, "2026-01-01T00:00:00Z level=warn " + l + "\n", `{"error":{"message":` + quote(l) + `}}`} {
			if got, sum := redact.Paste(in); got != in || sum.Total != 0 {
				t.Errorf("Paste(%q) = %q (%s), want it unchanged", in, got, sum)
			}
		}
	}
}

func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}

// goldenPastes are the pastes of the decoder's and triage's golden tests.
func goldenPastes(t testing.TB) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, pat := range []string{"../apierror/testdata/golden/*.txt", "../triage/testdata/*.har", "../triage/testdata/*.log", "../triage/testdata/*.txt", "../triage/testdata/*.ndjson"} {
		paths, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			out[p] = string(b)
		}
	}
	if len(out) < 10 {
		t.Fatalf("found %d golden pastes", len(out))
	}
	return out
}

// TestPlantedSecrets plants a random secret of the corpus at a random place
// of a random golden paste: Paste never lets any piece of it through.
func TestPlantedSecrets(t *testing.T) {
	cases := secretCases(t)
	pastes := goldenPastes(t)
	names := make([]string, 0, len(pastes))
	for n := range pastes {
		names = append(names, n)
	}
	slicesSort(names)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		c := cases[rng.IntN(len(cases))]
		name := names[rng.IntN(len(names))]
		in := redactcorpus.Plant(rng, pastes[name], c.Text)
		if out, _ := redact.Paste(in); c.Leak(out) != "" {
			t.Errorf("%s planted in %s leaked %q:\n%s", c.Name, name, c.Leak(out), out)
		}
	}
}

// FuzzPaste checks that Paste never panics, is idempotent, changes a text
// only when it counts a secret (or the text holds a Mark already), and
// that a secret of the corpus planted in the text never survives.
func FuzzPaste(f *testing.F) {
	cases := secretCases(f)
	for _, p := range goldenPastes(f) {
		if len(p) < 8<<10 {
			f.Add(p, uint16(0), uint16(0))
		}
	}
	f.Add("Authorization: Bearer [REDACTED]\nbye_[REDACTED]\nXq9", uint16(7), uint16(3))
	f.Fuzz(func(t *testing.T, s string, at, which uint16) {
		out, sum := redact.Paste(s)
		if again, _ := redact.Paste(out); again != out {
			t.Fatalf("not idempotent:\n%q\n%q\n%q", s, out, again)
		}
		if out != s && sum.Total == 0 && !strings.Contains(s, redact.Mark) {
			t.Fatalf("changed a text without a secret:\n%q\n%q", s, out)
		}
		if len(out) > len(s) && sum.Total == 0 {
			t.Fatalf("lengthened a text without a secret:\n%q\n%q", s, out)
		}
		c := cases[int(which)%len(cases)]
		i := int(at) % (len(s) + 1)
		for i > 0 && i < len(s) && strings.IndexByte(" \t\n\"'(,:;=[{", s[i-1]) < 0 {
			i-- // plant at the start of a word, a line or a string
		}
		in := s[:i] + " " + c.Text + " " + s[i:]
		if out, _ := redact.Paste(in); c.Leak(out) != "" {
			t.Fatalf("%s planted at %d leaked %q:\n%q", c.Name, i, c.Leak(out), out)
		}
	})
}
