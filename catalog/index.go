package catalog

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Field slots of a doc; causes and solutions follow from fieldItems on.
const (
	fieldCode = iota
	fieldType
	fieldStatus
	fieldTitle
	fieldMeaning
	fieldAPI
	fieldItems
)

// Indexes of fieldWeight for the fields from fieldItems on.
const (
	fieldCauses = fieldItems + iota
	fieldSolutions
)

// fieldWeight is the weight of a word hit in each field slot, for text
// scoring: code 8, type 7, status 5, title 6, meaning 4, api 3; causes 2
// and solutions 1 are the fieldCauses and fieldSolutions entries (an
// array, not a map by name: no map built at start in the finder).
var fieldWeight = [...]int{fieldCode: 8, fieldType: 7, fieldStatus: 5, fieldTitle: 6, fieldMeaning: 4, fieldAPI: 3, fieldCauses: 2, fieldSolutions: 1}

// Kinds of word hits, best first.
const (
	kindExact  = iota // the word is a token
	kindJoined        // the word is two adjacent tokens written together
	kindPrefix        // the word starts a token
	kindFuzzy         // the word is a token with a typo
	kindPhrase        // two adjacent query words are two adjacent tokens
)

var kindWeight = [...]int{kindExact: 4, kindJoined: 3, kindPrefix: 2, kindFuzzy: 1, kindPhrase: 6}

// An Index is a search index over a fixed list of entries, built once by
// [NewIndex]. It is safe for concurrent use.
//
// It holds, per entry, the normalised code and type (lower case, letters
// and digits only, mapped back to byte offsets for highlighting) and the
// tokens of every field; and over all entries an inverted index from each
// term (a token, two adjacent tokens written together, or a whole code or
// type written as one word) to its occurrences, with the terms sorted for
// prefix search and bucketed by length for typo search. What a keystroke
// reads of every entry (the first bytes, length, word starts and byte set
// of its normalised code and type; its place in the tie-break order) is
// kept in small arrays beside the docs, so a query that matches thousands
// of entries reads little memory.
type Index struct {
	docs     []doc
	terms    []term           // the vocabulary
	byTerm   map[string]int32 // term → id
	sorted   []int32          // term ids in term order, for prefix search
	byLen    [][]int32        // ids of typo-searchable terms by byte length
	post     [][]occ          // term id → occurrences, by ascending doc
	codes    blob             // all normalised codes, for whole-query search
	types    blob             // all normalised types
	normInfo [2][]normInfo    // per doc, its normalised code's and type's figures
	order    []int32          // per doc, its place by API order, then code, then index
	status   map[int][]int32  // HTTP status → docs
	scratch  sync.Pool        // *scratch, per-query working memory
}

type term struct {
	s      string
	sig    uint64 // set of bytes (mod 64), for a cheap edit-distance bound
	digits bool   // s has a digit: numbers and codes match exactly, never with typos
	joined bool   // s only ever occurs as two adjacent tokens written together
	first  int    // for a joined term, the length of its first part
}

// occ is one occurrence of a term: a doc, and the index of the token's
// field in doc.fields (fw>>occShift) with the field's weight (fw&occWeight,
// at most 8), so scoring a posting need not look into the doc.
type occ struct {
	doc int32
	fw  uint32
}

const (
	occShift  = 4
	occWeight = 1<<occShift - 1
)

func (o occ) field() int32  { return int32(o.fw >> occShift) }
func (o occ) weight() int32 { return int32(o.fw & occWeight) }

type doc struct {
	e        Entry
	api      int // apiOrder(e.API)
	code     normText
	typ      normText
	numbered bool // the code has a digit: the type is its name
	status   string
	fields   []field
	toks     []tok
}

type field struct {
	name     string
	item     int
	text     string
	weight   int
	from, to int32 // the field's tokens are doc.toks[from:to]
}

type tok struct {
	id         int32 // term id
	field      int32 // index into doc.fields
	start, end int32 // byte offsets in the field's text
}

