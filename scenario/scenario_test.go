package scenario_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/retry"
	"github.com/errscope/errscope/scenario"
)

func TestSet(t *testing.T) {
	for _, tc := range []struct {
		name, value string
		check       func(scenario.Scenario) bool
		err         string // part of the error; "" for none
	}{
		{"api", "claro", func(s scenario.Scenario) bool { return s.API == catalog.Claro }, ""},
		{"api", "nope", nil, "API: "},
		{"api", "", nil, "required"},
		{"responses", "503*3,200", func(s scenario.Scenario) bool { return len(s.Responses) == 4 }, ""},
		{"responses", `[{"status":429,"retry_after":2},{"network":true},{"status":200}]`, func(s scenario.Scenario) bool {
			return len(s.Responses) == 3 && *s.Responses[0].RetryAfter == 2*time.Second && s.Responses[1].Network
		}, ""},
		{"responses", `[{"status":99}]`, nil, "response 1: status 99 out of range"},
		{"responses", `[{"bogus":1}]`, nil, "unknown field"},
		{"responses", `[]`, nil, "no responses"},
		{"responses", "418:teapot", nil, "Responses: item 1"},
		{"responses", "", func(s scenario.Scenario) bool { return s.Spec() == scenario.DefaultResponses }, ""},
		{"max-retries", "0", func(s scenario.Scenario) bool { return s.Policy().Attempts() == 1 }, ""},
		{"max_retries", "4", func(s scenario.Scenario) bool { return s.Policy().Attempts() == 5 }, ""},
		{"max-retries", "51", nil, "from 0 to 50"},
		{"max-retries", "", func(s scenario.Scenario) bool { return s.MaxRetries == nil }, ""},
		{"base", "1.5", func(s scenario.Scenario) bool { return s.BaseDelay == 1500*time.Millisecond }, ""},
		{"base", "250ms", func(s scenario.Scenario) bool { return s.BaseDelay == 250*time.Millisecond }, ""},
		{"base", "soon", nil, "is not a duration"},
		{"cap", "-1s", nil, "from 0 to"},
		{"jitter", "none", func(s scenario.Scenario) bool { return s.Policy().Jitter == retry.JitterNone }, ""},
		{"jitter", "wobbly", nil, "Jitter: "},
		{"budget", "0.1", func(s scenario.Scenario) bool { return s.Policy().Budget != nil }, ""},
		{"budget", "11", nil, "ratio from 0 to 10"},
		{"method", "post", func(s scenario.Scenario) bool { return s.Method == "POST" }, ""},
		{"method", "GE T", nil, "not an HTTP method"},
		{"seed", "x", nil, "whole number"},
		{"clients", "0", nil, "from 1 to"},
		{"capacity", "unlimited", func(s scenario.Scenario) bool { return s.HerdConfig().Capacity == 0 }, ""},
		{"capacity", "", func(s scenario.Scenario) bool { return s.HerdConfig().Capacity == scenario.DefaultClients/5 }, ""},
		{"capacity", "50", func(s scenario.Scenario) bool { return s.HerdConfig().Capacity == 50 }, ""},
		{"capacity", "lots", nil, "or unlimited"},
		{"herd-retries", "7", func(s scenario.Scenario) bool { return s.HerdPolicy().Attempts() == 8 && s.Policy().Attempts() != 8 }, ""},
		{"herd-retries", "", func(s scenario.Scenario) bool { return s.HerdPolicy().Attempts() == 1+scenario.DefaultHerdRetries }, ""},
		{"outage", "2h", nil, "from 0 to"},
		{"colour", "red", nil, "unknown setting"},
		{"idempotency-key", strings.Repeat("k", 256), nil, "longer than 255"},
		{"responses", strings.Repeat("200,", 2000), nil, "longer than"},
	} {
		s := scenario.New(catalog.BabySea)
		before := s
		err := s.Set(tc.name, tc.value)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("Set(%q, %.30q): %v", tc.name, tc.value, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("Set(%q, %.30q) = %v, want an error with %q", tc.name, tc.value, err, tc.err)
		case tc.err != "" && !reflect.DeepEqual(s, before):
			t.Errorf("Set(%q, %.30q) failed but changed the scenario", tc.name, tc.value)
		case tc.err == "" && !tc.check(s):
			t.Errorf("Set(%q, %.30q): scenario %+v", tc.name, tc.value, s)
		}
		var fe *scenario.FieldError
		if err != nil && tc.name != "colour" && !errors.As(err, &fe) {
			t.Errorf("Set(%q) error %T is not a *FieldError", tc.name, err)
		}
	}
}

// TestDefaults: a new scenario is the API's documented policy, unchanged.
func TestDefaults(t *testing.T) {
	for _, info := range catalog.APIs() {
		s := scenario.New(info.ID)
		got, want := s.Policy(), retry.ForAPI(info.ID)
		got.Rand, want.Rand = nil, nil
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Policy() = %+v, want ForAPI's %+v", info.ID, got, want)
		}
		for _, f := range scenario.Fields {
			if v := s.Get(f.Name); v != "" && f.Name != "api" {
				t.Errorf("%s: new scenario's %s = %q, want the default (\"\")", info.ID, f.Name, v)
			}
		}
	}
}

