package highlight

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// show renders tokens compactly for table tests: class(text) separated by
// spaces, with "_" standing for the plain-text class.
func show(toks []Token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		c := t.Class
		if c == ClassText {
			c = "_"
		}
		fmt.Fprintf(&b, "%s%q", c, t.Text)
	}
	return b.String()
}

var knownClasses = map[string]bool{
	ClassText: true, ClassError: true, ClassPunctuation: true, ClassKey: true,
	ClassString: true, ClassInteger: true, ClassFloat: true, ClassConstant: true,
	ClassMethod: true, ClassTarget: true, ClassProtocol: true, ClassOperator: true,
	ClassNumber: true, ClassReason: true, ClassHeaderName: true, ClassHeaderVal: true,
}

// checkTokens verifies the invariants every tokenization must keep.
func checkTokens(t *testing.T, name, src string, toks []Token) {
	t.Helper()
	var b strings.Builder
	for i, tok := range toks {
		if tok.Text == "" {
			t.Fatalf("%s(%q): token %d is empty", name, src, i)
		}
		if !knownClasses[tok.Class] {
			t.Fatalf("%s(%q): token %d has unknown class %q", name, src, i, tok.Class)
		}
		b.WriteString(tok.Text)
	}
	if b.String() != src {
		t.Fatalf("%s(%q): tokens concatenate to %q", name, src, b.String())
	}
}

func TestJSON(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", ``, ``},
		{"object", `{"a":1}`, `p"{" nt"\"a\"" p":" mi"1" p"}"`},
		{"spaced key", `{"a" : "b"}`, `p"{" nt"\"a\"" _" " p":" _" " s2"\"b\"" p"}"`},
		{"constants", `[true,false,null]`, `p"[" kc"true" p"," kc"false" p"," kc"null" p"]"`},
		{"floats", `[-1.5e3,2E-2,0.25]`, `p"[" mf"-1.5e3" p"," mf"2E-2" p"," mf"0.25" p"]"`},
		{"escaped quote", `"a\"b"`, `s2"\"a\\\"b\""`},
		{"escaped backslash then quote", `["a\\","b"]`, `p"[" s2"\"a\\\\\"" p"," s2"\"b\"" p"]"`},
		{"truncated", `{"error":{"code":"BSE1005","mess`,
			`p"{" nt"\"error\"" p":" p"{" nt"\"code\"" p":" s2"\"BSE1005\"" p"," err"\"mess"`},
		{"string ends at line break", "\"abc\n1", `err"\"abc" _"\n" mi"1"`},
		{"bad numbers", `[-,1.,1e,12abc]`, `p"[" err"-" p"," err"1." p"," err"1e" p"," err"12abc" p"]"`},
		{"junk words", `NaN <html>`, `err"NaN" _" " err"<html>"`},
		{"non-ASCII", `{"é":"ü"}`, `p"{" nt"\"é\"" p":" s2"\"ü\"" p"}"`},
		{"invalid UTF-8", "\xff\xfe", `err"\xff\xfe"`},
		{"whitespace", " \t\r\n", `_" \t\r\n"`},
		{"key at end", `{"a"`, `p"{" s2"\"a\""`},
		{"string value before colon-less brace", `{"k": "v" }`, `p"{" nt"\"k\"" p":" _" " s2"\"v\"" _" " p"}"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks := JSON(tt.in)
			checkTokens(t, "JSON", tt.in, toks)
			if got := show(toks); got != tt.want {
				t.Errorf("JSON(%q) =\n%s\nwant\n%s", tt.in, got, tt.want)
			}
		})
	}
}

func TestHTTP(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", ``, ``},
		{"status, headers, JSON body",
			"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 17\r\nContent-Type: application/json\r\n\r\n{\"a\":1}",
			`kr"HTTP" o"/" m"1.1" _" " m"429" _" " ne"Too Many Requests" _"\r\n" ` +
				`n"Retry-After" o":" _" " l"17" _"\r\n" ` +
				`n"Content-Type" o":" _" " l"application/json" _"\r\n" _"\r\n" ` +
				`p"{" nt"\"a\"" p":" mi"1" p"}"`},
		{"HTTP/2 without reason, HTML body",
			"HTTP/2 502\n\n<html>bad gateway</html>",
			`kr"HTTP" o"/" m"2" _" " m"502" _"\n" _"\n" _"<html>bad gateway</html>"`},
		{"request line",
			"POST /v1/generate/image/bfl/flux-schnell HTTP/1.1\nIdempotency-Key: k-1\n\n",
			`nf"POST" _" " nn"/v1/generate/image/bfl/flux-schnell" _" " kr"HTTP" o"/" m"1.1" _"\n" ` +
				`n"Idempotency-Key" o":" _" " l"k-1" _"\n" _"\n"`},
		{"JSON content type, body not starting with brace",
			"HTTP/1.1 500 Internal Server Error\nContent-Type: application/json\n\nnull",
			`kr"HTTP" o"/" m"1.1" _" " m"500" _" " ne"Internal Server Error" _"\n" ` +
				`n"Content-Type" o":" _" " l"application/json" _"\n" _"\n" kc"null"`},
		{"malformed and folded headers",
			"HTTP/1.1 200 OK\nnot a header\nX-A: 1\n  more\nX-Empty:\n",
			`kr"HTTP" o"/" m"1.1" _" " m"200" _" " ne"OK" _"\n" err"not a header" _"\n" ` +
				`n"X-A" o":" _" " l"1" _"\n" _"  " l"more" _"\n" n"X-Empty" o":" _"\n"`},
		{"100 Continue, then the response",
			"HTTP/1.1 100 Continue\n\nHTTP/1.1 503 Service Unavailable\nRetry-After: 5\n\n",
			`kr"HTTP" o"/" m"1.1" _" " m"100" _" " ne"Continue" _"\n" _"\n" ` +
				`kr"HTTP" o"/" m"1.1" _" " m"503" _" " ne"Service Unavailable" _"\n" ` +
				`n"Retry-After" o":" _" " l"5" _"\n" _"\n"`},
		{"leading blank line", "\nHTTP/1.1 204 No Content\n",
			`_"\n" kr"HTTP" o"/" m"1.1" _" " m"204" _" " ne"No Content" _"\n"`},
		{"bare JSON body", `{"code":"UNAUTHORIZED"}`, `p"{" nt"\"code\"" p":" s2"\"UNAUTHORIZED\"" p"}"`},
		{"plain text", "upstream connect error", `_"upstream connect error"`},
		{"not a status line", "HTTP/x 200\n", `_"HTTP/x 200\n"`},
		{"status code too short", "HTTP/1.1 42\n", `_"HTTP/1.1 42\n"`},
		{"lower-case method is not a request line", "get / HTTP/1.1\n", `_"get / HTTP/1.1\n"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks := HTTP(tt.in)
			checkTokens(t, "HTTP", tt.in, toks)
			if got := show(toks); got != tt.want {
				t.Errorf("HTTP(%q) =\n%s\nwant\n%s", tt.in, got, tt.want)
			}
		})
	}
}

