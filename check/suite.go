// Package check grades how an API client retries: it holds the built-in
// scenario suites that `errscope check` plays to a client through the mock
// server (package mock), the rules the client's requests are graded by,
// and the report. Grading compares what the mock saw — every attempt's
// arrival, the response it got, the wait before the next — with the
// decisions of the API's documented retry policy (retry.ForAPI and
// retry.Policy.Decide), so the rules are the policy's, never a second copy.
//
// The package is pure (no net/http, no os/exec): the command line runs the
// client, and the simulator page shows the command lines of [Commands].
package check

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/retry"
)

// The environment a client under check runs with.
const (
	// EnvURL is the base URL of the mock (a path per scenario run), for
	// any client.
	EnvURL = "ERRSCOPE_URL"
	// EnvAPI names the API being mocked ("babysea").
	EnvAPI = "ERRSCOPE_API"
	// EnvScenario names the scenario being played ("retry-after").
	EnvScenario = "ERRSCOPE_SCENARIO"
	// EnvMethod is the method the scenario asks the client to send: GET
	// or POST.
	EnvMethod = "ERRSCOPE_METHOD"
	// EnvIdempotencyKey, when set, is an Idempotency-Key the scenario asks
	// the client to send; unset means send none.
	EnvIdempotencyKey = "ERRSCOPE_IDEMPOTENCY_KEY"
)

// BaseURLEnv returns the conventional environment variable for the base
// URL of api's client ("BABYSEA_BASE_URL"), which check sets as well as
// EnvURL; "" for an API outside the catalog.
func BaseURLEnv(api catalog.API) string {
	if _, ok := catalog.Info(api); !ok {
		return ""
	}
	return strings.ToUpper(string(api)) + "_BASE_URL"
}

// A Scenario is one situation a client is put in: the responses the mock
// plays to one request, and what the client is asked to send.
type Scenario struct {
	// Name identifies the scenario ("retry-after"); it is in the run's
	// URL path and in EnvScenario.
	Name string `json:"name"`
	// Spec is Responses in retry.ParseSpec's syntax.
	Spec      string              `json:"spec"`
	Responses []retry.SimResponse `json:"-"`
	// Method is the method asked for (EnvMethod): "GET" or "POST".
	Method string `json:"method"`
	// Key asks the client to send an Idempotency-Key (EnvIdempotencyKey).
	Key bool `json:"key"`
	// RetryAfterDate sends Retry-After as an HTTP-date.
	RetryAfterDate bool `json:"retry_after_date"`
	// Runs is how many times the scenario is played (more than one to
	// see jitter); 0 means 1.
	Runs int `json:"runs"`
}

// RunCount returns how many times s is played.
func (s Scenario) RunCount() int { return max(s.Runs, 1) }

// DefaultSuite is the name of the suite check plays unless told otherwise.
const DefaultSuite = "default"

// JitterRuns is how many times the default suite plays its backoff
// scenario, to see whether the client's waits vary.
const JitterRuns = 10

// Suites lists the names of the built-in suites.
func Suites() []string { return []string{DefaultSuite} }

