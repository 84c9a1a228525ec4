package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/errscope/errscope/catalog"
	"github.com/errscope/errscope/explain"
)

// maxInput bounds what decode and triage read; the decoder itself looks
// at less (see apierror.MaxBody) and says so.
const maxInput = 64 << 20

func runDecode(e env, args []string) int {
	fs := e.flags()
	api := fs.String("api", "", "the `API` the response came from (default: detect)")
	method := fs.String("method", "", "the request `method` (default: the paste's, else GET)")
	key := fs.String("idempotency-key", "", "the request's Idempotency-Key (default: the paste's, else none)")
	asJSON := fs.Bool("json", false, "print JSON")
	nowFlag := fs.String("now", "", "the current `time` as RFC 3339, for reproducible output (default: the clock)")
	err := func() error {
		pos, err := parse(fs, args)
		if err != nil {
			return err
		}
		now := time.Now()
		if *nowFlag != "" {
			if now, err = time.Parse(time.RFC3339, *nowFlag); err != nil {
				return usagef("decode: --now takes an RFC 3339 time like 2026-11-22T04:00:00Z, not %q", *nowFlag)
			}
		}
		if len(pos) > 1 {
			return usagef("decode: give one FILE or - (standard input), not %d", len(pos))
		}
		o := explain.Options{Method: *method, IdempotencyKey: *key, Now: now}
		if *api != "" {
			if o.API, err = catalog.ParseAPI(*api); err != nil {
				return usagef("decode: %v", err)
			}
		}
		in, err := readInput(e, pos)
		if err != nil {
			return err
		}
		reports := explain.Decode(in, o)
		if *asJSON {
			if len(reports) == 1 {
				return writeJSON(e.stdout, reports[0])
			}
			return writeJSON(e.stdout, reports)
		}
		for i, r := range reports {
			if len(reports) > 1 {
				fmt.Fprintf(e.stdout, "── response %d of %d ──\n", i+1, len(reports))
			}
			if err := r.WriteText(e.stdout, o.Now); err != nil {
				return err
			}
		}
		return nil
	}()
	return finish(e, err)
}

// readInput reads the named file, or standard input for "-" or no name,
// at most maxInput bytes.
func readInput(e env, pos []string) ([]byte, error) {
	var r io.Reader = e.stdin
	name := "standard input"
	if len(pos) == 1 && pos[0] != "-" {
		f, err := os.Open(pos[0])
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r, name = f, pos[0]
	}
	b, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if len(b) > maxInput {
		fmt.Fprintf(e.stderr, "errscope: %s is larger than %d MiB; decoding the first %d MiB\n", name, maxInput>>20, maxInput>>20)
		b = b[:maxInput]
	}
	if strings.TrimSpace(string(b)) == "" {
		return nil, usagef("decode: %s is empty; paste a response body, curl -i/-v output, a HAR or a log line", name)
	}
	return b, nil
}
