package apierror

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
)

func TestCurlRequest(t *testing.T) {
	tests := []struct{ cmd, method, url, key string }{
		{"curl https://a.example/x", "GET", "https://a.example/x", ""},
		{"$ curl -X DELETE 'https://a.example/x?y=1'", "DELETE", "https://a.example/x?y=1", ""},
		{`curl -sS --data-raw '{"a":1}' -H "Idempotency-Key: abc-1" https://a.example/p`, "POST", "https://a.example/p", "abc-1"},
		{"curl -I https://a.example/", "HEAD", "https://a.example/", ""},
		{"curl -XPATCH -u user:pw https://a.example/q", "PATCH", "https://a.example/q", ""},
		{"curl -X 'bad method' https://a.example/", "GET", "https://a.example/", ""},
	}
	for _, tt := range tests {
		m, u, k := curlRequest(tt.cmd)
		if m != tt.method || u != tt.url || k != tt.key {
			t.Errorf("curlRequest(%q) = %q %q %q, want %q %q %q", tt.cmd, m, u, k, tt.method, tt.url, tt.key)
		}
	}
}

func TestMethodURL(t *testing.T) {
	tests := []struct{ in, method, url string }{
		{"ERROR POST https://api.babysea.ai/v1/generate status=429", "POST", "https://api.babysea.ai/v1/generate"},
		{`msg="GET /v1/models?x=1" status=200`, "GET", "/v1/models?x=1"},
		{"PUT\t/a then POST /b", "PUT", "/a"},
		{"POST /b then PUT /a", "POST", "/b"},
		{"GETTING /x", "", ""},
		{"XPOST /x", "", ""},
		{"POST https:// x", "", ""},
		{"POST nowhere", "", ""},
		{"DELETE /", "DELETE", "/"},
		{"POST", "", ""},
	}
	for _, tt := range tests {
		if m, u := methodURL(tt.in); m != tt.method || u != tt.url {
			t.Errorf("methodURL(%q) = %q %q, want %q %q", tt.in, m, u, tt.method, tt.url)
		}
	}
}

