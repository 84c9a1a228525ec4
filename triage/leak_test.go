package triage

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixtureSecrets are the secrets the fixtures under testdata hold, in
// every place a secret travels: Authorization (Bearer and Basic), Cookie
// and Set-Cookie headers and HAR cookie lists, X-Api-Key, keys in URLs,
// keys echoed in error messages, secret JSON fields, log lines.
var fixtureSecrets = []string{
	"Q7mX2pL9vK4tR8sW", "sess_9f8e7d6c5b4a3921", "sess_NEW0a1b2c3d4e5f", "QueryK3yInUrl99",
	"0ldT0kenExpired2025", "N3wT0ken4Nov2026x", "tok_claro_in_query_777",
	"4f2b9e61d0c84a7fb1e3",
	"Zk3n8Qw1Rt5YhJ2m", "abcDEF123456.sigXYZ789", "csrf_0a9b8c7d6e5f", "newSID998877", "thirdSID445566",
	"WrongFormat", "EchoedKey123456", "tok_echoed_in_body_5566", "YWRtaW46aHVudGVyMi1hZG1pbg", "hunter2-project-pw",
	"at_babou_0099887766",
	"LogK3yLeak0001", "ExpiredK3y777", "NdjsonK3y998877", "QueryNdjson55",
	"pasteSID123", "av_query_secret_31337",
}

