package client

// Fault-injection tests: the properties Client.Do keeps when the network
// and the server misbehave. Tests that assert durations run in virtual time
// under synctest against vtransport; tests against the real loopback
// faultServer assert outcomes only, with a generous context timeout as a
// safety net. See faultserver_test.go for both injectors.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
	"unicode"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/retry"
)

// safetyNet bounds a real-network test, so that a hang fails the test
// instead of the whole run. It is not an assertion about duration.
const safetyNet = 30 * time.Second

// realTimeout is the per-attempt timeout of real-network tests whose
// server stalls: short enough to keep the suite fast, long enough for a
// loaded machine to finish a loopback request that does not stall.
const realTimeout = 500 * time.Millisecond

func zero() float64 { return 0 }

// vclient returns a BabySea client on vt whose full jitter is halved
// (backoff 0.5 s, 1 s …).
func vclient(vt *vtransport) *Client {
	return &Client{HTTPClient: vt.client(), API: catalog.BabySea, Policy: retry.Policy{Rand: half}}
}

// oneLine reports whether s is a single printable line of at most n bytes.
func oneLine(s string, n int) bool {
	return len(s) <= n && strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) < 0
}

// TestFaultNeverHangsPastDeadline: against a server that stalls (before the
// headers, mid-body, or dripping), Do returns no later than the caller's
// deadline D, exactly at D when the deadline cuts an attempt, and every
// attempt ends at its per-attempt timeout T.
func TestFaultNeverHangsPastDeadline(t *testing.T) {
	const D = 10 * time.Second
	stall503 := vfault{status: 503, body: text(unavailable[:60]), bodyStall: true}
	tests := []struct {
		name     string
		method   string
		timeout  time.Duration // Client.Timeout; 0 is the 30 s default
		policy   retry.Policy  // zero: BabySea's, halved jitter
		script   []vfault
		elapsed  time.Duration // when Do returns (or the body read ends, for a 200)
		attempts int
		deadline bool // error is the caller's deadline; else a TimeoutError
	}{
		{"stall, no attempt timeout", "GET", -1, retry.Policy{}, []vfault{{stall: true}}, D, 1, true},
		{"stall, attempt timeout 30s > D", "GET", 0, retry.Policy{}, []vfault{{stall: true}}, D, 1, true},
		// 0–3 s, wait 0.5 s, 3.5–6.5 s, wait 1 s, 7.5 s– cut at D.
		{"stall, T < D, D cuts the third attempt", "GET", 3 * time.Second, retry.Policy{}, []vfault{{stall: true}}, D, 3, true},
		// 0–2 s, 2.5–4.5 s, 5.5–7.5 s: three timeouts before D.
		{"stall, T < D, attempts exhausted first", "GET", 2 * time.Second, retry.Policy{}, []vfault{{stall: true}}, 7500 * time.Millisecond, 3, false},
		// The attempt's deadline and the caller's coincide at 10 s.
		{"stall, D a multiple of T, no backoff", "GET", 5 * time.Second, retry.Policy{MaxRetries: 5, Rand: zero}, []vfault{{stall: true}}, D, 2, true},
		{"stall, POST without key", "POST", 3 * time.Second, retry.Policy{}, []vfault{{stall: true}}, 3 * time.Second, 1, false},
		{"stall mid-body of a 503", "GET", 3 * time.Second, retry.Policy{}, []vfault{stall503}, D, 3, true},
		{"stall mid-body of a 503, no attempt timeout", "GET", -1, retry.Policy{}, []vfault{stall503}, D, 1, true},
		{"503 body drips a byte a second", "GET", 3 * time.Second, retry.Policy{}, []vfault{{status: 503, body: text(unavailable), drip: time.Second}}, D, 3, true},
		// The attempt's deadline ends the caller's read of the body.
		{"stall mid-body of a 200", "GET", 3 * time.Second, retry.Policy{}, []vfault{{status: 200, body: text(okBody[:5]), bodyStall: true}}, 3 * time.Second, 1, true},
		{"stall mid-body of a 200, attempt timeout > D", "GET", time.Minute, retry.Policy{}, []vfault{{status: 200, body: text(okBody[:5]), bodyStall: true}}, D, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				vt := newVTransport(tt.script...)
				c := vclient(vt)
				c.Timeout = tt.timeout
				if tt.policy.Rand != nil {
					c.Policy = tt.policy
				}
				req, _ := http.NewRequest(tt.method, "https://api.example.test/v1/generate/image", strings.NewReader("{}"))
				ctx, cancel := context.WithTimeout(t.Context(), D)
				defer cancel()
				start := time.Now()
				resp, err := c.Do(ctx, req)
				if resp != nil {
					// Do's job ends with the body: reading it is bounded too.
					_, err = io.ReadAll(resp.Body)
					resp.Body.Close()
				}
				elapsed := time.Since(start)
				if elapsed != tt.elapsed || vt.count() != tt.attempts {
					t.Errorf("returned at %v after %d attempts, want %v after %d", elapsed, vt.count(), tt.elapsed, tt.attempts)
				}
				if elapsed > D {
					t.Errorf("returned at %v, after the deadline %v", elapsed, D)
				}
				if err == nil {
					t.Fatal("no error from a server that never answers in full")
				}
				if got := errors.Is(err, context.DeadlineExceeded); got != tt.deadline {
					t.Errorf("error %q: errors.Is(err, context.DeadlineExceeded) = %v, want %v", err, got, tt.deadline)
				}
				var te *TimeoutError
				if resp == nil && !tt.deadline && (!errors.As(err, &te) || te.Timeout != tt.timeout) {
					t.Errorf("error %q, want a TimeoutError of %v", err, tt.timeout)
				}
				var re *RetryError
				if resp == nil && tt.deadline && (!errors.As(err, &re) || re.Rule != retry.RuleCanceled || re.Attempts != tt.attempts) {
					t.Errorf("error %q, want a RetryError for the deadline after %d attempts", err, tt.attempts)
				}
				synctest.Wait() // let the transport record the last attempt's end
				for i, a := range vt.seen() {
					d := a.end - a.start
					switch {
					case a.end < 0:
						t.Errorf("attempt %d never ended", i+1)
					case tt.timeout > 0 && d > tt.timeout:
						t.Errorf("attempt %d lasted %v, more than the attempt timeout %v", i+1, d, tt.timeout)
					case tt.timeout > 0 && a.end < D && d != tt.timeout:
						t.Errorf("attempt %d lasted %v, want exactly the attempt timeout %v", i+1, d, tt.timeout)
					}
				}
			})
		})
	}
}

