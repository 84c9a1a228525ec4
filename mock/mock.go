// Package mock is a local HTTP server that answers like one of the
// catalog's APIs: every response is the API's real error envelope and
// headers (built by retry.SimResponse.Build from the catalog), played in
// the order of a response scenario, with network faults (connection
// resets, stalls), a herd-like outage, and Idempotency-Key replays.
//
// A [Server] is an http.Handler, so a Go test can serve it with
// httptest.NewServer; `errscope mock` serves it on loopback and `errscope
// check` grades a client against it. Every request is recorded (time,
// method, path, redacted headers, the response given) and can be written
// as a HAR file ([WriteHAR]) that triage reads.
//
// # Sequences
//
// A scenario is played per client: requests with the same key (by
// default their Idempotency-Key, see [Config.Sequence]) walk the
// responses in order, and the last response repeats once the list is
// used up. Requests without a key share one global sequence.
//
// # Limits
//
// A Server records at most [Config.MaxRequests] requests and answers the
// ones after with a 503 that names the limit; request bodies are read up
// to [Config.MaxBody] bytes (longer ones get a 413); a stall lasts at most
// [Config.MaxStall]; at most [MaxClients] client sequences and
// [MaxClients] idempotency keys are remembered.
package mock

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/redact"
	"github.com/errscope/errscope/retry"
)

// Defaults and bounds of a Server.
const (
	// DefaultMaxRequests is the most requests a Server records.
	DefaultMaxRequests = 100_000
	// DefaultMaxBody is the largest request body read, in bytes.
	DefaultMaxBody = 1 << 20
	// DefaultMaxStall is the longest a stall ("timeout" in a scenario)
	// holds a request before the connection is closed.
	DefaultMaxStall = 30 * time.Second
	// MaxClients is the most client sequences and idempotency keys a
	// Server remembers; further clients share the global sequence.
	MaxClients = 10_000
)

// Faults a Record can name instead of an HTTP response.
const (
	FaultReset = "reset" // the connection was closed without a response
	FaultStall = "stall" // no response until the stall ended, then closed
)

// How a Server tells clients apart; see [Config.Sequence].
const (
	SequenceKey    = "key"    // by Idempotency-Key; requests without one share the global sequence
	SequenceGlobal = "global" // one sequence for every request
	SequenceHeader = "header" // by the value of Config.Header
)

// A Config describes what a Server answers.
type Config struct {
	// API is the API whose envelopes and headers the Server sends.
	API catalog.API
	// Responses is the scenario played on every path without a route of
	// its own. Empty means a success (200) on every request.
	Responses []retry.SimResponse
	// Routes maps an exact request path ("/v1/generate") to its own
	// scenario.
	Routes map[string][]retry.SimResponse
	// Sequence is how requests are grouped into clients: SequenceKey
	// (the default for ""), SequenceGlobal, or SequenceHeader.
	Sequence string
	// Header names the request header that identifies a client under
	// SequenceHeader.
	Header string
	// RetryAfterDate sends Retry-After as an HTTP-date (the response's
	// Date plus the delay) instead of delay-seconds.
	RetryAfterDate bool
	// Outage, if positive, answers every request with the API's 503 for
	// this long after the Server is created; then at most Capacity
	// requests a second get the scenario's response and the others a 429
	// with Retry-After: 1 (0 Capacity means no limit).
	Outage   time.Duration
	Capacity int
	// MaxRequests, MaxBody and MaxStall bound the Server; zero means
	// DefaultMaxRequests, DefaultMaxBody and DefaultMaxStall.
	MaxRequests int
	MaxBody     int64
	MaxStall    time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// OnRecord, if not nil, is called with every request recorded, after
	// its answer was sent; calls may be concurrent.
	OnRecord func(Record)
}

// A Record is one request the Server received and what it answered.
type Record struct {
	// Start is when the request arrived, End when the answer was sent
	// (or the connection closed).
	Start, End time.Time
	Method     string
	// URL is the request's URL as the client sent it (host and path;
	// secret query parameters redacted); Path is its path.
	URL, Path string
	Proto     string
	// Header holds the request's headers, secrets redacted.
	Header http.Header
	// BodySize is the request body's length in bytes (up to MaxBody+1).
	BodySize int64
	// Client is the sequence the request belonged to: "" for the global
	// sequence, else its key or header value (redacted).
	Client string
	// Index is the position of the response in the scenario (0-based),
	// or -1 when the answer came from no scenario (outage, capacity,
	// replay, a limit).
	Index int
	// Status is the HTTP status sent; 0 with a Fault.
	Status int
	// Fault is FaultReset or FaultStall when no response was sent.
	Fault string
	// Replayed reports an Idempotency-Key replay of an earlier success.
	Replayed bool
	// RetryAfterAt is the instant a Retry-After HTTP-date named; zero
	// otherwise.
	RetryAfterAt time.Time
	// RespHeader and RespBody are the response sent.
	RespHeader http.Header
	RespBody   []byte
}

