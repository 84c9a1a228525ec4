//go:build !wasm

package site

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeSite writes files (slash paths → content) into a new directory.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func testSite(t *testing.T) *httptest.Server {
	t.Helper()
	dir := writeSite(t, map[string]string{
		"index.html":                  "<h1>home</h1>",
		"decode.html":                 "<h1>decode</h1>",
		"docs.html":                   "<h1>guides</h1>",
		"docs/retries.html":           "<h1>retries</h1>",
		"errors/babysea/BSE1005.html": "<h1>BSE1005</h1>",
		"errors/not_found.html":       "<h1>candidates</h1>",
		"guide/index.html":            "<h1>folder</h1>",
		"404.html":                    "<h1>not found page</h1>",
		"web/app.wasm":                "\x00asm" + strings.Repeat("wasm", 1000),
		"web/site.css":                "body{}" + strings.Repeat(" ", 2000),
		"web/icon-192.png":            "\x89PNG",
		"catalog.json":                "[]",
		"_redirects":                  "# comment\n/errors/BSE1005 /errors/babysea/BSE1005 301\n/old/* /docs/:splat 302\n/forced /decode 301!\n/decode /docs 301\n/rewrite /decode 200\n",
	})
	srv, err := NewServer(dir, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}

func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

func TestServer(t *testing.T) {
	ts := testSite(t)
	c := &http.Client{CheckRedirect: noRedirect}
	tests := []struct {
		path     string
		status   int
		body     string // substring of the body
		location string
		ctype    string
	}{
		{"/", 200, "home", "", "text/html; charset=utf-8"},
		{"/index.html", 200, "home", "", ""},
		{"/decode", 200, "decode", "", "text/html; charset=utf-8"}, // a file wins over a non-forced redirect
		{"/decode/", 200, "decode", "", ""},
		{"/decode.html", 200, "decode", "", ""},
		{"/docs", 200, "guides", "", ""},
		{"/docs/retries", 200, "retries", "", ""},
		{"/errors/babysea/BSE1005", 200, "BSE1005", "", ""},
		{"/errors/not_found", 200, "candidates", "", ""},
		{"/errors/BSE1005", 301, "", "/errors/babysea/BSE1005", ""},
		{"/errors/bse1005", 301, "", "/errors/babysea/BSE1005", ""}, // case-insensitive, like Netlify
		{"/errors/BSE1005?x=1", 301, "", "/errors/babysea/BSE1005?x=1", ""},
		{"/old/retries", 302, "", "/docs/retries", ""},
		{"/forced", 301, "", "/decode", ""},
		{"/rewrite", 200, "decode", "", ""},
		{"/guide", 301, "", "/guide/", ""},
		{"/guide/", 200, "folder", "", ""},
		{"/nope", 404, "not found page", "", "text/html; charset=utf-8"},
		{"/errors/babysea/NOPE", 404, "not found page", "", ""},
		{"/_redirects", 404, "not found page", "", ""},
		{"/../../etc/passwd", 404, "", "", ""},
		{"/web/app.wasm", 200, "asm", "", "application/wasm"},
		{"/web/site.css", 200, "body{}", "", "text/css; charset=utf-8"},
		{"/catalog.json", 200, "[]", "", "application/json"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			req, _ := http.NewRequest("GET", ts.URL+tt.path, nil)
			req.Header.Set("Accept-Encoding", "identity")
			res, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			if res.StatusCode != tt.status {
				t.Fatalf("GET %s = %d, want %d", tt.path, res.StatusCode, tt.status)
			}
			if tt.body != "" && !strings.Contains(string(b), tt.body) {
				t.Errorf("GET %s body = %q, want it to contain %q", tt.path, b, tt.body)
			}
			if got := res.Header.Get("Location"); got != tt.location {
				t.Errorf("GET %s Location = %q, want %q", tt.path, got, tt.location)
			}
			if tt.ctype != "" && res.Header.Get("Content-Type") != tt.ctype {
				t.Errorf("GET %s Content-Type = %q, want %q", tt.path, res.Header.Get("Content-Type"), tt.ctype)
			}
			// Every response carries the headers site.Rules give its path.
			for name, vals := range HeadersFor(Rules, strings.SplitN(tt.path, "?", 2)[0]) {
				if name == "Content-Type" {
					continue
				}
				if got := res.Header.Get(name); got != vals[0] {
					t.Errorf("GET %s %s = %q, want %q", tt.path, name, got, vals[0])
				}
			}
		})
	}
}

func TestServerGzipAndValidators(t *testing.T) {
	ts := testSite(t)
	for _, p := range []string{"/web/app.wasm", "/web/site.css", "/decode"} {
		t.Run(p, func(t *testing.T) {
			plain := get(t, ts.URL+p, "identity", "")
			req, _ := http.NewRequest("GET", ts.URL+p, nil)
			req.Header.Set("Accept-Encoding", "br, gzip")
			res, err := http.DefaultTransport.RoundTrip(req) // no transparent decompression
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			if res.Header.Get("Content-Encoding") != "gzip" {
				t.Fatalf("Content-Encoding = %q, want gzip", res.Header.Get("Content-Encoding"))
			}
			if !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
				t.Errorf("Vary = %q, want Accept-Encoding", res.Header.Get("Vary"))
			}
			zr, err := gzip.NewReader(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			unz, _ := io.ReadAll(zr)
			if !bytes.Equal(unz, plain.body) {
				t.Errorf("gunzipped body differs from the identity body")
			}
			// Revalidation: the ETag of each representation gives a 304.
			for _, enc := range []string{"identity", "gzip"} {
				first := get(t, ts.URL+p, enc, "")
				if first.etag == "" || first.lastMod == "" {
					t.Fatalf("%s: no ETag or Last-Modified", enc)
				}
				again := get(t, ts.URL+p, enc, first.etag)
				if again.status != http.StatusNotModified {
					t.Errorf("%s: If-None-Match %s = %d, want 304", enc, first.etag, again.status)
				}
			}
		})
	}
	// Images are not worth compressing.
	if r := get(t, ts.URL+"/web/icon-192.png", "gzip", ""); r.encoding != "" {
		t.Errorf("png Content-Encoding = %q, want none", r.encoding)
	}
}

