package apierror

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/errscope/errscope/redact"
)

// FuzzReadExchanges checks that the paste reader never panics and that
// every exchange it yields is sound: placed, with a plausible status, a
// redacted URL and a bounded body; and that ReadAll decodes exactly the
// exchanges whose Decode says they are errors.
func FuzzReadExchanges(f *testing.F) {
	for _, glob := range []string{"testdata/golden/*.txt", "../triage/testdata/*.log", "../triage/testdata/*.ndjson", "../triage/testdata/*.txt", "../triage/testdata/*.har"} {
		files, _ := filepath.Glob(glob)
		for _, in := range files {
			if b, err := os.ReadFile(in); err == nil && len(b) < 64<<10 {
				f.Add(b)
			}
		}
	}
	f.Add([]byte("\xff\xfeH\x00T\x00T\x00P\x00/\x001\x00 \x005\x000\x002\x00\n\x00\n\x00x\x00"))
	f.Fuzz(func(t *testing.T, input []byte) {
		var red redact.Redactor
		errors := 0
		_, err := ReadExchanges(bytes.NewReader(input), &red, func(x *Exchange) bool {
			switch {
			case x.Where == "":
				t.Fatalf("exchange without a place: %+v", x)
			case x.Status < 0 || x.Status > 999:
				t.Fatalf("%s: status %d", x.Where, x.Status)
			case x.NoResponse && x.Status != 0:
				t.Fatalf("%s: a transport failure with status %d", x.Where, x.Status)
			case len(x.Body) > MaxChunk:
				t.Fatalf("%s: body of %d bytes", x.Where, len(x.Body))
			case redact.String(x.URL) != x.URL:
				t.Fatalf("%s: URL holds a secret: %q", x.Where, x.URL)
			case x.End.Before(x.Time):
				t.Fatalf("%s: ends before it starts", x.Where)
			}
			if e, ok := x.Decode(Options{Now: testNow}); ok {
				errors++
				checkLine(t, e)
			} else if e != nil {
				t.Fatalf("%s: Decode returned an Error and false", x.Where)
			}
			return true
		})
		if err != nil {
			t.Fatalf("reading from memory failed: %v", err)
		}
		if len(input) <= MaxPaste {
			p := ReadAll(input, Options{Now: testNow})
			if n := len(p.Errors); n != min(errors, maxErrors) && !(errors == 0 && n == 1 && p.Exchanges[0].Format == FormatBody) {
				t.Fatalf("ReadAll decoded %d errors, the reader yielded %d", n, errors)
			}
		}
	})
}

