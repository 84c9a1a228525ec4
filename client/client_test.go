package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/retry"
)

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// A step is one scripted outcome of the fake server.
type step struct {
	status int
	header http.Header
	body   string
	err    error // transport error instead of a response
	hang   bool  // block until the attempt's context ends
}

// seen is what the fake server saw of one attempt.
type seen struct {
	at     time.Duration // since the fake was made (virtual time under synctest)
	method string
	key    string
	body   string
}

// fake plays steps in order, repeating the last, and records attempts.
type fake struct {
	mu    sync.Mutex
	start time.Time
	steps []step
	calls []seen
}

func newFake(steps ...step) *fake { return &fake{start: time.Now(), steps: steps} }

func (f *fake) client() *http.Client { return &http.Client{Transport: roundTripFunc(f.roundTrip)} }

func (f *fake) roundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body.Close()
	}
	f.mu.Lock()
	s := f.steps[min(len(f.calls), len(f.steps)-1)]
	f.calls = append(f.calls, seen{time.Since(f.start), r.Method, r.Header.Get("Idempotency-Key"), string(body)})
	f.mu.Unlock()
	switch {
	case s.hang:
		<-r.Context().Done()
		return nil, r.Context().Err()
	case s.err != nil:
		return nil, s.err
	}
	h := s.header.Clone()
	if h == nil {
		h = http.Header{}
	}
	return &http.Response{StatusCode: s.status, Status: fmt.Sprintf("%d %s", s.status, http.StatusText(s.status)),
		Header: h, Body: io.NopCloser(strings.NewReader(s.body)), Request: r}, nil
}

func (f *fake) attempts() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

// bse returns a BabySea error body.
func bse(code, typ string, retryable bool) string {
	return fmt.Sprintf(`{"status":"error","request_id":"req_1","error":{"code":%q,"type":%q,"message":"m","retryable":%t}}`, code, typ, retryable)
}

var (
	rateLimited = bse("BSE1005", "rate_limit_exceeded", true)
	unavailable = bse("BSE4005", "provider_unavailable", true)
	ok200       = step{status: 200, body: `{"id":"gen_1"}`}
)

func retryAfter(s string) http.Header { return http.Header{"Retry-After": {s}} }

// half makes full jitter return half the exponential delay: 500 ms, 1 s …
func half() float64 { return 0.5 }

func babysea(f *fake) *Client {
	return &Client{HTTPClient: f.client(), API: catalog.BabySea, Policy: retry.Policy{Rand: half}}
}

func get(t *testing.T) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, "https://api.example.test/v1/generations/gen_1", nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func post(t *testing.T, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, "https://api.example.test/v1/generate/image", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func TestDoRetryAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(step{status: 429, header: retryAfter("17"), body: rateLimited}, ok200)
		start := time.Now()
		resp, err := babysea(f).Do(t.Context(), get(t))
		if err != nil {
			t.Fatalf("Do: %v", err)
		}
		defer resp.Body.Close()
		if got := time.Since(start); got != 17*time.Second {
			t.Errorf("elapsed %v, want exactly 17s (the server's Retry-After)", got)
		}
		if resp.StatusCode != 200 || f.attempts() != 2 {
			t.Errorf("status %d after %d attempts, want 200 after 2", resp.StatusCode, f.attempts())
		}
	})
}

