package client

// Fault injectors for faults_test.go, in two flavours:
//
//   - faultServer, a real loopback httptest server whose handler breaks
//     connections for real (hijack, SO_LINGER 0, short writes). Real I/O
//     is not durably blocking, so it cannot run inside a synctest bubble:
//     tests using it assert outcomes only, never durations.
//   - vtransport, an http.RoundTripper that simulates the same faults in
//     memory (wrapped ECONNRESET, io.ErrUnexpectedEOF, bodies that fail or
//     stall mid-read, lazily generated 10 MiB bodies), for tests that run
//     in virtual time under synctest and assert exact durations.

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// A faultKind names what the fault server does with one request.
type faultKind string

const (
	faultOK           faultKind = "ok"            // status (default 200) and body
	faultResetHeaders faultKind = "reset-headers" // half a status line and header, then RST
	faultResetBody    faultKind = "reset-body"    // full headers, half the body, then RST
	faultStall        faultKind = "stall"         // nothing until the request's context ends
	faultStallBody    faultKind = "stall-body"    // headers and half the body, then nothing
	faultTruncated    faultKind = "truncated"     // Content-Length larger than the body, then FIN
	faultHuge         faultKind = "huge"          // a 10 MiB JSON envelope with a huge message
	faultGarbage      faultKind = "garbage"       // 10 MiB of random bytes
	faultDrip         faultKind = "drip"          // the body one byte per write and flush
	faultRateLimited  faultKind = "429"           // 429, Retry-After when header has it
)

// hugeSize is the size of the huge bodies: ten times apierror.MaxBody.
const hugeSize = 10 << 20

// A fault is one scripted response of the fault server.
type fault struct {
	kind   faultKind
	status int         // response status; 0 means 200 (503 for huge and garbage)
	header http.Header // extra response headers
	body   string      // the body; empty means okBody for 200, unavailable otherwise
}

const okBody = `{"id":"gen_1"}`

func (f fault) code() int {
	switch {
	case f.status != 0:
		return f.status
	case f.kind == faultHuge || f.kind == faultGarbage:
		return http.StatusServiceUnavailable
	case f.kind == faultRateLimited:
		return http.StatusTooManyRequests
	}
	return http.StatusOK
}

func (f fault) payload() string {
	switch {
	case f.body != "":
		return f.body
	case f.kind == faultRateLimited:
		return rateLimited
	case f.code() < 400:
		return okBody
	}
	return unavailable
}

// received is what the fault server saw of one request.
type received struct {
	method, key, body string
}

// faultServer is a loopback HTTP/1.1 server that plays a script of faults,
// one per request, repeating the last.
type faultServer struct {
	*httptest.Server
	script []fault
	done   chan struct{} // closed at cleanup: ends stalls the client left behind

	mu   sync.Mutex
	reqs []received
}

// newFaultServer starts a fault server, closed when the test ends.
func newFaultServer(t *testing.T, script ...fault) *faultServer {
	t.Helper()
	if len(script) == 0 {
		t.Fatal("newFaultServer: empty script")
	}
	fs := &faultServer{script: script, done: make(chan struct{})}
	fs.Server = httptest.NewServer(http.HandlerFunc(fs.serve))
	t.Cleanup(func() {
		close(fs.done)
		fs.Server.Close()
	})
	return fs
}

// client returns an http.Client for fs without keep-alives, so that every
// attempt of Client.Do is one request the server counts: net/http's
// Transport replays an idempotent or keyed request on its own when a
// reused connection breaks, which would hide Do's retries.
func (fs *faultServer) client() *http.Client {
	tr := fs.Server.Client().Transport.(*http.Transport).Clone()
	tr.DisableKeepAlives = true
	return &http.Client{Transport: tr}
}

// requests returns a copy of what the server has seen.
func (fs *faultServer) requests() []received {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return append([]received(nil), fs.reqs...)
}

