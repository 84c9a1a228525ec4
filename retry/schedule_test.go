package retry

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/errscope/errscope/catalog"
)

var update = flag.Bool("update", false, "update golden files")

type scheduleCase struct {
	name     string
	api      catalog.API
	policy   func(Policy) Policy // adjusts ForAPI(api); nil keeps it
	spec     string
	method   string
	key      string
	deadline time.Duration
	seed     uint64
}

var scheduleCases = []scheduleCase{
	{name: "babysea_retry_after", api: catalog.BabySea, spec: "429:retry-after=17,503,200", seed: 1},
	{name: "babysea_body_flag_false", api: catalog.BabySea, spec: "503:retryable=false", seed: 1},
	{name: "babysea_in_progress_keyed_post", api: catalog.BabySea, spec: "409:code=BSE2016,409:code=BSE2016,200", method: "POST", key: "order-42", seed: 2},
	{name: "babysea_over_cap", api: catalog.BabySea, spec: "429:retry-after=3600", seed: 1},
	{name: "babysea_deadline", api: catalog.BabySea, spec: "429:retry-after=17", deadline: 5 * time.Second, seed: 1},
	{name: "babysea_proxy_502_post", api: catalog.BabySea, spec: "502:html", method: "POST", seed: 1},
	{name: "babysea_proxy_502_get", api: catalog.BabySea, spec: "502:html,502:html,200", seed: 3},
	{name: "babysea_network_gave_up", api: catalog.BabySea, spec: "net", seed: 4},
	{name: "babysea_network_post", api: catalog.BabySea, spec: "net", method: "POST", seed: 4},
	{name: "babysea_timeout_then_deadline", api: catalog.BabySea, spec: "timeout,200:latency=2s", deadline: 31 * time.Second, seed: 5},
	{name: "babysea_budget", api: catalog.BabySea, policy: func(p Policy) Policy { p.Budget, p.MaxRetries = NewBudget(0, 2), 5; return p }, spec: "500:code=BSE4004", seed: 6},
	{name: "babou_decorrelated", api: catalog.Babou, policy: func(p Policy) Policy { p.Jitter = JitterDecorrelated; return p }, spec: "500:code=INTERNAL_ERROR", seed: 7},
	{name: "aionvision_429_default_wait", api: catalog.Aionvision, spec: "429,503,200", seed: 8},
	{name: "claro_no_jitter", api: catalog.Claro, spec: "503*3,200", seed: 9},
	{name: "claro_rate_limit_reset", api: catalog.Claro, spec: "429:reset=30,200", seed: 10},
}

func (c scheduleCase) run() Result {
	p := ForAPI(c.api)
	if c.policy != nil {
		p = c.policy(p)
	}
	rs, err := ParseSpec(c.api, c.spec)
	if err != nil {
		panic(err)
	}
	return p.Schedule(Scenario{API: c.api, Responses: rs, Method: c.method, IdempotencyKey: c.key, Deadline: c.deadline, Seed: c.seed})
}

// TestScheduleGolden compares simulated schedules with testdata/*.golden.
// The same files are checked natively and under js/wasm, so a seed gives
// the same schedule on both. Regenerate with go test -run TestScheduleGolden -update.
func TestScheduleGolden(t *testing.T) {
	for _, c := range scheduleCases {
		t.Run(c.name, func(t *testing.T) {
			got, err := json.MarshalIndent(c.run(), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", "schedule_"+c.name+".golden")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("Schedule(%s) differs from %s:\n%s", c.spec, path, got)
			}
		})
	}
}

// TestScheduleInvariants checks every golden case: attempts are numbered
// from 1, each starts when the previous one ended plus its delay, only the
// last row does not retry, and the outcome matches it.
func TestScheduleInvariants(t *testing.T) {
	for _, c := range scheduleCases {
		t.Run(c.name, func(t *testing.T) {
			res := c.run()
			rs, _ := ParseSpec(c.api, c.spec)
			if len(res.Attempts) == 0 {
				t.Fatal("no attempts")
			}
			for i, a := range res.Attempts {
				if a.Attempt != i+1 {
					t.Errorf("row %d: attempt %d", i, a.Attempt)
				}
				last := i == len(res.Attempts)-1
				if (a.Decision == DecisionRetry) == last {
					t.Errorf("row %d: decision %q (last row: %v)", i, a.Decision, last)
				}
				if a.Decision != DecisionRetry && a.DelayMS != 0 {
					t.Errorf("row %d: decision %q with delay %d ms", i, a.Decision, a.DelayMS)
				}
				if !last {
					lat := rs[min(i, len(rs)-1)].latency()
					if next := res.Attempts[i+1].AtMS; next < a.AtMS+ms(lat)+a.DelayMS || next > a.AtMS+ms(lat)+a.DelayMS+1 {
						t.Errorf("row %d starts at %d ms, want %d + %d + %d", i+1, next, a.AtMS, ms(lat), a.DelayMS)
					}
				}
			}
			last := res.Attempts[len(res.Attempts)-1]
			want := map[string][]Outcome{DecisionSuccess: {OutcomeSuccess}, DecisionStop: {OutcomeGaveUp, OutcomeStopped}}[last.Decision]
			if len(want) == 0 || (res.Outcome != want[0] && (len(want) == 1 || res.Outcome != want[1])) {
				t.Errorf("outcome %q after a %q row", res.Outcome, last.Decision)
			}
			if (res.Outcome == OutcomeGaveUp) != (last.Rule == RuleAttempts) {
				t.Errorf("outcome %q with rule %v", res.Outcome, last.Rule)
			}
			if res.TotalMS < last.AtMS {
				t.Errorf("total %d ms before the last attempt at %d ms", res.TotalMS, last.AtMS)
			}
		})
	}
}

