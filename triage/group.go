package triage

import (
	"context"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"time"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/explain"
	"github.com/errscope/errscope/internal/durtext"
	"github.com/errscope/errscope/internal/lazyre"
	"github.com/errscope/errscope/internal/route"
	"github.com/errscope/errscope/redact"
	"github.com/errscope/errscope/retry"
)

// errCanceled stands for a request the client canceled.
var errCanceled = context.Canceled

// reEscape matches the escape sequences of Go and JSON quoting.
var reEscape = lazyre.New(`\\(?:[abfnrtv\\'"/]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3})`)

// maxHashes bounds the request-id hashes kept, over all groups, to count
// the ids beyond MaxRequestIDs without repeats.
const maxHashes = 50_000

// maxGroupProblems is the most decoder problems kept per group.
const maxGroupProblems = 3

// maxProviders is the most upstream providers listed per group.
const maxProviders = 10

// groupKey identifies a group while reading.
type groupKey struct {
	api    catalog.API
	code   catalog.Code
	kind   string
	status int    // KindStatus only
	host   string // while the API is unknown: resolved in finish
}

// groupState is a group being built.
type groupState struct {
	key groupKey
	seq int // number of the group's first failure
	g   Group

	rep     *apierror.Error // first decoded failure (body dropped); nil for transport failures
	repAt   attempt         // first failure's attempt (err cleared)
	status  map[int]bool
	ids     map[string]bool // shown request ids
	idMore  map[uint64]bool // hashes of the others
	eps     map[string]bool // shown endpoints
	epMore  map[string]bool // the others (at most 1000)
	probs   map[string]bool
	finding map[string]*findingAgg
}

// failure is a failed attempt as the timing checks need it.
type failure struct {
	gs  *groupState // nil when the group cap was hit
	pol retry.Policy
	dec retry.Decision // the policy's decision as for a first attempt
	ra  retryAfter
	lbl string // "a 429", "a network error"
	ep  string // the failed request's endpoint
}

type retryAfter struct {
	ok  bool
	d   time.Duration
	src string // where the server named it: "Retry-After", "details.retry_after_seconds"
}

// fail counts a failed attempt in its group and returns what the timing
// checks need.
func (a *analyzer) fail(at *attempt) *failure {
	k := groupKey{}
	if e := at.err; e != nil {
		k.api = e.API
		code := e.Code
		if e.Entry != nil {
			code = e.Entry.Code
		}
		k.code = catalog.Code(clean(string(code), 80)) // " " is no code
		if k.code != "" {
			k.kind = KindAPIError
		} else {
			k.kind, k.status = KindStatus, e.Status
		}
		if e.API != "" && at.host != "" {
			a.learnHost(at.host, e.API)
		}
	} else {
		k.kind = at.netKind
		k.api = a.opt.API
	}
	if k.api == "" && at.host != "" {
		if api := a.hostAPI[at.host]; api != "" {
			k.api = api
		} else {
			k.host = at.host
		}
	}
	gs := a.groups[k]
	if gs == nil && len(a.groups) < MaxGroups {
		gs = a.newGroup(k, at)
		a.groups[k] = gs
	}
	a.seq++
	if gs == nil {
		a.dropped++
	} else {
		gs.count(a, at)
	}

	f := &failure{gs: gs, pol: a.policy(k.api), lbl: label(at), ep: at.endpoint()}
	f.dec = f.pol.Decide(retry.Call{Attempt: 1, Method: at.method, IdempotencyKey: at.idemKey}, at.retryFailure())
	if a.observe != nil {
		a.observe(at, f.dec)
	}
	if at.err != nil && at.err.RateLimit.HasRetryAfter {
		src := strings.TrimSpace(strings.TrimSuffix(at.err.RateLimit.RetryAfterSource, " header"))
		if src == "" {
			src = "Retry-After"
		}
		f.ra = retryAfter{true, at.err.RateLimit.RetryAfter, src}
	}
	return f
}

// learnHost remembers which API a host serves.
func (a *analyzer) learnHost(host string, api catalog.API) {
	old, ok := a.hostAPI[host]
	switch {
	case !ok && len(a.hostAPI) < 1000:
		a.hostAPI[host] = api
	case ok && old != api:
		a.hostAPI[host] = ""
	}
}

