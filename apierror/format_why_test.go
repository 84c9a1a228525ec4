package apierror

import (
	"strings"
	"testing"

	"github.com/errscope/errscope/catalog"
)

// TestRetryableWhy: the words always name the rule that decided, and the
// decision is Retryable's.
func TestRetryableWhy(t *testing.T) {
	yes, no := true, false
	entry, _ := catalog.Lookup(catalog.BabySea, "BSE5002")
	tests := []struct {
		name string
		e    Error
		want bool
		why  string
	}{
		{"body flag wins over the catalog", Error{RetryableFlag: &yes, Entry: &entry, Status: 500}, true, "the body says retryable:true"},
		{"body flag false on a 503", Error{RetryableFlag: &no, Status: 503}, false, "retryable:false"},
		{"catalog", Error{Entry: &entry, Status: 500}, false, "the catalog marks BSE5002 as not retryable"},
		{"429", Error{Status: 429}, true, "HTTP 429"},
		{"non-JSON 501 is still not retried", Error{Status: 501, NonJSON: true}, false, "HTTP 501"},
		{"non-JSON 502", Error{Status: 502, NonJSON: true}, true, "no JSON envelope"},
		{"503", Error{Status: 503}, true, "server failure"},
		{"404", Error{Status: 404}, false, "must change"},
		{"600 is no server failure", Error{Status: 600}, false, "not an error status"},
		{"nothing", Error{}, false, "no status"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, why := tt.e.RetryableWhy()
			if got != tt.want || got != tt.e.Retryable() || !strings.Contains(why, tt.why) {
				t.Errorf("RetryableWhy() = %v, %q; Retryable() = %v; want %v and %q", got, why, tt.e.Retryable(), tt.want, tt.why)
			}
		})
	}
}