// TestFaultNoRequestAfterDeadline: once the caller's deadline has passed,
// no attempt is sent, even when the context's own timer has not fired yet
// and the policy asks for a retry at once (an attempt timeout or a
// Retry-After: 0 ending exactly at the deadline).
func TestFaultNoRequestAfterDeadline(t *testing.T) {
	const D = 10 * time.Second
	tests := []struct {
		name     string
		timeout  time.Duration
		script   []vfault
		attempts int
	}{
		{"attempt timeout ends at the deadline", 5 * time.Second, []vfault{{stall: true}}, 2},
		{"429 Retry-After 0 arrives at the deadline", -1, []vfault{{latency: D, status: 429, header: retryAfter("0"), body: text(rateLimited)}}, 1},
		{"reset arrives at the deadline", -1, []vfault{{latency: D, err: connReset("read")}}, 1},
	}
	for _, tt := range tests {
		for _, lag := range []time.Duration{0, time.Millisecond} {
			t.Run(fmt.Sprintf("%s/timer late by %v", tt.name, lag), func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					vt := newVTransport(tt.script...)
					c := vclient(vt)
					c.Timeout, c.Policy = tt.timeout, retry.Policy{MaxRetries: 5, Rand: zero}
					ctx, cancel := withLateDeadline(t.Context(), D, lag)
					defer cancel()
					start := time.Now()
					_, err := c.Do(ctx, get(t))
					if got := time.Since(start); got != D {
						t.Errorf("returned at %v, want %v (the deadline)", got, D)
					}
					for i, a := range vt.seen() {
						if a.start >= D {
							t.Errorf("attempt %d sent at %v, at or after the deadline %v", i+1, a.start, D)
						}
					}
					if vt.count() != tt.attempts {
						t.Errorf("%d attempts, want %d", vt.count(), tt.attempts)
					}
					var re *RetryError
					if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &re) || re.Rule != retry.RuleCanceled {
						t.Errorf("error %q, want a RetryError for the caller's deadline", err)
					}
				})
			})
		}
	}
}

