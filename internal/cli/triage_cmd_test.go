package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/errscope/errscope/triage"
)

const triageLog = `2026-11-21T10:00:01Z ERROR POST https://api.babysea.ai/v1/generate status=429 body={"status":"error","request_id":"req_1","error":{"code":"BSE1005","type":"rate_limit_exceeded","message":"Rate limit exceeded","retryable":true,"details":{"retry_after_seconds":17}}}
2026-11-21T10:00:01.300Z ERROR POST https://api.babysea.ai/v1/generate status=429 body={"status":"error","request_id":"req_2","error":{"code":"BSE1005","type":"rate_limit_exceeded","message":"Rate limit exceeded","retryable":true,"details":{"retry_after_seconds":17}}}
2026-11-21T10:00:03Z ERROR GET https://api.babysea.ai/v1/models status=401 body={"status":"error","request_id":"req_3","error":{"code":"BSE1002","type":"authentication_failed","message":"Invalid or expired API key","retryable":false}}
`

// triageHAR holds credentials in a request header, a cookie and the URL.
const triageHAR = `{"log":{"version":"1.2","entries":[{"startedDateTime":"2026-11-21T10:00:00.000Z","time":80,
"request":{"method":"POST","url":"https://api.babysea.ai/v1/generate?api_key=bye_live_CliQueryK3y42",
"headers":[{"name":"Authorization","value":"Bearer bye_live_CliHeaderK3y77"},{"name":"Cookie","value":"bs_session=sess_cli_0a1b2c3d4e"}]},
"response":{"status":502,"headers":[{"name":"Content-Type","value":"application/json"}],
"content":{"mimeType":"application/json","text":"{\"status\":\"error\",\"request_id\":\"req_h1\",\"error\":{\"code\":\"BSE4003\",\"type\":\"all_providers_failed\",\"message\":\"All providers failed\",\"retryable\":true}}"}}}]}}`

func TestTriageUsageErrors(t *testing.T) {
	tests := []struct {
		stdin string
		args  []string
		want  string
	}{
		{"", []string{"triage", "a.har", "b.har"}, "give one FILE or -"},
		{"", []string{"triage", "--bogus"}, "flag provided but not defined: -bogus"},
		{triageLog, []string{"triage", "--now", "yesterday"}, "--now takes an RFC 3339 time"},
		{"", []string{"triage"}, "standard input is empty"},
		{" \n\t\n", []string{"triage", "-"}, "standard input is empty"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := run(t, tt.stdin, tt.args...)
			if code != 2 {
				t.Errorf("exit code = %d, want 2", code)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
			if !strings.Contains(stderr, tt.want) || strings.Count(strings.TrimRight(stderr, "\n"), "\n") != 0 {
				t.Errorf("stderr = %q, want one line containing %q", stderr, tt.want)
			}
		})
	}
}

func TestTriageMissingFile(t *testing.T) {
	code, _, stderr := run(t, "", "triage", filepath.Join(t.TempDir(), "nope.har"))
	if code != 1 || !strings.Contains(stderr, "no such file") || strings.Count(strings.TrimRight(stderr, "\n"), "\n") != 0 {
		t.Errorf("exit %d, stderr %q; want 1 and one line saying the file does not exist", code, stderr)
	}
}

func TestTriageMarkdownFromStdin(t *testing.T) {
	code, out, stderr := run(t, triageLog, "triage")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"# Triage: 3 failures in 2 groups",
		"| [BSE1005](/errors/babysea/BSE1005) Rate limit exceeded | BabySea | 429 | 2 |",
		"| [BSE1002](/errors/babysea/BSE1002)",
		"1 retry came 300 ms after a 429 that asked for 17 s",
		"redact",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestTriageFile reads a HAR file in both output modes: the JSON is the
// package's Report, and neither output holds the file's credentials.
func TestTriageFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "session.har")
	if err := os.WriteFile(path, []byte(triageHAR), 0o644); err != nil {
		t.Fatal(err)
	}
	code, md, stderr := run(t, "", "triage", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	code, js, stderr := run(t, "", "triage", "--json", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r triage.Report
	if err := json.Unmarshal([]byte(js), &r); err != nil {
		t.Fatalf("--json output is not a Report: %v\n%s", err, js)
	}
	if r.Input != triage.InputHAR || r.Entries != 1 || r.Failures != 1 || len(r.Groups) != 1 || r.Groups[0].Code != "BSE4003" {
		t.Errorf("report = %+v, want one BSE4003 failure from a HAR", r)
	}
	if !strings.Contains(md, "## 1. BSE4003 All providers failed") {
		t.Errorf("Markdown lacks the group heading:\n%s", md)
	}
	for _, secret := range []string{"CliQueryK3y42", "CliHeaderK3y77", "sess_cli_0a1b2c3d4e"} {
		if strings.Contains(md, secret) || strings.Contains(js, secret) {
			t.Errorf("output leaks %q", secret)
		}
	}
}
