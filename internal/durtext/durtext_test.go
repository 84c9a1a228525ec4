package durtext

import (
	"math"
	"testing"
	"time"
)

func TestFormat(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0 s"},
		{time.Microsecond, "0 ms"},
		{350 * time.Millisecond, "350 ms"},
		{999*time.Millisecond + 999*time.Microsecond, "999 ms"},
		{time.Second, "1 s"},
		{1500 * time.Millisecond, "1.5 s"},
		{1050 * time.Millisecond, "1.05 s"},
		{1001 * time.Millisecond, "1.001 s"},
		{17 * time.Second, "17 s"},
		{60 * time.Second, "60 s"},
		{3599 * time.Second, "3599 s"},
		{time.Hour, "3600 s"},
		{1234567 * time.Microsecond, "1.234 s"},
		{-1500 * time.Millisecond, "-1.5 s"},
		{math.MinInt64, "-9223372036.854 s"},
	}
	for _, tt := range tests {
		if got := Format(tt.d); got != tt.want {
			t.Errorf("Format(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestApprox(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0 s"},
		{49600 * time.Microsecond, "50 ms"},
		{1482 * time.Millisecond, "1.48 s"},
		{17460 * time.Millisecond, "17.5 s"},
		{185400 * time.Millisecond, "185 s"},
		{-1482 * time.Millisecond, "-1.48 s"},
	}
	for _, tt := range tests {
		if got := Approx(tt.d); got != tt.want {
			t.Errorf("Approx(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