// TestFaultNoSleepAfterCancel: a cancel during any wait (a Retry-After, a
// backoff) returns at the cancel instant with context.Canceled, and no
// request reaches the transport afterwards.
func TestFaultNoSleepAfterCancel(t *testing.T) {
	rl := func(ra string) vfault {
		f := vfault{status: 429, body: text(rateLimited)}
		if ra != "" {
			f.header = retryAfter(ra)
		}
		return f
	}
	ok := vfault{status: 200, body: text(okBody)}
	tests := []struct {
		name     string
		script   []vfault
		cancelAt time.Duration
		attempts int
	}{
		{"Retry-After 30", []vfault{rl("30"), ok}, 3 * time.Second, 1},
		{"Retry-After 1", []vfault{rl("1"), ok}, 400 * time.Millisecond, 1},
		{"429 without Retry-After, backoff", []vfault{rl(""), ok}, 200 * time.Millisecond, 1},
		{"backoff after a reset", []vfault{{err: connReset("read")}, ok}, 100 * time.Millisecond, 1},
		// 503 at 0, wait 0.5 s, 429 at 0.5 s, wait 30 s: cancel at 10 s.
		{"second wait", []vfault{{status: 503, body: text(unavailable)}, rl("30"), ok}, 10 * time.Second, 2},
		// A cancel at the very instant the wait would end.
		{"just before the retry", []vfault{rl("2"), ok}, 2*time.Second - time.Nanosecond, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				vt := newVTransport(tt.script...)
				ctx, cancel := context.WithCancel(t.Context())
				time.AfterFunc(tt.cancelAt, cancel)
				start := time.Now()
				_, err := vclient(vt).Do(ctx, get(t))
				if got := time.Since(start); got != tt.cancelAt {
					t.Errorf("returned at %v, want %v (the cancel)", got, tt.cancelAt)
				}
				if !errors.Is(err, context.Canceled) {
					t.Errorf("error %q does not wrap context.Canceled", err)
				}
				var re *RetryError
				if !errors.As(err, &re) || re.Rule != retry.RuleCanceled || re.Attempts != tt.attempts || re.Last == nil {
					t.Errorf("error %q, want a RetryError for the cancel after %d attempts, with the last failure", err, tt.attempts)
				}
				n := vt.count()
				<-time.After(time.Hour) // long past every wait Do could have scheduled
				if n != tt.attempts || vt.count() != n {
					t.Errorf("%d attempts when Do returned, %d an hour later; want %d and no more", n, vt.count(), tt.attempts)
				}
			})
		})
	}
}

