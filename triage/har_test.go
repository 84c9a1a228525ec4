package triage

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// TestHARShapes checks inputs that look like HAR files but are not quite.
func TestHARShapes(t *testing.T) {
	entry := `{"startedDateTime":"2026-11-21T10:00:00Z","time":5,"request":{"method":"GET","url":"https://babou.app/api/v1/x"},` +
		`"response":{"status":404,"content":{"mimeType":"application/json","text":"{\"error\":\"Not found\",\"code\":\"NOT_FOUND\"}"}}}`
	tests := []struct {
		name      string
		in        string
		failures  int
		truncated bool
		problem   string // substring of a problem; "" for none
	}{
		{"one entry", `{"log":{"entries":[` + entry + `]}}`, 1, false, ""},
		{"keys before entries and unknown keys", `{"log":{"version":"1.2","pages":[{"a":[1,{"b":2}]}],"x":{"y":[]},"entries":[` + entry + `],"z":1}}`, 1, false, ""},
		{"entries not a list", `{"log":{"entries":{"a":1}}}`, 0, false, "no log.entries"},
		{"no entries", `{"log":{"version":"1.2"}}`, 0, false, "no log.entries"},
		{"log not an object", `{"log":[1,2]}`, 0, false, "no log.entries"},
		{"an entry that is not an object", `{"log":{"entries":[7,` + entry + `]}}`, 1, false, "entry 1 is not a JSON object"},
		{"wrong types inside an entry", `{"log":{"entries":[{"startedDateTime":5,"time":"x","request":[],"response":{"status":"500","headers":{}}}]}}`, 1, false, ""},
		{"cut short", `{"log":{"entries":[` + entry + `,` + entry[:60], 1, true, "cut short after 1 entry"},
		{"not JSON after the start", `{"log":{"entries":[` + entry + `, nope]}}`, 1, false, "not valid JSON after 1 entry"},
		{"bad base64", `{"log":{"entries":[{"request":{"method":"GET","url":"/x"},"response":{"status":500,"content":{"encoding":"base64","text":"!!!"}}}]}}`, 1, false, "not valid base64"},
		{"status 0 without _error", `{"log":{"entries":[{"request":{"method":"GET","url":"https://x/y"},"response":{"status":0}}]}}`, 1, false, ""},
		{"2xx with status error", `{"log":{"entries":[{"request":{"method":"POST","url":"https://api.babysea.ai/v1/generate"},"response":{"status":200,"content":{"text":"{\"status\":\"error\",\"error\":{\"code\":\"BSE5001\",\"message\":\"x\"}}"}}}]}}`, 1, false, ""},
		{"2xx success", `{"log":{"entries":[{"request":{"method":"POST","url":"https://api.babysea.ai/v1/generate"},"response":{"status":200,"content":{"text":"{\"status\":\"success\"}"}}}]}}`, 0, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := AnalyzeBytes([]byte(tt.in), Options{Now: testNow})
			if r.Input != InputHAR {
				t.Fatalf("Input = %q, want har", r.Input)
			}
			if r.Failures != tt.failures || r.Truncated != tt.truncated {
				t.Errorf("failures %d truncated %v, want %d %v; problems %q", r.Failures, r.Truncated, tt.failures, tt.truncated, r.Problems)
			}
			found := tt.problem == ""
			for _, p := range r.Problems {
				found = found || strings.Contains(p, tt.problem)
			}
			if !found {
				t.Errorf("problems %q lack %q", r.Problems, tt.problem)
			}
			if tt.problem == "" && len(r.Problems) > 0 {
				t.Errorf("unexpected problems %q", r.Problems)
			}
		})
	}
}

// TestHARLongBody checks that a body longer than MaxString is cut, said
// so, and still decoded.
func TestHARLongBody(t *testing.T) {
	body := `{"error":"Not found","code":"NOT_FOUND","pad":"` + strings.Repeat("x", MaxString) + `"}`
	enc, _ := json.Marshal(body)
	in := `{"log":{"entries":[{"request":{"method":"GET","url":"https://babou.app/x"},"response":{"status":404,"content":{"text":` + string(enc) + `}}}]}}`
	r := AnalyzeBytes([]byte(in), Options{Now: testNow})
	if len(r.Groups) != 1 || r.Groups[0].Code != "NOT_FOUND" {
		t.Fatalf("groups = %+v, want one NOT_FOUND", r.Groups)
	}
	found := false
	for _, p := range r.Problems {
		found = found || strings.Contains(p, "were cut")
	}
	if !found {
		t.Errorf("problems %q do not say a string was cut", r.Problems)
	}
}

func TestEmptyInput(t *testing.T) {
	for _, in := range []string{"", " \n\t ", "\xef\xbb\xbf\n"} {
		r := AnalyzeBytes([]byte(in), Options{})
		if r.Input != InputEmpty || len(r.Groups) != 0 || len(r.Problems) != 1 {
			t.Errorf("AnalyzeBytes(%q) = %+v, want an empty report with one problem", in, r)
		}
	}
}

// errReader fails after its data.
type errReader struct {
	data string
	err  error
}

func (e *errReader) Read(p []byte) (int, error) {
	if e.data == "" {
		return 0, e.err
	}
	n := copy(p, e.data)
	e.data = e.data[n:]
	return n, nil
}

func TestAnalyzeReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	for _, in := range []string{`{"log":{"entries":[`, "2026-11-21T10:00:00Z ERROR status=502 x\n", ""} {
		r, err := Analyze(&errReader{in, boom}, Options{Now: testNow})
		if !errors.Is(err, boom) {
			t.Errorf("Analyze(%q) error = %v, want it to wrap %v", in, err, boom)
		}
		if r == nil {
			t.Fatalf("Analyze(%q) returned no report", in)
		}
	}
}