// FuzzJSONAgainstStdlib checks the tolerant JSON reader against
// encoding/json: on valid JSON it must read the same value, read it
// whole, and report no problem.
func FuzzJSONAgainstStdlib(f *testing.F) {
	for _, s := range []string{`{"a":1,"b":[true,false,null],"c":{"d":"e\u00e9\ud83d\ude00"}}`, `[1.5e3,-0,"\ud800x"]`,
		`{"a":1,"a":2}`, `"\u0000\n\t\\\/"`, `{"x":"` + "\xff" + `"}`, `  123  `, `{"n":1e400}`, `{"status":"error","error":{"code":"BSE1005","retryable":true}}`,
		// Short strings around maxShortString, and a body long enough
		// (minShared) that the reader shares its repeated strings.
		`{"` + strings.Repeat("k", maxShortString) + `":"` + strings.Repeat("v", maxShortString+1) + `","a\"b":"\u00e9","é":"é","":""}`,
		`[` + strings.Repeat(`{"provider":"replicate","code":"E1","message":"a\nb","retryable":true,"x":"é"},`, minShared/70) + `"replicate","\u0072eplicate","replicate"]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if !json.Valid(in) {
			return
		}
		var want any
		if err := json.Unmarshal(in, &want); err != nil {
			return // a number out of float64's range: encoding/json refuses it
		}
		res := readJSON(in, 0)
		if res.tooDeep {
			return // nesting past maxDepth is skipped by design
		}
		if !res.ok || res.failed() {
			t.Fatalf("readJSON(%q) failed: %s", in, res.problem())
		}
		if !onlySpace(in[res.end:]) {
			t.Fatalf("readJSON(%q) stopped at byte %d", in, res.end)
		}
		if !reflect.DeepEqual(res.v, want) {
			t.Fatalf("readJSON(%q) = %#v, encoding/json reads %#v", in, res.v, want)
		}
	})
}

// readBoth reads in with ReadExchanges from a reader, with readMemory,
// and with readMemory following a raw body's nesting line by line (the
// slow ways of the fast paths), and reports how they differ ("" when they
// agree): the exchanges, the Reading and what was redacted.
func readBoth(in []byte) string {
	read := func(how string) ([]*Exchange, Reading, redact.Summary) {
		var red redact.Redactor
		var xs []*Exchange
		yield := func(x *Exchange) bool { xs = append(xs, x); return true }
		var rd Reading
		switch how {
		case "from a reader":
			rd, _ = ReadExchanges(bytes.NewReader(in), &red, yield)
		case "from memory":
			rd = readMemory(in, &red, yield)
		default:
			rd = readMemoryHow(in, &red, yield, true)
		}
		return xs, rd, red.Summary()
	}
	xs, rd, sum := read("from a reader")
	for _, how := range []string{"from memory", "following bodies line by line"} {
		mxs, mrd, msum := read(how)
		switch {
		case len(xs) != len(mxs):
			return fmt.Sprintf("%d exchanges from a reader, %d %s", len(xs), len(mxs), how)
		case !reflect.DeepEqual(rd, mrd):
			return fmt.Sprintf("Reading from a reader %+v, %s %+v", rd, how, mrd)
		case !reflect.DeepEqual(sum, msum):
			return fmt.Sprintf("redacted from a reader %v, %s %v", sum, how, msum)
		}
		for i := range xs {
			if !reflect.DeepEqual(xs[i], mxs[i]) {
				return fmt.Sprintf("exchange %d from a reader %+v, %s %+v", i, xs[i], how, mxs[i])
			}
		}
	}
	return ""
}

// TestReadersAgree checks that a paste held in memory (ReadAll's) is read
// as the same paste from a reader, around the lengths where the reader's
// lines change hands (its buffer and MaxChunk), and that a raw body's
// nesting followed when asked is what it is line by line.
func TestReadersAgree(t *testing.T) {
	body := func(n int) string { // a JSON body of n bytes
		return `{"error":{"code":"X","message":"` + strings.Repeat("m", n-35) + `"}}`
	}
	tests := map[string]string{
		"empty":         "",
		"white space":   " \n\t\f\r\n",
		"bom":           "\xef\xbb\xbfHTTP/1.1 500\n\n{}",
		"har":           `{"log":{"entries":[{"request":{"method":"GET","url":"https://x.test/?api_key=sk-bab-abcdef123456"},"response":{"status":500,"content":{"text":"{}"}}}]}}`,
		"utf-16":        "\xff\xfeH\x00T\x00T\x00P\x00/\x001\x00 \x005\x000\x002\x00\n\x00\n\x00x\x00",
		"no final line": "HTTP/1.1 429 Too Many Requests\r\nAuthorization: Bearer bye_abcdefgh1234\r\n\r\n{\"error\":\"x\"}",
		// A raw body's nesting decides whether a JSON line after it is
		// a body of its own.
		"second value":      "HTTP/1.1 500\n\n{\"error\":\n {\"code\":\"A\"}\n}\n{\"error\":\"B\"}\n[1]\n",
		"open body":         "HTTP/1.1 500\n\n{\"error\":\n {\"code\":\"A\"}\n{\"error\":\"B\"}\n",
		"string over lines": "HTTP/1.1 500\n\n{\"error\":\"a\\\n\"}\n{\"b\":1}\n",
		"pem in body":       "HTTP/1.1 500\n\n{\"key\":\"-----BEGIN PRIVATE KEY-----\n}{\nMIIE\n-----END PRIVATE KEY-----\"}\n{\"error\":\"B\"}\n",
		"two responses":     "HTTP/1.1 500\n\n{\"a\":[\n1]}\nHTTP/1.1 502\n\n[\n{\"error\":1}\n]\n{\"error\":2}\n",
	}
	for _, n := range []int{headSize - 1, headSize, headSize + 1, MaxChunk - 2, MaxChunk - 1, MaxChunk, MaxChunk + 1, MaxChunk + 2, 2 * MaxChunk} {
		for _, end := range []string{"", "\n", "\r\n"} {
			name := fmt.Sprintf("line of %d bytes and %q", n, end)
			tests["raw, "+name] = "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\n\r\n" + body(n) + end + "HTTP/1.1 500\n\n{}\n"
			tests["json, "+name] = body(n) + end + `{"error":"next"}`
			tests["log, "+name] = "2026-11-21T10:00:00Z ERROR status=503 " + body(n) + end
			tests["raw then JSON, "+name] = "HTTP/1.1 500\n\n{\"error\":\n" + body(n) + end + "}\n" + body(n) + end + "{\"error\":\"next\"}\n"
		}
	}
	for name, in := range tests {
		if d := readBoth([]byte(in)); d != "" {
			t.Errorf("%s: %.400s", name, d)
		}
	}
}

// FuzzReadersAgree checks that a paste in memory reads as from a reader,
// and that following a raw body's nesting when asked reads as following it
// line by line.
func FuzzReadersAgree(f *testing.F) {
	for _, glob := range []string{"testdata/golden/*.txt", "../triage/testdata/*.log", "../triage/testdata/*.txt"} {
		files, _ := filepath.Glob(glob)
		for _, in := range files {
			if b, err := os.ReadFile(in); err == nil && len(b) < 64<<10 {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if d := readBoth(in); d != "" {
			t.Fatal(d)
		}
	})
}