// postFaults are the transport failures and broken error bodies after
// which an unkeyed POST must not be sent again: the server may have done
// the work.
var postFaults = []struct {
	name string
	f    vfault
	resp bool // Do returns the response (its headers arrived whole)
}{
	{"reset before the headers", vfault{err: connReset("read")}, false},
	{"EOF before the headers", vfault{err: io.ErrUnexpectedEOF}, false},
	{"reset mid-body of a 503", vfault{status: 503, body: text(unavailable[:70]), bodyErr: connReset("read")}, false},
	{"truncated 503", vfault{status: 503, header: http.Header{"Content-Length": {"127"}}, body: text(unavailable[:70]), bodyErr: io.ErrUnexpectedEOF}, false},
	// The cut dropped the body's "retryable":false: nothing says the
	// server did not do the work.
	{"truncated 503 before retryable:false", vfault{status: 503, body: text(strings.SplitAfter(bse("BSE4005", "provider_unavailable", false), `"m",`)[0]), bodyErr: io.ErrUnexpectedEOF}, false},
	{"attempt timeout mid-body of a 503", vfault{status: 503, body: text(unavailable[:70]), bodyStall: true}, false},
	{"truncated 200", vfault{status: 200, body: text(okBody[:5]), bodyErr: io.ErrUnexpectedEOF}, true},
}

// TestFaultUnkeyedPostNotRetried: a POST without an Idempotency-Key is
// sent exactly once whatever breaks after it was sent.
func TestFaultUnkeyedPostNotRetried(t *testing.T) {
	for _, tt := range postFaults {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				vt := newVTransport(tt.f, vfault{status: 200, body: text(okBody)})
				c := vclient(vt)
				c.Timeout = 5 * time.Second
				resp, err := c.Do(t.Context(), post(t, `{"prompt":"a cat"}`))
				if resp != nil {
					_, err = io.ReadAll(resp.Body)
					resp.Body.Close()
				}
				if (resp != nil) != tt.resp || err == nil {
					t.Errorf("Do returned a response: %v, error %v; want a response: %v and an error", resp != nil, err, tt.resp)
				}
				if vt.count() != 1 {
					t.Errorf("%d requests reached the transport, want exactly 1", vt.count())
				}
				var re *RetryError
				if resp == nil && (!errors.As(err, &re) || re.Attempts != 1) {
					t.Errorf("error %q: want a RetryError saying why the one attempt was not retried", err)
				}
			})
		})
	}
}

// TestFaultKeyedPostRetried: with an Idempotency-Key, on the request or
// generated, the same failures are retried and every attempt carries the
// same key and body.
func TestFaultKeyedPostRetried(t *testing.T) {
	for _, tt := range postFaults {
		if tt.resp {
			continue // Do already returned the response: nothing to retry
		}
		for _, gen := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/generated key %v", tt.name, gen), func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					vt := newVTransport(tt.f, tt.f, vfault{status: 200, body: text(okBody)})
					c := vclient(vt)
					c.Timeout = 5 * time.Second
					req := post(t, `{"prompt":"a cat"}`)
					want := "order-42"
					if gen {
						var n atomic.Int32
						c.IdempotencyKey = func() string { return fmt.Sprintf("gen-%d", n.Add(1)) }
						want = "gen-1"
					} else {
						req.Header.Set("Idempotency-Key", want)
					}
					resp, err := c.Do(t.Context(), req)
					if err != nil {
						t.Fatalf("Do: %v", err)
					}
					resp.Body.Close()
					seen := vt.seen()
					if len(seen) != 3 {
						t.Fatalf("%d attempts, want 3", len(seen))
					}
					for i, a := range seen {
						if a.key != want || a.body != `{"prompt":"a cat"}` {
							t.Errorf("attempt %d sent key %q, body %q; want %q and the same body every time", i+1, a.key, a.body, want)
						}
					}
				})
			})
		}
	}
}

