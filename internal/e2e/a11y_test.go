package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Accessibility: axe-core (an npm dependency of e2e, see package.json)
// audits every kind of page in its working state, at desktop width.

// axePath is axe-core's browser bundle, installed by `npm ci --prefix internal/e2e`
// (./build.sh test runs it before the browser tests).
var axePath = filepath.Join("node_modules", "axe-core", "axe.min.js")

// axeSource reads axePath once.
var axeSource = sync.OnceValues(func() (string, error) {
	b, err := os.ReadFile(axePath)
	return string(b), err
})

// An axeViolation is one failed axe rule on a page, with the first few
// elements that fail it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"` // minor, moderate, serious or critical
	Help   string `json:"help"`
	Nodes  int    `json:"nodes"` // how many elements fail it
	First  []struct {
		Target  string `json:"target"`
		Summary string `json:"summary"`
	} `json:"first"`
}

// axeRunJS audits the document (not its iframes: each embeddable widget
// is audited as a page of its own) and reports the violations.
const axeRunJS = `axe.run(document, {resultTypes: ["violations"], iframes: false}).then(r => r.violations.map(v => ({
	id: v.id,
	impact: v.impact || "",
	help: v.help,
	nodes: v.nodes.length,
	first: v.nodes.slice(0, 3).map(n => ({target: n.target.map(String).join(" "), summary: (n.failureSummary || "").split("\n").slice(0, 3).join(" ")})),
})))`

// audit injects axe into the page and returns its violations.
func (b *tab) audit(src string) []axeViolation {
	b.t.Helper()
	var injected bool
	b.eval(src+"\n;typeof axe === 'object'", &injected)
	if !injected {
		b.t.Fatalf("axe did not load into %s", b.location())
	}
	var vs []axeViolation
	b.eval(axeRunJS, &vs)
	return vs
}

func TestA11y(t *testing.T) {
	t.Parallel()
	src, err := axeSource()
	if err != nil {
		if skipReason == "" {
			t.Fatalf("axe-core is not installed (%v): run npm ci in internal/e2e (npm ci --prefix internal/e2e)", err)
		}
		t.Skip(skipReason)
	}
	curl, har, body := readTestdata(t, "curl_i_429.txt"), readTestdata(t, "triage_retry.har"), readTestdata(t, "body_babysea.json")
	// Each page gets a tab, and so a deadline, of its own: on a loaded
	// machine one slow page must not eat the time of the pages after it.
	pages := []struct {
		name, path string
		prepare    func(b *tab) // brings the page to the state audited
	}{
		{"home", "/", func(b *tab) {
			b.input("#search", "rate limit")
			b.waitJS("search results", `document.querySelectorAll("#results a").length > 0`)
		}},
		{"code page", "/errors/babysea/BSE1005", func(b *tab) { b.waitText("#code-name", "BSE1005") }},
		{"decoder with a decoded paste", "/decode", func(b *tab) {
			b.paste(curl)
			b.waitText("#decode-output", "req_e2e_curl_i")
		}},
		{"simulator after a run", "/simulate", func(b *tab) { b.runSimulation("429:retry-after=17,503,200", 500) }},
		{"guide", "/docs/retries", func(b *tab) { b.waitFor("#doc") }},
		{"not found", "/404", func(b *tab) { b.waitFor("#not-found") }},
		{"triage with a HAR", "/triage", func(b *tab) {
			b.input("#triage-input", har)
			b.waitText("#triage-groups", "BSE1005")
		}},
		{"embed gallery", "/embed", nil},
		{"embedded code card", "/embed/errors/babysea/BSE1005", func(b *tab) { b.waitText("#code-name", "BSE1005") }},
		{"embedded decoder with a paste", "/embed/decode", func(b *tab) {
			b.input("#embed-decode-input", body)
			b.waitText("#embed-decode-output", "BSE1005")
		}},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			b := newTab(t)
			b.open(p.path)
			if p.prepare != nil {
				p.prepare(b)
			}
			for _, v := range b.audit(src) {
				var where []string
				for _, n := range v.First {
					where = append(where, n.Target+" — "+n.Summary)
				}
				msg := fmt.Sprintf("%s [%s] %s: %d element(s), first:\n\t\t%s", v.ID, v.Impact, v.Help, v.Nodes, strings.Join(where, "\n\t\t"))
				if v.Impact == "serious" || v.Impact == "critical" {
					t.Errorf("%s: %s", p.path, msg)
				} else {
					t.Logf("%s (not failing: %s): %s", p.path, v.Impact, msg)
				}
			}
		})
	}
}