// TestDefaultResponsesAreCopies: restoring the default responses gives
// every API's New responses, and a copy: changing one scenario's leaves
// the next one's alone.
func TestDefaultResponsesAreCopies(t *testing.T) {
	for _, info := range catalog.APIs() {
		s := scenario.New(info.ID)
		if err := s.Set("responses", "503"); err != nil {
			t.Fatal(err)
		}
		if err := s.Set("responses", ""); err != nil {
			t.Fatal(err)
		}
		if want := scenario.New(info.ID); !reflect.DeepEqual(s.Responses, want.Responses) {
			t.Errorf("%s: default responses %s, want New's %s", info.ID, s.Spec(), want.Spec())
		}
		s.Responses[0].Status = 500
		again := scenario.New(info.ID)
		if err := again.Set("responses", ""); err != nil {
			t.Fatal(err)
		}
		if again.Spec() != scenario.DefaultResponses || again.Get("responses") != "" {
			t.Errorf("%s: after one scenario's change, the default responses are %s", info.ID, again.Spec())
		}
	}
}

// TestJSONRoundTrip: every setting survives MarshalJSON and Parse.
func TestJSONRoundTrip(t *testing.T) {
	s := scenario.New(catalog.Aionvision)
	for name, v := range map[string]string{
		"responses": "429:retry-after=3:latency=250ms,net,timeout,503:retryable=false:code=SERVICE_UNAVAILABLE,502:html,200",
		"method":    "POST", "idempotency-key": "k-1", "deadline": "20s", "seed": "7", "max-retries": "0",
		"base": "200ms", "cap": "5s", "jitter": "equal", "retry-after-cap": "2m", "budget": "0.25",
		"clients": "300", "outage": "3s", "capacity": "unlimited", "spread": "0", "herd-retries": "6",
	} {
		if err := s.Set(name, v); err != nil {
			t.Fatal(err)
		}
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var back scenario.Scenario
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("Unmarshal(%s): %v", b, err)
	}
	if !reflect.DeepEqual(back, s) {
		t.Errorf("round trip via %s:\n got %+v\nwant %+v", b, back, s)
	}
	if b, _ := json.Marshal(scenario.New(catalog.Claro)); string(b) != `{"api":"claro","responses":"429:retry-after=17,503,200"}` {
		t.Errorf("new scenario's JSON = %s", b)
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct{ in, err string }{
		{`{"api":"babou","responses":[{"status":503},{"status":200}],"max_retries":3,"capacity":"unlimited"}`, ""},
		{`[{"status":503},{"status":200}]`, ""},
		{`{"api":"babou","colour":"red"}`, `unknown setting "colour"`},
		{`{"api":"babou","max_retries":true}`, "want a string or a number"},
		{`{"api":"babou","max_retries":"many"}`, "Max retries:"},
		{`{"api":`, "scenario:"},
		{strings.Repeat(" ", scenario.MaxJSON+1), "at most"},
	} {
		_, err := scenario.Parse([]byte(tc.in))
		if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("Parse(%.60s) = %v, want error %q", tc.in, err, tc.err)
		}
	}
}

// TestFieldsHaveUsage: every field is documented and spelled once.
func TestFieldsHaveUsage(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range scenario.Fields {
		if f.Label == "" || f.Usage == "" || seen[f.Name] {
			t.Errorf("field %+v: missing label/usage or given twice", f)
		}
		seen[f.Name] = true
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"api":"babysea","responses":"429:retry-after=17,503,200","max_retries":3}`))
	f.Add([]byte(`[{"status":429,"retry_after":2.5},{"network":true},{"status":200,"latency_ms":5}]`))
	f.Add([]byte(`{"api":"claro","capacity":"unlimited","clients":10,"herd_retries":0,"deadline":"1m"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := scenario.Parse(data)
		if err != nil {
			return
		}
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		back, err := scenario.Parse(b)
		if err != nil {
			t.Fatalf("Parse(Marshal(Parse(%q))) = %v (via %s)", data, err, b)
		}
		if !reflect.DeepEqual(back, s) {
			t.Fatalf("round trip of %q via %s changed it", data, b)
		}
	})
}

// BenchmarkParse reads a scenario file that sets every field: one Set per
// field.
func BenchmarkParse(b *testing.B) {
	data := []byte(`{"api":"aionvision","responses":"429:retry-after=3,503,200","method":"POST","idempotency_key":"k-1","deadline":"20s","seed":7,"max_retries":4,"base":"200ms","cap":"5s","jitter":"equal","retry_after_cap":"2m","budget":0.25,"clients":300,"outage":"3s","capacity":"unlimited","spread":"0s","herd_retries":6}`)
	for b.Loop() {
		if _, err := scenario.Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}