// TestFaultUnkeyedPostNotRetriedRealServer: the same over a real loopback
// connection that is reset, cut short or left hanging.
func TestFaultUnkeyedPostNotRetriedRealServer(t *testing.T) {
	tests := []struct {
		f    fault
		resp bool // Do may return the response (its headers arrived whole)
	}{
		{fault{kind: faultResetHeaders}, false},
		{fault{kind: faultResetBody, status: 503}, false},
		{fault{kind: faultTruncated, status: 503}, false},
		{fault{kind: faultStall}, false},
		{fault{kind: faultStallBody, status: 503}, false},
		{fault{kind: faultResetBody}, true},
		{fault{kind: faultTruncated}, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %d", tt.f.kind, tt.f.code()), func(t *testing.T) {
			fs := newFaultServer(t, tt.f, fault{kind: faultOK})
			c := &Client{HTTPClient: fs.client(), API: catalog.BabySea, Timeout: realTimeout, Policy: retry.Policy{MaxRetries: 3, Rand: zero}}
			ctx, cancel := context.WithTimeout(t.Context(), safetyNet)
			defer cancel()
			req, _ := http.NewRequest(http.MethodPost, fs.URL+"/v1/generate/image", strings.NewReader(`{"prompt":"a cat"}`))
			resp, err := c.Do(ctx, req)
			if resp != nil {
				if !tt.resp {
					t.Errorf("Do returned %s, want an error", resp.Status)
				}
				_, err = io.ReadAll(resp.Body)
				resp.Body.Close()
			}
			if err == nil {
				t.Error("no error from a broken response")
			}
			t.Logf("error: %v", err)
			if n := len(fs.requests()); n != 1 {
				t.Errorf("the server saw %d requests, want exactly 1 (error %v)", n, err)
			}
			var ne *NetworkError
			if errors.As(err, &ne) && ne.Retryable {
				t.Errorf("error %q says Retryable for an unkeyed POST", err)
			}
		})
	}
}