func TestStatusHint(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"ERROR request failed status=429 body={}", 429},
		{"upstream returned HTTP/1.1 502 Bad Gateway", 502},
		{"upstream returned HTTP/2 503", 503},
		{"got HTTP 504 from the proxy", 504},
		{`{"statusCode": 500}`, 500},
		{`{"status_code":"404"}`, 404},
		{"http_status: 401", 401},
		{"Status: 403 Forbidden", 403},
		{"status=4290", 0},
		{"status=200 took HTTP/1.1 500", 500}, // HTTP/x first, as apierror does
		{"status=abc", 0},
		{"https://x/status=429", 429},
		{"xhttp 500", 0},
		{"HTTP/1.1 700", 0},
		{"status=", 0},
		{"", 0},
		{"\xa3\xa3STATUS=503", 503},
	}
	for _, tt := range tests {
		if got := statusHint(tt.in); got != tt.want {
			t.Errorf("statusHint(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// TestReadExchangesUTF16 reads a UTF-16 paste as a stream, whatever the
// read sizes: surrogate pairs cut between reads stay whole.
func TestReadExchangesUTF16(t *testing.T) {
	msg := strings.Repeat("é😀", 12000)
	in := utf16le("HTTP/1.1 429 Too Many Requests\r\n\r\n{\"error\":\"" + msg + "\",\"code\":\"RATE_LIMIT_EXCEEDED\"}\r\n")
	for name, r := range map[string]io.Reader{"whole": strings.NewReader(in), "byte by byte": iotest.OneByteReader(strings.NewReader(in)), "halves": iotest.HalfReader(strings.NewReader(in))} {
		var got []*Exchange
		rd, err := ReadExchanges(r, nil, func(x *Exchange) bool { got = append(got, x); return true })
		if err != nil || len(got) != 1 || got[0].Status != 429 || !strings.Contains(string(got[0].Body), msg) {
			t.Errorf("%s: %d exchanges, err %v, notes %q", name, len(got), err, rd.Notes)
			continue
		}
		if !strings.Contains(strings.Join(rd.Notes, " "), "UTF-16") {
			t.Errorf("%s: notes %q do not say the paste was UTF-16", name, rd.Notes)
		}
	}
}

// TestLineKinds checks lines that look like the start of a JSON value or
// an HTML page but are log lines.
func TestLineKinds(t *testing.T) {
	const body = `{"status":"error","error":{"code":"BSE1005","message":"slow down","retryable":true}}`
	tests := []struct{ name, in, want string }{
		{"bracketed level", "[ERROR] POST /v1/generate failed: HTTP 429 " + body + "\n", "429 BSE1005 POST"},
		{"syslog priority", "<134>1 2026-11-21T10:00:00Z host app - - - status=429 body=" + body + "\n<134>1 2026-11-21T10:00:01Z host app - - - done\n", "429 BSE1005 "},
		{"JSON list of bodies is no log", "[" + body + "]\n", ""},
	}
	for _, tt := range tests {
		var got []string
		ReadExchanges(strings.NewReader(tt.in), nil, func(x *Exchange) bool {
			if e, ok := x.Decode(Options{}); ok {
				got = append(got, fmt.Sprintf("%d %s %s", e.Status, e.Code, x.Method))
			}
			return true
		})
		if strings.Join(got, "; ") != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestLinePrefilters checks that the first-byte checks of isLogStart and
// isCurlCommand answer as their expressions do, over the lines of every
// golden paste and some made to start with each byte.
func TestLinePrefilters(t *testing.T) {
	lines := []string{"", "$ curl -i x", "$curl\tx", "curl https://x", "curly", "[2026-11-21 10:00:00] x", "2026-11-21T10:00Z",
		"time=1", "ts=1", "t=1", "level=error", "lvl=warn", "Time=1", "LEVEL=x", " curl x"}
	for c := 0; c < 256; c++ {
		lines = append(lines, string(rune(c))+"url x", string([]byte{byte(c)})+"=1")
	}
	files, _ := filepath.Glob("testdata/golden/*.txt")
	more, _ := filepath.Glob("../triage/testdata/*.log")
	for _, name := range append(files, more...) {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.Split(string(b), "\n")...)
	}
	for _, l := range lines {
		if got, want := isLogStart([]byte(l)), reLogStart().MatchString(l); got != want {
			t.Errorf("isLogStart(%q) = %v, the expression says %v", l, got, want)
		}
		if got, want := isCurlCommand([]byte(l)), reCurlCmd().MatchString(l); got != want {
			t.Errorf("isCurlCommand(%q) = %v, the expression says %v", l, got, want)
		}
	}
}

// statusLineSlow is statusLine by reStatusLine, as it was.
func statusLineSlow(l string) (proto string, status int, reason string, ok bool) {
	if !strings.HasPrefix(l, "HTTP/") {
		return "", 0, "", false
	}
	m := reStatusLine().FindStringSubmatch(strings.TrimRight(l, " \t"))
	if m == nil {
		return "", 0, "", false
	}
	status, _ = strconv.Atoi(m[2])
	return m[1], status, m[3], true
}

func checkStatusLine(t *testing.T, l string) {
	t.Helper()
	p, s, r, ok := statusLine(l)
	wp, ws, wr, wok := statusLineSlow(l)
	if p != wp || s != ws || r != wr || ok != wok {
		t.Errorf("statusLine(%q) = %q %d %q %v, the expression reads %q %d %q %v", l, p, s, r, ok, wp, ws, wr, wok)
	}
}

// TestStatusLine checks statusLine against the expression it replaces.
func TestStatusLine(t *testing.T) {
	for _, l := range []string{"HTTP/1.1 429 Too Many Requests", "HTTP/2 429", "HTTP/2 429 ", "HTTP/2\t429\tx \t",
		"HTTP/1.1  200  OK", "HTTP/1. 200", "HTTP/11 200", "HTTP/1.1 2000", "HTTP/1.1 20", "HTTP/1.1200", "HTTP/ 200",
		"HTTP/1.1 200 a\nb", "HTTP/1.1 200\n", "HTTP/1.1 200 \r", "HTTP/1.1 200 \xff\xfe", "HTTP/1.1 abc", "HTTP/1.1 200x",
		"http/1.1 200", "HTTP/1.1 200 OK\r", "", "HTTP/", "HTTP/2", "HTTP/2 ", "HTTP/1.1 999 ?"} {
		checkStatusLine(t, l)
	}
}

// FuzzStatusLine checks statusLine against the expression it replaces.
func FuzzStatusLine(f *testing.F) {
	f.Add("HTTP/1.1 429 Too Many Requests")
	f.Add("HTTP/2\t502 \t")
	f.Add("HTTP/1.1 200 a\nb")
	f.Fuzz(func(t *testing.T, l string) {
		checkStatusLine(t, "HTTP/"+l)
		checkStatusLine(t, l)
	})
}
