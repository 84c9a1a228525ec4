package redact

import (
	"slices"
	"strconv"
	"strings"
)

// MaxLearned is the most distinct secrets a [Redactor] remembers; secrets
// past it are still redacted where a rule finds them, but neither counted
// nor looked for elsewhere.
const MaxLearned = 1000

// A Redactor redacts the texts of one paste. Besides what [String] does,
// it learns every value it found in a credential position (a header, a
// cookie, a URL's parameters or user info, curl -u, a log's key=value, a
// JSON field) and removes that value wherever else it occurs, even where no
// rule would recognise it (a key echoed in an error message, a token in a
// URL path); and it counts the distinct secrets it removed, by kind.
//
// The zero Redactor is ready to use. A nil *Redactor redacts as [String]
// does and learns and counts nothing. A Redactor is not safe for
// concurrent use.
type Redactor struct {
	seen    map[string]bool   // distinct secrets found
	counts  [numKinds]int     // by kind (an index of kindNames)
	learned []string          // the values looked for everywhere
	repl    *strings.Replacer // replaces learned; nil when stale
	full    bool
}

// Paste redacts a whole pasted text with a new [Redactor]: every rule of
// [String], then every learned credential wherever else it occurs, before
// or after the place it was learned. It returns the redacted text and what
// was removed.
func Paste(s string) (string, Summary) {
	var r Redactor
	return r.String(s), r.Summary()
}

// String returns s with every secret redacted: what the rules of the
// package recognise (see the package documentation) and every credential
// learned so far. Learned values that occur in s before the place they
// are learned are removed too; texts redacted before a value was learned
// are not, see [Redactor.Scrub].
func (r *Redactor) String(s string) string {
	for range 4 {
		n := r.size()
		t := r.Scrub(r.rules(s))
		if r.size() > n {
			// Learned something: remove it first, so that a rule that
			// redacts a part of it elsewhere leaves nothing of the rest.
			t = r.Scrub(r.rules(r.Scrub(s)))
		}
		if t == s {
			break
		}
		s = t
	}
	return s
}

// size is the number of values learned.
func (r *Redactor) size() int {
	if r == nil {
		return 0
	}
	return len(r.learned)
}

// Bytes is [Redactor.String] for a byte slice. It returns b itself when
// nothing was redacted.
//
//go:noinline
func (r *Redactor) Bytes(b []byte) []byte {
	s := string(b)
	t := r.String(s)
	if t == s {
		return b
	}
	return []byte(t)
}

// Header returns the value of header name as it is safe to show, as
// [Header] does, learning and counting the credentials it hides.
func (r *Redactor) Header(name, value string) string {
	if h, ok := lookupHeader(name); ok {
		return r.Scrub(r.hide(h, value))
	}
	return r.String(value)
}

// Learn records value as a credential of kind found by the caller (a HAR
// cookie list, a URL's user info read by a parser), so that it is counted
// and removed wherever it occurs. Values too short or too plain to be told
// apart from ordinary text (see the package documentation) are counted but
// not looked for elsewhere.
func (r *Redactor) Learn(kind Kind, value string) {
	for i, k := range kindNames {
		if k.kind == kind {
			r.saw(uint8(i), value)
			return
		}
	}
	r.saw(kSecret, value)
}

// Scrub replaces every learned credential in s by [Mark] and applies no
// other rule: the last pass over texts that were redacted before the
// credentials they hold were learned (a streamed input).
func (r *Redactor) Scrub(s string) string {
	if r == nil || len(r.learned) == 0 || s == "" {
		return s
	}
	if r.repl == nil {
		l := slices.Clone(r.learned)
		slices.SortFunc(l, func(x, y string) int {
			if len(x) != len(y) {
				return len(y) - len(x)
			}
			return strings.Compare(x, y)
		})
		pairs := make([]string, 0, 2*len(l))
		for _, v := range l {
			m := Mark
			if i := formatAt(v, 0); i >= 0 && formats[i].keep && len(v)-len(formats[i].prefix) >= min(int(formats[i].min), 6) {
				m = formats[i].prefix + Mark // as the rules write it: "bye_[REDACTED]"
			}
			pairs = append(pairs, v, m)
		}
		r.repl = strings.NewReplacer(pairs...)
	}
	return r.repl.Replace(s)
}

