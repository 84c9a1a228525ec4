package apierror

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/errscope/errscope/catalog"
)

var update = flag.Bool("update", false, "update golden files")

// goldenError is the stable JSON form of an Error in golden files.
type goldenError struct {
	Line           string          `json:"line"`
	API            catalog.API     `json:"api,omitempty"`
	Candidates     []catalog.API   `json:"candidates,omitempty"`
	Status         int             `json:"status"`
	Code           catalog.Code    `json:"code,omitempty"`
	Type           catalog.Type    `json:"type,omitempty"`
	Message        string          `json:"message,omitempty"`
	Hint           string          `json:"hint,omitempty"`
	RetryableFlag  *bool           `json:"retryable_flag,omitempty"`
	Retryable      bool            `json:"retryable"`
	RequestID      string          `json:"request_id,omitempty"`
	Details        map[string]any  `json:"details,omitempty"`
	ProviderErrors []ProviderError `json:"provider_errors,omitempty"`
	RateLimit      *goldenRate     `json:"rate_limit,omitempty"`
	Entry          string          `json:"entry,omitempty"`
	NonJSON        bool            `json:"non_json,omitempty"`
	Problems       []string        `json:"problems,omitempty"`
	Request        *goldenRequest  `json:"request,omitempty"`
	BodyBytes      int             `json:"body_bytes"`
	BodyStart      string          `json:"body_start,omitempty"`
}

type goldenRate struct {
	Limit      *int   `json:"limit,omitempty"`
	Remaining  *int   `json:"remaining,omitempty"`
	Reset      string `json:"reset,omitempty"`
	RetryAfter string `json:"retry_after,omitempty"`
	Source     string `json:"source,omitempty"`
}

type goldenRequest struct {
	Method         string `json:"method,omitempty"`
	URL            string `json:"url,omitempty"`
	Time           string `json:"time,omitempty"`
	IdempotencyKey string `json:"idempotency_key,omitempty"`
	Replayed       bool   `json:"replayed,omitempty"`
	Proto          string `json:"proto,omitempty"`
	ContentType    string `json:"content_type,omitempty"`
}

func toGolden(e *Error, x *Exchange) goldenError {
	g := goldenError{
		Line: e.Error(), API: e.API, Candidates: e.Candidates, Status: e.Status, Code: e.Code, Type: e.Type,
		Message: e.Message, Hint: e.Hint, RetryableFlag: e.RetryableFlag, Retryable: e.Retryable(),
		RequestID: e.RequestID, Details: e.Details, ProviderErrors: e.ProviderErrors,
		NonJSON: e.NonJSON, Problems: e.Problems, BodyBytes: len(e.Body),
	}
	if e.Entry != nil {
		g.Entry = e.Entry.Key()
	}
	rl := e.RateLimit
	if rl.Limit != nil || rl.Remaining != nil || !rl.Reset.IsZero() || rl.HasRetryAfter {
		g.RateLimit = &goldenRate{Limit: rl.Limit, Remaining: rl.Remaining, Source: rl.RetryAfterSource}
		if !rl.Reset.IsZero() {
			g.RateLimit.Reset = rl.Reset.UTC().Format(time.RFC3339)
		}
		if rl.HasRetryAfter {
			g.RateLimit.RetryAfter = rl.RetryAfter.String()
		}
	}
	if r := e.Request; r != (RequestInfo{}) || x.URL != "" || x.IdempotencyKey != "" || x.Proto != "" {
		g.Request = &goldenRequest{Method: r.Method, URL: x.URL, IdempotencyKey: x.IdempotencyKey,
			Replayed: r.Replayed, Proto: x.Proto, ContentType: r.ContentType}
		if !r.Time.IsZero() {
			g.Request.Time = r.Time.UTC().Format(time.RFC3339Nano)
		}
	}
	start := e.Body[:min(len(e.Body), 120)]
	for len(start) > 0 && !utf8.Valid(start) {
		start = start[:len(start)-1]
	}
	g.BodyStart = string(start)
	return g
}

// TestGolden decodes each testdata/golden/*.txt paste with ReadAll and
// compares a JSON dump of the result with the matching .golden file.
// Run with -update to rewrite the golden files.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/golden/*.txt")
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".txt")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			p := ReadAll(src, Options{Now: testNow})
			var out []any
			if len(p.Problems) > 0 {
				out = append(out, map[string][]string{"paste_problems": p.Problems})
			}
			for i, e := range p.Errors {
				out = append(out, toGolden(e, p.Exchanges[i]))
				if len(e.Problems) > 0 && strings.Contains(strings.Join(e.Problems, " "), "bye_live") {
					t.Errorf("secret in problems: %q", e.Problems)
				}
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(out); err != nil {
				t.Fatal(err)
			}
			got := buf.Bytes()
			file := strings.TrimSuffix(in, ".txt") + ".golden"
			if *update {
				if err := os.WriteFile(file, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGolden -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s is stale; got:\n%s", file, got)
			}
			for _, secret := range []string{"bye_live_Q7m2Xc9LpQ4a", "bye_test_Zx81Lq0Pw2", "sk-bab-9fQ2xLm4Rt7Y", "tok_9d8c7b6a5f"} {
				if bytes.Contains(got, []byte(secret)) {
					t.Errorf("secret %q in the decoded output", secret)
				}
			}
		})
	}
}
