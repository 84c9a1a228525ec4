// Package scenario is the one description of a retry simulation: an API,
// the responses its server gives, the request, the policy's changes to the
// API's documented defaults, and a herd of clients against a failing
// server.
//
// The command line's simulate flags, the simulator page's form and share
// links, and the JSON scenario file are three spellings of one [Scenario],
// read by one parser ([Scenario.Set]) with one set of defaults ([New]).
package scenario

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/durtext"
	"github.com/errscope/errscope/retry"
)

// Defaults of a [Scenario] made by [New].
const (
	// DefaultResponses is the responses of a new scenario: a rate limit
	// that names its wait, an outage, then success.
	DefaultResponses = "429:retry-after=17,503,200"
	// DefaultSeed seeds the jitter of a new scenario.
	DefaultSeed = 1
	// DefaultMethod is the request method of a new scenario.
	DefaultMethod = "GET"
	// DefaultClients is the size of a new scenario's herd.
	DefaultClients = 1000
	// DefaultOutage is how long a new scenario's server fails everything.
	DefaultOutage = 5 * time.Second
	// DefaultSpread is the interval over which a new herd's first requests
	// start.
	DefaultSpread = time.Second
	// DefaultHerdRetries is the retries of each client of a new herd:
	// enough to outlast the default outage, so that the jitter kinds
	// differ in how, not whether, the clients get through.
	DefaultHerdRetries = 5
	// MaxBudget is the largest retry budget ratio accepted.
	MaxBudget = 10
	// MaxDeadline is the longest deadline accepted.
	MaxDeadline = 24 * time.Hour
	// MaxOutage is the longest outage accepted.
	MaxOutage = time.Hour
	// Unlimited is the [Herd] Capacity of a server that serves every
	// request once the outage is over.
	Unlimited = -1
)

// A Scenario is one retry simulation. Its zero value is not valid: make
// one with [New] or [Parse], then change it with [Scenario.Set].
type Scenario struct {
	// API is the API whose policy and error bodies are simulated.
	API catalog.API
	// Responses are the outcomes of attempt 1, 2, …; the last repeats.
	Responses []retry.SimResponse
	// Method is the request method.
	Method string
	// IdempotencyKey is the request's Idempotency-Key, "" for none.
	IdempotencyKey string
	// Deadline is the caller's overall deadline; 0 means none.
	Deadline time.Duration
	// Seed seeds the jitter: the same seed gives the same run.
	Seed uint64

	// MaxRetries, when not nil, replaces the API's number of retries
	// after the first attempt (0: no retries).
	MaxRetries *int
	// BaseDelay, MaxDelay and RetryAfterCap replace the API's when
	// positive.
	BaseDelay, MaxDelay, RetryAfterCap time.Duration
	// Jitter replaces the API's jitter kind when not "".
	Jitter retry.Jitter
	// Budget, when positive, bounds retries to this ratio of first
	// attempts (a [retry.Budget] with [retry.DefaultBudgetBurst]).
	Budget float64

	// Herd is the many-clients simulation of the same policy.
	Herd Herd
}

// A Herd is many clients, each making one request with retries, against a
// server that fails everything during an outage and then serves a limited
// rate.
type Herd struct {
	// Clients is how many clients there are, 1 to [retry.MaxHerdClients].
	Clients int
	// Outage is how long from time 0 the server answers 503.
	Outage time.Duration
	// Capacity is the requests per second served after the outage: 0
	// means a fifth of the clients, [Unlimited] no limit.
	Capacity int
	// Spread is the interval over which the first requests start.
	Spread time.Duration
	// Retries, when not nil, is each client's retries after its first
	// attempt; nil means DefaultHerdRetries.
	Retries *int
}

// New returns the scenario of api with every default.
func New(api catalog.API) Scenario {
	rs, _ := retry.ParseSpec(api, DefaultResponses) // a constant that parses
	return Scenario{
		API: api, Responses: rs, Method: DefaultMethod, Seed: DefaultSeed,
		Herd: Herd{Clients: DefaultClients, Outage: DefaultOutage, Spread: DefaultSpread},
	}
}

// defaults holds [New]'s scenario of every API, made once, so that
// [Scenario.Set] and [Scenario.Get], which learn a field's default from it,
// do not parse the default responses again for each field.
var defaults = sync.OnceValue(func() map[catalog.API]Scenario {
	m := make(map[catalog.API]Scenario)
	for _, a := range catalog.APIs() {
		m[a.ID] = New(a.ID)
	}
	return m
})

// defaultOf returns New(api), made once per API. Its Responses are
// shared: copy them before storing them in a scenario.
func defaultOf(api catalog.API) Scenario {
	if d, ok := defaults()[api]; ok {
		return d
	}
	return New(api)
}

