// Package durtext formats durations for people, the one way every report,
// page and command of errscope writes a wait: "0 s", "350 ms", "17 s",
// "1.5 s", "60 s", "1 h 30 min". It is a leaf package (no imports but the
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
// ("350 ms", truncated); below an hour it is seconds with up to three
// decimals ("17 s", "1.5 s", "3599.999 s"), so that a server-named delay
// reads as the server sent it ("Retry-After: 60" is "60 s", not "1 min");
// from an hour on it is hours, minutes and whole seconds ("1 h",
// "2 h 10 min", "1 h 0 min 5 s"). Negative durations get a leading "-".
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
	case d < time.Hour:
		ms := int64(d / time.Millisecond)
		s := strconv.FormatInt(ms/1000, 10)
		if frac := ms % 1000; frac != 0 {
			f := strconv.FormatInt(1000+frac, 10)[1:] // three digits, leading zeros kept
			s += "." + strings.TrimRight(f, "0")
		}
		return s + " s"
	}
	h, m, s := int64(d/time.Hour), int64(d%time.Hour/time.Minute), int64(d%time.Minute/time.Second)
	out := strconv.FormatInt(h, 10) + " h"
	if m != 0 || s != 0 {
		out += " " + strconv.FormatInt(m, 10) + " min"
	}
	if s != 0 {
		out += " " + strconv.FormatInt(s, 10) + " s"
	}
	return out
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
