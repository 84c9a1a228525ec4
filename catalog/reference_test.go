package catalog

import (
	"cmp"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// refSearchN is a straightforward SearchN, the specification the indexed
// search is checked against: it looks at every term of the vocabulary and
// every token of every entry for each query, with no postings, blobs,
// length buckets, candidate slots, pooled scratch or partial selection, and
// sorts all matches. It shares only the index's tokens (doc.toks, terms)
// and the pure helpers (normKey, queryWords, osaDistance, ...).
//
// Where the indexed search keeps the first of equally good matches, the
// order it meets them in is spelt out here: a doc's code occurrences by
// offset, then its type's, then its status, then a misspelt code or type;
// per query word, its exact term, then the terms it prefixes in string
// order, then its misspelt terms by length and term id, each term's
// tokens in doc order.
func refSearchN(ix *Index, query string, f Filter, n int) ([]Match, int) {
	q := cutQuery(query)
	qn := normKey(q)
	if qn == "" {
		var out []Match
		for _, d := range ix.docs {
			if f.Match(d.e) {
				out = append(out, Match{Entry: d.e, Rank: RankText})
			}
		}
		return out, len(out)
	}
	words := queryWords(q)

	// Which terms each word (slot w) and each phrase (slot
	// MaxQueryWords+i) hits, with what kind, and in what order.
	type hit struct {
		term  int32
		kind  int
		order [3]int // kind class, then for a typo the length and the id
	}
	slots := map[int][]hit{}
	info := make([]uint64, len(ix.terms))
	record := func(slot int, id int32, kind int, wordLen int) {
		info[id] |= 1 << slot
		if kind == kindPrefix {
			if p := uint64(min(wordLen, infoPrefMask)); p > (info[id]>>infoPrefShift)&infoPrefMask {
				info[id] = info[id]&^(infoPrefMask<<infoPrefShift) | p<<infoPrefShift
			}
		} else {
			info[id] |= infoWhole
		}
	}
	for w, word := range words {
		k := maxEdits(len(word))
		for id, t := range ix.terms {
			h := hit{term: int32(id), kind: -1}
			switch {
			case t.s == word:
				h.kind = kindExact
				if t.joined {
					h.kind = kindJoined
				}
			case len(word) >= 3 && len(t.s) > len(word) && strings.HasPrefix(t.s, word) && (!t.joined || len(word) > t.first):
				h.kind, h.order = kindPrefix, [3]int{1, 0, 0}
			case k > 0 && !hasDigit(word) && !t.joined && !t.digits && len(t.s) >= 3 &&
				len(t.s) >= len(word)-k && len(t.s) <= len(word)+k && osaDistance(word, t.s, k) <= k:
				h.kind, h.order = kindFuzzy, [3]int{2, len(t.s), id}
			}
			if h.kind >= 0 {
				slots[w] = append(slots[w], h)
				record(w, int32(id), h.kind, len(word))
			}
		}
	}
	for i := 0; i+1 < len(words) && i < maxPhrases; i++ {
		for id, t := range ix.terms {
			if t.s == words[i]+words[i+1] {
				slots[MaxQueryWords+i] = append(slots[MaxQueryWords+i], hit{term: int32(id), kind: kindPhrase})
				record(MaxQueryWords+i, int32(id), kindPhrase, 0)
			}
		}
	}
	nw := len(words)
	np := min(max(nw-1, 0), maxPhrases)
	slotOf := func(i int) int { // the i-th scored slot: words, then phrases
		if i < nw {
			return i
		}
		return MaxQueryWords + i - nw
	}
	at := map[int][]int{} // per slot and term, its place in the slot's order, -1 for none
	for slot, hs := range slots {
		slices.SortStableFunc(hs, func(a, b hit) int {
			if c := slices.Compare(a.order[:], b.order[:]); c != 0 || a.kind != kindPrefix {
				return c
			}
			return strings.Compare(ix.terms[a.term].s, ix.terms[b.term].s)
		})
		at[slot] = slices.Repeat([]int{-1}, len(ix.terms))
		for i, h := range hs {
			at[slot][h.term] = i
		}
	}

	type result struct {
		di    int
		d     *doc
		rank  Rank
		score int
		field int
		span  Span
		whole bool
	}
	var all []result
	for di := range ix.docs {
		d := &ix.docs[di]
		r := result{di: di, d: d, field: -1}
		better := func(rank Rank, score int) bool {
			return r.field < 0 || rank < r.rank || rank == r.rank && score > r.score
		}
		whole := func(rank Rank, score, field int, sp Span) {
			if better(rank, score) {
				r.rank, r.score, r.field, r.span, r.whole = rank, score, field, sp, true
			}
		}
		// The whole query against the code, then the type.
		for _, x := range []struct {
			n           *normText
			exact, rank Rank
			field       int
		}{
			{&d.code, RankExactCode, RankCodePrefix, fieldCode},
			{&d.typ, RankType, RankType, fieldType},
		} {
			if x.field == fieldType && hasDigit(d.code.norm) {
				x.exact, x.rank = RankCodePrefix, RankCodePrefix
			}
			for at := 0; at+len(qn) <= len(x.n.norm); at++ {
				if x.n.norm[at:at+len(qn)] != qn {
					continue
				}
				switch {
				case at == 0 && len(x.n.norm) == len(qn):
					whole(x.exact, 1000, x.field, Span{0, len(d.fields[x.field].text)})
				case at == 0 && x.n.bounds[len(qn)]:
					whole(x.rank, 300, x.field, x.n.span(0, len(qn)))
				case at == 0:
					whole(x.rank, 300-(len(x.n.norm)-len(qn)), x.field, x.n.span(0, len(qn)))
				case len(qn) >= 3 || len(qn) == 2 && isDigits(qn):
					score := 100
					if x.n.bounds[at] {
						score = 200
					}
					whole(x.rank, score-(len(x.n.norm)-len(qn)), x.field, x.n.span(at, at+len(qn)))
				}
			}
		}
		if len(q) == 3 && isDigits(q) && d.status == q {
			whole(RankStatus, 900, fieldStatus, Span{0, 3})
		}
		if k := maxEdits(len(qn)); r.field < 0 && k > 0 && !hasDigit(qn) {
			for _, x := range []struct {
				n            *normText
				field, score int
			}{{&d.code, fieldCode, 1000}, {&d.typ, fieldType, 900}} {
				if x.n.norm == "" || len(x.n.norm) < len(qn)-k || len(x.n.norm) > len(qn)+k {
					continue
				}
				if dist := osaDistance(qn, x.n.norm, k); dist <= k {
					whole(RankFuzzy, x.score-100*dist, x.field, Span{0, len(d.fields[x.field].text)})
				}
			}
		}
		// Word by word: the best hit of each slot in this doc, the first
		// met of equal ones.
		if nw > 0 {
			rank, score, field, top, every := RankText, 0, -1, 0, true
			for i := range nw + np {
				slot := slotOf(i)
				// The best score, met first: in the slot's order of
				// terms, then in token order.
				best, bestAt, bestField, exact := 0, 0, -1, false
				for _, t := range d.toks {
					hi := -1
					if at[slot] != nil {
						hi = at[slot][t.id]
					}
					if hi < 0 {
						continue
					}
					h := slots[slot][hi]
					sc := d.fields[t.field].weight * kindWeight[h.kind]
					if h.kind == kindPhrase {
						sc += phraseBonus
					}
					if sc > best || sc == best && hi < bestAt {
						best, bestAt, bestField = sc, hi, int(t.field)
					}
					if h.kind != kindFuzzy {
						exact = true
					}
				}
				if i < nw && best == 0 {
					every = false
					break
				}
				score += best
				if i < nw && !exact {
					rank = RankFuzzy
				}
				if best > top {
					top, field = best, bestField
				}
			}
			if every && better(rank, score) {
				r.rank, r.score, r.field, r.whole = rank, score, field, false
			}
		}
		if r.field >= 0 && f.Match(d.e) {
			all = append(all, r)
		}
	}
	slices.SortFunc(all, func(a, b result) int {
		if c := cmp.Compare(a.rank, b.rank); c != 0 {
			return c
		}
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		if c := cmp.Compare(a.d.api, b.d.api); c != 0 {
			return c
		}
		if c := cmp.Compare(a.d.e.API, b.d.e.API); c != 0 {
			return c
		}
		if c := cmp.Compare(a.d.e.Code, b.d.e.Code); c != 0 {
			return c
		}
		return cmp.Compare(a.di, b.di)
	})
	total := len(all)
	if n >= 0 && n < total {
		all = all[:n]
	}
	out := make([]Match, len(all))
	for i, r := range all {
		d := r.d
		m := Match{Entry: d.e, Rank: r.rank, Score: r.score}
		if r.field >= 0 {
			m.Field, m.Item = d.fields[r.field].name, d.fields[r.field].item
		}
		spansOf := func(fi int) []Span {
			fd := &d.fields[fi]
			var out []Span
			for _, t := range d.toks[fd.from:fd.to] {
				in := info[t.id]
				if in&infoWords == 0 {
					continue
				}
				sp := Span{int(t.start), int(t.end)}
				if p := int(in>>infoPrefShift) & infoPrefMask; in&infoWhole == 0 && p > 0 {
					sp.End = sp.Start + prefixEnd(fd.text[t.start:t.end], p)
				}
				out = append(out, sp)
			}
			return out
		}
		code, title := spansOf(fieldCode), spansOf(fieldTitle)
		var spans []Span
		switch {
		case r.whole:
			spans = []Span{r.span}
			if r.field == fieldCode {
				code = append(code, r.span)
			}
		case r.field == fieldCode:
			spans = code
		case r.field == fieldTitle:
			spans = title
		case r.field >= 0:
			spans = spansOf(r.field)
		}
		m.Spans, m.CodeSpans, m.TitleSpans = refMerge(spans), refMerge(code), refMerge(title)
		out[i] = m
	}
	return out, total
}

// refMerge sorts spans and joins those that overlap or touch; nil if none.
func refMerge(s []Span) []Span {
	s = slices.Clone(s)
	slices.SortFunc(s, func(a, b Span) int { return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End)) })
	var out []Span
	for _, sp := range s {
		if len(out) > 0 && sp.Start <= out[len(out)-1].End {
			out[len(out)-1].End = max(out[len(out)-1].End, sp.End)
			continue
		}
		out = append(out, sp)
	}
	return out
}

