// Package catalog holds the error catalog of the four APIs errscope knows:
// every documented error code with its HTTP status, machine type, retryable
// flag, meaning, causes, solutions and the seed pages each fact came from.
//
// The data lives in one file, catalog.json, which is the single source of
// truth for the SDK, the command line and the playground. It is compiled in
// as a Go literal (data.go, generated from it by TestGeneratedData), so
// nothing is parsed at start-up and a binary that needs only the entries
// (the reference's search) carries no JSON decoder.
// [Lookup] and [LookupCode] find an entry by code; [Search] finds entries
// by code, code fragment, HTTP status, type or words, tolerating typos,
// and returns byte spans for highlighting the match. The
// package is pure (no I/O beyond the embedded file) and builds for js/wasm.
// All returned values are copies or read-only views; the package is safe for
// concurrent use.
package catalog

import (
	"errors"
	"strconv"
	"strings"
)

// An API names one of the APIs in the catalog, in lower case ("babysea").
type API string

// The APIs of the catalog.
const (
	BabySea    API = "babysea"
	Babou      API = "babou"
	Aionvision API = "aionvision"
	Claro      API = "claro"
)

// A Code is an API's error code as it appears on the wire ("BSE1005",
// "RATE_LIMIT_EXCEEDED", "rate_limit_exceeded").
type Code string

// A Type is an API's machine-readable error type ("rate_limit_exceeded").
// APIs without a separate type use a lower-case form of the code.
type Type string

// A Category groups codes by what the caller has to do about them.
type Category string

// The categories used by [Entry.Category].
const (
	CategoryAuth      Category = "auth"       // credentials, permissions, account state
	CategoryRateLimit Category = "rate_limit" // request, concurrency or usage limits
	CategoryInput     Category = "input"      // the request itself is wrong
	CategoryModel     Category = "model"      // model or configuration (BabySea BSE3xxx)
	CategoryProvider  Category = "provider"   // an upstream inference or AI provider failed
	CategoryInternal  Category = "internal"   // the server failed
)

// Categories lists every category in display order.
var Categories = []Category{CategoryAuth, CategoryRateLimit, CategoryInput, CategoryModel, CategoryProvider, CategoryInternal}

// An Entry is one error code of one API.
type Entry struct {
	API       API      `json:"api"`
	Code      Code     `json:"code"`
	Type      Type     `json:"type"`
	Status    int      `json:"status"`
	Retryable bool     `json:"retryable"`
	Title     string   `json:"title"`
	Meaning   string   `json:"meaning"`
	Causes    []string `json:"causes"`
	Solutions []string `json:"solutions"`
	// Sources are the seed file names (in shared/seeds) the facts came from.
	Sources []string `json:"sources"`
	// Category is the entry's category.
	Category Category `json:"category"`
	// OlderWording is how an older source page worded the meaning, where
	// the sources disagree and the newer page won. Empty otherwise.
	OlderWording string `json:"older_wording,omitempty"`
	// StatusNote says how errscope chose Status where the sources do not
	// state it outright ("Taken as 400 (the envelope's example)."): the
	// catalog's provenance, not part of the meaning. Empty otherwise.
	StatusNote string `json:"status_note,omitempty"`
}

// Key returns "api/code", unique across the catalog.
func (e Entry) Key() string { return string(e.API) + "/" + string(e.Code) }

// RetryDefaults is an API's documented default retry behaviour.
type RetryDefaults struct {
	MaxRetries  int `json:"max_retries"`   // retries after the first attempt
	BaseDelayMS int `json:"base_delay_ms"` // backoff after the first failure
	MaxDelayMS  int `json:"max_delay_ms"`  // cap on one backoff delay
	// Jitter names the randomisation of each delay: "none", "full",
	// "equal", "decorrelated", or "additive" (the exponential delay plus a
	// uniform random extra of up to JitterMaxMS, as Aionvision's docs do).
	Jitter string `json:"jitter"`
	// JitterMaxMS is the largest random extra added by "additive" jitter,
	// in milliseconds (Aionvision: 500). 0 for the other kinds.
	JitterMaxMS int `json:"jitter_max_ms,omitempty"`
	// RetryAfterDefaultMS is the wait the API's docs use on a 429 that
	// carries no Retry-After (Aionvision: 5000). 0 means use backoff.
	RetryAfterDefaultMS int `json:"retry_after_default_ms,omitempty"`
	// RetryBodyFlag reports whether the body's "retryable" field decides
	// (BabySea), rather than the status code.
	RetryBodyFlag bool `json:"retry_body_flag,omitempty"`
}

