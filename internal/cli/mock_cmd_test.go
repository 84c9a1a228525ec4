//go:build unix

package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// lineWriter is a concurrency-safe writer that reports the first write
// matching re.
type lineWriter struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	re    *regexp.Regexp
	found chan string
}

func (l *lineWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	if l.found != nil {
		if m := l.re.FindStringSubmatch(l.buf.String()); m != nil {
			l.found <- m[1]
			l.found = nil
		}
	}
	return len(p), nil
}

func (l *lineWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// TestMockSIGINT runs the mock command on a free loopback port, sends it
// requests, interrupts it as Ctrl-C would, and requires a clean exit 0
// with every request in the HAR it writes.
func TestMockSIGINT(t *testing.T) {
	har := filepath.Join(t.TempDir(), "out.har")
	out := &lineWriter{re: regexp.MustCompile(`on (http://127\.0\.0\.1:\d+)`), found: make(chan string, 1)}
	var errb bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- Run([]string{"mock", "--api", "babysea", "--responses", "429:retry-after=2,503,200", "--addr", ":0", "--har", har}, strings.NewReader(""), out, &errb, Site{})
	}()
	var base string
	select {
	case base = <-out.found:
	case code := <-done:
		t.Fatalf("mock exited %d before listening: %s", code, errb.String())
	case <-time.After(30 * time.Second):
		t.Fatal("mock did not start")
	}
	var statuses []int
	for range 3 {
		resp, err := http.Get(base + "/v1/generate")
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		statuses = append(statuses, resp.StatusCode)
	}
	if fmt.Sprint(statuses) != "[429 503 200]" {
		t.Errorf("statuses %v, want [429 503 200]", statuses)
	}
	p, _ := os.FindProcess(os.Getpid())
	if err := p.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d after SIGINT: %s", code, errb.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("mock did not stop on SIGINT")
	}
	if o := out.String(); !strings.Contains(o, "requests recorded: 3.") || !strings.Contains(o, "GET /v1/generate → 429 (response 1)") {
		t.Errorf("output:\n%s", out.String())
	}
	b, err := os.ReadFile(har)
	if err != nil {
		t.Fatal(err)
	}
	var h struct {
		Log struct {
			Entries []struct {
				Response struct {
					Status int `json:"status"`
				} `json:"response"`
			} `json:"entries"`
		} `json:"log"`
	}
	if err := json.Unmarshal(b, &h); err != nil || len(h.Log.Entries) != 3 {
		t.Fatalf("HAR: %v, %d entries", err, len(h.Log.Entries))
	}
}
