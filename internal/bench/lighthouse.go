package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Lighthouse scores, an extra the bench prints when Lighthouse is
// installed: `./build.sh bench` runs `npm ci --prefix
// internal/bench/lighthouse` (package.json there pins it; 12.x, as 13.x
// needs Node 22.19+). Without it the rows are skipped, never failed.

// lighthousePages are the pages audited, by the name of their row.
var lighthousePages = []struct{ name, path string }{
	{"home", "/"},
	{"code page", "/errors/babysea/BSE1005"},
	{"decoder", "/decode"},
}

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
		DisplayValue string `json:"displayValue"`
	} `json:"audits"`
}

// lighthouseRows runs Lighthouse (its default: a mobile page load with
// simulated throttling) against each of lighthousePages on the server at
// base, with Chromium at chrome, and returns two table rows per page: the
// four category scores (0–100) and the load metrics behind the
// performance score. It returns nil when Lighthouse is not installed.
func lighthouseRows(dir, base, chrome string) [][]string {
	bin := lighthouseBin(dir)
	if bin == "" {
		fmt.Fprintf(os.Stderr, "bench: no Lighthouse in %s (npm ci --prefix %s); skipping its scores\n", dir, dir)
		return nil
	}
	if chrome == "" {
		if p, err := exec.LookPath("chromium"); err == nil {
			chrome = p
		}
	}
	var rows [][]string
	for _, p := range lighthousePages {
		what := "lighthouse " + p.name + ": perf / a11y / bp / seo"
		r, err := runLighthouse(bin, base+p.path, chrome)
		if err != nil {
			fmt.Fprintf(os.Stderr, "bench: lighthouse %s: %v\n", p.path, err)
			rows = append(rows, []string{what, "n/a (" + firstLineOf(err.Error()) + ")", "", "", ""})
			continue
		}
		var scores []string
		for _, c := range []string{"performance", "accessibility", "best-practices", "seo"} {
			if s := r.Categories[c].Score; s != nil {
				scores = append(scores, fmt.Sprintf("%.0f", *s*100))
			} else {
				scores = append(scores, "?")
			}
		}
		rows = append(rows, []string{what, strings.Join(scores, " / "), "", "", ""})
		var metrics []string
		for _, m := range []string{"first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift"} {
			v := r.Audits[m].DisplayValue
			if v == "" {
				v = "?"
			}
			metrics = append(metrics, strings.ReplaceAll(v, "\u00a0", " "))
		}
		rows = append(rows, []string{"lighthouse " + p.name + ": FCP / LCP / TBT / CLS (simulated mobile)", strings.Join(metrics, " / "), "", "", ""})
	}
	return rows
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
