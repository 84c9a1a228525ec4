// Package durtext formats durations for people, the one way every report,
// page and command of errscope writes a wait: "0 s", "350 ms", "17 s",
// "1.5 s", "60 s", "3600 s". It is a leaf package (no imports but the
// standard library's time and strconv), so the decoder, the retry policy
// and the site can all use it.
package durtext

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Format writes d for people. Below a second it is whole milliseconds
// ("350 ms", truncated); from a second on it is seconds with up to three
// decimals whatever the size ("17 s", "1.5 s", "3600 s"), so that a
// server-named delay reads as the server sent it ("Retry-After: 60" is
// "60 s", not "1 min"). Negative durations get a leading "-".
func Format(d time.Duration) string {
	if d < 0 {
		if d == math.MinInt64 {
			d++
		}
		return "-" + Format(-d)
	}
	switch {
	case d == 0:
		return "0 s"
	case d < time.Second:
		return strconv.FormatInt(int64(d/time.Millisecond), 10) + " ms"
	}
	ms := int64(d / time.Millisecond)
	s := strconv.FormatInt(ms/1000, 10)
	if frac := ms % 1000; frac != 0 {
		f := strconv.FormatInt(1000+frac, 10)[1:] // three digits, leading zeros kept
		s += "." + strings.TrimRight(f, "0")
	}
	return s + " s"
}

// Approx is [Format] of d rounded to what a measured time is worth
// showing: whole milliseconds below a second, hundredths of a second below
// ten seconds ("1.48 s"), tenths below a minute ("17.5 s"), whole seconds
// above. Use it for times that were measured or simulated (the gap between
// two requests in a log); use Format for a wait a policy or server chose.
func Approx(d time.Duration) string {
	a := d
	if a < 0 {
		a = -a
	}
	switch {
	case a < time.Second:
		return Format(d.Round(time.Millisecond))
	case a < 10*time.Second:
		return Format(d.Round(10 * time.Millisecond))
	case a < time.Minute:
		return Format(d.Round(100 * time.Millisecond))
	}
	return Format(d.Round(time.Second))
}
