package triage

import (
	"fmt"
	"strings"
	"time"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/internal/durtext"
)

// Markdown returns the report as a ticket summary a support person pastes
// into a ticket: a title line, the time range, a table of the groups, each
// group's verdict, timing findings and next steps, links to the reference
// pages as absolute paths (/errors/<api>/<code>), and what was not
// understood. Text from the input is escaped, so it cannot add links or
// formatting; secrets were redacted when the report was made.
func (r *Report) Markdown() string { return r.MarkdownWithOrigin("") }

// MarkdownWithOrigin is [Report.Markdown] with the reference links prefixed
// by origin ("https://errscope.example"); an empty origin gives
// absolute-path links.
func (r *Report) MarkdownWithOrigin(origin string) string {
	origin = strings.TrimRight(strings.TrimSpace(origin), "/")
	if strings.ContainsAny(origin, " \t\r\n()<>[]") {
		origin = ""
	}
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }

	w("# Triage: %s in %s\n\n", plural(r.Failures, "failure", "failures"), plural(len(r.Groups), "group", "groups"))
	w("- Input: %s, %s (%d failed), %s\n", inputName(r.Input), plural(r.Entries, "response", "responses"), r.Failures, plural(r.Retries, "retry", "retries"))
	if !r.First.IsZero() {
		w("- Time range: %s – %s (%s)\n", stamp(r.First), stamp(r.Last), durtext.Approx(r.Last.Sub(r.First)))
	} else {
		w("- Time range: unknown (the input has no times)\n")
	}
	if r.Redacted.Total > 0 {
		w("- %s. They appear nowhere in this summary.\n", r.Redacted)
	} else {
		w("- No secrets found to redact (API keys, tokens, passwords, cookies, private keys, signed-URL parameters).\n")
	}

	if len(r.Groups) == 0 {
		w("\nNo failed responses were found.\n")
	} else {
		sameDay := r.First.IsZero() || r.First.Format(time.DateOnly) == r.Last.Format(time.DateOnly)
		w("\n| Code | API | Status | Count | First | Last | Request ids |\n")
		w("| --- | --- | --- | ---: | --- | --- | --- |\n")
		for _, g := range r.Groups {
			code := escCell(groupName(g))
			if g.Doc != "" {
				code = "[" + code + "](" + origin + g.Doc + ")"
			}
			w("| %s %s | %s | %s | %d | %s | %s | %s |\n", code, escCell(g.Title), apiName(g.API), statuses(g.Statuses),
				g.Count, clock(g.First, sameDay), clock(g.Last, sameDay), escCell(ids(g.RequestIDs, g.MoreRequestIDs, 3)))
		}
		for i, g := range r.Groups {
			w("\n## %d. %s %s — %s, %s, %s\n\n", i+1, esc(groupName(g)), esc(g.Title), apiName(g.API), statusWords(g), plural(g.Count, "failure", "failures"))
			if len(g.Endpoints) > 0 {
				eps := make([]string, len(g.Endpoints))
				for j, e := range g.Endpoints {
					eps[j] = code(e)
				}
				w("- Endpoints: %s%s\n", strings.Join(eps, ", "), more(g.MoreEndpoints))
			}
			if g.Message != "" {
				w("- Message: %s\n", esc(g.Message))
			}
			if g.Where != "" {
				w("- First seen: %s of the input\n", g.Where)
			}
			if len(g.Providers) > 0 {
				w("- Provider failures: %s\n", esc(strings.Join(g.Providers, ", ")))
			}
			if g.Decision.Sentence != "" {
				w("- What the SDK does: %s\n", esc(g.Decision.Sentence))
			}
			if !g.Decision.Retry || g.Decision.Sentence == "" {
				w("- What the client should do: %s\n", esc(g.Verdict))
			}
			if len(g.Findings) > 0 {
				w("- Timing of %s:\n", plural(g.Retries, "retry", "retries"))
				for _, f := range g.Findings {
					mark := "⚠"
					if f.OK {
						mark = "✓"
					} else if f.Kind == FindingUntimed {
						mark = "?"
					}
					w("  - %s %s\n", mark, esc(f.Text))
				}
			}
			if len(g.NextSteps) > 0 {
				w("- Next steps:\n")
				for j, s := range g.NextSteps {
					w("  %d. %s\n", j+1, esc(s))
				}
			}
			if len(g.RequestIDs) > 0 {
				w("- Request ids: %s\n", esc(ids(g.RequestIDs, g.MoreRequestIDs, len(g.RequestIDs))))
			}
			if g.Doc != "" {
				w("- Reference: [%s%s](%s%s)\n", origin, g.Doc, origin, g.Doc)
			}
			if len(g.Problems) > 0 {
				w("- Decoder notes: %s\n", esc(strings.Join(g.Problems, "; ")))
			}
		}
	}
	if len(r.Problems) > 0 {
		w("\n## Not understood\n\n")
		for _, p := range r.Problems {
			w("- %s\n", esc(p))
		}
	}
	return scrub(b.String())
}

