package retry

import "testing"

func TestJitterLabel(t *testing.T) {
	tests := []struct {
		j    Jitter
		want string
	}{
		{JitterNone, "no jitter"},
		{JitterFull, "full jitter"},
		{JitterEqual, "equal jitter"},
		{JitterDecorrelated, "decorrelated jitter"},
		{JitterAdditive, "additive jitter"},
		{"", "full jitter"},
		{"wild", "full jitter"},
	}
	for _, tt := range tests {
		if got := tt.j.Label(); got != tt.want {
			t.Errorf("Jitter(%q).Label() = %q, want %q", tt.j, got, tt.want)
		}
	}
}
