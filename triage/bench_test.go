package triage

import (
	"bufio"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// genSize is the size of the generated HAR: about 50 MB.
const genSize = 50 << 20

// genStats says what genHAR wrote.
type genStats struct {
	bytes    int64
	entries  int
	failures int
}

// genHAR writes a HAR of about size bytes to w, entry by entry, without
// holding more than one entry: a browser session against the BabySea API
// with successes, 429s with Retry-After retried too early, 502s, network
// resets, and now and then a 1.5 MB base64 image (longer than MaxString).
func genHAR(w io.Writer, size int64) (genStats, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	var st genStats
	write := func(s string) {
		n, _ := bw.WriteString(s)
		st.bytes += int64(n)
	}
	write(`{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],"entries":[`)
	start := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	headers := `[{"name":"authorization","value":"Bearer bye_live_Q7mX2pL9vK4tR8sW"},{"name":"content-type","value":"application/json"},` +
		`{"name":"cookie","value":"bs_session=sess_9f8e7d6c5b4a3921; theme=dark"},{"name":"user-agent","value":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"}]`
	pad := strings.Repeat("lorem ipsum dolor sit amet ", 30)
	for i := 0; st.bytes < size; i++ {
		if i > 0 {
			write(",")
		}
		t := start.Add(time.Duration(i) * 150 * time.Millisecond)
		url := fmt.Sprintf("https://api.babysea.ai/v1/generate?job=%d", i/3%5000)
		status, body, extra := 200, `{\"status\":\"success\",\"request_id\":\"req_`+fmt.Sprint(i)+`\",\"data\":{\"note\":\"`+pad+`\"}}`, ""
		switch {
		case i%3 == 0 && i%2 == 0:
			status = 429
			body = `{\"status\":\"error\",\"request_id\":\"req_` + fmt.Sprint(i) + `\",\"error\":{\"code\":\"BSE1005\",\"type\":\"rate_limit_exceeded\",\"message\":\"Rate limit exceeded\",\"retryable\":true}}`
			extra = `,{"name":"retry-after","value":"17"}`
		case i%7 == 0:
			status = 502
			body = `{\"status\":\"error\",\"request_id\":\"req_` + fmt.Sprint(i) + `\",\"error\":{\"code\":\"BSE4003\",\"type\":\"all_providers_failed\",\"message\":\"All providers failed\",\"retryable\":true}}`
		case i%101 == 0:
			status, body = 0, ""
		}
		if status != 200 {
			st.failures++
		}
		write(`{"startedDateTime":"` + t.Format(time.RFC3339Nano) + `","time":120,"request":{"method":"POST","url":"` + url + `","httpVersion":"HTTP/2","headers":` + headers +
			`,"postData":{"mimeType":"application/json","text":"{\"prompt\":\"a fox ` + fmt.Sprint(i/3%5000) + `\"}"}},"response":{"status":` + fmt.Sprint(status) +
			`,"httpVersion":"HTTP/2","headers":[{"name":"content-type","value":"application/json"},{"name":"x-request-id","value":"req_` + fmt.Sprint(i) + `"}` + extra +
			`],"content":{"mimeType":"application/json","text":"` + body + `"}`)
		if status == 0 {
			write(`,"_error":"net::ERR_CONNECTION_RESET"`)
		}
		write(`},"timings":{"blocked":1,"send":0,"wait":118,"receive":1}}`)
		st.entries++
		if i%2000 == 1999 {
			// A 1.5 MB base64 image, written in pieces.
			write(`,{"startedDateTime":"` + t.Format(time.RFC3339Nano) + `","time":40,"request":{"method":"GET","url":"https://cdn.example.com/i.png"},` +
				`"response":{"status":200,"content":{"mimeType":"image/png","encoding":"base64","text":"`)
			chunk := strings.Repeat("iVBORw0KGgoAAAANSUhEUgAA", 1<<10)
			for n := 0; n < 3<<19; n += len(chunk) {
				write(chunk)
			}
			write(`"}}}`)
			st.entries++
		}
	}
	write("]}}\n")
	return st, bw.Flush()
}

// analyzeGenerated analyzes a generated HAR of size bytes streamed through
// a pipe and returns the report, what was generated and the peak
// HeapInuse seen while it ran.
func analyzeGenerated(tb testing.TB, size int64) (*Report, genStats, uint64) {
	pr, pw := io.Pipe()
	var st genStats
	go func() {
		var err error
		st, err = genHAR(pw, size)
		pw.CloseWithError(err)
	}()

	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	r, err := Analyze(pr, Options{Now: testNow})
	close(done)
	wg.Wait()
	if err != nil {
		tb.Fatal(err)
	}
	return r, st, peak
}

// TestAnalyzeMemoryBound streams a 50 MB HAR through Analyze and checks
// that the heap stays far below the input's size: a memory bound, not a
// timing assertion.
func TestAnalyzeMemoryBound(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 50 MB")
	}
	if runtime.GOOS == "js" {
		t.Skip("the wasm heap is measured differently; the bound is checked natively")
	}
	runtime.GC()
	r, st, peak := analyzeGenerated(t, genSize)
	t.Logf("%d bytes, %d entries, %d failures, %d groups, %d retries; peak HeapInuse %.1f MiB",
		r.Bytes, r.Entries, r.Failures, len(r.Groups), r.Retries, float64(peak)/(1<<20))
	if r.Bytes != st.bytes || r.Entries != st.entries || r.Failures != st.failures {
		t.Errorf("read %d bytes, %d entries, %d failures; generated %d, %d, %d", r.Bytes, r.Entries, r.Failures, st.bytes, st.entries, st.failures)
	}
	if peak >= 32<<20 {
		t.Errorf("peak HeapInuse %.1f MiB, want < 32 MiB for a %d MiB input", float64(peak)/(1<<20), st.bytes>>20)
	}
	for _, s := range fixtureSecrets {
		if strings.Contains(r.Markdown(), s) {
			t.Errorf("the report leaks %q", s)
		}
	}
}

// BenchmarkAnalyzeHAR50MB measures Analyze over a generated 50 MB HAR
// streamed through a pipe; peak-heap-MiB is the largest HeapInuse seen.
func BenchmarkAnalyzeHAR50MB(b *testing.B) {
	b.SetBytes(genSize)
	b.ReportAllocs()
	var peak uint64
	for b.Loop() {
		_, _, p := analyzeGenerated(b, genSize)
		peak = max(peak, p)
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}

// BenchmarkAnalyzeLog measures the text path over a log of failures and
// other lines.
func BenchmarkAnalyzeLog(b *testing.B) {
	var sb strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&sb, "2026-11-21T10:%02d:%02d.%03dZ INFO request ok status=200 POST https://api.babysea.ai/v1/generate\n", i/6000%60, i/100%60, i%1000)
		if i%5 == 0 {
			fmt.Fprintf(&sb, `2026-11-21T10:%02d:%02d.%03dZ ERROR request failed status=429 body={"status":"error","request_id":"req_%d","error":{"code":"BSE1005","retryable":true,"details":{"retry_after_seconds":17}}}`+"\n", i/6000%60, i/100%60, i%1000, i)
		}
	}
	in := []byte(sb.String())
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		AnalyzeBytes(in, Options{Now: testNow})
	}
}
