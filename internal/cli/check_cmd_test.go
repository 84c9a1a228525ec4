package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/check"
	"github.com/errscope/errscope/triage"
)

// clientBins builds the Go clients graded by the tests once per test run.
var clientBins = struct {
	once sync.Once
	dir  string
	err  error
}{}

// clientBin returns the path of a built client: "goclient" is
// examples/goclient, the others are in testdata/clients.
func clientBin(t *testing.T, name string) string {
	t.Helper()
	if cmd, ok := scriptClients[name]; ok {
		if _, err := exec.LookPath(cmd[0]); err != nil {
			t.Fatalf("%s needs %s: %v", name, cmd[0], err)
		}
		p, err := filepath.Abs(cmd[1])
		if err != nil {
			t.Fatal(err)
		}
		return cmd[0] + " " + p
	}
	if strings.HasSuffix(name, ".sh") {
		if _, err := exec.LookPath("curl"); err != nil {
			t.Fatalf("%s needs curl: %v", name, err)
		}
		p, err := filepath.Abs(filepath.Join("testdata", "clients", name))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	clientBins.once.Do(func() {
		dir, err := os.MkdirTemp("", "errscope-check-clients")
		if err != nil {
			clientBins.err = err
			return
		}
		clientBins.dir = dir
		for bin, pkg := range map[string]string{
			"goclient":         "../../examples/goclient",
			"retry5xx":         "./testdata/clients/retry5xx",
			"ignoreretryafter": "./testdata/clients/ignoreretryafter",
		} {
			out, err := exec.Command("go", "build", "-o", filepath.Join(dir, bin), pkg).CombinedOutput()
			if err != nil {
				clientBins.err = &buildError{pkg, string(out)}
				return
			}
		}
	})
	if clientBins.err != nil {
		t.Fatal(clientBins.err)
	}
	return filepath.Join(clientBins.dir, name)
}

// scriptClients are the clients run by an interpreter: name → the
// interpreter and the script.
var scriptClients = map[string][2]string{
	"fetchclient": {"node", "../../examples/fetchclient/client.mjs"},
	"pyclient":    {"python3", "../../examples/pyclient/client.py"},
}

type buildError struct{ pkg, out string }

func (b *buildError) Error() string { return "go build " + b.pkg + ": " + b.out }

// TestCheckClients grades errscope's own client against the default suite
// of every API (it must pass every rule) and three naive clients against
// BabySea's (each must fail exactly the rules it breaks). The reports are
// goldens: their evidence is classed against the policy's numbers, so it
// does not vary with the machine's load.
func TestCheckClients(t *testing.T) {
	type tc struct {
		name, api, client string
		markdown          bool // also compare the Markdown report with its golden
		wantFail          []string
	}
	var tests []tc
	for _, a := range catalog.APINames() {
		tests = append(tests, tc{name: "goclient-" + a, api: a, client: "goclient"})
	}
	// The Python client needs requests; without it the guide's Python
	// client is not graded here, and the test log says so.
	if err := exec.Command("python3", "-c", "import requests").Run(); err == nil {
		tests = append(tests, tc{name: "pyclient-babysea", api: "babysea", client: "pyclient"})
	} else {
		t.Log("python3 with requests not found: examples/pyclient is not graded")
	}
	tests = append(tests,
		tc{name: "fetchclient-babysea", api: "babysea", client: "fetchclient"},
		tc{name: "retry5xx-babysea", api: "babysea", client: "retry5xx", markdown: true,
			wantFail: []string{check.RuleRetries, check.RuleNoRetry5xx, check.RuleBackoff, check.RuleJitter, check.RuleAttemptLimit}},
		tc{name: "curl-babysea", api: "babysea", client: "curl-retry.sh",
			wantFail: []string{check.RuleRetries, check.RuleNoRetry5xx, check.RuleJitter, check.RuleOverCap}},
		tc{name: "ignoreretryafter-babysea", api: "babysea", client: "ignoreretryafter",
			wantFail: []string{check.RuleRetryAfter, check.RuleRetryAfterDate, check.RuleOverCap}},
	)
	// The checks run at once, whatever go test's -parallel (on two cores
	// it is 2): they mostly wait on their clients' sleeps. The naive
	// clients run after the others, not beside the interpreters' start-up:
	// on a starved machine a retry made at once arrives late and looks
	// like a wait.
	type outcome struct {
		code       int
		js, stderr string
	}
	outs := make([]outcome, len(tests))
	bins := make([][]string, len(tests))
	for i, tt := range tests {
		bins[i] = strings.Fields(clientBin(t, tt.client))
	}
	for _, naive := range []bool{false, true} {
		var wg sync.WaitGroup
		for i, tt := range tests {
			if (tt.wantFail != nil) != naive {
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				o := &outs[i]
				o.code, o.js, o.stderr = run(t, "", append([]string{"check", "--api", tt.api, "--parallel", "4", "--json", "--"}, bins[i]...)...)
			}()
		}
		wg.Wait()
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The text and Markdown reports are written from the JSON one,
			// as check writes them.
			code, js, stderr := outs[i].code, outs[i].js, outs[i].stderr
			var rep check.Report
			if err := json.Unmarshal([]byte(js), &rep); err != nil {
				t.Fatalf("%v; exit %d, stderr %q", err, code, stderr)
			}
			var text, md strings.Builder
			rep.WriteText(&text)
			rep.WriteMarkdown(&md)
			wantExit := 0
			if tt.wantFail != nil {
				wantExit = 1
			}
			if code != wantExit {
				t.Errorf("exit %d, want %d; stderr %q\n%s", code, wantExit, stderr, text.String())
			}
			// Script clients are named by their path: relative to the
			// repository, so that the goldens hold on any checkout.
			root, err := filepath.Abs(filepath.Join("..", ".."))
			if err != nil {
				t.Fatal(err)
			}
			rel := func(s string) string { return strings.ReplaceAll(s, root+string(filepath.Separator), "") }
			checkGolden(t, filepath.Join("testdata", "check", tt.name+".golden"), rel(text.String()))
			if tt.markdown {
				checkGolden(t, filepath.Join("testdata", "check", tt.name+".md.golden"), rel(md.String()))
			}
			var failed []string
			for _, r := range rep.Results {
				if r.Status == check.Fail {
					failed = append(failed, r.Rule)
				}
			}
			if !slices.Equal(failed, tt.wantFail) || len(rep.Problems) > 0 {
				t.Errorf("failed rules %v, problems %q; want %v and none", failed, rep.Problems, tt.wantFail)
			}
		})
	}
}