func (fs *faultServer) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body) // all of it, so a reset cannot race the upload
	fs.mu.Lock()
	f := fs.script[min(len(fs.reqs), len(fs.script)-1)]
	fs.reqs = append(fs.reqs, received{r.Method, r.Header.Get("Idempotency-Key"), string(body)})
	fs.mu.Unlock()

	status, payload := f.code(), f.payload()
	head := func(length int) string {
		var b strings.Builder
		fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n", status, http.StatusText(status), length)
		for k, vs := range f.header {
			for _, v := range vs {
				fmt.Fprintf(&b, "%s: %s\r\n", k, v)
			}
		}
		b.WriteString("\r\n")
		return b.String()
	}
	for k, vs := range f.header {
		w.Header()[k] = vs
	}
	w.Header().Set("Content-Type", "application/json")
	switch f.kind {
	case faultOK, faultRateLimited:
		w.WriteHeader(status)
		io.WriteString(w, payload)
	case faultResetHeaders:
		h := head(len(payload))
		hijack(w, h[:len(h)/2], true)
	case faultResetBody:
		hijack(w, head(len(payload))+payload[:len(payload)/2], true)
	case faultTruncated:
		hijack(w, head(len(payload))+payload[:len(payload)/2], false)
	case faultStall:
		fs.stall(r)
	case faultStallBody:
		w.Header().Set("Content-Length", strconv.Itoa(len(payload)))
		w.WriteHeader(status)
		io.WriteString(w, payload[:len(payload)/2])
		http.NewResponseController(w).Flush()
		fs.stall(r)
	case faultHuge, faultGarbage:
		w.Header().Set("Content-Length", strconv.Itoa(hugeSize))
		w.WriteHeader(status)
		// The client stops reading at apierror.MaxBody and closes the
		// connection, which ends this copy with an error.
		io.Copy(w, hugeBody(f.kind))
	case faultDrip:
		w.Header().Set("Content-Length", strconv.Itoa(len(payload)))
		w.WriteHeader(status)
		rc := http.NewResponseController(w)
		for i := range len(payload) {
			if _, err := io.WriteString(w, payload[i:i+1]); err != nil {
				return
			}
			if rc.Flush() != nil {
				return
			}
		}
	default:
		panic("unknown fault " + string(f.kind))
	}
}

// stall answers nothing until the client gives up on the request (or the
// test ends).
func (fs *faultServer) stall(r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-fs.done:
	}
}

// hijack takes the connection over, writes raw and closes it: with a reset
// (SO_LINGER 0, the peer gets RST) or a plain FIN.
func hijack(w http.ResponseWriter, raw string, reset bool) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err) // HTTP/1.1 server: cannot happen
	}
	defer conn.Close()
	buf.WriteString(raw)
	buf.Flush()
	if tc, ok := conn.(*net.TCPConn); ok && reset {
		tc.SetLinger(0)
	}
}

// hugeBody returns a lazily generated hugeSize-byte body: a BabySea JSON
// envelope whose message is megabytes of text and newlines, or random
// bytes.
func hugeBody(kind faultKind) io.Reader {
	if kind == faultGarbage {
		return io.LimitReader(rand.NewChaCha8([32]byte{1}), hugeSize)
	}
	const prefix = `{"status":"error","request_id":"req_1","error":{"code":"BSE4005","type":"provider_unavailable","retryable":true,"message":"`
	const suffix = `"}}`
	return io.MultiReader(strings.NewReader(prefix),
		io.LimitReader(repeatReader("provider down\\n "), hugeSize-int64(len(prefix)+len(suffix))),
		strings.NewReader(suffix))
}

// repeatReader repeats its text forever.
type repeatReader string

func (s repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = s[i%len(s)]
	}
	// Keep the phase: only whole repetitions.
	n := len(p) - len(p)%len(s)
	if n == 0 {
		n = len(p)
	}
	return n, nil
}

// gzipBomb returns a small gzip stream that inflates to a BabySea 429
// envelope of more than hugeSize bytes: concatenated gzip members (which
// gzip readers read as one stream), the middle one repeated.
var gzipBomb = sync.OnceValue(func() []byte {
	member := func(s string) []byte {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed)
		io.WriteString(zw, s)
		zw.Close()
		return b.Bytes()
	}
	const chunk = 64 << 10
	out := member(`{"status":"error","request_id":"req_1","error":{"code":"BSE1005","type":"rate_limit_exceeded","retryable":true,"message":"`)
	out = append(out, bytes.Repeat(member(strings.Repeat("slow down ", chunk/10)), hugeSize/chunk+1)...)
	return append(out, member(`"}}`)...)
})

// connReset is the error a transport returns when the peer reset the
// connection, as net/http's Transport wraps it.
func connReset(op string) error {
	return &net.OpError{Op: op, Net: "tcp", Source: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 50000},
		Addr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 443}, Err: os.NewSyscallError(op, syscall.ECONNRESET)}
}

// A vfault is one scripted outcome of vtransport.
type vfault struct {
	err error // RoundTrip fails with it, after reading the request
	// latency delays the outcome (err or response); the attempt's context
	// ending first fails RoundTrip with its error.
	latency time.Duration
	stall   bool // RoundTrip blocks until the attempt's context ends
	status  int
	header  http.Header
	// body makes the body; nil means none. It is called once per attempt,
	// so huge bodies are generated lazily and never held in memory.
	body func() io.Reader
	// After the body's bytes: bodyErr is returned instead of io.EOF, or
	// the read blocks until the attempt's context ends (bodyStall).
	bodyErr   error
	bodyStall bool
	drip      time.Duration // each Read waits this long and returns one byte
}

// vattempt is what vtransport saw of one attempt, in virtual time since
// the transport was made.
type vattempt struct {
	start, end time.Duration // end: when the attempt's context ended
	method     string
	key        string
	body       string
}

