package mock

import (
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"slices"
	"sort"
	"time"

	"github.com/errscope/errscope/redact"
)

// harFile is the subset of HAR 1.2 that WriteHAR writes and triage reads.
type harFile struct {
	Log harLog `json:"log"`
}

type harLog struct {
	Version string     `json:"version"`
	Creator harCreator `json:"creator"`
	Entries []harEntry `json:"entries"`
}

type harCreator struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type harEntry struct {
	Started  string      `json:"startedDateTime"`
	Time     float64     `json:"time"`
	Request  harRequest  `json:"request"`
	Response harResponse `json:"response"`
	Timings  harTimings  `json:"timings"`
	Error    string      `json:"_error,omitempty"`
}

type harNV struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type harRequest struct {
	Method      string  `json:"method"`
	URL         string  `json:"url"`
	HTTPVersion string  `json:"httpVersion"`
	Headers     []harNV `json:"headers"`
	QueryString []harNV `json:"queryString"`
	Cookies     []harNV `json:"cookies"`
	HeadersSize int     `json:"headersSize"`
	BodySize    int64   `json:"bodySize"`
}

type harResponse struct {
	Status      int        `json:"status"`
	StatusText  string     `json:"statusText"`
	HTTPVersion string     `json:"httpVersion"`
	Headers     []harNV    `json:"headers"`
	Cookies     []harNV    `json:"cookies"`
	Content     harContent `json:"content"`
	RedirectURL string     `json:"redirectURL"`
	HeadersSize int        `json:"headersSize"`
	BodySize    int        `json:"bodySize"`
}

type harContent struct {
	Size     int    `json:"size"`
	MimeType string `json:"mimeType"`
	Text     string `json:"text,omitempty"`
}

type harTimings struct {
	Send    float64 `json:"send"`
	Wait    float64 `json:"wait"`
	Receive float64 `json:"receive"`
}

// WriteHAR writes records as a HAR 1.2 file, one entry per record in
// order of arrival. A reset or stall has status 0 and Chrome's _error
// (net::ERR_CONNECTION_RESET, net::ERR_TIMED_OUT), as a browser would
// record it. Headers are the redacted ones of the records; response
// bodies go through redact.String.
func WriteHAR(w io.Writer, records []Record) error {
	recs := append([]Record(nil), records...)
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].Start.Before(recs[j].Start) })
	f := harFile{Log: harLog{Version: "1.2", Creator: harCreator{Name: "errscope mock", Version: "1"}, Entries: []harEntry{}}}
	for _, r := range recs {
		ms := float64(r.End.Sub(r.Start)) / float64(time.Millisecond)
		e := harEntry{
			Started: r.Start.UTC().Format(time.RFC3339Nano),
			Time:    ms,
			Request: harRequest{Method: r.Method, URL: r.URL, HTTPVersion: r.Proto, Headers: nvs(r.Header, false),
				QueryString: []harNV{}, Cookies: []harNV{}, HeadersSize: -1, BodySize: r.BodySize},
			Response: harResponse{Status: r.Status, StatusText: http.StatusText(r.Status), HTTPVersion: r.Proto,
				Headers: nvs(r.RespHeader, true), Cookies: []harNV{}, HeadersSize: -1, BodySize: len(r.RespBody),
				Content: harContent{Size: len(r.RespBody), MimeType: r.RespHeader.Get("Content-Type"), Text: redact.String(string(r.RespBody))}},
			Timings: harTimings{Send: 0, Wait: ms, Receive: 0},
		}
		switch r.Fault {
		case FaultReset:
			e.Error = "net::ERR_CONNECTION_RESET"
		case FaultStall:
			e.Error = "net::ERR_TIMED_OUT"
		}
		f.Log.Entries = append(f.Log.Entries, e)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(f)
}

// nvs lists a header as HAR name/value pairs, sorted by name; redact runs
// the values through redact.Header (request headers are already redacted).
func nvs(h http.Header, redactValues bool) []harNV {
	out := []harNV{}
	for _, k := range slices.Sorted(maps.Keys(h)) {
		for _, v := range h[k] {
			if redactValues {
				v = redact.Header(k, v)
			}
			out = append(out, harNV{Name: k, Value: v})
		}
	}
	return out
}