// norm returns the normalised code (fi = fieldCode) or type (fieldType).
func (d *doc) norm(fi int) *normText {
	if fi == fieldCode {
		return &d.code
	}
	return &d.typ
}

// normInfo is what matching the whole query needs of a doc's normalised
// code or type, kept apart from the doc so that going through thousands
// of them reads little memory.
type normInfo struct {
	len      int32   // len(normText.norm)
	textLen  int32   // the length of the original text
	head     [2]byte // the first bytes of normText.norm, 0 past its end
	numbered bool    // the doc's code has a digit
	bounds   uint64  // bit i: normText.bounds[i], for i < 64
	sig      uint64  // sigOf(normText.norm)
}

// normText is a string lower-cased with everything but letters and digits
// removed, with a map back to the original's byte offsets.
type normText struct {
	norm   string
	start  []int32 // byte offset in the original of the rune behind norm[i]
	end    []int32 // byte offset just past that rune
	bounds []bool  // norm[i] starts a word (after a separator or a letter/digit change)
}

// runeClass is 1 for letters, 2 for digits and 0 for everything else,
// including invalid UTF-8.
func runeClass(r rune) int {
	switch {
	case r < utf8.RuneSelf:
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z':
			return 1
		case '0' <= r && r <= '9':
			return 2
		}
		return 0
	case r == utf8.RuneError:
		return 0
	case unicode.IsLetter(r):
		return 1
	case unicode.IsDigit(r):
		return 2
	}
	return 0
}

func normalize(s string) normText {
	var n normText
	var b strings.Builder
	prev := 0
	for i, r := range s {
		class := runeClass(r)
		if class == 0 {
			prev = 0
			continue
		}
		before := b.Len()
		b.WriteRune(unicode.ToLower(r))
		for j := before; j < b.Len(); j++ {
			n.start = append(n.start, int32(i))
			n.end = append(n.end, int32(i+utf8.RuneLen(r)))
			n.bounds = append(n.bounds, j == before && class != prev)
		}
		prev = class
	}
	n.norm = b.String()
	return n
}

