package workload

import (
	"testing"

	"github.com/errscope/errscope/apierror"
)

func TestSyntheticCodesAreUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range Synthetic(2000) {
		if seen[e.Key()] {
			t.Fatalf("duplicate %s", e.Key())
		}
		seen[e.Key()] = true
	}
}

func TestPasteDecodes(t *testing.T) {
	p := Paste(1 << 20)
	if len(p) < 1<<20-512 || len(p) > 1<<20 {
		t.Fatalf("paste is %d bytes, want about 1 MiB", len(p))
	}
	errs := apierror.ReadAll(p, apierror.Options{}).Errors
	if len(errs) != 1 || errs[0].Code != "BSE1005" || errs[0].Status != 429 {
		t.Fatalf("decoded %d errors, first %+v", len(errs), errs[0])
	}
}

func TestRunReportsEveryOperation(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole workload")
	}
	ts := Run()
	if len(ts) != 4 {
		t.Fatalf("%d timings", len(ts))
	}
	for _, x := range ts {
		if x.N == 0 || x.P50 > x.P99 || x.P99 > x.Max {
			t.Errorf("%s: inconsistent %+v", x.Name, x)
		}
	}
}
