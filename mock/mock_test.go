package mock_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/mock"
	"github.com/errscope/errscope/retry"
	"github.com/errscope/errscope/triage"
)

func spec(t testing.TB, s string) []retry.SimResponse {
	t.Helper()
	r, err := retry.ParseSpec(catalog.BabySea, s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func newServer(t testing.TB, cfg mock.Config) (*mock.Server, *httptest.Server) {
	t.Helper()
	s, err := mock.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return s, ts
}

func get(t testing.TB, c *http.Client, url, key string) (*http.Response, string, error) {
	return send(t, c, url, "Idempotency-Key", key)
}

// send POSTs to url with header set to value (when not empty).
func send(t testing.TB, c *http.Client, url, header, value string) (*http.Response, string, error) {
	req, err := http.NewRequest("POST", url, strings.NewReader(`{"prompt":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	if value != "" {
		req.Header.Set(header, value)
	}
	req.Header.Set("Authorization", "Bearer bye_live_0123456789abcdefABCDEF")
	resp, err := c.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b), nil
}

// TestSequencePerKey: each Idempotency-Key walks the scenario on its own,
// the last response repeats, a key reused after a success is replayed,
// and requests without a key share the global sequence.
func TestSequencePerKey(t *testing.T) {
	s, ts := newServer(t, mock.Config{API: catalog.BabySea, Responses: spec(t, "429:retry-after=2,503,200")})
	c := ts.Client()
	want := []struct {
		key      string
		status   int
		replayed bool
	}{
		{"a", 429, false}, {"b", 429, false}, {"a", 503, false}, {"a", 200, false},
		{"a", 200, true}, {"", 429, false}, {"", 503, false}, {"b", 503, false},
	}
	for i, w := range want {
		resp, body, err := get(t, c, ts.URL+"/v1/generate", w.key)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != w.status || (resp.Header.Get("Idempotency-Replayed") == "true") != w.replayed {
			t.Errorf("request %d (key %q): %d replayed=%q, want %d %v", i+1, w.key, resp.StatusCode, resp.Header.Get("Idempotency-Replayed"), w.status, w.replayed)
		}
		if w.status == 429 {
			if resp.Header.Get("Retry-After") != "2" || !strings.Contains(body, `"code":"BSE1005"`) {
				t.Errorf("request %d: Retry-After %q, body %s", i+1, resp.Header.Get("Retry-After"), body)
			}
			if d, err := http.ParseTime(resp.Header.Get("Date")); err != nil || time.Since(d) > time.Minute {
				t.Errorf("request %d: Date %q is not now", i+1, resp.Header.Get("Date"))
			}
		}
	}
	recs := s.Records()
	if len(recs) != len(want) {
		t.Fatalf("%d records, want %d", len(recs), len(want))
	}
	if got := recs[0].Header.Get("Authorization"); strings.Contains(got, "0123456789abcdef") {
		t.Errorf("recorded Authorization not redacted: %q", got)
	}
	if recs[4].Index != -1 || !recs[4].Replayed {
		t.Errorf("replay recorded as %+v", recs[4])
	}
}

func TestRoutesCodeAndDate(t *testing.T) {
	_, ts := newServer(t, mock.Config{API: catalog.Claro, Sequence: mock.SequenceGlobal, RetryAfterDate: true,
		Responses: spec(t, "429:retry-after=5"), Routes: map[string][]retry.SimResponse{"/health": spec(t, "200")}})
	resp, _, err := get(t, ts.Client(), ts.URL+"/health", "")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("/health: %v %v", resp, err)
	}
	resp, body, err := get(t, ts.Client(), ts.URL+"/v1/prompts", "")
	if err != nil || resp.StatusCode != 429 {
		t.Fatalf("/v1/prompts: %v %v", resp, err)
	}
	ra, err1 := http.ParseTime(resp.Header.Get("Retry-After"))
	date, err2 := http.ParseTime(resp.Header.Get("Date"))
	if err1 != nil || err2 != nil || ra.Sub(date) != 5*time.Second {
		t.Errorf("Retry-After %q, Date %q: want an HTTP-date 5 s after Date", resp.Header.Get("Retry-After"), resp.Header.Get("Date"))
	}
	if !strings.Contains(body, `"rate_limit_exceeded"`) {
		t.Errorf("not Claro's envelope: %s", body)
	}
}

func TestNewRejects(t *testing.T) {
	for _, cfg := range []mock.Config{
		{API: "stripe"},
		{API: catalog.BabySea, Sequence: "ip"},
		{API: catalog.BabySea, Sequence: mock.SequenceHeader},
		{API: catalog.BabySea, Outage: -time.Second},
	} {
		if _, err := mock.New(cfg); err == nil {
			t.Errorf("New(%+v) = nil error", cfg)
		}
	}
}

// TestLimits: a body over MaxBody gets a 413, requests over MaxRequests a
// 503 and are counted, not recorded.
func TestLimits(t *testing.T) {
	s, ts := newServer(t, mock.Config{API: catalog.BabySea, MaxRequests: 2, MaxBody: 10})
	resp, err := ts.Client().Post(ts.URL, "text/plain", bytes.NewReader(make([]byte, 11)))
	if err != nil || resp.StatusCode != 413 {
		t.Fatalf("big body: %v %v", resp, err)
	}
	resp.Body.Close()
	for range 2 {
		resp, _, err := get(t, ts.Client(), ts.URL, "")
		if err != nil {
			t.Fatal(err)
		}
		_ = resp
	}
	if n, d := len(s.Records()), s.Dropped(); n != 2 || d != 1 {
		t.Errorf("%d records, %d dropped; want 2 and 1", n, d)
	}
}

// TestOutage: everything fails during the outage, then at most Capacity
// requests a second get through, on a fake clock.
func TestOutage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, err := mock.New(mock.Config{API: catalog.BabySea, Outage: 5 * time.Second, Capacity: 2})
		if err != nil {
			t.Fatal(err)
		}
		status := func() int {
			w := httptest.NewRecorder()
			s.ServeHTTP(w, httptest.NewRequest("GET", "/v1/generate", nil))
			return w.Code
		}
		if st := status(); st != 503 {
			t.Errorf("during the outage: %d", st)
		}
		time.Sleep(5 * time.Second)
		got := []int{status(), status(), status()}
		if fmt.Sprint(got) != "[200 200 429]" {
			t.Errorf("after the outage: %v, want [200 200 429]", got)
		}
		time.Sleep(time.Second)
		if st := status(); st != 200 {
			t.Errorf("next second: %d", st)
		}
	})
}

// TestLatencyAndStall: a latency delays the answer by exactly that much
// and a stall ends when the client gives up, on a fake clock.
func TestLatencyAndStall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, err := mock.New(mock.Config{API: catalog.BabySea, Sequence: mock.SequenceGlobal, Responses: spec(t, "503:latency=2s,200")})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
		if w.Code != 503 || time.Since(start) != 2*time.Second {
			t.Errorf("got %d after %v, want 503 after 2s", w.Code, time.Since(start))
		}
		s2, _ := mock.New(mock.Config{API: catalog.BabySea, Responses: spec(t, "timeout")})
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		start = time.Now()
		func() {
			defer func() {
				if r := recover(); r != http.ErrAbortHandler {
					t.Errorf("stall on a recorder: recovered %v, want http.ErrAbortHandler", r)
				}
			}()
			s2.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil).WithContext(ctx))
		}()
		if time.Since(start) != 3*time.Second {
			t.Errorf("stall ended after %v, want when the client gave up (3s)", time.Since(start))
		}
		if r := s2.Records(); len(r) != 1 || r[0].Fault != mock.FaultStall {
			t.Errorf("records %+v", r)
		}
	})
}

// TestConcurrentClients drives the mock with 1000 concurrent clients, a
// third of which meet a connection reset first: every request is
// recorded, once, in its client's sequence. Clients are told apart by a
// header, not an Idempotency-Key, which would let net/http resend a
// request after a reset on its own.
func TestConcurrentClients(t *testing.T) {
	const clients = 1000
	s, ts := newServer(t, mock.Config{API: catalog.BabySea, Responses: spec(t, "503,200"), Sequence: mock.SequenceHeader, Header: "X-Client",
		Routes: map[string][]retry.SimResponse{"/reset": spec(t, "net,200")}})
	c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, DisableKeepAlives: false}}
	defer c.CloseIdleConnections()
	var wg sync.WaitGroup
	var mu sync.Mutex
	sent := 0
	var errs []error
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			path := "/v1/generate"
			if i%3 == 0 {
				path = "/reset"
			}
			key := fmt.Sprintf("client-%04d", i)
			for range 2 {
				resp, _, err := send(t, c, ts.URL+path, "X-Client", key)
				mu.Lock()
				sent++
				if err == nil && path != "/reset" && resp.StatusCode != 503 && resp.StatusCode != 200 {
					err = fmt.Errorf("%s: status %d", key, resp.StatusCode)
				}
				if err != nil && path != "/reset" {
					errs = append(errs, err)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		t.Fatalf("%d errors, first: %v", len(errs), errs[0])
	}
	recs := s.Records()
	if len(recs) != sent || s.Dropped() != 0 {
		t.Fatalf("%d records (%d dropped) for %d requests", len(recs), s.Dropped(), sent)
	}
	seen := map[string][]int{}
	for _, r := range recs {
		k := r.Header.Get("X-Client")
		seen[k] = append(seen[k], r.Index)
	}
	for k, idx := range seen {
		if fmt.Sprint(idx) != "[0 1]" {
			t.Errorf("%s got responses %v, want [0 1]", k, idx)
		}
	}
	if len(seen) != clients {
		t.Errorf("%d clients recorded, want %d", len(seen), clients)
	}
}

// TestHARReadByTriage: the HAR of a client that retried a 503 whose body
// says retryable:false at once, three times, is triaged as such.
func TestHARReadByTriage(t *testing.T) {
	s, ts := newServer(t, mock.Config{API: catalog.BabySea, Responses: spec(t, "503:retryable=false")})
	for range 4 {
		if _, _, err := get(t, ts.Client(), ts.URL+"/v1/generate", "k1"); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := mock.WriteHAR(&b, s.Records()); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "0123456789abcdef") {
		t.Error("the HAR holds the Bearer token")
	}
	rep := triage.AnalyzeBytes(b.Bytes(), triage.Options{API: catalog.BabySea})
	if rep.Input != triage.InputHAR || rep.Entries != 4 || rep.Failures != 4 || rep.Retries != 3 {
		t.Fatalf("triage: input %s, %d entries, %d failures, %d retries; problems %v", rep.Input, rep.Entries, rep.Failures, rep.Retries, rep.Problems)
	}
	kinds := map[string]bool{}
	for _, f := range rep.Groups[0].Findings {
		kinds[f.Kind] = true
	}
	if !kinds[triage.FindingNotRetryable] || !kinds[triage.FindingTooManyAttempts] {
		t.Errorf("findings %v", rep.Groups[0].Findings)
	}
}
