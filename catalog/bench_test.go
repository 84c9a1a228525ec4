package catalog

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"testing"
)

var benchQueries = []string{"BSE1005", "rate limit", "insuficient credits", "429"}

// syntheticEntries makes n entries from the real catalog: the real ones
// first, then copies with new codes whose words are partly replaced by
// made-up words, so the vocabulary grows as a larger catalog's would. The
// result depends only on n.
func syntheticEntries(n int) []Entry {
	real := All()
	r := rand.New(rand.NewPCG(1, 2))
	syll := []string{"ka", "ro", "mi", "te", "sun", "dal", "vor", "pex", "li", "qua", "zen", "bri", "tor", "nel", "gus", "fa"}
	pool := make([]string, 5000)
	for i := range pool {
		var b strings.Builder
		for range 2 + r.IntN(3) {
			b.WriteString(syll[r.IntN(len(syll))])
		}
		pool[i] = b.String()
	}
	vary := func(s string) string {
		words := strings.Fields(s)
		for i := range words {
			if r.IntN(10) < 3 {
				words[i] = pool[r.IntN(len(pool))]
			}
		}
		return strings.Join(words, " ")
	}
	varyAll := func(list []string) []string {
		out := make([]string, len(list))
		for i, s := range list {
			out[i] = vary(s)
		}
		return out
	}
	out := make([]Entry, 0, n)
	out = append(out, real[:min(n, len(real))]...)
	for i := len(out); i < n; i++ {
		e := real[i%len(real)]
		if e.API == BabySea {
			e.Code = Code(fmt.Sprintf("BSE%d%05d", 1+r.IntN(5), i))
		} else {
			e.Code = Code(fmt.Sprintf("%s_%s_%d", e.Code, strings.ToUpper(pool[r.IntN(len(pool))]), i))
		}
		e.Type = Type(fmt.Sprintf("%s_%s", e.Type, pool[r.IntN(len(pool))]))
		e.Title = vary(e.Title)
		e.Meaning = vary(e.Meaning)
		e.Causes = varyAll(e.Causes)
		e.Solutions = varyAll(e.Solutions)
		out = append(out, e)
	}
	return out
}

func TestSyntheticCatalog(t *testing.T) {
	entries := syntheticEntries(2000)
	ix := NewIndex(entries)
	seen := map[string]bool{}
	for _, e := range entries {
		if seen[e.Key()] {
			t.Fatalf("synthetic catalog repeats %s", e.Key())
		}
		seen[e.Key()] = true
	}
	made := strings.Fields(entries[1000].Meaning)[0] // a word of a made-up entry
	for _, q := range append(benchQueries, "", made, "BSE2") {
		ms := ix.Search(q, Filter{})
		checkMatches(t, q, Filter{}, ms)
		if len(ms) == 0 {
			t.Errorf("Search(%q) found nothing in the synthetic catalog", q)
		}
	}
	if ms := ix.Search("BSE1005", Filter{}); ms[0].Entry.Code != "BSE1005" {
		t.Errorf("Search(BSE1005) starts with %s", ms[0].Entry.Key())
	}
}

func BenchmarkSearch(b *testing.B) {
	for _, c := range []struct {
		name string
		ix   func() *Index
	}{
		{"real", defaultIndex},
		{"synthetic10k", func() *Index { return NewIndex(syntheticEntries(10000)) }},
	} {
		ix := sync.OnceValue(c.ix) // built only if a sub-benchmark runs
		for _, q := range benchQueries {
			b.Run(c.name+"/"+q, func(b *testing.B) {
				b.ReportAllocs()
				ix := ix()
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				n := 0
				cpu0, ok := threadCPU()
				for b.Loop() {
					n = len(ix.Search(q, Filter{}))
				}
				if cpu1, _ := threadCPU(); ok {
					b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
				}
				b.ReportMetric(float64(n), "results")
			})
		}
	}
}

func BenchmarkNewIndex(b *testing.B) {
	for _, n := range []int{len(All()), 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			entries := syntheticEntries(n)
			b.ReportAllocs()
			for b.Loop() {
				NewIndex(entries)
			}
		})
	}
}
