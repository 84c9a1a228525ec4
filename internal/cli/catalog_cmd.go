package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/errscope/errscope/catalog"
)

func runCatalog(e env, args []string) int {
	fs := e.flags()
	api := fs.String("api", "", "only this `API`: babysea, babou, aionvision or claro (default: all four)")
	asJSON := fs.Bool("json", false, "print a JSON array")
	err := func() error {
		pos, err := parse(fs, args)
		if err != nil {
			return err
		}
		if len(pos) > 0 {
			return usagef("catalog: unexpected argument %q", pos[0])
		}
		entries := catalog.All()
		if *api != "" {
			a, err := catalog.ParseAPI(*api)
			if err != nil {
				return usagef("catalog: %v", err)
			}
			entries = filterAPI(entries, a)
		}
		if *asJSON {
			return writeJSON(e.stdout, catalog.Export(entries))
		}
		return writeTable(e.stdout, entries)
	}()
	return finish(e, err)
}

func filterAPI(entries []catalog.Entry, a catalog.API) []catalog.Entry {
	var out []catalog.Entry
	for _, en := range entries {
		if en.API == a {
			out = append(out, en)
		}
	}
	return out
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func retryWord(r bool) string {
	if r {
		return "retry"
	}
	return "no"
}

func writeTable(w io.Writer, entries []catalog.Entry) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "API\tCODE\tSTATUS\tRETRY\tTYPE\tTITLE")
	for _, en := range entries {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\n", en.API, en.Code, en.Status, retryWord(en.Retryable), en.Type, en.Title)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d codes\n", len(entries))
	return err
}

// oneLine squeezes white space so a field prints on one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