// checkAgainstReference fails t where ix.SearchN and the reference differ
// for query and f, for n = want and all results; it is exported to the
// external tests (which can import internal/bench/workload) by
// export_test.go.
func checkAgainstReference(t testing.TB, ix *Index, query string, f Filter, n int) {
	t.Helper()
	got, gotTotal := ix.SearchN(query, f, n)
	want, wantTotal := refSearchN(ix, query, f, n)
	if gotTotal != wantTotal {
		t.Errorf("SearchN(%q, %+v, %d): total %d, reference %d", query, f, n, gotTotal, wantTotal)
	}
	if len(got) != len(want) {
		t.Errorf("SearchN(%q, %+v, %d): %d matches, reference %d", query, f, n, len(got), len(want))
		return
	}
	for i := range got {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("SearchN(%q, %+v, %d): match %d is\n%s %v %d %q/%d %v %v %v\nreference\n%s %v %d %q/%d %v %v %v", query, f, n, i,
				got[i].Entry.Key(), got[i].Rank, got[i].Score, got[i].Field, got[i].Item, got[i].Spans, got[i].CodeSpans, got[i].TitleSpans,
				want[i].Entry.Key(), want[i].Rank, want[i].Score, want[i].Field, want[i].Item, want[i].Spans, want[i].CodeSpans, want[i].TitleSpans)
			return
		}
	}
}

