package catalog

import (
	"cmp"
	"math/bits"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// A Filter narrows a search. The zero Filter matches every entry; each
// non-zero field must match.
type Filter struct {
	API      API      // only this API; "" means any
	Category Category // only this category; "" means any
	// StatusClass keeps entries whose Status/100 equals it: 4 for 4xx, 5 for
	// 5xx. 0 means any status.
	StatusClass int
	// Retryable, when non-nil, keeps entries whose Retryable flag equals
	// *Retryable.
	Retryable *bool
}

// Match reports whether e passes the filter.
func (f Filter) Match(e Entry) bool {
	if f.API != "" && e.API != f.API {
		return false
	}
	if f.Category != "" && e.Cat != f.Category {
		return false
	}
	if f.StatusClass != 0 && e.Status/100 != f.StatusClass {
		return false
	}
	if f.Retryable != nil && e.Retryable != *f.Retryable {
		return false
	}
	return true
}

// A Rank says how a search result matched the query. Lower ranks are better
// and come first.
type Rank int

// The ranks of [Match.Rank], best first.
const (
	// RankExactCode: the query is the entry's code, ignoring case and the
	// separators _ - and space ("bse1005", "rate limit exceeded").
	RankExactCode Rank = iota
	// RankStatus: the query is the entry's HTTP status ("429").
	RankStatus
	// RankCodePrefix: the query is a prefix or fragment of the code
	// ("BSE10", "1005", "RATE_LIMIT").
	RankCodePrefix
	// RankType: the query is the entry's type, or a prefix or fragment of
	// it ("rate limit" for rate_limit_exceeded).
	RankType
	// RankText: every query word occurs, whole or as a word prefix, in the
	// entry's code, type, status, title, meaning, causes or solutions.
	RankText
	// RankFuzzy: as RankText, but at least one word matched only with a
	// typo (an edit distance of 1 for words of 4+ bytes, 2 for 8+), or the
	// whole query is a misspelt code or type.
	RankFuzzy
)

var rankNames = [...]string{"exact-code", "status", "code-prefix", "type", "text", "fuzzy"}

// String returns a short name for the rank, e.g. "exact-code".
func (r Rank) String() string {
	if r >= 0 && int(r) < len(rankNames) {
		return rankNames[r]
	}
	return "rank(" + strconv.Itoa(int(r)) + ")"
}

// A Span is a half-open byte range [Start, End) of a string.
type Span struct{ Start, End int }

// A Match is one search result.
//
// Spans make highlighting possible without re-running the search: Spans
// lie within [Match.Text] (the text of Field), CodeSpans within
// Entry.Code and TitleSpans within Entry.Title. All are sorted, do not
// overlap, and are empty when nothing in that string matched.
type Match struct {
	Entry Entry
	Rank  Rank
	// Score orders matches of the same rank; higher is better. It has no
	// unit and is only comparable within one search.
	Score int
	// Field names the field that decided the match: "code", "type",
	// "status", "title", "meaning", "causes" or "solutions"; "" for the
	// results of an empty query.
	Field string
	// Item is the index within Causes or Solutions when Field is one of
	// them, and 0 otherwise.
	Item       int
	Spans      []Span // matched parts of Text()
	CodeSpans  []Span // matched parts of Entry.Code
	TitleSpans []Span // matched parts of Entry.Title
}

// Text returns the text of the matched field: the code, type, status
// number, title, meaning, or the cause or solution at Item. It returns ""
// when Field is empty or unknown.
func (m Match) Text() string {
	return fieldText(m.Entry, m.Field, m.Item)
}

func fieldText(e Entry, field string, item int) string {
	switch field {
	case "code":
		return string(e.Code)
	case "type":
		return string(e.Type)
	case "status":
		return strconv.Itoa(e.Status)
	case "title":
		return e.Title
	case "meaning":
		return e.Meaning
	case "causes":
		if item >= 0 && item < len(e.Causes) {
			return e.Causes[item]
		}
	case "solutions":
		if item >= 0 && item < len(e.Solutions) {
			return e.Solutions[item]
		}
	}
	return ""
}

// Limits on the work one query may cause.
const (
	// MaxQueryLen is the number of bytes of a query that are used; the rest
	// is ignored.
	MaxQueryLen = 256
	// MaxQueryWords is the number of distinct query words that are used.
	MaxQueryWords = 16
)

// Field slots of a doc; causes and solutions follow as fieldCauses+i.
const (
	fieldCode = iota
	fieldType
	fieldStatus
	fieldTitle
	fieldMeaning
	fieldItems // first cause; solutions follow the causes
)

// weight of a hit in each field, for text scoring.
var fieldWeight = map[string]int{"code": 8, "type": 7, "title": 6, "status": 5, "meaning": 4, "causes": 2, "solutions": 1}

// Kinds of word hits, best first.
const (
	kindExact  = iota // the word is a token
	kindJoined        // the word is two adjacent tokens written together
	kindPrefix        // the word starts a token
	kindFuzzy         // the word is a token with a typo
)

var kindWeight = [...]int{kindExact: 4, kindJoined: 3, kindPrefix: 2, kindFuzzy: 1}

// An Index is a search index over a fixed list of entries, built once by
// [NewIndex]. It is safe for concurrent use.
type Index struct {
	docs   []doc
	terms  []term           // vocabulary: single tokens and joined pairs
	byTerm map[string]int32 // term → id
	sorted []int32          // term ids in term order, for prefix search
	byLen  [][]int32        // single-token ids by byte length, for fuzzy search
	post   [][]int32        // term id → ascending doc numbers
}

type term struct {
	s      string
	sig    uint64 // set of characters, for a cheap edit-distance bound
	digits bool   // s has a digit: numbers and codes match exactly, never with typos
	joined bool   // s only ever occurs as two adjacent tokens written together
	first  int    // for a joined term, the length of its first part
}

type doc struct {
	e      Entry
	code   normText
	typ    normText
	status string
	fields []field
	toks   []tok
}

type field struct {
	name string
	item int
	text string
}

type tok struct {
	id         int32 // term id
	field      int32 // index into doc.fields
	start, end int32 // byte offsets in the field's text
}

// normText is a string lower-cased with everything but letters and digits
// removed, with a map back to the original's byte offsets.
type normText struct {
	orig   string
	norm   string
	start  []int32 // byte offset in orig of the rune behind norm[i]
	end    []int32 // byte offset in orig just past that rune
	bounds []bool  // norm[i] starts a word (after a separator or a letter/digit change)
}

func normalize(s string) normText {
	n := normText{orig: s}
	var b strings.Builder
	prevKind := 0 // 0 separator, 1 letter, 2 digit
	for i, r := range s {
		kind := 0
		switch {
		case unicode.IsLetter(r):
			kind = 1
		case unicode.IsDigit(r):
			kind = 2
		}
		if kind == 0 {
			prevKind = 0
			continue
		}
		size := utf8.RuneLen(r)
		if r == utf8.RuneError {
			size = 1
		}
		lr := unicode.ToLower(r)
		before := b.Len()
		b.WriteRune(lr)
		for j := before; j < b.Len(); j++ {
			n.start = append(n.start, int32(i))
			n.end = append(n.end, int32(i+size))
			n.bounds = append(n.bounds, j == before && kind != prevKind)
		}
		prevKind = kind
	}
	n.norm = b.String()
	return n
}

// normKey is normalize(s).norm without the offset maps.
func normKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// span maps norm[i:j] back to a byte span of the original string.
func (n normText) span(i, j int) Span {
	return Span{int(n.start[i]), int(n.end[j-1])}
}

type rawTok struct {
	s          string
	start, end int
}

// tokenize splits s into lower-case runs of letters and digits.
func tokenize(s string) []rawTok {
	var out []rawTok
	start := -1
	var b strings.Builder
	flush := func(end int) {
		if start >= 0 {
			out = append(out, rawTok{b.String(), start, end})
			b.Reset()
			start = -1
		}
	}
	for i, r := range s {
		if r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if start < 0 {
				start = i
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		flush(i)
	}
	flush(len(s))
	return out
}

// splitAlnum splits a token at letter/digit changes ("bse1005" → "bse",
// "1005"); it returns nil when there is no change.
func splitAlnum(t rawTok) []rawTok {
	var out []rawTok
	last := 0
	prevDigit := false
	for i, r := range t.s {
		d := unicode.IsDigit(r)
		if i > 0 && d != prevDigit {
			out = append(out, rawTok{t.s[last:i], t.start + last, t.start + i})
			last = i
		}
		prevDigit = d
	}
	if len(out) == 0 {
		return nil
	}
	return append(out, rawTok{t.s[last:], t.start + last, t.end})
}

func sigOf(s string) uint64 {
	var m uint64
	for i := 0; i < len(s); i++ {
		m |= 1 << (s[i] % 64)
	}
	return m
}

// NewIndex builds a search index over entries, which it keeps in the given
// order (the order of an empty query's results). The entries are not
// copied deeply; do not modify them afterwards.
func NewIndex(entries []Entry) *Index {
	ix := &Index{byTerm: map[string]int32{}}
	ix.docs = make([]doc, len(entries))
	for di, e := range entries {
		d := &ix.docs[di]
		d.e = e
		d.code = normalize(string(e.Code))
		d.typ = normalize(string(e.Type))
		d.status = strconv.Itoa(e.Status)
		d.fields = append(d.fields,
			field{"code", 0, string(e.Code)},
			field{"type", 0, string(e.Type)},
			field{"status", 0, d.status},
			field{"title", 0, e.Title},
			field{"meaning", 0, e.Meaning})
		for i, c := range e.Causes {
			d.fields = append(d.fields, field{"causes", i, c})
		}
		for i, s := range e.Solutions {
			d.fields = append(d.fields, field{"solutions", i, s})
		}
		for fi, f := range d.fields {
			toks := tokenize(f.text)
			for ti, t := range toks {
				ix.addTok(d, di, fi, t.s, t.start, t.end, 0)
				if fi <= fieldType {
					for _, p := range splitAlnum(t) {
						ix.addTok(d, di, fi, p.s, p.start, p.end, 0)
					}
				}
				if ti+1 < len(toks) {
					n := toks[ti+1]
					ix.addTok(d, di, fi, t.s+n.s, t.start, n.end, len(t.s))
				}
			}
			if fi <= fieldType && len(toks) > 2 {
				// The whole code or type written as one word.
				nt := normalize(f.text)
				ix.addTok(d, di, fi, nt.norm, toks[0].start, toks[len(toks)-1].end, len(toks[0].s))
			}
		}
	}
	ix.sorted = make([]int32, len(ix.terms))
	for i := range ix.sorted {
		ix.sorted[i] = int32(i)
	}
	sort.Slice(ix.sorted, func(a, b int) bool { return ix.terms[ix.sorted[a]].s < ix.terms[ix.sorted[b]].s })
	for id, t := range ix.terms {
		if t.joined {
			continue
		}
		for len(ix.byLen) <= len(t.s) {
			ix.byLen = append(ix.byLen, nil)
		}
		ix.byLen[len(t.s)] = append(ix.byLen[len(t.s)], int32(id))
	}
	return ix
}

// addTok records a token of field fi of doc di; first > 0 marks two
// adjacent tokens written together, the first of them first bytes long.
func (ix *Index) addTok(d *doc, di, fi int, s string, start, end, first int) {
	if s == "" {
		return
	}
	joined := first > 0
	id, ok := ix.byTerm[s]
	if !ok {
		id = int32(len(ix.terms))
		ix.terms = append(ix.terms, term{s: s, sig: sigOf(s), digits: hasDigit(s), joined: joined, first: first})
		ix.byTerm[s] = id
		ix.post = append(ix.post, nil)
	} else if !joined && ix.terms[id].joined {
		ix.terms[id].joined = false // also a plain token somewhere
	}
	d.toks = append(d.toks, tok{id, int32(fi), int32(start), int32(end)})
	if p := ix.post[id]; len(p) == 0 || p[len(p)-1] != int32(di) {
		ix.post[id] = append(p, int32(di))
	}
}

var stopwords = map[string]bool{
	"a": true, "an": true, "the": true, "is": true, "are": true, "was": true, "were": true,
	"be": true, "been": true, "of": true, "to": true, "in": true, "on": true, "at": true,
	"for": true, "and": true, "or": true, "with": true, "my": true, "i": true, "it": true,
	"its": true, "this": true, "that": true, "from": true, "as": true, "by": true,
	"me": true, "we": true, "you": true, "your": true, "has": true, "have": true,
	"had": true, "do": true, "does": true, "did": true, "what": true, "why": true,
	"how": true, "when": true, "get": true, "got": true, "getting": true,
}

// queryWords returns the distinct lower-case words of q, without stop words
// unless q has nothing else, at most MaxQueryWords of them.
func queryWords(q string) []string {
	var all, kept []string
	seen := map[string]bool{}
	for _, t := range tokenize(q) {
		if seen[t.s] {
			continue
		}
		seen[t.s] = true
		all = append(all, t.s)
		if !stopwords[t.s] {
			kept = append(kept, t.s)
		}
	}
	if len(kept) == 0 {
		kept = all
	}
	if len(kept) > MaxQueryWords {
		kept = kept[:MaxQueryWords]
	}
	return kept
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

// maxEdits is the typo tolerance for a word of n bytes.
func maxEdits(n int) int {
	switch {
	case n >= 8:
		return 2
	case n >= 4:
		return 1
	}
	return 0
}

// osaDistance returns the optimal-string-alignment (restricted
// Damerau-Levenshtein) distance of a and b over bytes, or k+1 when it is
// larger than k.
func osaDistance(a, b string, k int) int {
	if d := len(a) - len(b); d > k || -d > k {
		return k + 1
	}
	const maxLen = 64
	if len(b) >= maxLen {
		return k + 1
	}
	var r0, r1, r2 [maxLen + 1]int // rows i-2, i-1, i
	for j := 0; j <= len(b); j++ {
		r1[j] = j
	}
	for i := 1; i <= len(a); i++ {
		r2[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(r1[j]+1, r2[j-1]+1, r1[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, r0[j-2]+1)
			}
			r2[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > k {
			return k + 1
		}
		r0, r1 = r1, r2
	}
	return r1[len(b)]
}

// A wordHit says that term id matches query word w with a kind.
type wordHit struct {
	w    int
	kind int
}

// matchWords finds the vocabulary terms each query word matches.
func (ix *Index) matchWords(words []string) map[int32][]wordHit {
	hits := map[int32][]wordHit{}
	add := func(id int32, w, kind int) {
		for i, h := range hits[id] {
			if h.w == w {
				if kind < h.kind {
					hits[id][i].kind = kind
				}
				return
			}
		}
		hits[id] = append(hits[id], wordHit{w, kind})
	}
	for w, s := range words {
		if id, ok := ix.byTerm[s]; ok {
			kind := kindExact
			if ix.terms[id].joined {
				kind = kindJoined
			}
			add(id, w, kind)
		}
		if len(s) >= 3 {
			lo := sort.Search(len(ix.sorted), func(i int) bool { return ix.terms[ix.sorted[i]].s >= s })
			for _, id := range ix.sorted[lo:] {
				t := ix.terms[id].s
				if !strings.HasPrefix(t, s) {
					break
				}
				// A prefix of a joined term must reach into its second
				// part: "ratelim" matches "rate limit", "rat" does not.
				if len(t) > len(s) && (!ix.terms[id].joined || len(s) > ix.terms[id].first) {
					add(id, w, kindPrefix)
				}
			}
		}
		k := maxEdits(len(s))
		if k == 0 || hasDigit(s) {
			continue
		}
		sig := sigOf(s)
		for n := max(1, len(s)-k); n <= len(s)+k && n < len(ix.byLen); n++ {
			for _, id := range ix.byLen[n] {
				t := &ix.terms[id]
				if t.digits || bits.OnesCount64(t.sig^sig) > 2*k || t.s == s {
					continue
				}
				if osaDistance(s, t.s, k) <= k {
					add(id, w, kindFuzzy)
				}
			}
		}
	}
	return hits
}

// cand is the best way one doc matched so far.
type cand struct {
	doc   int
	rank  Rank
	score int
	field int // index into doc.fields, -1 for none
	spans []Span
}

// wholeQuery matches the normalised query against the code, status and
// type of d. ok is false when none matched.
func wholeQuery(d *doc, q, qn string, status bool) (c cand, ok bool) {
	c.field = -1
	better := func(r Rank, score, field int, spans []Span) {
		if !ok || r < c.rank || (r == c.rank && score > c.score) {
			c.rank, c.score, c.field, c.spans, ok = r, score, field, spans, true
		}
	}
	code := d.code.norm
	switch {
	case code == qn || strings.EqualFold(string(d.e.Code), q):
		better(RankExactCode, 1000, fieldCode, []Span{{0, len(d.e.Code)}})
	case strings.HasPrefix(code, qn):
		better(RankCodePrefix, 300-(len(code)-len(qn)), fieldCode, []Span{d.code.span(0, len(qn))})
	case len(qn) >= 3:
		if i := strings.Index(code, qn); i >= 0 {
			score := 100
			if d.code.bounds[i] {
				score = 200
			}
			better(RankCodePrefix, score-(len(code)-len(qn)), fieldCode, []Span{d.code.span(i, i+len(qn))})
		}
	}
	if status && q == d.status {
		better(RankStatus, 900, fieldStatus, []Span{{0, len(d.status)}})
	}
	typ := d.typ.norm
	switch {
	case typ == qn:
		better(RankType, 1000, fieldType, []Span{{0, len(d.e.Type)}})
	case strings.HasPrefix(typ, qn):
		better(RankType, 300-(len(typ)-len(qn)), fieldType, []Span{d.typ.span(0, len(qn))})
	case len(qn) >= 3:
		if i := strings.Index(typ, qn); i >= 0 {
			score := 100
			if d.typ.bounds[i] {
				score = 200
			}
			better(RankType, score-(len(typ)-len(qn)), fieldType, []Span{d.typ.span(i, i+len(qn))})
		}
	}
	if k := maxEdits(len(qn)); k > 0 && !ok && !hasDigit(qn) {
		if code != qn && len(code) > 0 {
			if dist := osaDistance(qn, code, k); dist <= k {
				better(RankFuzzy, 1000-100*dist, fieldCode, []Span{{0, len(d.e.Code)}})
			}
		}
		if typ != qn && len(typ) > 0 {
			if dist := osaDistance(qn, typ, k); dist <= k {
				better(RankFuzzy, 900-100*dist, fieldType, []Span{{0, len(d.e.Type)}})
			}
		}
	}
	return c, ok
}

// Search returns the entries matching query and passing f, best first.
//
// The query is matched, in this order of rank: as a whole code ("BSE1005",
// "bse1005"), as an HTTP status ("429"), as a prefix or fragment of a code
// ("1005", "BSE10", "RATE_LIMIT"), as (part of) a type ("rate limit",
// "rate_limit"), and word by word against the code, type, status, title,
// meaning, causes and solutions, where every word must match (AND), a word
// may be a prefix of a longer one (3+ bytes), may join two words
// ("ratelimit"), and may carry a typo (see [RankFuzzy]). Case and the
// separators _ - and space are ignored throughout. Common English stop
// words are dropped from the query unless it has no other word.
//
// Results are ordered by rank, then score (higher first), then API
// (BabySea first), then code, then index order. Each entry appears at
// most once, with its best match. A query with no letters or digits
// returns every entry that passes f, in index order, with Rank RankText.
// Only the first [MaxQueryLen] bytes (cut at a space where there is one)
// and [MaxQueryWords] words are used.
func (ix *Index) Search(query string, f Filter) []Match {
	if len(query) > MaxQueryLen {
		// Cut, dropping a word the cut would split.
		if i := strings.LastIndexAny(query[:MaxQueryLen+1], " \t\r\n"); i > 0 {
			query = query[:i]
		} else {
			query = query[:MaxQueryLen]
		}
	}
	q := strings.TrimSpace(query)
	qn := normKey(q)
	if qn == "" {
		var out []Match
		for i := range ix.docs {
			if f.Match(ix.docs[i].e) {
				out = append(out, Match{Entry: ix.docs[i].e, Rank: RankText})
			}
		}
		return out
	}
	isStatus := len(q) == 3 && q[0] >= '1' && q[0] <= '5' && strings.Trim(q, "0123456789") == ""
	words := queryWords(q)
	hits := ix.matchWords(words)

	best := map[int]*cand{}
	for di := range ix.docs {
		d := &ix.docs[di]
		if !f.Match(d.e) {
			continue
		}
		if c, ok := wholeQuery(d, q, qn, isStatus); ok {
			c.doc = di
			best[di] = &c
		}
	}

	// Text phase: docs in which every word hits some term.
	full := uint64(1)<<len(words) - 1
	mask := map[int32]uint64{}
	for id, hs := range hits {
		var m uint64
		for _, h := range hs {
			m |= 1 << h.w
		}
		for _, di := range ix.post[id] {
			mask[di] |= m
		}
	}
	for di32, m := range mask {
		di := int(di32)
		if m != full || !f.Match(ix.docs[di].e) {
			continue
		}
		c := ix.textMatch(&ix.docs[di], words, hits)
		c.doc = di
		if b, ok := best[di]; !ok || c.rank < b.rank || (c.rank == b.rank && c.score > b.score) {
			best[di] = &c
		}
	}

	out := make([]Match, 0, len(best))
	order := make([]int, 0, len(best))
	for di := range best {
		order = append(order, di)
	}
	slices.SortFunc(order, func(a, b int) int {
		ca, cb := best[a], best[b]
		if c := cmp.Compare(ca.rank, cb.rank); c != 0 {
			return c
		}
		if c := cmp.Compare(cb.score, ca.score); c != 0 {
			return c
		}
		ea, eb := ix.docs[a].e, ix.docs[b].e
		if c := cmp.Compare(apiOrder(ea.API), apiOrder(eb.API)); c != 0 {
			return c
		}
		if c := cmp.Compare(ea.API, eb.API); c != 0 {
			return c
		}
		if c := cmp.Compare(ea.Code, eb.Code); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	for _, di := range order {
		out = append(out, ix.result(best[di], words, hits))
	}
	return out
}

// textMatch scores a doc in which every query word hits.
func (ix *Index) textMatch(d *doc, words []string, hits map[int32][]wordHit) cand {
	type wbest struct {
		score, field int
		exact        bool
	}
	var bw [MaxQueryWords]wbest
	for _, t := range d.toks {
		for _, h := range hits[t.id] {
			name := d.fields[t.field].name
			s := fieldWeight[name] * kindWeight[h.kind]
			b := &bw[h.w]
			if s > b.score {
				b.score, b.field = s, int(t.field)
			}
			if h.kind != kindFuzzy {
				b.exact = true
			}
		}
	}
	c := cand{rank: RankText, field: -1}
	top := 0
	for w := range words {
		c.score += bw[w].score
		if !bw[w].exact {
			c.rank = RankFuzzy
		}
		if bw[w].score > top {
			top, c.field = bw[w].score, bw[w].field
		}
	}
	return c
}

// result turns a candidate into a Match with its highlight spans.
func (ix *Index) result(c *cand, words []string, hits map[int32][]wordHit) Match {
	d := &ix.docs[c.doc]
	m := Match{Entry: d.e, Rank: c.rank, Score: c.score}
	var fieldSpans, code, title []Span
	for _, t := range d.toks {
		hs := hits[t.id]
		if len(hs) == 0 {
			continue
		}
		sp := Span{int(t.start), int(t.end)}
		// A token matched only as a prefix is highlighted up to the
		// longest word that starts it.
		prefix := 0
		for _, h := range hs {
			if h.kind != kindPrefix {
				prefix = 0
				break
			}
			prefix = max(prefix, len(words[h.w]))
		}
		if prefix > 0 {
			n := normalize(d.fields[t.field].text[t.start:t.end])
			if prefix <= len(n.norm) {
				p := n.span(0, prefix)
				sp = Span{int(t.start) + p.Start, int(t.start) + p.End}
			}
		}
		switch {
		case t.field == fieldCode:
			code = append(code, sp)
		case t.field == fieldTitle:
			title = append(title, sp)
		}
		if int(t.field) == c.field {
			fieldSpans = append(fieldSpans, sp)
		}
	}
	if c.spans != nil {
		// A whole-query match decides the spans of its field.
		fieldSpans = c.spans
		if c.field == fieldCode {
			code = append(code, c.spans...)
		}
	}
	if c.field >= 0 {
		fd := d.fields[c.field]
		m.Field, m.Item = fd.name, fd.item
	}
	m.Spans = mergeSpans(fieldSpans)
	m.CodeSpans = mergeSpans(code)
	m.TitleSpans = mergeSpans(title)
	return m
}

// mergeSpans sorts spans and joins overlapping or touching ones.
func mergeSpans(s []Span) []Span {
	if len(s) == 0 {
		return nil
	}
	slices.SortFunc(s, func(a, b Span) int {
		if c := cmp.Compare(a.Start, b.Start); c != 0 {
			return c
		}
		return cmp.Compare(a.End, b.End)
	})
	out := s[:1]
	for _, sp := range s[1:] {
		last := &out[len(out)-1]
		if sp.Start <= last.End {
			last.End = max(last.End, sp.End)
			continue
		}
		out = append(out, sp)
	}
	return out
}

var defaultIndex = sync.OnceValue(func() *Index { return NewIndex(data.Entries) })

// Search searches the whole catalog; see [Index.Search]. The index is built
// on first use.
func Search(query string, f Filter) []Match {
	return defaultIndex().Search(query, f)
}