// Suite returns the scenarios of the named suite for api. The default
// suite covers every rule: a 429 with Retry-After in seconds and as an
// HTTP-date, a Retry-After over the policy's cap, a 4xx, a non-retryable
// 5xx (the API's first catalog entry of one, e.g. BabySea's BSE3002,
// whose body says retryable:false; else a 501), a retryable 5xx twice (played JitterRuns times), a keyed POST
// that meets a reset and a 5xx, an unkeyed POST that meets a reset, and
// more failures than the policy has attempts. Waits are short (2 s, 3 s for
// the date) so the suite runs in seconds.
func Suite(api catalog.API, name string) ([]Scenario, error) {
	if _, ok := catalog.Info(api); !ok {
		return nil, fmt.Errorf("unknown API %q (valid: %s)", api, strings.Join(catalog.APINames(), ", "))
	}
	if name != DefaultSuite {
		return nil, fmt.Errorf("unknown suite %q (valid: %s)", name, strings.Join(Suites(), ", "))
	}
	p := retry.ForAPI(api)
	bad5xx := "501"
	if e, ok := pick(api, func(e catalog.Entry) bool { return e.Status >= 500 && !e.Retryable }); ok {
		bad5xx = strconv.Itoa(e.Status) + ":code=" + string(e.Code)
	}
	good5xx := "503"
	if e, ok := pick(api, func(e catalog.Entry) bool { return e.Status == 503 && e.Retryable }); ok {
		good5xx = "503:code=" + string(e.Code)
	} else if e, ok := pick(api, func(e catalog.Entry) bool { return e.Status >= 500 && e.Retryable }); ok {
		good5xx = strconv.Itoa(e.Status) + ":code=" + string(e.Code)
	}
	list := []Scenario{
		{Name: "retry-after", Spec: "429:retry-after=2,200"},
		// The date is in whole seconds after a Date that is truncated to
		// the second, so it names 2 to 3 s ahead.
		{Name: "retry-after-date", Spec: "429:retry-after=3,200", RetryAfterDate: true},
		{Name: "retry-after-over-cap", Spec: "429:retry-after=3600,200"},
		{Name: "client-error", Spec: "400,200"},
		{Name: "server-error-not-retryable", Spec: bad5xx + ",200"},
		{Name: "server-error", Spec: good5xx + "," + good5xx + ",200", Runs: JitterRuns},
		{Name: "post-keyed", Spec: "net," + good5xx + ",200", Method: "POST", Key: true},
		{Name: "post-unkeyed-reset", Spec: "net,200", Method: "POST"},
		{Name: "attempt-limit", Spec: good5xx + "*" + strconv.Itoa(p.Attempts()+2)},
	}
	for i := range list {
		s := &list[i]
		if s.Method == "" {
			s.Method = "GET"
		}
		r, err := retry.ParseSpec(api, s.Spec)
		if err != nil {
			return nil, fmt.Errorf("suite %s, scenario %s: %v", name, s.Name, err) // a bug in the suite
		}
		s.Responses = r
	}
	return list, nil
}

// pick returns the first catalog entry of api that ok accepts.
func pick(api catalog.API, ok func(catalog.Entry) bool) (catalog.Entry, bool) {
	for _, e := range catalog.All() {
		if e.API == api && ok(e) {
			return e, true
		}
	}
	return catalog.Entry{}, false
}

// prog is how the command lines of Commands run errscope.
const prog = "go run ./app"

// Commands returns the two command lines that put the scenario spec of
// api on a local mock: mock serves it (on 127.0.0.1:4010) for a client
// to try by hand, and check runs CLIENT against it and grades the
// retries. spec is in retry.ParseSpec's syntax; it is shell-quoted as
// needed, never interpreted.
func Commands(api catalog.API, spec string) (mock, check string) {
	a, s := shellQuote(string(api)), shellQuote(spec)
	mock = prog + " mock --api " + a + " --responses " + s
	check = prog + " check --api " + a + " --responses " + s + " -- CLIENT"
	return mock, check
}

// shellQuote returns s as one word for sh: as it is when it holds only
// safe characters, else in single quotes.
func shellQuote(s string) string {
	if s == "" {
		return "''"
	}
	safe := true
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("_-.,:=/+@%", c)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Slack is what Timeout adds to the longest wait the policy could ask
// for in a scenario: the time a client has to send its retries and exit.
const Slack = 10 * time.Second

// Timeout returns how long one run of s may take from its first request:
// the longest the API's policy could wait in it (every backoff at its
// largest, server delays under the cap obeyed) plus Slack. A client still
// running then is killed, and the report says it was waiting.
func Timeout(api catalog.API, s Scenario) time.Duration {
	p := retry.ForAPI(api)
	p.Rand = func() float64 { return 1 }
	key := ""
	if s.Key {
		key = "k"
	}
	total, prev := time.Duration(0), time.Duration(0)
	for i, r := range s.Responses {
		f, _ := failureOf(api, r, s.Method)
		if f == nil {
			break
		}
		d := p.Decide(retry.Call{Attempt: i + 1, Method: s.Method, IdempotencyKey: key, PrevDelay: prev}, *f)
		if !d.Retry {
			break
		}
		total += d.Delay + r.Latency
		prev = d.Delay
	}
	return total + Slack
}