// TestDoIdempotencyKeyEveryAttempt is the TypeScript SDK's scenario 1: the
// Idempotency-Key goes out unchanged on every attempt and the server's
// Idempotency-Replayed: true is surfaced.
func TestDoIdempotencyKeyEveryAttempt(t *testing.T) {
	tests := []struct {
		name   string
		reqKey string        // key already on the request
		gen    func() string // the Client's generator
		want   string
	}{
		{"key on the request", "order-42", nil, "order-42"},
		{"generated key", "", func() string { return "gen-key-1" }, "gen-key-1"},
		{"request key wins over the generator", "order-42", func() string { return "gen-key-1" }, "order-42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				replayed := step{status: 200, header: http.Header{"Idempotency-Replayed": {"true"}}, body: `{"id":"gen_1"}`}
				f := newFake(step{status: 503, body: unavailable}, step{status: 409, body: bse("BSE2016", "idempotency_request_in_progress", true)}, replayed)
				c := babysea(f)
				c.IdempotencyKey = tt.gen
				req := post(t, `{"prompt":"a cat"}`)
				if tt.reqKey != "" {
					req.Header.Set("Idempotency-Key", tt.reqKey)
				}
				resp, err := c.Do(t.Context(), req)
				if err != nil {
					t.Fatalf("Do: %v", err)
				}
				resp.Body.Close()
				if !Replayed(resp) {
					t.Error("Replayed(resp) = false, want true")
				}
				if len(f.calls) != 3 {
					t.Fatalf("%d attempts, want 3", len(f.calls))
				}
				for i, c := range f.calls {
					if c.key != tt.want {
						t.Errorf("attempt %d sent Idempotency-Key %q, want %q", i+1, c.key, tt.want)
					}
				}
			})
		})
	}
}

// TestDoPostNetworkFailureNotRetried is the TypeScript SDK's scenario 2.
func TestDoPostNetworkFailureNotRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(step{err: errors.New("connection reset by peer")}, ok200)
		_, err := babysea(f).Do(t.Context(), post(t, `{"prompt":"a cat"}`))
		var ne *NetworkError
		if !errors.As(err, &ne) {
			t.Fatalf("Do error = %v (%T), want a *NetworkError", err, err)
		}
		if ne.Retryable || ne.Attempts != 1 || f.attempts() != 1 {
			t.Errorf("NetworkError{Retryable: %v, Attempts: %d} after %d attempts, want {false, 1} after 1", ne.Retryable, ne.Attempts, f.attempts())
		}
		var re *RetryError
		if !errors.As(err, &re) || re.Rule != retry.RuleNotIdempotent || re.Attempts != 1 {
			t.Errorf("Do error = %v: want a RetryError saying why the POST was not retried", err)
		}
	})
}

// TestDoKeyedPostNetworkFailureRetried is the TypeScript SDK's scenario 3.
func TestDoKeyedPostNetworkFailureRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(step{err: errors.New("connection reset by peer")}, step{err: errors.New("connection refused")}, ok200)
		req := post(t, `{"prompt":"a cat"}`)
		req.Header.Set("Idempotency-Key", "order-42")
		start := time.Now()
		resp, err := babysea(f).Do(t.Context(), req)
		if err != nil {
			t.Fatalf("Do: %v", err)
		}
		resp.Body.Close()
		if got, want := time.Since(start), 500*time.Millisecond+time.Second; got != want || f.attempts() != 3 {
			t.Errorf("elapsed %v after %d attempts, want %v after 3 (backoff 0.5 s, 1 s)", got, f.attempts(), want)
		}
		for i, c := range f.calls {
			if c.body != `{"prompt":"a cat"}` || c.key != "order-42" {
				t.Errorf("attempt %d sent body %q, key %q: want the same body and key every time", i+1, c.body, c.key)
			}
		}
	})
}

func TestDoNetworkFailureExhausted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(step{err: errors.New("connection refused")})
		_, err := babysea(f).Do(t.Context(), get(t))
		var re *RetryError
		var ne *NetworkError
		if !errors.As(err, &re) || !errors.As(err, &ne) {
			t.Fatalf("Do error = %v, want a RetryError wrapping a NetworkError", err)
		}
		if re.Attempts != 3 || ne.Attempts != 3 || !ne.Retryable || f.attempts() != 3 {
			t.Errorf("RetryError.Attempts %d, NetworkError{Attempts %d, Retryable %v}, %d attempts; want 3, 3, true, 3", re.Attempts, ne.Attempts, ne.Retryable, f.attempts())
		}
		if !strings.HasPrefix(err.Error(), "all 3 attempts failed: network error: ") {
			t.Errorf("Error() = %q", err)
		}
	})
}