func (a *analyzer) newGroup(k groupKey, at *attempt) *groupState {
	gs := &groupState{
		key: k, seq: a.seq, rep: at.err, repAt: *at,
		status: map[int]bool{}, ids: map[string]bool{}, idMore: map[uint64]bool{},
		eps: map[string]bool{}, epMore: map[string]bool{}, probs: map[string]bool{},
		finding: map[string]*findingAgg{},
	}
	gs.repAt.err = nil
	if gs.rep != nil {
		// Keep the decoded fields, not the body.
		rep := *gs.rep
		rep.Body, rep.Details = nil, nil
		gs.rep = &rep
	}
	gs.g = Group{API: k.api, Code: k.code, Kind: k.kind, Where: at.where}
	if at.err != nil {
		gs.g.Type = at.err.Type
		gs.g.Message = clean(at.err.Message, 300)
		gs.g.Retryable = at.err.Retryable()
	} else {
		gs.g.Message = clean(at.netText, 300)
	}
	return gs
}

// count adds one failure to the group.
func (gs *groupState) count(a *analyzer, at *attempt) {
	g := &gs.g
	g.Count++
	gs.status[at.status] = true
	if t := at.end; !t.IsZero() {
		if g.First.IsZero() || t.Before(g.First) {
			g.First = t
		}
		if t.After(g.Last) {
			g.Last = t
		}
	}
	if e := at.err; e != nil {
		if id := clean(e.RequestID, 100); id != "" && !gs.ids[id] {
			switch {
			case len(g.RequestIDs) < MaxRequestIDs:
				gs.ids[id] = true
				g.RequestIDs = append(g.RequestIDs, id)
			case a.hashes < maxHashes:
				h := hash(id)
				if !gs.idMore[h] {
					gs.idMore[h] = true
					a.hashes++
					g.MoreRequestIDs++
				}
			default:
				g.MoreRequestIDs++
			}
		}
		for _, p := range e.ProviderErrors {
			x := clean(strings.TrimSpace(p.Provider+": "+p.Code), 120)
			if x != ":" && len(g.Providers) < maxProviders && !slices.Contains(g.Providers, x) {
				g.Providers = append(g.Providers, x)
			}
		}
		for _, p := range e.Problems {
			if len(gs.probs) >= maxGroupProblems {
				break
			}
			if p = clean(p, 300); !gs.probs[p] {
				gs.probs[p] = true
				g.Problems = append(g.Problems, p)
			}
		}
	}
	if ep := at.endpoint(); ep != "" && !gs.eps[ep] && !gs.epMore[ep] {
		switch {
		case len(g.Endpoints) < MaxEndpoints:
			gs.eps[ep] = true
			g.Endpoints = append(g.Endpoints, ep)
		case len(gs.epMore) < 1000:
			gs.epMore[ep] = true
			g.MoreEndpoints++
		default:
			g.MoreEndpoints++
		}
	}
}

func hash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// merge adds the group o into gs (same API and code); the group whose
// first failure came first provides the representative.
func (gs *groupState) merge(o *groupState) {
	first, second := gs, o
	if o.seq < gs.seq {
		first, second = o, gs
	}
	g := first.g
	g.API, g.Code, g.Kind = gs.key.api, gs.key.code, gs.key.kind
	g.Count = gs.g.Count + o.g.Count
	g.Retries = gs.g.Retries + o.g.Retries
	if t := second.g.First; !t.IsZero() && (g.First.IsZero() || t.Before(g.First)) {
		g.First = t
	}
	if t := second.g.Last; t.After(g.Last) {
		g.Last = t
	}
	ids, eps := cloneSet(first.ids), cloneSet(first.eps)
	var moreIDs, moreEps int
	g.RequestIDs, moreIDs = mergeCapped(slices.Clone(first.g.RequestIDs), ids, second.g.RequestIDs, MaxRequestIDs)
	g.MoreRequestIDs = first.g.MoreRequestIDs + second.g.MoreRequestIDs + moreIDs
	g.Endpoints, moreEps = mergeCapped(slices.Clone(first.g.Endpoints), eps, second.g.Endpoints, MaxEndpoints)
	g.MoreEndpoints = first.g.MoreEndpoints + second.g.MoreEndpoints + moreEps
	g.Providers = slices.Clone(first.g.Providers)
	for _, p := range second.g.Providers {
		if len(g.Providers) < maxProviders && !slices.Contains(g.Providers, p) {
			g.Providers = append(g.Providers, p)
		}
	}
	probs := cloneSet(first.probs)
	g.Problems, _ = mergeCapped(slices.Clone(first.g.Problems), probs, second.g.Problems, maxGroupProblems)
	status := cloneSet(first.status)
	for s := range second.status {
		status[s] = true
	}
	finding := map[string]*findingAgg{}
	for _, src := range []*groupState{first, second} {
		for kind, f := range src.finding {
			if d := finding[kind]; d != nil {
				d.merge(f)
			} else {
				c := *f
				finding[kind] = &c
			}
		}
	}
	*gs = groupState{
		key: gs.key, seq: first.seq, g: g, rep: first.rep, repAt: first.repAt,
		status: status, ids: ids, idMore: first.idMore, eps: eps, epMore: first.epMore,
		probs: probs, finding: finding,
	}
}

