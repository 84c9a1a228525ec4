package apierror

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/errscope/errscope/redact"
)

// headerFromText parses "Name: value" lines into a Header.
func headerFromText(s string) Header {
	h := Header{}
	for line := range strings.Lines(s) {
		if name, value, ok := headerLine(strings.TrimRight(line, "\r\n")); ok {
			h.add(name, value)
		}
	}
	return h
}

// checkLine asserts Error() is one printable line of at most 300 bytes
// with no secret left in it.
func checkLine(t *testing.T, e *Error) {
	t.Helper()
	line := e.Error()
	if len(line) > 300 || strings.ContainsAny(line, "\r\n\x00") {
		t.Fatalf("Error() is not one short line: %q", line)
	}
	if redact.String(line) != line {
		t.Fatalf("Error() holds a secret: %q", line)
	}
	for _, p := range e.Problems {
		if redact.String(p) != p || strings.ContainsAny(p, "\r\n") {
			t.Fatalf("problem holds a secret or a newline: %q", p)
		}
	}
	if len(e.Body) > MaxBody {
		t.Fatalf("Body is %d bytes", len(e.Body))
	}
}

const plantedSecret = "Pl4ntedS3cretValue"

// FuzzParse checks that Parse never panics, keeps the status, and that
// Error() is one line of at most 300 bytes holding no secret, even one
// planted in the message.
func FuzzParse(f *testing.F) {
	f.Add(429, "Retry-After: 17\nX-RateLimit-Reset: 30\nDate: "+testDate, []byte(babyseaSpec))
	f.Add(401, "", []byte(`{"error":"bad key sk-bab-Zk3n8Qw1Rt5Y","code":"UNAUTHORIZED","hint":"x"}`))
	f.Add(422, "Content-Type: application/json", []byte(`{"detail":[{"loc":["body","limit"],"msg":"too big","type":"x"}]}`))
	f.Add(403, "Content-Type: application/problem+json", []byte(`{"type":"about:blank","title":"Forbidden","status":"403"}`))
	f.Add(502, "Content-Type: text/html", []byte(`<html><title>502 Bad Gateway</title></html>`))
	f.Add(500, "Content-Encoding: gzip", gz(f, []byte(`{"error":{"code":"TIMEOUT","message":"slow"}}`)))
	f.Add(0, "", []byte(`{"error":{"code":"BSE1005","mess`))
	f.Add(200, "", []byte(`{"status":"error","error":{"retryable":"true","code":1005}}`))
	f.Fuzz(func(t *testing.T, status int, header string, body []byte) {
		e := Parse(status, headerFromText(header), body, Options{Now: testNow})
		if e == nil {
			t.Fatal("Parse returned nil")
		}
		if e.Status != status {
			t.Fatalf("Status = %d, want %d", e.Status, status)
		}
		checkLine(t, e)
		msg, _ := json.Marshal(string(body[:min(len(body), 100)]) + " bye_" + plantedSecret)
		e = Parse(status, nil, []byte(`{"error":`+string(msg)+`,"code":"UNAUTHORIZED"}`), Options{})
		if strings.Contains(e.Error(), plantedSecret) {
			t.Fatalf("planted secret in Error(): %q", e.Error())
		}
		checkLine(t, e)
	})
}

// FuzzReadAll checks that ReadAll never panics, returns an Error or a
// problem saying why not, one exchange per Error, and that every Error
// prints one short line without secrets.
func FuzzReadAll(f *testing.F) {
	inputs, _ := filepath.Glob("testdata/golden/*.txt")
	for _, in := range inputs {
		if b, err := os.ReadFile(in); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("HTTP/1.1 429 Too Many Requests\nRetry-After: 1\n\n{}\nHTTP/1.1 200 OK\n\n"))
	f.Add([]byte(`{"log":{"entries":[{"response":{"status":500,"content":{"text":"eA==","encoding":"base64"}}}]}}`))
	f.Fuzz(func(t *testing.T, input []byte) {
		p := ReadAll(input, Options{Now: testNow})
		if len(p.Errors) == 0 && len(p.Problems) == 0 {
			t.Fatal("ReadAll returned neither an Error nor a problem")
		}
		if len(p.Errors) != len(p.Exchanges) {
			t.Fatalf("%d errors but %d exchanges", len(p.Errors), len(p.Exchanges))
		}
		for _, e := range p.Errors {
			if e == nil {
				t.Fatal("nil Error")
			}
			checkLine(t, e)
		}
	})
}