// unescapeMD undoes the Markdown escaping, so that a secret cannot hide
// behind a backslash.
var unescapeMD = strings.NewReplacer(`\\`, `\`, `\[`, `[`, `\]`, `]`, `\|`, `|`, "&lt;", "<", "&gt;", ">")

// outputs renders a report every way it is shown.
func outputs(t *testing.T, r *Report) map[string]string {
	t.Helper()
	js, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	md := r.MarkdownWithOrigin("https://errscope.example")
	return map[string]string{"json": string(js), "markdown": md, "markdown unescaped": unescapeMD.Replace(md)}
}

func assertNoLeak(t *testing.T, r *Report, secrets []string) {
	t.Helper()
	for kind, out := range outputs(t, r) {
		for _, s := range secrets {
			if i := strings.Index(out, s); i >= 0 {
				t.Errorf("%s output leaks %q: …%s…", kind, s, out[max(0, i-60):min(len(out), i+len(s)+20)])
			}
		}
	}
}

func TestFixturesLeakNoSecret(t *testing.T) {
	for _, path := range inputs(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			assertNoLeak(t, AnalyzeBytes(b, Options{Now: testNow}), fixtureSecrets)
		})
	}
}

// secretForms are the ways each API's key, and other credentials, are
// written. %s is replaced by a unique marker.
var secretForms = []struct{ name, form string }{
	{"babysea key", "bye_live_%s"},
	{"babysea test key", "bye_test_%s"},
	{"babou key", "sk-bab-%s"},
	{"other sk key", "sk-proj-%s"},
	{"opaque bearer token", "tok9%s"},
}

// placements put a credential where it appears in real attachments. Each
// returns the input and says whether it is a HAR file.
var placements = []struct {
	name string
	make func(cred string) string
}{
	{"HAR request Authorization Bearer", func(c string) string {
		return harWith(`[{"name":"Authorization","value":"Bearer `+c+`"}]`, `[]`, "https://api.babysea.ai/v1/generate", bodyBSE1002)
	}},
	{"HAR request Authorization Basic", func(c string) string {
		basic := base64.StdEncoding.EncodeToString([]byte("user:" + c))
		return harWith(`[{"name":"authorization","value":"Basic `+basic+`"}]`, `[]`, "https://api.babysea.ai/v1/generate", bodyBSE1002) + "\n" + basic
	}},
	{"HAR request Cookie and X-Api-Key", func(c string) string {
		return harWith(`[{"name":"Cookie","value":"sid=`+c+`; theme=dark"},{"name":"X-Api-Key","value":"`+c+`"}]`, `[]`, "https://api.babysea.ai/v1/generate", bodyBSE1002)
	}},
	{"HAR response Set-Cookie and request id", func(c string) string {
		return harWith(`[]`, `[{"name":"Set-Cookie","value":"sid=`+c+`; Path=/; HttpOnly"},{"name":"X-Request-Id","value":"Bearer `+c+`"}]`, "https://api.babysea.ai/v1/generate", `{"error":"bad","code":"UNAUTHORIZED"}`)
	}},
	{"HAR URL query keys", func(c string) string {
		return harWith(`[]`, `[]`, "https://babou.app/api/v1/x/"+c+"?api_key="+c+"&token="+c+"&access_token="+c, `{"error":"bad","code":"UNAUTHORIZED"}`)
	}},
	{"HAR body echoing the key", func(c string) string {
		// As in real traffic, the key the body echoes is the one the request sent.
		return harWith(`[{"name":"Authorization","value":"Bearer `+c+`"}]`, `[]`, "https://babou.app/api/v1/x",
			`{"error":"API key `+c+` has the wrong format","code":"INVALID_API_KEY_FORMAT","hint":"Authorization: Bearer `+c+`","token":"`+c+`"}`)
	}},
	{"raw paste headers", func(c string) string {
		return "POST /v1/generate?api_key=" + c + " HTTP/1.1\nHost: api.babysea.ai\nAuthorization: Bearer " + c + "\nCookie: sid=" + c + "\n\n" +
			"HTTP/1.1 401 Unauthorized\nSet-Cookie: sid=" + c + "; Path=/\nX-Request-Id: api_key=" + c + "\nContent-Type: application/json\n\n" + bodyBSE1002 + "\n"
	}},
	{"raw paste curl -v", func(c string) string {
		return "$ curl -v -H 'Authorization: Bearer " + c + "' 'https://babou.app/api/v1/projects?token=" + c + "'\n> GET /api/v1/projects?token=" + c + " HTTP/2\n> Authorization: Bearer " + c +
			"\n>\n< HTTP/2 401\n< set-cookie: s=" + c + "\n<\n{\"error\":\"key " + c + " revoked\",\"code\":\"UNAUTHORIZED\"}\n"
	}},
	{"log lines", func(c string) string {
		return "2026-11-21T10:00:00Z ERROR POST https://api.babysea.ai/v1/generate?api_key=" + c + " status=401 api_key=" + c + " Authorization: Bearer " + c +
			" body=" + strings.ReplaceAll(bodyBSE1002, "bye_live_ExpiredK3y777", c) + "\n" +
			"2026-11-21T10:00:01Z ERROR status=502 token=" + c + " upstream said: Bearer " + c + "\n" +
			`{"level":"error","time":"2026-11-21T10:00:02Z","status":401,"url":"https://x/?api_key=` + c + `","body":"{\"error\":\"key ` + c + ` bad\",\"code\":\"UNAUTHORIZED\"}","password":"` + c + `"}` + "\n"
	}},
}

const bodyBSE1002 = `{"status":"error","request_id":"req_1","error":{"code":"BSE1002","type":"authentication_failed","message":"Invalid or expired API key bye_live_ExpiredK3y777","retryable":false}}`

// harWith builds a one-entry HAR with the given headers, URL and body.
func harWith(reqHeaders, respHeaders, url, body string) string {
	b, _ := json.Marshal(body)
	return `{"log":{"version":"1.2","entries":[{"startedDateTime":"2026-11-21T10:00:00.000Z","time":50,` +
		`"request":{"method":"POST","url":` + quote(url) + `,"headers":` + reqHeaders + `,"cookies":[]},` +
		`"response":{"status":401,"headers":` + respHeaders + `,"content":{"mimeType":"application/json","text":` + string(b) + `}}}]}}`
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestRedactionCorpus(t *testing.T) {
	for i, f := range secretForms {
		for j, p := range placements {
			t.Run(f.name+"/"+p.name, func(t *testing.T) {
				marker := fmt.Sprintf("Zq%02d%02dSECRETx7", i, j)
				cred := fmt.Sprintf(f.form, marker)
				r := AnalyzeBytes([]byte(p.make(cred)), Options{Now: testNow})
				if r.Failures == 0 {
					t.Fatalf("no failure found; the placement does not exercise the report: %+v", r)
				}
				assertNoLeak(t, r, []string{marker, base64.StdEncoding.EncodeToString([]byte("user:" + cred))})
			})
		}
	}
}
