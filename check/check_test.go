package check_test

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/check"
)

func ExampleCommands() {
	m, c := check.Commands(catalog.BabySea, "429:retry-after=2,503*2,200")
	fmt.Println(m)
	fmt.Println(c)
	// Output:
	// go run ./app mock --api babysea --responses '429:retry-after=2,503*2,200'
	// go run ./app check --api babysea --responses '429:retry-after=2,503*2,200' -- CLIENT
}

func TestCommandsQuote(t *testing.T) {
	_, c := check.Commands(catalog.Claro, "503,200")
	if !strings.Contains(c, "--responses 503,200 --") {
		t.Errorf("plain spec quoted: %s", c)
	}
	m, _ := check.Commands(catalog.Claro, "x'; rm -rf /")
	if !strings.Contains(m, `'x'\''; rm -rf /'`) {
		t.Errorf("quote not escaped: %s", m)
	}
}

func TestSuites(t *testing.T) {
	for _, a := range catalog.APINames() {
		s, err := check.Suite(catalog.API(a), check.DefaultSuite)
		if err != nil {
			t.Fatal(err)
		}
		for _, sc := range s {
			if len(sc.Responses) == 0 || check.Timeout(catalog.API(a), sc) < check.Slack {
				t.Errorf("%s %s: %d responses, timeout %v", a, sc.Name, len(sc.Responses), check.Timeout(catalog.API(a), sc))
			}
		}
	}
	if _, err := check.Suite(catalog.BabySea, "nope"); err == nil {
		t.Error("unknown suite accepted")
	}
	if _, err := check.Suite("stripe", check.DefaultSuite); err == nil {
		t.Error("unknown API accepted")
	}
	if check.BaseURLEnv(catalog.BabySea) != "BABYSEA_BASE_URL" || check.BaseURLEnv("stripe") != "" {
		t.Error("BaseURLEnv")
	}
}

// attempts builds a run's attempts: one arrival per gap (the first at
// t0), each answered at once with the scenario's next response.
func attempts(method, key string, gaps ...time.Duration) []check.Attempt {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	out := []check.Attempt{{Start: t0, End: t0, Method: method, Key: key}}
	for i, g := range gaps {
		t0 = t0.Add(g)
		out = append(out, check.Attempt{Start: t0, End: t0, Method: method, Key: key, Index: i + 1})
	}
	return out
}

// TestGrade grades hand-made runs, one rule at a time.
func TestGrade(t *testing.T) {
	suite, _ := check.Suite(catalog.BabySea, check.DefaultSuite)
	byName := map[string]check.Scenario{}
	for _, s := range suite {
		byName[s.Name] = s
	}
	s := time.Second
	tests := []struct {
		name     string
		scenario string
		att      []check.Attempt
		timedOut bool
		rule     string
		want     string // status
	}{
		{"obeys Retry-After", "retry-after", attempts("GET", "", 2*s), false, check.RuleRetryAfter, check.Pass},
		{"ignores Retry-After", "retry-after", attempts("GET", "", s/2), false, check.RuleRetryAfter, check.Fail},
		{"no retry of a 429", "retry-after", attempts("GET", ""), false, check.RuleRetries, check.Fail},
		{"retries a 400", "client-error", attempts("GET", "", s), false, check.RuleNoRetry4xx, check.Fail},
		{"leaves a 400", "client-error", attempts("GET", ""), false, check.RuleNoRetry4xx, check.Pass},
		{"retries BSE3002", "server-error-not-retryable", attempts("GET", "", s), false, check.RuleNoRetry5xx, check.Fail},
		{"retries an unkeyed POST", "post-unkeyed-reset", attempts("POST", "", s), false, check.RuleUnkeyedReset, check.Fail},
		{"changes its key", "post-keyed", []check.Attempt{attempts("POST", "a")[0], attempts("POST", "b", s)[1]}, false, check.RuleSameKey, check.Fail},
		{"keeps its key", "post-keyed", attempts("POST", "a", s, s), false, check.RuleSameKey, check.Pass},
		{"too many attempts", "attempt-limit", attempts("GET", "", s, 2*s, 4*s), false, check.RuleAttemptLimit, check.Fail},
		{"within the limit", "attempt-limit", attempts("GET", "", s, 2*s), false, check.RuleAttemptLimit, check.Pass},
		{"sleeps on 3600", "retry-after-over-cap", attempts("GET", ""), true, check.RuleOverCap, check.Fail},
		{"gives up on 3600", "retry-after-over-cap", attempts("GET", ""), false, check.RuleOverCap, check.Pass},
		{"no backoff", "server-error", attempts("GET", "", time.Millisecond, time.Millisecond), false, check.RuleBackoff, check.Fail},
		{"backs off", "server-error", attempts("GET", "", 300*time.Millisecond, s), false, check.RuleBackoff, check.Pass},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := check.Grade(catalog.BabySea, []check.Run{{Scenario: byName[tt.scenario], N: 1, Attempts: tt.att, TimedOut: tt.timedOut, Timeout: 5 * s}})
			for _, r := range rep.Results {
				if r.Rule == tt.rule && r.Status != tt.want {
					t.Errorf("%s: %s (%s), want %s", r.Rule, r.Status, r.Evidence, tt.want)
				}
				if r.Rule == check.RuleRetryAfter && r.Rule == tt.rule && (r.WaitMS == nil || *r.WaitMS != tt.att[1].Start.Sub(tt.att[0].End).Milliseconds()) {
					t.Errorf("wait_ms %v, want the measured wait", r.WaitMS)
				}
			}
		})
	}
}

