//go:build !wasm

package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/route"
)

// triageSecret is the bearer token in testdata/triage_retry.har.
const triageSecret = "E2EsEcReTtOkEn0123456789abcdef"

func TestTriagePage(t *testing.T) {
	har, err := os.ReadFile("testdata/triage_retry.har")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(har), triageSecret) {
		t.Fatal("the HAR no longer holds the secret this test looks for")
	}
	tests := []struct {
		name          string
		input         string
		want, notWant []string
	}{
		{
			name:  "HAR with a retried 429",
			input: string(har),
			want: []string{
				`id="triage-groups"`, `id="triage-copy"`, `id="triage-totals"`,
				`href="/errors/babysea/BSE1005"`, ">BSE1005<", "req_tri_0001", "req_tri_0002",
				"finding-ignored_retry_after", "Retry-After 20 s", ">×2<",
			},
			notWant: []string{triageSecret, "What you get"},
		},
		{
			name:    "empty",
			input:   "",
			want:    []string{`id="triage-input"`, "What you get", "<noscript>"},
			notWant: []string{`id="triage-groups"`, `id="triage-copy"`},
		},
		{
			name:    "no failures",
			input:   "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"ok\":true}\n",
			want:    []string{`id="triage-none"`},
			notWant: []string{`class="triage-group `},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &triagePage{Input: tt.input}
			html := render(t, p)
			for _, w := range tt.want {
				if !strings.Contains(html, w) {
					t.Errorf("the page lacks %q", w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(html, w) {
					t.Errorf("the page contains %q", w)
				}
			}
			if p.report != nil && strings.Contains(p.markdown, triageSecret) {
				t.Error("the ticket summary holds the secret")
			}
			if p.report != nil && len(p.report.Groups) > 0 && !strings.Contains(p.markdown, "/errors/") {
				t.Error("the ticket summary links no reference page")
			}
		})
	}
}

func TestEmbedCard(t *testing.T) {
	e, ok := catalog.Lookup("babysea", "BSE1005")
	if !ok {
		t.Fatal("BSE1005 is not in the catalog")
	}
	tests := []struct {
		name, key     string
		want, notWant []string
	}{
		{"api and code", "babysea/BSE1005",
			[]string{">BSE1005<", e.Title, `id="embed-solutions"`, `href="` + route.Code(e) + `"`, `target="_blank"`, `rel="noopener"`, "Open in errscope", `id="embed-frame"`},
			[]string{"site-header", "site-footer", `id="embed-missing"`}},
		{"bare code", "BSE1005", []string{">BSE1005<", `href="` + route.Code(e) + `"`}, []string{`id="embed-missing"`}},
		{"unknown", "babysea/NOPE", []string{`id="embed-missing"`}, []string{`id="embed-solutions"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			html := render(t, &embedCard{Key: tt.key})
			for _, w := range tt.want {
				if !strings.Contains(html, w) {
					t.Errorf("the card lacks %q", w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(html, w) {
					t.Errorf("the card contains %q", w)
				}
			}
		})
	}
}

// Every code's card lists at most topSolutions solutions, all of them the
// entry's own, in order.
func TestEmbedCardSolutions(t *testing.T) {
	for _, e := range catalog.All() {
		html := render(t, &embedCard{Key: string(e.API) + "/" + string(e.Code)})
		n := strings.Count(html, "<li>")
		if want := min(len(e.Solutions), topSolutions); n != want {
			t.Errorf("%s: %d list items, want %d", e.Key(), n, want)
		}
	}
}

func TestEmbedSimulate(t *testing.T) {
	tests := []struct {
		spec, api string
		rows      int // table rows; 0 means an error is shown
	}{
		{"429:retry-after=2,503,200", "babysea", 3},
		{"200", "babou", 1},
		{"bogus!", "babysea", 0},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			p := &embedSimulatePage{Spec: tt.spec, API: tt.api}
			html := render(t, p)
			if tt.rows == 0 {
				if !strings.Contains(html, `id="embed-sim-error"`) {
					t.Error("no error shown for a bad spec")
				}
				return
			}
			if n := strings.Count(html, " selected"); n != 1 {
				t.Errorf("%d options are marked selected, want 1", n)
			}
			if got := len(p.result.Attempts); got != tt.rows {
				t.Errorf("%d attempts, want %d", got, tt.rows)
			}
			if got := strings.Count(html, "<tr>") - 1; got != len(p.result.Attempts) {
				t.Errorf("%d table rows for %d attempts", got, len(p.result.Attempts))
			}
		})
	}
}

func TestOEmbedFiles(t *testing.T) {
	const origin = "https://errscope.example"
	entries := catalog.All()
	files := oembedFiles(origin, entries)
	if len(files) != len(entries) {
		t.Fatalf("%d oEmbed files for %d entries", len(files), len(entries))
	}
	for _, e := range entries {
		b, ok := files["oembed/"+string(e.API)+"/"+string(e.Code)+".json"]
		if !ok {
			t.Errorf("%s: no oEmbed file", e.Key())
			continue
		}
		var o oembed
		if err := json.Unmarshal(b, &o); err != nil {
			t.Errorf("%s: %v", e.Key(), err)
			continue
		}
		if o.Version != "1.0" || o.Type != "rich" || o.Width <= 0 || o.Height <= 0 || !strings.Contains(o.Title, string(e.Code)) {
			t.Errorf("%s: %+v", e.Key(), o)
		}
		if !strings.HasPrefix(o.HTML, `<iframe src="`+origin+"/embed"+route.Code(e)+`"`) {
			t.Errorf("%s: html %q", e.Key(), o.HTML)
		}
	}
}

func TestTimeRange(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		first, last time.Time
		want        string
	}{
		{time.Time{}, time.Time{}, "—"},
		{at("2026-11-21T10:00:00Z"), at("2026-11-21T10:00:00Z"), "2026-11-21 10:00:00 UTC"},
		{at("2026-11-21T10:00:00Z"), at("2026-11-21T10:00:21Z"), "2026-11-21 10:00:00–10:00:21 UTC"},
		{at("2026-11-21T23:59:00+01:00"), at("2026-11-22T10:00:00Z"), "2026-11-21 22:59:00 – 2026-11-22 10:00:00 UTC"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := timeRange(tt.first, tt.last); got != tt.want {
				t.Errorf("timeRange = %q, want %q", got, tt.want)
			}
		})
	}
}