// TestFaultKeyedPostRetriedRealServer: a keyed POST goes through resets,
// truncations and stalls, with the same key and body on every attempt.
func TestFaultKeyedPostRetriedRealServer(t *testing.T) {
	script := []fault{
		{kind: faultResetHeaders}, {kind: faultResetBody, status: 503}, {kind: faultTruncated, status: 503},
		{kind: faultStall}, {kind: faultStallBody, status: 503}, {kind: faultOK},
	}
	for _, gen := range []bool{false, true} {
		t.Run(fmt.Sprintf("generated key %v", gen), func(t *testing.T) {
			fs := newFaultServer(t, script...)
			c := &Client{HTTPClient: fs.client(), API: catalog.BabySea, Timeout: realTimeout, Policy: retry.Policy{MaxRetries: len(script), Rand: zero}}
			ctx, cancel := context.WithTimeout(t.Context(), safetyNet)
			defer cancel()
			const payload = `{"prompt":"a lighthouse"}`
			req, _ := http.NewRequest(http.MethodPost, fs.URL+"/v1/generate/image", strings.NewReader(payload))
			want := "order-42"
			if gen {
				var n atomic.Int32
				c.IdempotencyKey = func() string { return fmt.Sprintf("gen-%d", n.Add(1)) }
				want = "gen-1"
			} else {
				req.Header.Set("Idempotency-Key", want)
			}
			resp, err := c.Do(ctx, req)
			if err != nil {
				t.Fatalf("Do: %v", err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || string(body) != okBody {
				t.Errorf("body %q, %v; want %q", body, err, okBody)
			}
			reqs := fs.requests()
			if len(reqs) != len(script) {
				t.Errorf("the server saw %d requests, want %d", len(reqs), len(script))
			}
			for i, r := range reqs {
				if r.key != want || r.body != payload {
					t.Errorf("request %d: key %q, body %q; want %q, %q", i+1, r.key, r.body, want, payload)
				}
			}
		})
	}
}

// TestFaultBoundedErrorBodies: huge, garbage, compressed and truncated
// error bodies are read up to apierror.MaxBody bytes, closed, and still
// give an *apierror.Error with the status and a one-line Error().
func TestFaultBoundedErrorBodies(t *testing.T) {
	huge := func(kind faultKind) func() io.Reader { return func() io.Reader { return hugeBody(kind) } }
	html := func() io.Reader {
		return io.MultiReader(strings.NewReader("<html><head><title>502 Bad Gateway</title></head><body>"),
			io.LimitReader(repeatReader("<p>upstream\ndown</p>\n"), hugeSize))
	}
	bomb := func() io.Reader { return strings.NewReader(string(gzipBomb())) }
	tests := []struct {
		name  string
		f     vfault
		retry bool // retried twice; else one attempt (decoding 1 MiB of garbage is slow under -race)
	}{
		{"10 MiB envelope with a huge message", vfault{status: 503, body: huge(faultHuge)}, false},
		{"10 MiB of garbage", vfault{status: 500, body: huge(faultGarbage)}, false},
		{"10 MiB HTML page", vfault{status: 502, body: html}, true},
		{"gzip bomb", vfault{status: 429, header: http.Header{"Content-Encoding": {"gzip"}, "Retry-After": {"0"}}, body: bomb}, false},
		{"10 MiB then reset", vfault{status: 503, body: huge(faultHuge), bodyErr: connReset("read")}, false},
		{"truncated envelope", vfault{status: 503, body: text(unavailable[:70]), bodyErr: io.ErrUnexpectedEOF}, true},
		{"truncated envelope on a 400", vfault{status: 400, body: text(bse("BSE2001", "invalid_input", false)[:70]), bodyErr: io.ErrUnexpectedEOF}, true},
		{"empty body cut short", vfault{status: 504, bodyErr: io.ErrUnexpectedEOF}, true},
	}
	const slack = 4 << 10
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				vt := newVTransport(tt.f)
				c := vclient(vt)
				if !tt.retry {
					c.Policy.MaxRetries = -1
				}
				_, err := c.Do(t.Context(), get(t))
				var ae *apierror.Error
				if !errors.As(err, &ae) || ae.Status != tt.f.status {
					t.Fatalf("Do error = %v, want an *apierror.Error with status %d", err, tt.f.status)
				}
				if got := vt.bodyMax.Load(); got > apierror.MaxBody+slack {
					t.Errorf("read %d bytes of one body, want at most apierror.MaxBody (%d) + %d", got, apierror.MaxBody, slack)
				}
				if vt.bodyClosed.Load() != vt.bodies.Load() {
					t.Errorf("%d of %d response bodies closed", vt.bodyClosed.Load(), vt.bodies.Load())
				}
				if s := ae.Error(); !oneLine(s, 200) {
					t.Errorf("apierror Error() is not one short line (%d bytes): %q", len(s), s)
				}
				if s := err.Error(); !oneLine(s, 300) {
					t.Errorf("Do error is not one short line (%d bytes): %q", len(s), s)
				}
				if cut := tt.f.bodyErr != nil && vt.bodyMax.Load() < apierror.MaxBody; cut && !strings.Contains(strings.Join(ae.Problems, "\n"), "body cut short") {
					t.Errorf("Problems %q do not say the body was cut short", ae.Problems)
				}
				if len(ae.Body) > apierror.MaxBody || len(ae.Message) > 4<<10 {
					t.Errorf("decoded error keeps a %d-byte body and a %d-byte message", len(ae.Body), len(ae.Message))
				}
			})
		})
	}
}

