package mock_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/mock"
	"github.com/errscope/errscope/retry"
)

// FuzzServeHTTP sends the mock any method, path, header and body: it
// answers every request with a status, never panics, records each one
// once, and never records the header's secret.
func FuzzServeHTTP(f *testing.F) {
	f.Add("GET", "/v1/generate", "Idempotency-Key", "k1", []byte(nil))
	f.Add("POST", "/v1/x?api_key=sk-bab-0123456789abcdef", "Authorization", "Bearer bye_live_0123456789abcdefABCDEF", []byte(`{"a":1}`))
	f.Add("PATCH", "/%zz", "X-Client", "", bytes.Repeat([]byte("x"), 2000))
	f.Fuzz(func(t *testing.T, method, path, name, value string, body []byte) {
		s, err := mock.New(mock.Config{API: catalog.Babou, Sequence: mock.SequenceHeader, Header: "X-Client", MaxBody: 1024,
			Responses: []retry.SimResponse{{Status: 429}, {Status: 503}, {Status: 200}}})
		if err != nil {
			t.Fatal(err)
		}
		req, err := http.NewRequest(method, "http://mock.test"+path, bytes.NewReader(body))
		if err != nil {
			return // not a request net/http would send
		}
		if name != "" && !strings.ContainsAny(name, " \r\n:\x00") {
			req.Header.Set(name, value)
		}
		for range 2 {
			w := httptest.NewRecorder()
			s.ServeHTTP(w, req)
			if w.Code < 200 || w.Code > 599 {
				t.Fatalf("status %d", w.Code)
			}
			req.Body = http.NoBody
		}
		recs := s.Records()
		if len(recs) != 2 {
			t.Fatalf("%d records for 2 requests", len(recs))
		}
		if strings.Contains(value, "0123456789abcdef") && strings.EqualFold(name, "Authorization") {
			for _, v := range recs[0].Header.Values(name) {
				if strings.Contains(v, "0123456789abcdef") {
					t.Fatalf("secret recorded: %q", v)
				}
			}
		}
	})
}