func inputName(kind string) string {
	switch kind {
	case InputHAR:
		return "HAR file"
	case InputEmpty:
		return "empty input"
	}
	return "text (raw responses, logs or JSON bodies)"
}

// groupName is the code, or what stands for it.
func groupName(g Group) string {
	switch {
	case g.Code != "":
		return string(g.Code)
	case g.Kind == KindStatus:
		return "(no code)"
	}
	return "(" + g.Kind + ")"
}

func apiName(api catalog.API) string {
	if info, ok := catalog.Info(api); ok {
		return info.Name
	}
	if api == "" {
		return "unknown"
	}
	return escCell(string(api))
}

func statuses(s []int) string {
	parts := make([]string, len(s))
	for i, x := range s {
		parts[i] = statusStr(x)
	}
	return strings.Join(parts, ", ")
}

// statusWords names a group's statuses in its heading.
func statusWords(g Group) string {
	switch {
	case g.Kind == KindNetwork || g.Kind == KindTimeout || g.Kind == KindCanceled:
		return "no response"
	case len(g.Statuses) == 1 && g.Statuses[0] == 0:
		return "status unknown"
	}
	return "HTTP " + statuses(g.Statuses)
}

func statusStr(s int) string {
	if s == 0 {
		return "—"
	}
	return itoa(s)
}

func ids(l []string, more, n int) string {
	if len(l) == 0 {
		return "—"
	}
	shown := l[:min(n, len(l))]
	return strings.Join(shown, ", ") + more2(more+len(l)-len(shown))
}

func more(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" and %d more", n)
}

func more2(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" (+%d more)", n)
}

// stamp formats a time for the time range: "2026-11-21 10:00:01.25 UTC".
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05.999") + " UTC" }

// clock formats a time for the table: the time of day when the whole
// report falls on one day.
func clock(t time.Time, sameDay bool) string {
	switch {
	case t.IsZero():
		return "—"
	case sameDay:
		return t.UTC().Format("15:04:05.999")
	}
	return t.UTC().Format("01-02 15:04:05.999")
}

// esc escapes text from the input for Markdown so that it cannot add
// links, images or HTML: outside code spans \ [ ] < > and | are escaped;
// code spans (`…`, whose content is literal) are kept as they are.
// Emphasis is left alone: it can neither hide nor add anything.
func esc(s string) string { return escape(s, false) }

// escCell is esc for a table cell, where GFM splits cells at every
// unescaped '|', inside code spans too.
func escCell(s string) string { return escape(s, true) }

func escape(s string, cell bool) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		if c == '`' {
			n := run(s, i)
			if end := closing(s, i+n, n); end >= 0 {
				span := s[i : end+n]
				if cell {
					span = strings.ReplaceAll(span, "|", `\|`)
				}
				b.WriteString(span)
				i = end + n
				continue
			}
			b.WriteString(s[i : i+n]) // no closing run: literal backticks
			i += n
			continue
		}
		switch c {
		case '\\', '[', ']', '|':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		default:
			b.WriteByte(c)
		}
		i++
	}
	return b.String()
}

// run is the length of the run of backticks at s[i].
func run(s string, i int) int {
	n := 0
	for i+n < len(s) && s[i+n] == '`' {
		n++
	}
	return n
}

// closing finds, from j, a run of exactly n backticks; -1 if none.
func closing(s string, j, n int) int {
	for j < len(s) {
		k := strings.IndexByte(s[j:], '`')
		if k < 0 {
			return -1
		}
		k += j
		m := run(s, k)
		if m == n {
			return k
		}
		j = k + m
	}
	return -1
}

// code shows s as a code span, whatever backticks it holds.
func code(s string) string {
	s = strings.NewReplacer("\n", " ", "\r", " ", "|", "¦").Replace(s)
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}
