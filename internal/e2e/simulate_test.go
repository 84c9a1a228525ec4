package e2e

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/retry"
)

// The simulator (/simulate): play responses through an API's retry policy,
// and many clients through an outage.

func TestSimulator(t *testing.T) {
	t.Parallel()
	const spec = "429:retry-after=17,503,200"
	resp, err := retry.ParseSpec(catalog.BabySea, spec)
	if err != nil || len(resp) != 3 {
		t.Fatalf("the retry package no longer reads %q as three responses: %v", spec, err)
	}

	b := newTab(t)
	b.open("/simulate")

	t.Run("scenario", func(t *testing.T) {
		b.waitFor("#sim-spec")
		if b.has("#sim-api") {
			b.choose("#sim-api", string(catalog.BabySea))
		}
		b.input("#sim-spec", spec)
		b.click("#sim-run")
		b.waitJS("three attempts in the table", `document.querySelectorAll("#sim-attempts tbody tr").length === 3`)
		rows := b.texts("#sim-attempts tbody tr")
		if !strings.Contains(rows[0], "429") || !strings.Contains(rows[0], "17 s") {
			t.Errorf("attempt 1 %q: want the 429 and its 17 s wait", rows[0])
		}
		if !strings.Contains(rows[2], "200") {
			t.Errorf("attempt 3 %q: want the 200", rows[2])
		}
		if o := strings.ToLower(b.text("#sim-outcome")); !strings.Contains(o, "success") && !strings.Contains(o, "succeeded") {
			t.Errorf("outcome %q, want success", o)
		}
		if !b.has("#timeline svg, svg#timeline") {
			t.Errorf("no SVG timeline")
		}
		var marks int
		b.eval(`document.querySelectorAll("#timeline svg *, svg#timeline *").length`, &marks)
		if marks == 0 {
			t.Errorf("the timeline SVG is empty")
		}
	})

	t.Run("share link restores the scenario", func(t *testing.T) {
		b.waitJS("the scenario in the address bar", `location.hash.length > 1 || location.search.length > 1`)
		var href string
		b.eval("location.href", &href)
		fresh := newTab(t)
		fresh.open(strings.TrimPrefix(href, b.base))
		fresh.waitFor("#sim-spec")
		var got string
		fresh.eval(`document.querySelector("#sim-spec").value`, &got)
		if got != spec {
			t.Errorf("the shared link restores the scenario %q, want %q", got, spec)
		}
		fresh.waitJS("the restored run", `document.querySelectorAll("#sim-attempts tbody tr").length === 3`)
	})

	t.Run("scenario file", func(t *testing.T) {
		// The page shows its scenario as the JSON the command line loads,
		// and loads one back: the form, the run and the link follow it.
		b.waitFor("#sim-json")
		var shown struct {
			API       string `json:"api"`
			Responses string `json:"responses"`
		}
		if err := json.Unmarshal([]byte(b.text("#sim-json")), &shown); err != nil || shown.API != string(catalog.BabySea) || shown.Responses != spec {
			t.Errorf("the scenario file shown is %q (%v), want the babysea scenario %q", b.text("#sim-json"), err, spec)
		}
		var href string
		b.eval(`document.querySelector("#sim-json-save").getAttribute("href")`, &href)
		if !strings.HasPrefix(href, "data:application/json") || !strings.Contains(href, url.PathEscape(spec)) {
			t.Errorf("save link %q does not hold the scenario", href)
		}
		b.input("#sim-json-load-text", `{"api":"claro","responses":"503*4,200","max_retries":4}`)
		b.click("#sim-json-load")
		b.waitJS("the loaded scenario's five attempts", `document.querySelectorAll("#sim-attempts tbody tr").length === 5`)
		var got struct{ Spec, Retries, API string }
		b.eval(`({spec: document.querySelector("#sim-spec").value, retries: document.querySelector("#sim-max-retries").value, api: document.querySelector("#sim-api").value})`, &got)
		if got.Spec != "503,503,503,503,200" || got.Retries != "4" || got.API != string(catalog.Claro) {
			t.Errorf("after loading, the form shows %+v", got)
		}
		b.input("#sim-json-load-text", `{"api":"claro","max_retries":"lots"}`)
		b.click("#sim-json-load")
		b.waitFor("#sim-json-error")
		if e := b.text("#sim-json-error"); !strings.Contains(e, "Max retries") {
			t.Errorf("a bad scenario file says %q, want the field named", e)
		}
		// "Test your client" shows the loaded scenario's commands.
		if c := b.text("#test-client-check"); !strings.Contains(c, "check --api claro --responses 503,503,503,503,200 -- CLIENT") {
			t.Errorf("the check command for the loaded scenario is %q", c)
		}
		// Back to the scenario the next subtest expects.
		b.choose("#sim-api", string(catalog.BabySea))
		b.input("#sim-max-retries", "")
		b.input("#sim-spec", spec)
		b.click("#sim-run")
		b.waitJS("three attempts again", `document.querySelectorAll("#sim-attempts tbody tr").length === 3`)
	})

	t.Run("many clients", func(t *testing.T) {
		b.waitFor("#herd-clients")
		b.input("#herd-clients", "1000")
		b.click("#herd-run")
		// One row per jitter kind, each with its peak load.
		js := fmt.Sprintf(`document.querySelectorAll("#herd-results [data-jitter]").length >= %d`, len(retry.Jitters))
		b.waitJS("a result for every jitter kind", js)
		var rows []struct {
			Jitter string `json:"jitter"`
			Peak   string `json:"peak"`
		}
		b.eval(`Array.from(document.querySelectorAll("#herd-results [data-jitter]"), r => ({
			jitter: r.dataset.jitter,
			peak: (r.querySelector("[data-peak]") || {}).dataset ? r.querySelector("[data-peak]").dataset.peak : "",
		}))`, &rows)
		peak := map[string]float64{}
		for _, r := range rows {
			v, err := strconv.ParseFloat(r.Peak, 64)
			if err != nil {
				t.Errorf("jitter %s: peak %q is not a number", r.Jitter, r.Peak)
				continue
			}
			peak[r.Jitter] = v
		}
		for _, j := range retry.Jitters {
			if _, ok := peak[string(j)]; !ok {
				t.Errorf("no result for jitter %q (rows %v)", j, rows)
			}
		}
		none, full := peak[string(retry.JitterNone)], peak[string(retry.JitterFull)]
		if !(full < none) {
			t.Errorf("1000 clients: full jitter's peak %.0f req/s is not below no jitter's %.0f", full, none)
		}
	})
}

// runSimulation runs spec, three responses, in the simulator, then the
// herd of the given number of clients, and waits for both results.
func (b *tab) runSimulation(spec string, clients int) {
	b.t.Helper()
	b.waitFor("#sim-spec")
	b.input("#sim-spec", spec)
	b.click("#sim-run")
	b.waitJS("three attempts", `document.querySelectorAll("#sim-attempts tbody tr").length === 3`)
	b.input("#herd-clients", strconv.Itoa(clients))
	b.click("#herd-run")
	b.waitJS("the herd's results", `document.querySelectorAll("#herd-results [data-jitter]").length > 0`)
}