type got struct {
	status                  int
	body                    []byte
	etag, lastMod, encoding string
}

func get(t *testing.T, url, enc, inm string) got {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Accept-Encoding", enc)
	if inm != "" {
		req.Header.Set("If-None-Match", inm)
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return got{res.StatusCode, b, res.Header.Get("ETag"), res.Header.Get("Last-Modified"), res.Header.Get("Content-Encoding")}
}

func TestServerMethods(t *testing.T) {
	ts := testSite(t)
	res, err := http.Post(ts.URL+"/decode", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST = %d, want 405", res.StatusCode)
	}
	res, err = http.Head(ts.URL + "/decode")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("HEAD = %d, want 200", res.StatusCode)
	}
}

func TestAcceptsGzip(t *testing.T) {
	tests := []struct {
		header string
		want   bool
	}{
		{"", false},
		{"gzip", true},
		{"br, gzip, deflate", true},
		{"GZIP;q=0.5", true},
		{"gzip;q=0", false},
		{"*", true},
		{"*;q=0", false},
		{"br", false},
		{"identity", false},
	}
	for _, tt := range tests {
		if got := AcceptsGzip(tt.header); got != tt.want {
			t.Errorf("AcceptsGzip(%q) = %v, want %v", tt.header, got, tt.want)
		}
	}
}

func TestNewServerErrors(t *testing.T) {
	if _, err := NewServer(filepath.Join(t.TempDir(), "missing"), nil, nil); err == nil {
		t.Error("NewServer(missing dir) = nil error")
	}
	dir := writeSite(t, map[string]string{"_redirects": "/only-one-field\n"})
	if _, err := NewServer(dir, nil, nil); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("NewServer(bad _redirects) = %v, want a line-1 error", err)
	}
}

// Serve prints the URL, serves, and returns when its context ends.
func TestServe(t *testing.T) {
	dir := writeSite(t, map[string]string{"index.html": "<h1>home</h1>"})
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, "127.0.0.1:0", dir, pw, nil); pw.Close() }()
	line, err := readLine(pr)
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(line, "http://")
	if i < 0 {
		t.Fatalf("Serve printed %q, want a URL", line)
	}
	url := strings.Fields(line[i:])[0]
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(b), "home") {
		t.Errorf("GET %s = %q", url, b)
	}
	cancel()
	go io.Copy(io.Discard, pr)
	if err := <-done; err != nil {
		t.Errorf("Serve after cancel = %v, want nil", err)
	}
}

func readLine(r io.Reader) (string, error) {
	var b []byte
	one := make([]byte, 1)
	for {
		if _, err := r.Read(one); err != nil {
			return string(b), err
		}
		if one[0] == '\n' {
			return string(b), nil
		}
		b = append(b, one[0])
	}
}

// A request for a small file is served while a big file is being
// compressed: the compression holds no lock the others need.
func TestServerGzipDoesNotBlock(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"web/app.wasm": "\x00asm" + strings.Repeat("wasm", 1000),
		"web/site.css": "body{}" + strings.Repeat(" ", 2000),
	})
	srv, err := NewServer(dir, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	started, release := make(chan struct{}), make(chan struct{})
	srv.beforeGzip = func(rel string) {
		if rel == "web/app.wasm" {
			close(started)
			<-release
		}
	}
	gzGet := func(p string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", p, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec
	}
	big := make(chan *httptest.ResponseRecorder)
	go func() { big <- gzGet("/web/app.wasm") }()
	<-started // the wasm is being compressed now, and stays so until release
	for _, p := range []string{"/web/site.css", "/web/site.css"} {
		if rec := gzGet(p); rec.Code != http.StatusOK || rec.Header().Get("Content-Encoding") != "gzip" {
			t.Errorf("GET %s during the wasm's compression = %d %q, want 200 gzip", p, rec.Code, rec.Header().Get("Content-Encoding"))
		}
	}
	select {
	case <-big:
		t.Fatal("the wasm response finished before its compression was released")
	default:
	}
	close(release)
	if rec := <-big; rec.Code != http.StatusOK || rec.Header().Get("Content-Encoding") != "gzip" {
		t.Errorf("GET /web/app.wasm = %d %q, want 200 gzip", rec.Code, rec.Header().Get("Content-Encoding"))
	}
}

// Warm compresses a file once, ahead of requests, and skips what it cannot
// or need not compress.
func TestServerWarm(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"web/app.wasm":     "\x00asm" + strings.Repeat("wasm", 1000),
		"web/icon-192.png": "\x89PNG",
	})
	srv, err := NewServer(dir, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	compressed := map[string]int{}
	srv.beforeGzip = func(rel string) { compressed[rel]++ }
	srv.Warm("web/app.wasm", "web/icon-192.png", "web/missing.wasm")
	req := httptest.NewRequest("GET", "/web/app.wasm", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding = %q, want gzip", rec.Header().Get("Content-Encoding"))
	}
	want := map[string]int{"web/app.wasm": 1}
	if len(compressed) != len(want) || compressed["web/app.wasm"] != 1 {
		t.Errorf("compressed %v, want %v (once, by Warm)", compressed, want)
	}
}
