package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Lighthouse scores, an extra the bench prints when Lighthouse is
// installed: `./build.sh bench` runs `npm ci --prefix
// internal/bench/lighthouse` (package.json there pins it; 12.x, as 13.x
// needs Node 22.19+). Without it the rows are skipped, never failed.

// lighthousePages are the pages audited, by the name of their row.
var lighthousePages = []lighthousePage{
	{"home", "/"},
	{"code page", "/errors/babysea/BSE1005"},
	{"decoder", "/decode"},
}

// A lighthousePage is a page to audit and the name of its row.
type lighthousePage struct{ name, path string }

// lighthouseTimeout bounds one Lighthouse run.
const lighthouseTimeout = 3 * time.Minute

// lighthouseBin returns the Lighthouse CLI installed under dir, or "".
func lighthouseBin(dir string) string {
	bin := filepath.Join(dir, "node_modules", ".bin", "lighthouse")
	if _, err := os.Stat(bin); err != nil {
		return ""
	}
	return bin
}

// lighthouseReport is the part of Lighthouse's JSON report the bench reads.
type lighthouseReport struct {
	RuntimeError *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"runtimeError"`
	Categories map[string]struct {
		Score *float64 `json:"score"` // 0..1, null when it could not be computed
	} `json:"categories"`
	Audits map[string]struct {
		DisplayValue string  `json:"displayValue"`
		NumericValue float64 `json:"numericValue"`
	} `json:"audits"`
}

// lighthouseRuns is how many times each page is audited; the bench keeps
// the run with the median performance score (Lighthouse's own advice for
// its run-to-run variance).
const lighthouseRuns = 3

// lighthouseRows runs Lighthouse (its default: a mobile page load with
// simulated throttling) against the hello-world go-app at helloURL, the
// baseline (none when helloURL is ""), and each of pages on the server at base, with
// Chromium at chrome. It returns two table rows per page: the four category
// scores (0–100) and the load metrics behind the performance score, each
// beside the hello world's. It returns nil when Lighthouse is not
// installed.
func lighthouseRows(dir string, pages []lighthousePage, base, helloURL, chrome string) [][]string {
	bin := lighthouseBin(dir)
	if bin == "" {
		fmt.Fprintf(os.Stderr, "bench: no Lighthouse in %s (npm ci --prefix %s); skipping its scores\n", dir, dir)
		return nil
	}
	audit := func(url string) (scores, metrics string, tbt float64, err error) {
		r, err := medianLighthouse(bin, url, chrome)
		if err != nil {
			return "", "", 0, err
		}
		var sc []string
		for _, c := range []string{"performance", "accessibility", "best-practices", "seo"} {
			if s := r.Categories[c].Score; s != nil {
				sc = append(sc, fmt.Sprintf("%.0f", *s*100))
			} else {
				sc = append(sc, "?")
			}
		}
		var ms []string
		for _, m := range []string{"first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift"} {
			v := r.Audits[m].DisplayValue
			if v == "" {
				v = "?"
			}
			ms = append(ms, strings.ReplaceAll(v, "\u00a0", " "))
		}
		return strings.Join(sc, " / "), strings.Join(ms, " / "), r.Audits["total-blocking-time"].NumericValue, nil
	}
	var helloScores, helloMetrics string
	var helloTBT float64
	var err error
	if helloURL == "" {
		helloScores, helloMetrics = "n/a", "n/a"
	} else if helloScores, helloMetrics, helloTBT, err = audit(helloURL + "/"); err != nil {
		fmt.Fprintf(os.Stderr, "bench: lighthouse hello world: %v\n", err)
		helloScores, helloMetrics = "n/a", "n/a"
	} else {
		helloScores += " hello world"
		helloMetrics += " hello world"
	}
	var rows [][]string
	for _, p := range pages {
		what := "lighthouse " + p.name + ": perf / a11y / bp / seo"
		scores, metrics, tbt, err := audit(base + p.path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "bench: lighthouse %s: %v\n", p.path, err)
			rows = append(rows, []string{what, "n/a (" + firstLineOf(err.Error()) + ")", "", "", ""})
			continue
		}
		tbtRatio := ""
		if helloTBT > 0 {
			tbtRatio = "TBT " + ratio(tbt, helloTBT)
		}
		tbtBudget := ""
		if p.path != "/decode" {
			tbtBudget = "TBT ≤ 150 ms"
		}
		rows = append(rows,
			[]string{what, scores, helloScores, "", "≥ 95 / 100 / 100 / 100"},
			[]string{"lighthouse " + p.name + ": FCP / LCP / TBT / CLS (simulated mobile)", metrics, helloMetrics, tbtRatio, tbtBudget})
	}
	return rows
}

// medianLighthouse audits url lighthouseRuns times and returns the report
// with the median performance score.
func medianLighthouse(bin, url, chrome string) (*lighthouseReport, error) {
	var reports []*lighthouseReport
	var lastErr error
	for range lighthouseRuns {
		r, err := runLighthouse(bin, url, chrome)
		if err != nil {
			lastErr = err
			continue
		}
		reports = append(reports, r)
	}
	if len(reports) == 0 {
		return nil, lastErr
	}
	perf := func(r *lighthouseReport) float64 {
		if s := r.Categories["performance"].Score; s != nil {
			return *s
		}
		return -1
	}
	slices.SortFunc(reports, func(a, b *lighthouseReport) int { return cmp.Compare(perf(a), perf(b)) })
	return reports[len(reports)/2], nil
}

// runLighthouse audits one URL and returns its parsed report.
func runLighthouse(bin, url, chrome string) (*lighthouseReport, error) {
	ctx, cancel := context.WithTimeout(context.Background(), lighthouseTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, url,
		"--quiet",
		"--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking",
		"--only-categories=performance,accessibility,best-practices,seo",
		"--output=json", "--output-path=stdout",
	)
	cmd.Env = os.Environ()
	if chrome != "" {
		cmd.Env = append(cmd.Env, "CHROME_PATH="+chrome)
	}
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%w: %s", err, firstLineOf(strings.TrimSpace(stderr.String())))
	}
	var r lighthouseReport
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		return nil, fmt.Errorf("reading its report: %w", err)
	}
	if r.RuntimeError != nil && r.RuntimeError.Code != "" {
		return nil, fmt.Errorf("%s: %s", r.RuntimeError.Code, r.RuntimeError.Message)
	}
	return &r, nil
}

// firstLineOf returns s up to its first newline.
func firstLineOf(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
