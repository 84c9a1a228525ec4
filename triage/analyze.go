package triage

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/redact"
	"github.com/errscope/errscope/retry"
)

// Analyze reads a HAR file, a log or pasted raw responses from r as a
// stream and returns the triage report. It never panics, and whatever it
// could not understand is listed in the report's Problems. The error is
// non-nil only when reading r failed; the report then covers what was read
// before the failure.
func Analyze(r io.Reader, o Options) (*Report, error) {
	a := newAnalyzer(o)
	err := a.run(r)
	a.finish()
	return &a.rep, err
}

// AnalyzeBytes is [Analyze] for an input held in memory, such as a paste in
// the browser.
func AnalyzeBytes(b []byte, o Options) *Report {
	r, _ := Analyze(bytes.NewReader(b), o)
	return r
}

// run reads the whole input, one exchange at a time.
func (a *analyzer) run(r io.Reader) error {
	rd, err := apierror.ReadExchanges(r, &a.red, func(x *apierror.Exchange) bool {
		a.exchange(x)
		return true
	})
	a.rep.Input, a.rep.Bytes, a.rep.Truncated, a.rep.Skipped = rd.Input, rd.Bytes, rd.Truncated, rd.Skipped
	for _, n := range rd.Notes {
		a.note("%s", n)
	}
	for _, p := range rd.Problems {
		a.problem("%s", p)
	}
	if err != nil {
		return fmt.Errorf("triage: reading the input: %w", errors.Unwrap(err))
	}
	return nil
}

// An attempt is one response (or transport failure) found in the input.
type attempt struct {
	where    string // "entry 12", "line 40": where it was found, for problems
	method   string // upper case; "" when unknown
	url      string // the URL or path as given (used only as a key)
	host     string // lower case; "" when unknown
	path     string // redacted path without query, for display
	bodyHash uint64 // hash of the request body, 0 if none
	start    time.Time
	end      time.Time // when the response arrived; start when unknown
	coarse   bool      // the times have whole-second precision
	idemKey  string
	status   int
	failed   bool
	err      *apierror.Error // the decoded failure; nil for successes and transport failures
	netKind  string          // KindNetwork, KindTimeout or KindCanceled for transport failures
	netText  string          // the transport error as the input said it
}

// setURL fills url, host and path from a URL or a bare path.
func (at *attempt) setURL(raw string) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return
	}
	at.url = raw
	p := raw
	if u, err := url.Parse(raw); err == nil {
		at.host = strings.ToLower(u.Host)
		p = u.EscapedPath()
		if p == "" && u.Host == "" {
			p = u.Opaque
		}
	} else if i := strings.IndexAny(raw, "?#"); i >= 0 {
		p = raw[:i]
	}
	if p == "" && at.host != "" {
		p = "/"
	}
	at.path = clip(redact.String(p), 200)
}

// endpoint is "METHOD /path", or "" when neither is known.
func (at *attempt) endpoint() string {
	m := at.method
	if m == "" && at.path == "" {
		return ""
	}
	if m == "" {
		m = "?"
	}
	p := at.path
	if p == "" {
		p = "(no path)"
	}
	return m + " " + p
}

// key identifies "the same request" for the timing checks: method, URL and
// request body. Attempts that name neither method nor URL share one key.
func (at *attempt) key() uint64 {
	h := fnv.New64a()
	h.Write([]byte(at.method))
	h.Write([]byte{0})
	h.Write([]byte(at.url))
	h.Write([]byte{0})
	var b [8]byte
	for i := range b {
		b[i] = byte(at.bodyHash >> (8 * i))
	}
	h.Write(b[:])
	return h.Sum64()
}

// analyzer holds the state of one Analyze.
type analyzer struct {
	opt Options
	now time.Time
	rep Report

	groups  map[groupKey]*groupState
	seq     int // failures seen, numbering groups by their first failure
	dropped int // failures of kinds beyond MaxGroups
	hashes  int // request-id hashes held, over all groups

	hostAPI map[string]catalog.API // API learned per host; "" when hosts disagree

	tracks    map[uint64]*track
	untracked int // attempts not tracked because of MaxTracked
	anonymous int // failures without method and URL, tracked as one request
	disorder  int // attempts that came before the previous one of the same request

	policies map[catalog.API]retry.Policy

	red redact.Redactor // redacts the input where it is read, learning its credentials

	// observe, when set (by tests), sees every failure with the policy's
	// decision as for a first attempt.
	observe func(*attempt, retry.Decision)

	notes        []string // problems of the whole input
	problems     []string // problems of single entries and lines
	moreProblems int
}

