package docgen

import (
	"bytes"
	"embed"
	"fmt"
	"go/format"
	"strconv"
	"strings"
	"text/template"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/markdown"
)

// Placeholder stands for the error code in the sample templates. Codes
// are substituted at run time (docs.Sample), so each (API, language)
// template is highlighted once, here.
const Placeholder = "ERRSCOPE_CODE"

// SampleLangs are the languages of the error pages' code samples, in tab
// order, with the chroma lexer that highlights each.
var SampleLangs = []struct{ Name, Lexer string }{
	{"go", "go"},
	{"typescript", "typescript"},
	{"python", "python"},
	{"curl", "bash"},
}

//go:embed samples/*.tmpl
var sampleFS embed.FS

var sampleTemplates = template.Must(template.New("").Funcs(template.FuncMap{
	"lower": strings.ToLower,
	"goMethod": func(m string) string {
		return "http.Method" + m[:1] + strings.ToLower(m[1:])
	},
}).ParseFS(sampleFS, "samples/*.tmpl"))

// sampleAPI is what the templates need to know about one API. The request
// is a real, harmless call of the API: the endpoints come from each API's
// public documentation or SDK.
type sampleAPI struct {
	API          catalog.API
	Name         string // display name
	GoConst      string // the catalog constant, "catalog.BabySea"
	KeyEnv       string // environment variable holding the key
	Method, URL  string
	Body         string // JSON object with string values only (valid Go raw string, JS and Python literal); "" for none
	Idempotent   bool   // send an Idempotency-Key (BabySea documents it)
	HasRequestID bool   // the error body carries a request id
	// JSExtract and PyExtract are statements (indented for their place
	// in the template) that set code, message, wait and, when
	// HasRequestID, requestId / request_id from body and the response.
	JSExtract, PyExtract string
	// TSTemplate names the TypeScript template: the official SDK's for
	// BabySea, fetch for the others.
	TSTemplate string
}

var sampleAPIs = []sampleAPI{
	{
		API: catalog.BabySea, Name: "BabySea", GoConst: "catalog.BabySea", KeyEnv: "BABYSEA_API_KEY",
		Method: "POST", URL: "https://api.us.babysea.ai/v1/generate/image/bfl/flux-schnell",
		Body:       `{"generation_prompt": "A baby seal plays in Arctic"}`,
		Idempotent: true, HasRequestID: true, TSTemplate: "typescript_babysea.tmpl",
		PyExtract: `    err = body.get("error") or {}
    code = err.get("code")
    message = err.get("message", resp.reason)
    request_id = body.get("request_id")
    # Retry-After on 429; the body repeats it as details.retry_after_seconds.
    wait = resp.headers.get("Retry-After") or (err.get("details") or {}).get("retry_after_seconds")`,
	},
	{
		API: catalog.Babou, Name: "Babou", GoConst: "catalog.Babou", KeyEnv: "BABOU_API_KEY",
		Method: "POST", URL: "https://api.babou.ai/api/v1/projects",
		Body:       `{"name": "Launch video", "description": "Product launch teaser"}`,
		TSTemplate: "typescript_fetch.tmpl",
		JSExtract: `  // Babou's envelope is flat: {"error": "message", "code": "…", "hint": "…"}.
  const code = body.code;
  const message = [body.error ?? res.statusText, body.hint].filter(Boolean).join(' — ');
  const wait = res.headers.get('Retry-After');`,
		PyExtract: `    # Babou's envelope is flat: {"error": "message", "code": "…", "hint": "…"}.
    code = body.get("code")
    message = " — ".join(filter(None, [body.get("error") or resp.reason, body.get("hint")]))
    wait = resp.headers.get("Retry-After")`,
	},
	{
		API: catalog.Aionvision, Name: "Aionvision", GoConst: "catalog.Aionvision", KeyEnv: "AIONVISION_API_KEY",
		Method: "GET", URL: "https://api.aionvision.tech/api/v2/user-files?limit=20",
		HasRequestID: true, TSTemplate: "typescript_fetch.tmpl",
		JSExtract: `  // {"error": {...}, "request_id": …}, or {"detail": …} from the web framework.
  const err = body.error ?? body.detail ?? {};
  const code = typeof err === 'object' ? err.code : undefined;
  const message = typeof err === 'string' ? err : err.message ?? res.statusText;
  const requestId = body.request_id;
  const wait = res.headers.get('Retry-After');`,
		PyExtract: `    # {"error": {...}, "request_id": …}, or {"detail": …} from the web framework.
    err = body.get("error") or body.get("detail") or {}
    if isinstance(err, str):
        err = {"message": err}
    code = err.get("code")
    message = err.get("message", resp.reason)
    request_id = body.get("request_id")
    wait = resp.headers.get("Retry-After")`,
	},
	{
		API: catalog.Claro, Name: "Claro", GoConst: "catalog.Claro", KeyEnv: "CLARO_API_KEY",
		Method: "POST", URL: "https://api.baytos.ai/v1/prompts/get",
		Body:       `{"package_name": "@namespace/prompt-name:v1"}`,
		TSTemplate: "typescript_fetch.tmpl",
		JSExtract: `  const err = body.error ?? {};
  const code = err.code;
  const message = err.message ?? res.statusText;
  // On 429 both the Retry-After header and error.retry_after carry seconds.
  const wait = res.headers.get('Retry-After') ?? err.retry_after;`,
		PyExtract: `    err = body.get("error") or {}
    code = err.get("code")
    message = err.get("message", resp.reason)
    # On 429 both the Retry-After header and error.retry_after carry seconds.
    wait = resp.headers.get("Retry-After") or err.get("retry_after")`,
	},
}