// A Field is one setting of a scenario, spelled the same everywhere: Name
// is the command-line flag; with "-" as "_" it is the JSON key and the
// share link's key.
type Field struct {
	Name  string // e.g. "max-retries"
	Value string // what the value is, for --help: "N"
	Label string // for a form: "Max retries"
	Usage string // one line for --help
	// Herd reports a setting of the herd simulation only.
	Herd bool
}

// Key is the field's JSON and share-link key: Name with "_" for "-".
func (f Field) Key() string { return strings.ReplaceAll(f.Name, "-", "_") }

// Fields lists every setting, in the order forms and help show them.
var Fields = []Field{
	{Name: "api", Value: "API", Label: "API", Usage: "the API whose policy and error bodies are simulated: " + strings.Join(catalog.APINames(), ", ")},
	{Name: "responses", Value: "RESPONSES", Label: "Responses", Usage: "the responses, e.g. 429:retry-after=17,503,200 (items: a status, net or timeout; options retry-after=S, reset=S, retryable=B, code=C, html, latency=D; *N repeats), or a JSON list of {\"status\":…} objects (default " + DefaultResponses + ")"},
	{Name: "method", Value: "METHOD", Label: "Method", Usage: "the request method (default " + DefaultMethod + ")"},
	{Name: "idempotency-key", Value: "KEY", Label: "Idempotency-Key", Usage: "the request's Idempotency-Key (default none)"},
	{Name: "deadline", Value: "DURATION", Label: "Deadline", Usage: "the caller's overall deadline, e.g. 10s (default none)"},
	{Name: "seed", Value: "SEED", Label: "Seed", Usage: "jitter seed: the same seed gives the same run (default 1)"},
	{Name: "max-retries", Value: "N", Label: "Max retries", Usage: "retries after the first attempt, 0 to " + strconv.Itoa(retry.MaxSimRetries) + " (default: the API's)"},
	{Name: "base", Value: "DURATION", Label: "Base delay", Usage: "backoff after the first failure, e.g. 1s (default: the API's)"},
	{Name: "cap", Value: "DURATION", Label: "Max delay", Usage: "cap on one backoff delay (default: the API's)"},
	{Name: "jitter", Value: "KIND", Label: "Jitter", Usage: "jitter kind: " + jitterNames() + " (default: the API's)"},
	{Name: "retry-after-cap", Value: "DURATION", Label: "Retry-After cap", Usage: "longest server-named wait obeyed (default " + durtext.Format(retry.DefaultRetryAfterCap) + ")"},
	{Name: "budget", Value: "RATIO", Label: "Retry budget", Usage: "retry budget as a ratio of retries to first attempts, e.g. 0.1 (default none)"},
	{Name: "clients", Value: "N", Label: "Clients", Usage: "herd: clients against a failing server, 1 to " + strconv.Itoa(retry.MaxHerdClients) + " (default " + strconv.Itoa(DefaultClients) + ")", Herd: true},
	{Name: "outage", Value: "DURATION", Label: "Outage", Usage: "herd: how long the server fails everything (default " + durtext.Format(DefaultOutage) + ")", Herd: true},
	{Name: "capacity", Value: "REQUESTS", Label: "Capacity (req/s)", Usage: "herd: requests per second served after the outage, or unlimited (default: a fifth of the clients)", Herd: true},
	{Name: "spread", Value: "DURATION", Label: "Spread", Usage: "herd: interval over which first requests start (default " + durtext.Format(DefaultSpread) + ")", Herd: true},
	{Name: "herd-retries", Value: "N", Label: "Retries per client", Usage: "herd: retries per client after its first attempt, 0 to " + strconv.Itoa(retry.MaxSimRetries) + " (default " + strconv.Itoa(DefaultHerdRetries) + ")", Herd: true},
}

func jitterNames() string {
	var names []string
	for _, j := range retry.Jitters {
		names = append(names, string(j))
	}
	return strings.Join(names, ", ")
}

// A FieldError reports a bad value for one field.
type FieldError struct {
	Field Field
	Value string
	Err   error
}

// Error names the field by its label and says what it accepts.
func (e *FieldError) Error() string { return e.Field.Label + ": " + e.Err.Error() }

// Unwrap returns the underlying problem.
func (e *FieldError) Unwrap() error { return e.Err }

// ErrUnknownField is wrapped by the error of [Scenario.Set] for a name
// that is no [Field].
var ErrUnknownField = errors.New("unknown setting")

// maxValue bounds one value's length, so no input makes parsing slow.
const maxValue = 4000