func TestDoPerAttemptTimeout(t *testing.T) {
	tests := []struct {
		name     string
		req      func(*testing.T) *http.Request
		steps    []step
		attempts int
		elapsed  time.Duration
	}{
		// GET: retried after 0.5 s, succeeds on the second attempt.
		{"GET retried", get, []step{{hang: true}, ok200}, 2, 5*time.Second + 500*time.Millisecond},
		// GET hanging every time: 3 timeouts and two backoffs.
		{"GET exhausted", get, []step{{hang: true}}, 3, 15*time.Second + 1500*time.Millisecond},
		// POST without a key: one attempt, a RetryError around the TimeoutError.
		{"POST not retried", func(t *testing.T) *http.Request { return post(t, "{}") }, []step{{hang: true}, ok200}, 1, 5 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFake(tt.steps...)
				c := babysea(f)
				c.Timeout = 5 * time.Second
				start := time.Now()
				resp, err := c.Do(t.Context(), tt.req(t))
				if got := time.Since(start); got != tt.elapsed || f.attempts() != tt.attempts {
					t.Errorf("elapsed %v after %d attempts, want %v after %d", got, f.attempts(), tt.elapsed, tt.attempts)
				}
				if resp != nil {
					resp.Body.Close()
					if tt.steps[len(tt.steps)-1].hang || tt.attempts == 1 {
						t.Errorf("Do returned a response, want an error")
					}
					return
				}
				var te *TimeoutError
				if !errors.As(err, &te) || te.Timeout != 5*time.Second || te.Attempts != tt.attempts {
					t.Fatalf("Do error = %v, want a TimeoutError after %d attempts", err, tt.attempts)
				}
				if te.Error() != "request timed out after 5s" {
					t.Errorf("TimeoutError.Error() = %q", te.Error())
				}
				var re *RetryError
				if !errors.As(err, &re) {
					t.Errorf("Do error = %v: want a RetryError saying why retrying stopped", err)
				}
				if errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("Do error = %v: a per-attempt timeout is not the caller's deadline", err)
				}
			})
		})
	}
}

// TestDoHTTPClientTimeout: the HTTPClient's own Timeout counts as a
// per-attempt timeout, not as the caller's deadline.
func TestDoHTTPClientTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(step{hang: true}, ok200)
		c := babysea(f)
		c.HTTPClient.Timeout, c.Timeout = 2*time.Second, -1
		start := time.Now()
		resp, err := c.Do(t.Context(), get(t))
		if err != nil {
			t.Fatalf("Do: %v", err)
		}
		resp.Body.Close()
		if got := time.Since(start); got != 2500*time.Millisecond || f.attempts() != 2 {
			t.Errorf("elapsed %v after %d attempts, want 2.5s after 2", got, f.attempts())
		}

		f = newFake(step{hang: true})
		c.HTTPClient = f.client()
		c.HTTPClient.Timeout = 2 * time.Second
		_, err = c.Do(t.Context(), post(t, "{}"))
		var te *TimeoutError
		if !errors.As(err, &te) || te.Timeout != 2*time.Second || te.Attempts != 1 {
			t.Errorf("POST: Do error = %v, want a TimeoutError of 2s after 1 attempt", err)
		}
	})
}

// TestDoCancelDuringWait: a cancel during a 30 s Retry-After returns at
// once, wrapping context.Canceled and the 429.
func TestDoCancelDuringWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(step{status: 429, header: retryAfter("30"), body: rateLimited}, ok200)
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(3*time.Second, cancel)
		start := time.Now()
		_, err := babysea(f).Do(ctx, get(t))
		if got := time.Since(start); got != 3*time.Second {
			t.Errorf("elapsed %v, want 3s (the cancel), not the 30 s wait", got)
		}
		var ae *apierror.Error
		if !errors.Is(err, context.Canceled) || !errors.As(err, &ae) || ae.Status != 429 {
			t.Errorf("Do error = %v, want it to wrap context.Canceled and the 429", err)
		}
		if f.attempts() != 1 {
			t.Errorf("%d attempts after the cancel, want 1", f.attempts())
		}
	})
}

// TestDoCancelDuringAttempt: a cancel while an attempt is in flight
// returns at once.
func TestDoCancelDuringAttempt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(step{hang: true})
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(2*time.Second, cancel)
		start := time.Now()
		_, err := babysea(f).Do(ctx, get(t))
		if got := time.Since(start); got != 2*time.Second || !errors.Is(err, context.Canceled) {
			t.Errorf("elapsed %v, error %v; want 2s and context.Canceled", got, err)
		}
	})
}