// referenceQueries are queries beyond the bench's keystrokes that reach
// every rule: exact codes and types, fragments, statuses, typos in codes
// and words, joined words, phrases, stop words, the API id, Unicode,
// nothing to match, and an over-long query.
var referenceQueries = []string{
	"BSE1005", "bse1005", "1005", "05", "BSE10", "RATE_LIMIT", "rate_limit_exceeded", "rate limit", "ratelimit",
	"ratelim", "rat", "limit rate", "retry after", "claro 429", "babou", "429", "500", "4", "42", "insuficient credits",
	"timout", "provder timeout", "ratelimitexceeded", "rate_limt_exceded", "intrnal_error", "the", "what is the",
	"how do i fix a 503", "Ünïcödé 500", "\xff\xfe", " _-_ ", "", "key", "api key", "idempotency key", "upload",
	"uplaod", "http 413", "HTTP_413", "forbidden", "not found", "notfound", "concurrency", "generation cancel",
	strings.Repeat("ra te ", 60), "a b c d e f g h i j k l m n o p q r s t u v w x y z",
}

// referenceFilters are a few filters for the reference comparison.
func referenceFilters() []Filter {
	return []Filter{{}, {API: BabySea}, {StatusClass: 5}, {Category: Categories[0], Retryable: new(false)}, {Retryable: new(true)}}
}

func TestSearchMatchesReference(t *testing.T) {
	ix := defaultIndex()
	for _, q := range referenceQueries {
		for _, f := range referenceFilters() {
			checkAgainstReference(t, ix, q, f, -1)
			checkAgainstReference(t, ix, q, f, 3)
		}
	}
}

func TestSearchMatchesReferenceSynthetic(t *testing.T) {
	ix := NewIndex(syntheticEntries(10000))
	for _, q := range append(referenceQueries, strings.Fields(ix.docs[5000].e.Meaning)[0], "BSE2", "BSE200") {
		checkAgainstReference(t, ix, q, Filter{}, 50)
	}
}

// FuzzSearchMatchesReference: for any query, filter and page size, SearchN
// gives exactly what the straightforward reference gives, on the real
// catalog.
func FuzzSearchMatchesReference(f *testing.F) {
	for i, q := range referenceQueries {
		f.Add(q, byte(i), byte(i%7))
	}
	ix := defaultIndex()
	filters := referenceFilters()
	f.Fuzz(func(t *testing.T, q string, fl, n byte) {
		size := int(n%60) - 1 // -1 (all) to 58
		checkAgainstReference(t, ix, q, filters[int(fl)%len(filters)], size)
	})
}
