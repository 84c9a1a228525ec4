package e2e

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/errscope/errscope/explain"
	"github.com/errscope/errscope/redact"
)

// The decoder (/decode): paste anything, get it explained, in the browser.

// readTestdata returns a file of internal/e2e/testdata.
func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// paste puts text into the decoder's input as a paste does (value set,
// input event fired).
func (b *tab) paste(text string) {
	b.t.Helper()
	b.input("#decode-input", text)
}

// sentinel pastes a body with a unique request id and waits until the
// decoder shows it, so that the next paste can be told apart from this
// one: once the id is gone from the output, the next paste was decoded.
func (b *tab) sentinel(n int) string {
	b.t.Helper()
	id := fmt.Sprintf("req_e2e_sync_%d", n)
	b.paste(`{"status":"error","request_id":"` + id + `","error":{"code":"BSE1001","type":"authentication_error","message":"API key missing","retryable":false}}`)
	b.waitText("#decode-output", id)
	return id
}

// decodeAndWait pastes text (after a sentinel) and waits until the decoder
// has replaced the sentinel's report, returning the output's text.
func (b *tab) decodeAndWait(n int, text string) string {
	b.t.Helper()
	id := b.sentinel(n)
	b.paste(text)
	js := fmt.Sprintf(`(() => { const e = document.querySelector("#decode-output"); return e && !e.innerText.includes(%s) && e.innerText.trim() !== "" })()`, jsString(id))
	if err := b.tryWaitJS(waitTimeout, js); err != nil {
		b.t.Fatalf("the decoder never replaced the previous report: %v\n%s", err, shorten(b.text("#decode-output")))
	}
	return b.text("#decode-output")
}

// shareText returns the text a decoder share link (#z=base64url(DEFLATE))
// carries, and whether the fragment was one.
func shareText(fragment string) (string, bool) {
	vals, err := url.ParseQuery(strings.TrimPrefix(fragment, "#"))
	if err != nil || !vals.Has("z") {
		return "", false
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(vals.Get("z"), "="))
	if err != nil {
		return "", false
	}
	b, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(raw)), 1<<20))
	if err != nil {
		return "", false
	}
	return string(b), true
}

