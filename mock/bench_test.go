package mock_test

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/mock"
	"github.com/errscope/errscope/retry"
)

// BenchmarkServeHTTP is the mock's own cost per request, without the
// network: BabySea's 429 envelope built, headers redacted, the request
// recorded.
func BenchmarkServeHTTP(b *testing.B) {
	ra := time.Second
	s, err := mock.New(mock.Config{API: catalog.BabySea, Sequence: mock.SequenceGlobal, MaxRequests: 1 << 30,
		Responses: []retry.SimResponse{{Status: 429, RetryAfter: &ra}}})
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest("POST", "/v1/generate", nil)
	req.Header.Set("Authorization", "Bearer bye_live_0123456789abcdefABCDEF")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "errscope-bench/1")
	b.ReportAllocs()
	for b.Loop() {
		s.ServeHTTP(httptest.NewRecorder(), req)
	}
}
