package apierror

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
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
		`{"a":1,"a":2}`, `"\u0000\n\t\\\/"`, `{"x":"` + "\xff" + `"}`, `  123  `, `{"n":1e400}`, `{"status":"error","error":{"code":"BSE1005","retryable":true}}`} {
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