// TestFaultServerRecovers: a GET goes through any one fault of the real
// server (resets, truncations, stalls, drips, huge bodies, rate limits)
// with backoff and returns the response once the server recovers.
func TestFaultServerRecovers(t *testing.T) {
	tests := []struct {
		faults []fault
		server bool // the retry delay is the server's (no backoff computed)
	}{
		{[]fault{{kind: faultResetHeaders}}, false},
		{[]fault{{kind: faultResetHeaders}, {kind: faultResetHeaders}}, false},
		{[]fault{{kind: faultResetBody, status: 503}}, false},
		{[]fault{{kind: faultTruncated, status: 503}}, false},
		{[]fault{{kind: faultStall}}, false},
		{[]fault{{kind: faultStallBody, status: 503}}, false},
		{[]fault{{kind: faultDrip, status: 503}}, false},
		{[]fault{{kind: faultHuge}}, false},
		{[]fault{{kind: faultRateLimited}}, false},
		{[]fault{{kind: faultRateLimited, header: retryAfter("0")}, {kind: faultDrip, status: 429, header: retryAfter("0"), body: rateLimited}}, true},
	}
	for _, tt := range tests {
		var names []string
		for _, f := range tt.faults {
			names = append(names, fmt.Sprintf("%s %d", f.kind, f.code()))
		}
		t.Run(strings.Join(names, ", "), func(t *testing.T) {
			fs := newFaultServer(t, append(tt.faults, fault{kind: faultOK})...)
			var backoffs atomic.Int32
			pol := retry.Policy{MaxRetries: 3, BaseDelay: time.Millisecond, Rand: func() float64 { backoffs.Add(1); return 0.5 }}
			c := &Client{HTTPClient: fs.client(), API: catalog.BabySea, Timeout: realTimeout, Policy: pol}
			ctx, cancel := context.WithTimeout(t.Context(), safetyNet)
			defer cancel()
			req, _ := http.NewRequest(http.MethodGet, fs.URL+"/v1/generations/gen_1", nil)
			resp, err := c.Do(ctx, req)
			if err != nil {
				t.Fatalf("Do: %v", err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != 200 || string(body) != okBody {
				t.Errorf("%s %q, %v; want 200 %q", resp.Status, body, err, okBody)
			}
			if n := len(fs.requests()); n != len(tt.faults)+1 {
				t.Errorf("the server saw %d requests, want %d", n, len(tt.faults)+1)
			}
			if want := int32(len(tt.faults)); tt.server {
				if backoffs.Load() != 0 {
					t.Errorf("%d backoffs computed, want none: the server named the delays", backoffs.Load())
				}
			} else if backoffs.Load() != want {
				t.Errorf("%d backoffs computed, want %d (one per retry)", backoffs.Load(), want)
			}
		})
	}
}

// TestFaultRetryDelay: in virtual time, a GET whose connection is reset
// is retried after exactly the policy's backoff, and a response whose
// body was cut short is retried on what its status and headers say: a
// 429's Retry-After still holds, for a POST too.
func TestFaultRetryDelay(t *testing.T) {
	ok := vfault{status: 200, body: text(okBody)}
	truncated429 := vfault{status: 429, header: retryAfter("2"), body: text(rateLimited[:70]), bodyErr: io.ErrUnexpectedEOF}
	tests := []struct {
		name    string
		method  string
		script  []vfault
		elapsed time.Duration
	}{
		{"reset before the headers", "GET", []vfault{{err: connReset("read")}, ok}, 500 * time.Millisecond},
		{"reset on write, then EOF", "GET", []vfault{{err: connReset("write")}, {err: io.ErrUnexpectedEOF}, ok}, 1500 * time.Millisecond},
		{"reset mid-body of a 503", "GET", []vfault{{status: 503, body: text(unavailable[:70]), bodyErr: connReset("read")}, ok}, 500 * time.Millisecond},
		{"truncated 429 with Retry-After", "GET", []vfault{truncated429, ok}, 2 * time.Second},
		{"truncated 429 with Retry-After, unkeyed POST", "POST", []vfault{truncated429, ok}, 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				vt := newVTransport(tt.script...)
				req, _ := http.NewRequest(tt.method, "https://api.example.test/v1/generate/image", strings.NewReader("{}"))
				start := time.Now()
				resp, err := vclient(vt).Do(t.Context(), req)
				if err != nil {
					t.Fatalf("Do: %v", err)
				}
				resp.Body.Close()
				if got := time.Since(start); got != tt.elapsed || vt.count() != len(tt.script) {
					t.Errorf("success at %v after %d attempts, want %v after %d", got, vt.count(), tt.elapsed, len(tt.script))
				}
			})
		})
	}
}