// TestDoRetryAfterOverCap: Retry-After 3600 stops at once with the typed
// 429 and its RetryAfter, without sleeping.
func TestDoRetryAfterOverCap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(step{status: 429, header: retryAfter("3600"), body: rateLimited}, ok200)
		start := time.Now()
		_, err := babysea(f).Do(t.Context(), get(t))
		if got := time.Since(start); got != 0 {
			t.Errorf("elapsed %v, want 0", got)
		}
		var ae *apierror.Error
		if !errors.As(err, &ae) || !ae.RateLimit.HasRetryAfter || ae.RateLimit.RetryAfter != time.Hour {
			t.Fatalf("Do error = %v, want the 429 with RetryAfter 1h", err)
		}
		if f.attempts() != 1 {
			t.Errorf("%d attempts, want 1", f.attempts())
		}
	})
}

// TestDoDeadlineShorterThanRetryAfter: with 5 s left and Retry-After 17,
// Do fails fast with the typed 429, not context.DeadlineExceeded.
func TestDoDeadlineShorterThanRetryAfter(t *testing.T) {
	for _, first := range []bool{true, false} {
		t.Run(fmt.Sprintf("first attempt %v", first), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				steps := []step{{status: 429, header: retryAfter("17"), body: rateLimited}}
				if !first {
					steps = append([]step{{status: 503, body: unavailable}}, steps...)
				}
				f := newFake(append(steps, ok200)...)
				ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
				defer cancel()
				start := time.Now()
				_, err := babysea(f).Do(ctx, get(t))
				want := time.Duration(0)
				if !first {
					want = 500 * time.Millisecond
				}
				if got := time.Since(start); got != want {
					t.Errorf("elapsed %v, want %v", got, want)
				}
				var ae *apierror.Error
				if !errors.As(err, &ae) || ae.Status != 429 || errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("Do error = %v, want the typed 429 and not DeadlineExceeded", err)
				}
			})
		})
	}
}

func TestDoErrors(t *testing.T) {
	tests := []struct {
		name     string
		steps    []step
		attempts int
		bare     bool   // the *apierror.Error itself, no RetryError (never, since Do always says why)
		msg      string // prefix of Error()
	}{
		{"400 not retried", []step{{status: 400, body: bse("BSE2001", "invalid_input", false)}}, 1, false, "not retried (retryable:false in body): babysea 400"},
		{"503 retryable:false not retried", []step{{status: 503, body: bse("BSE4005", "provider_unavailable", false)}}, 1, false, "not retried (retryable:false in body): babysea 503"},
		{"503 exhausted", []step{{status: 503, body: unavailable}}, 3, false, "all 3 attempts failed: babysea 503"},
		{"503 then 400", []step{{status: 503, body: unavailable}, {status: 400, body: bse("BSE2001", "invalid_input", false)}}, 2, false, "gave up after 2 attempts (retryable:false in body): babysea 400"},
		{"HTML 429 retried", []step{{status: 429, header: http.Header{"Content-Type": {"text/html"}}, body: "<html><title>429</title></html>"}}, 3, false, "all 3 attempts failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFake(tt.steps...)
				_, err := babysea(f).Do(t.Context(), get(t))
				var ae *apierror.Error
				if !errors.As(err, &ae) {
					t.Fatalf("Do error = %v, want an *apierror.Error inside", err)
				}
				if _, isAPI := err.(*apierror.Error); isAPI != tt.bare {
					t.Errorf("Do error is %T, want bare *apierror.Error: %v", err, tt.bare)
				}
				if f.attempts() != tt.attempts || !strings.HasPrefix(err.Error(), tt.msg) {
					t.Errorf("%d attempts, error %q; want %d, %q…", f.attempts(), err, tt.attempts, tt.msg)
				}
			})
		})
	}
}

