package triage

import (
	"strings"
	"testing"
)

// TestStopAdviceDoesNotSayRetry: when the policy does not retry (the body
// says retryable:false), neither the verdict nor the next steps tell the
// client to retry, though the catalog's general advice for the code does.
func TestStopAdviceDoesNotSayRetry(t *testing.T) {
	paste := "HTTP/1.1 503 Service Unavailable\nContent-Type: application/json\n\n" +
		`{"status":"error","request_id":"req_1","error":{"code":"BSE4005","type":"provider_unavailable","message":"Provider unavailable","retryable":false}}`
	rep := AnalyzeBytes([]byte(paste), Options{})
	if len(rep.Groups) != 1 {
		t.Fatalf("%d groups, want 1", len(rep.Groups))
	}
	g := rep.Groups[0]
	if g.Decision.Retry {
		t.Fatalf("decision %+v: want no retry for retryable:false", g.Decision)
	}
	if v := strings.ToLower(g.Verdict); strings.Contains(strings.TrimPrefix(v, "do not retry"), "retry") {
		t.Errorf("verdict %q tells the client to retry", g.Verdict)
	}
	for _, s := range g.NextSteps {
		if strings.HasPrefix(strings.ToLower(s), "retry") {
			t.Errorf("next step %q tells the client to retry", s)
		}
	}
}
