package cli

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strings"
	"sync"
	"time"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/mock"
	"github.com/errscope/errscope/retry"
)

// defaultMockAddr is where mock listens unless --addr says otherwise.
const defaultMockAddr = "127.0.0.1:4010"

func runMock(e env, args []string) int {
	fs := e.flags()
	api := fs.String("api", "", "the `API` whose envelopes and headers to send (required)")
	spec := fs.String("responses", "", "the `responses` of every path: a comma list like 429:retry-after=2,503,200, or a JSON file (default: 200)")
	var routes []string
	fs.Func("route", "`PATH=RESPONSES` for one path, e.g. /v1/generate=503,200, repeatable (default none)", func(s string) error {
		routes = append(routes, s)
		return nil
	})
	code := fs.String("code", "", "answer every request with this error `code`'s response, e.g. BSE1005 (default none)")
	seq := fs.String("sequence", mock.SequenceKey, "how clients get their own sequence: `key` (Idempotency-Key), global, or header:NAME")
	raDate := fs.Bool("retry-after-date", false, "send Retry-After as an HTTP-date instead of seconds")
	outage := fs.Duration("outage", 0, "answer 503 to everything for this long after starting (default none)")
	capacity := fs.Int("capacity", 0, "with --outage: `requests` per second served after it, the rest get 429 (default no limit)")
	addr := fs.String("addr", defaultMockAddr, "`host:port` to listen on; an empty host means loopback, 0.0.0.0 all interfaces")
	harPath := fs.String("har", "", "write every request and response to this HAR `file` on exit (default none)")
	duration := fs.Duration("duration", time.Hour, "stop after this long")
	maxReq := fs.Int("max-requests", mock.DefaultMaxRequests, "record at most `N` requests; later ones get a 503")
	quiet := fs.Bool("quiet", false, "do not print a line per request")
	err := func() error {
		pos, err := parse(fs, args)
		if err != nil {
			return err
		}
		if len(pos) > 0 {
			return usagef("mock: unexpected argument %q", pos[0])
		}
		if *api == "" {
			return usagef("mock: --api is required (valid: %s)", strings.Join(catalog.APINames(), ", "))
		}
		a, err := catalog.ParseAPI(*api)
		if err != nil {
			return usagef("mock: %v", err)
		}
		cfg := mock.Config{API: a, RetryAfterDate: *raDate, Outage: *outage, Capacity: *capacity, MaxRequests: *maxReq, Routes: map[string][]retry.SimResponse{}}
		if cfg.Sequence, cfg.Header, err = parseSequence(*seq); err != nil {
			return err
		}
		switch {
		case *code != "" && *spec != "":
			return usagef("mock: give --responses or --code, not both")
		case *code != "":
			ent, ok := catalog.Lookup(a, catalog.Code(*code))
			if !ok {
				return usagef("mock: %s has no code %q (see: %s catalog --api %s)", a, *code, prog, a)
			}
			cfg.Responses = []retry.SimResponse{{Status: ent.Status, Code: ent.Code}}
		case *spec != "":
			if cfg.Responses, err = loadResponses("mock", a, *spec); err != nil {
				return err
			}
		}
		for _, rt := range routes {
			path, s, ok := strings.Cut(rt, "=")
			if !ok || !strings.HasPrefix(path, "/") || s == "" {
				return usagef("mock: --route %q: want PATH=RESPONSES, e.g. /v1/generate=503,200", rt)
			}
			if cfg.Routes[path], err = loadResponses("mock", a, s); err != nil {
				return err
			}
		}
		host, port, err := net.SplitHostPort(*addr)
		if err != nil {
			return usagef("mock: --addr %q: %v", *addr, err)
		}
		if host == "" {
			host = "127.0.0.1"
		}
		var out sync.Mutex
		if !*quiet {
			cfg.OnRecord = func(r mock.Record) {
				out.Lock()
				defer out.Unlock()
				fmt.Fprintln(e.stdout, recordLine(r))
			}
		}
		srv, err := mock.New(cfg)
		if err != nil {
			return usagef("mock: %v", err)
		}
		ln, err := net.Listen("tcp", net.JoinHostPort(host, port))
		if err != nil {
			return err
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		ctx, cancel := context.WithTimeout(ctx, *duration)
		defer cancel()
		what := "200 on every path"
		if len(cfg.Responses) > 0 {
			what = retry.FormatSpec(cfg.Responses) + " on every path"
		}
		if len(routes) > 0 {
			what += fmt.Sprintf(", %d routes of their own", len(routes))
		}
		out.Lock()
		fmt.Fprintf(e.stdout, "errscope mock of %s on http://%s: %s; Ctrl-C stops\n", a, ln.Addr(), what)
		out.Unlock()
		hs := mock.HTTPServer(srv)
		done := make(chan error, 1)
		go func() { done <- hs.Serve(ln) }()
		select {
		case <-ctx.Done():
		case err := <-done:
			return err
		}
		sctx, scancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer scancel()
		if err := hs.Shutdown(sctx); err != nil {
			hs.Close()
		}
		recs := srv.Records()
		out.Lock()
		defer out.Unlock()
		fmt.Fprintf(e.stdout, "requests recorded: %d", len(recs))
		if d := srv.Dropped(); d > 0 {
			fmt.Fprintf(e.stdout, " (%d more over --max-requests)", d)
		}
		fmt.Fprintln(e.stdout, ".")
		if *harPath != "" {
			if err := writeFileWith(*harPath, func(w io.Writer) error { return mock.WriteHAR(w, recs) }); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "HAR written to %s (read it with: %s triage %s).\n", *harPath, prog, *harPath)
		}
		return nil
	}()
	return finish(e, err)
}

// parseSequence reads --sequence: key, global or header:NAME.
func parseSequence(s string) (seq, header string, err error) {
	switch {
	case s == mock.SequenceKey || s == mock.SequenceGlobal:
		return s, "", nil
	case strings.HasPrefix(s, "header:") && strings.TrimSpace(s[len("header:"):]) != "":
		return mock.SequenceHeader, strings.TrimSpace(s[len("header:"):]), nil
	}
	return "", "", usagef("mock: --sequence %q: want key, global or header:NAME", s)
}

// recordLine is the line mock prints for one request.
func recordLine(r mock.Record) string {
	ans := fmt.Sprint(r.Status)
	switch {
	case r.Fault != "":
		ans = r.Fault
	case r.Replayed:
		ans += " (replayed)"
	}
	if r.Index >= 0 {
		ans += fmt.Sprintf(" (response %d)", r.Index+1)
	}
	line := fmt.Sprintf("%s %s %s → %s", r.Start.Format("15:04:05.000"), r.Method, r.Path, ans)
	if k := r.Header.Get("Idempotency-Key"); k != "" {
		line += " key " + k
	}
	return line
}

// writeFileWith creates path and writes it with f.
func writeFileWith(path string, f func(io.Writer) error) error {
	file, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := f(file); err != nil {
		file.Close()
		return err
	}
	return file.Close()
}
