package triage

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "update golden files")

// testNow is "now" for every test: after all fixture times.
var testNow = time.Date(2026, 11, 21, 16, 0, 0, 0, time.UTC)

// inputs lists the fixtures: every file under testdata except golden files.
func inputs(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, ext := range []string{"*.har", "*.log", "*.txt", "*.ndjson"} {
		m, err := filepath.Glob(filepath.Join("testdata", ext))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m...)
	}
	slices.Sort(out)
	if len(out) == 0 {
		t.Fatal("no fixtures under testdata")
	}
	return out
}

func marshal(t *testing.T, r *Report) []byte {
	t.Helper()
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// golden compares got with the golden file, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (run go test -update and review the diff):\n%s", path, firstDiff(string(got), string(want)))
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return "line " + itoa(i+1) + ":\n got: " + a + "\nwant: " + b
		}
	}
	return ""
}

func TestGolden(t *testing.T) {
	for _, path := range inputs(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			r, err := Analyze(f, Options{Now: testNow})
			if err != nil {
				t.Fatalf("Analyze: %v", err)
			}
			checkInvariants(t, r)
			golden(t, path+".json.golden", marshal(t, r))
			golden(t, path+".md.golden", []byte(r.Markdown()))

			// The browser's entry point gives the same report.
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := marshal(t, AnalyzeBytes(b, Options{Now: testNow})), marshal(t, r); !bytes.Equal(got, want) {
				t.Errorf("AnalyzeBytes differs from Analyze:\n%s", firstDiff(string(got), string(want)))
			}
		})
	}
}

// checkInvariants checks what must hold for every report.
func checkInvariants(t *testing.T, r *Report) {
	t.Helper()
	sum := 0
	for i, g := range r.Groups {
		sum += g.Count
		if g.Count <= 0 {
			t.Errorf("group %d (%s %s) has count %d", i, g.API, g.Code, g.Count)
		}
		if i > 0 && r.Groups[i-1].Count < g.Count {
			t.Errorf("group %d (count %d) comes after a smaller group (count %d)", i, g.Count, r.Groups[i-1].Count)
		}
		if !slices.IsSorted(g.Statuses) || len(g.Statuses) == 0 {
			t.Errorf("group %d statuses %v are empty or unsorted", i, g.Statuses)
		}
		if len(g.RequestIDs) > MaxRequestIDs || len(g.Endpoints) > MaxEndpoints {
			t.Errorf("group %d lists %d ids and %d endpoints, over the caps", i, len(g.RequestIDs), len(g.Endpoints))
		}
		if g.Verdict == "" || g.Title == "" {
			t.Errorf("group %d has no verdict or title: %+v", i, g)
		}
		if g.Decision.Retry != strings.HasPrefix(g.Verdict, "retry") {
			t.Errorf("group %d: decision retry=%v but verdict %q", i, g.Decision.Retry, g.Verdict)
		}
		if (g.Code == "") == (g.Kind == KindAPIError) {
			t.Errorf("group %d: code %q with kind %q", i, g.Code, g.Kind)
		}
		if !g.First.IsZero() && g.Last.Before(g.First) {
			t.Errorf("group %d: last %v before first %v", i, g.Last, g.First)
		}
		n := 0
		for _, f := range g.Findings {
			if f.Kind != FindingTooManyAttempts {
				n += f.Count
			}
			if f.MinGapMS > f.MaxGapMS {
				t.Errorf("group %d finding %s: min gap %d > max gap %d", i, f.Kind, f.MinGapMS, f.MaxGapMS)
			}
		}
		if n < g.Retries {
			t.Errorf("group %d: %d retries but findings cover %d", i, g.Retries, n)
		}
	}
	if sum > r.Failures || r.Failures > r.Entries {
		t.Errorf("groups count %d failures, report %d failures of %d entries", sum, r.Failures, r.Entries)
	}
	if len(r.Problems) > MaxProblems {
		t.Errorf("%d problems, over MaxProblems", len(r.Problems))
	}
	if !r.First.IsZero() && r.Last.Before(r.First) {
		t.Errorf("last %v before first %v", r.Last, r.First)
	}
}