func TestMaxInput(t *testing.T) {
	// A two-byte rune straddles the cut: it must stay whole in the tail.
	body := `{"k":"` + strings.Repeat("a", MaxInput-7) + "é" + strings.Repeat("b", 100) + `"}`
	for _, f := range []struct {
		name string
		fn   func(string) []Token
	}{{"JSON", JSON}, {"HTTP", HTTP}} {
		t.Run(f.name, func(t *testing.T) {
			toks := f.fn(body)
			checkTokens(t, f.name, body, toks)
			last := toks[len(toks)-1]
			if last.Class != ClassText || !strings.HasPrefix(last.Text, "é") {
				t.Errorf("%s: last token = %q %.10q…, want the plain rest starting at the rune", f.name, last.Class, last.Text)
			}
			classified := len(body) - len(last.Text)
			if classified > MaxInput || !utf8.ValidString(body[:classified]) {
				t.Errorf("%s classified %d bytes, want ≤ %d ending on a rune boundary", f.name, classified, MaxInput)
			}
		})
	}
}

func TestPrettyJSON(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{`{"a":[1,2]}`, "{\n  \"a\": [\n    1,\n    2\n  ]\n}", true},
		{"  \n{\"a\":1}\n", "{\n  \"a\": 1\n}", true},
		{`"s"`, `"s"`, true},
		{`{"a":`, `{"a":`, false},
		{`{"a":1} {"b":2}`, `{"a":1} {"b":2}`, false},
		{"", "", false},
		{"<html>", "<html>", false},
	}
	for _, tt := range tests {
		got, ok := PrettyJSON(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("PrettyJSON(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func ExampleJSON() {
	for _, tok := range JSON(`{"code":"BSE1005","retryable":true,"retry_after_seconds":17}`) {
		fmt.Printf("%-3s %s\n", tok.Class, tok.Text)
	}
	// Output:
	// p   {
	// nt  "code"
	// p   :
	// s2  "BSE1005"
	// p   ,
	// nt  "retryable"
	// p   :
	// kc  true
	// p   ,
	// nt  "retry_after_seconds"
	// p   :
	// mi  17
	// p   }
}

func ExampleHTTP() {
	for _, tok := range HTTP("HTTP/1.1 429 Too Many Requests\nRetry-After: 17\n") {
		fmt.Printf("%-3q %q\n", tok.Class, tok.Text)
	}
	// Output:
	// "kr" "HTTP"
	// "o" "/"
	// "m" "1.1"
	// ""  " "
	// "m" "429"
	// ""  " "
	// "ne" "Too Many Requests"
	// ""  "\n"
	// "n" "Retry-After"
	// "o" ":"
	// ""  " "
	// "l" "17"
	// ""  "\n"
}

func ExamplePrettyJSON() {
	s, ok := PrettyJSON(`{"error":"Human-readable message","code":"NOT_FOUND"}`)
	fmt.Println(ok)
	fmt.Println(s)
	// Output:
	// true
	// {
	//   "error": "Human-readable message",
	//   "code": "NOT_FOUND"
	// }
}

func BenchmarkJSON(b *testing.B) {
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		sb.WriteString(`{"status":"error","request_id":"req_123","error":{"code":"BSE1005","type":"rate_limit_exceeded","retryable":true,"details":{"retry_after_seconds":17,"limit":60.5},"provider_errors":[null,false]}},` + "\n")
	}
	src := sb.String()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		JSON(src)
	}
}

func BenchmarkHTTP(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nRetry-After: 17\r\n\r\n")
	for sb.Len() < 1<<20 {
		sb.WriteString(`{"error":{"code":"rate_limit_exceeded","message":"slow down","retry_after":60}}` + "\n")
	}
	src := sb.String()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		HTTP(src)
	}
}
