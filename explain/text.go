package explain

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/errscope/errscope/apierror"
	"github.com/errscope/errscope/catalog"
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
		status = fmt.Sprintf("HTTP %d %s", r.Status, apierror.StatusText(r.Status))
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
	row("Message", oneLine(r.Message))
	row("Hint", oneLine(r.Hint))
	row("Retryable", yesNo(r.Retryable, "yes", "no")+" — "+r.RetryableWhy)
	retryLine := r.Retry.Decision + " — " + r.Retry.Reason
	if r.Retry.Decision == "retry" {
		if r.Retry.DelayMS != nil {
			retryLine = "retry in " + fmtMS(*r.Retry.DelayMS) + " — " + r.Retry.Reason
		} else {
			retryLine = "retry after a backoff of up to " + fmtDur(r.Retry.Backoff) + " — " + r.Retry.Reason
		}
	}
	row("SDK does", retryLine+" ("+r.Method+")")
	row("Request id", r.RequestID)
	row("Rate limit", r.rateLimitText(now))
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

func (r Report) rateLimitText(now time.Time) string {
	rl := r.RateLimit
	var parts []string
	if rl.Remaining != nil && rl.Limit != nil {
		parts = append(parts, fmt.Sprintf("%d of %d left", *rl.Remaining, *rl.Limit))
	} else if rl.Limit != nil {
		parts = append(parts, fmt.Sprintf("limit %d", *rl.Limit))
	} else if rl.Remaining != nil {
		parts = append(parts, fmt.Sprintf("%d left", *rl.Remaining))
	}
	if rl.Reset != nil {
		s := "resets " + rl.Reset.Format(time.RFC3339)
		if !now.IsZero() {
			if d := rl.Reset.Sub(now).Round(time.Second); d >= 0 {
				s += " (in " + fmtDur(d) + ")"
			} else {
				s += " (already passed)"
			}
		}
		parts = append(parts, s)
	}
	if rl.RetryAfterMS != nil {
		parts = append(parts, "wait "+fmtMS(*rl.RetryAfterMS)+" ("+rl.RetryAfterSource+")")
	}
	return strings.Join(parts, ", ")
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
