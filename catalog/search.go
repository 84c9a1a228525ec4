package catalog

import (
	"math/bits"
	"slices"
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
func (f Filter) Match(e Entry) bool { return f.match(&e) }

func (f Filter) match(e *Entry) bool {
	if f.API != "" && e.API != f.API {
		return false
	}
	if f.Category != "" && e.Category != f.Category {
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
	// ("BSE10", "1005", "RATE_LIMIT"), or the type, or a prefix or
	// fragment of it, of an entry whose code is a number (BSE1005's
	// rate_limit_exceeded names the code as the other APIs' codes do;
	// typed whole it scores above every fragment). A prefix of whole words scores the same whatever
	// follows it, so "ratelimit" ties BSE1005 with RATE_LIMIT_ERROR and
	// the API order decides.
	RankCodePrefix
	// RankType: the query is the type, or a prefix or fragment of it, of
	// an entry whose code is a name (Claro's rate_limit_exceeded).
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
	// "status", "title", "meaning", "causes", "solutions", or "api" (the
	// entry's API id, which queries like "claro 429" use); "" for the
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
// number, title, meaning, API id, or the cause or solution at Item. It returns ""
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
	case "api":
		return string(e.API)
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

// A wordHit says that a term matches query word w with a kind.
type wordHit struct {
	id   int32
	w    uint8
	kind uint8
}

// phraseBonus is added to the score of two query words found next to each
// other, in order: adjacency counts for more than the field it is in.
const phraseBonus = 16

// maxPhrases is the number of adjacent query word pairs ("retry after")
// whose occurrence as a pair earns a bonus.
const maxPhrases = 8

// termInfo bits, per term, per query: which words (bits 0–15) and phrases
// (bits 16–23) hit it, and how long the longest word is when all hits are
// prefix hits.
const (
	infoWords     = 1<<(MaxQueryWords+maxPhrases) - 1
	infoPrefShift = 32
	infoPrefMask  = 0xffff
	infoWhole     = 1 << 63 // some hit covers the whole term
)

// scratch is the working memory of one query.
type scratch struct {
	mask     []uint32 // per doc: the words and phrases that hit it
	slot     []int32  // per doc: 1 + its index in cands, -1 if filtered out, 0 unseen
	termInfo []uint64 // per term: see infoWords
	hits     []wordHit
	cands    []cand
	wb       []wbest // per candidate and word, the best text hit
	tmp      [3][]Span
	masked   bool // mask was written
	filtered bool // some slot is -1
}

type wbest struct {
	score int32
	field int32
	exact bool
}

// matchWords finds the terms each query word matches, best kind first,
// and the terms that are two adjacent words written together (phrase w
// is slot MaxQueryWords+w), and records them in s.hits and s.termInfo.
func (ix *Index) matchWords(s *scratch, words []string) {
	add := func(id int32, w, kind int) {
		info := &s.termInfo[id]
		if *info&(1<<w) != 0 {
			return // already hit by this word with a better kind
		}
		*info |= 1 << w
		if kind == kindPrefix {
			if p := uint64(min(len(words[w]), infoPrefMask)); p > (*info>>infoPrefShift)&infoPrefMask {
				*info = *info&^(infoPrefMask<<infoPrefShift) | p<<infoPrefShift
			}
		} else {
			*info |= infoWhole
		}
		s.hits = append(s.hits, wordHit{id, uint8(w), uint8(kind)})
	}
	for w, q := range words {
		if id, ok := ix.byTerm[q]; ok {
			kind := kindExact
			if ix.terms[id].joined {
				kind = kindJoined
			}
			add(id, w, kind)
		}
		if len(q) >= 3 {
			lo, _ := slices.BinarySearchFunc(ix.sorted, q, func(id int32, q string) int { return strings.Compare(ix.terms[id].s, q) })
			for _, id := range ix.sorted[lo:] {
				t := &ix.terms[id]
				if !strings.HasPrefix(t.s, q) {
					break
				}
				// A prefix of a joined term must reach into its second
				// part: "ratelim" matches "rate limit", "rat" does not.
				if len(t.s) > len(q) && (!t.joined || len(q) > t.first) {
					add(id, w, kindPrefix)
				}
			}
		}
		k := maxEdits(len(q))
		if k == 0 || hasDigit(q) {
			continue
		}
		sig := sigOf(q)
		for n := max(1, len(q)-k); n <= len(q)+k && n < len(ix.byLen); n++ {
			for _, id := range ix.byLen[n] {
				t := &ix.terms[id]
				if bits.OnesCount64(t.sig^sig) > 2*k || t.s == q {
					continue
				}
				if osaDistance(q, t.s, k) <= k {
					add(id, w, kindFuzzy)
				}
			}
		}
	}
	for i := 0; i+1 < len(words) && i < maxPhrases; i++ {
		if id, ok := ix.byTerm[words[i]+words[i+1]]; ok {
			add(id, MaxQueryWords+i, kindPhrase)
		}
	}
}

// cand is the best way one doc matched so far.
type cand struct {
	doc     int32
	order   int32 // the doc's tie-break position (Index.order)
	rank    Rank
	score   int
	field   int32 // index into doc.fields, -1 for none
	span    Span  // the whole-query match in field, if whole
	inNorm  bool  // span is a range of the field's normText, mapped back by result
	whole   bool  // matched as a whole code, status or type
	hasText bool  // every query word hit
	textAt  int32 // where the per-word scores start in scratch.wb
}

// before reports whether c comes before o in the results: by rank, then
// score (higher first), then the docs' tie-break order.
func (c *cand) before(o *cand) bool {
	if c.rank != o.rank {
		return c.rank < o.rank
	}
	if c.score != o.score {
		return c.score > o.score
	}
	return c.order < o.order
}

// better reports whether (r, score) beats c.
func (c *cand) better(r Rank, score int) bool {
	return c.field < 0 || r < c.rank || (r == c.rank && score > c.score)
}

func (c *cand) setWhole(r Rank, score, field int, sp Span, inNorm bool) {
	if c.better(r, score) {
		c.rank, c.score, c.field, c.span, c.whole, c.inNorm = r, score, int32(field), sp, true, inNorm
	}
}

// blob is the normalised codes (or types) of all docs, each preceded by a
// NUL, so one substring scan finds a query in all of them.
type blob struct {
	s      string
	starts []int32 // doc i's text starts at s[starts[i]]
}

func newBlob(docs []doc, pick func(*doc) *normText) blob {
	var b strings.Builder
	bl := blob{starts: make([]int32, len(docs))}
	for i := range docs {
		b.WriteByte(0)
		bl.starts[i] = int32(b.Len())
		b.WriteString(pick(&docs[i]).norm)
	}
	bl.s = b.String()
	return bl
}

// each calls fn, in order, for the offset in s of each occurrence of q.
func (bl *blob) each(q string, fn func(o int)) {
	for pos := 0; pos < len(bl.s); {
		i := strings.Index(bl.s[pos:], q)
		if i < 0 {
			return
		}
		fn(pos + i)
		pos += i + 1
	}
}

// cand returns the candidate of doc di, creating it on first sight, or
// nil when the doc does not pass f (all says f is the zero Filter).
func (ix *Index) cand(s *scratch, di int32, f *Filter, all bool) *cand {
	slot := s.slot[di]
	if slot < 0 {
		return nil
	}
	if slot == 0 {
		if !all && !f.match(&ix.docs[di].e) {
			s.slot[di] = -1
			s.filtered = true
			return nil
		}
		s.cands = append(s.cands, cand{doc: di, order: ix.order[di], field: -1})
		slot = int32(len(s.cands))
		s.slot[di] = slot
	}
	return &s.cands[slot-1]
}

// addWhole records that qn occurs at byte at of the normalised code (fi =
// fieldCode) or type (fieldType) of doc di. It reads the doc's compact
// normInfo, not the doc.
func (ix *Index) addWhole(s *scratch, di int32, fi, at int, qn string, f *Filter, all bool) {
	n := &ix.normInfo[fi][di]
	exact, rank := RankExactCode, RankCodePrefix
	switch {
	case fi == fieldType && n.numbered:
		// BSE1005's name is rate_limit_exceeded: its type is what the
		// other APIs' codes are. Typed whole, it still comes after the
		// codes spelt so, but before every fragment.
		exact = RankCodePrefix
	case fi == fieldType:
		exact, rank = RankType, RankType
	}
	var score int
	sp, inNorm := Span{at, at + len(qn)}, true
	switch {
	case at == 0 && int(n.len) == len(qn):
		rank, score, sp, inNorm = exact, 1000, Span{0, int(n.textLen)}, false
	case at == 0 && ix.bound(n, di, fi, len(qn)):
		// A prefix of whole words ("ratelimit" of rate_limit_error and
		// rate_limit_exceeded): what follows does not make one a better
		// match than the other.
		score = 300
	case at == 0:
		score = 300 - (int(n.len) - len(qn))
	case len(qn) >= 3 || len(qn) == 2 && isDigits(qn):
		// Two digits are a useful fragment of a numbered code ("05" →
		// BSE1005, BSE2005, BSE4005); two letters are not.
		score = 100
		if ix.bound(n, di, fi, at) {
			score = 200
		}
		score -= int(n.len) - len(qn)
	default:
		return
	}
	if c := ix.cand(s, di, f, all); c != nil {
		c.setWhole(rank, score, fi, sp, inNorm)
	}
}

// bound reports whether byte i of doc di's normalised code or type starts
// a word.
func (ix *Index) bound(n *normInfo, di int32, fi, i int) bool {
	if i < 64 {
		return n.bounds&(1<<i) != 0
	}
	return ix.docs[di].norm(fi).bounds[i]
}

// wholeQuery matches the whole normalised query qn against every doc's
// code, status and type, adding candidates for the docs it matches. A doc
// meets its code's occurrences by offset, then its type's, then its
// status, then a misspelt code or type; the first of equal matches stays.
func (ix *Index) wholeQuery(s *scratch, q, qn string, f *Filter, all bool) {
	for _, fi := range [2]int{fieldCode, fieldType} {
		if len(qn) >= 3 || len(qn) == 2 && isDigits(qn) {
			// A fragment counts anywhere: scan all the texts at once.
			bl := &ix.codes
			if fi == fieldType {
				bl = &ix.types
			}
			di := 0
			bl.each(qn, func(o int) {
				for di+1 < len(bl.starts) && int(bl.starts[di+1]) <= o {
					di++ // the occurrences come in order: so do their docs
				}
				ix.addWhole(s, int32(di), fi, o-int(bl.starts[di]), qn, f, all)
			})
			continue
		}
		// A shorter query (a byte, or two that are not digits) only
		// counts as a prefix.
		for di := range ix.normInfo[fi] {
			n := &ix.normInfo[fi][di]
			if n.head[0] == qn[0] && (len(qn) == 1 || n.head[1] == qn[1]) {
				ix.addWhole(s, int32(di), fi, 0, qn, f, all)
			}
		}
	}
	if len(q) == 3 && isDigits(q) {
		// Three digits, so no strconv.Atoi: its error path (quoting) would
		// be the only reason the finder binary links strconv's tables.
		st := int(q[0]-'0')*100 + int(q[1]-'0')*10 + int(q[2]-'0')
		for _, di := range ix.status[st] {
			if c := ix.cand(s, di, f, all); c != nil {
				c.setWhole(RankStatus, 900, fieldStatus, Span{0, 3}, false)
			}
		}
	}
	// A misspelt code or type, for docs that matched nothing else: the
	// codes first, then the types of the docs that were unseen before
	// (slot 0, or a candidate made by a misspelt code).
	k := maxEdits(len(qn))
	if k == 0 || hasDigit(qn) {
		return
	}
	sig := sigOf(qn)
	seen := int32(len(s.cands))
	for fi, score := range [2]int{1000, 900} {
		for di := range ix.normInfo[fi] {
			n := &ix.normInfo[fi][di]
			if l := int(n.len) - len(qn); l > k || -l > k || n.len == 0 || bits.OnesCount64(n.sig^sig) > 2*k {
				continue
			}
			if slot := s.slot[di]; slot != 0 && (fi == fieldCode || slot <= seen) {
				continue
			}
			if dist := osaDistance(qn, ix.docs[di].norm(fi).norm, k); dist <= k {
				if c := ix.cand(s, int32(di), f, all); c != nil {
					c.setWhole(RankFuzzy, score-100*dist, fi, Span{0, int(n.textLen)}, false)
				}
			}
		}
	}
}

// Search returns the entries matching query and passing f, best first.
//
// The query is matched, in this order of rank: as a whole code ("BSE1005",
// "bse1005"), as an HTTP status ("429"), as a prefix or fragment of a code
// ("1005", "BSE10", "RATE_LIMIT"), as (part of) a type ("rate limit",
// "rate_limit"), and word by word against the code, type, status, title,
// meaning, causes, solutions and API id ("claro 429"), where every word
// must match (AND), a word may be a prefix of a longer one (3+ bytes), may
// join two words ("ratelimit"), and may carry a typo (see [RankFuzzy]).
// Case and the separators _ - and space are ignored throughout; numbers never match
// with typos. Common English stop words are dropped from the query unless
// it has no other word.
//
// Results are ordered by rank, then score (higher first), then API
// (BabySea first), then code, then index order. Each entry appears at
// most once, with its best match. A query with no letters or digits
// returns every entry that passes f, in index order, with Rank RankText.
// Only the first [MaxQueryLen] bytes (cut at a space where there is one)
// and [MaxQueryWords] words are used.
func (ix *Index) Search(query string, f Filter) []Match {
	out, _ := ix.SearchN(query, f, -1)
	return out
}

// SearchN is [Index.Search] that returns only the first n matches (all of
// them when n < 0) and the number of matches there are in all. The n
// matches are exactly the first n of Search's results; only they get
// highlight spans, so a caller that shows a page of results saves the work
// of the rest. A query with no letters or digits returns every entry that
// passes f, whatever n is.
func (ix *Index) SearchN(query string, f Filter, n int) ([]Match, int) {
	q := cutQuery(query)
	qn := normKey(q)
	if qn == "" {
		var out []Match
		for i := range ix.docs {
			if f.match(&ix.docs[i].e) {
				out = append(out, Match{Entry: ix.docs[i].e, Rank: RankText})
			}
		}
		return out, len(out)
	}
	s := ix.scratch.Get().(*scratch)
	defer ix.release(s)

	all := f == Filter{}
	ix.wholeQuery(s, q, qn, &f, all)

	words := queryWords(q)
	ix.matchWords(s, words)
	if len(words) > 0 {
		ix.textPhase(s, words, &f, all)
	}

	total := len(s.cands)
	if n < 0 || n > total {
		n = total
	}
	best := firstN(s.cands, n)
	out := make([]Match, len(best))
	buf := make([]Span, 0, 3*len(best))
	for i := range best {
		out[i], buf = ix.result(s, &best[i], buf)
	}
	return out, total
}

// firstN moves the first n candidates in result order (cand.before) to the
// front of c, sorted, and returns them. It keeps a heap of the n best so
// far, whose root is the worst of them, so it costs O(len(c) log n), and
// sorts the heap in place at the end: no allocation, no sort.Slice.
func firstN(c []cand, n int) []cand {
	h := c[:n]
	down := func(i, n int) {
		for {
			l := 2*i + 1
			if l >= n {
				return
			}
			if r := l + 1; r < n && h[l].before(&h[r]) {
				l = r
			}
			if !h[i].before(&h[l]) {
				return
			}
			h[i], h[l] = h[l], h[i]
			i = l
		}
	}
	for i := n/2 - 1; i >= 0; i-- {
		down(i, n)
	}
	for i := n; i < len(c); i++ {
		if n > 0 && c[i].before(&h[0]) {
			h[0], c[i] = c[i], h[0]
			down(0, n)
		}
	}
	for end := n - 1; end > 0; end-- {
		h[0], h[end] = h[end], h[0]
		down(0, end)
	}
	return h
}

// textPhase scores the docs that every query word hits, keeping for each
// the better of its whole-query match and its text match.
func (ix *Index) textPhase(s *scratch, words []string, f *Filter, all bool) {
	nw := len(words)
	np := min(max(nw-1, 0), maxPhrases)
	full := uint32(1)<<nw - 1
	// With one word (and so no phrase), every doc a hit reaches has them
	// all: no mask is needed.
	multi := nw > 1
	if multi {
		s.masked = true
		for _, h := range s.hits {
			for _, o := range ix.post[h.id] {
				s.mask[o.doc] |= 1 << h.w
			}
		}
	}
	for _, h := range s.hits {
		at := int(h.w)
		if at >= MaxQueryWords {
			at = nw + at - MaxQueryWords
		}
		kw := int32(kindWeight[h.kind])
		bonus := int32(0)
		if h.kind == kindPhrase {
			bonus = phraseBonus
		}
		exact := h.kind != kindFuzzy
		for _, o := range ix.post[h.id] {
			if multi && s.mask[o.doc]&full != full {
				continue
			}
			c := ix.cand(s, o.doc, f, all)
			if c == nil {
				continue
			}
			if !c.hasText {
				c.hasText = true
				c.textBase(s, nw+np)
			}
			b := &s.wb[int(c.textAt)+at]
			if sc := o.weight()*kw + bonus; sc > b.score {
				b.score, b.field = sc, o.field()
			}
			if exact {
				b.exact = true
			}
		}
	}
	for i := range s.cands {
		c := &s.cands[i]
		if !c.hasText {
			continue
		}
		rank, score, field, top := RankText, 0, int32(-1), int32(0)
		for i, b := range s.wb[c.textAt : int(c.textAt)+nw+np] {
			score += int(b.score)
			if i < nw && !b.exact {
				rank = RankFuzzy
			}
			if b.score > top {
				top, field = b.score, b.field
			}
		}
		if c.better(rank, score) {
			c.rank, c.score, c.field, c.whole = rank, score, field, false
		}
	}
}

// textBase reserves the candidate's per-word scores in s.wb.
func (c *cand) textBase(s *scratch, nw int) {
	c.textAt = int32(len(s.wb))
	for range nw {
		s.wb = append(s.wb, wbest{})
	}
}

// release clears the scratch and returns it to the pool.
func (ix *Index) release(s *scratch) {
	if s.masked {
		clear(s.mask)
	}
	if s.filtered {
		clear(s.slot)
	} else {
		for i := range s.cands {
			s.slot[s.cands[i].doc] = 0
		}
	}
	for _, h := range s.hits {
		s.termInfo[h.id] = 0
	}
	s.hits, s.cands, s.wb = s.hits[:0], s.cands[:0], s.wb[:0]
	s.masked, s.filtered = false, false
	ix.scratch.Put(s)
}

// result turns a candidate into a Match with its highlight spans, which it
// carves out of buf.
func (ix *Index) result(s *scratch, c *cand, buf []Span) (Match, []Span) {
	d := &ix.docs[c.doc]
	m := Match{Entry: d.e, Rank: c.rank, Score: c.score}
	if c.field >= 0 {
		fd := &d.fields[c.field]
		m.Field, m.Item = fd.name, fd.item
	}
	code := ix.wordSpans(s, d, fieldCode, s.tmp[0][:0])
	title := ix.wordSpans(s, d, fieldTitle, s.tmp[1][:0])
	var spans []Span
	if c.inNorm {
		c.span, c.inNorm = d.norm(int(c.field)).span(c.span.Start, c.span.End), false
	}
	switch {
	case c.whole:
		spans = append(s.tmp[2][:0], c.span)
		if c.field == fieldCode {
			code = append(code, c.span)
		}
	case c.field == fieldCode:
		spans = append(s.tmp[2][:0], code...)
	case c.field == fieldTitle:
		spans = append(s.tmp[2][:0], title...)
	case c.field >= 0:
		spans = ix.wordSpans(s, d, c.field, s.tmp[2][:0])
	}
	m.Spans, buf = mergeSpans(spans, buf)
	m.CodeSpans, buf = mergeSpans(code, buf)
	m.TitleSpans, buf = mergeSpans(title, buf)
	s.tmp = [3][]Span{code, title, spans}
	return m, buf
}

// wordSpans appends to out the spans of the tokens of field fi of d that
// a query word hit.
func (ix *Index) wordSpans(s *scratch, d *doc, fi int32, out []Span) []Span {
	f := &d.fields[fi]
	for _, t := range d.toks[f.from:f.to] {
		info := s.termInfo[t.id]
		if info&infoWords == 0 {
			continue
		}
		sp := Span{int(t.start), int(t.end)}
		if p := int(info>>infoPrefShift) & infoPrefMask; info&infoWhole == 0 && p > 0 {
			// Matched only as a prefix: mark the prefix.
			sp.End = sp.Start + prefixEnd(f.text[t.start:t.end], p)
		}
		out = append(out, sp)
	}
	return out
}

// prefixEnd returns the length of the shortest prefix of text that holds
// n bytes of lower-cased letters and digits, or len(text) if it has fewer.
func prefixEnd(text string, n int) int {
	for i, r := range text {
		if runeClass(r) == 0 {
			continue
		}
		if n -= utf8.RuneLen(unicode.ToLower(r)); n <= 0 {
			return i + utf8.RuneLen(r)
		}
	}
	return len(text)
}

// mergeSpans sorts spans, joins overlapping or touching ones, and appends
// the result to buf; it returns the result (nil if empty) and the new buf.
func mergeSpans(s, buf []Span) ([]Span, []Span) {
	if len(s) == 0 {
		return nil, buf
	}
	// Insertion sort: a field has a handful of spans.
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && (s[j].Start < s[j-1].Start || s[j].Start == s[j-1].Start && s[j].End < s[j-1].End); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	at := len(buf)
	buf = append(buf, s[0])
	for _, sp := range s[1:] {
		last := &buf[len(buf)-1]
		if sp.Start <= last.End {
			last.End = max(last.End, sp.End)
			continue
		}
		buf = append(buf, sp)
	}
	return buf[at:len(buf):len(buf)], buf
}

var defaultIndex = sync.OnceValue(func() *Index { return NewIndex(entryData) })

// Search searches the whole catalog; see [Index.Search]. The index is built
// on first use.
func Search(query string, f Filter) []Match {
	return defaultIndex().Search(query, f)
}

// SearchN searches the whole catalog for the first n matches and counts
// them all; see [Index.SearchN].
func SearchN(query string, f Filter, n int) ([]Match, int) {
	return defaultIndex().SearchN(query, f, n)
}

// isDigits reports whether s is non-empty and all ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// cutQuery is the query a search reads: at most [MaxQueryLen] bytes, cut
// before a word the limit would split, without surrounding space.
func cutQuery(query string) string {
	if len(query) > MaxQueryLen {
		if i := strings.LastIndexAny(query[:MaxQueryLen+1], " \t\r\n"); i > 0 {
			query = query[:i]
		} else {
			query = query[:MaxQueryLen]
		}
	}
	return strings.TrimSpace(query)
}