// TestGradeJitter: the same first wait in every run is no jitter; waits
// spread over a second are.
func TestGradeJitter(t *testing.T) {
	suite, _ := check.Suite(catalog.BabySea, check.DefaultSuite)
	var sc check.Scenario
	for _, s := range suite {
		if s.Name == "server-error" {
			sc = s
		}
	}
	grade := func(gaps ...time.Duration) string {
		var runs []check.Run
		for i, g := range gaps {
			runs = append(runs, check.Run{Scenario: sc, N: i + 1, Attempts: attempts("GET", "", g, time.Second)})
		}
		for _, r := range check.Grade(catalog.BabySea, runs).Results {
			if r.Rule == check.RuleJitter {
				return r.Status
			}
		}
		return ""
	}
	ms := time.Millisecond
	if got := grade(1000*ms, 1010*ms, 990*ms, 1005*ms); got != check.Fail {
		t.Errorf("fixed 1 s: %s", got)
	}
	if got := grade(100*ms, 700*ms, 350*ms, 900*ms); got != check.Pass {
		t.Errorf("spread: %s", got)
	}
	if got := grade(ms, 30*ms, 2*ms, 60*ms); got != check.Fail {
		t.Errorf("at once: %s", got)
	}
}

func TestNoRequestIsAProblem(t *testing.T) {
	rep := check.Grade(catalog.Claro, []check.Run{{Scenario: check.Scenario{Name: "x"}, N: 1, Exit: 2, Stderr: "boom\nmore"}})
	if !rep.Failed() || len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0], "no request (exit 2): boom") {
		t.Errorf("%+v", rep.Problems)
	}
}

// TestCommandsShell runs the command lines of Commands through sh: every
// spec, however odd, comes back as one argument, unchanged.
func TestCommandsShell(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Fatalf("no sh: %v", err)
	}
	for _, spec := range []string{"429:retry-after=2,503,200", "503*3,200", "x'; rm -rf /", `$(id) "q" \n`, "", "a b\tc"} {
		m, _ := check.Commands(catalog.BabySea, spec)
		// Replace the program with a printer of its last argument.
		line := strings.Replace(m, "go run ./app", `f() { for a; do last=$a; done; printf %s "$last"; }; f`, 1)
		out, err := exec.Command(sh, "-c", line).Output()
		if err != nil || string(out) != spec {
			t.Errorf("%q: sh gave %q (%v) from %s", spec, out, err, m)
		}
	}
}