// normKey is normalize(s).norm without the offset maps.
func normKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		if runeClass(r) != 0 {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// span maps norm[i:j] back to a byte span of the original string.
func (n *normText) span(i, j int) Span {
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
	for i, r := range s {
		if runeClass(r) != 0 {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, rawTok{strings.ToLower(s[start:i]), start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, rawTok{strings.ToLower(s[start:]), start, len(s)})
	}
	return out
}

// splitAlnum splits a token at letter/digit changes ("bse1005" → "bse",
// "1005"); it returns nil when there is no change. Offsets are only exact
// for tokens whose lower-casing kept their length; others are not split.
func splitAlnum(t rawTok) []rawTok {
	if len(t.s) != t.end-t.start {
		return nil
	}
	var out []rawTok
	last := 0
	prev := 0
	for i, r := range t.s {
		c := runeClass(r)
		if i > 0 && c != prev {
			out = append(out, rawTok{t.s[last:i], t.start + last, t.start + i})
			last = i
		}
		prev = c
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

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			return true
		}
	}
	return false
}

// NewIndex builds a search index over entries, which it keeps in the given
// order (the order of an empty query's results). The entries are not
// copied deeply; do not modify them afterwards.
func NewIndex(entries []Entry) *Index {
	ix := &Index{byTerm: make(map[string]int32, 64*len(entries)), status: map[int][]int32{}}
	var pair []byte // scratch for two tokens written together
	ix.docs = make([]doc, len(entries))
	for di, e := range entries {
		d := &ix.docs[di]
		d.e = e
		d.api = apiOrder(e.API)
		d.code = normalize(string(e.Code))
		d.typ = normalize(string(e.Type))
		d.numbered = hasDigit(d.code.norm)
		ix.status[e.Status] = append(ix.status[e.Status], int32(di))
		d.status = strconv.Itoa(e.Status)
		d.fields = make([]field, 0, fieldItems+len(e.Causes)+len(e.Solutions))
		d.fields = append(d.fields,
			field{name: "code", text: string(e.Code)},
			field{name: "type", text: string(e.Type)},
			field{name: "status", text: d.status},
			field{name: "title", text: e.Title},
			field{name: "meaning", text: e.Meaning},
			field{name: "api", text: string(e.API)})
		for i, c := range e.Causes {
			d.fields = append(d.fields, field{name: "causes", item: i, text: c})
		}
		for i, s := range e.Solutions {
			d.fields = append(d.fields, field{name: "solutions", item: i, text: s})
		}
		fieldToks := make([][]rawTok, len(d.fields))
		n := 0
		for fi := range d.fields {
			fieldToks[fi] = tokenize(d.fields[fi].text)
			n += 2*len(fieldToks[fi]) + 4 // each token, each pair, and room for splits
		}
		d.toks = make([]tok, 0, n)
		for fi := range d.fields {
			f := &d.fields[fi]
			switch {
			case fi < fieldItems:
				f.weight = fieldWeight[fi]
			case f.name == "causes":
				f.weight = fieldWeight[fieldCauses]
			default:
				f.weight = fieldWeight[fieldSolutions]
			}
			f.from = int32(len(d.toks))
			toks := fieldToks[fi]
			for ti, t := range toks {
				ix.addTok(d, fi, t.s, t.start, t.end, 0)
				if fi <= fieldType {
					for _, p := range splitAlnum(t) {
						ix.addTok(d, fi, p.s, p.start, p.end, 0)
					}
				}
				if ti+1 < len(toks) {
					n := toks[ti+1]
					pair = append(append(pair[:0], t.s...), n.s...)
					ix.addTokBytes(d, fi, pair, "", t.start, n.end, len(t.s))
				}
			}
			if fi <= fieldType && len(toks) > 2 {
				// The whole code or type written as one word.
				norm := d.code.norm
				if fi == fieldType {
					norm = d.typ.norm
				}
				ix.addTok(d, fi, norm, toks[0].start, toks[len(toks)-1].end, len(toks[0].s))
			}
			f.to = int32(len(d.toks))
		}
	}
	// Precompute the tie-break order: API order, then code, then index.
	order := make([]int32, len(ix.docs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		da, db := &ix.docs[a], &ix.docs[b]
		if c := cmp.Compare(da.api, db.api); c != 0 {
			return c
		}
		if c := cmp.Compare(da.e.API, db.e.API); c != 0 {
			return c
		}
		if c := cmp.Compare(da.e.Code, db.e.Code); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	ix.order = make([]int32, len(ix.docs))
	for pos, di := range order {
		ix.order[di] = int32(pos)
	}
	// Postings, in one allocation: each term's occurrences by ascending doc.
	counts := make([]int32, len(ix.terms)+1)
	for di := range ix.docs {
		for _, t := range ix.docs[di].toks {
			counts[t.id+1]++
		}
	}
	for i := 1; i < len(counts); i++ {
		counts[i] += counts[i-1]
	}
	all := make([]occ, counts[len(counts)-1])
	ix.post = make([][]occ, len(ix.terms))
	for id := range ix.post {
		ix.post[id] = all[counts[id]:counts[id]:counts[id+1]]
	}
	for di := range ix.docs {
		d := &ix.docs[di]
		for _, t := range d.toks {
			ix.post[t.id] = append(ix.post[t.id], occ{int32(di), uint32(t.field)<<occShift | uint32(d.fields[t.field].weight)})
		}
	}
	ix.codes = newBlob(ix.docs, func(d *doc) *normText { return &d.code })
	ix.types = newBlob(ix.docs, func(d *doc) *normText { return &d.typ })
	for fi := range ix.normInfo {
		ix.normInfo[fi] = make([]normInfo, len(ix.docs))
		for i := range ix.docs {
			d := &ix.docs[i]
			n := d.norm(fi)
			info := normInfo{len: int32(len(n.norm)), textLen: int32(len(d.fields[fi].text)), numbered: d.numbered, sig: sigOf(n.norm)}
			copy(info.head[:], n.norm)
			for j, b := range n.bounds[:min(len(n.bounds), 64)] {
				if b {
					info.bounds |= 1 << j
				}
			}
			ix.normInfo[fi][i] = info
		}
	}
	ix.sorted = make([]int32, len(ix.terms))
	for i := range ix.sorted {
		ix.sorted[i] = int32(i)
	}
	slices.SortFunc(ix.sorted, func(a, b int32) int { return strings.Compare(ix.terms[a].s, ix.terms[b].s) })
	for id, t := range ix.terms {
		if t.joined || t.digits || len(t.s) < 3 {
			continue
		}
		for len(ix.byLen) <= len(t.s) {
			ix.byLen = append(ix.byLen, nil)
		}
		ix.byLen[len(t.s)] = append(ix.byLen[len(t.s)], int32(id))
	}
	ix.scratch.New = func() any {
		return &scratch{mask: make([]uint32, len(ix.docs)), slot: make([]int32, len(ix.docs)), termInfo: make([]uint64, len(ix.terms))}
	}
	return ix
}

// addTok records a token of field fi of doc d; first > 0 marks two
// adjacent tokens written together, the first of them first bytes long.
func (ix *Index) addTok(d *doc, fi int, s string, start, end, first int) {
	ix.addTokBytes(d, fi, nil, s, start, end, first)
}

// addTokBytes is addTok for a term given as bytes (b non-nil), which are
// only copied into a string when the term is new.
func (ix *Index) addTokBytes(d *doc, fi int, b []byte, s string, start, end, first int) {
	if len(b) == 0 && s == "" {
		return
	}
	joined := first > 0
	var id int32
	var ok bool
	if b != nil {
		id, ok = ix.byTerm[string(b)]
		if !ok {
			s = string(b)
		}
	} else {
		id, ok = ix.byTerm[s]
	}
	if !ok {
		id = int32(len(ix.terms))
		ix.terms = append(ix.terms, term{s: s, sig: sigOf(s), digits: hasDigit(s), joined: joined, first: first})
		ix.byTerm[s] = id
	} else if !joined && ix.terms[id].joined {
		ix.terms[id].joined = false // also a plain token somewhere
	}
	d.toks = append(d.toks, tok{id, int32(fi), int32(start), int32(end)})
}

// stopwords are the common English words a query drops (a list, not a
// map: nothing to build at start in the finder; a query has few words).
var stopwords = []string{
	"a", "an", "the", "is", "are", "was", "were", "be", "been", "of", "to", "in", "on",
	"at", "for", "and", "or", "with", "my", "i", "it", "its", "this", "that", "from", "as",
	"by", "me", "we", "you", "your", "has", "have", "had", "do", "does", "did", "what",
	"why", "how", "when", "get", "got", "getting",
}

// queryWords returns the distinct lower-case words of q, without stop words
// unless q has nothing else, at most MaxQueryWords of them.
func queryWords(q string) []string {
	var all, kept []string
	for _, t := range tokenize(q) {
		if slices.Contains(all, t.s) {
			continue
		}
		all = append(all, t.s)
		if !slices.Contains(stopwords, t.s) {
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
	var r0, r1, r2 [maxLen + 1]uint8 // rows i-2, i-1, i; values stay below 2*maxLen
	for j := 0; j <= len(b); j++ {
		r1[j] = uint8(j)
	}
	for i := 1; i <= len(a); i++ {
		r2[0] = uint8(min(i, 255))
		rowMin := int(r2[0])
		for j := 1; j <= len(b); j++ {
			cost := uint8(1)
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(r1[j]+1, r2[j-1]+1, r1[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, r0[j-2]+1)
			}
			r2[j] = v
			rowMin = min(rowMin, int(v))
		}
		if rowMin > k {
			return k + 1
		}
		r0, r1, r2 = r1, r2, r0
	}
	return int(r1[len(b)])
}