// TestDoBodyRewind: a real server sees the same body on every attempt.
// (The fake-transport tests check the rewind itself: net/http's Transport
// may also rewind with GetBody on its own.)
func TestDoBodyRewind(t *testing.T) {
	var mu sync.Mutex
	var bodies, keys []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies, keys = append(bodies, string(b)), append(keys, r.Header.Get("Idempotency-Key"))
		n := len(bodies)
		mu.Unlock()
		if n < 3 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, unavailable)
			return
		}
		io.WriteString(w, `{"id":"gen_1"}`)
	}))
	defer srv.Close()
	const payload = `{"prompt":"a lighthouse at dusk","n":2}`
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/v1/generate/image", bytes.NewBufferString(payload))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Idempotency-Key", "order-42")
	c := &Client{HTTPClient: srv.Client(), API: catalog.BabySea}
	resp, err := c.Do(t.Context(), req)
	if err != nil {
		t.Fatalf("Do: %v", err)
	}
	defer resp.Body.Close()
	if b, _ := io.ReadAll(resp.Body); string(b) != `{"id":"gen_1"}` {
		t.Errorf("body %q", b)
	}
	if len(bodies) != 3 {
		t.Fatalf("server saw %d attempts, want 3", len(bodies))
	}
	for i := range bodies {
		if bodies[i] != payload || keys[i] != "order-42" {
			t.Errorf("attempt %d: body %q, key %q; want %q, order-42", i+1, bodies[i], keys[i], payload)
		}
	}
}

// TestDoBodyNotRewindable: a body without GetBody is sent once, and the
// error says why it was not retried.
func TestDoBodyNotRewindable(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(step{status: 503, body: unavailable}, ok200)
		req := post(t, "")
		req.Body, req.GetBody = io.NopCloser(strings.NewReader(`{"prompt":"stream"}`)), nil
		req.Header.Set("Idempotency-Key", "order-42")
		b := retry.NewBudget(0, 10)
		c := babysea(f)
		c.Policy.Budget = b
		_, err := c.Do(t.Context(), req)
		var ae *apierror.Error
		if !errors.Is(err, ErrBodyNotRewindable) || !errors.As(err, &ae) || f.attempts() != 1 {
			t.Fatalf("Do error = %v after %d attempts, want ErrBodyNotRewindable wrapping the 503 after 1", err, f.attempts())
		}
		if !strings.Contains(err.Error(), "cannot be rewound") {
			t.Errorf("Error() = %q does not say why", err)
		}
		if b.Tokens() != 10 {
			t.Errorf("budget spent on a retry that was not made: %v tokens", b.Tokens())
		}
	})
}

// TestDoBudgetBoundsAmplification: during an outage, a shared budget keeps
// the attempts of many requests near (1 + ratio) × requests.
func TestDoBudgetBoundsAmplification(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n = 200
		f := newFake(step{status: 503, body: unavailable})
		c := &Client{HTTPClient: f.client(), API: catalog.BabySea, Policy: retry.Policy{Rand: func() float64 { return 0 }, Budget: retry.NewBudget(0.1, 5)}}
		exhausted := 0
		for range n {
			_, err := c.Do(t.Context(), get(t))
			if errors.Is(err, retry.ErrBudgetExhausted) {
				exhausted++
			}
		}
		if limit := n*1.1 + 5; float64(f.attempts()) > limit {
			t.Errorf("%d attempts for %d requests, want ≤ %v", f.attempts(), n, limit)
		}
		if exhausted == 0 {
			t.Error("no request reported retry.ErrBudgetExhausted")
		}
	})
}

func TestDoSuccessBodyOutlivesAttempt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(ok200)
		c := babysea(f)
		c.Timeout = time.Second
		resp, err := c.Do(t.Context(), get(t))
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || string(b) != `{"id":"gen_1"}` {
			t.Errorf("body %q, %v", b, err)
		}
	})
}