// Set parses value as the field name (a [Field] Name or Key) and stores it:
// the one validating parser of every spelling. An empty value restores the
// field's default. A bad value leaves s unchanged and gives a
// *[FieldError].
func (s *Scenario) Set(name, value string) error {
	f, ok := lookup(name)
	if !ok {
		return fmt.Errorf("%w %q (valid: %s)", ErrUnknownField, name, names())
	}
	value = strings.TrimSpace(value)
	if len(value) > maxValue {
		return &FieldError{f, value[:40] + "…", fmt.Errorf("longer than %d characters", maxValue)}
	}
	if err := s.set(f.Name, value); err != nil {
		return &FieldError{f, value, err}
	}
	return nil
}

func (s *Scenario) set(name, v string) error {
	switch name {
	case "api":
		if v == "" {
			return errors.New("required")
		}
		a, err := catalog.ParseAPI(v)
		if err != nil {
			return err
		}
		s.API = a
	case "responses":
		if v == "" {
			s.Responses = slices.Clone(defaultOf(s.API).Responses)
			return nil
		}
		rs, err := parseResponses(s.API, v)
		if err != nil {
			return err
		}
		s.Responses = rs
	case "method":
		if v == "" {
			s.Method = DefaultMethod
			return nil
		}
		if !isToken(v) || len(v) > 20 {
			return fmt.Errorf("%q is not an HTTP method", v)
		}
		s.Method = strings.ToUpper(v)
	case "idempotency-key":
		if len(v) > 255 {
			return errors.New("longer than 255 characters")
		}
		s.IdempotencyKey = v
	case "deadline":
		return setDuration(&s.Deadline, v, MaxDeadline)
	case "seed":
		if v == "" {
			s.Seed = DefaultSeed
			return nil
		}
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", v)
		}
		s.Seed = n
	case "max-retries":
		return setCount(&s.MaxRetries, v, retry.MaxSimRetries)
	case "base":
		return setDuration(&s.BaseDelay, v, time.Hour)
	case "cap":
		return setDuration(&s.MaxDelay, v, 24*time.Hour)
	case "retry-after-cap":
		return setDuration(&s.RetryAfterCap, v, 365*24*time.Hour)
	case "jitter":
		if v == "" {
			s.Jitter = ""
			return nil
		}
		j, err := retry.ParseJitter(v)
		if err != nil {
			return err
		}
		s.Jitter = j
	case "budget":
		if v == "" || v == "none" {
			s.Budget = 0
			return nil
		}
		r, err := strconv.ParseFloat(v, 64)
		if err != nil || !(r >= 0 && r <= MaxBudget) {
			return fmt.Errorf("%q is not a ratio from 0 to %d", v, MaxBudget)
		}
		s.Budget = r
	case "clients":
		if v == "" {
			s.Herd.Clients = DefaultClients
			return nil
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > retry.MaxHerdClients {
			return fmt.Errorf("%q is not a number from 1 to %d", v, retry.MaxHerdClients)
		}
		s.Herd.Clients = n
	case "outage":
		if v == "" {
			s.Herd.Outage = DefaultOutage
			return nil
		}
		return setDuration(&s.Herd.Outage, v, MaxOutage)
	case "capacity":
		switch v {
		case "", "0":
			s.Herd.Capacity = 0
			return nil
		case "unlimited", "none":
			s.Herd.Capacity = Unlimited
			return nil
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10_000_000 {
			return fmt.Errorf("%q is not requests per second (a number from 1), or unlimited", v)
		}
		s.Herd.Capacity = n
	case "spread":
		if v == "" {
			s.Herd.Spread = DefaultSpread
			return nil
		}
		return setDuration(&s.Herd.Spread, v, MaxOutage)
	case "herd-retries":
		return setCount(&s.Herd.Retries, v, retry.MaxSimRetries)
	}
	return nil
}

// Get returns the field's value as [Scenario.Set] reads it; "" when it is
// the default.
func (s Scenario) Get(name string) string {
	f, ok := lookup(name)
	if !ok {
		return ""
	}
	switch f.Name {
	case "api":
		return string(s.API)
	case "responses":
		if sp := s.Spec(); sp != defaultOf(s.API).Spec() {
			return sp
		}
	case "method":
		if s.Method != DefaultMethod {
			return s.Method
		}
	case "idempotency-key":
		return s.IdempotencyKey
	case "deadline":
		return durText(s.Deadline)
	case "seed":
		if s.Seed != DefaultSeed {
			return strconv.FormatUint(s.Seed, 10)
		}
	case "max-retries":
		return countText(s.MaxRetries)
	case "base":
		return durText(s.BaseDelay)
	case "cap":
		return durText(s.MaxDelay)
	case "retry-after-cap":
		return durText(s.RetryAfterCap)
	case "jitter":
		return string(s.Jitter)
	case "budget":
		if s.Budget > 0 {
			return strconv.FormatFloat(s.Budget, 'g', -1, 64)
		}
	case "clients":
		if s.Herd.Clients != DefaultClients {
			return strconv.Itoa(s.Herd.Clients)
		}
	case "outage":
		if s.Herd.Outage != DefaultOutage {
			return durText(s.Herd.Outage)
		}
	case "capacity":
		switch {
		case s.Herd.Capacity == Unlimited:
			return "unlimited"
		case s.Herd.Capacity > 0:
			return strconv.Itoa(s.Herd.Capacity)
		}
	case "spread":
		if s.Herd.Spread != DefaultSpread {
			if s.Herd.Spread == 0 {
				return "0s"
			}
			return durText(s.Herd.Spread)
		}
	case "herd-retries":
		return countText(s.Herd.Retries)
	}
	return ""
}

// Spec returns the responses in the spec syntax of [retry.ParseSpec].
func (s Scenario) Spec() string { return retry.FormatSpec(s.Responses) }

// Policy returns the API's documented policy with the scenario's changes,
// applied with [retry.Policy.With].
func (s Scenario) Policy() retry.Policy {
	o := retry.Policy{BaseDelay: s.BaseDelay, MaxDelay: s.MaxDelay, RetryAfterCap: s.RetryAfterCap, Jitter: s.Jitter}
	if s.MaxRetries != nil {
		o.MaxRetries = retriesField(*s.MaxRetries)
	}
	if s.Budget > 0 {
		o.Budget = retry.NewBudget(s.Budget, retry.DefaultBudgetBurst)
	}
	return retry.ForAPI(s.API).With(o)
}

// retriesField turns a count of retries into Policy.MaxRetries, where 0
// means the default and a negative value none.
func retriesField(n int) int {
	if n == 0 {
		return -1
	}
	return n
}

// Request returns the one request the scenario simulates.
func (s Scenario) Request() retry.Scenario {
	return retry.Scenario{API: s.API, Responses: s.Responses, Method: s.Method,
		IdempotencyKey: s.IdempotencyKey, Deadline: s.Deadline, Seed: s.Seed}
}

// Run simulates the request under the policy.
func (s Scenario) Run() retry.Result { return s.Policy().Schedule(s.Request()) }

// HerdPolicy is the policy every client of the herd follows: [Scenario.Policy]
// with the herd's retries per client.
func (s Scenario) HerdPolicy() retry.Policy {
	p := s.Policy()
	n := DefaultHerdRetries
	if s.Herd.Retries != nil {
		n = *s.Herd.Retries
	}
	p.MaxRetries = retriesField(n)
	return p
}

// HerdConfig returns the herd simulation's configuration, its defaults
// resolved.
func (s Scenario) HerdConfig() retry.HerdConfig {
	c := retry.HerdConfig{API: s.API, Clients: s.Herd.Clients, Outage: s.Herd.Outage, Spread: s.Herd.Spread, Seed: s.Seed}
	switch {
	case s.Herd.Capacity == Unlimited:
		c.Capacity = 0 // HerdConfig's unlimited
	case s.Herd.Capacity > 0:
		c.Capacity = s.Herd.Capacity
	default:
		c.Capacity = max(1, s.Herd.Clients/5)
	}
	return c
}

func lookup(name string) (Field, bool) {
	for _, f := range Fields {
		if name == f.Name || name == f.Key() {
			return f, true
		}
	}
	return Field{}, false
}

func names() string {
	var n []string
	for _, f := range Fields {
		n = append(n, f.Name)
	}
	return strings.Join(n, ", ")
}

// ParseDuration reads "1.5s", "500ms", "2m" or a plain number of seconds:
// the one reader of a scenario's durations.
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 0 && f < 1e9 {
		return time.Duration(f * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration (try 1s, 500ms or 2m)", s)
	}
	return d, nil
}

func setDuration(dst *time.Duration, v string, limit time.Duration) error {
	if v == "" {
		*dst = 0
		return nil
	}
	d, err := ParseDuration(v)
	if err != nil {
		return err
	}
	if d < 0 || d > limit {
		return fmt.Errorf("%q is not a duration from 0 to %s", v, durtext.Format(limit))
	}
	*dst = d
	return nil
}

func setCount(dst **int, v string, limit int) error {
	if v == "" {
		*dst = nil
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > limit {
		return fmt.Errorf("%q is not a number from 0 to %d", v, limit)
	}
	*dst = &n
	return nil
}

func durText(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	return d.String()
}

func countText(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

func isToken(s string) bool {
	for _, c := range s {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '-') {
			return false
		}
	}
	return s != ""
}