func newAnalyzer(o Options) *analyzer {
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	return &analyzer{
		opt:      o,
		now:      now,
		groups:   map[groupKey]*groupState{},
		hostAPI:  map[string]catalog.API{},
		tracks:   map[uint64]*track{},
		policies: map[catalog.API]retry.Policy{},
	}
}

// problem records a problem with the input (redacted, deduplicated,
// capped at MaxProblems).
func (a *analyzer) problem(format string, args ...any) {
	p := clean(fmt.Sprintf(format, args...), 300)
	for _, q := range a.problems {
		if q == p {
			return
		}
	}
	if len(a.problems) >= MaxProblems-1 {
		a.moreProblems++
		return
	}
	a.problems = append(a.problems, p)
}

// note records a problem with the input as a whole (a cut file, a cap
// that was hit). Notes are few and always listed, before the problems of
// single entries and lines.
func (a *analyzer) note(format string, args ...any) {
	p := clean(fmt.Sprintf(format, args...), 300)
	if !slices.Contains(a.notes, p) {
		a.notes = append(a.notes, p)
	}
}

// decodeOptions are the apierror options for a response of method.
func (a *analyzer) decodeOptions(method string) apierror.Options {
	return apierror.Options{API: a.opt.API, Now: a.now, Method: method}
}

// policy returns api's retry policy with a fixed random source, so that
// every decision and bound is reproducible.
func (a *analyzer) policy(api catalog.API) retry.Policy {
	p, ok := a.policies[api]
	if !ok {
		if api != "" {
			p = retry.ForAPI(api)
		}
		p.Rand = func() float64 { return 0 }
		a.policies[api] = p
	}
	return p
}

// add records one attempt.
func (a *analyzer) add(at *attempt) {
	a.rep.Entries++
	a.seeTime(at.start)
	a.seeTime(at.end)
	var f *failure
	if at.failed {
		a.rep.Failures++
		f = a.fail(at)
	}
	a.track(at, f)
}

func (a *analyzer) seeTime(t time.Time) {
	if t.IsZero() {
		return
	}
	if a.rep.First.IsZero() || t.Before(a.rep.First) {
		a.rep.First = t
	}
	if t.After(a.rep.Last) {
		a.rep.Last = t
	}
}

// errNetwork stands for a transport failure read from the input.
var errNetwork = errors.New("network error")

// retryFailure is the failure as the retry policy sees it.
func (at *attempt) retryFailure() retry.Failure {
	switch {
	case at.err != nil:
		return retry.Failure{Err: at.err}
	case at.netKind == KindTimeout:
		return retry.Failure{Timeout: true}
	case at.netKind == KindCanceled:
		return retry.Failure{Network: errCanceled}
	}
	return retry.Failure{Network: errNetwork}
}

// clip shortens s to at most n bytes at a rune boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n - len("…")
	for i > 0 && s[i]&0xC0 == 0x80 {
		i--
	}
	return s[:i] + "…"
}

// clean makes a string from the input safe to show: secrets are
// redacted, control characters removed, invalid UTF-8 replaced, and the
// result is clipped to n bytes. Redaction comes before the clip, so a clip
// cannot leave a secret too short to be recognised. When the string holds
// escape sequences (as %q prints them: `\nCookie: sid=…`) behind which
// redaction would not see a secret's context, they become spaces.
func clean(s string, n int) string {
	if s == "" {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	if strings.IndexByte(s, '\\') >= 0 {
		if d := reEscape().ReplaceAllString(s, " "); redact.String(d) != d {
			s = d
		}
	}
	s = redact.String(s)
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
			return -1
		}
		return r
	}, s)
	return clip(strings.TrimSpace(redact.String(s)), n)
}