// TestFault429StormBudget: under a storm where every attempt gets a 429,
// N concurrent requests sharing one retry.Budget make at most
// N × (1 + ratio) + burst attempts (the Budget's documented bound:
// retries ≤ burst + ratio × requests when none succeeds), whether they
// share a Client or not; without a budget every request makes
// 1 + MaxRetries attempts.
func TestFault429StormBudget(t *testing.T) {
	const (
		n     = 200
		ratio = 0.1
		burst = 10
	)
	storm := func(ra string) vfault {
		f := vfault{status: 429, body: text(rateLimited)}
		if ra != "" {
			f.header = retryAfter(ra)
		}
		return f
	}
	tests := []struct {
		name      string
		f         vfault
		budget    bool
		perClient bool // a Client per request, all sharing the budget
	}{
		{"Retry-After 1, budget, one client", storm("1"), true, false},
		{"Retry-After 1, budget, a client each", storm("1"), true, true},
		{"no Retry-After, budget, one client", storm(""), true, false},
		{"no Retry-After, budget, a client each", storm(""), true, true},
		{"Retry-After 1, no budget", storm("1"), false, false},
		{"no Retry-After, no budget", storm(""), false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				vt := newVTransport(tt.f)
				pol := retry.Policy{Rand: half}
				if tt.budget {
					pol.Budget = retry.NewBudget(ratio, burst)
				}
				shared := &Client{HTTPClient: vt.client(), API: catalog.BabySea, Policy: pol}
				var exhausted, typed atomic.Int32
				var wg sync.WaitGroup
				for range n {
					c := shared
					if tt.perClient {
						c = &Client{HTTPClient: vt.client(), API: catalog.BabySea, Policy: pol}
					}
					req := get(t)
					wg.Go(func() {
						_, err := c.Do(t.Context(), req)
						if errors.Is(err, retry.ErrBudgetExhausted) {
							exhausted.Add(1)
						}
						if ae := (*apierror.Error)(nil); errors.As(err, &ae) && ae.Status == 429 {
							typed.Add(1)
						}
					})
				}
				wg.Wait()
				attempts := vt.count()
				amp := float64(attempts) / n
				maxAttempts := pol.Attempts()
				if typed.Load() != n {
					t.Errorf("%d of %d requests returned the typed 429", typed.Load(), n)
				}
				if !tt.budget {
					if attempts != n*maxAttempts {
						t.Errorf("%d attempts for %d requests without a budget, want %d (amplification %d)", attempts, n, n*maxAttempts, maxAttempts)
					}
					return
				}
				if limit := 1 + ratio + float64(burst)/n; amp > limit+1e-9 {
					t.Errorf("amplification %.3f (%d attempts for %d requests), want ≤ 1 + %v + %d/%d = %.3f", amp, attempts, n, ratio, burst, n, limit)
				}
				if attempts < n+burst {
					t.Errorf("%d attempts for %d requests: the budget's burst of %d retries was not used", attempts, n, burst)
				}
				if exhausted.Load() == 0 {
					t.Error("no request reported retry.ErrBudgetExhausted")
				}
				t.Logf("%d requests, %d attempts: amplification %.3f (no budget: %d)", n, attempts, amp, maxAttempts)
			})
		})
	}
}

// BenchmarkDo measures one Do against an in-memory transport: a 200, and a
// 429 with Retry-After: 0 then a 200.
func BenchmarkDo(b *testing.B) {
	resp := func(status int, h http.Header, body string) *http.Response {
		return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body))}
	}
	for _, bc := range []struct {
		name   string
		script []int
	}{
		{"200", []int{200}},
		{"429-then-200", []int{429, 200}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			i := 0
			rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
				status := bc.script[i%len(bc.script)]
				i++
				if status == 429 {
					return resp(429, http.Header{"Retry-After": {"0"}}, rateLimited), nil
				}
				return resp(200, http.Header{}, okBody), nil
			})
			c := &Client{HTTPClient: &http.Client{Transport: rt}, API: catalog.BabySea}
			req, _ := http.NewRequest(http.MethodGet, "https://api.example.test/v1/generations/gen_1", nil)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				r, err := c.Do(ctx, req)
				if err != nil {
					b.Fatal(err)
				}
				r.Body.Close()
			}
		})
	}
}