// mergeCapped adds to list the items of from that seen lacks, while list
// holds fewer than max, and records them in seen. It returns the list and
// how many new items did not fit.
func mergeCapped(list []string, seen map[string]bool, from []string, max int) ([]string, int) {
	more := 0
	for _, s := range from {
		switch {
		case seen[s]:
		case len(list) < max:
			seen[s] = true
			list = append(list, s)
		default:
			more++
		}
	}
	return list, more
}

func cloneSet[K comparable](m map[K]bool) map[K]bool {
	c := make(map[K]bool, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// label names a failure in a finding: "a 429", "a 401 BSE1002", "a
// network error".
func label(at *attempt) string {
	switch {
	case at.err != nil && at.err.Status == 0:
		return "an error response"
	case at.err != nil:
		return "a " + fmt.Sprint(at.err.Status)
	case at.netKind == KindTimeout:
		return "a timeout"
	case at.netKind == KindCanceled:
		return "a canceled request"
	}
	return "a network error"
}

// resolveHosts gives the groups whose API was unknown the API their host
// was later seen to serve, and merges groups that then coincide.
func (a *analyzer) resolveHosts() {
	var pending []*groupState
	for k, gs := range a.groups {
		if k.host != "" {
			pending = append(pending, gs)
			delete(a.groups, k)
		}
	}
	slices.SortFunc(pending, func(x, y *groupState) int { return x.seq - y.seq })
	for _, gs := range pending {
		k := gs.key
		k.host = ""
		k.api = a.hostAPI[gs.key.host]
		gs.key = k
		gs.g.API = k.api
		if other := a.groups[k]; other != nil {
			other.merge(gs)
			continue
		}
		a.groups[k] = gs
	}
}

// finish turns the groups into the report.
func (a *analyzer) finish() {
	a.resolveHosts()
	r := &a.rep
	if a.dropped > 0 {
		a.note("more than %d kinds of failure; %d failures of the other kinds are counted but not grouped", MaxGroups, a.dropped)
	}
	if a.untracked > 0 {
		a.note("more than %d distinct requests; the timing of %d attempts was not checked", MaxTracked, a.untracked)
	}
	if a.anonymous > 1 {
		a.note("%d failures name no method or URL; the timing checks treat those less than %s apart (or twice the wait the policy asks for) as attempts of one request", a.anonymous, durtext.Approx(anonWindow))
	}
	if a.disorder > 0 {
		a.note("%d attempts came before the previous attempt of the same request; the entries are not in time order, so they were not checked as retries", a.disorder)
	}
	r.Groups = make([]Group, 0, len(a.groups))
	for _, gs := range a.groups {
		r.Groups = append(r.Groups, a.finishGroup(gs))
	}
	slices.SortFunc(r.Groups, func(x, y Group) int {
		if x.Count != y.Count {
			return y.Count - x.Count
		}
		if c := strings.Compare(string(x.API), string(y.API)); c != 0 {
			return c
		}
		if c := strings.Compare(string(x.Code), string(y.Code)); c != 0 {
			return c
		}
		if c := slices.Compare(x.Statuses, y.Statuses); c != 0 {
			return c
		}
		return strings.Compare(x.Kind, y.Kind)
	})
	if a.red.Summary().More {
		a.note("more than %d distinct credentials; only the first were looked for elsewhere in the report", redact.MaxLearned)
	}
	probs, more := a.problems, a.moreProblems
	if room := MaxProblems - len(a.notes); more > 0 || len(probs) > room {
		keep := min(max(room-1, 0), len(probs))
		more += len(probs) - keep
		probs = append(probs[:keep:keep], fmt.Sprintf("… and %d more problems", more))
	}
	r.Problems = append(append([]string{}, a.notes...), probs...)
	if !r.First.IsZero() {
		r.First, r.Last = r.First.UTC(), r.Last.UTC()
	}
	r.redact(&a.red)
	r.Redacted = a.red.Summary()
}

// finishGroup completes one group: statuses, title, verdict, next steps,
// findings.
func (a *analyzer) finishGroup(gs *groupState) Group {
	g := gs.g
	for s := range gs.status {
		g.Statuses = append(g.Statuses, s)
	}
	slices.Sort(g.Statuses)
	if !g.First.IsZero() {
		g.First, g.Last = g.First.UTC(), g.Last.UTC()
	}
	var entry *catalog.Entry
	if gs.rep != nil && gs.rep.Entry != nil && gs.rep.API == g.API {
		entry = gs.rep.Entry
	} else if g.API != "" && g.Code != "" {
		if e, ok := catalog.Lookup(g.API, g.Code); ok {
			entry = &e
		}
	}
	if entry != nil {
		g.Title = entry.Title
		g.Doc = route.Code(*entry)
		if g.Type == "" {
			g.Type = entry.Type
		}
		if gs.rep != nil && gs.rep.RetryableFlag == nil {
			g.Retryable = entry.Retryable
		}
	}
	if g.Title == "" {
		g.Title = a.title(gs)
	}
	g.Decision, g.Verdict = a.verdict(gs, entry)
	g.NextSteps = a.nextSteps(gs, entry, g)
	g.Findings = gs.findings()
	if g.RequestIDs == nil {
		g.RequestIDs = []string{}
	}
	if g.Endpoints == nil {
		g.Endpoints = []string{}
	}
	if g.Problems == nil {
		g.Problems = []string{}
	}
	if g.Providers == nil {
		g.Providers = []string{}
	}
	return g
}

// title describes a group that has no catalog entry.
func (a *analyzer) title(gs *groupState) string {
	g := gs.g
	switch g.Kind {
	case KindNetwork:
		return "Network failure (no response)"
	case KindTimeout:
		return "Timed out (no response)"
	case KindCanceled:
		return "Canceled by the client (no response)"
	case KindStatus:
		if gs.key.status == 0 {
			return "Error body without a status or code"
		}
		return fmt.Sprintf("HTTP %d (no error code)", gs.key.status)
	}
	// A code that no catalog entry of the API holds: maybe the API is
	// unclear and the candidates agree on a title.
	var titles []string
	for _, e := range catalog.LookupCode(g.Code) {
		if !slices.Contains(titles, e.Title) {
			titles = append(titles, e.Title)
		}
	}
	switch {
	case g.API == "" && len(titles) == 1:
		return titles[0] + " (API unclear)"
	case g.API == "" && len(titles) > 1:
		return "Code in several catalogs (API unclear)"
	}
	return "Code not in errscope's catalog"
}

// verdict is what the API's policy does after the group's first failure,
// as a first attempt, in one line.
func (a *analyzer) verdict(gs *groupState, entry *catalog.Entry) (Decision, string) {
	p := a.policy(gs.g.API)
	at := gs.repAt
	at.err = gs.rep
	call := retry.Call{Attempt: 1, Method: at.method, IdempotencyKey: at.idemKey}
	x := explain.Decide(p, call, at.retryFailure())
	d := retry.Decision{Retry: x.Retries(), Rule: x.Rule, Reason: x.Reason, Delay: x.MaxDelay}
	dec := Decision{Retry: d.Retry, Rule: d.Rule.String(), Reason: d.Reason, Sentence: x.Sentence}
	var v string
	switch {
	case d.Retry && x.ByMethod:
		v = "retry only a GET, HEAD or DELETE or a request with an Idempotency-Key (the input does not show the method): " + lowerFirst(strings.TrimSuffix(x.Sentence, "."))
	case d.Retry:
		v = "retry" + strings.TrimPrefix(strings.TrimSuffix(x.Sentence, "."), "Retries") // the SDK's sentence, as advice
	case d.Rule == retry.RuleOverCap:
		v = "do not retry now: " + d.Reason + "; surface the error and try again later"
	case d.Rule == retry.RuleNotIdempotent:
		v = "do not retry: " + d.Reason + "; send an Idempotency-Key so that a retry is safe"
	case d.Rule == retry.RuleCanceled:
		v = "nothing to retry: the client canceled the request"
	case gs.rep != nil && gs.rep.Status == 0 && entry == nil:
		v = "unclear: the input shows neither the HTTP status nor a known code; check the status the client received"
	case entry != nil && len(solutions(entry, false)) > 0:
		v = "do not retry: " + lowerFirst(strings.TrimSuffix(solutions(entry, false)[0], "."))
	default:
		v = "do not retry: " + d.Reason
	}
	if d.Retry {
		m := d.Delay.Milliseconds()
		dec.DelayMS = &m
	}
	return dec, v
}

func lowerFirst(s string) string {
	if len(s) >= 2 && s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z') {
		return string(s[0]+'a'-'A') + s[1:]
	}
	return s
}

// nextSteps lists what to do about the group's failures.
func (a *analyzer) nextSteps(gs *groupState, entry *catalog.Entry, g Group) []string {
	var s []string
	if entry != nil {
		for _, x := range solutions(entry, g.Decision.Retry) {
			if len(s) == 3 {
				break
			}
			s = append(s, x)
		}
	}
	switch {
	case g.Kind == KindNetwork:
		s = append(s, "Check DNS, TLS and connectivity from the client to the API host; retry GET, HEAD and DELETE, and POST only with an Idempotency-Key.")
	case g.Kind == KindTimeout:
		s = append(s, "Check whether the work was done before resending: a timed-out POST may have succeeded; resend with the same Idempotency-Key.")
	case g.Kind == KindCanceled:
		s = append(s, "The client aborted the request (a navigation or an abort signal); check that this was intended.")
	case gs.rep != nil && gs.rep.NonJSON:
		s = append(s, "The response did not come from the API's error handler (a proxy or CDN page, or an empty body): check the URL, method and body, and retry only idempotent or keyed requests.")
	case entry == nil && g.Code != "":
		s = append(s, fmt.Sprintf("The code %s is not in errscope's catalog%s; read the message and the API's docs.", g.Code, apiOf(g.API)))
	}
	if len(g.RequestIDs) > 0 {
		s = append(s, "Quote the request ids when you contact the API's support.")
	}
	if s == nil {
		s = []string{}
	}
	return s
}

// solutions returns the entry's fixes for a group whose verdict is retry
// or not: when the policy does not retry (the body says retryable:false, a
// key is missing …), the catalog's advice to retry is left out, so that
// the advice never contradicts the verdict.
func solutions(entry *catalog.Entry, retrying bool) []string {
	if retrying {
		return entry.Solutions
	}
	var out []string
	for _, x := range entry.Solutions {
		if !strings.HasPrefix(strings.ToLower(x), "retry") {
			out = append(out, x)
		}
	}
	return out
}

func apiOf(api catalog.API) string {
	if info, ok := catalog.Info(api); ok {
		return " of " + info.Name
	}
	return ""
}

// redact passes every string of the report through clean, as a last line
// of defence (the fields were redacted when they were taken from the
// input already), after removing the credentials the input was seen to
// carry anywhere, also before the place they were learned (red.Scrub).
func (r *Report) redact(red *redact.Redactor) {
	clean := func(s string, n int) string {
		return clean(red.Scrub(s), n)
	}
	for i, p := range r.Problems {
		r.Problems[i] = clean(p, 400)
	}
	for i := range r.Groups {
		g := &r.Groups[i]
		g.Code = catalog.Code(clean(string(g.Code), 100))
		g.Type = catalog.Type(clean(string(g.Type), 100))
		g.Title = clean(g.Title, 200)
		g.Message = clean(g.Message, 300)
		g.Verdict = clean(g.Verdict, 400)
		g.Decision.Reason = clean(g.Decision.Reason, 200)
		for _, l := range [][]string{g.RequestIDs, g.Endpoints, g.Providers, g.NextSteps, g.Problems} {
			for j, s := range l {
				l[j] = clean(s, 400)
			}
		}
		for j := range g.Findings {
			g.Findings[j].Text = clean(g.Findings[j].Text, 400)
		}
	}
}

// scrub is the final pass over rendered output.
func scrub(s string) string { return redact.String(s) }