// sampleText renders the template of one (API, language) with the
// placeholder in place of the code.
func sampleText(a sampleAPI, lang string) (string, error) {
	name := lang + ".tmpl"
	if lang == "typescript" {
		name = a.TSTemplate
	}
	var b bytes.Buffer
	if err := sampleTemplates.ExecuteTemplate(&b, name, a); err != nil {
		return "", fmt.Errorf("docgen: sample %s/%s: %w", a.API, lang, err)
	}
	text := b.String()
	if lang == "go" {
		src, err := format.Source(b.Bytes())
		if err != nil {
			return "", fmt.Errorf("docgen: sample %s/go does not parse: %w", a.API, err)
		}
		text = string(src)
	}
	if !strings.Contains(text, Placeholder) {
		return "", fmt.Errorf("docgen: sample %s/%s lacks %s", a.API, lang, Placeholder)
	}
	return text, nil
}

// samplesGo writes docs/samples_gen.go: every (API, language) sample as
// plain text and as highlighted HTML, both holding the placeholder.
func samplesGo() ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// %s\n\npackage docs\n\n", Header)
	fmt.Fprintf(&b, "// samplePlaceholder stands for the error code in the templates.\nconst samplePlaceholder = %q\n\n", Placeholder)
	b.WriteString("// sampleLangs are the sample languages, in tab order.\nvar sampleLangs = []string{")
	for i, l := range SampleLangs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(l.Name))
	}
	b.WriteString("}\n\n// sampleTemplates maps API and language to the sample's text and highlighted HTML.\nvar sampleTemplates = map[sampleKey]sampleTemplate{\n")
	have := map[catalog.API]bool{}
	for _, a := range sampleAPIs {
		have[a.API] = true
		for _, l := range SampleLangs {
			text, err := sampleText(a, l.Name)
			if err != nil {
				return nil, err
			}
			html, err := markdown.Highlight(l.Lexer, text)
			if err != nil {
				return nil, err
			}
			if n, m := strings.Count(text, Placeholder), strings.Count(html, Placeholder); n != m {
				return nil, fmt.Errorf("docgen: sample %s/%s: highlighting split the placeholder (%d in text, %d in HTML)", a.API, l.Name, n, m)
			}
			fmt.Fprintf(&b, "\t{%q, %q}: {\n\t\ttext: %s,\n\t\thtml: %s,\n\t},\n", a.API, l.Name, strconv.Quote(text), strconv.Quote(html))
		}
	}
	b.WriteString("}\n")
	for _, a := range catalog.APIs() {
		if !have[a.ID] {
			return nil, fmt.Errorf("docgen: no code samples for API %s", a.ID)
		}
	}
	return gofmt(b.Bytes())
}
