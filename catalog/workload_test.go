package catalog_test

import (
	"testing"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/bench/workload"
)

// TestKeystrokesMatchReference: every keystroke the bench times gives, on
// the real catalog and on the bench's 10 000 entries, exactly the page of
// results and the total that the straightforward reference search gives.
func TestKeystrokesMatchReference(t *testing.T) {
	for _, c := range []struct {
		name string
		ix   *catalog.Index
	}{
		{"real", catalog.NewIndex(catalog.All())},
		{"10000", catalog.NewIndex(workload.Synthetic(10000))},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, q := range workload.Keystrokes() {
				catalog.CheckAgainstReference(t, c.ix, q, catalog.Filter{}, 50)
			}
		})
	}
}
