// Package redactcorpus reads the redaction corpora (redact/testdata:
// secret formats and near misses) and places each secret in the paste
// shapes a support engineer receives, for the leak tests of redact, the
// decoder, triage, the command line and the browser. Only tests import it.
package redactcorpus

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// A Case is one secret format.
type Case struct {
	Name string
	// Secrets must not survive in any output; the first is the one the
	// text and header are written around.
	Secrets []string
	// Text is how a paste writes the secret ("aws_secret_access_key = …").
	Text string
	// Header is a request header carrying the secret ("Authorization:
	// Bearer …"), "" when the secret is not sent in a header.
	Header string
}

var unescape = strings.NewReplacer(`\\`, `\`, `\n`, "\n")

// Secrets reads the secret formats from dir/secrets.txt.
func Secrets(dir string) ([]Case, error) {
	var cases []Case
	err := lines(filepath.Join(dir, "secrets.txt"), func(line string) error {
		k, v, _ := strings.Cut(line, ": ")
		if strings.HasPrefix(line, "=== ") {
			cases = append(cases, Case{Name: strings.TrimPrefix(line, "=== "), Header: "Authorization: Bearer {S}"})
			return nil
		}
		if len(cases) == 0 {
			return fmt.Errorf("%q before the first case", line)
		}
		c := &cases[len(cases)-1]
		switch k {
		case "secret":
			c.Secrets = append(c.Secrets, v)
		case "text":
			c.Text = unescape.Replace(v)
		case "header":
			c.Header = unescape.Replace(v)
			if v == "none" {
				c.Header = ""
			}
		default:
			return fmt.Errorf("unknown line %q", line)
		}
		return nil
	})
	for i := range cases {
		c := &cases[i]
		if len(c.Secrets) == 0 {
			return nil, fmt.Errorf("case %q has no secret", c.Name)
		}
		if c.Text == "" {
			c.Text = "{S}"
		}
		c.Text = strings.ReplaceAll(c.Text, "{S}", c.Secrets[0])
		c.Header = strings.ReplaceAll(c.Header, "{S}", c.Secrets[0])
	}
	return cases, err
}

// NearMisses reads the look-alikes of dir/nearmiss.txt.
func NearMisses(dir string) ([]string, error) {
	var out []string
	err := lines(filepath.Join(dir, "nearmiss.txt"), func(line string) error {
		out = append(out, line)
		return nil
	})
	return out, err
}

// lines calls f with every line of a file that is neither blank nor a
// comment.
func lines(path string, f func(string) error) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := f(line); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	return sc.Err()
}

// Fragments are the pieces of a secret no output may hold: every run of 12
// bytes (the whole secret when it is shorter), so that a secret cut short,
// or redacted but for a tail, is caught too.
func Fragments(secret string) []string {
	const n = 12
	if len(secret) <= n {
		return []string{secret}
	}
	out := make([]string, 0, len(secret)-n+1)
	for i := 0; i+n <= len(secret); i++ {
		out = append(out, secret[i:i+n])
	}
	return out
}

// Leak returns the first fragment of c's secrets that out holds, "" if none.
func (c Case) Leak(out string) string {
	for _, s := range c.Secrets {
		for _, f := range Fragments(s) {
			if strings.Contains(out, f) {
				return f
			}
		}
	}
	return ""
}

// A Shape is a paste holding a secret.
type Shape struct {
	Name  string
	Input string
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// Shapes places c in the paste shapes: a curl -i error message, a Babou
// hint, a plain log line, and a HAR whose request header carries the
// secret and whose response body echoes it.
func (c Case) Shapes() []Shape {
	curl := "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nX-Request-Id: req_shape1\r\n\r\n" +
		`{"status":"error","request_id":"req_shape1","error":{"code":"BSE1002","type":"authentication_error","message":` +
		jsonString("Invalid API key: "+c.Text) + `,"retryable":false}}` + "\n"
	babou := "HTTP/1.1 401 Unauthorized\nContent-Type: application/json\n\n" +
		`{"error":"API key has expired","code":"API_KEY_EXPIRED","hint":` + jsonString("the request sent "+c.Text+"; create a new key") + "}\n"
	log := "2026-01-01T00:00:00Z level=error msg=\"request failed\" method=POST url=https://api.babysea.ai/v1/generate status=401 " + c.Text + "\n"
	return []Shape{
		{"curl -i message", curl},
		{"Babou hint", babou},
		{"log line", log},
		{"HAR", c.HAR()},
	}
}

// HAR returns a HAR file of one failed request whose header (when the case
// has one) carries the secret, and whose response body echoes both the
// secret as the case writes it and the bare secret.
func (c Case) HAR() string { return HAR([]Case{c}) }

// HAR returns a HAR file with one entry per case (see [Case.HAR]).
func HAR(cases []Case) string {
	type nv struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	var entries []any
	for i, c := range cases {
		var hs []nv
		if name, value, ok := strings.Cut(c.Header, ": "); ok {
			hs = append(hs, nv{name, value})
		}
		hs = append(hs, nv{"Accept", "application/json"})
		body := `{"status":"error","request_id":"req_har` + fmt.Sprint(i) + `","error":{"code":"BSE1002","type":"authentication_error","message":` +
			jsonString("rejected "+c.Text+" (echo "+c.Secrets[0]+")") + `,"retryable":false}}`
		entries = append(entries, map[string]any{
			"startedDateTime": fmt.Sprintf("2026-01-01T00:00:%02dZ", i%60),
			"time":            120,
			"request": map[string]any{
				"method": "POST", "url": "https://api.babysea.ai/v1/generate", "httpVersion": "HTTP/2",
				"headers": hs, "cookies": []any{}, "queryString": []any{},
			},
			"response": map[string]any{
				"status": 401, "statusText": "Unauthorized", "httpVersion": "HTTP/2",
				"headers": []nv{{"Content-Type", "application/json"}, {"X-Request-Id", "req_har" + fmt.Sprint(i)}},
				"cookies": []any{},
				"content": map[string]any{"size": len(body), "mimeType": "application/json", "text": body},
			},
		})
	}
	b, _ := json.MarshalIndent(map[string]any{"log": map[string]any{
		"version": "1.2", "creator": map[string]string{"name": "redactcorpus", "version": "1"}, "entries": entries,
	}}, "", "  ")
	return string(b)
}

// Plant puts text at a random place of paste: at a random byte that starts
// a word, a line or a string, with a space on either side.
func Plant(rng *rand.Rand, paste, text string) string {
	var at []int
	for i := 1; i < len(paste); i++ {
		if strings.IndexByte(" \t\n\"'(,:;=[{", paste[i-1]) >= 0 {
			at = append(at, i)
		}
	}
	i := len(paste)
	if len(at) > 0 {
		i = at[rng.IntN(len(at))]
	}
	return paste[:i] + " " + text + " " + paste[i:]
}