// vtransport plays vfaults in order, repeating the last. It counts the
// bytes the client read from response bodies and the bodies closed.
type vtransport struct {
	start  time.Time
	script []vfault

	mu       sync.Mutex
	attempts []vattempt

	bodyRead   atomic.Int64 // bytes read from all response bodies
	bodyMax    atomic.Int64 // most bytes read from one response body
	bodies     atomic.Int64 // response bodies handed out
	bodyClosed atomic.Int64 // response bodies closed
}

func newVTransport(script ...vfault) *vtransport {
	return &vtransport{start: time.Now(), script: script}
}

func (vt *vtransport) client() *http.Client { return &http.Client{Transport: vt} }

// count returns the number of attempts that reached the transport.
func (vt *vtransport) count() int {
	vt.mu.Lock()
	defer vt.mu.Unlock()
	return len(vt.attempts)
}

// seen returns a copy of the attempts.
func (vt *vtransport) seen() []vattempt {
	vt.mu.Lock()
	defer vt.mu.Unlock()
	return append([]vattempt(nil), vt.attempts...)
}

func (vt *vtransport) RoundTrip(r *http.Request) (*http.Response, error) {
	var reqBody []byte
	if r.Body != nil {
		reqBody, _ = io.ReadAll(r.Body)
		r.Body.Close()
	}
	vt.mu.Lock()
	i := len(vt.attempts)
	f := vt.script[min(i, len(vt.script)-1)]
	vt.attempts = append(vt.attempts, vattempt{start: time.Since(vt.start), end: -1, method: r.Method, key: r.Header.Get("Idempotency-Key"), body: string(reqBody)})
	vt.mu.Unlock()
	ctx := r.Context()
	context.AfterFunc(ctx, func() {
		vt.mu.Lock()
		vt.attempts[i].end = time.Since(vt.start)
		vt.mu.Unlock()
	})
	if f.latency > 0 {
		t := time.NewTimer(f.latency)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
	switch {
	case f.stall:
		<-ctx.Done()
		return nil, ctx.Err()
	case f.err != nil:
		return nil, f.err
	}
	h := f.header.Clone()
	if h == nil {
		h = http.Header{}
	}
	var src io.Reader = strings.NewReader("")
	if f.body != nil {
		src = f.body()
	}
	length := int64(-1)
	if n, err := strconv.ParseInt(h.Get("Content-Length"), 10, 64); err == nil {
		length = n
	}
	vt.bodies.Add(1)
	return &http.Response{StatusCode: f.status, Status: fmt.Sprintf("%d %s", f.status, http.StatusText(f.status)),
		Header: h, ContentLength: length, Request: r,
		Body: &vbody{ctx: ctx, src: src, f: f, vt: vt}}, nil
}

// vbody is a response body of vtransport.
type vbody struct {
	ctx    context.Context
	src    io.Reader
	f      vfault
	vt     *vtransport
	n      int64
	closed bool
}

func (b *vbody) Read(p []byte) (int, error) {
	if b.closed {
		return 0, http.ErrBodyReadAfterClose
	}
	if err := b.ctx.Err(); err != nil {
		return 0, err // as net/http's Transport: a canceled attempt's body fails
	}
	if b.f.drip > 0 && len(p) > 0 {
		t := time.NewTimer(b.f.drip)
		select {
		case <-b.ctx.Done():
			t.Stop()
			return 0, b.ctx.Err()
		case <-t.C:
		}
		p = p[:1]
	}
	n, err := b.src.Read(p)
	b.n += int64(n)
	b.vt.bodyRead.Add(int64(n))
	for m := b.vt.bodyMax.Load(); b.n > m && !b.vt.bodyMax.CompareAndSwap(m, b.n); m = b.vt.bodyMax.Load() {
	}
	if err != io.EOF || n > 0 {
		return n, err
	}
	switch {
	case b.f.bodyStall:
		<-b.ctx.Done()
		return 0, b.ctx.Err()
	case b.f.bodyErr != nil:
		return 0, b.f.bodyErr
	}
	return 0, io.EOF
}

func (b *vbody) Close() error {
	if !b.closed {
		b.closed = true
		b.vt.bodyClosed.Add(1)
	}
	return nil
}

// text returns a body maker for s.
func text(s string) func() io.Reader { return func() io.Reader { return strings.NewReader(s) } }

// lateContext has a deadline that its Done channel honours late (ctx is
// canceled some time after the deadline), as when the context's timer
// goroutine has not run yet at the instant the deadline passes.
type lateContext struct {
	context.Context
	deadline time.Time
}

func (c lateContext) Deadline() (time.Time, bool) { return c.deadline, true }

// withLateDeadline returns a context whose deadline d passes late by lag.
func withLateDeadline(parent context.Context, d, lag time.Duration) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(parent)
	t := time.AfterFunc(d+lag, func() { cancel(context.DeadlineExceeded) })
	return lateContext{ctx, time.Now().Add(d)}, func() { t.Stop(); cancel(context.Canceled) }
}