// TestCheckHARMatchesTriage writes the HAR of a check run and reads it
// with triage: the findings triage makes from the mock's recording are
// the failures check reports, rule for rule (for the rules a HAR can
// show: a HAR cannot show a retry that was not made, nor jitter).
func TestCheckHARMatchesTriage(t *testing.T) {
	// check rule → triage finding kind
	mapping := map[string]string{
		check.RuleNoRetry4xx:     triage.FindingNotRetryable,
		check.RuleNoRetry5xx:     triage.FindingNotRetryable,
		check.RuleUnkeyedReset:   triage.FindingUnkeyed,
		check.RuleRetryAfter:     triage.FindingIgnoredRetryAfter,
		check.RuleRetryAfterDate: triage.FindingIgnoredRetryAfter,
		check.RuleOverCap:        triage.FindingIgnoredRetryAfter,
		check.RuleBackoff:        triage.FindingNoBackoff,
		check.RuleAttemptLimit:   triage.FindingTooManyAttempts,
	}
	// triage flags each full-jitter wait under a quarter of the base,
	// which a jittered client makes now and then: compare its backoff
	// finding only for a client that never waits.
	for _, tc := range []struct {
		client  string
		backoff bool
	}{{"retry5xx", true}, {"ignoreretryafter", false}} {
		t.Run(tc.client, func(t *testing.T) {
			t.Parallel()
			har := filepath.Join(t.TempDir(), "check.har")
			_, js, stderr := run(t, "", "check", "--api", "babysea", "--parallel", "8", "--json", "--har", har, "--", clientBin(t, tc.client))
			var rep check.Report
			if err := json.Unmarshal([]byte(js), &rep); err != nil {
				t.Fatalf("%v; stderr %q", err, stderr)
			}
			f, err := os.Open(har)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			tr, err := triage.Analyze(f, triage.Options{API: catalog.BabySea})
			if err != nil {
				t.Fatal(err)
			}
			found := map[string]bool{}
			for _, g := range tr.Groups {
				for _, fi := range g.Findings {
					if !fi.OK {
						found[fi.Kind] = true
					}
				}
			}
			want := map[string]bool{}
			for _, r := range rep.Results {
				if k, ok := mapping[r.Rule]; ok && r.Status == check.Fail {
					want[k] = true
				}
			}
			if !tc.backoff {
				delete(found, triage.FindingNoBackoff)
				delete(want, triage.FindingNoBackoff)
			}
			if len(want) == 0 {
				t.Fatal("check found nothing to compare")
			}
			for k := range want {
				if !found[k] {
					t.Errorf("check failed a rule that triage's %s stands for; triage did not find it", k)
				}
			}
			for k := range found {
				if !want[k] {
					t.Errorf("triage found %s; check failed no rule of it", k)
				}
			}
		})
	}
}

func TestCheckUsageErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"check", "--", "true"}, "--api is required"},
		{[]string{"check", "--api", "babysea"}, "give the client to run after --"},
		{[]string{"check", "--api", "babysea", "--suite", "nope", "--", "true"}, `unknown suite "nope"`},
		{[]string{"check", "--api", "babysea", "--responses", "999", "--", "true"}, "status 999"},
		{[]string{"mock", "--api", "babysea", "--code", "NOPE"}, `no code "NOPE"`},
		{[]string{"mock", "--api", "babysea", "--sequence", "by-ip"}, "want key, global or header:NAME"},
		{[]string{"mock", "--api", "babysea", "--route", "v1=200"}, "want PATH=RESPONSES"},
	} {
		code, _, stderr := run(t, "", tt.args...)
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}

// TestCheckNoRequest: a client that sends nothing cannot be graded, and
// check says so and fails.
func TestCheckNoRequest(t *testing.T) {
	code, out, _ := run(t, "", "check", "--api", "claro", "--responses", "503,200", "--", "true")
	if code != 1 || !strings.Contains(out, "the client made no request (exit 0)") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	code, _, stderr := run(t, "", "check", "--api", "claro", "--responses", "503,200", "--", "/nonexistent/client")
	if code != 1 || !strings.Contains(stderr, "cannot run /nonexistent/client") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// TestGuideSnippets keeps the guide's TypeScript and Python excerpts in
// step with the example clients the tests run: every line of a ts or
// python block (comments that stand alone aside) is in the client's file.
func TestGuideSnippets(t *testing.T) {
	guide, err := os.ReadFile("../../docs/testing-retries.md")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"ts": scriptClients["fetchclient"][1], "python": scriptClients["pyclient"][1], "go": "../../examples/goclient/main.go"}
	blocks := 0
	for _, block := range strings.Split(string(guide), "```")[1:] {
		lang, body, _ := strings.Cut(block, "\n")
		path, ok := files[lang]
		if !ok {
			continue
		}
		blocks++
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(body, "\n") {
			l := strings.TrimSpace(line)
			if l == "" || strings.HasPrefix(l, "//") || strings.HasPrefix(l, "#") {
				continue
			}
			code, _, _ := strings.Cut(l, " //")
			code, _, _ = strings.Cut(code, "  #")
			if !strings.Contains(string(src), strings.TrimSpace(code)) {
				t.Errorf("docs/testing-retries.md: %q is not in %s", l, path)
			}
		}
	}
	if blocks != 3 {
		t.Errorf("found %d ts, python and go blocks in the guide, want 3", blocks)
	}
}
