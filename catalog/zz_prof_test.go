package catalog

import (
	"fmt"
	"strings"
	"testing"
)

func BenchmarkZZKey(b *testing.B) {
	real := All()
	out := make([]Entry, 10000)
	for i := range out {
		e := real[i%len(real)]
		e.Code = Code(fmt.Sprintf("%s_%05d", e.Code, i))
		words := strings.Fields(e.Meaning)
		if len(words) > 2 {
			k := i % len(words)
			words = append(words[k:], words[:k]...)
		}
		e.Meaning = strings.Join(words, " ")
		out[i] = e
	}
	ix := NewIndex(out)
	for _, q := range []string{"B", "BSE", "pro", "in", "i", "rate lim", "idempote"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				ix.SearchN(q, Filter{}, 50)
			}
		})
	}
}
