//go:build !wasm

package site

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// A Redirect is one line of a Netlify _redirects file.
type Redirect struct {
	From   string // request path; may end in "/*" (the rest is :splat)
	To     string // target path or URL; ":splat" is replaced by the match
	Status int    // 301, 302 (redirects), 200 (rewrite) or 404; 0 means 301
	// Force applies the rule even when a file exists at From ("301!").
	Force bool
}

// ParseRedirects reads a _redirects file. Blank lines and # comments are
// skipped; a malformed line is an error naming its line number. Input is
// read up to 1 MiB.
func ParseRedirects(r io.Reader) ([]Redirect, error) {
	var out []Redirect
	sc := bufio.NewScanner(io.LimitReader(r, 1<<20))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, "#"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 2 || len(f) > 3 {
			return nil, fmt.Errorf("_redirects line %d: want FROM TO [STATUS]", n)
		}
		rd := Redirect{From: f[0], To: f[1], Status: 301}
		if len(f) == 3 {
			s := f[2]
			if strings.HasSuffix(s, "!") {
				rd.Force = true
				s = strings.TrimSuffix(s, "!")
			}
			code, err := strconv.Atoi(s)
			if err != nil || code < 200 || code > 599 {
				return nil, fmt.Errorf("_redirects line %d: bad status %q", n, f[2])
			}
			rd.Status = code
		}
		out = append(out, rd)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading _redirects: %w", err)
	}
	return out, nil
}

// FormatRedirects writes rules in _redirects syntax, one per line.
func FormatRedirects(w io.Writer, rules []Redirect) error {
	for _, r := range rules {
		status := r.Status
		if status == 0 {
			status = 301
		}
		force := ""
		if r.Force {
			force = "!"
		}
		if _, err := fmt.Fprintf(w, "%s %s %d%s\n", r.From, r.To, status, force); err != nil {
			return err
		}
	}
	return nil
}

// match reports whether the rule applies to path and returns the target
// with :splat filled in. A trailing slash on path is ignored, and matching is
// case-insensitive, like Netlify's.
func (r Redirect) match(path string) (string, bool) {
	p := strings.ToLower(strings.TrimSuffix(path, "/"))
	from := strings.ToLower(strings.TrimSuffix(r.From, "/"))
	if prefix, ok := strings.CutSuffix(from, "/*"); ok {
		if p == prefix {
			return strings.ReplaceAll(r.To, ":splat", ""), true
		}
		if strings.HasPrefix(p, prefix+"/") {
			rest := strings.TrimSuffix(path, "/")[len(prefix)+1:]
			return strings.ReplaceAll(r.To, ":splat", rest), true
		}
		return "", false
	}
	if p == from || (p == "" && from == "") {
		return r.To, true
	}
	return "", false
}