// A Server is a mock of one API. Create it with [New]; it is safe for
// concurrent use.
type Server struct {
	cfg   Config
	start time.Time

	mu       sync.Mutex
	records  []Record
	dropped  int
	seq      map[string]int // client → requests seen
	replays  map[string]stored
	window   int64 // the second of the capacity window
	inWindow int
	built    map[string]built // SimResponse.String() → its Build, made once
}

// built is what retry.SimResponse.Build returned for one response.
type built struct {
	status int
	header http.Header
	body   []byte
}

// build returns r's response as retry.SimResponse.Build makes it,
// building each distinct response once (Build reads the catalog). The
// header is the caller's copy.
func (s *Server) build(r retry.SimResponse) (int, http.Header, []byte) {
	k := r.String()
	s.mu.Lock()
	b, ok := s.built[k]
	s.mu.Unlock()
	if !ok {
		st, h, body := r.Build(s.cfg.API)
		b = built{st, http.Header(h), body}
		s.mu.Lock()
		if len(s.built) < MaxClients {
			s.built[k] = b
		}
		s.mu.Unlock()
	}
	return b.status, b.header.Clone(), b.body
}

type stored struct {
	status int
	header http.Header
	body   []byte
}

// New returns a Server for cfg, or an error naming what is wrong with it.
func New(cfg Config) (*Server, error) {
	if _, ok := catalog.Info(cfg.API); !ok {
		return nil, fmt.Errorf("mock: unknown API %q (valid: %s)", cfg.API, strings.Join(catalog.APINames(), ", "))
	}
	switch cfg.Sequence {
	case "":
		cfg.Sequence = SequenceKey
	case SequenceKey, SequenceGlobal:
	case SequenceHeader:
		if strings.TrimSpace(cfg.Header) == "" {
			return nil, errors.New("mock: sequence by header needs a header name")
		}
	default:
		return nil, fmt.Errorf("mock: unknown sequence %q (valid: key, global, header)", cfg.Sequence)
	}
	if cfg.Outage < 0 || cfg.Capacity < 0 {
		return nil, errors.New("mock: outage and capacity must not be negative")
	}
	if cfg.MaxRequests <= 0 {
		cfg.MaxRequests = DefaultMaxRequests
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.MaxStall <= 0 {
		cfg.MaxStall = DefaultMaxStall
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Server{cfg: cfg, start: cfg.Now(), seq: map[string]int{}, replays: map[string]stored{}, built: map[string]built{}}, nil
}

// Records returns a copy of the requests recorded so far, in order of
// arrival.
func (s *Server) Records() []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Record, len(s.records))
	copy(out, s.records)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out
}

// Dropped counts the requests answered but not recorded because
// MaxRequests was reached.
func (s *Server) Dropped() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dropped
}

// clientOf returns the sequence key of r ("" for the global sequence).
func (s *Server) clientOf(r *http.Request) string {
	switch s.cfg.Sequence {
	case SequenceKey:
		return r.Header.Get("Idempotency-Key")
	case SequenceHeader:
		return r.Header.Get(s.cfg.Header)
	}
	return ""
}

// plan decides the answer to a request under the lock: a scenario
// response with its index, a replay, or an outage or capacity answer.
func (s *Server) plan(r *http.Request, now time.Time, tooBig bool) (resp retry.SimResponse, index int, replay *stored, client string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.records) >= s.cfg.MaxRequests {
		s.dropped++
		return resp, -1, nil, "", false
	}
	if tooBig {
		return retry.SimResponse{Status: 413}, -1, nil, s.clientOf(r), true
	}
	key := r.Header.Get("Idempotency-Key")
	if st, found := s.replays[key]; key != "" && found {
		return resp, -1, &st, s.clientOf(r), true
	}
	if o := s.cfg.Outage; o > 0 {
		if now.Sub(s.start) < o {
			return retry.SimResponse{Status: 503}, -1, nil, s.clientOf(r), true
		}
		if c := s.cfg.Capacity; c > 0 {
			sec := now.Sub(s.start).Milliseconds() / 1000
			if sec != s.window {
				s.window, s.inWindow = sec, 0
			}
			s.inWindow++
			if s.inWindow > c {
				d := time.Second
				return retry.SimResponse{Status: 429, RetryAfter: &d}, -1, nil, s.clientOf(r), true
			}
		}
	}
	list := s.cfg.Responses
	if rt, found := s.cfg.Routes[r.URL.Path]; found {
		list = rt
	}
	if len(list) == 0 {
		return retry.SimResponse{Status: 200}, -1, nil, s.clientOf(r), true
	}
	client = s.clientOf(r)
	seqKey := r.URL.Path + "\x00" + client
	if _, found := s.seq[seqKey]; !found && len(s.seq) >= MaxClients {
		client, seqKey = "", r.URL.Path+"\x00"
	}
	n := s.seq[seqKey]
	s.seq[seqKey] = n + 1
	index = min(n, len(list)-1)
	return list[index], index, nil, client, true
}

