package cli

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/explain"
	"github.com/errscope/errscope/internal/redactcorpus"
	"github.com/errscope/errscope/redact"
	"github.com/errscope/errscope/triage"
)

var leakNow = time.Date(2026, 1, 1, 0, 1, 0, 0, time.UTC)

// unescapeOut undoes the escaping of JSON and Markdown outputs, so that a
// secret cannot hide behind a backslash or \u0026.
var unescapeOut = strings.NewReplacer(`\\`, `\`, `\[`, `[`, `\]`, `]`, `\|`, `|`, `\_`, `_`, `\*`, `*`, "&lt;", "<", "&gt;", ">",
	`\u0026`, "&", `\u003c`, "<", `\u003e`, ">", `\/`, "/", `\"`, `"`, `\n`, "\n")

// everyOutput renders a paste every way errscope shows it: the decoder's
// text and JSON reports, the SDK's Error() strings, triage's JSON (with
// its endpoint lists) and Markdown, the command line's decode and triage
// output in both modes, and the redacted paste the pages show and share.
func everyOutput(t *testing.T, in string) map[string]string {
	t.Helper()
	out := map[string]string{}
	reports := explain.Decode([]byte(in), explain.Options{Now: leakNow})
	var text strings.Builder
	for _, r := range reports {
		r.WriteText(&text, leakNow)
	}
	out["explain text"] = text.String()
	js, _ := json.Marshal(reports)
	out["explain json"] = string(js)
	var errs []string
	p := apierror.ReadAll([]byte(in), apierror.Options{Now: leakNow})
	for i, e := range p.Errors {
		errs = append(errs, e.Error(), string(e.Body), p.Exchanges[i].URL, e.Message, e.Hint)
		for _, p := range e.ProviderErrors {
			errs = append(errs, p.Error())
		}
	}
	out["apierror"] = strings.Join(errs, "\n")
	rep := triage.AnalyzeBytes([]byte(in), triage.Options{Now: leakNow})
	tj, _ := json.Marshal(rep)
	out["triage json"] = string(tj)
	out["triage markdown"] = rep.MarkdownWithOrigin("https://errscope.example")
	var eps []string
	for _, g := range rep.Groups {
		eps = append(eps, g.Endpoints...)
	}
	out["triage endpoints"] = strings.Join(eps, "\n")
	for _, args := range [][]string{{"decode"}, {"decode", "--json"}, {"triage"}, {"triage", "--json"}} {
		_, stdout, stderr := run(t, in, append(args, "--now", "2026-01-01T00:01:00Z")...)
		if args[0] == "triage" {
			_, stdout, stderr = run(t, in, args...)
		}
		out["cli "+strings.Join(args, " ")] = stdout + stderr
	}
	out["page paste"], _ = redact.Paste(in)
	for k, v := range out {
		out[k+" (unescaped)"] = unescapeOut.Replace(v)
	}
	return out
}

func leakCases(t *testing.T) []redactcorpus.Case {
	t.Helper()
	cases, err := redactcorpus.Secrets("../../redact/testdata")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 60 {
		t.Fatalf("%d secret formats, want at least 60", len(cases))
	}
	return cases
}

// TestNoSecretInAnyOutput places every secret format of the corpus in
// every paste shape and checks every output for every piece of it; the
// decoder and triage both say that they redacted something.
func TestNoSecretInAnyOutput(t *testing.T) {
	for _, c := range leakCases(t) {
		for _, sh := range c.Shapes() {
			t.Run(c.Name+"/"+sh.Name, func(t *testing.T) {
				outs := everyOutput(t, sh.Input)
				for _, name := range []string{"explain text", "explain json", "apierror", "triage json", "triage markdown", "cli decode", "cli triage --json"} {
					if !strings.Contains(outs[name], "BSE1002") && !strings.Contains(outs[name], "API_KEY_EXPIRED") && !strings.Contains(outs[name], "401") {
						t.Errorf("%s does not show the error, so it proves nothing:\n%s", name, outs[name])
					}
				}
				for name, out := range outs {
					if f := c.Leak(out); f != "" {
						i := strings.Index(out, f)
						t.Errorf("%s leaks %q: …%s…", name, f, out[max(0, i-80):min(len(out), i+len(f)+40)])
					}
				}
				if rs := explain.Decode([]byte(sh.Input), explain.Options{Now: leakNow}); rs[0].Redacted.Total == 0 {
					t.Errorf("the decoder counts no secret")
				}
				if rep := triage.AnalyzeBytes([]byte(sh.Input), triage.Options{Now: leakNow}); rep.Redacted.Total == 0 {
					t.Errorf("triage counts no secret")
				}
			})
		}
	}
}

// TestAllSecretsInOneHAR reads one HAR holding every secret of the corpus:
// none is in any output, and the counts by kind add up.
func TestAllSecretsInOneHAR(t *testing.T) {
	cases := leakCases(t)
	in := redactcorpus.HAR(cases)
	for name, out := range everyOutput(t, in) {
		for _, c := range cases {
			if f := c.Leak(out); f != "" {
				t.Errorf("%s leaks %s (%q)", name, c.Name, f)
			}
		}
	}
	rep := triage.AnalyzeBytes([]byte(in), triage.Options{Now: leakNow})
	sum := 0
	for _, k := range rep.Redacted.Kinds {
		sum += k.Count
	}
	if sum != rep.Redacted.Total || rep.Redacted.Total < len(cases)/2 {
		t.Errorf("triage counted %s", rep.Redacted)
	}
}

// TestPlantedSecretInGoldenPaste plants a random secret of the corpus at a
// random place of a random golden paste of the decoder or triage: no
// output holds any piece of it.
func TestPlantedSecretInGoldenPaste(t *testing.T) {
	cases := leakCases(t)
	var paths []string
	for _, pat := range []string{"../../apierror/testdata/golden/*.txt", "../../triage/testdata/*.har", "../../triage/testdata/*.log", "../../triage/testdata/*.txt", "../../triage/testdata/*.ndjson", "testdata/decode/*"} {
		p, _ := filepath.Glob(pat)
		for _, x := range p {
			if !strings.HasSuffix(x, ".golden") {
				paths = append(paths, x)
			}
		}
	}
	slices.Sort(paths)
	if len(paths) < 10 {
		t.Fatalf("%d golden pastes", len(paths))
	}
	rng := rand.New(rand.NewPCG(3, 4))
	n := 150
	if testing.Short() {
		n = 20
	}
	for range n {
		c := cases[rng.IntN(len(cases))]
		p := paths[rng.IntN(len(paths))]
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		in := redactcorpus.Plant(rng, string(b), c.Text)
		for name, out := range everyOutput(t, in) {
			if f := c.Leak(out); f != "" {
				t.Errorf("%s planted in %s: %s leaks %q", c.Name, p, name, f)
			}
		}
	}
}
