package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/errscope/errscope/triage"
)

// runTriage groups the failures in a HAR file, a log or pasted responses
// and prints the ticket summary (Markdown) or, with --json, the report.
// A file is handed to the analyzer as a stream, never read whole, so a HAR
// of any size is triaged in bounded memory.
func runTriage(e env, args []string) int {
	fs := e.flags()
	asJSON := fs.Bool("json", false, "print JSON")
	nowFlag := fs.String("now", "", "the current `time` as RFC 3339, for reproducible output (default: the clock)")
	err := func() error {
		pos, err := parse(fs, args)
		if err != nil {
			return err
		}
		if len(pos) > 1 {
			return usagef("triage: give one FILE or - (standard input), not %d", len(pos))
		}
		o := triage.Options{Now: time.Now()}
		if *nowFlag != "" {
			if o.Now, err = time.Parse(time.RFC3339, *nowFlag); err != nil {
				return usagef("triage: --now takes an RFC 3339 time like 2026-11-22T04:00:00Z, not %q", *nowFlag)
			}
		}
		var r io.Reader = e.stdin
		name := "standard input"
		if len(pos) == 1 && pos[0] != "-" {
			f, err := os.Open(pos[0])
			if err != nil {
				return err
			}
			defer f.Close()
			r, name = f, pos[0]
		}
		rep, err := triage.Analyze(r, o)
		if err != nil {
			if cause := errors.Unwrap(err); cause != nil {
				err = cause
			}
			return fmt.Errorf("reading %s: %w", name, err)
		}
		if rep.Input == triage.InputEmpty {
			return usagef("triage: %s is empty; give a HAR file, a log or pasted responses", name)
		}
		if *asJSON {
			return writeJSON(e.stdout, rep)
		}
		_, err = io.WriteString(e.stdout, rep.Markdown())
		return err
	}()
	return finish(e, err)
}