// junk is binary garbage as it arrives in a text field: NULs, control
// characters, invalid UTF-8 turned into U+FFFD, a PNG header.
func junk() string {
	var b strings.Builder
	b.WriteString("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	x := uint32(2463534242)
	for range 600 {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		c := byte(x)
		if c >= 0x80 {
			b.WriteRune('\uFFFD')
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

func TestDecoder(t *testing.T) {
	t.Parallel()
	b := newTab(t)
	b.open("/decode")
	b.waitFor("#decode-input")
	b.startRecording()

	cases := []struct {
		name  string
		input string
		// check, if set, asserts more about the output.
		check func(t *testing.T, out string, want explain.Report)
	}{
		{"BabySea JSON body", readTestdata(t, "body_babysea.json"), nil},
		{"curl -i 429 Retry-After 17", readTestdata(t, "curl_i_429.txt"), func(t *testing.T, out string, want explain.Report) {
			if want.Retry.Decision != "retry" || want.Retry.DelayMS == nil || *want.Retry.DelayMS != 17000 {
				t.Fatalf("the SDK no longer waits 17 s after this response (%+v): update the test", want.Retry)
			}
			if !strings.Contains(out, "17 s") {
				t.Errorf("the decoder does not show the 17 s wait:\n%s", out)
			}
			if !strings.Contains(strings.ToLower(out), "retry") {
				t.Errorf("the decoder does not say it retries:\n%s", out)
			}
		}},
		{"curl -v 503", readTestdata(t, "curl_v_503.txt"), nil},
		{"HAR", readTestdata(t, "har_claro_429.har"), func(t *testing.T, out string, want explain.Report) {
			if !strings.Contains(out, "23 s") {
				t.Errorf("the decoder does not show the HAR's 23 s Retry-After:\n%s", out)
			}
		}},
		{"log line", readTestdata(t, "log_line.txt"), nil},
		{"HTML 502 from a proxy", readTestdata(t, "html_502.txt"), func(t *testing.T, out string, want explain.Report) {
			if !strings.Contains(out, "502") {
				t.Errorf("the decoder does not show the 502:\n%s", out)
			}
			if len(want.Problems) == 0 {
				t.Errorf("the decoder package found no problem with an HTML page")
			}
		}},
		{"truncated JSON", readTestdata(t, "truncated.json"), nil},
		{"binary junk", junk(), nil},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := b.decodeAndWait(i, c.input)
			// The browser shows what the decoder package finds natively.
			reports := explain.Decode([]byte(c.input), explain.Options{})
			want := reports[0]
			if want.Code != "" && !strings.Contains(out, string(want.Code)) {
				t.Errorf("output lacks the code %s:\n%s", want.Code, out)
			}
			if want.RequestID != "" && !strings.Contains(out, want.RequestID) {
				t.Errorf("output lacks the request id %s:\n%s", want.RequestID, out)
			}
			if want.Path != "" {
				links := b.attrs(`#decode-output a[href^="/errors/"]`, "href")
				if !slices.Contains(links, want.Path) {
					t.Errorf("output does not link %s (links %v)", want.Path, links)
				}
			}
			for _, p := range want.Problems {
				if !strings.Contains(out, p) {
					t.Errorf("output does not list the problem %q:\n%s", p, out)
				}
			}
			if c.check != nil {
				c.check(t, out, want)
			}
		})
	}

	t.Run("privacy: decoding makes no request", func(t *testing.T) {
		reqs := b.stopRecording()
		// Chromium fetches the page's own icon again whenever the address
		// bar changes (the share link is written with replaceState); that
		// request is the browser's, fixed, and carries nothing of the paste.
		var icons []string
		b.eval(`Array.from(document.querySelectorAll('link[rel~="icon"]'), l => "GET " + l.href)`, &icons)
		var other []string
		favicon := 0
		for _, r := range reqs {
			if slices.Contains(icons, r) {
				favicon++
				continue
			}
			other = append(other, r)
		}
		if len(other) > 0 {
			t.Errorf("decoding %d pastes made %d requests:\n\t%s", 2*len(cases), len(other), strings.Join(other, "\n\t"))
		}
		if favicon > 0 {
			t.Logf("note: %d favicon re-fetches by the browser after address-bar updates (no paste data)", favicon)
		}
	})
}

func TestDecoderRedactsSecrets(t *testing.T) {
	t.Parallel()
	const (
		bearer = "sk-bab-SECRET123abcdefghijklmnop"
		live   = "bye_live_SECRET456qrstuvwxyz0123"
	)
	secrets := []string{"SECRET123", "SECRET456"}
	paste := "> POST /v1/generate/image?api_key=" + live + " HTTP/2\n" +
		"> Host: api.babysea.ai\n" +
		"> Authorization: Bearer " + bearer + "\n" +
		">\n" +
		"< HTTP/2 401\n" +
		"< content-type: application/json\n" +
		"<\n" +
		`{"status":"error","request_id":"req_e2e_secret","error":{"code":"BSE1002","type":"authentication_error","message":"Invalid API key ` + live + `","retryable":false}}` + "\n"
	if r := redact.String(paste); strings.Contains(r, "SECRET") {
		t.Fatalf("the redact package itself leaves a secret in:\n%s", r)
	}

	b := newTab(t)
	b.open("/decode")
	b.waitFor("#decode-input")
	out := b.decodeAndWait(0, paste)
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("the decoder shows the secret %s:\n%s", s, out)
		}
	}
	if !strings.Contains(out, redact.Mark) {
		t.Errorf("the decoder shows no %s mark:\n%s", redact.Mark, out)
	}
	// Nothing else on the page shows the secret either (the textarea's
	// value is the visitor's own paste and is not page text).
	var page string
	b.eval("document.body.innerText", &page)
	for _, s := range secrets {
		if strings.Contains(page, s) {
			t.Errorf("the page text shows the secret %s", s)
		}
	}

	// The share link: the app writes it into the address bar.
	b.waitJS("a share link in the address bar", `location.hash.length > 3`)
	var href, hash string
	b.eval("location.href", &href)
	b.eval("location.hash", &hash)
	for _, s := range secrets {
		if strings.Contains(href, s) {
			t.Errorf("the share link holds the secret %s in clear: %s", s, href)
		}
	}
	shared, ok := shareText(hash)
	if !ok {
		t.Errorf("the share link %s is not #z=base64url(DEFLATE(text))", shorten(hash))
	}
	for _, s := range secrets {
		if strings.Contains(shared, s) {
			t.Errorf("the share link carries the secret %s (encoded)", s)
		}
	}
	if ok && !strings.Contains(shared, "req_e2e_secret") {
		t.Errorf("the share link does not carry the paste:\n%s", shorten(shared))
	}

	t.Run("share link restores the decode in a fresh tab", func(t *testing.T) {
		fresh := newTab(t)
		fresh.open(strings.TrimPrefix(href, b.base))
		restored := fresh.waitText("#decode-output", "req_e2e_secret")
		if !strings.Contains(restored, "BSE1002") {
			t.Errorf("the restored decode lacks the code BSE1002:\n%s", restored)
		}
		var val string
		fresh.eval(`(document.querySelector("#decode-input") || {}).value || ""`, &val)
		if !strings.Contains(val, "req_e2e_secret") {
			t.Errorf("the restored input does not hold the paste: %q", shorten(val))
		}
		for _, s := range secrets {
			if strings.Contains(val, s) || strings.Contains(restored, s) {
				t.Errorf("the restored decode shows the secret %s", s)
			}
		}
	})
}

