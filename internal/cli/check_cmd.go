package cli

import (
	"context"
	"errors"
	"fmt"
	"github.com/errscope/errscope/retry"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/check"
	"github.com/errscope/errscope/mock"
)

func runCheck(e env, args []string) int {
	fs := e.flags()
	api := fs.String("api", "", "the `API` whose documented policy grades the client (required)")
	suite := fs.String("suite", check.DefaultSuite, "the built-in `suite` of scenarios")
	spec := fs.String("responses", "", "play only these `responses` (a comma list or a JSON file) instead of the suite (default: the suite)")
	method := fs.String("method", "GET", "with --responses: the `method` the client is asked to send")
	key := fs.Bool("key", false, "with --responses: ask the client to send an Idempotency-Key")
	runs := fs.Int("runs", 1, "with --responses: play the scenario `N` times")
	timeout := fs.Duration("timeout", 0, "kill a run this long after its first request (default: the policy's longest wait in the scenario + 10s)")
	startTimeout := fs.Duration("start-timeout", time.Minute, "kill a run that has made no request after this long")
	parallel := fs.Int("parallel", 4, "run up to `N` scenarios at once")
	harPath := fs.String("har", "", "write every request the mock saw to this HAR `file` (default none)")
	asJSON := fs.Bool("json", false, "print JSON")
	asMD := fs.Bool("markdown", false, "print a Markdown table")
	var rep check.Report
	err := func() error {
		cmd, err := parse(fs, args)
		if err != nil {
			return err
		}
		if *api == "" {
			return usagef("check: --api is required (valid: %s)", strings.Join(catalog.APINames(), ", "))
		}
		a, err := catalog.ParseAPI(*api)
		if err != nil {
			return usagef("check: %v", err)
		}
		if len(cmd) == 0 {
			return usagef("check: give the client to run after --, e.g. %s check --api %s -- go run ./examples/goclient", prog, a)
		}
		if *asJSON && *asMD {
			return usagef("check: give --json or --markdown, not both")
		}
		var scenarios []check.Scenario
		if *spec != "" {
			rs, err := loadResponses("check", a, *spec)
			if err != nil {
				return err
			}
			m := strings.ToUpper(*method)
			if m != "GET" && m != "POST" {
				return usagef("check: --method %q: want GET or POST", *method)
			}
			scenarios = []check.Scenario{{Name: "responses", Spec: retry.FormatSpec(rs), Responses: rs, Method: m, Key: *key, Runs: max(*runs, 1)}}
		} else if scenarios, err = check.Suite(a, *suite); err != nil {
			return usagef("check: %v", err)
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		res, recs, err := playSuite(ctx, a, scenarios, cmd, *timeout, *startTimeout, max(*parallel, 1))
		if err != nil {
			return err
		}
		rep = check.Grade(a, res)
		rep.Suite = *suite
		if *spec != "" {
			rep.Suite = "--responses " + retry.FormatSpec(scenarios[0].Responses)
		}
		rep.Command = strings.Join(append([]string{filepath.Base(cmd[0])}, cmd[1:]...), " ")
		if *harPath != "" {
			if err := writeFileWith(*harPath, func(w io.Writer) error { return mock.WriteHAR(w, recs) }); err != nil {
				return err
			}
		}
		switch {
		case *asJSON:
			return writeJSON(e.stdout, rep)
		case *asMD:
			return rep.WriteMarkdown(e.stdout)
		}
		return rep.WriteText(e.stdout)
	}()
	if err == nil && rep.Failed() {
		return 1
	}
	return finish(e, err)
}

// playSuite serves one mock per run of each scenario on a free loopback
// port, at the path /s/<scenario>-<n>, runs cmd once per run with that
// base URL in its environment, at most parallel at a time, and returns
// what each run's mock saw, and every record for a HAR. A run is killed
// timeout after its first request (so that a slow start on a loaded
// machine costs no run its time), or startTimeout after it started
// without a request.
func playSuite(ctx context.Context, api catalog.API, scenarios []check.Scenario, cmd []string, timeout, startTimeout time.Duration, parallel int) ([]check.Run, []mock.Record, error) {
	type job struct {
		run    check.Run
		prefix string
		srv    *mock.Server
		first  firstRequest
	}
	var jobs []*job
	servers := map[string]*mock.Server{}
	for _, sc := range scenarios {
		for n := 1; n <= sc.RunCount(); n++ {
			id := sc.Name + "-" + strconv.Itoa(n)
			j := &job{run: check.Run{Scenario: sc, N: n}, prefix: "/s/" + id}
			srv, err := mock.New(mock.Config{API: api, Responses: sc.Responses, Sequence: mock.SequenceGlobal, RetryAfterDate: sc.RetryAfterDate, MaxRequests: 1000,
				OnRecord: func(r mock.Record) { j.first.see(r.Start) }})
			if err != nil {
				return nil, nil, err
			}
			j.srv = srv
			j.run.Timeout = timeout
			if timeout <= 0 {
				j.run.Timeout = check.Timeout(api, sc)
			}
			jobs = append(jobs, j)
			servers[id] = srv
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	hs := mock.HTTPServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rest, ok := strings.CutPrefix(r.URL.Path, "/s/")
		id, _, _ := strings.Cut(rest, "/")
		if srv := servers[id]; ok && srv != nil {
			srv.ServeHTTP(w, r)
			return
		}
		http.Error(w, "errscope check: no scenario at this path; use the base URL in "+check.EnvURL, http.StatusNotFound)
	}))
	go hs.Serve(ln)
	defer hs.Close()
	base := "http://" + ln.Addr().String()

	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var startErr error
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := runClient(ctx, api, base+j.prefix, &j.run, cmd, &j.first, startTimeout); err != nil {
				mu.Lock()
				startErr = errors.Join(startErr, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if startErr != nil {
		return nil, nil, startErr
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, fmt.Errorf("interrupted: %w", err)
	}
	var runs []check.Run
	var all []mock.Record
	for _, j := range jobs {
		recs := j.srv.Records()
		all = append(all, recs...)
		for _, r := range recs {
			j.run.Attempts = append(j.run.Attempts, check.Attempt{Start: r.Start, End: r.End, Method: r.Method,
				Key: r.Header.Get("Idempotency-Key"), Index: r.Index, RetryAfterAt: r.RetryAfterAt})
		}
		runs = append(runs, j.run)
	}
	return runs, all, nil
}

// firstRequest is when a run's mock saw its first request.
type firstRequest struct {
	mu sync.Mutex
	at time.Time
}

func (f *firstRequest) see(t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.at.IsZero() || t.Before(f.at) {
		f.at = t
	}
}

func (f *firstRequest) get() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.at
}

// runClient runs cmd once for run with the mock at url, killing it (and
// the processes it started) run.Timeout after its first request, or
// startTimeout after it started without one.
func runClient(ctx context.Context, api catalog.API, url string, run *check.Run, cmd []string, first *firstRequest, startTimeout time.Duration) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var timedOut atomic.Bool
	started := time.Now()
	watch := time.NewTicker(20 * time.Millisecond)
	defer watch.Stop()
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case now := <-watch.C:
				at := first.get()
				if at.IsZero() && now.Sub(started) > startTimeout || !at.IsZero() && now.Sub(at) > run.Timeout {
					timedOut.Store(true)
					cancel()
					return
				}
			}
		}
	}()
	c := exec.CommandContext(ctx, cmd[0], cmd[1:]...)
	c.Env = append(os.Environ(),
		check.EnvURL+"="+url,
		check.BaseURLEnv(api)+"="+url,
		check.EnvAPI+"="+string(api),
		check.EnvScenario+"="+run.Scenario.Name,
		check.EnvMethod+"="+run.Scenario.Method,
	)
	if run.Scenario.Key {
		c.Env = append(c.Env, check.EnvIdempotencyKey+"=errscope-check-"+run.Scenario.Name+"-"+strconv.Itoa(run.N))
	}
	stderr := &tailBuffer{max: 4 << 10}
	c.Stdout, c.Stderr = io.Discard, stderr
	c.WaitDelay = time.Second
	killGroup(c)
	err := c.Run()
	run.Stderr = stderr.String()
	run.Exit = c.ProcessState.ExitCode()
	var ee *exec.ExitError
	switch {
	case timedOut.Load() && c.ProcessState != nil:
		run.TimedOut = true
		run.Exit = -1
		if first.get().IsZero() {
			run.Timeout = startTimeout
		}
	case err != nil && !errors.As(err, &ee):
		return fmt.Errorf("cannot run %s: %w", cmd[0], err)
	}
	return nil
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = t.b[len(t.b)-t.max:]
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}
