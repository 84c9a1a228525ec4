package check

import (
	"fmt"
	"io"
	"strings"
)

// counts returns how many rules passed, failed and were skipped.
func (r Report) counts() (pass, fail, skip int) {
	for _, x := range r.Results {
		switch x.Status {
		case Pass:
			pass++
		case Fail:
			fail++
		default:
			skip++
		}
	}
	return pass, fail, skip
}

// Summary says the outcome in one line: "11 rules: 9 passed, 1 failed, 1
// skipped."
func (r Report) Summary() string {
	p, f, s := r.counts()
	line := fmt.Sprintf("%d rules: %d passed, %d failed, %d skipped.", len(r.Results), p, f, s)
	if n := len(r.Problems); n > 0 {
		line += fmt.Sprintf(" %s could not be graded.", plural(n, "run", "runs"))
	}
	return line
}

// WriteText writes the report as text: one line per rule with its
// outcome, title, evidence and scenario, then the problems and the
// summary.
func (r Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "check %s (suite %s): %s\n", r.API, r.Suite, r.Command)
	for _, x := range r.Results {
		fmt.Fprintf(&b, "%-4s  %s: %s", strings.ToUpper(x.Status), x.Title, x.Evidence)
		if x.Scenario != "" {
			fmt.Fprintf(&b, " [%s]", x.Scenario)
		}
		b.WriteByte('\n')
	}
	for _, p := range r.Problems {
		fmt.Fprintf(&b, "ERROR %s\n", p)
	}
	b.WriteString(r.Summary() + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteMarkdown writes the report as a Markdown table, for a ticket or a
// pull request.
func (r Report) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## errscope check: %s, suite %s\n\nClient: `%s`\n\n", r.API, r.Suite, mdCell(r.Command))
	b.WriteString("| | rule | evidence | scenario |\n|---|---|---|---|\n")
	for _, x := range r.Results {
		mark := map[string]string{Pass: "✅ pass", Fail: "❌ fail", Skip: "➖ skip"}[x.Status]
		sc := ""
		if x.Scenario != "" {
			sc = "`" + x.Scenario + "`"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", mark, mdCell(x.Title), mdCell(x.Evidence), sc)
	}
	if len(r.Problems) > 0 {
		b.WriteString("\nCould not be graded:\n\n")
		for _, p := range r.Problems {
			fmt.Fprintf(&b, "- %s\n", mdCell(p))
		}
	}
	b.WriteString("\n" + r.Summary() + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// mdCell makes s safe in one Markdown table cell.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.ReplaceAll(s, "|", `\|`)
}
