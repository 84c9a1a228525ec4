package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type scheduleJSON struct {
	Attempts []struct {
		Attempt  int    `json:"attempt"`
		AtMS     int64  `json:"at_ms"`
		Status   int    `json:"status"`
		Decision string `json:"decision"`
		DelayMS  int64  `json:"delay_ms"`
		Reason   string `json:"reason"`
	} `json:"attempts"`
	Outcome string `json:"outcome"`
	TotalMS int64  `json:"total_ms"`
}

func simulate(t *testing.T, args ...string) scheduleJSON {
	t.Helper()
	code, out, stderr := run(t, "", append([]string{"simulate", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("simulate %v: exit %d: %s", args, code, stderr)
	}
	var s scheduleJSON
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("simulate %v: %v\n%s", args, err, out)
	}
	return s
}

func TestSimulateIssueExample(t *testing.T) {
	s := simulate(t, "--api", "babysea", "--responses", "429:retry-after=17,503,200", "--seed", "7")
	if len(s.Attempts) != 3 || s.Outcome != "success" {
		t.Fatalf("got %d attempts, outcome %s; want 3 and success", len(s.Attempts), s.Outcome)
	}
	a := s.Attempts[0]
	if a.Status != 429 || a.Decision != "retry" || a.DelayMS != 17000 || !strings.Contains(a.Reason, "Retry-After 17 s") {
		t.Errorf("attempt 1 = %+v; want 429 retry after 17000 ms for Retry-After 17 s", a)
	}
	if s.Attempts[1].AtMS != 17000 {
		t.Errorf("attempt 2 at %d ms, want 17000", s.Attempts[1].AtMS)
	}
	// Attempt 2 (503) waits a full-jitter backoff: within [0, 2 s).
	if d := s.Attempts[1].DelayMS; d < 0 || d >= 2000 {
		t.Errorf("attempt 2 backoff %d ms, want within [0, 2000)", d)
	}
	if s.TotalMS != s.Attempts[2].AtMS {
		t.Errorf("total %d ms, want the last attempt's start %d", s.TotalMS, s.Attempts[2].AtMS)
	}
}

func TestSimulateSameSeedSameSchedule(t *testing.T) {
	args := []string{"--api", "claro", "--responses", "503,503,503,200", "--seed", "42"}
	a, b := simulate(t, args...), simulate(t, args...)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Errorf("same seed, different schedules:\n%s\n%s", ja, jb)
	}
}

func TestSimulateFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		attempt int // 1-based attempt to check
		want    string
		outcome string
	}{
		{"over the Retry-After cap", []string{"--api", "babysea", "--responses", "429:retry-after=3600"}, 1, "over the 60 s cap", "stopped"},
		{"raised cap", []string{"--api", "babysea", "--responses", "429:retry-after=90,200", "--retry-after-cap", "2m"}, 1, "Retry-After 90 s", "success"},
		{"no retries", []string{"--api", "babysea", "--responses", "503", "--max-retries", "0"}, 1, "attempt 1 of 1", "gave_up"},
		{"unkeyed POST", []string{"--api", "babysea", "--responses", "net,200", "--method", "POST"}, 1, "POST without Idempotency-Key", "stopped"},
		{"keyed POST", []string{"--api", "babysea", "--responses", "net,200", "--method", "POST", "--idempotency-key", "k1"}, 1, "", "success"},
		{"deadline", []string{"--api", "babysea", "--responses", "429:retry-after=17", "--deadline", "5s"}, 1, "deadline", "stopped"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := simulate(t, tt.args...)
			if s.Outcome != tt.outcome {
				t.Errorf("outcome %s, want %s (%+v)", s.Outcome, tt.outcome, s.Attempts)
			}
			if r := s.Attempts[tt.attempt-1].Reason; !strings.Contains(r, tt.want) {
				t.Errorf("attempt %d reason %q, want it to contain %q", tt.attempt, r, tt.want)
			}
		})
	}
}