func TestDecoderHostilePaste(t *testing.T) {
	t.Parallel()
	const hostile = `<img src=x onerror=window.__xss=1><script>window.__xss=1</script>`
	// Once as it is, once inside an API's JSON message.
	pastes := []string{
		hostile,
		`{"status":"error","request_id":"req_e2e_xss","error":{"code":"BSE1005","type":"rate_limit_exceeded","message":"` +
			strings.ReplaceAll(hostile, `"`, `\"`) + `","retryable":true}}`,
	}
	injectedJS := `!!document.querySelector('#main img[src="x"], #main img[onerror], #main script, #main [onerror]')`
	b := newTab(t)
	b.open("/decode")
	b.waitFor("#decode-input")
	for i, p := range pastes {
		b.decodeAndWait(i, p)
		var injected, xss bool
		b.eval(injectedJS, &injected)
		b.eval("window.__xss !== undefined", &xss)
		if injected {
			t.Errorf("paste %d: the decoder put the pasted markup into the page as HTML", i+1)
		}
		if xss {
			t.Errorf("paste %d: the pasted script ran (window.__xss is set)", i+1)
		}
	}
	// The message is shown, as text.
	if out := b.text("#decode-output"); !strings.Contains(out, "<script>") && !strings.Contains(out, "onerror") {
		t.Logf("note: the output does not quote the hostile message:\n%s", shorten(out))
	}

	// And through a share link, in a fresh tab.
	b.waitJS("a share link", `location.hash.length > 3`)
	var hash string
	b.eval("location.hash", &hash)
	fresh := newTab(t)
	fresh.open("/decode" + hash)
	fresh.waitText("#decode-output", "req_e2e_xss")
	var injected, xss bool
	fresh.eval(injectedJS, &injected)
	fresh.eval("window.__xss !== undefined", &xss)
	if injected || xss {
		t.Errorf("opening the hostile share link injected markup (%v) or ran script (%v)", injected, xss)
	}
}

// The decoder's binary starts when the person acts, not with the page, and
// what they pasted before it ran is decoded: nothing typed is lost.
func TestDecoderStartsOnIntent(t *testing.T) {
	t.Parallel()
	srv := newServerFor(t, false)
	b := newTab(t, tabOptions{srv: srv})
	b.startRecording()
	b.navigate("/decode")
	var hidden bool
	b.eval(`document.getElementById("app-wasm-loader").hidden`, &hidden)
	reqs := b.stopRecording()
	for _, r := range reqs {
		if strings.HasSuffix(r, "/web/app.wasm") {
			t.Errorf("the decoder fetched its binary before anyone used the page")
		}
	}
	if !hidden {
		t.Errorf("the loading bar shows although nothing is loading")
	}
	// Paste at once, as a person who arrives with a response in the clipboard.
	body := readTestdata(t, "body_babysea.json")
	b.eval(fmt.Sprintf(`(() => { const e = document.getElementById("decode-input"); e.focus(); e.value = %s; e.dispatchEvent(new Event("input", {bubbles: true})); return true })()`, jsString(body)), new(bool))
	b.waitText("#decode-output", "BSE1005")
}
