package explain

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/durtext"
	"github.com/errscope/errscope/internal/httpstatus"
)

// WriteText writes the report as readable text, the way `errscope decode`
// prints it. now is used for "in N s" on rate-limit resets.
func (r Report) WriteText(w io.Writer, now time.Time) error {
	var b strings.Builder
	head := []string{}
	if r.API != "" {
		if info, ok := catalog.Info(r.API); ok {
			head = append(head, info.Name)
		}
	} else if len(r.Candidates) > 0 {
		head = append(head, "API unclear ("+joinAPIs(r.Candidates)+")")
	} else {
		head = append(head, "Unknown API")
	}
	if r.Code != "" {
		head = append(head, string(r.Code))
	}
	if r.Type != "" && string(r.Type) != strings.ToLower(string(r.Code)) {
		head = append(head, string(r.Type))
	}
	status := "no HTTP status"
	if r.Status != 0 {
		status = fmt.Sprintf("HTTP %d %s", r.Status, httpstatus.Text(r.Status))
	}
	fmt.Fprintf(&b, "%s — %s\n", strings.Join(head, " "), strings.TrimSpace(status))
	if r.Entry != nil {
		fmt.Fprintf(&b, "%s: %s\n", r.Entry.Title, r.Entry.Meaning)
	}
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "  %-12s %s\n", k+":", v)
		}
	}
	if r.Entry == nil || !SameText(r.Message, r.Entry.Title) {
		row("Message", oneLine(r.Message))
	}
	row("Hint", oneLine(r.Hint))
	if r.Field != "" {
		row("Field", r.Field+" ("+r.FieldPath+")")
	}
	row("Retryable", yesNo(r.Retryable, "yes", "no")+" — "+r.RetryableWhy)
	row("SDK does", r.Retry.Sentence)
	row("Method", r.Method)
	row("Request id", r.RequestID)
	row("Rate limit", r.RateLimit.Text(now))
	if len(r.ProviderErrors) > 0 {
		b.WriteString("  Provider errors:\n")
		for _, p := range r.ProviderErrors {
			rt := "?"
			if p.Retryable != nil {
				rt = yesNo(*p.Retryable, "retryable", "not retryable")
			}
			fmt.Fprintf(&b, "    - %s %s %s (%s): %s\n", p.Provider, p.Code, p.Type, rt, oneLine(p.Message))
		}
	}
	if len(r.NextSteps) > 0 {
		b.WriteString("Next steps:\n")
		for _, s := range r.NextSteps {
			fmt.Fprintf(&b, "  - %s\n", s)
		}
	}
	if len(r.Problems) > 0 {
		b.WriteString("Not understood:\n")
		for _, p := range r.Problems {
			fmt.Fprintf(&b, "  - %s\n", p)
		}
	}
	if r.Path != "" {
		fmt.Fprintf(&b, "Reference: %s\n", r.Path)
	}
	if r.Redacted.Total > 0 {
		fmt.Fprintf(&b, "%s.\n", r.Redacted)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Text describes the rate-limit state in one line, as the decoder and
// `errscope decode` show it: "0 of 1000 left; resets 60 s after the
// response (04:01:00 UTC), already past now; wait 60 s (Retry-After
// header)". The reset is measured from the response's Date when the paste
// has one, and separately against now (the reader's clock; zero skips it).
func (rl RateLimit) Text(now time.Time) string {
	var parts []string
	switch {
	case rl.Remaining != nil && rl.Limit != nil:
		parts = append(parts, fmt.Sprintf("%d of %d left", *rl.Remaining, *rl.Limit))
	case rl.Limit != nil:
		parts = append(parts, fmt.Sprintf("limit %d", *rl.Limit))
	case rl.Remaining != nil:
		parts = append(parts, fmt.Sprintf("%d left", *rl.Remaining))
	}
	if rl.Reset != nil {
		at := clock(*rl.Reset, now)
		var s string
		switch after := rl.Reset.Sub(rl.Sent); {
		case rl.Sent.IsZero():
			s = "resets at " + at
		case after >= 0:
			s = "resets " + durtext.Format(after) + " after the response (" + at + ")"
		default:
			s = "resets at " + at + ", " + durtext.Format(-after) + " before the response was sent (stale)"
		}
		if !now.IsZero() {
			if d := rl.Reset.Sub(now); d > 0 {
				s += ", in " + durtext.Approx(d) + " from now"
			} else {
				s += ", already past now"
			}
		}
		parts = append(parts, s)
	}
	if rl.RetryAfterMS != nil {
		s := "wait " + durtext.Format(time.Duration(*rl.RetryAfterMS)*time.Millisecond)
		if rl.RetryAfterSource != "" {
			s += " (" + rl.RetryAfterSource + ")"
		}
		parts = append(parts, s)
	}
	if rl.Policy != "" {
		parts = append(parts, "policy "+rl.Policy+" (RateLimit-Policy)")
	}
	if len(parts) > 0 && rl.Headers != "" && rl.Headers != "X-RateLimit-*" && (rl.Limit != nil || rl.Remaining != nil || rl.Reset != nil) {
		parts[0] += " (" + rl.Headers + ")"
	}
	return strings.Join(parts, "; ")
}

// clock writes t in UTC, with the date unless it is now's day.
func clock(t, now time.Time) string {
	t = t.UTC()
	if !now.IsZero() && t.Format(time.DateOnly) == now.UTC().Format(time.DateOnly) {
		return t.Format(time.TimeOnly) + " UTC"
	}
	return t.Format(time.DateTime) + " UTC"
}

// SameText reports whether two labels say the same, ignoring case, white
// space and a final full stop: a message equal to the catalog's title is
// shown once.
func SameText(a, b string) bool {
	norm := func(s string) string {
		return strings.TrimSuffix(strings.ToLower(strings.Join(strings.Fields(s), " ")), ".")
	}
	return norm(a) == norm(b)
}

func joinAPIs(a []catalog.API) string {
	s := make([]string, len(a))
	for i, x := range a {
		s[i] = string(x)
	}
	return strings.Join(s, " or ")
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = s[:297] + "…"
	}
	return s
}