// TestScheduleSeeds: the same seed gives the same schedule, and jitter
// makes different seeds differ.
func TestScheduleSeeds(t *testing.T) {
	rs, _ := ParseSpec(catalog.BabySea, "503")
	p := Policy{MaxRetries: 5}
	a, _ := json.Marshal(p.Schedule(Scenario{Responses: rs, Seed: 11}))
	b, _ := json.Marshal(p.Schedule(Scenario{Responses: rs, Seed: 11}))
	c, _ := json.Marshal(p.Schedule(Scenario{Responses: rs, Seed: 12}))
	if !bytes.Equal(a, b) || bytes.Equal(a, c) {
		t.Errorf("seed 11 twice: equal=%v; seeds 11 and 12: equal=%v", bytes.Equal(a, b), bytes.Equal(a, c))
	}
}

func TestScheduleEdges(t *testing.T) {
	if r := (Policy{}).Schedule(Scenario{}); r.Outcome != OutcomeSuccess || len(r.Attempts) != 1 || r.Attempts[0].Status != 200 {
		t.Errorf("Schedule(no responses) = %+v, want one 200", r)
	}
	rs, _ := ParseSpec(catalog.BabySea, "503")
	r := Policy{MaxRetries: 1000, BaseDelay: time.Millisecond}.Schedule(Scenario{Responses: rs})
	if len(r.Attempts) != 1+MaxSimRetries || r.Outcome != OutcomeGaveUp {
		t.Errorf("MaxRetries 1000: %d attempts, outcome %q; want %d, gave_up", len(r.Attempts), r.Outcome, 1+MaxSimRetries)
	}
	b := NewBudget(0, 2)
	Policy{Budget: b}.Schedule(Scenario{Responses: rs})
	if b.Tokens() != 2 {
		t.Errorf("Schedule spent the caller's budget: %v tokens left", b.Tokens())
	}
}

func TestResultSummary(t *testing.T) {
	bsea := ForAPI(catalog.BabySea)
	tests := []struct {
		name      string
		responses string
		want      string
	}{
		{"success", "503,200", "Succeeded on attempt 2, "},
		{"first try", "200", "Succeeded on attempt 1, 0 s in total."},
		{"gave up", "503,503,503,503,200", "Gave up after 3 attempts, the most the policy allows; "},
		{"stopped", "429:retry-after=3600", "Stopped after 1 attempt, 0 s in total: server asks 3600 s, over the 60 s cap."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := ParseSpec(catalog.BabySea, tt.responses)
			if err != nil {
				t.Fatal(err)
			}
			got := bsea.Schedule(Scenario{API: catalog.BabySea, Responses: rs, Seed: 1}).Summary()
			if !strings.HasPrefix(got, tt.want) || strings.Contains(got, "gave_up") || strings.Contains(got, "(gave up)") {
				t.Errorf("Summary() = %q, want it to start with %q", got, tt.want)
			}
		})
	}
}

func TestResultPlayAll(t *testing.T) {
	bsea := ForAPI(catalog.BabySea) // 2 retries: 3 attempts
	tests := []struct {
		name      string
		policy    Policy
		responses string
		knob      string
		want      string
		retries   int // the retries the advice names; 0 for none
	}{
		{"two left", bsea, "503*4,200", "Max retries", "The scenario's last 2 of 5 responses were not played: raise Max retries to 4 to play them all.", 4},
		{"one left", bsea, "503*3,200", "--max-retries", "The last of the scenario's 4 responses was not played: raise --max-retries to 3 to play them all.", 3},
		{"more than the simulator plays", bsea, "503*59,200", "--max-retries", "The scenario's last 57 of 60 responses were not played: raise --max-retries to 50, the most, to play 51 of them.", MaxSimRetries},
		{"all played, gave up", bsea, "503,503,503", "Max retries", "", 0},
		{"succeeded", bsea, "503,200", "Max retries", "", 0},
		{"stopped by a rule", bsea, "429:retry-after=3600,200", "Max retries", "", 0},
		{"at the simulator's most", bsea.With(Policy{MaxRetries: 1000}), "503*59,200", "Max retries", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := ParseSpec(catalog.BabySea, tt.responses)
			if err != nil {
				t.Fatal(err)
			}
			s := Scenario{API: catalog.BabySea, Responses: rs, Seed: 1}
			if got := tt.policy.Schedule(s).PlayAll(len(rs), tt.knob); got != tt.want {
				t.Errorf("PlayAll(%d, %q) = %q, want %q", len(rs), tt.knob, got, tt.want)
			}
			if tt.retries == 0 {
				return
			}
			// The advice works: that many retries play that many responses.
			r := tt.policy.With(Policy{MaxRetries: tt.retries}).Schedule(s)
			if len(r.Attempts) != tt.retries+1 {
				t.Errorf("with %d retries: %d attempts, want %d", tt.retries, len(r.Attempts), tt.retries+1)
			}
		})
	}
	if got := (Result{Outcome: OutcomeGaveUp}).PlayAll(3, "Max retries"); got != "" {
		t.Errorf("a result without attempts advises %q", got)
	}
}