// ScrubBytes is [Redactor.Scrub] for a byte slice. It returns b itself
// when nothing was replaced; when nothing was learned, without reading b.
func (r *Redactor) ScrubBytes(b []byte) []byte {
	if r == nil || len(r.learned) == 0 || len(b) == 0 {
		return b
	}
	s := string(b)
	if t := r.Scrub(s); t != s {
		return []byte(t)
	}
	return b
}

// Summary returns the distinct secrets found so far, by kind.
//
//go:noinline
func (r *Redactor) Summary() Summary {
	s := Summary{Kinds: []KindCount{}}
	if r == nil {
		return s
	}
	for i, k := range kindNames {
		if n := r.counts[i]; n > 0 {
			s.Kinds = append(s.Kinds, KindCount{Kind: k.kind, Count: n})
			s.Total += n
		}
	}
	s.More = r.full
	return s
}

// saw records a secret value found by a rule.
func (r *Redactor) saw(k uint8, v string) {
	if r == nil {
		return
	}
	v = strings.Trim(strings.TrimSpace(v), `"'`)
	if v == "" || contains(v, Mark) {
		return
	}
	if _, ok := r.seen[v]; ok {
		return
	}
	if len(r.seen) >= MaxLearned {
		r.full = true
		return
	}
	if r.seen == nil {
		r.seen = map[string]bool{}
	}
	r.seen[v] = true
	r.counts[k]++
	if learnable(v) {
		r.learned = append(r.learned, v)
		r.repl = nil
	}
}

// learnOnly looks for v everywhere without counting it: a part of a
// secret already counted.
func (r *Redactor) learnOnly(v string) {
	if r == nil || !learnable(v) || contains(v, Mark) || len(r.learned) >= MaxLearned || slices.Contains(r.learned, v) {
		return
	}
	r.learned = append(r.learned, v)
	r.repl = nil
}

// learnable reports whether a credential can be looked for everywhere
// without hurting ordinary text: 8 bytes or more with both letters and
// digits, or 20 bytes or more. "theme=dark" or a date in a cookie is no
// secret, and removing it from request ids and messages would hurt.
func learnable(v string) bool {
	if len(v) < 8 || len(v) > 4096 {
		return false
	}
	letters, digits := false, false
	for i := 0; i < len(v); i++ {
		c := v[i]
		letters = letters || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		digits = digits || c >= '0' && c <= '9'
	}
	return letters && digits || len(v) >= 20
}

// A Summary counts the distinct secrets redacted from a paste, by kind.
type Summary struct {
	// Total is the number of distinct secrets redacted.
	Total int `json:"total"`
	// Kinds counts them by kind, in a fixed order; kinds not found are
	// left out.
	Kinds []KindCount `json:"kinds"`
	// More reports that the paste held more than MaxLearned distinct
	// secrets: those past it were redacted but not counted.
	More bool `json:"more,omitempty"`
}

// KindCount is the number of distinct secrets of one kind.
type KindCount struct {
	Kind  Kind `json:"kind"`
	Count int  `json:"count"`
}

// String says what was redacted: "3 secrets redacted: 1 Bearer token, 2
// cookies", or "no secrets found" when nothing was.
func (s Summary) String() string {
	if s.Total == 0 {
		return "no secrets found"
	}
	parts := make([]string, len(s.Kinds))
	for i, k := range s.Kinds {
		parts[i] = strconv.Itoa(k.Count) + " " + k.Kind.name(k.Count)
	}
	head := strconv.Itoa(s.Total) + " secrets redacted: "
	switch {
	case s.More:
		head = strconv.Itoa(s.Total) + "+ secrets redacted: "
	case s.Total == 1:
		head = "1 secret redacted: "
	}
	return head + strings.Join(parts, ", ")
}

// name is the kind's name for n secrets ("Bearer token", "cookies").
func (k Kind) name(n int) string {
	for _, x := range kindNames {
		if x.kind == k {
			if n == 1 {
				return x.one
			}
			return x.many
		}
	}
	return string(k)
}

// Name returns the kind's name in the singular ("Bearer token").
func (k Kind) Name() string { return k.name(1) }