// TestSimulateText checks the text output's last lines: the outcome is
// worded once, without "gave_up" or a doubled "Gave up (gave up)", and a
// scenario cut short by the policy says how to play the rest.
func TestSimulateText(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"success", []string{"--responses", "429:retry-after=17,503,200"}, []string{"\nSucceeded on attempt 3, "}},
		{"gave up before the success", []string{"--responses", "503,503,503,503,200"}, []string{
			"\nGave up after 3 attempts, the most the policy allows; ",
			"\nThe scenario's last 2 of 5 responses were not played: raise --max-retries to 4 to play them all.\n"}},
		{"the hint's advice works", []string{"--responses", "503,503,503,503,200", "--max-retries", "4"}, []string{"\nSucceeded on attempt 5, "}},
		{"stopped", []string{"--responses", "429:retry-after=3600"}, []string{"\nStopped after 1 attempt, 0 s in total: server asks 3600 s, over the 60 s cap.\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := run(t, "", append([]string{"simulate", "--api", "babysea"}, tt.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			if strings.Contains(out, "gave_up") || strings.Contains(out, "(gave up)") || strings.Contains(out, "outcome:") {
				t.Errorf("output words the outcome as an identifier:\n%s", out)
			}
		})
	}
}

func TestSimulateJSONFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "responses.json")
	if err := os.WriteFile(f, []byte(`[{"status":429,"retry_after":2},{"network":true},{"status":200}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	s := simulate(t, "--api", "babysea", "--responses", f)
	if len(s.Attempts) != 3 || s.Attempts[0].DelayMS != 2000 || s.Attempts[1].Status != 0 || s.Outcome != "success" {
		t.Errorf("got %+v", s)
	}
}

func TestSimulateHerd(t *testing.T) {
	type runJSON struct {
		Jitter     string  `json:"jitter"`
		APIDefault bool    `json:"api_default"`
		PeakRPS    float64 `json:"peak_rps"`
	}
	tests := []struct {
		name string
		args []string
		want []runJSON // jitter and api_default of each run, in order
		text []string
	}{
		// All clients at once (--spread 0) and a short outage: the case
		// jitter exists for.
		{"none beside the default", []string{"--api", "babysea", "--jitter", "none", "--spread", "0", "--outage", "2s"},
			[]runJSON{{Jitter: "none"}, {Jitter: "full", APIDefault: true}},
			[]string{"no jitter", "full jitter (the API's default)"}},
		{"the default alone", []string{"--api", "babysea"},
			[]runJSON{{Jitter: "full", APIDefault: true}},
			[]string{"full jitter (the API's default)"}},
		{"the default named", []string{"--api", "babysea", "--jitter", "full"},
			[]runJSON{{Jitter: "full", APIDefault: true}},
			[]string{"full jitter (the API's default)"}},
		{"Aionvision's additive default", []string{"--api", "aionvision", "--jitter", "equal"},
			[]runJSON{{Jitter: "equal"}, {Jitter: "additive", APIDefault: true}},
			[]string{"equal jitter", "additive jitter (the API's default)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"simulate", "--clients", "1000", "--seed", "3"}, tt.args...)
			code, out, stderr := run(t, "", append(args, "--json")...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var rep struct {
				Clients int               `json:"clients"`
				Runs    []json.RawMessage `json:"runs"`
			}
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatal(err)
			}
			if rep.Clients != 1000 || len(rep.Runs) != len(tt.want) {
				t.Fatalf("%d clients, %d runs; want 1000 and %d:\n%s", rep.Clients, len(rep.Runs), len(tt.want), out)
			}
			var runs []runJSON
			for i, raw := range rep.Runs {
				var r runJSON
				var m map[string]any
				if err := json.Unmarshal(raw, &r); err != nil {
					t.Fatal(err)
				}
				if err := json.Unmarshal(raw, &m); err != nil {
					t.Fatal(err)
				}
				for _, k := range []string{"buckets", "total_calls", "amplification", "succeeded", "gave_up", "time_to_recover_ms", "peak_rps"} {
					if _, ok := m[k]; !ok {
						t.Errorf("run %d lacks %q", i, k)
					}
				}
				if r.Jitter != tt.want[i].Jitter || r.APIDefault != tt.want[i].APIDefault {
					t.Errorf("run %d is %s (default %v), want %s (default %v)", i, r.Jitter, r.APIDefault, tt.want[i].Jitter, tt.want[i].APIDefault)
				}
				runs = append(runs, r)
			}
			if len(runs) == 2 && runs[0].Jitter == "none" && runs[0].PeakRPS <= runs[1].PeakRPS {
				t.Errorf("peak without jitter %v, with full jitter %v: want jitter to lower the peak", runs[0].PeakRPS, runs[1].PeakRPS)
			}

			code, out, stderr = run(t, "", args...)
			if code != 0 {
				t.Fatalf("text: exit %d: %s", code, stderr)
			}
			lines := strings.Split(out, "\n")
			if len(lines) < 2 {
				t.Fatalf("text:\n%s", out)
			}
			header := lines[1]
			at := -1
			for _, col := range tt.text {
				i := strings.Index(header, col)
				if i <= at {
					t.Errorf("column %q missing or out of order in %q", col, header)
				}
				at = i
			}
			if len(tt.text) == 1 && strings.Contains(header, "no jitter") {
				t.Errorf("one run expected, header %q", header)
			}
			for _, label := range []string{"total calls", "peak load", "time to recover", "gave up"} {
				if !strings.Contains(out, "\n  "+label+" ") {
					t.Errorf("text lacks the %q row:\n%s", label, out)
				}
			}
		})
	}
}

func TestSimulateUsage(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"simulate", "--responses", "503"}, "--api is required"},
		{[]string{"simulate", "--api", "babysea", "--scenario", "no-such-file.json"}, "no-such-file.json"},
		{[]string{"simulate", "--scenario", "testdata/help/simulate.golden"}, "scenario:"},
		{[]string{"simulate", "--api", "babysea", "--clients", "0"}, "--clients: \"0\" is not a number from 1 to 100000"},
		{[]string{"simulate", "--api", "babysea", "--responses", "429:retry-after=x"}, "429:retry-after=x"},
		{[]string{"simulate", "--api", "babysea", "--responses", "503", "--jitter", "wild"}, "wild"},
		{[]string{"simulate", "--api", "babysea", "--responses", "[{\"status\":42}]"}, "response 1: status 42 out of range 200-599"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args[1:], " "), func(t *testing.T) {
			code, _, stderr := run(t, "", tt.args...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
		})
	}
}

func TestSearchCommand(t *testing.T) {
	code, out, stderr := run(t, "", "search", "--json", "ratelimit")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var res []map[string]any
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range res[:4] {
		if r["status"].(float64) != 429 {
			t.Errorf("top result %v %v is not a 429", r["api"], r["code"])
		}
		seen[r["api"].(string)] = true
	}
	if len(seen) != 4 {
		t.Errorf("top 4 results cover APIs %v, want all four", seen)
	}
	code, out, _ = run(t, "", "search", "BSE1005")
	if code != 0 || !strings.Contains(strings.SplitN(out, "\n", 3)[1], "BSE1005") {
		t.Errorf("search BSE1005: first row is not BSE1005:\n%s", out)
	}
	code, out, _ = run(t, "", "search", "--api", "claro", "--status", "5xx", "--retryable")
	if code != 0 || strings.Contains(out, "babysea") || !strings.Contains(out, "internal_error") {
		t.Errorf("filtered search:\n%s", out)
	}
}

// TestSimulateScenarioFile: --scenario loads the JSON the simulator page
// saves, and flags after it change it.
func TestSimulateScenarioFile(t *testing.T) {
	s := simulate(t, "--scenario", "../../examples/scenario.json")
	if len(s.Attempts) != 5 || s.Outcome != "success" {
		t.Errorf("scenario file: %d attempts, %s; want 5 and success", len(s.Attempts), s.Outcome)
	}
	s = simulate(t, "--scenario", "../../examples/scenario.json", "--max-retries", "2")
	if len(s.Attempts) != 3 || s.Outcome != "gave_up" {
		t.Errorf("scenario file with --max-retries 2: %d attempts, %s; want 3 and gave_up", len(s.Attempts), s.Outcome)
	}
}