// An APIInfo describes one API as a whole.
type APIInfo struct {
	ID               API      `json:"id"`
	Name             string   `json:"name"`
	Envelope         string   `json:"envelope"`           // an example error body, showing the shape
	KeyPrefix        string   `json:"key_prefix"`         // how keys start ("bye_"); empty if undocumented
	AuthHeader       string   `json:"auth_header"`        // how the key is sent
	RateLimitHeaders []string `json:"rate_limit_headers"` // documented headers; empty if none are
	// RateLimits states the documented request limits in words, or that
	// they are not published.
	RateLimits    string        `json:"rate_limits"`
	RetryGuidance string        `json:"retry_guidance"` // the documented retry advice, in words
	Retry         RetryDefaults `json:"retry"`
	Sources       []string      `json:"sources"` // seed file names the facts came from
}

// The data lives in data.go, generated from catalog.json in catalog order
// (see less): entryData and apiData, two variables, so that a binary that
// uses only the entries does not link the API descriptions.

func apiOrder(a API) int {
	switch a {
	case BabySea:
		return 0
	case Babou:
		return 1
	case Aionvision:
		return 2
	case Claro:
		return 3
	}
	return 4
}

func less(a, b Entry) bool {
	if a.API != b.API {
		return apiOrder(a.API) < apiOrder(b.API)
	}
	return a.Code < b.Code
}

// All returns every entry, BabySea first, then by API and code.
// The slice is a copy; callers may modify it.
func All() []Entry { return append([]Entry(nil), entryData...) }

// Len returns the number of entries in the catalog.
func Len() int { return len(entryData) }

// APIs returns the description of every API, BabySea first.
func APIs() []APIInfo { return append([]APIInfo(nil), apiData...) }

// Info returns the description of one API.
func Info(api API) (APIInfo, bool) {
	for _, a := range apiData {
		if a.ID == api {
			return a, true
		}
	}
	return APIInfo{}, false
}

// ParseAPI resolves a user-typed API name ("BabySea", "babysea") to an API.
// The error lists the valid names.
func ParseAPI(name string) (API, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, a := range apiData {
		if string(a.ID) == n || strings.ToLower(a.Name) == n {
			return a.ID, nil
		}
	}
	return "", errors.New("unknown API " + strconv.Quote(name) + " (valid: " + strings.Join(APINames(), ", ") + ")")
}

// APINames returns the ids of all APIs, BabySea first.
func APINames() []string {
	var s []string
	for _, a := range apiData {
		s = append(s, string(a.ID))
	}
	return s
}

// Lookup returns the entry for a code of one API. Codes are matched exactly,
// then case-insensitively.
func Lookup(api API, code Code) (Entry, bool) {
	var fold *Entry
	for i, e := range entryData {
		if e.API != api {
			continue
		}
		if e.Code == code {
			return e, true
		}
		if fold == nil && strings.EqualFold(string(e.Code), string(code)) {
			fold = &entryData[i]
		}
	}
	if fold != nil {
		return *fold, true
	}
	return Entry{}, false
}

// LookupCode returns the entries of every API that uses code
// (case-insensitive). More than one means the code is ambiguous until the
// API is known.
func LookupCode(code Code) []Entry {
	var out []Entry
	for _, e := range entryData {
		if strings.EqualFold(string(e.Code), string(code)) {
			out = append(out, e)
		}
	}
	return out
}

// An ExportEntry is the published, machine-readable form of an [Entry]:
// exactly the fields api, code, type, status, retryable, title, meaning,
// causes, solutions and sources. It is what `errscope catalog --json` prints
// and what the site publishes as /catalog.json.
type ExportEntry struct {
	API       API      `json:"api"`
	Code      Code     `json:"code"`
	Type      Type     `json:"type"`
	Status    int      `json:"status"`
	Retryable bool     `json:"retryable"`
	Title     string   `json:"title"`
	Meaning   string   `json:"meaning"`
	Causes    []string `json:"causes"`
	Solutions []string `json:"solutions"`
	Sources   []string `json:"sources"`
}

// Export converts entries to their published form, keeping the order.
func Export(entries []Entry) []ExportEntry {
	out := make([]ExportEntry, 0, len(entries))
	for _, e := range entries {
		out = append(out, ExportEntry{e.API, e.Code, e.Type, e.Status, e.Retryable, e.Title, e.Meaning, e.Causes, e.Solutions, e.Sources})
	}
	return out
}