func TestDoPermanentAndRedacted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(step{err: &net.DNSError{Err: "no such host", Name: "api.example.test", IsNotFound: true}})
		req, _ := http.NewRequest(http.MethodGet, "https://user:pw@api.example.test/v1/x?api_key=bye_secret123#frag", nil)
		_, err := babysea(f).Do(t.Context(), req)
		var ne *NetworkError
		if !errors.As(err, &ne) || ne.Retryable || f.attempts() != 1 {
			t.Fatalf("Do error = %v after %d attempts, want a non-retryable NetworkError after 1", err, f.attempts())
		}
		for _, secret := range []string{"bye_secret123", "pw", "api_key", "frag"} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("Error() = %q leaks %q", err, secret)
			}
		}
	})
}

func TestReplayed(t *testing.T) {
	for v, want := range map[string]bool{"true": true, "TRUE": true, " true ": true, "false": false, "": false, "1": false} {
		resp := &http.Response{Header: http.Header{}}
		if v != "" {
			resp.Header.Set("Idempotency-Replayed", v)
		}
		if got := Replayed(resp); got != want {
			t.Errorf("Replayed(%q) = %v, want %v", v, got, want)
		}
	}
	if Replayed(nil) {
		t.Error("Replayed(nil) = true")
	}
}

func TestClientPolicy(t *testing.T) {
	b := retry.NewBudget(0.1, 10)
	c := &Client{API: catalog.Aionvision, Policy: retry.Policy{Budget: b}}
	p := c.EffectivePolicy()
	want := retry.ForAPI(catalog.Aionvision)
	if p.RetryAfterDefault != want.RetryAfterDefault || p.Jitter != want.Jitter || p.Budget != b {
		t.Errorf("zero Policy with a budget: got %+v, want ForAPI(aionvision) with the budget", p)
	}
	c.Policy.MaxRetries = -1
	if p := c.EffectivePolicy(); p.Attempts() != 1 || p.RetryAfterDefault != want.RetryAfterDefault || p.Jitter != want.Jitter {
		t.Errorf("MaxRetries -1 dropped the API's other defaults: %+v", p)
	}
}

// TestClientPolicyKeepsAPIDefaults: setting one Policy field keeps the
// API's other rules. BabySea's body flag decides, so a 503 that says
// retryable:false is not retried even with MaxRetries: 3 set (issue 11).
func TestClientPolicyKeepsAPIDefaults(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(step{status: 503, body: bse("BSE4005", "provider_unavailable", false)}, ok200)
		c := &Client{HTTPClient: f.client(), API: catalog.BabySea, Policy: retry.Policy{MaxRetries: 3}}
		if p := c.EffectivePolicy(); !p.BodyFlagDecides || p.Attempts() != 4 {
			t.Errorf("EffectivePolicy() = %+v, want BabySea's body flag and 4 attempts", p)
		}
		_, err := c.Do(t.Context(), get(t))
		var re *RetryError
		if f.attempts() != 1 || !errors.As(err, &re) || re.Rule != retry.RuleBodyFlag {
			t.Fatalf("Do: %d attempts, error %v; want 1 attempt stopped by the body flag", f.attempts(), err)
		}
	})
}

// TestDoSaysWhyAfterOneAttempt: when the policy refuses the first retry
// (a Retry-After over the cap), the error carries the policy's rule and
// reason, reachable with errors.As beside the API error.
func TestDoSaysWhyAfterOneAttempt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(step{status: 429, header: retryAfter("3600"), body: bse("BSE1005", "rate_limit_exceeded", true)}, ok200)
		_, err := babysea(f).Do(t.Context(), get(t))
		var re *RetryError
		var ae *apierror.Error
		if f.attempts() != 1 || !errors.As(err, &re) || !errors.As(err, &ae) {
			t.Fatalf("Do: %d attempts, error %v (%T); want 1 attempt, a RetryError around the API error", f.attempts(), err, err)
		}
		if re.Rule != retry.RuleOverCap || re.Attempts != 1 || !strings.Contains(re.Reason, "over the 60 s cap") {
			t.Errorf("RetryError = %+v, want rule over_cap after 1 attempt with the cap in the reason", re)
		}
		if !strings.Contains(err.Error(), "over the 60 s cap") || ae.RateLimit.RetryAfter != time.Hour {
			t.Errorf("Error() = %q, RetryAfter %v: want the reason and the server's hour", err, ae.RateLimit.RetryAfter)
		}
	})
}