// ServeHTTP answers one request and records it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	now := s.cfg.Now()
	rec := Record{Start: now, Method: r.Method, Path: r.URL.Path, Proto: r.Proto, URL: requestURL(r), Header: redactHeader(r.Header)}
	n, err := io.Copy(io.Discard, io.LimitReader(r.Body, s.cfg.MaxBody+1))
	rec.BodySize = n
	resp, index, replay, client, ok := s.plan(r, now, err == nil && n > s.cfg.MaxBody)
	if !ok {
		http.Error(w, fmt.Sprintf("errscope mock: request limit reached (%d recorded)", s.cfg.MaxRequests), http.StatusServiceUnavailable)
		return
	}
	rec.Index, rec.Client, rec.Replayed = index, redact.String(client), replay != nil
	defer func() { // also when reset aborts the handler
		rec.End = s.cfg.Now()
		s.mu.Lock()
		s.records = append(s.records, rec)
		s.mu.Unlock()
		if s.cfg.OnRecord != nil {
			s.cfg.OnRecord(rec)
		}
	}()
	s.answer(w, r, &rec, resp, replay)
}

// answer sends resp (or the replay) and fills in what rec gave.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, rec *Record, resp retry.SimResponse, replay *stored) {
	if replay != nil {
		h := w.Header()
		for k, v := range replay.header {
			h[k] = append([]string(nil), v...)
		}
		h.Set("Idempotency-Replayed", "true")
		h.Set("Date", s.cfg.Now().UTC().Format(http.TimeFormat))
		rec.Status, rec.RespHeader, rec.RespBody = replay.status, h.Clone(), replay.body
		w.WriteHeader(replay.status)
		w.Write(replay.body)
		return
	}
	wait := resp.Latency
	if resp.Timeout {
		if wait <= 0 {
			wait = retry.DefaultAttemptTimeout
		}
		wait = min(wait, s.cfg.MaxStall)
	}
	if wait > 0 {
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
		}
	}
	if resp.Network || resp.Timeout {
		rec.Fault = FaultReset
		if resp.Timeout {
			rec.Fault = FaultStall
		}
		reset(w)
		return
	}
	st, hd, body := s.build(resp)
	now := s.cfg.Now().UTC()
	h := w.Header()
	for k, v := range hd {
		h[k] = v
	}
	retime(h, now, s.cfg.RetryAfterDate, rec)
	rec.Status, rec.RespHeader, rec.RespBody = st, h.Clone(), body
	if key := r.Header.Get("Idempotency-Key"); key != "" && st < 300 {
		s.mu.Lock()
		if len(s.replays) < MaxClients {
			s.replays[key] = stored{status: st, header: h.Clone(), body: body}
		}
		s.mu.Unlock()
	}
	w.WriteHeader(st)
	w.Write(body)
}

// retime moves the simulated response's fixed Date to now: Date becomes
// now, an X-RateLimit-Reset keeps its distance from Date, and with
// asDate a Retry-After in seconds becomes the HTTP-date that many seconds
// after Date.
func retime(h http.Header, now time.Time, asDate bool, rec *Record) {
	sim, _ := apierror.ParseHTTPDate(h.Get("Date"))
	h.Set("Date", now.Format(http.TimeFormat))
	base := now.Truncate(time.Second) // what the Date header says
	if v := h.Get("X-RateLimit-Reset"); v != "" && !sim.IsZero() {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			h.Set("X-RateLimit-Reset", strconv.FormatInt(n-sim.Unix()+base.Unix(), 10))
		}
	}
	if v := h.Get("Retry-After"); asDate && v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n <= 1<<31 {
			at := base.Add(time.Duration(n) * time.Second)
			h.Set("Retry-After", at.Format(http.TimeFormat))
			rec.RetryAfterAt = at
		}
	}
}

// reset ends the request without a response: the connection is closed
// with a TCP reset where the connection can be taken over, else the
// handler is aborted (the server then closes the stream).
func reset(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if c, _, err := hj.Hijack(); err == nil {
			if tc, ok := c.(*net.TCPConn); ok {
				tc.SetLinger(0)
			}
			c.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

func requestURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	u := scheme + "://" + r.Host + r.URL.EscapedPath()
	if r.URL.RawQuery != "" {
		u += "?" + r.URL.RawQuery
	}
	return redact.String(u)
}

func redactHeader(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for k, vs := range h {
		for _, v := range vs {
			out[k] = append(out[k], redact.Header(k, v))
		}
	}
	return out
}

// HTTPServer returns an http.Server for h with the mock's bounds: a
// header read timeout, a header size limit and an idle timeout, so that
// no client can hold it open or make it read without end.
func HTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		IdleTimeout:       time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
}
